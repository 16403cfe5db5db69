package net.vswitch.ports.virtual;

import java.lang.foreign.MemorySegment;

/** Receives one frame, zero-copy: valid only during the call. */
@FunctionalInterface
public interface FrameHandler
{
    void onFrame(MemorySegment memory, long offset, int length);
}
