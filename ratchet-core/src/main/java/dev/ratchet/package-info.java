/**
 * Ratchet's public root: the checkpoint list ({@link dev.ratchet.Checkpoints}), the vocabulary that
 * items and DAG nodes share (states, {@link dev.ratchet.RetryPolicy}, the sealed {@link
 * dev.ratchet.Outcome} and its {@link dev.ratchet.SkipCause}), and the one unchecked exception
 * family ({@link dev.ratchet.RatchetException} and its subclasses). Depends on the JDK and Jackson
 * only; the feature packages ({@code items}, {@code dag}, {@code store}) build on it.
 */
package dev.ratchet;
