/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the command-line tool.
 *
 *   spapr-irq [QEMU-style options]           build the machine's interrupt
 *                                           layer, report its plan, and
 *                                           walk it through a guest boot
 *   spapr-irq [options] -replay TRACE        replay a QEMU trace of a real
 *                                           guest against the model
 *   spapr-irq [options] -qtest stdio|unix:P  drive the machine with text
 *                                           commands (docs/specs/qtest.md)
 *   spapr-irq matrix [-accel ...] [--json]  the decision table of a host
 *   spapr-irq matrix [-accel ...] --html    the tables as a page (every
 *                                           host without -accel)
 *
 * Options are passed through to the library's parser untouched.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim.h"
#include "spapr-irq/spapr-irq.h"
#include "tools/demo.h"
#include "tools/dumpdtb.h"
#include "tools/guest.h"
#include "tools/matrix.h"
#include "tools/migration.h"
#include "tools/qtest.h"
#include "tools/replay.h"

#define TOOL "spapr-irq"

static int usage(FILE *f, int status)
{
    fprintf(f, "Usage:\n"
               "  " TOOL " [options]                run the default machine\n"
               "  " TOOL " [options] -replay TRACE   replay a QEMU trace log\n"
               "  " TOOL " [options] -qtest stdio|unix:PATH\n"
               "                                   drive the machine by text "
               "commands\n"
               "  " TOOL " [options] -incoming URI   wait for a migration, "
               "load it, run\n"
               "  " TOOL " [options] -migrate URI    run the demo, migrate "
               "it mid-burst\n"
               "  " TOOL " matrix [-accel A] [--json]\n"
               "                                   decision table of one host\n"
               "  " TOOL " matrix [-accel A] --html\n"
               "                                   the tables as an HTML page "
               "(every host\n"
               "                                   without -accel)\n"
               "  " TOOL " analyze-migration FILE [--json]\n"
               "                                   the sections and fields of "
               "a stream\n"
               "\n"
               "Migration URIs: tcp:HOST:PORT (loopback only), unix:PATH, "
               "file:PATH, exec:CMD\n"
               "\n"
               "Options (QEMU spelling):\n"
               "  -machine [pseries][,ic-mode=xics|xive|dual]"
               "[,kernel-irqchip=on|off|split]\n"
               "           [,max-cpu-compat=power8|power9|power10][,vsmt=N]"
               "[,dumpdtb=FILE]\n"
               "           [,confidential-guest-support=ID]"
               "[,cas-switch=at-reset|at-cas]\n"
               "  -object pef-guest,id=ID\n"
               "  -cpu power8|power9|power10\n"
               "  -smp N[,maxcpus=M][,sockets=S][,cores=C][,threads=T]\n"
               "  -accel tcg|kvm|kvm-sim[,host=PROFILE]"
               "   (host=help lists the profiles)\n");
    return status;
}

static int fail(GError *err)
{
    fprintf(stderr, TOOL ": %s\n", err->message);
    g_error_free(err);
    return 1;
}

static void print_warnings(GPtrArray *warnings, guint from)
{
    for (guint i = from; i < warnings->len; i++) {
        fprintf(stderr, TOOL ": warning: %s\n",
                (const char *)g_ptr_array_index(warnings, i));
    }
}

static int list_profiles(void)
{
    size_t n;
    const SpaprHostProfile *p = spapr_host_profiles(&n);

    printf("kvm-sim host profiles (default %s):\n",
           spapr_host_profile_default());
    for (size_t i = 0; i < n; i++) {
        printf("  %-14s %s\n", p[i].name, p[i].description);
    }
    return 0;
}

static bool wants_profile_list(const SpaprIrqConfig *cfg)
{
    return cfg->accel == SPAPR_ACCEL_KVM_SIM && cfg->accel_host &&
           g_str_equal(cfg->accel_host, "help");
}

/* Options of the tool itself, next to the QEMU-style ones. */
typedef struct ToolOpts {
    bool json;            /* matrix --json */
    bool html;            /* matrix --html */
    const char *replay;   /* -replay TRACE */
    const char *qtest;    /* -qtest stdio|unix:PATH */
    const char *incoming; /* -incoming URI */
    const char *migrate;  /* -migrate URI (the demo's source) */
    GuestProfile guest;   /* -guest PROFILE (default linux) */
    bool accel_given;     /* -accel was on the command line */
} ToolOpts;

/* Parses the QEMU-style options of argv[first..]; the tool's own options
 * (--json for matrix, -replay for a run) only where @opts allows them. */
