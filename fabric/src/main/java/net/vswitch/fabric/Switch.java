package net.vswitch.fabric;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * One switch instance: a set of ports and the logic that connects them. Control operations
 * ({@link #attach}, {@link #detach}, {@link #logic(SwitchLogic)}) build a new immutable view and
 * publish it; batches already in flight finish against the old one, and the control call returns
 * only after they have (so a detached port can be closed right away). Several switches may live in
 * one JVM; a port belongs to one.
 */
public final class Switch implements LogicContext, AutoCloseable
{
    private final String name;
    private final SwitchConfig config;
    private final Object control = new Object();
    private final CopyOnWriteArrayList<Forwarder> forwarders = new CopyOnWriteArrayList<>();
    private final AtomicLong logicErrors = new AtomicLong();
    private final AtomicLong portErrors = new AtomicLong();
    private final Injection injection;
    private volatile SwitchView view;
    private volatile Throwable lastLogicError;
    private volatile Throwable lastPortError;
    private volatile Consumer<Throwable> errorListener = ex -> { };
    private volatile ForwardTimer forwardTimer;
    private long nextVersion = 1;
    /** The next stable port number; numbers are never reused (OpenFlow port numbers). */
    private int nextNumber = 1;
    private boolean closed;

    public Switch(final String name, final SwitchLogic logic)
    {
        this(name, logic, SwitchConfig.defaults());
    }

    public Switch(final String name, final SwitchLogic logic, final SwitchConfig config)
    {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(logic, "logic");
        this.view = new SwitchView(nextVersion++, new Port[0], logic);
        this.injection = new Injection(this, config.maxBatch());
        forwarders.add(injection.forwarder());
        logic.start(this);
    }

    SwitchView view()
    {
        return view;
    }

    public String name()
    {
        return name;
    }

    public SwitchConfig config()
    {
        return config;
    }

    @Override
    public String switchName()
    {
        return name;
    }

    @Override
    public Clock clock()
    {
        return config.clock();
    }

    @Override
    public String[] portNames()
    {
        final Port[] ports = view.ports;
        final String[] names = new String[ports.length];
        for (int i = 0; i < ports.length; i++)
        {
            names[i] = ports[i] == null ? null : ports[i].name();
        }
        return names;
    }

    /** The stable number of the port at {@code index} (1, 2, ... in attach order), or -1 when none is there. */
    @Override
    public int portNumber(final int index)
    {
        return view.number(index);
    }

    /** The index of the port with stable number {@code number}, or -1 when none has it (any more). */
    @Override
    public int portIndex(final int number)
    {
        return view.index(number);
    }

    public SwitchLogic logic()
    {
        return view.logic;
    }

    /** Attached ports in index order. */
    public List<Port> ports()
    {
        final List<Port> list = new ArrayList<>();
        for (final Port port : view.ports)
        {
            if (port != null)
            {
                list.add(port);
            }
        }
        return list;
    }

    /** The port with this name, or {@code null}. */
    public Port port(final String portName)
    {
        for (final Port port : view.ports)
        {
            if (port != null && port.name().equals(portName))
            {
                return port;
            }
        }
        return null;
    }

    /** The port at this index, or {@code null}. */
    public Port port(final int index)
    {
        final Port[] ports = view.ports;
        return index >= 0 && index < ports.length ? ports[index] : null;
    }

    /**
     * Attaches a port at the lowest free index and starts it. The port also gets the next stable
     * number ({@link Port#number()}), which no later port reuses.
     *
     * @return the port's index
     */
    public int attach(final Port port)
    {
        final int index = bind(port);
        port.attached(this);
        return index;
    }

    /**
     * Attaches several ports, then starts them all: no port forwards before every one is attached,
     * so a daemon bringing up its configuration loses no frame to a half-built switch (a pcap replay
     * or NIC would otherwise send into ports that do not exist yet). Indexes as with {@link #attach},
     * in list order. If one cannot be attached, those before it are started and the exception propagates.
     *
     * @return the ports' indexes
     */
    public int[] attachAll(final List<? extends Port> ports)
    {
        final int[] indexes = new int[ports.size()];
        int bound = 0;
        try
        {
            while (bound < indexes.length)
            {
                indexes[bound] = bind(ports.get(bound));
                bound++;
            }
        }
        finally
        {
            for (int i = 0; i < bound; i++)
            {
                ports.get(i).attached(this);
            }
        }
        return indexes;
    }

    /** Adds the port to the view at the lowest free index without starting it. */
    private int bind(final Port port)
    {
        Objects.requireNonNull(port, "port");
        final int index;
        synchronized (control)
        {
            checkOpen();
            if (port.owner() != null)
            {
                throw new IllegalStateException("port " + port.name() + " is already attached to switch "
                    + port.owner().name());
            }
            if (port(port.name()) != null)
            {
                throw new IllegalArgumentException("switch " + name + " already has a port named " + port.name());
            }
            final SwitchView current = view;
            int free = 0;
            while (free < current.ports.length && current.ports[free] != null)
            {
                free++;
            }
            if (free >= config.maxPorts())
            {
                throw new IllegalStateException("switch " + name + " is full (" + config.maxPorts() + " ports)");
            }
            index = free;
            final int number = nextNumber++;
            final Port[] ports = Arrays.copyOf(current.ports, Math.max(current.ports.length, index + 1));
            ports[index] = port;
            final Forwarder forwarder = new Forwarder(this, port, index, config.maxBatch());
            forwarders.add(forwarder);
            port.bind(this, index, number, forwarder);
            current.logic.portAttached(index, number, port.name());
            publish(new SwitchView(nextVersion++, ports, current.logic));
        }
        return index;
    }

    /** Detaches a port; when this returns no fabric thread touches it and it may be closed. */
    public void detach(final Port port)
    {
        synchronized (control)
        {
            final SwitchView current = view;
            final int index = port.index();
            if (port.owner() != this || index < 0 || index >= current.ports.length || current.ports[index] != port)
            {
                throw new IllegalArgumentException("port " + port.name() + " is not attached to switch " + name);
            }
            final Port[] ports = current.ports.clone();
            ports[index] = null;
            int length = ports.length;
            while (length > 0 && ports[length - 1] == null)
            {
                length--;
            }
            publish(new SwitchView(nextVersion++, Arrays.copyOf(ports, length), current.logic));
            forwarders.removeIf(f -> f.port() == port);
            current.logic.portDetached(index);
            port.unbind();
        }
        port.detached();
    }

    /** Detaches the port with this name; returns it (so the caller may close it). */
    public Port detach(final String portName)
    {
        final Port port = port(portName);
        if (port == null)
        {
            throw new IllegalArgumentException("switch " + name + " has no port named " + portName);
        }
        detach(port);
        return port;
    }

    /** Installs new logic while traffic flows; returns the old one (already stopped). */
    public SwitchLogic logic(final SwitchLogic logic)
    {
        Objects.requireNonNull(logic, "logic");
        final SwitchLogic old;
        synchronized (control)
        {
            checkOpen();
            final SwitchView current = view;
            old = current.logic;
            logic.start(this);
            final Port[] ports = current.ports;
            for (int i = 0; i < ports.length; i++)
            {
                if (ports[i] != null)
                {
                    logic.portAttached(i, ports[i].number(), ports[i].name());
                }
            }
            publish(new SwitchView(nextVersion++, ports, logic));
        }
        old.stop();
        return old;
    }

    /**
     * Returns once every batch that started before the call has finished: the same quiescence a view
     * swap waits for, through a fresh view with the same ports and logic (batches that start later
     * see the new version and are not waited for). Control threads only; see {@link LogicContext#synchronize()}.
     */
    @Override
    public void synchronize()
    {
        synchronized (control)
        {
            final SwitchView current = view;
            publish(new SwitchView(nextVersion++, current.ports, current.logic));
        }
    }

    /**
     * Forwards one frame as if the port at {@code ingressIndex} had received it (OpenFlow packet-out),
     * through {@code logicOrNull} (e.g. a one-shot logic running the packet-out's actions; the fabric
     * calls only its lookup) or the switch's current logic when {@code null}. Any thread may call
     * this, alongside the port's own traffic: injected frames go through a dedicated forwarder behind
     * a lock, and the logic's calls for them come from the injecting thread (so the switch's logic may
     * see that ingress port from two threads at once). Validation, emits, drops and hairpin rules are
     * those of any frame. The frame is copied first (up to 64 KiB); the caller keeps its memory.
     * Counted in {@link #injectedCounters()}, not in the ingress port's counters.
     *
     * @return how many copies were delivered (0: dropped, and counted)
     * @throws IllegalArgumentException when no port is at {@code ingressIndex} or the frame is too long
     * @throws IllegalStateException when called from the lookup of an injected frame
     */
    @Override
    public int inject(final int ingressIndex, final MemorySegment frame, final long offset, final int length,
        final SwitchLogic logicOrNull)
    {
        return injection.inject(ingressIndex, frame, offset, length, logicOrNull);
    }

    /** Counters of injected frames: rx = frames injected, forwarded, replicated, drops by reason. */
    public PortCounters injectedCounters()
    {
        return injection.counters();
    }

    /** Publishes a view and waits until no batch still runs against an older one. */
    private void publish(final SwitchView next)
    {
        final long oldVersion = view.version;
        view = next;
        // a batch takes microseconds: spin first, then back off to parking (control path, so a new strategy each time)
        final IdleStrategy idle = new BackoffIdleStrategy(100, 10, 1_000, 100_000);
        for (final Forwarder forwarder : forwarders)
        {
            idle.reset();
            while (true)
            {
                final long active = forwarder.activeVersion();
                if (active == 0 || active > oldVersion)
                {
                    break;
                }
                idle.idle();
            }
        }
    }

    void logicError(final Throwable ex)
    {
        logicErrors.incrementAndGet();
        lastLogicError = ex;
        errorListener.accept(ex);
    }

    void portError(final Throwable ex)
    {
        portErrors.incrementAndGet();
        lastPortError = ex;
        errorListener.accept(ex);
    }

    /** Exceptions thrown by the logic so far (each cost one packet, counted as LOGIC_ERROR). */
    public long logicErrors()
    {
        return logicErrors.get();
    }

    public Throwable lastLogicError()
    {
        return lastLogicError;
    }

    public long portErrors()
    {
        return portErrors.get();
    }

    public Throwable lastPortError()
    {
        return lastPortError;
    }

    /** Called (on the data path thread) for every logic or port error; keep it cheap and rate-limit logging. */
    public void errorListener(final Consumer<Throwable> listener)
    {
        this.errorListener = Objects.requireNonNull(listener, "listener");
    }

    /** Times every batch forwarded from now on ({@code null} turns timing off). */
    public void forwardTimer(final ForwardTimer timer)
    {
        this.forwardTimer = timer;
    }

    ForwardTimer forwardTimer()
    {
        return forwardTimer;
    }

    /** Sum of a port counter over the attached ports. */
    public long total(final java.util.function.ToLongFunction<PortCounters> counter)
    {
        long total = 0;
        for (final Port port : view.ports)
        {
            if (port != null)
            {
                total += counter.applyAsLong(port.counters());
            }
        }
        return total;
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("switch " + name + " is closed");
        }
    }

    /** Detaches every port (without closing them) and stops the logic. */
    @Override
    public void close()
    {
        final List<Port> ports;
        synchronized (control)
        {
            if (closed)
            {
                return;
            }
            closed = true;
            ports = ports();
        }
        for (final Port port : ports)
        {
            detach(port);
        }
        view.logic.stop();
    }

    @Override
    public String toString()
    {
        return "Switch{" + name + ", ports=" + view.active.length + ", logic=" + view.logic.name() + "}";
    }
}
