/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spapr-irq tool: migration envelope and transports (migration.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <json-glib/json-glib.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hw/core/fail.h"
#include "hw/core/state.h"
#include "tools/migration.h"
#include "tools/vmm.h"
#include "tools/wire.h"

#define MIG_MAGIC       "SPIRQMIG"
#define MIG_VERSION     1
#define MIG_MAX_STREAM  (UINT64_C(1) << 30)
#define MIG_CONNECT_MS  5000   /* the source's connect */
#define MIG_IO_MS       10000  /* silence on a transfer */
#define MIG_ACCEPT_MS   120000 /* the destination waits for a source */
#define MIG_ACK_MS      30000  /* the source waits for the load */
#define MIG_NR_SECTIONS 3
#define MIG_HEADER_LEN  24 /* magic, version, total length, count */
#define MIG_TRAILER_LEN 4

static const char *const mig_sections[MIG_NR_SECTIONS] = {
    "spapr-irq",
    "vmm-ram",
    "vmm-guest",
};

/* ---- the envelope ---- */

typedef struct MigSection {
    const char *name; /* one of mig_sections */
    size_t offset;    /* of the data in the stream */
    const uint8_t *data;
    size_t len;
} MigSection;

typedef struct MigEnvelope {
    uint32_t version;
    uint64_t total;
    uint32_t crc;
    MigSection sec[MIG_NR_SECTIONS];
} MigEnvelope;

static void mig_put_section(GByteArray *out, const char *name,
                            const GByteArray *data)
{
    state_put_u8(out, (uint8_t)strlen(name));
    g_byte_array_append(out, (const guint8 *)name, (guint)strlen(name));
    state_put_u64(out, data->len);
    g_byte_array_append(out, data->data, data->len);
}

bool migration_save(const MigrationVm *vm, GByteArray *out, GError **errp)
{
    g_autoptr(GByteArray) irq = g_byte_array_new();
    g_autoptr(GByteArray) ram = g_byte_array_new();
    g_autoptr(GByteArray) guest = g_byte_array_new();
    guint start = out->len;
    uint64_t total;

    if (!spapr_irq_save(vm->irq, irq, errp)) {
        return false;
    }
    guest_ram_save(vm->ram, ram);
    guest_state_save(vm->guest, guest);
    g_byte_array_append(out, (const guint8 *)MIG_MAGIC, 8);
    state_put_u32(out, MIG_VERSION);
    state_put_u64(out, 0); /* the total, below */
    state_put_u32(out, MIG_NR_SECTIONS);
    mig_put_section(out, mig_sections[0], irq);
    mig_put_section(out, mig_sections[1], ram);
    mig_put_section(out, mig_sections[2], guest);
    total = out->len - start + MIG_TRAILER_LEN;
    for (int b = 0; b < 8; b++) {
        out->data[start + 12 + b] = (uint8_t)(total >> (56 - 8 * b));
    }
    state_put_u32(out, state_crc32c(out->data + start, out->len - start));
    return true;
}

/* Framing, length, CRC, sections present once each and in order. */
static bool mig_parse(const uint8_t *buf, size_t len, MigEnvelope *env,
                      GError **errp)
{
    WireReader r = wire_reader(buf, len);
    const uint8_t *magic = wire_get_bytes(&r, 8);
    uint32_t count, crc;

    *env = (MigEnvelope){0};
    if (!magic || memcmp(magic, MIG_MAGIC, 8) != 0) {
        return spapr_irq_fail(
            errp, SPAPR_IRQ_ERROR_STATE,
            "migration stream: %s (%zu bytes; expected the magic "
            "\"" MIG_MAGIC "\")",
            magic ? "bad magic" : "truncated", len);
    }
    env->version = wire_get_u32(&r);
    env->total = wire_get_u64(&r);
    count = wire_get_u32(&r);
    if (r.short_read) {
        return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_STATE,
                              "migration stream: truncated header (%zu bytes)",
                              len);
    }
    if (env->version != MIG_VERSION) {
        return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_STATE,
                              "migration stream: version %u (this build reads "
                              "version %u)",
                              env->version, MIG_VERSION);
    }
    if (env->total != len) {
        return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_STATE,
                              "migration stream: %s: %zu bytes received, the "
                              "header announces %" G_GUINT64_FORMAT,
                              len < env->total ? "truncated" : "trailing bytes",
                              len, env->total);
    }
    crc = state_crc32c(buf, len - MIG_TRAILER_LEN);
    env->crc = (uint32_t)buf[len - 4] << 24 | (uint32_t)buf[len - 3] << 16 |
               (uint32_t)buf[len - 2] << 8 | buf[len - 1];
    if (crc != env->crc) {
        return spapr_irq_fail(
            errp, SPAPR_IRQ_ERROR_STATE,
            "migration stream: CRC32C mismatch (stream 0x%08x, "
            "computed 0x%08x): corrupted",
            env->crc, crc);
    }
    if (count != MIG_NR_SECTIONS) {
        return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_STATE,
                              "migration stream: %u sections (expected %d)",
                              count, MIG_NR_SECTIONS);
    }
    r.len = len - MIG_TRAILER_LEN;
    for (uint32_t i = 0; i < count; i++) {
        uint8_t nlen = wire_get_u8(&r);
        const uint8_t *name = wire_get_bytes(&r, nlen);
        uint64_t dlen = wire_get_u64(&r);
        g_autofree char *n = name ? g_strndup((const char *)name, nlen) : NULL;

        if (r.short_read || dlen > r.len - r.pos) {
            return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_STATE,
                                  "migration stream: section %u truncated", i);
        }
        if (!g_str_equal(n, mig_sections[i])) {
            g_autofree char *shown = g_strescape(n, NULL);

            return spapr_irq_fail(
                errp, SPAPR_IRQ_ERROR_STATE,
                "migration stream: section %u is \"%s\", "
                "expected \"%s\" (unknown, repeated, missing or "
                "out of order)",
                i, shown, mig_sections[i]);
        }
        env->sec[i] = (MigSection){.name = mig_sections[i],
                                   .offset = r.pos,
                                   .data = buf + r.pos,
                                   .len = (size_t)dlen};
        r.pos += (size_t)dlen;
    }
    if (r.pos != r.len) {
        return spapr_irq_fail(
            errp, SPAPR_IRQ_ERROR_STATE,
            "migration stream: %zu bytes after the last section",
            r.len - r.pos);
    }
    return true;
}

