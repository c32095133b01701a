/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq tool: migration of the tool's machines between processes, as
 * QEMU does it (docs/specs/qtest.md, README).  The envelope, big-endian:
 *
 *   8 bytes magic "SPIRQMIG", u32 version (1), u64 total length (trailer
 *   included), u32 section count, then per section: u8 name length, the
 *   name, u64 data length, the data; then u32 CRC32C of every byte before.
 *
 * Sections, each exactly once, in this order:
 *   "spapr-irq"   the bytes of spapr_irq_save() (the layer's own format)
 *   "vmm-ram"     the guest RAM's non-zero runs (guest_ram_save())
 *   "vmm-guest"   the guest profile's state (guest_state_save())
 *
 * Transports (URIs): tcp:HOST:PORT (a loopback address only), unix:PATH,
 * file:PATH, exec:CMD (the stream goes to CMD's stdin on the source, comes
 * from its stdout on the destination).  On tcp and unix the destination
 * answers one byte once the stream is loaded ('Y'), or 'N' with its error
 * text, so the source knows whether the migration completed.
 */
#ifndef TOOLS_MIGRATION_H
#define TOOLS_MIGRATION_H

#include "spapr-irq/spapr-irq.h"
#include "tools/guest.h"
#include "tools/guest_ram.h"

G_BEGIN_DECLS

/* The VMM's parts of a machine that travel. */
typedef struct MigrationVm {
    SpaprIrq *irq;
    GuestRam *ram;
    Guest *guest;
} MigrationVm;

typedef enum MigrationState {
    MIGRATION_NONE,
    MIGRATION_COMPLETED,
    MIGRATION_FAILED,
} MigrationState;

typedef struct MigrationStatus {
    MigrationState state;
    uint64_t bytes;     /* the envelope's size */
    double total_ms;    /* migrate started -> completed or failed */
    double downtime_ms; /* VM stopped -> the destination loaded it */
    char *error;        /* when failed */
} MigrationStatus;

/* Checks a URI: a known transport, tcp on a loopback address only. */
bool migration_uri_check(const char *uri, GError **errp);

/* The envelope of @vm, whose VM is stopped. */
bool migration_save(const MigrationVm *vm, GByteArray *out, GError **errp);
/* Validates the whole envelope (framing, CRC, every section) before
 * changing anything, then loads the layer, the RAM and the guest. */
bool migration_load(const MigrationVm *vm, const uint8_t *buf, size_t len,
                    GError **errp);

/*
 * The source's `migrate URI`: stops the VM, saves, sends.  On success the
 * VM stays stopped (the source is done, as QEMU's is after completion); on
 * failure it runs again and the machine goes on delivering.  @st gets the
 * outcome either way; returns whether it completed.
 */
bool migration_migrate(const MigrationVm *vm, const char *uri,
                       MigrationStatus *st, GError **errp);
/* `migrate-status` as one line: "completed bytes 123 total-ms 1.2
 * downtime-ms 1.0" (or "failed ... error ..."); caller frees. */
char *migration_status_line(const MigrationStatus *st);
void migration_status_clear(MigrationStatus *st);

/* The destination's -incoming URI: waits for the stream (bounded), loads
 * it into @vm (stopped), answers the source on a socket. */
bool migration_incoming(const MigrationVm *vm, const char *uri, GError **errp);

/* The destination in two steps, for a caller with an event loop (the QMP
 * server): migration_listen() opens the listening socket of a tcp: or
 * unix: URI (also the QMP server's own address), and once it is readable
 * migration_incoming_accept() takes the source's connection, loads its
 * stream into @vm as migration_incoming() does, and closes @lfd
 * (migration_listen_close(): a unix: path is removed). */
int migration_listen(const char *uri, GError **errp);
void migration_listen_close(const char *uri, int lfd);
bool migration_incoming_accept(const MigrationVm *vm, const char *uri, int lfd,
                               GError **errp);

/* `spapr-irq analyze-migration FILE [--json]`: exit status. */
int migration_analyze_main(int argc, char **argv);

G_END_DECLS

#endif
