package dev.ratchet.items;

import java.io.ByteArrayOutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Text that keeps its bytes: how {@link Sources#lines} turns a line into a {@code String} without
 * changing a byte. Valid UTF-8 becomes its characters; each byte that is not part of valid UTF-8
 * becomes one lone surrogate {@code U+DC80…U+DCFF} (the "surrogate escape" Python uses for file
 * names), so {@link #bytes} gives back exactly the bytes read, and {@link #isUtf8} tells whether
 * the text can be written as JSON text as it is. Ratchet's JSON-lines records write an input that
 * is not UTF-8 as {@code "input_base64"} (see {@link OutputRecords}).
 */
public final class ExactText {
  private static final char ESCAPE_BASE = '\uDC00';

  private ExactText() {}

  /** The text of {@code length} bytes from {@code offset}, bytes that are not UTF-8 escaped. */
  public static String decode(byte[] bytes, int offset, int length) {
    if (isAscii(bytes, offset, length)) {
      return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }
    CharsetDecoder decoder = strictDecoder();
    ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
    CharBuffer out = CharBuffer.allocate(length);
    while (in.hasRemaining()) {
      // (UTF-8 decoding keeps no state between calls, so there is nothing to flush)
      CoderResult result = decoder.decode(in, out, true);
      if (result.isUnderflow()) {
        if (!in.hasRemaining()) {
          break;
        }
        // a sequence cut at the end: its bytes are escaped one by one below
        result = CoderResult.malformedForLength(in.remaining());
      }
      if (result.isOverflow()) {
        throw new IllegalStateException("decoding " + length + " bytes overflowed");
      }
      for (int i = 0; i < result.length(); i++) {
        out.put((char) (ESCAPE_BASE + (in.get() & 0xff)));
      }
      decoder.reset();
    }
    return out.flip().toString();
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Whether no byte has its top bit set, tested eight bytes at a time. */
  private static boolean isAscii(byte[] bytes, int offset, int length) {
    int i = offset;
    int end = offset + length;
    long high = 0;
    for (; i <= end - 8; i += 8) {
      high |= (long) LONGS.get(bytes, i);
    }
    for (; i < end; i++) {
      high |= bytes[i];
    }
    return (high & 0x8080808080808080L) == 0;
  }

  /** The bytes {@code text} was decoded from (UTF-8, escaped bytes given back as they were). */
  public static byte[] bytes(String text) {
    if (isUtf8(text)) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 16);
    int runStart = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        out.writeBytes(text.substring(runStart, i).getBytes(StandardCharsets.UTF_8));
        if (c >= ESCAPE_BASE + 0x80 && c <= ESCAPE_BASE + 0xff) {
          out.write(c - ESCAPE_BASE);
        } else {
          out.writeBytes("\uFFFD".getBytes(StandardCharsets.UTF_8));
        }
        runStart = i + 1;
      }
    }
    out.writeBytes(text.substring(runStart).getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** Whether {@code text} is valid UTF-8 as it is: it holds no lone surrogate. */
  public static boolean isUtf8(String text) {
    for (int i = 0, n = text.length(); i < n; i++) {
      if (Character.isSurrogate(text.charAt(i))) {
        return pairedFrom(text, i); // (one test per character until the first surrogate)
      }
    }
    return true;
  }

  /** Whether every surrogate of {@code text} from {@code from} on is half of a pair. */
  private static boolean pairedFrom(String text, int from) {
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** The exact bytes of {@code text} in base64. */
  public static String base64(String text) {
    return Base64.getEncoder().encodeToString(bytes(text));
  }

  /**
   * The position of the first byte of {@code bytes} that is not part of valid UTF-8, or -1 if all
   * of them are.
   */
  public static int firstInvalidByte(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CoderResult result = strictDecoder().decode(in, CharBuffer.allocate(bytes.length), true);
    return result.isError() ? in.position() : -1;
  }

  private static CharsetDecoder strictDecoder() {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }
}
