/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq tool: the main demo.  A guest profile (tools/guest.c) boots on
 * the machine through the entry points a VMM forwards (hcalls, RTAS, MMIO),
 * takes a burst of interrupts and reboots; each step is printed.
 */
#include <stdio.h>
#include <string.h>

#include "tools/demo.h"
#include "sim/sim.h"
#include "tools/migration.h"
#include "tools/vmm.h"

#define DEMO_RAM_SIZE   (UINT64_C(1) << 30)
#define DEMO_ROUNDS     8  /* burst: every source and IPI fires this often */
#define DEMO_NR_MSIS    4  /* the fewest MSIs; more on large machines */
#define DEMO_FIXED_SRCS 4  /* EPOW, hot-plug, VIO, PCI LSI */
#define DEMO_CPU_LINES  16 /* per-CPU lines; more CPUs: lines per range */
#define DEMO_PIC_LINES  64 /* info pic lines shown */

/* What a burst found. */
typedef struct DemoStats {
    unsigned taken;            /* interrupts taken */
    unsigned dev_min, dev_max; /* device interrupts per CPU */
} DemoStats;

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
    *vm = (DemoVm){.out = stdout};
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

bool demo_vm_set_quiet(DemoVm *vm)
{
    FILE *sink = fopen("/dev/null", "w");

    if (!sink) {
        return false;
    }
    if (vm->out != stdout) {
        fclose(vm->out);
    }
    vm->out = sink;
    return true;
}

