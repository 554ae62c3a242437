/**
 * Contract suites that every implementation of a core SPI must pass ({@link
 * dev.ratchet.testkit.CheckpointStoreContract} for stores, {@link
 * dev.ratchet.testkit.SharedRunContract} for runs that many workers share), for use from a store's
 * own tests, and {@link dev.ratchet.testkit.TestServices}, which gives every PostgreSQL and Redis
 * test its server (the one named by a variable, the local one, or a real embedded one). Depends on
 * core's public packages, JUnit 5, AssertJ, the PostgreSQL driver and the embedded server
 * libraries.
 */
package dev.ratchet.testkit;
