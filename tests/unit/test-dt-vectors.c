/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The device trees of `spapr-irq -machine pseries,...,dumpdtb=FILE` against
 * QEMU 7.2's (the reference vectors of $SPAPR_IRQ_SHARED_DIR/vectors, see
 * its README.md): for each line of qemu-7.2/dtb/index.txt the tool runs
 * with the same options and, where QEMU dumped a blob, the interrupt parts
 * of both blobs are compared property by property; where QEMU refused the
 * configuration, the tool must refuse it with QEMU's message.
 *
 * A few direct tests check server numbers computed by hand from QEMU's
 * rules: nr_servers = ceil(max_cpus * vsmt / threads), vcpu id =
 * (i / threads) * vsmt + i % threads, vsmt = max(8, threads) under KVM.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <libfdt.h>

#define QEMU_PREFIX   "qemu-system-ppc64: "
#define TOOL_PREFIX   "spapr-irq: "
#define INTC_NAME     "interrupt-controller"
#define PLAT_SUPPORT  "ibm,arch-vec-5-platform-support"
#define PLAT_RES_PRIO "ibm,plat-res-int-priorities"
#define SERVERS       "ibm,ppc-interrupt-server#s"
#define GSERVERS      "ibm,ppc-interrupt-gserver#s"
#define SERVER_RANGES "ibm,interrupt-server-ranges"
#define OV5_BYTE_INTC 23

/* One line of index.txt. */
typedef struct DtCase {
    char *tag;
    char *options; /* QEMU's options: "pseries,... -cpu ... -smp ..." */
    bool ok;       /* QEMU dumped a blob */
    char *message; /* what QEMU printed, without its prefix */
    char *error;   /* the line is malformed: why */
} DtCase;

static const char *tool;    /* $SPAPR_IRQ_TOOL */
static char *vector_dir;    /* .../vectors/qemu-7.2/dtb */
static char *tmp_dir;       /* made once, removed at exit */
static GPtrArray *dt_cases; /* DtCase * */

static void dt_case_free(gpointer p)
{
    DtCase *c = p;

    g_free(c->tag);
    g_free(c->options);
    g_free(c->message);
    g_free(c->error);
    g_free(c);
}

/* ---- running the tool ---- */

typedef struct ToolRun {
    bool exited_ok; /* exit status 0 */
    char *status;   /* why not, when !exited_ok */
    char *out, *err;
} ToolRun;

static void tool_run_clear(ToolRun *r)
{
    g_free(r->status);
    g_free(r->out);
    g_free(r->err);
    memset(r, 0, sizeof(*r));
}

/* Runs the tool with @args (NULL-terminated, without argv[0]).  Returns
 * false (and fails the test) if it cannot be started. */
static bool tool_run(const char *const *args, ToolRun *r)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    g_autoptr(GError) err = NULL;
    g_autofree char *cmdline = NULL;
    int wait_status = 0;

    memset(r, 0, sizeof(*r));
    g_ptr_array_add(argv, (gpointer)tool);
    for (; *args; args++) {
        g_ptr_array_add(argv, (gpointer)*args);
    }
    g_ptr_array_add(argv, NULL);
    cmdline = g_strjoinv(" ", (char **)argv->pdata);
    g_test_message("running: %s", cmdline);
    if (!g_spawn_sync(NULL, (char **)argv->pdata, NULL, 0, NULL, NULL, &r->out,
                      &r->err, &wait_status, &err)) {
        g_test_message("cannot run %s: %s", tool, err->message);
        g_test_fail();
        return false;
    }
#if GLIB_CHECK_VERSION(2, 70, 0)
    r->exited_ok = g_spawn_check_wait_status(wait_status, &err);
#else
    r->exited_ok = g_spawn_check_exit_status(wait_status, &err);
#endif
    if (!r->exited_ok) {
        r->status = g_strdup(err->message);
    }
    g_strstrip(r->err);
    return true;
}

/* ---- blobs ---- */

/* Reads a blob and checks its header; NULL (and a failed test) if it
 * cannot be used. */
