/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the machine layer's lifetime and its fan-out calls.
 *
 * Owns the plan, the host, the controllers, the IRQ number map and the MSI
 * allocator.  Claims, frees and vCPUs fan out to every controller (with
 * rollback when one refuses); the active controller does its kernel part
 * there too, and a failed kernel call goes to the fallback rule
 * (activate.c).  The calls for the active controller only are in
 * dispatch.c.
 */
#include <string.h>

#include "hw/core/fail.h"
#include "hw/machine/machine.h"
#include "hw/plan/resolve.h"

void spapr_machine_warn(SpaprIrq *irq, char *msg)
{
    g_ptr_array_add(irq->warnings, msg);
}

SpaprIntc *spapr_machine_require_active(const SpaprIrq *irq, GError **errp)
{
    SpaprIntc *intc = spapr_machine_active(irq);

    if (!intc) {
        spapr_irq_fail(errp, SPAPR_IRQ_ERROR_STATE,
                       "no interrupt controller is active");
    }
    return intc;
}

bool spapr_machine_in_kernel(const SpaprIrq *irq)
{
    return irq->active_valid && irq->active_impl == SPAPR_INTC_IMPL_KVM;
}

bool spapr_irq_host_probe(const SpaprIrqConfig *cfg, SpaprHostCaps *caps,
                          GError **errp)
{
    SpaprHost *host = NULL;
    bool ok = spapr_host_open(cfg, -1, &host, errp) &&
              spapr_host_probe(host, cfg, caps, errp);

    spapr_host_close(&host);
    return ok;
}

SpaprIrq *spapr_irq_create(const SpaprIrqConfig *cfg,
                           const SpaprIrqCallbacks *cb, int kvm_vm_fd,
                           GError **errp)
{
    SpaprIrq *irq;

    g_return_val_if_fail(cfg && cb && cb->set_cpu_irq, NULL);
    /* The error quark is registered here, not at the first error of a
     * guest-facing call with errp NULL (g_set_error() evaluates
     * SPAPR_IRQ_ERROR even then, and registering a quark allocates): those
     * calls never allocate. */
    (void)spapr_irq_error_quark();
    irq = g_new0(SpaprIrq, 1);
    irq->cb = *cb;
    irq->warnings = g_ptr_array_new_with_free_func(g_free);
    spapr_hcall_index_init(&irq->hcalls);
    if (!spapr_host_open(cfg, kvm_vm_fd, &irq->host, errp) ||
        !spapr_host_probe(irq->host, cfg, &irq->caps, errp) ||
        !spapr_plan_resolve(cfg, &irq->caps, cb->map_region != NULL, &irq->plan,
                            errp)) {
        goto fail;
    }
    for (guint i = 0; i < irq->plan->warnings->len; i++) {
        spapr_machine_warn(irq,
                           g_strdup(g_ptr_array_index(irq->plan->warnings, i)));
    }
    irq->ctx.max_cpus = irq->plan->topo.max_cpus;
    irq->ctx.nr_servers = irq->plan->topo.nr_servers;
    spapr_machine_callbacks_init(irq);
    irq->ctx.cb = &irq->cb;
    irq->ctx.trace_on = irq->trace_on;
    irq->ctx.host = irq->host;
    irq->cpus = g_new0(SpaprIrqCpu, irq->plan->topo.max_cpus);
    for (uint32_t c = 0; c < irq->plan->topo.max_cpus; c++) {
        irq->cpus[c].vcpu_fd = -1;
    }
    if (irq->host && irq->host->ops->attach_guest) {
        irq->host->ops->attach_guest(irq->host, &irq->guest);
    }
    for (int k = 0; k < SPAPR_INTC_COUNT; k++) {
        if (irq->plan->has[k] &&
            !(irq->intc[k] = spapr_intc_create(spapr_intc_ops_by_kind[k],
                                               &irq->ctx, errp))) {
            goto fail;
        }
    }
    /* The plan's warnings already hold the start controller's fallback. */
    if (!spapr_machine_activate(irq, irq->plan->start_active, NULL, errp)) {
        goto fail;
    }
    return irq;

fail:
    spapr_irq_destroy(&irq);
    return NULL;
}

