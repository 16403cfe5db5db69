package net.vswitch.ports.afpacket;

/** The same end-to-end checks with the default receive path: recvmmsg batches, no RX ring. */
class AfPacketMmsgEndToEndTest extends AfPacketEndToEndTest
{
    @Override
    AfPacketConfig config()
    {
        return AfPacketConfig.defaults().withRxRing(false);
    }
}
