/**
 * The baseline logics: {@code static} (mSwitch's fixed port map, {@link net.vswitch.logic.basic.StaticLogic})
 * and {@code hash-ip} (destination IPv4 hash, {@link net.vswitch.logic.basic.HashIpLogic}), with the
 * {@link net.vswitch.fabric.plugin.LogicProvider}s the daemon finds through {@link java.util.ServiceLoader}.
 */
package net.vswitch.logic.basic;
