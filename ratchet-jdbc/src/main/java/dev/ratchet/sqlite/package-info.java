/**
 * The SQLite store: one file, WAL mode, an OS lock while open. Depends on core's public packages,
 * {@code dev.ratchet.internal.jdbc} and sqlite-jdbc.
 */
package dev.ratchet.sqlite;
