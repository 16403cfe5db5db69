/*
 * vswitch DPDK shim: exported, batch-sized wrappers around the DPDK calls that are static inline
 * in the headers (rte_eth_rx_burst, rte_eth_tx_burst, rte_pktmbuf_alloc_bulk, rte_pktmbuf_mtod,
 * rte_errno) so Java can reach them through the FFM API. Nothing else lives here: every exported
 * DPDK function is bound directly from Java (net.vswitch.natives.dpdk).
 *
 * Built by native-bindings/pom.xml with: gcc -O3 -shared -fPIC $(pkg-config --cflags --libs libdpdk)
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_memcpy.h>
#include <rte_version.h>

#define VS_EXPORT __attribute__((visibility("default")))

/* Set in vs_rx_burst's out_len for a frame spread over several mbufs that could not be linearized. */
#define VS_RX_CHAINED 0x80000000u

/** rte_errno of the calling thread (a per-lcore TLS variable, unreachable from Java directly). */
VS_EXPORT int vs_errno(void)
{
    return rte_errno;
}

/** DPDK's version string, e.g. "DPDK 22.11.11" (rte_version is inline in some releases). */
VS_EXPORT const char *vs_version(void)
{
    return rte_version();
}

/**
 * Receives up to n frames from one queue. For each frame i: mbufs[i] is the mbuf to free later,
 * out_addr[i] the address of its first byte, out_len[i] its length, out_room[i] the bytes the
 * buffer has from out_addr[i] (length + tailroom). A multi-segment frame is linearized when its
 * first buffer has room; otherwise out_len[i] = pkt_len | VS_RX_CHAINED.
 *
 * @return frames received (0..n)
 */
VS_EXPORT uint16_t vs_rx_burst(const uint16_t port, const uint16_t queue, struct rte_mbuf **mbufs, const uint16_t n,
    uint64_t *out_addr, uint32_t *out_len, uint32_t *out_room)
{
    uint16_t got = 0;
    while (got < n)
    {
        const uint16_t more = rte_eth_rx_burst(port, queue, mbufs + got, (uint16_t)(n - got));
        if (more == 0)
        {
            break;
        }
        got += more;
    }
    for (uint16_t i = 0; i < got; i++)
    {
        struct rte_mbuf *m = mbufs[i];
        if (i + 1 < got)
        {
            rte_prefetch0(rte_pktmbuf_mtod(mbufs[i + 1], void *));
        }
        uint32_t len = m->data_len;
        if (unlikely(m->nb_segs > 1))
        {
            len = rte_pktmbuf_linearize(m) == 0 ? m->data_len : (m->pkt_len | VS_RX_CHAINED);
        }
        out_addr[i] = (uint64_t)(uintptr_t)rte_pktmbuf_mtod(m, void *);
        out_len[i] = len;
        out_room[i] = (uint32_t)m->data_len + rte_pktmbuf_tailroom(m);
    }
    return got;
}

/** Gives n received mbufs back to their pools. */
VS_EXPORT void vs_free_bulk(struct rte_mbuf **mbufs, const uint32_t n)
{
    rte_pktmbuf_free_bulk(mbufs, n);
}

static uint16_t alloc_some(struct rte_mempool *pool, struct rte_mbuf **mbufs, const uint16_t n)
{
    if (likely(rte_pktmbuf_alloc_bulk(pool, mbufs, n) == 0))
    {
        return n;
    }
    /* the bulk call is all-or-nothing: take what the pool still has */
    uint16_t got = 0;
    while (got < n && (mbufs[got] = rte_pktmbuf_alloc(pool)) != NULL)
    {
        got++;
    }
    return got;
}

#define VS_TX_CHUNK 256

static uint16_t tx_copy_chunk(const uint16_t port, const uint16_t queue, struct rte_mempool *pool,
    const uint64_t *src_addr, const uint32_t *len, const uint16_t n, const uint32_t retries)
{
    struct rte_mbuf *mbufs[VS_TX_CHUNK];
    const uint16_t allocated = alloc_some(pool, mbufs, n);
    uint16_t ready = 0;
    for (uint16_t i = 0; i < allocated; i++)
    {
        struct rte_mbuf *m = mbufs[ready];
        const uint32_t length = len[i];
        if (unlikely(length == 0 || length > rte_pktmbuf_tailroom(m)))
        {
            continue; /* this mbuf takes the next frame; it is freed below if left over */
        }
        rte_memcpy(rte_pktmbuf_mtod(m, void *), (const void *)(uintptr_t)src_addr[i], length);
        m->data_len = (uint16_t)length;
        m->pkt_len = length;
        ready++;
    }
    uint16_t sent = 0;
    uint32_t tries = 0;
    while (sent < ready)
    {
        sent += rte_eth_tx_burst(port, queue, mbufs + sent, (uint16_t)(ready - sent));
        if (sent == ready || tries++ >= retries)
        {
            break;
        }
    }
    if (sent < allocated)
    {
        rte_pktmbuf_free_bulk(mbufs + sent, allocated - sent);
    }
    return sent;
}

/**
 * Copies n frames (src_addr[i], len[i]) into fresh mbufs from pool and sends them on one queue,
 * retrying a short send up to retries times. Frames that do not fit an mbuf, find no mbuf or are
 * still unsent after the retries are freed: the caller counts n - result as dropped.
 *
 * @return frames the device accepted
 */
VS_EXPORT uint16_t vs_tx_copy_burst(const uint16_t port, const uint16_t queue, struct rte_mempool *pool,
    const uint64_t *src_addr, const uint32_t *len, const uint16_t n, const uint32_t retries)
{
    uint16_t sent = 0;
    for (uint16_t done = 0; done < n;)
    {
        const uint16_t chunk = (uint16_t)(n - done < VS_TX_CHUNK ? n - done : VS_TX_CHUNK);
        sent += tx_copy_chunk(port, queue, pool, src_addr + done, len + done, chunk, retries);
        done += chunk;
    }
    return sent;
}

