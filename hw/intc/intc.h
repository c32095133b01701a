/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the controller ops table and the tables of the guest's calls
 * (internal).
 *
 * One instance per controller the machine has (XICS, XIVE).  The machine
 * layer (hw/machine/) fans some calls out to every controller and sends
 * the others to the active one only:
 *
 *   every controller: claim, free, cpu_create, cpu_destroy, save, check,
 *                     load, destroy
 *   active only:      set_irq, hcall, rtas, mmio_read/write, dt,
 *                     print_info, reset, pre_save, post_load, vm_stop,
 *                     vm_resume, cpu_synchronize
 *   the switch:       activate, pre_deactivate, deactivate
 *
 * Every member is required but those whose comment says what NULL means;
 * spapr_intc_create() checks.  The default of the optional MMIO members
 * lives in the wrappers at the end (intc.c), as Linux's kernel/irq/chip.c
 * does for struct irq_chip.  A controller owns its backend: how it runs
 * (emulated, or in the kernel through the host layer) is decided by activate();
 * every other member serves both backends, and a failed kernel call is reported
 * as SPAPR_IRQ_ERROR_HOST, the one code a model never uses, so that the
 * machine layer can apply the fallback rule (hw/plan/fallback.h).
 * Per-instance data lives in the structure that embeds SpaprIntc; there is
 * no global state.
 */
#ifndef HW_INTC_INTC_H
#define HW_INTC_INTC_H

#include "hw/host/host.h"
#include "spapr-irq/trace.h"

typedef struct SpaprIntc SpaprIntc;

/*
 * One interrupt hcall of a controller: the single truth for its opcode, its
 * argument count and its handler.  @fn gets the controller's model (Xics,
 * Xive) and the calling vCPU's presenter in it (XICS: XicsIcp; XIVE:
 * unused, NULL), the arguments (R4.., at least @nargs of them) and room for
 * SPAPR_IRQ_HCALL_MAX_RETS return registers; it returns the PAPR code.
 * A table ends with an entry whose @fn is NULL.
 */
typedef struct SpaprHcall {
    uint64_t opcode;
    uint8_t nargs;
    int64_t (*fn)(void *model, void *cpu, const uint64_t *args, uint64_t *rets);
    /* The trace event emitted on entry, as QEMU does for XIVE's hcalls, or
     * SPAPR_HCALL_NO_TRACE (XICS traces inside its model). */
    SpaprIrqTraceId trace;
} SpaprHcall;

#define SPAPR_HCALL_NO_TRACE SPAPR_TRACE_COUNT
/* The most arguments an interrupt hcall takes (spapr_intc_create() checks
 * the tables). */
#define SPAPR_HCALL_MAX_ARGS 5

/*
 * One interrupt RTAS call: the single truth for its name, its token (QEMU's
 * numbering), its argument and return counts and its handler.  @fn gets the
 * controller's model, the @nargs arguments and the @nret return words, and
 * returns the RTAS status (written to rets[0] by the caller).  A table ends
 * with an entry whose @name is NULL.
 */
typedef struct SpaprRtasCall {
    const char *name;
    uint32_t token;
    uint8_t nargs, nret;
    int32_t (*fn)(void *model, const uint32_t *args, uint32_t *rets);
} SpaprRtasCall;

/* What a controller is given at creation; owned by the machine layer and
 * valid for the controller's lifetime. */
typedef struct SpaprIntcContext {
    uint32_t max_cpus;           /* CPU indexes 0 .. max_cpus - 1 */
    uint32_t nr_servers;         /* interrupt servers 0 .. nr_servers - 1 */
    const SpaprIrqCallbacks *cb; /* the VMM's own */
    /* The trace filter, indexed by event id (spapr_irq_set_trace_filter()):
     * the models emit only the events it lets through. */
    const bool *trace_on;
    SpaprHost *host; /* NULL under tcg */
} SpaprIntcContext;

/*
 * What a model (xics.c, xive.c) says to the layer's VMM, the same for
 * both: the callbacks, whether they trace (read once, at init) and which
 * events the filter lets through, and the lines, which are not reported
 * while @muted says another (an in-kernel controller) drives them.
 */
