/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Boot tests: one gtest case per cell of the decision matrix of one host
 * (`--host NAME`: tcg or a kvm-sim profile).  Each cell runs
 * `spapr-irq ... -guest PROFILE -qtest stdio` and boots its guest three
 * times (CAS, reset, set-up, device interrupts and IPIs on both CPUs),
 * checking every step against an expectation computed here.
 *
 * The expectation is independent of the library: it is written from
 * docs/specs/policy.md and the facts (sections 1-4 and 8), with its own
 * table of hosts, and does not include or link any of the project's code.
 * It is also compared with the text table of `spapr-irq matrix` for the
 * host, row by row.
 *
 * Cells: ic-mode {xics, xive, dual} x kernel-irqchip {allowed, on, off} x
 * max-cpu-compat {power8, power9} x guest {linux, linux,xive=off, legacy}
 * x secure {off, and on where the host runs secure guests}.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "qtest-client.h"

/* ------------------------------------------------------------------ */
/* Messages, copied from docs/specs/policy.md                          */
/* ------------------------------------------------------------------ */

/* The QOM path of the vCPUs' interrupt lines (docs/specs/qtest.md). */
#define QOM_MACHINE "/machine"

#define MSG_PEF_NEEDS_KVM "PEF requires KVM"
#define MSG_NO_SECURE_VMS "KVM implementation does not support Secure VMs"
#define MSG_XIVE_NEEDS_P9 "XIVE-only machines require a POWER9 CPU"
#define MSG_COMPAT_POWER9 "Compatibility PVR 0x0f000005 not valid for CPU"
#define MSG_DUAL_ON       "KVM is incompatible with ic-mode=dual,kernel-irqchip=on"
#define MSG_ON_PREFIX     "kernel_irqchip requested but unavailable: "
#define REASON_XICS_CAP   "KVM_CAP_IRQ_XICS"
#define REASON_XIVE_CAP   "KVM_CAP_PPC_IRQ_XIVE"
#define REASON_SECURE                                                          \
    "in-kernel XIVE cannot be used by a secure guest (the ultravisor "         \
    "cannot pass XIVE pages through)"
/* A 4 KiB-page host: the XIVE device cannot map the 4 x 64 KiB TIMA
 * (kvmppc_xive_native_mmap() allows 4 pages). */
#define REASON_PAGES                                                           \
    "in-kernel XIVE needs 64 KiB host pages (the KVM device cannot map the "   \
    "4 x 64 KiB TIMA)"
/* The host's reason when an irqchip closed without release is created
 * again (facts section 4 and 10: EEXIST). */
#define REASON_EEXIST(kind) kind ": creating the KVM device failed: File exists"

#define MSG_CAS_NO_XIVE                                                        \
    "Guest requested unavailable interrupt mode (XIVE), try the "              \
    "ic-mode=xive or ic-mode=dual machine property"
#define MSG_CAS_NO_XICS                                                        \
    "Guest requested unavailable interrupt mode (XICS), either don't set "     \
    "the ic-mode machine property or try ic-mode=xics or ic-mode=dual"

#define WARN_TCG_ON                                                            \
    "kernel-irqchip=on is ignored under TCG: every interrupt controller is "   \
    "emulated"
#define WARN_FALLBACK_FMT                                                      \
    "kernel_irqchip allowed but unavailable: %s, Falling back to "             \
    "kernel-irqchip=off"

/* The guest's console line when xive=off meets an XIVE-only platform. */
#define GUEST_XIVE_OFF_IGNORED "guest: Ignoring cmdline option xive=off"

/* ------------------------------------------------------------------ */
/* The hosts, written out from the facts and the brief                 */
/* ------------------------------------------------------------------ */

typedef struct Host {
    const char *name; /* "tcg" or a kvm-sim profile */
    bool kvm;
    int gen;      /* host CPU generation = the default -cpu: 8, 9, 10 */
    bool xics;    /* in-kernel XICS (KVM_CAP_IRQ_XICS) */
    bool xive;    /* in-kernel XIVE native (KVM_CAP_PPC_IRQ_XIVE) */
    bool release; /* an irqchip closed is destroyed and can be re-created */
    bool secure;  /* runs secure guests (KVM_CAP_PPC_SECURE_GUEST) */
    bool pages4k; /* 4 KiB host pages: XIVE native cannot map its TIMA */
} Host;

#define Y true
#define N false

/* name            kvm gen xics xive release secure 4k */
static const Host hosts[] = {
    {"tcg", N, 9, N, N, N, N, N},
    {"power8-4.19", Y, 8, Y, N, N, N, N},
    {"power8-5.10", Y, 8, Y, N, Y, N, N},
    {"power9-4.19", Y, 9, Y, N, N, N, N},
    {"power9-5.2", Y, 9, Y, Y, Y, N, N},
    {"power9-6.1", Y, 9, Y, Y, Y, N, N},
    {"power9-6.1-4k", Y, 9, Y, Y, Y, N, Y},
    {"power9-6.1-uv", Y, 9, Y, Y, Y, Y, N},
    {"power10-6.1", Y, 10, Y, Y, Y, N, N},
    {"nested-5.10", Y, 9, Y, N, Y, N, N},
    {"none", Y, 9, N, N, N, N, N},
};

#undef Y
#undef N

/* ------------------------------------------------------------------ */
/* Axes and cells                                                      */
/* ------------------------------------------------------------------ */

enum { MODE_XICS, MODE_XIVE, MODE_DUAL, N_MODES };
enum { KIC_ALLOWED, KIC_ON, KIC_OFF, N_KICS };
enum { GUEST_LINUX, GUEST_LINUX_XIVE_OFF, GUEST_LEGACY, N_GUESTS };

static const char *const mode_names[N_MODES] = {"xics", "xive", "dual"};
static const char *const kic_names[N_KICS] = {"allowed", "on", "off"};
static const int compat_gens[] = {8, 9};
#define N_COMPATS G_N_ELEMENTS(compat_gens)
static const char *const guest_names[N_GUESTS] = {"linux", "linux,xive=off",
                                                  "legacy"};

