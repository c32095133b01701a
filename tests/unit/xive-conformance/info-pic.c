/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * XIVE conformance: the `info pic` text: backend, thread contexts, claimed
 * sources, ENDs, and the presenter's count of thread context lookups.
 */
#include "fixture.h"

/* ====================================================================== */
/* info pic                                                               */
/* ====================================================================== */

static bool has_line_with(const char *text, const char *needle)
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    g_autofree char *lower = g_ascii_strdown(needle, -1);

    for (int i = 0; lines[i]; i++) {
        g_autofree char *l = g_ascii_strdown(lines[i], -1);

        if (strstr(l, lower)) {
            return true;
        }
    }
    return false;
}

void test_info_pic(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, 2);
    g_autofree char *text = NULL;
    g_autofree char *end_line = NULL;

    /* The presenter's count is the emulated model's. */
    if (!in_kernel(m)) {
        g_assert_cmpint(tctx_lookups(m), ==, 0);
    }
    claim(m, MSI_A, false);
    claim(m, LSI_L, true);
    set_queue(m, 1, 5, 0x3ab0000, 16, Q_ALWAYS_NOTIFY);
    enable_source(m, MSI_A, 1, 5, 0x0a);
    set_cppr(m, 1, 0xff);
    trigger(m, MSI_A);
    if (!in_kernel(m)) {
        g_assert_cmpint(tctx_lookups(m), ==, 1);
    }
    /* Masked, off, or without a queue: no thread context is looked up. */
    set_source(m, MSI_A, 1, 5, 0, SRC_MASK);
    g_assert_cmphex(eoi(m, MSI_A), ==, 0);
    trigger(m, MSI_A);
    set_level(m, LSI_L, 1);
    if (!in_kernel(m)) {
        g_assert_cmpint(tctx_lookups(m), ==, 1);
    }

    text = info_pic(m);
    g_test_message("%s", text);
    g_assert_true(has_line_with(text, "XIVE:"));
    /* The backend; in the kernel, what follows was read back from it. */
    g_assert_true(has_line_with(text, in_kernel(m) ? "XIVE backend: in-kernel"
                                                   : "XIVE backend: emulated"));
    /* The thread contexts with their OS CAM word. */
    for (uint32_t c = 0; c < m->ncpus; c++) {
        g_autofree char *cam = g_strdup_printf("%08x", OS_CAM(server_of(m, c)));

        g_assert_true(has_line_with(text, cam));
    }
    /* One row per claimed source, none for others. */
    g_assert_true(has_line_with(text, "1300"));
    g_assert_true(has_line_with(text, "1200"));
    g_assert_false(has_line_with(text, "1305"));
    /* The END in use, with its queue and the one entry written. */
    end_line =
        g_strdup_printf("END %04x server %u prio 5 enqueue always-notify "
                        "queue @0x3ab0000 1/16384 gen 1",
                        server_of(m, 1) * 8 + 5, server_of(m, 1));
    g_assert_true(has_line_with(text, end_line));
}
