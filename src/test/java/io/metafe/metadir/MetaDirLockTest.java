package io.metafe.metadir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetaDirLockTest {
  @TempDir Path tmp;

  @Test
  void aSecondHolderIsRefusedWithThePidAndHomeOfTheFirstUntilItLetsGo() {
    Path root = tmp.resolve("meta");
    try (MetaDirLock first = MetaDirLock.acquire(root, "/opt/fe1")) {
      assertThat(first).isNotNull();
      assertThatThrownBy(() -> MetaDirLock.acquire(root, "/opt/fe2"))
          .isInstanceOf(MetaDirException.class)
          .hasMessageContaining("is in use by another FE (process " + ProcessHandle.current().pid())
          .hasMessageContaining("FE home /opt/fe1")
          .hasMessageContaining("give this FE its own meta_dir");
    }
    MetaDirLock.acquire(root, "/opt/fe2").close();
    assertThat(root.resolve(MetaDirLock.FILE)).exists();
  }
}
