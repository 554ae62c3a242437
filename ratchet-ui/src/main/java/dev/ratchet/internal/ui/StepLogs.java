package dev.ratchet.internal.ui;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The log tails of a pipeline's steps. {@code ratchet run} keeps one log per step in {@code
 * <checkpoint>.logs/}, under a file name derived from the step's name; every attempt starts with a
 * line {@code # step NAME, attempt N, …}, which is how a log is matched to its step here (a step
 * name never becomes a path).
 */
final class StepLogs {
  static final int TAIL_LINES = 20;
  private static final int TAIL_BYTES = 16 * 1024;
  private static final String HEADER = "# step ";

  private StepLogs() {}

  /** The log directory {@code ratchet run} uses by default for the checkpoint {@code dir}. */
  static Path directoryOf(Path checkpoint) {
    return checkpoint.resolveSibling(checkpoint.getFileName() + ".logs");
  }

  /** The last lines of each step's log found in {@code logs}, by step name. */
  static Map<String, List<String>> tails(Path logs, List<String> steps) {
    Map<String, List<String>> tails = new HashMap<>();
    if (!Files.isDirectory(logs)) {
      return tails;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(logs, "*.log")) {
      for (Path file : files) {
        String step = stepOf(file, steps);
        if (step != null) {
          tails.put(step, tail(file));
        }
      }
    } catch (IOException e) {
      // the logs are a convenience: a dashboard without them still shows the steps
    }
    return tails;
  }

  private static String stepOf(Path file, List<String> steps) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String first = reader.readLine();
      if (first == null || !first.startsWith(HEADER)) {
        return null;
      }
      String rest = first.substring(HEADER.length());
      String found = null;
      for (String step : steps) {
        if (rest.startsWith(step + ", attempt ")
            && (found == null || step.length() > found.length())) {
          found = step;
        }
      }
      return found;
    } catch (MalformedInputException e) {
      return null;
    }
  }

  static List<String> tail(Path file) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long length = raf.length();
      int size = (int) Math.min(length, TAIL_BYTES);
      byte[] bytes = new byte[size];
      raf.seek(length - size);
      raf.readFully(bytes);
      List<String> lines =
          new ArrayList<>(Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\n")));
      if (size < length && !lines.isEmpty()) {
        lines.remove(0); // cut mid-line
      }
      return List.copyOf(lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    }
  }
}
