package net.vswitch.ports.tunnel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The outer UDP source port of an encapsulated frame, from a hash of its inner flow (Ethernet
 * addresses and type, and for IPv4/IPv6 the addresses, protocol and TCP/UDP ports), so that underlay
 * routers spread tunnel traffic over equal-cost paths while one flow stays on one path (RFC 7348 §5).
 * The port is in the dynamic range 49152..65535 the RFC recommends.
 */
final class FlowHash
{
    static final int PORT_BASE = 49152;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort SHORT =
        ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private FlowHash()
    {
    }

    static int sourcePort(final MemorySegment frame, final long offset, final int length)
    {
        int hash = 0x9E3779B9;
        if (length < 14)
        {
            return PORT_BASE;
        }
        hash = mix(hash, frame.get(INT, offset));
        hash = mix(hash, frame.get(INT, offset + 4));
        hash = mix(hash, frame.get(INT, offset + 8));
        final int etherType = frame.get(SHORT, offset + 12) & 0xFFFF;
        hash = mix(hash, etherType);
        int l4 = -1;
        int proto = -1;
        if (etherType == 0x0800 && length >= 34)
        {
            final int ihl = (frame.get(ValueLayout.JAVA_BYTE, offset + 14) & 0x0F) * 4;
            proto = frame.get(ValueLayout.JAVA_BYTE, offset + 23) & 0xFF;
            hash = mix(hash, frame.get(INT, offset + 26));
            hash = mix(hash, frame.get(INT, offset + 30));
            // later fragments carry no ports: hash them by addresses only, like their first fragment's flow
            final boolean fragment = (frame.get(SHORT, offset + 20) & 0x1FFF) != 0;
            l4 = fragment ? -1 : 14 + ihl;
        }
        else if (etherType == 0x86DD && length >= 54)
        {
            proto = frame.get(ValueLayout.JAVA_BYTE, offset + 20) & 0xFF;
            for (int i = 22; i < 54; i += 4)
            {
                hash = mix(hash, frame.get(INT, offset + i));
            }
            l4 = 54;
        }
        if (proto >= 0)
        {
            hash = mix(hash, proto);
            if ((proto == 6 || proto == 17) && l4 > 0 && l4 + 4 <= length)
            {
                hash = mix(hash, frame.get(INT, offset + l4));
            }
        }
        hash ^= hash >>> 16;
        return PORT_BASE + (hash & 0x3FFF);
    }

    private static int mix(final int hash, final int value)
    {
        return Integer.rotateLeft(hash ^ (value * 0x85EBCA6B), 13) * 5 + 0xE6546B64;
    }
}
