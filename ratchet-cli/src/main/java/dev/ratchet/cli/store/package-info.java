/**
 * The {@code --store} options and the commands for database-backed runs (PostgreSQL, Redis).
 * Depends on {@code dev.ratchet.cli} and the public packages of the store modules.
 */
package dev.ratchet.cli.store;
