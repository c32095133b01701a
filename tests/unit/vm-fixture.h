/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the test VMMs of tests/unit/test-migration.c and test-threads.c
 * share: their guest's PAPR numbers (facts sections 5 and 6) and memory
 * layout, the hosts they run on (tcg and every kvm-sim profile), and the
 * guest's side of a machine: its RAM (a tools/guest_ram.h GuestRam), its
 * CPUs' interrupt lines, the callbacks over both, and its reads of its
 * XIVE event queues.
 */
#ifndef TESTS_UNIT_VM_FIXTURE_H
#define TESTS_UNIT_VM_FIXTURE_H

#include <glib.h>
#include <stdint.h>

#include "sim/sim.h"
#include "spapr-irq/spapr-irq.h"
#include "tools/guest_ram.h"

/* ---- PAPR numbers (facts sections 5 and 6) ---- */

#define OP_H_EOI  0x64
#define OP_H_CPPR 0x68
#define OP_H_IPI  0x6C
#define OP_H_XIRR 0x74

#define TOKEN_SET_XIVE 0x200A
#define XISR_IPI       0x2

#define SRC_SET_EISN    0x2ull
#define Q_ALWAYS_NOTIFY 0x1ull
#define ESB_TRIG(lisn)  (SPAPR_XIVE_ESB_BASE + ((uint64_t)(lisn) << 17))
#define ESB_MGMT(lisn)  (ESB_TRIG(lisn) + 0x10000)
#define ESB_EOI         0x000
#define ESB_SET_PQ(pq)  (0xc00 + ((uint32_t)(pq) << 8))
#define PQ_00           0x0
#define TIMA_OS         (SPAPR_XIVE_TIMA_BASE + 0x20000)
#define TM_OS_CPPR      (TIMA_OS + 0x11)
#define TM_ACK_OS       (TIMA_OS + 0x810)

/* ---- the guest ---- */

#define MAX_CPUS 4
#define NCPUS    2
#define PRIO     5
/* One 64 KiB queue per CPU, at (1 + cpu) * 64 KiB. */
#define QPAGE(cpu) (UINT64_C(0x10000) * (1 + (cpu)))
#define QSIZE_64K  16
#define QENTRIES   (0x10000 / 4)
#define RAM_SIZE   (UINT64_C(0x10000) * (1 + MAX_CPUS))

#define MSI_A 0x1300
#define MSI_B 0x1301
#define LSI_L 0x1200

/* ---- hosts ---- */

typedef struct Host {
    const char *name;             /* "tcg" or a kvm-sim profile */
    const SpaprHostProfile *prof; /* NULL: tcg */
} Host;

/* tcg, then every kvm-sim profile (g_array_unref() it). */
GArray *vm_hosts_new(void);

/* ---- the guest ---- */

typedef struct VmGuest {
    GuestRam ram; /* first: the callbacks' opaque is the VmGuest and the RAM */
    SpaprIrqCallbacks cb; /* for spapr_irq_create() */
    bool line[MAX_CPUS];  /* the CPUs' interrupt lines (set_cpu_irq) */
    /* The guest's own state (a VMM migrates it with RAM): the next entry
     * it reads in each CPU's queue. */
    uint32_t qidx[MAX_CPUS];
} VmGuest;

/* @g with RAM_SIZE bytes of empty RAM, every line low, every queue read
 * from its start, and its callbacks (with vmm_map_region()). */
void vm_guest_init(VmGuest *g);
/* Frees the RAM; safe twice. */
void vm_guest_fini(VmGuest *g);

/* The next unread entry of @cpu's queue (the guest's read, which advances
 * past a valid entry), or 0: generation 1 is the valid one before the
 * wrap, which these tests never reach. */
uint32_t vm_queue_pop(VmGuest *g, uint32_t cpu);

#endif
