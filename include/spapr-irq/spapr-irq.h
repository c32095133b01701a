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
 * spapr-irq/error.h).  Guest-facing calls (hcall, RTAS, MMIO, and set_irq
 * called with errp NULL) never allocate and never abort, even when a host
 * call fails (nothing is formatted for an error nobody asked for); the
 * hcall, RTAS and MMIO calls return PAPR/RTAS codes.
 *
 * Before the first reset: QEMU resets the machine before any vCPU runs, and
 * so should the VMM (spapr_irq_reset() before the VM first runs).  The
 * layer does not rely on it: the start controller is active and programmed
 * from spapr_irq_create() on, in the kernel too, and answers every guest
 * call as after a reset (a dual machine answers as XICS until a reset
 * applies a CAS choice).
 *
 * Ownership: a pointer a call returns is owned by the machine and valid
 * until spapr_irq_destroy() unless its comment says otherwise; the VMM
 * neither frees nor changes what it points to.  What the VMM passes in
 * stays the VMM's: the library copies what it keeps (@cfg, @cb, patterns).
 */
#ifndef SPAPR_IRQ_SPAPR_IRQ_H
#define SPAPR_IRQ_SPAPR_IRQ_H

#include "spapr-irq/config.h"
#include "spapr-irq/error.h"
#include "spapr-irq/plan.h"
#include "spapr-irq/trace.h"
#include "spapr-irq/types.h"

G_BEGIN_DECLS

typedef struct SpaprIrq SpaprIrq;

/*
 * Probes the host of @cfg's accelerator (opens it, asks, closes it): what
 * spapr_irq_create() would find there.  Errors: as spapr_irq_create()'s
 * host errors (a missing or inaccessible device node, an unknown kvm-sim
 * profile, kvm-sim without a registered simulator).
 */
SPAPR_IRQ_API bool spapr_irq_host_probe(const SpaprIrqConfig *cfg,
                                        SpaprHostCaps *caps, GError **errp);

/*
 * Creates the interrupt layer: opens and probes the host of cfg->accel,
 * resolves the plan (spapr_irq_plan_resolve()), creates every controller
 * the machine has and activates the start controller.  @kvm_vm_fd: for
 * -accel kvm, the VMM's VM fd, or -1 to let the library create its own VM.
 * Warnings go to spapr_irq_warnings().  @cfg is read, not kept.  @cb is
 * copied: the VMM's struct may go after the call, but cb->opaque (and what
 * the callbacks reach through it) must stay valid until
 * spapr_irq_destroy().  The layer returned is the caller's, freed with
 * spapr_irq_destroy().  Errors: any of
 * spapr_irq_plan_resolve() and spapr_irq_host_probe(),
 * SPAPR_IRQ_ERROR_HOST naming the failed kernel call of an in-kernel
 * backend under kernel-irqchip=on (under allowed it falls back to
 * emulation with a warning; docs/specs/kvm.md).
 */
SPAPR_IRQ_API SpaprIrq *spapr_irq_create(const SpaprIrqConfig *cfg,
                                         const SpaprIrqCallbacks *cb,
                                         int kvm_vm_fd, GError **errp);
/* Destroys *irqp (if not NULL) with every controller, vCPU link and host
 * resource, and sets *irqp to NULL.  Safe on a half-built layer. */
SPAPR_IRQ_API void spapr_irq_destroy(SpaprIrq **irqp);

/* The plan the layer was created with: owned by the machine, unchanged and
 * valid until spapr_irq_destroy(). */
SPAPR_IRQ_API const SpaprIrqPlan *spapr_irq_get_plan(const SpaprIrq *irq);
/* What the host can do, as probed at create: owned by the machine, valid
 * until spapr_irq_destroy(). */
SPAPR_IRQ_API const SpaprHostCaps *spapr_irq_get_host_caps(const SpaprIrq *irq);
/* The host the layer opened (NULL under tcg): owned by the machine, valid
 * (and open) until spapr_irq_destroy().  A program that registered a
 * simulator reaches it through this. */
SPAPR_IRQ_API SpaprHost *spapr_irq_get_host(const SpaprIrq *irq);
/* Warnings emitted so far (start, CAS, reset), oldest first, as char *.
 * The array and its strings are owned by the machine and valid until
 * spapr_irq_destroy(): read them, do not change, free or unref them (take
 * a g_ptr_array_ref() to keep the array past destroy).  Later calls append
 * to the same array. */
