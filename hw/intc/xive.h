/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the XIVE model (internal): sources with their ESB (PQ) state,
 * the router (EAS -> END -> event queue in guest memory), and one thread
 * context (TIMA register block) per vCPU.
 *
 * The behaviour is QEMU 7.2's (hw/intc/xive.c) step for step, including
 * its trace events, so that a trace of a real guest replays exactly.  The
 * one structural difference is the presenter: QEMU asks every vCPU's
 * thread context whether it matches an NVT for every event; we map the NVT
 * (0x400 + server) to its vCPU through a table indexed by server, so that
 * finding the thread context costs one lookup whatever the vCPU count
 * (xive_presenter_notify() in xive.c; Xive.tctx_visits counts lookups).
 *
 * Words of the EAS and END tables use the IBM bit numbering of the
 * architecture (bit 0 is the most significant), held in host order; saved
 * state stores them big-endian (spapr_xive_state.c).
 *
 * Nothing here allocates after xive_init() or aborts on a value a guest
 * chose; callers (spapr_xive.c) check the guest's arguments first.
 */
#ifndef HW_INTC_XIVE_H
#define HW_INTC_XIVE_H

#include "hw/intc/intc.h"

#define XIVE_NR_IRQS      SPAPR_XIVE_NR_IRQS
#define XIVE_PRIORITY_MAX 7
#define XIVE_NVT_BASE     0x400 /* NVT index of server s: 0x400 + s */
#define XIVE_BLOCK_ID     0     /* the one block of a pseries machine */

/* IBM bit numbering helpers. */
#define PPC_BIT(b)          (0x8000000000000000ull >> (b))
#define PPC_BIT32(b)        (0x80000000u >> (b))
#define PPC_BITMASK(a, b)   ((PPC_BIT(a) - PPC_BIT(b)) | PPC_BIT(a))
#define PPC_BITMASK32(a, b) ((PPC_BIT32(a) - PPC_BIT32(b)) | PPC_BIT32(a))

static inline uint64_t xive_get_field64(uint64_t mask, uint64_t word)
{
    return (word & mask) >> __builtin_ctzll(mask);
}

static inline uint64_t xive_set_field64(uint64_t mask, uint64_t word,
                                        uint64_t value)
{
    return (word & ~mask) | ((value << __builtin_ctzll(mask)) & mask);
}

static inline uint32_t xive_get_field32(uint32_t mask, uint32_t word)
{
    return (word & mask) >> __builtin_ctz(mask);
}

static inline uint32_t xive_set_field32(uint32_t mask, uint32_t word,
                                        uint32_t value)
{
    return (word & ~mask) | ((value << __builtin_ctz(mask)) & mask);
}

/* ---- sources ---- */

/* ESB PQ bits and states (facts section 6). */
#define XIVE_ESB_VAL_P   0x2
#define XIVE_ESB_VAL_Q   0x1
#define XIVE_ESB_RESET   0x0
#define XIVE_ESB_PENDING 0x2
#define XIVE_ESB_QUEUED  0x3
#define XIVE_ESB_OFF     0x1
/* Source status byte: PQ in bits 0-1, the LSI asserted bit, and
 * "triggered while the VM was stopped": an in-kernel source held at the
 * stop (spapr_xive_kvm_hold()) found at PQ 11 by a save; it travels in the
 * stream and the source fires once at the resume (docs/specs/kvm.md). */
#define XIVE_STATUS_PQ        0x3
#define XIVE_STATUS_ASSERTED  0x4
#define XIVE_STATUS_TRIGGERED 0x8
/* Source flags. */
#define XIVE_SRC_LSI 0x1

/* ESB pages: two 64 KiB pages per source, trigger then management. */
#define XIVE_ESB_SHIFT     17
#define XIVE_ESB_PAGE_SIZE 0x10000ull
/* Offsets in the management page. */
#define XIVE_ESB_LOAD_EOI  0x000 /* load 0x000-0x7ff */
#define XIVE_ESB_STORE_EOI 0x400 /* store 0x400-0x7ff */
#define XIVE_ESB_GET       0x800 /* load 0x800-0xbff */
#define XIVE_ESB_INJECT    0x800 /* store 0x800-0xbff */
#define XIVE_ESB_SET_PQ_00 0xc00 /* loads and stores 0xc00-0xfff */