static void mig_ignore(void *opaque, const char *section, const char *field,
                       uint64_t value, size_t offset, size_t size)
{
}

bool migration_load(const MigrationVm *vm, const uint8_t *buf, size_t len,
                    GError **errp)
{
    MigEnvelope env;
    GError *err = NULL;

    /* Everything is checked before anything changes. */
    if (!mig_parse(buf, len, &env, errp)) {
        return false;
    }
    if (!spapr_irq_state_walk(env.sec[0].data, env.sec[0].len, mig_ignore, NULL,
                              &err) ||
        !guest_ram_check(vm->ram, env.sec[1].data, env.sec[1].len, &err) ||
        !guest_state_check(vm->guest, env.sec[2].data, env.sec[2].len, &err)) {
        return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_STATE,
                              "migration stream: %s", err->message),
               g_error_free(err), false;
    }
    /* The layer validates its own state in full before taking it. */
    if (!spapr_irq_load(vm->irq, env.sec[0].data, env.sec[0].len, &err)) {
        spapr_irq_fail(errp, SPAPR_IRQ_ERROR_STATE,
                       "migration stream: spapr-irq: %s", err->message);
        g_error_free(err);
        return false;
    }
    /* Checked above: these cannot fail. */
    if (!guest_ram_load(vm->ram, env.sec[1].data, env.sec[1].len, errp) ||
        !guest_state_load(vm->guest, env.sec[2].data, env.sec[2].len, errp)) {
        return false;
    }
    return true;
}

/* ---- URIs ---- */

typedef enum MigKind { MIG_TCP, MIG_UNIX, MIG_FILE, MIG_EXEC } MigKind;

