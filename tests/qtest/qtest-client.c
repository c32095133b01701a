/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A small libqtest for the spapr-irq tool: see qtest-client.h.
 *
 * The tool's stdout and stderr are both read through poll(), so a tool that
 * writes much on stderr never blocks on a full pipe, and every wait has a
 * deadline.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "qtest-client.h"

#define QT_BANNER_PREFIX  "# spapr-irq qtest:"
#define QT_WARNING_PREFIX "warning: "
#define QT_HELLO          "comments on"

struct QtClient {
    GPid pid;
    int in_fd, out_fd, err_fd; /* -1 once closed */
    GString *outbuf;           /* stdout read but not yet split in lines */
    GString *errtext;          /* all of stderr */
    bool exited;
    int wstatus;
    bool started;
    char *banner;
    char *cmdline;
    char *answer;
    GPtrArray *comments; /* of the last answer */
    GPtrArray *warnings; /* of the session */
    GPtrArray *stray;    /* lines outside any command */
    GPtrArray *irqs;     /* "IRQ raise|lower N" lines of the last answer */
};

static GQuark qt_client_error_quark(void)
{
    return g_quark_from_static_string("qt-client-error-quark");
}

#define QT_ERROR qt_client_error_quark()

int qt_client_timeout_s(void)
{
    const char *env = g_getenv("QT_CLIENT_TIMEOUT");

    if (env) {
        long v = strtol(env, NULL, 10);

        if (v > 0 && v < 24 * 3600) {
            return (int)v;
        }
    }
    return QT_CLIENT_TIMEOUT_S;
}

static void close_fd(int *fd)
{
    if (*fd >= 0) {
        close(*fd);
        *fd = -1;
    }
}

/* In the child, before exec: the tool gets the default SIGPIPE even though
 * this process ignores it (ignored signals survive exec). */
static void child_setup(gpointer data)
{
    signal(SIGPIPE, SIG_DFL);
}

/* ---- reading ---- */

/* Reads what is available on @fd into @buf; false at end of file (or on an
 * error, which is treated the same: the tool is gone). */
static bool drain_fd(int *fd, GString *buf)
{
    char chunk[4096];
    ssize_t n;

    do {
        n = read(*fd, chunk, sizeof(chunk));
    } while (n < 0 && errno == EINTR);
    if (n <= 0) {
        close_fd(fd);
        return false;
    }
    g_string_append_len(buf, chunk, n);
    return true;
}

/* Waits until stdout or stderr has data or @deadline (monotonic, us) is
 * reached, then reads it.  Returns false on time-out. */
static bool poll_once(QtClient *c, gint64 deadline)
{
    struct pollfd pfd[2];
    nfds_t n = 0;
    gint64 left_ms = (deadline - g_get_monotonic_time()) / 1000;
    int r;

    if (c->out_fd >= 0) {
        pfd[n++] = (struct pollfd){.fd = c->out_fd, .events = POLLIN};
    }
    if (c->err_fd >= 0) {
        pfd[n++] = (struct pollfd){.fd = c->err_fd, .events = POLLIN};
    }
    if (n == 0) {
        return true;
    }
    if (left_ms <= 0) {
        return false;
    }
    do {
        r = poll(pfd, n, left_ms > G_MAXINT ? G_MAXINT : (int)left_ms);
    } while (r < 0 && errno == EINTR);
    if (r == 0) {
        return false;
    }
    g_assert(r > 0);
    for (nfds_t i = 0; i < n; i++) {
        if (!(pfd[i].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL))) {
            continue;
        }
        if (pfd[i].fd == c->out_fd) {
            drain_fd(&c->out_fd, c->outbuf);
        } else if (pfd[i].fd == c->err_fd) {
            drain_fd(&c->err_fd, c->errtext);
        }
    }
    return true;
}

typedef enum ReadResult {
    READ_LINE,
    READ_EOF,
    READ_TIMEOUT,
} ReadResult;