SPAPR_IRQ_API GPtrArray *spapr_irq_warnings(const SpaprIrq *irq);
SPAPR_IRQ_API SpaprIntcKind spapr_irq_active(const SpaprIrq *irq);
SPAPR_IRQ_API SpaprIntcImpl spapr_irq_active_impl(const SpaprIrq *irq);

/*
 * Adds the vCPU with index @cpu_index (< max_cpus) to every controller.
 * @vcpu_fd: the VMM's KVM vCPU fd under -accel kvm, or -1 to let the host
 * create one (kvm-sim, or a library-owned VM); ignored under tcg.
 * Errors: SPAPR_IRQ_ERROR_RANGE, SPAPR_IRQ_ERROR_BUSY (added twice),
 * SPAPR_IRQ_ERROR_HOST.
 */
SPAPR_IRQ_API bool spapr_irq_cpu_add(SpaprIrq *irq, uint32_t cpu_index,
                                     int vcpu_fd, GError **errp);
/* Removes a vCPU from every controller; no-op if absent. */
SPAPR_IRQ_API void spapr_irq_cpu_remove(SpaprIrq *irq, uint32_t cpu_index);

/*
 * Claims IRQ number @irqn (SPAPR_XIRQ_BASE .. SPAPR_XIRQ_BASE+0xfff) as an
 * LSI or MSI in every controller.  Errors: SPAPR_IRQ_ERROR_RANGE,
 * SPAPR_IRQ_ERROR_BUSY (already claimed).  On error nothing is claimed.
 */
SPAPR_IRQ_API bool spapr_irq_claim(SpaprIrq *irq, uint32_t irqn, bool lsi,
                                   GError **errp);
/* Frees @num numbers from @irqn in every controller; unclaimed or
 * out-of-range numbers are ignored. */
SPAPR_IRQ_API void spapr_irq_free(SpaprIrq *irq, uint32_t irqn, uint32_t num);
/* Whether @irqn is claimed, and as an LSI. */
SPAPR_IRQ_API bool spapr_irq_is_claimed(const SpaprIrq *irq, uint32_t irqn,
                                        bool *lsi);

/*
 * Allocates @num consecutive MSI numbers in SPAPR_IRQ_MSI .. 0x1fff, the
 * lowest free block; with @align the block starts at SPAPR_IRQ_MSI plus a
 * multiple of the next power of two >= @num (multi-message PCI MSI needs
 * that).  The alignment is relative to SPAPR_IRQ_MSI (0x1300), not to 0, as
 * in QEMU's spapr_irq_msi_alloc() (bitmap_find_next_zero_area() aligns the
 * index in its MSI bitmap): up to 256 numbers that is the same (0x1300 is a
 * multiple of 0x100), a block of 512 starts at 0x1300 or 0x1500, not
 * 0x1400.  The numbers are reserved, not
 * claimed: claim them with spapr_irq_claim().  Errors:
 * SPAPR_IRQ_ERROR_RANGE (@num 0 or too large), SPAPR_IRQ_ERROR_NO_SPACE.
 */
SPAPR_IRQ_API bool spapr_irq_msi_alloc(SpaprIrq *irq, uint32_t num, bool align,
                                       uint32_t *firstp, GError **errp);
/* Returns a block to the allocator; numbers outside the range are ignored.*/
SPAPR_IRQ_API void spapr_irq_msi_free(SpaprIrq *irq, uint32_t first,
                                      uint32_t num);

/* Sets the level of a claimed IRQ (MSIs trigger on level 1) in the active
 * controller.  Errors: SPAPR_IRQ_ERROR_RANGE; SPAPR_IRQ_ERROR_STATE for an
 * unclaimed IRQ or a machine left without an active controller;
 * SPAPR_IRQ_ERROR_HOST naming the kernel call when the in-kernel
 * controller fails it.  A device's interrupt line, a guest-facing call:
 * with errp NULL it never allocates. */
SPAPR_IRQ_API bool spapr_irq_set_irq(SpaprIrq *irq, uint32_t irqn, int level,
                                     GError **errp);

