package net.vswitch.ports.afpacket;

/** The same end-to-end checks with TPACKET_V2 rings (frame-by-frame RX). */
class AfPacketV2EndToEndTest extends AfPacketEndToEndTest
{
    @Override
    AfPacketConfig config()
    {
        return AfPacketConfig.defaults().withVersion(TpacketVersion.V2);
    }
}