typedef struct MigUri {
    MigKind kind;
    char *host, *port; /* tcp */
    const char *arg;   /* unix, file: the path; exec: the command */
} MigUri;

static void mig_uri_clear(MigUri *u)
{
    g_free(u->host);
    g_free(u->port);
}

static bool mig_is_loopback(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;

        return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
    }
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;

        return IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
    }
    return false;
}

static bool mig_uri_parse(const char *uri, MigUri *u, GError **errp)
{
    *u = (MigUri){0};
    if (g_str_has_prefix(uri, "tcp:")) {
        const char *hp = uri + 4, *colon = strrchr(hp, ':');
        char *end = NULL;
        unsigned long port;

        u->kind = MIG_TCP;
        if (!colon || colon == hp) {
            goto bad;
        }
        port = strtoul(colon + 1, &end, 10);
        if (!colon[1] || *end || port == 0 || port > 65535) {
            goto bad;
        }
        if (hp[0] == '[' && colon[-1] == ']') {
            u->host = g_strndup(hp + 1, colon - hp - 2);
        } else {
            u->host = g_strndup(hp, colon - hp);
        }
        u->port = g_strdup(colon + 1);
        return true;
    }
    if (g_str_has_prefix(uri, "unix:") && uri[5]) {
        u->kind = MIG_UNIX;
        u->arg = uri + 5;
        return true;
    }
    if (g_str_has_prefix(uri, "file:") && uri[5]) {
        u->kind = MIG_FILE;
        u->arg = uri + 5;
        return true;
    }
    if (g_str_has_prefix(uri, "exec:") && uri[5]) {
        u->kind = MIG_EXEC;
        u->arg = uri + 5;
        return true;
    }
bad:
    mig_uri_clear(u);
    g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION,
                "bad migration URI \"%s\" (tcp:HOST:PORT with a loopback "
                "HOST, unix:PATH, file:PATH or exec:CMD)",
                uri);
    return false;
}

/* The loopback addresses of a tcp URI; anything else is refused. */
static struct addrinfo *mig_resolve(const MigUri *u, GError **errp)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_NUMERICSERV};
    struct addrinfo *res = NULL;
    int rc;

    if (!g_str_equal(u->host, "localhost")) {
        hints.ai_flags |= AI_NUMERICHOST;
    }
    rc = getaddrinfo(u->host, u->port, &hints, &res);
    if (rc != 0) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION,
                    "migration: tcp:%s:%s: %s (a loopback address is "
                    "needed)",
                    u->host, u->port, gai_strerror(rc));
        return NULL;
    }
    for (struct addrinfo *a = res; a; a = a->ai_next) {
        if (!mig_is_loopback(a->ai_addr)) {
            freeaddrinfo(res);
            g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION,
                        "migration: tcp:%s:%s: only loopback addresses "
                        "(127.0.0.0/8, ::1, localhost) are allowed",
                        u->host, u->port);
            return NULL;
        }
    }
    return res;
}

bool migration_uri_check(const char *uri, GError **errp)
{
    MigUri u;
    struct addrinfo *res;

    if (!mig_uri_parse(uri, &u, errp)) {
        return false;
    }
    if (u.kind == MIG_TCP) {
        res = mig_resolve(&u, errp);
        if (!res) {
            mig_uri_clear(&u);
            return false;
        }
        freeaddrinfo(res);
    }
    mig_uri_clear(&u);
    return true;
}

/* ---- byte transfer with bounded waits ---- */

static double mig_now_ms(void)
{
    return g_get_monotonic_time() / 1000.0;
}

static bool mig_wait(int fd, short events, int timeout_ms, const char *what,
                     GError **errp)
{
    struct pollfd p = {.fd = fd, .events = events};
    int rc;

    do {
        rc = poll(&p, 1, timeout_ms);
    } while (rc < 0 && errno == EINTR);
    if (rc == 0) {
        return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_STATE,
                              "migration: timed out after %d ms %s", timeout_ms,
                              what);
    }
    if (rc < 0) {
        return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_STATE, "migration: %s: %s",
                              what, g_strerror(errno));
    }
    return true;
}

