/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq tool: the QMP server (qmp.h, docs/specs/qmp.md).  A GLib main
 * loop watches the listening socket, the client's socket and an incoming
 * migration's socket; messages are split where their outermost JSON value
 * ends and parsed with json-glib, answers and events are built with
 * JsonBuilder and written with JsonGenerator.  The commands are in
 * tools/qmp_cmds.c.
 */
#include <errno.h>
#include <glib-unix.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tools/demo.h"
#include "tools/qmp_internal.h"
#include "tools/vmm.h"

#define QMP_RAM_SIZE (UINT64_C(1) << 30)
#define QMP_MAX_MSG  (1u << 20) /* a longer message is refused */

const char *const qmp_run_state_names[] = {
    [QMP_RUNNING] = "running",
    [QMP_PAUSED] = "paused",
    [QMP_INMIGRATE] = "inmigrate",
    [QMP_POSTMIGRATE] = "postmigrate",
};

JsonNode *qmp_fail(QmpErr *e, const char *cls, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    e->cls = cls;
    e->desc = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    return NULL;
}

JsonNode *qmp_gfail(QmpErr *e, GError *err)
{
    qmp_fail(e, "GenericError", "%s", err->message);
    g_error_free(err);
    return NULL;
}

/* ---- the machine's callbacks ---- */

static void qmp_set_cpu_irq(void *opaque, uint32_t cpu_index, bool level)
{
}

G_STATIC_ASSERT(G_STRUCT_OFFSET(Qmp, ram) == 0);

static void qmp_trace(void *opaque, const SpaprIrqTraceEvent *ev)
{
    trace_log_event(((Qmp *)opaque)->trace, ev);
}

/* ---- output ---- */

static void qmp_send(Qmp *q, JsonNode *msg)
{
    g_autoptr(JsonGenerator) gen = json_generator_new();
    g_autofree char *text = NULL;
    size_t len, off = 0;

    json_generator_set_root(gen, msg);
    text = json_generator_to_data(gen, NULL);
    json_node_unref(msg);
    if (q->cfd < 0) {
        return;
    }
    text = g_realloc(text, strlen(text) + 3);
    strcat(text, "\r\n");
    len = strlen(text);
    while (off < len) {
        ssize_t n = send(q->cfd, text + off, len - off, MSG_NOSIGNAL);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return; /* the client went away: its socket's watch sees it */
        }
        off += n;
    }
}

JsonNode *qmp_empty(void)
{
    return json_node_init_object(json_node_alloc(), json_object_new());
}

/* An event, to the client if it negotiated (QEMU's "event", "data" if
 * the event has any, "timestamp"); takes @data (NULL: none). */
void qmp_event(Qmp *q, const char *name, JsonNode *data)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    gint64 now = g_get_real_time();

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "event");
    json_builder_add_string_value(b, name);
    if (data) {
        json_builder_set_member_name(b, "data");
        json_builder_add_value(b, data);
    }
    json_builder_set_member_name(b, "timestamp");
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "seconds");
    json_builder_add_int_value(b, now / G_USEC_PER_SEC);
    json_builder_set_member_name(b, "microseconds");
    json_builder_add_int_value(b, now % G_USEC_PER_SEC);
    json_builder_end_object(b);
    json_builder_end_object(b);
    if (q->negotiated) {
        qmp_send(q, json_builder_get_root(b));
    }
}

/* An event whose data has one string member. */
void qmp_event_str(Qmp *q, const char *name, const char *member,
                   const char *value)
{
    JsonObject *o = json_object_new();

    json_object_set_string_member(o, member, value);
    qmp_event(q, name, json_node_init_object(json_node_alloc(), o));
    json_object_unref(o);
}

/* ---- the machine's states ---- */

bool qmp_run(Qmp *q, GError **errp)
{
    if (!vmm_vm_resume(q->irq, errp)) {
        return false;
    }
    q->state = QMP_RUNNING;
    qmp_event(q, "RESUME", NULL);
    return true;
}

bool qmp_stop(Qmp *q, QmpRunState to, GError **errp)
{
    if (q->state == QMP_RUNNING) {
        if (!vmm_vm_stop(q->irq, errp)) {
            return false;
        }
        qmp_event(q, "STOP", NULL);
    }
    q->state = to;
    return true;
}

