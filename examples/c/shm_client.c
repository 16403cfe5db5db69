/*
 * A vswitch shared-memory port client in plain C: proves the layout (docs/shm-layout.md,
 * ShmPortDescriptor, ShmHandshake, RingDescriptor) is language-neutral. Layout version 2: PATH is
 * the port's Unix socket (SOCK_SEQPACKET); the client sends a hello and receives the port's sealed
 * memfd with SCM_RIGHTS, maps it, and holds the port for as long as the connection is open.
 *
 *   cc -O2 -o shm_client shm_client.c
 *   ./shm_client TX_PATH RX_PATH COUNT
 *
 * Sends COUNT test frames into the port at TX_PATH and receives COUNT frames from the port at
 * RX_PATH (e.g. two ports a static logic connects), never more in flight than RX's ring holds.
 * Prints: sent=N sentSum=HEX received=N receivedSum=HEX outOfOrder=N
 * Frame i: 60 + i % 128 bytes, dst 02:00:00:00:00:02, src 02:00:00:00:00:01, EtherType 0x88b5,
 * i as a little-endian 64-bit integer at offset 14, then bytes (i * 7 + offset).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/* file header (ShmPortDescriptor) */
#define SHM_MAGIC 0x4d505356u /* "VSPM" */
#define SHM_VERSION 2
#define SHM_HEADER_LENGTH 4096
#define SHM_FILE_LENGTH 16
#define SHM_TO_SWITCH_OFFSET 24
#define SHM_TO_SWITCH_LENGTH 32
#define SHM_FROM_SWITCH_OFFSET 40
#define SHM_FROM_SWITCH_LENGTH 48
#define SHM_STATE 72
#define SHM_STATE_READY 1

/* handshake on the port's socket (ShmHandshake) */
#define HELLO_MAGIC 0x43505356u /* "VSPC" */
#define REPLY_MAGIC 0x52505356u /* "VSPR" */
#define REPLY_HEADER 24
#define REPLY_ACCEPTED 0

/* ring (RingDescriptor) */
#define RING_MAGIC 0x47525356u /* "VSRG" */
#define RING_VERSION 1
#define RING_CAPACITY 8
#define RING_BUFFER_SIZE 12
#define RING_BUFFERS_OFFSET 16
#define RING_TAIL 128
#define RING_HEAD 256
#define RING_SLOTS 384
#define RING_SLOT_SIZE 8

struct ring {
    uint8_t *base;
    uint32_t capacity;
    uint32_t mask;
    uint32_t buffer_size;
    uint64_t buffers;
};

struct port {
    const char *path;
    int socket;
    uint8_t *base;
    size_t length;
    struct ring to_switch;
    struct ring from_switch;
};

static uint32_t u32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; } /* x86-64/aarch64: LE */
static uint64_t u64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

static uint64_t load_acquire(uint8_t *p) { return __atomic_load_n((uint64_t *)p, __ATOMIC_ACQUIRE); }
static void store_release(uint8_t *p, uint64_t v) { __atomic_store_n((uint64_t *)p, v, __ATOMIC_RELEASE); }

static void die(const char *path, const char *what)
{
    fprintf(stderr, "shm_client: %s: %s\n", path, what);
    exit(2);
}

static void ring_attach(struct port *port, struct ring *ring, uint64_t offset, uint64_t length, const char *which)
{
    char why[160];
    if (offset < SHM_HEADER_LENGTH || offset + length > port->length || length < RING_SLOTS) {
        snprintf(why, sizeof why, "bad %s ring bounds", which);
        die(port->path, why);
    }
    ring->base = port->base + offset;
    if (u32(ring->base) != RING_MAGIC || u32(ring->base + 4) != RING_VERSION) {
        snprintf(why, sizeof why, "%s ring: bad magic or version", which);
        die(port->path, why);
    }
    ring->capacity = u32(ring->base + RING_CAPACITY);
    ring->mask = ring->capacity - 1;
    ring->buffer_size = u32(ring->base + RING_BUFFER_SIZE);
    ring->buffers = u64(ring->base + RING_BUFFERS_OFFSET);
    if (ring->capacity < 2 || (ring->capacity & ring->mask) != 0
        || ring->buffers + (uint64_t)ring->capacity * ring->buffer_size > length) {
        snprintf(why, sizeof why, "%s ring: inconsistent shape", which);
        die(port->path, why);
    }
}

