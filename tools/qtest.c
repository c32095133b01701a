/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq tool: the qtest-style protocol.  One command per line, one
 * answer line per command ("OK ..." or "ERR <reason>"); lines that start
 * with "# " carry text (info pic, warnings) and are never answers.  The
 * commands are in a table keyed by name, as kvmtool dispatches hcalls.
 * docs/specs/qtest.md is the reference.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "sim/sim.h"
#include "tools/demo.h"
#include "tools/guest.h"
#include "tools/guest_ram.h"
#include "tools/migration.h"
#include "tools/qtest.h"
#include "tools/vmm.h"

#define QTEST_RAM_SIZE  (UINT64_C(1) << 30)
#define QTEST_MAX_ARGS  16
#define QTEST_MAX_BYTES 4096 /* memread / memwrite */

typedef struct Qtest {
    SpaprIrq *irq;
    GuestRam ram;
    SpaprIrqCallbacks cb;
    uint32_t max_cpus;
    bool *line;       /* level per CPU index */
    unsigned *raises; /* low -> high changes per CPU index */
    FILE *out;
    guint warnings_shown;
    Guest *guest;        /* the -guest profile */
    MigrationStatus mig; /* the last migrate */
    bool migrated;       /* completed: the VM stays stopped */
} Qtest;

static void qtest_set_cpu_irq(void *opaque, uint32_t cpu_index, bool level)
{
    Qtest *q = opaque;

    if (cpu_index >= q->max_cpus) {
        return;
    }
    if (level && !q->line[cpu_index]) {
        q->raises[cpu_index]++;
    }
    q->line[cpu_index] = level;
}

static bool qtest_mem_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
    return guest_ram_read(&((Qtest *)opaque)->ram, gpa, buf, len);
}

static bool qtest_mem_write(void *opaque, uint64_t gpa, const void *buf,
                            size_t len)
{
    return guest_ram_write(&((Qtest *)opaque)->ram, gpa, buf, len);
}

/* ---- answers ---- */

static void qtest__comment(Qtest *q, const char *text)
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);

    for (int i = 0; lines[i]; i++) {
        if (lines[i][0] || lines[i + 1]) {
            fprintf(q->out, "# %s\n", lines[i]);
        }
    }
}

/* Warnings the layer emitted since the last command, as comments. */
static void qtest__warnings(Qtest *q)
{
    GPtrArray *w = spapr_irq_warnings(q->irq);

    for (; q->warnings_shown < w->len; q->warnings_shown++) {
        g_autofree char *text = g_strdup_printf(
            "warning: %s",
            (const char *)g_ptr_array_index(w, q->warnings_shown));

        qtest__comment(q, text);
    }
}

static bool qtest__err(Qtest *q, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static bool qtest__err(Qtest *q, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *msg = NULL;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_strdelimit(msg, "\n", ' ');
    fprintf(q->out, "ERR %s\n", msg);
    return false;
}

static bool qtest__gerr(Qtest *q, GError *err)
{
    qtest__err(q, "%s", err ? err->message : "failed");
    g_clear_error(&err);
    return false;
}

/* ---- arguments ---- */

static bool qtest__num(Qtest *q, const char *s, uint64_t max, uint64_t *v,
                       const char *what)
{
    char *end = NULL;

    errno = 0;
    *v = g_ascii_strtoull(s, &end, 0);
    if (!s[0] || s[0] == '-' || *end || errno || *v > max) {
        return qtest__err(q, "bad %s \"%s\"", what, s);
    }
    return true;
}

static bool qtest__cpu(Qtest *q, const char *s, uint32_t *cpu)
{
    uint64_t v;

    if (!qtest__num(q, s, q->max_cpus - 1, &v, "CPU index")) {
        return false;
    }
    *cpu = v;
    return true;
}

/* ---- commands ---- */

typedef bool (*QtestFn)(Qtest *q, int argc, char **argv);

/* A command: its name, the least and the most words (the name and, for a
 * subcommand, its parent's name included). */
typedef struct QtestCmd {
    const char *name;
    int min, max;
    QtestFn fn;
} QtestCmd;

/* Runs the command of @cmds named by word @word of @argv after checking
 * its word count; false if none has that name. */
static bool qtest__dispatch(Qtest *q, const QtestCmd *cmds, size_t n, int word,
                            int argc, char **argv)
{
    for (size_t i = 0; i < n; i++) {
        if (!g_str_equal(cmds[i].name, argv[word])) {
            continue;
        }
        if (argc < cmds[i].min || argc > cmds[i].max) {
            qtest__err(q, "%s%s takes %d to %d arguments", word ? "guest " : "",
                       argv[word], cmds[i].min - word - 1,
                       cmds[i].max - word - 1);
        } else {
            cmds[i].fn(q, argc, argv);
        }
        return true;
    }
    return false;
}

static bool qtest_hcall(Qtest *q, int argc, char **argv)
{
    uint64_t args[QTEST_MAX_ARGS] = {0}, rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};
    uint64_t op;
    uint32_t cpu;
    int64_t rc;

    if (!qtest__cpu(q, argv[1], &cpu) ||
        !qtest__num(q, argv[2], UINT64_MAX, &op, "opcode")) {
        return false;
    }
    for (int i = 3; i < argc; i++) {
        if (!qtest__num(q, argv[i], UINT64_MAX, &args[i - 3], "argument")) {
            return false;
        }
    }
    rc = vmm_hcall(q->irq, cpu, op, args, argc - 3, rets);
    fprintf(q->out, "OK %" G_GINT64_FORMAT, rc);
    for (int i = 0; i < SPAPR_IRQ_HCALL_MAX_RETS; i++) {
        fprintf(q->out, " 0x%" G_GINT64_MODIFIER "x", rets[i]);
    }
    fputc('\n', q->out);
    return true;
}