/* ---- dispatch ---- */

static bool qmp_type_ok(JsonNode *n, char type)
{
    GType vt = JSON_NODE_HOLDS_VALUE(n) ? json_node_get_value_type(n) : 0;

    switch (type) {
    case 's':
        return vt == G_TYPE_STRING;
    case 'b':
        return vt == G_TYPE_BOOLEAN;
    case 'i':
        return vt == G_TYPE_INT64;
    case 'a':
        return JSON_NODE_HOLDS_ARRAY(n);
    default:
        return JSON_NODE_HOLDS_OBJECT(n);
    }
}

/* QEMU's checks of the arguments against the command's parameters. */
static bool qmp_check_args(const QmpCmd *c, JsonObject *args, QmpErr *e)
{
    g_autoptr(GList) names = args ? json_object_get_members(args) : NULL;

    for (GList *l = names; l; l = l->next) {
        bool known = false;

        for (int i = 0; i < 6 && c->params[i]; i++) {
            const char *p = c->params[i] + (c->params[i][0] == '?');

            known = known ||
                    (g_str_has_prefix(p, l->data) && p[strlen(l->data)] == ':');
        }
        if (!known) {
            qmp_fail(e, "GenericError", "Parameter '%s' is unexpected",
                     (const char *)l->data);
            return false;
        }
    }
    for (int i = 0; i < 6 && c->params[i]; i++) {
        bool optional = c->params[i][0] == '?';
        const char *p = c->params[i] + optional;
        const char *colon = strchr(p, ':');
        g_autofree char *name = g_strndup(p, colon - p);
        JsonNode *n = args ? json_object_get_member(args, name) : NULL;

        if (!n && !optional) {
            qmp_fail(e, "GenericError", "Parameter '%s' is missing", name);
            return false;
        }
        if (n && !qmp_type_ok(n, colon[1])) {
            qmp_fail(e, "GenericError",
                     "Invalid parameter type for '%s', expected: %s", name,
                     colon[1] == 's'   ? "string"
                     : colon[1] == 'b' ? "boolean"
                     : colon[1] == 'i' ? "integer"
                     : colon[1] == 'a' ? "array"
                                       : "object");
            return false;
        }
    }
    return true;
}

/* Runs the command of request @req; the answer, or NULL with @e set. */
static JsonNode *qmp_execute(Qmp *q, JsonObject *req, QmpErr *e)
{
    g_autoptr(GList) members = json_object_get_members(req);
    JsonNode *exec = json_object_get_member(req, "execute");
    JsonNode *args = json_object_get_member(req, "arguments");
    const char *name;

    for (GList *l = members; l; l = l->next) {
        if (!g_str_equal(l->data, "execute") &&
            !g_str_equal(l->data, "arguments") && !g_str_equal(l->data, "id")) {
            return qmp_fail(e, "GenericError",
                            "QMP input member '%s' is unexpected",
                            (const char *)l->data);
        }
    }
    if (!exec) {
        return qmp_fail(e, "GenericError", "QMP input lacks member 'execute'");
    }
    if (!qmp_type_ok(exec, 's')) {
        return qmp_fail(e, "GenericError",
                        "QMP input member 'execute' must be a string");
    }
    if (args && !JSON_NODE_HOLDS_OBJECT(args)) {
        return qmp_fail(e, "GenericError",
                        "QMP input member 'arguments' must be an object");
    }
    name = json_node_get_string(exec);
    if (!q->negotiated && !g_str_equal(name, "qmp_capabilities")) {
        return qmp_fail(e, "CommandNotFound",
                        "Expecting capabilities negotiation with "
                        "'qmp_capabilities'");
    }
    if (q->negotiated && g_str_equal(name, "qmp_capabilities")) {
        return qmp_fail(e, "CommandNotFound",
                        "Capabilities negotiation is already complete, "
                        "command ignored");
    }
    for (size_t i = 0; i < qmp_n_cmds; i++) {
        JsonObject *a = args ? json_node_get_object(args) : NULL;

        if (g_str_equal(qmp_cmds[i].name, name)) {
            return qmp_check_args(&qmp_cmds[i], a, e) ? qmp_cmds[i].fn(q, a, e)
                                                      : NULL;
        }
    }
    return qmp_fail(e, "CommandNotFound", "The command %s has not been found",
                    name);
}

