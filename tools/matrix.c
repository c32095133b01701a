/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq tool: the decision table of one host (`spapr-irq matrix`),
 * built by running the library's policy on every combination of options
 * and guests.  docs/specs/matrix.md documents both renderings.
 */
#include "tools/matrix.h"

static const SpaprIcMode matrix_modes[] = {
    SPAPR_IC_MODE_XICS,
    SPAPR_IC_MODE_XIVE,
    SPAPR_IC_MODE_DUAL,
};
static const SpaprKernelIrqchip matrix_kirqs[] = {
    SPAPR_KERNEL_IRQCHIP_ALLOWED,
    SPAPR_KERNEL_IRQCHIP_ON,
    SPAPR_KERNEL_IRQCHIP_OFF,
};
static const SpaprCpuModel matrix_compats[] = {
    SPAPR_CPU_POWER8,
    SPAPR_CPU_POWER9,
};
static const GuestKind matrix_guests[] = {
    GUEST_LINUX,
    GUEST_LINUX_XIVE_OFF,
    GUEST_LEGACY,
};

#define MATRIX_PEF_ID "pef0"

static void cell_free(gpointer p)
{
    MatrixCell *c = p;

    g_free(c->host);
    g_free(c->start_error);
    g_free(c->cas_error);
    g_ptr_array_unref(c->warnings);
    g_free(c);
}

static void cell_run(MatrixCell *c, const SpaprIrqConfig *cfg,
                     const SpaprHostCaps *caps)
{
    g_autoptr(SpaprIrqPlan) plan = NULL;
    g_autoptr(GError) err = NULL;
    SpaprIntcKind chosen;
    const char *warning;
    uint8_t choice;

    if (!spapr_irq_plan_resolve(cfg, caps, &plan, &err)) {
        c->start_error = g_strdup(err->message);
        return;
    }
    c->start_ok = true;
    c->offered = plan->offered;
    c->platform_byte23 = plan->platform_byte23;
    c->start_active = plan->start_active;
    c->start_impl = plan->impl[plan->start_active];
    for (guint i = 0; i < plan->warnings->len; i++) {
        g_ptr_array_add(c->warnings,
                        g_strdup(g_ptr_array_index(plan->warnings, i)));
    }

    choice = guest_cas_choice(c->guest, plan->platform_byte23);
    if (!spapr_irq_plan_cas(plan, choice, &chosen, &err)) {
        c->cas_error = g_strdup(err->message);
        return;
    }
    c->cas_ok = true;
    c->cas_active = chosen;
    c->cas_impl = plan->impl[chosen];
    warning = spapr_irq_plan_switch_warning(plan, plan->start_active, chosen);
    if (warning) {
        g_ptr_array_add(c->warnings, g_strdup(warning));
    }
}

/* The cell with @index of the matrix order: ic-mode, kernel-irqchip,
 * compat, guest, secure, the last varying fastest. */
static MatrixCell *cell_new(size_t index, const char *host)
{
    MatrixCell *c = g_new0(MatrixCell, 1);

    c->secure = index % 2;
    index /= 2;
    c->guest = matrix_guests[index % G_N_ELEMENTS(matrix_guests)];
    index /= G_N_ELEMENTS(matrix_guests);
    c->compat = matrix_compats[index % G_N_ELEMENTS(matrix_compats)];
    index /= G_N_ELEMENTS(matrix_compats);
    c->kernel_irqchip = matrix_kirqs[index % G_N_ELEMENTS(matrix_kirqs)];
    index /= G_N_ELEMENTS(matrix_kirqs);
    c->ic_mode = matrix_modes[index];
    c->host = g_strdup(host);
    c->warnings = g_ptr_array_new_with_free_func(g_free);
    return c;
}

