/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The fixture of test-machine: the messages and hcall numbers the tests
 * expect, the helpers of fixture.c every group uses, and the tests of each
 * group file that main.c registers.
 */
#ifndef TESTS_UNIT_MACHINE_FIXTURE_H
#define TESTS_UNIT_MACHINE_FIXTURE_H

#include <glib.h>

#include "hw/host/host.h"
#include "sim/sim.h"
#include "spapr-irq/spapr-irq.h"

/* Messages fixed by docs/specs/policy.md. */
#define MSG_CAS_INVALID "guest requested an invalid interrupt mode"
#define MSG_CAS_NO_XIVE                                                        \
    "Guest requested unavailable interrupt mode (XIVE), try the "              \
    "ic-mode=xive or ic-mode=dual machine property"
#define MSG_CAS_NO_XICS                                                        \
    "Guest requested unavailable interrupt mode (XICS), either don't set "     \
    "the ic-mode machine property or try ic-mode=xics or ic-mode=dual"
#define MSG_DUAL_ON       "KVM is incompatible with ic-mode=dual,kernel-irqchip=on"
#define MSG_XIVE_NEEDS_P9 "XIVE-only machines require a POWER9 CPU"
#define FALLBACK_PREFIX   "kernel_irqchip allowed but unavailable: "
#define FALLBACK_SUFFIX   ", Falling back to kernel-irqchip=off"
#define STATE_PREFIX      "interrupt state: "

/* hcall numbers (facts sections 5 and 6). */
#define OP_H_EOI                 0x64
#define OP_H_CPPR                0x68
#define OP_H_IPI                 0x6C
#define OP_H_IPOLL               0x70
#define OP_H_XIRR                0x74
#define OP_H_XIRR_X              0x2FC
#define OP_H_INT_GET_SOURCE_INFO 0x3A8
#define OP_H_INT_RESET           0x3D0

/* ------------------------------------------------------------------ */
/* fixture.c                                                           */
/* ------------------------------------------------------------------ */

/* Every machine's callbacks; set_cpu_irq counts in an unsigned *opaque. */
extern const SpaprIrqCallbacks callbacks;

/* A configuration from NULL-terminated option/argument pairs. */
SpaprIrqConfig *cfg_from(const char *const *opts);
/* Creates a machine from @cfg, which must succeed. */
SpaprIrq *create_cfg_ok(const SpaprIrqConfig *cfg);
/* Creates a machine from option pairs (NULL: none), which must succeed. */
SpaprIrq *create_ok(const char *const *opts);
/* Creation that must fail with @code; returns the message (caller frees). */
char *create_fail(const char *const *opts, int code);
/* @haystack must contain @needle. */
void assert_contains(const char *haystack, const char *needle);
/* spapr_irq_cas(@byte23) must succeed. */
void cas_ok(SpaprIrq *irq, uint8_t byte23);
/* spapr_irq_reset() must succeed. */
void reset_ok(SpaprIrq *irq);
/* spapr_irq_cpu_add(@cpu_index) must succeed. */
void cpu_add_ok(SpaprIrq *irq, uint32_t cpu_index);
/* spapr_irq_claim(@irqn, @lsi) must succeed. */
void claim_ok(SpaprIrq *irq, uint32_t irqn, bool lsi);

/* ---- for the kvm-sim groups (kvm-sim.c, kvm-sim-fallback.c) ---- */

/* The simulator's counters for the host the layer opened. */
SpaprHostSimStats irq_sim_stats(SpaprIrq *irq);
/* The active controller must be @kind, implemented as @impl. */
void assert_active(SpaprIrq *irq, SpaprIntcKind kind, SpaprIntcImpl impl);
/* spapr_irq_print_info() must contain @needle. */
void assert_info_contains(SpaprIrq *irq, const char *needle);
/* XICS active in the kernel with @vcpus connected, as the host shows. */
void assert_kernel_xics(SpaprIrq *irq, unsigned vcpus);
/* XIVE active in the kernel with @vcpus connected, as the host shows. */
void assert_kernel_xive(SpaprIrq *irq, unsigned vcpus);

/* ------------------------------------------------------------------ */
/* The tests, registered by main.c                                     */
/* ------------------------------------------------------------------ */

/* create.c */
/* /machine/create/tcg-modes: the plan of each ic-mode under tcg. */
void test_create_tcg_modes(void);
/* /machine/create/topology: -smp and vsmt give the plan's topology. */
void test_create_topology(void);
/* /machine/create/power8: POWER8 offers XICS only, POWER10 dual. */
void test_create_power8(void);
/* /machine/create/errors: the machines refused under tcg. */
void test_create_errors(void);
/* /machine/create/tcg-warnings: kernel-irqchip under tcg warns. */
void test_create_tcg_warnings(void);