/* One message of the client: the answer, with the request's id. */
static void qmp_message(Qmp *q, const char *text, size_t len)
{
    g_autoptr(JsonParser) parser = json_parser_new();
    g_autoptr(JsonBuilder) b = json_builder_new();
    JsonNode *root, *ret = NULL, *id = NULL;
    QmpErr e = {0};
    GError *err = NULL;

    if (!json_parser_load_from_data(parser, text, len, &err)) {
        qmp_fail(&e, "GenericError", "JSON parse error, %s", err->message);
        g_error_free(err);
    } else if (!(root = json_parser_get_root(parser)) ||
               !JSON_NODE_HOLDS_OBJECT(root)) {
        qmp_fail(&e, "GenericError", "QMP input must be a JSON object");
    } else {
        id = json_object_get_member(json_node_get_object(root), "id");
        ret = qmp_execute(q, json_node_get_object(root), &e);
    }
    json_builder_begin_object(b);
    if (ret) {
        json_builder_set_member_name(b, "return");
        json_builder_add_value(b, ret);
    } else {
        json_builder_set_member_name(b, "error");
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "class");
        json_builder_add_string_value(b, e.cls);
        json_builder_set_member_name(b, "desc");
        json_builder_add_string_value(b, e.desc);
        json_builder_end_object(b);
        g_free(e.desc);
    }
    if (id) {
        json_builder_set_member_name(b, "id");
        json_builder_add_value(b, json_node_copy(id));
    }
    json_builder_end_object(b);
    qmp_send(q, json_builder_get_root(b));
}

/*
 * Splits the client's bytes into messages where a top-level JSON value
 * ends (brackets counted outside strings); json-glib parses each.
 * Returns the length of the first complete message in @s (leading white
 * space included), or 0.
 */
static size_t qmp_split(const GString *s)
{
    int depth = 0;
    bool in_str = false, esc = false, started = false;

    for (size_t i = 0; i < s->len; i++) {
        char c = s->str[i];

        if (in_str) {
            esc = !esc && c == '\\';
            in_str = esc || c != '"';
            continue;
        }
        if (!started && g_ascii_isspace(c)) {
            continue;
        }
        started = true;
        if (c == '"') {
            in_str = true;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            depth--;
        } else if (depth == 0 && g_ascii_isspace(c)) {
            return i; /* a bare scalar ends at white space */
        }
        if (depth <= 0 && (c == '}' || c == ']')) {
            return i + 1;
        }
    }
    return 0;
}

/* ---- the client ---- */

static void qmp_greeting(Qmp *q)
{
    g_autoptr(JsonBuilder) b = json_builder_new();

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "QMP");
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "version");
    json_builder_add_value(b, qmp_version());
    json_builder_set_member_name(b, "capabilities");
    json_builder_begin_array(b);
    json_builder_add_string_value(b, "oob");
    json_builder_end_array(b);
    json_builder_end_object(b);
    json_builder_end_object(b);
    qmp_send(q, json_builder_get_root(b));
}

static gboolean qmp_accept(int fd, GIOCondition cond, gpointer opaque);

static void qmp_client_close(Qmp *q)
{
    if (q->csrc) {
        g_source_remove(q->csrc);
        q->csrc = 0;
    }
    if (q->cfd >= 0) {
        close(q->cfd);
        q->cfd = -1;
    }
    g_string_truncate(q->in, 0);
    q->negotiated = false;
    if (q->lfd >= 0 && !q->lsrc) {
        q->lsrc = g_unix_fd_add(q->lfd, G_IO_IN, qmp_accept, q);
    }
}

