package dev.ratchet.cli.process;

import dev.ratchet.cli.internal.ProcessGroups;
import dev.ratchet.items.ExactText;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * {@code --exec-stream}: one long-lived user command per worker instead of one per item. The
 * command reads items on standard input, one a line (the line's bytes as they are in the input),
 * and prints exactly one result line per item, in order. An item is done only once its result line
 * came back and its batch was committed, as with {@code --exec}. When the command exits, closes its
 * output, answers with a line over {@code --max-result-bytes}, or the item times out, the command's
 * process group is killed, that item fails, and the next item starts a fresh command.
 *
 * <p>Thread-safe: each worker borrows an idle command (or starts one) for one item at a time.
 */
public final class StreamExec implements ItemCommand {
  /** How long the commands may take to exit once their input ends. */
  static final long EXIT_GRACE_MILLIS = 2000;

  private final String command;
  private final long maxResultBytes;
  private final ProcessGroups groups;
  private final ConcurrentLinkedQueue<Coprocess> idle = new ConcurrentLinkedQueue<>();
  private final Set<Coprocess> running = ConcurrentHashMap.newKeySet();

  /**
   * @throws dev.ratchet.cli.UsageException if {@code setsid} is missing
   */
  public StreamExec(String command, long maxResultBytes) {
    this.command = Objects.requireNonNull(command, "command");
    if (command.isBlank()) {
      throw new IllegalArgumentException("--exec-stream needs a command, was empty");
    }
    this.maxResultBytes = maxResultBytes;
    this.groups = ProcessGroups.shared();
  }

  /**
   * Sends one item to an idle command (started if none) and returns its result line. The key is not
   * sent: the command is shared by many items ({@code --exec} gives each its own).
   */
  @Override
  public String run(String item, String idempotencyKey)
      throws ExecFailedException,
          ResultTooLargeException,
          ResultNotTextException,
          InterruptedException {
    if (item.indexOf('\n') >= 0) {
      throw new IllegalArgumentException(
          "the item holds a line break, which --exec-stream cannot send as one line; use --exec");
    }
    Coprocess co = borrow();
    boolean healthy = false;
    try {
      String result = co.exchange(ExactText.bytes(item));
      healthy = true;
      return result;
    } finally {
      if (healthy) {
        idle.add(co);
      } else {
        running.remove(co);
        co.kill();
      }
    }
  }

  private Coprocess borrow() {
    Coprocess co;
    while ((co = idle.poll()) != null) {
      if (co.alive()) {
        return co;
      }
      running.remove(co);
      co.kill();
    }
    co = Coprocess.start(groups, command, maxResultBytes);
    running.add(co);
    return co;
  }

  /**
   * Ends every command: their standard input is closed, they get {@value #EXIT_GRACE_MILLIS} ms to
   * exit on their own, then their groups are killed (with anything they left running).
   */
  @Override
  public void close() {
    for (Coprocess co : running) {
      co.endInput();
    }
    long deadline = System.nanoTime() + EXIT_GRACE_MILLIS * 1_000_000L;
    for (Coprocess co : running) {
      co.awaitExit(deadline);
      co.kill();
    }
    running.clear();
    idle.clear();
  }
}
