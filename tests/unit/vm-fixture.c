/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The test VMMs' shared part (tests/unit/vm-fixture.h). */
#include "vm-fixture.h"

GArray *vm_hosts_new(void)
{
    GArray *hosts = g_array_new(FALSE, TRUE, sizeof(Host));
    size_t n = 0;
    const SpaprHostProfile *p = spapr_host_profiles(&n);
    Host tcg = {"tcg", NULL};

    g_array_append_val(hosts, tcg);
    for (size_t i = 0; i < n; i++) {
        Host h = {p[i].name, &p[i]};

        g_array_append_val(hosts, h);
    }
    return hosts;
}

uint32_t vm_queue_pop(GuestRam *ram, uint32_t cpu, uint32_t *qidx)
{
    uint32_t e = guest_ram_be32(ram, QPAGE(cpu) + 4 * (uint64_t)*qidx);

    g_assert_cmpuint(*qidx, <, QENTRIES); /* no wrap here */
    if (!(e >> 31)) {
        return 0;
    }
    (*qidx)++;
    return e & 0x7fffffff;
}
