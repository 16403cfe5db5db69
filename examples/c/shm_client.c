/*
 * A vswitch shared-memory port client in plain C: proves the layout (docs/shm-layout.md,
 * ShmPortDescriptor, RingDescriptor) is language-neutral.
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
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* file header (ShmPortDescriptor) */
#define SHM_MAGIC 0x4d505356u /* "VSPM" */
#define SHM_VERSION 1
#define SHM_HEADER_LENGTH 4096
#define SHM_FILE_LENGTH 16
#define SHM_TO_SWITCH_OFFSET 24
#define SHM_TO_SWITCH_LENGTH 32
#define SHM_FROM_SWITCH_OFFSET 40
#define SHM_FROM_SWITCH_LENGTH 48
#define SHM_CLIENT_PID 64
#define SHM_STATE 72
#define SHM_STATE_READY 1

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

static void port_attach(struct port *port, const char *path)
{
    char why[160];
    struct stat st;
    int fd = open(path, O_RDWR);
    port->path = path;
    if (fd < 0 || fstat(fd, &st) < 0) {
        die(path, strerror(errno));
    }
    if (st.st_size < SHM_HEADER_LENGTH) {
        die(path, "too small to be a vswitch shared-memory port");
    }
    port->length = (size_t)st.st_size;
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
        die(path, "file length does not match its header");
    }
    if (u32(port->base + SHM_STATE) != SHM_STATE_READY) {
        die(path, "the switch closed this port");
    }
    ring_attach(port, &port->to_switch, u64(port->base + SHM_TO_SWITCH_OFFSET),
                u64(port->base + SHM_TO_SWITCH_LENGTH), "to-switch");
    ring_attach(port, &port->from_switch, u64(port->base + SHM_FROM_SWITCH_OFFSET),
                u64(port->base + SHM_FROM_SWITCH_LENGTH), "from-switch");
    uint64_t expected = 0;
    uint64_t pid = (uint64_t)getpid();
    if (!__atomic_compare_exchange_n((uint64_t *)(port->base + SHM_CLIENT_PID), &expected, pid, 0,
                                     __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
        if (kill((pid_t)expected, 0) == 0 || errno != ESRCH) {
            snprintf(why, sizeof why, "already has a client, pid %llu", (unsigned long long)expected);
            die(path, why);
        }
        /* the previous client is gone: take its claim over */
        __atomic_store_n((uint64_t *)(port->base + SHM_CLIENT_PID), pid, __ATOMIC_SEQ_CST);
    }
}

static void port_detach(struct port *port)
{
    uint64_t pid = (uint64_t)getpid();
    __atomic_compare_exchange_n((uint64_t *)(port->base + SHM_CLIENT_PID), &pid, 0, 0, __ATOMIC_SEQ_CST,
                                __ATOMIC_SEQ_CST);
    munmap(port->base, port->length);
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