typedef enum Kind { KIND_XICS, KIND_XIVE } Kind;
typedef enum Impl { IMPL_EMULATED, IMPL_KVM } Impl;

static const char *kind_name(Kind k)
{
    return k == KIND_XIVE ? "xive" : "xics";
}

static const char *impl_name(Impl i)
{
    return i == IMPL_KVM ? "kvm" : "emulated";
}

typedef struct Cell {
    const Host *host;
    int mode, kic, compat, guest; /* compat: 8 or 9 */
    bool secure;
    char *path; /* the gtest path */
} Cell;

/* The extra sources each boot test claims once, after the first boot. */
typedef struct Source {
    guint32 num;
    bool lsi;
    bool claimed_by_test;
} Source;

static const Source sources[] = {
    {0x1000, false, false}, /* EPOW, claimed by the tool */
    {0x1001, false, false}, /* hot-plug, claimed by the tool */
    {0x1100, false, true},  /* a VIO device */
    {0x1200, true, true},   /* a PCI LSI */
    {0x1300, false, true},  /* an MSI */
};

#define N_CPUS        2
#define N_BOOTS       3
#define XICS_IPI_XIRR 0xff000002u /* CPPR 0xff, source 2 */
#define XIVE_IPI_EISN 0x10u

/* ------------------------------------------------------------------ */
/* The expectation of a cell                                           */
/* ------------------------------------------------------------------ */

typedef struct Expect {
    const char *start_error; /* NULL: the machine starts */
    const char *offered;     /* "xics", "xive", "dual" */
    guint8 byte23;
    bool has_xics, has_xive;
    Kind start_kind;
    guint8 cas_sent;      /* the byte the guest sends */
    bool xive_off_notice; /* the guest says it ignores xive=off */
    const char *cas_error;
    Kind cas_kind;
} Expect;

static void expect_cell(const Cell *c, Expect *e)
{
    const Host *h = c->host;
    int isa = MIN(h->gen, c->compat);
    bool on = c->kic == KIC_ON;

    memset(e, 0, sizeof(*e));

    /* Start rules 4 to 8, in the order of docs/specs/policy.md (1 to 3
     * cannot fail with -smp 2, the host's CPU and no split). */
    if (c->secure && !h->kvm) {
        e->start_error = MSG_PEF_NEEDS_KVM;
        return;
    }
    if (c->secure && !h->secure) {
        e->start_error = MSG_NO_SECURE_VMS;
        return;
    }
    if (c->mode == MODE_XIVE && isa < 9) {
        e->start_error = MSG_XIVE_NEEDS_P9;
        return;
    }
    if (c->compat > h->gen) {
        e->start_error = MSG_COMPAT_POWER9;
        return;
    }

    /* The offer: depends on the options only. */
    switch (c->mode) {
    case MODE_XICS:
        e->offered = "xics";
        e->byte23 = 0x00;
        e->has_xics = true;
        break;
    case MODE_XIVE:
        e->offered = "xive";
        e->byte23 = 0x40;
        e->has_xive = true;
        break;
    default:
        if (isa >= 9) {
            e->offered = "dual";
            e->byte23 = 0x80;
            e->has_xics = e->has_xive = true;
        } else {
            e->offered = "xics";
            e->byte23 = 0x00;
            e->has_xics = true;
        }
        break;
    }

    if (h->kvm && on && e->has_xics && e->has_xive && h->xics && !h->release) {
        e->start_error = MSG_DUAL_ON;
        return;
    }
    if (h->kvm && on && e->has_xics && !h->xics) {
        e->start_error = MSG_ON_PREFIX REASON_XICS_CAP;
        return;
    }
    if (h->kvm && on && e->has_xive && c->secure) {
        e->start_error = MSG_ON_PREFIX REASON_SECURE;
        return;
    }
    if (h->kvm && on && e->has_xive && !h->xive) {
        e->start_error = MSG_ON_PREFIX REASON_XIVE_CAP;
        return;
    }
    if (h->kvm && on && e->has_xive && h->pages4k) {
        e->start_error = MSG_ON_PREFIX REASON_PAGES;
        return;
    }

    e->start_kind = e->has_xics ? KIND_XICS : KIND_XIVE;

    /* The guest's CAS rule (facts section 8, the brief). */
    switch (c->guest) {
    case GUEST_LEGACY:
        e->cas_sent = 0x00;
        break;
    case GUEST_LINUX:
        e->cas_sent = e->byte23 == 0x00 ? 0x00 : 0x40;
        break;
    default: /* linux,xive=off */
        e->cas_sent = e->byte23 == 0x40 ? 0x40 : 0x00;
        e->xive_off_notice = e->byte23 == 0x40;
        break;
    }
    if ((e->cas_sent & 0x40) && !e->has_xive) {
        e->cas_error = MSG_CAS_NO_XIVE;
    } else if (!(e->cas_sent & 0x40) && !e->has_xics) {
        e->cas_error = MSG_CAS_NO_XICS;
    }
    e->cas_kind = (e->cas_sent & 0x40) ? KIND_XIVE : KIND_XICS;
}

/*
 * The host side over several boots: which controller is active, how, and
 * whether an in-kernel device was closed on a host that does not release
 * it (then it cannot be created again: EEXIST, facts sections 4 and 10).
 */
typedef struct Model {
    const Cell *cell;
    bool dead[2]; /* [Kind]: closed without release */
    Kind active;
    Impl impl;
    GPtrArray *warnings; /* distinct texts */
} Model;

static void model_warn(Model *m, const char *text)
{
    for (guint i = 0; i < m->warnings->len; i++) {
        if (g_str_equal(g_ptr_array_index(m->warnings, i), text)) {
            return;
        }
    }
    g_ptr_array_add(m->warnings, g_strdup(text));
}

