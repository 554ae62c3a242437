package dev.ratchet.bench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.store.Change;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The CPU cost of turning a batch of DONE item changes into framed journal bytes: JSON with
 * Jackson, then {@code [length][CRC32C][payload]} per record, as the journal frames it. The cost
 * that no fsync hides.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RecordEncodeBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Param({"1", "100"})
  public int batch;

  private List<Change.Item> changes;
  private ByteBuffer out;

  @Setup
  public void setUp() {
    changes = new ArrayList<>();
    for (int i = 0; i < batch; i++) {
      changes.add(Change.Item.done(Integer.toString(1_000_000 + i), 1, null));
    }
    out = ByteBuffer.allocate(1 << 20);
  }

  /** Encodes and frames one batch; the figure is batches per second. */
  @Benchmark
  public int encodeBatch() throws Exception {
    out.clear();
    CRC32C crc = new CRC32C();
    for (Change.Item c : changes) {
      byte[] payload = JSON.writeValueAsBytes(c);
      crc.reset();
      crc.update(payload);
      out.putInt(payload.length).putInt((int) crc.getValue()).put(payload);
    }
    return out.position();
  }
}