static bool mig_write_all(int fd, bool sock, const uint8_t *buf, size_t len,
                          GError **errp)
{
    while (len) {
        ssize_t n;

        if (!mig_wait(fd, POLLOUT, MIG_IO_MS, "sending the stream", errp)) {
            return false;
        }
        n = sock ? send(fd, buf, len, MSG_NOSIGNAL) : write(fd, buf, len);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
            continue;
        }
        if (n < 0) {
            return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_STATE,
                                  "migration: sending the stream: %s",
                                  g_strerror(errno));
        }
        buf += n;
        len -= (size_t)n;
    }
    return true;
}

/* Reads until EOF, at most MIG_MAX_STREAM bytes. */
static bool mig_read_all(int fd, int timeout_ms, GByteArray *out, GError **errp)
{
    uint8_t chunk[65536];

    for (;;) {
        ssize_t n;

        if (!mig_wait(fd, POLLIN, timeout_ms, "receiving the stream", errp)) {
            return false;
        }
        n = read(fd, chunk, sizeof(chunk));
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
            continue;
        }
        if (n < 0) {
            return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_STATE,
                                  "migration: receiving the stream: %s",
                                  g_strerror(errno));
        }
        if (n == 0) {
            return true;
        }
        if (out->len + (uint64_t)n > MIG_MAX_STREAM) {
            return spapr_irq_fail(
                errp, SPAPR_IRQ_ERROR_STATE,
                "migration: the stream exceeds %" G_GUINT64_FORMAT " bytes",
                MIG_MAX_STREAM);
        }
        g_byte_array_append(out, chunk, (guint)n);
    }
}

/* ---- sockets ---- */

/* The socket address of a unix: or tcp: URI: in @sun, or resolved into
 * *@resp (freeaddrinfo() it); *@sa and *@salen point at it. */
static bool mig_address(const MigUri *u, struct sockaddr_un *sun,
                        struct addrinfo **resp, const struct sockaddr **sa,
                        socklen_t *salen, GError **errp)
{
    if (u->kind == MIG_UNIX) {
        if (strlen(u->arg) >= sizeof(sun->sun_path)) {
            return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_STATE,
                                  "migration: unix:%s: path too long", u->arg);
        }
        strcpy(sun->sun_path, u->arg);
        *sa = (const struct sockaddr *)sun;
        *salen = sizeof(*sun);
        return true;
    }
    *resp = mig_resolve(u, errp);
    if (!*resp) {
        return false;
    }
    *sa = (*resp)->ai_addr;
    *salen = (*resp)->ai_addrlen;
    return true;
}

/* "migration: cannot connect to unix:PATH: why" (or tcp:HOST:PORT). */
static void mig_socket_fail(const MigUri *u, const char *what, int err,
                            GError **errp)
{
    if (u->kind == MIG_UNIX) {
        spapr_irq_fail(errp, SPAPR_IRQ_ERROR_STATE,
                       "migration: cannot %s unix:%s: %s", what, u->arg,
                       g_strerror(err));
    } else {
        spapr_irq_fail(errp, SPAPR_IRQ_ERROR_STATE,
                       "migration: cannot %s tcp:%s:%s: %s", what, u->host,
                       u->port, g_strerror(err));
    }
}

static int mig_socket_connect(const MigUri *u, GError **errp)
{
    struct sockaddr_un sun = {.sun_family = AF_UNIX};
    struct addrinfo *res = NULL;
    const struct sockaddr *sa = NULL;
    socklen_t salen = 0;
    int fd, err = 0;
    socklen_t errlen = sizeof(err);

    if (!mig_address(u, &sun, &res, &sa, &salen, errp)) {
        return -1;
    }
    fd = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd >= 0 && connect(fd, sa, salen) < 0 && errno != EINPROGRESS) {
        err = errno;
    } else if (fd >= 0) {
        GError *werr = NULL;

        if (!mig_wait(fd, POLLOUT, MIG_CONNECT_MS, "connecting", &werr)) {
            g_error_free(werr);
            err = ETIMEDOUT;
        } else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &errlen) < 0) {
            err = errno;
        }
    } else {
        err = errno;
    }
    if (res) {
        freeaddrinfo(res);
    }
    if (err) {
        if (fd >= 0) {
            close(fd);
        }
        mig_socket_fail(u, "connect to", err, errp);
        return -1;
    }
    return fd;
}

