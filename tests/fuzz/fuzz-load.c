/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz-load: the libFuzzer harness of the state loader (tests/fuzz/README.md).
 * Every input is walked (spapr_irq_state_walk()) and loaded
 * (spapr_irq_load()) into each machine of fuzz_targets[], created once per
 * process, and loaded as a migration stream (the tool's envelope of
 * tools/migration.h: the layer, the guest RAM and the guest) by
 * migration_load() into a tcg dual machine of the tool's (-smp 2,maxcpus=4,
 * tools/demo.c's claims, a linux guest).  It aborts when
 *  - a refused load reports no error, or leaves the machine's saved state
 *    different from before, byte for byte;
 *  - an accepted load leaves a machine whose state does not save, walk and
 *    load back, or saves differently after that load;
 *  - the machine cannot be brought back to its starting state;
 * and the sanitizers abort on any memory error, undefined behaviour or leak.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-machines.h"
#include "tools/demo.h"
#include "tools/guest.h"
#include "tools/guest_ram.h"
#include "tools/migration.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct Target {
    const FuzzScenario *sc;
    SpaprIrq *irq;
    GByteArray *baseline; /* its state right after creation */
} Target;

/* The tool's machine of the migration stream. */
typedef struct MigTarget {
    SpaprIrq *irq;
    GuestRam ram;
    Guest *guest;
    MigrationVm vm;
    GByteArray *baseline;
} MigTarget;

/* A test program's own statics: the library keeps no global state. */
static Target *targets;
static MigTarget mig;

G_GNUC_NORETURN static void fail(const Target *t, const char *what,
                                 const GError *err)
{
    fprintf(stderr, "fuzz-load: %s: %s%s%s\n", t->sc->name, what,
            err ? ": " : "", err ? err->message : "");
    abort();
}

static GByteArray *save_or_fail(const Target *t, const char *when)
{
    GByteArray *out = g_byte_array_new();
    g_autoptr(GError) err = NULL;

    if (!spapr_irq_save(t->irq, out, &err)) {
        fail(t, when, err);
    }
    return out;
}

static bool same(const GByteArray *a, const GByteArray *b)
{
    return a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

static void setup(void)
{
    targets = g_new0(Target, fuzz_n_targets);
    for (size_t i = 0; i < fuzz_n_targets; i++) {
        Target *t = &targets[i];
        g_autoptr(GError) err = NULL;

        t->sc = &fuzz_targets[i];
        t->irq = fuzz_machine_new(t->sc, &err);
        if (!t->irq) {
            fail(t, "create", err);
        }
        /* The kvm-sim machine runs XIVE in the (simulated) kernel. */
        if (g_str_has_prefix(t->sc->name, "kvm-sim") &&
            (spapr_irq_active(t->irq) != SPAPR_INTC_XIVE ||
             spapr_irq_active_impl(t->irq) != SPAPR_INTC_IMPL_KVM)) {
            fail(t, "XIVE is not in the kernel", NULL);
        }
        t->baseline = save_or_fail(t, "save at creation");
    }
}

static void visit(void *opaque, const char *section, const char *field,
                  uint64_t value, size_t offset, size_t size)
{
    size_t len = *(const size_t *)opaque;

    /* Every field the walker reports lies inside the buffer. */
    if (!section || !field || offset > len) {
        fprintf(stderr, "fuzz-load: walk: field outside the input\n");
        abort();
    }
}

static void walk(const uint8_t *data, size_t size, bool must_pass)
{
    g_autoptr(GError) err = NULL;
    bool ok = spapr_irq_state_walk(data, size, visit, &size, &err);

    if (ok != (err == NULL) || (!ok && !err->message)) {
        fprintf(stderr, "fuzz-load: walk: result and error disagree\n");
        abort();
    }
    if (must_pass && !ok) {
        fprintf(stderr, "fuzz-load: walk of a saved state: %s\n", err->message);
        abort();
    }
}

static void fuzz_one(Target *t, const uint8_t *data, size_t size)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(GByteArray) after = NULL;
    g_autoptr(GByteArray) again = NULL;

    if (!spapr_irq_load(t->irq, data, size, &err)) {
        if (!err || err->domain != SPAPR_IRQ_ERROR || !err->message) {
            fail(t, "load refused without an error", NULL);
        }
        after = save_or_fail(t, "save after a refused load");
        if (!same(after, t->baseline)) {
            fail(t, "a refused load changed the machine", err);
        }
        return;
    }
    if (err) {
        fail(t, "load accepted with an error set", err);
    }
    /* Accepted: the machine's state saves, walks and loads back, and saves
     * the same again. */
    after = save_or_fail(t, "save after an accepted load");
    walk(after->data, after->len, true);
    if (!spapr_irq_load(t->irq, after->data, after->len, &err)) {
        fail(t, "the state saved after an accepted load does not load", err);
    }
    again = save_or_fail(t, "save after loading back");
    if (!same(after, again)) {
        fail(t, "save -> load -> save differs after an accepted load", NULL);
    }
    /* Back to the starting state for the next input. */
    if (!spapr_irq_load(t->irq, t->baseline->data, t->baseline->len, &err)) {
        fail(t, "the starting state does not load back", err);
    }
    g_byte_array_unref(again);
    again = save_or_fail(t, "save after restoring");
    if (!same(again, t->baseline)) {
        fail(t, "the starting state does not restore", NULL);
    }
}