void spapr_irq_destroy(SpaprIrq **irqp)
{
    SpaprIrq *irq = *irqp;

    if (!irq) {
        return;
    }
    *irqp = NULL;
    spapr_machine_deactivate(irq);
    for (int k = 0; k < SPAPR_INTC_COUNT; k++) {
        SpaprIntc *intc = irq->intc[k];

        if (!intc) {
            continue;
        }
        for (uint32_t c = 0; irq->cpus && c < irq->plan->topo.max_cpus; c++) {
            if (irq->cpus[c].present) {
                intc->ops->cpu_destroy(intc, c);
            }
        }
        intc->ops->destroy(intc);
    }
    for (uint32_t c = 0; irq->cpus && c < irq->plan->topo.max_cpus; c++) {
        if (irq->cpus[c].owns_vcpu) {
            irq->host->ops->close_fd(irq->host, irq->cpus[c].vcpu_fd);
        }
    }
    if (irq->host && irq->host->ops->attach_guest) {
        irq->host->ops->attach_guest(irq->host, NULL);
    }
    g_free(irq->cpus);
    spapr_machine_callbacks_fini(irq);
    spapr_irq_plan_free(irq->plan);
    spapr_host_close(&irq->host);
    g_ptr_array_unref(irq->warnings);
    g_free(irq);
}

const SpaprIrqPlan *spapr_irq_get_plan(const SpaprIrq *irq)
{
    return irq->plan;
}

const SpaprHostCaps *spapr_irq_get_host_caps(const SpaprIrq *irq)
{
    return &irq->caps;
}

SpaprHost *spapr_irq_get_host(const SpaprIrq *irq)
{
    return irq->host;
}

GPtrArray *spapr_irq_warnings(const SpaprIrq *irq)
{
    return irq->warnings;
}

SpaprIntcKind spapr_irq_active(const SpaprIrq *irq)
{
    return irq->active;
}

SpaprIntcImpl spapr_irq_active_impl(const SpaprIrq *irq)
{
    return irq->active_impl;
}

/*
 * The calls that fan out to every controller: a vCPU's presenter (which the
 * active controller connects in its kernel too) or an IRQ's claim (which it
 * declares in its kernel too).  The active controller comes last, so that
 * its kernel part runs once every model has accepted, and a failure there
 * has only models to take back.
 */
typedef struct FanOut {
    bool vcpu;        /* a vCPU (cpu_create), else an IRQ (claim) */
    uint32_t n;       /* the CPU index or the IRQ number */
    uint32_t vcpu_id; /* a vCPU: its server number and fd */
    int vcpu_fd;
    bool lsi; /* an IRQ: LSI or MSI */
} FanOut;

static bool fan_do(SpaprIntc *intc, const FanOut *f, GError **errp)
{
    return f->vcpu
               ? intc->ops->cpu_create(intc, f->n, f->vcpu_id, f->vcpu_fd, errp)
               : intc->ops->claim(intc, f->n, f->lsi, errp);
}

/* Takes @f back from @intc: the vCPU's presenter, the IRQ's claim. */
static void fan_take_back(SpaprIntc *intc, const FanOut *f)
{
    if (f->vcpu) {
        intc->ops->cpu_destroy(intc, f->n);
    } else {
        intc->ops->free(intc, f->n);
    }
}

/* The controllers the machine has, the active one last; their count. */
static unsigned fan_order(const SpaprIrq *irq,
                          SpaprIntc *order[SPAPR_INTC_COUNT])
{
    SpaprIntc *active = spapr_machine_active(irq);
    unsigned n = 0;

    for (int k = 0; k < SPAPR_INTC_COUNT; k++) {
        if (irq->intc[k] && irq->intc[k] != active) {
            order[n++] = irq->intc[k];
        }
    }
    if (active) {
        order[n++] = active;
    }
    return n;
}

/* A vCPU's @f: the CPU is present or not (an IRQ's: nothing). */
static void fan_mark(SpaprIrq *irq, const FanOut *f, bool present)
{
    if (f->vcpu) {
        spapr_machine_cpu_present(irq, f->n, present);
    }
}