static bool parse_args(SpaprIrqConfig *cfg, int argc, char **argv, int first,
                       ToolOpts *opts, bool matrix, GError **errp)
{
    for (int i = first; i < argc; i++) {
        if (matrix && g_str_equal(argv[i], "--json")) {
            opts->json = true;
            continue;
        }
        if (matrix && g_str_equal(argv[i], "--html")) {
            opts->html = true;
            continue;
        }
        if (!matrix && g_str_equal(argv[i], "-replay")) {
            if (i + 1 >= argc) {
                g_set_error(errp, SPAPR_IRQ_ERROR,
                            SPAPR_IRQ_ERROR_INVALID_OPTION,
                            "-replay needs a trace file");
                return false;
            }
            opts->replay = argv[++i];
            continue;
        }
        if (!matrix && g_str_equal(argv[i], "-guest")) {
            if (i + 1 >= argc) {
                g_set_error(errp, SPAPR_IRQ_ERROR,
                            SPAPR_IRQ_ERROR_INVALID_OPTION,
                            "-guest needs a profile (linux[,xive=off]"
                            "[,secure=on] or legacy[,secure=on])");
                return false;
            }
            if (!guest_profile_parse(argv[++i], &opts->guest, errp)) {
                return false;
            }
            continue;
        }
        if (!matrix && (g_str_equal(argv[i], "-incoming") ||
                        g_str_equal(argv[i], "-migrate"))) {
            if (i + 1 >= argc) {
                g_set_error(errp, SPAPR_IRQ_ERROR,
                            SPAPR_IRQ_ERROR_INVALID_OPTION,
                            "%s needs a URI (tcp:HOST:PORT, unix:PATH, "
                            "file:PATH or exec:CMD)",
                            argv[i]);
                return false;
            }
            if (!migration_uri_check(argv[i + 1], errp)) {
                return false;
            }
            if (argv[i][1] == 'i') {
                opts->incoming = argv[++i];
            } else {
                opts->migrate = argv[++i];
            }
            continue;
        }
        if (!matrix && g_str_equal(argv[i], "-qtest")) {
            if (i + 1 >= argc) {
                g_set_error(errp, SPAPR_IRQ_ERROR,
                            SPAPR_IRQ_ERROR_INVALID_OPTION,
                            "-qtest needs stdio or unix:PATH");
                return false;
            }
            opts->qtest = argv[++i];
            continue;
        }
        if (!spapr_irq_config_is_option(argv[i])) {
            g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION,
                        "unknown option \"%s\" (try --help)", argv[i]);
            return false;
        }
        if (!spapr_irq_config_parse_option(
                cfg, argv[i], i + 1 < argc ? argv[i + 1] : NULL, errp)) {
            return false;
        }
        if (g_str_equal(argv[i], "-accel")) {
            opts->accel_given = true;
        }
        i++;
    }
    return true;
}

static int cmd_matrix(int argc, char **argv)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
    g_autoptr(GPtrArray) cells = NULL;
    g_autofree char *text = NULL;
    SpaprHostCaps caps;
    GError *err = NULL;
    ToolOpts opts = {0};

    if (!parse_args(cfg, argc, argv, 2, &opts, true, &err)) {
        return fail(err);
    }
    if (wants_profile_list(cfg)) {
        return list_profiles();
    }
    if (opts.json && opts.html) {
        g_set_error(&err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION,
                    "--json and --html exclude each other");
        return fail(err);
    }
    if (opts.html && !opts.accel_given) {
        g_autoptr(GArray) all = matrix_tables_all(&err);

        if (!all) {
            return fail(err);
        }
        text = matrix_to_html((MatrixTable *)all->data, all->len);
        fputs(text, stdout);
        return 0;
    }
    if (cfg->accel == SPAPR_ACCEL_KVM_SIM && !cfg->accel_host) {
        cfg->accel_host = g_strdup(spapr_host_profile_default());
    }
    if (!spapr_irq_host_probe(cfg, &caps, &err)) {
        return fail(err);
    }
    cells = matrix_compute(&caps, cfg->accel, cfg->accel_host);
    if (opts.html) {
        MatrixTable one = {caps, cells};

        text = matrix_to_html(&one, 1);
    } else {
        text = opts.json ? matrix_to_json(cells) : matrix_to_text(cells, &caps);
    }
    fputs(text, stdout);
    return 0;
}

