/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-machine: the VM's run state on kvm-sim (hw/machine/run.c).  With
 * every vCPU marked in KVM_RUN, every call the API allows while the VM runs
 * completes without a vCPU ioctl (the simulator would count it), on the
 * in-kernel XICS and on a dual machine through its switch; what needs the
 * vCPUs is refused until the VM stops; a vCPU's state is read on its own
 * thread.  The XIVE side of the same rules is in the XIVE conformance
 * suite (run-state.c there).
 */
#include <errno.h>
#include <libfdt.h>
#include <string.h>

#include "fixture.h"
#include "tools/vmm.h"

#define MSI 0x1300

static void stop_ok(SpaprIrq *irq)
{
    g_autoptr(GError) err = NULL;

    g_assert_true(vmm_vm_stop(irq, &err));
    g_assert_no_error(err);
}

static void resume_ok(SpaprIrq *irq)
{
    g_autoptr(GError) err = NULL;

    g_assert_true(vmm_vm_resume(irq, &err));
    g_assert_no_error(err);
}

/* The calls a running VM may take, none of which may touch a vCPU; the
 * guest asks for @cas at CAS. */
static void running_calls(SpaprIrq *irq, uint8_t cas)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(GString) info = g_string_new(NULL);
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};
    uint32_t args[3] = {MSI, 0, 5}, rrets[3] = {0};
    uint32_t first = 0;
    void *fdt = g_malloc0(65536);
    bool lsi = false;

    g_assert_cmpint(fdt_create_empty_tree(fdt, 65536), ==, 0);
    spapr_irq_print_info(irq, info);
    claim_ok(irq, MSI, false);
    g_assert_true(spapr_irq_is_claimed(irq, MSI, &lsi));
    g_assert_true(spapr_irq_msi_alloc(irq, 4, true, &first, &err));
    g_assert_no_error(err);
    spapr_irq_msi_free(irq, first, 4);
    g_assert_true(vmm_rtas(irq, 0, spapr_irq_rtas_token("ibm,set-xive"), 3,
                           args, 1, rrets));
    g_assert_true(spapr_irq_set_irq(irq, MSI, 1, &err));
    g_assert_no_error(err);
    vmm_hcall(irq, 0, OP_H_XIRR, NULL, 0, rets);
    vmm_hcall(irq, 1, OP_H_INT_GET_SOURCE_INFO, (uint64_t[]){0, MSI}, 2, rets);
    g_assert_true(spapr_irq_dt(irq, fdt, &err));
    g_assert_no_error(err);
    /* A vCPU hot-plugged: connected before it runs. */
    g_assert_true(vmm_cpu_add(irq, 2, &err));
    g_assert_no_error(err);
    spapr_irq_free(irq, MSI, 1);
    g_assert_true(spapr_irq_cas(irq, cas, &err));
    g_assert_no_error(err);
    g_free(fdt);
}

/* Save, load and reset wait for the stop; each vCPU's own thread reads
 * its state while the others run. */
