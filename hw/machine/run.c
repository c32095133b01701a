/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the VM's run state, as QEMU's run-state handlers see it.
 *
 * The VMM says when its vCPUs run (spapr_irq_vm_resume()) and when they
 * have all left KVM_RUN (spapr_irq_vm_stop()).  While they run the layer
 * issues no vCPU ioctl: a kernel takes vcpu->mutex for KVM_GET/SET_ONE_REG
 * and KVM_ENABLE_CAP, so the call would wait until the vCPU leaves
 * KVM_RUN.  What needs the vCPUs is then refused (save, load, reset with a
 * controller in the kernel), reduced (`info pic`) or done on the vCPU's own
 * thread (spapr_irq_cpu_synchronize(), QEMU's run_on_cpu()).
 */
#include "hw/core/fail.h"
#include "hw/machine/machine.h"

bool spapr_machine_check_stopped(const SpaprIrq *irq, const char *what,
                                 bool may_connect, GError **errp)
{
    bool kernel = spapr_machine_in_kernel(irq);

    for (int k = 0; may_connect && irq->host && k < SPAPR_INTC_COUNT; k++) {
        kernel |=
            irq->plan->has[k] && irq->plan->impl[k] == SPAPR_INTC_IMPL_KVM;
    }
    if (irq->vm_running && kernel) {
        return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_STATE,
                              "%s needs the VM stopped while an interrupt "
                              "controller is in the kernel (its vCPUs out of "
                              "KVM_RUN): call spapr_irq_vm_stop() first",
                              what);
    }
    return true;
}

bool spapr_irq_vm_running(const SpaprIrq *irq)
{
    return irq->vm_running;
}

/* The vCPUs have left KVM_RUN before this (QEMU: pause_all_vcpus(), then
 * the change-state handlers). */
bool spapr_irq_vm_stop(SpaprIrq *irq, GError **errp)
{
    SpaprIntc *intc = spapr_machine_active(irq);
    GError *err = NULL;

    if (!irq->vm_running) {
        return true;
    }
    irq->vm_running = false;
    if (!intc || spapr_intc_vm_stop(intc, &err)) {
        return true;
    }
    /* Under allowed the controller goes on emulated, which needs no stop;
     * under on the VM stays running for the layer (save is refused) and
     * the failed stop changes nothing: what it held is given back, or the
     * VMM that runs its vCPUs on would find every source masked (a resume
     * of a running VM does nothing). */
    if (spapr_machine_kernel_failed(irq, intc, err, true, errp)) {
        return true;
    }
    spapr_intc_vm_resume(intc);
    irq->vm_running = true;
    return false;
}

/* Before the vCPUs enter KVM_RUN again (QEMU: the change-state handlers,
 * then resume_all_vcpus()). */
bool spapr_irq_vm_resume(SpaprIrq *irq, GError **errp)
{
    SpaprIntc *intc = spapr_machine_active(irq);

    (void)errp;
    if (irq->vm_running) {
        return true;
    }
    if (intc) {
        spapr_intc_vm_resume(intc);
    }
    irq->vm_running = true;
    return true;
}

bool spapr_irq_cpu_synchronize(SpaprIrq *irq, uint32_t cpu_index, GError **errp)
{
    SpaprIntc *intc = spapr_machine_active(irq);
    GError *err = NULL;

    if (!spapr_machine_check_cpu(irq, cpu_index, errp)) {
        return false;
    }
    if (!irq->cpus[cpu_index].present) {
        return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_STATE,
                              "CPU %u is not present", cpu_index);
    }
    if (!intc || spapr_intc_cpu_synchronize(intc, cpu_index, &err)) {
        return true;
    }
    /* Nothing to salvage: the vCPU's state is what failed to be read. */
    return spapr_machine_kernel_failed(irq, intc, err, false, errp);
}

int spapr_irq_cpu_vcpu_fd(const SpaprIrq *irq, uint32_t cpu_index)
{
    if (!irq->host || cpu_index >= irq->plan->topo.max_cpus ||
        !irq->cpus[cpu_index].present) {
        return -1;
    }
    return irq->cpus[cpu_index].vcpu_fd;
}
