/**
 * The item pipeline's implementation: reading batches, processing them on workers, committing
 * outcomes and sink positions together, and resuming. Not API. Depends on the public core packages
 * and {@code dev.ratchet.internal.results}.
 */
package dev.ratchet.internal.items;
