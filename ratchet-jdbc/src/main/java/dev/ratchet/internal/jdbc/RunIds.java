package dev.ratchet.internal.jdbc;

/** Checks run ids: any text a user picks, bound as a parameter and never spliced into SQL. */
public final class RunIds {
  private RunIds() {}

  public static final int MAX_LENGTH = 200;

  public static String check(String runId) {
    if (runId == null || runId.isBlank()) {
      throw new IllegalArgumentException(
          "run id must not be empty; pick a name such as 'nightly-2024-05-01'");
    }
    if (runId.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "run id must be at most " + MAX_LENGTH + " characters, was " + runId.length());
    }
    for (int i = 0; i < runId.length(); i++) {
      if (Character.isISOControl(runId.charAt(i))) {
        throw new IllegalArgumentException(
            "run id must not contain control characters (found one at index " + i + ")");
      }
    }
    return runId;
  }
}
