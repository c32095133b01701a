/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The test VMMs' shared part (tests/unit/vm-fixture.h). */
#include <string.h>

#include "tools/vmm.h"
#include "vm-fixture.h"

G_STATIC_ASSERT(G_STRUCT_OFFSET(VmGuest, ram) == 0);

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

static void guest_set_cpu_irq(void *opaque, uint32_t cpu_index, bool level)
{
    VmGuest *g = opaque;

    g_assert(cpu_index < MAX_CPUS);
    g->line[cpu_index] = level;
}

void vm_guest_init(VmGuest *g)
{
    memset(g, 0, sizeof(*g));
    guest_ram_init(&g->ram, RAM_SIZE);
    g->cb = (SpaprIrqCallbacks){
        .opaque = g,
        .set_cpu_irq = guest_set_cpu_irq,
        .mem_read = guest_ram_read,
        .mem_write = guest_ram_write,
        .map_region = vmm_map_region,
    };
}

void vm_guest_fini(VmGuest *g)
{
    guest_ram_fini(&g->ram);
}

uint32_t vm_queue_pop(VmGuest *g, uint32_t cpu)
{
    uint32_t e =
        guest_ram_be32(&g->ram, QPAGE(cpu) + 4 * (uint64_t)g->qidx[cpu]);

    g_assert_cmpuint(g->qidx[cpu], <, QENTRIES); /* no wrap here */
    if (!(e >> 31)) {
        return 0;
    }
    g->qidx[cpu]++;
    return e & 0x7fffffff;
}
