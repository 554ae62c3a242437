package dev.ratchet.cli.process;

import dev.ratchet.cli.internal.ProcessGroups;
import dev.ratchet.items.ExactText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One running {@code --exec-stream} command: {@code sh -c COMMAND} in a process group of its own,
 * fed one item a line on standard input, answering one result line per item on standard output. A
 * reader thread turns its standard output into lines (each at most {@code maxResultBytes}); the
 * calling worker waits for the next one, interruptibly, so a timeout or a stop can kill the group.
 *
 * <p>Used by one worker at a time; {@link #kill} may come from any thread.
 */
final class Coprocess {
  /**
   * What the reader thread saw in one read: the complete lines it held, the end of the output, or a
   * line over the limit.
   */
  private record Answer(List<byte[]> lines, boolean end, boolean tooLarge) {}

  private static final Answer END = new Answer(List.of(), true, false);
  private static final Answer TOO_LARGE = new Answer(List.of(), false, true);

  /**
   * Linux's pipe capacity. The pipe is empty when an item is sent (the command answered the one
   * before), so a line this long never blocks the writer.
   */
  private static final int PIPE_CAPACITY = 64 * 1024;

  private final ProcessGroups groups;
  private final Process process;
  private final OutputStream stdin;
  private final StderrTail stderr = new StderrTail(ExecCommand.STDERR_TAIL_BYTES);
  private final Thread stderrReader;
  private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
  private final long maxResultBytes;
  private final Deque<String> owed = new ArrayDeque<>();
  private final Deque<Integer> owedLengths = new ArrayDeque<>();
  private final Deque<byte[]> ready = new ArrayDeque<>();
  private long owedBytes;
  private boolean inputClosed;

  private Coprocess(ProcessGroups groups, Process process, long maxResultBytes) {
    this.groups = groups;
    this.process = process;
    this.stdin = process.getOutputStream();
    this.maxResultBytes = maxResultBytes;
    this.stderrReader = daemon("ratchet-stream-err", () -> stderr.drain(process.getErrorStream()));
  }

  /** Starts {@code command} and the two threads that drain its output. */
  static Coprocess start(ProcessGroups groups, String command, long maxResultBytes) {
    ProcessBuilder builder = new ProcessBuilder("sh", "-c", command);
    builder.environment().put("RATCHET_STREAM", "1");
    Process process;
    try {
      process = groups.start(builder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start sh to run --exec-stream: " + e.getMessage(), e);
    }
    Coprocess co = new Coprocess(groups, process, maxResultBytes);
    daemon("ratchet-stream-out", co::readAnswers).start();
    co.stderrReader.start();
    return co;
  }

  /**
   * Sends one item, to be answered after the items sent before it. Only the first item in flight
   * may be longer than {@link #fitsAhead} allows. Behind other items, an item the command can no
   * longer read is not sent (nor any after it): {@link #owed} says what was.
   *
   * @throws ExecFailedException the command stopped reading its standard input
   * @throws ProtocolException the command printed a line nobody asked for
   */
  void send(String item, byte[] bytes) throws ExecFailedException, InterruptedException {
    if (inputClosed) {
      if (!owed.isEmpty()) {
        return;
      }
      throw exited("stopped reading its standard input");
    }
    if (owed.isEmpty() && (!ready.isEmpty() || unasked())) {
      throw new ProtocolException(
          "the --exec-stream command printed a line nobody asked for (more than one line for an"
              + " earlier item); it must print exactly one line per item it reads, anything else"
              + " to standard error");
    }
    byte[] line = Arrays.copyOf(bytes, bytes.length + 1);
    line[bytes.length] = '\n';
    if (line.length <= PIPE_CAPACITY - owedBytes) {
      try {
        send(line);
      } catch (IOException e) {
        inputClosed = true;
        if (!owed.isEmpty()) {
          // It ended or closed its input after the items before: those may still be answered, and
          // the next item that waits on it learns how it ended. This item goes to a fresh one.
          return;
        }
        throw exited("stopped reading its standard input");
      }
    } else {
      // A command that does not read could block this write for good, and a blocked write ignores
      // interrupts: only a thread of its own keeps a timeout or a stop able to end the item.
      daemon("ratchet-stream-in", () -> sendQuietly(line)).start();
    }
    owed.add(item);
    owedLengths.add(line.length);
    owedBytes += line.length;
  }

  /**
   * Whether an item of {@code bytes} can be sent behind those in flight without a write that could
   * block: the items not answered yet are all the command may have left unread in the pipe.
   */
  boolean fitsAhead(byte[] bytes) {
    return owedBytes + bytes.length + 1 <= PIPE_CAPACITY / 2;
  }

  /** The items sent and not answered yet, oldest first. */
  Deque<String> owed() {
    return owed;
  }

  /** Whether the command can take items: it runs and its output has not ended. */
  boolean usable() {
    Answer next = answers.peek();
    return !inputClosed && process.isAlive() && (next == null || !next.end());
  }

  /** Whether the output holds lines (not its end) that no item was sent for. */
  private boolean unasked() {
    Answer next = answers.peek();
    return next != null && !next.end();
  }

  /**
   * Waits for the answer to the oldest item in flight and returns it. Answers are matched to items
   * by order; lines that come in one read for one item alone are two answers for one item.
   *
   * @throws ExecFailedException the command exited (or closed its output) before answering
   * @throws ResultTooLargeException the answer was longer than the limit (the command is killed)
   * @throws ProtocolException the command printed more lines than it was sent items
   * @throws InterruptedException a timeout or a stop (the caller kills the command)
   */
  String next()
      throws ExecFailedException,
          ResultTooLargeException,
          ResultNotTextException,
          InterruptedException {
    while (ready.isEmpty()) {
      Answer answer = answers.take();
      if (answer.tooLarge()) {
        throw new ResultTooLargeException(maxResultBytes);
      }
      if (answer.end()) {
        answers.add(answer);
        throw exited("ended before answering this item");
      }
      if (answer.lines().size() > owed.size()) {
        throw new ProtocolException(
            "the --exec-stream command printed "
                + answer.lines().size()
                + (owed.size() == 1
                    ? " lines for this item"
                    : " lines for " + owed.size() + " items")
                + "; it must print exactly one line per item it reads, anything else to standard"
                + " error");
      }
      ready.addAll(answer.lines());
    }
    byte[] result = ready.poll();
    owed.poll();
    owedBytes -= owedLengths.poll();
    int invalid = ExactText.firstInvalidByte(result);
    if (invalid >= 0) {
      throw new ResultNotTextException(invalid, result[invalid] & 0xff);
    }
    return new String(result, StandardCharsets.UTF_8);
  }

  private void send(byte[] line) throws IOException {
    stdin.write(line);
    stdin.flush();
  }

  private void sendQuietly(byte[] line) {
    try {
      send(line);
    } catch (IOException e) {
      // the command is gone or killed; the waiting worker learns it from its output's end
    }
  }

  /** Closes the command's standard input: a well-behaved command ends at the end of its input. */
  void endInput() {
    try {
      stdin.close();
    } catch (IOException e) {
      // already gone
    }
  }

  /** Waits until {@code deadline} (a {@link System#nanoTime} value) for the command to exit. */
  void awaitExit(long deadline) {
    try {
      process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Kills the command's whole process group. */
  void kill() {
    groups.kill(process);
  }

  boolean alive() {
    return process.isAlive();
  }

  private ExecFailedException exited(String what) throws InterruptedException {
    kill();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      return new ExecFailedException(-1, "the --exec-stream command " + what);
    }
    // the group is dead, so standard error ends soon: wait for its last words
    stderrReader.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
    return new ExecFailedException(
        process.exitValue(), ("the --exec-stream command " + what + ". " + stderr.text()).strip());
  }

  /**
   * Turns standard output into answers: the complete lines of one read go together, so two lines
   * written at once for one item are seen as such, never as the next item's result.
   */
  private void readAnswers() {
    try (InputStream in = process.getInputStream()) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = in.read(buf)) >= 0) {
        List<byte[]> lines = new ArrayList<>(1);
        int start = 0;
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            line.write(buf, start, i - start);
            lines.add(withoutCarriageReturn(line.toByteArray()));
            line.reset();
            start = i + 1;
          }
        }
        line.write(buf, start, n - start);
        if (lines.stream().anyMatch(l -> l.length > maxResultBytes)
            || line.size() > maxResultBytes) {
          kill();
          answers.add(TOO_LARGE);
          return;
        }
        if (!lines.isEmpty()) {
          answers.add(new Answer(lines, false, false));
        }
      }
    } catch (IOException e) {
      // killed or gone: the end below tells the waiting worker
    }
    answers.add(END);
  }

  private static byte[] withoutCarriageReturn(byte[] line) {
    int n = line.length;
    if (n > 0 && line[n - 1] == '\r') {
      byte[] cut = new byte[n - 1];
      System.arraycopy(line, 0, cut, 0, n - 1);
      return cut;
    }
    return line;
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    return t;
  }

  /** The command broke the one-line-per-item protocol; the item fails and the command restarts. */
  static final class ProtocolException extends RuntimeException {
    ProtocolException(String message) {
      super(message);
    }

    @Override
    public String toString() {
      return getMessage();
    }
  }
}