/* The implementation of @k when it is activated (policy.md). */
static Impl model_activate(Model *m, Kind k)
{
    const Host *h = m->cell->host;
    const char *reason = NULL;
    g_autofree char *w = NULL;

    if (!h->kvm || m->cell->kic == KIC_OFF) {
        return IMPL_EMULATED;
    }
    if (k == KIND_XICS) {
        reason = !h->xics     ? REASON_XICS_CAP
                 : m->dead[k] ? REASON_EEXIST("XICS")
                              : NULL;
    } else {
        reason = m->cell->secure ? REASON_SECURE
                 : !h->xive      ? REASON_XIVE_CAP
                 : h->pages4k    ? REASON_PAGES
                 : m->dead[k]    ? REASON_EEXIST("XIVE")
                                 : NULL;
    }
    if (!reason) {
        return IMPL_KVM;
    }
    /* Under "on" the start rules refused every such machine. */
    g_assert(m->cell->kic == KIC_ALLOWED);
    w = g_strdup_printf(WARN_FALLBACK_FMT, reason);
    model_warn(m, w);
    return IMPL_EMULATED;
}

static void model_start(Model *m, const Cell *c, const Expect *e)
{
    memset(m, 0, sizeof(*m));
    m->cell = c;
    m->warnings = g_ptr_array_new_with_free_func(g_free);
    if (!c->host->kvm && c->kic == KIC_ON) {
        model_warn(m, WARN_TCG_ON);
    }
    m->active = e->start_kind;
    m->impl = model_activate(m, m->active);
}

/* A reset that makes @k the active controller. */
static void model_switch(Model *m, Kind k)
{
    if (m->active == k) {
        return;
    }
    if (m->impl == IMPL_KVM && !m->cell->host->release) {
        m->dead[m->active] = true;
    }
    m->active = k;
    m->impl = model_activate(m, k);
}

static void model_free(Model *m)
{
    g_clear_pointer(&m->warnings, g_ptr_array_unref);
}

/* ------------------------------------------------------------------ */
/* The matrix of the host, as `spapr-irq matrix` prints it             */
/* ------------------------------------------------------------------ */

typedef struct MatrixRow {
    char *key; /* "mode kic compat guest secure" */
    char *offered, *byte23, *at_start, *after_cas;
    char **notes;
    bool used;
} MatrixRow;

typedef struct Matrix {
    char *error; /* why the matrix is not there */
    GPtrArray *rows;
    GHashTable *by_key;   /* key -> MatrixRow */
    GHashTable *messages; /* "E1"/"W1" -> text */
} Matrix;

static Matrix matrix;

static void matrix_row_free(gpointer p)
{
    MatrixRow *r = p;

    g_free(r->key);
    g_free(r->offered);
    g_free(r->byte23);
    g_free(r->at_start);
    g_free(r->after_cas);
    g_strfreev(r->notes);
    g_free(r);
}

/* Words of @s separated by blanks, without empty ones. */
static char **words(const char *s)
{
    g_auto(GStrv) raw = g_strsplit_set(s, " \t", -1);
    GPtrArray *out = g_ptr_array_new();

    for (int i = 0; raw[i]; i++) {
        if (raw[i][0]) {
            g_ptr_array_add(out, g_strdup(raw[i]));
        }
    }
    g_ptr_array_add(out, NULL);
    return (char **)g_ptr_array_free(out, FALSE);
}

static bool matrix_parse(const char *host, const char *text)
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    g_autofree char *want_host = g_strdup_printf("host: %s", host);
    bool header = false;
    int section = 0; /* 0 table, 1 errors, 2 warnings */

    if (!lines[0] || !g_str_equal(lines[0], want_host)) {
        matrix.error = g_strdup_printf("first line is \"%s\", not \"%s\"",
                                       lines[0] ? lines[0] : "", want_host);
        return false;
    }
    for (int i = 1; lines[i]; i++) {
        const char *l = lines[i];

        if (!header) {
            header = g_str_has_prefix(l, "ic-mode ");
            continue;
        }
        if (g_str_equal(l, "errors:")) {
            section = 1;
            continue;
        }
        if (g_str_equal(l, "warnings:")) {
            section = 2;
            continue;
        }
        if (!l[0]) {
            continue;
        }
        if (section == 0) {
            g_auto(GStrv) parts = g_strsplit(l, "|", -1);
            g_auto(GStrv) axes = NULL;
            g_auto(GStrv) offer = NULL;
            MatrixRow *r;

            if (g_strv_length(parts) != 5) {
                matrix.error = g_strdup_printf("bad row \"%s\"", l);
                return false;
            }
            axes = words(parts[0]);
            offer = words(parts[1]);
            if (g_strv_length(axes) != 5 || g_strv_length(offer) != 2) {
                matrix.error = g_strdup_printf("bad row \"%s\"", l);
                return false;
            }
            r = g_new0(MatrixRow, 1);
            r->key = g_strjoinv(" ", axes);
            r->offered = g_strdup(offer[0]);
            r->byte23 = g_strdup(offer[1]);
            r->at_start = g_strstrip(g_strdup(parts[2]));
            r->after_cas = g_strstrip(g_strdup(parts[3]));
            r->notes = words(parts[4]);
            if (g_hash_table_contains(matrix.by_key, r->key)) {
                matrix.error = g_strdup_printf("two rows for %s", r->key);
                matrix_row_free(r);
                return false;
            }
            g_ptr_array_add(matrix.rows, r);
            g_hash_table_insert(matrix.by_key, r->key, r);
        } else {
            const char *colon = strstr(l, ": ");
            g_autofree char *id = NULL;

            if (!colon) {
                matrix.error = g_strdup_printf("bad note line \"%s\"", l);
                return false;
            }
            id = g_strstrip(g_strndup(l, colon - l));
            if ((section == 1 && id[0] != 'E') ||
                (section == 2 && id[0] != 'W')) {
                matrix.error = g_strdup_printf("bad note line \"%s\"", l);
                return false;
            }
            g_hash_table_insert(matrix.messages, g_steal_pointer(&id),
                                g_strdup(colon + 2));
        }
    }
    if (!header || matrix.rows->len == 0) {
        matrix.error = g_strdup("no table in the output");
        return false;
    }
    return true;
}

