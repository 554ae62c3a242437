package dev.ratchet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratchet.internal.store.FileStoreProvider;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry of stores by URL, with only core's file store on the class path. */
class StoresTest {
  @TempDir Path dir;

  @Test
  void aPathOrAFileUrlIsTheFileStore() {
    assertThat(Stores.providerFor("runs/out.ratchet")).isInstanceOf(FileStoreProvider.class);
    assertThat(Stores.providerFor("file:/runs/out.ratchet")).isInstanceOf(FileStoreProvider.class);
    assertThat(Stores.providerFor("C:\\runs\\out.ratchet")).isInstanceOf(FileStoreProvider.class);
  }

  @Test
  void aUrlNoStoreTakesIsRefusedNamingTheFormsKnownWithoutThePassword() {
    assertThatThrownBy(() -> Stores.connect(StoreAddress.of("mysql://app:hunter2@db/jobs")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no store takes 'mysql://app:***@db/jobs'")
        .hasMessageContaining("file:PATH")
        .message()
        .doesNotContain("hunter2");
  }

  @Test
  void theSchemeIsReadInLowerCaseAndAPathHasNone() {
    assertThat(Stores.scheme("Redis://h")).isEqualTo("redis");
    assertThat(Stores.scheme("sqlite:/a.db")).isEqualTo("sqlite");
    assertThat(Stores.scheme("/a/b:c")).isNull();
  }

  @Test
  void anAddressNeverShowsAPassword() {
    StoreAddress address =
        StoreAddress.of("redis://u:in-url@h:6379/0").withPassword("in-file").asReadOnly();
    assertThat(address.toString()).doesNotContain("in-url").doesNotContain("in-file");
    assertThat(address.toString()).contains("redis://u:***@h:6379/0").contains("read-only");
  }

  /** A Redis ACL user with an empty password is written USER:@: there is nothing to hide. */
  @Test
  void anEmptyPasswordIsNotShownAsAHiddenOne() {
    assertThat(StoreAddress.mask("redis://alice:@h:6379/0")).isEqualTo("redis://alice:@h:6379/0");
    assertThat(StoreAddress.mask("forms: redis://[USER:@]HOST"))
        .isEqualTo("forms: redis://[USER:@]HOST");
    assertThat(StoreAddress.mask("redis://alice:pw@h:6379/0"))
        .isEqualTo("redis://alice:***@h:6379/0");
  }

  @Test
  void aFileUrlInspectsTheCheckpointWithoutCreatingIt() {
    Path checkpoint = dir.resolve("c.ratchet");
    try (StoreConnection c = Stores.connect(StoreAddress.of("file:" + checkpoint))) {
      assertThat(c.sharesRuns()).isFalse();
      assertThat(c.inspect(null).exists()).isFalse();
    }
    assertThat(checkpoint).doesNotExist();
    try (StoreConnection c = Stores.connect(StoreAddress.of("file:" + checkpoint));
        CheckpointStore store = c.store(null)) {
      store.open();
      store.commit(Commit.of(Change.Item.done("0", 1, null)));
    }
    try (StoreConnection c = Stores.connect(StoreAddress.of(checkpoint.toString()))) {
      assertThat(c.inspect(null).counts().done()).isEqualTo(1);
    }
  }
}