/* ---- routing ---- */

#define EAS_VALID     PPC_BIT(0)
#define EAS_END_BLOCK PPC_BITMASK(4, 7)
#define EAS_END_INDEX PPC_BITMASK(8, 31)
#define EAS_MASKED    PPC_BIT(32)
#define EAS_END_DATA  PPC_BITMASK(33, 63)
#define EAS_ALL                                                                \
    (EAS_VALID | EAS_END_BLOCK | EAS_END_INDEX | EAS_MASKED | EAS_END_DATA)

/* END words (QEMU's XiveEND, the fields a sPAPR machine uses). */
#define END_W0_VALID           PPC_BIT32(0)
#define END_W0_ENQUEUE         PPC_BIT32(1)
#define END_W0_UCOND_NOTIFY    PPC_BIT32(2)
#define END_W0_BACKLOG         PPC_BIT32(3)
#define END_W0_ESCALATE_CTL    PPC_BIT32(5)
#define END_W0_SILENT_ESCALATE PPC_BIT32(7)
#define END_W0_QSIZE           PPC_BITMASK32(12, 15)
#define END_W1_ESn             PPC_BITMASK32(0, 1)
#define END_W1_ESn_Q           PPC_BIT32(1)
#define END_W1_ESe             PPC_BITMASK32(2, 3)
#define END_W1_ESe_Q           PPC_BIT32(3)
#define END_W1_GENERATION      PPC_BIT32(9)
#define END_W1_PAGE_OFF        PPC_BITMASK32(10, 31)
#define END_W2_OP_DESC_HI      PPC_BITMASK32(4, 31)
#define END_W6_FORMAT_BIT      PPC_BIT32(8)
#define END_W6_NVT_BLOCK       PPC_BITMASK32(9, 12)
#define END_W6_NVT_INDEX       PPC_BITMASK32(13, 31)
#define END_W7_F0_PRIORITY     PPC_BITMASK32(8, 15)

typedef struct XiveEnd {
    uint32_t w[8];
} XiveEnd;

/* The guest address of an END's queue, and its number of 4-byte entries
 * ((1 << (QSIZE + 12)) / 4). */
static inline uint64_t xive_end_qaddr(const XiveEnd *end)
{
    return (uint64_t)xive_get_field32(END_W2_OP_DESC_HI, end->w[2]) << 32 |
           end->w[3];
}

/* The END enqueues its events (a queue is configured). */
static inline bool xive_end_enqueues(const XiveEnd *end)
{
    return end->w[0] & END_W0_ENQUEUE;
}

static inline uint32_t xive_end_qentries(const XiveEnd *end)
{
    return 1u << (xive_get_field32(END_W0_QSIZE, end->w[0]) + 10);
}

/* ---- thread contexts ---- */

/* Rings of the TIMA register block and the bytes of a ring. */
#define TM_QW0_USER    0x00
#define TM_QW1_OS      0x10
#define TM_QW2_HV_POOL 0x20
#define TM_QW3_HV_PHYS 0x30
#define TM_NSR         0
#define TM_CPPR        1
#define TM_IPB         2
#define TM_LSMFB       3
#define TM_ACK_CNT     4
#define TM_INC         5
#define TM_AGE         6
#define TM_PIPR        7
#define TM_WORD2       8
#define TM_RING_SIZE   0x40
#define TM_QW1_NSR_EO  0x80         /* OS exception pending */
#define TM_QW1W2_VO    PPC_BIT32(0) /* OS CAM valid */

/* TIMA pages and special operations (offsets in the TIMA region). */
#define XIVE_TM_SHIFT         16
#define XIVE_TM_HW_PAGE       0
#define XIVE_TM_HV_PAGE       1
#define XIVE_TM_OS_PAGE       2
#define XIVE_TM_USER_PAGE     3
#define XIVE_TM_SIZE          (4ull << XIVE_TM_SHIFT)
#define TM_SPECIAL_OP         0x800
#define TM_SPC_ACK_OS_REG     0x810 /* 2-byte load */
#define TM_SPC_SET_OS_PENDING 0x812 /* 1-byte store */

