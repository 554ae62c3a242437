package dev.ratchet.bench.ratchet;

import dev.ratchet.items.ItemPipeline;
import dev.ratchet.items.Sinks;
import dev.ratchet.items.Sources;
import dev.ratchet.store.FileStore;
import dev.ratchet.store.FsyncPolicy;
import java.nio.file.Path;

/**
 * Runs the item pipeline (JSON-lines output) in a child JVM that halts itself, as a crash would,
 * after a given number of items. Arguments: input, output, checkpoint directory, batch size, items
 * before the crash.
 */
public final class PipelineCrashChild {
  private PipelineCrashChild() {}

  public static void main(String[] args) {
    Path ckpt = Path.of(args[2]);
    ItemPipeline.<String, Integer>builder()
        .source(Sources.lines(Path.of(args[0])))
        .processor(String::length)
        .sink(Sinks.jsonLines(Path.of(args[1])))
        .storeFactory(() -> FileStore.builder(ckpt).fsync(FsyncPolicy.ALWAYS).build())
        .batchSize(Integer.parseInt(args[3]))
        .crashAfter(Long.parseLong(args[4]))
        .build()
        .run();
  }
}