static int mig_socket_listen(const MigUri *u, GError **errp)
{
    struct sockaddr_un sun = {.sun_family = AF_UNIX};
    struct addrinfo *res = NULL;
    const struct sockaddr *sa = NULL;
    socklen_t salen = 0;
    int fd, one = 1;

    if (!mig_address(u, &sun, &res, &sa, &salen, errp)) {
        return -1;
    }
    fd = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd >= 0) {
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    }
    if (fd < 0 || bind(fd, sa, salen) < 0 || listen(fd, 1) < 0) {
        int e = errno;

        if (fd >= 0) {
            close(fd);
        }
        if (res) {
            freeaddrinfo(res);
        }
        mig_socket_fail(u, "listen on", e, errp);
        return -1;
    }
    if (res) {
        freeaddrinfo(res);
    }
    return fd;
}

/* ---- child processes (exec:) ---- */

static bool mig_spawn(const char *cmd, bool to_child, GPid *pid, int *fd,
                      GError **errp)
{
    const char *argv[] = {"/bin/sh", "-c", cmd, NULL};
    GError *err = NULL;

    if (!g_spawn_async_with_pipes(
            NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
            pid, to_child ? fd : NULL, to_child ? NULL : fd, NULL, &err)) {
        spapr_irq_fail(errp, SPAPR_IRQ_ERROR_STATE, "migration: exec:%s: %s",
                       cmd, err->message);
        g_error_free(err);
        return false;
    }
    return true;
}

static bool mig_reap(const char *cmd, GPid pid, GError **errp)
{
    int status = 0;

    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    g_spawn_close_pid(pid);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_STATE,
                              "migration: exec:%s: the command failed (%s %d)",
                              cmd, WIFEXITED(status) ? "exit status" : "signal",
                              WIFEXITED(status) ? WEXITSTATUS(status)
                                                : WTERMSIG(status));
    }
    return true;
}

/* ---- the source ---- */

/* Sends @buf; on a socket, waits for the destination's answer. */
static bool mig_send(const char *uri, const uint8_t *buf, size_t len,
                     GError **errp)
{
    MigUri u;
    bool ok = false;

    if (!mig_uri_parse(uri, &u, errp)) {
        return false;
    }
    switch (u.kind) {
    case MIG_FILE: {
        GError *err = NULL;

        ok = g_file_set_contents(u.arg, (const char *)buf, (gssize)len, &err);
        if (!ok) {
            spapr_irq_fail(errp, SPAPR_IRQ_ERROR_STATE, "migration: %s",
                           err->message);
            g_error_free(err);
        }
        break;
    }
    case MIG_EXEC: {
        GPid pid;
        int fd;

        if (mig_spawn(u.arg, true, &pid, &fd, errp)) {
            ok = mig_write_all(fd, false, buf, len, errp);
            close(fd);
            ok = mig_reap(u.arg, pid, ok ? errp : NULL) && ok;
        }
        break;
    }
    case MIG_TCP:
    case MIG_UNIX: {
        int fd = mig_socket_connect(&u, errp);
        g_autoptr(GByteArray) ack = g_byte_array_new();

        if (fd < 0) {
            break;
        }
        ok = mig_write_all(fd, true, buf, len, errp) &&
             shutdown(fd, SHUT_WR) == 0 &&
             mig_read_all(fd, MIG_ACK_MS, ack, errp);
        close(fd);
        if (ok && (ack->len == 0 || ack->data[0] != 'Y')) {
            g_autofree char *why =
                ack->len > 1
                    ? g_strndup((const char *)ack->data + 1, ack->len - 1)
                    : g_strdup("the connection closed before the "
                               "destination loaded the stream");

            ok = spapr_irq_fail(errp, SPAPR_IRQ_ERROR_STATE,
                                "migration: the destination refused: %s", why);
        }
        break;
    }
    }
    mig_uri_clear(&u);
    return ok;
}