/* One line of stdout (without its newline) into *@line. */
static ReadResult read_line(QtClient *c, gint64 deadline, char **line)
{
    for (;;) {
        char *nl = memchr(c->outbuf->str, '\n', c->outbuf->len);

        if (nl) {
            gsize len = nl - c->outbuf->str;

            *line = g_strndup(c->outbuf->str, len);
            g_string_erase(c->outbuf, 0, len + 1);
            return READ_LINE;
        }
        if (c->out_fd < 0) {
            if (c->outbuf->len) {
                /* A last line without its newline. */
                *line = g_strdup(c->outbuf->str);
                g_string_truncate(c->outbuf, 0);
                return READ_LINE;
            }
            return READ_EOF;
        }
        if (!poll_once(c, deadline)) {
            return READ_TIMEOUT;
        }
    }
}

static gint64 deadline_from_now(void)
{
    return g_get_monotonic_time() + (gint64)qt_client_timeout_s() * 1000000;
}

static bool is_comment(const char *line)
{
    return line[0] == '#';
}

/* Keeps a comment line: in the comments of the current answer and, for a
 * warning, in the session's warnings. */
static void keep_comment(QtClient *c, const char *line)
{
    const char *text = line + 1;

    if (*text == ' ') {
        text++;
    }
    g_ptr_array_add(c->comments, g_strdup(text));
    if (g_str_has_prefix(text, QT_WARNING_PREFIX)) {
        g_ptr_array_add(c->warnings,
                        g_strdup(text + strlen(QT_WARNING_PREFIX)));
    }
}

/* ---- the end of the process ---- */

static char *describe_status(int wstatus)
{
    if (WIFEXITED(wstatus)) {
        return g_strdup_printf("exited with status %d", WEXITSTATUS(wstatus));
    }
    if (WIFSIGNALED(wstatus)) {
        return g_strdup_printf("was killed by signal %d (%s)",
                               WTERMSIG(wstatus),
                               g_strsignal(WTERMSIG(wstatus)));
    }
    return g_strdup_printf("ended with wait status 0x%x", wstatus);
}

/* The last lines of stderr, for messages. */
static char *stderr_tail(const QtClient *c)
{
    const char *s = c->errtext->str;
    gsize len = c->errtext->len;
    const gsize max = 2000;

    if (len == 0) {
        return g_strdup("(stderr empty)");
    }
    if (len > max) {
        return g_strdup_printf("stderr ends with: ...%s", s + len - max);
    }
    return g_strdup_printf("stderr: %s", s);
}

bool qt_client_wait(QtClient *c, int *status, GError **errp)
{
    gint64 deadline = deadline_from_now();

    while (!c->exited) {
        pid_t r;

        /* Keep reading: a tool blocked on a full pipe would never exit. */
        if (c->out_fd >= 0 || c->err_fd >= 0) {
            if (!poll_once(c, deadline)) {
                break;
            }
            continue;
        }
        do {
            r = waitpid(c->pid, &c->wstatus, WNOHANG);
        } while (r < 0 && errno == EINTR);
        if (r == c->pid) {
            c->exited = true;
        } else if (r < 0) {
            g_set_error(errp, QT_ERROR, 0, "waitpid(%d): %s", (int)c->pid,
                        g_strerror(errno));
            return false;
        } else if (g_get_monotonic_time() >= deadline) {
            break;
        } else {
            g_usleep(1000);
        }
    }
    if (!c->exited) {
        g_set_error(errp, QT_ERROR, 0,
                    "%s: did not exit within %d s (killed); %s", c->cmdline,
                    qt_client_timeout_s(), c->errtext->str);
        kill(c->pid, SIGKILL);
        waitpid(c->pid, &c->wstatus, 0);
        c->exited = true;
        return false;
    }
    if (status) {
        *status = c->wstatus;
    }
    return true;
}

/* An error for a tool that stopped answering @what. */
static void set_gone_error(QtClient *c, ReadResult rr, const char *what,
                           GError **errp)
{
    g_autofree char *tail = NULL;
    g_autofree char *how = NULL;

    if (rr == READ_TIMEOUT) {
        tail = stderr_tail(c);
        g_set_error(errp, QT_ERROR, 0,
                    "no answer to \"%s\" within %d s (the tool hangs?); %s",
                    what, qt_client_timeout_s(), tail);
        return;
    }
    close_fd(&c->in_fd);
    if (qt_client_wait(c, NULL, NULL)) {
        how = describe_status(c->wstatus);
    } else {
        how = g_strdup("closed its output but did not exit");
    }
    tail = stderr_tail(c);
    g_set_error(errp, QT_ERROR, 0,
                "the tool ended before answering \"%s\": it %s; %s", what, how,
                tail);
}

