/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq tool: the QMP server's parts (tools/qmp.c: the connection,
 * the messages, the machine's states; tools/qmp_cmds.c: the commands and
 * migration).
 */
#ifndef TOOLS_QMP_INTERNAL_H
#define TOOLS_QMP_INTERNAL_H

#include <json-glib/json-glib.h>

#include "tools/guest_ram.h"
#include "tools/migration.h"
#include "tools/qmp.h"

#define TOOL "spapr-irq"

typedef enum QmpRunState {
    QMP_RUNNING,
    QMP_PAUSED,
    QMP_INMIGRATE,
    QMP_POSTMIGRATE,
} QmpRunState;

extern const char *const qmp_run_state_names[];

typedef struct Qmp {
    GuestRam ram; /* first: the callbacks' opaque is the Qmp and the RAM */
    SpaprIrq *irq;
    Guest *guest;
    SpaprIrqCallbacks cb;
    TraceLog *trace;
    QmpRunState state;
    GMainLoop *loop;
    int status;           /* exit status */
    const char *shutdown; /* the SHUTDOWN event's reason */

    char *address; /* the -qmp address (tcp:... or unix:...) */
    int lfd;       /* listening */
    guint lsrc;
    int cfd; /* the client, or -1 */
    guint csrc;
    GString *in;     /* bytes of the client not parsed yet */
    bool negotiated; /* qmp_capabilities done */

    /* migration (source) */
    const char *mig_state; /* NULL: none yet, "setup", "completed", ... */
    MigrationStatus mig;
    char *mig_uri;
    bool mig_events; /* capability "events" */
    guint mig_src;   /* the migration, to run after migrate's answer */

    /* migration (destination) */
    bool incoming_allowed; /* -incoming defer: migrate-incoming once */
    char *in_uri;
    int in_fd;
    guint in_src;
} Qmp;

/* An error answer: QEMU's class and text. */
typedef struct QmpErr {
    const char *cls;
    char *desc;
} QmpErr;

/* Sets @e (QEMU's class, the text) and returns NULL. */
JsonNode *qmp_fail(QmpErr *e, const char *cls, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);
/* The same with @err's message (freed). */
JsonNode *qmp_gfail(QmpErr *e, GError *err);
/* {} */
JsonNode *qmp_empty(void);
/* Sends event @name to a client that negotiated; takes @data (NULL:
 * none). */
void qmp_event(Qmp *q, const char *name, JsonNode *data);
/* An event whose data has one string member. */
void qmp_event_str(Qmp *q, const char *name, const char *member,
                   const char *value);
/* The VM runs (event RESUME), or stops (event STOP if it ran) into @to. */
bool qmp_run(Qmp *q, GError **errp);
bool qmp_stop(Qmp *q, QmpRunState to, GError **errp);

typedef JsonNode *(*QmpFn)(Qmp *q, JsonObject *args, QmpErr *e);

/* A command and its parameters: "name:T" (T: s string, b bool, i integer,
 * a array, o object), "?name:T" when optional, at most 6. */
typedef struct QmpCmd {
    const char *name;
    QmpFn fn;
    const char *params[6];
} QmpCmd;

extern const QmpCmd qmp_cmds[];
extern const size_t qmp_n_cmds;

/* The version of QEMU whose protocol this is (the greeting's). */
JsonNode *qmp_version(void);
/* The destination waits for a stream on @uri (-incoming, migrate-incoming):
 * in the main loop on a socket, at once for file: and exec:. */
bool qmp_incoming_start(Qmp *q, const char *uri, GError **errp);

#endif
