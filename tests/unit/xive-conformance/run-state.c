/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * XIVE conformance suite: the VM's run state and what reaches the guest
 * without the layer (docs/specs/vmm.md).  In the kernel, the ESB and TIMA
 * pages are the VMM's memory slots: the guest's accesses are served there,
 * never by spapr_irq_mmio_*(); while the VM runs the layer issues no vCPU
 * ioctl (the simulator counts one as a violation); a stop, save and resume
 * loses and doubles no interrupt.  Emulated, the same tests hold with no
 * slot and no stop needed.
 */
#include <errno.h>

#include "fixture.h"
#include "sim/sim.h"
#include "tools/vmm.h"

static SpaprHostSimStats stats(Machine *m)
{
    SpaprHostSimStats st = {0};

    spapr_host_sim_stats(spapr_irq_get_host(m->irq), &st);
    return st;
}

static void resume_ok(Machine *m)
{
    g_autoptr(GError) err = NULL;

    g_assert_true(vmm_vm_resume(m->irq, &err));
    g_assert_no_error(err);
    g_assert_true(spapr_irq_vm_running(m->irq));
}

static void stop_ok(Machine *m)
{
    g_autoptr(GError) err = NULL;

    g_assert_true(vmm_vm_stop(m->irq, &err));
    g_assert_no_error(err);
    g_assert_false(spapr_irq_vm_running(m->irq));
}

/* A delivery as a guest takes it, every ESB and TIMA access through the
 * slots in the kernel: the library's MMIO entry serves none of them. */
void test_run_mapped_pages(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, 2);
    SpaprHostSimStats before, after;
    uint64_t v = 0;

    claim(m, MSI_A, false);
    open_queue(m, 1, 5);
    before = stats(m);
    enable_source(m, MSI_A, 1, 5, 0x0a);
    open_all_cpus(m);
    resume_ok(m);
    trigger(m, MSI_A);
    expect_only_line(m, 1);
    ack_expect(m, 1, 0x8005);
    expect_qentry(m, QPAGE(1, 5), 0, QENTRY(1, 0x0a));
    g_assert_cmphex(eoi(m, MSI_A), ==, 0);
    set_cppr(m, 1, 0xff);
    after = stats(m);

    /* The layer's MMIO entry: not its pages while in the kernel. */
    g_assert_cmpint(
        spapr_irq_mmio_read(m->irq, 0, ESB_MGMT(MSI_A) + ESB_GET, 8, &v), ==,
        !in_kernel(m));
    g_assert_cmpint(spapr_irq_mmio_write(m->irq, 1, TM_OS_CPPR, 1, 0xff), ==,
                    !in_kernel(m));
    g_assert_cmpint(spapr_irq_mmio_read(m->irq, 1, TM_OS_RING, 8, &v), ==,
                    !in_kernel(m));
    if (!in_kernel(m)) {
        return;
    }
    /* ESB and TIMA, each its slot; SET_PQ, ack, OS ring, EOI, CPPR... */
    g_assert_cmpuint(after.memory_slots, ==, 2);
    g_assert_cmpuint(after.mapped_accesses - before.mapped_accesses, >=, 6);
    g_assert_cmpuint(after.mmio_exits, ==, before.mmio_exits);
    g_assert_cmpuint(after.running_violations, ==, 0);
}

/* While the VM runs: `info pic`, the guest's calls (every XIVE hcall),
 * claims, a vCPU hot-plugged, CAS, with no vCPU ioctl; save, load and reset
 * refused in the kernel; each vCPU's state read on its own thread. */
