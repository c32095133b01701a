/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the machine-level interrupt layer.
 *
 * Owns the plan, the host, the controllers, the IRQ number map and the MSI
 * allocator.  Claims, frees and vCPUs fan out to every controller (with
 * rollback when one refuses); set_irq, hcalls, RTAS, MMIO, the device tree
 * and `info pic` go to the active controller only.  The active controller
 * changes only through activate()/deactivate() at reset.
 */
#include <string.h>

#include "hw/intc/spapr_intc.h"
#include "hw/ppc/spapr_irq.h"
#include "hw/ppc/spapr_irq_dt.h"
#include "hw/ppc/spapr_irq_fail.h"
#include "hw/ppc/spapr_irq_msi.h"
#include "hw/ppc/spapr_irq_state.h"

/* State of an IRQ number in the map. */
enum { IRQ_FREE = 0, IRQ_MSI = 1, IRQ_LSI = 2 };

typedef struct SpaprIrqCpu {
    bool present;
    int vcpu_fd;    /* -1: none */
    bool owns_vcpu; /* the layer created vcpu_fd (kept while removed) */
} SpaprIrqCpu;

struct SpaprIrq {
    SpaprIrqCallbacks cb;
    SpaprHost *host;
    SpaprHostCaps caps;
    SpaprIrqPlan *plan;
    SpaprIntcContext ctx;
    SpaprIntc *intc[SPAPR_INTC_COUNT];
    bool active_valid;
    SpaprIntcKind active;
    SpaprIntcImpl active_impl;
    bool cas_pending;
    SpaprIntcKind cas_choice;
    GPtrArray *warnings;
    uint8_t irq_map[SPAPR_NR_XIRQS];
    SpaprMsiAllocator msi;
    SpaprIrqCpu *cpus;    /* plan->topo.max_cpus entries */
    SpaprHostGuest guest; /* what a simulated kernel reaches of the guest */
};

/* RTAS tokens as QEMU numbers them. */
static const struct {
    const char *name;
    uint32_t token;
} rtas_calls[] = {
    {"ibm,set-xive", SPAPR_RTAS_SET_XIVE},
    {"ibm,get-xive", SPAPR_RTAS_GET_XIVE},
    {"ibm,int-off", SPAPR_RTAS_INT_OFF},
    {"ibm,int-on", SPAPR_RTAS_INT_ON},
};

static bool is_xics_hcall(uint64_t opcode)
{
    return opcode == H_EOI || opcode == H_CPPR || opcode == H_IPI ||
           opcode == H_IPOLL || opcode == H_XIRR || opcode == H_XIRR_X;
}

static bool is_xive_hcall(uint64_t opcode)
{
    return opcode >= H_INT_GET_SOURCE_INFO && opcode <= H_INT_RESET &&
           opcode % 4 == 0;
}

static void warn(SpaprIrq *irq, char *msg)
{
    g_ptr_array_add(irq->warnings, msg);
}

static bool not_implemented(GError **errp, SpaprIntc *intc, const char *what)
{
    return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_NOT_IMPLEMENTED,
                          "%s: %s is not implemented yet", intc->ops->name,
                          what);
}

/* Activates @kind with @impl; NULL activate means nothing to do for the
 * emulated implementation and "not implemented" for KVM. */
static bool intc_activate(SpaprIntc *intc, SpaprIntcImpl impl, GError **errp)
{
    if (intc->ops->activate) {
        return intc->ops->activate(intc, impl, errp);
    }
    if (impl == SPAPR_INTC_IMPL_KVM) {
        return not_implemented(errp, intc, "the in-kernel (KVM) backend");
    }
    return true;
}

/*
 * Makes @kind the active controller, in the kernel if the policy says so;
 * with @announce the policy's fallback warning is recorded.  A failure of the
 * in-kernel activation falls back to emulation with a warning under
 * kernel-irqchip allowed, and is an error under on.
 */
static bool irq_activate(SpaprIrq *irq, SpaprIntcKind kind, bool announce,
                         GError **errp)
{
    SpaprIntc *intc = irq->intc[kind];
    g_autoptr(GError) err = NULL;
    g_autofree char *warning = NULL;
    SpaprIntcImpl impl;

    if (!spapr_irq_plan_impl(irq->plan, &irq->caps, kind, &impl, &warning,
                             errp)) {
        return false;
    }
    if (warning && announce) {
        warn(irq, g_steal_pointer(&warning));
    }
    if (!intc_activate(intc, impl, &err)) {
        if (impl != SPAPR_INTC_IMPL_KVM ||
            irq->plan->kernel_irqchip == SPAPR_KERNEL_IRQCHIP_ON) {
            g_propagate_error(errp, g_steal_pointer(&err));
            return false;
        }
        warn(irq, g_strdup_printf("kernel_irqchip allowed but unavailable: "
                                  "%s, Falling back to kernel-irqchip=off",
                                  err->message));
        impl = SPAPR_INTC_IMPL_EMULATED;
        if (!intc_activate(intc, impl, errp)) {
            return false;
        }
    }
    irq->active = kind;
    irq->active_impl = impl;
    irq->active_valid = true;
    return true;
}

