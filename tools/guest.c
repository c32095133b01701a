/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq tool: guest profiles (tools/guest.h, docs/specs/guests.md).
 * The XIVE half follows Linux's spapr XIVE driver, the XICS half its
 * hypervisor ICP and RTAS ICS code.
 */
#include <libfdt.h>
#include <stdarg.h>
#include <string.h>

#include "tools/guest.h"
#include "tools/vmm.h"
#include "tools/wire.h"

#define GUEST_FDT_SIZE  0x10000
#define GUEST_QSHIFT    16 /* 64 KiB queues: ibm,xive-eq-sizes = <16> */
#define GUEST_QBASE     UINT64_C(0x1000000)
#define GUEST_TIMA_OS   (SPAPR_XIVE_TIMA_BASE + 0x20000)
#define GUEST_TM_CPPR   0x11  /* OS ring CPPR byte */
#define GUEST_TM_ACK_OS 0x810 /* 2-byte load: NSR, CPPR */
#define GUEST_ESB_EOI   0x000 /* load on the EOI page: LSI EOI */
#define GUEST_ESB_PQ_00 0xc00
#define GUEST_ESB_PQ_01 0xd00
#define GUEST_XICS_IPI  2

/* What the guest learnt of one XIVE source (H_INT_GET_SOURCE_INFO). */
typedef struct GuestSource {
    uint64_t flags;
    uint64_t eoi_page;
    uint64_t trig_page;
} GuestSource;

typedef struct GuestCpu {
    uint32_t server;
    uint32_t ipi_lisn; /* XIVE */
    uint64_t qpage;    /* XIVE: the queue in guest RAM */
    uint32_t qidx;
    uint32_t toggle;
} GuestCpu;

struct Guest {
    GuestProfile p;
    SpaprIrq *irq;
    GuestRam *ram;
    void (*log)(void *opaque, const char *line);
    void *opaque;
    void (*handler)(void *opaque, uint32_t cpu, uint32_t source);
    void *handler_opaque;
    uint32_t ncpus;
    GuestCpu *cpu;
    SpaprIntcKind mode; /* what guest_setup() set up */
    bool set_up;
    GHashTable *sources; /* XIVE LISN -> GuestSource * */
};

