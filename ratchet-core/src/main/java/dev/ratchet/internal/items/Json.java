package dev.ratchet.internal.items;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON mapper for memoized sub-step values. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}
}