static void *fdt_load(const char *path, const char *who)
{
    g_autoptr(GError) err = NULL;
    char *buf = NULL;
    gsize len = 0;
    int ret;

    if (!g_file_get_contents(path, &buf, &len, &err)) {
        g_test_message("%s blob: %s", who, err->message);
        g_test_fail();
        return NULL;
    }
    if (len < sizeof(struct fdt_header)) {
        ret = -FDT_ERR_TRUNCATED;
    } else if ((ret = fdt_check_header(buf)) == 0 && fdt_totalsize(buf) > len) {
        ret = -FDT_ERR_TRUNCATED;
    }
    if (ret != 0) {
        g_test_message("%s blob %s: %s", who, path, fdt_strerror(ret));
        g_test_fail();
        g_free(buf);
        return NULL;
    }
    return buf;
}

/* A property value as hex bytes. */
static char *hex(const void *val, int len)
{
    const uint8_t *p = val;
    GString *s;

    if (!val) {
        return g_strdup("(absent)");
    }
    if (len == 0) {
        return g_strdup("(empty)");
    }
    s = g_string_new(NULL);
    for (int i = 0; i < len; i++) {
        g_string_append_printf(s, "%s%02x", i ? " " : "", p[i]);
    }
    return g_string_free(s, FALSE);
}

/* Whether the reference value (NULL: absent) and ours are equal; if not,
 * says so, naming the reference @ref, and fails the test. */
static bool value_check(const char *what, const char *ref, const void *qval,
                        int qlen, const void *oval, int olen)
{
    g_autofree char *qhex = NULL;
    g_autofree char *ohex = NULL;

    if (!qval == !oval &&
        (!qval || (qlen == olen && !memcmp(qval, oval, qlen)))) {
        return true;
    }
    qhex = hex(qval, qlen);
    ohex = hex(oval, olen);
    g_test_message("%s differs: %s %s, ours %s", what, ref, qhex, ohex);
    g_test_fail();
    return false;
}

/* Property @prop of the node at @path (@qnode in QEMU's blob, @onode in
 * ours) in both blobs. */
static bool prop_check(const void *qfdt, int qnode, const void *ofdt, int onode,
                       const char *path, const char *prop)
{
    g_autofree char *what = g_strdup_printf(
        "%s%s%s", path, g_str_has_suffix(path, "/") ? "" : "/", prop);
    int qlen = 0, olen = 0;
    const void *qval = fdt_getprop(qfdt, qnode, prop, &qlen);
    const void *oval = fdt_getprop(ofdt, onode, prop, &olen);

    return value_check(what, "QEMU", qval, qval ? qlen : 0, oval,
                       oval ? olen : 0);
}

static bool is_intc_name(const char *name)
{
    return g_str_equal(name, INTC_NAME) ||
           g_str_has_prefix(name, INTC_NAME "@");
}

/* a. The interrupt-controller node, every property both ways. */
static void compare_intc(const void *qfdt, const void *ofdt)
{
    g_autofree char *path = NULL;
    const char *name = NULL;
    int qnode, onode, prop;

    fdt_for_each_subnode(qnode, qfdt, 0)
    {
        if (is_intc_name(fdt_get_name(qfdt, qnode, NULL))) {
            name = fdt_get_name(qfdt, qnode, NULL);
            break;
        }
    }
    if (!name) {
        g_test_message("QEMU's blob has no interrupt-controller node");
        g_test_fail();
        return;
    }
    path = g_strconcat("/", name, NULL);
    onode = fdt_subnode_offset(ofdt, 0, name);
    if (onode < 0) {
        g_test_message("our blob has no node %s (%s)", path,
                       fdt_strerror(onode));
        fdt_for_each_subnode(onode, ofdt, 0)
        {
            const char *oname = fdt_get_name(ofdt, onode, NULL);

            if (is_intc_name(oname)) {
                g_test_message("our controller node is /%s", oname);
            }
        }
        g_test_fail();
        return;
    }
    fdt_for_each_property_offset(prop, qfdt, qnode)
    {
        const char *pname = NULL;

        fdt_getprop_by_offset(qfdt, prop, &pname, NULL);
        prop_check(qfdt, qnode, ofdt, onode, path, pname);
    }
    fdt_for_each_property_offset(prop, ofdt, onode)
    {
        const char *pname = NULL;
        int len = 0;
        const void *val = fdt_getprop_by_offset(ofdt, prop, &pname, &len);

        if (!fdt_getprop(qfdt, qnode, pname, NULL)) {
            g_autofree char *ohex = hex(val, len);

            g_test_message("%s/%s is ours only: %s", path, pname, ohex);
            g_test_fail();
        }
    }
}

