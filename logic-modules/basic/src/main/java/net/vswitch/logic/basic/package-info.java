/** vswitch basic module. */
package net.vswitch.logic.basic;
