/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A small libqtest: runs `spapr-irq ... -qtest stdio` as a child process
 * and talks the text protocol of docs/specs/qtest.md with it.
 *
 * - qt_client_spawn() starts the tool and sends `comments on` (the tool's
 *   extension that makes it send its "# " lines, the banner first).  If the
 *   machine cannot be built the tool exits (status 1, the reason on
 *   stderr) without answering: qt_client_started() is then false and
 *   qt_client_exit_status() / qt_client_stderr() tell why.
 * - qt_client_cmd() sends one command and reads lines up to its answer
 *   ("OK ..." or "FAIL ...", QEMU's words); the "# " comment lines read on
 *   the way are kept (qt_client_comments()), and the "# warning: " ones
 *   also go to the session's list (qt_client_warnings()); QEMU's
 *   asynchronous "IRQ raise|lower N" lines too (qt_client_irqs()).
 * - Nothing blocks forever: every read waits at most the client's time-out
 *   (QT_CLIENT_TIMEOUT_S seconds, or $QT_CLIENT_TIMEOUT), and a tool that
 *   dies mid-session gives an error naming the command, never a hang.
 * - qt_client_quit() sends `quit`, expects `OK` and waits for the exit.
 *   A tool killed by a signal is reported as a failure.
 * - A QtCheck holds one test case's session and its failures: the
 *   qt_check_*() calls report each failure as "FAIL <where>: <message>" and
 *   return false, for the boot and soak tests alike.
 *
 * The client ignores SIGPIPE in the calling process (a write to a dead tool
 * is an error, not a signal); the tool itself keeps the default handler.
 */
#ifndef TESTS_QTEST_QTEST_CLIENT_H
#define TESTS_QTEST_QTEST_CLIENT_H

#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

#define QT_CLIENT_TIMEOUT_S 60

typedef struct QtClient QtClient;

/*
 * Spawns @argv (argv[0] is the program) with stdin, stdout and stderr on
 * pipes, sends `comments on` and reads stdout up to its OK (after the
 * banner, a line starting with "# spapr-irq qtest:") or the end of the
 * output.  Returns NULL (and sets
 * @errp) only when the process could not be spawned or did not answer in
 * time; a tool that exits before its banner gives a client whose
 * qt_client_started() is false and whose exit status is known.
 */
QtClient *qt_client_spawn(const char *const *argv, GError **errp);

/* Kills the tool if it still runs (SIGKILL), reaps it, frees everything.
 * Safe on NULL. */
void qt_client_free(QtClient *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QtClient, qt_client_free)

/* The banner came: the machine was built and the session runs. */
bool qt_client_started(const QtClient *c);
/* The banner line without its "# " (NULL before it came). */
const char *qt_client_banner(const QtClient *c);
/* Lines on stdout that are neither comments nor the answer to
 * `comments on` and came outside any command (a tool that refuses to start must
 * print none). */
const GPtrArray *qt_client_stray_lines(const QtClient *c);

pid_t qt_client_pid(const QtClient *c);
/* The command line, for messages. */
const char *qt_client_cmdline(const QtClient *c);

/*
 * Sends one command line (printf-style, without the newline) and reads up
 * to its answer.  Returns the answer line (no newline; valid until the next
 * command), or NULL with @errp set when the tool closed its output, died,
 * or did not answer within the time-out.  The comment lines read before
 * the answer replace qt_client_comments().
 */
const char *qt_client_cmd(QtClient *c, GError **errp, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

/*
 * Like qt_client_cmd() but the answer must be "OK" or "OK <rest>": returns
 * a newly allocated <rest> ("" for a bare OK), or NULL with @errp set (an
 * FAIL answer quotes the command and the answer).
 */
char *qt_client_ok(QtClient *c, GError **errp, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

/*
 * Like qt_client_ok() but the <rest> must equal @expect_rest (NULL: any):
 * false with @errp naming the command, the answer and the expectation.
 */
bool qt_client_expect(QtClient *c, const char *expect_rest, GError **errp,
                      const char *fmt, ...) G_GNUC_PRINTF(4, 5);

/* The "# " comment lines (without "# ") read with the last answer (or, at
 * start, with the answer to `comments on`, the banner among them). */
const GPtrArray *qt_client_comments(const QtClient *c);
/* The "IRQ raise N" / "IRQ lower N" lines read with the last answer. */
const GPtrArray *qt_client_irqs(const QtClient *c);
/* Every "# warning: " text of the session so far, in order, duplicates
 * included (without the "warning: " prefix). */
const GPtrArray *qt_client_warnings(const QtClient *c);

/*
 * Sends `quit`, expects `OK`, reads the rest of stdout (it must be empty)
 * and waits for the exit.  True when the tool answered and exited with
 * status 0; otherwise @errp says what happened (another status, a signal,
 * output after quit, no exit in time).
 */
bool qt_client_quit(QtClient *c, GError **errp);

/*
 * Waits for the tool to exit (reading and keeping what it still writes),
 * at most the time-out.  Returns true once it has exited; *@status gets
 * the waitpid() status.  Used by qt_client_quit() and for tools that exit
 * on their own (a start that fails).
 */
bool qt_client_wait(QtClient *c, int *status, GError **errp);

/* After the exit: the exit code, or -1 if it was killed by a signal or has
 * not exited. */
int qt_client_exit_status(const QtClient *c);
/* After the exit: the signal that killed it, or 0. */
int qt_client_term_signal(const QtClient *c);
/* Everything the tool wrote on stderr so far. */
const char *qt_client_stderr(const QtClient *c);

/* Number of entries of /proc/PID/fd of the running tool, -1 on error. */
int qt_client_count_fds(const QtClient *c);

/* ---- answers of the commands the tests use most ---- */

/* `active`: *@kind gets "xics" or "xive", *@impl "kvm" or "emulated"
 * (both newly allocated). */
bool qt_client_active(QtClient *c, char **kind, char **impl, GError **errp);

/* `lines`: bit i of *@up is CPU index i's external interrupt line; *@ncpus
 * gets the number of CPU indexes listed (at most 32 are supported). */
bool qt_client_lines(QtClient *c, guint32 *up, guint *ncpus, GError **errp);

/* What one `guest take CPU` handled. */
typedef enum QtTaken {
    QT_TAKEN_NONE, /* OK none */
    QT_TAKEN_XIRR, /* OK xirr 0xXXXXXXXX */
    QT_TAKEN_EISN, /* OK eisn 0xNN */
} QtTaken;

bool qt_client_take(QtClient *c, guint cpu, QtTaken *taken, guint32 *value,
                    GError **errp);
/* "none", "xirr 0x..." or "eisn 0x...", newly allocated, for messages. */
char *qt_taken_str(QtTaken taken, guint32 value);
/* One `guest take CPU` that must give @want/@want_value: false with @errp
 * ("@what: guest take CPU gave ..., expected ...") otherwise. */
bool qt_client_expect_take(QtClient *c, guint cpu, QtTaken want,
                           guint32 want_value, const char *what, GError **errp);

/* The `host` counters of a kvm-sim host. */
typedef struct QtHostCounters {
    bool kvm_sim; /* false: the answer was "OK none" */
    guint devices, vcpus, mappings, connected, tokens, stale;
    /* The VMM's memory slots on device pages, the guest's accesses they
     * served, the guest's accesses that exited to the VMM, and vCPU ioctls
     * made while the vCPU was in KVM_RUN. */
    guint slots, mapped, exits, violations;
} QtHostCounters;

bool qt_client_host(QtClient *c, QtHostCounters *h, GError **errp);

/* ---- the checks of a test case over one session ---- */

/*
 * A test case (a gtest case) that talks to one session.  Each failure is
 * reported as the message "FAIL <where>: <message>" (g_test_message()), and
 * the first one marks the case failed (g_test_fail()); every check returns
 * false on a failure so that the case stops at its first failing step.
 * The boot and soak tests keep one in their per-case state.
 */
typedef struct QtCheck {
    QtClient *qc; /* the session (NULL until it is spawned) */
    bool failed;  /* a failure was reported */
    /* Where the case stands, newly allocated, for the FAIL messages. */
    char *(*where)(const void *opaque);
    const void *opaque; /* what where() is given */
} QtCheck;

/* Reports a failure of @ck (printf-style message); returns false. */
bool qt_check_fail(QtCheck *ck, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Reports @err (freed; NULL: "unknown error") as a failure; returns false. */
bool qt_check_fail_gerror(QtCheck *ck, GError *err);
/* qt_client_expect() on @ck's session: false, and reported, if it fails. */
bool qt_check_cmd(QtCheck *ck, const char *expect_rest, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);
/* qt_client_expect_take() on @ck's session: false, reported, if it fails. */
bool qt_check_take(QtCheck *ck, guint cpu, QtTaken want, guint32 want_value,
                   const char *what);
/* qt_client_lines() on @ck's session: false, reported, if it fails; the
 * caller compares *@up and *@ncpus with what it expects. */
bool qt_check_lines(QtCheck *ck, guint32 *up, guint *ncpus);

/* The time-out of reads, in seconds (QT_CLIENT_TIMEOUT_S unless the
 * environment variable QT_CLIENT_TIMEOUT gives another positive value). */
int qt_client_timeout_s(void);

#endif