/* a version 1 switch made a plain file at PATH: name its version instead of failing to connect */
static void check_kind(const char *path)
{
    char why[200];
    struct stat st;
    if (stat(path, &st) < 0 || !S_ISREG(st.st_mode)) {
        return;
    }
    uint8_t header[8] = {0};
    int fd = open(path, O_RDONLY);
    if (fd >= 0 && read(fd, header, sizeof header) == (ssize_t)sizeof header && u32(header) == SHM_MAGIC) {
        snprintf(why, sizeof why, "a layout version %u port file; this client speaks layout version %d",
                 u32(header + 4), SHM_VERSION);
        die(path, why);
    }
    die(path, "a plain file, not a vswitch shared-memory port socket");
}

/* connect, say hello, receive the memfd (or the reason the switch refused) */
static int handshake(struct port *port, uint64_t *length)
{
    char why[400];
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    if (strlen(port->path) >= sizeof address.sun_path) {
        die(port->path, "path too long for a unix socket");
    }
    strcpy(address.sun_path, port->path);
    port->socket = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    if (port->socket < 0 || connect(port->socket, (struct sockaddr *)&address, sizeof address) < 0) {
        die(port->path, strerror(errno));
    }
    uint8_t hello[16] = {0};
    uint32_t magic = HELLO_MAGIC, version = SHM_VERSION;
    memcpy(hello, &magic, 4);
    memcpy(hello + 4, &version, 4);
    if (send(port->socket, hello, sizeof hello, MSG_NOSIGNAL) != (ssize_t)sizeof hello) {
        die(port->path, "the switch hung up");
    }
    uint8_t reply[REPLY_HEADER + 257];
    union {
        struct cmsghdr align;
        char space[CMSG_SPACE(sizeof(int))];
    } control;
    struct iovec iov = {.iov_base = reply, .iov_len = sizeof reply - 1};
    struct msghdr message = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.space,
                             .msg_controllen = sizeof control.space};
    ssize_t got = recvmsg(port->socket, &message, MSG_CMSG_CLOEXEC);
    if (got < REPLY_HEADER || u32(reply) != REPLY_MAGIC) {
        die(port->path, "not a vswitch switch reply");
    }
    int fd = -1;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&message); c != NULL; c = CMSG_NXTHDR(&message, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS && c->cmsg_len >= CMSG_LEN(sizeof(int))) {
            memcpy(&fd, CMSG_DATA(c), sizeof fd);
        }
    }
    if (u32(reply + 8) != REPLY_ACCEPTED) {
        reply[got] = 0;
        snprintf(why, sizeof why, "refused: %s", (const char *)reply + REPLY_HEADER);
        die(port->path, why);
    }
    if (fd < 0) {
        die(port->path, "the switch accepted but passed no memfd");
    }
    *length = u64(reply + 16);
    return fd;
}

static void port_attach(struct port *port, const char *path)
{
    char why[160];
    uint64_t length;
    port->path = path;
    check_kind(path);
    int fd = handshake(port, &length);
    /* sealed: nobody (this client included) can shrink it under the switch's mapping */
    int seals = fcntl(fd, F_GET_SEALS);
    if (seals < 0 || (seals & (F_SEAL_SHRINK | F_SEAL_GROW)) != (F_SEAL_SHRINK | F_SEAL_GROW)) {
        die(path, "the region is not sealed against resizing");
    }
    struct stat st;
    if (fstat(fd, &st) < 0 || (uint64_t)st.st_size != length || length < SHM_HEADER_LENGTH) {
        die(path, "the region's size does not match the switch's reply");
    }
    port->length = (size_t)length;
    port->base = mmap(NULL, port->length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (port->base == MAP_FAILED) {
        die(path, strerror(errno));
    }
    uint32_t magic = __atomic_load_n((uint32_t *)port->base, __ATOMIC_ACQUIRE);
    if (magic != SHM_MAGIC) {
        snprintf(why, sizeof why, "bad magic 0x%08x (expected 0x%08x 'VSPM')", magic, SHM_MAGIC);
        die(path, why);
    }
    if (u32(port->base + 4) != SHM_VERSION) {
        snprintf(why, sizeof why, "layout version %u is not supported (expected %d)", u32(port->base + 4),
                 SHM_VERSION);
        die(path, why);
    }
    if (u64(port->base + SHM_FILE_LENGTH) != port->length) {
        die(path, "region length does not match its header");
    }
    if (u32(port->base + SHM_STATE) != SHM_STATE_READY) {
        die(path, "the switch closed this port");
    }
    ring_attach(port, &port->to_switch, u64(port->base + SHM_TO_SWITCH_OFFSET),
                u64(port->base + SHM_TO_SWITCH_LENGTH), "to-switch");
    ring_attach(port, &port->from_switch, u64(port->base + SHM_FROM_SWITCH_OFFSET),
                u64(port->base + SHM_FROM_SWITCH_LENGTH), "from-switch");
}

/* closing the connection gives the port back */
static void port_detach(struct port *port)
{
    munmap(port->base, port->length);
    close(port->socket);
}

static uint8_t *slot(struct ring *ring, uint64_t position)
{
    return ring->base + RING_SLOTS + (position & ring->mask) * RING_SLOT_SIZE;
}

static uint8_t *buffer(struct ring *ring, uint64_t position)
{
    return ring->base + ring->buffers + (position & ring->mask) * (uint64_t)ring->buffer_size;
}

static uint32_t frame_length(uint64_t seq) { return 60 + (uint32_t)(seq % 128); }

static uint32_t write_frame(uint8_t *p, uint64_t seq)
{
    static const uint8_t header[14] = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x88, 0xb5};
    uint32_t length = frame_length(seq);
    memcpy(p, header, sizeof header);
    memcpy(p + 14, &seq, 8);
    for (uint32_t i = 22; i < length; i++) {
        p[i] = (uint8_t)(seq * 7 + i);
    }
    return length;
}