static bool qtest_rtas(Qtest *q, int argc, char **argv)
{
    uint32_t args[QTEST_MAX_ARGS] = {0}, rets[4] = {0};
    uint32_t token, nret;

    /* The call's token and result count are the library's. */
    if (!spapr_irq_rtas_describe(argv[1], &token, NULL, &nret) ||
        nret > G_N_ELEMENTS(rets)) {
        return qtest__err(q, "unknown RTAS call \"%s\"", argv[1]);
    }
    for (int i = 2; i < argc; i++) {
        uint64_t v;

        if (!qtest__num(q, argv[i], UINT32_MAX, &v, "argument")) {
            return false;
        }
        args[i - 2] = v;
    }
    if (!vmm_rtas(q->irq, 0, token, argc - 2, args, nret, rets)) {
        return qtest__err(q, "\"%s\" is not handled", argv[1]);
    }
    fprintf(q->out, "OK %d", (int32_t)rets[0]);
    for (uint32_t i = 1; i < nret; i++) {
        fprintf(q->out, " 0x%x", rets[i]);
    }
    fputc('\n', q->out);
    return true;
}

static unsigned qtest__size(const char *cmd)
{
    switch (cmd[strlen(cmd) - 1]) {
    case 'b':
        return 1;
    case 'w':
        return 2;
    case 'l':
        return 4;
    default:
        return 8;
    }
}

static bool qtest_read(Qtest *q, int argc, char **argv)
{
    unsigned size = qtest__size(argv[0]);
    uint64_t addr, val = 0;
    uint32_t cpu;

    if (!qtest__cpu(q, argv[1], &cpu) ||
        !qtest__num(q, argv[2], UINT64_MAX, &addr, "address")) {
        return false;
    }
    if (!vmm_mmio_read(q->irq, cpu, addr, size, &val)) {
        return qtest__err(q,
                          "0x%" G_GINT64_MODIFIER "x is not an interrupt "
                          "controller region",
                          addr);
    }
    fprintf(q->out, "OK 0x%" G_GINT64_MODIFIER "x\n", val);
    return true;
}

static bool qtest_write(Qtest *q, int argc, char **argv)
{
    unsigned size = qtest__size(argv[0]);
    uint64_t addr, val;
    uint32_t cpu;

    if (!qtest__cpu(q, argv[1], &cpu) ||
        !qtest__num(q, argv[2], UINT64_MAX, &addr, "address") ||
        !qtest__num(q, argv[3],
                    size == 8 ? UINT64_MAX : (UINT64_C(1) << (size * 8)) - 1,
                    &val, "value")) {
        return false;
    }
    if (!vmm_mmio_write(q->irq, cpu, addr, size, val)) {
        return qtest__err(q,
                          "0x%" G_GINT64_MODIFIER "x is not an interrupt "
                          "controller region",
                          addr);
    }
    fputs("OK\n", q->out);
    return true;
}