static bool write_all(int fd, const char *buf, size_t len)
{
    while (len) {
        ssize_t n = write(fd, buf, len);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        buf += n;
        len -= n;
    }
    return true;
}

/* ---- spawning ---- */

QtClient *qt_client_spawn(const char *const *argv, GError **errp)
{
    QtClient *c = g_new0(QtClient, 1);
    gint64 deadline;

    signal(SIGPIPE, SIG_IGN);
    c->in_fd = c->out_fd = c->err_fd = -1;
    c->outbuf = g_string_new(NULL);
    c->errtext = g_string_new(NULL);
    c->comments = g_ptr_array_new_with_free_func(g_free);
    c->warnings = g_ptr_array_new_with_free_func(g_free);
    c->stray = g_ptr_array_new_with_free_func(g_free);
    c->irqs = g_ptr_array_new_with_free_func(g_free);
    c->cmdline = g_strjoinv(" ", (char **)argv);

    if (!g_spawn_async_with_pipes(
            NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, child_setup,
            NULL, &c->pid, &c->in_fd, &c->out_fd, &c->err_fd, errp)) {
        c->pid = 0;
        qt_client_free(c);
        return NULL;
    }

    /* The first command asks for the comments (the banner among them);
     * a tool that could not build the machine exits without answering. */
    if (!write_all(c->in_fd, QT_HELLO "\n", strlen(QT_HELLO "\n"))) {
        close_fd(&c->in_fd);
    }
    deadline = deadline_from_now();
    for (;;) {
        g_autofree char *line = NULL;
        ReadResult rr = read_line(c, deadline, &line);

        if (rr == READ_TIMEOUT) {
            set_gone_error(c, rr, "(start, " QT_HELLO ")", errp);
            qt_client_free(c);
            return NULL;
        }
        if (rr == READ_EOF) {
            /* The machine was not built: the tool exits on its own. */
            close_fd(&c->in_fd);
            if (!qt_client_wait(c, NULL, errp)) {
                qt_client_free(c);
                return NULL;
            }
            return c;
        }
        if (g_str_has_prefix(line, QT_BANNER_PREFIX)) {
            g_free(c->banner);
            c->banner = g_strdup(line + 2);
        }
        if (is_comment(line)) {
            keep_comment(c, line);
        } else if (g_str_equal(line, "OK") && c->banner) {
            c->started = true;
            return c;
        } else {
            g_ptr_array_add(c->stray, g_steal_pointer(&line));
        }
    }
}

void qt_client_free(QtClient *c)
{
    if (!c) {
        return;
    }
    close_fd(&c->in_fd);
    close_fd(&c->out_fd);
    close_fd(&c->err_fd);
    if (c->pid > 0) {
        if (!c->exited) {
            kill(c->pid, SIGKILL);
            while (waitpid(c->pid, &c->wstatus, 0) < 0 && errno == EINTR) {
            }
        }
        g_spawn_close_pid(c->pid);
    }
    g_string_free(c->outbuf, TRUE);
    g_string_free(c->errtext, TRUE);
    g_ptr_array_unref(c->comments);
    g_ptr_array_unref(c->warnings);
    g_ptr_array_unref(c->stray);
    g_ptr_array_unref(c->irqs);
    g_free(c->banner);
    g_free(c->cmdline);
    g_free(c->answer);
    g_free(c);
}

bool qt_client_started(const QtClient *c)
{
    return c->started;
}

const char *qt_client_banner(const QtClient *c)
{
    return c->banner;
}

const GPtrArray *qt_client_stray_lines(const QtClient *c)
{
    return c->stray;
}

pid_t qt_client_pid(const QtClient *c)
{
    return c->pid;
}

const char *qt_client_cmdline(const QtClient *c)
{
    return c->cmdline;
}

/* ---- commands ---- */

