/**
 * The Spring Batch peer: the same job as Ratchet's, on H2 and PostgreSQL, with a crash child and an
 * output check.
 */
package dev.ratchet.bench.springbatch;
