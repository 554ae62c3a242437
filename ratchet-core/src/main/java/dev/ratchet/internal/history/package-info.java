/**
 * The run history's files: writing records atomically, reading and walking them, retention. Not
 * API. Depends on {@code dev.ratchet.history}, {@code dev.ratchet.internal.store} (the file seam)
 * and Jackson.
 */
package dev.ratchet.internal.history;
