/**
 * Ratchet's public root: the checkpoint list ({@link dev.ratchet.Checkpoints}), item states, and
 * the one unchecked exception family ({@link dev.ratchet.RatchetException} and its subclasses).
 * Depends on the JDK and Jackson only; the feature packages ({@code items}, {@code dag}, {@code
 * store}) build on it.
 */
package dev.ratchet;
