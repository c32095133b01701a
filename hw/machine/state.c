/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the machine's migration stream (docs/specs/migration.md): a
 * header with the guest-visible configuration, one section per controller
 * the machine has, a CRC32C trailer.  Load validates all of it in place,
 * compares the header with this machine and refuses every mismatch in one
 * error, before it changes anything.  An in-kernel controller's state is
 * read back before a save (pre_save) and handed back after a load
 * (post_load), as QEMU does.
 */
#include <string.h>

#include "hw/core/state.h"
#include "hw/machine/machine.h"

#define STATE_MAGIC   0x53505251u /* "SPRQ" */
#define STATE_VERSION 2
/* The fixed part of the header before the vCPU table, and after the IRQ
 * tables. */
#define HEAD_FIXED 18
#define HEAD_TAIL  3
#define TRAILER    4

/* ---- save ---- */

static void put_map_runs(GByteArray *out, const uint8_t *map, uint8_t kind)
{
    StateRuns w;

    state_runs_begin(&w, out);
    for (uint32_t i = 0; i < SPAPR_NR_XIRQS; i++) {
        if (map[i] == kind) {
            state_runs_key(&w, SPAPR_XIRQ_BASE + i);
        }
    }
    state_runs_end(&w);
}

bool spapr_irq_save(SpaprIrq *irq, GByteArray *out, GError **errp)
{
    const SpaprIrqPlan *plan = irq->plan;
    guint start = out->len;
    StateRuns w;

    /* The kernel holds the newest state (QEMU's pre_save), read with the
     * vCPUs out of KVM_RUN and the sources held. */
    if (!spapr_machine_check_stopped(irq, "saving the state", false, errp) ||
        !spapr_machine_pre_save(irq, errp)) {
        return false;
    }
    state_put_u32(out, STATE_MAGIC);
    state_put_u16(out, STATE_VERSION);
    state_put_u8(out, plan->ic_mode);
    state_put_u8(out, plan->offered);
    state_put_u8(out, plan->isa);
    state_put_u8(out, plan->secure);
    state_put_u32(out, plan->topo.max_cpus);
    state_put_u32(out, plan->topo.nr_servers);
    state_runs_begin(&w, out);
    for (uint32_t c = 0; c < plan->topo.max_cpus; c++) {
        if (irq->cpus[c].present) {
            state_runs_key(&w, spapr_irq_topology_vcpu_id(&plan->topo, c));
        }
    }
    state_runs_end(&w);
    put_map_runs(out, irq->irq_map, IRQ_MSI);
    put_map_runs(out, irq->irq_map, IRQ_LSI);
    state_put_u8(out, irq->cas_pending);
    state_put_u8(out, irq->cas_choice);
    state_put_u8(out, irq->active);
    for (int k = 0; k < SPAPR_INTC_COUNT; k++) {
        SpaprIntc *intc = irq->intc[k];
        guint len_at;

        if (!intc) {
            continue;
        }
        state_put_u8(out, k);
        len_at = out->len;
        state_put_u32(out, 0);
        if (!intc->ops->save(intc, out, errp)) {
            g_byte_array_set_size(out, start);
            return false;
        }
        state_patch_u32(out, len_at, out->len - len_at - 4);
    }
    state_put_u32(out, state_crc32c(out->data + start, out->len - start));
    return true;
}

/* ---- the stream's frame, shared by load and walk ---- */

typedef struct StreamHeader {
    uint32_t version, ic_mode, offered, isa, secure, max_cpus, nr_servers;
    StateReader cpus, msi, lsi;
    uint32_t cas_pending, cas_choice, active;
    const uint8_t *section[SPAPR_INTC_COUNT];
    uint32_t slen[SPAPR_INTC_COUNT];
} StreamHeader;

/* Magic, version and checksum: whether the bytes are a stream at all. */
static bool check_envelope(const uint8_t *buf, size_t len, GError **errp)
{
    uint32_t magic, version, crc;

    if (len < HEAD_FIXED + HEAD_TAIL + TRAILER) {
        return state_error(errp, "%zu bytes are too short for a stream", len);
    }
    magic = state_be(buf, 4);
    version = state_be(buf + 4, 2);
    if (magic != STATE_MAGIC) {
        return state_error(errp,
                           "bad magic 0x%08x (not a spapr-irq stream; want "
                           "0x%08x \"SPRQ\")",
                           magic, STATE_MAGIC);
    }
    if (version != STATE_VERSION) {
        return state_error(errp,
                           "stream format version %u is not supported (this "
                           "build reads version %u)",
                           version, STATE_VERSION);
    }
    crc = state_be(buf + len - TRAILER, 4);
    if (crc != state_crc32c(buf, len - TRAILER)) {
        return state_error(errp,
                           "checksum mismatch: CRC32C 0x%08x in the trailer, "
                           "0x%08x computed (corrupt or truncated stream)",
                           crc, state_crc32c(buf, len - TRAILER));
    }
    return true;
}