static const char *cmd_v(QtClient *c, GError **errp, const char *fmt,
                         va_list ap)
{
    g_autofree char *cmd = g_strdup_vprintf(fmt, ap);
    g_autofree char *line = g_strconcat(cmd, "\n", NULL);
    gint64 deadline;

    g_clear_pointer(&c->answer, g_free);
    g_ptr_array_set_size(c->comments, 0);
    g_ptr_array_set_size(c->irqs, 0);
    if (!c->started || c->exited || c->in_fd < 0) {
        g_set_error(errp, QT_ERROR, 0,
                    "cannot send \"%s\": the session is not running", cmd);
        return NULL;
    }
    if (!write_all(c->in_fd, line, strlen(line))) {
        set_gone_error(c, READ_EOF, cmd, errp);
        return NULL;
    }
    deadline = deadline_from_now();
    for (;;) {
        g_autofree char *got = NULL;
        ReadResult rr = read_line(c, deadline, &got);

        if (rr != READ_LINE) {
            set_gone_error(c, rr, cmd, errp);
            return NULL;
        }
        if (is_comment(got)) {
            keep_comment(c, got);
            continue;
        }
        if (g_str_has_prefix(got, "IRQ ")) {
            /* QEMU's asynchronous lines (after irq_intercept_in). */
            g_ptr_array_add(c->irqs, g_steal_pointer(&got));
            continue;
        }
        if (!g_str_equal(got, "OK") && !g_str_has_prefix(got, "OK ") &&
            !g_str_has_prefix(got, "FAIL")) {
            g_set_error(errp, QT_ERROR, 0,
                        "answer to \"%s\" is neither OK nor FAIL: \"%s\"", cmd,
                        got);
            return NULL;
        }
        c->answer = g_steal_pointer(&got);
        return c->answer;
    }
}

const char *qt_client_cmd(QtClient *c, GError **errp, const char *fmt, ...)
{
    va_list ap;
    const char *r;

    va_start(ap, fmt);
    r = cmd_v(c, errp, fmt, ap);
    va_end(ap);
    return r;
}

char *qt_client_ok(QtClient *c, GError **errp, const char *fmt, ...)
{
    va_list ap;
    const char *r;
    g_autofree char *cmd = NULL;

    va_start(ap, fmt);
    cmd = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    r = qt_client_cmd(c, errp, "%s", cmd);
    if (!r) {
        return NULL;
    }
    if (g_str_equal(r, "OK")) {
        return g_strdup("");
    }
    if (g_str_has_prefix(r, "OK ")) {
        return g_strdup(r + 3);
    }
    g_set_error(errp, QT_ERROR, 0, "\"%s\" answered \"%s\"", cmd, r);
    return NULL;
}

bool qt_client_expect(QtClient *c, const char *expect_rest, GError **errp,
                      const char *fmt, ...)
{
    va_list ap;
    g_autofree char *cmd = NULL;
    g_autofree char *rest = NULL;

    va_start(ap, fmt);
    cmd = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    rest = qt_client_ok(c, errp, "%s", cmd);
    if (!rest) {
        return false;
    }
    if (expect_rest && !g_str_equal(rest, expect_rest)) {
        g_set_error(errp, QT_ERROR, 0,
                    "\"%s\" answered \"OK %s\", expected \"OK %s\"", cmd, rest,
                    expect_rest);
        return false;
    }
    return true;
}

const GPtrArray *qt_client_comments(const QtClient *c)
{
    return c->comments;
}

const GPtrArray *qt_client_irqs(const QtClient *c)
{
    return c->irqs;
}

const GPtrArray *qt_client_warnings(const QtClient *c)
{
    return c->warnings;
}

bool qt_client_quit(QtClient *c, GError **errp)
{
    g_autofree char *rest = qt_client_ok(c, errp, "quit");
    g_autofree char *how = NULL;
    g_autofree char *tail = NULL;
    int st;

    if (!rest) {
        return false;
    }
    if (rest[0]) {
        g_set_error(errp, QT_ERROR, 0, "quit answered \"OK %s\"", rest);
        return false;
    }
    close_fd(&c->in_fd);
    if (!qt_client_wait(c, &st, errp)) {
        return false;
    }
    /* Nothing may follow the answer to quit but comments. */
    for (;;) {
        g_autofree char *line = NULL;

        if (read_line(c, g_get_monotonic_time(), &line) != READ_LINE) {
            break;
        }
        if (!is_comment(line)) {
            g_set_error(errp, QT_ERROR, 0, "output after quit: \"%s\"", line);
            return false;
        }
        keep_comment(c, line);
    }
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
        return true;
    }
    how = describe_status(st);
    tail = stderr_tail(c);
    g_set_error(errp, QT_ERROR, 0, "after quit the tool %s; %s", how, tail);
    return false;
}

