/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the machine's saved state: a header validated field by field,
 * then each controller's section in its own format (hw/intc/).  An
 * in-kernel controller's state is read back before a save (pre_save) and
 * handed back after a load (post_load), as QEMU does.
 */
#include "hw/core/state.h"
#include "hw/machine/machine.h"

/*
 * Saved state, big-endian whatever the host:
 *   u32 magic "SPRQ", u16 version, u8 ic_mode, u8 offered, u8 isa,
 *   u32 nr_servers, u32 max_cpus, u8 active (0xff: none), u8 cas_pending,
 *   u8 cas_choice, u8 irq_map[SPAPR_NR_XIRQS],
 *   then per controller the machine has, in kind order:
 *   u8 kind, u32 length, length bytes (the controller's own format).
 * ic-mode, compat and sizes must match between the two ends; kernel-irqchip
 * need not (the format does not depend on the implementation).
 */
#define STATE_MAGIC     0x53505251u
#define STATE_VERSION   1
#define STATE_NO_ACTIVE 0xff

bool spapr_irq_save(SpaprIrq *irq, GByteArray *out, GError **errp)
{
    guint start = out->len;

    /* The kernel holds the newest state (QEMU's pre_save), read with the
     * vCPUs out of KVM_RUN and the sources held. */
    if (!spapr_machine_check_stopped(irq, "saving the state", false, errp) ||
        !spapr_machine_pre_save(irq, errp)) {
        return false;
    }

    state_put_u32(out, STATE_MAGIC);
    state_put_u16(out, STATE_VERSION);
    state_put_u8(out, irq->plan->ic_mode);
    state_put_u8(out, irq->plan->offered);
    state_put_u8(out, irq->plan->isa);
    state_put_u32(out, irq->plan->topo.nr_servers);
    state_put_u32(out, irq->plan->topo.max_cpus);
    state_put_u8(out, irq->active_valid ? irq->active : STATE_NO_ACTIVE);
    state_put_u8(out, irq->cas_pending);
    state_put_u8(out, irq->cas_choice);
    g_byte_array_append(out, irq->irq_map, sizeof(irq->irq_map));
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
    return true;
}

/* Reads a header field and checks it equals @want. */
static bool expect_field(StateReader *r, size_t n, const char *name,
                         uint32_t want, GError **errp)
{
    uint32_t v;

    if (!state_get_uint(r, n, &v)) {
        return state_error(errp, "truncated before %s", name);
    }
    if (v != want) {
        return state_error(errp, "%s is %u in the saved state, %u here", name,
                           v, want);
    }
    return true;
}

/* Each controller's state before a load, to undo it. */
typedef struct LoadBackup {
    GByteArray *state[SPAPR_INTC_COUNT];
} LoadBackup;

static void backup_restore(SpaprIrq *irq, LoadBackup *b)
{
    for (int k = SPAPR_INTC_COUNT - 1; k >= 0; k--) {
        if (b->state[k] && b->state[k]->len) {
            SpaprIntc *intc = irq->intc[k];

            intc->ops->load(intc, b->state[k]->data, b->state[k]->len, NULL);
        }
    }
}

static void backup_free(LoadBackup *b)
{
    for (int k = 0; k < SPAPR_INTC_COUNT; k++) {
        g_clear_pointer(&b->state[k], g_byte_array_unref);
    }
}

/*
 * Loads each controller's section into its model.  Each load validates its
 * own section before changing anything; if a later controller refuses its
 * section, the ones already loaded get their previous state back, so that
 * a failed load leaves the whole layer as it was.  @b keeps the previous
 * states for load_finish().
 */
static bool load_controllers(SpaprIrq *irq,
                             const uint8_t *section[SPAPR_INTC_COUNT],
                             const uint32_t slen[SPAPR_INTC_COUNT],
                             LoadBackup *b, GError **errp)
{
    bool ok = true;

    for (int k = 0; k < SPAPR_INTC_COUNT && ok; k++) {
        SpaprIntc *intc = irq->intc[k];

        if (!intc) {
            continue;
        }
        b->state[k] = g_byte_array_new();
        ok = intc->ops->save(intc, b->state[k], errp) &&
             intc->ops->load(intc, section[k], slen[k], errp);
    }
    if (!ok) {
        backup_restore(irq, b);
    }
    return ok;
}

/*
 * Makes the saved active controller active, and gives an in-kernel one the
 * loaded state (QEMU's post_load).  If that fails (kernel-irqchip=on), the
 * models get their previous state back and, best effort, the kernel too.
 */
static bool load_finish(SpaprIrq *irq, uint32_t active, uint32_t cas_pending,
                        uint32_t cas_choice, LoadBackup *b, GError **errp)
{
    bool ok;

    if (!irq->active_valid || irq->active != active) {
        ok = spapr_machine_switch(irq, active, errp);
    } else {
        ok = spapr_machine_post_load(irq, errp);
    }
    if (!ok) {
        backup_restore(irq, b);
        if (spapr_machine_active(irq)) {
            spapr_machine_active(irq)->ops->post_load(spapr_machine_active(irq),
                                                      NULL);
        }
        return false;
    }
    irq->cas_pending = cas_pending;
    irq->cas_choice = cas_choice;
    return true;
}

