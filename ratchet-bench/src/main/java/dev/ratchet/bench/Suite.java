package dev.ratchet.bench;

/** A group of measurements of one contender or one aspect. */
public interface Suite {

  /** A short name, used on the command line ({@code --only}) and in figure ids. */
  String name();

  /** What the suite measures and how, for the report. */
  String description();

  /**
   * How long the suite may take in quick mode, in seconds. Measurements that would start after the
   * budget is spent are skipped with a note, so that a quick run ends in under ten minutes.
   */
  default double quickBudgetSeconds() {
    return 60;
  }

  void run(BenchContext ctx) throws Exception;
}