/**
 * Sizes of the structs Java lays out by hand, for a test that the Java layouts match the headers
 * the shim was compiled against: dev_info, stats, link, xstat, xstat_name, eth_conf.
 */
VS_EXPORT void vs_abi_sizes(uint64_t out[6])
{
    out[0] = sizeof(struct rte_eth_dev_info);
    out[1] = sizeof(struct rte_eth_stats);
    out[2] = sizeof(struct rte_eth_link);
    out[3] = sizeof(struct rte_eth_xstat);
    out[4] = sizeof(struct rte_eth_xstat_name);
    out[5] = sizeof(struct rte_eth_conf);
}

/** One size or offset the Java bindings lay out by hand, as the headers the shim was compiled with say. */
struct vs_abi_entry
{
    const char *name; /* "STRUCT" for its sizeof, "STRUCT.FIELD" (FIELD as the Java layout names it) */
    uint64_t value;
};

#define VS_SIZE(s) { #s, sizeof(struct s) }
#define VS_OFFSET(s, name, member) { #s "." #name, offsetof(struct s, member) }

static const struct vs_abi_entry vs_abi_table[] = {
    VS_SIZE(rte_eth_dev_info),
    VS_OFFSET(rte_eth_dev_info, device, device),
    VS_OFFSET(rte_eth_dev_info, driver_name, driver_name),
    VS_OFFSET(rte_eth_dev_info, if_index, if_index),
    VS_OFFSET(rte_eth_dev_info, min_mtu, min_mtu),
    VS_OFFSET(rte_eth_dev_info, max_mtu, max_mtu),
    VS_OFFSET(rte_eth_dev_info, dev_flags, dev_flags),
    VS_OFFSET(rte_eth_dev_info, min_rx_bufsize, min_rx_bufsize),
    VS_OFFSET(rte_eth_dev_info, max_rx_pktlen, max_rx_pktlen),
    VS_OFFSET(rte_eth_dev_info, max_lro_pkt_size, max_lro_pkt_size),
    VS_OFFSET(rte_eth_dev_info, max_rx_queues, max_rx_queues),
    VS_OFFSET(rte_eth_dev_info, max_tx_queues, max_tx_queues),
    VS_OFFSET(rte_eth_dev_info, max_mac_addrs, max_mac_addrs),
    VS_OFFSET(rte_eth_dev_info, rx_offload_capa, rx_offload_capa),
    VS_OFFSET(rte_eth_dev_info, tx_offload_capa, tx_offload_capa),
    VS_OFFSET(rte_eth_dev_info, rx_desc_lim, rx_desc_lim),
    VS_OFFSET(rte_eth_dev_info, tx_desc_lim, tx_desc_lim),
    VS_OFFSET(rte_eth_dev_info, speed_capa, speed_capa),
    VS_OFFSET(rte_eth_dev_info, nb_rx_queues, nb_rx_queues),
    VS_OFFSET(rte_eth_dev_info, nb_tx_queues, nb_tx_queues),
    VS_SIZE(rte_eth_stats),
    VS_OFFSET(rte_eth_stats, ipackets, ipackets),
    VS_OFFSET(rte_eth_stats, opackets, opackets),
    VS_OFFSET(rte_eth_stats, ibytes, ibytes),
    VS_OFFSET(rte_eth_stats, obytes, obytes),
    VS_OFFSET(rte_eth_stats, imissed, imissed),
    VS_OFFSET(rte_eth_stats, ierrors, ierrors),
    VS_OFFSET(rte_eth_stats, oerrors, oerrors),
    VS_OFFSET(rte_eth_stats, rx_nombuf, rx_nombuf),
    VS_OFFSET(rte_eth_stats, q_ipackets, q_ipackets),
    VS_OFFSET(rte_eth_stats, q_opackets, q_opackets),
    VS_OFFSET(rte_eth_stats, q_ibytes, q_ibytes),
    VS_OFFSET(rte_eth_stats, q_obytes, q_obytes),
    VS_OFFSET(rte_eth_stats, q_errors, q_errors),
    VS_SIZE(rte_eth_link),
    VS_OFFSET(rte_eth_link, link_speed, link_speed), /* the duplex/autoneg/status bits are bitfields */
    VS_SIZE(rte_eth_xstat),
    VS_OFFSET(rte_eth_xstat, id, id),
    VS_OFFSET(rte_eth_xstat, value, value),
    VS_SIZE(rte_eth_xstat_name),
    VS_OFFSET(rte_eth_xstat_name, name, name),
    VS_SIZE(rte_eth_conf),
    VS_OFFSET(rte_eth_conf, link_speeds, link_speeds),
    VS_OFFSET(rte_eth_conf, lpbk_mode, lpbk_mode),
    VS_OFFSET(rte_eth_conf, rxmode_mq_mode, rxmode.mq_mode),
    VS_OFFSET(rte_eth_conf, rxmode_mtu, rxmode.mtu),
};

/**
 * The sizes and field offsets of every struct Java lays out by hand, for the check the bindings make
 * when they load (a DPDK whose headers differ is refused instead of read with wrong offsets).
 *
 * @param count set to the number of entries
 * @return the table, valid for the life of the library
 */
VS_EXPORT const struct vs_abi_entry *vs_abi(uint32_t *count)
{
    *count = (uint32_t)(sizeof(vs_abi_table) / sizeof(vs_abi_table[0]));
    return vs_abi_table;
}
