/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: device-tree helpers: libfdt errors and the platform-support
 * pair for option vector 5 byte 23 (facts section 7).
 */
#include <libfdt.h>
#include <string.h>

#include "hw/ppc/spapr_irq_dt.h"
#include "hw/ppc/spapr_irq_fail.h"

#define OV5_BYTE_INTC 23

bool spapr_irq_fdt_fail(GError **errp, int fdt_err, const char *what)
{
    return spapr_irq_fail(
        errp,
        fdt_err == -FDT_ERR_NOSPACE ? SPAPR_IRQ_ERROR_NO_SPACE
                                    : SPAPR_IRQ_ERROR_INVALID_OPTION,
        "device tree: cannot write %s: %s", what, fdt_strerror(fdt_err));
}

bool spapr_irq_dt_platform_support(void *fdt, uint8_t byte23, GError **errp)
{
    static const char prop[] = "ibm,arch-vec-5-platform-support";
    uint8_t pairs[256];
    const uint8_t *old;
    int chosen, len = 0, ret;
    bool found = false;

    chosen = fdt_path_offset(fdt, "/chosen");
    if (chosen == -FDT_ERR_NOTFOUND) {
        chosen = fdt_add_subnode(fdt, 0, "chosen");
    }
    if (chosen < 0) {
        return spapr_irq_fdt_fail(errp, chosen, "/chosen");
    }
    old = fdt_getprop(fdt, chosen, prop, &len);
    if (!old) {
        len = 0;
    }
    if (len % 2 || len > (int)sizeof(pairs) - 2) {
        return spapr_irq_fdt_fail(errp, -FDT_ERR_BADVALUE, prop);
    }
    if (len) {
        memcpy(pairs, old, len);
    }
    for (int i = 0; i < len; i += 2) {
        if (pairs[i] == OV5_BYTE_INTC) {
            pairs[i + 1] = byte23;
            found = true;
        }
    }
    if (!found) {
        pairs[len++] = OV5_BYTE_INTC;
        pairs[len++] = byte23;
    }
    ret = fdt_setprop(fdt, chosen, prop, pairs, len);
    if (ret < 0) {
        return spapr_irq_fdt_fail(errp, ret, prop);
    }
    return true;
}