static SpaprIntc *active_intc(const SpaprIrq *irq)
{
    return irq->active_valid ? irq->intc[irq->active] : NULL;
}

static bool active_in_kernel(const SpaprIrq *irq)
{
    return irq->active_valid && irq->active_impl == SPAPR_INTC_IMPL_KVM;
}

/*
 * The active in-kernel controller failed a host call with @err (taken).
 * Under kernel-irqchip=on that is the caller's error.  Under allowed the
 * controller falls back to emulation with QEMU's warning; with @salvage
 * the kernel holds the newest state, which is read back first (twice if
 * need be: a kernel that fails once may answer the second time).
 */
static bool kernel_failed(SpaprIrq *irq, GError *err, bool salvage,
                          GError **errp)
{
    SpaprIntc *intc = irq->intc[irq->active];

    if (irq->plan->kernel_irqchip == SPAPR_KERNEL_IRQCHIP_ON) {
        g_propagate_error(errp, err);
        return false;
    }
    if (salvage && intc->ops->kvm_pull && !intc->ops->kvm_pull(intc, NULL) &&
        !intc->ops->kvm_pull(intc, NULL)) {
        warn(irq, g_strdup_printf("%s: the state could not be read back "
                                  "from the kernel; its last known state is "
                                  "kept",
                                  intc->ops->name));
    }
    warn(irq, g_strdup_printf("kernel_irqchip allowed but unavailable: %s, "
                              "Falling back to kernel-irqchip=off",
                              err->message));
    g_error_free(err);
    if (intc->ops->deactivate) {
        intc->ops->deactivate(intc);
    }
    irq->active_impl = SPAPR_INTC_IMPL_EMULATED;
    return intc_activate(intc, SPAPR_INTC_IMPL_EMULATED, errp);
}

/*
 * Moves the state of the active controller, if it runs in the kernel:
 * model -> kernel (@push, QEMU's post_load; the model is the truth, nothing
 * to salvage) or kernel -> model (QEMU's pre_save; the kernel is the
 * truth).  A failure goes to kernel_failed().  Returns false on an error
 * for the caller.
 */
static bool kernel_sync(SpaprIrq *irq, bool push, GError **errp)
{
    SpaprIntc *intc = active_intc(irq);
    bool (*step)(SpaprIntc * intc, GError * *errp);
    GError *err = NULL;

    if (!active_in_kernel(irq)) {
        return true;
    }
    step = push ? intc->ops->kvm_push : intc->ops->kvm_pull;
    if (!step || step(intc, &err)) {
        return true;
    }
    return kernel_failed(irq, err, !push, errp);
}

static void irq_deactivate(SpaprIrq *irq)
{
    if (!irq->active_valid) {
        return;
    }
    SpaprIntc *intc = irq->intc[irq->active];
    if (intc->ops->deactivate) {
        intc->ops->deactivate(intc);
    }
    irq->active_valid = false;
}

/* Switches the active controller to @kind; on failure tries to give the
 * machine its previous controller back. */
static bool irq_switch(SpaprIrq *irq, SpaprIntcKind kind, GError **errp)
{
    bool had = irq->active_valid;
    SpaprIntcKind old = irq->active;

    if (had && old == kind) {
        return true;
    }
    irq_deactivate(irq);
    if (irq_activate(irq, kind, true, errp)) {
        return true;
    }
    if (had) {
        irq_activate(irq, old, false, NULL);
    }
    return false;
}

/* ---- the guest as a simulated kernel sees it ---- */

static bool guest_mem_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
    SpaprIrq *irq = opaque;

    return irq->cb.mem_read && irq->cb.mem_read(irq->cb.opaque, gpa, buf, len);
}

static bool guest_mem_write(void *opaque, uint64_t gpa, const void *buf,
                            size_t len)
{
    SpaprIrq *irq = opaque;

    return irq->cb.mem_write &&
           irq->cb.mem_write(irq->cb.opaque, gpa, buf, len);
}

