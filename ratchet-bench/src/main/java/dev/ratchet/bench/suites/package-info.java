/**
 * One class per benchmark suite; each measures against its baseline in the same run and reports
 * figures for the targets.
 */
package dev.ratchet.bench.suites;
