/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq-bench: the two reference models the figures are measured
 * against, built into the benchmark.
 *
 * The floor: the least a delivery can cost behind an API of function
 * pointers.  A trigger looks the source up in an array, stores the
 * number in its target's pending slot and raises the line through the
 * VMM's callback; the ack reads and clears it and lowers the line; the EOI
 * stores the source's state back.  The VMM reaches it through an API of
 * the layer's shape (set_irq, and an hcall entry that takes the opcode,
 * the argument and return registers, checks them and dispatches through
 * the model's ops): three crossings, each an entry and an indirect call,
 * two callbacks into the VMM, and a few stores per interrupt.
 *
 * kvmtool's userspace XICS (powerpc/xics.c): one ICS of 1,024 sources
 * (its XICS_NUM_IRQS; two more here) and one presenter per server; a source the
 * presenter refuses is marked rejected, and every EOI or CPPR change that
 * leaves the presenter empty rescans all the sources and presents each rejected
 * one again, whatever its server.  Written here from its algorithm, not its
 * code, with the same ops as the floor.
 */
#ifndef TESTS_BENCH_MODELS_H
#define TESTS_BENCH_MODELS_H

#include <stdbool.h>
#include <stdint.h>

typedef struct Model Model;

typedef struct ModelOps {
    void (*trigger)(Model *m, uint32_t src);
    uint32_t (*ack)(Model *m, uint32_t cpu); /* XIRR (kvmtool) or source */
    void (*eoi)(Model *m, uint32_t cpu, uint32_t xirr);
    void (*set_cppr)(Model *m, uint32_t cpu, uint8_t cppr);
} ModelOps;

#define MODEL_CPUS 2
/* kvmtool's XICS_NUM_IRQS (1,024) and the two more the figure with 1,024
 * sources waiting needs: number 0 (XISR 0 means none) and the round
 * trip's own source. */
#define MODEL_SOURCES (1024 + 2)

typedef struct ModelSource {
    uint32_t server;
    uint8_t priority;
    bool rejected;
} ModelSource;

typedef struct ModelCpu {
    uint32_t xirr; /* CPPR << 24 | XISR */
    uint8_t pending_priority;
} ModelCpu;

struct Model {
    const ModelOps *ops;
    /* The VMM's set_cpu_irq (the models call it as the library does). */
    void (*set_line)(Model *m, uint32_t cpu, bool level);
    bool line[MODEL_CPUS]; /* what the VMM saw */
    ModelSource src[MODEL_SOURCES];
    ModelCpu cpu[MODEL_CPUS];
};

/* The floor, every source to CPU 0 at priority 5. */
void model_floor_init(Model *m);
/* kvmtool's XICS: every source masked (priority 0xff), CPPR 0xff. */
void model_kvmtool_init(Model *m);
/* kvmtool's ibm,set-xive. */
void model_kvmtool_route(Model *m, uint32_t src, uint32_t server,
                         uint8_t priority);

/* One round trip on @m: trigger @src, ack on @cpu, EOI; @n times. */
void model_round_trips(Model *m, uint32_t src, uint32_t cpu, unsigned n);

#endif
