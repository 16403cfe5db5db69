package net.vswitch.ports.afpacket;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AfPacketConfigTest
{
    @Test
    void shouldRejectBlockSizeThatIsNotAPowerOfTwoPageMultiple()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> AfPacketConfig.defaults().withBlocks(5000, 4));
        assertEquals("blockSize must be a power of two >= 4096: 5000", ex.getMessage());
    }

    @Test
    void shouldParseTpacketVersionByName()
    {
        assertEquals(TpacketVersion.V2, TpacketVersion.parse("v2"));
        assertEquals(TpacketVersion.V3, TpacketVersion.parse("TPACKET_V3"));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> TpacketVersion.parse("v9"));
        assertEquals("TPACKET version must be v2 or v3: 'v9'", ex.getMessage());
    }

    @Test
    void shouldRefuseNonExistentInterfaceByName()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> AfPacketPort.open("vslnosuch0"));
        assertEquals("no such interface: vslnosuch0 (if_nametoindex: No such device)", ex.getMessage());
    }
}
