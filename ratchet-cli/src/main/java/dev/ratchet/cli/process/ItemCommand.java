package dev.ratchet.cli.process;

import java.util.List;

/** The user's command that computes an item's result: {@code --exec} or {@code --exec-stream}. */
interface ItemCommand extends AutoCloseable {
  /**
   * The result of one item, given its text, its idempotency key, and the items this thread runs
   * next in its batch (which a command may start on ahead).
   */
  String run(String item, String idempotencyKey, List<?> upcoming) throws Exception;

  @Override
  void close();

  /** The command of {@code settings}, or null for the built-in transform. */
  static ItemCommand of(ProcessSettings settings) {
    if (settings.exec() == null) {
      return null;
    }
    return settings.execStream()
        ? new StreamExec(
            settings.exec(), settings.maxResultBytes(), settings.streamAhead(), settings.workers())
        : new ExecCommand(settings.exec(), settings.maxResultBytes());
  }
}