typedef struct SpaprModelOut {
    const SpaprIrqCallbacks *cb;
    bool tracing;         /* cb has a trace callback (spapr_model_out_init) */
    const bool *trace_on; /* the trace filter by event id; NULL: all */
    const bool *muted;    /* NULL: never muted */
} SpaprModelOut;

/* @o for @cb (may be NULL: nothing traced), no filter, never muted. */
void spapr_model_out_init(SpaprModelOut *o, const SpaprIrqCallbacks *cb);
/* Whether event @id reaches the VMM. */
static inline bool spapr_model_traced(const SpaprModelOut *o,
                                      SpaprIrqTraceId id)
{
    return o->tracing && (!o->trace_on || o->trace_on[id]);
}
/* Emits event @id; out of line and cold: the guest's paths keep only the
 * test of spapr_model_traced(). */
void spapr_model_trace_emit(const SpaprModelOut *o, SpaprIrqTraceId id,
                            uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                            uint64_t a4, uint64_t a5) __attribute__((cold));
/* Tells the VMM the level of @cpu_index's line, unless muted. */
static inline void spapr_model_line(const SpaprModelOut *o, uint32_t cpu_index,
                                    bool level)
{
    if (!(o->muted && *o->muted)) {
        o->cb->set_cpu_irq(o->cb->opaque, cpu_index, level);
    }
}

/* One field of a record of the stream, and one table (hw/core/state.h):
 * records keyed by @key ("source", "end" or "cpu": the key is the
 * vCPU's server number and the walk names the section "cpu <server>"). */
typedef struct SpaprStateField {
    const char *name;
    uint8_t size; /* bytes, big-endian */
} SpaprStateField;

typedef struct SpaprStateTable {
    const char *key;
    uint8_t n_fields;
    const SpaprStateField *fields;
} SpaprStateTable;

