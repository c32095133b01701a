/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the machine layer (hw/machine/) through the public
 * API of include/spapr-irq/spapr-irq.h.
 *
 * Expectations come from the headers, docs/specs/policy.md and the facts
 * (sections 1-3 and 8); numbers and messages are written out by hand.
 * The XICS model is tested through the same API by test-xics-conformance;
 * here only the layer's dispatch is.  Under -accel kvm-sim the in-kernel
 * backends run on the simulated host: what they hold in its "kernel" is
 * read through spapr_irq_get_host() and spapr_host_sim_stats().
 *
 * main() registers every test, in one list; each group of tests lives in
 * a file of this folder named for it, on the helpers of fixture.c (declared
 * in fixture.h):
 *   create.c            /machine/create/...: creation under tcg
 *   kvm-sim.c           /machine/kvm-sim/{allowed,default-profile,on,
 *                       teardown-stats,xics-path,off}
 *   kvm-sim-fallback.c  /machine/kvm-sim/{on-unavailable,
 *                       allowed-unavailable,switch-failure,no-irqchip}
 *   kvm-sim-cost.c      /machine/kvm-sim/{switch-host-calls,vcpu-lines}
 *   rtas-tokens.c       /machine/kvm-sim/rtas-tokens/{undefine-failure,
 *                       switch,fallback,teardown}
 *   kvm-host.c          /machine/kvm-sim/{host-errors,host-api},
 *                       /machine/kvm/missing-device
 *   cpu.c               /machine/cpu/...: vCPUs
 *   claim.c             /machine/claim/..., /machine/set-irq: IRQ numbers
 *   hcall-rtas.c        /machine/hcall/..., /machine/rtas/...
 *   cas.c               /machine/cas/...: CAS and reset
 *   state.c             /machine/state/...: save and load
 *   stream.c            /machine/stream/...: the migration stream
 *   dt.c                /machine/dt/...: the device tree
 *   lifetime.c          /machine/{print-info,destroy,two-machines}
 *   rtas-guest.c        /machine/rtas-guest/..., /machine/dt/rtas-tokens
 *   vmm-helpers.c       /machine/vmm/...: CAS from option vector 5, the
 *                       device-tree size, the trace filter, the flags
 */
