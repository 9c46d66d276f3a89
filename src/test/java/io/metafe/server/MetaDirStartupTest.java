package io.metafe.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metafe.config.ConfigFile;
import io.metafe.config.FeConfig;
import io.metafe.metadir.ClusterIdentity;
import io.metafe.metadir.MetaDir;
import io.metafe.metadir.MetaDirException;
import io.metafe.metadir.MetaDirLock;
import io.metafe.metadir.NodeIdentity;
import io.metafe.peer.PeerClient;
import io.metafe.peer.RoleResponse;
import io.metafe.peer.ScriptedTransport;
import io.metafe.peer.VersionResponse;
import io.metafe.records.FrontendRole;
import io.metafe.time.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up step that decides between an existing meta_dir, a new cluster and a join. */
class MetaDirStartupTest {
  private static final String HOST = "127.0.0.1";
  private static final String JOINER_NAME = "127.0.0.1_9010_1700000000000";

  @TempDir Path dir;

  private final ManualClock clock = new ManualClock();
  private final StopOrder stops = new StopOrder();

  /** The helper: the scripted answers to /role and /version, or refusals. */
  private final ScriptedTransport helper = new ScriptedTransport(this::helperAnswer);

  private boolean helperAnswers;

  private CompletableFuture<PeerClient.Received> helperAnswer(PeerClient.Sending sending) {
    if (!helperAnswers) {
      return ScriptedTransport.connectionRefused();
    }
    return switch (sending.uri().getPath()) {
      case "/role" ->
          helper.answer(
              200, new RoleResponse("FOLLOWER", "MASTER", JOINER_NAME, false, "m1 at h:9010"));
      case "/version" -> helper.answer(200, VersionResponse.forJoining(42, "the-token"));
      default -> ScriptedTransport.raw(404, "{}");
    };
  }

  private Path root() {
    return dir.resolve("meta");
  }

  private MetaDirStartup.Found open(Helper helperOrNull, boolean recovery, String... conf) {
    List<String> lines = new ArrayList<>(List.of(conf));
    lines.add("meta_dir = " + root());
    Function<String, String> vars = Map.of("FE_HOME", dir.toString())::get;
    FeConfig config = FeConfig.from(ConfigFile.parse("conf/fe.conf", lines, vars), vars);
    PeerClient client = new PeerClient(() -> "", helper);
    return new MetaDirStartup(config, recovery, client, clock, "/opt/fe")
        .open(new MetaDir(root()), HOST, helperOrNull, stops);
  }

  private MetaDir.Stored existing(String nodeName, int clusterId) {
    return new MetaDir(root())
        .create(
            new ClusterIdentity(clusterId, "tok"),
            new NodeIdentity(FrontendRole.FOLLOWER, nodeName));
  }

  @Test
  void anEmptyMetaDirWithoutAHelperStartsANewClusterWithThisFeAsItsFirstFollower() {
    MetaDirStartup.Found found = open(null, false, "cluster_id = 42");

    assertThat(found.joinedNow()).isFalse();
    assertThat(found.stored().node().role()).isEqualTo(FrontendRole.FOLLOWER);
    assertThat(found.stored().node().name()).startsWith("127.0.0.1_9010_");
    assertThat(found.stored().cluster().clusterId()).isEqualTo(42);
    assertThat(new MetaDir(root()).load()).as("written to disk").isEqualTo(found.stored());
    assertThat(helper.sent()).isEmpty();
  }

  @Test
  void anExistingMetaDirIsTakenAsItIs() {
    MetaDir.Stored before = existing("127.0.0.1_9010_5", 7);

    MetaDirStartup.Found found = open(null, false);

    assertThat(found.joinedNow()).isFalse();
    assertThat(found.stored()).isEqualTo(before);
  }

  @Test
  void anEmptyMetaDirWithAHelperTakesTheHelpersIdentityAndWritesNothingYet() {
    helperAnswers = true;

    MetaDirStartup.Found found = open(Helper.parse("127.0.0.2:9010", 8030), false);

    assertThat(found.joinedNow()).isTrue();
    assertThat(found.stored().node())
        .isEqualTo(new NodeIdentity(FrontendRole.FOLLOWER, JOINER_NAME));
    assertThat(found.stored().cluster()).isEqualTo(new ClusterIdentity(42, "the-token"));
    assertThat(new MetaDir(root()).load())
        .as("ROLE and VERSION wait until bdbje accepts the node")
        .isNull();
  }

  @Test
  void aJoinWhoseHelperNeverAnswersIsRefusedWithoutWritingAnything() {
    assertThatThrownBy(() -> open(Helper.parse("127.0.0.2:9010", 8030), false))
        .isInstanceOf(StartupException.class)
        .hasMessageStartingWith(
            "cannot reach helper 127.0.0.2:8030 (HTTP) for 30 s: nothing answers there (connection"
                + " refused)");
    assertThat(new MetaDir(root()).load()).isNull();
  }

  @Test
  void theMetaDirStaysLockedUntilTheStop() {
    open(null, false);
    assertThatThrownBy(() -> MetaDirLock.acquire(root(), "/other/fe"))
        .isInstanceOf(MetaDirException.class);

    stops.stop(false);

    MetaDirLock.acquire(root(), "/other/fe").close();
  }

  @Test
  void recoveryWithNothingToRecoverFromIsRefusedBeforeTheDirectoryIsCreated() {
    assertThatThrownBy(() -> open(null, true))
        .isInstanceOf(StartupException.class)
        .hasMessage(
            "metadata failure recovery was asked for, but meta_dir "
                + root()
                + " holds no metadata to recover from (no image/ROLE and image/VERSION); remove the"
                + " flag, or point meta_dir at the directory of the FE to recover from");
    assertThat(Files.exists(root())).isFalse();
  }

  @Test
  void aMetaDirOfAnotherClusterIsRefused() {
    existing("127.0.0.1_9010_5", 42);

    assertThatThrownBy(() -> open(null, false, "cluster_id = 7"))
        .isInstanceOf(StartupException.class)
        .hasMessage(
            "meta_dir "
                + root()
                + " belongs to cluster 42 but cluster_id in fe.conf is 7; point meta_dir at this"
                + " cluster's directory or fix cluster_id");
  }

  @Test
  void aMetaDirOfAnotherFeIsRefused() {
    existing("127.0.0.1_9011_5", 42);

    assertThatThrownBy(() -> open(null, false))
        .isInstanceOf(StartupException.class)
        .hasMessageStartingWith(
            "meta_dir "
                + root()
                + " belongs to another FE, node 127.0.0.1_9011_5 at 127.0.0.1:9011, but this FE is"
                + " 127.0.0.1:9010 (priority_networks");
  }
}
