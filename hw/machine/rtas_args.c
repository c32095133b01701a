/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: an interrupt RTAS call on the guest's argument buffer, as
 * QEMU's h_rtas() and spapr_rtas_call() take it: at the guest physical
 * address in R3, big-endian 32-bit words token, nargs, nret, args[nargs],
 * rets[nret] (PAPR's rtas_args).  Read and written through the VMM's
 * mem_read and mem_write callbacks, on the stack: nothing allocates.
 */
#include "hw/machine/machine.h"

/* Words of arguments or results read or written at most: more than any
 * interrupt RTAS call takes (xics_rtas.c: 3 and 3).  A call whose counts
 * differ from its table's answers from rets[0] alone (spapr_rtas_run()). */
#define RTAS_MAX_WORDS 8

static bool read_words(const SpaprIrq *irq, uint64_t gpa, uint32_t *w,
                       uint32_t n)
{
    if (n == 0) {
        return true;
    }
    if (!irq->cb.mem_read ||
        !irq->cb.mem_read(irq->cb.opaque, gpa, w, n * sizeof(uint32_t))) {
        return false;
    }
    for (uint32_t i = 0; i < n; i++) {
        w[i] = GUINT32_FROM_BE(w[i]);
    }
    return true;
}

static bool write_words(const SpaprIrq *irq, uint64_t gpa, const uint32_t *w,
                        uint32_t n)
{
    uint32_t be[RTAS_MAX_WORDS];

    for (uint32_t i = 0; i < n; i++) {
        be[i] = GUINT32_TO_BE(w[i]);
    }
    return n == 0 ||
           (irq->cb.mem_write &&
            irq->cb.mem_write(irq->cb.opaque, gpa, be, n * sizeof(uint32_t)));
}

/* Results after the status only from a call that succeeded (which it does
 * with its own counts only): QEMU's handlers (xics_spapr.c rtas_set_xive()
 * and the others) store nothing else. */
uint32_t spapr_irq_rtas_stored(uint32_t nret, const uint32_t *rets)
{
    return nret > 0 && rets[0] == SPAPR_RTAS_OUT_SUCCESS ? nret : MIN(nret, 1);
}

bool spapr_irq_rtas_guest(SpaprIrq *irq, uint32_t cpu_index, uint64_t args_gpa,
                          int64_t *hretp)
{
    uint32_t hdr[3], args[RTAS_MAX_WORDS] = {0}, rets[RTAS_MAX_WORDS] = {0};
    uint32_t nargs, nret, nwrite;
    uint64_t rets_gpa;
    const SpaprRtasCall *call;
    SpaprIntcKind kind;

    if (!read_words(irq, args_gpa, hdr, 3)) {
        /* QEMU reads unassigned memory as 0: token 0 is no call, and
         * spapr_rtas_call() answers an unknown token H_PARAMETER. */
        *hretp = SPAPR_H_PARAMETER;
        return true;
    }
    if (!(call = spapr_machine_rtas_call(irq, hdr[0], &kind))) {
        return false;
    }
    nargs = hdr[1];
    nret = hdr[2];
    rets_gpa = args_gpa + 12 + 4 * (uint64_t)nargs;
    *hretp = SPAPR_H_SUCCESS;
    /* The arguments are read only when the call will read them (its
     * counts), as QEMU's handlers do; an unreadable buffer runs nothing. */
    if (nargs == call->nargs && nret == call->nret &&
        (nargs > RTAS_MAX_WORDS ||
         !read_words(irq, args_gpa + 12, args, nargs))) {
        rets[0] = (uint32_t)SPAPR_RTAS_OUT_PARAM_ERROR;
        write_words(irq, rets_gpa, rets, MIN(nret, 1));
        *hretp = SPAPR_H_PARAMETER;
        return true;
    }
    /* With counts other than the call's, only rets[0] is written. */
    spapr_irq_rtas(irq, cpu_index, hdr[0], nargs, args, nret, rets);
    nwrite = MIN(spapr_irq_rtas_stored(nret, rets), RTAS_MAX_WORDS);
    if (!write_words(irq, rets_gpa, rets, nwrite)) {
        *hretp = SPAPR_H_PARAMETER;
    }
    return true;
}