G_GNUC_NORETURN static void mig_fail(const char *what, const GError *err)
{
    fprintf(stderr, "fuzz-load: migration stream: %s%s%s\n", what,
            err ? ": " : "", err ? err->message : "");
    abort();
}

static GByteArray *mig_save(const char *when)
{
    GByteArray *out = g_byte_array_new();
    g_autoptr(GError) err = NULL;

    if (!migration_save(&mig.vm, out, &err)) {
        mig_fail(when, err);
    }
    return out;
}

static void mig_set_cpu_irq(void *opaque, uint32_t cpu_index, bool level)
{
    (void)opaque;
    (void)cpu_index;
    (void)level;
}

static void mig_setup(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_irq_config_new();
    g_autoptr(GError) err = NULL;
    GuestProfile linux_guest = {0};
    static SpaprIrqCallbacks cb = {
        .set_cpu_irq = mig_set_cpu_irq,
        .mem_read = guest_ram_read,
        .mem_write = guest_ram_write,
    };

    guest_ram_init(&mig.ram, UINT64_C(1) << 30); /* the tool's qtest RAM */
    cb.opaque = &mig.ram;
    if (!spapr_irq_config_parse_option(cfg, "-machine", "pseries,ic-mode=dual",
                                       &err) ||
        !spapr_irq_config_parse_option(cfg, "-smp", "2,maxcpus=4", &err) ||
        !guest_profile_parse("linux", &linux_guest, &err) ||
        !(mig.irq = spapr_irq_create(cfg, &cb, -1, &err)) ||
        !demo_populate(mig.irq, &err) ||
        !(mig.guest =
              guest_new(&linux_guest, mig.irq, &mig.ram, NULL, NULL, &err))) {
        mig_fail("setup", err);
    }
    mig.vm = (MigrationVm){.irq = mig.irq, .ram = &mig.ram, .guest = mig.guest};
    mig.baseline = mig_save("save at creation");
}

static void mig_one(const uint8_t *data, size_t size)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(GByteArray) after = NULL;
    g_autoptr(GByteArray) again = NULL;

    if (!migration_load(&mig.vm, data, size, &err)) {
        if (!err || !err->message) {
            mig_fail("load refused without an error", NULL);
        }
        after = mig_save("save after a refused load");
        if (!same(after, mig.baseline)) {
            mig_fail("a refused load changed the machine", err);
        }
        return;
    }
    after = mig_save("save after an accepted load");
    if (!migration_load(&mig.vm, after->data, after->len, &err)) {
        mig_fail("the stream saved after an accepted load does not load", err);
    }
    again = mig_save("save after loading back");
    if (!same(after, again)) {
        mig_fail("save -> load -> save differs after an accepted load", NULL);
    }
    if (!migration_load(&mig.vm, mig.baseline->data, mig.baseline->len, &err)) {
        mig_fail("the starting state does not load back", err);
    }
    g_byte_array_unref(again);
    again = mig_save("save after restoring");
    if (!same(again, mig.baseline)) {
        mig_fail("the starting state does not restore", NULL);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!targets) {
        setup();
        mig_setup();
    }
    walk(data, size, false);
    for (size_t i = 0; i < fuzz_n_targets; i++) {
        fuzz_one(&targets[i], data, size);
    }
    mig_one(data, size);
    return 0;
}
