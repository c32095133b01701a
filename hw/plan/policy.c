/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the backend policy, rule by rule as docs/specs/policy.md
 * states them, and the one fallback rule of kernel-irqchip (fallback.h).
 * Pure functions: no host call, no global state.
 */
#include "hw/core/fail.h"
#include "hw/plan/fallback.h"
#include "hw/plan/resolve.h"
#include "spapr-irq/plan.h"

#define REASON_XICS "KVM_CAP_IRQ_XICS"
#define REASON_XIVE "KVM_CAP_PPC_IRQ_XIVE"
#define REASON_XIVE_SECURE                                                     \
    "in-kernel XIVE cannot be used by a secure guest (the ultravisor "         \
    "cannot pass XIVE pages through)"
#define REASON_XIVE_PAGES                                                      \
    "in-kernel XIVE needs 64 KiB host pages (the KVM device cannot map the "   \
    "4 x 64 KiB TIMA)"
#define REASON_XIVE_NO_MAP                                                     \
    "the VMM cannot map the in-kernel XIVE's ESB and TIMA pages into the "     \
    "guest (no map_region callback)"
/* kvmppc_xive_native_mmap() refuses a TIMA mapping of more than 4 pages. */
#define XIVE_TIMA_HOST_PAGE 0x10000u

static uint32_t compat_pvr(SpaprCpuModel cpu)
{
    switch (cpu) {
    case SPAPR_CPU_POWER8:
        return SPAPR_PVR_COMPAT_POWER8;
    case SPAPR_CPU_POWER9:
        return SPAPR_PVR_COMPAT_POWER9;
    default:
        return SPAPR_PVR_COMPAT_POWER10;
    }
}

static const char *host_cpu_name(SpaprCpuModel cpu)
{
    switch (cpu) {
    case SPAPR_CPU_POWER8:
        return "POWER8";
    case SPAPR_CPU_POWER9:
        return "POWER9";
    default:
        return "POWER10";
    }
}

/* Why controller @kind cannot run in the kernel on @caps, for a VMM that
 * can (@vmm_maps) or cannot map the XIVE pages into the guest, or NULL. */
static const char *kvm_unavailable_reason(const SpaprIrqPlan *plan,
                                          const SpaprHostCaps *caps,
                                          bool vmm_maps, SpaprIntcKind kind)
{
    if (kind == SPAPR_INTC_XICS) {
        return caps->xics ? NULL : REASON_XICS;
    }
    if (plan->secure) {
        return REASON_XIVE_SECURE;
    }
    if (!caps->xive) {
        return REASON_XIVE;
    }
    /* QEMU 7.2 finds out when the mmap fails at activation; the machine
     * is refused (or falls back) at start instead, as for a host without
     * the device, so that dual,kernel-irqchip=on does not fail at CAS.  So
     * for a VMM that cannot map the pages (a QEMU always can). */
    if (caps->page_size && caps->page_size < XIVE_TIMA_HOST_PAGE) {
        return REASON_XIVE_PAGES;
    }
    return vmm_maps ? NULL : REASON_XIVE_NO_MAP;
}

bool spapr_irq_fallback(SpaprKernelIrqchip kernel_irqchip, const char *reason,
                        GError *call_error, char **warningp, GError **errp)
{
    g_autoptr(GError) err = call_error;

    g_assert(!reason != !call_error);
    g_assert(kernel_irqchip == SPAPR_KERNEL_IRQCHIP_ALLOWED ||
             kernel_irqchip == SPAPR_KERNEL_IRQCHIP_ON);
    if (kernel_irqchip == SPAPR_KERNEL_IRQCHIP_ON) {
        if (err) {
            g_propagate_error(errp, g_steal_pointer(&err));
            return false;
        }
        return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_HOST,
                              "kernel_irqchip requested but unavailable: %s",
                              reason);
    }
    *warningp = g_strdup_printf("kernel_irqchip allowed but unavailable: %s, "
                                "Falling back to kernel-irqchip=off",
                                err ? err->message : reason);
    return true;
}

/*
 * Implementation of controller @kind when it is activated on @caps: KVM if
 * the accelerator is KVM, kernel-irqchip is not off and the host has the
 * device (and, for XIVE, the guest is not secure); else emulated, with the
 * fallback of kernel-irqchip (its warning in plan->fallback[@kind], or the
 * error of kernel-irqchip=on).
 */
static bool resolve_impl(SpaprIrqPlan *plan, const SpaprHostCaps *caps,
                         bool vmm_maps, SpaprIntcKind kind, GError **errp)
{
    const char *reason;

    plan->impl[kind] = SPAPR_INTC_IMPL_EMULATED;
    if (!plan->kvm || plan->kernel_irqchip == SPAPR_KERNEL_IRQCHIP_OFF) {
        return true;
    }
    reason = kvm_unavailable_reason(plan, caps, vmm_maps, kind);
    if (!reason) {
        plan->impl[kind] = SPAPR_INTC_IMPL_KVM;
        return true;
    }
    return spapr_irq_fallback(plan->kernel_irqchip, reason, NULL,
                              &plan->fallback[kind], errp);
}