typedef struct XiveTctx {
    bool present;
    bool output; /* level of the vCPU's external interrupt line */
    uint32_t cpu_index;
    uint32_t server;
    uint8_t regs[TM_RING_SIZE];
} XiveTctx;

/*
 * What a reset must put back: the indexes of the entries of one table
 * (EASs, ENDs, thread contexts) written since the last reset, each once.
 * An entry not listed is at its reset value, so that a reset visits the
 * listed entries only (docs/specs/xive.md, "Reset").
 */
typedef struct XiveDirty {
    uint32_t *list;  /* the first n entries are listed */
    uint8_t *listed; /* by index: 1 if in list */
    uint32_t n;
} XiveDirty;

static inline void xive_dirty_mark(XiveDirty *d, uint32_t i)
{
    if (!d->listed[i]) {
        d->listed[i] = 1;
        d->list[d->n++] = i;
    }
}

typedef struct Xive {
    /* The VMM's callbacks, the trace filter, the muted flag (the model
     * keeps the lines' level while another drives them). */
    SpaprModelOut out;
    uint32_t max_cpus;
    uint32_t nr_servers;
    uint32_t nr_ends; /* nr_servers * 8 */
    /* Advertise and accept store EOI (QEMU 7.2's pseries does not). */
    bool store_eoi;
    uint8_t status[XIVE_NR_IRQS]; /* PQ | ASSERTED */
    uint8_t flags[XIVE_NR_IRQS];  /* XIVE_SRC_LSI */
    uint64_t eat[XIVE_NR_IRQS];
    XiveEnd *endt;          /* nr_ends entries */
    XiveTctx *tctx;         /* max_cpus entries, by CPU index */
    int32_t *server_to_cpu; /* nr_servers entries; -1: no thread context */
    /* Thread contexts looked at by the presenter so far (the test that
     * holds delivery to one lookup per event reads it). */
    uint64_t tctx_visits;
    /* Reset bookkeeping.  With @tracked, every writer of the EAT, the END
     * table and the thread contexts outside this file marks what it wrote
     * (xive_eas_set(), xive_end_set(), xive_tctx_touch()), and a reset
     * puts back the marked entries only; without it (an owner that writes
     * the tables directly) and while @sweep is set (the kernel may have
     * written into the model: an in-kernel backend) a reset sweeps every
     * entry. */
    bool tracked;
    bool sweep;
    XiveDirty eas_dirty;  /* XIVE_NR_IRQS */
    XiveDirty end_dirty;  /* nr_ends */
    XiveDirty tctx_dirty; /* max_cpus, by CPU index */
} Xive;

/* Allocates the tables; sources start unclaimed, PQ off, ENDs reset.
 * @cb's members are read at each use except @trace, whose presence is read
 * here once (spapr_model_out_init()). */
void xive_init(Xive *x, const SpaprIrqCallbacks *cb, uint32_t max_cpus,
               uint32_t nr_servers);
/* Frees what xive_init() allocated; safe twice or on a zeroed Xive. */
void xive_fini(Xive *x);

/* Sources. */
void xive_source_claim(Xive *x, uint32_t lisn, bool lsi);
void xive_source_free(Xive *x, uint32_t lisn);
bool xive_source_is_lsi(const Xive *x, uint32_t lisn);
static inline uint8_t xive_source_pq(const Xive *x, uint32_t lisn)
{
    return x->status[lisn] & XIVE_STATUS_PQ;
}
/* A device line: @level for LSIs, a rising edge for MSIs. */
void xive_source_set_irq(Xive *x, uint32_t lisn, int level);
/* The emulated resume: every source triggered while the VM was stopped
 * (XIVE_STATUS_TRIGGERED, from a stream) fires once, the bit cleared. */
void xive_source_fire_triggered(Xive *x);
/* ESB MMIO, @offset relative to the ESB area (below XIVE_ESB_SIZE: the
 * caller decoded the address); false if the access is invalid (a load from
 * a trigger page): the caller returns all ones. */
