/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq tool: the qtest server's session.  One command per line, one
 * answer line per command ("OK ..." or "FAIL <message>", as QEMU's
 * qtest); asynchronous "IRQ raise|lower N" lines after irq_intercept_in;
 * "# " comment lines (the banner, info pic, warnings, the guest's
 * messages) only for a client that asked for them ("comments on").  The
 * commands are in tables keyed by name: QEMU's in tools/qtest_qemu.c, the
 * tool's extensions in tools/qtest_ext.c.  docs/specs/qtest.md is the
 * reference.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "tools/demo.h"
#include "tools/qtest_internal.h"
#include "tools/vmm.h"

/* The vCPU's external interrupt line: counted for "lines"/"raises", sent
 * at once as QEMU's qtest_irq_handler() does once intercepted. */
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
    if (q->intercept && q->sent[cpu_index] != level) {
        q->sent[cpu_index] = level;
        fprintf(q->out, "IRQ %s %u\n", level ? "raise" : "lower", cpu_index);
    }
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

void qtest_comment(Qtest *q, const char *text)
{
    g_auto(GStrv) lines = NULL;

    if (!q->comments) {
        return;
    }
    lines = g_strsplit(text, "\n", -1);
    for (int i = 0; lines[i]; i++) {
        if (lines[i][0] || lines[i + 1]) {
            fprintf(q->out, "# %s\n", lines[i]);
        }
    }
}

void qtest_flush_notes(Qtest *q)
{
    GPtrArray *w = spapr_irq_warnings(q->irq);

    if (q->comments && !q->banner_shown) {
        q->banner_shown = true;
        if (q->incoming) {
            fprintf(q->out, "# spapr-irq qtest: migrated in from %s\n",
                    q->incoming);
        }
        fprintf(q->out, "# spapr-irq qtest: %u CPUs of %u, active %s\n",
                spapr_irq_get_plan(q->irq)->topo.smp_cpus, q->max_cpus,
                spapr_intc_kind_name(spapr_irq_active(q->irq)));
    }
    for (; q->warnings_shown < w->len; q->warnings_shown++) {
        const char *text = g_ptr_array_index(w, q->warnings_shown);

        if (q->comments) {
            g_autofree char *c = g_strdup_printf("warning: %s", text);

            qtest_comment(q, c);
        } else {
            fprintf(stderr, "spapr-irq: warning: %s\n", text);
        }
    }
}

bool qtest_fail(Qtest *q, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *msg = NULL;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_strdelimit(msg, "\n", ' ');
    fprintf(q->out, "FAIL %s\n", msg);
    return false;
}

bool qtest_fail_gerror(Qtest *q, GError *err)
{
    qtest_fail(q, "%s", err ? err->message : "failed");
    g_clear_error(&err);
    return false;
}

bool qtest_ok(Qtest *q)
{
    fputs("OK\n", q->out);
    return true;
}

/* ---- arguments ---- */

bool qtest_num(Qtest *q, const char *s, uint64_t max, uint64_t *v,
               const char *what)
{
    char *end = NULL;

    errno = 0;
    *v = g_ascii_strtoull(s, &end, 0);
    if (!s[0] || s[0] == '-' || *end || errno || *v > max) {
        return qtest_fail(q, "bad %s \"%s\"", what, s);
    }
    return true;
}

bool qtest_cpu(Qtest *q, const char *s, uint32_t *cpu)
{
    uint64_t v;

    if (!qtest_num(q, s, q->max_cpus - 1, &v, "CPU index")) {
        return false;
    }
    *cpu = v;
    return true;
}

/* ---- commands ---- */

bool qtest_dispatch(Qtest *q, const QtestCmd *cmds, size_t n, int word,
                    int argc, char **argv)
{
    for (size_t i = 0; i < n; i++) {
        if (!g_str_equal(cmds[i].name, argv[word])) {
            continue;
        }
        if (argc < cmds[i].min || argc > cmds[i].max) {
            qtest_fail(q, "%s%s takes %d to %d arguments", word ? "guest " : "",
                       argv[word], cmds[i].min - word - 1,
                       cmds[i].max - word - 1);
        } else {
            cmds[i].fn(q, argc, argv);
        }
        return true;
    }
    return false;
}

/* After a completed migration the source's VM is stopped for good, as
 * QEMU's is (postmigrate): only these commands still answer. */
static bool qtest__allowed_after_migration(const char *cmd)
{
    return g_str_equal(cmd, "migrate-status") || g_str_equal(cmd, "quit") ||
           g_str_equal(cmd, "active") || g_str_equal(cmd, "host") ||
           g_str_equal(cmd, "migrate") || g_str_equal(cmd, "comments");
}

/* Runs one command with its output (the IRQ lines, comments and the
 * answer, in order) in a buffer. */