bool spapr_irq_load(SpaprIrq *irq, const uint8_t *buf, size_t len,
                    GError **errp)
{
    StateReader r = {buf, len};
    const SpaprIrqPlan *plan = irq->plan;
    uint32_t active, cas_pending, cas_choice;
    const uint8_t *map;
    const uint8_t *section[SPAPR_INTC_COUNT] = {NULL};
    uint32_t slen[SPAPR_INTC_COUNT] = {0};

    if (!spapr_machine_check_stopped(irq, "loading a state", true, errp)) {
        return false;
    }
    if (!expect_field(&r, 4, "magic", STATE_MAGIC, errp) ||
        !expect_field(&r, 2, "version", STATE_VERSION, errp) ||
        !expect_field(&r, 1, "ic-mode", plan->ic_mode, errp) ||
        !expect_field(&r, 1, "offered mode", plan->offered, errp) ||
        !expect_field(&r, 1, "effective ISA", plan->isa, errp) ||
        !expect_field(&r, 4, "nr_servers", plan->topo.nr_servers, errp) ||
        !expect_field(&r, 4, "maxcpus", plan->topo.max_cpus, errp)) {
        return false;
    }
    if (!state_get_uint(&r, 1, &active) ||
        !state_get_uint(&r, 1, &cas_pending) ||
        !state_get_uint(&r, 1, &cas_choice) ||
        !state_get_bytes(&r, sizeof(irq->irq_map), &map)) {
        return state_error(errp, "truncated header");
    }
    if (active == STATE_NO_ACTIVE || active >= SPAPR_INTC_COUNT ||
        !plan->has[active]) {
        return state_error(errp,
                           "active controller %u is not one of this "
                           "machine's",
                           active);
    }
    if (cas_pending > 1 || cas_choice >= SPAPR_INTC_COUNT ||
        (cas_pending && !plan->has[cas_choice])) {
        return state_error(errp, "bad CAS record (%u, %u)", cas_pending,
                           cas_choice);
    }
    for (uint32_t i = 0; i < SPAPR_NR_XIRQS; i++) {
        if (map[i] != irq->irq_map[i]) {
            return state_error(errp,
                               "IRQ 0x%x is %s in the saved state but "
                               "%s here",
                               SPAPR_XIRQ_BASE + i,
                               map[i] == IRQ_FREE  ? "free"
                               : map[i] == IRQ_MSI ? "an MSI"
                               : map[i] == IRQ_LSI ? "an LSI"
                                                   : "invalid",
                               irq->irq_map[i] == IRQ_FREE  ? "free"
                               : irq->irq_map[i] == IRQ_MSI ? "an MSI"
                                                            : "an LSI");
        }
    }
    /* Frame every section before loading any. */
    for (int k = 0; k < SPAPR_INTC_COUNT; k++) {
        SpaprIntc *intc = irq->intc[k];

        if (!intc) {
            continue;
        }
        if (!expect_field(&r, 1, "controller section", k, errp)) {
            return false;
        }
        if (!state_get_uint(&r, 4, &slen[k]) ||
            !state_get_bytes(&r, slen[k], &section[k])) {
            return state_error(errp, "truncated %s section", intc->ops->name);
        }
    }
    if (r.left) {
        return state_error(errp, "%zu trailing bytes", r.left);
    }
    /* The kernel holds the newest state: the backups need it. */
    if (!spapr_machine_pre_save(irq, errp)) {
        return false;
    }
    LoadBackup b = {{NULL}};
    bool ok = load_controllers(irq, section, slen, &b, errp) &&
              load_finish(irq, active, cas_pending, cas_choice, &b, errp);

    backup_free(&b);
    return ok;
}

/* ---- walking a saved state (the header and the sections' frames) ---- */

static bool walk_field(StateReader *r, const uint8_t *base, size_t n,
                       const char *section, const char *field,
                       SpaprIrqStateVisit visit, void *opaque, GError **errp)
{
    size_t at = (size_t)(r->p - base);
    uint32_t v;

    if (!state_get_uint(r, n, &v)) {
        return state_error(errp, "truncated before %s", field);
    }
    visit(opaque, section, field, v, at, n);
    return true;
}

bool spapr_irq_state_walk(const uint8_t *buf, size_t len,
                          SpaprIrqStateVisit visit, void *opaque, GError **errp)
{
    static const struct {
        const char *name;
        size_t size;
    } header[] = {
        {"magic", 4},       {"version", 2},    {"ic_mode", 1},  {"offered", 1},
        {"isa", 1},         {"nr_servers", 4}, {"max_cpus", 4}, {"active", 1},
        {"cas_pending", 1}, {"cas_choice", 1},
    };
    StateReader r = {buf, len};
    const uint8_t *map;

    for (size_t i = 0; i < G_N_ELEMENTS(header); i++) {
        if (!walk_field(&r, buf, header[i].size, "header", header[i].name,
                        visit, opaque, errp)) {
            return false;
        }
    }
    if (!state_get_bytes(&r, SPAPR_NR_XIRQS, &map)) {
        return state_error(errp, "truncated IRQ map");
    }
    visit(opaque, "header", "irq_map", SPAPR_NR_XIRQS, map - buf,
          SPAPR_NR_XIRQS);
    while (r.left) {
        size_t at = (size_t)(r.p - buf);
        uint32_t kind, slen;
        const uint8_t *section;

        if (!state_get_uint(&r, 1, &kind) || !state_get_uint(&r, 4, &slen) ||
            !state_get_bytes(&r, slen, &section)) {
            return state_error(errp, "truncated controller section at %zu", at);
        }
        if (kind >= SPAPR_INTC_COUNT) {
            return state_error(errp, "unknown controller section %u", kind);
        }
        visit(opaque, spapr_intc_kind_name(kind), "length", slen, section - buf,
              slen);
    }
    return true;
}