void test_run_no_vcpu_ioctl(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, 2);
    g_autoptr(GByteArray) state = NULL;
    g_autoptr(GByteArray) out = g_byte_array_new();
    g_autoptr(GError) err = NULL;
    g_autofree char *info = NULL;
    g_autoptr(GString) full = g_string_new(NULL);
    SpaprHost *h = spapr_irq_get_host(m->irq);

    claim(m, MSI_A, false);
    open_queue(m, 0, 5);
    enable_source(m, MSI_A, 0, 5, 0x0a);
    open_all_cpus(m);
    state = save(m);
    resume_ok(m);

    trigger(m, MSI_A);
    info = info_pic(m);
    g_assert_nonnull(strstr(info, "  00001300 MSI  P- - valid"));
    g_assert_cmpint(strstr(info, "the VM is running") != NULL, ==,
                    in_kernel(m));
    /* What needs the vCPUs waits for a stop, in the kernel only. */
    g_assert_cmpint(spapr_irq_save(m->irq, out, &err), ==, !in_kernel(m));
    g_assert_cmpint(spapr_irq_load(m->irq, state->data, state->len, &err), ==,
                    !in_kernel(m));
    if (in_kernel(m)) {
        g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE);
        g_assert_nonnull(strstr(err->message, "spapr_irq_vm_stop()"));
        g_clear_error(&err);
        g_assert_false(spapr_irq_reset(m->irq, &err));
        g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE);
    }
    g_clear_error(&err);
    claim(m, MSI_B, false);
    spapr_irq_free(m->irq, MSI_B, 1);
    set_level(m, MSI_A, 1);
    g_assert_true(vmm_cpu_add(m->irq, 2, &err));
    g_assert_no_error(err);
    g_assert_true(spapr_irq_cas(m->irq, SPAPR_OV5_XIVE, &err));
    g_assert_no_error(err);

    /* Every XIVE hcall, from each vCPU's exit while the other runs. */
    XiveCall calls[11];

    xive_calls(m, calls);
    for (unsigned i = 0; i < G_N_ELEMENTS(calls); i++) {
        for (uint32_t cpu = 0; cpu < 2; cpu++) {
            CHECK_H(
                __LINE__, hcall_name(calls[i].op),
                hcall(m, cpu, calls[i].op, calls[i].args, calls[i].nargs, NULL),
                calls[i].ok);
        }
    }
    /* QEMU's monitor: each vCPU's part on its own thread. */
    vmm_print_info(m->irq, full);
    g_assert_nonnull(strstr(full->str, "CPU 2 (server"));
    if (!in_kernel(m)) {
        return;
    }
    g_assert_cmpuint(stats(m).running_violations, ==, 0);

    /* The check can fail: a vCPU left in KVM_RUN across a stop makes the
     * full read-back of `info pic` a violation. */
    stop_ok(m);
    g_assert_true(
        spapr_host_sim_vcpu_run(h, spapr_irq_cpu_vcpu_fd(m->irq, 1), true));
    g_free(info);
    info = info_pic(m);
    g_assert_cmpuint(stats(m).running_violations, >=, 1);
    g_assert_nonnull(stats(m).violation_op);
    spapr_host_sim_vcpu_run(h, spapr_irq_cpu_vcpu_fd(m->irq, 1), false);
}

/*
 * A stop, a save and a resume, 1000 times, with interrupts pending at the
 * stop: A delivered and not acknowledged (PQ 10, its queue entry not
 * consumed), the LSI L asserted and delivered, B idle; while stopped, B
 * fires once (cycle 500) and A again (cycle 700).  At the end the queue
 * holds A, L, B once each; A's EOI delivers its second event, L's EOI its
 * level again, B's nothing: nothing lost, nothing doubled.  (QEMU 7.2
 * loses A's second event: its resume fires again only a source held at
 * PQ 00; docs/specs/kvm.md.)
 */
