package dev.ratchet.items;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Where the results of DONE items go. A sink is an immutable description; each run opens one {@link
 * Writer}.
 *
 * <p>Exactly-once output: {@link Writer#write} makes the outputs durable and returns positions
 * (such as a file's length) that Ratchet commits in the same atomic commit as the items they hold.
 * When the next run opens the writer it receives the committed positions and first cuts the output
 * back to them, so output written after the last commit (by a run that crashed) is dropped and
 * written again. A sink that returns no positions gets at-least-once delivery.
 */
public interface ItemSink<I, R> {

  /**
   * Checks, before anything is written, that the sink can be used.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  default void check() {}

  /**
   * What identifies the sink's target (for a file: its canonical path). Recorded in a new
   * checkpoint; a checkpoint that records another value is refused, so one checkpoint never cuts
   * back or appends to an output that is not its own. Empty (the default) records nothing.
   */
  default Map<String, String> owner() {
    return Map.of();
  }

  /**
   * Opens the sink for a run.
   *
   * @param committed positions from the checkpoint; empty for a new checkpoint
   */
  Writer<I, R> open(Map<String, Long> committed) throws IOException;

  /** Writes the outputs of one run. Called from one thread only (the run's committer). */
  interface Writer<I, R> extends AutoCloseable {

    /**
     * Writes the DONE items of one batch, in input order, and makes them durable.
     *
     * @return positions to commit together with these items (may be empty)
     */
    Map<String, Long> write(List<ItemOutput<I, R>> outputs) throws IOException;

    /**
     * Called once when the run succeeded fully (every item DONE or SKIPPED), before the checkpoint
     * is removed. May run again if the process dies before removal, so it must be repeatable.
     */
    default void complete() throws IOException {}

    @Override
    void close() throws IOException;
  }
}
