/**
 * Operations commands and formats: {@code gc}, status in Prometheus text, duration parsing. Depends
 * on {@code dev.ratchet.cli} and core's public packages.
 */
package dev.ratchet.cli.ops;