typedef struct SpaprIntcOps {
    const char *name;
    SpaprIntcKind kind;
    /* Creates the controller, its model reset and emulated.  Errors are
     * the caller's to report. */
    SpaprIntc *(*create)(const SpaprIntcContext *ctx, GError **errp);

    /* -- the guest's calls (tables above) -- */
    const SpaprHcall *hcalls;
    /* NULL: the controller has no RTAS calls (rtas below is NULL too). */
    const SpaprRtasCall *rtas_calls;
    /* What the controller's hcalls answer while another controller is
     * active, as QEMU: H_HARDWARE for XICS (check_emulated_xics()),
     * H_FUNCTION for XIVE (a negative PAPR code). */
    int64_t hcall_inactive;

    /* -- every controller -- */
    /* Claim @irqn as LSI or MSI (and, in the kernel, the source there).
     * The machine layer has checked the range and that the number is free
     * (it keeps the one IRQ map).  On failure nothing is claimed. */
    bool (*claim)(SpaprIntc *intc, uint32_t irqn, bool lsi, GError **errp);
    /* Free @irqn. */
    void (*free)(SpaprIntc *intc, uint32_t irqn);
    /* Create the per-vCPU presenter (in the kernel, and connect the vCPU
     * there).  On failure nothing of it is left. */
    bool (*cpu_create)(SpaprIntc *intc, uint32_t cpu_index, uint32_t vcpu_id,
                       int vcpu_fd, GError **errp);
    /* Destroy it; safe if cpu_create failed or was not called. */
    void (*cpu_destroy)(SpaprIntc *intc, uint32_t cpu_index);
    /* The controller's section of the stream (docs/specs/migration.md):
     * only what the guest sees, defaults implicit.  save never reaches the
     * backend: the machine layer calls pre_save first. */
    bool (*save)(SpaprIntc *intc, GByteArray *out, GError **errp);
    /* Validates a section against this controller (its claims, which the
     * machine layer has checked against the stream's IRQ map, and its
     * present vCPUs) without changing anything. */
    bool (*check)(SpaprIntc *intc, const uint8_t *buf, size_t len,
                  GError **errp);
    /* Puts a section check() accepted into the model: every claimed
     * source, END and present vCPU it covers gets the stream's value or
     * its default.  Never reaches the backend (post_load does). */
    void (*load)(SpaprIntc *intc, const uint8_t *buf, size_t len);
    /* The section's tables, in stream order, for spapr_irq_state_walk(). */
    const struct SpaprStateTable *state_tables;
    uint8_t n_state_tables;
    /* Free everything; must cope with a partly built instance. */
    void (*destroy)(SpaprIntc *intc);

    /* -- the switch -- */
    /* Become the active controller with implementation @impl (KVM:
     * connect to the kernel and push the model; emulated: the model drives
     * the vCPU lines).  On failure nothing may be left half connected. */
    bool (*activate)(SpaprIntc *intc, SpaprIntcImpl impl, GError **errp);
    /* The first step of a switch away from the controller, before
     * anything else changes: stop the guest's calls that the kernel routes
     * to the backend (an in-kernel XICS: undefine its kernel RTAS tokens).
     * On failure (SPAPR_IRQ_ERROR_HOST) the controller is as it was,
     * active, what it undid redone, and it must not be deactivated.  Not
     * called before a teardown.  NULL: nothing to stop (always succeeds;
     * spapr_intc_pre_deactivate() below). */
    bool (*pre_deactivate)(SpaprIntc *intc, GError **errp);
    /* Stop being active (close an in-kernel device; the model keeps the
     * last state pushed or pulled).  Without pre_deactivate first (a
     * teardown), it still releases everything.  Idempotent. */
    void (*deactivate)(SpaprIntc *intc);

    /* -- the active controller only -- */
    /* Set an IRQ's level; the machine layer has checked that @irqn is in
     * range and claimed. */
    bool (*set_irq)(SpaprIntc *intc, uint32_t irqn, int level, GError **errp);
    /* Hcall @h of the controller's table for a present vCPU; returns a
     * PAPR code.  Never allocates. */
    int64_t (*hcall)(SpaprIntc *intc, uint32_t cpu_index, const SpaprHcall *h,
                     const uint64_t *args, size_t nargs, uint64_t *rets);
    /* RTAS call @call of the controller's table; writes rets[0] = status
     * (nothing when @nret is 0).  NULL exactly when rtas_calls is NULL. */
    void (*rtas)(SpaprIntc *intc, uint32_t cpu_index, const SpaprRtasCall *call,
                 uint32_t nargs, const uint32_t *args, uint32_t nret,
                 uint32_t *rets);
    /* MMIO in the controller's regions; false if @addr is not one of them.
     * NULL: the controller has no MMIO regions. */
    bool (*mmio_read)(SpaprIntc *intc, uint32_t cpu_index, uint64_t addr,
                      unsigned size, uint64_t *valp);
    bool (*mmio_write)(SpaprIntc *intc, uint32_t cpu_index, uint64_t addr,
                       unsigned size, uint64_t val);
    /* Device-tree node (and root properties) with @phandle. */
    bool (*dt)(SpaprIntc *intc, void *fdt, uint32_t phandle, GError **errp);
    /* `info pic` text of the model (the machine layer calls pre_save
     * first). */
    void (*print_info)(SpaprIntc *intc, GString *out);
    /* Machine reset of the model (post_load then gives it to the
     * backend). */
    bool (*reset)(SpaprIntc *intc, GError **errp);
    /* Bring the model up to date with the backend before it is read
     * (QEMU's pre_save): an in-kernel controller reads the kernel's state
     * back, leaving the kernel as it was; emulated: nothing to do.  With
     * @vcpus false the VM runs: only what needs no vCPU ioctl is read (the
     * vCPUs' state stays as last read).  On a failure the items read so
     * far are in the model. */
    bool (*pre_save)(SpaprIntc *intc, bool vcpus, GError **errp);
    /* Hand the model's state to the backend after it changed under it
     * (load, reset; QEMU's post_load): an in-kernel controller pushes all
     * of it; emulated: nothing to do. */
    bool (*post_load)(SpaprIntc *intc, GError **errp);

    /* -- the VM's run state (the active controller only) -- */
    /* The VM stopped: its vCPUs have left KVM_RUN (QEMU's VM change-state
     * handler).  NULL: nothing to do (emulated controllers need no stop). */
    bool (*vm_stop)(SpaprIntc *intc, GError **errp);
    /* The VM is about to run again; cannot fail.  NULL: nothing to do. */
    void (*vm_resume)(SpaprIntc *intc);
    /* Read vCPU @cpu_index's presenter state back from the backend, on
     * that vCPU's thread (QEMU's cpu_synchronize_state).  NULL: nothing to
     * read. */
    bool (*cpu_synchronize)(SpaprIntc *intc, uint32_t cpu_index, GError **errp);
} SpaprIntcOps;