/* Does @f on every controller; if one refuses, *@failedp gets it and the
 * others get @f taken back. */
static bool fan_out(SpaprIrq *irq, const FanOut *f, SpaprIntc **failedp,
                    GError **errp)
{
    SpaprIntc *order[SPAPR_INTC_COUNT];
    unsigned n = fan_order(irq, order);

    for (unsigned i = 0; i < n; i++) {
        if (!fan_do(order[i], f, errp)) {
            *failedp = order[i];
            while (i-- > 0) {
                fan_take_back(order[i], f);
            }
            return false;
        }
    }
    return true;
}

/*
 * Does @f on every controller.  A failed kernel call of the active
 * controller goes to the fallback rule (reading the kernel's state back
 * first: it holds the newest) and, under kernel-irqchip allowed, @f is done
 * again on the emulation.  A vCPU is present only while @f is done or
 * being done, so that a kernel that moves the vCPU's line meanwhile finds
 * it.
 */
static bool fan_out_or_fall_back(SpaprIrq *irq, const FanOut *f, GError **errp)
{
    SpaprIntc *failed = NULL;
    GError *err = NULL;

    fan_mark(irq, f, true);
    if (fan_out(irq, f, &failed, &err)) {
        return true;
    }
    fan_mark(irq, f, false);
    if (!spapr_machine_kernel_failed(irq, failed, err, true, errp)) {
        return false;
    }
    fan_mark(irq, f, true);
    if (fan_out(irq, f, &failed, errp)) {
        return true;
    }
    fan_mark(irq, f, false);
    return false;
}

/* Takes @f back from every controller: a CPU removed, an IRQ freed. */
static void fan_remove(SpaprIrq *irq, const FanOut *f)
{
    for (int k = 0; k < SPAPR_INTC_COUNT; k++) {
        if (irq->intc[k]) {
            fan_take_back(irq->intc[k], f);
        }
    }
}

/* The KVM vCPU of @cpu_index: the VMM's, or one the layer creates (and
 * keeps when the CPU is removed, as QEMU parks vCPUs). */
static bool cpu_vcpu_fd(SpaprIrq *irq, uint32_t cpu_index, uint32_t vcpu_id,
                        int *vcpu_fd, GError **errp)
{
    SpaprIrqCpu *cpu = &irq->cpus[cpu_index];
    int rc;

    if (!irq->host || *vcpu_fd >= 0) {
        return true;
    }
    if (cpu->owns_vcpu) {
        *vcpu_fd = cpu->vcpu_fd;
        return true;
    }
    rc = irq->host->ops->create_vcpu(irq->host, vcpu_id);
    if (rc < 0) {
        return spapr_irq_fail_errno(errp, SPAPR_IRQ_ERROR_HOST, -rc,
                                    "KVM_CREATE_VCPU of CPU %u (vCPU id %u) "
                                    "failed",
                                    cpu_index, vcpu_id);
    }
    cpu->owns_vcpu = true;
    cpu->vcpu_fd = rc;
    *vcpu_fd = rc;
    return true;
}

bool spapr_irq_cpu_add(SpaprIrq *irq, uint32_t cpu_index, int vcpu_fd,
                       GError **errp)
{
    SpaprIrqCpu *cpu;
    uint32_t vcpu_id;

    if (!spapr_machine_check_cpu(irq, cpu_index, errp)) {
        return false;
    }
    cpu = &irq->cpus[cpu_index];
    if (cpu->present) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_BUSY,
                    "CPU index %u was already added", cpu_index);
        return false;
    }
    vcpu_id = spapr_irq_topology_vcpu_id(&irq->plan->topo, cpu_index);
    if (!cpu_vcpu_fd(irq, cpu_index, vcpu_id, &vcpu_fd, errp)) {
        return false;
    }
    FanOut f = {
        .vcpu = true, .n = cpu_index, .vcpu_id = vcpu_id, .vcpu_fd = vcpu_fd};

    cpu->vcpu_fd = vcpu_fd;
    if (fan_out_or_fall_back(irq, &f, errp)) {
        return true;
    }
    if (!cpu->owns_vcpu) {
        cpu->vcpu_fd = -1;
    }
    return false;
}

