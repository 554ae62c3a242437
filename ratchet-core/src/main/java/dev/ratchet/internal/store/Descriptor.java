package dev.ratchet.internal.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratchet.CheckpointDamagedException;
import dev.ratchet.RatchetException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The checkpoint descriptor ({@code checkpoint.json}): format version and whether records carry an
 * HMAC. Human-readable; the run id and creation time are repeated for people, the journal holds the
 * authoritative copies.
 */
record Descriptor(int formatVersion, boolean mac, String runId) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MAC_NONE = "none";
  private static final String MAC_HMAC = "hmac-sha256";

  Descriptor(int formatVersion, boolean mac) {
    this(formatVersion, mac, null);
  }

  byte[] encode(String runId, String created) {
    ObjectNode node = JSON.createObjectNode();
    node.put("format", formatVersion);
    node.put("store", "ratchet-journal");
    node.put("mac", mac ? MAC_HMAC : MAC_NONE);
    node.put("runId", runId);
    node.put("created", created);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Descriptor read(StoreFileSystem fs, Path file) throws IOException {
    byte[] bytes;
    try (StoreFile in = fs.openForRead(file)) {
      long size = in.size();
      if (size > 1 << 20) {
        throw new CheckpointDamagedException(file, 0, "descriptor is " + size + " bytes long");
      }
      ByteBuffer buf = ByteBuffer.allocate((int) size);
      while (buf.hasRemaining() && in.read(buf, buf.position()) >= 0) {
        // read fully
      }
      bytes = buf.array();
    }
    JsonNode node;
    try {
      node = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new CheckpointDamagedException(file, 0, "descriptor is not valid JSON");
    }
    if (node == null || !node.path("format").canConvertToInt()) {
      throw new CheckpointDamagedException(file, 0, "descriptor has no format version");
    }
    int format = node.path("format").asInt();
    if (format > FileHeader.FORMAT_VERSION) {
      throw new CheckpointDamagedException(
          file,
          0,
          "written by a newer Ratchet (format "
              + format
              + "); this build reads format "
              + FileHeader.FORMAT_VERSION
              + ", upgrade Ratchet to resume it");
    }
    if (format < 1) {
      throw new CheckpointDamagedException(file, 0, "unknown format version " + format);
    }
    if (!node.path("mac").isTextual()) {
      throw new CheckpointDamagedException(file, 0, "descriptor has no MAC mode");
    }
    String mac = node.path("mac").asText();
    if (!mac.equals(MAC_NONE) && !mac.equals(MAC_HMAC)) {
      throw new CheckpointDamagedException(file, 0, "unknown MAC mode '" + mac + "'");
    }
    JsonNode runId = node.path("runId");
    return new Descriptor(format, mac.equals(MAC_HMAC), runId.isTextual() ? runId.asText() : null);
  }

  /**
   * Refuses state whose run id ({@code recorded}, read from {@code file}) is not the run this
   * descriptor names: the files of two checkpoints were mixed, for example a journal copied from
   * another run with the same key.
   */
  void checkRunId(Path file, String recorded) {
    if (runId != null && recorded != null && !runId.equals(recorded)) {
      throw new CheckpointDamagedException(
          file,
          0,
          "it belongs to run "
              + recorded
              + " but checkpoint.json names run "
              + runId
              + " (files of two checkpoints were mixed)");
    }
  }

  /** Refuses to open a MAC-protected checkpoint without a key, or a plain one with a key. */
  void checkKey(String location, boolean keyGiven) {
    if (mac && !keyGiven) {
      throw new RatchetException(
          "checkpoint "
              + location
              + " is protected by an HMAC key; open it with the same key (hmacKey(...) in code;"
              + " --key-file FILE or RATCHET_KEY_FILE=FILE for the ratchet command)");
    }
    if (!mac && keyGiven) {
      throw new RatchetException(
          "checkpoint "
              + location
              + " was written without an HMAC key but a key was given; open it without a key,"
              + " or start fresh to protect a new checkpoint");
    }
  }
}
