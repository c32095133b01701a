/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Build-time check of kvm_ppc_uapi.h against the real powerpc asm/kvm.h,
 * whose path meson passes as SPAPR_PPC_ASM_KVM_H.  Only the header's
 * constants and struct layout are used: nothing here runs.
 */
#include <stddef.h>

#include SPAPR_PPC_ASM_KVM_H

#include "hw/host/kvm_ppc_uapi.h"

/* KVM_REG_PPC_* use KVM_REG_PPC and KVM_REG_SIZE_* of <linux/kvm.h>, which
 * this translation unit must not include (it would pull in the build
 * machine's asm/kvm.h); take them from our checked copy. */
#ifndef KVM_REG_PPC
#define KVM_REG_PPC       SPAPR_KVM_REG_PPC
#define KVM_REG_SIZE_U64  SPAPR_KVM_REG_SIZE_U64
#define KVM_REG_SIZE_U128 SPAPR_KVM_REG_SIZE_U128
#endif

#define SAME(x) _Static_assert(SPAPR_##x == x, #x " differs from asm/kvm.h")

SAME(KVM_REG_PPC_ICP_STATE);
SAME(KVM_REG_PPC_ICP_CPPR_SHIFT);
SAME(KVM_REG_PPC_ICP_CPPR_MASK);
SAME(KVM_REG_PPC_ICP_XISR_SHIFT);
SAME(KVM_REG_PPC_ICP_XISR_MASK);
SAME(KVM_REG_PPC_ICP_MFRR_SHIFT);
SAME(KVM_REG_PPC_ICP_MFRR_MASK);
SAME(KVM_REG_PPC_ICP_PPRI_SHIFT);
SAME(KVM_REG_PPC_ICP_PPRI_MASK);
SAME(KVM_REG_PPC_VP_STATE);
SAME(KVM_DEV_XICS_GRP_SOURCES);
SAME(KVM_DEV_XICS_GRP_CTRL);
SAME(KVM_DEV_XICS_NR_SERVERS);
SAME(KVM_XICS_DESTINATION_SHIFT);
SAME(KVM_XICS_DESTINATION_MASK);
SAME(KVM_XICS_PRIORITY_SHIFT);
SAME(KVM_XICS_PRIORITY_MASK);
SAME(KVM_XICS_LEVEL_SENSITIVE);
SAME(KVM_XICS_MASKED);
SAME(KVM_XICS_PENDING);
SAME(KVM_XICS_PRESENTED);
SAME(KVM_XICS_QUEUED);
SAME(KVM_DEV_XIVE_GRP_CTRL);
SAME(KVM_DEV_XIVE_RESET);
SAME(KVM_DEV_XIVE_EQ_SYNC);
SAME(KVM_DEV_XIVE_NR_SERVERS);
SAME(KVM_DEV_XIVE_GRP_SOURCE);
SAME(KVM_DEV_XIVE_GRP_SOURCE_CONFIG);
SAME(KVM_DEV_XIVE_GRP_EQ_CONFIG);
SAME(KVM_DEV_XIVE_GRP_SOURCE_SYNC);
SAME(KVM_XIVE_LEVEL_SENSITIVE);
SAME(KVM_XIVE_LEVEL_ASSERTED);
SAME(KVM_XIVE_SOURCE_PRIORITY_SHIFT);
SAME(KVM_XIVE_SOURCE_PRIORITY_MASK);
SAME(KVM_XIVE_SOURCE_SERVER_SHIFT);
SAME(KVM_XIVE_SOURCE_SERVER_MASK);
SAME(KVM_XIVE_SOURCE_MASKED_SHIFT);
SAME(KVM_XIVE_SOURCE_MASKED_MASK);
SAME(KVM_XIVE_SOURCE_EISN_SHIFT);
SAME(KVM_XIVE_SOURCE_EISN_MASK);
SAME(KVM_XIVE_EQ_PRIORITY_SHIFT);
SAME(KVM_XIVE_EQ_PRIORITY_MASK);
SAME(KVM_XIVE_EQ_SERVER_SHIFT);
SAME(KVM_XIVE_EQ_SERVER_MASK);
SAME(KVM_XIVE_EQ_ALWAYS_NOTIFY);
SAME(KVM_XIVE_TIMA_PAGE_OFFSET);
SAME(KVM_XIVE_ESB_PAGE_OFFSET);
SAME(KVM_INTERRUPT_SET);
SAME(KVM_INTERRUPT_UNSET);
SAME(KVM_INTERRUPT_SET_LEVEL);
_Static_assert(sizeof(struct spapr_kvm_rtas_token_args) ==
                       sizeof(struct kvm_rtas_token_args) &&
                   offsetof(struct spapr_kvm_rtas_token_args, token) ==
                       offsetof(struct kvm_rtas_token_args, token),
               "kvm_rtas_token_args differs from asm/kvm.h");

#define SAME_FIELD(f)                                                          \
    _Static_assert(offsetof(struct spapr_kvm_ppc_xive_eq, f) ==                \
                           offsetof(struct kvm_ppc_xive_eq, f) &&              \
                       sizeof(((struct spapr_kvm_ppc_xive_eq *)0)->f) ==       \
                           sizeof(((struct kvm_ppc_xive_eq *)0)->f),           \
                   "kvm_ppc_xive_eq." #f " differs from asm/kvm.h")
SAME_FIELD(flags);
SAME_FIELD(qshift);
SAME_FIELD(qaddr);
SAME_FIELD(qtoggle);
SAME_FIELD(qindex);
SAME_FIELD(pad);
_Static_assert(sizeof(struct spapr_kvm_ppc_xive_eq) ==
                   sizeof(struct kvm_ppc_xive_eq),
               "kvm_ppc_xive_eq size differs from asm/kvm.h");

int spapr_kvm_uapi_check_ppc(void);
int spapr_kvm_uapi_check_ppc(void)
{
    return 0;
}
