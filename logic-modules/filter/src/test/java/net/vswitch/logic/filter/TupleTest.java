package net.vswitch.logic.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TupleTest
{
    @Test
    void shouldParseAndPrintIpv4AndIpv6()
    {
        assertEquals("tcp:10.0.0.1:80", Tuple.parse("tcp:10.0.0.1:80").toString());
        assertEquals("udp:[2001:db8::1]:53", Tuple.parse("UDP:[2001:0db8:0:0:0:0:0:1]:53").toString());
        assertEquals("tcp:[::]:1", Tuple.parse("tcp:[::]:1").toString());
        assertEquals("tcp:[1:0:0:1::1]:1", Tuple.parse("tcp:[1:0:0:1:0:0:0:1]:1").toString());
        assertEquals("tcp:[fe80::1:0:0:1]:9", Tuple.parse("tcp:[fe80:0:0:0:1:0:0:1]:9").toString());
        assertEquals(Tuple.of(L4Protocol.TCP, "10.0.0.1", 80), Tuple.parse("tcp:10.0.0.1:80"));
    }

    @Test
    void shouldEncodeAddressesAsTwoLongs()
    {
        final Tuple v4 = Tuple.parse("tcp:10.0.0.1:80");
        assertEquals(0, v4.high());
        assertEquals(0x0A00_0001L, v4.low());
        final Tuple v6 = Tuple.parse("tcp:[2001:db8::1]:80");
        assertEquals(0x2001_0DB8_0000_0000L, v6.high());
        assertEquals(1L, v6.low());
    }

    @Test
    void shouldRejectBadTuplesWithClearMessages()
    {
        assertEquals("protocol must be tcp or udp: sctp",
            assertThrows(IllegalArgumentException.class, () -> Tuple.parse("sctp:10.0.0.1:80")).getMessage());
        assertEquals("not an IPv4 or IPv6 address: example.com",
            assertThrows(IllegalArgumentException.class, () -> Tuple.parse("tcp:example.com:80")).getMessage());
        assertEquals("port must be in 1..65535: 0",
            assertThrows(IllegalArgumentException.class, () -> Tuple.parse("tcp:10.0.0.1:0")).getMessage());
        assertEquals("port must be in 1..65535: 65536",
            assertThrows(IllegalArgumentException.class, () -> Tuple.parse("tcp:10.0.0.1:65536")).getMessage());
        assertEquals("port must be a number in 1..65535: tcp:10.0.0.1:http",
            assertThrows(IllegalArgumentException.class, () -> Tuple.parse("tcp:10.0.0.1:http")).getMessage());
        assertEquals("tuple must look like tcp:10.0.0.1:80 or udp:[2001:db8::1]:53: tcp",
            assertThrows(IllegalArgumentException.class, () -> Tuple.parse("tcp")).getMessage());
        assertEquals("an IPv6 address in a tuple needs brackets, e.g. tcp:[2001:db8::1]:80: tcp:2001:db8::1:80",
            assertThrows(IllegalArgumentException.class, () -> Tuple.parse("tcp:2001:db8::1:80")).getMessage());
    }
}
