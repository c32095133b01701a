/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the XICS and XIVE conformance suites share: the backends they run
 * against, the making of a machine from a test's options plus the
 * backend's, and the registration of every test once per backend.
 */
#ifndef TESTS_UNIT_CONFORMANCE_H
#define TESTS_UNIT_CONFORMANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "sim/sim.h"
#include "spapr-irq/spapr-irq.h"

typedef struct ConformanceBackend {
    const char *name;
    /* Extra command-line options (name, argument pairs, NULL-terminated),
     * applied after the test's own options, so they may refine -machine. */
    const char *argv[8];
    /* The backend is the emulated model: it emits the model's trace
     * events and counts what its presenter looks up.  The others run the
     * controller in the (simulated) kernel. */
    bool emulated;
} ConformanceBackend;

/* The in-kernel backend on kvm-sim profile @p under kernel-irqchip=on. */
#define CONFORMANCE_KVM_SIM(p)                                                 \
    {                                                                          \
        "kvm-sim:" p,                                                          \
            {"-accel", "kvm-sim,host=" p, "-machine",                          \
             "pseries,kernel-irqchip=on", NULL},                               \
            false                                                              \
    }

/* The kvm-sim profile of @be, or NULL (the emulated backend). */
const SpaprHostProfile *conformance_profile(const ConformanceBackend *be);
/* @be runs XICS in an XICS-on-XIVE device (book3s_xive.c). */
bool conformance_xics_on_xive(const ConformanceBackend *be);

typedef struct ConformanceTest {
    const char *name;
    GTestDataFunc fn; /* called with the ConformanceBackend */
} ConformanceTest;

/*
 * Creates a machine from -machine @machine, -cpu @cpu (NULL: none),
 * -smp @ncpus,maxcpus=@max_cpus and the backend's options, with the
 * callbacks @cb; adds CPUs 0 .. @ncpus - 1 and resets it.  Any failure is
 * a fatal test failure: the tests cannot go on without the machine.
 */
SpaprIrq *conformance_machine(const ConformanceBackend *be, const char *machine,
                              const char *cpu, uint32_t ncpus,
                              uint32_t max_cpus, const SpaprIrqCallbacks *cb);

/*
 * Registers every test of @tests once per backend of @backends, as
 * /@suite/<backend>/<test>, and runs them.  With "--part K/N" on the
 * command line, only the K-th of N parts: every N-th of those tests in
 * that order, starting with the K-th (tests/meson.build runs a long suite
 * as N meson tests, so that progress shows and none runs for minutes).  A
 * failed check marks its test failed and the run goes on (checks after which
 * going on would be unsafe use g_assert(), which stays fatal).  Returns
 * g_test_run()'s status.
 */
int conformance_main(int argc, char **argv, const char *suite,
                     const ConformanceBackend *backends, size_t nbackends,
                     const ConformanceTest *tests, size_t ntests);

/* ---- saved state ---- */

/* The layer's saved state (fatal if the save fails or is empty). */
GByteArray *conformance_save(SpaprIrq *irq);
/* Fails the test (naming @line) if a save of @irq differs from @before. */
void conformance_expect_state(int line, SpaprIrq *irq,
                              const GByteArray *before);
/*
 * Golden streams (tests/data/@file, docs/specs/migration.md): @s must equal
 * the file byte for byte.  With SPAPR_IRQ_REGEN_GOLDEN=1 in the
 * environment the file is written from @s instead (then review the diff
 * and commit it).  Returns the file's bytes (caller frees).
 */
GByteArray *conformance_golden(const char *file, const GByteArray *s);
/* A g_malloc'ed copy of @len bytes (at least one byte allocated). */
uint8_t *conformance_dup_bytes(const uint8_t *data, size_t len);

/* ---- trace events ---- */

/* The event's name; an unnamed id fails the test. */
const char *conformance_event_name(const SpaprIrqTraceEvent *ev);
/* Logs every event of @events (SpaprIrqTraceEvent) as test messages. */
void conformance_log_events(const GArray *events);
/* Index of the first event named @name at or after @from, or -1. */
int conformance_find_event(const GArray *events, const char *name, guint from);

#endif
