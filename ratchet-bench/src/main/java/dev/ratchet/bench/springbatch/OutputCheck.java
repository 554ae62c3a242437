package dev.ratchet.bench.springbatch;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * How an output file compares with its input after a crash and a restart: lines in all, lines
 * written more than once, and input lines missing.
 */
public record OutputCheck(long lines, long duplicates, long missing) {

  public static OutputCheck of(Path input, Path output) throws IOException {
    Set<String> seen = new HashSet<>();
    long lines = 0;
    long duplicates = 0;
    try (BufferedReader r = Files.newBufferedReader(output, StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lines++;
        if (!seen.add(line)) {
          duplicates++;
        }
      }
    }
    long missing = 0;
    try (BufferedReader r = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!seen.contains(line)) {
          missing++;
        }
      }
    }
    return new OutputCheck(lines, duplicates, missing);
  }

  public boolean exact() {
    return duplicates == 0 && missing == 0;
  }
}