/* The value of the byte-23 pair of /chosen/PLAT_SUPPORT, or -1. */
static int platform_byte23(const void *fdt, char **hexp)
{
    int chosen = fdt_path_offset(fdt, "/chosen");
    int len = 0;
    const uint8_t *pairs =
        chosen < 0 ? NULL : fdt_getprop(fdt, chosen, PLAT_SUPPORT, &len);

    *hexp = hex(pairs, pairs ? len : 0);
    for (int i = 0; pairs && i + 1 < len; i += 2) {
        if (pairs[i] == OV5_BYTE_INTC) {
            return pairs[i + 1];
        }
    }
    return -1;
}

/* b. The platform-support pair for byte 23. */
static void compare_platform_support(const void *qfdt, const void *ofdt)
{
    g_autofree char *qhex = NULL;
    g_autofree char *ohex = NULL;
    int qbyte = platform_byte23(qfdt, &qhex);
    int obyte = platform_byte23(ofdt, &ohex);

    if (qbyte < 0) {
        g_test_message("QEMU's /chosen/" PLAT_SUPPORT " has no pair for "
                       "byte 23: %s",
                       qhex);
        g_test_fail();
    } else if (obyte != qbyte) {
        g_test_message("/chosen/" PLAT_SUPPORT ": QEMU has (23, 0x%02x) in "
                       "%s, ours %s",
                       qbyte, qhex, ohex);
        g_test_fail();
    }
}

/* d. The interrupt servers of each CPU node. */
static void compare_cpus(const void *qfdt, const void *ofdt)
{
    int qcpus = fdt_path_offset(qfdt, "/cpus");
    int ocpus = fdt_path_offset(ofdt, "/cpus");
    int qnode, onode;
    unsigned compared = 0;

    if (qcpus < 0 || ocpus < 0) {
        g_test_message("/cpus: QEMU %s, ours %s",
                       qcpus < 0 ? fdt_strerror(qcpus) : "present",
                       ocpus < 0 ? fdt_strerror(ocpus) : "present");
        g_test_fail();
        return;
    }
    fdt_for_each_subnode(qnode, qfdt, qcpus)
    {
        const char *name = fdt_get_name(qfdt, qnode, NULL);
        g_autofree char *path = g_strconcat("/cpus/", name, NULL);

        if (!fdt_getprop(qfdt, qnode, SERVERS, NULL)) {
            continue;
        }
        compared++;
        onode = fdt_subnode_offset(ofdt, ocpus, name);
        if (onode < 0) {
            g_test_message("our blob has no node %s", path);
            g_test_fail();
            continue;
        }
        prop_check(qfdt, qnode, ofdt, onode, path, SERVERS);
        prop_check(qfdt, qnode, ofdt, onode, path, GSERVERS);
    }
    if (!compared) {
        g_test_message("QEMU's /cpus has no node with " SERVERS);
        g_test_fail();
    }
    fdt_for_each_subnode(onode, ofdt, ocpus)
    {
        const char *name = fdt_get_name(ofdt, onode, NULL);

        if (fdt_subnode_offset(qfdt, qcpus, name) < 0) {
            g_test_message("our blob has a node /cpus/%s QEMU lacks", name);
            g_test_fail();
        }
    }
}

