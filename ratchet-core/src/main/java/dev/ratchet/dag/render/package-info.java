/**
 * Drawings of DAGs and of their runs ({@link dev.ratchet.dag.render.DagRenderer}): Graphviz DOT,
 * Mermaid flowcharts and Chrome trace-event JSON. Reads the public {@code dev.ratchet.dag} types
 * only, and the DAG executor's JSON mapper; depends on {@code dev.ratchet.dag}, {@code
 * dev.ratchet.internal.dag} and Jackson.
 */
package dev.ratchet.dag.render;