static void matrix_load(const char *tool, const Host *h)
{
    g_autofree char *accel =
        h->kvm ? g_strdup_printf("kvm-sim,host=%s", h->name) : g_strdup("tcg");
    const char *argv[] = {tool, "matrix", "-accel", accel, NULL};
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    GError *gerr = NULL;
    int status = 0;

    matrix.rows = g_ptr_array_new_with_free_func(matrix_row_free);
    matrix.by_key = g_hash_table_new(g_str_hash, g_str_equal);
    matrix.messages =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                      &out, &err, &status, &gerr)) {
        matrix.error =
            g_strdup_printf("cannot run %s matrix: %s", tool, gerr->message);
        g_clear_error(&gerr);
        return;
    }
    if (!g_spawn_check_wait_status(status, &gerr)) {
        matrix.error = g_strdup_printf("%s matrix -accel %s: %s; stderr: %s",
                                       tool, accel, gerr->message, err);
        g_clear_error(&gerr);
        return;
    }
    matrix_parse(h->name, out);
}

static void matrix_free(void)
{
    g_clear_pointer(&matrix.rows, g_ptr_array_unref);
    g_clear_pointer(&matrix.by_key, g_hash_table_unref);
    g_clear_pointer(&matrix.messages, g_hash_table_unref);
    g_clear_pointer(&matrix.error, g_free);
}

/* ------------------------------------------------------------------ */
/* Running a cell                                                      */
/* ------------------------------------------------------------------ */

typedef struct Run {
    const Cell *cell;
    QtCheck ck; /* the session, and the failures reported */
    Expect e;
    Model m;
} Run;

static const char *tool_path;
static const Host *the_host;
static guint cells_total, cells_run;

/* Where a cell's failures are: its gtest path. */
static char *cell_where(const void *opaque)
{
    const Cell *c = opaque;

    return g_strdup(c->path);
}

static char *lines_str(guint32 up, guint n)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < n; i++) {
        g_string_append_printf(s, "%s%u", i ? " " : "", (up >> i) & 1);
    }
    return g_string_free(s, FALSE);
}

/* `lines` must show exactly the CPUs of @want up. */
static bool check_lines(Run *r, guint32 want, const char *when)
{
    guint32 up;
    guint n;

    if (!qt_check_lines(&r->ck, &up, &n)) {
        return false;
    }
    if (n != N_CPUS || up != want) {
        g_autofree char *w = lines_str(want, N_CPUS);
        g_autofree char *g = lines_str(up, n);

        return qt_check_fail(&r->ck, "%s: lines are \"%s\", expected \"%s\"",
                             when, g, w);
    }
    return true;
}

static bool check_active(Run *r, const char *when)
{
    GError *err = NULL;
    g_autofree char *kind = NULL;
    g_autofree char *impl = NULL;

    if (!qt_client_active(r->ck.qc, &kind, &impl, &err)) {
        return qt_check_fail_gerror(&r->ck, err);
    }
    if (!g_str_equal(kind, kind_name(r->m.active)) ||
        !g_str_equal(impl, impl_name(r->m.impl))) {
        return qt_check_fail(
            &r->ck, "%s: active is \"%s %s\", expected \"%s %s\"", when, kind,
            impl, kind_name(r->m.active), impl_name(r->m.impl));
    }
    return true;
}

/* The interrupt of source @src (or an IPI when NULL) as CPU @cpu's handler
 * must see it. */
static void expected_take(Run *r, const Source *src, QtTaken *kind,
                          guint32 *value)
{
    if (r->m.active == KIND_XICS) {
        *kind = QT_TAKEN_XIRR;
        *value = src ? 0xff000000u | src->num : XICS_IPI_XIRR;
    } else {
        *kind = QT_TAKEN_EISN;
        *value = src ? src->num : XIVE_IPI_EISN;
    }
}

/* The asynchronous lines of the last command (irq_intercept_in) must be
 * exactly @want ("" for none; lines joined by ", "). */
static bool check_irqs(Run *r, const char *want, const char *what,
                       const char *cmd)
{
    const GPtrArray *irqs = qt_client_irqs(r->ck.qc);
    g_autoptr(GString) got = g_string_new(NULL);

    for (guint i = 0; i < irqs->len; i++) {
        g_string_append_printf(got, "%s%s", i ? ", " : "",
                               (const char *)g_ptr_array_index(irqs, i));
    }
    if (!g_str_equal(got->str, want)) {
        return qt_check_fail(&r->ck, "%s: %s sent \"%s\", expected \"%s\"",
                             what, cmd, got->str, want);
    }
    return true;
}

static bool deliver_sources(Run *r, int boot)
{
    for (guint i = 0; i < G_N_ELEMENTS(sources); i++) {
        const Source *s = &sources[i];
        guint cpu = i % N_CPUS;
        g_autofree char *what =
            g_strdup_printf("boot %d, source 0x%x (%s) to CPU %u", boot, s->num,
                            s->lsi ? "LSI" : "MSI", cpu);
        g_autofree char *raise = g_strdup_printf("IRQ raise %u", cpu);
        g_autofree char *lower = g_strdup_printf("IRQ lower %u", cpu);
        QtTaken kind;
        guint32 value;

        /* The device line in QEMU's syntax; the vCPU's line comes back as
         * QEMU's asynchronous lines. */
        if (!qt_check_cmd(&r->ck, "", "guest enable 0x%x %u", s->num, cpu) ||
            !qt_check_cmd(&r->ck, "", "set_irq_in %s unnamed-gpio-in 0x%x 1",
                          QOM_MACHINE, s->num) ||
            !check_irqs(r, raise, what, "the fire")) {
            return false;
        }
        if (s->lsi && !check_lines(r, 1u << cpu, what)) {
            return false;
        }
        if (!qt_check_cmd(&r->ck, "", "set_irq_in %s unnamed-gpio-in 0x%x 0",
                          QOM_MACHINE, s->num) ||
            !check_irqs(r, "", what, "the line's fall")) {
            return false;
        }
        if (!s->lsi && !check_lines(r, 1u << cpu, what)) {
            return false;
        }
        expected_take(r, s, &kind, &value);
        if (!qt_check_take(&r->ck, cpu, kind, value, what) ||
            !check_irqs(r, lower, what, "guest take") ||
            !qt_check_take(&r->ck, cpu, QT_TAKEN_NONE, 0, what) ||
            !check_irqs(r, "", what, "the second guest take") ||
            !check_lines(r, 0, what)) {
            return false;
        }
    }
    return true;
}

