/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the KVM uAPI numbers the interrupt layer uses.
 *
 * The POWER-only part (asm/kvm.h of powerpc) is not on a non-POWER build
 * machine's include path, and including it beside the host's <linux/kvm.h>
 * would clash.  So the layer uses this copy, under its own SPAPR_KVM_
 * prefix, and the build proves it equal to the real headers:
 *   hw/host/kvm_uapi_check.c     against <linux/kvm.h>
 *   hw/host/kvm_uapi_check_ppc.c against powerpc asm/kvm.h (native, or
 *                                Debian's linux-libc-dev-ppc64el-cross)
 * A wrong number here fails the build.  ioctl request numbers are not
 * copied: their encoding is per architecture, so hw/host/kvm.c takes
 * them from the host's <linux/kvm.h>.
 */
#ifndef HW_HOST_KVM_PPC_UAPI_H
#define HW_HOST_KVM_PPC_UAPI_H

#include <stdint.h>

/* <linux/kvm.h> (all architectures) */
#define SPAPR_KVM_CAP_IRQ_XICS         92
#define SPAPR_KVM_CAP_PPC_IRQ_XIVE     169
#define SPAPR_KVM_CAP_PPC_SECURE_GUEST 181
#define SPAPR_KVM_DEV_TYPE_XICS        3
#define SPAPR_KVM_DEV_TYPE_XIVE        9
#define SPAPR_KVM_CREATE_DEVICE_TEST   1
#define SPAPR_KVM_REG_PPC              0x1000000000000000ULL
#define SPAPR_KVM_REG_SIZE_U64         0x0030000000000000ULL
#define SPAPR_KVM_REG_SIZE_U128        0x0040000000000000ULL

/* powerpc <asm/kvm.h>: per-vCPU registers */
#define SPAPR_KVM_REG_PPC_ICP_STATE                                            \
    (SPAPR_KVM_REG_PPC | SPAPR_KVM_REG_SIZE_U64 | 0x8c)
#define SPAPR_KVM_REG_PPC_ICP_CPPR_SHIFT 56
#define SPAPR_KVM_REG_PPC_ICP_CPPR_MASK  0xff
#define SPAPR_KVM_REG_PPC_ICP_XISR_SHIFT 32
#define SPAPR_KVM_REG_PPC_ICP_XISR_MASK  0xffffff
#define SPAPR_KVM_REG_PPC_ICP_MFRR_SHIFT 24
#define SPAPR_KVM_REG_PPC_ICP_MFRR_MASK  0xff
#define SPAPR_KVM_REG_PPC_ICP_PPRI_SHIFT 16
#define SPAPR_KVM_REG_PPC_ICP_PPRI_MASK  0xff
#define SPAPR_KVM_REG_PPC_VP_STATE                                             \
    (SPAPR_KVM_REG_PPC | SPAPR_KVM_REG_SIZE_U128 | 0x8d)

/* powerpc <asm/kvm.h>: XICS device */
#define SPAPR_KVM_DEV_XICS_GRP_SOURCES   1
#define SPAPR_KVM_DEV_XICS_GRP_CTRL      2
#define SPAPR_KVM_DEV_XICS_NR_SERVERS    1
#define SPAPR_KVM_XICS_DESTINATION_SHIFT 0
#define SPAPR_KVM_XICS_DESTINATION_MASK  0xffffffffULL
#define SPAPR_KVM_XICS_PRIORITY_SHIFT    32
#define SPAPR_KVM_XICS_PRIORITY_MASK     0xff
#define SPAPR_KVM_XICS_LEVEL_SENSITIVE   (1ULL << 40)
#define SPAPR_KVM_XICS_MASKED            (1ULL << 41)
#define SPAPR_KVM_XICS_PENDING           (1ULL << 42)
#define SPAPR_KVM_XICS_PRESENTED         (1ULL << 43)
#define SPAPR_KVM_XICS_QUEUED            (1ULL << 44)

/* powerpc <asm/kvm.h>: XIVE native device */
#define SPAPR_KVM_DEV_XIVE_GRP_CTRL          1
#define SPAPR_KVM_DEV_XIVE_RESET             1
#define SPAPR_KVM_DEV_XIVE_EQ_SYNC           2
#define SPAPR_KVM_DEV_XIVE_NR_SERVERS        3
#define SPAPR_KVM_DEV_XIVE_GRP_SOURCE        2
#define SPAPR_KVM_DEV_XIVE_GRP_SOURCE_CONFIG 3
#define SPAPR_KVM_DEV_XIVE_GRP_EQ_CONFIG     4
#define SPAPR_KVM_DEV_XIVE_GRP_SOURCE_SYNC   5
#define SPAPR_KVM_XIVE_LEVEL_SENSITIVE       (1ULL << 0)
#define SPAPR_KVM_XIVE_LEVEL_ASSERTED        (1ULL << 1)
#define SPAPR_KVM_XIVE_SOURCE_PRIORITY_SHIFT 0
#define SPAPR_KVM_XIVE_SOURCE_PRIORITY_MASK  0x7
#define SPAPR_KVM_XIVE_SOURCE_SERVER_SHIFT   3
#define SPAPR_KVM_XIVE_SOURCE_SERVER_MASK    0xfffffff8ULL
#define SPAPR_KVM_XIVE_SOURCE_MASKED_SHIFT   32
#define SPAPR_KVM_XIVE_SOURCE_MASKED_MASK    0x100000000ULL
#define SPAPR_KVM_XIVE_SOURCE_EISN_SHIFT     33
#define SPAPR_KVM_XIVE_SOURCE_EISN_MASK      0xfffffffe00000000ULL
#define SPAPR_KVM_XIVE_EQ_PRIORITY_SHIFT     0
#define SPAPR_KVM_XIVE_EQ_PRIORITY_MASK      0x7
#define SPAPR_KVM_XIVE_EQ_SERVER_SHIFT       3
#define SPAPR_KVM_XIVE_EQ_SERVER_MASK        0xfffffff8ULL
#define SPAPR_KVM_XIVE_EQ_ALWAYS_NOTIFY      0x00000001
#define SPAPR_KVM_XIVE_TIMA_PAGE_OFFSET      0
#define SPAPR_KVM_XIVE_ESB_PAGE_OFFSET       4

/* struct kvm_ppc_xive_eq, 64 bytes, host byte order. */
struct spapr_kvm_ppc_xive_eq {
    uint32_t flags;
    uint32_t qshift;
    uint64_t qaddr;
    uint32_t qtoggle;
    uint32_t qindex;
    uint8_t pad[40];
};

/* KVM_IRQ_LINE levels (asm/kvm.h): an edge, a level raised, lowered. */
#define SPAPR_KVM_INTERRUPT_SET       -1U
#define SPAPR_KVM_INTERRUPT_UNSET     -2U
#define SPAPR_KVM_INTERRUPT_SET_LEVEL -3U

/* struct kvm_rtas_token_args (KVM_PPC_RTAS_DEFINE_TOKEN, a VM ioctl with
 * KVM_CAP_PPC_RTAS): token 0 undefines the name. */
#define SPAPR_KVM_CAP_PPC_RTAS  91
#define SPAPR_KVM_RTAS_NAME_LEN 120
struct spapr_kvm_rtas_token_args {
    char name[SPAPR_KVM_RTAS_NAME_LEN];
    uint64_t token;
};

#endif