static bool qtest_memread(Qtest *q, int argc, char **argv)
{
    uint8_t buf[QTEST_MAX_BYTES];
    uint64_t addr, len;

    if (!qtest__num(q, argv[1], UINT64_MAX, &addr, "address") ||
        !qtest__num(q, argv[2], QTEST_MAX_BYTES, &len, "size")) {
        return false;
    }
    if (!guest_ram_read(&q->ram, addr, buf, len)) {
        return qtest__err(q, "not guest RAM");
    }
    fputs("OK 0x", q->out);
    for (uint64_t i = 0; i < len; i++) {
        fprintf(q->out, "%02x", buf[i]);
    }
    fputc('\n', q->out);
    return true;
}

static bool qtest_memwrite(Qtest *q, int argc, char **argv)
{
    uint8_t buf[QTEST_MAX_BYTES];
    const char *hex = argv[2];
    uint64_t addr;
    size_t len;

    if (!qtest__num(q, argv[1], UINT64_MAX, &addr, "address")) {
        return false;
    }
    if (g_str_has_prefix(hex, "0x")) {
        hex += 2;
    }
    len = strlen(hex) / 2;
    if (strlen(hex) % 2 || len == 0 || len > QTEST_MAX_BYTES) {
        return qtest__err(q, "bad data \"%s\"", argv[2]);
    }
    for (size_t i = 0; i < len; i++) {
        int hi = g_ascii_xdigit_value(hex[2 * i]);
        int lo = g_ascii_xdigit_value(hex[2 * i + 1]);

        if (hi < 0 || lo < 0) {
            return qtest__err(q, "bad data \"%s\"", argv[2]);
        }
        buf[i] = hi << 4 | lo;
    }
    if (!guest_ram_write(&q->ram, addr, buf, len)) {
        return qtest__err(q, "not guest RAM");
    }
    fputs("OK\n", q->out);
    return true;
}

static bool qtest_irq_set(Qtest *q, int argc, char **argv)
{
    uint64_t irqn, level;
    GError *err = NULL;

    if (!qtest__num(q, argv[1], UINT32_MAX, &irqn, "IRQ number") ||
        !qtest__num(q, argv[2], 1, &level, "level")) {
        return false;
    }
    if (!spapr_irq_set_irq(q->irq, irqn, level, &err)) {
        return qtest__gerr(q, err);
    }
    fputs("OK\n", q->out);
    return true;
}

static bool qtest_claim(Qtest *q, int argc, char **argv)
{
    uint64_t irqn;
    GError *err = NULL;
    bool lsi = g_str_equal(argv[2], "lsi");

    if (!qtest__num(q, argv[1], UINT32_MAX, &irqn, "IRQ number")) {
        return false;
    }
    if (!lsi && !g_str_equal(argv[2], "msi")) {
        return qtest__err(q, "bad kind \"%s\" (msi or lsi)", argv[2]);
    }
    if (!spapr_irq_claim(q->irq, irqn, lsi, &err)) {
        return qtest__gerr(q, err);
    }
    fputs("OK\n", q->out);
    return true;
}

static bool qtest_cas(Qtest *q, int argc, char **argv)
{
    uint64_t byte23;
    GError *err = NULL;

    if (!qtest__num(q, argv[1], 0xff, &byte23, "byte 23")) {
        return false;
    }
    if (!vmm_cas(q->irq, byte23, &err)) {
        return qtest__gerr(q, err);
    }
    fputs("OK\n", q->out);
    return true;
}

static bool qtest_reset(Qtest *q, int argc, char **argv)
{
    GError *err = NULL;

    if (!vmm_reset(q->irq, &err)) {
        return qtest__gerr(q, err);
    }
    fputs("OK\n", q->out);
    return true;
}

static bool qtest_active(Qtest *q, int argc, char **argv)
{
    fprintf(q->out, "OK %s %s\n",
            spapr_intc_kind_name(spapr_irq_active(q->irq)),
            spapr_intc_impl_name(spapr_irq_active_impl(q->irq)));
    return true;
}

static bool qtest_info(Qtest *q, int argc, char **argv)
{
    g_autoptr(GString) text = g_string_new(NULL);

    if (!g_str_equal(argv[1], "pic")) {
        return qtest__err(q, "unknown info \"%s\" (pic)", argv[1]);
    }
    vmm_print_info(q->irq, text);
    qtest__comment(q, text->str);
    fputs("OK\n", q->out);
    return true;
}