static uint64_t fnv(const uint8_t *p, uint32_t length)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (uint32_t i = 0; i < length; i++) {
        h = (h ^ p[i]) * 0x100000001b3ull;
    }
    return h;
}

/* spin, yield, then sleep doubling up to 1 ms: an idle client costs next to no CPU */
static void backoff(unsigned *idle)
{
    unsigned n = (*idle)++;
    if (n < 100) {
#if defined(__x86_64__)
        __builtin_ia32_pause();
#elif defined(__aarch64__)
        __asm__ volatile("yield");
#endif
    } else if (n < 110) {
        sched_yield();
    } else {
        unsigned shift = n - 110 < 10 ? n - 110 : 10;
        struct timespec ts = {0, (long)1000 << shift};
        if (ts.tv_nsec > 1000000) {
            ts.tv_nsec = 1000000;
        }
        nanosleep(&ts, NULL);
    }
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s TX_PATH RX_PATH COUNT\n", argv[0]);
        return 1;
    }
    struct port tx, rx;
    port_attach(&tx, argv[1]);
    port_attach(&rx, argv[2]);
    uint64_t count = strtoull(argv[3], NULL, 10);
    struct ring *out = &tx.to_switch;
    struct ring *in = &rx.from_switch;
    uint64_t tx_tail = load_acquire(out->base + RING_TAIL);
    uint64_t rx_head = load_acquire(in->base + RING_HEAD);
    uint64_t sent = 0, received = 0, sent_sum = 0, received_sum = 0, out_of_order = 0;
    unsigned idle = 0;
    time_t deadline = time(NULL) + 300;

    while (received < count && time(NULL) < deadline) {
        uint64_t work = 0;
        uint64_t window = in->capacity - (sent - received);
        uint64_t room = count - sent < window ? count - sent : window;
        uint64_t free = load_acquire(out->base + RING_HEAD) + out->capacity - tx_tail;
        uint64_t n = room < free ? room : free;
        for (uint64_t i = 0; i < n; i++) {
            uint8_t *frame = buffer(out, tx_tail);
            uint32_t length = write_frame(frame, sent);
            sent_sum += fnv(frame, length);
            memcpy(slot(out, tx_tail), &length, 4);
            memset(slot(out, tx_tail) + 4, 0, 4);
            tx_tail++;
            sent++;
        }
        if (n > 0) {
            store_release(out->base + RING_TAIL, tx_tail);
            work += n;
        }
        uint64_t tail = load_acquire(in->base + RING_TAIL);
        while (rx_head != tail) {
            uint32_t length = u32(slot(in, rx_head));
            if (length > 0 && length <= in->buffer_size) {
                const uint8_t *frame = buffer(in, rx_head);
                if (length < 22 || u64(frame + 14) != received) {
                    out_of_order++;
                }
                received_sum += fnv(frame, length);
                received++;
            }
            rx_head++;
            work++;
        }
        store_release(in->base + RING_HEAD, rx_head);
        if (work) {
            idle = 0;
        } else {
            backoff(&idle);
        }
    }
    printf("sent=%llu sentSum=%llx received=%llu receivedSum=%llx outOfOrder=%llu\n", (unsigned long long)sent,
           (unsigned long long)sent_sum, (unsigned long long)received, (unsigned long long)received_sum,
           (unsigned long long)out_of_order);
    port_detach(&tx);
    port_detach(&rx);
    return received == count ? 0 : 3;
}
