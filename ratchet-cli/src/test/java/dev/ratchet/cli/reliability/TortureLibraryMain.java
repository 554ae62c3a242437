package dev.ratchet.cli.reliability;

import dev.ratchet.items.ItemPipeline;
import dev.ratchet.items.Sinks;
import dev.ratchet.items.Sources;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The library program the crash torture kills: an {@link ItemPipeline} over the lines of a file,
 * writing {@code {"upper": LINE}} results to a JSON-lines file. Arguments: input, output,
 * checkpoint directory, batch size, workers.
 */
public final class TortureLibraryMain {
  private TortureLibraryMain() {}

  public static void main(String[] args) {
    var result =
        ItemPipeline.<String, Map<String, Object>>builder()
            .source(Sources.lines(Path.of(args[0])))
            .processor(line -> Map.of("upper", line.toUpperCase(Locale.ROOT)))
            .sink(Sinks.jsonLines(Path.of(args[1])))
            .checkpoint(Path.of(args[2]))
            .batchSize(Integer.parseInt(args[3]))
            .workers(Integer.parseInt(args[4]))
            .build()
            .run();
    System.exit(result.succeeded() ? 0 : 1);
  }
}
