/**
 * The item pipeline's public API: sources, processors, sinks, policies and the builder that runs
 * them resumably ({@link dev.ratchet.items.ItemPipeline}). Depends on {@code dev.ratchet} and
 * {@code dev.ratchet.store}; its implementation lives in {@code dev.ratchet.internal.items}.
 */
package dev.ratchet.items;