static uint64_t guest_timebase(void *opaque)
{
    SpaprIrq *irq = opaque;

    return irq->cb.get_timebase ? irq->cb.get_timebase(irq->cb.opaque) : 0;
}

/* The kernel moved a vCPU's line: report it for the CPU with that fd. */
static void guest_set_vcpu_irq(void *opaque, int vcpu_fd, bool level)
{
    SpaprIrq *irq = opaque;

    for (uint32_t c = 0; c < irq->plan->topo.max_cpus; c++) {
        if (irq->cpus[c].present && irq->cpus[c].vcpu_fd == vcpu_fd) {
            irq->cb.set_cpu_irq(irq->cb.opaque, c, level);
            return;
        }
    }
}

SpaprIrq *spapr_irq_create(const SpaprIrqConfig *cfg,
                           const SpaprIrqCallbacks *cb, int kvm_vm_fd,
                           GError **errp)
{
    SpaprIrq *irq;

    g_return_val_if_fail(cfg && cb && cb->set_cpu_irq, NULL);
    irq = g_new0(SpaprIrq, 1);
    irq->cb = *cb;
    irq->warnings = g_ptr_array_new_with_free_func(g_free);
    if (!spapr_host_open(cfg, kvm_vm_fd, &irq->host, errp) ||
        !spapr_host_probe(irq->host, cfg, &irq->caps, errp) ||
        !spapr_irq_plan_resolve(cfg, &irq->caps, &irq->plan, errp)) {
        goto fail;
    }
    for (guint i = 0; i < irq->plan->warnings->len; i++) {
        warn(irq, g_strdup(g_ptr_array_index(irq->plan->warnings, i)));
    }
    irq->ctx.plan = irq->plan;
    irq->ctx.cb = &irq->cb;
    irq->ctx.host = irq->host;
    irq->cpus = g_new0(SpaprIrqCpu, irq->plan->topo.max_cpus);
    for (uint32_t c = 0; c < irq->plan->topo.max_cpus; c++) {
        irq->cpus[c].vcpu_fd = -1;
    }
    irq->guest = (SpaprHostGuest){
        .opaque = irq,
        .mem_read = guest_mem_read,
        .mem_write = guest_mem_write,
        .set_vcpu_irq = guest_set_vcpu_irq,
        .get_timebase = guest_timebase,
    };
    if (irq->host && irq->host->ops->attach_guest) {
        irq->host->ops->attach_guest(irq->host, &irq->guest);
    }
    if (irq->plan->has[SPAPR_INTC_XICS] &&
        !(irq->intc[SPAPR_INTC_XICS] = spapr_xics_create(&irq->ctx, errp))) {
        goto fail;
    }
    if (irq->plan->has[SPAPR_INTC_XIVE] &&
        !(irq->intc[SPAPR_INTC_XIVE] = spapr_xive_create(&irq->ctx, errp))) {
        goto fail;
    }
    /* The plan's warnings already hold the start controller's fallback. */
    if (!irq_activate(irq, irq->plan->start_active, false, errp)) {
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
    irq_deactivate(irq);
    for (int k = 0; k < SPAPR_INTC_COUNT; k++) {
        SpaprIntc *intc = irq->intc[k];

        if (!intc) {
            continue;
        }
        for (uint32_t c = 0; irq->cpus && c < irq->plan->topo.max_cpus; c++) {
            if (irq->cpus[c].present && intc->ops->cpu_destroy) {
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

/* Creates the vCPU's presenter in every controller; undoes them all if
 * one refuses. */
static bool cpus_create(SpaprIrq *irq, uint32_t cpu_index, uint32_t vcpu_id,
                        int vcpu_fd, GError **errp)
{
    int k;

    for (k = 0; k < SPAPR_INTC_COUNT; k++) {
        SpaprIntc *intc = irq->intc[k];

        if (intc && intc->ops->cpu_create &&
            !intc->ops->cpu_create(intc, cpu_index, vcpu_id, vcpu_fd, errp)) {
            goto rollback;
        }
    }
    return true;

rollback:
    while (--k >= 0) {
        SpaprIntc *intc = irq->intc[k];

        if (intc && intc->ops->cpu_destroy) {
            intc->ops->cpu_destroy(intc, cpu_index);
        }
    }
    return false;
}

static void cpus_destroy(SpaprIrq *irq, uint32_t cpu_index)
{
    for (int k = 0; k < SPAPR_INTC_COUNT; k++) {
        SpaprIntc *intc = irq->intc[k];

        if (intc && intc->ops->cpu_destroy) {
            intc->ops->cpu_destroy(intc, cpu_index);
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
        return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_HOST,
                              "KVM_CREATE_VCPU of CPU %u (vCPU id %u) "
                              "failed: %s",
                              cpu_index, vcpu_id, g_strerror(-rc));
    }
    cpu->owns_vcpu = true;
    cpu->vcpu_fd = rc;
    *vcpu_fd = rc;
    return true;
}

bool spapr_irq_cpu_add(SpaprIrq *irq, uint32_t cpu_index, int vcpu_fd,
                       GError **errp)
{
    uint32_t vcpu_id;
    SpaprIntc *active;
    GError *err = NULL;

    if (cpu_index >= irq->plan->topo.max_cpus) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_RANGE,
                    "CPU index %u is out of range (maxcpus is %u)", cpu_index,
                    irq->plan->topo.max_cpus);
        return false;
    }
    if (irq->cpus[cpu_index].present) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_BUSY,
                    "CPU index %u was already added", cpu_index);
        return false;
    }
    vcpu_id = spapr_irq_topology_vcpu_id(&irq->plan->topo, cpu_index);
    if (!cpu_vcpu_fd(irq, cpu_index, vcpu_id, &vcpu_fd, errp) ||
        !cpus_create(irq, cpu_index, vcpu_id, vcpu_fd, errp)) {
        return false;
    }
    irq->cpus[cpu_index].present = true;
    irq->cpus[cpu_index].vcpu_fd = vcpu_fd;
    active = active_intc(irq);
    if (active_in_kernel(irq) && active->ops->kvm_cpu_connect &&
        !active->ops->kvm_cpu_connect(active, cpu_index, &err)) {
        /* Undone everywhere; under allowed, again on the emulation. */
        cpus_destroy(irq, cpu_index);
        irq->cpus[cpu_index].present = false;
        if (!kernel_failed(irq, err, true, errp) ||
            !cpus_create(irq, cpu_index, vcpu_id, vcpu_fd, errp)) {
            return false;
        }
        irq->cpus[cpu_index].present = true;
    }
    return true;
}

void spapr_irq_cpu_remove(SpaprIrq *irq, uint32_t cpu_index)
{
    if (cpu_index >= irq->plan->topo.max_cpus ||
        !irq->cpus[cpu_index].present) {
        return;
    }
    cpus_destroy(irq, cpu_index);
    irq->cpus[cpu_index].present = false;
    if (!irq->cpus[cpu_index].owns_vcpu) {
        irq->cpus[cpu_index].vcpu_fd = -1;
    }
}

static bool irq_in_range(uint32_t irqn)
{
    return irqn >= SPAPR_XIRQ_BASE && irqn < SPAPR_XIRQ_BASE + SPAPR_NR_XIRQS;
}

static bool check_range(uint32_t irqn, GError **errp)
{
    if (!irq_in_range(irqn)) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_RANGE,
                    "IRQ %u (0x%x) is outside 0x%x..0x%x", irqn, irqn,
                    SPAPR_XIRQ_BASE, SPAPR_XIRQ_BASE + SPAPR_NR_XIRQS - 1);
        return false;
    }
    return true;
}

