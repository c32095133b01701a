/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq tool: the main demo.  A guest profile (tools/guest.c) boots on
 * the machine through the entry points a VMM forwards (hcalls, RTAS, MMIO),
 * takes a burst of interrupts and reboots; each step is printed.
 */
#include <stdio.h>

#include "tools/demo.h"
#include "sim/sim.h"
#include "tools/migration.h"
#include "tools/vmm.h"

#define DEMO_RAM_SIZE (UINT64_C(1) << 30)
#define DEMO_ROUNDS   8 /* burst: every source and IPI fires this often */
#define DEMO_NR_MSIS  4
#define DEMO_MAX_SRCS 16

static void demo_set_cpu_irq(void *opaque, uint32_t cpu_index, bool level)
{
    DemoVm *vm = opaque;

    if (level && cpu_index < vm->max_cpus) {
        vm->raises[cpu_index]++;
    }
}

static bool demo_mem_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
    return guest_ram_read(&((DemoVm *)opaque)->ram, gpa, buf, len);
}

static bool demo_mem_write(void *opaque, uint64_t gpa, const void *buf,
                           size_t len)
{
    return guest_ram_write(&((DemoVm *)opaque)->ram, gpa, buf, len);
}

static void demo_trace(void *opaque, const SpaprIrqTraceEvent *ev)
{
    trace_log_event(((DemoVm *)opaque)->trace, ev);
}

void demo_vm_init(DemoVm *vm)
{
    *vm = (DemoVm){0};
    guest_ram_init(&vm->ram, DEMO_RAM_SIZE);
    vm->cb = (SpaprIrqCallbacks){
        .opaque = vm,
        .set_cpu_irq = demo_set_cpu_irq,
        .map_region = vmm_map_region,
        .mem_read = demo_mem_read,
        .mem_write = demo_mem_write,
        .trace = demo_trace,
    };
}

void demo_vm_attach(DemoVm *vm, const SpaprIrq *irq)
{
    g_free(vm->raises);
    vm->max_cpus = spapr_irq_get_plan(irq)->topo.max_cpus;
    vm->raises = g_new0(unsigned, vm->max_cpus);
}

void demo_vm_fini(DemoVm *vm)
{
    guest_ram_fini(&vm->ram);
    g_clear_pointer(&vm->raises, g_free);
}

bool demo_populate(SpaprIrq *irq, GError **errp)
{
    const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);

    for (uint32_t i = 0; i < plan->topo.smp_cpus; i++) {
        if (!vmm_cpu_add(irq, i, errp)) {
            return false;
        }
    }
    return spapr_irq_claim(irq, SPAPR_IRQ_EPOW, false, errp) &&
           spapr_irq_claim(irq, SPAPR_IRQ_HOTPLUG, false, errp);
}

/* ---- the host ---- */

void demo_pick_host(SpaprIrqConfig *cfg)
{
    SpaprHostCaps caps;
    GError *err = NULL;
    SpaprAccel asked = cfg->accel;

    cfg->accel = SPAPR_ACCEL_KVM;
    if (!spapr_irq_host_probe(cfg, &caps, &err)) {
        printf("host: /dev/kvm is not usable (%s): TCG, every controller "
               "emulated\n",
               err->message);
        g_clear_error(&err);
        cfg->accel = asked;
    } else if (!caps.xics && !caps.xive) {
        printf("host: /dev/kvm has no in-kernel XICS or XIVE (not a POWER "
               "KVM host): TCG, every controller emulated\n");
        cfg->accel = asked;
    } else {
        printf("host: /dev/kvm offers in-kernel%s%s: KVM\n",
               caps.xics ? " XICS" : "", caps.xive ? " XIVE" : "");
    }
}

/* Why the active controller has the implementation it has; @from is the
 * first warning of the activation. */