static bool guest_fail(GError **errp, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static bool guest_fail(GError **errp, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    g_propagate_error(errp, g_error_new_valist(SPAPR_IRQ_ERROR,
                                               SPAPR_IRQ_ERROR_STATE, fmt, ap));
    va_end(ap);
    return false;
}

static void guest_log(Guest *g, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void guest_log(Guest *g, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *line = NULL;

    if (!g->log) {
        return;
    }
    va_start(ap, fmt);
    line = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g->log(g->opaque, line);
}

/* ---- kinds and profiles ---- */

uint8_t guest_cas_choice(GuestKind kind, uint8_t platform_byte23)
{
    bool xive_off = kind == GUEST_LINUX_XIVE_OFF;

    if (kind == GUEST_LEGACY) {
        return SPAPR_OV5_XICS;
    }
    switch (platform_byte23) {
    case SPAPR_OV5_XIVE:
        return SPAPR_OV5_XIVE; /* Linux warns: Ignoring xive=off */
    case SPAPR_OV5_BOTH:
        return xive_off ? SPAPR_OV5_XICS : SPAPR_OV5_XIVE;
    default:
        return SPAPR_OV5_XICS;
    }
}

const char *guest_kind_name(GuestKind kind)
{
    switch (kind) {
    case GUEST_LINUX:
        return "linux";
    case GUEST_LINUX_XIVE_OFF:
        return "linux,xive=off";
    case GUEST_LEGACY:
        break;
    }
    return "legacy";
}

/* The profiles -guest accepts, as guest_profile_parse() reads them. */
static const struct {
    GuestKind kind;
    const char *description;
} guest_kinds[] = {
    {GUEST_LINUX, "XIVE-capable Linux, Linux's CAS rule (default)"},
    {GUEST_LINUX_XIVE_OFF, "the same kernel booted with xive=off"},
    {GUEST_LEGACY, "a kernel older than XIVE: always asks for XICS"},
};

char *guest_profile_help(void)
{
    GString *out =
        g_string_new("Guest profiles (-guest " GUEST_PROFILE_SYNTAX "):\n");

    for (size_t i = 0; i < G_N_ELEMENTS(guest_kinds); i++) {
        g_string_append_printf(out, "  %-16s %s\n",
                               guest_kind_name(guest_kinds[i].kind),
                               guest_kinds[i].description);
    }
    g_string_append(out, "Each may add ,secure=on: the guest turns itself "
                         "into a secure VM (needs -machine "
                         "confidential-guest-support).\n");
    return g_string_free(out, FALSE);
}

bool guest_profile_parse(const char *text, GuestProfile *p, GError **errp)
{
    g_auto(GStrv) parts = g_strsplit(text ? text : "", ",", -1);
    bool xive_off = false;

    *p = (GuestProfile){0};
    if (g_strcmp0(parts[0], guest_kind_name(GUEST_LINUX)) == 0) {
        p->kind = GUEST_LINUX;
    } else if (g_strcmp0(parts[0], guest_kind_name(GUEST_LEGACY)) == 0) {
        p->kind = GUEST_LEGACY;
    } else {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION,
                    "Bad value for \"-guest\": \"%s\" (" GUEST_PROFILE_SYNTAX
                    ")",
                    text ? text : "");
        return false;
    }
    for (int i = 1; parts[i]; i++) {
        if (p->kind == GUEST_LINUX && g_str_equal(parts[i], "xive=off")) {
            xive_off = true;
        } else if (g_str_equal(parts[i], "secure=on")) {
            p->secure = true;
        } else if (!g_str_equal(parts[i], "secure=off")) {
            g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION,
                        "Bad value for \"-guest\": \"%s\" is not an option "
                        "of the %s profile",
                        parts[i], parts[0]);
            return false;
        }
    }
    if (xive_off) {
        p->kind = GUEST_LINUX_XIVE_OFF;
    }
    return true;
}

char *guest_profile_name(const GuestProfile *p)
{
    return g_strdup_printf("%s%s", guest_kind_name(p->kind),
                           p->secure ? ",secure=on" : "");
}

/* ---- creation ---- */

static void guest_source_free(gpointer data)
{
    g_free(data);
}

/* A secure profile needs a machine with confidential-guest-support. */
static bool guest_profile_fits(const GuestProfile *p, SpaprIrq *irq,
                               GError **errp)
{
    g_autofree char *name = NULL;

    if (!p->secure || spapr_irq_get_plan(irq)->secure) {
        return true;
    }
    name = guest_profile_name(p);
    g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION,
                "guest profile \"%s\" needs a machine with "
                "confidential-guest-support",
                name);
    return false;
}

Guest *guest_new(const GuestProfile *p, SpaprIrq *irq, GuestRam *ram,
                 void (*log)(void *opaque, const char *line), void *opaque,
                 GError **errp)
{
    const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);
    Guest *g;

    if (!guest_profile_fits(p, irq, errp)) {
        return NULL;
    }
    g = g_new0(Guest, 1);
    g->p = *p;
    g->irq = irq;
    g->ram = ram;
    g->log = log;
    g->opaque = opaque;
    g->ncpus = plan->topo.smp_cpus;
    g->cpu = g_new0(GuestCpu, g->ncpus);
    for (uint32_t i = 0; i < g->ncpus; i++) {
        g->cpu[i].server = spapr_irq_topology_vcpu_id(&plan->topo, i);
        /* Linux's IPI allocator hands out the first LISNs in CPU order. */
        g->cpu[i].ipi_lisn = i;
        g->cpu[i].qpage = GUEST_QBASE + ((uint64_t)i << GUEST_QSHIFT);
    }
    g->sources = g_hash_table_new_full(NULL, NULL, NULL, guest_source_free);
    return g;
}

void guest_free(Guest **gp)
{
    Guest *g = gp ? *gp : NULL;

    if (!g) {
        return;
    }
    g_hash_table_destroy(g->sources);
    g_free(g->cpu);
    g_free(g);
    *gp = NULL;
}

