package dev.ratchet.bench.suites;

import dev.ratchet.bench.BenchContext;
import dev.ratchet.bench.Measure;
import dev.ratchet.bench.Stats;
import dev.ratchet.bench.Suite;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;

/**
 * The limits of the disk under the work directory: appends of a 100-byte record each followed by
 * {@link FileChannel#force(boolean) force(false)} (fsyncs per second), and sequential writes in 1
 * MiB blocks ended by one force (bandwidth). Every checkpointing figure is compared with these.
 */
public final class DiskLimits implements Suite {
  public static final String FSYNC_ID = "disk.fsyncs_per_s";
  public static final String BANDWIDTH_ID = "disk.write_mb_per_s";
  static final int RECORD_BYTES = 100;
  private final boolean again;

  /** The limits measured first; every fraction of a limit uses these. */
  public DiskLimits() {
    this(false);
  }

  /**
   * @param again true for the measurement repeated at the end of the run, which shows how much the
   *     disk's limits moved while the other suites ran (a shared machine)
   */
  public DiskLimits(boolean again) {
    this.again = again;
  }

  @Override
  public double quickBudgetSeconds() {
    return again ? 15 : 20;
  }

  @Override
  public String name() {
    return again ? "disk-again" : "disk";
  }

  @Override
  public String description() {
    return (again
            ? "The disk's limits measured again at the end of the run, to show how much "
                + "they moved while the suites ran; fractions of the limit use the first measurement. "
            : "")
        + "Raw appends of a "
        + RECORD_BYTES
        + "-byte record, each followed by "
        + "FileChannel.force(false) (fsyncs/s), and sequential 1 MiB writes ended by one "
        + "force(true) (MB/s), on the file system of the work directory.";
  }

  @Override
  public void run(BenchContext ctx) throws Exception {
    Path dir = ctx.freshDir(name());
    double seconds = Math.max(0.2, ctx.mode().seconds(8));
    Stats fsyncs =
        Measure.repeat(ctx.mode().warmups(), ctx.mode().runs(), i -> fsyncRate(dir, seconds));
    ctx.figure(
        name(),
        "fsyncs_per_s",
        Map.of(),
        "append " + RECORD_BYTES + " B + force",
        "fsyncs/s",
        fsyncs);
    long bytes =
        switch (ctx.mode()) {
          case FULL -> 1024L << 20;
          case QUICK -> 128L << 20;
          case TINY -> 8L << 20;
        };
    Stats mbps =
        Measure.repeat(ctx.mode().warmups(), ctx.mode().runs(), i -> bandwidth(dir, bytes));
    ctx.figure(
        name(),
        "write_mb_per_s",
        Map.of(),
        "sequential write " + (bytes >> 20) + " MiB + force",
        "MB/s",
        mbps);
  }

  static double fsyncRate(Path dir, double seconds) throws Exception {
    Path file = dir.resolve("fsync.dat");
    byte[] record = new byte[RECORD_BYTES];
    Arrays.fill(record, (byte) 'x');
    record[RECORD_BYTES - 1] = '\n';
    ByteBuffer buf = ByteBuffer.wrap(record);
    try (FileChannel ch =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      long deadline = System.nanoTime() + (long) (seconds * 1e9);
      long start = System.nanoTime();
      long n = 0;
      long now;
      do {
        buf.rewind();
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(false);
        n++;
        now = System.nanoTime();
      } while (now < deadline);
      return Measure.perSecond(n, now - start);
    }
  }

  static double bandwidth(Path dir, long bytes) throws Exception {
    Path file = dir.resolve("bandwidth.dat");
    ByteBuffer block = ByteBuffer.allocateDirect(1 << 20);
    while (block.hasRemaining()) {
      block.put((byte) 'y');
    }
    try (FileChannel ch =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      long start = System.nanoTime();
      for (long written = 0; written < bytes; written += 1 << 20) {
        block.rewind();
        while (block.hasRemaining()) {
          ch.write(block);
        }
      }
      ch.force(true);
      long nanos = System.nanoTime() - start;
      return bytes / 1e6 / (nanos / 1e9);
    }
  }

  /** The disk's limit for checkpoints of {@code batch} items, {@code bytesPerItem} each. */
  public static double itemsPerSecondLimit(BenchContext ctx, int batch, double bytesPerItem) {
    double fsyncs = ctx.median(FSYNC_ID).orElse(Double.NaN);
    double bandwidth = ctx.median(BANDWIDTH_ID).orElse(Double.NaN) * 1e6;
    return Math.min(fsyncs * batch, bandwidth / bytesPerItem);
  }
}
