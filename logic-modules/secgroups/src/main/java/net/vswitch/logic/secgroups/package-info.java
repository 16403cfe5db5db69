/**
 * Security groups ({@code --logic secgroups}): OpenStack/EC2 semantics (VNToR §2.1) on the connection
 * tracker of {@code net.vswitch.logic.conntrack}. {@link net.vswitch.logic.secgroups.SecurityGroups} holds
 * groups, rules and members (the Java API and what the {@code secgroup} ctl words change);
 * {@link net.vswitch.logic.secgroups.SecurityGroupsLogic} enforces them; {@code Policy} is the immutable
 * compiled form the data path reads ({@code RuleSet}: rules indexed by family, protocol and port);
 * {@code SourceGuard} is anti-spoofing; {@code Access} the one allow/deny question asked of new and of
 * already tracked connections. See {@code docs/secgroups.md}.
 */
package net.vswitch.logic.secgroups;
