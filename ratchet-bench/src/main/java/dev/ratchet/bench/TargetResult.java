package dev.ratchet.bench;

/**
 * One target from the issue, checked against figures of the same run.
 *
 * @param target the target as stated
 * @param measured what was measured, as text (a ratio or a time)
 * @param required what the target asks, as text
 * @param verdict PASS, MISS, or NOT MEASURED
 * @param why for a MISS or NOT MEASURED: why, and what would close the gap
 */
public record TargetResult(
    String target, String measured, String required, String verdict, String why) {

  public static TargetResult check(
      String target, double value, double required, String format, String why) {
    boolean pass = value >= required;
    return new TargetResult(
        target,
        String.format(format, value),
        ">= " + String.format(format, required),
        pass ? "PASS" : "MISS",
        pass ? "" : why);
  }

  public static TargetResult checkAtMost(
      String target, double value, double limit, String format, String why) {
    boolean pass = value <= limit;
    return new TargetResult(
        target,
        String.format(format, value),
        "<= " + String.format(format, limit),
        pass ? "PASS" : "MISS",
        pass ? "" : why);
  }

  public static TargetResult notMeasured(String target, String why) {
    return new TargetResult(target, "-", "-", "NOT MEASURED", why);
  }
}
