package io.metafe.metadir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metafe.records.FrontendRole;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetaDirTest {
  @TempDir Path dir;

  private MetaDir.Stored create(MetaDir m) {
    return m.create(
        new ClusterIdentity(1234, "tok"),
        new NodeIdentity(
            FrontendRole.FOLLOWER, NodeIdentity.newName("127.0.0.1", 9010, 1700000000000L)));
  }

  @Test
  void firstStartCreatesVersionRoleAndBdbAndARestartReadsThem() throws Exception {
    MetaDir m = new MetaDir(dir.resolve("meta"));
    assertThat(m.load()).isNull();
    create(m);
    assertThat(Files.readString(m.imageDir().resolve("VERSION")))
        .contains("clusterId=1234")
        .contains("token=tok")
        .startsWith("#");
    assertThat(Files.readString(m.imageDir().resolve("ROLE")))
        .contains("role=FOLLOWER")
        .contains("name=127.0.0.1_9010_1700000000000");
    assertThat(m.bdbDir()).isDirectory();
    MetaDir.Stored again = new MetaDir(dir.resolve("meta")).load();
    assertThat(again.cluster().clusterId()).isEqualTo(1234);
    assertThat(again.node().hostPort()).isEqualTo("127.0.0.1:9010");
  }

  @Test
  void aMissingRoleOrVersionIsRefusedAndNothingIsDeleted() throws Exception {
    MetaDir m = new MetaDir(dir);
    create(m);
    Files.writeString(m.bdbDir().resolve("00000000.jdb"), "x");
    Files.delete(m.imageDir().resolve("ROLE"));
    assertThatThrownBy(m::load)
        .isInstanceOf(MetaDirException.class)
        .hasMessageContaining("ROLE is missing but")
        .hasMessageContaining("VERSION exists");
    assertThat(m.imageDir().resolve("VERSION")).exists();
  }

  @Test
  void anInterruptedFirstStartSaysWhichFileToDelete() throws Exception {
    MetaDir m = new MetaDir(dir);
    create(m);
    Files.delete(m.imageDir().resolve("VERSION"));
    assertThatThrownBy(m::load)
        .hasMessageContaining("first start of this FE was interrupted")
        .hasMessageContaining("delete " + m.imageDir().resolve("ROLE"));
    assertThat(m.imageDir().resolve("ROLE")).exists();
  }

  @Test
  void aJournalWithoutIdentityFilesIsRefused() throws Exception {
    MetaDir m = new MetaDir(dir);
    Files.createDirectories(m.bdbDir());
    Files.writeString(m.bdbDir().resolve("00000000.jdb"), "x");
    assertThatThrownBy(m::load).hasMessageContaining("has a journal in bdb/ but no image/VERSION");
    assertThat(m.bdbDir().resolve("00000000.jdb")).exists();
  }

  @Test
  void garbageInVersionOrRoleIsRefusedWithTheFile() throws Exception {
    MetaDir m = new MetaDir(dir);
    create(m);
    Files.writeString(m.imageDir().resolve("VERSION"), "clusterId=banana\n");
    assertThatThrownBy(m::load).hasMessageContaining("clusterId 'banana'");
    Files.writeString(m.imageDir().resolve("VERSION"), "clusterId=7\ntoken=t\n");
    Files.writeString(m.imageDir().resolve("ROLE"), "role=LEADER\nname=x_1_2\n");
    assertThatThrownBy(m::load).hasMessageContaining("role=LEADER");
    Files.writeString(m.imageDir().resolve("ROLE"), "role=REPLICA\nname=x_1_2\n");
    assertThat(m.load().node().role()).isEqualTo(FrontendRole.FOLLOWER);
  }
}