void spapr_irq_cpu_remove(SpaprIrq *irq, uint32_t cpu_index)
{
    if (cpu_index >= irq->plan->topo.max_cpus ||
        !irq->cpus[cpu_index].present) {
        return;
    }
    fan_remove(irq, &(FanOut){.vcpu = true, .n = cpu_index});
    spapr_machine_cpu_present(irq, cpu_index, false);
    if (!irq->cpus[cpu_index].owns_vcpu) {
        irq->cpus[cpu_index].vcpu_fd = -1;
    }
}

static bool irq_in_range(uint32_t irqn)
{
    return irqn >= SPAPR_XIRQ_BASE && irqn < SPAPR_XIRQ_BASE + SPAPR_NR_XIRQS;
}

bool spapr_machine_check_cpu(const SpaprIrq *irq, uint32_t cpu_index,
                             GError **errp)
{
    if (cpu_index >= irq->plan->topo.max_cpus) {
        return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_RANGE,
                              "CPU index %u is out of range (maxcpus is %u)",
                              cpu_index, irq->plan->topo.max_cpus);
    }
    return true;
}

bool spapr_machine_check_irq(uint32_t irqn, GError **errp)
{
    if (!irq_in_range(irqn)) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_RANGE,
                    "IRQ %u (0x%x) is outside 0x%x..0x%x", irqn, irqn,
                    SPAPR_XIRQ_BASE, SPAPR_XIRQ_BASE + SPAPR_NR_XIRQS - 1);
        return false;
    }
    return true;
}

bool spapr_irq_claim(SpaprIrq *irq, uint32_t irqn, bool lsi, GError **errp)
{
    FanOut f = {.n = irqn, .lsi = lsi};

    if (!spapr_machine_check_irq(irqn, errp)) {
        return false;
    }
    if (irq->irq_map[irqn - SPAPR_XIRQ_BASE] != IRQ_FREE) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_BUSY,
                    "IRQ %u (0x%x) is not free", irqn, irqn);
        return false;
    }
    if (!fan_out_or_fall_back(irq, &f, errp)) {
        return false;
    }
    irq->irq_map[irqn - SPAPR_XIRQ_BASE] = lsi ? IRQ_LSI : IRQ_MSI;
    return true;
}

void spapr_irq_free(SpaprIrq *irq, uint32_t irqn, uint32_t num)
{
    /* Clamp [irqn, irqn + num) to the IRQ range in 64 bits: the end may
     * pass 4 GiB, and a loop over every number of a huge @num would take
     * seconds. */
    uint64_t lo = MAX((uint64_t)irqn, (uint64_t)SPAPR_XIRQ_BASE);
    uint64_t hi =
        MIN((uint64_t)irqn + num, (uint64_t)SPAPR_XIRQ_BASE + SPAPR_NR_XIRQS);

    for (uint64_t n = lo; n < hi; n++) {
        if (irq->irq_map[n - SPAPR_XIRQ_BASE] == IRQ_FREE) {
            continue;
        }
        fan_remove(irq, &(FanOut){.n = (uint32_t)n});
        irq->irq_map[n - SPAPR_XIRQ_BASE] = IRQ_FREE;
    }
}

bool spapr_irq_is_claimed(const SpaprIrq *irq, uint32_t irqn, bool *lsi)
{
    uint8_t state =
        irq_in_range(irqn) ? irq->irq_map[irqn - SPAPR_XIRQ_BASE] : IRQ_FREE;

    if (lsi) {
        *lsi = state == IRQ_LSI;
    }
    return state != IRQ_FREE;
}

bool spapr_irq_msi_alloc(SpaprIrq *irq, uint32_t num, bool align,
                         uint32_t *firstp, GError **errp)
{
    return spapr_msi_alloc(&irq->msi, num, align, firstp, errp);
}

void spapr_irq_msi_free(SpaprIrq *irq, uint32_t first, uint32_t num)
{
    spapr_msi_free(&irq->msi, first, num);
}