/* Whether @opcode is an interrupt hcall of XICS or XIVE (the controllers'
 * hcall tables). */
SPAPR_IRQ_API bool spapr_irq_is_hcall(uint64_t opcode);
/*
 * Runs interrupt hcall @opcode for vCPU @cpu_index with arguments
 * @args[0..] (R4..) and writes return registers into @rets (R4..).
 * Returns the PAPR code: SPAPR_H_FUNCTION for an opcode that is not an
 * interrupt hcall; for an hcall of a controller that is not active, what
 * QEMU 7.2 answers (SPAPR_H_HARDWARE for XICS, its
 * CHECK_EMULATED_XICS_HCALL(); SPAPR_H_FUNCTION for XIVE);
 * SPAPR_H_HARDWARE for a vCPU that was not added (or out of range);
 * otherwise the hcall's own code (docs/specs/xics.md, xive.md): an XICS
 * hcall that reaches the layer while the XICS runs in the kernel (whose
 * hcalls they are) answers SPAPR_H_HARDWARE, as QEMU's check_emulated_xics();
 * an in-kernel XIVE whose kernel call fails answers SPAPR_H_HARDWARE.
 * Never allocates or aborts (tests/unit/test-contracts.c checks each code).
 */
SPAPR_IRQ_API int64_t spapr_irq_hcall(SpaprIrq *irq, uint32_t cpu_index,
                                      uint64_t opcode, const uint64_t *args,
                                      size_t nargs,
                                      uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS]);

/* RTAS token (QEMU's numbering) of interrupt RTAS call @name
 * ("ibm,set-xive", ...; docs/specs/xics.md), or 0. */
SPAPR_IRQ_API uint32_t spapr_irq_rtas_token(const char *name);
/* Whether @name is an interrupt RTAS call; if so its token and the number
 * of arguments and of return words (status included) it takes.  Any of the
 * pointers may be NULL. */
SPAPR_IRQ_API bool spapr_irq_rtas_describe(const char *name, uint32_t *tokenp,
                                           uint32_t *nargsp, uint32_t *nretp);
/*
 * Runs the interrupt RTAS call with @token.  Returns false if the token is
 * not an interrupt RTAS call of this machine (the VMM handles it: on a
 * XIVE-only machine the XICS calls, whose tokens QEMU 7.2 does not define
 * there).  Otherwise writes the status into @rets[0] (if @nret > 0) and the
 * results after it; SPAPR_RTAS_OUT_HW_ERROR while the controller of the
 * call is not active.
 */
SPAPR_IRQ_API bool spapr_irq_rtas(SpaprIrq *irq, uint32_t cpu_index,
                                  uint32_t token, uint32_t nargs,
                                  const uint32_t *args, uint32_t nret,
                                  uint32_t *rets);
/*
 * How many words of @rets (filled by spapr_irq_rtas() for a call with
 * @nret results) the guest's memory gets, as QEMU's handlers store them:
 * all @nret when the status @rets[0] is SPAPR_RTAS_OUT_SUCCESS, else the
 * status alone (none when @nret is 0).  spapr_irq_rtas_guest() writes
 * that many; a VMM with its own buffers (QEMU's qtest "rtas") does the
 * same.
 */
SPAPR_IRQ_API uint32_t spapr_irq_rtas_stored(uint32_t nret,
                                             const uint32_t *rets);
/*
 * The guest's RTAS call (H_RTAS) with its argument buffer at guest physical
 * address @args_gpa (R3): PAPR's rtas_args, big-endian 32-bit words token,
 * nargs, nret, args[nargs], rets[nret].  Reads them with the mem_read
 * callback, runs spapr_irq_rtas() and writes the results back with
 * mem_write, as QEMU's h_rtas() does.  Returns false, having read only the
 * token, when it is not an interrupt RTAS call of this machine: the VMM
 * answers it (and on a XIVE-only machine the XICS calls).  Otherwise true
 * with the hcall's return in *@hretp:
 *  - SPAPR_H_SUCCESS: the call ran; its RTAS status is in rets[0] in
 *    guest memory (SPAPR_RTAS_OUT_PARAM_ERROR for counts other than the
 *    call's, SPAPR_RTAS_OUT_HW_ERROR while its controller is not active);
 *  - SPAPR_H_PARAMETER: the buffer is not guest RAM (mem_read or mem_write
 *    failed, or is NULL): the header unreadable (QEMU reads such memory as
 *    0, token 0, which it answers H_PARAMETER), the arguments unreadable
 *    (nothing ran; status SPAPR_RTAS_OUT_PARAM_ERROR written if it can be)
 *    or the results unwritable (the call ran).
 * The results after the status are written only by a call that succeeded,
 * as QEMU's handlers store them.  Never allocates.
 */
