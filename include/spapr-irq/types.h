/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the basic types every layer of the library shares: the
 * machine's options as enumerations, the interrupt controllers and their
 * implementations, what a host can do, the callbacks into the VMM, and the
 * PAPR numbers (hcall opcodes and return codes, RTAS status codes, the IRQ
 * number space, the XIVE MMIO regions).  Nothing here does anything.
 *
 * PAPR names carry the SPAPR_ prefix (SPAPR_H_EOI, SPAPR_RTAS_OUT_SUCCESS)
 * so that a VMM can include this header next to its own definitions of
 * the same names.  docs/specs/api.md lists where each number comes from.
 */
#ifndef SPAPR_IRQ_TYPES_H
#define SPAPR_IRQ_TYPES_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

/* Marks the public functions: the shared library is built with hidden
 * visibility and exports these, nothing else. */
#define SPAPR_IRQ_API __attribute__((visibility("default")))

/* The options of a pseries machine (spapr-irq/config.h parses them). */
typedef enum SpaprIcMode {
    SPAPR_IC_MODE_XICS,
    SPAPR_IC_MODE_XIVE,
    SPAPR_IC_MODE_DUAL,
} SpaprIcMode;

typedef enum SpaprKernelIrqchip {
    SPAPR_KERNEL_IRQCHIP_ALLOWED, /* option absent: try KVM, else emulate */
    SPAPR_KERNEL_IRQCHIP_ON,
    SPAPR_KERNEL_IRQCHIP_OFF,
    SPAPR_KERNEL_IRQCHIP_SPLIT, /* parsed for QEMU compatibility, refused */
} SpaprKernelIrqchip;

/* When a CAS that chose another controller switches the active one
 * (-machine cas-switch=, docs/specs/policy.md "CAS"). */
typedef enum SpaprCasSwitch {
    SPAPR_CAS_SWITCH_AT_RESET, /* default: at the next spapr_irq_reset() */
    SPAPR_CAS_SWITCH_AT_CAS,   /* in spapr_irq_cas(), as QEMU 5.0 and later */
} SpaprCasSwitch;

/* CPU generations; the value is the POWER generation number. */
typedef enum SpaprCpuModel {
    SPAPR_CPU_NONE = 0, /* no -cpu / no max-cpu-compat given */
    SPAPR_CPU_POWER8 = 8,
    SPAPR_CPU_POWER9 = 9,
    SPAPR_CPU_POWER10 = 10,
} SpaprCpuModel;

typedef enum SpaprAccel {
    SPAPR_ACCEL_TCG,     /* no kernel irqchip exists at all */
    SPAPR_ACCEL_KVM,     /* the real /dev/kvm */
    SPAPR_ACCEL_KVM_SIM, /* a simulated POWER KVM host, if one is registered
                            (spapr_irq_config_set_simulator()) */
} SpaprAccel;

/* The interrupt controllers a machine may have, and how one runs. */
typedef enum SpaprIntcKind {
    SPAPR_INTC_XICS,
    SPAPR_INTC_XIVE,
    SPAPR_INTC_COUNT,
} SpaprIntcKind;

typedef enum SpaprIntcImpl {
    SPAPR_INTC_IMPL_EMULATED,
    SPAPR_INTC_IMPL_KVM,
} SpaprIntcImpl;

/* A host the layer runs on (opaque; NULL under tcg). */
typedef struct SpaprHost SpaprHost;

/* What a host can do, as probed (spapr_irq_host_probe()). */
typedef struct SpaprHostCaps {
    char name[48];     /* "tcg", "kvm", "kvm-sim:power9-6.1" */
    bool kvm;          /* false: TCG, no kernel irqchip at all */
    SpaprCpuModel cpu; /* host CPU generation; NONE: not a POWER host */
    bool xics;         /* KVM_CAP_IRQ_XICS and the device can be made */
    bool xive;         /* KVM_CAP_PPC_IRQ_XIVE and the device */
    bool release;      /* irqchip devices are destroyed on close */
    bool nr_servers;   /* the NR_SERVERS control attribute exists */
    bool secure;       /* KVM_CAP_PPC_SECURE_GUEST */
    /* The host kernel's page size in bytes (0 under TCG).  The KVM XIVE
     * device maps its 4 x 64 KiB TIMA only with 64 KiB pages. */
    uint32_t page_size;
} SpaprHostCaps;

/* One step of an emulated controller (spapr-irq/trace.h). */
typedef struct SpaprIrqTraceEvent SpaprIrqTraceEvent;