void guest_set_handler(Guest *g,
                       void (*handler)(void *opaque, uint32_t cpu,
                                       uint32_t source),
                       void *opaque)
{
    g->handler = handler;
    g->handler_opaque = opaque;
}

static void guest_handle(Guest *g, uint32_t cpu, uint32_t source)
{
    if (g->handler) {
        g->handler(g->handler_opaque, cpu, source);
    }
}

bool guest_set_profile(Guest *g, const GuestProfile *p, GError **errp)
{
    if (!guest_profile_fits(p, g->irq, errp)) {
        return false;
    }
    g->p = *p;
    return true;
}

const GuestProfile *guest_profile(const Guest *g)
{
    return &g->p;
}

/* ---- the calls a guest makes ---- */

static const char *guest_hcall_name(uint64_t op)
{
    switch (op) {
    case SPAPR_H_EOI:
        return "H_EOI";
    case SPAPR_H_CPPR:
        return "H_CPPR";
    case SPAPR_H_IPI:
        return "H_IPI";
    case SPAPR_H_XIRR:
        return "H_XIRR";
    case SPAPR_H_INT_GET_SOURCE_INFO:
        return "H_INT_GET_SOURCE_INFO";
    case SPAPR_H_INT_SET_SOURCE_CONFIG:
        return "H_INT_SET_SOURCE_CONFIG";
    case SPAPR_H_INT_GET_QUEUE_INFO:
        return "H_INT_GET_QUEUE_INFO";
    case SPAPR_H_INT_SET_QUEUE_CONFIG:
        return "H_INT_SET_QUEUE_CONFIG";
    case SPAPR_H_INT_ESB:
        return "H_INT_ESB";
    }
    return "hcall";
}

/* Hcall @op on @cpu with up to five arguments; @rets may be NULL. */
static bool guest_hcall(Guest *g, uint32_t cpu, uint64_t op,
                        const uint64_t args[5],
                        uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS], GError **errp)
{
    uint64_t r[SPAPR_IRQ_HCALL_MAX_RETS] = {0};
    int64_t rc = vmm_hcall(g->irq, cpu, op, args, 5, r);

    if (rc != SPAPR_H_SUCCESS) {
        return guest_fail(errp,
                          "guest: %s on CPU %u returned %" G_GINT64_FORMAT,
                          guest_hcall_name(op), cpu, rc);
    }
    if (rets) {
        memcpy(rets, r, sizeof(r));
    }
    return true;
}

static bool guest_hcall2(Guest *g, uint32_t cpu, uint64_t op, uint64_t a0,
                         uint64_t a1, uint64_t *r0, GError **errp)
{
    uint64_t args[5] = {a0, a1}, rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};

    if (!guest_hcall(g, cpu, op, args, rets, errp)) {
        return false;
    }
    if (r0) {
        *r0 = rets[0];
    }
    return true;
}

static bool guest_rtas(Guest *g, const char *name, uint32_t nargs,
                       const uint32_t *args, GError **errp)
{
    uint32_t rets[2] = {0};

    if (!vmm_rtas(g->irq, 0, spapr_irq_rtas_token(name), nargs, args, 1,
                  rets) ||
        rets[0] != SPAPR_RTAS_OUT_SUCCESS) {
        return guest_fail(errp, "guest: %s(0x%x) returned status %d", name,
                          args[0], (int32_t)rets[0]);
    }
    return true;
}

static bool guest_load(Guest *g, uint32_t cpu, uint64_t addr, unsigned size,
                       uint64_t *val, GError **errp)
{
    if (!vmm_mmio_read(g->irq, cpu, addr, size, val)) {
        return guest_fail(errp,
                          "guest: load at 0x%" G_GINT64_MODIFIER "x on CPU %u "
                          "is not the interrupt controller's",
                          addr, cpu);
    }
    return true;
}

