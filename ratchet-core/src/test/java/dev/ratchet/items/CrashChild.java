package dev.ratchet.items;

import java.nio.file.Path;

/**
 * The child JVM of {@link CrashRecoveryTest}: runs an item pipeline over a file and exits 0 when it
 * finished. Arguments: input, output, checkpoint, mode ({@code slow}, {@code crashAfter:N}, {@code
 * poison:KEY}). Prints {@code RUNNING} once the pipeline is built.
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    Path in = Path.of(args[0]);
    Path out = Path.of(args[1]);
    Path ckpt = Path.of(args[2]);
    String mode = args[3];
    ItemPipeline.Builder<String, String> builder =
        ItemPipeline.<String, String>builder()
            .source(Sources.lines(in))
            .sink(Sinks.jsonLines(out))
            .checkpoint(ckpt)
            .keepCheckpoint();
    if (mode.equals("slow")) {
      builder
          .contextProcessor(
              (line, ctx) -> {
                int length = ctx.step("length", line::length);
                Thread.sleep(8);
                return line.toUpperCase() + "/" + length;
              })
          .batchSize(25)
          .workers(4)
          .poisonThreshold(1_000);
    } else if (mode.startsWith("crashAfter:")) {
      builder
          .processor(line -> line.toUpperCase() + "/" + line.length())
          .batchSize(40)
          .workers(2)
          .crashAfter(Long.parseLong(mode.substring("crashAfter:".length())));
    } else if (mode.startsWith("poison:")) {
      String poison = mode.substring("poison:".length());
      builder
          .processor(
              line -> {
                if (line.equals(poison)) {
                  Runtime.getRuntime().halt(99);
                }
                return line.toUpperCase() + "/" + line.length();
              })
          .batchSize(10);
    } else {
      throw new IllegalArgumentException("unknown mode " + mode);
    }
    ItemPipeline<String, String> pipeline = builder.build();
    System.out.println("RUNNING");
    System.out.flush();
    RunResult result = pipeline.run();
    System.out.println("RESULT " + result.outcome() + " " + result.processed());
    System.out.flush();
  }
}
