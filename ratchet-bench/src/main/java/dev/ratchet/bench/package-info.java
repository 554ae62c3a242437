/**
 * The benchmark harness: suites, measurements, targets and the report that writes BENCHMARKS.md.
 * Not shipped in any library; may depend on every module and on the peers it measures against.
 */
package dev.ratchet.bench;
