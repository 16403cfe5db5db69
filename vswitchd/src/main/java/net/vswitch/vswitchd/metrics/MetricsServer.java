package net.vswitch.vswitchd.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import net.vswitch.vswitchd.config.MetricsAddress;
import net.vswitch.vswitchd.daemon.DaemonException;
import net.vswitch.vswitchd.daemon.Switches;

/**
 * Serves {@code GET /metrics} with the Prometheus Java client's HTTP server (text format 0.0.4, or
 * OpenMetrics/protobuf when the scraper asks), one thread, from a registry of its own holding only the
 * switches' metrics. Any other path answers 404.
 */
public final class MetricsServer implements AutoCloseable
{
    private final HTTPServer server;
    private final ExecutorService executor;
    private final String host;

    private MetricsServer(final HTTPServer server, final ExecutorService executor, final String host)
    {
        this.server = server;
        this.executor = executor;
        this.host = host;
    }

    /**
     * @param address {@code ADDR:PORT}; port 0 picks a free one (see {@link #port()})
     * @throws DaemonException when the address cannot be bound, naming it
     */
    public static MetricsServer start(final String address, final Switches switches) throws DaemonException
    {
        final InetSocketAddress socket = MetricsAddress.parse(address);
        final InetAddress host;
        try
        {
            host = InetAddress.getByName(socket.getHostString());
        }
        catch (final UnknownHostException ex)
        {
            throw new DaemonException("cannot listen for metrics on " + address + ": unknown host "
                + socket.getHostString(), ex);
        }
        final PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new SwitchCollector(switches));
        final ExecutorService executor = Executors.newSingleThreadExecutor(r ->
        {
            final Thread thread = new Thread(r, "vswitch-metrics");
            thread.setDaemon(true);
            return thread;
        });
        try
        {
            final HTTPServer server = HTTPServer.builder().inetAddress(host).port(socket.getPort()).registry(registry)
                .executorService(executor).registerHealthHandler(false).defaultHandler(MetricsServer::notFound)
                .buildAndStart();
            return new MetricsServer(server, executor, host.getHostAddress());
        }
        catch (final IOException ex)
        {
            executor.shutdownNow();
            throw new DaemonException("cannot listen for metrics on " + address + ": " + ex.getMessage(), ex);
        }
    }

    private static void notFound(final HttpExchange exchange) throws IOException
    {
        try (exchange)
        {
            final byte[] body = "vswitch: metrics are at /metrics\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(404, body.length);
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(body);
            }
        }
    }

    public int port()
    {
        return server.getPort();
    }

    /** {@code ADDR:PORT} as bound (the port resolved when 0 was asked). */
    public String address()
    {
        return host + ":" + port();
    }

    @Override
    public void close()
    {
        server.close();
        executor.shutdownNow();
    }
}
