/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The decision matrix of every host against an independent oracle.
 *
 * matrix_compute() gives, for one host, the outcome of every
 * combination of ic-mode x kernel-irqchip x max-cpu-compat x guest kind x
 * secure guest (108 cells).  This file checks each cell of each host against
 * an oracle written from docs/specs/policy.md and the facts (sections 1-4
 * and 8) alone: it does not call the resolver, and it takes the host facts
 * from a table written here, not from the library's profile table.
 *
 * The oracle is shaped differently from a resolver on purpose: each cell is
 * first reduced to a handful of booleans (the "situation"), the start rules
 * are a table of (predicate, message) rows tried in the spec's order, the
 * offer is a lookup table and the implementation of a controller is one
 * small function of the situation.
 *
 * Beyond the oracle, a list of cells with literal expectations (taken from
 * the spec and from the facts' result table) guards the oracle itself.
 */
#include <string.h>

#include <glib.h>

#include "hw/host/host.h"
#include "sim/sim.h"
#include "spapr-irq/config.h"
#include "spapr-irq/plan.h"
#include "tools/matrix.h"

/* ------------------------------------------------------------------ */
/* Messages, copied from docs/specs/policy.md                          */
/* ------------------------------------------------------------------ */

#define MSG_PEF_NEEDS_KVM "PEF requires KVM"
#define MSG_NO_SECURE_VMS "KVM implementation does not support Secure VMs"
#define MSG_XIVE_NEEDS_P9 "XIVE-only machines require a POWER9 CPU"
#define MSG_COMPAT_POWER9 "Compatibility PVR 0x0f000005 not valid for CPU"
#define MSG_DUAL_ON       "KVM is incompatible with ic-mode=dual,kernel-irqchip=on"
#define MSG_ON_XICS       "kernel_irqchip requested but unavailable: KVM_CAP_IRQ_XICS"
#define MSG_ON_XIVE_SECURE                                                     \
    "kernel_irqchip requested but unavailable: in-kernel XIVE cannot be "      \
    "used by a secure guest (the ultravisor cannot pass XIVE pages through)"
#define MSG_ON_XIVE                                                            \
    "kernel_irqchip requested but unavailable: KVM_CAP_PPC_IRQ_XIVE"
#define REASON_PAGES                                                           \
    "in-kernel XIVE needs 64 KiB host pages (the KVM device cannot map the "   \
    "4 x 64 KiB TIMA)"
#define MSG_ON_XIVE_PAGES                                                      \
    "kernel_irqchip requested but unavailable: " REASON_PAGES

#define MSG_CAS_INVALID "guest requested an invalid interrupt mode"
#define MSG_CAS_NO_XIVE                                                        \
    "Guest requested unavailable interrupt mode (XIVE), try the "              \
    "ic-mode=xive or ic-mode=dual machine property"
#define MSG_CAS_NO_XICS                                                        \
    "Guest requested unavailable interrupt mode (XICS), either don't set "     \
    "the ic-mode machine property or try ic-mode=xics or ic-mode=dual"

#define WARN_TCG_ON                                                            \
    "kernel-irqchip=on is ignored under TCG: every interrupt controller is "   \
    "emulated"
#define WARN_FALLBACK_XICS                                                     \
    "kernel_irqchip allowed but unavailable: KVM_CAP_IRQ_XICS, Falling back "  \
    "to kernel-irqchip=off"
#define WARN_FALLBACK_XIVE                                                     \
    "kernel_irqchip allowed but unavailable: KVM_CAP_PPC_IRQ_XIVE, Falling "   \
    "back to kernel-irqchip=off"
#define WARN_FALLBACK_PAGES                                                    \
    "kernel_irqchip allowed but unavailable: " REASON_PAGES                    \
    ", Falling back to kernel-irqchip=off"
#define WARN_FALLBACK_SECURE                                                   \
    "kernel_irqchip allowed but unavailable: in-kernel XIVE cannot be used "   \
    "by a secure guest (the ultravisor cannot pass XIVE pages through), "      \
    "Falling back to kernel-irqchip=off"

/* ------------------------------------------------------------------ */
/* The hosts, written out by hand                                      */
/* ------------------------------------------------------------------ */

typedef struct HostRow {
    const char *name; /* kvm-sim profile name, or "tcg" */
    bool kvm;
    int gen; /* host CPU generation = the default -cpu */
    bool xics, xive, release, nr_servers, secure;
    bool pages4k; /* a 4 KiB-page host kernel */
} HostRow;

#define Y true
#define N false

/* name          kvm gen xics xive release nr_servers secure 4k */
static const HostRow host_rows[] = {
    {"power8-4.19", Y, 8, Y, N, N, N, N, N},
    {"power8-5.10", Y, 8, Y, N, Y, N, N, N},
    {"power9-4.19", Y, 9, Y, N, N, N, N, N},
    {"power9-5.2", Y, 9, Y, Y, Y, N, N, N},
    {"power9-6.1", Y, 9, Y, Y, Y, Y, N, N},
    {"power9-6.1-4k", Y, 9, Y, Y, Y, Y, N, Y},
    {"power9-6.1-uv", Y, 9, Y, Y, Y, Y, Y, N},
    {"power10-6.1", Y, 10, Y, Y, Y, Y, N, N},
    {"nested-5.10", Y, 9, Y, N, Y, N, N, N},
    {"none", Y, 9, N, N, N, N, N, N},
    {"tcg", N, 9, N, N, N, N, N, N},
};

#undef Y
#undef N
#define N_PROFILES 10 /* the kvm-sim rows: all but the last */
#define N_HOSTS    G_N_ELEMENTS(host_rows)

static const HostRow *host_row(const char *name)
{
    for (size_t i = 0; i < N_HOSTS; i++) {
        if (strcmp(host_rows[i].name, name) == 0) {
            return &host_rows[i];
        }
    }
    g_error("no host row named %s", name);
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Coordinates of a cell, expectations of a cell                      */
/* ------------------------------------------------------------------ */

typedef struct Coord {
    SpaprIcMode mode;
    SpaprKernelIrqchip kic;
    SpaprCpuModel compat;
    GuestKind guest;
    bool secure;
} Coord;

#define MAX_WARNINGS 4

typedef struct Expect {
    const char *start_error; /* NULL: the machine starts */
    SpaprIcMode offered;
    uint8_t byte23;
    SpaprIntcKind start_active;
    SpaprIntcImpl start_impl;
    const char *cas_error; /* NULL: CAS succeeds */
    SpaprIntcKind cas_active;
    SpaprIntcImpl cas_impl;
    const char *warnings[MAX_WARNINGS + 1]; /* NULL-terminated */
} Expect;

static const SpaprIcMode all_modes[] = {
    SPAPR_IC_MODE_XICS,
    SPAPR_IC_MODE_XIVE,
    SPAPR_IC_MODE_DUAL,
};
static const SpaprKernelIrqchip all_kics[] = {
    SPAPR_KERNEL_IRQCHIP_ALLOWED,
    SPAPR_KERNEL_IRQCHIP_ON,
    SPAPR_KERNEL_IRQCHIP_OFF,
};
static const SpaprCpuModel all_compats[] = {
    SPAPR_CPU_POWER8,
    SPAPR_CPU_POWER9,
};
static const GuestKind all_guests[] = {
    GUEST_LINUX,
    GUEST_LINUX_XIVE_OFF,
    GUEST_LEGACY,
};

#define N_CELLS 108 /* 3 modes x 3 kics x 2 compats x 3 guests x 2 */

static int index_of(const int *vals, size_t n, int v)
{
    for (size_t i = 0; i < n; i++) {
        if (vals[i] == v) {
            return (int)i;
        }
    }
    return -1;
}

/* Position of @c among the 108 combinations, -1 if a coordinate is not one
 * the matrix should hold. */
static int coord_index(const Coord *c)
{
    static const int modes[] = {SPAPR_IC_MODE_XICS, SPAPR_IC_MODE_XIVE,
                                SPAPR_IC_MODE_DUAL};
    static const int kics[] = {SPAPR_KERNEL_IRQCHIP_ALLOWED,
                               SPAPR_KERNEL_IRQCHIP_ON,
                               SPAPR_KERNEL_IRQCHIP_OFF};
    static const int compats[] = {SPAPR_CPU_POWER8, SPAPR_CPU_POWER9};
    static const int guests[] = {GUEST_LINUX, GUEST_LINUX_XIVE_OFF,
                                 GUEST_LEGACY};
    int m = index_of(modes, 3, (int)c->mode);
    int k = index_of(kics, 3, (int)c->kic);
    int p = index_of(compats, 2, (int)c->compat);
    int g = index_of(guests, 3, (int)c->guest);

    if (m < 0 || k < 0 || p < 0 || g < 0) {
        return -1;
    }
    return (((m * 3 + k) * 2 + p) * 3 + g) * 2 + (c->secure ? 1 : 0);
}

/* Our own spelling of the values, for messages. */
static const char *mode_str(int v)
{
    switch (v) {
    case SPAPR_IC_MODE_XICS:
        return "xics";
    case SPAPR_IC_MODE_XIVE:
        return "xive";
    case SPAPR_IC_MODE_DUAL:
        return "dual";
    }
    return "?";
}

static const char *kic_str(int v)
{
    switch (v) {
    case SPAPR_KERNEL_IRQCHIP_ALLOWED:
        return "allowed";
    case SPAPR_KERNEL_IRQCHIP_ON:
        return "on";
    case SPAPR_KERNEL_IRQCHIP_OFF:
        return "off";
    case SPAPR_KERNEL_IRQCHIP_SPLIT:
        return "split";
    }
    return "?";
}

static const char *cpu_str(int v)
{
    switch (v) {
    case SPAPR_CPU_NONE:
        return "none";
    case SPAPR_CPU_POWER8:
        return "power8";
    case SPAPR_CPU_POWER9:
        return "power9";
    case SPAPR_CPU_POWER10:
        return "power10";
    }
    return "?";
}

static const char *guest_str(int v)
{
    switch (v) {
    case GUEST_LINUX:
        return "linux";
    case GUEST_LINUX_XIVE_OFF:
        return "linux,xive=off";
    case GUEST_LEGACY:
        return "legacy";
    }
    return "?";
}

/* The guest as it appears in a test path (no ',' or '='). */
static const char *guest_path(int v)
{
    switch (v) {
    case GUEST_LINUX:
        return "linux";
    case GUEST_LINUX_XIVE_OFF:
        return "linux-xive-off";
    case GUEST_LEGACY:
        return "legacy";
    }
    return "unknown";
}

static const char *kind_str(int v)
{
    switch (v) {
    case SPAPR_INTC_XICS:
        return "XICS";
    case SPAPR_INTC_XIVE:
        return "XIVE";
    }
    return "?";
}

static const char *impl_str(int v)
{
    switch (v) {
    case SPAPR_INTC_IMPL_KVM:
        return "kvm";
    case SPAPR_INTC_IMPL_EMULATED:
        return "emulated";
    }
    return "?";
}

/* ------------------------------------------------------------------ */
/* The oracle                                                          */
/* ------------------------------------------------------------------ */

/* A cell reduced to booleans. */
typedef struct Situation {
    bool kvm;                             /* accelerator is KVM */
    bool h_xics, h_xive, h_release;       /* in-kernel devices of the host */
    bool h_secure;                        /* host runs secure guests */
    bool h_pages4k;                       /* XIVE device cannot map TIMA */
    bool secure;                          /* the machine has a pef-guest */
    bool on, off, allowed;                /* kernel-irqchip */
    bool want_xics, want_xive, want_dual; /* ic-mode */
    bool isa3;                            /* min(-cpu, compat) >= POWER9 */
    bool compat_above_cpu;                /* max-cpu-compat newer than -cpu */
    bool linux_guest;                     /* Linux's CAS rule (not legacy) */
    bool xive_off;                        /* ... booted with xive=off */
    /* filled from the offer table once the rules up to 5 pass */
    bool has_xics, has_xive;
    bool offered_dual;
} Situation;

typedef struct Offer {
    bool valid;
    SpaprIcMode offered;
    uint8_t byte23;
    bool xics, xive;
    SpaprIntcKind start;
} Offer;

/* [ic-mode][ISA >= 3.00]: the "Offer" table of the spec. */
static const Offer offer_table[3][2] = {
    [SPAPR_IC_MODE_XICS] =
        {
            [0] = {true, SPAPR_IC_MODE_XICS, 0x00, true, false,
                   SPAPR_INTC_XICS},
            [1] = {true, SPAPR_IC_MODE_XICS, 0x00, true, false,
                   SPAPR_INTC_XICS},
        },
    [SPAPR_IC_MODE_XIVE] =
        {
            [0] = {false, 0, 0, false, false, 0}, /* refused by rule 5 */
            [1] = {true, SPAPR_IC_MODE_XIVE, 0x40, false, true,
                   SPAPR_INTC_XIVE},
        },
    [SPAPR_IC_MODE_DUAL] =
        {
            [0] = {true, SPAPR_IC_MODE_XICS, 0x00, true, false,
                   SPAPR_INTC_XICS},
            [1] = {true, SPAPR_IC_MODE_DUAL, 0x80, true, true, SPAPR_INTC_XICS},
        },
};

/*
 * Start rules that can be hit by a matrix cell (-smp 1, default vsmt,
 * -cpu = the host's generation, no split): rule 1 (topology), rule 2 (CPU
 * newer than the host), rule 3 (split) and rule 7 (threads, vsmt) cannot
 * fail there.  Rules 8 and 9 depend on the offer, which is known once the
 * rules before them passed.
 */
static bool r4_pef_without_kvm(const Situation *s)
{
    return s->secure && !s->kvm;
}

static bool r4_host_without_svm(const Situation *s)
{
    return s->secure && s->kvm && !s->h_secure;
}

static bool r5_xive_below_isa3(const Situation *s)
{
    return s->want_xive && !s->isa3;
}

static bool r6_compat_above_cpu(const Situation *s)
{
    return s->compat_above_cpu;
}

static bool r8_dual_on_no_release(const Situation *s)
{
    return s->kvm && s->on && s->offered_dual && s->h_xics && !s->h_release;
}

static bool r9_on_xics(const Situation *s)
{
    return s->kvm && s->on && s->has_xics && !s->h_xics;
}

static bool r9_on_xive_secure(const Situation *s)
{
    return s->kvm && s->on && s->has_xive && s->secure;
}

static bool r9_on_xive(const Situation *s)
{
    return s->kvm && s->on && s->has_xive && !s->h_xive;
}

static bool r9_on_xive_pages(const Situation *s)
{
    return s->kvm && s->on && s->has_xive && s->h_pages4k;
}

typedef struct StartRule {
    bool (*fails)(const Situation *s);
    const char *message;
} StartRule;

static const StartRule start_rules[] = {
    {r4_pef_without_kvm, MSG_PEF_NEEDS_KVM},
    {r4_host_without_svm, MSG_NO_SECURE_VMS},
    {r5_xive_below_isa3, MSG_XIVE_NEEDS_P9},
    {r6_compat_above_cpu, MSG_COMPAT_POWER9},
    {r8_dual_on_no_release, MSG_DUAL_ON},
    {r9_on_xics, MSG_ON_XICS},
    {r9_on_xive_secure, MSG_ON_XIVE_SECURE},
    {r9_on_xive, MSG_ON_XIVE},
    {r9_on_xive_pages, MSG_ON_XIVE_PAGES},
};

/*
 * Implementation of @kind when it is activated, and its warning (NULL if
 * none).  One place decides "why not in the kernel": the reason is the one
 * rule 9 would give, tried in rule 9's order (secure before the cap).
 */
static SpaprIntcImpl activate(const Situation *s, SpaprIntcKind kind,
                              const char **warning)
{
    const char *fallback = NULL; /* warning if KVM cannot serve @kind */

    if (kind == SPAPR_INTC_XICS) {
        fallback = s->h_xics ? NULL : WARN_FALLBACK_XICS;
    } else if (s->secure) {
        fallback = WARN_FALLBACK_SECURE;
    } else {
        fallback = !s->h_xive     ? WARN_FALLBACK_XIVE
                   : s->h_pages4k ? WARN_FALLBACK_PAGES
                                  : NULL;
    }

    *warning = NULL;
    if (!s->kvm || s->off) {
        return SPAPR_INTC_IMPL_EMULATED;
    }
    if (!fallback) {
        return SPAPR_INTC_IMPL_KVM;
    }
    /* Under "on" rule 9 refused the machine already. */
    g_assert(s->allowed);
    *warning = fallback;
    return SPAPR_INTC_IMPL_EMULATED;
}

static void add_warning(Expect *e, const char *w)
{
    size_t n = 0;

    if (!w) {
        return;
    }
    while (e->warnings[n]) {
        n++;
    }
    g_assert(n < MAX_WARNINGS);
    e->warnings[n] = w;
}

static void oracle(const HostRow *h, const Coord *c, Expect *e)
{
    int cpu = h->gen; /* -cpu: the host's default */
    int isa = MIN(cpu, (int)c->compat);
    Situation s = {
        .kvm = h->kvm,
        .h_xics = h->xics,
        .h_xive = h->xive,
        .h_release = h->release,
        .h_secure = h->secure,
        .h_pages4k = h->pages4k,
        .secure = c->secure,
        .on = c->kic == SPAPR_KERNEL_IRQCHIP_ON,
        .off = c->kic == SPAPR_KERNEL_IRQCHIP_OFF,
        .allowed = c->kic == SPAPR_KERNEL_IRQCHIP_ALLOWED,
        .want_xics = c->mode == SPAPR_IC_MODE_XICS,
        .want_xive = c->mode == SPAPR_IC_MODE_XIVE,
        .want_dual = c->mode == SPAPR_IC_MODE_DUAL,
        .isa3 = isa >= SPAPR_CPU_POWER9,
        .compat_above_cpu = (int)c->compat > cpu,
        .linux_guest =
            c->guest == GUEST_LINUX || c->guest == GUEST_LINUX_XIVE_OFF,
        .xive_off = c->guest == GUEST_LINUX_XIVE_OFF,
    };
    const Offer *o = &offer_table[c->mode][s.isa3 ? 1 : 0];
    const char *w;
    uint8_t ask;

    memset(e, 0, sizeof(*e));
    s.has_xics = o->xics;
    s.has_xive = o->xive;
    s.offered_dual = o->valid && o->offered == SPAPR_IC_MODE_DUAL;

    for (size_t i = 0; i < G_N_ELEMENTS(start_rules); i++) {
        if (start_rules[i].fails(&s)) {
            e->start_error = start_rules[i].message;
            return;
        }
    }
    g_assert(o->valid);

    e->offered = o->offered;
    e->byte23 = o->byte23;
    e->start_active = o->start;
    if (!s.kvm && s.on) {
        add_warning(e, WARN_TCG_ON);
    }
    e->start_impl = activate(&s, o->start, &w);
    add_warning(e, w);

    /*
     * CAS: what the guest asks for (facts section 8).  A legacy guest
     * always asks for XICS.  Linux asks for XICS when only XICS is offered
     * (0x00) and for XIVE when only XIVE is (0x40), xive=off or not (it
     * ignores the option then); offered both (0x80), it asks for XIVE
     * unless booted with xive=off.
     */
    if (!s.linux_guest || o->byte23 == 0x00) {
        ask = 0x00;
    } else if (o->byte23 == 0x40) {
        ask = 0x40;
    } else {
        ask = s.xive_off ? 0x00 : 0x40;
    }
    if (ask & 0x80) {
        e->cas_error = MSG_CAS_INVALID;
    } else if ((ask & 0x40) && !o->xive) {
        e->cas_error = MSG_CAS_NO_XIVE;
    } else if (!(ask & 0x40) && !o->xics) {
        e->cas_error = MSG_CAS_NO_XICS;
    }
    if (e->cas_error) {
        return;
    }
    e->cas_active = (ask & 0x40) ? SPAPR_INTC_XIVE : SPAPR_INTC_XICS;
    if (e->cas_active == e->start_active) {
        e->cas_impl = e->start_impl;
    } else {
        e->cas_impl = activate(&s, e->cas_active, &w);
        add_warning(e, w);
    }
}

/* ------------------------------------------------------------------ */
/* Comparing a cell                                                    */
/* ------------------------------------------------------------------ */

typedef struct Checker {
    const char *host;
    Coord c;
    unsigned mismatches;
} Checker;

static void mismatch(Checker *ck, const char *field, const char *expected,
                     const char *actual)
{
    ck->mismatches++;
    g_test_message("MISMATCH host=%s ic-mode=%s kernel-irqchip=%s "
                   "compat=%s guest=%s secure=%s: %s: expected %s, got %s",
                   ck->host, mode_str(ck->c.mode), kic_str(ck->c.kic),
                   cpu_str(ck->c.compat), guest_str(ck->c.guest),
                   ck->c.secure ? "yes" : "no", field, expected, actual);
}

static char *quoted(const char *s)
{
    return s ? g_strdup_printf("\"%s\"", s) : g_strdup("NULL");
}

static void check_str(Checker *ck, const char *field, const char *expected,
                      const char *actual)
{
    if (g_strcmp0(expected, actual) != 0) {
        g_autofree char *e = quoted(expected);
        g_autofree char *a = quoted(actual);

        mismatch(ck, field, e, a);
    }
}

static void check_bool(Checker *ck, const char *field, bool expected,
                       bool actual)
{
    if (expected != actual) {
        mismatch(ck, field, expected ? "true" : "false",
                 actual ? "true" : "false");
    }
}

static void check_name(Checker *ck, const char *field, int expected, int actual,
                       const char *(*name)(int))
{
    if (expected != actual) {
        g_autofree char *e =
            g_strdup_printf("%s (%d)", name(expected), expected);
        g_autofree char *a = g_strdup_printf("%s (%d)", name(actual), actual);

        mismatch(ck, field, e, a);
    }
}

static char *join_warnings(const char *const *w, guint n)
{
    GString *s = g_string_new("[");

    for (guint i = 0; i < n; i++) {
        g_string_append_printf(s, "%s\"%s\"", i ? ", " : "", w[i]);
    }
    g_string_append_c(s, ']');
    return g_string_free(s, FALSE);
}

static void check_warnings(Checker *ck, const Expect *e, const MatrixCell *cell)
{
    guint n_exp = 0;
    guint n_act = cell->warnings ? cell->warnings->len : 0;
    const char *const *act =
        n_act ? (const char *const *)cell->warnings->pdata : NULL;
    bool same;

    while (e->warnings[n_exp]) {
        n_exp++;
    }
    same = n_exp == n_act;
    for (guint i = 0; same && i < n_exp; i++) {
        same = g_strcmp0(e->warnings[i], act[i]) == 0;
    }
    if (!same) {
        g_autofree char *es = join_warnings(e->warnings, n_exp);
        g_autofree char *as = join_warnings(act, n_act);

        mismatch(ck, "warnings", es, as);
    }
}

static void check_cell(Checker *ck, const Expect *e, const MatrixCell *cell)
{
    check_bool(ck, "start_ok", e->start_error == NULL, cell->start_ok);
    check_str(ck, "start_error", e->start_error, cell->start_error);
    if (e->start_error) {
        /* The other fields are not meaningful, but CAS cannot happen. */
        check_bool(ck, "cas_ok", false, cell->cas_ok);
        check_str(ck, "cas_error", NULL, cell->cas_error);
        return;
    }
    if (!cell->start_ok) {
        return; /* already reported; the rest would only repeat it */
    }
    check_name(ck, "offered", e->offered, cell->offered, mode_str);
    if (e->byte23 != cell->platform_byte23) {
        g_autofree char *ex = g_strdup_printf("0x%02x", e->byte23);
        g_autofree char *ac = g_strdup_printf("0x%02x", cell->platform_byte23);

        mismatch(ck, "platform_byte23", ex, ac);
    }
    check_name(ck, "start_active", e->start_active, cell->start_active,
               kind_str);
    check_name(ck, "start_impl", e->start_impl, cell->start_impl, impl_str);
    check_bool(ck, "cas_ok", e->cas_error == NULL, cell->cas_ok);
    check_str(ck, "cas_error", e->cas_error, cell->cas_error);
    if (!e->cas_error && cell->cas_ok) {
        check_name(ck, "cas_active", e->cas_active, cell->cas_active, kind_str);
        check_name(ck, "cas_impl", e->cas_impl, cell->cas_impl, impl_str);
    }
    check_warnings(ck, e, cell);
}

static Coord cell_coord(const MatrixCell *cell)
{
    Coord c = {
        .mode = cell->ic_mode,
        .kic = cell->kernel_irqchip,
        .compat = cell->compat,
        .guest = cell->guest,
        .secure = cell->secure,
    };
    return c;
}

/* ------------------------------------------------------------------ */
/* Computing a host's matrix through the library                      */
/* ------------------------------------------------------------------ */

static GPtrArray *compute_matrix(const char *host)
{
    SpaprHostCaps caps;
    GPtrArray *cells;

    memset(&caps, 0, sizeof(caps));
    if (strcmp(host, "tcg") == 0) {
        spapr_host_caps_tcg(&caps);
        cells = matrix_compute(&caps, SPAPR_ACCEL_TCG, NULL);
    } else {
        const SpaprHostProfile *p = spapr_host_profile_find(host);

        if (!p) {
            g_test_message("host %s: no such kvm-sim profile", host);
        }
        g_assert_nonnull(p);
        spapr_host_caps_from_profile(p, &caps);
        cells = matrix_compute(&caps, SPAPR_ACCEL_KVM_SIM, p->name);
    }
    g_assert_nonnull(cells);
    return cells;
}

static const MatrixCell *find_cell(GPtrArray *cells, const Coord *c)
{
    const MatrixCell *found = NULL;

    for (guint i = 0; i < cells->len; i++) {
        const MatrixCell *cell = g_ptr_array_index(cells, i);
        Coord cc = cell_coord(cell);

        if (coord_index(&cc) >= 0 && coord_index(&cc) == coord_index(c)) {
            g_assert_null(found);
            found = cell;
        }
    }
    return found;
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */
/* ------------------------------------------------------------------ */

static void test_profile_names(void)
{
    size_t n = 0;
    const SpaprHostProfile *p = spapr_host_profiles(&n);

    g_assert_nonnull(p);
    g_assert_cmpuint(n, ==, N_PROFILES);
    for (size_t i = 0; i < n; i++) {
        g_assert_nonnull(p[i].name);
        g_assert_cmpstr(p[i].name, ==, host_rows[i].name);
        g_assert_true(spapr_host_profile_find(host_rows[i].name) == &p[i]);
    }
}

/* The caps the library derives agree with the hand-written table (a check
 * of the library's data; the oracle does not use these caps). */
static void test_host_caps(void)
{
    for (size_t i = 0; i < N_HOSTS; i++) {
        const HostRow *h = &host_rows[i];
        SpaprHostCaps caps;

        memset(&caps, 0, sizeof(caps));
        if (!h->kvm) {
            spapr_host_caps_tcg(&caps);
            /* policy.md: the host CPU of tcg is "none" */
            g_assert_cmpint(caps.cpu, ==, SPAPR_CPU_NONE);
        } else {
            const SpaprHostProfile *p = spapr_host_profile_find(h->name);

            g_assert_nonnull(p);
            spapr_host_caps_from_profile(p, &caps);
            g_assert_cmpint(caps.cpu, ==, h->gen);
        }
        g_test_message("caps of %s", h->name);
        g_assert_cmpint(caps.kvm, ==, h->kvm);
        g_assert_cmpint(caps.xics, ==, h->xics);
        g_assert_cmpint(caps.xive, ==, h->xive);
        g_assert_cmpint(caps.release, ==, h->release);
        g_assert_cmpint(caps.nr_servers, ==, h->nr_servers);
        g_assert_cmpint(caps.secure, ==, h->secure);
        g_assert_cmpint(caps.page_size != 0 && caps.page_size < 0x10000, ==,
                        h->pages4k);
    }
}

/* The oracle's own enumeration has the 108 combinations, once each. */
static void test_oracle_coords(void)
{
    bool seen[N_CELLS] = {false};
    unsigned n = 0;

    for (size_t m = 0; m < G_N_ELEMENTS(all_modes); m++) {
        for (size_t k = 0; k < G_N_ELEMENTS(all_kics); k++) {
            for (size_t p = 0; p < G_N_ELEMENTS(all_compats); p++) {
                for (size_t g = 0; g < G_N_ELEMENTS(all_guests); g++) {
                    for (int sec = 0; sec < 2; sec++) {
                        Coord c = {all_modes[m], all_kics[k], all_compats[p],
                                   all_guests[g], sec != 0};
                        int idx = coord_index(&c);

                        g_assert_cmpint(idx, >=, 0);
                        g_assert_cmpint(idx, <, N_CELLS);
                        g_assert_false(seen[idx]);
                        seen[idx] = true;
                        n++;
                    }
                }
            }
        }
    }
    g_assert_cmpuint(n, ==, N_CELLS);
}

static void test_host_matrix(gconstpointer data)
{
    const HostRow *h = data;
    GPtrArray *cells = compute_matrix(h->name);
    unsigned seen[N_CELLS] = {0};
    unsigned mismatches = 0;

    if (cells->len != N_CELLS) {
        g_test_message("host %s: %u cells, expected %d", h->name, cells->len,
                       N_CELLS);
        mismatches++;
    }
    for (guint i = 0; i < cells->len; i++) {
        const MatrixCell *cell = g_ptr_array_index(cells, i);
        Checker ck = {.host = h->name};
        Expect e;
        int idx;

        g_assert_nonnull(cell);
        ck.c = cell_coord(cell);
        idx = coord_index(&ck.c);
        if (idx < 0) {
            g_test_message("host %s: cell %u has coordinates outside the "
                           "matrix: ic-mode=%d kernel-irqchip=%d compat=%d "
                           "guest=%d",
                           h->name, i, (int)ck.c.mode, (int)ck.c.kic,
                           (int)ck.c.compat, (int)ck.c.guest);
            mismatches++;
            continue;
        }
        if (seen[idx]++) {
            mismatch(&ck, "combination", "once", "repeated");
        }
        if (!cell->host || !strstr(cell->host, h->name)) {
            mismatch(&ck, "host", h->name, cell->host ? cell->host : "NULL");
        }
        oracle(h, &ck.c, &e);
        check_cell(&ck, &e, cell);
        mismatches += ck.mismatches;
    }
    for (int idx = 0; idx < N_CELLS; idx++) {
        if (!seen[idx]) {
            g_test_message("host %s: combination #%d is missing", h->name, idx);
            mismatches++;
        }
    }
    g_ptr_array_unref(cells);
    if (mismatches) {
        g_test_message("host %s: %u mismatches", h->name, mismatches);
        g_test_fail();
    }
}

/* ------------------------------------------------------------------ */
/* Literal spot checks                                                 */
/* ------------------------------------------------------------------ */

typedef struct Spot {
    const char *host;
    Coord c;
    Expect e;
} Spot;

#define XICS_M  SPAPR_IC_MODE_XICS
#define XIVE_M  SPAPR_IC_MODE_XIVE
#define DUAL_M  SPAPR_IC_MODE_DUAL
#define ALLOWED SPAPR_KERNEL_IRQCHIP_ALLOWED
#define ON      SPAPR_KERNEL_IRQCHIP_ON
#define OFF     SPAPR_KERNEL_IRQCHIP_OFF
#define P8      SPAPR_CPU_POWER8
#define P9      SPAPR_CPU_POWER9
#define LINUX   GUEST_LINUX
#define XOFF    GUEST_LINUX_XIVE_OFF
#define LEGACY  GUEST_LEGACY
#define XICS    SPAPR_INTC_XICS
#define XIVE    SPAPR_INTC_XIVE
#define KVM     SPAPR_INTC_IMPL_KVM
#define EMU     SPAPR_INTC_IMPL_EMULATED
#define SEC     true
#define NOSEC   false

/* A machine that does not start. */
#define REFUSED(h, m, k, p, g, sec, msg)                                       \
    {                                                                          \
        h, {m, k, p, g, sec},                                                  \
        {                                                                      \
            .start_error = msg                                                 \
        }                                                                      \
    }
/* A machine that starts; CAS succeeds; up to two warnings. */
#define RUNS(h, m, k, p, g, sec, off, byte, sa, si, ca, ci, ...)               \
    {                                                                          \
        h, {m, k, p, g, sec},                                                  \
        {                                                                      \
            .offered = off, .byte23 = byte, .start_active = sa,                \
            .start_impl = si, .cas_active = ca, .cas_impl = ci,                \
            .warnings = {__VA_ARGS__},                                         \
        }                                                                      \
    }
/* A machine that starts and whose guest is refused at CAS. */
#define CAS_FAILS(h, m, k, p, g, sec, off, byte, sa, si, msg, ...)             \
    {                                                                          \
        h, {m, k, p, g, sec},                                                  \
        {                                                                      \
            .offered = off, .byte23 = byte, .start_active = sa,                \
            .start_impl = si, .cas_error = msg, .warnings = {__VA_ARGS__},     \
        }                                                                      \
    }

static const Spot spots[] = {
    /* Rule 8: old kernel without release, dual offered as dual. */
    REFUSED("power9-4.19", DUAL_M, ON, P9, LINUX, NOSEC, MSG_DUAL_ON),
    REFUSED("power9-4.19", DUAL_M, ON, P9, LEGACY, NOSEC, MSG_DUAL_ON),
    /* ... dual offered as xics (compat power8) passes rule 8. */
    RUNS("power9-4.19", DUAL_M, ON, P8, LINUX, NOSEC, XICS_M, 0x00, XICS, KVM,
         XICS, KVM, NULL),
    RUNS("power8-4.19", DUAL_M, ON, P8, LINUX, NOSEC, XICS_M, 0x00, XICS, KVM,
         XICS, KVM, NULL),
    RUNS("power9-4.19", DUAL_M, ALLOWED, P9, LINUX, NOSEC, DUAL_M, 0x80, XICS,
         KVM, XIVE, EMU, WARN_FALLBACK_XIVE),
    /* Rule 5 */
    REFUSED("tcg", XIVE_M, ALLOWED, P8, LINUX, NOSEC, MSG_XIVE_NEEDS_P9),
    REFUSED("tcg", XIVE_M, ON, P8, LEGACY, NOSEC, MSG_XIVE_NEEDS_P9),
    REFUSED("power10-6.1", XIVE_M, OFF, P8, LINUX, NOSEC, MSG_XIVE_NEEDS_P9),
    /* Rule 5 before rule 6 on POWER8 hosts with compat power9. */
    REFUSED("power8-4.19", XICS_M, ALLOWED, P9, LINUX, NOSEC,
            MSG_COMPAT_POWER9),
    REFUSED("power8-4.19", DUAL_M, ALLOWED, P9, LINUX, NOSEC,
            MSG_COMPAT_POWER9),
    REFUSED("power8-4.19", XIVE_M, ALLOWED, P9, LINUX, NOSEC,
            MSG_XIVE_NEEDS_P9),
    REFUSED("power8-5.10", XICS_M, OFF, P9, LEGACY, NOSEC, MSG_COMPAT_POWER9),
    REFUSED("power8-5.10", DUAL_M, ON, P9, LINUX, NOSEC, MSG_COMPAT_POWER9),
    REFUSED("power8-5.10", XIVE_M, ON, P9, LINUX, NOSEC, MSG_XIVE_NEEDS_P9),
    RUNS("power8-5.10", DUAL_M, ON, P8, LINUX, NOSEC, XICS_M, 0x00, XICS, KVM,
         XICS, KVM, NULL),
    /* Rule 4 */
    REFUSED("tcg", XICS_M, ALLOWED, P9, LINUX, SEC, MSG_PEF_NEEDS_KVM),
    REFUSED("tcg", DUAL_M, OFF, P8, LEGACY, SEC, MSG_PEF_NEEDS_KVM),
    REFUSED("tcg", XIVE_M, ON, P8, LINUX, SEC, MSG_PEF_NEEDS_KVM),
    REFUSED("power9-6.1", DUAL_M, ALLOWED, P9, LINUX, SEC, MSG_NO_SECURE_VMS),
    REFUSED("power8-4.19", XIVE_M, ALLOWED, P9, LINUX, SEC, MSG_NO_SECURE_VMS),
    REFUSED("power9-4.19", DUAL_M, ON, P9, LINUX, SEC, MSG_NO_SECURE_VMS),
    /* Secure guests on the ultravisor host. */
    RUNS("power9-6.1-uv", DUAL_M, ALLOWED, P9, LINUX, SEC, DUAL_M, 0x80, XICS,
         KVM, XIVE, EMU, WARN_FALLBACK_SECURE),
    RUNS("power9-6.1-uv", DUAL_M, ALLOWED, P9, LEGACY, SEC, DUAL_M, 0x80, XICS,
         KVM, XICS, KVM, NULL),
    REFUSED("power9-6.1-uv", DUAL_M, ON, P9, LINUX, SEC, MSG_ON_XIVE_SECURE),
    REFUSED("power9-6.1-uv", XIVE_M, ON, P9, LEGACY, SEC, MSG_ON_XIVE_SECURE),
    RUNS("power9-6.1-uv", XIVE_M, ALLOWED, P9, LINUX, SEC, XIVE_M, 0x40, XIVE,
         EMU, XIVE, EMU, WARN_FALLBACK_SECURE),
    RUNS("power9-6.1-uv", XICS_M, ON, P9, LINUX, SEC, XICS_M, 0x00, XICS, KVM,
         XICS, KVM, NULL),
    RUNS("power9-6.1-uv", DUAL_M, OFF, P9, LINUX, SEC, DUAL_M, 0x80, XICS, EMU,
         XIVE, EMU, NULL),
    RUNS("power9-6.1-uv", DUAL_M, ON, P8, LINUX, SEC, XICS_M, 0x00, XICS, KVM,
         XICS, KVM, NULL),
    RUNS("power9-6.1-uv", DUAL_M, ON, P9, LINUX, NOSEC, DUAL_M, 0x80, XICS, KVM,
         XIVE, KVM, NULL),
    /* Rule 9 */
    REFUSED("nested-5.10", DUAL_M, ON, P9, LINUX, NOSEC, MSG_ON_XIVE),
    REFUSED("nested-5.10", XIVE_M, ON, P9, LEGACY, NOSEC, MSG_ON_XIVE),
    RUNS("nested-5.10", DUAL_M, ALLOWED, P9, LINUX, NOSEC, DUAL_M, 0x80, XICS,
         KVM, XIVE, EMU, WARN_FALLBACK_XIVE),
    RUNS("nested-5.10", DUAL_M, ON, P8, LINUX, NOSEC, XICS_M, 0x00, XICS, KVM,
         XICS, KVM, NULL),
    /* A 4 KiB-page host: its XIVE device cannot map the TIMA. */
    REFUSED("power9-6.1-4k", XIVE_M, ON, P9, LINUX, NOSEC, MSG_ON_XIVE_PAGES),
    REFUSED("power9-6.1-4k", DUAL_M, ON, P9, LEGACY, NOSEC, MSG_ON_XIVE_PAGES),
    RUNS("power9-6.1-4k", XIVE_M, ALLOWED, P9, LINUX, NOSEC, XIVE_M, 0x40, XIVE,
         EMU, XIVE, EMU, WARN_FALLBACK_PAGES),
    RUNS("power9-6.1-4k", DUAL_M, ALLOWED, P9, LINUX, NOSEC, DUAL_M, 0x80, XICS,
         KVM, XIVE, EMU, WARN_FALLBACK_PAGES),
    RUNS("power9-6.1-4k", XICS_M, ON, P9, LINUX, NOSEC, XICS_M, 0x00, XICS, KVM,
         XICS, KVM, NULL),
    REFUSED("none", XICS_M, ON, P9, LINUX, NOSEC, MSG_ON_XICS),
    REFUSED("none", DUAL_M, ON, P9, LINUX, NOSEC, MSG_ON_XICS),
    REFUSED("none", XIVE_M, ON, P9, LINUX, NOSEC, MSG_ON_XIVE),
    RUNS("none", DUAL_M, ALLOWED, P9, LINUX, NOSEC, DUAL_M, 0x80, XICS, EMU,
         XIVE, EMU, WARN_FALLBACK_XICS, WARN_FALLBACK_XIVE),
    RUNS("none", DUAL_M, ALLOWED, P9, LEGACY, NOSEC, DUAL_M, 0x80, XICS, EMU,
         XICS, EMU, WARN_FALLBACK_XICS),
    RUNS("none", XIVE_M, OFF, P9, LINUX, NOSEC, XIVE_M, 0x40, XIVE, EMU, XIVE,
         EMU, NULL),
    RUNS("power9-5.2", DUAL_M, ON, P9, LINUX, NOSEC, DUAL_M, 0x80, XICS, KVM,
         XIVE, KVM, NULL),
    RUNS("power10-6.1", DUAL_M, ALLOWED, P8, LINUX, NOSEC, XICS_M, 0x00, XICS,
         KVM, XICS, KVM, NULL),
    RUNS("power10-6.1", XIVE_M, ALLOWED, P9, LINUX, NOSEC, XIVE_M, 0x40, XIVE,
         KVM, XIVE, KVM, NULL),
    /* CAS refusals */
    CAS_FAILS("tcg", XIVE_M, OFF, P9, LEGACY, NOSEC, XIVE_M, 0x40, XIVE, EMU,
              MSG_CAS_NO_XICS, NULL),
    CAS_FAILS("nested-5.10", XIVE_M, ALLOWED, P9, LEGACY, NOSEC, XIVE_M, 0x40,
              XIVE, EMU, MSG_CAS_NO_XICS, WARN_FALLBACK_XIVE),
    /* TCG */
    RUNS("tcg", XICS_M, ON, P9, LINUX, NOSEC, XICS_M, 0x00, XICS, EMU, XICS,
         EMU, WARN_TCG_ON),
    RUNS("tcg", DUAL_M, ON, P9, LINUX, NOSEC, DUAL_M, 0x80, XICS, EMU, XIVE,
         EMU, WARN_TCG_ON),
    RUNS("tcg", DUAL_M, ALLOWED, P9, LINUX, NOSEC, DUAL_M, 0x80, XICS, EMU,
         XIVE, EMU, NULL),
    RUNS("tcg", DUAL_M, ALLOWED, P9, LEGACY, NOSEC, DUAL_M, 0x80, XICS, EMU,
         XICS, EMU, NULL),
    RUNS("tcg", DUAL_M, OFF, P8, LINUX, NOSEC, XICS_M, 0x00, XICS, EMU, XICS,
         EMU, NULL),
    CAS_FAILS("tcg", XIVE_M, ON, P9, LEGACY, NOSEC, XIVE_M, 0x40, XIVE, EMU,
              MSG_CAS_NO_XICS, WARN_TCG_ON),
    /* The facts' result table (section 3): POWER9, Linux >= 5.2. */
    RUNS("power9-6.1", DUAL_M, ALLOWED, P9, LINUX, NOSEC, DUAL_M, 0x80, XICS,
         KVM, XIVE, KVM, NULL),
    RUNS("power9-6.1", DUAL_M, OFF, P9, LINUX, NOSEC, DUAL_M, 0x80, XICS, EMU,
         XIVE, EMU, NULL),
    RUNS("power9-6.1", DUAL_M, ON, P9, LINUX, NOSEC, DUAL_M, 0x80, XICS, KVM,
         XIVE, KVM, NULL),
    RUNS("power9-6.1", XIVE_M, ALLOWED, P9, LINUX, NOSEC, XIVE_M, 0x40, XIVE,
         KVM, XIVE, KVM, NULL),
    RUNS("power9-6.1", XIVE_M, OFF, P9, LINUX, NOSEC, XIVE_M, 0x40, XIVE, EMU,
         XIVE, EMU, NULL),
    RUNS("power9-6.1", XIVE_M, ON, P9, LINUX, NOSEC, XIVE_M, 0x40, XIVE, KVM,
         XIVE, KVM, NULL),
    RUNS("power9-6.1", XICS_M, ALLOWED, P9, LINUX, NOSEC, XICS_M, 0x00, XICS,
         KVM, XICS, KVM, NULL),
    RUNS("power9-6.1", XICS_M, OFF, P9, LINUX, NOSEC, XICS_M, 0x00, XICS, EMU,
         XICS, EMU, NULL),
    RUNS("power9-6.1", XICS_M, ON, P9, LINUX, NOSEC, XICS_M, 0x00, XICS, KVM,
         XICS, KVM, NULL),
    RUNS("power9-6.1", DUAL_M, ALLOWED, P9, LEGACY, NOSEC, DUAL_M, 0x80, XICS,
         KVM, XICS, KVM, NULL),
    RUNS("power9-6.1", DUAL_M, OFF, P9, LEGACY, NOSEC, DUAL_M, 0x80, XICS, EMU,
         XICS, EMU, NULL),
    RUNS("power9-6.1", DUAL_M, ON, P9, LEGACY, NOSEC, DUAL_M, 0x80, XICS, KVM,
         XICS, KVM, NULL),
    RUNS("power9-6.1", XICS_M, ALLOWED, P9, LEGACY, NOSEC, XICS_M, 0x00, XICS,
         KVM, XICS, KVM, NULL),
    RUNS("power9-6.1", XICS_M, OFF, P9, LEGACY, NOSEC, XICS_M, 0x00, XICS, EMU,
         XICS, EMU, NULL),
    RUNS("power9-6.1", XICS_M, ON, P9, LEGACY, NOSEC, XICS_M, 0x00, XICS, KVM,
         XICS, KVM, NULL),
    CAS_FAILS("power9-6.1", XIVE_M, ALLOWED, P9, LEGACY, NOSEC, XIVE_M, 0x40,
              XIVE, KVM, MSG_CAS_NO_XICS, NULL),
    CAS_FAILS("power9-6.1", XIVE_M, OFF, P9, LEGACY, NOSEC, XIVE_M, 0x40, XIVE,
              EMU, MSG_CAS_NO_XICS, NULL),
    CAS_FAILS("power9-6.1", XIVE_M, ON, P9, LEGACY, NOSEC, XIVE_M, 0x40, XIVE,
              KVM, MSG_CAS_NO_XICS, NULL),
    /* Linux booted with xive=off: offered both, it keeps XICS ... */
    RUNS("power9-6.1", DUAL_M, ALLOWED, P9, XOFF, NOSEC, DUAL_M, 0x80, XICS,
         KVM, XICS, KVM, NULL),
    RUNS("power9-6.1", DUAL_M, OFF, P9, XOFF, NOSEC, DUAL_M, 0x80, XICS, EMU,
         XICS, EMU, NULL),
    RUNS("power9-6.1", DUAL_M, ON, P9, XOFF, NOSEC, DUAL_M, 0x80, XICS, KVM,
         XICS, KVM, NULL),
    RUNS("power9-6.1", DUAL_M, ALLOWED, P8, XOFF, NOSEC, XICS_M, 0x00, XICS,
         KVM, XICS, KVM, NULL),
    RUNS("power9-6.1", XICS_M, ALLOWED, P9, XOFF, NOSEC, XICS_M, 0x00, XICS,
         KVM, XICS, KVM, NULL),
    /* ... offered XIVE only, it ignores xive=off and takes XIVE ... */
    RUNS("power9-6.1", XIVE_M, ALLOWED, P9, XOFF, NOSEC, XIVE_M, 0x40, XIVE,
         KVM, XIVE, KVM, NULL),
    RUNS("power9-6.1", XIVE_M, ON, P9, XOFF, NOSEC, XIVE_M, 0x40, XIVE, KVM,
         XIVE, KVM, NULL),
    RUNS("nested-5.10", XIVE_M, ALLOWED, P9, XOFF, NOSEC, XIVE_M, 0x40, XIVE,
         EMU, XIVE, EMU, WARN_FALLBACK_XIVE),
    RUNS("tcg", XIVE_M, OFF, P9, XOFF, NOSEC, XIVE_M, 0x40, XIVE, EMU, XIVE,
         EMU, NULL),
    /* ... so no XIVE fallback warning where a Linux guest gets one ... */
    RUNS("power9-4.19", DUAL_M, ALLOWED, P9, XOFF, NOSEC, DUAL_M, 0x80, XICS,
         KVM, XICS, KVM, NULL),
    RUNS("none", DUAL_M, ALLOWED, P9, XOFF, NOSEC, DUAL_M, 0x80, XICS, EMU,
         XICS, EMU, WARN_FALLBACK_XICS),
    RUNS("power9-6.1-uv", DUAL_M, ALLOWED, P9, XOFF, SEC, DUAL_M, 0x80, XICS,
         KVM, XICS, KVM, NULL),
    /* ... and the start rules do not depend on the guest. */
    REFUSED("power9-4.19", DUAL_M, ON, P9, XOFF, NOSEC, MSG_DUAL_ON),
    REFUSED("power8-5.10", XIVE_M, ALLOWED, P9, XOFF, NOSEC, MSG_XIVE_NEEDS_P9),
};

/* The spot checks against the library. */
static void test_spot(gconstpointer data)
{
    const Spot *sp = data;
    GPtrArray *cells = compute_matrix(sp->host);
    const MatrixCell *cell = find_cell(cells, &sp->c);
    Checker ck = {.host = sp->host, .c = sp->c};

    if (!cell) {
        mismatch(&ck, "cell", "present", "missing");
    } else {
        check_cell(&ck, &sp->e, cell);
    }
    g_ptr_array_unref(cells);
    if (ck.mismatches) {
        g_test_fail();
    }
}

/* The same spot checks against the oracle, which keeps the oracle honest. */
static void test_oracle_spots(void)
{
    unsigned bad = 0;

    for (size_t i = 0; i < G_N_ELEMENTS(spots); i++) {
        const Spot *sp = &spots[i];
        Expect e;
        bool same;

        oracle(host_row(sp->host), &sp->c, &e);
        same = g_strcmp0(e.start_error, sp->e.start_error) == 0;
        if (same && !e.start_error) {
            same = e.offered == sp->e.offered && e.byte23 == sp->e.byte23 &&
                   e.start_active == sp->e.start_active &&
                   e.start_impl == sp->e.start_impl &&
                   g_strcmp0(e.cas_error, sp->e.cas_error) == 0;
            if (same && !e.cas_error) {
                same = e.cas_active == sp->e.cas_active &&
                       e.cas_impl == sp->e.cas_impl;
            }
            for (size_t w = 0; same && w <= MAX_WARNINGS; w++) {
                same = g_strcmp0(e.warnings[w], sp->e.warnings[w]) == 0;
            }
        }
        if (!same) {
            g_test_message("oracle disagrees with spot check #%zu (%s "
                           "ic-mode=%s kernel-irqchip=%s compat=%s guest=%s "
                           "secure=%d)",
                           i, sp->host, mode_str(sp->c.mode),
                           kic_str(sp->c.kic), cpu_str(sp->c.compat),
                           guest_str(sp->c.guest), sp->c.secure);
            bad++;
        }
    }
    g_assert_cmpuint(bad, ==, 0);
}

/* The library's guest model (facts section 8), with literal values. */
static const struct {
    GuestKind kind;
    const char *name;
    uint8_t asks[3]; /* offered 0x00, 0x40, 0x80 */
} guest_rows[] = {
    {GUEST_LINUX, "linux", {0x00, 0x40, 0x40}},
    {GUEST_LINUX_XIVE_OFF, "linux,xive=off", {0x00, 0x40, 0x00}},
    {GUEST_LEGACY, "legacy", {0x00, 0x00, 0x00}},
};

static void test_guest_cas_choice(void)
{
    static const uint8_t offered[3] = {0x00, 0x40, 0x80};

    for (size_t i = 0; i < G_N_ELEMENTS(guest_rows); i++) {
        for (size_t b = 0; b < G_N_ELEMENTS(offered); b++) {
            g_test_message("guest %s offered 0x%02x", guest_rows[i].name,
                           offered[b]);
            g_assert_cmphex(guest_cas_choice(guest_rows[i].kind, offered[b]),
                            ==, guest_rows[i].asks[b]);
        }
    }
}

static void test_guest_kind_names(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(guest_rows); i++) {
        g_assert_cmpstr(guest_kind_name(guest_rows[i].kind), ==,
                        guest_rows[i].name);
        g_assert_cmpstr(guest_str(guest_rows[i].kind), ==, guest_rows[i].name);
    }
    g_assert_cmpuint(G_N_ELEMENTS(guest_rows), ==, G_N_ELEMENTS(all_guests));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/policy/profiles/names", test_profile_names);
    g_test_add_func("/policy/profiles/caps", test_host_caps);
    g_test_add_func("/policy/guest/cas-choice", test_guest_cas_choice);
    g_test_add_func("/policy/guest/names", test_guest_kind_names);
    g_test_add_func("/policy/oracle/coordinates", test_oracle_coords);
    g_test_add_func("/policy/oracle/spots", test_oracle_spots);
    for (size_t i = 0; i < N_HOSTS; i++) {
        g_autofree char *path =
            g_strdup_printf("/policy/matrix/%s", host_rows[i].name);

        g_test_add_data_func(path, &host_rows[i], test_host_matrix);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(spots); i++) {
        const Spot *sp = &spots[i];
        g_autofree char *path = g_strdup_printf(
            "/policy/spot/%02zu-%s-%s-%s-%s-%s%s", i, sp->host,
            mode_str(sp->c.mode), kic_str(sp->c.kic), cpu_str(sp->c.compat),
            guest_path(sp->c.guest), sp->c.secure ? "-secure" : "");

        g_test_add_data_func(path, sp, test_spot);
    }
    return g_test_run();
}