/*
 * A guest-physical range that an in-kernel controller backs with a host
 * mapping of its KVM device: the XIVE ESB pages and TIMA (QEMU maps them
 * as RAM-device regions, so they become KVM memory slots and the guest's
 * loads and stores reach the pages without an exit).
 */
typedef struct SpaprIrqRegion {
    const char *name; /* "xive-esb", "xive-tima" */
    uint64_t gpa;     /* guest physical base */
    uint64_t size;    /* bytes, a multiple of 64 KiB */
    void *host_ptr;   /* the host mapping of @size bytes */
    /* The host the mapping belongs to (spapr_irq_get_host()): a VMM on
     * kvm-sim registers the slot there (spapr_host_sim_map_region()). */
    SpaprHost *host;
} SpaprIrqRegion;

/* Callbacks into the VMM.  All but set_cpu_irq may be NULL. */
typedef struct SpaprIrqCallbacks {
    void *opaque;
    /* Raise (@level true) or lower the external interrupt line of the CPU
     * with index @cpu_index.  Required. */
    void (*set_cpu_irq)(void *opaque, uint32_t cpu_index, bool level);
    /* Read/write guest physical memory; return false if the range is not
     * RAM.  NULL: no guest memory (XIVE queues cannot be configured). */
    bool (*mem_read)(void *opaque, uint64_t gpa, void *buf, size_t len);
    bool (*mem_write)(void *opaque, uint64_t gpa, const void *buf, size_t len);
    /* The guest timebase (H_XIRR_X).  NULL: 0. */
    uint64_t (*get_timebase)(void *opaque);
    /* One step of an emulated controller, at the points and with the
     * arguments of QEMU's trace event of the same name (see
     * spapr-irq/trace.h).  Called on the guest's path: it must not call
     * back into the layer.  @ev is the layer's, valid during the call
     * only.  NULL: no tracing. */
    void (*trace)(void *opaque, const SpaprIrqTraceEvent *ev);
    /* An in-kernel controller backs @region with a host mapping: with @map
     * the VMM adds a memory slot there (KVM_SET_USER_MEMORY_REGION with
     * region->host_ptr), without it the VMM removes the slot (called
     * before the mapping goes).  @region is valid during the call only;
     * region->host_ptr stays mapped until the call without @map.  Returns
     * 0 or a negative errno; a failed
     * map fails the activation (under kernel-irqchip=allowed the
     * controller is then emulated, and the range is trapped MMIO again).
     * Not called on the guest's path.  NULL: the VMM cannot map, and an
     * in-kernel XIVE cannot be used: spapr_irq_create() plans it as on a
     * host without the device (docs/specs/policy.md, rule 8). */
    int (*map_region)(void *opaque, const SpaprIrqRegion *region, bool map);
} SpaprIrqCallbacks;

/* PAPR hcall return codes. */
#define SPAPR_H_SUCCESS   0
#define SPAPR_H_BUSY      1
#define SPAPR_H_HARDWARE  (-1)
#define SPAPR_H_FUNCTION  (-2)
#define SPAPR_H_PRIVILEGE (-3)
#define SPAPR_H_PARAMETER (-4)
#define SPAPR_H_P2        (-55)
#define SPAPR_H_P3        (-56)
#define SPAPR_H_P4        (-57)
#define SPAPR_H_P5        (-58)
#define SPAPR_H_P6        (-59)
#define SPAPR_H_P7        (-60)

/* Interrupt hcall opcodes: XICS, then the XIVE exploitation-mode range
 * (docs/specs/xics.md and docs/specs/xive.md give their arguments). */
#define SPAPR_H_EOI                       0x64
#define SPAPR_H_CPPR                      0x68
#define SPAPR_H_IPI                       0x6C
#define SPAPR_H_IPOLL                     0x70
#define SPAPR_H_XIRR                      0x74
#define SPAPR_H_XIRR_X                    0x2FC
#define SPAPR_H_INT_GET_SOURCE_INFO       0x3A8
#define SPAPR_H_INT_SET_SOURCE_CONFIG     0x3AC
#define SPAPR_H_INT_GET_SOURCE_CONFIG     0x3B0
#define SPAPR_H_INT_GET_QUEUE_INFO        0x3B4
#define SPAPR_H_INT_SET_QUEUE_CONFIG      0x3B8
#define SPAPR_H_INT_GET_QUEUE_CONFIG      0x3BC
#define SPAPR_H_INT_SET_OS_REPORTING_LINE 0x3C0
#define SPAPR_H_INT_GET_OS_REPORTING_LINE 0x3C4
#define SPAPR_H_INT_ESB                   0x3C8
#define SPAPR_H_INT_SYNC                  0x3CC
#define SPAPR_H_INT_RESET                 0x3D0

