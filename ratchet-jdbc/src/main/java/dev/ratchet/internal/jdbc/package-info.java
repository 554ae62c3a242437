/**
 * SQL, migrations, leases and transactions shared by the PostgreSQL and SQLite stores. Not API.
 * Depends on core's public packages and JDBC.
 */
package dev.ratchet.internal.jdbc;