#define XIVE_ESB_SIZE ((uint64_t)XIVE_NR_IRQS << XIVE_ESB_SHIFT)
bool xive_esb_read(Xive *x, uint64_t offset, uint64_t *valp);
void xive_esb_write(Xive *x, uint64_t offset, uint64_t val);
/* Every source PQ to 01 and not asserted (machine reset, H_INT_RESET). */
void xive_source_reset(Xive *x);

/* Routing. */
void xive_end_reset(XiveEnd *end);
static inline bool xive_eas_is_valid(uint64_t eas)
{
    return eas & EAS_VALID;
}
static inline bool xive_eas_is_masked(uint64_t eas)
{
    return eas & EAS_MASKED;
}
/* Every valid EAS to valid+masked, every END reset (only the ones written
 * since the last reset when the tables are tracked). */
void xive_router_reset(Xive *x);
/* The writers of the EAT and the END table outside this file. */
static inline void xive_eas_set(Xive *x, uint32_t lisn, uint64_t eas)
{
    x->eat[lisn] = eas;
    xive_dirty_mark(&x->eas_dirty, lisn);
}

static inline void xive_end_set(Xive *x, uint32_t end_idx, const XiveEnd *end)
{
    x->endt[end_idx] = *end;
    xive_dirty_mark(&x->end_dirty, end_idx);
}

/* Thread contexts. */
bool xive_tctx_create(Xive *x, uint32_t cpu_index, uint32_t server);
void xive_tctx_destroy(Xive *x, uint32_t cpu_index);
/* The thread context of a vCPU: one bounds check and one load (the TIMA
 * accesses' lookup, on every access). */
static inline XiveTctx *xive_tctx_by_cpu(Xive *x, uint32_t cpu_index)
{
    return cpu_index < x->max_cpus && x->tctx[cpu_index].present
               ? &x->tctx[cpu_index]
               : NULL;
}

/* Marks the registers of @tctx written (a writer outside this file). */
static inline void xive_tctx_touch(Xive *x, XiveTctx *tctx)
{
    xive_dirty_mark(&x->tctx_dirty, tctx->cpu_index);
}
/* Registers to their reset values, the OS CAM line set. */
void xive_tctx_reset(Xive *x, XiveTctx *tctx);
/* The machine reset: every source off, the router reset, every thread
 * context reset; with tracked tables, only what was written since the
 * last reset is visited. */
void xive_model_reset(Xive *x);
/* TIMA MMIO of @tctx, @offset relative to the TIMA base (decoded once:
 * page, then register or special operation). */
uint64_t xive_tm_read(Xive *x, XiveTctx *tctx, uint64_t offset, unsigned size);
void xive_tm_write(Xive *x, XiveTctx *tctx, uint64_t offset, uint64_t val,
                   unsigned size);
/* ORs @ipb into the OS ring's IPB, derives PIPR from it and raises the
 * exception if PIPR beats CPPR (QEMU's xive_tctx_ipb_update()); an @ipb of
 * 0 makes an OS ring whose PIPR does not follow its IPB consistent. */
void xive_tctx_ipb_update(Xive *x, XiveTctx *tctx, uint8_t ipb);
/* Drives the vCPU line from the OS ring (after a state load). */
void xive_tctx_sync_output(Xive *x, XiveTctx *tctx);
/* The OS CAM word a vCPU with @server has. */
uint32_t xive_tctx_os_cam(uint32_t server);
/* The PIPR an IPB gives: the most favoured priority set, 0xff if none. */
uint8_t xive_ipb_to_pipr(uint8_t ipb);

/* Trace helper shared with spapr_xive.c: without a trace callback, a trace
 * point costs one test on the guest's path; an event the filter drops one
 * array lookup more. */
static inline void xive_trace(const Xive *x, SpaprIrqTraceId id, uint64_t a0,
                              uint64_t a1, uint64_t a2, uint64_t a3,
                              uint64_t a4, uint64_t a5)
{
    if (spapr_model_traced(&x->out, id)) {
        spapr_model_trace_emit(&x->out, id, a0, a1, a2, a3, a4, a5);
    }
}

#endif
