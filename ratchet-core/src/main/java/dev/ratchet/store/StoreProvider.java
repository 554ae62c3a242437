package dev.ratchet.store;

/**
 * A kind of store found by its URL: the file store ({@code file:PATH} or a plain path), SQLite
 * ({@code sqlite:PATH}), PostgreSQL ({@code postgresql://…}) and Redis ({@code redis://…}) each
 * have one, registered for {@link java.util.ServiceLoader} in {@code
 * META-INF/services/dev.ratchet.store.StoreProvider} of the jar that holds the store. {@link
 * Stores#connect} asks each provider on the class path whether it {@linkplain #accepts accepts} a
 * URL and connects with the first that does.
 *
 * <p>Implementations are stateless and have a public no-argument constructor.
 */
public interface StoreProvider {
  /** The URL form this provider takes, for messages: {@code redis://HOST:PORT/DB}. */
  String urlForm();

  /** Whether {@code url} names a store of this kind (by its scheme; nothing is connected). */
  boolean accepts(String url);

  /**
   * Connects to the store. A {@linkplain StoreAddress#readOnly() read-only} connection creates and
   * migrates nothing. Messages of what it throws never hold the password.
   *
   * @throws IllegalArgumentException if the URL is malformed (the message says how to write it)
   * @throws dev.ratchet.StoreUnavailableException if the store cannot be reached or opened
   */
  StoreConnection connect(StoreAddress address);
}
