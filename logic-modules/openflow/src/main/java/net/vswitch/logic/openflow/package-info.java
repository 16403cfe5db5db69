/**
 * The OpenFlow logic module: {@code match} (field table, flow key, matches), {@code action} (action SPI, resolved
 * programs, packet rewriting), {@code pipeline} (tables, tuple-space classifier, translation), {@code cache}
 * (exact-match cache, megaflows, per-port datapaths) and {@code control} (ovs-ofctl syntax, packet-in queue).
 */
package net.vswitch.logic.openflow;