#include "fixture.h"

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/machine/create/tcg-modes", test_create_tcg_modes);
    g_test_add_func("/machine/create/topology", test_create_topology);
    g_test_add_func("/machine/create/power8", test_create_power8);
    g_test_add_func("/machine/create/errors", test_create_errors);
    g_test_add_func("/machine/create/tcg-warnings", test_create_tcg_warnings);
    g_test_add_func("/machine/kvm-sim/allowed", test_kvm_sim_allowed);
    g_test_add_func("/machine/kvm-sim/default-profile",
                    test_kvm_sim_default_profile);
    g_test_add_func("/machine/kvm-sim/on", test_kvm_sim_on);
    g_test_add_func("/machine/kvm-sim/on-unavailable",
                    test_kvm_sim_on_unavailable);
    g_test_add_func("/machine/kvm-sim/allowed-unavailable",
                    test_kvm_sim_allowed_unavailable);
    g_test_add_func("/machine/kvm-sim/teardown-stats",
                    test_kvm_sim_teardown_stats);
    g_test_add_func("/machine/kvm-sim/xics-path", test_kvm_sim_xics_path);
    g_test_add_func("/machine/kvm-sim/xics-freed-source",
                    test_kvm_sim_xics_freed_source);
    g_test_add_func("/machine/kvm-sim/switch-failure",
                    test_kvm_sim_switch_failure);
    g_test_add_func("/machine/kvm-sim/off", test_kvm_sim_off);
    g_test_add_func("/machine/kvm-sim/switch-host-calls",
                    test_kvm_sim_switch_host_calls);
    g_test_add_func("/machine/kvm-sim/vcpu-lines", test_kvm_sim_vcpu_lines);
    g_test_add_func("/machine/kvm-sim/rtas-tokens/undefine-failure",
                    test_rtas_tokens_undefine_failure);
    g_test_add_func("/machine/kvm-sim/rtas-tokens/switch",
                    test_rtas_tokens_switch);
    g_test_add_func("/machine/kvm-sim/rtas-tokens/fallback",
                    test_rtas_tokens_fallback);
    g_test_add_func("/machine/kvm-sim/rtas-tokens/teardown",
                    test_rtas_tokens_teardown);
    g_test_add_func("/machine/kvm-sim/host-errors", test_kvm_sim_host_errors);
    g_test_add_func("/machine/kvm-sim/no-irqchip", test_kvm_sim_no_irqchip);
    g_test_add_func("/machine/kvm-sim/no-rtas-cap", test_kvm_sim_no_rtas_cap);
    g_test_add_func("/machine/kvm-sim/4k-pages", test_kvm_sim_4k_pages);
    g_test_add_func("/machine/kvm-sim/host-api", test_sim_host_api);
    g_test_add_func("/machine/run-state/xics", test_run_state_xics);
    g_test_add_func("/machine/run-state/dual", test_run_state_dual);
    g_test_add_func("/machine/run-state/no-map-region",
                    test_run_state_no_map_region);
    g_test_add_func("/machine/run-state/no-fallback-running",
                    test_run_state_no_fallback_running);
    g_test_add_func("/machine/kvm/missing-device", test_kvm_missing_device);
    g_test_add_func("/machine/cpu/add", test_cpu_add);
    g_test_add_func("/machine/cpu/add-range-default",
                    test_cpu_add_range_default);
    g_test_add_func("/machine/claim/range", test_claim_range);
    g_test_add_func("/machine/claim/busy", test_claim_busy);
    g_test_add_func("/machine/claim/lsi-flag", test_claim_lsi_flag);
    g_test_add_func("/machine/claim/free", test_claim_free);
    g_test_add_func("/machine/claim/free-wrap", test_claim_free_wrap);
    g_test_add_func("/machine/claim/free-huge", test_claim_free_huge);
    g_test_add_func("/machine/claim/every-mode", test_claim_every_mode);
    g_test_add_func("/machine/set-irq", test_set_irq);
    g_test_add_func("/machine/hcall/is-hcall", test_is_hcall);
    g_test_add_func("/machine/hcall/xics-active", test_hcall_xics_active);
    g_test_add_func("/machine/hcall/xive-active", test_hcall_xive_active);
    g_test_add_func("/machine/hcall/single-mode", test_hcall_single_mode);
    g_test_add_func("/machine/rtas/tokens", test_rtas_tokens);
    g_test_add_func("/machine/rtas/unknown-token", test_rtas_unknown_token);
    g_test_add_func("/machine/rtas/xive-active", test_rtas_xive_active);
    g_test_add_func("/machine/cas/dual", test_cas_dual);
    g_test_add_func("/machine/cas/xive-only", test_cas_xive_only);
    g_test_add_func("/machine/cas/xics-only", test_cas_xics_only);
    g_test_add_func("/machine/cas/dual-power8", test_cas_dual_power8);
    g_test_add_func("/machine/cas/switch-option", test_cas_switch_option);
    g_test_add_func("/machine/cas/at-cas-tcg", test_cas_at_cas_tcg);
    g_test_add_func("/machine/cas/at-reset", test_cas_at_reset);
    g_test_add_func("/machine/cas/at-cas-kvm-sim", test_cas_at_cas_kvm_sim);
    g_test_add_func("/machine/cas/at-cas-state", test_cas_at_cas_state);
    g_test_add_func("/machine/cas/at-cas-failures", test_cas_at_cas_failures);
    g_test_add_func("/machine/state/save-dual", test_save_dual);
    g_test_add_func("/machine/stream/crc", test_stream_crc);
    g_test_add_func("/machine/stream/walk", test_stream_walk);
    g_test_add_func("/machine/stream/size-4096", test_stream_size_4096);
    g_test_add_func("/machine/stream/inconsistent", test_stream_inconsistent);
    g_test_add_func("/machine/stream/mismatch", test_stream_mismatch);
    g_test_add_func("/machine/stream/golden-xics", test_stream_golden_xics);
    g_test_add_func("/machine/stream/golden-dual-cas",
                    test_stream_golden_dual_cas);
    g_test_add_func("/machine/stream/policy-refusal",
                    test_stream_policy_refusal);
    g_test_add_func("/machine/state/save-xics", test_save_xics_appends);
    g_test_add_func("/machine/state/load-empty", test_load_empty);
    g_test_add_func("/machine/state/load-bad-header", test_load_bad_header);
    g_test_add_func("/machine/state/load-bad-body", test_load_bad_body);
    g_test_add_func("/machine/state/load-active-not-in-machine",
                    test_load_active_not_in_machine);
    g_test_add_func("/machine/state/load-empty-xics-section",
                    test_load_empty_xics_section);
    g_test_add_func("/machine/dt/dual-switch", test_dt_dual_switch);
    g_test_add_func("/machine/print-info", test_print_info);
    g_test_add_func("/machine/destroy", test_destroy);
    g_test_add_func("/machine/two-machines", test_two_machines);

    g_test_add_func("/machine/rtas-guest/calls", test_rtas_guest_calls);
    g_test_add_func("/machine/rtas-guest/bad-buffer",
                    test_rtas_guest_bad_buffer);
    g_test_add_func("/machine/rtas-guest/modes", test_rtas_guest_modes);
    g_test_add_func("/machine/dt/rtas-tokens", test_dt_rtas_tokens);
    g_test_add_func("/machine/vmm/cas-ov5", test_vmm_cas_ov5);
    g_test_add_func("/machine/vmm/dt-size", test_vmm_dt_size);
    g_test_add_func("/machine/vmm/trace-filter", test_vmm_trace_filter);
    g_test_add_func("/machine/vmm/hint-flags", test_vmm_hint_flags);
    g_test_add_func("/machine/vmm/callbacks-copied", test_vmm_callbacks_copied);
    return g_test_run();
}