struct SpaprIntc {
    const SpaprIntcOps *ops;
    const SpaprIntcContext *ctx;
};

/* The controllers (hw/intc/xics_spapr.c, hw/intc/spapr_xive.c), and the
 * list of them by kind (intc.c), the one place that names them all. */
extern const SpaprIntcOps spapr_xics_ops;
extern const SpaprIntcOps spapr_xive_ops;
extern const SpaprIntcOps *const spapr_intc_ops_by_kind[SPAPR_INTC_COUNT];

/* ---- intc.c: creation, the tables, the defaults ---- */

/* Checks that @ops has every required member (a programming error
 * otherwise), then creates the controller. */
SpaprIntc *spapr_intc_create(const SpaprIntcOps *ops,
                             const SpaprIntcContext *ctx, GError **errp);
/* The entry of @table (hcalls of a controller) for @opcode, or NULL. */
const SpaprHcall *spapr_hcall_find(const SpaprHcall *table, uint64_t opcode);

/* Every controller's hcalls by opcode, for the guest's path: one array
 * index instead of a search of each table.  The interrupt hcalls are below
 * SPAPR_HCALL_INDEX_LIMIT, multiples of 4 (spapr_hcall_index_init()
 * checks). */
#define SPAPR_HCALL_INDEX_LIMIT 0x400
typedef struct SpaprHcallIndex {
    const SpaprHcall *call[SPAPR_HCALL_INDEX_LIMIT / 4];
    uint8_t kind[SPAPR_HCALL_INDEX_LIMIT / 4]; /* SpaprIntcKind */
} SpaprHcallIndex;
void spapr_hcall_index_init(SpaprHcallIndex *idx);
/* The hcall with @opcode of any controller's table, and its controller's
 * kind; NULL if no controller has it. */
static inline const SpaprHcall *
spapr_hcall_index_find(const SpaprHcallIndex *idx, uint64_t opcode,
                       SpaprIntcKind *kindp)
{
    if (opcode >= SPAPR_HCALL_INDEX_LIMIT || opcode % 4) {
        return NULL;
    }
    *kindp = idx->kind[opcode / 4];
    return idx->call[opcode / 4];
}
/* The entry of @table (RTAS calls; NULL: none) with @token / @name, or
 * NULL. */
const SpaprRtasCall *spapr_rtas_find_token(const SpaprRtasCall *table,
                                           uint32_t token);
const SpaprRtasCall *spapr_rtas_find_name(const SpaprRtasCall *table,
                                          const char *name);
/* Runs @call's handler on @model after checking the counts: the status
 * (SPAPR_RTAS_OUT_PARAM_ERROR for wrong counts) goes to rets[0]; nothing
 * is written when @nret is 0. */
void spapr_rtas_run(const SpaprRtasCall *call, void *model, uint32_t nargs,
                    const uint32_t *args, uint32_t nret, uint32_t *rets);
/* The optional members with their defaults: MMIO, not the controller's
 * region (inline: on every guest access); vm_stop, vm_resume and
 * cpu_synchronize, nothing to do.  (rtas needs none: only a controller
 * with RTAS calls gets them.) */
static inline bool spapr_intc_mmio_read(SpaprIntc *intc, uint32_t cpu_index,
                                        uint64_t addr, unsigned size,
                                        uint64_t *valp)
{
    return intc->ops->mmio_read &&
           intc->ops->mmio_read(intc, cpu_index, addr, size, valp);
}
static inline bool spapr_intc_mmio_write(SpaprIntc *intc, uint32_t cpu_index,
                                         uint64_t addr, unsigned size,
                                         uint64_t val)
{
    return intc->ops->mmio_write &&
           intc->ops->mmio_write(intc, cpu_index, addr, size, val);
}
bool spapr_intc_vm_stop(SpaprIntc *intc, GError **errp);
void spapr_intc_vm_resume(SpaprIntc *intc);
bool spapr_intc_cpu_synchronize(SpaprIntc *intc, uint32_t cpu_index,
                                GError **errp);
/* The optional pre_deactivate member, true when it is NULL. */
bool spapr_intc_pre_deactivate(SpaprIntc *intc, GError **errp);

#endif
