/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the VMM's callbacks as the rest of the layer sees them.  The
 * controllers call the VMM's callbacks (irq->cb) directly, and emit a
 * trace event only if the trace filter (irq->trace_on, given to them in
 * their context) lets it through: one array lookup, an event the filter
 * drops is never formatted.  A simulated kernel reaches the guest through
 * irq->guest.
 */
#include <string.h>

#include "hw/core/fail.h"
#include "hw/machine/machine.h"

static bool cb_mem_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
    SpaprIrq *irq = opaque;

    return irq->cb.mem_read && irq->cb.mem_read(irq->cb.opaque, gpa, buf, len);
}

static bool cb_mem_write(void *opaque, uint64_t gpa, const void *buf,
                         size_t len)
{
    SpaprIrq *irq = opaque;

    return irq->cb.mem_write &&
           irq->cb.mem_write(irq->cb.opaque, gpa, buf, len);
}

static uint64_t cb_timebase(void *opaque)
{
    SpaprIrq *irq = opaque;

    return irq->cb.get_timebase ? irq->cb.get_timebase(irq->cb.opaque) : 0;
}

/* The kernel moved a vCPU's line: report it for the CPU with that fd (the
 * lowest present CPU index with it, one hash lookup). */
static void guest_set_vcpu_irq(void *opaque, int vcpu_fd, bool level)
{
    SpaprIrq *irq = opaque;
    gpointer c1 = g_hash_table_lookup(irq->cpu_by_fd, GINT_TO_POINTER(vcpu_fd));

    if (c1) {
        irq->cb.set_cpu_irq(irq->cb.opaque, GPOINTER_TO_UINT(c1) - 1, level);
    }
}

void spapr_machine_cpu_present(SpaprIrq *irq, uint32_t cpu_index, bool present)
{
    SpaprIrqCpu *cpu = &irq->cpus[cpu_index];
    gpointer key = GINT_TO_POINTER(cpu->vcpu_fd);
    guint c1 = GPOINTER_TO_UINT(g_hash_table_lookup(irq->cpu_by_fd, key));

    cpu->present = present;
    if (cpu->vcpu_fd < 0) {
        return;
    }
    if (present) {
        irq->cpu_fd_shared |= c1 && c1 - 1 != cpu_index;
        if (!c1 || cpu_index < c1 - 1) {
            g_hash_table_insert(irq->cpu_by_fd, key,
                                GUINT_TO_POINTER(cpu_index + 1));
        }
        return;
    }
    if (c1 != cpu_index + 1) {
        return;
    }
    g_hash_table_remove(irq->cpu_by_fd, key);
    /* Lower indexes with the same fd would have been found first. */
    for (uint32_t c = cpu_index + 1;
         irq->cpu_fd_shared && c < irq->plan->topo.max_cpus; c++) {
        if (irq->cpus[c].present && irq->cpus[c].vcpu_fd == cpu->vcpu_fd) {
            g_hash_table_insert(irq->cpu_by_fd, key, GUINT_TO_POINTER(c + 1));
            return;
        }
    }
}

void spapr_machine_callbacks_init(SpaprIrq *irq)
{
    for (int id = 0; id < SPAPR_TRACE_COUNT; id++) {
        irq->trace_on[id] = true;
    }
    irq->cpu_by_fd = g_hash_table_new(g_direct_hash, g_direct_equal);
    irq->guest = (SpaprHostGuest){
        .opaque = irq,
        .mem_read = cb_mem_read,
        .mem_write = cb_mem_write,
        .set_vcpu_irq = guest_set_vcpu_irq,
        .get_timebase = cb_timebase,
    };
}

void spapr_machine_callbacks_fini(SpaprIrq *irq)
{
    g_clear_pointer(&irq->cpu_by_fd, g_hash_table_unref);
}

/* ---- the trace filter ---- */

bool spapr_irq_set_trace_filter(SpaprIrq *irq, const char *const *patterns,
                                GError **errp)
{
    bool on[SPAPR_TRACE_COUNT];

    for (int id = 0; id < SPAPR_TRACE_COUNT; id++) {
        on[id] = patterns == NULL;
    }
    for (size_t i = 0; patterns && patterns[i]; i++) {
        if (!spapr_irq_trace_pattern(on, patterns[i], errp)) {
            return false;
        }
    }
    memcpy(irq->trace_on, on, sizeof(on));
    return true;
}

bool spapr_irq_trace_enabled(const SpaprIrq *irq, SpaprIrqTraceId id)
{
    return (unsigned)id < SPAPR_TRACE_COUNT && irq->trace_on[id];
}