/* Reads and validates the header and frames the sections (no machine
 * needed). */
static bool parse_stream(const uint8_t *buf, size_t len, StreamHeader *h,
                         GError **errp)
{
    StateReader r = {buf + 6, len - 6 - TRAILER};
    uint32_t kind, slen;
    const uint8_t *body;
    int last = -1;
    uint64_t claimed_end = 0;

    memset(h, 0, sizeof(*h));
    h->version = STATE_VERSION;
    state_get_uint(&r, 1, &h->ic_mode);
    state_get_uint(&r, 1, &h->offered);
    state_get_uint(&r, 1, &h->isa);
    state_get_uint(&r, 1, &h->secure);
    state_get_uint(&r, 4, &h->max_cpus);
    state_get_uint(&r, 4, &h->nr_servers);
    if (h->ic_mode > SPAPR_IC_MODE_DUAL || h->offered > SPAPR_IC_MODE_DUAL ||
        (h->isa != SPAPR_CPU_POWER8 && h->isa != SPAPR_CPU_POWER9 &&
         h->isa != SPAPR_CPU_POWER10) ||
        h->secure > 1 || !h->max_cpus || !h->nr_servers ||
        h->nr_servers > SPAPR_MAX_SERVERS) {
        return state_error(errp,
                           "header: ic-mode %u, offered %u, ISA %u, secure %u, "
                           "maxcpus %u, nr_servers %u: out of range",
                           h->ic_mode, h->offered, h->isa, h->secure,
                           h->max_cpus, h->nr_servers);
    }
    if (!state_runs_frame(&r, 0, h->nr_servers, "header: vCPUs", &h->cpus,
                          errp) ||
        !state_runs_frame(&r, 0, SPAPR_XIRQ_BASE + SPAPR_NR_XIRQS,
                          "header: MSIs", &h->msi, errp) ||
        !state_runs_frame(&r, 0, SPAPR_XIRQ_BASE + SPAPR_NR_XIRQS,
                          "header: LSIs", &h->lsi, errp)) {
        return false;
    }
    /* The claimed IRQs are device numbers, and no IRQ is both kinds. */
    for (int t = 0; t < 2; t++) {
        StateRunsIter it;
        uint32_t key;
        const uint8_t *rec;

        state_runs_iter_init(&it, t ? &h->lsi : &h->msi, 0);
        while (state_runs_next(&it, &key, &rec)) {
            if (key < SPAPR_XIRQ_BASE) {
                return state_error(errp,
                                   "header: claimed IRQ 0x%x is not a device "
                                   "IRQ",
                                   key);
            }
            claimed_end = MAX(claimed_end, (uint64_t)key + 1);
        }
    }
    if (!state_get_uint(&r, 1, &h->cas_pending) ||
        !state_get_uint(&r, 1, &h->cas_choice) ||
        !state_get_uint(&r, 1, &h->active)) {
        return state_error(errp, "header: truncated before the CAS record");
    }
    if (h->cas_pending > 1 || h->cas_choice >= SPAPR_INTC_COUNT ||
        h->active >= SPAPR_INTC_COUNT) {
        return state_error(errp,
                           "header: CAS record (pending %u, choice %u) or "
                           "active controller %u out of range",
                           h->cas_pending, h->cas_choice, h->active);
    }
    while (r.left) {
        size_t at = (size_t)(r.p - buf);

        if (!state_get_uint(&r, 1, &kind) || !state_get_uint(&r, 4, &slen) ||
            !state_get_bytes(&r, slen, &body)) {
            return state_error(errp, "section at byte %zu is truncated", at);
        }
        if (kind >= SPAPR_INTC_COUNT) {
            return state_error(errp, "unknown section %u at byte %zu", kind,
                               at);
        }
        if ((int)kind <= last) {
            return state_error(errp,
                               "section %s at byte %zu is a duplicate or out "
                               "of order",
                               spapr_intc_kind_name(kind), at);
        }
        last = kind;
        h->section[kind] = body;
        h->slen[kind] = slen;
    }
    /* The controllers the offered mode has, no other. */
    for (int k = 0; k < SPAPR_INTC_COUNT; k++) {
        bool want =
            h->offered == SPAPR_IC_MODE_DUAL ||
            (int)h->offered == (k == SPAPR_INTC_XICS ? SPAPR_IC_MODE_XICS
                                                     : SPAPR_IC_MODE_XIVE);

        if (want != (h->section[k] != NULL)) {
            return state_error(errp, "section %s is %s for the offered mode %s",
                               spapr_intc_kind_name(k),
                               want ? "missing" : "unexpected",
                               spapr_ic_mode_name(h->offered));
        }
    }
    if (!h->section[h->active] ||
        (h->cas_pending && !h->section[h->cas_choice])) {
        return state_error(errp,
                           "header: active controller %s or CAS choice %s is "
                           "not one of the stream's",
                           spapr_intc_kind_name(h->active),
                           spapr_intc_kind_name(h->cas_choice));
    }
    return true;
}

