/**
 * Contract suites that every implementation of a core SPI must pass (for example {@link
 * dev.ratchet.testkit.CheckpointStoreContract}), for use from a store's own tests. Depends on
 * core's public packages, JUnit 5 and AssertJ.
 */
package dev.ratchet.testkit;