/* Rule 2: the -cpu model, defaulted per accelerator and checked against a
 * KVM host's CPU. */
static bool resolve_cpu(const SpaprIrqConfig *cfg, const SpaprHostCaps *caps,
                        SpaprIrqPlan *plan, GError **errp)
{
    plan->cpu = cfg->cpu;
    if (plan->cpu == SPAPR_CPU_NONE) {
        plan->cpu = caps->kvm && caps->cpu != SPAPR_CPU_NONE ? caps->cpu
                                                             : SPAPR_CPU_POWER9;
    }
    if (caps->kvm && caps->cpu != SPAPR_CPU_NONE && plan->cpu > caps->cpu) {
        return spapr_irq_fail(
            errp, SPAPR_IRQ_ERROR_UNSUPPORTED,
            "CPU model %s is not supported by this KVM host (host "
            "CPU: %s)",
            spapr_cpu_model_name(plan->cpu), host_cpu_name(caps->cpu));
    }
    plan->isa = plan->cpu;
    plan->compat = cfg->max_cpu_compat;
    if (cfg->max_cpu_compat != SPAPR_CPU_NONE &&
        cfg->max_cpu_compat < plan->isa) {
        plan->isa = cfg->max_cpu_compat;
    }
    return true;
}

/* Rule 4: secure guests. */
static bool resolve_secure(const SpaprIrqConfig *cfg, const SpaprHostCaps *caps,
                           SpaprIrqPlan *plan, GError **errp)
{
    const char *id = cfg->confidential_guest_support;

    if (!id) {
        return true;
    }
    bool found = false;
    for (guint i = 0; i < cfg->pef_guests->len; i++) {
        found = found || g_str_equal(g_ptr_array_index(cfg->pef_guests, i), id);
    }
    if (!found) {
        return spapr_irq_fail(
            errp, SPAPR_IRQ_ERROR_INVALID_OPTION,
            "Property 'confidential-guest-support' refers to unknown "
            "object '%s' (expected -object pef-guest,id=%s)",
            id, id);
    }
    if (!caps->kvm) {
        return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_UNSUPPORTED,
                              "PEF requires KVM");
    }
    if (!caps->secure) {
        return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_HOST,
                              "KVM implementation does not support Secure VMs");
    }
    plan->secure = true;
    return true;
}

/* Rule 5 and the offer table. */
static bool resolve_offer(const SpaprIrqConfig *cfg, SpaprIrqPlan *plan,
                          GError **errp)
{
    bool isa300 = plan->isa >= SPAPR_CPU_POWER9;

    plan->ic_mode = cfg->ic_mode;
    plan->offered = cfg->ic_mode;
    if (!isa300 && cfg->ic_mode == SPAPR_IC_MODE_XIVE) {
        return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_UNSUPPORTED,
                              "XIVE-only machines require a POWER9 CPU");
    }
    if (!isa300 && cfg->ic_mode == SPAPR_IC_MODE_DUAL) {
        plan->offered = SPAPR_IC_MODE_XICS;
    }
    switch (plan->offered) {
    case SPAPR_IC_MODE_XICS:
        plan->platform_byte23 = SPAPR_OV5_XICS;
        break;
    case SPAPR_IC_MODE_XIVE:
        plan->platform_byte23 = SPAPR_OV5_XIVE;
        break;
    case SPAPR_IC_MODE_DUAL:
        plan->platform_byte23 = SPAPR_OV5_BOTH;
        break;
    }
    plan->has[SPAPR_INTC_XICS] = plan->offered != SPAPR_IC_MODE_XIVE;
    plan->has[SPAPR_INTC_XIVE] = plan->offered != SPAPR_IC_MODE_XICS;
    plan->start_active =
        plan->offered == SPAPR_IC_MODE_XIVE ? SPAPR_INTC_XIVE : SPAPR_INTC_XICS;
    return true;
}

/* Rule 7: dual with kernel-irqchip=on on a host that cannot switch. */
static bool resolve_dual_on(const SpaprHostCaps *caps, SpaprIrqPlan *plan,
                            GError **errp)
{
    if (plan->kvm && plan->kernel_irqchip == SPAPR_KERNEL_IRQCHIP_ON &&
        plan->offered == SPAPR_IC_MODE_DUAL && caps->xics && !caps->release) {
        return spapr_irq_fail(
            errp, SPAPR_IRQ_ERROR_HOST,
            "KVM is incompatible with ic-mode=dual,kernel-irqchip=on");
    }
    return true;
}

bool spapr_irq_plan_resolve(const SpaprIrqConfig *cfg,
                            const SpaprHostCaps *caps, SpaprIrqPlan **planp,
                            GError **errp)
{
    return spapr_plan_resolve(cfg, caps, true, planp, errp);
}

