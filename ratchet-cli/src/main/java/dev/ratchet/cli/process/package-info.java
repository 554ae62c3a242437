/**
 * {@code ratchet process}: options, the {@code --exec} runner, the built-in transform, progress
 * display and the end summary. Depends on {@code dev.ratchet.cli} and core's public packages.
 */
package dev.ratchet.cli.process;
