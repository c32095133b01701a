/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Build-time check of kvm_ppc_uapi.h against the host's <linux/kvm.h>. */
#include <linux/kvm.h>

#include "hw/host/kvm_ppc_uapi.h"

#define SAME(x) _Static_assert(SPAPR_##x == x, #x " differs from linux/kvm.h")

SAME(KVM_CAP_IRQ_XICS);
SAME(KVM_CAP_PPC_IRQ_XIVE);
SAME(KVM_CAP_PPC_SECURE_GUEST);
SAME(KVM_DEV_TYPE_XICS);
SAME(KVM_DEV_TYPE_XIVE);
SAME(KVM_CREATE_DEVICE_TEST);
SAME(KVM_REG_PPC);
SAME(KVM_REG_SIZE_U64);
SAME(KVM_REG_SIZE_U128);
SAME(KVM_CAP_PPC_RTAS);

/* ISO C forbids an empty translation unit. */
int spapr_kvm_uapi_check_generic(void);
int spapr_kvm_uapi_check_generic(void)
{
    return 0;
}
