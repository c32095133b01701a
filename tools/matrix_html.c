/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq tool: the decision tables as a picture (`spapr-irq matrix
 * --html`, docs/specs/matrix.md): one coloured grid per host, all hosts
 * on one page, drawn from the cells matrix_compute() gives the text form.
 */
#include "sim/sim.h"
#include "spapr-irq/spapr-irq.h"
#include "tools/matrix.h"

/* The grid's axes, in the order of matrix_compute()'s cells: a row per
 * ic-mode x kernel-irqchip, a column per compat x guest x secure. */
#define MATRIX_COLS 12 /* 2 compats x 3 guests x 2 secure */
#define MATRIX_ROWS 9  /* 3 ic-modes x 3 kernel-irqchip */

/* The four outcomes a cell can have, as CSS classes, with their colours
 * and the legend's words.  The page's own check (below) knows the same
 * class names through the legend. */
typedef struct MatrixOutcome {
    const char *cls;
    const char *colour;
    const char *legend;
} MatrixOutcome;

static const MatrixOutcome outcomes[] = {
    {"kvm", "#7bc67e", "in-kernel controller (KVM) after CAS"},
    {"emulated", "#7fa8e8", "emulated controller after CAS"},
    {"refused", "#c8c8c8", "the machine does not start"},
    {"cas-error", "#ef6f6c", "CAS fails"},
};

static const MatrixOutcome *cell_outcome(const MatrixCell *c)
{
    if (!c->start_ok) {
        return &outcomes[2];
    }
    if (!c->cas_ok) {
        return &outcomes[3];
    }
    return &outcomes[c->cas_impl == SPAPR_INTC_IMPL_KVM ? 0 : 1];
}

static void append_escaped(GString *out, const char *s)
{
    g_autofree char *e = g_markup_escape_text(s, -1);

    g_string_append(out, e);
}

/* The hover text of a cell: its options, then what happened. */
static char *cell_title(const MatrixCell *c)
{
    GString *t = g_string_new(NULL);

    g_string_append_printf(
        t, "ic-mode=%s kernel-irqchip=%s compat=%s guest=%s secure=%s\n",
        spapr_ic_mode_name(c->ic_mode),
        spapr_kernel_irqchip_name(c->kernel_irqchip),
        spapr_cpu_model_name(c->compat), guest_kind_name(c->guest),
        c->secure ? "on" : "off");
    if (!c->start_ok) {
        g_string_append_printf(t, "refused: %s", c->start_error);
    } else {
        g_string_append_printf(t,
                               "offered %s (byte 23 0x%02x), at start %s "
                               "(%s), ",
                               spapr_ic_mode_name(c->offered),
                               c->platform_byte23,
                               spapr_intc_kind_name(c->start_active),
                               spapr_intc_impl_name(c->start_impl));
        if (c->cas_ok) {
            g_string_append_printf(t, "after CAS %s (%s)",
                                   spapr_intc_kind_name(c->cas_active),
                                   spapr_intc_impl_name(c->cas_impl));
        } else {
            g_string_append_printf(t, "CAS fails: %s", c->cas_error);
        }
    }
    for (guint w = 0; w < c->warnings->len; w++) {
        g_string_append_printf(t, "\nwarning: %s",
                               (const char *)g_ptr_array_index(c->warnings, w));
    }
    return g_string_free(t, FALSE);
}

/* The cell's text: the controller the guest ends with, or why not. */
static const char *cell_text(const MatrixCell *c)
{
    if (!c->start_ok) {
        return "&ndash;";
    }
    if (!c->cas_ok) {
        return "CAS";
    }
    return spapr_intc_kind_name(c->cas_active);
}

