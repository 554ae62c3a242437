package dev.ratchet;

/**
 * Why a unit of work was skipped. Persisted by {@link #code()} (a short fixed word, never the
 * English description and never an ordinal), so a resume decides from the code and the description
 * can change freely.
 */
public enum SkipCause {
  /** A DAG node's own condition was false. It stays skipped on resume. */
  CONDITION("condition"),
  /** An upstream DAG node was skipped by its condition. It stays skipped on resume. */
  UPSTREAM_CONDITION("upstream-condition"),
  /** An upstream DAG node failed or did not complete. It runs on resume once that one completes. */
  UPSTREAM_FAILED("upstream-failed"),
  /** An item's failure was accepted by its pipeline's skip policy. */
  POLICY("policy");

  private final String code;

  SkipCause(String code) {
    this.code = code;
  }

  /** The stable code written to checkpoints. */
  public String code() {
    return code;
  }

  /** Whether a unit skipped for this cause stays skipped when its run is resumed. */
  public boolean isFinal() {
    return this == CONDITION || this == UPSTREAM_CONDITION;
  }

  /**
   * The cause recorded as {@code code}.
   *
   * @throws IllegalArgumentException if no cause has that code
   */
  public static SkipCause ofCode(String code) {
    for (SkipCause cause : values()) {
      if (cause.code.equals(code)) {
        return cause;
      }
    }
    throw new IllegalArgumentException("unknown skip cause code '" + code + "'");
  }
}
