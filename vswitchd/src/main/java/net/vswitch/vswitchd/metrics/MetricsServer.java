package net.vswitch.vswitchd.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import net.vswitch.vswitchd.config.MetricsAddress;
import net.vswitch.vswitchd.daemon.Daemon;
import net.vswitch.vswitchd.daemon.DaemonException;

/** Serves {@code GET /metrics} in the Prometheus text format with the JDK's HTTP server (one thread). */
public final class MetricsServer implements AutoCloseable
{
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(final HttpServer server, final ExecutorService executor)
    {
        this.server = server;
        this.executor = executor;
    }

    /**
     * @param address {@code ADDR:PORT}; port 0 picks a free one (see {@link #port()})
     * @throws DaemonException when the address cannot be bound, naming it
     */
    public static MetricsServer start(final String address, final Daemon daemon) throws DaemonException
    {
        final InetSocketAddress unresolved = MetricsAddress.parse(address);
        final InetSocketAddress socket = new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
        if (socket.isUnresolved())
        {
            throw new DaemonException("cannot listen for metrics on " + address + ": unknown host "
                + unresolved.getHostString());
        }
        final HttpServer server;
        try
        {
            server = HttpServer.create(socket, 16);
        }
        catch (final IOException ex)
        {
            throw new DaemonException("cannot listen for metrics on " + address + ": " + ex.getMessage(), ex);
        }
        final ExecutorService executor = Executors.newSingleThreadExecutor(r ->
        {
            final Thread thread = new Thread(r, "vswitch-metrics");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", exchange -> answer(exchange, 200, CONTENT_TYPE,
            PrometheusFormat.render(daemon.switches())));
        server.createContext("/", exchange -> answer(exchange, 404, "text/plain; charset=utf-8",
            "vswitch: metrics are at /metrics\n"));
        server.start();
        return new MetricsServer(server, executor);
    }

    private static void answer(final HttpExchange exchange, final int status, final String type, final String body)
        throws IOException
    {
        try (exchange)
        {
            final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            if (exchange.getRequestMethod().equals("HEAD"))
            {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(bytes);
            }
        }
    }

    public int port()
    {
        return server.getAddress().getPort();
    }

    public String address()
    {
        return server.getAddress().getHostString() + ":" + port();
    }

    @Override
    public void close()
    {
        server.stop(0);
        executor.shutdownNow();
    }
}
