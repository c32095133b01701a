/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the interrupt layer of one pseries machine.
 *
 * A VMM creates one SpaprIrq per machine from a configuration, adds its
 * vCPUs, claims the IRQ numbers of its devices, and forwards to it the
 * guest's interrupt hcalls, RTAS calls and MMIO accesses (ESB, TIMA).  The
 * layer calls back into the VMM to raise or lower a vCPU's external
 * interrupt line, to reach guest memory and to read the timebase.
 *
 * Calls fan out to every controller the machine has (claim, free, vCPU
 * add/remove, save/load) or go to the active one only (set_irq, hcalls,
 * RTAS, MMIO, device tree, info).  CAS records the guest's choice and the
 * switch of the active controller happens at the next reset.
 *
 * Several SpaprIrq may live in one process; the library has no global
 * mutable state.  A SpaprIrq is not thread-safe: the VMM serialises calls.
 *
 * Conventions: fallible calls are bool fn(..., GError **errp) (see
 * spapr_irq_error.h).  Guest-facing calls (hcall, RTAS, MMIO) never
 * allocate, never abort, and return PAPR/RTAS codes.
 */
#ifndef HW_PPC_SPAPR_IRQ_H
#define HW_PPC_SPAPR_IRQ_H

#include "hw/ppc/spapr_host.h"
#include "hw/ppc/spapr_irq_config.h"
#include "hw/ppc/spapr_irq_error.h"
#include "hw/ppc/spapr_irq_policy.h"
#include "hw/ppc/spapr_irq_trace.h"

G_BEGIN_DECLS

typedef struct SpaprIrq SpaprIrq;

/* Callbacks into the VMM.  All but set_cpu_irq may be NULL. */
typedef struct SpaprIrqCallbacks {
    void *opaque;
    /* Raise (@level true) or lower the external interrupt line of the CPU
     * with index @cpu_index.  Required. */
    void (*set_cpu_irq)(void *opaque, uint32_t cpu_index, bool level);
    /* Read/write guest physical memory; return false if the range is not
     * RAM.  NULL: no guest memory (XIVE queues cannot be configured). */
    bool (*mem_read)(void *opaque, uint64_t gpa, void *buf, size_t len);
    bool (*mem_write)(void *opaque, uint64_t gpa, const void *buf, size_t len);
    /* The guest timebase (H_XIRR_X).  NULL: 0. */
    uint64_t (*get_timebase)(void *opaque);
    /* One step of an emulated controller, at the points and with the
     * arguments of QEMU's trace event of the same name (see
     * spapr_irq_trace.h).  Called on the guest's path: it must not call
     * back into the layer.  NULL: no tracing. */
    void (*trace)(void *opaque, const SpaprIrqTraceEvent *ev);
} SpaprIrqCallbacks;

/* PAPR hcall return codes (facts section 6). */
#define H_SUCCESS   0
#define H_BUSY      1
#define H_HARDWARE  (-1)
#define H_FUNCTION  (-2)
#define H_PRIVILEGE (-3)
#define H_PARAMETER (-4)
#define H_P2        (-55)
#define H_P3        (-56)
#define H_P4        (-57)
#define H_P5        (-58)
#define H_P6        (-59)
#define H_P7        (-60)

/* Interrupt hcall opcodes (facts sections 5 and 6): XICS, then the XIVE
 * exploitation-mode range H_INT_GET_SOURCE_INFO .. H_INT_RESET. */
#define H_EOI                       0x64
#define H_CPPR                      0x68
#define H_IPI                       0x6C
#define H_IPOLL                     0x70
#define H_XIRR                      0x74
#define H_XIRR_X                    0x2FC
#define H_INT_GET_SOURCE_INFO       0x3A8
#define H_INT_SET_SOURCE_CONFIG     0x3AC
#define H_INT_GET_SOURCE_CONFIG     0x3B0
#define H_INT_GET_QUEUE_INFO        0x3B4
#define H_INT_SET_QUEUE_CONFIG      0x3B8
#define H_INT_GET_QUEUE_CONFIG      0x3BC
#define H_INT_SET_OS_REPORTING_LINE 0x3C0
#define H_INT_GET_OS_REPORTING_LINE 0x3C4
#define H_INT_ESB                   0x3C8
#define H_INT_SYNC                  0x3CC
#define H_INT_RESET                 0x3D0

/* Guest physical addresses of the XIVE MMIO regions of a pseries machine
 * (facts section 6): the ESB pages (two 64 KiB pages per source) and the
 * TIMA (four 64 KiB pages: HW, HV, OS, USER). */
