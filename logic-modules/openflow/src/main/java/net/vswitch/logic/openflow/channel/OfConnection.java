package net.vswitch.logic.openflow.channel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One controller connection: a reader thread that frames, decodes and handles messages in order (so a barrier
 * reply follows every earlier change), and a writer thread draining a bounded queue to the socket. A peer that
 * stops reading fills the queue: replies then close the connection, asynchronous messages (packet-in) are
 * dropped and counted. A peer silent for an echo interval gets an echo request; silent for three it is dead.
 */
final class OfConnection
{
    static final int QUEUE = 4096;
    /** How long a batch of flow_mod adds waits for the next add before it is applied. */
    static final int FLUSH_MS = 5;
    /** Bytes queued for a peer before it counts as not reading (replies) or behind (async messages dropped). */
    static final long QUEUE_BYTES = 4L << 20;
    private static final byte[] CLOSE = new byte[0];

    private final OpenFlowChannel channel;
    private final Socket socket;
    private final String peer;
    private final ArrayBlockingQueue<byte[]> out = new ArrayBlockingQueue<>(QUEUE);
    private final java.util.concurrent.atomic.AtomicLong queuedBytes = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;
    private volatile String closeReason = "";
    private Thread writer;
    /** Negotiated version, -1 before hello. Reader thread only, read by the dispatcher after it is set. */
    volatile int version = -1;
    volatile int role = OfMessage.RoleRequest.EQUAL;
    volatile int missSendLen = 128;
    volatile int[] packetInMask = {0x3, 0};
    volatile int[] portStatusMask = {0x7, 0x7};
    volatile int[] flowRemovedMask = {0xF, 0};
    private int echoXid = 0x7E000000;
    /** flow_mod adds read but not yet applied: consecutive adds become one atomic pipeline change. */
    final java.util.List<OfMessage.FlowMod> pendingAdds = new java.util.ArrayList<>();
    final java.util.List<byte[]> pendingRaw = new java.util.ArrayList<>();

    OfConnection(final OpenFlowChannel channel, final Socket socket)
    {
        this.channel = channel;
        this.socket = socket;
        this.peer = String.valueOf(socket.getRemoteSocketAddress());
    }

    String peer()
    {
        return peer;
    }

    boolean closed()
    {
        return closed;
    }

    String closeReason()
    {
        return closeReason;
    }

    /** Whether the peer takes asynchronous messages of {@code reason} under its role (mask index 0 or 1). */
    boolean wants(final int[] mask, final int reason)
    {
        final int m = mask[role == OfMessage.RoleRequest.SLAVE ? 1 : 0];
        return version >= 0 && reason < 32 && (m & 1 << reason) != 0;
    }

    /** Queues a reply; a peer whose queue is full is not reading and is disconnected. */
    void reply(final byte[] message)
    {
        if (closed)
        {
            return;
        }
        if (!offer(message))
        {
            channel.count("channel_slow_peers");
            close("peer does not read its replies (" + queuedBytes.get() + " bytes queued)");
        }
    }

    private boolean offer(final byte[] message)
    {
        if (queuedBytes.get() + message.length > QUEUE_BYTES || !out.offer(message))
        {
            return false;
        }
        queuedBytes.addAndGet(message.length);
        return true;
    }

    /** Queues an asynchronous message, dropping it (counted) when the peer is behind. */
    boolean async(final byte[] message)
    {
        if (closed || !offer(message))
        {
            channel.count("channel_async_dropped");
            return false;
        }
        return true;
    }

    /** Closes at once, dropping what is queued (dead or slow peers, switch stopping). */
    void close(final String reason)
    {
        close(reason, false);
    }

    /** Closes; with {@code drain} the writer first sends what is queued (a fatal error's OFPT_ERROR). */
    void close(final String reason, final boolean drain)
    {
        if (closed)
        {
            return;
        }
        closed = true;
        closeReason = reason;
        channel.log(peer + ": closing: " + reason);
        if (!drain)
        {
            out.clear();
        }
        if (!out.offer(CLOSE))
        {
            out.clear();
            out.offer(CLOSE);
        }
        if (!drain)
        {
            closeSocket();
        }
    }

    private void closeSocket()
    {
        try
        {
            socket.close();
        }
        catch (final IOException ex)
        {
            // already gone
        }
    }

