package dev.ratchet.bench;

/** Runs a trial a few times to warm up, then several times to measure. */
public final class Measure {
  private Measure() {}

  public static Stats repeat(int warmups, int runs, Trial trial) throws Exception {
    for (int i = 0; i < warmups; i++) {
      trial.run(-1 - i);
    }
    double[] values = new double[runs];
    for (int i = 0; i < runs; i++) {
      values[i] = trial.run(i);
    }
    return Stats.of(values);
  }

  /** Items per second for {@code items} done in {@code nanos}. */
  public static double perSecond(long items, long nanos) {
    return items / (nanos / 1e9);
  }
}
