/**
 * {@code ratchet run} and {@code ratchet graph}: the pipeline file loader, shell steps, logs and
 * the listener that prints a run. Depends on {@code dev.ratchet.cli} and core's DAG API.
 */
package dev.ratchet.cli.run;
