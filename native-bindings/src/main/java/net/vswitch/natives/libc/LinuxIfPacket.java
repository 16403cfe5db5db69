package net.vswitch.natives.libc;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code <linux/if_packet.h>}: packet socket options, PACKET_MMAP ring structures and statuses.
 * Offsets are derived from the layouts once; the data path reads fields with them directly.
 *
 * <pre>
 * RX ring (TPACKET_V3): blocks of tp_block_size bytes, each:
 *   0         4              8                                        48
 *   +---------+--------------+-----------------------------------------+--------------------+
 *   | version | offset_priv  | tpacket_hdr_v1: block_status, num_pkts, | packets, each a    |
 *   |         |              | offset_to_first_pkt, blk_len, seq_num,  | tpacket3_hdr +     |
 *   |         |              | ts_first_pkt, ts_last_pkt               | sockaddr_ll + frame|
 *   +---------+--------------+-----------------------------------------+--------------------+
 * The kernel owns a block while block_status is TP_STATUS_KERNEL; it hands it over by setting
 * TP_STATUS_USER, user space gives it back by writing TP_STATUS_KERNEL.
 *
 * TX ring: frames of tp_frame_size bytes, each a tpacket3_hdr (48 B) then the frame at
 * TPACKET_ALIGN(48); user fills AVAILABLE frames, marks them SEND_REQUEST, calls send().
 * </pre>
 */
public final class LinuxIfPacket
{
    // socket options (level SOL_PACKET)
    public static final int PACKET_ADD_MEMBERSHIP = 1;
    public static final int PACKET_DROP_MEMBERSHIP = 2;
    public static final int PACKET_RX_RING = 5;
    public static final int PACKET_STATISTICS = 6;
    public static final int PACKET_VERSION = 10;
    public static final int PACKET_HDRLEN = 11;
    public static final int PACKET_RESERVE = 12;
    public static final int PACKET_TX_RING = 13;
    public static final int PACKET_LOSS = 14;
    /** Frames carry a {@code struct virtio_net_hdr} (10 bytes) before the Ethernet header, both ways. */
    public static final int PACKET_VNET_HDR = 15;
    /** Each received message carries a {@code struct tpacket_auxdata} control message (VLAN tag, status). */
    public static final int PACKET_AUXDATA = 8;
    /** {@code struct tpacket_auxdata}: status, len, snaplen (u32), mac, net, vlan_tci, vlan_tpid (u16). */
    public static final int AUXDATA_SIZE = 20;
    public static final int AUXDATA_STATUS_OFFSET = 0;
    public static final int AUXDATA_VLAN_TCI_OFFSET = 16;
    public static final int AUXDATA_VLAN_TPID_OFFSET = 18;
    public static final int PACKET_QDISC_BYPASS = 20;
    public static final int PACKET_IGNORE_OUTGOING = 23;

    public static final int PACKET_MR_PROMISC = 1;

    public static final int TPACKET_V1 = 0;
    public static final int TPACKET_V2 = 1;
    public static final int TPACKET_V3 = 2;
    public static final int TPACKET_ALIGNMENT = 16;

    // sll_pkttype
    public static final int PACKET_HOST = 0;
    public static final int PACKET_BROADCAST = 1;
    public static final int PACKET_MULTICAST = 2;
    public static final int PACKET_OTHERHOST = 3;
    public static final int PACKET_OUTGOING = 4;

    // RX statuses
    public static final int TP_STATUS_KERNEL = 0;
    public static final int TP_STATUS_USER = 1;
    public static final int TP_STATUS_COPY = 1 << 1;
    public static final int TP_STATUS_LOSING = 1 << 2;
    public static final int TP_STATUS_CSUMNOTREADY = 1 << 3;
    public static final int TP_STATUS_VLAN_VALID = 1 << 4;
    public static final int TP_STATUS_BLK_TMO = 1 << 5;
    public static final int TP_STATUS_VLAN_TPID_VALID = 1 << 6;
    public static final int TP_STATUS_CSUM_VALID = 1 << 7;
    // TX statuses
    public static final int TP_STATUS_AVAILABLE = 0;
    public static final int TP_STATUS_SEND_REQUEST = 1;
    public static final int TP_STATUS_SENDING = 1 << 1;
    public static final int TP_STATUS_WRONG_FORMAT = 1 << 2;

