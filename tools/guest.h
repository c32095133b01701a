/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq tool: guest profiles.  A profile acts like the interrupt code
 * of a real guest kernel, through the entry points a VMM forwards to the
 * layer (hcalls, RTAS, MMIO on the ESB pages and the TIMA, guest RAM):
 *
 *   linux            XIVE-capable, Linux's CAS rule (facts section 8)
 *   linux,xive=off   the same kernel booted with xive=off
 *   legacy           a kernel older than XIVE: always asks for XICS
 *
 * Each may carry ",secure=on": the guest turns itself into a secure VM
 * (it needs a machine with confidential-guest-support) and shares its
 * XIVE queue pages with the hypervisor, as Linux does under an ultravisor.
 *
 * What a profile does is documented in docs/specs/guests.md; the boot
 * tests of tests/qtest/ check the machine against it.
 */
#ifndef TOOLS_GUEST_H
#define TOOLS_GUEST_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "spapr-irq/spapr-irq.h"
#include "tools/guest_ram.h"

/* Linux's choices, which the profiles share. */
#define GUEST_XICS_PRIO     5    /* DEFAULT_PRIORITY of Linux's XICS code */
#define GUEST_XICS_IPI_PRIO 4    /* IPI_PRIORITY */
#define GUEST_XIVE_PRIO     6    /* the highest priority QEMU leaves free */
#define GUEST_XIVE_IPI_EISN 0x10 /* the EISN of every CPU's IPI */

/* Kinds of guest (facts section 8; docs/specs/guests.md). */
typedef enum GuestKind {
    GUEST_LINUX,          /* XIVE-capable, Linux's CAS rule */
    GUEST_LINUX_XIVE_OFF, /* the same, booted with xive=off */
    GUEST_LEGACY,         /* older than XIVE: always asks for XICS */
} GuestKind;

/* What a guest of @kind asks for at CAS (option vector 5 byte 23) when
 * offered @platform_byte23: the guest's side of CAS (the machine's is
 * spapr_irq_plan_cas()).  Linux with xive=off still asks for XIVE when
 * only XIVE is offered (it warns "Ignoring cmdline option xive=off"). */
uint8_t guest_cas_choice(GuestKind kind, uint8_t platform_byte23);
/* "linux", "linux,xive=off", "legacy". */
const char *guest_kind_name(GuestKind kind);

typedef struct GuestProfile {
    GuestKind kind; /* linux, linux with xive=off, legacy */
    bool secure;    /* secure=on */
} GuestProfile;

/* What -guest accepts, for messages. */
#define GUEST_PROFILE_SYNTAX                                                   \
    "linux[,xive=off][,secure=on] or legacy[,secure=on]"

/* Parses "linux[,xive=off][,secure=on]" or "legacy[,secure=on]". */
bool guest_profile_parse(const char *text, GuestProfile *p, GError **errp);
/* -guest help: each profile and what it does; caller frees. */
char *guest_profile_help(void);
/* The profile as parse() reads it back; caller frees. */
char *guest_profile_name(const GuestProfile *p);

/* What the handler took from one CPU. */
typedef enum GuestTaken {
    GUEST_TAKEN_NONE, /* nothing was pending */
    GUEST_TAKEN_XIRR, /* XICS: @value is the XIRR the guest acked */
    GUEST_TAKEN_EISN, /* XIVE: @value is the EISN read from the queue */
} GuestTaken;

typedef struct Guest Guest;

/*
 * A guest of profile @p on @irq, whose RAM is @ram (the same RAM as the
 * machine's mem_read/mem_write callbacks).  Fails (SPAPR_IRQ_ERROR_
 * INVALID_OPTION) when a secure profile meets a machine without
 * confidential-guest-support.  Lines the guest wants to tell its user
 * (Linux's console messages) go to @log when not NULL.
 */
Guest *guest_new(const GuestProfile *p, SpaprIrq *irq, GuestRam *ram,
                 void (*log)(void *opaque, const char *line), void *opaque,
                 GError **errp);
/* Frees the guest and sets *@gp to NULL; safe on NULL. */
void guest_free(Guest **gp);
/* The device driver's part of the handler: called by guest_take() between
 * the ack and the EOI with the source taken (an XICS source number, or the
 * XIVE LISN; IPIs included), as a driver quiets its device there (a
 * level-triggered line goes down).  NULL: none. */
void guest_set_handler(Guest *g,
                       void (*handler)(void *opaque, uint32_t cpu,
                                       uint32_t source),
                       void *opaque);
/* Another kernel boots on the same machine at the next guest_cas().  Fails
 * as guest_new() does for a secure profile, leaving the profile as it was. */
bool guest_set_profile(Guest *g, const GuestProfile *p, GError **errp);
const GuestProfile *guest_profile(const Guest *g);

/* CAS: reads byte 23 of /chosen/ibm,arch-vec-5-platform-support from the
 * machine's device tree, applies the profile's rule and calls
 * spapr_irq_cas().  *@sent gets the byte sent.  Errors: the layer's CAS
 * error (SPAPR_IRQ_ERROR_CAS with QEMU's message), or the device tree's. */
bool guest_cas(Guest *g, uint8_t *sent, GError **errp);
/* After the reset that follows CAS: sets up the active controller as
 * Linux does (CPPR, XIVE queues, per-CPU IPIs) on every -smp CPU. */
bool guest_setup(Guest *g, GError **errp);
/* Routes the claimed source @num to CPU @cpu and unmasks it. */
bool guest_enable(Guest *g, uint32_t num, uint32_t cpu, GError **errp);
/* CPU @from sends an IPI to CPU @to. */
bool guest_ipi(Guest *g, uint32_t from, uint32_t to, GError **errp);
/* The external-interrupt handler of CPU @cpu, for one interrupt: ack, EOI
 * (and the IPI's MFRR reset), CPPR back to 0xff. */
bool guest_take(Guest *g, uint32_t cpu, GuestTaken *taken, uint32_t *value,
                GError **errp);

/*
 * The migration section "vmm-guest": what the profile needs to go on
 * taking interrupts on another machine (docs/specs/vmm.md): its profile,
 * the controller it set up, per CPU its server, IPI, queue page and queue
 * position (index and toggle), and every XIVE source it configured (flags
 * and ESB pages from H_INT_GET_SOURCE_INFO).  Big-endian.  check validates
 * a section against @g (same profile, CPUs and servers) without changing
 * it; load checks, then replaces @g's state.
 */
void guest_state_save(const Guest *g, GByteArray *out);
bool guest_state_check(const Guest *g, const uint8_t *buf, size_t len,
                       GError **errp);
bool guest_state_load(Guest *g, const uint8_t *buf, size_t len, GError **errp);

#endif
