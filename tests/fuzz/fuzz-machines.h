/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The fuzz harness's machines and the seed scenarios (fuzz-machines.c),
 * shared by fuzz-load (the libFuzzer target) and fuzz-seeds (the seed
 * writer, built by every build).
 */
#ifndef TESTS_FUZZ_MACHINES_H
#define TESTS_FUZZ_MACHINES_H

#include <glib.h>

#include "spapr-irq/spapr-irq.h"

/* A fixed scenario: a machine built from options, then brought into a
 * state by @setup (NULL for none). */
typedef bool FuzzSetupFn(SpaprIrq *irq, GError **errp);
typedef struct FuzzScenario {
    const char *name;
    const char *const *opts; /* option name, argument, ..., NULL */
    FuzzSetupFn *setup;
} FuzzScenario;

/* The machines every input is loaded into (tcg xics, xive, dual after CAS
 * applied; kvm-sim power9-6.1 with XIVE in the kernel). */
extern const FuzzScenario fuzz_targets[];
extern const size_t fuzz_n_targets;
/* The scenarios whose saved states seed the corpus: the targets and a few
 * more (pending interrupts, a CAS recorded but not applied, ...). */
extern const FuzzScenario fuzz_seeds[];
extern const size_t fuzz_n_seeds;

/* Creates the machine of @sc (NULL and @errp set on failure). */
SpaprIrq *fuzz_machine_new(const FuzzScenario *sc, GError **errp);

#endif
