package dev.ratchet.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresTargetTest {
  @TempDir Path home;

  @Test
  void aUrlGivesHostPortDatabaseUserPasswordAndSchema() {
    PostgresTarget t =
        PostgresTarget.parse(
            "postgresql://ann:s%40cret@db.example:6543/jobs?schema=etl&sslmode=require",
            Map.of(), home);
    assertThat(t.host()).isEqualTo("db.example");
    assertThat(t.port()).isEqualTo(6543);
    assertThat(t.database()).isEqualTo("jobs");
    assertThat(t.user()).isEqualTo("ann");
    assertThat(t.schema()).isEqualTo("etl");
    assertThat(t.driverProperties())
        .containsEntry("password", "s@cret")
        .containsEntry("sslmode", "require");
    assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/jobs");
  }

  @Test
  void theJdbcFormWithUserAndPasswordParametersWorksToo() {
    PostgresTarget t =
        PostgresTarget.parse(
            "jdbc:postgresql://10.0.0.5/app?user=bob&password=pw&currentSchema=s1", Map.of(), home);
    assertThat(t.port()).isEqualTo(5432);
    assertThat(t.user()).isEqualTo("bob");
    assertThat(t.schema()).isEqualTo("s1");
    assertThat(t.hasPassword()).isTrue();
  }

  @Test
  void whatTheUrlLeavesOutComesFromPgVariables() {
    PostgresTarget t =
        PostgresTarget.parse(
            "postgresql://",
            Map.of(
                "PGHOST",
                "h1",
                "PGPORT",
                "7777",
                "PGDATABASE",
                "d1",
                "PGUSER",
                "u1",
                "PGPASSWORD",
                "p1"),
            home);
    assertThat(t.display()).isEqualTo("postgresql://u1:***@h1:7777/d1");
    assertThat(t.driverProperties()).containsEntry("password", "p1");
  }

  @Test
  void thePasswordFileIsReadWhenNoPasswordIsGiven() throws Exception {
    Files.writeString(
        home.resolve(".pgpass"), "# comment\nother:5432:*:u:wrong\nh:5432:*:u:pa\\:ss\n");
    PostgresTarget t = PostgresTarget.parse("postgresql://u@h/db", Map.of(), home);
    assertThat(t.driverProperties()).containsEntry("password", "pa:ss");
    Path custom = home.resolve("custom-pass");
    Files.writeString(custom, "*:*:*:*:fromfile\n");
    assertThat(
            PostgresTarget.parse(
                    "postgresql://u@h/db", Map.of("PGPASSFILE", custom.toString()), home)
                .driverProperties())
        .containsEntry("password", "fromfile");
  }

  @Test
  void thePasswordIsNeverShown() {
    String url = "postgresql://ann:topsecret@h/db?password=alsosecret";
    PostgresTarget t = PostgresTarget.parse(url, Map.of(), home);
    assertThat(t.toString())
        .doesNotContain("topsecret")
        .doesNotContain("alsosecret")
        .contains("***");
    assertThat(PostgresTarget.mask(url)).doesNotContain("topsecret").doesNotContain("alsosecret");
    assertThat(PostgresTarget.mask("jdbc:postgresql://h/db?user=a&password=x1&ssl=true"))
        .isEqualTo("jdbc:postgresql://h/db?user=a&password=***&ssl=true");
  }

  @Test
  void badUrlsAreRefusedWithoutShowingThePassword() {
    assertThatThrownBy(() -> PostgresTarget.parse("mysql://u:pw123@h/db", Map.of(), home))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a PostgreSQL URL")
        .hasMessageNotContaining("pw123");
    assertThatThrownBy(() -> PostgresTarget.parse("postgresql://u:pw123@h:port/db", Map.of(), home))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port must be a number")
        .hasMessageNotContaining("pw123");
  }
}
