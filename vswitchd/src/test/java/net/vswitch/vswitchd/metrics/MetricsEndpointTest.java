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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-z_]+)(?:\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The value of {@code series} ({@code name{label="value",...}}); labels match in any order, as Prometheus does. */
    private static long value(final String body, final String series)
    {
        final Matcher wanted = SAMPLE.matcher(series + " 0");
        assertTrue(wanted.find(), series);
        final Map<String, String> labels = labels(wanted.group(2));
        final Matcher m = SAMPLE.matcher(body);
        while (m.find())
        {
            if (m.group(1).equals(wanted.group(1)) && labels(m.group(2)).equals(labels))
            {
                return (long)Double.parseDouble(m.group(3));
            }
        }
        throw new AssertionError("no series " + series + " in\n" + body);
    }

    private static Map<String, String> labels(final String text)
    {
        final Map<String, String> labels = new HashMap<>();
        if (text != null)
        {
            final Matcher m = LABEL.matcher(text);
            while (m.find())
            {
                labels.put(m.group(1), m.group(2));
            }
        }
        return labels;
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
            assertEquals(2, value(body, "vswitch_logic_counter{switch=\"br0\",logic=\"bridge\",name=\"fdb_entries\"}"),
                "the bridge exports its MAC table size through LogicControl.counters()");
            assertEquals(0, value(body,
                "vswitch_logic_counter{switch=\"br0\",logic=\"bridge\",name=\"fdb_learn_refused\"}"));
            assertEquals(2, value(body, "vswitch_ports{switch=\"br0\"}"));

            assertTrue(body.contains("# TYPE vswitch_forward_batch_seconds histogram\n"), body);
            assertEquals(7, value(body, "vswitch_forward_batch_seconds_count{switch=\"br0\"}"), "one per send");
            assertEquals(7, value(body, "vswitch_forward_batch_seconds_bucket{switch=\"br0\",le=\"+Inf\"}"));
            assertEquals(7, value(body, "vswitch_forward_batch_packets_total{switch=\"br0\"}"));
            final Matcher buckets = Pattern.compile(
                "(?m)^vswitch_forward_batch_seconds_bucket\\{switch=\"br0\",le=\"([^\"]+)\"} (\\S+)$").matcher(body);
            final List<Double> bounds = new ArrayList<>();
            long previous = 0;
            while (buckets.find())
            {
                final String le = buckets.group(1);
                bounds.add(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le));
                final long count = (long)Double.parseDouble(buckets.group(2));
                assertTrue(count >= previous, "buckets are cumulative: " + body);
                previous = count;
            }
            final List<Double> expected = new ArrayList<>();
            for (final double bound : SwitchCollector.BUCKETS)
            {
                expected.add(bound);
            }
            expected.add(Double.POSITIVE_INFINITY);
            assertEquals(expected, bounds);
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
