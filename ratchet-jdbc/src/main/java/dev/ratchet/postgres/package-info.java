/**
 * The PostgreSQL store and shared runs: {@link dev.ratchet.postgres.PostgresDatabase} opens a
 * database, gives single-writer stores and runs that many worker processes cooperate on through
 * leases and fencing ({@link dev.ratchet.postgres.PostgresRun}, core's {@link
 * dev.ratchet.store.SharedRun}). Depends on core's public packages, {@code
 * dev.ratchet.internal.jdbc}, the PostgreSQL driver and HikariCP.
 */
package dev.ratchet.postgres;
