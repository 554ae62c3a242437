package dev.ratchet.cli.process;

import dev.ratchet.cli.internal.ProcessGroups;
import dev.ratchet.items.ExactText;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code --exec-stream}: one long-lived user command per worker instead of one per item. The
 * command reads items on standard input, one a line (the line's bytes as they are in the input),
 * and prints exactly one result line per item, in order. An item is done only once its result line
 * came back and its batch was committed, as with {@code --exec}. When the command exits, closes its
 * output, answers with a line over {@code --max-result-bytes}, or the item times out, the command's
 * process group is killed, that item fails, and the next item starts a fresh command.
 *
 * <p>With {@code --stream-ahead N} above 1, a worker sends its command up to N items of its batch
 * before the first one's answer comes back, and matches answers to items by order: the items wait
 * in the pipe, not in a round trip each. Items the killed command had not answered are sent again
 * to the fresh one (they are not done, and only the oldest of them fails).
 *
 * <p>The commands of the workers are started ahead, on a thread of their own, as soon as this is
 * made: their start (a shell and an interpreter, often a tenth of a second or more) overlaps the
 * checkpoint's opening instead of following it. A worker takes one of them for its first item (one
 * that exited meanwhile is replaced by a fresh one, as any command that exits is); every command
 * started, taken or not, ends at {@link #close()}.
 *
 * <p>Thread-safe: each worker thread has its own command.
 */
public final class StreamExec implements ItemCommand {
  /** How long the commands may take to exit once their input ends. */
  static final long EXIT_GRACE_MILLIS = 2000;

  private final String command;
  private final long maxResultBytes;
  private final int ahead;
  private final ProcessGroups groups;
  private final Map<Thread, Coprocess> lanes = new ConcurrentHashMap<>();
  private final Set<Coprocess> running = ConcurrentHashMap.newKeySet();

  /**
   * Commands started ahead and not yet taken by a worker; guarded by itself, as are {@link
   * #promised} and {@link #closed}.
   */
  private final Deque<Coprocess> spare = new ArrayDeque<>();

  /** Commands the starting thread has yet to add to {@link #spare}. */
  private int promised;

  private boolean closed;

  /**
   * @param ahead the most items in flight to one command (1: each item waits for the one before)
   * @throws dev.ratchet.cli.UsageException if {@code setsid} is missing
   */
  public StreamExec(String command, long maxResultBytes, int ahead) {
    this(command, maxResultBytes, ahead, 0);
  }

  /**
   * As {@link #StreamExec(String, long, int)}, and starts {@code workers} commands ahead, one for
   * each worker thread.
   */
  public StreamExec(String command, long maxResultBytes, int ahead, int workers) {
    this.command = Objects.requireNonNull(command, "command");
    if (command.isBlank()) {
      throw new IllegalArgumentException("--exec-stream needs a command, was empty");
    }
    if (ahead < 1) {
      throw new IllegalArgumentException("--stream-ahead must be 1 or more, was " + ahead);
    }
    this.maxResultBytes = maxResultBytes;
    this.ahead = ahead;
    this.groups = ProcessGroups.shared();
    if (workers > 0) {
      promised = workers;
      Thread starter = new Thread(() -> startAhead(workers), "ratchet-stream-start");
      starter.setDaemon(true);
      starter.start();
    }
  }

  private void startAhead(int workers) {
    try {
      for (int i = 0; i < workers; i++) {
        Coprocess co = Coprocess.start(groups, command, maxResultBytes);
        synchronized (spare) {
          promised--;
          if (closed) {
            co.kill();
            return;
          }
          running.add(co);
          spare.add(co);
          spare.notifyAll();
        }
      }
    } catch (RuntimeException e) {
      // a worker's own start of the command reports it
    } finally {
      synchronized (spare) {
        promised = 0;
        spare.notifyAll();
      }
    }
  }

  /**
   * A command started ahead that still runs (waiting for one being started), or null when there is
   * none left; one that exited is ended.
   */
  private Coprocess takeSpare() throws InterruptedException {
    while (true) {
      Coprocess co;
      synchronized (spare) {
        while (spare.isEmpty() && promised > 0 && !closed) {
          spare.wait();
        }
        co = spare.poll();
      }
      if (co == null || co.usable()) {
        return co;
      }
      running.remove(co);
      co.kill();
    }
  }

  /**
   * Returns the result line of {@code item} from the calling thread's command (started if none),
   * after sending it the next {@code upcoming} items that fit. The key is not sent: the command is
   * shared by many items ({@code --exec} gives each its own).
   */
  @Override
  public String run(String item, String idempotencyKey, List<?> upcoming)
      throws ExecFailedException,
          ResultTooLargeException,
          ResultNotTextException,
          InterruptedException {
    if (item.indexOf('\n') >= 0) {
      throw new IllegalArgumentException(
          "the item holds a line break, which --exec-stream cannot send as one line; use --exec");
    }
    Thread thread = Thread.currentThread();
    Coprocess co = lanes.get(thread);
    boolean healthy = false;
    try {
      if (co != null && !(co.usable() && owesInOrder(co, item, upcoming))) {
        retire(thread, co);
        co = null;
      }
      if (co == null) {
        co = takeSpare();
        if (co == null) {
          co = Coprocess.start(groups, command, maxResultBytes);
          running.add(co);
        }
        lanes.put(thread, co);
      }
      if (co.owed().isEmpty()) {
        co.send(item, ExactText.bytes(item));
      }
      sendAhead(co, upcoming);
      String result = co.next();
      healthy = true;
      return result;
    } finally {
      if (!healthy && co != null) {
        retire(thread, co);
      }
    }
  }

  /**
   * Whether the items {@code co} owes answers for are {@code item} and then the first of {@code
   * upcoming}, in order (or none): anything else (a retry, a stop) leaves answers that would be
   * taken for the wrong items, and the command is replaced.
   */
  private static boolean owesInOrder(Coprocess co, String item, List<?> upcoming) {
    int i = -1;
    for (String owed : co.owed()) {
      Object expected = i < 0 ? item : i < upcoming.size() ? upcoming.get(i) : null;
      if (!owed.equals(expected)) {
        return false;
      }
      i++;
    }
    return true;
  }

  /** Sends the upcoming items that are not in flight yet, while the window has room. */
  private void sendAhead(Coprocess co, List<?> upcoming)
      throws ExecFailedException, InterruptedException {
    for (int i = co.owed().size() - 1; i < upcoming.size() && co.owed().size() < ahead; i++) {
      String next = (String) upcoming.get(i);
      if (next.indexOf('\n') >= 0) {
        return;
      }
      byte[] bytes = ExactText.bytes(next);
      if (!co.fitsAhead(bytes)) {
        return;
      }
      int before = co.owed().size();
      co.send(next, bytes);
      if (co.owed().size() == before) {
        return; // it no longer reads: a fresh command takes this item when its turn comes
      }
    }
  }

  private void retire(Thread thread, Coprocess co) {
    lanes.remove(thread, co);
    running.remove(co);
    co.kill();
  }

  /**
   * Ends every command: their standard input is closed, they get {@value #EXIT_GRACE_MILLIS} ms to
   * exit on their own, then their groups are killed (with anything they left running).
   */
  @Override
  public void close() {
    synchronized (spare) {
      closed = true;
      spare.clear();
      spare.notifyAll();
    }
    for (Coprocess co : running) {
      co.endInput();
    }
    long deadline = System.nanoTime() + EXIT_GRACE_MILLIS * 1_000_000L;
    for (Coprocess co : running) {
      co.awaitExit(deadline);
      co.kill();
    }
    running.clear();
    lanes.clear();
  }
}