static bool qtest__run(Qtest *q, int argc, char **argv)
{
    if (q->migrated && !qtest__allowed_after_migration(argv[0])) {
        qtest_fail(q, "the VM was migrated away and is stopped "
                      "(postmigrate): only migrate-status, active, host and "
                      "quit answer");
        return true;
    }
    if (!qtest_dispatch(q, qtest_qemu_cmds, qtest_qemu_ncmds, 0, argc, argv) &&
        !qtest_dispatch(q, qtest_ext_cmds, qtest_ext_ncmds, 0, argc, argv)) {
        /* QEMU's words. */
        qtest_fail(q, "Unknown command '%s'", argv[0]);
        return true;
    }
    /* "quit" with extra words was refused: the session goes on. */
    return !(g_str_equal(argv[0], "quit") && argc == 1);
}

bool qtest_session_line(Qtest *q, char *line)
{
    g_auto(GStrv) argv = NULL;
    FILE *out = q->out;
    char *buf = NULL, *answer;
    size_t len = 0;
    int argc;
    bool go_on;

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
    q->out = open_memstream(&buf, &len);
    if (!q->out) {
        q->out = out;
        qtest_fail(q, "out of memory");
        fflush(out);
        return true;
    }
    go_on = qtest__run(q, argc, argv);
    fclose(q->out);
    q->out = out;
    /* The answer is the last line; the banner and the warnings the
     * command caused come just before it. */
    buf[len ? len - 1 : 0] = '\0';
    answer = strrchr(buf, '\n');
    answer = answer ? answer + 1 : buf;
    fwrite(buf, 1, answer - buf, out);
    qtest_flush_notes(q);
    fprintf(out, "%s\n", answer);
    fflush(out);
    free(buf);
    return go_on;
}

static void qtest__guest_log(void *opaque, const char *line)
{
    qtest_comment(opaque, line);
}

/* The machine, its guest, its RAM; with @incoming, loaded from a migration
 * stream before it runs. */
static void qtest__trace(void *opaque, const SpaprIrqTraceEvent *ev)
{
    Qtest *q = opaque;

    trace_log_event(q->trace, ev);
}

static Qtest *qtest__new(const SpaprIrqConfig *cfg, const GuestProfile *guest,
                         FILE *out, const char *incoming, TraceLog *trace,
                         GError **errp)
{
    Qtest *q = g_new0(Qtest, 1);

    q->out = out;
    q->trace = trace;
    q->incoming = g_strdup(incoming);
    guest_ram_init(&q->ram, QTEST_RAM_SIZE);
    q->cb = (SpaprIrqCallbacks){
        .opaque = q,
        .set_cpu_irq = qtest_set_cpu_irq,
        .map_region = vmm_map_region,
        .mem_read = qtest_mem_read,
        .mem_write = qtest_mem_write,
        .trace = trace ? qtest__trace : NULL,
    };
    q->irq = spapr_irq_create(cfg, &q->cb, -1, errp);
    if (q->irq) {
        q->max_cpus = spapr_irq_get_plan(q->irq)->topo.max_cpus;
        q->line = g_new0(bool, q->max_cpus);
        q->raises = g_new0(unsigned, q->max_cpus);
        q->sent = g_new0(bool, q->max_cpus);
    }
    if (!q->irq || !demo_populate(q->irq, errp) ||
        !(q->guest =
              guest_new(guest, q->irq, &q->ram, qtest__guest_log, q, errp)) ||
        (incoming &&
         !migration_incoming(
             &(MigrationVm){.irq = q->irq, .ram = &q->ram, .guest = q->guest},
             incoming, errp)) ||
        !vmm_vm_resume(q->irq, errp)) {
        qtest_session_free(&q);
    }
    return q;
}

QtestSession *qtest_session_new(const SpaprIrqConfig *cfg,
                                const GuestProfile *guest, FILE *out,
                                GError **errp)
{
    return qtest__new(cfg, guest, out, NULL, NULL, errp);
}

void qtest_session_free(QtestSession **qp)
{
    Qtest *q = *qp;

    if (!q) {
        return;
    }
    migration_status_clear(&q->mig);
    guest_free(&q->guest);
    spapr_irq_destroy(&q->irq);
    guest_ram_fini(&q->ram);
    g_free(q->line);
    g_free(q->raises);
    g_free(q->sent);
    g_free(q->incoming);
    g_free(q);
    *qp = NULL;
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
                const GuestProfile *guest, const char *incoming,
                TraceLog *trace)
{
    GError *err = NULL;
    Qtest *q = qtest__new(cfg, guest, out, incoming, trace, &err);
    char *line = NULL;
    size_t cap = 0;

    if (!q) {
        fprintf(stderr, "spapr-irq: %s\n", err->message);
        g_error_free(err);
        return 1;
    }
    /* Start warnings wait for the first command: they become comments if
     * it is "comments on", else they go to stderr. */
    while (getline(&line, &cap, in) >= 0 && qtest_session_line(q, line)) {
    }
    qtest_flush_notes(q);
    qtest_session_free(&q);
    free(line);
    return 0;
}

int qtest_main(const SpaprIrqConfig *cfg, const char *chardev,
               const GuestProfile *guest, const char *incoming, TraceLog *trace)
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

    status = qtest_serve(cfg, in, out, guest, incoming, trace);
    if (in != stdin) {
        fclose(in);
        fclose(out);
    }
    return status;
}
