package net.vswitch.logic.openflow.channel;

/**
 * Big-endian reads over a slice of a byte array. Every read is bounds-checked and a short slice is an
 * {@link OfpException} with the error type and code the caller gives, so truncated input never escapes as a
 * runtime exception.
 */
public final class WireReader
{
    private final byte[] data;
    private final int limit;
    private final int errorType;
    private final int errorCode;
    private int position;

    WireReader(final byte[] data, final int offset, final int length, final int errorType, final int errorCode)
    {
        this.data = data;
        this.position = offset;
        this.limit = offset + length;
        this.errorType = errorType;
        this.errorCode = errorCode;
    }

    /** A reader over the next {@code length} bytes (advancing this one), failing with the given error. */
    WireReader slice(final int length, final int type, final int code, final String what) throws OfpException
    {
        need(length, what);
        final WireReader r = new WireReader(data, position, length, type, code);
        position += length;
        return r;
    }

    int remaining()
    {
        return limit - position;
    }

    int position()
    {
        return position;
    }

    byte[] array()
    {
        return data;
    }

    void need(final int n, final String what) throws OfpException
    {
        if (n < 0 || remaining() < n)
        {
            throw new OfpException(errorType, errorCode, what + ": needs " + n + " bytes, " + remaining() + " left");
        }
    }

    int u8(final String what) throws OfpException
    {
        need(1, what);
        return data[position++] & 0xFF;
    }

    int u16(final String what) throws OfpException
    {
        need(2, what);
        final int v = (data[position] & 0xFF) << 8 | data[position + 1] & 0xFF;
        position += 2;
        return v;
    }

    int u32(final String what) throws OfpException
    {
        need(4, what);
        final int v = (data[position] & 0xFF) << 24 | (data[position + 1] & 0xFF) << 16
            | (data[position + 2] & 0xFF) << 8 | data[position + 3] & 0xFF;
        position += 4;
        return v;
    }

    long u64(final String what) throws OfpException
    {
        final long high = u32(what) & 0xFFFF_FFFFL;
        return high << 32 | u32(what) & 0xFFFF_FFFFL;
    }

    /** An unsigned big-endian number of {@code n} (1..8) bytes. */
    long number(final int n, final String what) throws OfpException
    {
        need(n, what);
        long v = 0;
        for (int i = 0; i < n; i++)
        {
            v = v << 8 | data[position++] & 0xFF;
        }
        return v;
    }

    void skip(final int n, final String what) throws OfpException
    {
        need(n, what);
        position += n;
    }

    byte[] bytes(final int n, final String what) throws OfpException
    {
        need(n, what);
        final byte[] out = new byte[n];
        System.arraycopy(data, position, out, 0, n);
        position += n;
        return out;
    }
}
