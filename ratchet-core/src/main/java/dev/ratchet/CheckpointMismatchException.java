package dev.ratchet;

/**
 * The checkpoint belongs to different work than the run that opened it: the input changed, the
 * DAG's structure changed, or a setting that decides the item keys changed. Resuming would misalign
 * work, so Ratchet refuses and says what changed and how to start fresh.
 */
public class CheckpointMismatchException extends RatchetException {
  private final String location;
  private final String what;

  public CheckpointMismatchException(String location, String what) {
    super(
        "checkpoint "
            + location
            + " belongs to different work: "
            + what
            + ". To discard it and start over, run again with --fresh (library: fresh())");
    this.location = location;
    this.what = what;
  }

  public String location() {
    return location;
  }

  /** What changed, in words. */
  public String what() {
    return what;
  }
}
