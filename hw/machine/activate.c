/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: which controller is active, and how.  The plan says how each
 * controller runs when it is activated (plan->impl[], with its fallback
 * warning); a failed in-kernel activation and a kernel call that fails
 * while a controller runs in the kernel go through the one fallback rule
 * (hw/plan/fallback.h).  CAS records the guest's choice; the next reset
 * switches to it (docs/specs/policy.md, "CAS").
 */
#include "hw/core/fail.h"
#include "hw/machine/machine.h"
#include "hw/plan/fallback.h"

bool spapr_machine_activate(SpaprIrq *irq, SpaprIntcKind kind,
                            const char *announce, GError **errp)
{
    SpaprIntc *intc = irq->intc[kind];
    SpaprIntcImpl impl = irq->plan->impl[kind];
    g_autofree char *warning = NULL;
    GError *err = NULL;

    if (announce) {
        spapr_machine_warn(irq, g_strdup(announce));
    }
    if (!intc->ops->activate(intc, impl, &err)) {
        if (impl != SPAPR_INTC_IMPL_KVM) {
            g_propagate_error(errp, err);
            return false;
        }
        if (!spapr_irq_fallback(irq->plan->kernel_irqchip, NULL, err, &warning,
                                errp)) {
            return false;
        }
        spapr_machine_warn(irq, g_steal_pointer(&warning));
        impl = SPAPR_INTC_IMPL_EMULATED;
        if (!intc->ops->activate(intc, impl, errp)) {
            return false;
        }
    }
    irq->active = kind;
    irq->active_impl = impl;
    irq->active_valid = true;
    return true;
}

bool spapr_machine_kernel_failed(SpaprIrq *irq, SpaprIntc *intc, GError *err,
                                 bool salvage, GError **errp)
{
    g_autofree char *warning = NULL;
    g_autofree char *why = NULL;
    GError *perr = NULL;

    if (!intc || intc != spapr_machine_active(irq) ||
        !spapr_machine_in_kernel(irq) ||
        !g_error_matches(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_HOST)) {
        g_propagate_error(errp, err);
        return false;
    }
    /* Leaving the kernel closes its device, whose release takes every
     * vCPU's mutex (kvmppc_xics_release(), kvmppc_xive_release(),
     * kvmppc_xive_native_release()): it would wait for the vCPUs to leave
     * KVM_RUN.  While the VM runs the failed call is the caller's error
     * (QEMU has no fallback once the machine runs); a stopped VM falls
     * back. */
    if (irq->vm_running &&
        irq->plan->kernel_irqchip != SPAPR_KERNEL_IRQCHIP_ON) {
        spapr_irq_fail(errp, SPAPR_IRQ_ERROR_HOST,
                       "%s; not falling back to kernel-irqchip=off while the "
                       "VM runs (closing the kernel device needs every vCPU "
                       "out of KVM_RUN: call spapr_irq_vm_stop() first)",
                       err->message);
        g_error_free(err);
        return false;
    }
    why = g_strdup(err->message);
    if (!spapr_irq_fallback(irq->plan->kernel_irqchip, NULL, err, &warning,
                            errp)) {
        return false;
    }
    /* Leaving the kernel starts as a switch does: if that cannot, the
     * controller stays there and the failed call is the caller's error. */
    if (!spapr_intc_pre_deactivate(intc, &perr)) {
        g_propagate_prefixed_error(errp, perr,
                                   "%s; falling back to kernel-irqchip=off "
                                   "failed: ",
                                   why);
        return false;
    }
    /* The kernel holds the newest state: read it back (twice if need be:
     * a kernel that fails once may answer the second time). */
    if (salvage && !intc->ops->pre_save(intc, !irq->vm_running, NULL) &&
        !intc->ops->pre_save(intc, !irq->vm_running, NULL)) {
        spapr_machine_warn(irq, g_strdup_printf("%s: the state could not be "
                                                "read back from the kernel; "
                                                "its last known state is kept",
                                                intc->ops->name));
    }
    spapr_machine_warn(irq, g_steal_pointer(&warning));
    intc->ops->deactivate(intc);
    irq->active_impl = SPAPR_INTC_IMPL_EMULATED;
    return intc->ops->activate(intc, SPAPR_INTC_IMPL_EMULATED, errp);
}

/* The backend holds the newest state: a failure salvages what it can. */
bool spapr_machine_pre_save(SpaprIrq *irq, GError **errp)
{
    SpaprIntc *intc = spapr_machine_active(irq);
    GError *err = NULL;

    if (!intc || intc->ops->pre_save(intc, !irq->vm_running, &err)) {
        return true;
    }
    return spapr_machine_kernel_failed(irq, intc, err, true, errp);
}

/* The model is the truth: nothing to salvage. */
bool spapr_machine_post_load(SpaprIrq *irq, GError **errp)
{
    SpaprIntc *intc = spapr_machine_active(irq);
    GError *err = NULL;

    if (!intc || intc->ops->post_load(intc, &err)) {
        return true;
    }
    return spapr_machine_kernel_failed(irq, intc, err, false, errp);
}

void spapr_machine_deactivate(SpaprIrq *irq)
{
    if (!irq->active_valid) {
        return;
    }
    irq->intc[irq->active]->ops->deactivate(irq->intc[irq->active]);
    irq->active_valid = false;
}

/*
 * The switch to @kind (docs/specs/kvm.md): first the old controller's
 * pre_deactivate (an in-kernel XICS undefines its RTAS tokens), and if that
 * fails nothing has changed; then its deactivation, with @reset the reset
 * of @kind's model, and its activation.
 */
