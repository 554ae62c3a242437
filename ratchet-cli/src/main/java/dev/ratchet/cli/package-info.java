/**
 * The {@code ratchet} command: the picocli root, the small commands and the error and exit-code
 * mapping. Only {@link dev.ratchet.cli.Main} calls {@code System.exit}. Depends on every library
 * module's public packages and picocli; no library depends on it.
 */
package dev.ratchet.cli;