void test_run_stop_save_resume(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, 1);
    g_autoptr(GByteArray) first = NULL;
    const uint64_t q = QPAGE(0, 5);

    claim(m, MSI_A, false);
    claim(m, MSI_B, false);
    claim(m, LSI_L, true);
    open_queue(m, 0, 5);
    enable_source(m, MSI_A, 0, 5, 0x0a);
    enable_source(m, MSI_B, 0, 5, 0x0b);
    enable_source(m, LSI_L, 0, 5, 0x0c);
    resume_ok(m);
    trigger(m, MSI_A);
    set_level(m, LSI_L, 1);
    expect_qoff(m, 0, 5, 2);

    for (unsigned cycle = 1; cycle <= 1000; cycle++) {
        g_autoptr(GByteArray) state = g_byte_array_new();
        g_autoptr(GError) err = NULL;

        stop_ok(m);
        if (cycle == 500) {
            set_level(m, MSI_B, 1);
        }
        if (cycle == 700) {
            set_level(m, MSI_A, 1);
        }
        g_assert_true(spapr_irq_save(m->irq, state, &err));
        g_assert_no_error(err);
        /* Nothing moves while nothing happens. */
        if (cycle == 1) {
            first = g_byte_array_ref(state);
        } else if (cycle < 500) {
            assert_same_bytes(first, state);
        }
        resume_ok(m);
    }

    expect_qoff(m, 0, 5, 3);
    expect_qentry(m, q, 0, QENTRY(1, 0x0a));
    expect_qentry(m, q, 1, QENTRY(1, 0x0c));
    expect_qentry(m, q, 2, QENTRY(1, 0x0b));
    /* The guest takes them (CPPR 0xff, ack once, EOIs). */
    set_cppr(m, 0, 0xff);
    ack_expect(m, 0, 0x8005);
    eoi(m, MSI_A);
    expect_qoff(m, 0, 5, 4);
    expect_qentry(m, q, 3, QENTRY(1, 0x0a));
    /* An LSI's EOI goes through H_INT_ESB (the guest is told so under
     * KVM, H_INT_GET_SOURCE_INFO). */
    hesb_load(m, LSI_L, ESB_EOI);
    expect_qoff(m, 0, 5, 5);
    expect_qentry(m, q, 4, QENTRY(1, 0x0c));
    eoi(m, MSI_B);
    set_level(m, LSI_L, 0);
    hesb_load(m, LSI_L, ESB_EOI);
    eoi(m, MSI_A);
    expect_qoff(m, 0, 5, 5);
    expect_pq(m, MSI_A, PQ_00);
    expect_pq(m, MSI_B, PQ_00);
    if (in_kernel(m)) {
        g_assert_cmpuint(stats(m).running_violations, ==, 0);
    }
}

/*
 * A stop that fails in the kernel (its EQ_SYNC, under kernel-irqchip=on)
 * leaves the VM running for the layer; the VMM, whose vCPUs are out of
 * KVM_RUN, runs them on (QEMU's stop cannot fail).  The failed stop must
 * have changed nothing: the sources it had masked deliver again, with
 * their PQ bits, and the next stop works.
 */
void test_run_failed_stop(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, 1);
    g_autoptr(GError) err = NULL;
    SpaprHost *h = spapr_irq_get_host(m->irq);

    if (!in_kernel(m)) {
        g_test_skip("an emulated XIVE makes no host call at a stop");
        return;
    }
    claim(m, MSI_A, false);
    claim(m, MSI_B, false);
    open_queue(m, 0, 5);
    enable_source(m, MSI_A, 0, 5, 0x0a);
    enable_source(m, MSI_B, 0, 5, 0x0b);
    resume_ok(m);
    trigger(m, MSI_B);
    expect_qoff(m, 0, 5, 1);

    g_assert_true(spapr_host_sim_fail(h, 1, EIO));
    g_assert_false(vmm_vm_stop(m->irq, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_HOST);
    g_assert_cmpstr(stats(m).failed_op, ==, "set_device_attr");
    g_assert_true(spapr_irq_vm_running(m->irq));
    /* The VMM goes on running the VM. */
    resume_ok(m);
    expect_pq(m, MSI_A, PQ_00);
    expect_pq(m, MSI_B, PQ_10);
    trigger(m, MSI_A);
    expect_qoff(m, 0, 5, 2);
    expect_qentry(m, QPAGE(0, 5), 1, QENTRY(1, 0x0a));
    expect_pq(m, MSI_A, PQ_10);
    /* B's event is still the guest's to EOI; a trigger coalesces. */
    trigger(m, MSI_B);
    expect_pq(m, MSI_B, PQ_11);
    expect_qoff(m, 0, 5, 2);
    /* A later stop holds and gives back as usual. */
    stop_ok(m);
    resume_ok(m);
    expect_pq(m, MSI_A, PQ_10);
    expect_pq(m, MSI_B, PQ_11);
    g_assert_cmpuint(stats(m).running_violations, ==, 0);
}

