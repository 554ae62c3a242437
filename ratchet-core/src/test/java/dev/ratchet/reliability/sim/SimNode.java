package dev.ratchet.reliability.sim;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Random;

/**
 * The content of one simulated file (an inode): what a reader sees now ({@code live}) and what is
 * on the platter ({@code durable}). Sectors written since the last force are dirty; at a power cut
 * each dirty sector independently keeps its old content or takes its new one, and a size changed
 * since the last force is either the old or the new size. That is a write torn at sector
 * granularity and reordered against the other unsynced writes.
 */
final class SimNode {
  static final int SECTOR = 512;

  private byte[] live;
  private long liveSize;
  private byte[] durable;
  private long durableSize;
  private final BitSet dirty = new BitSet();
  private boolean sizeDirty;

  SimNode() {
    this(new byte[0], 0);
  }

  private SimNode(byte[] content, long size) {
    this.live = content.clone();
    this.liveSize = size;
    this.durable = content.clone();
    this.durableSize = size;
  }

  long size() {
    return liveSize;
  }

  int read(byte[] dst, int dstOffset, int length, long position) {
    if (position >= liveSize) {
      return -1;
    }
    int n = (int) Math.min(length, liveSize - position);
    System.arraycopy(live, (int) position, dst, dstOffset, n);
    return n;
  }

  void write(byte[] src, long position) {
    long endAt = position + src.length;
    ensureCapacity(endAt);
    System.arraycopy(src, 0, live, (int) position, src.length);
    if (position > liveSize) {
      markDirty(liveSize, position);
    }
    markDirty(position, endAt);
    if (endAt > liveSize) {
      liveSize = endAt;
      sizeDirty = true;
    }
  }

  void truncate(long size) {
    if (size >= liveSize) {
      return;
    }
    markDirty(size, liveSize);
    Arrays.fill(live, (int) size, (int) liveSize, (byte) 0);
    liveSize = size;
    sizeDirty = true;
  }

  void force() {
    durable = Arrays.copyOf(live, (int) liveSize);
    durableSize = liveSize;
    dirty.clear();
    sizeDirty = false;
  }

  boolean hasUnsyncedData() {
    return sizeDirty || !dirty.isEmpty();
  }

  /** The file as it comes back after a power cut: durable content, a random part of the rest. */
  SimNode afterPowerLoss(Random random) {
    long size = sizeDirty && random.nextBoolean() ? liveSize : durableSize;
    byte[] out = new byte[(int) size];
    System.arraycopy(durable, 0, out, 0, (int) Math.min(size, durableSize));
    for (int sector = dirty.nextSetBit(0); sector >= 0; sector = dirty.nextSetBit(sector + 1)) {
      long from = (long) sector * SECTOR;
      if (from >= size) {
        break;
      }
      if (random.nextBoolean()) {
        int to = (int) Math.min(size, from + SECTOR);
        for (int i = (int) from; i < to; i++) {
          out[i] = i < liveSize ? live[i] : 0;
        }
      }
    }
    return new SimNode(out, size);
  }

  /** A copy of the current content, fully durable (for building sample checkpoints). */
  byte[] content() {
    return Arrays.copyOf(live, (int) liveSize);
  }

  static SimNode durableOf(byte[] content) {
    return new SimNode(content, content.length);
  }

  private void markDirty(long from, long to) {
    if (to > from) {
      dirty.set((int) (from / SECTOR), (int) ((to - 1) / SECTOR) + 1);
    }
  }

  private void ensureCapacity(long size) {
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("simulated files are limited to 2 GiB");
    }
    if (size > live.length) {
      live = Arrays.copyOf(live, (int) Math.max(size, live.length * 2L));
    }
  }
}
