/**
 * Internals of the command line, not an API: child processes in their own process groups, the
 * watchdog that kills them when the runner dies, and bounded reading of their output.
 */
package dev.ratchet.cli.internal;
