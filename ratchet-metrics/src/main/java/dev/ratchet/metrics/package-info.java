/**
 * Micrometer metrics for stores, pipelines and DAG runs ({@link
 * dev.ratchet.metrics.RatchetMetrics}). Depends on core's public packages and micrometer-core.
 */
package dev.ratchet.metrics;