static bool guest_store(Guest *g, uint32_t cpu, uint64_t addr, unsigned size,
                        uint64_t val, GError **errp)
{
    if (!vmm_mmio_write(g->irq, cpu, addr, size, val)) {
        return guest_fail(errp,
                          "guest: store at 0x%" G_GINT64_MODIFIER "x on CPU "
                          "%u is not the interrupt controller's",
                          addr, cpu);
    }
    return true;
}

static bool guest_check_cpu(Guest *g, uint32_t cpu, GError **errp)
{
    if (cpu >= g->ncpus) {
        return guest_fail(errp, "guest: no CPU %u (the guest has %u)", cpu,
                          g->ncpus);
    }
    return true;
}

static bool guest_check_setup(Guest *g, GError **errp)
{
    if (!g->set_up || g->mode != spapr_irq_active(g->irq)) {
        return guest_fail(errp,
                          "guest: the %s controller is not set up "
                          "(guest setup after CAS and reset)",
                          spapr_intc_kind_name(spapr_irq_active(g->irq)));
    }
    return true;
}

/* ---- CAS ---- */

/* Byte 23 of /chosen/ibm,arch-vec-5-platform-support, as the guest's
 * firmware reads it from the device tree. */
static bool guest_platform_byte23(Guest *g, uint8_t *byte, GError **errp)
{
    g_autofree uint8_t *fdt = g_malloc0(GUEST_FDT_SIZE);
    const uint8_t *pairs;
    int chosen, len = 0, ret;

    ret = fdt_create_empty_tree(fdt, GUEST_FDT_SIZE);
    if (ret < 0) {
        return guest_fail(errp, "guest: device tree: %s", fdt_strerror(ret));
    }
    if (!spapr_irq_dt(g->irq, fdt, errp)) {
        return false;
    }
    chosen = fdt_path_offset(fdt, "/chosen");
    pairs = chosen < 0 ? NULL
                       : fdt_getprop(fdt, chosen,
                                     "ibm,arch-vec-5-platform-support", &len);
    for (int i = 0; pairs && i + 1 < len; i += 2) {
        if (pairs[i] == 23) {
            *byte = pairs[i + 1];
            return true;
        }
    }
    return guest_fail(errp, "guest: the device tree has no "
                            "/chosen/ibm,arch-vec-5-platform-support byte 23");
}

bool guest_cas(Guest *g, uint8_t *sent, GError **errp)
{
    uint8_t offered = 0, choice;

    if (!guest_platform_byte23(g, &offered, errp)) {
        return false;
    }
    choice = guest_cas_choice(g->p.kind, offered);
    if (g->p.kind == GUEST_LINUX_XIVE_OFF && offered == SPAPR_OV5_XIVE) {
        guest_log(g, "guest: Ignoring cmdline option xive=off");
    }
    g->set_up = false;
    *sent = choice;
    return vmm_cas(g->irq, choice, errp);
}

/* ---- XICS, as Linux's hypervisor ICP and RTAS ICS ---- */

static bool xics_setup(Guest *g, GError **errp)
{
    for (uint32_t i = 0; i < g->ncpus; i++) {
        if (!guest_hcall2(g, i, SPAPR_H_CPPR, 0xff, 0, NULL, errp) ||
            !guest_hcall2(g, i, SPAPR_H_IPI, g->cpu[i].server, 0xff, NULL,
                          errp)) {
            return false;
        }
    }
    return true;
}

static bool xics_enable(Guest *g, uint32_t num, uint32_t cpu, GError **errp)
{
    uint32_t set[3] = {num, g->cpu[cpu].server, GUEST_XICS_PRIO};

    return guest_rtas(g, "ibm,set-xive", 3, set, errp) &&
           guest_rtas(g, "ibm,int-on", 1, &num, errp);
}

