/**
 * Ratchet-side rigs for the harness: child processes that crash or resume, probes and the
 * PostgreSQL claim-and-commit benchmark.
 */
package dev.ratchet.bench.ratchet;