/* kvm-sim.c */
/* /machine/kvm-sim/allowed: both controllers in the kernel, switched. */
void test_kvm_sim_allowed(void);
/* /machine/kvm-sim/default-profile: no host= gives power9-6.1. */
void test_kvm_sim_default_profile(void);
/* /machine/kvm-sim/on: kernel-irqchip=on where the host has it all. */
void test_kvm_sim_on(void);
/* /machine/kvm-sim/teardown-stats: what the kernel holds at destroy. */
void test_kvm_sim_teardown_stats(void);
/* /machine/kvm-sim/xics-path: RTAS, IRQ lines and hcalls in the kernel. */
void test_kvm_sim_xics_path(void);
/* /machine/kvm-sim/xics-freed-source: read-backs after a free are fresh. */
void test_kvm_sim_xics_freed_source(void);
/* /machine/kvm-sim/off: kernel-irqchip=off emulates, without warning. */
void test_kvm_sim_off(void);

/* kvm-sim-fallback.c */
/* /machine/kvm-sim/on-unavailable: on refused without the controller. */
void test_kvm_sim_on_unavailable(void);
/* /machine/kvm-sim/allowed-unavailable: allowed falls back, warned. */
void test_kvm_sim_allowed_unavailable(void);
/* /machine/kvm-sim/switch-failure: the XIVE device fails at the switch. */
void test_kvm_sim_switch_failure(void);
/* /machine/kvm-sim/no-irqchip: a host without any in-kernel controller. */
void test_kvm_sim_no_irqchip(void);
/* kvm-sim-fallback.c: a kernel without KVM_CAP_PPC_RTAS. */
void test_kvm_sim_no_rtas_cap(void);
/* kvm-sim-fallback.c: a 4 KiB-page host's in-kernel XIVE. */
void test_kvm_sim_4k_pages(void);

/* kvm-sim-cost.c */
/* /machine/kvm-sim/switch-host-calls: a switch makes one host call per
 * source, none for a masked source the kernel has just reset. */
void test_kvm_sim_switch_host_calls(void);
/* /machine/kvm-sim/vcpu-lines: the kernel's line changes reach the VMM for
 * the right CPU index, after an unplug and replug too. */
void test_kvm_sim_vcpu_lines(void);

/* rtas-tokens.c */
/* /machine/kvm-sim/rtas-tokens/undefine-failure: each undefine of the
 * xics -> xive switch fails in turn; the machine stays on kernel XICS. */
void test_rtas_tokens_undefine_failure(void);
/* /machine/kvm-sim/rtas-tokens/switch: undefined first, defined again. */
void test_rtas_tokens_switch(void);
/* /machine/kvm-sim/rtas-tokens/fallback: the fallback undefines first. */
void test_rtas_tokens_fallback(void);
/* /machine/kvm-sim/rtas-tokens/teardown: released whatever fails. */
void test_rtas_tokens_teardown(void);

/* kvm-host.c */
/* /machine/kvm-sim/host-errors: creations the host refuses. */
void test_kvm_sim_host_errors(void);
/* /machine/kvm/missing-device: a KVM device that is not there. */
void test_kvm_missing_device(void);
/* /machine/kvm-sim/host-api: the simulator through the host API. */
void test_sim_host_api(void);

/* cpu.c */
/* /machine/cpu/add: vCPUs added and removed within maxcpus. */
void test_cpu_add(void);
/* /machine/cpu/add-range-default: the default maxcpus is 1. */
void test_cpu_add_range_default(void);

/* claim.c */
/* /machine/claim/range: only 0x1000-0x1fff can be claimed. */
void test_claim_range(void);
/* /machine/claim/busy: a claimed number cannot be claimed again. */
void test_claim_busy(void);
/* /machine/claim/lsi-flag: is_claimed tells an LSI from an MSI. */
void test_claim_lsi_flag(void);
/* /machine/claim/free: freeing ranges, in and out of bounds. */
void test_claim_free(void);
/* /machine/claim/free-wrap: a range whose end passes 4 GiB frees nothing. */
void test_claim_free_wrap(void);
/* /machine/claim/free-huge: a huge range is clamped, not walked. */
void test_claim_free_huge(void);
/* /machine/claim/every-mode: claims under each ic-mode and a switch. */
void test_claim_every_mode(void);
/* /machine/set-irq: levels of claimed IRQs; others refused. */
void test_set_irq(void);

/* hcall-rtas.c */
/* /machine/hcall/is-hcall: which hcall numbers are the layer's. */
void test_is_hcall(void);
/* /machine/hcall/xics-active: XIVE hcalls refused while XICS is active. */
void test_hcall_xics_active(void);
/* /machine/hcall/xive-active: XICS hcalls refused while XIVE is active. */
void test_hcall_xive_active(void);
/* /machine/hcall/single-mode: the other controller's hcalls never pass. */
void test_hcall_single_mode(void);
/* /machine/rtas/tokens: the four interrupt RTAS tokens by name. */
void test_rtas_tokens(void);
/* /machine/rtas/unknown-token: other tokens are left to the VMM. */
void test_rtas_unknown_token(void);
/* /machine/rtas/xive-active: the XICS RTAS calls fail under XIVE. */
void test_rtas_xive_active(void);