static bool xics_take(Guest *g, uint32_t cpu, GuestTaken *taken,
                      uint32_t *value, GError **errp)
{
    uint64_t xirr;

    if (!guest_hcall2(g, cpu, SPAPR_H_XIRR, 0, 0, &xirr, errp)) {
        return false;
    }
    xirr &= 0xffffffff;
    if ((xirr & 0xffffff) == 0) {
        *taken = GUEST_TAKEN_NONE;
        return true;
    }
    guest_handle(g, cpu, xirr & 0xffffff);
    if ((xirr & 0xffffff) == GUEST_XICS_IPI &&
        !guest_hcall2(g, cpu, SPAPR_H_IPI, g->cpu[cpu].server, 0xff, NULL,
                      errp)) {
        return false;
    }
    if (!guest_hcall2(g, cpu, SPAPR_H_EOI, xirr, 0, NULL, errp)) {
        return false;
    }
    *taken = GUEST_TAKEN_XIRR;
    *value = xirr;
    return true;
}

/* ---- XIVE, as Linux's spapr XIVE driver ---- */

static bool xive_set_cppr(Guest *g, uint32_t cpu, uint8_t cppr, GError **errp)
{
    return guest_store(g, cpu, GUEST_TIMA_OS + GUEST_TM_CPPR, 1, cppr, errp);
}

/* An ESB load at @offset of @lisn's EOI page, by MMIO or, when the source
 * says so, by H_INT_ESB. */
static bool xive_esb_load(Guest *g, uint32_t cpu, uint32_t lisn,
                          const GuestSource *s, uint64_t offset, uint64_t *val,
                          GError **errp)
{
    if (s->flags & SPAPR_H_INT_SRC_H_INT_ESB) {
        uint64_t args[5] = {0, lisn, offset, 0};
        uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};

        if (!guest_hcall(g, cpu, SPAPR_H_INT_ESB, args, rets, errp)) {
            return false;
        }
        *val = rets[0];
        return true;
    }
    return guest_load(g, cpu, s->eoi_page + offset, 8, val, errp);
}

/* H_INT_GET_SOURCE_INFO of @lisn, remembered. */
static GuestSource *xive_source(Guest *g, uint32_t lisn, GError **errp)
{
    uint64_t args[5] = {0, lisn}, rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};
    GuestSource *s;

    if (!guest_hcall(g, 0, SPAPR_H_INT_GET_SOURCE_INFO, args, rets, errp)) {
        return NULL;
    }
    s = g_new0(GuestSource, 1);
    s->flags = rets[0];
    s->eoi_page = rets[1];
    s->trig_page = rets[2];
    g_hash_table_replace(g->sources, GUINT_TO_POINTER(lisn), s);
    return s;
}

/* Mask, route to @cpu at GUEST_XIVE_PRIO with @eisn, unmask. */
static bool xive_route(Guest *g, uint32_t lisn, uint32_t cpu, uint32_t eisn,
                       GError **errp)
{
    uint64_t cfg[5] = {SPAPR_H_INT_SRC_SET_EISN, lisn, g->cpu[cpu].server,
                       GUEST_XIVE_PRIO, eisn};
    GuestSource *s = xive_source(g, lisn, errp);
    uint64_t old;

    return s && xive_esb_load(g, 0, lisn, s, GUEST_ESB_PQ_01, &old, errp) &&
           guest_hcall(g, 0, SPAPR_H_INT_SET_SOURCE_CONFIG, cfg, NULL, errp) &&
           xive_esb_load(g, 0, lisn, s, GUEST_ESB_PQ_00, &old, errp);
}

static bool xive_setup(Guest *g, GError **errp)
{
    g_autofree uint8_t *zero = g_malloc0(1u << GUEST_QSHIFT);

    g_hash_table_remove_all(g->sources);
    if (g->p.secure) {
        guest_log(g, "guest: secure VM: XIVE queue pages shared with the "
                     "hypervisor (UV_SHARE_PAGE)");
    }
    for (uint32_t i = 0; i < g->ncpus; i++) {
        GuestCpu *c = &g->cpu[i];
        uint64_t info[5] = {0, c->server, GUEST_XIVE_PRIO};
        uint64_t qcfg[5] = {SPAPR_H_INT_END_ALWAYS_NOTIFY, c->server,
                            GUEST_XIVE_PRIO, c->qpage, GUEST_QSHIFT};

        /* A fresh page: no stale generation bits from an earlier boot. */
        if (!guest_ram_write(g->ram, c->qpage, zero, 1u << GUEST_QSHIFT)) {
            return guest_fail(
                errp, "guest: queue page 0x%" G_GINT64_MODIFIER "x is not RAM",
                c->qpage);
        }
        c->qidx = 0;
        c->toggle = 0;
        if (!guest_hcall(g, i, SPAPR_H_INT_GET_QUEUE_INFO, info, NULL, errp) ||
            !guest_hcall(g, i, SPAPR_H_INT_SET_QUEUE_CONFIG, qcfg, NULL,
                         errp) ||
            !xive_set_cppr(g, i, 0xff, errp) ||
            !xive_route(g, c->ipi_lisn, i, GUEST_XIVE_IPI_EISN, errp)) {
            return false;
        }
    }
    return true;
}

