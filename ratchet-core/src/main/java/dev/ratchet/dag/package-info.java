/**
 * The DAG executor's public API: graphs, tasks and their context, results and listeners ({@link
 * dev.ratchet.dag.CheckpointExecutor}). Depends on {@code dev.ratchet} and {@code
 * dev.ratchet.store}; its implementation lives in {@code dev.ratchet.internal.dag}.
 */
package dev.ratchet.dag;
