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
#include "tools/qmp.h"
#include "tools/qtest.h"
#include "tools/replay.h"
#include "tools/trace_log.h"

#define TOOL                   "spapr-irq"
#define SPAPR_IRQ_TOOL_VERSION "0.1.0"

static int usage(FILE *f, int status)
{
    fprintf(
        f,
        "Usage:\n"
        "  " TOOL " [options]                run the demo: boot a guest, a "
        "burst of\n"
        "                                   interrupts on every CPU, a reboot\n"
        "  " TOOL " [options] -replay TRACE   replay a QEMU 7.2 trace log "
        "of a real guest (its\n"
        "                                   xics_*/xive_*/spapr_* events; "
        "the machine options\n"
        "                                   must match the TRACE's .cmd; "
        "docs/specs/replay.md)\n"
        "  " TOOL " [options] -qtest stdio|unix:PATH\n"
        "                                   drive the machine by text "
        "commands on stdin or a\n"
        "                                   listening socket "
        "(docs/specs/qtest.md)\n"
        "  " TOOL " [options] -incoming URI   wait for a migration, load it, "
        "run\n"
        "  " TOOL " [options] -migrate URI    run the demo, migrate it "
        "mid-burst\n"
        "  " TOOL " [options] -qmp unix:PATH,server=on[,wait=off]\n"
        "  " TOOL " [options] -qmp tcp:HOST:PORT,server=on[,wait=off]\n"
        "                                   serve QMP (-incoming defer: wait "
        "for\n"
        "                                   migrate-incoming; "
        "docs/specs/qmp.md)\n"
        "  " TOOL " matrix [-accel A] [--json]\n"
        "                                   decision table of one host (only "
        "-accel applies)\n"
        "  " TOOL " matrix [-accel A] --html\n"
        "                                   the tables as an HTML page (every "
        "host\n"
        "                                   without -accel)\n"
        "  " TOOL " analyze-migration FILE [--json]\n"
        "                                   the sections and fields of a "
        "stream\n"
        "\n"
        "Migration URIs: tcp:HOST:PORT (loopback only), unix:PATH, "
        "file:PATH, exec:CMD\n"
        "Refused together (one would be ignored): -replay with -qtest, "
        "-incoming, -migrate,\n"
        "dumpdtb, -guest or -q; -qtest with -migrate, dumpdtb or -q; "
        "-incoming with -migrate.\n"
        "-qtest takes -incoming (it loads the stream, then serves).\n"
        "\n"
        "Options (QEMU spelling; OPTION help lists the values, as in QEMU):\n"
        "  -machine|-M [pseries][,ic-mode=xics|xive|dual]"
        "[,kernel-irqchip=on|off|split]\n"
        "           [,max-cpu-compat=power8|power9|power10][,vsmt=N]"
        "[,dumpdtb=FILE]\n"
        "           [,confidential-guest-support=ID]"
        "[,cas-switch=at-reset|at-cas]\n"
        "                   -machine help, -machine pseries,help: the machine, "
        "its properties\n"
        "  -object pef-guest,id=ID\n"
        "  -cpu power8|power9|power10          -cpu help\n"
        "  -smp N[,maxcpus=M][,sockets=S][,cores=C][,threads=T]  "
        "(at most %u CPUs)\n"
        "  -accel tcg|kvm|kvm-sim[,host=PROFILE][,fail=N[:ERRNO]]   "
        "-accel help\n"
        "           host=help lists the kvm-sim profiles; fail=N makes the "
        "Nth host call\n"
        "           fail with ERRNO (a name such as ENOMEM, or a number; "
        "default EIO)\n"
        "  -guest linux[,xive=off][,secure=on]|legacy[,secure=on]   "
        "-guest help\n"
        "  -nodefaults        accepted, as in QEMU test lines; no effect "
        "(no default devices)\n"
        "  -q                 the demo prints its summary only\n"
        "  -trace [enable=]PATTERN | events=FILE | help   -D FILE\n"
        "                     trace events in QEMU's log format\n"
        "  -h, --help         this text;  -version, --version: the version\n"
        "                     (anywhere on the line: they win over the other "
        "options)\n",
        SPAPR_MAX_SERVERS);
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
    bool guest_given;     /* -guest was on the command line */
    bool accel_given;     /* -accel was on the command line */
    /* -qmp, -trace, -D, -incoming defer (tools/qmp.h, tools/trace_log.h) */
    QmpOpts qmp;
    bool listed; /* a help listing was printed: exit 0 */
    bool quiet;  /* -q: the demo's summary only */
} ToolOpts;

