package dev.ratchet.cli.process;

import dev.ratchet.RatchetException;
import dev.ratchet.cli.CheckpointAccess;
import dev.ratchet.cli.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * What a run checks about its output once it holds the output's lock, before anything is written:
 * an output that a finished run left is "already done" (or refused if the input or the output
 * changed since), an output of unknown origin is never overwritten without --fresh. At the end of a
 * successful run it records the finished run ({@link FinishedRun}).
 */
final class OutputGuard {
  private final ProcessSettings settings;
  private final WatchedInput input;
  private final BooleanSupplier checkpointExists;

  /**
   * @param checkpointExists whether there is a checkpoint to resume (in a store, not a directory)
   */
  OutputGuard(ProcessSettings settings, WatchedInput input, BooleanSupplier checkpointExists) {
    this.settings = settings;
    this.input = input;
    this.checkpointExists = checkpointExists;
  }

  /** For a checkpoint directory. */
  OutputGuard(ProcessSettings settings, WatchedInput input) {
    this(
        settings,
        input,
        // (a journal without its checkpoint.json: opening it reports the damage)
        () ->
            CheckpointAccess.exists(settings.checkpoint())
                || CheckpointAccess.holdsJournal(settings.checkpoint()));
  }

  /**
   * Checks the output before a run; returns the message to print if the same run already finished
   * (exit code 0, nothing to do), null if the run should go ahead.
   */
  String check() {
    Path output = settings.output();
    if (settings.fresh()) {
      FinishedRun.delete(output);
      return null;
    }
    if (checkpointExists.getAsBoolean()) {
      return null;
    }
    if (!nonEmpty(output)) {
      FinishedRun.delete(output);
      return null;
    }
    FinishedRun finished = FinishedRun.read(output);
    if (finished == null) {
      throw new UsageException(
          "output "
              + output
              + " already exists and there is no checkpoint at "
              + settings.checkpointName()
              + " to resume, nor a record of a run that finished it. Nothing was changed."
              + " To redo the work and overwrite it, add --fresh; to keep it, choose another"
              + " --output.");
    }
    String redo =
        " Nothing was changed. To redo every item and overwrite the output, add --fresh; to keep"
            + " it, choose another --output.";
    if (!finished.work().equals(FinishedRun.work(settings))) {
      throw new RatchetException(
          "output "
              + output
              + " was finished by another command ("
              + finished.work()
              + ", now "
              + FinishedRun.work(settings)
              + ")."
              + redo);
    }
    String now = input.inspect().fingerprint();
    if (!finished.input().equals(now)) {
      throw new RatchetException(
          "input "
              + settings.input()
              + " changed since the run that finished "
              + output
              + " at "
              + finished.finished()
              + " (it was "
              + finished.input()
              + ", now "
              + now
              + ")."
              + redo);
    }
    if (!finished.outputUnchanged(output)) {
      throw new RatchetException(
          "output "
              + output
              + " changed since the run that finished it at "
              + finished.finished()
              + " (it had "
              + finished.outputBytes()
              + " bytes, CRC32C "
              + finished.outputCrc()
              + ")."
              + redo);
    }
    return "Already done: every item of "
        + settings.input()
        + " is in "
        + output
        + " (finished at "
        + finished.finished()
        + "); nothing to do.";
  }

  /** At the end of a successful run, before its checkpoint is removed: input check. */
  void inputUnchanged(Path jsonLines) {
    input.requireUnchanged();
  }

  /** At the end of a successful run, once the output is final: the finished-run record. */
  void recordFinished(Path jsonLines) throws IOException {
    FinishedRun.of(input.inspect().fingerprint(), settings.output(), FinishedRun.work(settings))
        .write(settings.output());
  }

  /**
   * As {@link #recordFinished(Path)} when the output is the JSON-lines file itself, whose size and
   * CRC32C the sink knows (without reading the file back when the run wrote all of it).
   */
  void recordFinishedLines(Path jsonLines, long bytes, long crc32c) throws IOException {
    FinishedRun.of(input.inspect().fingerprint(), bytes, crc32c, FinishedRun.work(settings))
        .write(settings.output());
  }

  private static boolean nonEmpty(Path output) {
    try {
      return Files.exists(output) && Files.size(output) > 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