SPAPR_IRQ_API bool spapr_irq_rtas_guest(SpaprIrq *irq, uint32_t cpu_index,
                                        uint64_t args_gpa, int64_t *hretp);

/*
 * A guest MMIO access of @size bytes (1, 2, 4, 8) at guest physical
 * address @addr by vCPU @cpu_index.  Returns false if the address is not in
 * an interrupt controller's region (ESB pages, TIMA) of the active
 * controller; otherwise true, with the loaded value in *valp for a read
 * (all ones for an access the model does not accept: a TIMA access of a
 * vCPU that was not added, or one the TIMA refuses; an ESB load of 1, 2 or
 * 4 bytes reads 0, as QEMU's 8-byte-only ESB region; docs/specs/xive.md).
 * Any other @size (0, 3, 16, ...; no CPU makes one) is refused the same
 * way in every region: a read returns true with all ones, a write returns
 * true and changes nothing.  While the XIVE runs in the kernel its regions
 * are the VMM's memory slots (map_region) and these return false there:
 * the guest's accesses never exit to the VMM.  Never allocate or abort.
 */
SPAPR_IRQ_API bool spapr_irq_mmio_read(SpaprIrq *irq, uint32_t cpu_index,
                                       uint64_t addr, unsigned size,
                                       uint64_t *valp);
SPAPR_IRQ_API bool spapr_irq_mmio_write(SpaprIrq *irq, uint32_t cpu_index,
                                        uint64_t addr, unsigned size,
                                        uint64_t val);

/*
 * CAS: the guest sent option vector 5 byte 23 = @ov5_byte23.  With
 * -machine cas-switch=at-reset (the default) records the choice; the next
 * spapr_irq_reset() applies it.  With cas-switch=at-cas switches the
 * active controller now, as QEMU 5.0 and later do (nothing is left for the
 * next reset, which returns a dual machine to XICS); a switch with a KVM
 * host is refused while the VM runs (SPAPR_IRQ_ERROR_STATE: call it
 * between spapr_irq_vm_stop() and spapr_irq_vm_resume()), and a failed
 * switch gives the previous controller back and returns the error.
 * Errors: SPAPR_IRQ_ERROR_CAS with QEMU's message (the VMM stops the
 * guest), first and changing nothing.
 */
SPAPR_IRQ_API bool spapr_irq_cas(SpaprIrq *irq, uint8_t ov5_byte23,
                                 GError **errp);
/*
 * CAS from the whole option vector 5, as it lies in the guest's CAS table:
 * @ov5[0] is the vector's length minus one, @ov5[1..] its bytes 1..
 * (PAPR's numbering), @size the bytes at @ov5.  Takes byte 23
 * (SPAPR_OV5_BYTE_INTC), 0 when the vector is shorter than that, as QEMU's
 * spapr_ovec_parse_vector(), and does what spapr_irq_cas() does with it.
 * Errors: SPAPR_IRQ_ERROR_RANGE when @size cannot hold the length byte or
 * the bytes it announces (nothing changes); then spapr_irq_cas()'s.
 */
SPAPR_IRQ_API bool spapr_irq_cas_ov5(SpaprIrq *irq, const uint8_t *ov5,
                                     size_t size, GError **errp);
/*
 * Machine reset.  Applies a recorded CAS choice (deactivate the old
 * controller, activate the new one per the policy); a reset without a new
 * CAS returns a dual machine to XICS.  Resets the active controller.  With
 * a KVM host, refused while the VM runs (the vCPUs are out of KVM_RUN for a
 * reset: QEMU pauses them; call it between spapr_irq_vm_stop() and
 * spapr_irq_vm_resume()).
 */
SPAPR_IRQ_API bool spapr_irq_reset(SpaprIrq *irq, GError **errp);

