/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz-qtest: the libFuzzer harness of the -qtest text protocol
 * (tests/fuzz/README.md; docs/specs/qtest.md).  The first two bytes of the
 * input choose the machine (ic-mode, tcg or a kvm-sim host, -smp) and the
 * guest profile; the rest is the command text, one command a line, which
 * qtest_serve() (tools/qtest.c, the session of `spapr-irq -qtest stdio`)
 * reads from a memory stream and answers to /dev/null.  "migrate" lines
 * are turned into comments: they would write files and run commands
 * (file:, exec:).  It aborts when the session fails to start on a machine
 * its options allow, and the sanitizers abort on any memory error, leak or
 * undefined behaviour.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim.h"
#include "tools/guest.h"
#include "tools/qtest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The harness's own static: the answers' sink, opened once. */
static FILE *devnull;

static const char *const machines[] = {
    "pseries,ic-mode=xics", "pseries,ic-mode=xive", "pseries,ic-mode=dual",
    "pseries,ic-mode=dual,cas-switch=at-cas"};
static const char *const accels[] = {"tcg", "kvm-sim,host=power9-6.1",
                                     "kvm-sim,host=power8-5.10",
                                     "kvm-sim,host=power10-6.1"};
static const char *const guests[] = {"linux", "linux,xive=off", "legacy"};

/* Comments out every line whose first word is "migrate". */
static void drop_migrate(char *text, size_t len)
{
    size_t i = 0;

    while (i < len) {
        size_t w = i;

        while (w < len && text[w] != '\n' && isspace((unsigned char)text[w])) {
            w++;
        }
        if (len - w >= 7 && memcmp(text + w, "migrate", 7) == 0 &&
            (w + 7 == len || isspace((unsigned char)text[w + 7]))) {
            text[w] = '#';
        }
        while (i < len && text[i] != '\n') {
            i++;
        }
        i++;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
    g_autoptr(GError) err = NULL;
    g_autofree char *smp = NULL;
    g_autofree char *text = NULL;
    GuestProfile guest;
    uint8_t b0, b1;
    FILE *in;

    if (size < 2) {
        return 0;
    }
    if (!devnull) {
        devnull = fopen("/dev/null", "w");
    }
    b0 = data[0];
    b1 = data[1];
    if (b0 % G_N_ELEMENTS(machines) == 1 &&
        (b0 >> 2) % G_N_ELEMENTS(accels) == 2) {
        return 0; /* XIVE-only machines require a POWER9 CPU */
    }
    smp = g_strdup_printf("%u,maxcpus=4", 1 + (b1 >> 4) % 4);
    if (!spapr_irq_config_parse_option(
            cfg, "-machine", machines[b0 % G_N_ELEMENTS(machines)], &err) ||
        !spapr_irq_config_parse_option(
            cfg, "-accel", accels[(b0 >> 2) % G_N_ELEMENTS(accels)], &err) ||
        !spapr_irq_config_parse_option(cfg, "-smp", smp, &err) ||
        !guest_profile_parse(guests[(b1 & 0xf) % G_N_ELEMENTS(guests)], &guest,
                             &err)) {
        fprintf(stderr, "fuzz-qtest: %s\n", err->message);
        abort();
    }
    text = g_malloc(size - 2 + 1);
    memcpy(text, data + 2, size - 2);
    text[size - 2] = '\n';
    drop_migrate(text, size - 1);
    in = fmemopen(text, size - 1, "r");
    if (!in) {
        abort();
    }
    /* Every machine of the table starts: a failure is the finding. */
    if (qtest_serve(cfg, in, devnull, &guest, NULL, NULL) != 0) {
        fprintf(stderr, "fuzz-qtest: the session did not start\n");
        abort();
    }
    fclose(in);
    return 0;
}
