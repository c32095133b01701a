/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spapr-irq tool: -trace and -D (trace_log.h). */
#include <errno.h>
#include <string.h>

#include "tools/trace_log.h"

#define TOOL "spapr-irq"

struct TraceLog {
    bool enabled[SPAPR_TRACE_COUNT];
    FILE *out; /* NULL: stderr */
};

TraceLog *trace_log_new(void)
{
    return g_new0(TraceLog, 1);
}

void trace_log_free(TraceLog *tl)
{
    if (tl && tl->out) {
        fclose(tl->out);
    }
    g_free(tl);
}

/* One pattern as QEMU reads it (spapr_irq_trace_pattern()); an unknown
 * event name is a warning, as in QEMU, @where prefixing it ("FILE:LINE: "
 * for an events file). */
static void trace_log_pattern(TraceLog *tl, const char *line, const char *where)
{
    g_autoptr(GError) err = NULL;

    if (!spapr_irq_trace_pattern(tl->enabled, line, &err)) {
        fprintf(stderr, TOOL ": %swarning: %s\n", where, err->message);
    }
}

static bool trace_log_events_file(TraceLog *tl, const char *path, GError **errp)
{
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    GError *err = NULL;

    if (!g_file_get_contents(path, &text, NULL, &err)) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION,
                    "-trace events=%s: %s", path, err->message);
        g_error_free(err);
        return false;
    }
    lines = g_strsplit(text, "\n", -1);
    for (int i = 0; lines[i]; i++) {
        g_autofree char *where = g_strdup_printf("%s:%d: ", path, i + 1);

        g_strstrip(lines[i]);
        if (lines[i][0] && lines[i][0] != '#') {
            trace_log_pattern(tl, lines[i], where);
        }
    }
    return true;
}

bool trace_log_option(TraceLog *tl, const char *arg, bool *listed,
                      GError **errp)
{
    if (g_str_equal(arg, "help") || g_str_equal(arg, "?")) {
        for (int id = 0; id < SPAPR_TRACE_COUNT; id++) {
            printf("%s\n", spapr_irq_trace_name(id));
        }
        *listed = true;
        return true;
    }
    if (g_str_has_prefix(arg, "events=")) {
        return trace_log_events_file(tl, arg + 7, errp);
    }
    if (g_str_has_prefix(arg, "enable=")) {
        arg += 7;
    }
    if (!arg[0] || strchr(arg, '=')) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION,
                    "-trace %s: expected [enable=]PATTERN, events=FILE or "
                    "help",
                    arg);
        return false;
    }
    trace_log_pattern(tl, arg, "");
    return true;
}

bool trace_log_set_file(TraceLog *tl, const char *path, GError **errp)
{
    FILE *f = fopen(path, "w");

    if (!f) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION,
                    "-D %s: %s", path, g_strerror(errno));
        return false;
    }
    if (tl->out) {
        fclose(tl->out);
    }
    tl->out = f;
    return true;
}

void trace_log_event(TraceLog *tl, const SpaprIrqTraceEvent *ev)
{
    g_autoptr(GString) line = NULL;

    if (!tl || ev->id >= SPAPR_TRACE_COUNT || !tl->enabled[ev->id]) {
        return;
    }
    line = g_string_new(NULL);
    spapr_irq_trace_format(ev, line);
    g_string_append_c(line, '\n');
    fputs(line->str, tl->out ? tl->out : stderr);
}