/*
 * A state loaded while the VM is stopped: the sources stay held until the
 * resume, so an event that comes between the load and the resume (a
 * device's MSI, an LSI asserted) is caught and delivered at the resume, as
 * one that comes after a stop is.
 */
void test_run_load_stopped(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, 1);
    g_autoptr(GByteArray) state = NULL;
    g_autoptr(GError) err = NULL;

    claim(m, MSI_A, false);
    claim(m, LSI_L, true);
    open_queue(m, 0, 5);
    enable_source(m, MSI_A, 0, 5, 0x0a);
    enable_source(m, LSI_L, 0, 5, 0x0c);
    resume_ok(m);
    stop_ok(m);
    state = save(m);
    g_assert_true(spapr_irq_load(m->irq, state->data, state->len, &err));
    g_assert_no_error(err);
    trigger(m, MSI_A);
    set_level(m, LSI_L, 1);
    resume_ok(m);
    /* Each once, in either order. */
    expect_qoff(m, 0, 5, 2);
    g_assert_cmphex(MIN(qentry(m, QPAGE(0, 5), 0), qentry(m, QPAGE(0, 5), 1)),
                    ==, QENTRY(1, 0x0a));
    g_assert_cmphex(MAX(qentry(m, QPAGE(0, 5), 0), qentry(m, QPAGE(0, 5), 1)),
                    ==, QENTRY(1, 0x0c));
    expect_pq(m, MSI_A, PQ_10);
    if (in_kernel(m)) {
        g_assert_cmpuint(stats(m).running_violations, ==, 0);
    }
}

/*
 * An MSI triggered while the VM is stopped, after the stop: the save
 * carries it (an in-kernel XIVE's held source found at PQ 11) and the
 * destination, emulated or in kvm-sim power9-6.1's kernel, delivers it
 * exactly once at its resume.  The source, resumed instead, delivers it
 * once too.
 */
void test_run_trigger_stopped_migrates(const void *data)
{
    static const char *const dests[] = {"emulated", "kvm-sim:power9-6.1"};
    /* vsmt=8 on every backend: the same server numbers (KVM's default). */
    const MachineOpts opts = {"pseries,ic-mode=xive,vsmt=8", "power9", 1, 0,
                              SPAPR_INTC_XIVE};
    g_autoptr(Machine) m = machine_new_opts(data, &opts);
    g_autoptr(GByteArray) state = NULL;

    claim(m, MSI_A, false);
    open_queue(m, 0, 5);
    enable_source(m, MSI_A, 0, 5, 0x0a);
    resume_ok(m);
    stop_ok(m);
    trigger(m, MSI_A);
    state = save(m);
    for (size_t d = 0; d < G_N_ELEMENTS(dests); d++) {
        const Backend *be = NULL;
        g_autoptr(Machine) t = NULL;
        g_autoptr(GError) err = NULL;
        g_autoptr(GByteArray) again = NULL;

        for (size_t i = 0; i < nbackends; i++) {
            if (!strcmp(backends[i].name, dests[d])) {
                be = &backends[i];
            }
        }
        g_assert_nonnull(be);
        t = machine_new_opts(be, &opts);
        claim(t, MSI_A, false);
        resume_ok(t);
        stop_ok(t);
        memcpy(t->ram, m->ram, RAM_SIZE);
        g_assert_true(spapr_irq_load(t->irq, state->data, state->len, &err));
        g_assert_no_error(err);
        again = save(t);
        assert_same_bytes(again, state);
        resume_ok(t);
        expect_qoff(t, 0, 5, 1);
        g_assert_cmphex(qentry(t, QPAGE(0, 5), 0), ==, QENTRY(1, 0x0a));
        expect_pq(t, MSI_A, PQ_10);
        /* A second stop and resume delivers nothing more. */
        stop_ok(t);
        resume_ok(t);
        expect_qoff(t, 0, 5, 1);
        g_test_message("%s -> %s: delivered once",
                       ((const Backend *)data)->name, be->name);
    }
    resume_ok(m);
    expect_qoff(m, 0, 5, 1);
    g_assert_cmphex(qentry(m, QPAGE(0, 5), 0), ==, QENTRY(1, 0x0a));
    expect_pq(m, MSI_A, PQ_10);
}

