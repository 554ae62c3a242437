/**
 * The journal file store's implementation: record framing, scanning and torn-tail recovery, group
 * commit, snapshots, locks and the file-system seam the power-loss tests replace. Not API: may
 * change in any release. Depends on {@code dev.ratchet} and {@code dev.ratchet.store}.
 */
package dev.ratchet.internal.store;