bool migration_migrate(const MigrationVm *vm, const char *uri,
                       MigrationStatus *st, GError **errp)
{
    g_autoptr(GByteArray) buf = g_byte_array_new();
    double t0 = mig_now_ms(), stopped = t0;
    bool ran = spapr_irq_vm_running(vm->irq);
    GError *err = NULL;
    bool ok;

    migration_status_clear(st);
    if (!migration_uri_check(uri, &err)) {
        goto failed;
    }
    if (ran && !vmm_vm_stop(vm->irq, &err)) {
        goto failed;
    }
    stopped = mig_now_ms();
    ok = migration_save(vm, buf, &err) &&
         mig_send(uri, buf->data, buf->len, &err);
    st->bytes = buf->len;
    if (ok) {
        st->state = MIGRATION_COMPLETED;
        st->total_ms = mig_now_ms() - t0;
        st->downtime_ms = mig_now_ms() - stopped;
        return true;
    }
    /* Failed: the source runs again and goes on delivering. */
    if (ran && !vmm_vm_resume(vm->irq, NULL)) {
        g_prefix_error(&err, "(and the VM did not resume) ");
    }
    st->downtime_ms = mig_now_ms() - stopped;
failed:
    st->state = MIGRATION_FAILED;
    st->total_ms = mig_now_ms() - t0;
    st->error = g_strdup(err->message);
    g_propagate_error(errp, err);
    return false;
}

char *migration_status_line(const MigrationStatus *st)
{
    const char *state = st->state == MIGRATION_COMPLETED ? "completed"
                        : st->state == MIGRATION_FAILED  ? "failed"
                                                         : "none";

    return g_strdup_printf(
        "%s bytes %" G_GUINT64_FORMAT " total-ms %.3f downtime-ms %.3f%s%s",
        state, st->bytes, st->total_ms, st->downtime_ms,
        st->error ? " error " : "", st->error ? st->error : "");
}

void migration_status_clear(MigrationStatus *st)
{
    g_free(st->error);
    *st = (MigrationStatus){0};
}

/* ---- the destination ---- */

int migration_listen(const char *uri, GError **errp)
{
    MigUri u;
    int fd = -1;

    if (!mig_uri_parse(uri, &u, errp)) {
        return -1;
    }
    if (u.kind == MIG_TCP || u.kind == MIG_UNIX) {
        fd = mig_socket_listen(&u, errp);
    } else {
        spapr_irq_fail(errp, SPAPR_IRQ_ERROR_INVALID_OPTION,
                       "%s: only tcp: and unix: listen", uri);
    }
    mig_uri_clear(&u);
    return fd;
}

void migration_listen_close(const char *uri, int lfd)
{
    close(lfd);
    if (g_str_has_prefix(uri, "unix:")) {
        unlink(uri + 5);
    }
}

bool migration_incoming_accept(const MigrationVm *vm, const char *uri, int lfd,
                               GError **errp)
{
    g_autoptr(GByteArray) buf = g_byte_array_new();
    GError *err = NULL;
    int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
    bool ok;

    if (fd < 0) {
        spapr_irq_fail(errp, SPAPR_IRQ_ERROR_STATE, "migration: accept: %s",
                       g_strerror(errno));
    }
    migration_listen_close(uri, lfd);
    if (fd < 0) {
        return false;
    }
    ok = mig_read_all(fd, MIG_IO_MS, buf, &err) &&
         migration_load(vm, buf->data, buf->len, &err);
    if (ok) {
        ok = mig_write_all(fd, true, (const uint8_t *)"Y", 1, errp);
    } else {
        g_autofree char *nack = g_strdup_printf("N%s", err->message);

        mig_write_all(fd, true, (const uint8_t *)nack, strlen(nack), NULL);
        g_propagate_error(errp, err);
    }
    close(fd);
    return ok;
}