static bool qtest_lines(Qtest *q, int argc, char **argv)
{
    bool raises = g_str_equal(argv[0], "raises");

    fputs("OK", q->out);
    for (uint32_t i = 0; i < q->max_cpus; i++) {
        if (raises) {
            fprintf(q->out, " %u", q->raises[i]);
        } else {
            fprintf(q->out, " %d", q->line[i]);
        }
    }
    fputc('\n', q->out);
    return true;
}

static bool qtest_host(Qtest *q, int argc, char **argv)
{
    SpaprHostSimStats st;

    if (!spapr_host_sim_stats(spapr_irq_get_host(q->irq), &st)) {
        fputs("OK none\n", q->out);
        return true;
    }
    fprintf(q->out,
            "OK kvm-sim devices=%u vcpus=%u mappings=%u connected=%u "
            "tokens=%u stale=%u slots=%u mapped=%u exits=%u violations=%u\n",
            st.open_devices, st.open_vcpus, st.mappings, st.connected_vcpus,
            st.rtas_tokens, st.stale_irqchips, st.memory_slots,
            st.mapped_accesses, st.mmio_exits, st.running_violations);
    return true;
}

/* ---- the guest profile ---- */

static void qtest__guest_log(void *opaque, const char *line)
{
    qtest__comment(opaque, line);
}

static bool qtest_guest_cas(Qtest *q, int argc, char **argv)
{
    GError *err = NULL;
    uint8_t sent = 0;

    if (!guest_cas(q->guest, &sent, &err)) {
        return qtest__gerr(q, err);
    }
    fprintf(q->out, "OK 0x%02x\n", sent);
    return true;
}

static bool qtest_guest_setup(Qtest *q, int argc, char **argv)
{
    GError *err = NULL;

    if (!guest_setup(q->guest, &err)) {
        return qtest__gerr(q, err);
    }
    fprintf(q->out, "OK %s\n", spapr_intc_kind_name(spapr_irq_active(q->irq)));
    return true;
}

static bool qtest_guest_enable(Qtest *q, int argc, char **argv)
{
    uint64_t num;
    uint32_t cpu;
    GError *err = NULL;

    if (!qtest__num(q, argv[2], UINT32_MAX, &num, "IRQ number") ||
        !qtest__cpu(q, argv[3], &cpu)) {
        return false;
    }
    if (!guest_enable(q->guest, num, cpu, &err)) {
        return qtest__gerr(q, err);
    }
    fputs("OK\n", q->out);
    return true;
}

static bool qtest_guest_ipi(Qtest *q, int argc, char **argv)
{
    uint32_t from, to;
    GError *err = NULL;

    if (!qtest__cpu(q, argv[2], &from) || !qtest__cpu(q, argv[3], &to)) {
        return false;
    }
    if (!guest_ipi(q->guest, from, to, &err)) {
        return qtest__gerr(q, err);
    }
    fputs("OK\n", q->out);
    return true;
}

static bool qtest_guest_take(Qtest *q, int argc, char **argv)
{
    uint32_t cpu, value;
    GuestTaken taken;
    GError *err = NULL;

    if (!qtest__cpu(q, argv[2], &cpu)) {
        return false;
    }
    if (!guest_take(q->guest, cpu, &taken, &value, &err)) {
        return qtest__gerr(q, err);
    }
    switch (taken) {
    case GUEST_TAKEN_NONE:
        fputs("OK none\n", q->out);
        break;
    case GUEST_TAKEN_XIRR:
        fprintf(q->out, "OK xirr 0x%08x\n", value);
        break;
    case GUEST_TAKEN_EISN:
        fprintf(q->out, "OK eisn 0x%x\n", value);
        break;
    }
    return true;
}

static bool qtest_guest_use(Qtest *q, int argc, char **argv)
{
    GuestProfile p;
    GError *err = NULL;

    if (!guest_profile_parse(argv[2], &p, &err) ||
        !guest_set_profile(q->guest, &p, &err)) {
        return qtest__gerr(q, err);
    }
    fputs("OK\n", q->out);
    return true;
}

