/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq-bench: the timing harness.  Variants of one figure run in the
 * same process, interleaved: each round times every variant once (the
 * order rotated from one round to the next), and a variant's cost is its
 * fastest round, its spread the median round over the fastest.  The
 * figures are ratios between variants of one run, so that the load of the
 * machine cancels out as far as it can.
 */
#ifndef TESTS_BENCH_HARNESS_H
#define TESTS_BENCH_HARNESS_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#define BENCH_MAX_ROUNDS 64

/* Runs @n round trips (or operations) of a variant. */
typedef void (*BenchFn)(void *ctx, unsigned n);

typedef struct Variant {
    const char *name;
    BenchFn fn;
    void *ctx;
    unsigned iters; /* round trips per timed round; 0: the run's default */
    double ns[BENCH_MAX_ROUNDS]; /* per round trip, each round */
    unsigned rounds;
    double best, median; /* ns per round trip */
} Variant;

#define VARIANT(name_, fn_, ctx_)                                              \
    ((Variant){.name = (name_), .fn = (fn_), .ctx = (ctx_)})

/* Times @v[0..nv) for @rounds rounds of @iters each (a variant's own
 * iters wins), interleaved, after one warm-up round each. */
void bench_run(Variant *v, size_t nv, unsigned rounds, unsigned iters);

/* Nanoseconds of the monotonic clock. */
uint64_t bench_now_ns(void);

/* A goal: the figure must be at most @max; @text is how issue 20 states
 * it.  No goal: text NULL. */
typedef struct Goal {
    const char *text;
    double max;
} Goal;

/*
 * Prints one figure line: "[id] what: value (detail)   goal ...: met".
 * @id must be one of the figures main() announces (bench_expect()); each
 * is printed once.  Returns whether the goal was met (true without one).
 */
bool bench_figure(const char *id, const char *what, double value,
                  const char *unit, const char *detail, Goal goal);
/* A ratio of two variants' fastest rounds, the medians' ratio as spread. */
bool bench_ratio(const char *id, const char *what, const Variant *num,
                 const Variant *den, Goal goal);

/* The figure ids the run must print, NULL-ended; bench_check_all() fails
 * (false, naming them) if one was not printed exactly once. */
void bench_expect(const char *const *ids);
bool bench_check_all(void);
/* Figures whose goal was not met so far. */
unsigned bench_not_met(void);

#endif
