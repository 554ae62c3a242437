package dev.ratchet.testkit;

/** The outcome of choosing a server: its URL, or why there is none (repeated to every caller). */
record Resolution(String url, String failure) {
  static Resolution of(String url) {
    return new Resolution(url, null);
  }

  static Resolution failed(String failure) {
    return new Resolution(null, failure);
  }

  String urlOrThrow() {
    if (url == null) {
      throw new IllegalStateException(failure);
    }
    return url;
  }
}