/* EOI of @lisn as Linux does: LSIs by a load-EOI, MSIs by setting PQ to
 * 00 and re-triggering if Q was set meanwhile. */
static bool xive_eoi(Guest *g, uint32_t cpu, uint32_t lisn, GError **errp)
{
    GuestSource *s = g_hash_table_lookup(g->sources, GUINT_TO_POINTER(lisn));
    uint64_t old;

    if (!s) {
        return guest_fail(errp,
                          "guest: EISN of LISN 0x%x which it never "
                          "configured",
                          lisn);
    }
    if (s->flags & SPAPR_H_INT_SRC_LSI) {
        return xive_esb_load(g, cpu, lisn, s, GUEST_ESB_EOI, &old, errp);
    }
    if (!xive_esb_load(g, cpu, lisn, s, GUEST_ESB_PQ_00, &old, errp)) {
        return false;
    }
    if ((old & 1) && !guest_store(g, cpu, s->trig_page, 8, 0, errp)) {
        return false;
    }
    return true;
}

static bool xive_take(Guest *g, uint32_t cpu, GuestTaken *taken,
                      uint32_t *value, GError **errp)
{
    GuestCpu *c = &g->cpu[cpu];
    uint64_t ack;
    uint32_t entry, eisn, lisn;

    if (!guest_load(g, cpu, GUEST_TIMA_OS + GUEST_TM_ACK_OS, 2, &ack, errp)) {
        return false;
    }
    entry = guest_ram_be32(g->ram, c->qpage + 4 * c->qidx);
    if ((entry >> 31) == c->toggle) {
        *taken = GUEST_TAKEN_NONE;
        return xive_set_cppr(g, cpu, 0xff, errp);
    }
    if (++c->qidx == (1u << GUEST_QSHIFT) / 4) {
        c->qidx = 0;
        c->toggle ^= 1;
    }
    eisn = entry & 0x7fffffff;
    lisn = eisn == GUEST_XIVE_IPI_EISN ? c->ipi_lisn : eisn;
    guest_handle(g, cpu, lisn);
    if (!xive_eoi(g, cpu, lisn, errp) || !xive_set_cppr(g, cpu, 0xff, errp)) {
        return false;
    }
    *taken = GUEST_TAKEN_EISN;
    *value = eisn;
    return true;
}

/* ---- the profile's entry points ---- */

bool guest_setup(Guest *g, GError **errp)
{
    SpaprIntcKind mode = spapr_irq_active(g->irq);

    g->set_up = false;
    if (mode == SPAPR_INTC_XIVE ? !xive_setup(g, errp) : !xics_setup(g, errp)) {
        return false;
    }
    g->mode = mode;
    g->set_up = true;
    return true;
}

bool guest_enable(Guest *g, uint32_t num, uint32_t cpu, GError **errp)
{
    if (!guest_check_cpu(g, cpu, errp) || !guest_check_setup(g, errp)) {
        return false;
    }
    if (!spapr_irq_is_claimed(g->irq, num, NULL)) {
        return guest_fail(errp, "guest: IRQ 0x%x is not claimed", num);
    }
    if (g->mode == SPAPR_INTC_XIVE) {
        return xive_route(g, num, cpu, num, errp);
    }
    return xics_enable(g, num, cpu, errp);
}

