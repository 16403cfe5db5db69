/** vswitch openflow module. */
package net.vswitch.logic.openflow;
