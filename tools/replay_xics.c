/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq tool: the XICS events of the replayer (docs/specs/replay.md).
 *
 * Each guest operation a QEMU 7.2 XICS trace shows is redone through the
 * layer's hcall and RTAS entry points; the model's own trace events and
 * the values returned to the guest are then checked against the trace.
 * Operations of Linux's XICS driver that QEMU does not trace are supplied
 * from what the driver is known to do (arch/powerpc/sysdev/xics/).
 */
#include <inttypes.h>
#include <stdio.h>

#include "tools/replay_internal.h"

#define XISR_MASK 0xffffffu
#define XISR_IPI  2u

/* xics_setup_cpu(): every CPU sets its CPPR to the least favoured
 * priority before it takes interrupts; a reset left it at 0. */
/* Linux's xics_setup_cpu(): the CPU accepts every priority (H_CPPR 0xff,
 * icp_hv_set_cpu_priority()), which QEMU does not trace. */
static void xics_guest_cpu_setup(ReplayState *st, uint32_t cpu)
{
    replay_check_rc(st, "H_CPPR(0xff) return code",
                    replay_hcall(st, cpu, SPAPR_H_CPPR, 1, 0xff, 0, NULL));
    st->xics_ipi_taken[cpu] = false;
}

static void xics_guest_setup(ReplayState *st)
{
    printf("replay: supplied the XICS driver's untraced H_CPPR(0xff) on "
           "%u CPUs (line %" PRIu64 ")\n",
           st->nr_cpus, st->lineno);
    for (uint32_t cpu = 0; cpu < st->max_cpus; cpu++) {
        if (st->present[cpu]) {
            xics_guest_cpu_setup(st, cpu);
        }
    }
}

/* A present CPU other than @cpu (the sender of an IPI QEMU does not
 * name), else @cpu itself. */
static uint32_t xics_other_cpu(const ReplayState *st, uint32_t cpu)
{
    for (uint32_t i = 0; i < st->max_cpus; i++) {
        if (i != cpu && st->present[i]) {
            return i;
        }
    }
    return cpu;
}

/* The CPU index a XICS line names (QEMU prints the ICP's cpu_index in
 * these), or -1: the IPI's target, the CPU of an EOI. */
static int64_t xics_line_cpu(const char *name, const char *args)
{
    uint64_t cpu, a, b;

    if ((g_str_equal(name, "xics_icp_check_ipi") &&
         replay_scan(args, "CPU %u can take IPI mfrr=0x%x", &cpu, &a)) ||
        (g_str_equal(name, "xics_icp_eoi") &&
         replay_scan(args, "icp_eoi: server %u given XIRR 0x%x new XIRR 0x%x",
                     &cpu, &a, &b))) {
        return cpu <= UINT32_MAX ? (int64_t)cpu : -1;
    }
    return -1;
}

/* H_IPI(server of CPU n, mfrr) sent by another CPU. */
static bool xics_check_ipi(ReplayState *st, const char *args)
{
    uint64_t cpu, mfrr;
    uint32_t caller;
    int64_t rc;

    if (!replay_scan(args, "CPU %u can take IPI mfrr=0x%x", &cpu, &mfrr) ||
        mfrr > 0xff) {
        return false;
    }
    if (!replay_cpu_present(st, cpu)) {
        return true;
    }
    replay_name_cpu(st, cpu);
    caller = xics_other_cpu(st, cpu);
    rc = replay_hcall(st, caller, SPAPR_H_IPI, 2, replay_server(st, cpu), mfrr,
                      NULL);
    replay_expect_model_line(st);
    replay_check_rc(st, "H_IPI return code", rc);
    return true;
}

#define XICS_EOI_LOOKAHEAD 256

/* The CPU whose EOI of @xirr comes next within XICS_EOI_LOOKAHEAD lines,
 * the first whose interrupt line is raised (accepts of one XIRR on two
 * CPUs may come before their EOIs); else the first; -1 if none. */
