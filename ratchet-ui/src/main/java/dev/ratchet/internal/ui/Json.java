package dev.ratchet.internal.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;

/** The dashboard's JSON: times as ISO-8601 text. */
final class Json {
  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(
              new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance))
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private Json() {}
}