static void compare_blobs(const void *qfdt, const void *ofdt)
{
    compare_intc(qfdt, ofdt);
    compare_platform_support(qfdt, ofdt);
    prop_check(qfdt, 0, ofdt, 0, "/", PLAT_RES_PRIO); /* c. */
    compare_cpus(qfdt, ofdt);
}

/* ---- one index line ---- */

/* A successful dump: stdout says the tool dumped @path, and stderr is
 * empty, as QEMU printed nothing but its dump message (this also catches
 * what a sanitizer reports without changing the exit status). */
static void check_dumped(const ToolRun *r, const char *path)
{
    g_autofree char *line =
        g_strdup_printf(TOOL_PREFIX "dtb dumped to %s. Exiting.", path);

    if (!strstr(r->out, line)) {
        g_test_message("stdout lacks \"%s\": %s", line, r->out);
        g_test_fail();
    }
    if (*r->err) {
        g_test_message("the tool succeeded but wrote to stderr: %s", r->err);
        g_test_fail();
    }
}

static void test_vector(gconstpointer data)
{
    const DtCase *c = data;
    g_auto(GStrv) words = NULL;
    g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *ours = NULL;
    g_autofree char *theirs = NULL;
    g_autofree void *qfdt = NULL;
    g_autofree void *ofdt = NULL;
    ToolRun r;

    if (c->error) {
        g_test_message("index.txt: %s", c->error);
        g_test_fail();
        return;
    }
    words = g_strsplit(c->options, " ", -1);
    ours = g_strdup_printf("%s/%s.dtb", tmp_dir, c->tag);
    g_ptr_array_add(args, g_strdup("-machine"));
    g_ptr_array_add(args, g_strdup_printf("%s,dumpdtb=%s", words[0], ours));
    for (char **w = words + 1; *w; w++) {
        if (**w) {
            g_ptr_array_add(args, g_strdup(*w));
        }
    }
    g_ptr_array_add(args, g_strdup("-accel"));
    g_ptr_array_add(args, g_strdup("tcg"));
    g_ptr_array_add(args, NULL);
    if (!tool_run((const char *const *)args->pdata, &r)) {
        return;
    }

    if (!c->ok) {
        if (r.exited_ok) {
            g_test_message("QEMU refused this configuration (%s) but the "
                           "tool accepted it",
                           c->message);
            g_test_fail();
        } else if (!strstr(r.err, c->message)) {
            g_test_message("stderr lacks QEMU's message \"%s\": %s", c->message,
                           r.err);
            g_test_fail();
        }
        goto out;
    }
    /* Every mode writes its tree now: a failure is never skipped. */
    if (!r.exited_ok) {
        g_test_message("the tool failed (%s): %s", r.status, r.err);
        g_test_fail();
        goto out;
    }
    check_dumped(&r, ours);
    theirs = g_strdup_printf("%s/%s.dtb", vector_dir, c->tag);
    qfdt = fdt_load(theirs, "QEMU's");
    ofdt = fdt_load(ours, "our");
    if (qfdt && ofdt) {
        compare_blobs(qfdt, ofdt);
    }
out:
    g_remove(ours);
    tool_run_clear(&r);
}

/* ---- direct tests ---- */

/* Runs the tool with -machine pseries,<machine>,dumpdtb=<tmp> and @more
 * options and loads the blob; NULL (test failed) if it did not work. */
static void *dump(const char *name, const char *machine,
                  const char *const *more)
{
    g_autofree char *path = g_strdup_printf("%s/%s.dtb", tmp_dir, name);
    g_autofree char *marg =
        g_strdup_printf("pseries,%s,dumpdtb=%s", machine, path);
    g_autoptr(GPtrArray) args = g_ptr_array_new();
    void *fdt = NULL;
    ToolRun r;

    g_ptr_array_add(args, (gpointer) "-machine");
    g_ptr_array_add(args, marg);
    for (; *more; more++) {
        g_ptr_array_add(args, (gpointer)*more);
    }
    g_ptr_array_add(args, NULL);
    if (!tool_run((const char *const *)args->pdata, &r)) {
        return NULL;
    }
    if (!r.exited_ok) {
        g_test_message("the tool failed (%s): %s", r.status, r.err);
        g_test_fail();
    } else {
        check_dumped(&r, path);
        fdt = fdt_load(path, "our");
    }
    g_remove(path);
    tool_run_clear(&r);
    return fdt;
}

