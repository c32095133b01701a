/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spapr-irq tool: the QMP server's commands and its migrations
 * (docs/specs/qmp.md). */
#include <glib-unix.h>
#include <stdio.h>
#include <string.h>

#include "tools/qmp_internal.h"
#include "tools/vmm.h"

static MigrationVm qmp_vm(Qmp *q)
{
    return (MigrationVm){.irq = q->irq, .ram = &q->ram, .guest = q->guest};
}

static void qmp_set_mig_state(Qmp *q, const char *state)
{
    q->mig_state = state;
    if (q->mig_events) {
        qmp_event_str(q, "MIGRATION", "status", state);
    }
}

/* ---- the destination ---- */

static gboolean qmp_incoming_ready(int fd, GIOCondition cond, gpointer opaque)
{
    Qmp *q = opaque;
    MigrationVm vm = qmp_vm(q);
    GError *err = NULL;

    q->in_src = 0;
    q->in_fd = -1;
    qmp_set_mig_state(q, "active");
    if (!migration_incoming_accept(&vm, q->in_uri, fd, &err) ||
        !qmp_run(q, &err)) {
        /* QEMU's destination exits when the stream fails to load. */
        fprintf(stderr, TOOL ": load of migration failed: %s\n", err->message);
        g_error_free(err);
        qmp_set_mig_state(q, "failed");
        q->status = 1;
        g_main_loop_quit(q->loop);
        return G_SOURCE_REMOVE;
    }
    qmp_set_mig_state(q, "completed");
    return G_SOURCE_REMOVE;
}

/* Waits for the stream on @uri: in the main loop on a socket, at once for
 * file: and exec:. */
bool qmp_incoming_start(Qmp *q, const char *uri, GError **errp)
{
    MigrationVm vm = qmp_vm(q);

    if (!migration_uri_check(uri, errp)) {
        return false;
    }
    q->state = QMP_INMIGRATE;
    g_free(q->in_uri);
    q->in_uri = g_strdup(uri);
    if (!g_str_has_prefix(uri, "tcp:") && !g_str_has_prefix(uri, "unix:")) {
        return migration_incoming(&vm, uri, errp) && qmp_run(q, errp);
    }
    q->in_fd = migration_listen(uri, errp);
    if (q->in_fd < 0) {
        return false;
    }
    qmp_set_mig_state(q, "setup");
    q->in_src = g_unix_fd_add(q->in_fd, G_IO_IN, qmp_incoming_ready, q);
    return true;
}

/* ---- commands ---- */

static JsonNode *qmp_cmd_capabilities(Qmp *q, JsonObject *args, QmpErr *e)
{
    JsonArray *en = args && json_object_has_member(args, "enable")
                        ? json_object_get_array_member(args, "enable")
                        : NULL;

    for (guint i = 0; en && i < json_array_get_length(en); i++) {
        const char *cap = json_array_get_string_element(en, i);

        if (!cap || !g_str_equal(cap, "oob")) {
            return qmp_fail(e, "GenericError", "Invalid parameter '%s'",
                            cap ? cap : "");
        }
    }
    q->negotiated = true;
    return qmp_empty();
}

static JsonNode *qmp_cmd_query_status(Qmp *q, JsonObject *args, QmpErr *e)
{
    JsonObject *o = json_object_new();
    JsonNode *n;

    json_object_set_string_member(o, "status", qmp_run_state_names[q->state]);
    json_object_set_boolean_member(o, "singlestep", false);
    json_object_set_boolean_member(o, "running", q->state == QMP_RUNNING);
    n = json_node_init_object(json_node_alloc(), o);
    json_object_unref(o);
    return n;
}

static JsonNode *qmp_cmd_stop(Qmp *q, JsonObject *args, QmpErr *e)
{
    GError *err = NULL;

    if (q->state == QMP_INMIGRATE) {
        return qmp_empty(); /* QEMU: no autostart after the load */
    }
    if (!qmp_stop(q, QMP_PAUSED, &err)) {
        return qmp_gfail(e, err);
    }
    return qmp_empty();
}

static JsonNode *qmp_cmd_cont(Qmp *q, JsonObject *args, QmpErr *e)
{
    GError *err = NULL;

    if (q->state == QMP_INMIGRATE || q->state == QMP_RUNNING) {
        return qmp_empty();
    }
    if (!qmp_run(q, &err)) {
        return qmp_gfail(e, err);
    }
    return qmp_empty();
}

