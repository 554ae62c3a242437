/** Crash torture and hostile input through the real command line, in child processes. */
package dev.ratchet.cli.reliability;