static void append_head(GString *out, const MatrixCell *const *row)
{
    g_string_append(out, "<thead><tr><th class=\"ax\" colspan=\"2\" "
                         "rowspan=\"3\">ic-mode /<br>kernel-irqchip</th>");
    for (int col = 0; col < MATRIX_COLS; col += MATRIX_COLS / 2) {
        g_string_append_printf(out, "<th colspan=\"%d\">compat %s</th>",
                               MATRIX_COLS / 2,
                               spapr_cpu_model_name(row[col]->compat));
    }
    g_string_append(out, "</tr>\n<tr>");
    for (int col = 0; col < MATRIX_COLS; col += 2) {
        g_auto(GStrv) words =
            g_strsplit(guest_kind_name(row[col]->guest), ",", -1);
        g_autofree char *name = g_strjoinv(",<wbr>", words);

        /* "linux,xive=off" may break after its comma: narrow columns. */
        g_string_append_printf(out, "<th colspan=\"2\">%s</th>", name);
    }
    g_string_append(out, "</tr>\n<tr>");
    for (int col = 0; col < MATRIX_COLS; col++) {
        g_string_append_printf(out, "<th title=\"secure guest %s\">%s</th>",
                               row[col]->secure ? "on" : "off",
                               row[col]->secure ? "PEF" : "&ndash;");
    }
    g_string_append(out, "</tr></thead>\n");
}

static void append_host(GString *out, const MatrixTable *t)
{
    const SpaprHostCaps *caps = &t->caps;
    const MatrixCell *const *cells = (const MatrixCell *const *)t->cells->pdata;
    const MatrixCell *c0 = cells[0];

    g_assert(t->cells->len == MATRIX_ROWS * MATRIX_COLS);
    g_string_append(out, "<table class=\"host\" data-host=\"");
    append_escaped(out, c0->host);
    g_string_append(out, "\">\n<caption title=\"");
    g_string_append_printf(
        out,
        "kvm %s, host CPU %s, in-kernel XICS %s, XIVE native %s, release on "
        "close %s, NR_SERVERS %s, secure guests %s",
        caps->kvm ? "yes" : "no", spapr_cpu_model_name(caps->cpu),
        caps->xics ? "yes" : "no", caps->xive ? "yes" : "no",
        caps->release ? "yes" : "no", caps->nr_servers ? "yes" : "no",
        caps->secure ? "yes" : "no");
    g_string_append(out, "\">");
    append_escaped(out, c0->host);
    g_string_append(out, "</caption>\n");
    append_head(out, cells);
    g_string_append(out, "<tbody>\n");
    for (int r = 0; r < MATRIX_ROWS; r++) {
        const MatrixCell *const *row = cells + r * MATRIX_COLS;

        g_string_append(out, "<tr>");
        if (r % 3 == 0) {
            g_string_append_printf(out, "<th rowspan=\"3\">%s</th>",
                                   spapr_ic_mode_name(row[0]->ic_mode));
        }
        g_string_append_printf(
            out, "<th>%s</th>",
            spapr_kernel_irqchip_name(row[0]->kernel_irqchip));
        for (int col = 0; col < MATRIX_COLS; col++) {
            const MatrixCell *c = row[col];
            g_autofree char *title = cell_title(c);

            g_string_append_printf(out, "<td class=\"cell %s%s\" title=\"",
                                   cell_outcome(c)->cls,
                                   c->warnings->len ? " warn" : "");
            append_escaped(out, title);
            g_string_append_printf(out, "\">%s</td>", cell_text(c));
        }
        g_string_append(out, "</tr>\n");
    }
    g_string_append(out, "</tbody></table>\n");
}

/* The page's own check: every host has its 108 cells, every cell one
 * outcome of the legend and a hover text.  Its verdict goes into
 * <body data-checked="..."> ("N cells ok" or "FAIL: ..."), which a
 * headless browser's --dump-dom shows (tests/cli/matrix-html-test.sh). */
G_STATIC_ASSERT(108 == MATRIX_ROWS * MATRIX_COLS); /* the script's 108 */
static const char page_check[] =
    "<script>\n"
    "(function () {\n"
    "  var known = [], bad = [], n = 0;\n"
    "  document.querySelectorAll('#legend [data-outcome]').forEach(\n"
    "    function (e) { known.push(e.dataset.outcome); });\n"
    "  document.querySelectorAll('table.host').forEach(function (t) {\n"
    "    var cells = t.querySelectorAll('td.cell');\n"
    "    if (cells.length !== 108)\n"
    "      bad.push(t.dataset.host + ' has ' + cells.length + ' cells');\n"
    "    cells.forEach(function (c) {\n"
    "      var k = known.filter(function (o) {\n"
    "        return c.classList.contains(o); });\n"
    "      if (k.length !== 1 || !c.title)\n"
    "        bad.push(t.dataset.host + ' cell ' + n);\n"
    "      n++;\n"
    "    });\n"
    "  });\n"
    "  document.body.dataset.checked = bad.length || !n\n"
    "    ? 'FAIL: ' + (n ? bad.slice(0, 5).join('; ') : 'no cells')\n"
    "    : n + ' cells ok';\n"
    "})();\n"
    "</script>\n";

