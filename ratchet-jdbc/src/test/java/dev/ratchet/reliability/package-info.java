/** Reliability tests of the JDBC stores: secrets are never printed. */
package dev.ratchet.reliability;
