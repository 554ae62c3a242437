package dev.ratchet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --key-file FILE} (or {@code RATCHET_KEY_FILE=FILE}): protect the checkpoint with an
 * HMAC-SHA256 chain under the file's bytes, so that a record edited on disk is refused. A picocli
 * mixin of the commands that write checkpoints.
 */
public final class KeyFileOption {
  /** The environment variable naming a key file when {@code --key-file} is absent. */
  public static final String ENV = "RATCHET_KEY_FILE";

  @Option(
      names = "--key-file",
      paramLabel = "FILE",
      defaultValue = "${env:" + ENV + "}",
      description =
          "Protect the checkpoint with an HMAC-SHA256 chain keyed by this file's bytes (at least"
              + " 16; e.g. head -c 32 /dev/urandom > FILE): a record edited on disk is refused."
              + " A checkpoint written with a key needs it to resume. Default: $"
              + ENV
              + ".")
  Path keyFile;

  /** The key's bytes, or null when no key file is given. */
  public byte[] key() {
    if (keyFile == null) {
      return null;
    }
    byte[] key;
    try {
      key = Files.readAllBytes(keyFile);
    } catch (IOException e) {
      throw new UsageException("cannot read the key file " + keyFile + " (" + e + ")");
    }
    if (key.length < 16) {
      throw new UsageException(
          "the key file "
              + keyFile
              + " holds "
              + key.length
              + " bytes; a key needs at least 16 (head -c 32 /dev/urandom > "
              + keyFile
              + ")");
    }
    return key;
  }

  /** {@code --key-file FILE} for a resume command, or nothing. */
  public List<String> resumeArguments() {
    return keyFile == null
        ? List.of()
        : List.of("--key-file", keyFile.toAbsolutePath().normalize().toString());
  }
}