static gboolean qmp_client_ready(int fd, GIOCondition cond, gpointer opaque)
{
    Qmp *q = opaque;
    char buf[4096];
    ssize_t n = recv(fd, buf, sizeof(buf), 0);
    size_t len;

    if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
        return G_SOURCE_CONTINUE;
    }
    if (n <= 0) {
        q->csrc = 0;
        qmp_client_close(q);
        return G_SOURCE_REMOVE;
    }
    g_string_append_len(q->in, buf, n);
    while (q->cfd >= 0 && (len = qmp_split(q->in)) > 0) {
        qmp_message(q, q->in->str, len);
        g_string_erase(q->in, 0, len);
    }
    if (q->in->len > QMP_MAX_MSG) {
        g_string_truncate(q->in, 0);
        qmp_message(q, "", 0); /* QEMU answers a parse error too */
    }
    return G_SOURCE_CONTINUE;
}

static gboolean qmp_accept(int fd, GIOCondition cond, gpointer opaque)
{
    Qmp *q = opaque;

    q->cfd = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
    if (q->cfd < 0) {
        return G_SOURCE_CONTINUE;
    }
    /* One client at a time, as QEMU's monitor chardev. */
    q->lsrc = 0;
    q->csrc = g_unix_fd_add(q->cfd, G_IO_IN | G_IO_HUP | G_IO_ERR,
                            qmp_client_ready, q);
    qmp_greeting(q);
    return G_SOURCE_REMOVE;
}

static gboolean qmp_signal(gpointer opaque)
{
    Qmp *q = opaque;

    q->shutdown = "host-signal";
    g_main_loop_quit(q->loop);
    return G_SOURCE_CONTINUE;
}

/* ---- options ---- */

/* "unix:PATH,server=on,wait=off" -> the address and whether to wait. */
static bool qmp_parse_chardev(const char *chardev, char **address, bool *wait,
                              GError **errp)
{
    g_auto(GStrv) parts = g_strsplit(chardev, ",", -1);
    bool server = false;

    *wait = true; /* QEMU's default */
    for (int i = 1; parts[i]; i++) {
        if (g_str_equal(parts[i], "server=on") ||
            g_str_equal(parts[i], "server")) {
            server = true;
        } else if (g_str_equal(parts[i], "wait=off") ||
                   g_str_equal(parts[i], "nowait")) {
            *wait = false;
        } else if (!g_str_equal(parts[i], "wait=on")) {
            g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION,
                        "-qmp %s: unknown option '%s' (server=on, "
                        "wait=on|off)",
                        chardev, parts[i]);
            return false;
        }
    }
    if ((!g_str_has_prefix(parts[0], "unix:") &&
         !g_str_has_prefix(parts[0], "tcp:")) ||
        !server) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION,
                    "-qmp %s: expected unix:PATH,server=on[,wait=off] or "
                    "tcp:HOST:PORT,server=on[,wait=off]",
                    chardev);
        return false;
    }
    *address = g_strdup(parts[0]);
    return true;
}

int qmp_opts_parse(QmpOpts *o, int argc, char **argv, GError **errp)
{
    const char *opt = argv[0];

    if (!g_str_equal(opt, "-qmp") && !g_str_equal(opt, "-trace") &&
        !g_str_equal(opt, "-D") &&
        !(g_str_equal(opt, "-incoming") && argc > 1 &&
          g_str_equal(argv[1], "defer"))) {
        return 0;
    }
    if (argc < 2) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION,
                    "%s needs an argument", opt);
        return -1;
    }
    if (opt[1] == 'q') {
        o->chardev = argv[1];
        return 2;
    }
    if (opt[1] == 'i') {
        o->incoming_defer = true;
        return 2;
    }
    if (!o->trace) {
        o->trace = trace_log_new();
    }
    if (opt[1] == 'D') {
        return trace_log_set_file(o->trace, argv[1], errp) ? 2 : -1;
    }
    return trace_log_option(o->trace, argv[1], &o->listed, errp) ? 2 : -1;
}

bool qmp_opts_check(const QmpOpts *o, const char *replay, const char *qtest,
                    const char *migrate, GError **errp)
{
    const char *other = replay ? "-replay" : qtest ? "-qtest" : "-migrate";
    bool clash = replay || qtest || migrate;

    if (o->incoming_defer && !o->chardev) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION,
                    "-incoming defer needs -qmp (its migrate-incoming "
                    "command)");
        return false;
    }
    if (o->chardev && clash) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION,
                    "-qmp and %s exclude each other", other);
        return false;
    }
    return true;
}

