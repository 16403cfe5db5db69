package net.vswitch.logic.openflow.channel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import net.vswitch.fabric.LogicContext;
import net.vswitch.logic.openflow.OpenFlowLogic;
import net.vswitch.logic.openflow.action.FrameInjector;
import net.vswitch.logic.openflow.control.PacketIn;
import net.vswitch.logic.openflow.pipeline.FlowEntry;

/**
 * The OpenFlow 1.3 channel of one switch: passive listeners ({@code ptcp:PORT[:ADDR]}) and active connections
 * ({@code tcp:HOST:PORT}, reconnecting with exponential backoff and jitter), any number at once. Each connection
 * has its own reader and writer threads; one dispatcher thread moves packet-ins from the logic's queue to the
 * connections that want them. Nothing here runs on a forwarding thread.
 */
public final class OpenFlowChannel implements OpenFlowLogic.Attachment
{
    /** Settings of the channel (all from the logic's settings). */
    public record Config(List<ChannelTarget> targets, Long datapathId, long echoIntervalMs, long reconnectMinMs,
        long reconnectMaxMs)
    {
        public static final long ECHO_INTERVAL_MS_DEFAULT = 5_000;
        public static final long RECONNECT_MIN_MS_DEFAULT = 250;
        public static final long RECONNECT_MAX_MS_DEFAULT = 8_000;

        public static Config of(final List<ChannelTarget> targets)
        {
            return new Config(targets, null, ECHO_INTERVAL_MS_DEFAULT, RECONNECT_MIN_MS_DEFAULT,
                RECONNECT_MAX_MS_DEFAULT);
        }
    }

    private static final System.Logger LOG = System.getLogger(OpenFlowChannel.class.getName());

    private final OpenFlowLogic logic;
    private final Config config;
    private final SwitchAgent agent;
    private final List<OfConnection> connections = new CopyOnWriteArrayList<>();
    private final List<ServerSocket> listeners = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final AtomicInteger xids = new AtomicInteger(1);
    private final List<Integer> boundPorts = new CopyOnWriteArrayList<>();
    /** OpenFlow numbers of attached ports by index (a detached port's number is still known for port-status). */
    private final Map<Integer, Integer> numbers = new ConcurrentHashMap<>();
    private volatile boolean running;
    private volatile String switchName = "openflow";
    private volatile String[] portNames = new String[0];
    private volatile FrameInjector injector;
    private volatile long startedNanos;

    public OpenFlowChannel(final OpenFlowLogic logic, final Config config)
    {
        this.logic = logic;
        this.config = config;
        this.agent = new SwitchAgent(this, logic);
        for (final String name : List.of("channel_connections", "channel_messages_in", "channel_errors_sent",
            "channel_dead_peers", "channel_slow_peers", "channel_bad_framing", "channel_packet_ins_sent",
            "channel_async_dropped", "channel_flows_added"))
        {
            counters.put(name, new AtomicLong());
        }
    }

