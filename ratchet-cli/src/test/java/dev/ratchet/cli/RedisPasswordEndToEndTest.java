package dev.ratchet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.cli.store.StoreOptions;
import dev.ratchet.redis.RedisDatabase;
import dev.ratchet.redis.RedisTarget;
import dev.ratchet.testkit.TestServices;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Redis password from {@code --password-file} or {@value StoreOptions#PASSWORD_ENV}, so that it
 * need not be in the command line, and never printed. The server is the shared test Redis ({@link
 * TestServices}); the password belongs to an ACL user of this test's own, removed afterwards, so
 * other tests using the server's default user are not disturbed.
 */
class RedisPasswordEndToEndTest {
  private static final String PASSWORD = "s3cret-" + UUID.randomUUID().toString().substring(0, 8);

  @TempDir Path dir;

  private RedisTarget server;
  private String user;
  private String url;

  @BeforeEach
  void createUser() {
    server = RedisTarget.parse(TestServices.redis());
    user = "ratchet-test-" + UUID.randomUUID().toString().substring(0, 8);
    redis(
        c ->
            c.aclSetuser(
                user,
                AclSetuserArgs.Builder.on()
                    .addPassword(PASSWORD)
                    .allKeys()
                    .allChannels()
                    .allCommands()));
    // user, no password: it comes from the file or the environment
    url = "redis://" + user + ":@" + server.host() + ":" + server.port() + "/" + server.database();
  }

  @AfterEach
  void deleteUser() {
    redis(c -> c.aclDeluser(user));
  }

  @Test
  void thePasswordComesFromAFileOrTheEnvironmentAndIsNeverPrinted() throws Exception {
    String runId = "cli-password-" + UUID.randomUUID().toString().substring(0, 8);
    Files.write(dir.resolve("in.txt"), List.of("a", "b", "c"));
    Path passwordFile = Files.writeString(dir.resolve("pw"), PASSWORD + "\n");
    ChildCli cli = new ChildCli(dir);
    try {
      CliResult process =
          cli.run(
              "process",
              "--store",
              url,
              "--run-id",
              runId,
              "--input",
              "in.txt",
              "--password-file",
              passwordFile.toString());
      assertThat(process.exitCode()).as(process.toString()).isZero();
      assertThat(process.out() + process.err()).doesNotContain(PASSWORD);

      CliResult history =
          cli.run(
              "history",
              "--store",
              url,
              "--password-file",
              passwordFile.toString(),
              "--run-id",
              runId,
              "--json");
      assertThat(history.out()).as(history.toString()).doesNotContain(PASSWORD);
      List<String> resume = new ArrayList<>();
      new ObjectMapper()
          .readTree(history.out())
          .get(0)
          .get("command")
          .forEach(a -> resume.add(a.asText()));
      assertThat(resume)
          .as("the recorded command names the user and the password file")
          .containsSequence("--store", url)
          .containsSequence("--password-file", passwordFile.toAbsolutePath().toString());
      CliResult again = cli.run(resume.subList(1, resume.size()).toArray(String[]::new));
      assertThat(again.exitCode()).as("the recorded command works: " + again).isZero();
      assertThat(again.out()).contains("finished.");

      ChildCli withEnv = new ChildCli(dir).environment(StoreOptions.PASSWORD_ENV, PASSWORD);
      CliResult status = withEnv.run("status", "--store", url, "--run-id", runId, "--json");
      assertThat(status.exitCode()).as(status.toString()).isZero();
      assertThat(new ObjectMapper().readTree(status.out()).get("counts").get("done").asLong())
          .isEqualTo(3);
      assertThat(status.out() + status.err()).doesNotContain(PASSWORD);

      CliResult none = cli.run("status", "--store", url, "--run-id", runId);
      assertThat(none.exitCode()).as(none.toString()).isEqualTo(ExitCodes.CHECKPOINT);

      String wrong = "wrong-" + PASSWORD;
      CliResult refused =
          new ChildCli(dir)
              .environment(StoreOptions.PASSWORD_ENV, wrong)
              .run("status", "--store", url, "--run-id", runId);
      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.CHECKPOINT);
      assertThat(refused.err()).contains(user);
      assertThat(refused.out() + refused.err()).doesNotContain(wrong);
    } finally {
      try (RedisDatabase db = RedisDatabase.connect(server)) {
        db.run(runId).delete();
      }
    }
  }

  private void redis(Consumer<RedisCommands<String, String>> action) {
    RedisClient client = RedisClients.of(server);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      action.accept(c.sync());
    } finally {
      client.shutdown();
    }
  }
}