/* Writes the interrupt parts of the device tree into @fdt (libfdt blob
 * with room): the active controller's node and the (23, byte) pair of
 * /chosen/ibm,arch-vec-5-platform-support, /chosen created if missing.
 * Errors: SPAPR_IRQ_ERROR_STATE (no controller is active),
 * SPAPR_IRQ_ERROR_NO_SPACE (the blob is full: spapr_irq_dt_size()),
 * SPAPR_IRQ_ERROR_INVALID_OPTION (libfdt refused the blob). */
SPAPR_IRQ_API bool spapr_irq_dt(SpaprIrq *irq, void *fdt, GError **errp);
/*
 * The bytes spapr_irq_dt() adds to a blob now (the active controller's
 * node; it changes when a reset switches the controller): exact for a blob
 * without /chosen and without the fragment's property names, an upper
 * bound for any other (shared names and an existing /chosen take less).
 * A VMM sizes its blob as its own content plus this.  Errors:
 * SPAPR_IRQ_ERROR_STATE (no controller is active).
 */
SPAPR_IRQ_API bool spapr_irq_dt_size(SpaprIrq *irq, size_t *sizep,
                                     GError **errp);
/* Writes the interrupt properties of one CPU node at @cpu_node.  Errors:
 * SPAPR_IRQ_ERROR_STATE (no controller is active), SPAPR_IRQ_ERROR_RANGE
 * (@cpu_index not below max_cpus), spapr_irq_dt()'s libfdt errors. */
SPAPR_IRQ_API bool spapr_irq_dt_cpu(SpaprIrq *irq, void *fdt, int cpu_node,
                                    uint32_t cpu_index, GError **errp);
/*
 * Writes the token of each interrupt RTAS call this machine answers
 * (spapr_irq_rtas()) as a property of the VMM's /rtas node @rtas_node, as
 * QEMU's spapr_dt_rtas_tokens(): the property is named for the call
 * ("ibm,set-xive"), its value the token, one big-endian cell.  A machine
 * with XICS (xics or dual) has the four XICS calls; a XIVE-only machine
 * none.  Errors: spapr_irq_dt()'s libfdt errors.
 */
SPAPR_IRQ_API bool spapr_irq_dt_rtas(SpaprIrq *irq, void *fdt, int rtas_node,
                                     GError **errp);

/*
 * VM run state, as QEMU's run-state handlers see it.  A layer is created
 * with the VM stopped; the VMM calls spapr_irq_vm_resume() before its
 * vCPUs enter KVM_RUN and spapr_irq_vm_stop() once they have all left it
 * (QEMU: vm_start() and vm_stop()).  At stop an in-kernel XIVE masks its
 * sources keeping their PQ bits and syncs its queues; at resume it gives
 * the PQ bits back and fires again what came while stopped.  Emulated
 * controllers need neither.  Both are idempotent.  Errors of stop:
 * SPAPR_IRQ_ERROR_HOST naming the kernel call (under kernel-irqchip=allowed
 * the controller falls back to emulation instead); a failed stop changes
 * nothing (the VM is still running for the layer, its sources unmasked).
 *
 * While the VM runs the layer issues no vCPU ioctl (KVM_GET/SET_ONE_REG,
 * KVM_ENABLE_CAP on a running vCPU): the kernel would wait for the vCPU
 * to leave KVM_RUN.  So, while the VM runs: save, load and reset are
 * refused when a controller runs (or may run) in the kernel
 * (SPAPR_IRQ_ERROR_STATE), `info pic` prints what it can read without the
 * vCPUs, and a vCPU's own state is read by spapr_irq_cpu_synchronize() on
 * that vCPU's thread.  docs/specs/vmm.md lists every call's rule.
 */
SPAPR_IRQ_API bool spapr_irq_vm_stop(SpaprIrq *irq, GError **errp);
SPAPR_IRQ_API bool spapr_irq_vm_resume(SpaprIrq *irq, GError **errp);
SPAPR_IRQ_API bool spapr_irq_vm_running(const SpaprIrq *irq);
/*
 * Reads the interrupt state of vCPU @cpu_index (its XIVE thread context or
 * XICS presenter) back from the kernel into the layer, as QEMU's
 * cpu_synchronize_state(): call it on that vCPU's thread, outside
 * KVM_RUN; the VM may run.  Nothing to do for an emulated controller.
 * Errors: SPAPR_IRQ_ERROR_RANGE, SPAPR_IRQ_ERROR_STATE (vCPU not added),
 * SPAPR_IRQ_ERROR_HOST.
 */