    /** Replaces where packet-out frames go (tests; by default they are injected into the switch's fabric). */
    public OpenFlowChannel injector(final FrameInjector frames)
    {
        this.injector = frames;
        return this;
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void start(final LogicContext context)
    {
        switchName = context.switchName();
        portNames = context.portNames();
        startedNanos = logic.clock().nanoTime();
        running = true;
        for (final ChannelTarget t : config.targets())
        {
            if (t.passive())
            {
                listen(t);
            }
            else
            {
                spawn("openflow-connect-" + t, () -> connectLoop(t));
            }
        }
        spawn("openflow-packet-in-" + switchName, this::dispatch);
    }

    @Override
    public void stop()
    {
        running = false;
        for (final ServerSocket s : listeners)
        {
            try
            {
                s.close();
            }
            catch (final IOException ex)
            {
                // closing anyway
            }
        }
        for (final OfConnection c : connections)
        {
            c.close("switch stopping");
        }
        for (final Thread t : threads)
        {
            LockSupport.unpark(t);
            t.interrupt();
            try
            {
                t.join(2_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
        listeners.clear();
    }

    private void listen(final ChannelTarget t)
    {
        final ServerSocket server;
        try
        {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getByName(t.host()), t.port()));
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("OpenFlow target " + t + ": cannot listen: " + ex.getMessage(), ex);
        }
        listeners.add(server);
        boundPorts.add(server.getLocalPort());
        log("listening on " + t.host() + ":" + server.getLocalPort());
        spawn("openflow-listen-" + server.getLocalPort(), () ->
        {
            while (running)
            {
                try
                {
                    final Socket s = server.accept();
                    final OfConnection c = new OfConnection(this, s);
                    connections.add(c);
                    count("channel_connections");
                    final Thread reader = new Thread(c::run, "openflow-reader-" + c.peer());
                    reader.setDaemon(true);
                    reader.start();
                }
                catch (final IOException ex)
                {
                    if (running)
                    {
                        // e.g. out of file descriptors: try again shortly rather than spin
                        count("channel_accept_failures");
                        log("accept failed on " + t + ": " + ex.getMessage());
                        LockSupport.parkNanos(50_000_000L);
                    }
                }
            }
        });
    }

    /** Active connection: connect, run until it drops, back off (doubling, with jitter) and connect again. */
    private void connectLoop(final ChannelTarget t)
    {
        long backoff = config.reconnectMinMs();
        while (running)
        {
            try
            {
                final Socket s = new Socket();
                s.connect(new InetSocketAddress(t.host(), t.port()), (int)Math.max(1_000, config.echoIntervalMs()));
                final OfConnection c = new OfConnection(this, s);
                connections.add(c);
                count("channel_connections");
                backoff = config.reconnectMinMs();
                c.run();
            }
            catch (final IOException ex)
            {
                count("channel_connect_failures");
                backoff = Math.min(config.reconnectMaxMs(), backoff * 2);
            }
            if (running)
            {
                final long jitter = ThreadLocalRandom.current().nextLong(backoff / 4 + 1);
                LockSupport.parkNanos((backoff - backoff / 8 + jitter) * 1_000_000L);
            }
        }
    }

    private void spawn(final String name, final Runnable body)
    {
        final Thread t = new Thread(body, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /** Moves packet-ins from the data path's bounded queue to the connections (never blocks the data path). */
    private void dispatch()
    {
        while (running)
        {
            final PacketIn p = logic.packetIns().poll();
            if (p == null)
            {
                LockSupport.parkNanos(200_000);
                continue;
            }
            try
            {
                send(p);
            }
            catch (final RuntimeException ex)
            {
                // one packet-in that cannot be encoded is lost, never the dispatcher
                count("channel_packet_in_errors");
                log("packet-in not sent: " + ex);
            }
        }
    }

    private void send(final PacketIn p)
    {
        byte[] message = null;
        for (final OfConnection c : connections)
        {
            if (c.wants(c.packetInMask, p.reason()))
            {
                if (message == null)
                {
                    message = OfEncoder.packetIn(0, p.data(), p.totalLength(), p.reason(), p.table(), p.cookie(),
                        p.inPort());
                }
                if (c.async(message))
                {
                    count("channel_packet_ins_sent");
                }
            }
        }
    }

    // ---------------------------------------------------------------- events from the logic

    @Override
    public void portAttached(final int portIndex, final int portNumber, final String portName)
    {
        portNames = names(portIndex, portName);
        portStatus(0, new OfEncoder.PortInfo(portNumber, portName, 0));
    }

    @Override
    public void portDetached(final int portIndex)
    {
        final String[] n = portNames;
        final String name = portIndex < n.length && n[portIndex] != null ? n[portIndex] : "port" + portIndex;
        final int number = numbers.getOrDefault(portIndex, portIndex + 1);
        portNames = names(portIndex, null);
        portStatus(1, new OfEncoder.PortInfo(number, name, 0));
    }

    private synchronized String[] names(final int index, final String name)
    {
        if (name != null)
        {
            numbers.put(index, logic.ports().ofport(index));
        }
        final String[] n = java.util.Arrays.copyOf(portNames, Math.max(portNames.length, index + 1));
        n[index] = name;
        return n;
    }

    private void portStatus(final int reason, final OfEncoder.PortInfo port)
    {
        final byte[] m = OfEncoder.portStatus(reason, port);
        for (final OfConnection c : connections)
        {
            if (c.wants(c.portStatusMask, reason))
            {
                c.async(m);
            }
        }
    }

    @Override
    public void flowsExpired(final List<FlowEntry> entries)
    {
        final long now = logic.clock().nanoTime();
        final List<FlowEntry> idle = new ArrayList<>();
        final List<FlowEntry> hard = new ArrayList<>();
        for (final FlowEntry e : entries)
        {
            final boolean isHard = e.hardTimeout() > 0
                && now - e.stats().createdNanos() >= e.hardTimeout() * 1_000_000_000L;
            (isHard ? hard : idle).add(e);
        }
        flowsRemoved(idle, 0);
        flowsRemoved(hard, 1);
    }

    /** Sends flow-removed for the entries that asked for it (send_flow_rem), with {@code reason}. */
    void flowsRemoved(final List<FlowEntry> entries, final int reason)
    {
        final long now = logic.clock().nanoTime();
        for (final FlowEntry e : entries)
        {
            if ((e.flags() & FlowEntry.FLAG_SEND_FLOW_REM) == 0)
            {
                continue;
            }
            final byte[] m = OfEncoder.flowRemoved(e, reason, now);
            for (final OfConnection c : connections)
            {
                if (c.wants(c.flowRemovedMask, reason))
                {
                    c.async(m);
                }
            }
        }
    }

    @Override
    public void counters(final Map<String, Long> into)
    {
        final TreeMap<String, Long> sorted = new TreeMap<>();
        counters.forEach((k, v) -> sorted.put(k, v.get()));
        into.putAll(sorted);
        into.put("channel_connected", (long)connections.size());
    }

    // ---------------------------------------------------------------- for connections and the agent

    SwitchAgent agent()
    {
        return agent;
    }

    long echoIntervalMs()
    {
        return config.echoIntervalMs();
    }

    int nextXid()
    {
        return xids.getAndIncrement();
    }

    String switchName()
    {
        return switchName;
    }

    long startedNanos()
    {
        return startedNanos;
    }

    /** The test's injector, or null: packet-out then injects into the switch through the fabric. */
    FrameInjector injector()
    {
        return injector;
    }

    /** The datapath id: the setting, else 48 bits of an FNV-1a hash of the switch name (stable across restarts). */
    public long datapathId()
    {
        if (config.datapathId() != null)
        {
            return config.datapathId();
        }
        long h = 0xcbf29ce484222325L;
        for (final char ch : switchName.toCharArray())
        {
            h = (h ^ ch) * 0x100000001b3L;
        }
        return h & 0xFFFF_FFFF_FFFFL;
    }

    List<OfEncoder.PortInfo> ports()
    {
        final List<OfEncoder.PortInfo> out = new ArrayList<>();
        final String[] n = portNames;
        for (int i = 0; i < n.length; i++)
        {
            if (n[i] != null)
            {
                out.add(new OfEncoder.PortInfo(logic.ports().ofport(i), n[i], logic.packetsFrom(i)));
            }
        }
        return out;
    }

    void demoteMastersExcept(final OfConnection master)
    {
        for (final OfConnection c : connections)
        {
            if (c != master && c.role == OfMessage.RoleRequest.MASTER)
            {
                c.role = OfMessage.RoleRequest.SLAVE;
            }
        }
    }

    void removed(final OfConnection c)
    {
        connections.remove(c);
    }

    /** The ports the passive listeners are bound to (useful with {@code ptcp:0}). */
    public List<Integer> listeningPorts()
    {
        return List.copyOf(boundPorts);
    }

    /** How many connections are open now. */
    public int connectionCount()
    {
        return connections.size();
    }

    void count(final String name)
    {
        count(name, 1);
    }

    void count(final String name, final long n)
    {
        counters.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(n);
    }

    /** A refused message: counted by its error (e.g. {@code channel_error_BAD_MATCH/6}) and in total. */
    void refused(final OfpException ex)
    {
        count("channel_errors_sent");
        count("channel_error_" + ex.label());
        log("refused: " + ex.label() + ": " + ex.getMessage());
    }

    long counter(final String name)
    {
        final AtomicLong c = counters.get(name);
        return c == null ? 0 : c.get();
    }

    void log(final String message)
    {
        LOG.log(System.Logger.Level.DEBUG, "openflow channel " + switchName + ": " + message);
    }
}
