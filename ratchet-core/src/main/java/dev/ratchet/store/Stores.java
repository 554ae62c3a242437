package dev.ratchet.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry of stores found by URL: each {@link StoreProvider} on the class path (found with
 * {@link ServiceLoader}) is asked in turn whether it takes a URL.
 *
 * <pre>{@code
 * try (StoreConnection store = Stores.connect(StoreAddress.of("redis://127.0.0.1:6379/0"))) {
 *   CheckpointInfo info = store.inspect("nightly");
 * }
 * }</pre>
 */
public final class Stores {
  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):");

  private Stores() {}

  /**
   * The scheme of {@code url} in lower case ({@code "redis"} for {@code redis://…}, {@code
   * "sqlite"} for {@code sqlite:…}), or null for a plain path (a one-letter scheme is a Windows
   * drive, so a path too).
   */
  public static String scheme(String url) {
    Matcher m = SCHEME.matcher(url.trim());
    return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
  }

  /** The providers on the class path of this class's loader, in the order they were found. */
  public static List<StoreProvider> providers() {
    List<StoreProvider> providers = new ArrayList<>();
    ServiceLoader.load(StoreProvider.class, Stores.class.getClassLoader()).forEach(providers::add);
    return providers;
  }

  /**
   * The provider that takes {@code url}.
   *
   * @throws IllegalArgumentException naming the URL forms known, if none takes it
   */
  public static StoreProvider providerFor(String url) {
    Objects.requireNonNull(url, "url");
    List<StoreProvider> providers = providers();
    for (StoreProvider provider : providers) {
      if (provider.accepts(url)) {
        return provider;
      }
    }
    throw new IllegalArgumentException(
        "no store takes '"
            + StoreAddress.mask(url)
            + "'; known: "
            + String.join(", ", providers.stream().map(StoreProvider::urlForm).toList()));
  }

  /**
   * Connects to the store at {@code address} through the provider that takes its URL.
   *
   * @throws IllegalArgumentException if no provider takes the URL, or it is malformed
   * @throws dev.ratchet.StoreUnavailableException if the store cannot be reached or opened
   */
  public static StoreConnection connect(StoreAddress address) {
    return providerFor(address.url()).connect(address);
  }
}
