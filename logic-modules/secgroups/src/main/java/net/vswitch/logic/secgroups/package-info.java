/** vswitch secgroups module. */
package net.vswitch.logic.secgroups;