/* Claims @irqn in every controller's model; undoes them all if one
 * refuses. */
static bool claim_models(SpaprIrq *irq, uint32_t irqn, bool lsi, GError **errp)
{
    int k;

    for (k = 0; k < SPAPR_INTC_COUNT; k++) {
        SpaprIntc *intc = irq->intc[k];

        if (intc && intc->ops->claim &&
            !intc->ops->claim(intc, irqn, lsi, errp)) {
            goto rollback;
        }
    }
    return true;

rollback:
    while (--k >= 0) {
        SpaprIntc *intc = irq->intc[k];

        if (intc && intc->ops->free) {
            intc->ops->free(intc, irqn);
        }
    }
    return false;
}

static void free_models(SpaprIrq *irq, uint32_t irqn)
{
    for (int k = 0; k < SPAPR_INTC_COUNT; k++) {
        SpaprIntc *intc = irq->intc[k];

        if (intc && intc->ops->free) {
            intc->ops->free(intc, irqn);
        }
    }
}

bool spapr_irq_claim(SpaprIrq *irq, uint32_t irqn, bool lsi, GError **errp)
{
    SpaprIntc *active = active_intc(irq);
    GError *err = NULL;

    if (!check_range(irqn, errp)) {
        return false;
    }
    if (irq->irq_map[irqn - SPAPR_XIRQ_BASE] != IRQ_FREE) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_BUSY,
                    "IRQ %u (0x%x) is not free", irqn, irqn);
        return false;
    }
    if (!claim_models(irq, irqn, lsi, errp)) {
        return false;
    }
    if (active_in_kernel(irq) && active->ops->kvm_claim &&
        !active->ops->kvm_claim(active, irqn, &err)) {
        /* Undone everywhere; under allowed, again on the emulation. */
        free_models(irq, irqn);
        if (!kernel_failed(irq, err, true, errp) ||
            !claim_models(irq, irqn, lsi, errp)) {
            return false;
        }
    }
    irq->irq_map[irqn - SPAPR_XIRQ_BASE] = lsi ? IRQ_LSI : IRQ_MSI;
    return true;
}

