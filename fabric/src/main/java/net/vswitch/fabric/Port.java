package net.vswitch.fabric;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A switch port. The source side is active: the port (its client thread or its RX worker) hands
 * batches to {@link #ingress()}. The destination side is passive: the fabric fills {@link #output()}
 * and then calls {@link #outputReady()} so the port can wake its consumer or flush to a device.
 *
 * <p>A port belongs to at most one switch. {@link #attached} and {@link #detached} run on the
 * control thread; after {@code detached} returns, no fabric thread touches the port any more, so
 * {@link #close()} may free its memory.
 */
public abstract class Port implements AutoCloseable
{
    private final String name;
    private final PortCounters counters = new PortCounters();
    private volatile Ingress ingress;
    private volatile Switch owner;
    private volatile int index = -1;
    private volatile int number = -1;
    private volatile PacketMirror mirror;
    private final AtomicBoolean quarantined = new AtomicBoolean();

    protected Port(final String name)
    {
        if (name == null || name.isBlank())
        {
            throw new IllegalArgumentException("port name must not be empty");
        }
        this.name = name;
    }

    public final String name()
    {
        return name;
    }

    /** Index on the owning switch, or -1 when detached. */
    public final int index()
    {
        return index;
    }

    /**
     * Stable number on the owning switch (1, 2, 3, ... in attach order, never reused after a detach;
     * what OpenFlow calls the port number), or -1 when detached. Unlike {@link #index()} it survives
     * other ports coming and going.
     */
    public final int number()
    {
        return number;
    }

    public final PortCounters counters()
    {
        return counters;
    }

    /** The switch this port is attached to, or {@code null}. */
    public final Switch owner()
    {
        return owner;
    }

    /** Where this port's received frames enter the switch; {@code null} when detached. */
    protected final Ingress ingress()
    {
        return ingress;
    }

    /** The mirror that sees this port's traffic, or {@code null} (the usual case). */
    public final PacketMirror mirror()
    {
        return mirror;
    }

    /**
     * Installs (or with {@code null} removes) the mirror that sees every frame this port sends into
     * the switch and every frame the switch delivers to it. Takes effect for the next batch; a call
     * already running on a data path thread may still finish against the previous mirror.
     */
    public final void mirror(final PacketMirror mirror)
    {
        this.mirror = mirror;
    }

    /** Whether the port was {@link #quarantine quarantined}: the fabric no longer touches its memory. */
    public final boolean quarantined()
    {
        return quarantined.get();
    }

    /**
     * Takes the port out of service because touching its memory faulted (an {@link InternalError} from an
     * unsafe access, an {@link IllegalStateException} from a closed arena). From then on the fabric delivers
     * nothing to it (the copies are dropped as {@link DropReason#QUARANTINED} on their senders) and the
     * port stops its own workers in {@link #faulted}. Any thread may call it; only the first call counts.
     */
    public final void quarantine(final Throwable cause)
    {
        if (quarantined.compareAndSet(false, true))
        {
            try
            {
                faulted(cause);
            }
            catch (final RuntimeException | Error ex)
            {
                // the port is down either way; the caller is a data path thread that must go on
            }
        }
    }

    /** Called once when the port is {@link #quarantine quarantined}: stop workers, tell the client. */
    protected void faulted(final Throwable cause)
    {
    }

    /** The ring the fabric writes frames for this port into, or {@code null} for a source-only port. */
    public abstract OutputRing output();

    /** Frames were published into {@link #output()}: wake the consumer or push them to the device. */
    protected void outputReady()
    {
    }

    /** Port kind and settings as a SPEC string (e.g. {@code virtual:vm1}), for {@code show}. */
    public String spec()
    {
        return "port:" + name;
    }

    /** Called after the port joined a switch; start RX workers here. */
    protected void attached(final Switch owner)
    {
    }

    /** Called after the port left its switch and no fabric thread uses it; stop RX workers here. */
    protected void detached()
    {
    }

    final void bind(final Switch owner, final int index, final int number, final Ingress ingress)
    {
        this.owner = owner;
        this.index = index;
        this.number = number;
        this.ingress = ingress;
    }

    final void unbind()
    {
        this.ingress = null;
        this.index = -1;
        this.number = -1;
        this.owner = null;
    }

    /** For {@link #close()}: a port still attached may have fabric threads in its memory. */
    protected final void requireDetached()
    {
        if (owner != null)
        {
            throw new IllegalStateException("detach port " + name + " before closing it");
        }
    }

    /** Frees the port's resources; detach it first. */
    @Override
    public void close()
    {
    }

    @Override
    public String toString()
    {
        return name + "#" + index;
    }
}
