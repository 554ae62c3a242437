package dev.ratchet.items;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A snapshot of a run's progress, taken at each checkpoint.
 *
 * @param done items DONE in the checkpoint, including earlier runs
 * @param failed items FAILED in the checkpoint
 * @param skipped items SKIPPED in the checkpoint
 * @param total how many items the input has, when known
 * @param processedThisRun items this run finished (DONE, FAILED or SKIPPED)
 * @param itemsPerSecond this run's rate
 * @param eta the estimated time left, when the total is known and the rate is not zero
 * @param elapsed time since this run started
 */
public record Progress(
    long done,
    long failed,
    long skipped,
    OptionalLong total,
    long processedThisRun,
    double itemsPerSecond,
    Optional<Duration> eta,
    Duration elapsed) {}
