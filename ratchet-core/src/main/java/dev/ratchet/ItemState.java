package dev.ratchet;

/**
 * The state of one unit of work (an item, a DAG node, a named step). {@code PENDING → IN_PROGRESS →
 * DONE | FAILED | SKIPPED}. Persisted by {@link #code()}, never by ordinal.
 */
public enum ItemState {
  PENDING(0),
  IN_PROGRESS(1),
  DONE(2),
  FAILED(3),
  SKIPPED(4);

  private final int code;

  ItemState(int code) {
    this.code = code;
  }

  /** The stable code written to checkpoints. */
  public int code() {
    return code;
  }

  public static ItemState ofCode(int code) {
    for (ItemState state : values()) {
      if (state.code == code) {
        return state;
      }
    }
    throw new IllegalArgumentException("unknown item state code " + code);
  }

  /** DONE, FAILED and SKIPPED end an attempt; only DONE is final within a run. */
  public boolean isTerminal() {
    return this == DONE || this == FAILED || this == SKIPPED;
  }
}