static char *demo_why(SpaprIrq *irq, guint from)
{
    const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);
    GPtrArray *w = spapr_irq_warnings(irq);
    SpaprIntcKind kind = spapr_irq_active(irq);

    if (!plan->kvm) {
        return g_strdup("TCG has no in-kernel interrupt controller");
    }
    if (plan->kernel_irqchip == SPAPR_KERNEL_IRQCHIP_OFF) {
        return g_strdup("kernel-irqchip=off");
    }
    if (spapr_irq_active_impl(irq) == SPAPR_INTC_IMPL_KVM) {
        return g_strdup_printf("the host kernel has the %s device (%s)",
                               kind == SPAPR_INTC_XIVE ? "XIVE native" : "XICS",
                               kind == SPAPR_INTC_XIVE ? "KVM_CAP_PPC_IRQ_XIVE"
                                                       : "KVM_CAP_IRQ_XICS");
    }
    if (from < w->len) {
        return g_strdup(g_ptr_array_index(w, w->len - 1));
    }
    return g_strdup("emulated by the policy");
}

static void demo_show_active(SpaprIrq *irq, const char *when, guint from)
{
    g_autofree char *why = demo_why(irq, from);

    printf("  %s: %s (%s): %s\n", when,
           spapr_intc_kind_name(spapr_irq_active(irq)),
           spapr_intc_impl_name(spapr_irq_active_impl(irq)), why);
}

static const char *demo_byte_name(uint8_t byte)
{
    switch (byte) {
    case SPAPR_OV5_XIVE:
        return "XIVE";
    case SPAPR_OV5_BOTH:
        return "either";
    }
    return "XICS";
}

static void demo_guest_log(void *opaque, const char *line)
{
    printf("  %s\n", line);
}

/* On kvm-sim: where the guest's ESB and TIMA accesses went (the pages
 * mapped into it, or exits to the VMM), and whether the layer made a vCPU
 * ioctl while the vCPUs ran. */
static void demo_show_slots(SpaprIrq *irq)
{
    SpaprHostSimStats st;

    if (!spapr_host_sim_stats(spapr_irq_get_host(irq), &st)) {
        return;
    }
    printf("kvm-sim: %u guest accesses served by the %u memory slots on the "
           "XIVE pages, %u exits to the VMM, %u vCPU ioctls while running\n",
           st.mapped_accesses, st.memory_slots, st.mmio_exits,
           st.running_violations);
}

/* Reset, CAS, reset: the guest's negotiation and the switch (with
 * cas-switch=at-cas the switch happens at CAS and no reset follows, as in
 * QEMU 5.0 and later). */
static bool demo_boot(SpaprIrq *irq, Guest *g, GError **errp)
{
    const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);
    g_autofree char *name = guest_profile_name(guest_profile(g));
    SpaprIntcKind before;
    SpaprIntcImpl before_impl;
    guint from = spapr_irq_warnings(irq)->len;
    uint8_t sent;

    /* The VM runs from the first reset on (its vCPUs in KVM_RUN). */
    if (!vmm_reset(irq, errp) || !vmm_vm_resume(irq, errp)) {
        return false;
    }
    demo_show_active(irq, "reset, before CAS", from);
    before = spapr_irq_active(irq);
    before_impl = spapr_irq_active_impl(irq);
    /* The switch's warning (at CAS or at the reset) is shown below. */
    from = spapr_irq_warnings(irq)->len;
    if (!guest_cas(g, &sent, errp)) {
        return false;
    }
    printf("  CAS: the machine offers byte 23 = 0x%02x (%s); the %s guest "
           "asks for 0x%02x (%s)\n",
           plan->platform_byte23, demo_byte_name(plan->platform_byte23), name,
           sent, demo_byte_name(sent));
    if (plan->cas_switch != SPAPR_CAS_SWITCH_AT_CAS && !vmm_reset(irq, errp)) {
        return false;
    }
    if (spapr_irq_active(irq) != before ||
        spapr_irq_active_impl(irq) != before_impl) {
        printf("  %s: switch %s (%s) -> %s (%s)\n",
               plan->cas_switch == SPAPR_CAS_SWITCH_AT_CAS ? "CAS" : "reset",
               spapr_intc_kind_name(before), spapr_intc_impl_name(before_impl),
               spapr_intc_kind_name(spapr_irq_active(irq)),
               spapr_intc_impl_name(spapr_irq_active_impl(irq)));
    }
    demo_show_active(irq,
                     plan->cas_switch == SPAPR_CAS_SWITCH_AT_CAS
                         ? "after CAS"
                         : "after CAS and reset",
                     from);
    return true;
}

/* ---- the burst ---- */