GPtrArray *matrix_compute(const SpaprHostCaps *caps, SpaprAccel accel,
                          const char *accel_host)
{
    const size_t n = G_N_ELEMENTS(matrix_modes) * G_N_ELEMENTS(matrix_kirqs) *
                     G_N_ELEMENTS(matrix_compats) *
                     G_N_ELEMENTS(matrix_guests) * 2;
    GPtrArray *cells = g_ptr_array_new_full(n, cell_free);
    const char *host = accel == SPAPR_ACCEL_KVM_SIM && accel_host
                           ? accel_host
                           : spapr_accel_name(accel);

    for (size_t i = 0; i < n; i++) {
        g_autoptr(SpaprIrqConfig) cfg = spapr_irq_config_new();
        MatrixCell *c = cell_new(i, host);

        cfg->accel = accel;
        cfg->accel_host = g_strdup(accel_host);
        cfg->ic_mode = c->ic_mode;
        cfg->kernel_irqchip = c->kernel_irqchip;
        cfg->max_cpu_compat = c->compat;
        if (c->secure) {
            g_ptr_array_add(cfg->pef_guests, g_strdup(MATRIX_PEF_ID));
            cfg->confidential_guest_support = g_strdup(MATRIX_PEF_ID);
        }
        cell_run(c, cfg, caps);
        g_ptr_array_add(cells, c);
    }
    return cells;
}

/* Numbers distinct notes (errors, warnings) in order of first use. */
static guint note_index(GPtrArray *notes, const char *text)
{
    for (guint i = 0; i < notes->len; i++) {
        if (g_str_equal(g_ptr_array_index(notes, i), text)) {
            return i + 1;
        }
    }
    g_ptr_array_add(notes, (gpointer)text);
    return notes->len;
}

static void append_notes(GString *out, const char *tag, GPtrArray *notes)
{
    for (guint i = 0; i < notes->len; i++) {
        g_string_append_printf(out, "  %s%u: %s\n", tag, i + 1,
                               (const char *)g_ptr_array_index(notes, i));
    }
}

static const char *yes_no(bool b)
{
    return b ? "yes" : "no";
}

char *matrix_to_text(GPtrArray *cells, const SpaprHostCaps *caps)
{
    GString *out = g_string_new(NULL);
    g_autoptr(GPtrArray) errors = g_ptr_array_new();
    g_autoptr(GPtrArray) warns = g_ptr_array_new();

    if (cells->len) {
        const MatrixCell *c0 = g_ptr_array_index(cells, 0);
        g_string_append_printf(out, "host: %s\n", c0->host);
    }
    if (caps) {
        g_string_append_printf(
            out,
            "  kvm %s, host CPU %s, in-kernel XICS %s, XIVE native %s, "
            "release on close %s, NR_SERVERS %s, secure guests %s\n",
            yes_no(caps->kvm), spapr_cpu_model_name(caps->cpu),
            yes_no(caps->xics), yes_no(caps->xive), yes_no(caps->release),
            yes_no(caps->nr_servers), yes_no(caps->secure));
    }
    g_string_append(out, "\n");
    g_string_append_printf(out,
                           "%-7s %-14s %-6s %-14s %-6s | %-7s %-6s | "
                           "%-15s | %-15s | %s\n",
                           "ic-mode", "kernel-irqchip", "compat", "guest",
                           "secure", "offered", "byte23", "at start",
                           "after CAS", "notes");
    for (guint i = 0; i < cells->len; i++) {
        const MatrixCell *c = g_ptr_array_index(cells, i);
        g_autofree char *offered = NULL, *byte = NULL, *start = NULL;
        g_autofree char *cas = NULL;
        g_autoptr(GString) notes = g_string_new(NULL);

        if (c->start_ok) {
            offered = g_strdup(spapr_ic_mode_name(c->offered));
            byte = g_strdup_printf("0x%02x", c->platform_byte23);
            start = g_strdup_printf("%s (%s)",
                                    spapr_intc_kind_name(c->start_active),
                                    spapr_intc_impl_name(c->start_impl));
            if (c->cas_ok) {
                cas = g_strdup_printf("%s (%s)",
                                      spapr_intc_kind_name(c->cas_active),
                                      spapr_intc_impl_name(c->cas_impl));
            } else {
                cas = g_strdup("CAS fails");
                g_string_append_printf(notes, " E%u",
                                       note_index(errors, c->cas_error));
            }
        } else {
            offered = g_strdup("-");
            byte = g_strdup("-");
            start = g_strdup("refused");
            cas = g_strdup("-");
            g_string_append_printf(notes, " E%u",
                                   note_index(errors, c->start_error));
        }
        for (guint w = 0; w < c->warnings->len; w++) {
            g_string_append_printf(
                notes, " W%u",
                note_index(warns, g_ptr_array_index(c->warnings, w)));
        }
        g_string_append_printf(
            out, "%-7s %-14s %-6s %-14s %-6s | %-7s %-6s | %-15s | %-15s |%s\n",
            spapr_ic_mode_name(c->ic_mode),
            spapr_kernel_irqchip_name(c->kernel_irqchip),
            spapr_cpu_model_name(c->compat), guest_kind_name(c->guest),
            c->secure ? "on" : "off", offered, byte, start, cas, notes->str);
    }
    if (errors->len) {
        g_string_append(out, "\nerrors:\n");
        append_notes(out, "E", errors);
    }
    if (warns->len) {
        g_string_append(out, "\nwarnings:\n");
        append_notes(out, "W", warns);
    }
    return g_string_free(out, FALSE);
}