/*
 * A device's MSI for a vCPU that is out of KVM_RUN while the VM runs (it
 * exited to the VMM, or is scheduled out).  In the kernel the event only
 * sets the IPB backup of the vCPU's NVT, and VP_STATE reads it ORed into
 * the w01 the vCPU left the guest with, PIPR not derived from it
 * (kvmppc_xive_native_get_vp()); the save must still give a state that
 * loads back, into the machine and into a fresh one, byte for byte, and
 * after the resume the guest takes the interrupt exactly once.
 */
void test_run_event_out_of_run(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, 2);
    g_autoptr(Machine) t = NULL;
    g_autoptr(GByteArray) state = NULL;
    g_autoptr(GByteArray) again = NULL;
    g_autoptr(GError) err = NULL;
    Machine *both[2];

    if (!in_kernel(m)) {
        g_test_skip("no KVM_RUN: an emulated XIVE has no pulled context");
        return;
    }
    claim(m, MSI_A, false);
    open_queue(m, 1, 5);
    enable_source(m, MSI_A, 1, 5, 0x0a);
    resume_ok(m);
    set_cppr(m, 1, 0xff);
    spapr_host_sim_vcpu_run(spapr_irq_get_host(m->irq),
                            spapr_irq_cpu_vcpu_fd(m->irq, 1), false);
    set_level(m, MSI_A, 1);
    expect_qoff(m, 1, 5, 1);
    stop_ok(m);
    state = save(m);

    if (!spapr_irq_load(m->irq, state->data, state->len, &err)) {
        g_test_message("load into itself: %s", err->message);
    }
    g_assert_no_error(err);
    again = save(m);
    assert_same_bytes(again, state);
    g_clear_pointer(&again, g_byte_array_unref);

    t = machine_new(data, 2);
    claim(t, MSI_A, false);
    resume_ok(t);
    stop_ok(t);
    memcpy(t->ram, m->ram, RAM_SIZE);
    if (!spapr_irq_load(t->irq, state->data, state->len, &err)) {
        g_test_message("load into a fresh machine: %s", err->message);
    }
    g_assert_no_error(err);
    again = save(t);
    assert_same_bytes(again, state);

    both[0] = m;
    both[1] = t;
    for (size_t i = 0; i < G_N_ELEMENTS(both); i++) {
        Machine *x = both[i];

        resume_ok(x);
        ack_expect(x, 1, 0x8005);
        ack_expect(x, 1, 0x0005);
        expect_qoff(x, 1, 5, 1);
        g_assert_cmphex(qentry(x, QPAGE(1, 5), 0), ==, QENTRY(1, 0x0a));
        /* Out of KVM_RUN and back: nothing comes again. */
        stop_ok(x);
        resume_ok(x);
        ack_expect(x, 1, 0x0005);
        expect_qoff(x, 1, 5, 1);
        g_assert_cmpuint(stats(x).running_violations, ==, 0);
    }
}
