package dev.ratchet.items;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ExactTextTest {
  @Property(tries = 2000)
  void anyBytesComeBackExactly(@ForAll @Size(max = 40) byte[] bytes) {
    String text = ExactText.decode(bytes, 0, bytes.length);
    assertThat(ExactText.bytes(text)).isEqualTo(bytes);
    boolean utf8 = ExactText.firstInvalidByte(bytes) < 0;
    assertThat(ExactText.isUtf8(text)).isEqualTo(utf8);
    if (utf8) {
      assertThat(text).isEqualTo(new String(bytes, StandardCharsets.UTF_8));
    }
  }

  @Property(tries = 500)
  void anyStringWithoutLoneSurrogatesIsItsUtf8(@ForAll String text) {
    if (ExactText.isUtf8(text)) {
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      assertThat(ExactText.bytes(text)).isEqualTo(utf8);
      assertThat(ExactText.decode(utf8, 0, utf8.length)).isEqualTo(text);
    }
  }

  @Test
  void aByteThatIsNotAsciiIsFoundWhereverItStands() {
    for (int length = 1; length <= 24; length++) {
      for (int at = 0; at < length; at++) {
        byte[] bytes = "abcdefghijklmnopqrstuvwxyz".substring(0, length).getBytes();
        bytes[at] = (byte) 0xff;
        String text = ExactText.decode(bytes, 0, length);
        assertThat(ExactText.isUtf8(text)).as("0xff at %d of %d", at, length).isFalse();
        assertThat(ExactText.bytes(text)).isEqualTo(bytes);
      }
    }
  }

  @Test
  void asciiSlicesAreTheirCharacters() {
    byte[] bytes = "xx plain ascii, line\r".getBytes(StandardCharsets.US_ASCII);
    assertThat(ExactText.decode(bytes, 3, 16)).isEqualTo("plain ascii, lin");
    byte[] mixed = {'a', (byte) 0xc3, (byte) 0xa9, 'b', (byte) 0xff};
    assertThat(ExactText.decode(mixed, 0, 4)).isEqualTo("a\u00e9b");
    assertThat(ExactText.bytes(ExactText.decode(mixed, 0, 5))).isEqualTo(mixed);
  }
}