void spapr_irq_free(SpaprIrq *irq, uint32_t irqn, uint32_t num)
{
    for (uint64_t n = irqn; n < (uint64_t)irqn + num; n++) {
        if (!irq_in_range((uint32_t)n) ||
            irq->irq_map[n - SPAPR_XIRQ_BASE] == IRQ_FREE) {
            continue;
        }
        free_models(irq, (uint32_t)n);
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

/* The active controller, or NULL with an error (a failed switch under
 * kernel-irqchip=on can leave the machine without one). */
static SpaprIntc *require_active(const SpaprIrq *irq, GError **errp)
{
    SpaprIntc *intc = active_intc(irq);

    if (!intc) {
        spapr_irq_fail(errp, SPAPR_IRQ_ERROR_STATE,
                       "no interrupt controller is active");
    }
    return intc;
}

bool spapr_irq_set_irq(SpaprIrq *irq, uint32_t irqn, int level, GError **errp)
{
    SpaprIntc *intc;

    if (!check_range(irqn, errp) || !(intc = require_active(irq, errp))) {
        return false;
    }
    if (irq->irq_map[irqn - SPAPR_XIRQ_BASE] == IRQ_FREE) {
        return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_STATE,
                              "IRQ %u (0x%x) is not claimed", irqn, irqn);
    }
    if (!intc->ops->set_irq) {
        return not_implemented(errp, intc, "set_irq");
    }
    return intc->ops->set_irq(intc, irqn, level, errp);
}

bool spapr_irq_is_hcall(uint64_t opcode)
{
    return is_xics_hcall(opcode) || is_xive_hcall(opcode);
}

int64_t spapr_irq_hcall(SpaprIrq *irq, uint32_t cpu_index, uint64_t opcode,
                        const uint64_t *args, size_t nargs,
                        uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS])
{
    SpaprIntc *intc = active_intc(irq);

    if (is_xive_hcall(opcode)) {
        if (!intc || irq->active != SPAPR_INTC_XIVE) {
            return H_FUNCTION;
        }
    } else if (is_xics_hcall(opcode)) {
        if (!intc || irq->active != SPAPR_INTC_XICS) {
            return H_HARDWARE;
        }
    } else {
        return H_FUNCTION;
    }
    if (cpu_index >= irq->plan->topo.max_cpus ||
        !irq->cpus[cpu_index].present) {
        return H_HARDWARE;
    }
    if (!intc->ops->hcall) {
        return H_FUNCTION;
    }
    return intc->ops->hcall(intc, cpu_index, opcode, args, nargs, rets);
}

uint32_t spapr_irq_rtas_token(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(rtas_calls); i++) {
        if (g_str_equal(rtas_calls[i].name, name)) {
            return rtas_calls[i].token;
        }
    }
    return 0;
}

bool spapr_irq_rtas(SpaprIrq *irq, uint32_t cpu_index, uint32_t token,
                    uint32_t nargs, const uint32_t *args, uint32_t nret,
                    uint32_t *rets)
{
    SpaprIntc *intc = active_intc(irq);
    bool known = false;

    for (size_t i = 0; i < G_N_ELEMENTS(rtas_calls); i++) {
        known = known || rtas_calls[i].token == token;
    }
    if (!known) {
        return false;
    }
    if (!intc || irq->active != SPAPR_INTC_XICS || !intc->ops->rtas) {
        if (nret > 0) {
            rets[0] = (uint32_t)RTAS_OUT_HW_ERROR;
        }
        return true;
    }
    intc->ops->rtas(intc, cpu_index, token, nargs, args, nret, rets);
    return true;
}