int qt_client_exit_status(const QtClient *c)
{
    if (c->exited && WIFEXITED(c->wstatus)) {
        return WEXITSTATUS(c->wstatus);
    }
    return -1;
}

int qt_client_term_signal(const QtClient *c)
{
    if (c->exited && WIFSIGNALED(c->wstatus)) {
        return WTERMSIG(c->wstatus);
    }
    return 0;
}

const char *qt_client_stderr(const QtClient *c)
{
    return c->errtext->str;
}

int qt_client_count_fds(const QtClient *c)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/fd", (int)c->pid);
    GDir *dir;
    int n = 0;

    if (c->exited) {
        return -1;
    }
    dir = g_dir_open(path, 0, NULL);
    if (!dir) {
        return -1;
    }
    while (g_dir_read_name(dir)) {
        n++;
    }
    g_dir_close(dir);
    return n;
}

/* ---- answers of the commands the tests use most ---- */

/* Splits an OK answer's rest in words; caller frees. */
static char **ok_words(QtClient *c, GError **errp, const char *cmd)
{
    g_autofree char *rest = qt_client_ok(c, errp, "%s", cmd);

    if (!rest) {
        return NULL;
    }
    return g_strsplit(rest, " ", -1);
}

static bool parse_uint(const char *s, int base, guint64 max, guint64 *v)
{
    char *end = NULL;

    if (!s || !s[0] || s[0] == '-') {
        return false;
    }
    errno = 0;
    *v = g_ascii_strtoull(s, &end, base);
    return !*end && !errno && *v <= max;
}

static bool parse_hex32(const char *s, guint32 *v)
{
    guint64 x;

    if (!s || !g_str_has_prefix(s, "0x") ||
        !parse_uint(s + 2, 16, 0xffffffffu, &x)) {
        return false;
    }
    *v = (guint32)x;
    return true;
}

bool qt_client_active(QtClient *c, char **kind, char **impl, GError **errp)
{
    g_auto(GStrv) w = ok_words(c, errp, "active");

    if (!w) {
        return false;
    }
    if (g_strv_length(w) != 2 ||
        (!g_str_equal(w[0], "xics") && !g_str_equal(w[0], "xive")) ||
        (!g_str_equal(w[1], "kvm") && !g_str_equal(w[1], "emulated"))) {
        g_set_error(errp, QT_ERROR, 0, "bad answer to active: \"%s\"",
                    c->answer);
        return false;
    }
    *kind = g_strdup(w[0]);
    *impl = g_strdup(w[1]);
    return true;
}

bool qt_client_lines(QtClient *c, guint32 *up, guint *ncpus, GError **errp)
{
    g_auto(GStrv) w = ok_words(c, errp, "lines");
    guint n;

    if (!w) {
        return false;
    }
    n = g_strv_length(w);
    *up = 0;
    for (guint i = 0; i < n; i++) {
        if (i >= 32 || (!g_str_equal(w[i], "0") && !g_str_equal(w[i], "1"))) {
            g_set_error(errp, QT_ERROR, 0, "bad answer to lines: \"%s\"",
                        c->answer);
            return false;
        }
        if (w[i][0] == '1') {
            *up |= 1u << i;
        }
    }
    *ncpus = n;
    return true;
}

bool qt_client_take(QtClient *c, guint cpu, QtTaken *taken, guint32 *value,
                    GError **errp)
{
    g_autofree char *cmd = g_strdup_printf("guest take %u", cpu);
    g_auto(GStrv) w = ok_words(c, errp, cmd);
    guint n;

    if (!w) {
        return false;
    }
    n = g_strv_length(w);
    *value = 0;
    if (n == 1 && g_str_equal(w[0], "none")) {
        *taken = QT_TAKEN_NONE;
        return true;
    }
    if (n == 2 && g_str_equal(w[0], "xirr") && parse_hex32(w[1], value)) {
        *taken = QT_TAKEN_XIRR;
        return true;
    }
    if (n == 2 && g_str_equal(w[0], "eisn") && parse_hex32(w[1], value)) {
        *taken = QT_TAKEN_EISN;
        return true;
    }
    g_set_error(errp, QT_ERROR, 0, "bad answer to %s: \"%s\"", cmd, c->answer);
    return false;
}