bool migration_incoming(const MigrationVm *vm, const char *uri, GError **errp)
{
    g_autoptr(GByteArray) buf = g_byte_array_new();
    GError *err = NULL;
    MigUri u;
    bool ok = false;

    if (!migration_uri_check(uri, errp) || !mig_uri_parse(uri, &u, errp)) {
        return false;
    }
    switch (u.kind) {
    case MIG_FILE: {
        gchar *data = NULL;
        gsize len = 0;

        if (!g_file_get_contents(u.arg, &data, &len, &err)) {
            spapr_irq_fail(errp, SPAPR_IRQ_ERROR_STATE, "migration: %s",
                           err->message);
            g_error_free(err);
            break;
        }
        g_byte_array_append(buf, (const guint8 *)data, (guint)len);
        g_free(data);
        ok = migration_load(vm, buf->data, buf->len, errp);
        break;
    }
    case MIG_EXEC: {
        GPid pid;
        int fd;

        if (mig_spawn(u.arg, false, &pid, &fd, errp)) {
            ok = mig_read_all(fd, MIG_IO_MS, buf, errp);
            close(fd);
            ok = mig_reap(u.arg, pid, ok ? errp : NULL) && ok;
            ok = ok && migration_load(vm, buf->data, buf->len, errp);
        }
        break;
    }
    case MIG_TCP:
    case MIG_UNIX: {
        int lfd = mig_socket_listen(&u, errp);

        if (lfd < 0) {
            break;
        }
        if (!mig_wait(lfd, POLLIN, MIG_ACCEPT_MS, "waiting for the source",
                      errp)) {
            migration_listen_close(uri, lfd);
            break;
        }
        ok = migration_incoming_accept(vm, uri, lfd, errp);
        break;
    }
    }
    mig_uri_clear(&u);
    return ok;
}

/* ---- analyze-migration ---- */

typedef struct MigWalk {
    GString *text;
    JsonBuilder *json;
} MigWalk;

static void mig_walk_field(void *opaque, const char *section, const char *field,
                           uint64_t value, size_t offset, size_t size)
{
    MigWalk *w = opaque;

    if (w->json) {
        json_builder_begin_object(w->json);
        json_builder_set_member_name(w->json, "section");
        json_builder_add_string_value(w->json, section);
        json_builder_set_member_name(w->json, "field");
        json_builder_add_string_value(w->json, field);
        json_builder_set_member_name(w->json, "value");
        json_builder_add_int_value(w->json, (gint64)value);
        json_builder_set_member_name(w->json, "offset");
        json_builder_add_int_value(w->json, (gint64)offset);
        json_builder_set_member_name(w->json, "size");
        json_builder_add_int_value(w->json, (gint64)size);
        json_builder_end_object(w->json);
    } else {
        g_string_append_printf(w->text,
                               "    %s.%s = 0x%" G_GINT64_MODIFIER
                               "x  (offset %zu, %zu bytes)\n",
                               section, field, value, offset, size);
    }
}

/* The runs of a vmm-ram section (already checked). */
static void mig_ram_runs(const MigSection *s, MigWalk *w)
{
    WireReader r = wire_reader(s->data, s->len);
    uint32_t count = wire_get_u32(&r);

    for (uint32_t i = 0; i < count && !r.short_read; i++) {
        uint64_t gpa = wire_get_u64(&r);
        uint32_t n = wire_get_u32(&r);

        if (!wire_get_bytes(&r, n)) {
            break;
        }
        if (w->json) {
            json_builder_begin_object(w->json);
            json_builder_set_member_name(w->json, "gpa");
            json_builder_add_int_value(w->json, (gint64)gpa);
            json_builder_set_member_name(w->json, "length");
            json_builder_add_int_value(w->json, n);
            json_builder_end_object(w->json);
        } else {
            g_string_append_printf(w->text,
                                   "    run %u: gpa 0x%" G_GINT64_MODIFIER
                                   "x, %u bytes\n",
                                   i, gpa, n);
        }
    }
}

