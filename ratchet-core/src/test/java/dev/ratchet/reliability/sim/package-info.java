/**
 * A simulated file system that loses, tears and reorders unsynced writes, behind the store's file
 * seam.
 */
package dev.ratchet.reliability.sim;