bool guest_ipi(Guest *g, uint32_t from, uint32_t to, GError **errp)
{
    GuestSource *s;

    if (!guest_check_cpu(g, from, errp) || !guest_check_cpu(g, to, errp) ||
        !guest_check_setup(g, errp)) {
        return false;
    }
    if (g->mode == SPAPR_INTC_XICS) {
        return guest_hcall2(g, from, SPAPR_H_IPI, g->cpu[to].server,
                            GUEST_XICS_IPI_PRIO, NULL, errp);
    }
    s = g_hash_table_lookup(g->sources, GUINT_TO_POINTER(g->cpu[to].ipi_lisn));
    g_assert(s); /* xive_setup() configured every CPU's IPI */
    return guest_store(g, from, s->trig_page, 8, 0, errp);
}

bool guest_take(Guest *g, uint32_t cpu, GuestTaken *taken, uint32_t *value,
                GError **errp)
{
    *taken = GUEST_TAKEN_NONE;
    *value = 0;
    if (!guest_check_cpu(g, cpu, errp) || !guest_check_setup(g, errp)) {
        return false;
    }
    if (g->mode == SPAPR_INTC_XIVE) {
        return xive_take(g, cpu, taken, value, errp);
    }
    return xics_take(g, cpu, taken, value, errp);
}

/* ---- the migration section (guest.h) ---- */

#define GUEST_STATE_VERSION 1
#define GUEST_QENTRIES      ((1u << GUEST_QSHIFT) / 4)
#define GUEST_MAX_SOURCES   0x10000 /* LISNs the guest can have configured */

static gint lisn_cmp(gconstpointer a, gconstpointer b)
{
    guint x = GPOINTER_TO_UINT(a), y = GPOINTER_TO_UINT(b);

    return x < y ? -1 : x > y;
}

void guest_state_save(const Guest *g, GByteArray *out)
{
    GList *lisns = g_list_sort(g_hash_table_get_keys(g->sources), lisn_cmp);

    state_put_u8(out, GUEST_STATE_VERSION);
    state_put_u8(out, g->p.kind);
    state_put_u8(out, g->p.secure);
    state_put_u8(out, g->set_up);
    state_put_u8(out, g->mode);
    state_put_u32(out, g->ncpus);
    for (uint32_t i = 0; i < g->ncpus; i++) {
        const GuestCpu *c = &g->cpu[i];

        state_put_u32(out, c->server);
        state_put_u32(out, c->ipi_lisn);
        state_put_u64(out, c->qpage);
        state_put_u32(out, c->qidx);
        state_put_u8(out, (uint8_t)c->toggle);
    }
    state_put_u32(out, g_list_length(lisns));
    for (GList *l = lisns; l; l = l->next) {
        const GuestSource *src = g_hash_table_lookup(g->sources, l->data);

        state_put_u32(out, GPOINTER_TO_UINT(l->data));
        state_put_u64(out, src->flags);
        state_put_u64(out, src->eoi_page);
        state_put_u64(out, src->trig_page);
    }
    g_list_free(lisns);
}

