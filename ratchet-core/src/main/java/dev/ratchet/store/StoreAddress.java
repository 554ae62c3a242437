package dev.ratchet.store;

import java.util.Objects;

/**
 * A store as given to {@link Stores#connect}: its URL, a password kept apart from the URL (from a
 * file or the environment, so that it need not sit in a command line), and whether the caller only
 * reads. {@link #toString()} never shows the password, nor one written in the URL.
 *
 * @param url the store's URL: a path or {@code file:PATH}, {@code sqlite:PATH}, {@code
 *     postgresql://…}, {@code redis://…}
 * @param password the password, which takes the place of one in the URL; null for none
 * @param readOnly whether the connection only reads: it creates and migrates nothing
 */
public record StoreAddress(String url, String password, boolean readOnly) {
  public StoreAddress {
    Objects.requireNonNull(url, "url");
    if (url.isBlank()) {
      throw new IllegalArgumentException("a store URL must not be empty");
    }
  }

  /** The store at {@code url}, read and written, with the URL's own credentials. */
  public static StoreAddress of(String url) {
    return new StoreAddress(url, null, false);
  }

  /** The same address with {@code password} in place of the URL's. */
  public StoreAddress withPassword(String password) {
    return new StoreAddress(url, password, readOnly);
  }

  /** The same address, connected only to read. */
  public StoreAddress asReadOnly() {
    return new StoreAddress(url, password, true);
  }

  /** The URL with any password in it replaced by {@code ***}, for messages. */
  public String maskedUrl() {
    return mask(url);
  }

  /** {@code text} with the password of any {@code scheme://user:password@} replaced. */
  public static String mask(String text) {
    return text == null ? null : text.replaceAll("(//[^/@:\\s]*:)[^@/\\s]+@", "$1***@");
  }

  @Override
  public String toString() {
    return "StoreAddress["
        + maskedUrl()
        + (password == null ? "" : ", password ***")
        + (readOnly ? ", read-only" : "")
        + "]";
  }
}