static bool switch_to(SpaprIrq *irq, SpaprIntcKind kind, bool reset,
                      GError **errp)
{
    bool had = irq->active_valid;
    SpaprIntcKind old = irq->active;
    SpaprIntc *intc = irq->intc[kind];

    if (had && old == kind) {
        return true;
    }
    if (had && !spapr_intc_pre_deactivate(irq->intc[old], errp)) {
        return false;
    }
    spapr_machine_deactivate(irq);
    if ((!reset || intc->ops->reset(intc, errp)) &&
        spapr_machine_activate(
            irq, kind,
            spapr_irq_plan_switch_warning(irq->plan,
                                          had ? old : SPAPR_INTC_COUNT, kind),
            errp)) {
        return true;
    }
    if (had) {
        spapr_machine_activate(irq, old, NULL, NULL);
    }
    return false;
}

bool spapr_machine_switch(SpaprIrq *irq, SpaprIntcKind kind, GError **errp)
{
    return switch_to(irq, kind, false, errp);
}

/*
 * cas-switch=at-cas: the switch during CAS, as QEMU 5.0 and later make it
 * (spapr_irq_update_active_intc() in h_client_architecture_support()).
 * The chosen controller's model is reset first, as QEMU's was at the
 * machine reset before CAS (an inactive controller is untouched since:
 * its claims survive a reset).  Its vCPU ioctls need every vCPU out of
 * KVM_RUN, as at a reset: QEMU makes CAS on the vCPU thread that exited,
 * with the others halted (H_MULTI_THREADS_ACTIVE otherwise).  Nothing
 * waits for the next reset, which returns a dual machine to XICS as
 * QEMU's reset does (it forgets ov5_cas).
 */
static bool cas_switch_now(SpaprIrq *irq, SpaprIntcKind choice, GError **errp)
{
    if (irq->active_valid && irq->active == choice) {
        irq->cas_pending = false;
        return true;
    }
    if (!spapr_machine_check_stopped(irq, "a switch at CAS (cas-switch=at-cas)",
                                     true, errp) ||
        !switch_to(irq, choice, true, errp)) {
        return false;
    }
    irq->cas_pending = false;
    return true;
}

bool spapr_irq_cas(SpaprIrq *irq, uint8_t ov5_byte23, GError **errp)
{
    SpaprIntcKind choice;

    /* The activation (at reset, or here) emits the chosen controller's
     * warning. */
    if (!spapr_irq_plan_cas(irq->plan, ov5_byte23, &choice, errp)) {
        return false;
    }
    if (irq->plan->cas_switch == SPAPR_CAS_SWITCH_AT_CAS) {
        return cas_switch_now(irq, choice, errp);
    }
    irq->cas_pending = true;
    irq->cas_choice = choice;
    return true;
}

/* Byte 23 as QEMU's spapr_ovec_parse_vector() reads it: a vector shorter
 * than 23 bytes leaves it 0. */
bool spapr_irq_cas_ov5(SpaprIrq *irq, const uint8_t *ov5, size_t size,
                       GError **errp)
{
    size_t len;

    if (!ov5 || size < 1) {
        return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_RANGE,
                              "option vector 5: no length byte");
    }
    len = (size_t)ov5[0] + 1;
    if (size - 1 < len) {
        return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_RANGE,
                              "option vector 5: %zu bytes given, its length "
                              "byte says %zu",
                              size - 1, len);
    }
    return spapr_irq_cas(
        irq, len >= SPAPR_OV5_BYTE_INTC ? ov5[SPAPR_OV5_BYTE_INTC] : 0, errp);
}

/*
 * The model of the target controller is reset, then either the switch
 * connects it (pushing the reset state into a new kernel device), or it
 * stays active and its backend gets the reset state (post_load).  A switch
 * resets the model once the old controller has let go of the guest's calls
 * (switch_to()), so that a switch that cannot start changes nothing.
 */
bool spapr_irq_reset(SpaprIrq *irq, GError **errp)
{
    SpaprIntcKind target =
        irq->cas_pending ? irq->cas_choice : irq->plan->start_active;
    SpaprIntc *intc = irq->intc[target];
    bool switching = !irq->active_valid || irq->active != target;

    if (!spapr_machine_check_stopped(irq, "a reset", true, errp)) {
        return false;
    }
    irq->cas_pending = false;
    /* QEMU 7.2 resets both controllers of a dual machine (each is a device
     * on the machine's reset list); the inactive one is not in the kernel,
     * so only its model is reset.  Without a switch it is reset first, so
     * that the active controller's post_load has the last word on the
     * vCPU lines; with one, once the switch succeeded (a switch that fails
     * changes nothing). */
    for (int k = 0; !switching && k < SPAPR_INTC_COUNT; k++) {
        if (irq->intc[k] && k != (int)target &&
            !irq->intc[k]->ops->reset(irq->intc[k], errp)) {
            return false;
        }
    }
    if (switching) {
        if (!switch_to(irq, target, true, errp)) {
            return false;
        }
        for (int k = 0; k < SPAPR_INTC_COUNT; k++) {
            if (irq->intc[k] && k != (int)target &&
                !irq->intc[k]->ops->reset(irq->intc[k], errp)) {
                return false;
            }
        }
        return true;
    }
    if (!intc->ops->reset(intc, errp)) {
        return false;
    }
    return spapr_machine_post_load(irq, errp);
}
