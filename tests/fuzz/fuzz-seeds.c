/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz-seeds DIR: writes the state saved from each fixed scenario of
 * fuzz-machines.c to DIR/NAME.bin, after checking that it loads back into
 * a fresh machine of the same scenario.  `make fuzz-seeds` runs it into
 * tests/fuzz/corpus/load/ (rerun it whenever the stream format changes).
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz-machines.h"

static bool write_seed(const FuzzScenario *sc, const char *dir, GError **errp)
{
    g_autoptr(GByteArray) state = g_byte_array_new();
    g_autofree char *path = NULL;
    SpaprIrq *irq = fuzz_machine_new(sc, errp);
    SpaprIrq *fresh = NULL;
    bool ok = false;

    if (!irq || !spapr_irq_save(irq, state, errp)) {
        goto out;
    }
    fresh = fuzz_machine_new(sc, errp);
    if (!fresh || !spapr_irq_load(fresh, state->data, state->len, errp)) {
        goto out;
    }
    path = g_strdup_printf("%s/%s.bin", dir, sc->name);
    if (!g_file_set_contents(path, (const char *)state->data, state->len,
                             errp)) {
        goto out;
    }
    printf("fuzz-seeds: %s (%u bytes)\n", path, state->len);
    ok = true;
out:
    spapr_irq_destroy(&fresh);
    spapr_irq_destroy(&irq);
    return ok;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    if (g_mkdir_with_parents(argv[1], 0755) != 0) {
        fprintf(stderr, "fuzz-seeds: cannot create %s\n", argv[1]);
        return 1;
    }
    for (size_t i = 0; i < fuzz_n_seeds; i++) {
        g_autoptr(GError) err = NULL;

        if (!write_seed(&fuzz_seeds[i], argv[1], &err)) {
            fprintf(stderr, "fuzz-seeds: %s: %s\n", fuzz_seeds[i].name,
                    err ? err->message : "failed");
            return 1;
        }
    }
    return 0;
}
