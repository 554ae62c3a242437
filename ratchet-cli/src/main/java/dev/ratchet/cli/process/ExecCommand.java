package dev.ratchet.cli.process;

import dev.ratchet.cli.internal.BoundedOutput;
import dev.ratchet.cli.internal.ProcessGroups;
import dev.ratchet.items.ExactText;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a user's shell command for one item: {@code sh -c COMMAND} with the item's exact bytes and a
 * newline on standard input, its text in {@code RATCHET_ITEM}, and its idempotency key in {@code
 * RATCHET_KEY}. The item text is never part of the command line, so shell syntax inside it is only
 * text. An item over {@value #MAX_ENV_ITEM_BYTES} bytes, with a NUL byte or with bytes that are not
 * UTF-8 is not put in {@code RATCHET_ITEM} (a variable cannot hold it exactly; this is said once on
 * standard error). Standard output (without one trailing newline) is the result, and must be UTF-8
 * ({@link ResultNotTextException}); a non-zero exit is an {@link ExecFailedException} with the exit
 * code and the tail of standard error.
 *
 * <p>Thread-safe: any number of workers may call {@link #run} at once.
 */
public final class ExecCommand implements ItemCommand {
  /**
   * Items longer than this (in UTF-8 bytes) come only on standard input: Linux limits one
   * environment variable to 128 KiB, and a larger one would keep the command from starting.
   */
  public static final int MAX_ENV_ITEM_BYTES = 100_000;

  /** How much of the end of standard error a failure keeps. */
  static final int STDERR_TAIL_BYTES = 2000;

  /** The default of {@code --max-result-bytes}: 16 MiB. */
  public static final long DEFAULT_MAX_RESULT_BYTES = 16L * 1024 * 1024;

  private final String command;
  private final long maxResultBytes;
  private final ProcessGroups groups;
  private final Set<String> stdinOnlyNoted = ConcurrentHashMap.newKeySet();
  private final ExecutorService pipes =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "ratchet-exec-pipe");
            t.setDaemon(true);
            return t;
          });

  public ExecCommand(String command) {
    this(command, DEFAULT_MAX_RESULT_BYTES);
  }

  /**
   * @param maxResultBytes the most standard output an item may print; past it the item fails
   * @throws dev.ratchet.cli.UsageException if {@code setsid} is missing
   */
  public ExecCommand(String command, long maxResultBytes) {
    this.command = Objects.requireNonNull(command, "command");
    if (command.isBlank()) {
      throw new IllegalArgumentException("--exec needs a command, was empty");
    }
    if (maxResultBytes <= 0 || maxResultBytes >= Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("maxResultBytes out of range: " + maxResultBytes);
    }
    this.maxResultBytes = maxResultBytes;
    this.groups = ProcessGroups.shared();
  }

  public String command() {
    return command;
  }

  /** Runs the command for one item; a command per item has no use for the upcoming ones. */
  @Override
  public String run(String item, String idempotencyKey, List<?> upcoming)
      throws ExecFailedException,
          ResultTooLargeException,
          ResultNotTextException,
          InterruptedException {
    return run(item, idempotencyKey);
  }

  /**
   * Runs the command for one item in a process group of its own and returns its standard output.
   * When the command exits, whatever it left running in its group is killed (so a background child
   * holding standard output open cannot hang the item); so is the whole group when the calling
   * thread is interrupted (a timeout or a stop), which then throws {@link InterruptedException}.
   */
  public String run(String item, String idempotencyKey)
      throws ExecFailedException,
          ResultTooLargeException,
          ResultNotTextException,
          InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("sh", "-c", command);
    byte[] itemBytes = ExactText.bytes(item);
    String notInEnvironment = notInEnvironment(item, itemBytes);
    if (notInEnvironment == null) {
      builder.environment().put("RATCHET_ITEM", item);
    } else if (itemBytes.length <= MAX_ENV_ITEM_BYTES && stdinOnlyNoted.add(notInEnvironment)) {
      System.err.println(
          "ratchet: item "
              + idempotencyKey.substring(idempotencyKey.lastIndexOf(':') + 1)
              + " "
              + notInEnvironment
              + ": it reaches --exec on standard input only, exactly, and $RATCHET_ITEM is not set"
              + " for it (said once per run)");
    }
    builder.environment().put("RATCHET_KEY", idempotencyKey);
    Process process;
    try {
      process = groups.start(builder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start sh to run --exec: " + e.getMessage(), e);
    }
    boolean killed = false;
    try {
      Future<?> stdin = pipes.submit(() -> writeQuietly(process.getOutputStream(), itemBytes));
      StderrTail stderr = new StderrTail(STDERR_TAIL_BYTES);
      Future<?> stderrDrained = pipes.submit(() -> stderr.drain(process.getErrorStream()));
      Future<BoundedOutput.Captured> stdout =
          pipes.submit(
              () ->
                  BoundedOutput.read(
                      process.getInputStream(), maxResultBytes, () -> groups.kill(process)));
      int exit = process.waitFor();
      groups.kill(process);
      killed = true;
      BoundedOutput.Captured out = stdout.get();
      stdin.get();
      stderrDrained.get();
      if (out.tooLarge()) {
        throw new ResultTooLargeException(maxResultBytes);
      }
      if (exit != 0) {
        throw new ExecFailedException(exit, stderr.text());
      }
      int invalid = ExactText.firstInvalidByte(out.bytes());
      if (invalid >= 0) {
        throw new ResultNotTextException(invalid, out.bytes()[invalid] & 0xff);
      }
      return stripOneNewline(new String(out.bytes(), StandardCharsets.UTF_8));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw new UncheckedIOException(
            "reading the output of --exec failed: " + io.getMessage(), io);
      }
      throw new IllegalStateException("--exec pipe failed", e.getCause());
    } finally {
      if (!killed) {
        groups.kill(process);
      }
    }
  }

  /**
   * Why an item cannot be put in an environment variable (too long, a NUL byte, bytes that are not
   * UTF-8, which Java would change), or null if it can.
   */
  static String notInEnvironment(String item, byte[] bytes) {
    if (bytes.length > MAX_ENV_ITEM_BYTES) {
      return "is over " + MAX_ENV_ITEM_BYTES + " bytes";
    }
    if (item.indexOf('\0') >= 0) {
      return "holds a NUL byte";
    }
    if (!ExactText.isUtf8(item)) {
      return "holds bytes that are not UTF-8";
    }
    return null;
  }

  private static Void writeQuietly(OutputStream stdin, byte[] item) {
    try (stdin) {
      stdin.write(item);
      stdin.write('\n');
    } catch (IOException e) {
      // the command did not read its standard input (a broken pipe): that is its right
    }
    return null;
  }

  private static String stripOneNewline(String s) {
    if (s.endsWith("\r\n")) {
      return s.substring(0, s.length() - 2);
    }
    return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
  }

  @Override
  public void close() {
    pipes.shutdownNow();
  }
}
