package dev.ratchet.redis;

/**
 * What a Redis server's persistence settings mean for an acknowledged commit, read on connect with
 * {@code CONFIG GET}.
 *
 * @param appendonly the server's {@code appendonly} setting, or null if it could not be read
 * @param appendfsync the server's {@code appendfsync} setting, or null
 * @param save the server's RDB {@code save} schedule (empty: no snapshots), or null
 * @param survivesRestart true only with {@code appendonly yes} and {@code appendfsync always}: then
 *     Redis fsyncs every write before acknowledging it
 * @param warning what can be lost and how to fix it, or null when commits are durable
 */
public record RedisDurability(
    String appendonly, String appendfsync, String save, boolean survivesRestart, String warning) {

  /** Judges the settings as read ({@code null}: the value could not be read). */
  public static RedisDurability of(String appendonly, String appendfsync, String save) {
    String fix =
        " Set 'appendonly yes' and 'appendfsync always' on the server for durable commits.";
    if (appendonly == null) {
      return new RedisDurability(
          null,
          appendfsync,
          save,
          false,
          "cannot read the server's persistence settings (CONFIG GET is not allowed):"
              + " acknowledged commits may not survive a Redis restart."
              + fix);
    }
    if (!"yes".equalsIgnoreCase(appendonly)) {
      String snapshots =
          save == null || save.isBlank()
              ? "and RDB snapshots are off: a Redis restart loses the whole checkpoint."
              : "and RDB snapshots ('save "
                  + save
                  + "') are periodic: a Redis restart loses every"
                  + " commit since the last snapshot.";
      return new RedisDurability(
          appendonly,
          appendfsync,
          save,
          false,
          "Redis runs without an append-only file (appendonly "
              + appendonly
              + ") "
              + snapshots
              + fix);
    }
    if (!"always".equalsIgnoreCase(appendfsync)) {
      return new RedisDurability(
          appendonly,
          appendfsync,
          save,
          false,
          "Redis fsyncs its append-only file only '"
              + appendfsync
              + "': a crash of the Redis"
              + " host can lose commits that were acknowledged (up to about a second with"
              + " everysec)."
              + fix);
    }
    return new RedisDurability(appendonly, appendfsync, save, true, null);
  }
}