static bool deliver_ipis(Run *r, int boot)
{
    for (guint t = 0; t < N_CPUS; t++) {
        g_autofree char *what =
            g_strdup_printf("boot %d, IPI from CPU 0 to CPU %u", boot, t);
        g_autofree char *raise = g_strdup_printf("IRQ raise %u", t);
        g_autofree char *lower = g_strdup_printf("IRQ lower %u", t);
        QtTaken kind;
        guint32 value;

        expected_take(r, NULL, &kind, &value);
        if (!qt_check_cmd(&r->ck, "", "guest ipi 0 %u", t) ||
            !check_irqs(r, raise, what, "guest ipi") ||
            !check_lines(r, 1u << t, what) ||
            !qt_check_take(&r->ck, t, kind, value, what) ||
            !check_irqs(r, lower, what, "guest take") ||
            !qt_check_take(&r->ck, t, QT_TAKEN_NONE, 0, what) ||
            !check_lines(r, 0, what)) {
            return false;
        }
    }
    return true;
}

/*
 * The deliveries of a boot, and where the guest's ESB and TIMA accesses
 * went: with the XIVE in the kernel, all through the two memory slots the
 * tool mapped (none exits to the VMM, so the library's MMIO entry serves
 * none); otherwise no slot.  No vCPU ioctl while the vCPUs run.
 */
static bool deliver_through_slots(Run *r, int boot)
{
    GError *err = NULL;
    QtHostCounters a, b;
    bool kernel_xive = r->m.active == KIND_XIVE && r->m.impl == IMPL_KVM;

    if (!qt_client_host(r->ck.qc, &a, &err)) {
        return qt_check_fail_gerror(&r->ck, err);
    }
    if (!deliver_sources(r, boot) || !deliver_ipis(r, boot)) {
        return false;
    }
    if (!qt_client_host(r->ck.qc, &b, &err)) {
        return qt_check_fail_gerror(&r->ck, err);
    }
    if (!b.kvm_sim) {
        return true;
    }
    if (b.slots != (kernel_xive ? 2u : 0u) ||
        (kernel_xive ? b.mapped <= a.mapped : b.mapped != a.mapped) ||
        (kernel_xive && b.exits != a.exits) || b.violations != 0) {
        return qt_check_fail(
            &r->ck,
            "boot %d (active %s %s): slots=%u, mapped accesses %u -> %u, "
            "exits %u -> %u, violations %u; expected %u slots, %s, no vCPU "
            "ioctl while running",
            boot, kind_name(r->m.active), impl_name(r->m.impl), b.slots,
            a.mapped, b.mapped, a.exits, b.exits, b.violations,
            kernel_xive ? 2u : 0u,
            kernel_xive ? "every ESB/TIMA access through a slot, none exiting"
                        : "no access through a slot");
    }
    return true;
}

static bool has_comment(Run *r, const char *text)
{
    const GPtrArray *c = qt_client_comments(r->ck.qc);

    for (guint i = 0; i < c->len; i++) {
        if (g_str_equal(g_ptr_array_index(c, i), text)) {
            return true;
        }
    }
    return false;
}

/* `guest cas`: the byte of the guest's rule, or the CAS error.  Returns
 * false on a failure; *@cas_failed tells whether CAS failed as expected. */
static bool do_cas(Run *r, int boot, bool *cas_failed)
{
    GError *err = NULL;
    const char *ans = qt_client_cmd(r->ck.qc, &err, "guest cas");
    bool notice;

    *cas_failed = false;
    if (!ans) {
        return qt_check_fail_gerror(&r->ck, err);
    }
    notice = has_comment(r, GUEST_XIVE_OFF_IGNORED);
    if (notice != r->e.xive_off_notice) {
        return qt_check_fail(
            &r->ck, "boot %d: guest cas %s the comment \"# %s\"", boot,
            notice ? "printed" : "did not print", GUEST_XIVE_OFF_IGNORED);
    }
    if (r->e.cas_error) {
        g_autofree char *want = g_strdup_printf("FAIL %s", r->e.cas_error);

        if (!g_str_equal(ans, want)) {
            return qt_check_fail(
                &r->ck, "boot %d: guest cas answered \"%s\", expected \"%s\"",
                boot, ans, want);
        }
        *cas_failed = true;
        return true;
    } else {
        g_autofree char *want = g_strdup_printf("OK 0x%02x", r->e.cas_sent);

        if (g_ascii_strcasecmp(ans, want) != 0) {
            return qt_check_fail(
                &r->ck, "boot %d: guest cas answered \"%s\", expected \"%s\"",
                boot, ans, want);
        }
    }
    return true;
}

/* After CAS: reset, active, set-up. */
static bool after_cas(Run *r, int boot)
{
    g_autofree char *when = g_strdup_printf("boot %d, after CAS", boot);

    if (!qt_check_cmd(&r->ck, "", "reset")) {
        return false;
    }
    model_switch(&r->m, r->e.cas_kind);
    return check_active(r, when) &&
           qt_check_cmd(&r->ck, kind_name(r->m.active), "guest setup");
}