typedef struct DemoSource {
    uint32_t num; /* IRQ number; an IPI: its target CPU index */
    bool ipi, lsi;
    uint32_t cpu; /* where it must be taken */
    unsigned fired, taken;
} DemoSource;

typedef struct DemoBurst {
    SpaprIrq *irq;
    DemoSource src[DEMO_MAX_SRCS];
    unsigned n;
    unsigned wrong; /* taken on another CPU, or never fired */
} DemoBurst;

/* The driver's part of the handler: find the source, lower an LSI. */
static void demo_handler(void *opaque, uint32_t cpu, uint32_t source)
{
    DemoBurst *b = opaque;
    bool xive = spapr_irq_active(b->irq) == SPAPR_INTC_XIVE;

    for (unsigned i = 0; i < b->n; i++) {
        DemoSource *s = &b->src[i];
        bool match = s->ipi ? s->cpu == cpu && source == (xive ? s->cpu : 2)
                            : s->num == source;

        if (match) {
            s->taken++;
            if (s->cpu != cpu || s->taken > s->fired) {
                b->wrong++;
            }
            if (s->lsi) {
                spapr_irq_set_irq(b->irq, s->num, 0, NULL);
            }
            return;
        }
    }
    b->wrong++;
}

static void demo_add(DemoBurst *b, uint32_t num, bool ipi, bool lsi,
                     uint32_t cpu)
{
    g_assert(b->n < DEMO_MAX_SRCS);
    b->src[b->n++] =
        (DemoSource){.num = num, .ipi = ipi, .lsi = lsi, .cpu = cpu};
}

/* Claims the demo's devices once: a VIO device, a PCI LSI, MSIs. */
static bool demo_claim_devices(SpaprIrq *irq, uint32_t *msi, GError **errp)
{
    if (!spapr_irq_claim(irq, 0x1100, false, errp) ||
        !spapr_irq_claim(irq, 0x1200, true, errp) ||
        !spapr_irq_msi_alloc(irq, DEMO_NR_MSIS, true, msi, errp)) {
        return false;
    }
    /* The PCI host bridge claims the MSIs the allocator handed out. */
    for (uint32_t i = 0; i < DEMO_NR_MSIS; i++) {
        if (!spapr_irq_claim(irq, *msi + i, false, errp)) {
            return false;
        }
    }
    return true;
}

/* How a burst meets a migration: the source migrates after firing round
 * 0; the destination finds round 0 fired (and routed) by the source. */
typedef struct DemoMig {
    const char *uri; /* the source's -migrate */
    bool incoming;   /* the destination */
    bool migrated;   /* out: the source completed the migration */
    MigrationVm vm;
} DemoMig;

static bool demo_migrate_now(DemoMig *m, GError **errp)
{
    MigrationStatus st = {0};
    g_autofree char *line = NULL;
    GError *err = NULL;

    m->migrated = migration_migrate(&m->vm, m->uri, &st, &err);
    line = migration_status_line(&st);
    printf("migrate %s: %s\n", m->uri, line);
    migration_status_clear(&st);
    if (!m->migrated) {
        printf("  migration failed (%s): the source resumes and goes on "
               "delivering\n",
               err->message);
        g_clear_error(&err);
    }
    return true;
}

