/**
 * Helpers shared by every shape of work for stored results (the large-result warning). Not API.
 * Depends on the JDK and slf4j only.
 */
package dev.ratchet.internal.results;