/* The guest's subcommands. */
static const QtestCmd qtest_guest_cmds[] = {
    {"cas", 2, 2, qtest_guest_cas},       {"setup", 2, 2, qtest_guest_setup},
    {"enable", 4, 4, qtest_guest_enable}, {"ipi", 4, 4, qtest_guest_ipi},
    {"take", 3, 3, qtest_guest_take},     {"use", 3, 3, qtest_guest_use},
};

static bool qtest_guest(Qtest *q, int argc, char **argv)
{
    if (qtest__dispatch(q, qtest_guest_cmds, G_N_ELEMENTS(qtest_guest_cmds), 1,
                        argc, argv)) {
        return true;
    }
    return qtest__err(q,
                      "unknown guest command \"%s\" (cas, setup, enable, "
                      "ipi, take, use)",
                      argv[1]);
}

static bool qtest_migrate(Qtest *q, int argc, char **argv)
{
    MigrationVm vm = {.irq = q->irq, .ram = &q->ram, .guest = q->guest};
    g_autofree char *line = NULL;
    GError *err = NULL;

    if (q->migrated) {
        return qtest__err(q, "already migrated: the VM is stopped");
    }
    q->migrated = migration_migrate(&vm, argv[1], &q->mig, &err);
    line = migration_status_line(&q->mig);
    qtest__comment(q, line);
    if (!q->migrated) {
        qtest__err(q, "migration failed: %s; the VM runs on", err->message);
        g_clear_error(&err);
        return false;
    }
    fprintf(q->out, "OK %s\n", line);
    return true;
}

static bool qtest_migrate_status(Qtest *q, int argc, char **argv)
{
    g_autofree char *line = migration_status_line(&q->mig);

    fprintf(q->out, "OK %s\n", line);
    return true;
}

static bool qtest_quit(Qtest *q, int argc, char **argv)
{
    fputs("OK\n", q->out);
    return true;
}

/* The commands. */
static const QtestCmd qtest_cmds[] = {
    {"hcall", 3, 3 + QTEST_MAX_ARGS, qtest_hcall},
    {"rtas", 2, 2 + QTEST_MAX_ARGS, qtest_rtas},
    {"readb", 3, 3, qtest_read},
    {"readw", 3, 3, qtest_read},
    {"readl", 3, 3, qtest_read},
    {"readq", 3, 3, qtest_read},
    {"writeb", 4, 4, qtest_write},
    {"writew", 4, 4, qtest_write},
    {"writel", 4, 4, qtest_write},
    {"writeq", 4, 4, qtest_write},
    {"memread", 3, 3, qtest_memread},
    {"memwrite", 3, 3, qtest_memwrite},
    {"irq_set", 3, 3, qtest_irq_set},
    {"claim", 3, 3, qtest_claim},
    {"cas", 2, 2, qtest_cas},
    {"reset", 1, 1, qtest_reset},
    {"active", 1, 1, qtest_active},
    {"info", 2, 2, qtest_info},
    {"lines", 1, 1, qtest_lines},
    {"raises", 1, 1, qtest_lines},
    {"host", 1, 1, qtest_host},
    {"guest", 2, 4, qtest_guest},
    {"migrate", 2, 2, qtest_migrate},
    {"migrate-status", 1, 1, qtest_migrate_status},
    {"quit", 1, 1, qtest_quit},
};

/* After a completed migration the source's VM is stopped for good, as
 * QEMU's is (postmigrate): only these commands still answer. */
static bool qtest__allowed_after_migration(const char *cmd)
{
    return g_str_equal(cmd, "migrate-status") || g_str_equal(cmd, "quit") ||
           g_str_equal(cmd, "active") || g_str_equal(cmd, "host") ||
           g_str_equal(cmd, "migrate");
}

/* Runs one command line; returns false on "quit". */
static bool qtest__line(Qtest *q, char *line)
{
    g_auto(GStrv) argv = NULL;
    int argc;

    g_strstrip(line);
    if (!line[0] || line[0] == '#') {
        return true;
    }
    argv = g_strsplit_set(line, " \t", -1);
    /* Drop the empty words of repeated blanks. */
    argc = 0;
    for (int i = 0; argv[i]; i++) {
        if (argv[i][0]) {
            argv[argc++] = argv[i];
        } else {
            g_free(argv[i]);
        }
    }
    argv[argc] = NULL;
    if (q->migrated && !qtest__allowed_after_migration(argv[0])) {
        qtest__err(q, "the VM was migrated away and is stopped "
                      "(postmigrate): only migrate-status, active, host and "
                      "quit answer");
        fflush(q->out);
        return true;
    }
    if (qtest__dispatch(q, qtest_cmds, G_N_ELEMENTS(qtest_cmds), 0, argc,
                        argv)) {
        qtest__warnings(q);
        fflush(q->out);
        /* "quit" with extra words was refused: the session goes on. */
        return !(g_str_equal(argv[0], "quit") && argc == 1);
    }
    qtest__err(q, "unknown command \"%s\"", argv[0]);
    fflush(q->out);
    return true;
}

