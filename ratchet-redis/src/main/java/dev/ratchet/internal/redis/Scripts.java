package dev.ratchet.internal.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The Lua scripts that make every multi-key change atomic. Each is {@code common.lua} and {@code
 * chunks.lua} (the layout of shared runs) followed by its own file; it is called by SHA and loaded
 * again when the server does not know it.
 */
public enum Scripts {
  INIT("init.lua", ScriptOutputType.MULTI),
  COMMIT("commit.lua", ScriptOutputType.INTEGER),
  RENEW("renew.lua", ScriptOutputType.INTEGER),
  RELEASE("release.lua", ScriptOutputType.INTEGER),
  DELETE("delete.lua", ScriptOutputType.INTEGER),
  LOAD("load.lua", ScriptOutputType.MULTI),
  CLAIM("claim.lua", ScriptOutputType.MULTI),
  COMPLETE("complete.lua", ScriptOutputType.MULTI),
  HEARTBEAT("heartbeat.lua", ScriptOutputType.INTEGER),
  LEAVE("leave.lua", ScriptOutputType.INTEGER),
  RETRY_FAILED("retry_failed.lua", ScriptOutputType.INTEGER),
  PROGRESS("progress.lua", ScriptOutputType.MULTI),
  SAVE_STEP("save_step.lua", ScriptOutputType.INTEGER),
  MARK("mark.lua", ScriptOutputType.MULTI);

  private final String text;
  private final ScriptOutputType output;
  private volatile String sha;

  Scripts(String file, ScriptOutputType output) {
    this.text = resource("common.lua") + "\n" + resource("chunks.lua") + "\n" + resource(file);
    this.output = output;
  }

  /** Runs the script on the checkpoint with key prefix {@code prefix}. */
  @SuppressWarnings("unchecked")
  public <T> T run(RedisCommands<String, String> redis, String prefix, String... args) {
    String[] keys = {prefix};
    String known = sha;
    if (known != null) {
      try {
        return (T) redis.evalsha(known, output, keys, args);
      } catch (RedisNoScriptException e) {
        // the server restarted or flushed its scripts: load it again
      }
    }
    sha = redis.scriptLoad(text);
    return (T) redis.evalsha(sha, output, keys, args);
  }

  private static String resource(String name) {
    try (InputStream in = Scripts.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing script resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
