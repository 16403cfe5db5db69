package net.vswitch.logic.openflow.channel;

import java.util.Arrays;

/** A growable big-endian buffer for encoding; {@link #patch16} fills in a length once the body is written. */
public final class WireWriter
{
    private byte[] data = new byte[256];
    private int size;

    private void ensure(final int more)
    {
        if (size + more > data.length)
        {
            data = Arrays.copyOf(data, Math.max(data.length * 2, size + more));
        }
    }

    int size()
    {
        return size;
    }

    WireWriter u8(final int v)
    {
        ensure(1);
        data[size++] = (byte)v;
        return this;
    }

    WireWriter u16(final int v)
    {
        ensure(2);
        data[size++] = (byte)(v >>> 8);
        data[size++] = (byte)v;
        return this;
    }

    WireWriter u32(final int v)
    {
        ensure(4);
        data[size++] = (byte)(v >>> 24);
        data[size++] = (byte)(v >>> 16);
        data[size++] = (byte)(v >>> 8);
        data[size++] = (byte)v;
        return this;
    }

    WireWriter u64(final long v)
    {
        u32((int)(v >>> 32));
        return u32((int)v);
    }

    /** The low {@code n} bytes of {@code v}, big-endian. */
    WireWriter number(final long v, final int n)
    {
        for (int i = n - 1; i >= 0; i--)
        {
            u8((int)(v >>> (8 * i)));
        }
        return this;
    }

    WireWriter bytes(final byte[] b, final int offset, final int length)
    {
        ensure(length);
        System.arraycopy(b, offset, data, size, length);
        size += length;
        return this;
    }

    WireWriter bytes(final byte[] b)
    {
        return bytes(b, 0, b.length);
    }

    WireWriter zeros(final int n)
    {
        ensure(n);
        size += n;
        return this;
    }

    /** A fixed-width, NUL-padded ASCII string (OpenFlow's char[N]). */
    WireWriter string(final String s, final int width)
    {
        final byte[] b = s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        final int n = Math.min(b.length, width - 1);
        bytes(b, 0, n);
        return zeros(width - n);
    }

    /** Zero bytes up to the next multiple of 8 counted from {@code start}. */
    WireWriter pad8(final int start)
    {
        final int len = size - start;
        return zeros((8 - len % 8) % 8);
    }

    void patch16(final int at, final int v)
    {
        data[at] = (byte)(v >>> 8);
        data[at + 1] = (byte)v;
    }

    byte[] toArray()
    {
        return Arrays.copyOf(data, size);
    }
}
