/** JMH micro benchmarks run by the harness's JMH suite. */
package dev.ratchet.bench.jmh;