bool spapr_irq_mmio_read(SpaprIrq *irq, uint32_t cpu_index, uint64_t addr,
                         unsigned size, uint64_t *valp)
{
    SpaprIntc *intc = active_intc(irq);

    return intc && intc->ops->mmio_read &&
           intc->ops->mmio_read(intc, cpu_index, addr, size, valp);
}

bool spapr_irq_mmio_write(SpaprIrq *irq, uint32_t cpu_index, uint64_t addr,
                          unsigned size, uint64_t val)
{
    SpaprIntc *intc = active_intc(irq);

    return intc && intc->ops->mmio_write &&
           intc->ops->mmio_write(intc, cpu_index, addr, size, val);
}

bool spapr_irq_cas(SpaprIrq *irq, uint8_t ov5_byte23, GError **errp)
{
    SpaprIrqCasResult res = {0};

    if (!spapr_irq_plan_cas(irq->plan, &irq->caps, irq->active, ov5_byte23,
                            &res, errp)) {
        return false;
    }
    /* The activation at reset emits its own warning, if any. */
    spapr_irq_cas_result_clear(&res);
    irq->cas_pending = true;
    irq->cas_choice = res.active;
    return true;
}

/*
 * The model of the target controller is reset first; then either the
 * switch connects it (pushing the reset state into a new kernel device), or
 * it stays active and its kernel device gets the reset state pushed.
 */
bool spapr_irq_reset(SpaprIrq *irq, GError **errp)
{
    SpaprIntcKind target =
        irq->cas_pending ? irq->cas_choice : irq->plan->start_active;
    SpaprIntc *intc = irq->intc[target];
    bool switching = !irq->active_valid || irq->active != target;

    irq->cas_pending = false;
    if (intc->ops->reset && !intc->ops->reset(intc, errp)) {
        return false;
    }
    if (switching) {
        return irq_switch(irq, target, errp);
    }
    return kernel_sync(irq, true, errp);
}

bool spapr_irq_dt(SpaprIrq *irq, void *fdt, GError **errp)
{
    SpaprIntc *intc = require_active(irq, errp);

    if (!intc) {
        return false;
    }
    if (!intc->ops->dt) {
        return not_implemented(errp, intc, "the device tree");
    }
    return intc->ops->dt(intc, fdt, SPAPR_IRQ_PHANDLE, errp) &&
           spapr_irq_dt_platform_support(fdt, irq->plan->platform_byte23, errp);
}

bool spapr_irq_dt_cpu(SpaprIrq *irq, void *fdt, int cpu_node,
                      uint32_t cpu_index, GError **errp)
{
    SpaprIntc *intc = require_active(irq, errp);

    if (!intc) {
        return false;
    }
    if (cpu_index >= irq->plan->topo.max_cpus) {
        return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_RANGE,
                              "CPU index %u is out of range (maxcpus is %u)",
                              cpu_index, irq->plan->topo.max_cpus);
    }
    if (!spapr_irq_dt_cpu_servers(fdt, cpu_node, irq->plan, cpu_index, errp)) {
        return false;
    }
    return !intc->ops->dt_cpu ||
           intc->ops->dt_cpu(intc, fdt, cpu_node, cpu_index, errp);
}

void spapr_irq_print_info(SpaprIrq *irq, GString *out)
{
    const SpaprIrqPlan *plan = irq->plan;

    g_string_append_printf(
        out,
        "pseries interrupt layer: ic-mode=%s offered=%s "
        "(byte 23 0x%02x) kernel-irqchip=%s host=%s\n",
        spapr_ic_mode_name(plan->ic_mode), spapr_ic_mode_name(plan->offered),
        plan->platform_byte23, spapr_kernel_irqchip_name(plan->kernel_irqchip),
        irq->caps.name);
    if (irq->active_valid) {
        g_string_append_printf(out, "active: %s (%s)\n",
                               spapr_intc_kind_name(irq->active),
                               spapr_intc_impl_name(irq->active_impl));
    } else {
        g_string_append(out, "active: none\n");
    }
    SpaprIntc *intc = active_intc(irq);
    if (!intc) {
        return;
    }
    if (active_in_kernel(irq) && intc->ops->kvm_pull) {
        g_autoptr(GError) err = NULL;

        if (!intc->ops->kvm_pull(intc, &err)) {
            g_string_append_printf(out,
                                   "reading the state back from the kernel "
                                   "failed: %s (what follows may be stale)\n",
                                   err->message);
        }
    }
    if (intc->ops->print_info) {
        intc->ops->print_info(intc, out);
    } else {
        g_string_append_printf(out, "%s: state dump not implemented yet\n",
                               intc->ops->name);
    }
}

