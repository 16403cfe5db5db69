/** vswitch conntrack module. */
package net.vswitch.logic.conntrack;