/* Parses a section into @cpus and @sources (when not NULL). */
static bool guest_state_parse(const Guest *g, const uint8_t *buf, size_t len,
                              GuestCpu *cpus, GHashTable *sources, bool *set_up,
                              SpaprIntcKind *mode, GError **errp)
{
    WireReader r = wire_reader(buf, len);
    uint8_t version = wire_get_u8(&r), kind = wire_get_u8(&r);
    uint8_t secure = wire_get_u8(&r), up = wire_get_u8(&r);
    uint8_t m = wire_get_u8(&r);
    uint32_t ncpus = wire_get_u32(&r), nsrc, prev = 0;

    if (r.short_read) {
        goto truncated;
    }
    if (version != GUEST_STATE_VERSION) {
        return guest_fail(errp, "vmm-guest: version %u (this build reads %u)",
                          version, GUEST_STATE_VERSION);
    }
    if (kind > GUEST_LEGACY || secure > 1 || up > 1 ||
        (m != SPAPR_INTC_XICS && m != SPAPR_INTC_XIVE)) {
        return guest_fail(errp,
                          "vmm-guest: bad profile or mode (kind %u, secure %u, "
                          "set-up %u, mode %u)",
                          kind, secure, up, m);
    }
    if (kind != g->p.kind || secure != g->p.secure) {
        g_autofree char *src =
            guest_profile_name(&(GuestProfile){.kind = kind, .secure = secure});
        g_autofree char *dst = guest_profile_name(&g->p);

        return guest_fail(errp,
                          "vmm-guest: guest profile: source %s, "
                          "destination %s",
                          src, dst);
    }
    if (ncpus != g->ncpus) {
        return guest_fail(errp, "vmm-guest: CPUs: source %u, destination %u",
                          ncpus, g->ncpus);
    }
    for (uint32_t i = 0; i < ncpus; i++) {
        GuestCpu c;

        c.server = wire_get_u32(&r);
        c.ipi_lisn = wire_get_u32(&r);
        c.qpage = wire_get_u64(&r);
        c.qidx = wire_get_u32(&r);
        c.toggle = wire_get_u8(&r);
        if (r.short_read) {
            goto truncated;
        }
        if (c.server != g->cpu[i].server || c.ipi_lisn != g->cpu[i].ipi_lisn ||
            c.qpage != g->cpu[i].qpage || c.qidx >= GUEST_QENTRIES ||
            c.toggle > 1) {
            return guest_fail(errp,
                              "vmm-guest: CPU %u: server 0x%x, IPI 0x%x, "
                              "queue 0x%" G_GINT64_MODIFIER "x index %u "
                              "toggle %u do not fit this machine",
                              i, c.server, c.ipi_lisn, c.qpage, c.qidx,
                              c.toggle);
        }
        if (cpus) {
            cpus[i] = c;
        }
    }
    nsrc = wire_get_u32(&r);
    if (!r.short_read && nsrc > GUEST_MAX_SOURCES) {
        return guest_fail(errp, "vmm-guest: %u sources (at most %u)", nsrc,
                          GUEST_MAX_SOURCES);
    }
    for (uint32_t i = 0; i < nsrc && !r.short_read; i++) {
        uint32_t lisn = wire_get_u32(&r);
        GuestSource s;

        s.flags = wire_get_u64(&r);
        s.eoi_page = wire_get_u64(&r);
        s.trig_page = wire_get_u64(&r);
        if (r.short_read) {
            break;
        }
        if (i && lisn <= prev) {
            return guest_fail(errp,
                              "vmm-guest: source 0x%x out of order or "
                              "repeated",
                              lisn);
        }
        prev = lisn;
        if (sources) {
            g_hash_table_replace(sources, GUINT_TO_POINTER(lisn),
                                 g_memdup2(&s, sizeof(s)));
        }
    }
    if (!wire_done(&r)) {
        goto truncated;
    }
    if (set_up) {
        *set_up = up;
        *mode = m;
    }
    return true;
truncated:
    return guest_fail(errp, "vmm-guest: %s (%zu bytes)",
                      r.short_read ? "truncated" : "trailing bytes", len);
}

bool guest_state_check(const Guest *g, const uint8_t *buf, size_t len,
                       GError **errp)
{
    return guest_state_parse(g, buf, len, NULL, NULL, NULL, NULL, errp);
}

bool guest_state_load(Guest *g, const uint8_t *buf, size_t len, GError **errp)
{
    g_autofree GuestCpu *cpus = g_new0(GuestCpu, g->ncpus);
    GHashTable *sources =
        g_hash_table_new_full(NULL, NULL, NULL, guest_source_free);
    bool set_up;
    SpaprIntcKind mode;

    if (!guest_state_parse(g, buf, len, cpus, sources, &set_up, &mode, errp)) {
        g_hash_table_destroy(sources);
        return false;
    }
    memcpy(g->cpu, cpus, sizeof(GuestCpu) * g->ncpus);
    g_hash_table_destroy(g->sources);
    g->sources = sources;
    g->set_up = set_up;
    g->mode = mode;
    return true;
}