    /** Runs the connection on the calling thread until it closes. */
    void run()
    {
        writer = new Thread(this::write, "openflow-writer-" + peer);
        writer.setDaemon(true);
        writer.start();
        try
        {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int)Math.max(1, channel.echoIntervalMs() / 2));
            reply(OfEncoder.hello(channel.nextXid()));
            read(socket.getInputStream());
        }
        catch (final IOException ex)
        {
            close(closed ? closeReason : "connection lost: " + ex.getMessage());
        }
        finally
        {
            close("closed", true);
            channel.removed(this);
            try
            {
                writer.join(TimeUnit.SECONDS.toMillis(2));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            closeSocket();
        }
    }

    private void write()
    {
        try
        {
            final OutputStream os = socket.getOutputStream();
            while (true)
            {
                final byte[] m = out.take();
                if (m == CLOSE)
                {
                    os.flush();
                    closeSocket();
                    return;
                }
                queuedBytes.addAndGet(-m.length);
                os.write(m);
                if (out.isEmpty())
                {
                    os.flush();
                }
            }
        }
        catch (final IOException ex)
        {
            close("write failed: " + ex.getMessage());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void read(final InputStream in) throws IOException
    {
        final byte[] header = new byte[Ofp.HEADER_LENGTH];
        long lastInput = System.nanoTime();
        boolean echoSent = false;
        int have = 0;
        byte[] message = null;
        final int idleTimeout = (int)Math.max(1, channel.echoIntervalMs() / 2);
        int timeout = idleTimeout;
        while (!closed)
        {
            // batched adds wait for more adds only briefly: a quiet peer's flows apply within a few ms
            final int wanted = pendingAdds.isEmpty() ? idleTimeout : FLUSH_MS;
            if (wanted != timeout)
            {
                socket.setSoTimeout(wanted);
                timeout = wanted;
            }
            final int n;
            try
            {
                n = message == null ? in.read(header, have, header.length - have) : in.read(message, have,
                    message.length - have);
            }
            catch (final SocketTimeoutException ex)
            {
                if (!pendingAdds.isEmpty())
                {
                    channel.agent().flush(this);
                    continue;
                }
                final long idleMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastInput);
                if (idleMs >= 3 * channel.echoIntervalMs())
                {
                    channel.count("channel_dead_peers");
                    close("no message for " + idleMs + " ms" + (have > 0 ? " (inside a partial message)" : "")
                        + ": peer is dead");
                }
                else if (idleMs >= channel.echoIntervalMs() && !echoSent && version >= 0)
                {
                    echoSent = true;
                    reply(OfEncoder.echo(Ofp.ECHO_REQUEST, echoXid++, new byte[0]));
                }
                continue;
            }
            if (n < 0)
            {
                channel.agent().flush(this);
                close("peer closed the connection", true);
                return;
            }
            lastInput = System.nanoTime();
            echoSent = false;
            have += n;
            if (message == null && have == Ofp.HEADER_LENGTH)
            {
                final int length = (header[2] & 0xFF) << 8 | header[3] & 0xFF;
                if (length < Ofp.HEADER_LENGTH)
                {
                    channel.count("channel_bad_framing");
                    reply(OfEncoder.error(xid(header), Ofp.ET_BAD_REQUEST, Ofp.BRC_BAD_LEN, header));
                    close("message length " + length + " is shorter than the header: framing lost", true);
                    return;
                }
                message = new byte[length];
                System.arraycopy(header, 0, message, 0, Ofp.HEADER_LENGTH);
            }
            if (message != null && have == message.length)
            {
                final byte[] m = message;
                message = null;
                have = 0;
                handle(m);
            }
        }
    }

    private static int xid(final byte[] m)
    {
        return (m[4] & 0xFF) << 24 | (m[5] & 0xFF) << 16 | (m[6] & 0xFF) << 8 | m[7] & 0xFF;
    }

    private void handle(final byte[] m)
    {
        channel.count("channel_messages_in");
        try
        {
            final OfMessage msg = OfDecoder.decode(m, version);
            if (version < 0)
            {
                if (!(msg instanceof OfMessage.Hello hello))
                {
                    throw new OfpException(Ofp.ET_HELLO_FAILED, Ofp.HFC_INCOMPATIBLE, "first message must be hello",
                        true);
                }
                negotiate(hello);
                return;
            }
            channel.agent().handle(this, msg, m);
        }
        catch (final OfpException ex)
        {
            channel.refused(ex);
            reply(OfEncoder.error(xid(m), ex.type(), ex.code(), m));
            if (ex.fatal())
            {
                close(ex.getMessage(), true);
            }
        }
        catch (final RuntimeException ex)
        {
            // a bug in handling one message loses that message's reply only, never the switch
            channel.count("channel_internal_errors");
            channel.log(peer + ": internal error on message type " + (m[1] & 0xFF) + ": " + ex);
            reply(OfEncoder.error(xid(m), Ofp.ET_BAD_REQUEST, Ofp.BRC_EPERM, m));
        }
    }

    private void negotiate(final OfMessage.Hello hello) throws OfpException
    {
        final int common = hello.versions() & OfDecoder.SUPPORTED;
        if (common == 0)
        {
            throw new OfpException(Ofp.ET_HELLO_FAILED, Ofp.HFC_INCOMPATIBLE, "peer speaks versions 0x"
                + Integer.toHexString(hello.versions()) + ", this switch OpenFlow 1.3 (0x"
                + Integer.toHexString(OfDecoder.SUPPORTED) + ")", true);
        }
        version = 31 - Integer.numberOfLeadingZeros(common);
        channel.log(peer + ": negotiated OpenFlow version " + version);
    }

}
