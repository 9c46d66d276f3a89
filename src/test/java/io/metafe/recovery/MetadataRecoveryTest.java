package io.metafe.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metafe.catalog.Catalog;
import io.metafe.image.ImageStore;
import io.metafe.metadir.ClusterIdentity;
import io.metafe.metadir.MetaDir;
import io.metafe.metadir.NodeIdentity;
import io.metafe.records.AddFrontend;
import io.metafe.records.FrontendRole;
import io.metafe.time.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decisions around a bdbje group reset, on a real meta_dir with a fake reset and a fake probe.
 */
class MetadataRecoveryTest {
  private static final String SELF = "127.0.0.1_9010_1";

  @TempDir Path tmp;

  private final AtomicInteger resets = new AtomicInteger();

  private MetaDir metaDir(FrontendRole role) throws Exception {
    MetaDir dir = new MetaDir(tmp.resolve("meta"));
    dir.create(new ClusterIdentity(42, "token"), new NodeIdentity(role, SELF));
    Catalog c =
        Catalog.empty()
            .apply(1, new AddFrontend(SELF, role, "127.0.0.1", 9010, 8030))
            .apply(
                2,
                new AddFrontend(
                    "127.0.0.2_9010_2", FrontendRole.FOLLOWER, "127.0.0.2", 9010, 8030));
    new ImageStore(dir.imageDir()).checkpoint(c, 42, Clock.system());
    return dir;
  }

  private boolean run(MetaDir dir, RecoveryRequest request, String otherType) {
    return runWith(
        dir,
        request,
        otherType == null
            ? List.of()
            : List.of(
                new PeerAnswer(
                    OTHER, "127.0.0.2:8030", otherType, 42, "127.0.0.2:9010", true, false, null)));
  }

  private boolean runWith(MetaDir dir, RecoveryRequest request, List<PeerAnswer> answers) {
    return new MetadataRecovery(
            dir,
            dir.load(),
            request,
            new MetadataRecovery.PeerCheck() {
              @Override
              public List<PeerAnswer> probe() {
                return answers;
              }

              @Override
              public int probed() {
                return 1;
              }
            })
        .run(resets::incrementAndGet);
  }

  private static final String OTHER = "127.0.0.2_9010_2 at 127.0.0.2:9010";

  private static RecoveryRequest conf() {
    return new RecoveryRequest(false, "metadata_failure_recovery", false, true);
  }

  private static RecoveryRequest oneShot() {
    return new RecoveryRequest(true, null, false, true);
  }

  @Test
  void aFlagInFeConfResetsOnceAndIsIgnoredWhileLeftOnUntilAStartWithoutIt() throws Exception {
    MetaDir dir = metaDir(FrontendRole.FOLLOWER);
    assertThat(run(dir, conf(), null)).isTrue();
    assertThat(dir.imageDir().resolve("RECOVERY")).exists();
    assertThat(run(dir, conf(), null)).as("left on: no second reset").isFalse();
    assertThat(resets.get()).isEqualTo(1);
    assertThat(run(dir, new RecoveryRequest(false, null, false, true), null)).isFalse();
    assertThat(dir.imageDir().resolve("RECOVERY")).doesNotExist();
    assertThat(run(dir, conf(), null)).as("a new recovery after the flag was removed").isTrue();
    assertThat(resets.get()).isEqualTo(2);
  }

  @Test
  void theOneShotOptionAlwaysResetsAndLeavesNoMarker() throws Exception {
    MetaDir dir = metaDir(FrontendRole.FOLLOWER);
    assertThat(run(dir, oneShot(), null)).isTrue();
    assertThat(run(dir, oneShot(), null)).isTrue();
    assertThat(resets.get()).isEqualTo(2);
    assertThat(dir.imageDir().resolve("RECOVERY")).doesNotExist();
  }