/* ---- load ---- */

static void map_of(const StreamHeader *h, uint8_t *map)
{
    memset(map, IRQ_FREE, SPAPR_NR_XIRQS);
    for (int t = 0; t < 2; t++) {
        StateRunsIter it;
        uint32_t key;
        const uint8_t *rec;

        state_runs_iter_init(&it, t ? &h->lsi : &h->msi, 0);
        while (state_runs_next(&it, &key, &rec)) {
            map[key - SPAPR_XIRQ_BASE] = t ? IRQ_LSI : IRQ_MSI;
        }
    }
}

static const char *irq_kind_name(uint8_t k)
{
    return k == IRQ_MSI ? "msi" : k == IRQ_LSI ? "lsi" : "free";
}

/* Appends "what: source S, destination D" to @m. */
static void mismatch(GString *m, const char *what, const char *src,
                     const char *dst)
{
    g_string_append_printf(m, "%s%s: source %s, destination %s",
                           m->len ? "; " : "", what, src, dst);
}

static void mismatch_u(GString *m, const char *what, uint32_t src, uint32_t dst)
{
    char s[16], d[16];

    if (src != dst) {
        g_snprintf(s, sizeof(s), "%u", src);
        g_snprintf(d, sizeof(d), "%u", dst);
        mismatch(m, what, s, d);
    }
}

/* Every difference between the stream's configuration and this machine's,
 * in one error. */
static bool compare_header(const SpaprIrq *irq, const StreamHeader *h,
                           GError **errp)
{
    const SpaprIrqPlan *plan = irq->plan;
    g_autoptr(GString) m = g_string_new(NULL);
    uint8_t map[SPAPR_NR_XIRQS];
    StateRunsIter it;
    uint32_t key, ndiff = 0, first = 0;
    const uint8_t *rec;

    if (h->ic_mode != plan->ic_mode) {
        mismatch(m, "ic-mode", spapr_ic_mode_name(h->ic_mode),
                 spapr_ic_mode_name(plan->ic_mode));
    }
    if (h->offered != plan->offered) {
        mismatch(m, "offered mode", spapr_ic_mode_name(h->offered),
                 spapr_ic_mode_name(plan->offered));
    }
    if (h->isa != plan->isa) {
        mismatch(m, "max-cpu-compat", spapr_cpu_model_name(h->isa),
                 spapr_cpu_model_name(plan->isa));
    }
    if (h->secure != plan->secure) {
        mismatch(m, "secure guest", h->secure ? "yes" : "no",
                 plan->secure ? "yes" : "no");
    }
    mismatch_u(m, "maxcpus", h->max_cpus, plan->topo.max_cpus);
    mismatch_u(m, "nr_servers", h->nr_servers, plan->topo.nr_servers);
    /* Present vCPUs, by server number. */
    {
        uint32_t n = MAX(h->nr_servers, plan->topo.nr_servers);
        g_autofree uint8_t *side = g_new0(uint8_t, n); /* 1 src, 2 dst */
        uint32_t nsrc = 0, ndst = 0;

        state_runs_iter_init(&it, &h->cpus, 0);
        while (state_runs_next(&it, &key, &rec)) {
            side[key] |= 1;
            nsrc++;
        }
        for (uint32_t c = 0; c < plan->topo.max_cpus; c++) {
            if (irq->cpus[c].present) {
                uint32_t server = spapr_irq_topology_vcpu_id(&plan->topo, c);

                if (server < n) {
                    side[server] |= 2;
                }
                ndst++;
            }
        }
        for (uint32_t v = 0; v < n; v++) {
            if (side[v] == 1 || side[v] == 2) {
                if (!ndiff++) {
                    first = v;
                }
            }
        }
        if (ndiff) {
            g_string_append_printf(m,
                                   "%spresent vCPUs: source %u, destination "
                                   "%u (%u servers on one side only, the "
                                   "first %u on the %s)",
                                   m->len ? "; " : "", nsrc, ndst, ndiff, first,
                                   side[first] == 1 ? "source" : "destination");
        }
    }
    map_of(h, map);
    ndiff = 0;
    for (uint32_t i = 0; i < SPAPR_NR_XIRQS; i++) {
        if (map[i] != irq->irq_map[i]) {
            if (!ndiff++) {
                first = i;
            }
        }
    }
    if (ndiff) {
        g_autofree char *what =
            g_strdup_printf("claimed IRQs (%u differ, the first 0x%x)", ndiff,
                            SPAPR_XIRQ_BASE + first);

        mismatch(m, what, irq_kind_name(map[first]),
                 irq_kind_name(irq->irq_map[first]));
    }
    if (m->len) {
        return state_error(errp, "the stream does not fit this machine: %s",
                           m->str);
    }
    return true;
}

