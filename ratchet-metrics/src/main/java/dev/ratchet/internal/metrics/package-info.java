/**
 * The meters behind {@code dev.ratchet.metrics}: a metered store, a timed file system and the
 * listeners. Not API. Depends on core and micrometer-core.
 */
package dev.ratchet.internal.metrics;
