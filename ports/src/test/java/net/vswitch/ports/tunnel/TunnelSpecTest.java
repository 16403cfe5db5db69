package net.vswitch.ports.tunnel;

import net.vswitch.ports.PortSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TunnelSpecTest
{
    @Test
    void shouldParseVxlanWithDefaults()
    {
        final PortSpec.Tunnel spec = (PortSpec.Tunnel)PortSpec.parse("vxlan:192.0.2.7");
        assertEquals(PortSpec.TunnelProtocol.VXLAN, spec.protocol());
        assertEquals("192.0.2.7", spec.remote().getHostAddress());
        assertEquals(0, spec.vni());
        assertNull(spec.local());
        assertEquals(4789, spec.dstport());
        assertTrue(spec.df());
        assertEquals(1500, spec.mtu());
        assertEquals("vxlan-192.0.2.7-0", spec.name());
        assertEquals(spec, PortSpec.parse(spec.text()));
    }

    @Test
    void shouldParseGeneveOverIpv6WithEveryOption()
    {
        final PortSpec.Tunnel spec = (PortSpec.Tunnel)PortSpec.parse(
            "geneve:2001:db8::2,vni=5000,local=2001:db8::1,dstport=7000,ttl=9,df=0,mtu=9000,netns=h1,name=g0");
        assertEquals(PortSpec.TunnelProtocol.GENEVE, spec.protocol());
        assertEquals(5000, spec.vni());
        assertEquals(16, spec.local().getAddress().length);
        assertEquals(7000, spec.dstport());
        assertEquals(9, spec.ttl());
        assertFalse(spec.df());
        assertEquals(9000, spec.mtu());
        assertEquals("h1", spec.netns());
        assertEquals("g0", spec.name());
        assertEquals(spec, PortSpec.parse(spec.text()));
        assertEquals(6081, ((PortSpec.Tunnel)PortSpec.parse("geneve:10.0.0.1")).dstport());
    }

    @Test
    void shouldNameWhatIsWrong()
    {
        assertEquals("port spec 'vxlan:example.com': remote 'example.com' is not an IPv4 or IPv6 address",
            assertThrows(IllegalArgumentException.class, () -> PortSpec.parse("vxlan:example.com")).getMessage());
        assertEquals("port spec 'vxlan:10.0.0.1,vni=16777216': vni must be an integer in 0..16777215,"
            + " got '16777216'", assertThrows(IllegalArgumentException.class,
                () -> PortSpec.parse("vxlan:10.0.0.1,vni=16777216")).getMessage());
        assertEquals("port spec 'vxlan:10.0.0.1,local=::1': local ::1 and remote 10.0.0.1 are not of the same"
            + " IP family", assertThrows(IllegalArgumentException.class,
                () -> PortSpec.parse("vxlan:10.0.0.1,local=::1")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PortSpec.parse("geneve:remote=flow"))
            .getMessage().contains("remote=flow (flow-based tunnels"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PortSpec.parse("vxlan:10.0.0.1,key=3"))
            .getMessage().contains("unknown option(s) [key]"));
    }
}
