package dev.ratchet.bench.springbatch;

import java.nio.file.Path;

/**
 * Runs the Spring Batch copy job in a child JVM so that the benchmark can kill it with SIGKILL
 * part-way. Arguments: {@code h2 DIR | postgresql -}, input, output, commit interval, run id.
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    Database db = args[0].equals("h2") ? Database.h2(Path.of(args[1])) : Database.postgres();
    Path input = Path.of(args[2]);
    Path output = Path.of(args[3]);
    int interval = Integer.parseInt(args[4]);
    try (SpringBatchRig rig = new SpringBatchRig(db, false)) {
      rig.runToCompletion(
          rig.job(input, output, interval), SpringBatchRig.parameters(args[5], input, output));
    }
  }
}