static int64_t xics_eoi_cpu(const ReplayState *st, uint64_t xirr)
{
    uint64_t server, given, next;
    int64_t cpu = -1;
    ReplayCursor c;

    replay_cursor_init(st, &c);
    for (unsigned i = 0; i < XICS_EOI_LOOKAHEAD && replay_cursor_next(&c);
         i++) {
        if (g_str_equal(c.name, "xics_icp_eoi") &&
            replay_scan(c.args,
                        "icp_eoi: server %u given XIRR 0x%x new XIRR 0x%x",
                        &server, &given, &next) &&
            given == xirr && replay_cpu_exists(st, server)) {
            if (cpu < 0) {
                cpu = server;
            }
            if (st->cpu_level[server]) {
                cpu = server;
                break;
            }
        }
    }
    replay_cursor_clear(&c);
    return cpu;
}

/* H_XIRR on the CPU the interrupt was presented to; it returns the old
 * XIRR of the line.  The CPU is the one whose EOI of that XIRR follows
 * (QEMU prints its index there); without one, the interrupted CPU, and a
 * line says so when several CPUs' lines are raised. */
static bool xics_accept(ReplayState *st, const char *args)
{
    uint64_t old_xirr, new_xirr, xirr = 0;
    uint32_t cpu;
    int64_t eoi_cpu, rc;
    unsigned raised = 0;

    if (!replay_scan(args, "icp_accept: XIRR 0x%x->0x%x", &old_xirr,
                     &new_xirr) ||
        old_xirr > UINT32_MAX || new_xirr > UINT32_MAX) {
        return false;
    }
    eoi_cpu = xics_eoi_cpu(st, old_xirr);
    if (eoi_cpu >= 0) {
        cpu = eoi_cpu;
    } else {
        cpu = replay_interrupted_cpu(st);
        for (uint32_t i = 0; i < st->max_cpus; i++) {
            raised += st->present[i] && st->cpu_level[i];
        }
        if (raised > 1) {
            printf("replay: line %" PRIu64 ": no EOI names the CPU of this "
                   "accept; %u CPUs are interrupted, took CPU %u\n",
                   st->lineno, raised, cpu);
        }
    }
    rc = replay_hcall(st, cpu, SPAPR_H_XIRR, 0, 0, 0, &xirr);
    replay_expect_model_line(st);
    replay_check_rc(st, "H_XIRR return code", rc);
    replay_check(st, "H_XIRR returned XIRR", old_xirr, xirr);
    if ((xirr & XISR_MASK) == XISR_IPI) {
        st->xics_ipi_taken[cpu] = true;
    }
    return true;
}

/* H_EOI(x) on CPU n.  Before the EOI of an IPI, Linux's IPI handler
 * (icp_hv_ipi_action) clears its own MFRR with H_IPI(self, 0xff), which
 * QEMU does not trace: supply it once per accepted IPI. */
static bool xics_eoi(ReplayState *st, const char *args)
{
    uint64_t cpu, xirr, new_xirr;
    int64_t rc;

    if (!replay_scan(args, "icp_eoi: server %u given XIRR 0x%x new XIRR 0x%x",
                     &cpu, &xirr, &new_xirr) ||
        xirr > UINT32_MAX || new_xirr > UINT32_MAX) {
        return false;
    }
    if (!replay_cpu_present(st, cpu)) {
        return true;
    }
    replay_name_cpu(st, cpu);
    if ((xirr & XISR_MASK) == XISR_IPI && st->xics_ipi_taken[cpu]) {
        st->xics_ipi_taken[cpu] = false;
        replay_check_rc(st, "supplied H_IPI(self, 0xff) return code",
                        replay_hcall(st, cpu, SPAPR_H_IPI, 2,
                                     replay_server(st, cpu), 0xff, NULL));
    }
    rc = replay_hcall(st, cpu, SPAPR_H_EOI, 1, xirr, 0, NULL);
    replay_expect_model_line(st);
    replay_check_rc(st, "H_EOI return code", rc);
    return true;
}