static void needs_stop(SpaprIrq *irq)
{
    g_autoptr(GByteArray) state = g_byte_array_new();
    g_autoptr(GError) err = NULL;
    SpaprHost *h = spapr_irq_get_host(irq);

    g_assert_false(spapr_irq_save(irq, state, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE);
    assert_contains(err->message, "spapr_irq_vm_stop()");
    g_clear_error(&err);
    g_assert_false(spapr_irq_reset(irq, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE);
    g_clear_error(&err);
    for (uint32_t c = 0; c < 3; c++) {
        int fd = spapr_irq_cpu_vcpu_fd(irq, c);

        g_assert_cmpint(fd, >=, 0);
        spapr_host_sim_vcpu_run(h, fd, false);
        g_assert_true(spapr_irq_cpu_synchronize(irq, c, &err));
        g_assert_no_error(err);
        spapr_host_sim_vcpu_run(h, fd, true);
    }
    g_assert_cmpuint(irq_sim_stats(irq).running_violations, ==, 0);
    /* Stopped, they work. */
    stop_ok(irq);
    g_assert_true(spapr_irq_save(irq, state, &err));
    g_assert_no_error(err);
    g_assert_true(spapr_irq_load(irq, state->data, state->len, &err));
    g_assert_no_error(err);
    g_assert_true(spapr_irq_reset(irq, &err));
    g_assert_no_error(err);
    resume_ok(irq);
}

void test_run_state_xics(void)
{
    static const char *const opts[] = {
        "-machine", "pseries,ic-mode=xics", "-accel", "kvm-sim,host=power9-6.1",
        "-smp",     "2,maxcpus=4",          NULL};
    SpaprIrq *irq = create_ok(opts);
    g_autoptr(GString) info = g_string_new(NULL);
    g_autoptr(GError) err = NULL;

    cpu_add_ok(irq, 0);
    cpu_add_ok(irq, 1);
    reset_ok(irq);
    g_assert_false(spapr_irq_vm_running(irq));
    resume_ok(irq);
    g_assert_true(spapr_irq_vm_running(irq));
    g_assert_true(spapr_host_sim_vcpu_in_run(spapr_irq_get_host(irq),
                                             spapr_irq_cpu_vcpu_fd(irq, 1)));
    running_calls(irq, 0x00);
    spapr_irq_print_info(irq, info);
    assert_contains(info->str, "the VM is running: the vCPUs' interrupt state "
                               "below was not read back");
    g_assert_cmpuint(irq_sim_stats(irq).running_violations, ==, 0);
    needs_stop(irq);
    /* The guest's XICS calls never reached the layer: the kernel answers
     * them; one that does is QEMU's H_HARDWARE. */
    g_assert_cmpint(spapr_irq_hcall(irq, 0, OP_H_XIRR, NULL, 0,
                                    (uint64_t[SPAPR_IRQ_HCALL_MAX_RETS]){0}),
                    ==, SPAPR_H_HARDWARE);
    /* Idempotent both ways. */
    resume_ok(irq);
    stop_ok(irq);
    stop_ok(irq);
    g_assert_true(spapr_irq_vm_resume(irq, &err));
    spapr_irq_destroy(&irq);
}

/* A dual machine through its switch to the in-kernel XIVE, stopped around
 * the reset as QEMU pauses its vCPUs. */
void test_run_state_dual(void)
{
    static const char *const opts[] = {"-accel", "kvm-sim,host=power10-6.1",
                                       "-smp", "2,maxcpus=4", NULL};
    SpaprIrq *irq = create_ok(opts);
    g_autoptr(GError) err = NULL;

    cpu_add_ok(irq, 0);
    cpu_add_ok(irq, 1);
    reset_ok(irq);
    resume_ok(irq);
    running_calls(irq, SPAPR_OV5_XIVE);
    g_assert_true(vmm_reset(irq, &err));
    g_assert_no_error(err);
    assert_kernel_xive(irq, 3);
    g_assert_true(spapr_irq_vm_running(irq));
    g_assert_cmpuint(irq_sim_stats(irq).memory_slots, ==, 2);
    needs_stop(irq);
    g_assert_cmpuint(irq_sim_stats(irq).running_violations, ==, 0);
    spapr_irq_destroy(&irq);
}

/*
 * A kernel call that fails while the VM runs, under kernel-irqchip
 * allowed: leaving the kernel would close its device, whose release takes
 * every vCPU's mutex (kvmppc_xics_release(), kvmppc_xive_release(),
 * kvmppc_xive_native_release()) and so would wait for the vCPUs to leave
 * KVM_RUN.  The call fails instead (QEMU has no fallback once the machine
 * runs), the controller stays in the kernel, and once the VM is stopped
 * the same failure falls back as usual.
 */
void test_run_state_no_fallback_running(void)
{
    static const char *const modes[] = {"pseries,ic-mode=xics",
                                        "pseries,ic-mode=xive"};

    for (size_t i = 0; i < G_N_ELEMENTS(modes); i++) {
        const char *opts[] = {
            "-machine", modes[i], "-accel", "kvm-sim,host=power9-6.1",
            "-smp",     "2",      NULL};
        SpaprIrq *irq = create_ok(opts);
        g_autoptr(GError) err = NULL;
        SpaprIntcKind kind = i ? SPAPR_INTC_XIVE : SPAPR_INTC_XICS;
        guint warnings;

        g_test_message("%s", modes[i]);
        cpu_add_ok(irq, 0);
        cpu_add_ok(irq, 1);
        reset_ok(irq);
        resume_ok(irq);
        assert_active(irq, kind, SPAPR_INTC_IMPL_KVM);
        warnings = spapr_irq_warnings(irq)->len;

        g_assert_true(spapr_host_sim_fail(spapr_irq_get_host(irq), 1, EIO));
        g_assert_false(spapr_irq_claim(irq, MSI, false, &err));
        g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_HOST);
        assert_contains(err->message, "while the VM runs");
        g_clear_error(&err);
        g_assert_false(spapr_irq_is_claimed(irq, MSI, NULL));
        assert_active(irq, kind, SPAPR_INTC_IMPL_KVM);
        g_assert_cmpuint(spapr_irq_warnings(irq)->len, ==, warnings);
        g_assert_cmpuint(irq_sim_stats(irq).running_violations, ==, 0);
        claim_ok(irq, MSI, false);
        spapr_irq_free(irq, MSI, 1);

        /* Stopped, the fallback is taken. */
        stop_ok(irq);
        g_assert_true(spapr_host_sim_fail(spapr_irq_get_host(irq), 1, EIO));
        claim_ok(irq, MSI, false);
        assert_active(irq, kind, SPAPR_INTC_IMPL_EMULATED);
        g_assert_cmpuint(spapr_irq_warnings(irq)->len, ==, warnings + 1);
        g_assert_cmpuint(irq_sim_stats(irq).running_violations, ==, 0);
        spapr_irq_destroy(&irq);
    }
}

/* A VMM without map_region cannot have the XIVE in the kernel: the plan
 * says so at start, as for a host without the device (not at the reset
 * after CAS). */
void test_run_state_no_map_region(void)
{
    SpaprIrqCallbacks cb = callbacks;
    g_autoptr(GError) err = NULL;
    static const char *const on[] = {"-machine",
                                     "pseries,ic-mode=dual,kernel-irqchip=on",
                                     "-accel", "kvm-sim,host=power9-6.1", NULL};
    static const char *const xive_on[] = {
        "-machine", "pseries,ic-mode=xive,kernel-irqchip=on", "-accel",
        "kvm-sim,host=power9-6.1", NULL};
    static const char *const dual[] = {"-accel", "kvm-sim,host=power9-6.1",
                                       NULL};
    const char *const *refused[] = {on, xive_on};
    SpaprIrq *irq;

    cb.map_region = NULL;
    for (unsigned i = 0; i < G_N_ELEMENTS(refused); i++) {
        g_autoptr(SpaprIrqConfig) cfg = cfg_from(refused[i]);

        irq = spapr_irq_create(cfg, &cb, -1, &err);
        g_assert_null(irq);
        g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_HOST);
        assert_contains(err->message, "kernel_irqchip requested but "
                                      "unavailable: the VMM cannot map");
        assert_contains(err->message, "no map_region callback");
        g_clear_error(&err);
    }
    {
        g_autoptr(SpaprIrqConfig) cfg = cfg_from(dual);
        GPtrArray *w;

        irq = spapr_irq_create(cfg, &cb, -1, &err);
        g_assert_no_error(err);
        g_assert_cmpint(spapr_irq_get_plan(irq)->impl[SPAPR_INTC_XIVE], ==,
                        SPAPR_INTC_IMPL_EMULATED);
        g_assert_cmpint(spapr_irq_get_plan(irq)->impl[SPAPR_INTC_XICS], ==,
                        SPAPR_INTC_IMPL_KVM);
        cpu_add_ok(irq, 0);
        reset_ok(irq);
        cas_ok(irq, SPAPR_OV5_XIVE);
        reset_ok(irq);
        assert_active(irq, SPAPR_INTC_XIVE, SPAPR_INTC_IMPL_EMULATED);
        w = spapr_irq_warnings(irq);
        g_assert_cmpuint(w->len, >=, 1);
        assert_contains(g_ptr_array_index(w, w->len - 1),
                        "kernel_irqchip allowed but unavailable: the VMM "
                        "cannot map the in-kernel XIVE's ESB and TIMA pages "
                        "into the guest (no map_region callback), Falling "
                        "back to kernel-irqchip=off");
        g_assert_cmpuint(irq_sim_stats(irq).mappings, ==, 0);
        spapr_irq_destroy(&irq);
    }
}