/* A property holding the big-endian cells @cells[0..n-1]. */
static void cells_check(const void *fdt, int node, const char *path,
                        const char *prop, const uint32_t *cells, int n)
{
    g_autofree fdt32_t *want = g_new(fdt32_t, n);
    g_autofree char *what = g_strdup_printf("%s/%s", path, prop);
    int len = 0;
    const void *val = node < 0 ? NULL : fdt_getprop(fdt, node, prop, &len);

    for (int i = 0; i < n; i++) {
        want[i] = cpu_to_fdt32(cells[i]);
    }
    value_check(what, "expected", want, n * (int)sizeof(fdt32_t), val,
                val ? len : 0);
}

/* The CPU nodes are exactly those with unit addresses @ids (hex), each
 * with reg, server#s <id> and gserver#s <id 0> (one thread per core);
 * the controller's server range is <0 @nr_servers>. */
static void check_xics_tree(const void *fdt, const uint32_t *ids, int n,
                            uint32_t nr_servers)
{
    int cpus = fdt_path_offset(fdt, "/cpus");
    int intc = fdt_path_offset(fdt, "/" INTC_NAME);
    uint32_t range[2] = {0, nr_servers};
    int node, count = 0;

    if (cpus < 0) {
        g_test_message("no /cpus: %s", fdt_strerror(cpus));
        g_test_fail();
        return;
    }
    fdt_for_each_subnode(node, fdt, cpus)
    {
        const char *name = fdt_get_name(fdt, node, NULL);
        const char *at = strchr(name, '@');
        bool known = false;

        count++;
        for (int i = 0; at && i < n; i++) {
            g_autofree char *unit = g_strdup_printf("@%x", ids[i]);

            known = known || g_str_equal(at, unit);
        }
        if (!known || !g_str_has_prefix(name, "PowerPC,POWER")) {
            g_test_message("unexpected CPU node /cpus/%s", name);
            g_test_fail();
        }
    }
    if (count != n) {
        g_test_message("/cpus has %d nodes, expected %d", count, n);
        g_test_fail();
    }
    for (int i = 0; i < n; i++) {
        uint32_t gserver[2] = {ids[i], 0};
        g_autofree char *unit = g_strdup_printf("@%x", ids[i]);
        g_autofree char *path = NULL;

        node = -FDT_ERR_NOTFOUND;
        fdt_for_each_subnode(node, fdt, cpus)
        {
            if (g_str_has_suffix(fdt_get_name(fdt, node, NULL), unit)) {
                break;
            }
        }
        path = g_strdup_printf("/cpus/<cpu>%s", unit);
        if (node < 0) {
            g_test_message("no CPU node %s", path);
            g_test_fail();
            continue;
        }
        cells_check(fdt, node, path, "reg", &ids[i], 1);
        cells_check(fdt, node, path, SERVERS, &ids[i], 1);
        cells_check(fdt, node, path, GSERVERS, gserver, 2);
    }
    cells_check(fdt, intc, "/" INTC_NAME, SERVER_RANGES, range, 2);
}

static void test_bad_path(void)
{
    g_autofree char *path = g_strdup_printf("%s/no-such-dir/out.dtb", tmp_dir);
    g_autofree char *marg =
        g_strdup_printf("pseries,ic-mode=xics,dumpdtb=%s", path);
    const char *args[] = {"-machine", marg, "-accel", "tcg", NULL};
    ToolRun r;

    if (!tool_run(args, &r)) {
        return;
    }
    if (r.exited_ok) {
        g_test_message("the tool succeeded writing %s", path);
        g_test_fail();
    } else if (!strstr(r.err, path)) {
        g_test_message("stderr does not name %s: %s", path, r.err);
        g_test_fail();
    }
    if (g_file_test(path, G_FILE_TEST_EXISTS)) {
        g_test_message("%s exists", path);
        g_test_fail();
    }
    tool_run_clear(&r);
}

