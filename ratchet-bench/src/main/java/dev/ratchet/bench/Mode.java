package dev.ratchet.bench;

/**
 * How much to measure. {@code FULL} runs every size the issue asks for; {@code QUICK} finishes in
 * under ten minutes on two cores and caps the slowest cases (each cap is written next to its
 * figure); {@code TINY} only proves the harness works end to end, in seconds.
 */
public enum Mode {
  FULL(1, 5, 1.0),
  QUICK(1, 3, 0.25),
  TINY(0, 1, 0.01);

  private final int warmups;
  private final int runs;
  private final double scale;

  Mode(int warmups, int runs, double scale) {
    this.warmups = warmups;
    this.runs = runs;
    this.scale = scale;
  }

  public int warmups() {
    return warmups;
  }

  public int runs() {
    return runs;
  }

  /** Scales a time budget in seconds (caps for the slowest cases). */
  public double seconds(double fullSeconds) {
    return fullSeconds * scale;
  }

  public boolean atLeastQuick() {
    return this != TINY;
  }
}
