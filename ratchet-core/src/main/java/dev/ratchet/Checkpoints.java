package dev.ratchet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoint list, the simplest shape: a JSON list of {@code [name, succeeded]} pairs, one per
 * recorded attempt, such as {@code [["extract", true], ["load", false]]}. Pairs are {@code List}s
 * (never arrays or tuples) so that a JSON round-trip gives back an equal value.
 *
 * <p>A step is done if any of its recorded attempts succeeded; a step recorded only as failed, or
 * never recorded, is run (again). The pure functions are thread-safe; the file functions expect one
 * writer per file.
 *
 * <p>They log what they do at INFO through slf4j, in the seed's words: {@code Checkpointed: STEP}
 * for every step recorded as succeeded, {@code All N steps recorded} after {@link
 * #checkpointSteps}, and {@code Resume plan: X done, Y remaining} from {@link
 * #resumeFromCheckpoint}.
 */
public final class Checkpoints {
  private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<List<Object>>> LIST_TYPE = new TypeReference<>() {};

  private Checkpoints() {}

  /**
   * The checkpoint that records every one of {@code steps} as succeeded: {@code [[name, true]]}.
   */
  public static List<List<Object>> checkpointSteps(List<String> steps) {
    List<List<Object>> checkpoint = new ArrayList<>(steps.size());
    for (String step : steps) {
      checkpoint.add(List.of(requireName(step), true));
      log.info("Checkpointed: {}", step);
    }
    log.info("All {} steps recorded", steps.size());
    return checkpoint;
  }

  /**
   * The steps of {@code allSteps} still to run, in their original order and each once: those with
   * no successful attempt in {@code checkpoint}.
   *
   * @throws IllegalArgumentException if an entry of {@code checkpoint} is not {@code [name,
   *     boolean]}
   */
  public static List<String> resumeFromCheckpoint(
      List<String> allSteps, List<? extends List<?>> checkpoint) {
    Set<String> succeeded = new LinkedHashSet<>();
    for (int i = 0; i < checkpoint.size(); i++) {
      List<?> entry = checkpoint.get(i);
      if (entry == null
          || entry.size() != 2
          || !(entry.get(0) instanceof String name)
          || !(entry.get(1) instanceof Boolean ok)) {
        throw new IllegalArgumentException(
            "checkpoint entry " + i + " must be [name, true|false], was " + entry);
      }
      if (ok) {
        succeeded.add(name);
      }
    }
    Set<String> toRun = new LinkedHashSet<>();
    Set<String> done = new LinkedHashSet<>();
    for (String step : allSteps) {
      if (!succeeded.contains(requireName(step))) {
        toRun.add(step);
      } else {
        done.add(step);
      }
    }
    if (!allSteps.isEmpty()) {
      log.info("Resume plan: {} done, {} remaining", done.size(), toRun.size());
    }
    return List.copyOf(toRun);
  }

  /** The checkpoint as JSON text. */
  public static String toJson(List<? extends List<?>> checkpoint) {
    try {
      return JSON.writeValueAsString(checkpoint);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("checkpoint cannot be written as JSON: " + e, e);
    }
  }

  /** Parses JSON text written by {@link #toJson}. */
  public static List<List<Object>> fromJson(String json) {
    try {
      List<List<Object>> checkpoint = JSON.readValue(json, LIST_TYPE);
      resumeFromCheckpoint(List.of(), checkpoint);
      return checkpoint;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "checkpoint is not a JSON list of [name, true|false] pairs: " + e.getOriginalMessage(),
          e);
    }
  }

  /** Reads a checkpoint file; a file that does not exist is an empty checkpoint. */
  public static List<List<Object>> read(Path file) {
    try {
      return fromJson(Files.readString(file));
    } catch (NoSuchFileException e) {
      return new ArrayList<>();
    } catch (IOException e) {
      throw new StoreUnavailableException("cannot read checkpoint " + file + " (" + e + ")", e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes a checkpoint file atomically: a temp file beside it is written and forced, renamed over
   * {@code file}, and the directory is forced. A crash leaves the old file or the new one.
   */
  public static void write(Path file, List<? extends List<?>> checkpoint) {
    byte[] bytes = toJson(checkpoint).getBytes(StandardCharsets.UTF_8);
    try {
      DurableFiles.replace(file, bytes);
    } catch (AtomicMoveNotSupportedException e) {
      throw new StoreUnavailableException(
          "cannot replace " + file + " atomically on this file system", e);
    } catch (IOException e) {
      throw new StoreUnavailableException("cannot write checkpoint " + file + " (" + e + ")", e);
    }
  }

  /**
   * Records one attempt of {@code step} in the checkpoint file (creating it), atomically as {@link
   * #write} does, and returns the new checkpoint. One process at a time per file.
   *
   * <pre>{@code
   * for (String step : Checkpoints.resumeFromCheckpoint(steps, Checkpoints.read(file))) {
   *   Checkpoints.record(file, step, run(step));
   * }
   * }</pre>
   */
  public static List<List<Object>> record(Path file, String step, boolean succeeded) {
    List<List<Object>> checkpoint = new ArrayList<>(read(file));
    checkpoint.add(List.of(requireName(step), succeeded));
    write(file, checkpoint);
    if (succeeded) {
      log.info("Checkpointed: {}", step);
    }
    return checkpoint;
  }

  private static String requireName(String step) {
    if (step == null) {
      throw new IllegalArgumentException("step names must not be null");
    }
    return step;
  }
}
