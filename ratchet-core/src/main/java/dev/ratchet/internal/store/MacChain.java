package dev.ratchet.internal.store;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 chain over a file's records: each record's MAC covers the previous MAC (or, for
 * the first record, the MAC of the file header) and the record's type and payload, so a changed,
 * removed, reordered or transplanted record breaks the chain. Not thread-safe. The key is never
 * printed.
 */
final class MacChain {
  static final int LENGTH = 32;

  private final Mac mac;
  private byte[] previous;

  private MacChain(Mac mac, byte[] header) {
    this.mac = mac;
    this.previous = mac.doFinal(header);
  }

  /** A chain starting at {@code header}, or null when {@code key} is null (no MAC). */
  static MacChain start(byte[] key, byte[] header) {
    if (key == null) {
      return null;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return new MacChain(mac, header);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /** The MAC of the next record; advances the chain. */
  byte[] next(byte type, byte[] payload, int offset, int length) {
    mac.update(previous);
    mac.update(type);
    mac.update(payload, offset, length);
    previous = mac.doFinal();
    return previous;
  }

  /** Checks the next record's MAC; advances the chain only if it matches. */
  boolean verifyNext(byte type, byte[] payload, int offset, int length, byte[] expected) {
    byte[] saved = previous;
    byte[] actual = next(type, payload, offset, length);
    if (!MessageDigest.isEqual(actual, expected)) {
      previous = saved;
      return false;
    }
    return true;
  }
}