static int qtest__connect(const char *path)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    int fd;

    if (strlen(path) >= sizeof(sa.sun_path)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(sa.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -1;
    }
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        int e = errno;

        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

int qtest_serve(const SpaprIrqConfig *cfg, FILE *in, FILE *out,
                const GuestProfile *guest, const char *incoming)
{
    Qtest q = {.out = out};
    GError *err = NULL;
    char *line = NULL;
    size_t cap = 0;
    int status = 1;

    guest_ram_init(&q.ram, QTEST_RAM_SIZE);
    q.cb = (SpaprIrqCallbacks){
        .opaque = &q,
        .set_cpu_irq = qtest_set_cpu_irq,
        .map_region = vmm_map_region,
        .mem_read = qtest_mem_read,
        .mem_write = qtest_mem_write,
    };
    q.irq = spapr_irq_create(cfg, &q.cb, -1, &err);
    if (q.irq) {
        q.max_cpus = spapr_irq_get_plan(q.irq)->topo.max_cpus;
        q.line = g_new0(bool, q.max_cpus);
        q.raises = g_new0(unsigned, q.max_cpus);
    }
    if (!q.irq || !demo_populate(q.irq, &err) ||
        !(q.guest =
              guest_new(guest, q.irq, &q.ram, qtest__guest_log, &q, &err)) ||
        (incoming &&
         !migration_incoming(
             &(MigrationVm){.irq = q.irq, .ram = &q.ram, .guest = q.guest},
             incoming, &err)) ||
        !vmm_vm_resume(q.irq, &err)) {
        fprintf(stderr, "spapr-irq: %s\n", err->message);
        g_clear_error(&err);
        goto out;
    }
    qtest__warnings(&q);
    if (incoming) {
        fprintf(q.out, "# spapr-irq qtest: migrated in from %s\n", incoming);
    }
    fprintf(q.out, "# spapr-irq qtest: %u CPUs of %u, active %s\n",
            spapr_irq_get_plan(q.irq)->topo.smp_cpus, q.max_cpus,
            spapr_intc_kind_name(spapr_irq_active(q.irq)));
    fflush(q.out);
    while (getline(&line, &cap, in) >= 0 && qtest__line(&q, line)) {
    }
    status = 0;
out:
    free(line);
    migration_status_clear(&q.mig);
    guest_free(&q.guest);
    spapr_irq_destroy(&q.irq);
    guest_ram_fini(&q.ram);
    g_free(q.line);
    g_free(q.raises);
    return status;
}

int qtest_main(const SpaprIrqConfig *cfg, const char *chardev,
               const GuestProfile *guest, const char *incoming)
{
    FILE *in = stdin, *out = stdout;
    int status;

    if (g_str_has_prefix(chardev, "unix:")) {
        int fd = qtest__connect(chardev + 5);
        int fd2 = fd >= 0 ? dup(fd) : -1;

        /* One stream per direction: a stdio stream may not switch from
         * reading to writing without a seek. */
        in = fd2 >= 0 ? fdopen(fd, "r") : NULL;
        out = in ? fdopen(fd2, "w") : NULL;
        if (!out) {
            fprintf(stderr, "spapr-irq: -qtest %s: %s\n", chardev,
                    g_strerror(errno));
            if (in) {
                fclose(in);
            } else if (fd >= 0) {
                close(fd);
            }
            if (fd2 >= 0) {
                close(fd2);
            }
            return 1;
        }
    } else if (!g_str_equal(chardev, "stdio")) {
        fprintf(stderr, "spapr-irq: -qtest %s: not stdio or unix:PATH\n",
                chardev);
        return 1;
    }
    status = qtest_serve(cfg, in, out, guest, incoming);
    if (in != stdin) {
        fclose(in);
        fclose(out);
    }
    return status;
}