static bool demo_burst(SpaprIrq *irq, DemoVm *vm, Guest *g, uint32_t msi,
                       DemoMig *mig, unsigned *takenp, GError **errp)
{
    const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);
    uint32_t ncpus = plan->topo.smp_cpus;
    DemoBurst b = {.irq = irq};
    g_autofree unsigned *per_cpu = g_new0(unsigned, ncpus);
    g_autofree unsigned *raises0 =
        g_memdup2(vm->raises, sizeof(unsigned) * vm->max_cpus);
    unsigned total = 0, fired = 0, ipis = 0;

    demo_add(&b, SPAPR_IRQ_EPOW, false, false, 0);
    demo_add(&b, SPAPR_IRQ_HOTPLUG, false, false, 1 % ncpus);
    demo_add(&b, 0x1100, false, false, 2 % ncpus);
    demo_add(&b, 0x1200, false, true, 3 % ncpus);
    for (uint32_t i = 0; i < DEMO_NR_MSIS; i++) {
        demo_add(&b, msi + i, false, false, i % ncpus);
    }
    for (uint32_t cpu = 0; cpu < ncpus && b.n < DEMO_MAX_SRCS; cpu++) {
        demo_add(&b, cpu, true, false, cpu);
    }
    for (unsigned i = 0; i < b.n && !(mig && mig->incoming); i++) {
        if (!b.src[i].ipi &&
            !guest_enable(g, b.src[i].num, b.src[i].cpu, errp)) {
            return false;
        }
    }
    printf("  devices: VIO 0x1100, PCI LSI 0x1200, MSIs 0x%x-0x%x, EPOW and "
           "hot-plug, each routed to a CPU in turn\n",
           msi, msi + DEMO_NR_MSIS - 1);
    guest_set_handler(g, demo_handler, &b);
    for (unsigned round = 0; round < DEMO_ROUNDS; round++) {
        /* Everything fires at once, then every CPU drains its interrupts. */
        for (unsigned i = 0; i < b.n; i++) {
            DemoSource *s = &b.src[i];
            bool ok = (mig && mig->incoming && round == 0) ||
                      (s->ipi ? guest_ipi(g, 0, s->cpu, errp)
                              : spapr_irq_set_irq(irq, s->num, 1, errp) &&
                                    (s->lsi ||
                                     spapr_irq_set_irq(irq, s->num, 0, errp)));

            if (!ok) {
                goto fail;
            }
            s->fired++;
            fired++;
        }
        if (mig && mig->incoming && round == 0) {
            printf("  round 0: %u interrupts fired on the source before the "
                   "migration, in flight\n",
                   b.n);
        }
        if (mig && mig->uri && round == 0) {
            printf("  round 0: %u interrupts fired, in flight; migrating\n",
                   b.n);
            demo_migrate_now(mig, errp);
            if (mig->migrated) {
                guest_set_handler(g, NULL, NULL);
                *takenp = 0;
                return true;
            }
        }
        for (uint32_t cpu = 0; cpu < ncpus; cpu++) {
            for (;;) {
                GuestTaken taken;
                uint32_t value;

                if (!guest_take(g, cpu, &taken, &value, errp)) {
                    goto fail;
                }
                if (taken == GUEST_TAKEN_NONE) {
                    break;
                }
                per_cpu[cpu]++;
                total++;
            }
        }
    }
    guest_set_handler(g, NULL, NULL);
    for (uint32_t cpu = 0; cpu < ncpus; cpu++) {
        printf("  cpu %u: took %u interrupts (line raised %u times)\n", cpu,
               per_cpu[cpu], vm->raises[cpu] - raises0[cpu]);
    }
    for (unsigned i = 0; i < b.n; i++) {
        ipis += b.src[i].ipi ? b.src[i].taken : 0;
        if (b.src[i].taken != b.src[i].fired) {
            b.wrong++;
        }
    }
    printf("  burst: %u interrupts fired in %d rounds, %u taken (%u IPIs), "
           "%u lost or misdelivered\n",
           fired, DEMO_ROUNDS, total, ipis, b.wrong);
    if (b.wrong || total != fired) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE,
                    "demo: %u of %u interrupts were lost, duplicated or "
                    "taken on the wrong CPU",
                    b.wrong + (fired > total ? fired - total : total - fired),
                    fired);
        return false;
    }
    *takenp = total;
    return true;

fail:
    guest_set_handler(g, NULL, NULL);
    return false;
}