static bool check_host_counters(Run *r)
{
    GError *err = NULL;
    QtHostCounters h;
    guint want_conn = r->m.impl == IMPL_KVM ? N_CPUS : 0;
    guint want_dev = r->m.impl == IMPL_KVM ? 1 : 0;

    if (!qt_client_host(r->ck.qc, &h, &err)) {
        return qt_check_fail_gerror(&r->ck, err);
    }
    if (!r->cell->host->kvm) {
        if (h.kvm_sim) {
            return qt_check_fail(&r->ck,
                                 "host answered kvm-sim counters under TCG");
        }
        return true;
    }
    if (!h.kvm_sim) {
        return qt_check_fail(&r->ck, "host answered \"none\" on kvm-sim");
    }
    if (h.connected != want_conn || h.devices != want_dev) {
        return qt_check_fail(
            &r->ck,
            "host after the last boot (active %s %s): devices=%u "
            "connected=%u, expected devices=%u connected=%u",
            kind_name(r->m.active), impl_name(r->m.impl), h.devices,
            h.connected, want_dev, want_conn);
    }
    return true;
}

static char *join_set(const GPtrArray *a)
{
    GString *s = g_string_new("[");

    for (guint i = 0; i < a->len; i++) {
        g_string_append_printf(s, "%s\"%s\"", i ? ", " : "",
                               (const char *)g_ptr_array_index(a, i));
    }
    g_string_append_c(s, ']');
    return g_string_free(s, FALSE);
}

static bool in_array(const GPtrArray *a, const char *text)
{
    for (guint i = 0; i < a->len; i++) {
        if (g_str_equal(g_ptr_array_index(a, i), text)) {
            return true;
        }
    }
    return false;
}

/* Same distinct texts on both sides (order and repetitions aside). */
static bool same_set(const GPtrArray *a, const GPtrArray *b)
{
    for (guint i = 0; i < a->len; i++) {
        if (!in_array(b, g_ptr_array_index(a, i))) {
            return false;
        }
    }
    for (guint i = 0; i < b->len; i++) {
        if (!in_array(a, g_ptr_array_index(b, i))) {
            return false;
        }
    }
    return true;
}

static bool check_warnings(Run *r)
{
    const GPtrArray *got = qt_client_warnings(r->ck.qc);

    if (!same_set(got, r->m.warnings)) {
        g_autofree char *g = join_set(got);
        g_autofree char *w = join_set(r->m.warnings);

        return qt_check_fail(&r->ck, "warnings of the session: %s, expected %s",
                             g, w);
    }
    return true;
}

/* ---- agreement with `spapr-irq matrix` ---- */

static char *cell_key(const Cell *c)
{
    return g_strdup_printf("%s %s power%d %s %s", mode_names[c->mode],
                           kic_names[c->kic], c->compat, guest_names[c->guest],
                           c->secure ? "on" : "off");
}

/* The texts of the notes of @row whose id starts with @letter. */
static GPtrArray *row_notes(const MatrixRow *row, char letter, Run *r)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);

    for (int i = 0; row->notes[i]; i++) {
        const char *text;

        if (row->notes[i][0] != letter) {
            continue;
        }
        text = g_hash_table_lookup(matrix.messages, row->notes[i]);
        if (!text) {
            qt_check_fail(&r->ck, "matrix row \"%s\": note %s has no text",
                          row->key, row->notes[i]);
            continue;
        }
        g_ptr_array_add(out, g_strdup(text));
    }
    return out;
}

static bool matrix_field(Run *r, const MatrixRow *row, const char *field,
                         const char *got, const char *want)
{
    if (!g_str_equal(got, want)) {
        return qt_check_fail(&r->ck,
                             "matrix row \"%s\": %s is \"%s\", expected \"%s\"",
                             row->key, field, got, want);
    }
    return true;
}

static bool check_matrix(Run *r)
{
    g_autofree char *key = cell_key(r->cell);
    g_autoptr(GPtrArray) errors = NULL;
    g_autoptr(GPtrArray) warnings = NULL;
    g_autoptr(GPtrArray) want_errors = g_ptr_array_new();
    MatrixRow *row;
    Model m;
    bool ok = true;

    if (matrix.error) {
        return qt_check_fail(&r->ck, "no matrix for host %s: %s",
                             r->cell->host->name, matrix.error);
    }
    row = g_hash_table_lookup(matrix.by_key, key);
    if (!row) {
        return qt_check_fail(&r->ck, "the matrix has no row \"%s\"", key);
    }
    row->used = true;
    errors = row_notes(row, 'E', r);
    warnings = row_notes(row, 'W', r);

    if (r->e.start_error) {
        g_ptr_array_add(want_errors, (char *)r->e.start_error);
        ok &= matrix_field(r, row, "offered", row->offered, "-");
        ok &= matrix_field(r, row, "byte23", row->byte23, "-");
        ok &= matrix_field(r, row, "at start", row->at_start, "refused");
        ok &= matrix_field(r, row, "after CAS", row->after_cas, "-");
    } else {
        g_autofree char *byte = g_strdup_printf("0x%02x", r->e.byte23);
        g_autofree char *at_start = NULL;
        g_autofree char *after = NULL;

        /* Boot 1 of the model: what the matrix describes. */
        model_start(&m, r->cell, &r->e);
        at_start =
            g_strdup_printf("%s (%s)", kind_name(m.active), impl_name(m.impl));
        if (r->e.cas_error) {
            g_ptr_array_add(want_errors, (char *)r->e.cas_error);
            after = g_strdup("CAS fails");
        } else {
            model_switch(&m, r->e.cas_kind);
            after = g_strdup_printf("%s (%s)", kind_name(m.active),
                                    impl_name(m.impl));
        }
        ok &= matrix_field(r, row, "offered", row->offered, r->e.offered);
        ok &= matrix_field(r, row, "byte23", row->byte23, byte);
        ok &= matrix_field(r, row, "at start", row->at_start, at_start);
        ok &= matrix_field(r, row, "after CAS", row->after_cas, after);
        if (!same_set(warnings, m.warnings)) {
            g_autofree char *g = join_set(warnings);
            g_autofree char *w = join_set(m.warnings);

            ok = qt_check_fail(&r->ck,
                               "matrix row \"%s\": warnings %s, expected %s",
                               row->key, g, w);
        }
        model_free(&m);
    }
    if (!same_set(errors, want_errors)) {
        g_autofree char *g = join_set(errors);
        g_autofree char *w = join_set(want_errors);

        ok = qt_check_fail(&r->ck, "matrix row \"%s\": errors %s, expected %s",
                           row->key, g, w);
    }
    if (r->e.start_error && warnings->len) {
        g_autofree char *g = join_set(warnings);

        ok = qt_check_fail(
            &r->ck, "matrix row \"%s\": warnings %s for a refused machine",
            row->key, g);
    }
    return ok;
}

