/**
 * The connection tracker: a library the {@code secgroups} logic, the OpenFlow {@code ct()} action and
 * SoftFlow's conntrack action share. {@link net.vswitch.logic.conntrack.ConnectionTracker} is the entry
 * point; {@link net.vswitch.logic.conntrack.CtState} holds Open vSwitch's {@code ct_state} bits and
 * {@link net.vswitch.logic.conntrack.ConntrackConfig} the timeouts and limits. See {@code docs/conntrack.md}.
 */
package net.vswitch.logic.conntrack;