/* Flags of the XIVE hcalls, PAPR's names (docs/specs/xive.md): IBM bit
 * numbers of a 64-bit register, bit 63 the least significant.
 * H_INT_GET_SOURCE_INFO, returned in R4: */
#define SPAPR_H_INT_SRC_H_INT_ESB                                              \
    (1ull << (63 - 60))                         /* ESB only by H_INT_ESB */
#define SPAPR_H_INT_SRC_LSI (1ull << (63 - 61)) /* a level source */
#define SPAPR_H_INT_SRC_TRIGGER                                                \
    (1ull << (63 - 62)) /* one page: trigger and EOI */
#define SPAPR_H_INT_SRC_STORE_EOI                                              \
    (1ull << (63 - 63)) /* store EOI supported                                 \
                         */
/* H_INT_SET_SOURCE_CONFIG, R4: */
#define SPAPR_H_INT_SRC_SET_EISN (1ull << (63 - 62)) /* set the EISN */
#define SPAPR_H_INT_SRC_MASK     (1ull << (63 - 63)) /* mask the source */
/* H_INT_SET_QUEUE_CONFIG (R4) and H_INT_GET_QUEUE_CONFIG (returned in R4):
 * notify on every event ("unconditional notify"; the guest must set it). */
#define SPAPR_H_INT_END_ALWAYS_NOTIFY (1ull << (63 - 63))
/* H_INT_GET_QUEUE_CONFIG, R4: also return the generation bit and the
 * index of the queue. */
#define SPAPR_H_INT_END_DEBUG (1ull << (63 - 63))
/* H_INT_ESB, R4: a store (else a load). */
#define SPAPR_H_INT_ESB_STORE (1ull << (63 - 63))

/* Most return registers (R4..) an interrupt hcall writes. */
#define SPAPR_IRQ_HCALL_MAX_RETS 4

/* RTAS status codes.  The interrupt RTAS calls and their tokens are named
 * by spapr_irq_rtas_token(). */
#define SPAPR_RTAS_OUT_SUCCESS     0
#define SPAPR_RTAS_OUT_HW_ERROR    (-1)
#define SPAPR_RTAS_OUT_PARAM_ERROR (-3)

/* The byte of option vector 5 that holds the interrupt mode (PAPR numbers
 * a vector's bytes from 1, after its length byte), and its values, which
 * are also those of the platform-support byte. */
#define SPAPR_OV5_BYTE_INTC 23
#define SPAPR_OV5_XICS      0x00
#define SPAPR_OV5_XIVE      0x40
#define SPAPR_OV5_BOTH      0x80

/* IRQ number space: the per-server IPIs below SPAPR_XIRQ_BASE, then the
 * device interrupts. */
#define SPAPR_IRQ_IPI      0x0
#define SPAPR_XIRQ_BASE    0x1000
#define SPAPR_IRQ_EPOW     0x1000
#define SPAPR_IRQ_HOTPLUG  0x1001
#define SPAPR_IRQ_VIO      0x1100
#define SPAPR_IRQ_PCI_LSI  0x1200
#define SPAPR_IRQ_MSI      0x1300
#define SPAPR_NR_XIRQS     0x1000
#define SPAPR_NR_MSIS      (SPAPR_XIRQ_BASE + SPAPR_NR_XIRQS - SPAPR_IRQ_MSI)
#define SPAPR_XICS_NR_IRQS 0x1000
#define SPAPR_XIVE_NR_IRQS 0x2000
/* The IPI range must stay below SPAPR_XIRQ_BASE. */
#define SPAPR_MAX_SERVERS SPAPR_XIRQ_BASE

/* Guest physical addresses of the XIVE MMIO regions of a pseries machine:
 * the ESB pages (two 64 KiB pages per source) and the TIMA (four 64 KiB
 * pages: HW, HV, OS, USER). */
#define SPAPR_XIVE_ESB_BASE  0x0006010000000000ull
#define SPAPR_XIVE_TIMA_BASE 0x0006030203180000ull

/* phandle of the interrupt-controller node, as QEMU. */
#define SPAPR_IRQ_PHANDLE 0x1111

G_END_DECLS

#endif
