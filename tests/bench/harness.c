/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "harness.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

uint64_t bench_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

void bench_run(Variant *v, size_t nv, unsigned rounds, unsigned iters)
{
    g_assert(rounds > 0 && rounds <= BENCH_MAX_ROUNDS);
    for (size_t i = 0; i < nv; i++) {
        unsigned n = v[i].iters ? v[i].iters : iters;

        v[i].fn(v[i].ctx, n < 16 ? n : n / 16); /* warm-up */
        v[i].rounds = 0;
    }
    for (unsigned r = 0; r < rounds; r++) {
        for (size_t k = 0; k < nv; k++) {
            Variant *x = &v[(k + r) % nv];
            unsigned n = x->iters ? x->iters : iters;
            uint64_t t0 = bench_now_ns();

            x->fn(x->ctx, n);
            x->ns[x->rounds++] = (double)(bench_now_ns() - t0) / n;
        }
    }
    for (size_t i = 0; i < nv; i++) {
        double s[BENCH_MAX_ROUNDS];

        memcpy(s, v[i].ns, sizeof(double) * v[i].rounds);
        qsort(s, v[i].rounds, sizeof(double), cmp_double);
        v[i].best = s[0];
        v[i].median = s[v[i].rounds / 2];
    }
}

static const char *const *expected;
static unsigned *printed;
static unsigned not_met;

void bench_expect(const char *const *ids)
{
    size_t n = 0;

    while (ids[n]) {
        n++;
    }
    expected = ids;
    g_free(printed);
    printed = g_new0(unsigned, n);
}

bool bench_figure(const char *id, const char *what, double value,
                  const char *unit, const char *detail, Goal goal)
{
    bool met = !goal.text || value <= goal.max;
    size_t i;

    for (i = 0; expected && expected[i]; i++) {
        if (!strcmp(expected[i], id)) {
            printed[i]++;
            break;
        }
    }
    if (!expected || !expected[i]) {
        g_error("figure %s is not announced", id);
    }
    if (!met) {
        not_met++;
    }
    printf("[%s] %s: %.3g%s%s%s%s\n      goal %s: %s\n", id, what, value, unit,
           detail ? " (" : "", detail ? detail : "", detail ? ")" : "",
           goal.text ? goal.text : "none in issue 20 (reported)",
           goal.text ? (met ? "met" : "NOT met") : "-");
    fflush(stdout);
    return met;
}

bool bench_ratio(const char *id, const char *what, const Variant *num,
                 const Variant *den, Goal goal)
{
    g_autofree char *detail = g_strdup_printf(
        "fastest of %u rounds %.1f ns / %.1f ns; median ratio %.3g",
        num->rounds, num->best, den->best, num->median / den->median);

    return bench_figure(id, what, num->best / den->best, "x", detail, goal);
}

bool bench_check_all(void)
{
    bool ok = true;

    for (size_t i = 0; expected && expected[i]; i++) {
        if (printed[i] != 1) {
            fprintf(stderr, "spapr-irq-bench: figure %s printed %u times\n",
                    expected[i], printed[i]);
            ok = false;
        }
    }
    return ok;
}

unsigned bench_not_met(void)
{
    return not_met;
}
