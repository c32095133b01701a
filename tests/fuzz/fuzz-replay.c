/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz-replay: the libFuzzer harness of the -replay trace reader
 * (tests/fuzz/README.md; docs/specs/replay.md).  The first byte of the
 * input chooses the machine (ic-mode, tcg or kvm-sim power9-6.1, -smp);
 * the rest is a QEMU trace log, and, after a line "--cmd--", the QEMU
 * command line of the trace's .cmd file.  Both are written to a scratch
 * folder of the process (TMPDIR), replay_main() replays them with its
 * report sent to /dev/null.  It aborts when replay_main() returns a status
 * it does not document (0, 1, 2), and the sanitizers abort on any memory
 * error, leak or undefined behaviour.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/sim.h"
#include "tools/replay.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CMD_MARK "\n--cmd--\n"

/* The harness's own statics: the scratch files, made once. */
static char *dir, *trace_path, *cmd_path;

static const char *const machines[] = {
    "pseries,ic-mode=dual", "pseries,ic-mode=xics", "pseries,ic-mode=xive",
    "pseries,ic-mode=dual,cas-switch=at-cas"};
static const char *const accels[] = {"tcg", "kvm-sim,host=power9-6.1"};
static const char *const smps[] = {"2", "2,maxcpus=4", "1", "4"};

static void cleanup(void)
{
    unlink(trace_path);
    unlink(cmd_path);
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    g_autoptr(GError) err = NULL;
    int null = open("/dev/null", O_WRONLY);

    (void)argc;
    (void)argv;
    dir = g_dir_make_tmp("fuzz-replay-XXXXXX", &err);
    if (!dir || null < 0) {
        fprintf(stderr, "fuzz-replay: scratch folder: %s\n",
                err ? err->message : "no /dev/null");
        abort();
    }
    trace_path = g_build_filename(dir, "t.trace", NULL);
    cmd_path = g_build_filename(dir, "t.cmd", NULL);
    atexit(cleanup);
    /* The report goes to stdout; libFuzzer writes to stderr. */
    fflush(stdout);
    dup2(null, STDOUT_FILENO);
    close(null);
    return 0;
}

static void write_file(const char *path, const void *buf, size_t len)
{
    g_autoptr(GError) err = NULL;

    if (!g_file_set_contents(path, buf, (gssize)len, &err)) {
        fprintf(stderr, "fuzz-replay: %s\n", err->message);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
    g_autoptr(GError) err = NULL;
    const char *text = (const char *)data + 1;
    size_t len = size ? size - 1 : 0;
    const char *mark;
    uint8_t b0;
    int status;

    if (!size) {
        return 0;
    }
    b0 = data[0];
    if (!spapr_irq_config_parse_option(
            cfg, "-machine", machines[b0 % G_N_ELEMENTS(machines)], &err) ||
        !spapr_irq_config_parse_option(
            cfg, "-accel", accels[(b0 >> 2) % G_N_ELEMENTS(accels)], &err) ||
        !spapr_irq_config_parse_option(
            cfg, "-smp", smps[(b0 >> 3) % G_N_ELEMENTS(smps)], &err)) {
        fprintf(stderr, "fuzz-replay: %s\n", err->message);
        abort();
    }
    mark = g_strstr_len(text, (gssize)len, CMD_MARK);
    if (mark) {
        size_t tlen = (size_t)(mark - text), skip = tlen + strlen(CMD_MARK);

        write_file(trace_path, text, tlen);
        write_file(cmd_path, text + skip, len - skip);
    } else {
        write_file(trace_path, text, len);
        unlink(cmd_path);
    }
    status = replay_main(cfg, trace_path, NULL);
    fflush(stdout);
    if (status < 0 || status > 2) {
        fprintf(stderr, "fuzz-replay: replay_main returned %d\n", status);
        abort();
    }
    return 0;
}