  @Test
  void anObserverIsRefusedWithWhatToChange() throws Exception {
    MetaDir dir = metaDir(FrontendRole.OBSERVER);
    assertThatThrownBy(() -> run(dir, conf(), null))
        .isInstanceOf(RecoveryRefusedException.class)
        .hasMessageContaining("says role=OBSERVER")
        .hasMessageContaining("change it to role=FOLLOWER");
    assertThat(resets.get()).isZero();
  }

  @Test
  void aLiveMasterRefusesTheResetUnlessForced() throws Exception {
    MetaDir dir = metaDir(FrontendRole.FOLLOWER);
    assertThatThrownBy(() -> run(dir, oneShot(), "MASTER"))
        .hasMessageContaining("127.0.0.2_9010_2")
        .hasMessageContaining("answers as MASTER")
        .hasMessageContaining("--force_recovery");
    assertThat(resets.get()).isZero();
    assertThat(run(dir, oneShot(), "FOLLOWER")).as("a live follower does not block").isTrue();
    assertThat(run(dir, new RecoveryRequest(true, null, true, true), "MASTER")).isTrue();
  }

  @Test
  void aFollowerOfALiveMasterRefusesTheResetEvenWithoutHttp() throws Exception {
    MetaDir dir = metaDir(FrontendRole.FOLLOWER);
    // Only bdbje answers (the HTTP port is unknown or closed), naming the master it follows.
    List<PeerAnswer> answers =
        List.of(
            new PeerAnswer(
                OTHER,
                "127.0.0.2:8030",
                null,
                0,
                "127.0.0.2:9010",
                true,
                false,
                "127.0.0.3_9010_3"));
    assertThatThrownBy(() -> runWith(dir, oneShot(), answers))
        .isInstanceOf(RecoveryRefusedException.class)
        .hasMessageContaining("replication group whose master is 127.0.0.3_9010_3")
        .hasMessageContaining("nothing was changed")
        .hasMessageContaining("--helper 127.0.0.3:9010");
    assertThat(resets.get()).isZero();
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.noneMatch(p -> p.getFileName().toString().contains("recovery-backup"))).isTrue();
    }
  }

  @Test
  void anFeOfAnotherClusterOrWithoutAMasterDoesNotBlock() throws Exception {
    MetaDir dir = metaDir(FrontendRole.FOLLOWER);
    // A MASTER of cluster 7 now answers at the old address; another FE answers but knows no master;
    // one is paused.
    List<PeerAnswer> answers =
        List.of(
            new PeerAnswer(
                OTHER, "127.0.0.2:8030", "MASTER", 7, "127.0.0.2:9010", true, false, "x_1_1"),
            new PeerAnswer(
                "b at 127.0.0.4:9010",
                "127.0.0.4:8030",
                "UNKNOWN",
                42,
                "127.0.0.4:9010",
                true,
                false,
                null),
            new PeerAnswer(
                "c at 127.0.0.5:9010",
                "127.0.0.5:8030",
                null,
                0,
                "127.0.0.5:9010",
                false,
                true,
                null));
    assertThat(runWith(dir, oneShot(), answers)).isTrue();
    assertThat(resets.get()).isEqualTo(1);
  }

  @Test
  void theMetaDirIsBackedUpBesideItBeforeTheResetUnlessDisabled() throws Exception {
    MetaDir dir = metaDir(FrontendRole.FOLLOWER);
    run(dir, oneShot(), null);
    List<Path> backups;
    try (Stream<Path> s = Files.list(tmp)) {
      backups =
          s.filter(p -> p.getFileName().toString().startsWith("meta.recovery-backup-")).toList();
    }
    assertThat(backups)
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.resolve("image/ROLE")).exists();
              assertThat(b.resolve("image/image.2")).exists();
            });
    run(dir, new RecoveryRequest(true, null, false, false), null);
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.filter(p -> p.getFileName().toString().startsWith("meta.recovery-backup-")))
          .hasSize(1);
    }
  }
}