/* cas.c */
/* /machine/cas/dual: the CAS choice takes effect at the next reset. */
void test_cas_dual(void);
/* /machine/cas/xive-only: CAS for XICS refused on a XIVE machine. */
void test_cas_xive_only(void);
/* /machine/cas/xics-only: CAS for XIVE refused on a XICS machine. */
void test_cas_xics_only(void);
/* /machine/cas/dual-power8: dual on POWER8 offers XICS only. */
void test_cas_dual_power8(void);
/* /machine/cas/switch-option: -machine cas-switch= parsed, in the plan. */
void test_cas_switch_option(void);
/* /machine/cas/at-cas-tcg: cas-switch=at-cas switches in spapr_irq_cas(). */
void test_cas_at_cas_tcg(void);
/* /machine/cas/at-reset: cas-switch=at-reset, the default, spelled out. */
void test_cas_at_reset(void);
/* /machine/cas/at-cas-kvm-sim: the switch at CAS in the kernel, stopped. */
void test_cas_at_cas_kvm_sim(void);
/* /machine/cas/at-cas-state: saved after a switch at CAS. */
void test_cas_at_cas_state(void);
/* /machine/cas/at-cas-failures: each host call of the switch failing. */
void test_cas_at_cas_failures(void);

/* state.c */
/* /machine/state/save-dual: save -> load -> save, a failed load undone. */
void test_save_dual(void);
/* /machine/state/save-xics: save appends to what the array holds. */
void test_save_xics_appends(void);
/* /machine/state/load-empty: empty and short states refused. */
void test_load_empty(void);
/* /machine/state/load-bad-header: each bad header field refused. */
void test_load_bad_header(void);
/* /machine/state/load-bad-body: a cut or mismatched body refused. */
void test_load_bad_body(void);
/* /machine/state/load-active-not-in-machine: XIVE active on xics. */
void test_load_active_not_in_machine(void);
/* /machine/state/load-empty-xics-section: the controller refuses it. */
void test_load_empty_xics_section(void);

/* dt.c */
/* /machine/dt/dual-switch: the tree before and after a CAS switch. */
void test_dt_dual_switch(void);

/* rtas-guest.c */
/* /machine/rtas-guest/calls: rtas_args in guest RAM, results written. */
void test_rtas_guest_calls(void);
/* /machine/rtas-guest/bad-buffer: buffers outside guest RAM. */
void test_rtas_guest_bad_buffer(void);
/* /machine/rtas-guest/modes: dual after CAS, XIVE-only. */
void test_rtas_guest_modes(void);
/* /machine/dt/rtas-tokens: the /rtas token properties. */
void test_dt_rtas_tokens(void);

/* vmm-helpers.c */
/* /machine/vmm/cas-ov5: CAS from the whole option vector 5. */
void test_vmm_cas_ov5(void);
/* /machine/vmm/dt-size: the fragment's size, exact for an empty tree. */
void test_vmm_dt_size(void);
/* /machine/vmm/trace-filter: QEMU's patterns select the events. */
void test_vmm_trace_filter(void);
/* /machine/vmm/hint-flags: the H_INT_* flags, PAPR's bits. */
void test_vmm_hint_flags(void);
/* /machine/vmm/callbacks-copied: the VMM's struct may go after create. */
void test_vmm_callbacks_copied(void);

/* lifetime.c */
/* /machine/print-info: the info text, appended, of the active one. */
void test_print_info(void);
/* /machine/destroy: destroy clears the pointer; again, or on NULL, a no-op. */
void test_destroy(void);
/* stream.c */
/* /machine/stream/crc: the trailer is CRC32C of everything before it. */
void test_stream_crc(void);
/* /machine/stream/walk: every byte walked once; a twin loads it. */
void test_stream_walk(void);
/* /machine/stream/size-4096: at most 1.05 x the guest-visible state. */
void test_stream_size_4096(void);
/* /machine/stream/inconsistent: crafted streams, each error named. */
void test_stream_inconsistent(void);
/* /machine/stream/mismatch: each mismatch, several in one error. */
void test_stream_mismatch(void);
/* /machine/stream/golden-xics: tests/data/stream-xics-tcg.bin. */
void test_stream_golden_xics(void);
/* /machine/stream/golden-dual-cas: tests/data/stream-dual-cas-pending.bin,
 * every byte of it flipped. */
void test_stream_golden_dual_cas(void);
/* /machine/stream/policy-refusal: kernel-irqchip=on, each host call of the
 * load failing: refused, the destination unchanged. */
void test_stream_policy_refusal(void);

/* /machine/two-machines: two machines do not share state. */
void test_two_machines(void);

/* run-state.c */
/* /machine/run-state/xics: the in-kernel XICS on a running VM. */
void test_run_state_xics(void);
/* /machine/run-state/dual: a dual machine running through its switch. */
void test_run_state_dual(void);
/* /machine/run-state/no-map-region: a VMM that cannot map the XIVE pages. */
void test_run_state_no_map_region(void);
/* /machine/run-state/no-fallback-running: no fallback while the VM runs. */
void test_run_state_no_fallback_running(void);

#endif
