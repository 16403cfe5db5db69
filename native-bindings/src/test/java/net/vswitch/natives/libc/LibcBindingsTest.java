package net.vswitch.natives.libc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import net.vswitch.natives.Errno;
import net.vswitch.natives.NativeException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LibcBindingsTest
{
    @Test
    void shouldMatchKernelStructSizes()
    {
        assertEquals(20, LinuxIfPacket.SOCKADDR_LL.byteSize());
        assertEquals(28, LinuxIfPacket.TPACKET_REQ3.byteSize());
        assertEquals(48, LinuxIfPacket.TPACKET3_HDR.byteSize());
        assertEquals(32, LinuxIfPacket.TPACKET2_HDR.byteSize());
        assertEquals(48, LinuxIfPacket.TPACKET_BLOCK_DESC.byteSize());
        assertEquals(16, LinuxIfPacket.PACKET_MREQ.byteSize());
        assertEquals(40, LinuxIf.IFREQ_SIZE);
        assertEquals(8, Poll.POLLFD_SIZE);
        assertEquals(8, LinuxIfPacket.BLOCK_STATUS_OFFSET);
        assertEquals(12, LinuxIfPacket.BLOCK_NUM_PKTS_OFFSET);
        assertEquals(16, LinuxIfPacket.BLOCK_OFFSET_TO_FIRST_PKT_OFFSET);
        assertEquals(20, LinuxIfPacket.TP3_STATUS_OFFSET);
        assertEquals(24, LinuxIfPacket.TP3_MAC_OFFSET);
        assertEquals(32, LinuxIfPacket.TP3_VLAN_TCI_OFFSET);
        assertEquals(68, LinuxIfPacket.TPACKET3_HDRLEN);
        assertEquals(48, LinuxIfPacket.TPACKET3_TX_DATA_OFFSET);
    }

    @Test
    void shouldFindLoopbackIndex()
    {
        assertEquals(1, NetIf.ifNameToIndex("lo"));
    }

    @Test
    void shouldNameCallAndStrerrorForUnknownInterface()
    {
        final NativeException ex = assertThrows(NativeException.class, () -> NetIf.ifNameToIndex("vslnope0"));
        assertEquals("if_nametoindex: No such device", ex.getMessage());
        assertEquals(ErrnoH.ENODEV, ex.errno());
        assertEquals("if_nametoindex", ex.call());
    }

    @Test
    void shouldDescribeErrnoLikeLibc()
    {
        assertEquals("No such file or directory", Errno.strerror(ErrnoH.ENOENT));
        assertEquals("Resource temporarily unavailable", Errno.strerror(ErrnoH.EAGAIN));
    }

    @Test
    void shouldReportFailedOpenWithPath()
    {
        final NativeException ex = assertThrows(NativeException.class,
            () -> Fcntl.open("/nonexistent/vsl", Fcntl.O_RDONLY, 0));
        assertEquals("open(/nonexistent/vsl): No such file or directory", ex.getMessage());
    }

    @Test
    void shouldRejectUnknownSocketFamily()
    {
        final NativeException ex = assertThrows(NativeException.class, () -> SysSocket.socket(12345, 1, 0));
        assertEquals("socket: Address family not supported by protocol", ex.getMessage());
    }

    @Test
    void shouldWakePollThroughEventfd()
    {
        final int fd = SysEventfd.eventfd(0, SysEventfd.EFD_NONBLOCK | SysEventfd.EFD_CLOEXEC);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment fds = arena.allocate(Poll.POLLFD);
            final MemorySegment value = arena.allocate(ValueLayout.JAVA_LONG);
            Poll.pollfd(fds, 0, fd, Poll.POLLIN);
            assertEquals(0, Poll.pollOrErrno(fds, 1, 0));
            assertEquals(-ErrnoH.EAGAIN, Unistd.readOrErrno(fd, value, 8));

            value.set(ValueLayout.JAVA_LONG, 0, 3);
            assertEquals(8, Unistd.write(fd, value, 8));
            assertEquals(1, Poll.pollOrErrno(fds, 1, 1000));
            assertTrue((Poll.revents(fds, 0) & Poll.POLLIN) != 0);
            value.set(ValueLayout.JAVA_LONG, 0, 0);
            assertEquals(8, Unistd.read(fd, value, 8));
            assertEquals(3, value.get(ValueLayout.JAVA_LONG, 0));
        }
        finally
        {
            Unistd.close(fd);
        }
        final NativeException ex = assertThrows(NativeException.class, () -> Unistd.close(fd));
        assertEquals("close: Bad file descriptor", ex.getMessage());
    }

    @Test
    void shouldMapAndUnmapAnonymousMemoryThroughASocketlessFd()
    {
        final int fd = SysSocket.socket(SysSocket.AF_INET, SysSocket.SOCK_DGRAM | SysSocket.SOCK_CLOEXEC, 0);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment ifreq = arena.allocate(LinuxIf.IFREQ);
            LinuxIf.ifrName(ifreq, "lo");
            SysIoctl.ioctl(fd, LinuxIf.SIOCGIFMTU, ifreq, "SIOCGIFMTU");
            assertEquals(65536, ifreq.get(ValueLayout.JAVA_INT, LinuxIf.IFR_MTU_OFFSET));
            SysIoctl.ioctl(fd, LinuxIf.SIOCGIFFLAGS, ifreq, "SIOCGIFFLAGS");
            assertTrue((ifreq.get(ValueLayout.JAVA_SHORT, LinuxIf.IFR_FLAGS_OFFSET) & LinuxIf.IFF_UP) != 0);
            final NativeException ex = assertThrows(NativeException.class,
                () -> SysMman.mmap(4096, SysMman.PROT_READ, SysMman.MAP_SHARED, fd, 0));
            assertEquals("mmap", ex.call());
        }
        finally
        {
            Unistd.close(fd);
        }
    }
}