static void print_plan(const SpaprIrq *irq)
{
    const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);
    const SpaprIrqTopology *t = &plan->topo;
    const SpaprHostCaps *caps = spapr_irq_get_host_caps(irq);

    printf("machine pseries\n");
    printf("  host:            %s\n", caps->name);
    printf("  cpu:             %s (effective ISA: %s)%s\n",
           spapr_cpu_model_name(plan->cpu), spapr_cpu_model_name(plan->isa),
           plan->secure ? ", secure guest (PEF)" : "");
    printf("  topology:        %u CPUs (maxcpus %u = %u sockets x %u cores x "
           "%u threads), vsmt %u, %u interrupt servers\n",
           t->smp_cpus, t->max_cpus, t->sockets, t->cores, t->threads, t->vsmt,
           t->nr_servers);
    printf("  ic-mode:         %s, offered to the guest as %s "
           "(platform-support byte 23 = 0x%02x)\n",
           spapr_ic_mode_name(plan->ic_mode), spapr_ic_mode_name(plan->offered),
           plan->platform_byte23);
    printf("  kernel-irqchip:  %s\n",
           spapr_kernel_irqchip_name(plan->kernel_irqchip));
    for (int k = 0; k < SPAPR_INTC_COUNT; k++) {
        if (plan->has[k]) {
            printf("  controller:      %s, %s when active\n",
                   spapr_intc_kind_name(k),
                   spapr_intc_impl_name(plan->impl[k]));
        }
    }
    printf("  active at start: %s (%s)\n",
           spapr_intc_kind_name(spapr_irq_active(irq)),
           spapr_intc_impl_name(spapr_irq_active_impl(irq)));
}

/* dumpdtb=FILE: the device tree as the guest would first see it, then
 * exit, as QEMU does. */
static int run_dumpdtb(SpaprIrq *irq, const char *path)
{
    GError *err = NULL;

    if (!demo_populate(irq, &err) || !spapr_irq_reset(irq, &err) ||
        !dumpdtb_write(irq, path, &err)) {
        return fail(err);
    }
    printf(TOOL ": dtb dumped to %s. Exiting.\n", path);
    return 0;
}

static int run_demo(SpaprIrq *irq, DemoVm *vm, const ToolOpts *opts)
{
    GError *err = NULL;
    bool migrated = false;

    if (opts->incoming) {
        if (!demo_incoming(irq, vm, &opts->guest, opts->incoming, &err)) {
            return fail(err);
        }
        return 0;
    }
    if (opts->migrate) {
        if (!demo_run_migrate(irq, vm, &opts->guest, opts->migrate, &migrated,
                              &err)) {
            return fail(err);
        }
        if (!migrated) {
            fprintf(stderr,
                    TOOL ": migration to %s failed; the source ran "
                         "on\n",
                    opts->migrate);
            return 1;
        }
        return 0;
    }
    if (!demo_run(irq, vm, &opts->guest, &err)) {
        return fail(err);
    }
    return 0;
}

static int cmd_run(int argc, char **argv)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
    ToolOpts opts = {0};
    SpaprIrq *irq;
    DemoVm vm;
    GError *err = NULL;
    int status;

    if (!parse_args(cfg, argc, argv, 1, &opts, false, &err)) {
        return fail(err);
    }
    if (wants_profile_list(cfg)) {
        return list_profiles();
    }
    if (opts.replay) {
        return replay_main(cfg, opts.replay);
    }
    if (opts.incoming && opts.migrate) {
        fprintf(stderr, TOOL ": -incoming and -migrate exclude each other\n");
        return 1;
    }
    if (opts.qtest) {
        if (opts.migrate) {
            fprintf(stderr, TOOL ": -migrate is the demo's; with -qtest use "
                                 "the migrate command\n");
            return 1;
        }
        return qtest_main(cfg, opts.qtest, &opts.guest, opts.incoming);
    }
    if (!opts.accel_given && !cfg->dumpdtb) {
        demo_pick_host(cfg);
    }
    demo_vm_init(&vm);
    irq = spapr_irq_create(cfg, &vm.cb, -1, &err);
    if (!irq) {
        demo_vm_fini(&vm);
        return fail(err);
    }
    if (cfg->dumpdtb) {
        status = run_dumpdtb(irq, cfg->dumpdtb);
    } else {
        print_plan(irq);
        print_warnings(spapr_irq_warnings(irq), 0);
        status = run_demo(irq, &vm, &opts);
    }
    spapr_irq_destroy(&irq);
    demo_vm_fini(&vm);
    return status;
}

int main(int argc, char **argv)
{
    if (argc > 1 &&
        (g_str_equal(argv[1], "--help") || g_str_equal(argv[1], "-h"))) {
        return usage(stdout, 0);
    }
    if (argc > 1 && g_str_equal(argv[1], "--version")) {
        printf(TOOL " 0.1.0\n");
        return 0;
    }
    if (argc > 1 && g_str_equal(argv[1], "matrix")) {
        return cmd_matrix(argc, argv);
    }
    if (argc > 1 && g_str_equal(argv[1], "analyze-migration")) {
        return migration_analyze_main(argc, argv);
    }
    /* A closed migration pipe or socket is an error, not a signal. */
    signal(SIGPIPE, SIG_IGN);
    return cmd_run(argc, argv);
}