/* ---- the session ---- */

static GPtrArray *cell_argv(const Cell *c)
{
    GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
    GString *machine = g_string_new("pseries");
    g_autofree char *guest = NULL;

    g_string_append_printf(machine, ",ic-mode=%s", mode_names[c->mode]);
    if (c->kic != KIC_ALLOWED) {
        g_string_append_printf(machine, ",kernel-irqchip=%s",
                               kic_names[c->kic]);
    }
    g_string_append_printf(machine, ",max-cpu-compat=power%d", c->compat);
    if (c->secure) {
        g_string_append(machine, ",confidential-guest-support=pef0");
    }
    g_ptr_array_add(a, g_strdup(tool_path));
    g_ptr_array_add(a, g_strdup("-machine"));
    g_ptr_array_add(a, g_string_free(machine, FALSE));
    if (c->secure) {
        g_ptr_array_add(a, g_strdup("-object"));
        g_ptr_array_add(a, g_strdup("pef-guest,id=pef0"));
    }
    g_ptr_array_add(a, g_strdup("-smp"));
    g_ptr_array_add(a, g_strdup_printf("%d", N_CPUS));
    g_ptr_array_add(a, g_strdup("-accel"));
    g_ptr_array_add(a, c->host->kvm
                           ? g_strdup_printf("kvm-sim,host=%s", c->host->name)
                           : g_strdup("tcg"));
    g_ptr_array_add(a, g_strdup("-guest"));
    guest = g_strdup_printf("%s%s", guest_names[c->guest],
                            c->secure ? ",secure=on" : "");
    g_ptr_array_add(a, g_steal_pointer(&guest));
    g_ptr_array_add(a, g_strdup("-qtest"));
    g_ptr_array_add(a, g_strdup("stdio"));
    g_ptr_array_add(a, NULL);
    return a;
}

static bool check_refused(Run *r)
{
    g_autofree char *want = g_strdup_printf("spapr-irq: %s", r->e.start_error);
    g_auto(GStrv) err_lines = g_strsplit(qt_client_stderr(r->ck.qc), "\n", -1);
    const GPtrArray *stray = qt_client_stray_lines(r->ck.qc);
    bool found = false;

    if (qt_client_started(r->ck.qc)) {
        qt_check_fail(
            &r->ck, "the machine started (\"%s\"), expected the refusal \"%s\"",
            qt_client_banner(r->ck.qc), r->e.start_error);
        qt_client_quit(r->ck.qc, NULL);
        return false;
    }
    for (int i = 0; err_lines[i]; i++) {
        found |= g_str_equal(err_lines[i], want);
    }
    if (!found) {
        return qt_check_fail(
            &r->ck,
            "refused start: stderr is \"%s\", expected the line "
            "\"%s\"",
            qt_client_stderr(r->ck.qc), want);
    }
    if (qt_client_exit_status(r->ck.qc) != 1) {
        return qt_check_fail(
            &r->ck, "refused start: exit status %d (signal %d), expected 1",
            qt_client_exit_status(r->ck.qc), qt_client_term_signal(r->ck.qc));
    }
    if (stray->len) {
        return qt_check_fail(&r->ck, "refused start: stdout has \"%s\"",
                             (const char *)g_ptr_array_index(stray, 0));
    }
    return true;
}

static bool boot(Run *r, int n, bool *cas_failed)
{
    g_autofree char *when = g_strdup_printf("boot %d, after reset", n);

    if (!qt_check_cmd(&r->ck, "", "reset")) {
        return false;
    }
    model_switch(&r->m, r->e.start_kind);
    if (!check_active(r, when) || !do_cas(r, n, cas_failed)) {
        return false;
    }
    if (*cas_failed) {
        return true;
    }
    if (!after_cas(r, n)) {
        return false;
    }
    if (n == 1) {
        for (guint i = 0; i < G_N_ELEMENTS(sources); i++) {
            if (sources[i].claimed_by_test &&
                !qt_check_cmd(&r->ck, "", "claim 0x%x %s", sources[i].num,
                              sources[i].lsi ? "lsi" : "msi")) {
                return false;
            }
        }
    } else if (n == 2) {
        GError *err = NULL;
        const char *ans = qt_client_cmd(r->ck.qc, &err, "claim 0x1100 msi");

        if (!ans) {
            return qt_check_fail_gerror(&r->ck, err);
        }
        if (!g_str_has_prefix(ans, "FAIL ") || !strstr(ans, "0x1100")) {
            return qt_check_fail(&r->ck,
                                 "a second claim of 0x1100 answered \"%s\", "
                                 "expected a FAIL naming 0x1100",
                                 ans);
        }
    }
    return deliver_through_slots(r, n);
}

