/**
 * Core's store SPI ({@link dev.ratchet.store.CheckpointStore}, commits and changes; {@link
 * dev.ratchet.store.SharedRun} and {@link dev.ratchet.store.CooperativeWorker} for runs that many
 * worker processes share through a server), the registry of stores found by URL ({@link
 * dev.ratchet.store.Stores}, {@link dev.ratchet.store.StoreProvider}) and the embedded journal file
 * store ({@link dev.ratchet.store.FileStore}). Other stores implement this SPI from their own
 * packages. Depends on {@code dev.ratchet} and {@code dev.ratchet.internal.store}.
 */
package dev.ratchet.store;