static void test_smp4(void)
{
    const char *more[] = {"-cpu", "power9", "-smp", "4", "-accel", "tcg", NULL};
    const uint32_t ids[] = {0, 1, 2, 3};
    g_autofree void *fdt = dump("smp4", "ic-mode=xics", more);

    if (fdt) {
        check_xics_tree(fdt, ids, 4, 4);
    }
}

static void test_maxcpus(void)
{
    const char *more[] = {"-cpu",   "power9", "-smp", "2,maxcpus=4",
                          "-accel", "tcg",    NULL};
    const uint32_t ids[] = {0, 1};
    g_autofree void *fdt = dump("maxcpus", "ic-mode=xics", more);

    if (fdt) {
        check_xics_tree(fdt, ids, 2, 4);
    }
}

static void test_kvm_vsmt(void)
{
    const char *more[] = {"-accel", "kvm-sim", "-smp", "2", NULL};
    const uint32_t ids[] = {0, 8};
    g_autofree void *fdt =
        dump("kvm-vsmt", "ic-mode=xics,kernel-irqchip=off", more);

    if (fdt) {
        check_xics_tree(fdt, ids, 2, 0x10);
    }
}

/* Cores of 8 threads under a POWER9 compat mode: QEMU's compat table lets
 * a POWER9-compat guest see 8 threads per core (ppc_compat_max_vthreads()),
 * so each core node lists 8 servers. */
static void test_kvm_threads8_compat_p9(void)
{
    const char *more[] = {"-accel", "kvm-sim",      "-cpu", "power9",
                          "-smp",   "16,threads=8", NULL};
    g_autofree void *fdt =
        dump("threads8",
             "ic-mode=xics,kernel-irqchip=off,max-cpu-compat=power9", more);
    static const char *const nodes[] = {"/cpus/PowerPC,POWER9@0",
                                        "/cpus/PowerPC,POWER9@8"};

    if (!fdt) {
        return;
    }
    for (uint32_t c = 0; c < 2; c++) {
        uint32_t servers[8], gservers[16];
        int node = fdt_path_offset(fdt, nodes[c]);

        for (uint32_t t = 0; t < 8; t++) {
            servers[t] = c * 8 + t;
            gservers[2 * t] = c * 8 + t;
            gservers[2 * t + 1] = 0;
        }
        if (node < 0) {
            g_test_message("no node %s", nodes[c]);
            g_test_fail();
            continue;
        }
        cells_check(fdt, node, nodes[c], SERVERS, servers, 8);
        cells_check(fdt, node, nodes[c], GSERVERS, gservers, 16);
    }
}

/* ---- set-up ---- */

static void test_skip(gconstpointer reason)
{
    g_test_skip(reason);
}

/* Parses index.txt into dt_cases. */
static void read_index(const char *text)
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);

    for (char **l = lines; *l; l++) {
        g_auto(GStrv) f = NULL;
        DtCase *c;

        g_strchomp(*l);
        if (!**l) {
            continue;
        }
        f = g_strsplit(*l, "|", 4);
        c = g_new0(DtCase, 1);
        g_ptr_array_add(dt_cases, c);
        if (g_strv_length(f) != 4 || !*f[0] || !*f[1] ||
            (!g_str_equal(f[2], "ok") && !g_str_equal(f[2], "fail"))) {
            c->tag = g_strdup_printf("line-%u", (unsigned)(l - lines) + 1);
            c->error = g_strdup_printf("malformed line: %s", *l);
            continue;
        }
        c->tag = g_strdup(f[0]);
        c->options = g_strdup(g_strstrip(f[1]));
        c->ok = g_str_equal(f[2], "ok");
        c->message = g_strdup(g_str_has_prefix(f[3], QEMU_PREFIX)
                                  ? f[3] + strlen(QEMU_PREFIX)
                                  : f[3]);
        g_strchomp(c->message);
        if (!c->ok && !*c->message) {
            c->error = g_strdup_printf("fail line without a message: %s", *l);
        }
    }
}