    /** {@code struct sockaddr_ll} (20 bytes). */
    public static final StructLayout SOCKADDR_LL = MemoryLayout.structLayout(
        JAVA_SHORT.withName("sll_family"),
        JAVA_SHORT.withName("sll_protocol"),
        JAVA_INT.withName("sll_ifindex"),
        JAVA_SHORT.withName("sll_hatype"),
        JAVA_BYTE.withName("sll_pkttype"),
        JAVA_BYTE.withName("sll_halen"),
        MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sll_addr")).withName("sockaddr_ll");
    public static final long SLL_FAMILY_OFFSET = SOCKADDR_LL.byteOffset(groupElement("sll_family"));
    public static final long SLL_PROTOCOL_OFFSET = SOCKADDR_LL.byteOffset(groupElement("sll_protocol"));
    public static final long SLL_IFINDEX_OFFSET = SOCKADDR_LL.byteOffset(groupElement("sll_ifindex"));
    public static final long SLL_PKTTYPE_OFFSET = SOCKADDR_LL.byteOffset(groupElement("sll_pkttype"));

    /** {@code struct tpacket_req3} (28 bytes). */
    public static final StructLayout TPACKET_REQ3 = MemoryLayout.structLayout(
        JAVA_INT.withName("tp_block_size"),
        JAVA_INT.withName("tp_block_nr"),
        JAVA_INT.withName("tp_frame_size"),
        JAVA_INT.withName("tp_frame_nr"),
        JAVA_INT.withName("tp_retire_blk_tov"),
        JAVA_INT.withName("tp_sizeof_priv"),
        JAVA_INT.withName("tp_feature_req_word")).withName("tpacket_req3");
    public static final long REQ3_BLOCK_SIZE_OFFSET = TPACKET_REQ3.byteOffset(groupElement("tp_block_size"));
    public static final long REQ3_BLOCK_NR_OFFSET = TPACKET_REQ3.byteOffset(groupElement("tp_block_nr"));
    public static final long REQ3_FRAME_SIZE_OFFSET = TPACKET_REQ3.byteOffset(groupElement("tp_frame_size"));
    public static final long REQ3_FRAME_NR_OFFSET = TPACKET_REQ3.byteOffset(groupElement("tp_frame_nr"));
    public static final long REQ3_RETIRE_BLK_TOV_OFFSET = TPACKET_REQ3.byteOffset(groupElement("tp_retire_blk_tov"));

    /** {@code struct tpacket_hdr_v1}, the V3 block header inside {@code tpacket_block_desc}. */
    public static final StructLayout TPACKET_HDR_V1 = MemoryLayout.structLayout(
        JAVA_INT.withName("block_status"),
        JAVA_INT.withName("num_pkts"),
        JAVA_INT.withName("offset_to_first_pkt"),
        JAVA_INT.withName("blk_len"),
        JAVA_LONG.withName("seq_num"),
        MemoryLayout.structLayout(JAVA_INT.withName("ts_sec"), JAVA_INT.withName("ts_nsec")).withName("ts_first_pkt"),
        MemoryLayout.structLayout(JAVA_INT.withName("ts_sec"), JAVA_INT.withName("ts_nsec")).withName("ts_last_pkt"))
        .withName("tpacket_hdr_v1");

    /** {@code struct tpacket_block_desc} (48 bytes). */
    public static final StructLayout TPACKET_BLOCK_DESC = MemoryLayout.structLayout(
        JAVA_INT.withName("version"),
        JAVA_INT.withName("offset_to_priv"),
        TPACKET_HDR_V1.withName("hdr")).withName("tpacket_block_desc");
    public static final long BLOCK_STATUS_OFFSET =
        TPACKET_BLOCK_DESC.byteOffset(groupElement("hdr"), groupElement("block_status"));
    public static final long BLOCK_NUM_PKTS_OFFSET =
        TPACKET_BLOCK_DESC.byteOffset(groupElement("hdr"), groupElement("num_pkts"));
    public static final long BLOCK_OFFSET_TO_FIRST_PKT_OFFSET =
        TPACKET_BLOCK_DESC.byteOffset(groupElement("hdr"), groupElement("offset_to_first_pkt"));
    public static final long BLOCK_LEN_OFFSET =
        TPACKET_BLOCK_DESC.byteOffset(groupElement("hdr"), groupElement("blk_len"));
    public static final long BLOCK_SEQ_NUM_OFFSET =
        TPACKET_BLOCK_DESC.byteOffset(groupElement("hdr"), groupElement("seq_num"));

    /** {@code struct tpacket3_hdr} (48 bytes). */
    public static final StructLayout TPACKET3_HDR = MemoryLayout.structLayout(
        JAVA_INT.withName("tp_next_offset"),
        JAVA_INT.withName("tp_sec"),
        JAVA_INT.withName("tp_nsec"),
        JAVA_INT.withName("tp_snaplen"),
        JAVA_INT.withName("tp_len"),
        JAVA_INT.withName("tp_status"),
        JAVA_SHORT.withName("tp_mac"),
        JAVA_SHORT.withName("tp_net"),
        MemoryLayout.structLayout(
            JAVA_INT.withName("tp_rxhash"),
            JAVA_INT.withName("tp_vlan_tci"),
            JAVA_SHORT.withName("tp_vlan_tpid"),
            JAVA_SHORT.withName("tp_padding")).withName("hv1"),
        MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("tp_padding")).withName("tpacket3_hdr");
    public static final long TP3_NEXT_OFFSET_OFFSET = TPACKET3_HDR.byteOffset(groupElement("tp_next_offset"));
    public static final long TP3_SNAPLEN_OFFSET = TPACKET3_HDR.byteOffset(groupElement("tp_snaplen"));
    public static final long TP3_LEN_OFFSET = TPACKET3_HDR.byteOffset(groupElement("tp_len"));
    public static final long TP3_STATUS_OFFSET = TPACKET3_HDR.byteOffset(groupElement("tp_status"));
    public static final long TP3_MAC_OFFSET = TPACKET3_HDR.byteOffset(groupElement("tp_mac"));
    public static final long TP3_NET_OFFSET = TPACKET3_HDR.byteOffset(groupElement("tp_net"));
    public static final long TP3_VLAN_TCI_OFFSET =
        TPACKET3_HDR.byteOffset(groupElement("hv1"), groupElement("tp_vlan_tci"));
    public static final long TP3_VLAN_TPID_OFFSET =
        TPACKET3_HDR.byteOffset(groupElement("hv1"), groupElement("tp_vlan_tpid"));
    /** {@code TPACKET_ALIGN(sizeof(struct tpacket3_hdr))}: where sockaddr_ll follows an RX header. */
    public static final long TPACKET3_HDR_ALIGNED = tpacketAlign(TPACKET3_HDR.byteSize());
    /** {@code TPACKET3_HDRLEN}: header plus the sockaddr_ll the kernel writes after it. */
    public static final long TPACKET3_HDRLEN = TPACKET3_HDR_ALIGNED + SOCKADDR_LL.byteSize();
    /** Where a TX frame's data starts: {@code TPACKET3_HDRLEN - sizeof(struct sockaddr_ll)}. */
    public static final long TPACKET3_TX_DATA_OFFSET = TPACKET3_HDRLEN - SOCKADDR_LL.byteSize();

    /** {@code struct tpacket2_hdr} (32 bytes). */
    public static final StructLayout TPACKET2_HDR = MemoryLayout.structLayout(
        JAVA_INT.withName("tp_status"),
        JAVA_INT.withName("tp_len"),
        JAVA_INT.withName("tp_snaplen"),
        JAVA_SHORT.withName("tp_mac"),
        JAVA_SHORT.withName("tp_net"),
        JAVA_INT.withName("tp_sec"),
        JAVA_INT.withName("tp_nsec"),
        JAVA_SHORT.withName("tp_vlan_tci"),
        JAVA_SHORT.withName("tp_vlan_tpid"),
        MemoryLayout.sequenceLayout(4, JAVA_BYTE).withName("tp_padding")).withName("tpacket2_hdr");
    public static final long TP2_STATUS_OFFSET = TPACKET2_HDR.byteOffset(groupElement("tp_status"));
    public static final long TP2_LEN_OFFSET = TPACKET2_HDR.byteOffset(groupElement("tp_len"));
    public static final long TP2_SNAPLEN_OFFSET = TPACKET2_HDR.byteOffset(groupElement("tp_snaplen"));
    public static final long TP2_MAC_OFFSET = TPACKET2_HDR.byteOffset(groupElement("tp_mac"));
    public static final long TP2_VLAN_TCI_OFFSET = TPACKET2_HDR.byteOffset(groupElement("tp_vlan_tci"));
    public static final long TP2_VLAN_TPID_OFFSET = TPACKET2_HDR.byteOffset(groupElement("tp_vlan_tpid"));
    /** {@code TPACKET_ALIGN(sizeof(struct tpacket2_hdr))}: where sockaddr_ll follows a V2 header. */
    public static final long TPACKET2_HDR_ALIGNED = tpacketAlign(TPACKET2_HDR.byteSize());
    /** {@code TPACKET2_HDRLEN}: header plus sockaddr_ll. */
    public static final long TPACKET2_HDRLEN = TPACKET2_HDR_ALIGNED + SOCKADDR_LL.byteSize();
    /** Where a V2 TX frame's data starts: {@code TPACKET2_HDRLEN - sizeof(struct sockaddr_ll)}. */
    public static final long TPACKET2_TX_DATA_OFFSET = TPACKET2_HDRLEN - SOCKADDR_LL.byteSize();

    /** {@code struct packet_mreq} (16 bytes). */
    public static final StructLayout PACKET_MREQ = MemoryLayout.structLayout(
        JAVA_INT.withName("mr_ifindex"),
        JAVA_SHORT.withName("mr_type"),
        JAVA_SHORT.withName("mr_alen"),
        MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("mr_address")).withName("packet_mreq");
    public static final long MR_IFINDEX_OFFSET = PACKET_MREQ.byteOffset(groupElement("mr_ifindex"));
    public static final long MR_TYPE_OFFSET = PACKET_MREQ.byteOffset(groupElement("mr_type"));

    /** {@code struct tpacket_stats_v3} (12 bytes); reading it resets the kernel's counters. */
    public static final StructLayout TPACKET_STATS_V3 = MemoryLayout.structLayout(
        JAVA_INT.withName("tp_packets"),
        JAVA_INT.withName("tp_drops"),
        JAVA_INT.withName("tp_freeze_q_cnt")).withName("tpacket_stats_v3");
    public static final long STATS_PACKETS_OFFSET = TPACKET_STATS_V3.byteOffset(groupElement("tp_packets"));
    public static final long STATS_DROPS_OFFSET = TPACKET_STATS_V3.byteOffset(groupElement("tp_drops"));

    private LinuxIfPacket()
    {
    }

    /** {@code TPACKET_ALIGN}: rounds up to 16 bytes. */
    public static long tpacketAlign(final long value)
    {
        return (value + TPACKET_ALIGNMENT - 1) & -TPACKET_ALIGNMENT;
    }
}
