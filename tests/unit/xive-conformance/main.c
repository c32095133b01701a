/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * XIVE conformance suite: the registration of every test, once per
 * backend, as /xive/<backend>/<test>, in the order they run.  fixture.h
 * describes the suite and lists its files.  meson runs it as 20 tests,
 * test-xive-conformance-KofN, each every 20th test (--part K/N,
 * conformance_main()), so that progress shows.
 */
#include "fixture.h"

/* ==== registration ==== */

static const ConformanceTest tests[] = {
    {"reset-defaults", test_reset_defaults},
    {"esb-pq-transitions", test_esb_pq_transitions},
    {"esb-lsi-pages", test_esb_lsi_pages},
    {"esb-access-sizes", test_esb_access_sizes},
    {"coalescing", test_coalescing},
    {"mask-eas", test_mask_eas},
    {"mask-pq-off", test_mask_pq_off},
    {"cppr-priority", test_cppr_priority},
    {"tima-os-ring", test_tima_os_ring},
    {"queue-wrap-generation", test_queue_wrap_generation},
    {"queue-config", test_queue_config},
    {"queue-not-always-notify", test_queue_not_always_notify},
    {"queue-not-configured", test_queue_not_configured},
    {"ipi-every-server", test_ipi_every_server},
    {"lsi-level", test_lsi_level},
    {"lsi-asserted-while-off", test_lsi_asserted_while_off},
    {"source-info", test_source_info},
    {"source-config", test_source_config},
    {"h-int-reset", test_h_int_reset},
    {"machine-reset", test_machine_reset},
    {"bad-get-source-info", test_bad_get_source_info},
    {"bad-set-source-config", test_bad_set_source_config},
    {"bad-get-source-config", test_bad_get_source_config},
    {"bad-get-queue-info", test_bad_get_queue_info},
    {"bad-set-queue-config", test_bad_set_queue_config},
    {"bad-get-queue-config", test_bad_get_queue_config},
    {"os-reporting-line", test_os_reporting_line},
    {"bad-esb", test_bad_esb},
    {"bad-sync-reset", test_bad_sync_reset},
    {"bad-cpu-index", test_bad_cpu_index},
    {"not-interrupt-hcalls", test_not_interrupt_hcalls},
    {"xics-calls-fail", test_xics_calls_fail},
    {"dual-before-cas", test_dual_before_cas},
    {"dual-reset-inactive-xive", test_dual_reset_inactive_xive},
    {"state-round-trip", test_state_round_trip},
    {"state-corrupt", test_state_corrupt},
    {"state-truncated", test_state_truncated},
    {"state-byte-flips", test_state_byte_flips},
    {"state-claims-differ", test_state_claims_differ},
    {"state-fields", test_state_fields},
    {"trace-delivery", test_trace_delivery},
    {"trace-end-invalid", test_trace_end_invalid},
    {"info-pic", test_info_pic},
    {"presenter-constant-time", test_presenter_constant_time},
    {"run-mapped-pages", test_run_mapped_pages},
    {"run-no-vcpu-ioctl", test_run_no_vcpu_ioctl},
    {"run-stop-save-resume", test_run_stop_save_resume},
    {"run-failed-stop", test_run_failed_stop},
    {"run-load-stopped", test_run_load_stopped},
    {"run-trigger-stopped-migrates", test_run_trigger_stopped_migrates},
    {"run-event-out-of-run", test_run_event_out_of_run},
};

int main(int argc, char **argv)
{
    return conformance_main(argc, argv, "xive", backends, nbackends, tests,
                            G_N_ELEMENTS(tests));
}