void qmp_opts_clear(QmpOpts *o)
{
    g_clear_pointer(&o->trace, trace_log_free);
}

/* ---- the server ---- */

static bool qmp_start(Qmp *q, const SpaprIrqConfig *cfg, const QmpOpts *o,
                      const GuestProfile *guest, const char *incoming,
                      GError **errp)
{
    bool wait;

    if (!qmp_parse_chardev(o->chardev, &q->address, &wait, errp)) {
        return false;
    }
    guest_ram_init(&q->ram, QMP_RAM_SIZE);
    q->cb = (SpaprIrqCallbacks){
        .opaque = q,
        .set_cpu_irq = qmp_set_cpu_irq,
        .map_region = vmm_map_region,
        .mem_read = guest_ram_read, /* the opaque starts with the RAM */
        .mem_write = guest_ram_write,
        .trace = o->trace ? qmp_trace : NULL,
    };
    q->irq = spapr_irq_create(cfg, &q->cb, -1, errp);
    if (!q->irq || !demo_populate(q->irq, errp) ||
        !(q->guest = guest_new(guest, q->irq, &q->ram, NULL, NULL, errp))) {
        return false;
    }
    q->lfd = migration_listen(q->address, errp);
    if (q->lfd < 0) {
        g_prefix_error(errp, "-qmp %s: ", o->chardev);
        return false;
    }
    if (wait) {
        /* wait=on: nothing runs before the client is there. */
        qmp_accept(q->lfd, G_IO_IN, q);
    }
    if (q->cfd < 0) {
        q->lsrc = g_unix_fd_add(q->lfd, G_IO_IN, qmp_accept, q);
    }
    q->incoming_allowed = o->incoming_defer;
    if (o->incoming_defer) {
        q->state = QMP_INMIGRATE;
        return true;
    }
    if (incoming) {
        return qmp_incoming_start(q, incoming, errp);
    }
    q->state = QMP_PAUSED;
    return qmp_run(q, errp);
}

int qmp_main(const SpaprIrqConfig *cfg, const QmpOpts *o,
             const GuestProfile *guest, const char *incoming)
{
    Qmp q = {.lfd = -1, .cfd = -1, .in_fd = -1};
    GError *err = NULL;
    guint sig[2];

    q.trace = o->trace;
    q.in = g_string_new(NULL);
    q.loop = g_main_loop_new(NULL, FALSE);
    sig[0] = g_unix_signal_add(SIGTERM, qmp_signal, &q);
    sig[1] = g_unix_signal_add(SIGINT, qmp_signal, &q);
    if (qmp_start(&q, cfg, o, guest, incoming, &err)) {
        g_main_loop_run(q.loop);
        if (q.shutdown) {
            JsonObject *d = json_object_new();

            json_object_set_boolean_member(d, "guest", false);
            json_object_set_string_member(d, "reason", q.shutdown);
            qmp_event(&q, "SHUTDOWN",
                      json_node_init_object(json_node_alloc(), d));
            json_object_unref(d);
        }
    } else {
        fprintf(stderr, TOOL ": %s\n", err->message);
        g_error_free(err);
        q.status = 1;
    }
    g_source_remove(sig[0]);
    g_source_remove(sig[1]);
    if (q.in_src) {
        g_source_remove(q.in_src);
    }
    if (q.in_fd >= 0) {
        migration_listen_close(q.in_uri, q.in_fd);
    }
    qmp_client_close(&q);
    if (q.lsrc) {
        g_source_remove(q.lsrc);
    }
    if (q.lfd >= 0) {
        migration_listen_close(q.address, q.lfd);
    }
    if (q.mig_src) {
        g_source_remove(q.mig_src);
    }
    g_main_loop_unref(q.loop);
    g_string_free(q.in, TRUE);
    migration_status_clear(&q.mig);
    g_free(q.mig_uri);
    g_free(q.in_uri);
    g_free(q.address);
    guest_free(&q.guest);
    spapr_irq_destroy(&q.irq);
    guest_ram_fini(&q.ram);
    return q.status;
}