bool spapr_plan_resolve(const SpaprIrqConfig *cfg, const SpaprHostCaps *caps,
                        bool vmm_maps_xive, SpaprIrqPlan **planp, GError **errp)
{
    g_autoptr(SpaprIrqPlan) plan = g_new0(SpaprIrqPlan, 1);

    plan->warnings = g_ptr_array_new_with_free_func(g_free);
    plan->kvm = caps->kvm;
    plan->kernel_irqchip = cfg->kernel_irqchip;
    plan->cas_switch = cfg->cas_switch;

    /* 1. topology (-smp, threads, vsmt, number of servers) */
    if (!spapr_irq_topology_init(&plan->topo, cfg, caps->kvm, errp)) {
        return false;
    }
    /* 2. host CPU */
    if (!resolve_cpu(cfg, caps, plan, errp)) {
        return false;
    }
    /* 3. split */
    if (cfg->kernel_irqchip == SPAPR_KERNEL_IRQCHIP_SPLIT) {
        if (caps->kvm) {
            return spapr_irq_fail(
                errp, SPAPR_IRQ_ERROR_UNSUPPORTED,
                "kernel_irqchip split mode not supported on pseries");
        }
        g_ptr_array_add(plan->warnings,
                        g_strdup("kernel-irqchip=split is ignored under TCG: "
                                 "every interrupt controller is emulated"));
    } else if (cfg->kernel_irqchip == SPAPR_KERNEL_IRQCHIP_ON && !caps->kvm) {
        g_ptr_array_add(plan->warnings,
                        g_strdup("kernel-irqchip=on is ignored under TCG: "
                                 "every interrupt controller is emulated"));
    }
    /* 4. secure guests */
    if (!resolve_secure(cfg, caps, plan, errp)) {
        return false;
    }
    /* 5. ISA < 3.00 */
    if (!resolve_offer(cfg, plan, errp)) {
        return false;
    }
    /* 6. compat above the CPU model */
    if (cfg->max_cpu_compat > plan->cpu) {
        return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_UNSUPPORTED,
                              "Compatibility PVR 0x%08x not valid for CPU",
                              compat_pvr(cfg->max_cpu_compat));
    }
    /* 7. dual + on */
    if (!resolve_dual_on(caps, plan, errp)) {
        return false;
    }
    /* 8. each controller's implementation, XICS first: under on an error,
     * under allowed the fallback warning (the start controller's is a
     * start warning) */
    for (int k = 0; k < SPAPR_INTC_COUNT; k++) {
        if (plan->has[k] && !resolve_impl(plan, caps, vmm_maps_xive, k, errp)) {
            return false;
        }
    }
    if (plan->fallback[plan->start_active]) {
        g_ptr_array_add(plan->warnings,
                        g_strdup(plan->fallback[plan->start_active]));
    }
    *planp = g_steal_pointer(&plan);
    return true;
}

void spapr_irq_plan_free(SpaprIrqPlan *plan)
{
    if (!plan) {
        return;
    }
    if (plan->warnings) {
        g_ptr_array_unref(plan->warnings);
    }
    for (int k = 0; k < SPAPR_INTC_COUNT; k++) {
        g_free(plan->fallback[k]);
    }
    g_free(plan);
}

bool spapr_irq_plan_cas(const SpaprIrqPlan *plan, uint8_t ov5_byte23,
                        SpaprIntcKind *choicep, GError **errp)
{
    SpaprIntcKind want;

    if (ov5_byte23 & SPAPR_OV5_BOTH) {
        return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_CAS,
                              "guest requested an invalid interrupt mode");
    }
    want = (ov5_byte23 & SPAPR_OV5_XIVE) ? SPAPR_INTC_XIVE : SPAPR_INTC_XICS;
    if (want == SPAPR_INTC_XIVE && !plan->has[SPAPR_INTC_XIVE]) {
        return spapr_irq_fail(
            errp, SPAPR_IRQ_ERROR_CAS,
            "Guest requested unavailable interrupt mode (XIVE), try "
            "the ic-mode=xive or ic-mode=dual machine property");
    }
    if (want == SPAPR_INTC_XICS && !plan->has[SPAPR_INTC_XICS]) {
        return spapr_irq_fail(
            errp, SPAPR_IRQ_ERROR_CAS,
            "Guest requested unavailable interrupt mode (XICS), "
            "either don't set the ic-mode machine property or try "
            "ic-mode=xics or ic-mode=dual");
    }
    *choicep = want;
    return true;
}

const char *spapr_irq_plan_switch_warning(const SpaprIrqPlan *plan,
                                          SpaprIntcKind from, SpaprIntcKind to)
{
    return to == from ? NULL : plan->fallback[to];
}

const char *spapr_intc_kind_name(SpaprIntcKind kind)
{
    return kind == SPAPR_INTC_XIVE ? "xive" : "xics";
}

const char *spapr_intc_impl_name(SpaprIntcImpl impl)
{
    return impl == SPAPR_INTC_IMPL_KVM ? "kvm" : "emulated";
}
