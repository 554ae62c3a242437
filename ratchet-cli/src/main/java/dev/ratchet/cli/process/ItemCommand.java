package dev.ratchet.cli.process;

/** The user's command that computes an item's result: {@code --exec} or {@code --exec-stream}. */
interface ItemCommand extends AutoCloseable {
  /** The result of one item, given its text and idempotency key. */
  String run(String item, String idempotencyKey) throws Exception;

  @Override
  void close();

  /** The command of {@code settings}, or null for the built-in transform. */
  static ItemCommand of(ProcessSettings settings) {
    if (settings.exec() == null) {
      return null;
    }
    return settings.execStream()
        ? new StreamExec(settings.exec(), settings.maxResultBytes())
        : new ExecCommand(settings.exec(), settings.maxResultBytes());
  }
}
