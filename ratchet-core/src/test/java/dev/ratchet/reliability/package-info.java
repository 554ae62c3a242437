/**
 * Reliability tests of core: power loss through the simulated file system, corruption, hostile
 * input, resource faults and real-file-system faults, with figures for RELIABILITY.md.
 */
package dev.ratchet.reliability;
