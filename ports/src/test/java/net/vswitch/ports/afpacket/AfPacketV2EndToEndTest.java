package net.vswitch.ports.afpacket;

/** The same end-to-end checks with a TPACKET_V2 RX ring (frame-by-frame RX). */
class AfPacketV2EndToEndTest extends AfPacketEndToEndTest
{
    @Override
    AfPacketConfig config()
    {
        return AfPacketConfig.defaults().withVersion(TpacketVersion.V2).withRxRing(true);
    }
}
