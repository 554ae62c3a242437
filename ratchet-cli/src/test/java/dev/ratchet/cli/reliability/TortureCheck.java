package dev.ratchet.cli.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.ItemState;
import dev.ratchet.items.JsonLinesSink;
import dev.ratchet.store.FileStore;
import dev.ratchet.store.ItemRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The checks after every kill and at the end of every run: the checkpoint opens, the committed part
 * of the output holds each DONE item exactly once with its right result and nothing else, and a
 * finished run's output holds every item exactly once. Returns a violation as text, or null.
 */
final class TortureCheck {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> lines;
  private final boolean resultsChecked;

  TortureCheck(List<String> lines, boolean resultsChecked) {
    this.lines = lines;
    this.resultsChecked = resultsChecked;
  }

  /**
   * After a kill: opens a copy of the checkpoint (the original is left for the next run to recover)
   * and checks the output against it.
   */
  String afterKill(Path checkpoint, Path output, Path scratch) throws IOException {
    if (!FileStore.exists(checkpoint)) {
      return null;
    }
    Path copy = copyDir(checkpoint, scratch);
    try (FileStore store = FileStore.at(copy)) {
      try {
        store.open();
      } catch (RuntimeException e) {
        return "the checkpoint does not open after the kill: " + e;
      }
      long committed = store.positions().getOrDefault(JsonLinesSink.POSITION, 0L);
      byte[] out = Files.exists(output) ? Files.readAllBytes(output) : new byte[0];
      if (out.length < committed) {
        return "the output has " + out.length + " bytes but " + committed + " were committed";
      }
      List<String> done = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        Optional<ItemRecord> record = store.get(Integer.toString(i));
        if (record.isPresent() && record.get().state() == ItemState.DONE) {
          done.add(Integer.toString(i));
        }
      }
      return checkRecords(Arrays.copyOf(out, (int) committed), done, "committed output", false);
    } finally {
      deleteTree(copy);
    }
  }

  /**
   * After a run of the retry target ended with exit code 1: every FAILED item failed on its first
   * try (nothing else may fail), and the committed output holds each DONE item once, as after a
   * kill.
   */
  String afterFirstTries(String stderr, Path checkpoint, Path output, Path scratch)
      throws IOException {
    if (!FileStore.exists(checkpoint)) {
      return "exit 1 without a checkpoint to retry the failed items from: " + stderr;
    }
    Path copy = copyDir(checkpoint, scratch);
    try (FileStore store = FileStore.at(copy)) {
      store.open();
      List<String> other = new ArrayList<>();
      store.forEachRecord(
          r -> {
            if (r.state() == ItemState.FAILED
                && (r.error() == null || !r.error().contains("first try of item"))) {
              other.add(r.key() + ": " + r.error());
            }
          });
      if (store.counts().failed() == 0 || !other.isEmpty()) {
        return "exit 1 with failures other than first tries " + other + ": " + stderr;
      }
    } finally {
      deleteTree(copy);
    }
    return afterKill(checkpoint, output, scratch);
  }

  /**
   * After a run ended by itself with {@code exit}: 0 means every item is in the output once and the
   * checkpoint is gone; 1 is allowed only for items the pipeline failed because they were
   * interrupted by kills too often (its poison-item rule), which must then be missing from it.
   */
  String afterFinish(int exit, String stderr, Path checkpoint, Path output) throws IOException {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      expected.add(Integer.toString(i));
    }
    if (exit == 1 && FileStore.exists(checkpoint)) {
      Set<String> poisoned = new HashSet<>();
      try (FileStore store = FileStore.at(checkpoint)) {
        store.open();
        store.forEachRecord(
            r -> {
              if (r.state() == ItemState.FAILED
                  && r.error() != null
                  && r.error().contains("crashed the process")) {
                poisoned.add(r.key());
              }
            });
        if (store.counts().failed() != poisoned.size()) {
          return "exit 1 with failures other than poison items: " + stderr;
        }
      }
      expected.removeIf(poisoned::contains);
      return checkRecords(
          Files.readAllBytes(output),
          expected,
          "output of a run with " + poisoned.size() + " poison items",
          false);
    }
    if (exit != 0) {
      return "the run ended with exit code " + exit + ": " + stderr;
    }
    if (FileStore.exists(checkpoint)) {
      return "the run succeeded but left its checkpoint";
    }
    return checkRecords(Files.readAllBytes(output), expected, "final output", true);
  }

  private String checkRecords(
      byte[] bytes, List<String> expectedKeys, String what, boolean inputOrder) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (!text.isEmpty() && !text.endsWith("\n")) {
      return what + " ends in a partial line";
    }
    Set<String> seen = new HashSet<>();
    List<Integer> order = new ArrayList<>();
    for (String line : text.isEmpty() ? new String[0] : text.split("\n")) {
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (IOException e) {
        return what + " holds a line that is not JSON: " + line;
      }
      String key = node.path("key").asText();
      if (!seen.add(key)) {
        return what + " holds item " + key + " twice";
      }
      int index = Integer.parseInt(key);
      if (inputOrder && !order.isEmpty() && index < order.get(order.size() - 1)) {
        return what + " is not in input order: item " + key + " after " + order;
      }
      order.add(index);
      if (!lines.get(index).equals(node.path("input").asText())) {
        return what + " holds item " + key + " with the wrong input";
      }
      JsonNode result = node.path("result");
      if (result.isMissingNode() || result.isNull()) {
        return what + " holds item " + key + " without its result";
      }
      String upper = lines.get(index).toUpperCase(Locale.ROOT);
      if (resultsChecked && !upper.equals(result.path("upper").asText())) {
        return what + " holds item " + key + " with a wrong result " + result;
      }
    }
    Set<String> expected = new HashSet<>(expectedKeys);
    if (!seen.equals(expected)) {
      Set<String> missing = new HashSet<>(expected);
      missing.removeAll(seen);
      Set<String> extra = new HashSet<>(seen);
      extra.removeAll(expected);
      return what
          + " does not match the DONE items: missing "
          + first(missing)
          + ", not DONE "
          + first(extra);
    }
    return null;
  }

  private static String first(Set<String> keys) {
    return keys.stream().sorted().limit(5).toList() + (keys.size() > 5 ? "..." : "");
  }

  static Path copyDir(Path dir, Path scratch) throws IOException {
    Path copy = Files.createTempDirectory(scratch, "ckpt-copy-");
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        if (Files.isRegularFile(f)) {
          Files.copy(f, copy.resolve(f.getFileName()));
        }
      }
    }
    return copy;
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