static JsonNode *qmp_cmd_system_reset(Qmp *q, JsonObject *args, QmpErr *e)
{
    GError *err = NULL;
    JsonObject *o;

    if (!vmm_reset(q->irq, &err)) {
        return qmp_gfail(e, err);
    }
    o = json_object_new();
    json_object_set_boolean_member(o, "guest", false);
    json_object_set_string_member(o, "reason", "host-qmp-system-reset");
    qmp_event(q, "RESET", json_node_init_object(json_node_alloc(), o));
    json_object_unref(o);
    return qmp_empty();
}

static JsonNode *qmp_cmd_quit(Qmp *q, JsonObject *args, QmpErr *e)
{
    q->shutdown = "host-qmp-quit";
    g_main_loop_quit(q->loop);
    return qmp_empty();
}

/* The migration itself, after migrate answered (QEMU migrates in the
 * background; query-migrate and the MIGRATION events follow it). */
static gboolean qmp_migrate_now(gpointer opaque)
{
    Qmp *q = opaque;
    MigrationVm vm = qmp_vm(q);
    bool ran = q->state == QMP_RUNNING;
    GError *err = NULL;

    q->mig_src = 0;
    qmp_set_mig_state(q, "active");
    if (migration_migrate(&vm, q->mig_uri, &q->mig, &err)) {
        if (ran) {
            qmp_event(q, "STOP", NULL);
        }
        q->state = QMP_POSTMIGRATE;
        qmp_set_mig_state(q, "completed");
    } else {
        fprintf(stderr, TOOL ": %s\n", err->message);
        g_error_free(err);
        qmp_set_mig_state(q, "failed");
    }
    return G_SOURCE_REMOVE;
}

static JsonNode *qmp_cmd_migrate(Qmp *q, JsonObject *args, QmpErr *e)
{
    const char *uri = json_object_get_string_member(args, "uri");
    GError *err = NULL;

    if (q->mig_state && (g_str_equal(q->mig_state, "setup") ||
                         g_str_equal(q->mig_state, "active"))) {
        return qmp_fail(e, "GenericError",
                        "There's a migration process in progress");
    }
    if (q->state == QMP_INMIGRATE) {
        return qmp_fail(e, "GenericError",
                        "Guest is waiting for an incoming migration");
    }
    if (!migration_uri_check(uri, &err)) {
        return qmp_gfail(e, err);
    }
    g_free(q->mig_uri);
    q->mig_uri = g_strdup(uri);
    migration_status_clear(&q->mig);
    qmp_set_mig_state(q, "setup");
    q->mig_src = g_idle_add(qmp_migrate_now, q);
    return qmp_empty();
}

static JsonNode *qmp_cmd_migrate_incoming(Qmp *q, JsonObject *args, QmpErr *e)
{
    GError *err = NULL;

    if (!q->incoming_allowed) {
        return qmp_fail(e, "GenericError",
                        q->in_uri ? "The incoming migration has "
                                    "already been started"
                                  : "For use with '-incoming "
                                    "defer'");
    }
    if (!qmp_incoming_start(q, json_object_get_string_member(args, "uri"),
                            &err)) {
        return qmp_gfail(e, err);
    }
    q->incoming_allowed = false;
    return qmp_empty();
}

static JsonNode *qmp_cmd_query_migrate(Qmp *q, JsonObject *args, QmpErr *e)
{
    JsonObject *o = json_object_new();
    JsonNode *n;

    if (q->mig_state) {
        json_object_set_string_member(o, "status", q->mig_state);
    }
    if (q->mig.state != MIGRATION_NONE && q->mig_uri) {
        json_object_set_int_member(o, "total-time", (gint64)q->mig.total_ms);
        json_object_set_int_member(o, "downtime", (gint64)q->mig.downtime_ms);
        json_object_set_int_member(o, "setup-time", 0);
        if (q->mig.error) {
            json_object_set_string_member(o, "error-desc", q->mig.error);
        }
    }
    n = json_node_init_object(json_node_alloc(), o);
    json_object_unref(o);
    return n;
}

static JsonNode *qmp_cmd_migrate_set_caps(Qmp *q, JsonObject *args, QmpErr *e)
{
    JsonArray *caps = json_object_get_array_member(args, "capabilities");

    for (guint i = 0; i < json_array_get_length(caps); i++) {
        JsonObject *c = json_array_get_object_element(caps, i);
        const char *name = c && json_object_has_member(c, "capability")
                               ? json_object_get_string_member(c, "capability")
                               : NULL;

        if (!name || !g_str_equal(name, "events") ||
            !json_object_has_member(c, "state")) {
            return qmp_fail(e, "GenericError",
                            "Parameter 'capability' does not accept value "
                            "'%s'",
                            name ? name : "");
        }
        q->mig_events = json_object_get_boolean_member(c, "state");
    }
    return qmp_empty();
}