/* Registers the tests; returns the reason to skip them all, or NULL. */
static const char *setup(void)
{
    const char *shared = g_getenv("SPAPR_IRQ_SHARED_DIR");
    g_autofree char *index = NULL;
    g_autofree char *text = NULL;
    g_autoptr(GError) err = NULL;

    tool = g_getenv("SPAPR_IRQ_TOOL");
    if (!tool || !*tool) {
        return "SPAPR_IRQ_TOOL is not set (run through meson test)";
    }
    tmp_dir = g_dir_make_tmp("test-dt-vectors-XXXXXX", &err);
    if (!tmp_dir) {
        g_printerr("cannot make a temporary folder: %s\n", err->message);
        exit(1);
    }
    g_test_add_func("/dt-tool/bad-path", test_bad_path);
    g_test_add_func("/dt-tool/xics-smp4", test_smp4);
    g_test_add_func("/dt-tool/xics-maxcpus", test_maxcpus);
    g_test_add_func("/dt-tool/xics-kvm-vsmt8", test_kvm_vsmt);
    g_test_add_func("/dt-tool/xics-kvm-threads8-compat-power9",
                    test_kvm_threads8_compat_p9);

    if (!shared || !*shared) {
        return "SPAPR_IRQ_SHARED_DIR is not set: no reference vectors";
    }
    vector_dir = g_build_filename(shared, "vectors", "qemu-7.2", "dtb", NULL);
    index = g_build_filename(vector_dir, "index.txt", NULL);
    if (!g_file_test(index, G_FILE_TEST_EXISTS)) {
        static char reason[512];

        g_snprintf(reason, sizeof(reason),
                   "no QEMU 7.2 reference vectors: %s does not exist", index);
        return reason;
    }
    if (g_file_get_contents(index, &text, NULL, &err)) {
        read_index(text);
    } else {
        DtCase *c = g_new0(DtCase, 1);

        c->tag = g_strdup("index");
        c->error = g_strdup(err->message);
        g_ptr_array_add(dt_cases, c);
    }
    for (guint i = 0; i < dt_cases->len; i++) {
        DtCase *c = g_ptr_array_index(dt_cases, i);
        g_autofree char *name = g_strdup_printf("/dt-vectors/%s", c->tag);

        g_test_add_data_func(name, c, test_vector);
    }
    return NULL;
}

/* Removes the temporary folder and whatever a failed test left in it. */
static void remove_tmp_dir(void)
{
    GDir *dir;
    const char *name;

    if (!tmp_dir) {
        return;
    }
    dir = g_dir_open(tmp_dir, 0, NULL);
    while (dir && (name = g_dir_read_name(dir))) {
        g_autofree char *path = g_build_filename(tmp_dir, name, NULL);

        g_remove(path);
    }
    if (dir) {
        g_dir_close(dir);
    }
    if (g_rmdir(tmp_dir) != 0) {
        g_printerr("cannot remove %s: %s\n", tmp_dir, g_strerror(errno));
    }
    g_clear_pointer(&tmp_dir, g_free);
}

int main(int argc, char **argv)
{
    /* Every line is checked even after a failure (--keep-going): a failed
     * test would otherwise abort the run and leave tmp_dir behind. */
    static char keep_going[] = "--keep-going";
    char **args = g_new0(char *, argc + 2);
    int nargs = argc + 1;
    const char *skip;
    int ret;

    args[0] = argv[0];
    args[1] = keep_going;
    for (int i = 1; i < argc; i++) {
        args[i + 1] = argv[i];
    }
    g_test_init(&nargs, &args, NULL);
    dt_cases = g_ptr_array_new_with_free_func(dt_case_free);
    skip = setup();
    if (skip) {
        g_test_add_data_func("/dt-vectors/skipped", skip, test_skip);
    }
    ret = g_test_run();
    remove_tmp_dir();
    g_ptr_array_unref(dt_cases);
    g_free(vector_dir);
    g_free(args);
    return ret;
}
