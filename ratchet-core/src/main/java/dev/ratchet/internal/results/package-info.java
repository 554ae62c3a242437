/**
 * Helpers shared by every shape of work for stored results: the large-result warning and memoized
 * sub-steps ({@code ctx.step}) of items and DAG nodes alike. Not API. Depends on the JDK, Jackson,
 * slf4j and {@code dev.ratchet.store}.
 */
package dev.ratchet.internal.results;