/*
 * Saved state, big-endian whatever the host:
 *   u32 magic "SPRQ", u16 version, u8 ic_mode, u8 offered, u8 isa,
 *   u32 nr_servers, u32 max_cpus, u8 active (0xff: none), u8 cas_pending,
 *   u8 cas_choice, u8 irq_map[SPAPR_NR_XIRQS],
 *   then per controller the machine has, in kind order:
 *   u8 kind, u32 length, length bytes (the controller's own format).
 * ic-mode, compat and sizes must match between the two ends; kernel-irqchip
 * need not (the format does not depend on the implementation).
 */
#define STATE_MAGIC     0x53505251u
#define STATE_VERSION   1
#define STATE_NO_ACTIVE 0xff

bool spapr_irq_save(SpaprIrq *irq, GByteArray *out, GError **errp)
{
    guint start = out->len;

    /* The kernel holds the newest state (QEMU's pre_save). */
    if (!kernel_sync(irq, false, errp)) {
        return false;
    }

    state_put_u32(out, STATE_MAGIC);
    state_put_u16(out, STATE_VERSION);
    state_put_u8(out, irq->plan->ic_mode);
    state_put_u8(out, irq->plan->offered);
    state_put_u8(out, irq->plan->isa);
    state_put_u32(out, irq->plan->topo.nr_servers);
    state_put_u32(out, irq->plan->topo.max_cpus);
    state_put_u8(out, irq->active_valid ? irq->active : STATE_NO_ACTIVE);
    state_put_u8(out, irq->cas_pending);
    state_put_u8(out, irq->cas_choice);
    g_byte_array_append(out, irq->irq_map, sizeof(irq->irq_map));
    for (int k = 0; k < SPAPR_INTC_COUNT; k++) {
        SpaprIntc *intc = irq->intc[k];
        guint len_at;

        if (!intc) {
            continue;
        }
        if (!intc->ops->save) {
            g_byte_array_set_size(out, start);
            return not_implemented(errp, intc, "saving state");
        }
        state_put_u8(out, k);
        len_at = out->len;
        state_put_u32(out, 0);
        if (!intc->ops->save(intc, out, errp)) {
            g_byte_array_set_size(out, start);
            return false;
        }
        state_patch_u32(out, len_at, out->len - len_at - 4);
    }
    return true;
}

/* Reads a header field and checks it equals @want. */
static bool expect_field(StateReader *r, size_t n, const char *name,
                         uint32_t want, GError **errp)
{
    uint32_t v;

    if (!state_get_uint(r, n, &v)) {
        return state_error(errp, "truncated before %s", name);
    }
    if (v != want) {
        return state_error(errp, "%s is %u in the saved state, %u here", name,
                           v, want);
    }
    return true;
}

/* Each controller's state before a load, to undo it. */
typedef struct LoadBackup {
    GByteArray *state[SPAPR_INTC_COUNT];
} LoadBackup;

static void backup_restore(SpaprIrq *irq, LoadBackup *b)
{
    for (int k = SPAPR_INTC_COUNT - 1; k >= 0; k--) {
        if (b->state[k] && b->state[k]->len) {
            SpaprIntc *intc = irq->intc[k];

            intc->ops->load(intc, b->state[k]->data, b->state[k]->len, NULL);
        }
    }
}

static void backup_free(LoadBackup *b)
{
    for (int k = 0; k < SPAPR_INTC_COUNT; k++) {
        g_clear_pointer(&b->state[k], g_byte_array_unref);
    }
}

/*
 * Loads each controller's section into its model.  Each load validates its
 * own section before changing anything; if a later controller refuses its
 * section, the ones already loaded get their previous state back, so that
 * a failed load leaves the whole layer as it was.  @b keeps the previous
 * states for load_finish().
 */
static bool load_controllers(SpaprIrq *irq,
                             const uint8_t *section[SPAPR_INTC_COUNT],
                             const uint32_t slen[SPAPR_INTC_COUNT],
                             LoadBackup *b, GError **errp)
{
    bool ok = true;

    for (int k = 0; k < SPAPR_INTC_COUNT && ok; k++) {
        SpaprIntc *intc = irq->intc[k];

        if (!intc) {
            continue;
        }
        b->state[k] = g_byte_array_new();
        ok = intc->ops->save(intc, b->state[k], errp) &&
             intc->ops->load(intc, section[k], slen[k], errp);
    }
    if (!ok) {
        backup_restore(irq, b);
    }
    return ok;
}