void demo_vm_fini(DemoVm *vm)
{
    if (vm->out && vm->out != stdout) {
        fclose(vm->out);
    }
    vm->out = stdout;
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

void demo_pick_host(SpaprIrqConfig *cfg, FILE *out)
{
    SpaprHostCaps caps;
    GError *err = NULL;
    SpaprAccel asked = cfg->accel;

    cfg->accel = SPAPR_ACCEL_KVM;
    if (!spapr_irq_host_probe(cfg, &caps, &err)) {
        fprintf(out,
                "host: /dev/kvm is not usable (%s): TCG, every controller "
                "emulated\n",
                err->message);
        g_clear_error(&err);
        cfg->accel = asked;
    } else if (!caps.xics && !caps.xive) {
        fprintf(out,
                "host: /dev/kvm has no in-kernel XICS or XIVE (not a POWER "
                "KVM host): TCG, every controller emulated\n");
        cfg->accel = asked;
    } else {
        fprintf(out, "host: /dev/kvm offers in-kernel%s%s: KVM\n",
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

static void demo_show_active(FILE *out, SpaprIrq *irq, const char *when,
                             guint from)
{
    g_autofree char *why = demo_why(irq, from);

    fprintf(out, "  %s: %s (%s): %s\n", when,
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
    FILE *out = ((DemoVm *)opaque)->out;

    fprintf(out, "  %s\n", line);
}

/* On kvm-sim: where the guest's ESB and TIMA accesses went (the pages
 * mapped into it, or exits to the VMM), and whether the layer made a vCPU
 * ioctl while the vCPUs ran. */
static void demo_show_slots(FILE *out, SpaprIrq *irq)
{
    SpaprHostSimStats st;

    if (!spapr_host_sim_stats(spapr_irq_get_host(irq), &st)) {
        return;
    }
    fprintf(out,
            "kvm-sim: %u guest accesses served by the %u memory slots on the "
            "XIVE pages, %u exits to the VMM, %u vCPU ioctls while running\n",
            st.mapped_accesses, st.memory_slots, st.mmio_exits,
            st.running_violations);
}

/* Reset, CAS, reset: the guest's negotiation and the switch (with
 * cas-switch=at-cas the switch happens at CAS and no reset follows, as in
 * QEMU 5.0 and later). */
static bool demo_boot(FILE *out, SpaprIrq *irq, Guest *g, GError **errp)
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
    demo_show_active(out, irq, "reset, before CAS", from);
    before = spapr_irq_active(irq);
    before_impl = spapr_irq_active_impl(irq);
    /* The switch's warning (at CAS or at the reset) is shown below. */
    from = spapr_irq_warnings(irq)->len;
    if (!guest_cas(g, &sent, errp)) {
        return false;
    }
    fprintf(out,
            "  CAS: the machine offers byte 23 = 0x%02x (%s); the %s guest "
            "asks for 0x%02x (%s)\n",
            plan->platform_byte23, demo_byte_name(plan->platform_byte23), name,
            sent, demo_byte_name(sent));
    if (plan->cas_switch != SPAPR_CAS_SWITCH_AT_CAS && !vmm_reset(irq, errp)) {
        return false;
    }
    if (spapr_irq_active(irq) != before ||
        spapr_irq_active_impl(irq) != before_impl) {
        fprintf(out, "  %s: switch %s (%s) -> %s (%s)\n",
                plan->cas_switch == SPAPR_CAS_SWITCH_AT_CAS ? "CAS" : "reset",
                spapr_intc_kind_name(before), spapr_intc_impl_name(before_impl),
                spapr_intc_kind_name(spapr_irq_active(irq)),
                spapr_intc_impl_name(spapr_irq_active_impl(irq)));
    }
    demo_show_active(out, irq,
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
    uint32_t cpu; /* where it must be taken (this round) */
    unsigned fired, taken;
} DemoSource;

/* The sources: the fixed devices, the MSIs, then one IPI per CPU. */
typedef struct DemoBurst {
    SpaprIrq *irq;
    DemoSource *src;
    unsigned n, ndev; /* sources; device sources (the first ones) */
    uint32_t msi, nmsi;
    uint32_t ncpus;
    unsigned *dev_taken; /* per CPU: device interrupts taken */
    unsigned wrong;      /* taken on another CPU, or never fired */
} DemoBurst;

/* The source the guest took: an IPI (XICS: source 2 on the CPU it was
 * sent to; XIVE: the LISN of the target CPU's IPI), or a device. */
static DemoSource *demo_find(DemoBurst *b, uint32_t cpu, uint32_t source)
{
    bool xive = spapr_irq_active(b->irq) == SPAPR_INTC_XIVE;
    uint32_t target = xive ? source : cpu;

    if (xive ? source < SPAPR_XIRQ_BASE : source == 2) {
        return target < b->ncpus ? &b->src[b->ndev + target] : NULL;
    }
    if (source >= b->msi && source - b->msi < b->nmsi) {
        return &b->src[b->ndev - b->nmsi + (source - b->msi)];
    }
    for (unsigned i = 0; i < b->ndev - b->nmsi; i++) {
        if (b->src[i].num == source) {
            return &b->src[i];
        }
    }
    return NULL;
}

/* The driver's part of the handler: find the source, lower an LSI. */
static void demo_handler(void *opaque, uint32_t cpu, uint32_t source)
{
    DemoBurst *b = opaque;
    DemoSource *s = demo_find(b, cpu, source);

    if (!s) {
        b->wrong++;
        return;
    }
    s->taken++;
    if (s->cpu != cpu || s->taken > s->fired) {
        b->wrong++;
    }
    if (!s->ipi && cpu < b->ncpus) {
        b->dev_taken[cpu]++;
    }
    if (s->lsi) {
        spapr_irq_set_irq(b->irq, s->num, 0, NULL);
    }
}

static void demo_add(DemoBurst *b, uint32_t num, bool ipi, bool lsi,
                     uint32_t cpu)
{
    b->src[b->n++] =
        (DemoSource){.num = num, .ipi = ipi, .lsi = lsi, .cpu = cpu};
}

/* Enough MSIs that over the rounds every CPU gets device interrupts: the
 * device sources move on to the next CPUs each round (demo_target()). */
static uint32_t demo_nr_msis(const SpaprIrq *irq)
{
    uint32_t ncpus = spapr_irq_get_plan(irq)->topo.smp_cpus;
    uint32_t need = (ncpus + DEMO_ROUNDS - 1) / DEMO_ROUNDS;
    uint32_t n = DEMO_NR_MSIS;

    while (n + DEMO_FIXED_SRCS < need) {
        n *= 2; /* the allocator hands out aligned powers of two */
    }
    return n;
}

/* Device source @i's CPU in @round: round-robin over every CPU, each
 * round going on where the last one stopped (as irqbalance moves them). */
static uint32_t demo_target(const DemoBurst *b, unsigned i, unsigned round)
{
    return (uint32_t)(((uint64_t)round * b->ndev + i) % b->ncpus);
}

/* Claims the demo's devices once: a VIO device, a PCI LSI, MSIs. */
static bool demo_claim_devices(SpaprIrq *irq, uint32_t *msi, GError **errp)
{
    uint32_t nmsi = demo_nr_msis(irq);

    if (!spapr_irq_claim(irq, SPAPR_IRQ_VIO, false, errp) ||
        !spapr_irq_claim(irq, SPAPR_IRQ_PCI_LSI, true, errp) ||
        !spapr_irq_msi_alloc(irq, nmsi, true, msi, errp)) {
        return false;
    }
    /* The PCI host bridge claims the MSIs the allocator handed out. */
    for (uint32_t i = 0; i < nmsi; i++) {
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

static bool demo_migrate_now(DemoVm *vm, DemoMig *m, GError **errp)
{
    MigrationStatus st = {0};
    g_autofree char *line = NULL;
    GError *err = NULL;

    m->migrated = migration_migrate(&m->vm, m->uri, &st, &err);
    line = migration_status_line(&st);
    fprintf(vm->out, "migrate %s: %s\n", m->uri, line);
    migration_status_clear(&st);
    if (!m->migrated) {
        fprintf(vm->out,
                "  migration failed (%s): the source resumes and goes on "
                "delivering\n",
                err->message);
        g_clear_error(&err);
    }
    return true;
}

/* Per CPU what it took: one line each on small machines, else one line
 * per range of CPUs (at most DEMO_CPU_LINES lines at any -smp). */
static void demo_print_cpus(FILE *out, const unsigned *took,
                            const unsigned *raised, uint32_t ncpus)
{
    uint32_t per = (ncpus + DEMO_CPU_LINES - 1) / DEMO_CPU_LINES;

    for (uint32_t first = 0; first < ncpus; first += per) {
        uint32_t last = MIN(first + per, ncpus) - 1;
        unsigned tmin = took[first], tmax = tmin;
        unsigned rmin = raised[first], rmax = rmin;

        for (uint32_t c = first + 1; c <= last; c++) {
            tmin = MIN(tmin, took[c]);
            tmax = MAX(tmax, took[c]);
            rmin = MIN(rmin, raised[c]);
            rmax = MAX(rmax, raised[c]);
        }
        if (first == last) {
            fprintf(out,
                    "  cpu %u: took %u interrupts (line raised %u "
                    "times)\n",
                    first, tmin, rmin);
        } else if (tmin == tmax && rmin == rmax) {
            fprintf(out,
                    "  cpus %u-%u: took %u interrupts each (line "
                    "raised %u times each)\n",
                    first, last, tmin, rmin);
        } else {
            fprintf(out,
                    "  cpus %u-%u: took %u to %u interrupts each (line "
                    "raised %u to %u times each)\n",
                    first, last, tmin, tmax, rmin, rmax);
        }
    }
}

/* Fires source @s once. */
static bool demo_fire(SpaprIrq *irq, Guest *g, const DemoSource *s,
                      GError **errp)
{
    if (s->ipi) {
        return guest_ipi(g, 0, s->cpu, errp);
    }
    return spapr_irq_set_irq(irq, s->num, 1, errp) &&
           (s->lsi || spapr_irq_set_irq(irq, s->num, 0, errp));
}

/* Every CPU drains what it was sent; @per_cpu counts what each took. */
static bool demo_drain(Guest *g, uint32_t ncpus, unsigned *per_cpu,
                       unsigned *total, GError **errp)
{
    for (uint32_t cpu = 0; cpu < ncpus; cpu++) {
        for (;;) {
            GuestTaken taken;
            uint32_t value;

            if (!guest_take(g, cpu, &taken, &value, errp)) {
                return false;
            }
            if (taken == GUEST_TAKEN_NONE) {
                break;
            }
            per_cpu[cpu]++;
            (*total)++;
        }
    }
    return true;
}

/* Interrupts lost, duplicated or taken on the wrong CPU. */
static unsigned demo_lost(const DemoBurst *b, unsigned fired, unsigned total)
{
    unsigned wrong = b->wrong;

    for (unsigned i = 0; i < b->n; i++) {
        wrong += b->src[i].taken != b->src[i].fired;
    }
    return wrong + (fired > total ? fired - total : total - fired);
}

/* The checks of the burst: each interrupt taken once on its CPU, and every
 * CPU took its IPIs and device interrupts. */
static bool demo_check(const DemoBurst *b, unsigned fired, unsigned total,
                       GError **errp)
{
    unsigned lost = demo_lost(b, fired, total);

    if (lost) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE,
                    "demo: %u of %u interrupts were lost, duplicated or "
                    "taken on the wrong CPU",
                    lost, fired);
        return false;
    }
    for (uint32_t cpu = 0; cpu < b->ncpus; cpu++) {
        if (!b->dev_taken[cpu] || !b->src[b->ndev + cpu].taken) {
            g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE,
                        "demo: CPU %u took %u IPIs and %u device interrupts",
                        cpu, b->src[b->ndev + cpu].taken, b->dev_taken[cpu]);
            return false;
        }
    }
    return true;
}

static bool demo_burst(SpaprIrq *irq, DemoVm *vm, Guest *g, uint32_t msi,
                       DemoMig *mig, DemoStats *st, GError **errp)
{
    const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);
    uint32_t ncpus = plan->topo.smp_cpus;
    uint32_t nmsi = demo_nr_msis(irq);
    g_autofree DemoSource *src =
        g_new0(DemoSource, DEMO_FIXED_SRCS + nmsi + ncpus);
    g_autofree unsigned *dev_taken = g_new0(unsigned, ncpus);
    DemoBurst b = {.irq = irq,
                   .src = src,
                   .msi = msi,
                   .nmsi = nmsi,
                   .ncpus = ncpus,
                   .dev_taken = dev_taken};
    g_autofree unsigned *per_cpu = g_new0(unsigned, ncpus);
    g_autofree unsigned *raised = g_new0(unsigned, ncpus);
    g_autofree unsigned *raises0 =
        g_memdup2(vm->raises, sizeof(unsigned) * vm->max_cpus);
    bool incoming = mig && mig->incoming;
    unsigned total = 0, fired = 0, ipis = 0;

    demo_add(&b, SPAPR_IRQ_EPOW, false, false, 0);
    demo_add(&b, SPAPR_IRQ_HOTPLUG, false, false, 0);
    demo_add(&b, SPAPR_IRQ_VIO, false, false, 0);
    demo_add(&b, SPAPR_IRQ_PCI_LSI, false, true, 0);
    for (uint32_t i = 0; i < nmsi; i++) {
        demo_add(&b, msi + i, false, false, 0);
    }
    b.ndev = b.n;
    for (uint32_t cpu = 0; cpu < ncpus; cpu++) {
        demo_add(&b, cpu, true, false, cpu);
    }
    fprintf(vm->out,
            "  devices: VIO 0x%x, PCI LSI 0x%x, MSIs 0x%x-0x%x, EPOW and "
            "hot-plug, each routed to the next CPU in turn, round after "
            "round\n",
            SPAPR_IRQ_VIO, SPAPR_IRQ_PCI_LSI, msi, msi + nmsi - 1);
    guest_set_handler(g, demo_handler, &b);
    for (unsigned round = 0; round < DEMO_ROUNDS; round++) {
        /* The destination finds round 0 routed and fired by the source. */
        bool from_source = incoming && round == 0;

        for (unsigned i = 0; i < b.ndev; i++) {
            b.src[i].cpu = demo_target(&b, i, round);
            if (!from_source &&
                !guest_enable(g, b.src[i].num, b.src[i].cpu, errp)) {
                goto fail;
            }
        }
        /* Everything fires at once, then every CPU drains its interrupts. */
        for (unsigned i = 0; i < b.n; i++) {
            if (!from_source && !demo_fire(irq, g, &b.src[i], errp)) {
                goto fail;
            }
            b.src[i].fired++;
            fired++;
        }
        if (from_source) {
            fprintf(vm->out,
                    "  round 0: %u interrupts fired on the source before "
                    "the migration, in flight\n",
                    b.n);
        }
        if (mig && mig->uri && round == 0) {
            fprintf(vm->out,
                    "  round 0: %u interrupts fired, in flight; migrating\n",
                    b.n);
            demo_migrate_now(vm, mig, errp);
            if (mig->migrated) {
                guest_set_handler(g, NULL, NULL);
                *st = (DemoStats){0};
                return true;
            }
        }
        if (!demo_drain(g, ncpus, per_cpu, &total, errp)) {
            goto fail;
        }
    }
    guest_set_handler(g, NULL, NULL);
    for (uint32_t cpu = 0; cpu < ncpus; cpu++) {
        raised[cpu] = vm->raises[cpu] - raises0[cpu];
    }
    demo_print_cpus(vm->out, per_cpu, raised, ncpus);
    st->dev_min = st->dev_max = dev_taken[0];
    for (uint32_t cpu = 0; cpu < ncpus; cpu++) {
        st->dev_min = MIN(st->dev_min, dev_taken[cpu]);
        st->dev_max = MAX(st->dev_max, dev_taken[cpu]);
    }
    for (unsigned i = b.ndev; i < b.n; i++) {
        ipis += b.src[i].taken;
    }
    fprintf(vm->out,
            "  burst: %u interrupts fired in %d rounds, %u taken (%u IPIs), "
            "%u lost or misdelivered\n",
            fired, DEMO_ROUNDS, total, ipis, demo_lost(&b, fired, total));
    if (!demo_check(&b, fired, total, errp)) {
        return false;
    }
    st->taken = total;
    return true;

fail:
    guest_set_handler(g, NULL, NULL);
    return false;
}

/* info pic, its first DEMO_PIC_LINES lines on a large machine. */
static void demo_print_pic(FILE *out, SpaprIrq *irq)
{
    g_autoptr(GString) info = g_string_new(NULL);
    const char *p;
    unsigned lines = 0, more = 0;

    vmm_print_info(irq, info);
    for (p = info->str; *p && lines < DEMO_PIC_LINES; lines++) {
        p = strchrnul(p, '\n');
        p += *p == '\n';
    }
    for (const char *q = p; *q; q++) {
        more += *q == '\n';
    }
    fprintf(out, "info pic:\n%.*s", (int)(p - info->str), info->str);
    if (more) {
        fprintf(out,
                "  ... %u more lines (the qtest command \"info pic\" "
                "prints them all)\n",
                more);
    }
}

/* The one line -q prints: the machine, guest @name and controller (as
 * chosen at CAS, or as @migrated in), then what every CPU took. */
static void demo_print_summary(SpaprIrq *irq, const char *name, bool migrated,
                               const DemoStats *st)
{
    const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);
    const char *kind = spapr_intc_kind_name(spapr_irq_active(irq));
    const char *impl = spapr_intc_impl_name(spapr_irq_active_impl(irq));
    g_autofree char *how =
        migrated
            ? g_strdup_printf("migrated in and running %s (%s)", kind, impl)
            : g_strdup_printf("%s chosen at CAS and running %s", kind, impl);
    g_autofree char *dev =
        st->dev_min == st->dev_max
            ? g_strdup_printf("%u", st->dev_min)
            : g_strdup_printf("%u to %u", st->dev_min, st->dev_max);

    printf("summary: %s machine, %s guest, %s on host %s; %u CPUs took %u "
           "interrupts, each once on its CPU, every CPU its %d IPIs and %s "
           "device interrupts\n",
           spapr_ic_mode_name(plan->ic_mode), name, how,
           spapr_irq_get_host_caps(irq)->name, plan->topo.smp_cpus, st->taken,
           DEMO_ROUNDS, dev);
    fflush(stdout);
}

static bool demo_run_mig(SpaprIrq *irq, DemoVm *vm, const GuestProfile *p,
                         DemoMig *mig, GError **errp)
{
    const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);
    g_autofree char *name = guest_profile_name(p);
    FILE *out = vm->out;
    Guest *g = NULL;
    uint32_t msi = 0;
    DemoStats st = {0};
    bool ok = false;

    demo_vm_attach(vm, irq);
    if (!demo_populate(irq, errp)) {
        return false;
    }
    g = guest_new(p, irq, &vm->ram, demo_guest_log, vm, errp);
    if (!g) {
        return false;
    }
    if (mig) {
        mig->vm.guest = g;
    }
    fprintf(out, "boot: a %s guest on %u CPUs\n", name, plan->topo.smp_cpus);
    if (!demo_boot(out, irq, g, errp) || !guest_setup(g, errp)) {
        goto out;
    }
    fprintf(out, "  guest: %s set up on every CPU (%s)\n",
            spapr_intc_kind_name(spapr_irq_active(irq)),
            spapr_irq_active(irq) == SPAPR_INTC_XIVE
                ? "a 64 KiB queue at priority 6, CPPR 0xff, one IPI source "
                  "each"
                : "CPPR 0xff, MFRR 0xff; sources at priority 5 by "
                  "ibm,set-xive");
    if (!demo_claim_devices(irq, &msi, errp) ||
        !demo_burst(irq, vm, g, msi, mig, &st, errp)) {
        goto out;
    }
    if (mig && mig->migrated) {
        fprintf(out, "the source stops: the guest runs on the destination\n");
        ok = true;
        goto out;
    }
    demo_print_pic(out, irq);
    fflush(out);
    demo_print_summary(irq, name, false, &st);
    demo_show_slots(out, irq);
    fprintf(out, "reboot:\n");
    if (!demo_boot(out, irq, g, errp) || !guest_setup(g, errp)) {
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
    FILE *out = vm->out;
    Guest *g = NULL;
    uint32_t msi = 0;
    DemoStats st = {0};
    bool ok = false;

    demo_vm_attach(vm, irq);
    /* The same machine and devices as the source's, as QEMU's destination
     * is started with the same options. */
    if (!demo_populate(irq, errp) || !demo_claim_devices(irq, &msi, errp)) {
        return false;
    }
    g = guest_new(p, irq, &vm->ram, demo_guest_log, vm, errp);
    if (!g) {
        return false;
    }
    mig.vm.guest = g;
    fprintf(out, "incoming: waiting for the migration stream on %s\n", uri);
    fflush(out);
    if (!migration_incoming(&mig.vm, uri, errp) || !vmm_vm_resume(irq, errp)) {
        goto out;
    }
    fprintf(out,
            "incoming: loaded; a %s guest on %u CPUs, %s (%s) active; the VM "
            "runs\n",
            name, plan->topo.smp_cpus,
            spapr_intc_kind_name(spapr_irq_active(irq)),
            spapr_intc_impl_name(spapr_irq_active_impl(irq)));
    if (!demo_burst(irq, vm, g, msi, &mig, &st, errp)) {
        goto out;
    }
    fflush(out);
    demo_print_summary(irq, name, true, &st);
    demo_show_slots(out, irq);
    ok = true;
out:
    guest_free(&g);
    return ok;
}