bool qt_client_expect_take(QtClient *c, guint cpu, QtTaken want,
                           guint32 want_value, const char *what, GError **errp)
{
    QtTaken taken;
    guint32 value;

    if (!qt_client_take(c, cpu, &taken, &value, errp)) {
        return false;
    }
    if (taken != want || value != want_value) {
        g_autofree char *g = qt_taken_str(taken, value);
        g_autofree char *w = qt_taken_str(want, want_value);

        g_set_error(errp, QT_ERROR, 0,
                    "%s: guest take %u gave \"%s\", expected \"%s\"", what, cpu,
                    g, w);
        return false;
    }
    return true;
}

char *qt_taken_str(QtTaken taken, guint32 value)
{
    switch (taken) {
    case QT_TAKEN_NONE:
        return g_strdup("none");
    case QT_TAKEN_XIRR:
        return g_strdup_printf("xirr 0x%08x", value);
    case QT_TAKEN_EISN:
        return g_strdup_printf("eisn 0x%x", value);
    }
    return g_strdup("?");
}

bool qt_client_host(QtClient *c, QtHostCounters *h, GError **errp)
{
    static const char *const keys[] = {
        "devices", "vcpus", "mappings", "connected", "tokens",
        "stale",   "slots", "mapped",   "exits",     "violations"};
    guint *vals[] = {&h->devices, &h->vcpus,     &h->mappings, &h->connected,
                     &h->tokens,  &h->stale,     &h->slots,    &h->mapped,
                     &h->exits,   &h->violations};
    g_auto(GStrv) w = ok_words(c, errp, "host");

    if (!w) {
        return false;
    }
    memset(h, 0, sizeof(*h));
    if (g_strv_length(w) == 1 && g_str_equal(w[0], "none")) {
        return true;
    }
    if (g_strv_length(w) != 1 + G_N_ELEMENTS(keys) ||
        !g_str_equal(w[0], "kvm-sim")) {
        goto bad;
    }
    for (guint i = 0; i < G_N_ELEMENTS(keys); i++) {
        g_autofree char *prefix = g_strconcat(keys[i], "=", NULL);
        guint64 v;

        if (!g_str_has_prefix(w[i + 1], prefix) ||
            !parse_uint(w[i + 1] + strlen(prefix), 10, G_MAXUINT, &v)) {
            goto bad;
        }
        *vals[i] = (guint)v;
    }
    h->kvm_sim = true;
    return true;

bad:
    g_set_error(errp, QT_ERROR, 0, "bad answer to host: \"%s\"", c->answer);
    return false;
}

/* ---- the checks of a test case ---- */

bool qt_check_fail(QtCheck *ck, const char *fmt, ...)
{
    g_autofree char *where = ck->where(ck->opaque);
    g_autofree char *msg = NULL;
    va_list ap;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_test_message("FAIL %s: %s", where, msg);
    if (!ck->failed) {
        g_test_fail();
    }
    ck->failed = true;
    return false;
}

bool qt_check_fail_gerror(QtCheck *ck, GError *err)
{
    qt_check_fail(ck, "%s", err ? err->message : "unknown error");
    g_clear_error(&err);
    return false;
}

bool qt_check_cmd(QtCheck *ck, const char *expect_rest, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *cmd = NULL;
    GError *err = NULL;

    va_start(ap, fmt);
    cmd = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (!qt_client_expect(ck->qc, expect_rest, &err, "%s", cmd)) {
        return qt_check_fail_gerror(ck, err);
    }
    return true;
}

bool qt_check_take(QtCheck *ck, guint cpu, QtTaken want, guint32 want_value,
                   const char *what)
{
    GError *err = NULL;

    if (!qt_client_expect_take(ck->qc, cpu, want, want_value, what, &err)) {
        return qt_check_fail_gerror(ck, err);
    }
    return true;
}

bool qt_check_lines(QtCheck *ck, guint32 *up, guint *ncpus)
{
    GError *err = NULL;

    if (!qt_client_lines(ck->qc, up, ncpus, &err)) {
        return qt_check_fail_gerror(ck, err);
    }
    return true;
}