/*
 * Makes the saved active controller active, and gives an in-kernel one the
 * loaded state (QEMU's post_load).  If that fails (kernel-irqchip=on), the
 * models get their previous state back and, best effort, the kernel too.
 */
static bool load_finish(SpaprIrq *irq, uint32_t active, uint32_t cas_pending,
                        uint32_t cas_choice, LoadBackup *b, GError **errp)
{
    bool ok;

    if (!irq->active_valid || irq->active != active) {
        ok = irq_switch(irq, active, errp);
    } else {
        ok = kernel_sync(irq, true, errp);
    }
    if (!ok) {
        backup_restore(irq, b);
        if (active_in_kernel(irq) && active_intc(irq)->ops->kvm_push) {
            active_intc(irq)->ops->kvm_push(active_intc(irq), NULL);
        }
        return false;
    }
    irq->cas_pending = cas_pending;
    irq->cas_choice = cas_choice;
    return true;
}

bool spapr_irq_load(SpaprIrq *irq, const uint8_t *buf, size_t len,
                    GError **errp)
{
    StateReader r = {buf, len};
    const SpaprIrqPlan *plan = irq->plan;
    uint32_t active, cas_pending, cas_choice;
    const uint8_t *map;
    const uint8_t *section[SPAPR_INTC_COUNT] = {NULL};
    uint32_t slen[SPAPR_INTC_COUNT] = {0};

    if (!expect_field(&r, 4, "magic", STATE_MAGIC, errp) ||
        !expect_field(&r, 2, "version", STATE_VERSION, errp) ||
        !expect_field(&r, 1, "ic-mode", plan->ic_mode, errp) ||
        !expect_field(&r, 1, "offered mode", plan->offered, errp) ||
        !expect_field(&r, 1, "effective ISA", plan->isa, errp) ||
        !expect_field(&r, 4, "nr_servers", plan->topo.nr_servers, errp) ||
        !expect_field(&r, 4, "maxcpus", plan->topo.max_cpus, errp)) {
        return false;
    }
    if (!state_get_uint(&r, 1, &active) ||
        !state_get_uint(&r, 1, &cas_pending) ||
        !state_get_uint(&r, 1, &cas_choice) ||
        !state_get_bytes(&r, sizeof(irq->irq_map), &map)) {
        return state_error(errp, "truncated header");
    }
    if (active == STATE_NO_ACTIVE || active >= SPAPR_INTC_COUNT ||
        !plan->has[active]) {
        return state_error(errp,
                           "active controller %u is not one of this "
                           "machine's",
                           active);
    }
    if (cas_pending > 1 || cas_choice >= SPAPR_INTC_COUNT ||
        (cas_pending && !plan->has[cas_choice])) {
        return state_error(errp, "bad CAS record (%u, %u)", cas_pending,
                           cas_choice);
    }
    for (uint32_t i = 0; i < SPAPR_NR_XIRQS; i++) {
        if (map[i] != irq->irq_map[i]) {
            return state_error(errp,
                               "IRQ 0x%x is %s in the saved state but "
                               "%s here",
                               SPAPR_XIRQ_BASE + i,
                               map[i] == IRQ_FREE  ? "free"
                               : map[i] == IRQ_MSI ? "an MSI"
                               : map[i] == IRQ_LSI ? "an LSI"
                                                   : "invalid",
                               irq->irq_map[i] == IRQ_FREE  ? "free"
                               : irq->irq_map[i] == IRQ_MSI ? "an MSI"
                                                            : "an LSI");
        }
    }
    /* Frame every section before loading any. */
    for (int k = 0; k < SPAPR_INTC_COUNT; k++) {
        SpaprIntc *intc = irq->intc[k];

        if (!intc) {
            continue;
        }
        if (!expect_field(&r, 1, "controller section", k, errp)) {
            return false;
        }
        if (!state_get_uint(&r, 4, &slen[k]) ||
            !state_get_bytes(&r, slen[k], &section[k])) {
            return state_error(errp, "truncated %s section", intc->ops->name);
        }
        if (!intc->ops->load || !intc->ops->save) {
            return not_implemented(errp, intc, "loading state");
        }
    }
    if (r.left) {
        return state_error(errp, "%zu trailing bytes", r.left);
    }
    /* The kernel holds the newest state: the backups need it. */
    if (!kernel_sync(irq, false, errp)) {
        return false;
    }
    LoadBackup b = {{NULL}};
    bool ok = load_controllers(irq, section, slen, &b, errp) &&
              load_finish(irq, active, cas_pending, cas_choice, &b, errp);

    backup_free(&b);
    return ok;
}