char *matrix_to_html(const MatrixTable *tables, size_t n)
{
    GString *out = g_string_new(NULL);

    g_string_append(
        out, "<!DOCTYPE html>\n"
             "<!-- Generated by `spapr-irq matrix --html` (make matrix-docs); "
             "do not edit. -->\n"
             "<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
             "<title>spapr-irq: the decision matrix of every host</title>\n"
             "<style>\n"
             "body { font: 12px sans-serif; margin: 8px; background: #fff; }\n"
             "h1 { font-size: 16px; margin: 0 0 4px; }\n"
             "#hosts { display: flex; flex-wrap: wrap; gap: 10px; }\n"
             "table.host { border-collapse: collapse; }\n"
             "caption { font-weight: bold; text-align: left; }\n"
             "th { font-weight: normal; color: #444; padding: 0 3px; "
             "white-space: nowrap; }\n"
             "thead th { font-size: 10px; white-space: normal; }\n"
             "td.cell { min-width: 24px; height: 14px; padding: 0; "
             "text-align: center; border: 1px solid #fff; font-size: 10px; "
             "}\n"
             "td.warn { font-weight: bold; }\n"
             "td.warn::after { content: \"*\"; }\n"
             "#legend span { display: inline-block; padding: 1px 6px; "
             "margin-right: 6px; }\n");
    for (size_t i = 0; i < G_N_ELEMENTS(outcomes); i++) {
        g_string_append_printf(out, ".%s { background: %s; }\n",
                               outcomes[i].cls, outcomes[i].colour);
    }
    g_string_append(
        out, "</style></head>\n<body>\n"
             "<h1>spapr-irq: what the guest ends with, per host</h1>\n"
             "<p>Rows: ic-mode x kernel-irqchip; columns: max-cpu-compat x "
             "guest x secure guest (-smp 1, -cpu at the host's default).  "
             "Each cell names the controller after CAS; hover for the "
             "options, the start, the errors and warnings (* marks a "
             "warning).</p>\n<p id=\"legend\">");
    for (size_t i = 0; i < G_N_ELEMENTS(outcomes); i++) {
        g_string_append_printf(out,
                               "<span class=\"%s\" data-outcome=\"%s\">%s"
                               "</span>",
                               outcomes[i].cls, outcomes[i].cls,
                               outcomes[i].legend);
    }
    g_string_append(out, "</p>\n<div id=\"hosts\">\n");
    for (size_t i = 0; i < n; i++) {
        append_host(out, &tables[i]);
    }
    g_string_append(out, "</div>\n");
    g_string_append(out, page_check);
    g_string_append(out, "</body></html>\n");
    return g_string_free(out, FALSE);
}

void matrix_table_clear(MatrixTable *t)
{
    g_clear_pointer(&t->cells, g_ptr_array_unref);
}

/* Probes the host of "-accel @accel" and computes its cells into @t. */
static bool table_compute(const char *accel, MatrixTable *t, GError **errp)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();

    if (!spapr_irq_config_parse_option(cfg, "-accel", accel, errp) ||
        !spapr_irq_host_probe(cfg, &t->caps, errp)) {
        return false;
    }
    t->cells = matrix_compute(&t->caps, cfg->accel, cfg->accel_host);
    return true;
}

GArray *matrix_tables_all(GError **errp)
{
    g_autoptr(GArray) tables = g_array_new(FALSE, TRUE, sizeof(MatrixTable));
    size_t n;
    const SpaprHostProfile *p = spapr_host_profiles(&n);

    g_array_set_clear_func(tables, (GDestroyNotify)matrix_table_clear);
    g_array_set_size(tables, n + 1);
    if (!table_compute("tcg", &g_array_index(tables, MatrixTable, 0), errp)) {
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        g_autofree char *accel = g_strdup_printf("kvm-sim,host=%s", p[i].name);

        if (!table_compute(accel, &g_array_index(tables, MatrixTable, i + 1),
                           errp)) {
            return NULL;
        }
    }
    return g_steal_pointer(&tables);
}