/* Makes the saved active controller active, and gives an in-kernel one the
 * loaded state (QEMU's post_load). */
static bool load_finish(SpaprIrq *irq, const StreamHeader *h, GError **errp)
{
    if (!irq->active_valid || irq->active != h->active) {
        return spapr_machine_switch(irq, h->active, errp);
    }
    return spapr_machine_post_load(irq, errp);
}

bool spapr_irq_load(SpaprIrq *irq, const uint8_t *buf, size_t len,
                    GError **errp)
{
    StreamHeader h;
    GByteArray *backup[SPAPR_INTC_COUNT] = {NULL};
    bool need_backup, ok;

    if (!spapr_machine_check_stopped(irq, "loading a state", true, errp) ||
        !check_envelope(buf, len, errp) || !parse_stream(buf, len, &h, errp) ||
        !compare_header(irq, &h, errp)) {
        return false;
    }
    for (int k = 0; k < SPAPR_INTC_COUNT; k++) {
        if (irq->intc[k] && !irq->intc[k]->ops->check(
                                irq->intc[k], h.section[k], h.slen[k], errp)) {
            return false;
        }
    }
    /*
     * Valid: apply.  Putting sections into the models cannot fail; the
     * switch and an in-kernel post_load can.  Only then is the previous
     * guest-visible state kept (what the load overwrites, in the stream's
     * compact form), read back from the kernel first.
     */
    need_backup = !irq->active_valid || irq->active != h.active ||
                  spapr_machine_in_kernel(irq);
    if (need_backup) {
        if (!spapr_machine_pre_save(irq, errp)) {
            return false;
        }
        for (int k = 0; k < SPAPR_INTC_COUNT; k++) {
            if (irq->intc[k]) {
                backup[k] = g_byte_array_new();
                irq->intc[k]->ops->save(irq->intc[k], backup[k], NULL);
            }
        }
    }
    for (int k = 0; k < SPAPR_INTC_COUNT; k++) {
        if (irq->intc[k]) {
            irq->intc[k]->ops->load(irq->intc[k], h.section[k], h.slen[k]);
        }
    }
    ok = load_finish(irq, &h, errp);
    if (ok) {
        irq->cas_pending = h.cas_pending;
        irq->cas_choice = h.cas_choice;
    } else if (need_backup) {
        SpaprIntc *active;

        for (int k = 0; k < SPAPR_INTC_COUNT; k++) {
            if (irq->intc[k]) {
                irq->intc[k]->ops->load(irq->intc[k], backup[k]->data,
                                        backup[k]->len);
            }
        }
        active = spapr_machine_active(irq);
        if (active) {
            active->ops->post_load(active, NULL);
        }
    }
    for (int k = 0; k < SPAPR_INTC_COUNT; k++) {
        g_clear_pointer(&backup[k], g_byte_array_unref);
    }
    return ok;
}

/* ---- walking a stream without loading it ---- */

