package dev.ratchet.cli.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ratchet.history.RunRecord;
import dev.ratchet.redis.RedisDatabase;
import dev.ratchet.redis.RedisRun;
import dev.ratchet.store.CooperativeWorker;
import dev.ratchet.store.ItemInput;
import dev.ratchet.store.StateCounts;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

/** A {@link CooperativeRun} in Redis. */
record RedisCooperativeRun(RedisDatabase db, RedisRun run) implements CooperativeRun {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String runId() {
    return run.name();
  }

  @Override
  public String where() {
    return db.target().display();
  }

  @Override
  public boolean exists() {
    return run.info().exists();
  }

  @Override
  public void delete() {
    run.delete();
  }

  @Override
  public boolean loaded() {
    return run.loaded();
  }

  @Override
  public long load(String fingerprint, Supplier<Iterator<ItemInput>> items) {
    return run.load(fingerprint, items);
  }

  @Override
  public CooperativeWorker join(Duration lease) {
    return run.join(lease);
  }

  @Override
  public void appendHistory(RunRecord record) {
    db.appendHistory(record);
  }

  @Override
  public StateCounts counts() {
    return run.counts();
  }

  @Override
  public long total() {
    StateCounts c = run.counts();
    return c.done() + c.failed() + c.skipped() + run.open();
  }

  /** Writes to a temporary name, forces it and renames it, so the file is complete or absent. */
  @Override
  public long export(Path output) {
    Path target = output.toAbsolutePath();
    Path dir = target.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "cannot write " + output + ": its directory does not exist; create it first");
    }
    Path tmp = dir.resolve("." + target.getFileName() + ".ratchet-export.tmp");
    List<RedisRun.DoneItem> done = run.doneInInputOrder();
    try {
      try (OutputStream out = Files.newOutputStream(tmp);
          JsonGenerator gen = JSON.getFactory().createGenerator(out)) {
        gen.setRootValueSeparator(null);
        for (RedisRun.DoneItem item : done) {
          gen.writeStartObject();
          gen.writeStringField("key", item.key());
          gen.writeStringField("input", item.input());
          gen.writeFieldName("result");
          gen.writeTree(result(item.result()));
          gen.writeEndObject();
          gen.writeRaw('\n');
        }
      }
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new UncheckedIOException("cannot write " + output + ": " + e.getMessage(), e);
    }
    return done.size();
  }

  private static JsonNode result(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      return TextNode.valueOf(text);
    }
  }
}
