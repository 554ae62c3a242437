package dev.ratchet.internal.items;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.ByteRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The input fingerprint counts newlines eight bytes at a time; it must count each exactly. */
class NewlineCountTest {
  @Property(tries = 3000)
  void countsEveryNewlineAndNothingElse(
      @ForAll @Size(max = 70) byte[] bytes, @ForAll @ByteRange(min = 0, max = 70) byte cut) {
    int length = Math.min(bytes.length, cut);
    long naive = 0;
    for (int i = 0; i < length; i++) {
      naive += bytes[i] == '\n' ? 1 : 0;
    }
    assertThat(LinesSource.countNewlines(bytes, length)).isEqualTo(naive);
  }

  @Test
  void bytesNextToANewlineAreNotNewlines() {
    byte[] near = {'\n', 0x0B, 0x09, (byte) 0x8A, 0x0A, 0x00, (byte) 0xFF, 0x0A, '\n', 'a'};
    assertThat(LinesSource.countNewlines(near, near.length)).isEqualTo(4);
    byte[] all = new byte[64];
    java.util.Arrays.fill(all, (byte) '\n');
    assertThat(LinesSource.countNewlines(all, 64)).isEqualTo(64);
    assertThat(LinesSource.countNewlines(all, 61)).isEqualTo(61);
    assertThat(LinesSource.countNewlines(new byte[64], 64)).isZero();
  }
}