SPAPR_IRQ_API bool spapr_irq_cpu_synchronize(SpaprIrq *irq, uint32_t cpu_index,
                                             GError **errp);
/* The KVM vCPU fd the layer uses for @cpu_index (the VMM's, or the one the
 * layer created), or -1 (tcg, or no such vCPU). */
SPAPR_IRQ_API int spapr_irq_cpu_vcpu_fd(const SpaprIrq *irq,
                                        uint32_t cpu_index);

/* Appends the layer's migration stream (docs/specs/migration.md: a header
 * with the guest-visible configuration, one section per controller, a
 * CRC32C trailer; big-endian, the same for every backend) to @out.
 * Refused while the VM runs with a controller in the kernel
 * (spapr_irq_vm_stop() first). */
SPAPR_IRQ_API bool spapr_irq_save(SpaprIrq *irq, GByteArray *out,
                                  GError **errp);
/* Loads a stream written by spapr_irq_save(): all of it is validated (the
 * checksum, every field, the configuration against this machine's, every
 * difference listed in one error) before anything changes; a failed load
 * leaves the machine as it was.  Errors: SPAPR_IRQ_ERROR_STATE (also while
 * the VM runs with a KVM host), or the kernel's / the policy's error when
 * the loaded state cannot be handed to the backend. */
SPAPR_IRQ_API bool spapr_irq_load(SpaprIrq *irq, const uint8_t *buf, size_t len,
                                  GError **errp);

/*
 * Walks a stream written by spapr_irq_save() without loading it, calling
 * @visit for every field in stream order (each byte of @buf in exactly one
 * field): @section is "header", "xics", "xive", "cpu <server>" (the
 * per-vCPU records of every controller, fields "xics.xirr",
 * "xive.os.cppr", ...) or "trailer", @field the field's name ("source
 * 0x1000 server", "end runs", ...), @value its value (up to 64 bits),
 * @offset and @size where it lies in @buf.  For `spapr-irq
 * analyze-migration` and VMM tools.  @section and @field are valid during
 * the visit only.  Errors: SPAPR_IRQ_ERROR_STATE naming
 * what is malformed; the checksum and the frame are checked before the
 * first visit.
 */
typedef void (*SpaprIrqStateVisit)(void *opaque, const char *section,
                                   const char *field, uint64_t value,
                                   size_t offset, size_t size);
SPAPR_IRQ_API bool spapr_irq_state_walk(const uint8_t *buf, size_t len,
                                        SpaprIrqStateVisit visit, void *opaque,
                                        GError **errp);

/*
 * The trace filter: which events reach SpaprIrqCallbacks.trace.  @patterns
 * (NULL-ended; copied, not kept) are QEMU's -trace patterns applied in
 * order from no event: a glob (`*`, `?`) of event names enables what it
 * matches, the same with a leading '-' disables it ({"xive_*",
 * "-xive_tctx_tm_*", NULL}).  @patterns NULL: every event (the default at
 * create).  An event the filter drops costs one array lookup: it is never
 * formatted and the callback is not called.  Errors:
 * SPAPR_IRQ_ERROR_INVALID_OPTION for a name without wildcards that is no
 * event, with QEMU's text "trace event 'NAME' does not exist"; the filter
 * is then unchanged.  A glob that matches nothing is accepted, as QEMU.
 */
SPAPR_IRQ_API bool spapr_irq_set_trace_filter(SpaprIrq *irq,
                                              const char *const *patterns,
                                              GError **errp);
/* Whether the filter delivers event @id (false for an unknown id). */
SPAPR_IRQ_API bool spapr_irq_trace_enabled(const SpaprIrq *irq,
                                           SpaprIrqTraceId id);

/* `info pic`: appends a human-readable dump to @out.  An in-kernel
 * controller reads its state back first; while the VM runs, only what needs
 * no vCPU (sources, queues), and the dump says what it left out. */
SPAPR_IRQ_API void spapr_irq_print_info(SpaprIrq *irq, GString *out);

G_END_DECLS

#endif
