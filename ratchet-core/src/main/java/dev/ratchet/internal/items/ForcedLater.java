package dev.ratchet.internal.items;

import java.io.IOException;

/**
 * A sink writer that can leave the force of what it writes to its caller, so that the writes of
 * several batches share one force. After {@link #forceLater()}, {@code write} returns positions
 * that may be committed only once {@link #force()} has returned.
 */
public interface ForcedLater {

  /** From now on, {@code write} writes without forcing. */
  void forceLater();

  /** Makes everything written so far durable. May run while another thread writes. */
  void force() throws IOException;
}
