package dev.ratchet.cli.process;

import java.nio.file.Path;

/**
 * The validated options of one {@code ratchet process} run.
 *
 * @param exec the shell command per item, or null for the built-in transform
 * @param simulateCrashAfter halt after this many items without committing the open batch, or 0
 */
public record ProcessSettings(
    Path input,
    Path output,
    Path checkpoint,
    int batchSize,
    int workers,
    String exec,
    int retries,
    boolean failFast,
    boolean fresh,
    boolean keepCheckpoint,
    int simulateCrashAfter,
    OutputFormat format) {}
