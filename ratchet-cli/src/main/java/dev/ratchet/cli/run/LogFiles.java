package dev.ratchet.cli.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Safe log file names for steps. A step name is any text, so it never becomes a path: the file name
 * keeps up to 40 of its letters, digits, dots, dashes and underscores (others become '_') and adds
 * a hash of the full name, so that different names never share a file.
 */
final class LogFiles {
  private LogFiles() {}

  static String fileName(String step) {
    StringBuilder safe = new StringBuilder();
    for (int i = 0; i < step.length() && safe.length() < 40; i++) {
      char c = step.charAt(i);
      boolean plain =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_'
              || (c == '.' && i > 0);
      safe.append(plain ? c : '_');
    }
    return safe + "-" + hash(step) + ".log";
  }

  private static String hash(String step) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(step.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
