package dev.ratchet.cli;

/** The exit codes of every {@code ratchet} command. Documented in {@code --help} and the README. */
public final class ExitCodes {
  private ExitCodes() {}

  /** Everything done. */
  public static final int OK = 0;

  /** The run finished but some items failed (see {@code ratchet status}). */
  public static final int ITEMS_FAILED = 1;

  /** Bad usage: an unknown option, a bad value, a missing input file. Nothing was changed. */
  public static final int USAGE = 2;

  /** A checkpoint problem: locked by a live run, damaged, or belonging to another input. */
  public static final int CHECKPOINT = 3;

  /** {@code --simulate-crash N} halted the process after N items, as a crash would. */
  public static final int SIMULATED_CRASH = 86;

  /** An unexpected internal error (a bug); the stack trace is printed. */
  public static final int INTERNAL = 70;

  /** Stopped by Ctrl-C (SIGINT) or SIGTERM after finishing and committing in-flight work. */
  public static final int INTERRUPTED = 130;

  /** The exit-code table shown at the end of {@code --help}. */
  public static final String HELP_TEXT =
      "Exit codes:%n"
          + "  0    everything done%n"
          + "  1    the run finished but some items failed (see 'ratchet status')%n"
          + "  2    bad usage (unknown option, bad value, missing input); nothing changed%n"
          + "  3    checkpoint problem: locked by a running process, damaged, or of another input%n"
          + "  86   halted by --simulate-crash N, as a crash would; run again to resume%n"
          + "  70   internal error (a bug; the stack trace is printed)%n"
          + "  130  stopped by Ctrl-C after committing in-flight work; run again to resume";
}
