/**
 * The web dashboard ({@link dev.ratchet.ui.Dashboard}): runs under a root directory, live and past,
 * with their items, steps and history, and guarded repair actions. Depends on {@code
 * dev.ratchet.internal.ui} and core's public packages.
 */
package dev.ratchet.ui;