static void walk_runs(const uint8_t *buf, const StateReader *t, size_t rec_size,
                      const char *section, const char *table,
                      SpaprIrqStateVisit visit, void *opaque)
{
    StateReader r = *t;
    uint32_t nruns = 0, v;
    char name[64];

    g_snprintf(name, sizeof(name), "%s runs", table);
    visit(opaque, section, name, state_be(r.p, 4), r.p - buf, 4);
    state_get_uint(&r, 4, &nruns);
    for (uint32_t i = 0; i < nruns; i++) {
        const uint8_t *b;
        uint32_t count = 0;

        g_snprintf(name, sizeof(name), "%s run %u first", table, i);
        visit(opaque, section, name, state_be(r.p, 4), r.p - buf, 4);
        state_get_uint(&r, 4, &v);
        g_snprintf(name, sizeof(name), "%s run %u count", table, i);
        visit(opaque, section, name, state_be(r.p, 4), r.p - buf, 4);
        state_get_uint(&r, 4, &count);
        state_get_bytes(&r, (size_t)count * rec_size, &b);
    }
}

/* Walks a controller's section through its tables (intc.h). */
static bool walk_section(const uint8_t *buf, const SpaprIntcOps *ops,
                         const uint8_t *body, uint32_t slen,
                         SpaprIrqStateVisit visit, void *opaque, GError **errp)
{
    StateReader r = {body, slen};
    const char *sname = spapr_intc_kind_name(ops->kind);

    for (int t = 0; t < ops->n_state_tables; t++) {
        const SpaprStateTable *tab = &ops->state_tables[t];
        size_t rec_size = 0;
        StateReader table;
        StateRunsIter it;
        uint32_t key;
        const uint8_t *rec;
        char section[32], field[96];

        for (int f = 0; f < tab->n_fields; f++) {
            rec_size += tab->fields[f].size;
        }
        if (!state_runs_frame(&r, rec_size, UINT32_MAX, tab->key, &table,
                              errp)) {
            return false;
        }
        walk_runs(buf, &table, rec_size, sname, tab->key, visit, opaque);
        state_runs_iter_init(&it, &table, rec_size);
        while (state_runs_next(&it, &key, &rec)) {
            bool cpu = !strcmp(tab->key, "cpu");

            if (cpu) {
                g_snprintf(section, sizeof(section), "cpu %u", key);
            }
            for (int f = 0; f < tab->n_fields; f++) {
                const SpaprStateField *fd = &tab->fields[f];

                if (cpu) {
                    g_snprintf(field, sizeof(field), "%s.%s", sname, fd->name);
                } else {
                    g_snprintf(field, sizeof(field), "%s 0x%x %s", tab->key,
                               key, fd->name);
                }
                visit(opaque, cpu ? section : sname, field,
                      state_be(rec, fd->size), rec - buf, fd->size);
                rec += fd->size;
            }
        }
    }
    if (r.left) {
        return state_error(errp, "%s: %zu trailing bytes", sname, r.left);
    }
    return true;
}

bool spapr_irq_state_walk(const uint8_t *buf, size_t len,
                          SpaprIrqStateVisit visit, void *opaque, GError **errp)
{
    static const struct {
        const char *name;
        size_t size;
    } head[] = {
        {"magic", 4}, {"version", 2}, {"ic_mode", 1},  {"offered", 1},
        {"isa", 1},   {"secure", 1},  {"max_cpus", 4}, {"nr_servers", 4},
    };
    StreamHeader h;
    size_t at = 0;

    if (!check_envelope(buf, len, errp) || !parse_stream(buf, len, &h, errp)) {
        return false;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(head); i++) {
        visit(opaque, "header", head[i].name, state_be(buf + at, head[i].size),
              at, head[i].size);
        at += head[i].size;
    }
    walk_runs(buf, &h.cpus, 0, "header", "cpus", visit, opaque);
    walk_runs(buf, &h.msi, 0, "header", "msi", visit, opaque);
    walk_runs(buf, &h.lsi, 0, "header", "lsi", visit, opaque);
    at = (size_t)(h.lsi.p + h.lsi.left - buf);
    visit(opaque, "header", "cas_pending", buf[at], at, 1);
    visit(opaque, "header", "cas_choice", buf[at + 1], at + 1, 1);
    visit(opaque, "header", "active", buf[at + 2], at + 2, 1);
    for (int k = 0; k < SPAPR_INTC_COUNT; k++) {
        const uint8_t *body = h.section[k];

        if (!body) {
            continue;
        }
        visit(opaque, spapr_intc_kind_name(k), "kind", k, body - 5 - buf, 1);
        visit(opaque, spapr_intc_kind_name(k), "length", h.slen[k],
              body - 4 - buf, 4);
        if (!walk_section(buf, spapr_intc_ops_by_kind[k], body, h.slen[k],
                          visit, opaque, errp)) {
            return false;
        }
    }
    visit(opaque, "trailer", "crc32c", state_be(buf + len - TRAILER, 4),
          len - TRAILER, 4);
    return true;
}