static bool demo_run_mig(SpaprIrq *irq, DemoVm *vm, const GuestProfile *p,
                         DemoMig *mig, GError **errp)
{
    const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);
    g_autoptr(GString) info = g_string_new(NULL);
    g_autofree char *name = guest_profile_name(p);
    Guest *g = NULL;
    uint32_t msi = 0;
    unsigned taken = 0;
    bool ok = false;

    demo_vm_attach(vm, irq);
    if (!demo_populate(irq, errp)) {
        return false;
    }
    g = guest_new(p, irq, &vm->ram, demo_guest_log, NULL, errp);
    if (!g) {
        return false;
    }
    if (mig) {
        mig->vm.guest = g;
    }
    printf("boot: a %s guest on %u CPUs\n", name, plan->topo.smp_cpus);
    if (!demo_boot(irq, g, errp) || !guest_setup(g, errp)) {
        goto out;
    }
    printf("  guest: %s set up on every CPU (%s)\n",
           spapr_intc_kind_name(spapr_irq_active(irq)),
           spapr_irq_active(irq) == SPAPR_INTC_XIVE
               ? "a 64 KiB queue at priority 6, CPPR 0xff, one IPI source "
                 "each"
               : "CPPR 0xff, MFRR 0xff; sources at priority 5 by "
                 "ibm,set-xive");
    if (!demo_claim_devices(irq, &msi, errp) ||
        !demo_burst(irq, vm, g, msi, mig, &taken, errp)) {
        goto out;
    }
    if (mig && mig->migrated) {
        printf("the source stops: the guest runs on the destination\n");
        ok = true;
        goto out;
    }
    vmm_print_info(irq, info);
    printf("info pic:\n%s", info->str);
    printf("summary: %s machine, %s guest, %s chosen at CAS and running "
           "%s on host %s; %u CPUs took %u interrupts, each once on its "
           "CPU\n",
           spapr_ic_mode_name(plan->ic_mode), name,
           spapr_intc_kind_name(spapr_irq_active(irq)),
           spapr_intc_impl_name(spapr_irq_active_impl(irq)),
           spapr_irq_get_host_caps(irq)->name, plan->topo.smp_cpus, taken);
    demo_show_slots(irq);
    printf("reboot:\n");
    if (!demo_boot(irq, g, errp) || !guest_setup(g, errp)) {
        goto out;
    }
    ok = true;
out:
    guest_free(&g);
    return ok;
}

bool demo_run(SpaprIrq *irq, DemoVm *vm, const GuestProfile *p, GError **errp)
{
    return demo_run_mig(irq, vm, p, NULL, errp);
}

bool demo_run_migrate(SpaprIrq *irq, DemoVm *vm, const GuestProfile *p,
                      const char *uri, bool *migrated, GError **errp)
{
    DemoMig mig = {.uri = uri, .vm = {.irq = irq, .ram = &vm->ram}};
    bool ok;

    ok = demo_run_mig(irq, vm, p, &mig, errp);
    *migrated = mig.migrated;
    return ok;
}

bool demo_incoming(SpaprIrq *irq, DemoVm *vm, const GuestProfile *p,
                   const char *uri, GError **errp)
{
    const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);
    g_autofree char *name = guest_profile_name(p);
    DemoMig mig = {.incoming = true, .vm = {.irq = irq, .ram = &vm->ram}};
    Guest *g = NULL;
    uint32_t msi = 0;
    unsigned taken = 0;
    bool ok = false;

    demo_vm_attach(vm, irq);
    /* The same machine and devices as the source's, as QEMU's destination
     * is started with the same options. */
    if (!demo_populate(irq, errp) || !demo_claim_devices(irq, &msi, errp)) {
        return false;
    }
    g = guest_new(p, irq, &vm->ram, demo_guest_log, NULL, errp);
    if (!g) {
        return false;
    }
    mig.vm.guest = g;
    printf("incoming: waiting for the migration stream on %s\n", uri);
    fflush(stdout);
    if (!migration_incoming(&mig.vm, uri, errp) || !vmm_vm_resume(irq, errp)) {
        goto out;
    }
    printf("incoming: loaded; a %s guest on %u CPUs, %s (%s) active; the VM "
           "runs\n",
           name, plan->topo.smp_cpus,
           spapr_intc_kind_name(spapr_irq_active(irq)),
           spapr_intc_impl_name(spapr_irq_active_impl(irq)));
    if (!demo_burst(irq, vm, g, msi, &mig, &taken, errp)) {
        goto out;
    }
    printf("summary: %s machine, %s guest, migrated in and running %s (%s) "
           "on host %s; %u CPUs took %u interrupts, each once on its CPU\n",
           spapr_ic_mode_name(plan->ic_mode), name,
           spapr_intc_kind_name(spapr_irq_active(irq)),
           spapr_intc_impl_name(spapr_irq_active_impl(irq)),
           spapr_irq_get_host_caps(irq)->name, plan->topo.smp_cpus, taken);
    demo_show_slots(irq);
    ok = true;
out:
    guest_free(&g);
    return ok;
}