int migration_analyze_main(int argc, char **argv)
{
    const char *path = NULL;
    bool json = false;
    g_autofree gchar *data = NULL;
    gsize len = 0;
    GError *err = NULL;
    MigEnvelope env;
    g_autoptr(GString) text = g_string_new(NULL);
    g_autoptr(JsonBuilder) jb = NULL;
    MigWalk w = {.text = text};
    bool ok = true;

    for (int i = 2; i < argc; i++) {
        if (g_str_equal(argv[i], "--json")) {
            json = true;
        } else if (!path && argv[i][0] != '-') {
            path = argv[i];
        } else {
            fprintf(stderr,
                    "spapr-irq: analyze-migration: unknown argument \"%s\" "
                    "(usage: analyze-migration FILE [--json])\n",
                    argv[i]);
            return 1;
        }
    }
    if (!path) {
        fprintf(stderr, "spapr-irq: analyze-migration needs a FILE "
                        "(usage: analyze-migration FILE [--json])\n");
        return 1;
    }
    if (!g_file_get_contents(path, &data, &len, &err) ||
        !mig_parse((const uint8_t *)data, len, &env, &err)) {
        fprintf(stderr, "spapr-irq: analyze-migration: %s: %s\n", path,
                err->message);
        g_error_free(err);
        return 1;
    }
    if (json) {
        jb = json_builder_new();
        w.json = jb;
        json_builder_begin_object(jb);
        json_builder_set_member_name(jb, "magic");
        json_builder_add_string_value(jb, MIG_MAGIC);
        json_builder_set_member_name(jb, "version");
        json_builder_add_int_value(jb, env.version);
        json_builder_set_member_name(jb, "bytes");
        json_builder_add_int_value(jb, (gint64)env.total);
        json_builder_set_member_name(jb, "crc32c");
        json_builder_add_int_value(jb, env.crc);
        json_builder_set_member_name(jb, "sections");
        json_builder_begin_array(jb);
    } else {
        g_string_append_printf(text,
                               "%s: migration stream \"" MIG_MAGIC
                               "\" version %u, %" G_GUINT64_FORMAT
                               " bytes, %d sections, CRC32C 0x%08x (good)\n",
                               path, env.version, env.total, MIG_NR_SECTIONS,
                               env.crc);
    }
    for (int i = 0; i < MIG_NR_SECTIONS; i++) {
        const MigSection *s = &env.sec[i];

        if (json) {
            json_builder_begin_object(jb);
            json_builder_set_member_name(jb, "name");
            json_builder_add_string_value(jb, s->name);
            json_builder_set_member_name(jb, "offset");
            json_builder_add_int_value(jb, (gint64)s->offset);
            json_builder_set_member_name(jb, "size");
            json_builder_add_int_value(jb, (gint64)s->len);
            json_builder_set_member_name(jb, i == 1 ? "runs" : "fields");
            json_builder_begin_array(jb);
        } else {
            g_string_append_printf(text,
                                   "section \"%s\": offset %zu, %zu bytes\n",
                                   s->name, s->offset, s->len);
        }
        if (i == 0) {
            ok =
                spapr_irq_state_walk(s->data, s->len, mig_walk_field, &w, &err);
        } else if (i == 1) {
            mig_ram_runs(s, &w);
        }
        if (json) {
            json_builder_end_array(jb);
            json_builder_end_object(jb);
        }
        if (!ok) {
            break;
        }
    }
    if (json) {
        g_autoptr(JsonGenerator) gen = json_generator_new();
        g_autoptr(JsonNode) root = NULL;
        g_autofree char *out = NULL;

        json_builder_end_array(jb);
        json_builder_end_object(jb);
        root = json_builder_get_root(jb);
        json_generator_set_root(gen, root);
        json_generator_set_pretty(gen, TRUE);
        out = json_generator_to_data(gen, NULL);
        if (ok) {
            printf("%s\n", out);
        }
    } else {
        fputs(text->str, stdout);
    }
    if (!ok) {
        fprintf(stderr, "spapr-irq: analyze-migration: %s: spapr-irq: %s\n",
                path, err->message);
        g_error_free(err);
        return 1;
    }
    return 0;
}