static bool run_session(Run *r)
{
    GError *err = NULL;
    bool cas_failed = false;
    g_autofree char *want_banner = NULL;

    if (!qt_client_started(r->ck.qc)) {
        return qt_check_fail(
            &r->ck,
            "the machine did not start: exit status %d (signal %d), "
            "stderr \"%s\"",
            qt_client_exit_status(r->ck.qc), qt_client_term_signal(r->ck.qc),
            qt_client_stderr(r->ck.qc));
    }
    model_start(&r->m, r->cell, &r->e);
    want_banner = g_strdup_printf("spapr-irq qtest: %d CPUs of %d, active %s",
                                  N_CPUS, N_CPUS, kind_name(r->m.active));
    if (!g_str_equal(qt_client_banner(r->ck.qc), want_banner)) {
        return qt_check_fail(&r->ck, "banner \"%s\", expected \"%s\"",
                             qt_client_banner(r->ck.qc), want_banner);
    }
    /* Every change of a vCPU's line is sent from now on. */
    if (!qt_check_cmd(&r->ck, "", "irq_intercept_in %s", QOM_MACHINE)) {
        return false;
    }
    for (int n = 1; n <= N_BOOTS && !cas_failed; n++) {
        if (!boot(r, n, &cas_failed)) {
            return false;
        }
    }
    if (!check_host_counters(r) || !check_warnings(r)) {
        return false;
    }
    if (!qt_client_quit(r->ck.qc, &err)) {
        return qt_check_fail_gerror(&r->ck, err);
    }
    return true;
}

static void test_cell(gconstpointer data)
{
    const Cell *c = data;
    Run r = {.cell = c, .ck = {.where = cell_where, .opaque = c}};
    g_autoptr(GPtrArray) argv = cell_argv(c);
    GError *err = NULL;

    cells_run++;
    expect_cell(c, &r.e);
    check_matrix(&r);

    r.ck.qc = qt_client_spawn((const char *const *)argv->pdata, &err);
    if (!r.ck.qc) {
        qt_check_fail_gerror(&r.ck, err);
        return;
    }
    if (r.e.start_error) {
        check_refused(&r);
    } else {
        run_session(&r);
    }
    if (r.ck.failed) {
        g_test_message("command line: %s", qt_client_cmdline(r.ck.qc));
    }
    qt_client_free(r.ck.qc);
    model_free(&r.m);
}

/* Runs last: every cell ran, and each used its own matrix row. */
static void test_count(gconstpointer data)
{
    guint used = 0;

    printf("# boot cells run: %u of %u for host %s\n", cells_run, cells_total,
           the_host->name);
    fflush(stdout);
    if (matrix.rows) {
        for (guint i = 0; i < matrix.rows->len; i++) {
            used += ((MatrixRow *)g_ptr_array_index(matrix.rows, i))->used;
        }
    }
    if (cells_run != cells_total) {
        g_test_message("only %u of the %u cells of host %s ran", cells_run,
                       cells_total, the_host->name);
        g_test_fail();
    }
    if (used != cells_run) {
        g_test_message("%u matrix rows were used for %u cells", used,
                       cells_run);
        g_test_fail();
    }
}

static const Host *find_host(const char *name)
{
    for (guint i = 0; i < G_N_ELEMENTS(hosts); i++) {
        if (g_str_equal(hosts[i].name, name)) {
            return &hosts[i];
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    const char *host_name = NULL;
    GPtrArray *cells = g_ptr_array_new();
    g_autofree char *count_path = NULL;
    gint64 t0;
    int rc;
    int j = 1;

    /* --host NAME is ours; the rest goes to g_test_init(). */
    for (int i = 1; i < argc; i++) {
        if (g_str_equal(argv[i], "--host") && i + 1 < argc) {
            host_name = argv[++i];
        } else if (g_str_has_prefix(argv[i], "--host=")) {
            host_name = argv[i] + strlen("--host=");
        } else {
            argv[j++] = argv[i];
        }
    }
    argv[j] = NULL;
    argc = j;
    g_test_init(&argc, &argv, NULL);
    /* A failing cell is reported and the next one runs. */
    g_test_set_nonfatal_assertions();

    if (!host_name || !(the_host = find_host(host_name))) {
        fprintf(stderr, "boot-test: --host NAME is required; NAME is one of:");
        for (guint i = 0; i < G_N_ELEMENTS(hosts); i++) {
            fprintf(stderr, " %s", hosts[i].name);
        }
        fputc('\n', stderr);
        return 2;
    }
    tool_path = g_getenv("SPAPR_IRQ_TOOL");
    if (!tool_path || !tool_path[0]) {
        fprintf(stderr, "boot-test: SPAPR_IRQ_TOOL must name the spapr-irq "
                        "binary\n");
        return 2;
    }
    matrix_load(tool_path, the_host);

    for (int m = 0; m < N_MODES; m++) {
        for (int k = 0; k < N_KICS; k++) {
            for (guint p = 0; p < N_COMPATS; p++) {
                for (int g = 0; g < N_GUESTS; g++) {
                    for (int s = 0; s < (the_host->secure ? 2 : 1); s++) {
                        Cell *c = g_new0(Cell, 1);

                        c->host = the_host;
                        c->mode = m;
                        c->kic = k;
                        c->compat = compat_gens[p];
                        c->guest = g;
                        c->secure = s;
                        c->path = g_strdup_printf(
                            "/boot/%s/%s/%s/power%d/%s%s", the_host->name,
                            mode_names[m], kic_names[k], c->compat,
                            guest_names[g], s ? "/secure" : "");
                        g_test_add_data_func(c->path, c, test_cell);
                        g_ptr_array_add(cells, c);
                    }
                }
            }
        }
    }
    /* The axes: modes x kernel-irqchip x compat x guests x secure. */
    cells_total =
        N_MODES * N_KICS * N_COMPATS * N_GUESTS * (the_host->secure ? 2 : 1);
    g_assert_cmpuint(cells->len, ==, cells_total);
    count_path = g_strdup_printf("/boot-count/%s", the_host->name);
    g_test_add_data_func(count_path, NULL, test_count);

    t0 = g_get_monotonic_time();
    rc = g_test_run();
    printf("# boot host %s: %u cells in %.2f s\n", the_host->name, cells_run,
           (g_get_monotonic_time() - t0) / 1e6);

    for (guint i = 0; i < cells->len; i++) {
        Cell *c = g_ptr_array_index(cells, i);

        g_free(c->path);
        g_free(c);
    }
    g_ptr_array_unref(cells);
    matrix_free();
    return rc;
}