#define SPAPR_XIVE_ESB_BASE  0x0006010000000000ull
#define SPAPR_XIVE_TIMA_BASE 0x0006030203180000ull

/* phandle of the interrupt-controller node, as QEMU. */
#define SPAPR_IRQ_PHANDLE 0x1111

/* Most return registers (R4..) an interrupt hcall writes. */
#define SPAPR_IRQ_HCALL_MAX_RETS 4
/* RTAS status codes. */
#define RTAS_OUT_SUCCESS     0
#define RTAS_OUT_HW_ERROR    (-1)
#define RTAS_OUT_PARAM_ERROR (-3)

/*
 * Creates the interrupt layer: resolves the plan (spapr_irq_plan_resolve()),
 * opens the host of cfg->accel, creates every controller the machine has
 * and activates the start controller.  @kvm_vm_fd: for -accel kvm, the
 * VMM's VM fd, or -1 to let the library create its own VM.  Warnings go to
 * spapr_irq_warnings().  Errors: any of spapr_irq_plan_resolve() and
 * spapr_host_open(), SPAPR_IRQ_ERROR_HOST naming the failed kernel call
 * of an in-kernel backend under kernel-irqchip=on (under allowed it falls
 * back to emulation with a warning; docs/specs/kvm.md).
 */
SpaprIrq *spapr_irq_create(const SpaprIrqConfig *cfg,
                           const SpaprIrqCallbacks *cb, int kvm_vm_fd,
                           GError **errp);
/* Destroys *irqp (if not NULL) with every controller, vCPU link and host
 * resource, and sets *irqp to NULL.  Safe on a half-built layer. */
void spapr_irq_destroy(SpaprIrq **irqp);

const SpaprIrqPlan *spapr_irq_get_plan(const SpaprIrq *irq);
const SpaprHostCaps *spapr_irq_get_host_caps(const SpaprIrq *irq);
/* The host the layer opened (NULL under tcg); owned by the layer.  Tests
 * reach the simulator through it (spapr_host_sim_stats(), _fail()). */
SpaprHost *spapr_irq_get_host(const SpaprIrq *irq);
/* Warnings emitted so far (start, CAS, reset), oldest first. */
GPtrArray *spapr_irq_warnings(const SpaprIrq *irq);
SpaprIntcKind spapr_irq_active(const SpaprIrq *irq);
SpaprIntcImpl spapr_irq_active_impl(const SpaprIrq *irq);

/*
 * Adds the vCPU with index @cpu_index (< max_cpus) to every controller.
 * @vcpu_fd: the VMM's KVM vCPU fd under -accel kvm, or -1 to let the host
 * create one (kvm-sim, or a library-owned VM); ignored under tcg.
 * Errors: SPAPR_IRQ_ERROR_RANGE, SPAPR_IRQ_ERROR_BUSY (added twice),
 * SPAPR_IRQ_ERROR_HOST.
 */
bool spapr_irq_cpu_add(SpaprIrq *irq, uint32_t cpu_index, int vcpu_fd,
                       GError **errp);
/* Removes a vCPU from every controller; no-op if absent. */
void spapr_irq_cpu_remove(SpaprIrq *irq, uint32_t cpu_index);

/*
 * Claims IRQ number @irqn (SPAPR_XIRQ_BASE .. SPAPR_XIRQ_BASE+0xfff) as an
 * LSI or MSI in every controller.  Errors: SPAPR_IRQ_ERROR_RANGE,
 * SPAPR_IRQ_ERROR_BUSY (already claimed).  On error nothing is claimed.
 */
bool spapr_irq_claim(SpaprIrq *irq, uint32_t irqn, bool lsi, GError **errp);
/* Frees @num numbers from @irqn in every controller; unclaimed or
 * out-of-range numbers are ignored. */
void spapr_irq_free(SpaprIrq *irq, uint32_t irqn, uint32_t num);
/* Whether @irqn is claimed, and as an LSI. */
bool spapr_irq_is_claimed(const SpaprIrq *irq, uint32_t irqn, bool *lsi);

/*
 * Allocates @num consecutive MSI numbers in SPAPR_IRQ_MSI .. 0x1fff; with
 * @align the block starts at a multiple of the next power of two >= @num
 * (multi-message PCI MSI needs that).  The numbers are reserved, not
 * claimed: claim them with spapr_irq_claim().  Errors:
 * SPAPR_IRQ_ERROR_RANGE (@num 0 or too large), SPAPR_IRQ_ERROR_NO_SPACE.
 */
