package dev.ratchet;

/** Another live process (or another open store in this process) holds the checkpoint. */
public class CheckpointLockedException extends RatchetException {
  private final String location;

  public CheckpointLockedException(String location) {
    super(
        "checkpoint "
            + location
            + " is in use by another running process; wait for it to finish or stop it first");
    this.location = location;
  }

  public CheckpointLockedException(String location, String detail) {
    super("checkpoint " + location + " is in use: " + detail);
    this.location = location;
  }

  public String location() {
    return location;
  }
}