/* Prints a help listing (-machine help, -guest help, ...) and ends the
 * parse: the tool exits 0 after it, as QEMU does. */
static bool list_help(ToolOpts *opts, char *text)
{
    fputs(text, stdout);
    g_free(text);
    opts->listed = true;
    return true;
}

/* One option of the library's parser (-machine, -cpu, -smp, -accel,
 * -object), in QEMU's words: "-bogus: invalid option", "-machine: requires
 * an argument", help listings, and QEMU's "-accel ARG: " prefix on the
 * errors of the options QEMU reports with their location. */
static bool parse_config_option(SpaprIrqConfig *cfg, const char *name,
                                const char *arg, ToolOpts *opts, bool matrix,
                                GError **errp)
{
    char *help;

    if (!spapr_irq_config_is_option(name)) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION,
                    "%s: invalid option (try --help)", name);
        return false;
    }
    if (!arg) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION,
                    "%s: requires an argument", name);
        return false;
    }
    help = spapr_irq_config_help(cfg, name, arg);
    if (help) {
        return list_help(opts, help);
    }
    if (matrix && !g_str_equal(name, "-accel")) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION,
                    "matrix does not take %s %s: it covers every ic-mode, "
                    "kernel-irqchip, max-cpu-compat and guest of one host; "
                    "only -accel applies",
                    name, arg);
        return false;
    }
    if (!spapr_irq_config_parse_option(cfg, name, arg, errp)) {
        if (g_str_equal(name, "-accel") || g_str_equal(name, "-object")) {
            g_prefix_error(errp, "%s %s: ", name, arg);
        }
        return false;
    }
    if (g_str_equal(name, "-accel")) {
        opts->accel_given = true;
    }
    return true;
}

/* Parses the QEMU-style options of argv[first..]; the tool's own options
 * (--json for matrix, -replay for a run) only where @opts allows them. */
