package net.vswitch.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import net.vswitch.fabric.Switch;
import net.vswitch.logic.bridge.LearningBridge;
import net.vswitch.ports.shm.ShmPort;

import static org.junit.jupiter.api.Assertions.*;

class ShmClientExampleTest
{
    @Test
    void shouldPingAnEchoClientThroughALearningBridge() throws Exception
    {
        final Path dir = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm")
            : Path.of(System.getProperty("java.io.tmpdir"));
        final String tag = Long.toHexString(ThreadLocalRandom.current().nextLong());
        try (Switch sw = new Switch("sw", new LearningBridge()))
        {
            final ShmPort vm1 = new ShmPort("vm1", dir.resolve("vsp-" + tag + "-vm1"));
            final ShmPort vm2 = new ShmPort("vm2", dir.resolve("vsp-" + tag + "-vm2"));
            sw.attach(vm1);
            sw.attach(vm2);
            try
            {
                final CompletableFuture<Long> echo = CompletableFuture.supplyAsync(
                    () -> ShmClientExample.echo(vm2.path(), 2, TimeUnit.SECONDS));
                // bounded: an echo client that never attaches fails the test instead of hanging the build
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (vm2.clientPid() == 0)
                {
                    if (echo.isDone())
                    {
                        fail("the echo client ended before attaching to vm2: " + echo.handle((r, ex) -> ex).get());
                    }
                    assertTrue(System.nanoTime() < deadline, "the echo client did not attach to vm2 within 60 s");
                    Thread.sleep(1);
                }
                assertNotEquals(0, vm2.clientPid(), "the echo client never attached");
                final long replies = ShmClientExample.ping(vm1.path(), 50_000, 10, TimeUnit.SECONDS);
                for (final ShmPort port : new ShmPort[] {vm1, vm2})
                {
                    for (final net.vswitch.fabric.DropReason reason : net.vswitch.fabric.DropReason.values())
                    {
                        if (port.counters().drops(reason) != 0)
                        {
                            System.err.println(port.name() + " " + reason + " " + port.counters().drops(reason));
                        }
                    }
                }
                assertEquals(50_000, replies);
                assertEquals(50_000, echo.get(30, TimeUnit.SECONDS));
            }
            finally
            {
                sw.detach(vm1);
                sw.detach(vm2);
                vm1.close();
                vm2.close();
            }
        }
    }
}