/* RTAS ibm,set-xive(irq, server, prio), read back with ibm,get-xive.
 * (QEMU traces ibm,int-on the same way; as a set-xive it is the same.) */
static bool xics_write_xive(ReplayState *st, const char *args)
{
    uint64_t irq, srcno, server, prio;
    uint32_t set_args[3], rets[3] = {0};
    int32_t status;

    if (!replay_scan(args,
                     "ics_write_xive: irq 0x%x [src %u] server 0x%x prio 0x%x",
                     &irq, &srcno, &server, &prio) ||
        irq > UINT32_MAX || server > UINT32_MAX || prio > 0xff) {
        return false;
    }
    set_args[0] = irq;
    set_args[1] = server;
    set_args[2] = prio;
    status = replay_rtas(st, 0, "ibm,set-xive", 3, set_args, 1, rets);
    replay_expect_model_line(st);
    replay_check_rc(st, "ibm,set-xive status", status);
    status = replay_rtas(st, 0, "ibm,get-xive", 1, set_args, 3, rets);
    replay_check_rc(st, "ibm,get-xive status", status);
    replay_check(st, "ibm,get-xive server", server, rets[1]);
    replay_check(st, "ibm,get-xive priority", prio, rets[2]);
    return true;
}

/* A device pulsed an MSI: QEMU prints the same line for the 1 and the 0;
 * they alternate, 1 first. */
static bool xics_set_irq_msi(ReplayState *st, const char *args)
{
    uint64_t srcno, irq;
    bool level;

    if (!replay_scan(args, "set_irq_msi: srcno %u [irq 0x%x]", &srcno, &irq) ||
        irq < SPAPR_XIRQ_BASE || irq >= SPAPR_XIRQ_BASE + 0x1000 ||
        srcno != irq - SPAPR_XIRQ_BASE) {
        return false;
    }
    level = !st->xics_msi_level[irq - SPAPR_XIRQ_BASE];
    st->xics_msi_level[irq - SPAPR_XIRQ_BASE] = level;
    replay_set_irq(st, irq, level);
    return true;
}

/* A device set an LSI's level, which QEMU does not print: 1 if the next
 * line delivers it (xics_icp_irq of that IRQ), else 0. */
static bool xics_set_irq_lsi(ReplayState *st, const char *args)
{
    uint64_t srcno, irq, cpu, n, prio;
    ReplayCursor c;
    bool level = false;

    if (!replay_scan(args, "set_irq_lsi: srcno %u [irq 0x%x]", &srcno, &irq) ||
        irq < SPAPR_XIRQ_BASE || srcno != irq - SPAPR_XIRQ_BASE) {
        return false;
    }
    replay_cursor_init(st, &c);
    if (replay_cursor_next(&c) && g_str_equal(c.name, "xics_icp_irq") &&
        replay_scan(c.args, "cpu %u trying to deliver irq 0x%x priority 0x%x",
                    &cpu, &n, &prio) &&
        n == irq) {
        level = true;
    }
    replay_cursor_clear(&c);
    replay_set_irq(st, irq, level);
    return true;
}

static const char *const xics_prefixes[] = {"xics_", NULL};

static const ReplayEvent xics_events[] = {
    {"xics_icp_check_ipi", xics_check_ipi},
    {"xics_icp_accept", xics_accept},
    {"xics_icp_eoi", xics_eoi},
    {"xics_ics_write_xive", xics_write_xive},
    {"xics_ics_set_irq_msi", xics_set_irq_msi},
    {"xics_ics_set_irq_lsi", xics_set_irq_lsi},
    {NULL, NULL},
};

const ReplayController replay_xics_controller = {
    .name = "XICS",
    .kind = SPAPR_INTC_XICS,
    .ov5_byte23 = SPAPR_OV5_XICS,
    .prefixes = xics_prefixes,
    .events = xics_events,
    .line_cpu = xics_line_cpu,
    .guest_setup = xics_guest_setup,
    .guest_cpu_setup = xics_guest_cpu_setup,
};