static void json_string(GString *out, const char *s)
{
    if (!s) {
        g_string_append(out, "null");
        return;
    }
    g_string_append_c(out, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            g_string_append(out, "\\\"");
            break;
        case '\\':
            g_string_append(out, "\\\\");
            break;
        case '\n':
            g_string_append(out, "\\n");
            break;
        default:
            if (*p < 0x20) {
                g_string_append_printf(out, "\\u%04x", *p);
            } else {
                g_string_append_c(out, *p);
            }
        }
    }
    g_string_append_c(out, '"');
}

static void json_key(GString *out, const char *key, bool first)
{
    g_string_append_printf(out, "%s\"%s\": ", first ? "" : ", ", key);
}

char *matrix_to_json(GPtrArray *cells)
{
    GString *out = g_string_new("[\n");

    for (guint i = 0; i < cells->len; i++) {
        const MatrixCell *c = g_ptr_array_index(cells, i);
        bool cas_done = c->start_ok && c->cas_ok;

        g_string_append(out, "  {");
        json_key(out, "host", true);
        json_string(out, c->host);
        json_key(out, "ic_mode", false);
        json_string(out, spapr_ic_mode_name(c->ic_mode));
        json_key(out, "kernel_irqchip", false);
        json_string(out, spapr_kernel_irqchip_name(c->kernel_irqchip));
        json_key(out, "compat", false);
        json_string(out, spapr_cpu_model_name(c->compat));
        json_key(out, "guest", false);
        json_string(out, guest_kind_name(c->guest));
        json_key(out, "secure", false);
        g_string_append(out, c->secure ? "true" : "false");
        json_key(out, "start_ok", false);
        g_string_append(out, c->start_ok ? "true" : "false");
        json_key(out, "start_error", false);
        json_string(out, c->start_error);
        json_key(out, "offered", false);
        json_string(out, c->start_ok ? spapr_ic_mode_name(c->offered) : NULL);
        json_key(out, "platform_byte23", false);
        if (c->start_ok) {
            g_string_append_printf(out, "%u", c->platform_byte23);
        } else {
            g_string_append(out, "null");
        }
        json_key(out, "start_active", false);
        json_string(out,
                    c->start_ok ? spapr_intc_kind_name(c->start_active) : NULL);
        json_key(out, "start_impl", false);
        json_string(out,
                    c->start_ok ? spapr_intc_impl_name(c->start_impl) : NULL);
        json_key(out, "cas_ok", false);
        g_string_append(out, !c->start_ok ? "null"
                             : c->cas_ok  ? "true"
                                          : "false");
        json_key(out, "cas_error", false);
        json_string(out, c->cas_error);
        json_key(out, "cas_active", false);
        json_string(out, cas_done ? spapr_intc_kind_name(c->cas_active) : NULL);
        json_key(out, "cas_impl", false);
        json_string(out, cas_done ? spapr_intc_impl_name(c->cas_impl) : NULL);
        json_key(out, "warnings", false);
        g_string_append_c(out, '[');
        for (guint w = 0; w < c->warnings->len; w++) {
            if (w) {
                g_string_append(out, ", ");
            }
            json_string(out, g_ptr_array_index(c->warnings, w));
        }
        g_string_append(out, "]}");
        g_string_append(out, i + 1 < cells->len ? ",\n" : "\n");
    }
    g_string_append(out, "]\n");
    return g_string_free(out, FALSE);
}
