package dev.ratchet.bench;

/** A group of measurements of one contender or one aspect. */
public interface Suite {

  /** A short name, used on the command line ({@code --only}) and in figure ids. */
  String name();

  /** What the suite measures and how, for the report. */
  String description();

  void run(BenchContext ctx) throws Exception;
}