bool spapr_irq_msi_alloc(SpaprIrq *irq, uint32_t num, bool align,
                         uint32_t *firstp, GError **errp);
/* Returns a block to the allocator; numbers outside the range are ignored.*/
void spapr_irq_msi_free(SpaprIrq *irq, uint32_t first, uint32_t num);

/* Sets the level of a claimed IRQ (MSIs trigger on level 1) in the active
 * controller.  Errors: SPAPR_IRQ_ERROR_RANGE, and, until the controller
 * exists, SPAPR_IRQ_ERROR_NOT_IMPLEMENTED. */
bool spapr_irq_set_irq(SpaprIrq *irq, uint32_t irqn, int level, GError **errp);

/* Whether @opcode is an interrupt hcall of XICS or XIVE. */
bool spapr_irq_is_hcall(uint64_t opcode);
/*
 * Runs interrupt hcall @opcode for vCPU @cpu_index with arguments
 * @args[0..] (R4..) and writes return registers into @rets (R4..).
 * Returns the PAPR code (H_FUNCTION for an hcall of an inactive controller
 * or not an interrupt hcall).  Never allocates or aborts.
 */
int64_t spapr_irq_hcall(SpaprIrq *irq, uint32_t cpu_index, uint64_t opcode,
                        const uint64_t *args, size_t nargs,
                        uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS]);

/* RTAS token (QEMU's numbering) of interrupt RTAS call @name, or 0. */
uint32_t spapr_irq_rtas_token(const char *name);
/*
 * Runs the interrupt RTAS call with @token.  Returns false if the token is
 * not an interrupt RTAS call (the VMM handles it).  Otherwise writes the
 * status into @rets[0] (if @nret > 0) and the results after it.
 */
bool spapr_irq_rtas(SpaprIrq *irq, uint32_t cpu_index, uint32_t token,
                    uint32_t nargs, const uint32_t *args, uint32_t nret,
                    uint32_t *rets);

/*
 * A guest MMIO access of @size bytes (1, 2, 4, 8) at guest physical
 * address @addr by vCPU @cpu_index.  Returns false if the address is not in
 * an interrupt controller's region (ESB pages, TIMA) of the active
 * controller; otherwise true, with the loaded value in *valp for a read
 * (all ones for an access the model does not accept).
 */
bool spapr_irq_mmio_read(SpaprIrq *irq, uint32_t cpu_index, uint64_t addr,
                         unsigned size, uint64_t *valp);
bool spapr_irq_mmio_write(SpaprIrq *irq, uint32_t cpu_index, uint64_t addr,
                          unsigned size, uint64_t val);

/*
 * CAS: the guest sent option vector 5 byte 23 = @ov5_byte23.  Records the
 * choice; the next spapr_irq_reset() applies it.  Errors:
 * SPAPR_IRQ_ERROR_CAS with QEMU's message (the VMM stops the guest).
 */
bool spapr_irq_cas(SpaprIrq *irq, uint8_t ov5_byte23, GError **errp);
/*
 * Machine reset.  Applies a recorded CAS choice (deactivate the old
 * controller, activate the new one per the policy); a reset without a new
 * CAS returns a dual machine to XICS.  Resets the active controller.
 */
bool spapr_irq_reset(SpaprIrq *irq, GError **errp);

/* Writes the interrupt parts of the device tree into @fdt (libfdt blob
 * with room): the controller node, /chosen platform support, ... */
bool spapr_irq_dt(SpaprIrq *irq, void *fdt, GError **errp);
/* Writes the interrupt properties of one CPU node at @cpu_node. */
bool spapr_irq_dt_cpu(SpaprIrq *irq, void *fdt, int cpu_node,
                      uint32_t cpu_index, GError **errp);

/* Appends the versioned, host-endian-independent state of the layer (and
 * every controller) to @out. */
bool spapr_irq_save(SpaprIrq *irq, GByteArray *out, GError **errp);
/* Loads state saved by spapr_irq_save(); validated field by field.
 * Errors: SPAPR_IRQ_ERROR_STATE. */
bool spapr_irq_load(SpaprIrq *irq, const uint8_t *buf, size_t len,
                    GError **errp);

/* `info pic`: appends a human-readable dump to @out. */
void spapr_irq_print_info(SpaprIrq *irq, GString *out);

G_END_DECLS

#endif