static bool parse_args(SpaprIrqConfig *cfg, int argc, char **argv, int first,
                       ToolOpts *opts, bool matrix, GError **errp)
{
    for (int i = first; i < argc; i++) {
        int used =
            matrix ? 0 : qmp_opts_parse(&opts->qmp, argc - i, argv + i, errp);

        if (used < 0) {
            return false;
        }
        if (used) {
            i += used - 1;
            continue;
        }
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
        if (g_str_equal(argv[i], "-nodefaults")) {
            continue; /* QEMU's: no default devices; the tool makes none */
        }
        if (!matrix && g_str_equal(argv[i], "-q")) {
            opts->quiet = true;
            continue;
        }
        if (!matrix && g_str_equal(argv[i], "-guest")) {
            if (i + 1 >= argc) {
                g_set_error(errp, SPAPR_IRQ_ERROR,
                            SPAPR_IRQ_ERROR_INVALID_OPTION,
                            "-guest needs a profile (" GUEST_PROFILE_SYNTAX
                            "; -guest help lists them)");
                return false;
            }
            if (g_str_equal(argv[i + 1], "help")) {
                return list_help(opts, guest_profile_help());
            }
            if (!guest_profile_parse(argv[++i], &opts->guest, errp)) {
                return false;
            }
            opts->guest_given = true;
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
        if (!parse_config_option(cfg, argv[i],
                                 i + 1 < argc ? argv[i + 1] : NULL, opts,
                                 matrix, errp)) {
            return false;
        }
        if (opts->listed) {
            return true;
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
    if (opts.listed) {
        return 0;
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

static void print_plan(FILE *out, const SpaprIrq *irq)
{
    const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);
    const SpaprIrqTopology *t = &plan->topo;
    const SpaprHostCaps *caps = spapr_irq_get_host_caps(irq);

    fprintf(out, "machine pseries\n");
    fprintf(out, "  host:            %s\n", caps->name);
    fprintf(out, "  cpu:             %s (effective ISA: %s)%s\n",
            spapr_cpu_model_name(plan->cpu), spapr_cpu_model_name(plan->isa),
            plan->secure ? ", secure guest (PEF)" : "");
    fprintf(out,
            "  topology:        %u CPUs (maxcpus %u = %u sockets x %u cores x "
            "%u threads), vsmt %u, %u interrupt servers\n",
            t->smp_cpus, t->max_cpus, t->sockets, t->cores, t->threads, t->vsmt,
            t->nr_servers);
    fprintf(out,
            "  ic-mode:         %s, offered to the guest as %s "
            "(platform-support byte 23 = 0x%02x)\n",
            spapr_ic_mode_name(plan->ic_mode),
            spapr_ic_mode_name(plan->offered), plan->platform_byte23);
    fprintf(out, "  kernel-irqchip:  %s\n",
            spapr_kernel_irqchip_name(plan->kernel_irqchip));
    for (int k = 0; k < SPAPR_INTC_COUNT; k++) {
        if (plan->has[k]) {
            fprintf(out, "  controller:      %s, %s when active\n",
                    spapr_intc_kind_name(k),
                    spapr_intc_impl_name(plan->impl[k]));
        }
    }
    fprintf(out, "  active at start: %s (%s)\n",
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

static int cmd_run_opts(int argc, char **argv, ToolOpts *o);
/* The ways the tool runs, and which exclude each other: one would be
 * ignored, so the pair is refused, naming both. */
enum {
    RUN_REPLAY,
    RUN_QTEST,
    RUN_INCOMING,
    RUN_MIGRATE,
    RUN_DUMPDTB,
    RUN_GUEST,
    RUN_QUIET,
};

static bool check_conflicts(const SpaprIrqConfig *cfg, const ToolOpts *o,
                            GError **errp)
{
    static const char *const names[] = {
        [RUN_REPLAY] = "-replay",
        [RUN_QTEST] = "-qtest",
        [RUN_INCOMING] = "-incoming",
        [RUN_MIGRATE] = "-migrate",
        [RUN_DUMPDTB] = "-machine dumpdtb",
        [RUN_GUEST] = "-guest",
        [RUN_QUIET] = "-q",
    };
    /* excludes[a] & (1 << b): a and b together leave one unused (-qtest
     * takes -incoming: the machine loads the stream, then serves). */
    static const unsigned excludes[] = {
        [RUN_REPLAY] = 1u << RUN_QTEST | 1u << RUN_INCOMING |
                       1u << RUN_MIGRATE | 1u << RUN_DUMPDTB | 1u << RUN_GUEST |
                       1u << RUN_QUIET,
        [RUN_QTEST] = 1u << RUN_MIGRATE | 1u << RUN_DUMPDTB | 1u << RUN_QUIET,
        [RUN_INCOMING] = 1u << RUN_MIGRATE | 1u << RUN_DUMPDTB,
        [RUN_MIGRATE] = 1u << RUN_DUMPDTB,
        [RUN_DUMPDTB] = 1u << RUN_QUIET,
    };
    const bool given[] = {
        [RUN_REPLAY] = o->replay,     [RUN_QTEST] = o->qtest,
        [RUN_INCOMING] = o->incoming, [RUN_MIGRATE] = o->migrate,
        [RUN_DUMPDTB] = cfg->dumpdtb, [RUN_GUEST] = o->guest_given,
        [RUN_QUIET] = o->quiet,
    };

    for (unsigned a = 0; a < G_N_ELEMENTS(excludes); a++) {
        for (unsigned b = 0; b < G_N_ELEMENTS(names); b++) {
            if (given[a] && given[b] && (excludes[a] & (1u << b))) {
                g_set_error(errp, SPAPR_IRQ_ERROR,
                            SPAPR_IRQ_ERROR_INVALID_OPTION,
                            "%s and %s exclude each other (%s would be "
                            "ignored)",
                            names[a], names[b], names[b]);
                return false;
            }
        }
    }
    return true;
}

static int cmd_run(int argc, char **argv)
{
    ToolOpts opts = {0};
    int status = cmd_run_opts(argc, argv, &opts);

    qmp_opts_clear(&opts.qmp);
    return status;
}

static int cmd_run_opts(int argc, char **argv, ToolOpts *o)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
    ToolOpts opts = {0};
    SpaprIrq *irq;
    DemoVm vm;
    GError *err = NULL;
    int status;

    bool ok = parse_args(cfg, argc, argv, 1, &opts, false, &err);

    o->qmp = opts.qmp; /* cmd_run() frees it */
    if (!ok) {
        return fail(err);
    }
    if (opts.listed) {
        return 0;
    }
    if (wants_profile_list(cfg)) {
        return list_profiles();
    }
    /* -qmp, -trace, -D, -incoming defer (tools/qmp.h) */
    if (opts.qmp.listed) {
        return 0;
    }
    if (!qmp_opts_check(&opts.qmp, opts.replay, opts.qtest, opts.migrate,
                        &err)) {
        return fail(err);
    }
    if (opts.qmp.chardev) {
        return qmp_main(cfg, &opts.qmp, &opts.guest, opts.incoming);
    }
    if (!check_conflicts(cfg, &opts, &err)) {
        return fail(err);
    }
    if (opts.replay) {
        return replay_main(cfg, opts.replay, opts.qmp.trace);
    }
    if (opts.qtest) {
        return qtest_main(cfg, opts.qtest, &opts.guest, opts.incoming,
                          opts.qmp.trace);
    }
    demo_vm_init(&vm);
    vm.trace = opts.qmp.trace;
    if (opts.quiet && !demo_vm_set_quiet(&vm)) {
        demo_vm_fini(&vm);
        fprintf(stderr, TOOL ": -q: cannot open /dev/null\n");
        return 1;
    }
    if (!opts.accel_given && !cfg->dumpdtb) {
        demo_pick_host(cfg, vm.out);
    }
    irq = spapr_irq_create(cfg, &vm.cb, -1, &err);
    if (!irq) {
        demo_vm_fini(&vm);
        return fail(err);
    }
    if (cfg->dumpdtb) {
        status = run_dumpdtb(irq, cfg->dumpdtb);
    } else {
        print_plan(vm.out, irq);
        print_warnings(spapr_irq_warnings(irq), 0);
        status = run_demo(irq, &vm, &opts);
    }
    spapr_irq_destroy(&irq);
    demo_vm_fini(&vm);
    return status;
}

/* --help and --version anywhere on the line win, as in QEMU; the first
 * one given. */
static int help_or_version(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (g_str_equal(argv[i], "--help") || g_str_equal(argv[i], "-help") ||
            g_str_equal(argv[i], "-h")) {
            return usage(stdout, 0);
        }
        if (g_str_equal(argv[i], "--version") ||
            g_str_equal(argv[i], "-version")) {
            printf(TOOL " version " SPAPR_IRQ_TOOL_VERSION "\n");
            return 0;
        }
    }
    return -1;
}

int main(int argc, char **argv)
{
    int status = help_or_version(argc, argv);

    if (status >= 0) {
        return status;
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