static JsonNode *qmp_cmd_query_migrate_caps(Qmp *q, JsonObject *args, QmpErr *e)
{
    g_autoptr(JsonBuilder) b = json_builder_new();

    json_builder_begin_array(b);
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "capability");
    json_builder_add_string_value(b, "events");
    json_builder_set_member_name(b, "state");
    json_builder_add_boolean_value(b, q->mig_events);
    json_builder_end_object(b);
    json_builder_end_array(b);
    return json_builder_get_root(b);
}

/* HMP through QMP: QEMU's monitor text, its lines ending in "\r\n". */
static JsonNode *qmp_cmd_hmp(Qmp *q, JsonObject *args, QmpErr *e)
{
    const char *line = json_object_get_string_member(args, "command-line");
    g_auto(GStrv) words = NULL;
    g_autoptr(GString) out = g_string_new(NULL);
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    int n = 0;

    /* The words of the command line (none if it is blank). */
    if (!g_shell_parse_argv(line, &n, &words, NULL)) {
        n = 0;
    }
    if (n == 2 && g_str_equal(words[0], "info") &&
        g_str_equal(words[1], "pic")) {
        vmm_print_info(q->irq, out);
    } else if (n == 2 && g_str_equal(words[0], "info") &&
               g_str_equal(words[1], "status")) {
        g_string_append_printf(out, "VM status: %s\n",
                               qmp_run_state_names[q->state]);
    } else if (n > 0) {
        bool info = g_str_equal(words[0], "info") && n > 1;

        /* QEMU names the command, or info's subcommand. */
        g_string_append_printf(out, "unknown command: '%s%s%s'\n", words[0],
                               info ? " " : "", info ? words[1] : "");
    }
    lines = g_strsplit(out->str, "\n", -1);
    text = g_strjoinv("\r\n", lines);
    return json_node_init_string(json_node_alloc(), text);
}

static JsonNode *qmp_cmd_query_version(Qmp *q, JsonObject *args, QmpErr *e);
static JsonNode *qmp_cmd_query_commands(Qmp *q, JsonObject *args, QmpErr *e);

const QmpCmd qmp_cmds[] = {
    {"qmp_capabilities", qmp_cmd_capabilities, {"?enable:a"}},
    {"query-status", qmp_cmd_query_status, {NULL}},
    {"query-version", qmp_cmd_query_version, {NULL}},
    {"query-commands", qmp_cmd_query_commands, {NULL}},
    {"stop", qmp_cmd_stop, {NULL}},
    {"cont", qmp_cmd_cont, {NULL}},
    {"system_reset", qmp_cmd_system_reset, {NULL}},
    {"quit", qmp_cmd_quit, {NULL}},
    {"migrate",
     qmp_cmd_migrate,
     {"uri:s", "?blk:b", "?inc:b", "?detach:b", "?resume:b"}},
    {"migrate-incoming", qmp_cmd_migrate_incoming, {"uri:s"}},
    {"query-migrate", qmp_cmd_query_migrate, {NULL}},
    {"migrate-set-capabilities", qmp_cmd_migrate_set_caps, {"capabilities:a"}},
    {"query-migrate-capabilities", qmp_cmd_query_migrate_caps, {NULL}},
    {"human-monitor-command", qmp_cmd_hmp, {"command-line:s", "?cpu-index:i"}},
};

const size_t qmp_n_cmds = G_N_ELEMENTS(qmp_cmds);

/* The version of QEMU whose protocol this is. */
JsonNode *qmp_version(void)
{
    g_autoptr(JsonBuilder) b = json_builder_new();

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "qemu");
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "micro");
    json_builder_add_int_value(b, 0);
    json_builder_set_member_name(b, "minor");
    json_builder_add_int_value(b, 2);
    json_builder_set_member_name(b, "major");
    json_builder_add_int_value(b, 7);
    json_builder_end_object(b);
    json_builder_set_member_name(b, "package");
    json_builder_add_string_value(b, "");
    json_builder_end_object(b);
    return json_builder_get_root(b);
}

static JsonNode *qmp_cmd_query_version(Qmp *q, JsonObject *args, QmpErr *e)
{
    return qmp_version();
}

static JsonNode *qmp_cmd_query_commands(Qmp *q, JsonObject *args, QmpErr *e)
{
    g_autoptr(JsonBuilder) b = json_builder_new();

    json_builder_begin_array(b);
    for (size_t i = 0; i < qmp_n_cmds; i++) {
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "name");
        json_builder_add_string_value(b, qmp_cmds[i].name);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    return json_builder_get_root(b);
}
