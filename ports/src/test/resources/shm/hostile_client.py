#!/usr/bin/env python3
"""A hostile vswitch shared-memory client: attaches to a port (layout version 2, docs/shm-layout.md)
and breaks every rule it can. No Java: it only knows the documented layout.

    hostile_client.py PATH ATTACK

Prints one line of key=value results, then "done"; exits 0 unless the attack itself could not run.
Attacks: lengths, tail-ahead, tail-behind, header-garbage, random-writes, resize, unlink,
exit-mid-batch, claim-twice, flood-until-closed.
"""
import fcntl
import mmap
import os
import random
import select
import socket
import struct
import sys
import time

HELLO_MAGIC = 0x43505356
REPLY_MAGIC = 0x52505356
VERSION = 2
RING_CAPACITY, RING_BUFFER_SIZE, RING_BUFFERS, RING_TAIL, RING_HEAD, RING_SLOTS = 8, 12, 16, 128, 256, 384


def connect(path):
    """Returns (socket, reply status, reason or None, fd or None, region length)."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    sock.connect(path)
    sock.send(struct.pack('<IIQ', HELLO_MAGIC, VERSION, 0))
    ready, _, _ = select.select([sock], [], [], 10)
    if not ready:
        raise SystemExit('no reply from the switch')
    message, fds, _, _ = socket.recv_fds(sock, 512, 4)
    magic, version, status, _, length = struct.unpack_from('<IIIIQ', message)
    if magic != REPLY_MAGIC:
        raise SystemExit('not a switch reply')
    reason = message[24:].decode() if status != 0 else None
    return sock, status, reason, (fds[0] if fds else None), length


class Ring:
    def __init__(self, memory, base):
        self.m = memory
        self.base = base
        self.capacity, self.buffer_size, self.buffers = struct.unpack_from('<IIQ', memory, base + RING_CAPACITY)

    def get(self, field):
        return struct.unpack_from('<q', self.m, self.base + field)[0]

    def put(self, field, value):
        struct.pack_into('<q', self.m, self.base + field, value)

    def slot(self, position, length):
        struct.pack_into('<ii', self.m, self.base + RING_SLOTS + (position % self.capacity) * 8, length, 0)

    def frame(self, position, data):
        at = self.base + self.buffers + (position % self.capacity) * self.buffer_size
        self.m[at:at + len(data)] = data


def frame(seq):
    # broadcast, a source of our own, EtherType 0x88b6, "HOSTILE" + sequence, padded to 64 bytes
    data = b'\xff' * 6 + b'\x02\x00\x00\x00\x00\x0a' + b'\x88\xb6' + b'HOSTILE' + struct.pack('<Q', seq)
    return data + b'\x00' * (64 - len(data))


def attach(path):
    sock, status, reason, fd, length = connect(path)
    if status != 0:
        raise SystemExit('refused: ' + reason)
    memory = mmap.mmap(fd, length, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)
    to_offset, _, from_offset, _ = struct.unpack_from('<QQQQ', memory, 24)
    return sock, fd, length, memory, Ring(memory, to_offset), Ring(memory, from_offset)


def errno_name(call):
    try:
        call()
        return 'ok'
    except OSError as ex:
        import errno
        return errno.errorcode.get(ex.errno, str(ex.errno))


def main():
    path, attack = sys.argv[1], sys.argv[2]
    results = {}
    sock, fd, length, memory, tx, rx = attach(path)
    tail = tx.get(RING_TAIL)
    if attack == 'lengths':
        lengths = [-1, -2 ** 31, 2 ** 31 - 1, tx.buffer_size + 1, 65536, 0, 13]
        for i, bad in enumerate(lengths):
            tx.slot(tail + i, bad)
        tx.frame(tail + len(lengths), frame(0))
        tx.slot(tail + len(lengths), 64)
        tx.put(RING_TAIL, tail + len(lengths) + 1)
        results['published'] = len(lengths) + 1
    elif attack == 'tail-ahead':
        tx.put(RING_TAIL, tx.get(RING_HEAD) + 10 ** 12)
    elif attack == 'tail-behind':
        time.sleep(0.2)  # let the switch catch up on anything earlier, then go one behind its head
        tx.put(RING_TAIL, tx.get(RING_HEAD) - 1)
    elif attack == 'header-garbage':
        rng = random.Random(28)
        for ring in (tx, rx):
            for field, size in ((0, 4), (4, 4), (RING_CAPACITY, 4), (RING_BUFFER_SIZE, 4), (RING_BUFFERS, 8)):
                memory[ring.base + field:ring.base + field + size] = rng.randbytes(size)
        memory[0:4096] = rng.randbytes(4096)
        # then one valid frame by the shape we learnt before scribbling: the switch kept its own copy
        tail = tx.get(RING_TAIL)
        tx.frame(tail, frame(1))
        tx.slot(tail, 64)
        tx.put(RING_TAIL, tail + 1)
    elif attack == 'random-writes':
        rng = random.Random(2028)
        for _ in range(20000):
            at = rng.randrange(0, length - 8) & ~7
            memory[at:at + 8] = rng.randbytes(8)
        # then aimed at what the switch reads: its ring positions and slot lengths, moving as it runs
        for i in range(2000):
            tx.put(RING_TAIL, rng.randrange(-2 ** 63, 2 ** 63))
            tx.slot(rng.randrange(0, tx.capacity), rng.randrange(-2 ** 31, 2 ** 31))
            rx.put(RING_HEAD, rng.randrange(-2 ** 63, 2 ** 63))
            if i % 100 == 0:
                time.sleep(0.001)
        results['writes'] = 24000
    elif attack == 'resize':
        results['truncate'] = errno_name(lambda: os.ftruncate(fd, 4096))
        results['shrink_to_zero'] = errno_name(lambda: os.ftruncate(fd, 0))
        results['grow'] = errno_name(lambda: os.ftruncate(fd, length * 2))
        results['fallocate_grow'] = errno_name(lambda: os.posix_fallocate(fd, length, 4096))
        results['unseal_write'] = errno_name(lambda: fcntl.fcntl(fd, fcntl.F_ADD_SEALS, fcntl.F_SEAL_WRITE))
        results['size'] = os.fstat(fd).st_size == length and 'unchanged' or 'changed'
    elif attack == 'unlink':
        os.unlink(path)
        results['unlinked'] = 'yes'
    elif attack == 'exit-mid-batch':
        for i in range(64):
            tx.frame(tail + i, frame(100 + i))
            tx.slot(tail + i, 64)
        tx.put(RING_TAIL, tail + 32)  # half the batch published, the other half written, then gone
        print('published=32', flush=True)
        os._exit(0)
    elif attack == 'claim-twice':
        _, status, reason, extra, _ = connect(path)
        if extra is not None:
            os.close(extra)
        results['second'] = 'refused' if status != 0 else 'accepted'
        print('reason=' + (reason or '').replace(' ', '_'), flush=True)
        if len(sys.argv) > 3:  # and someone else's port, held by its honest client
            _, status, reason, extra, _ = connect(sys.argv[3])
            results['other'] = 'refused' if status != 0 else 'accepted'
    elif attack == 'flood-until-closed':
        # valid frames and garbage lengths as fast as possible until the switch hangs up
        sock.setblocking(False)
        print('flooding', flush=True)
        seq = 0
        deadline = time.time() + 60
        while time.time() < deadline:
            head = tx.get(RING_HEAD)
            tail = tx.get(RING_TAIL)
            for _ in range(min(32, tx.capacity - max(0, tail - head))):
                tx.frame(tail, frame(seq))
                tx.slot(tail, 64 if seq % 3 else -5)
                tail += 1
                seq += 1
            tx.put(RING_TAIL, tail)
            try:
                if sock.recv(16) == b'':
                    break
            except BlockingIOError:
                pass
        results['sent'] = seq
        results['closed'] = 'yes' if time.time() < deadline else 'no'
    else:
        raise SystemExit('unknown attack ' + attack)
    print(' '.join('%s=%s' % item for item in results.items()) or 'ok=yes', flush=True)
    print('done', flush=True)


if __name__ == '__main__':
    main()
