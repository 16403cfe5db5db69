package net.vswitch.vswitchd.metrics;

import static net.vswitch.vswitchd.daemon.TestDaemons.broadcast;
import static net.vswitch.vswitchd.daemon.TestDaemons.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.vswitch.ports.virtual.VirtualPort;
import net.vswitch.vswitchd.config.RunFlags;
import net.vswitch.vswitchd.daemon.TestDaemons;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsEndpointTest
{
    @TempDir
    Path dir;

    private static HttpResponse<String> get(final int port, final String path) throws Exception
    {
        try (HttpClient client = HttpClient.newHttpClient())
        {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        }
    }

    private static long value(final String body, final String series)
    {
        final Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(body);
        assertTrue(m.find(), () -> "no series " + series + " in\n" + body);
        return (long)Double.parseDouble(m.group(1));
    }

    @Test
    void shouldExposeCountersDropsAndLatencyInPrometheusFormat() throws Exception
    {
        final RunFlags flags = RunFlags.none().withPorts(List.of("virtual:vm1", "virtual:vm2"))
            .withMetrics("127.0.0.1:0");
        try (TestDaemons.Running running = TestDaemons.start(dir, flags))
        {
            final VirtualPort vm1 = running.virtualPort("br0", "vm1");
            final VirtualPort vm2 = running.virtualPort("br0", "vm2");
            vm2.send(broadcast(2));
            for (int i = 0; i < 5; i++)
            {
                vm1.send(frame(2, 1));
            }
            vm1.send(new byte[10]); // shorter than an Ethernet header: dropped as malformed

            final HttpResponse<String> response = get(running.daemon().metricsPort(), "/metrics");
            assertEquals(200, response.statusCode());
            assertEquals("text/plain; version=0.0.4; charset=utf-8",
                response.headers().firstValue("Content-Type").orElse(""));
            final String body = response.body();
            assertTrue(body.contains("# TYPE vswitch_port_rx_packets_total counter\n"), body);
            assertEquals(6, value(body, "vswitch_port_rx_packets_total{switch=\"br0\",port=\"vm1\"}"));
            assertEquals(310, value(body, "vswitch_port_rx_bytes_total{switch=\"br0\",port=\"vm1\"}"));
            assertEquals(5, value(body, "vswitch_port_tx_packets_total{switch=\"br0\",port=\"vm2\"}"));
            assertEquals(1, value(body, "vswitch_port_drops_total{switch=\"br0\",port=\"vm1\",reason=\"malformed\"}"));
            assertEquals(0, value(body, "vswitch_port_drops_total{switch=\"br0\",port=\"vm1\",reason=\"ring_full\"}"));
            assertEquals(1, value(body, "vswitch_switch_drops_total{switch=\"br0\",reason=\"malformed\"}"));
            assertEquals(0, value(body, "vswitch_logic_errors_total{switch=\"br0\"}"));
            assertEquals(1, value(body, "vswitch_logic_info{switch=\"br0\",logic=\"bridge\"}"));
            assertEquals(2, value(body, "vswitch_fdb_entries{switch=\"br0\"}"));
            assertEquals(2, value(body, "vswitch_ports{switch=\"br0\"}"));

            assertTrue(body.contains("# TYPE vswitch_forward_batch_seconds histogram\n"), body);
            assertEquals(7, value(body, "vswitch_forward_batch_seconds_count{switch=\"br0\"}"), "one per send");
            assertEquals(7, value(body, "vswitch_forward_batch_seconds_bucket{switch=\"br0\",le=\"+Inf\"}"));
            assertEquals(7, value(body, "vswitch_forward_batch_packets_total{switch=\"br0\"}"));
            long previous = 0;
            for (final double bound : PrometheusFormat.BUCKETS)
            {
                final String le = Double.toString(bound).replaceAll("\\.0$", "");
                final long count = value(body, "vswitch_forward_batch_seconds_bucket{switch=\"br0\",le=\"" + le + "\"}");
                assertTrue(count >= previous, "buckets are cumulative");
                previous = count;
            }
            assertEquals(404, get(running.daemon().metricsPort(), "/").statusCode());
        }
    }

    @Test
    void shouldExportLogicCountersOfModules() throws Exception
    {
        final RunFlags flags = RunFlags.none().withPorts(List.of("virtual:a", "virtual:b")).withLogic("test-echo")
            .withMetrics("127.0.0.1:0");
        try (TestDaemons.Running running = TestDaemons.start(dir, flags))
        {
            running.virtualPort("br0", "a").send(frame(2, 1));
            final String body = get(running.daemon().metricsPort(), "/metrics").body();
            assertEquals(1, value(body, "vswitch_logic_counter{switch=\"br0\",logic=\"test-echo\",name=\"lookups\"}"));
        }
    }
}
