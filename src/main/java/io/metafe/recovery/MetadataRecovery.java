package io.metafe.recovery;

import io.metafe.catalog.Frontend;
import io.metafe.image.ImageStore;
import io.metafe.metadir.DurableFiles;
import io.metafe.metadir.MetaDir;
import io.metafe.records.FrontendRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether and how this start resets the bdbje group, and does everything around the reset. Used once,
 * before the journal opens.
 */
public final class MetadataRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(MetadataRecovery.class);
  /** Written after a reset asked for in fe.conf; removed by the first start without the flag. */
  static final String MARKER = "RECOVERY";

  /** What a probe of another FE found: its FE type, or null when it did not answer. */
  public interface Probe extends Function<Frontend, String> {}

  private final MetaDir metaDir;
  private final MetaDir.Stored stored;
  private final RecoveryRequest request;
  private final Probe probe;

  public MetadataRecovery(MetaDir metaDir, MetaDir.Stored stored, RecoveryRequest request, Probe probe) {
    this.metaDir = metaDir;
    this.stored = stored;
    this.request = request;
    this.probe = probe;
  }

  /**
   * Runs the checks, the backup and {@code reset}, or decides that no reset is due.
   *
   * @return true if the group was reset: the caller then opens bdbje with this FE as its own helper
   * @throws RecoveryRefusedException with the one line the operator needs
   */
  public boolean run(Runnable reset) {
    Path marker = metaDir.imageDir().resolve(MARKER);
    if (!request.requested()) {
      forget(marker);
      return false;
    }
    String how = request.oneShot() ? "--metadata_failure_recovery" : request.confKey() + "=true";
    if (stored.node().role() == FrontendRole.OBSERVER) {
      throw new RecoveryRefusedException(how + " is set but " + metaDir.roleFile() + " says role=OBSERVER, and an"
          + " observer cannot be elected master: change it to role=FOLLOWER (this FE then votes in the recovered"
          + " cluster) and start again, or recover from a FOLLOWER's meta_dir");
    }
    if (!request.oneShot() && Files.exists(marker)) {
      LOG.warn("{} is still set in fe.conf, but this FE already reset the replication group ({}); starting"
          + " normally without resetting it again. Remove {} from fe.conf now; for a future recovery use the one-shot"
          + " bin/start_fe.sh --metadata_failure_recovery", how, describe(marker), request.confKey());
      return false;
    }
    refuseIfAMasterIsAlive(how);
    if (request.backup()) {
      backup();
    } else {
      LOG.warn("--no_recovery_backup: meta_dir {} is not backed up before the reset", metaDir.root());
    }
    LOG.warn("{}: resetting the bdbje replication group so that this FE ({}) starts alone as MASTER from its own"
        + " metadata; journal entries that only other FEs hold are lost", how, stored.node().name());
    reset.run();
    if (!request.oneShot()) {
      writeMarker(marker);
    }
    return true;
  }

  /** Split-brain guard: a live master of this cluster means the majority is not lost. */
  private void refuseIfAMasterIsAlive(String how) {
    List<Frontend> others = knownFrontends();
    List<String> alive = new ArrayList<>();
    for (Frontend fe : others) {
      String type = probe.apply(fe);
      if (type == null) {
        continue;
      }
      alive.add(fe.name() + " (" + type + ")");
      if (type.equals("MASTER") && !request.force()) {
        throw new RecoveryRefusedException(how + " refused: FE " + fe.name() + " at " + fe.host() + ":"
            + fe.httpPort() + " answers as MASTER of this cluster, so the cluster has not lost its majority and a"
            + " reset here would make a second master. Stop that FE first, or, if you are sure it must not serve,"
            + " start with --force_recovery");
      }
    }
    if (!alive.isEmpty()) {
      LOG.warn("resetting although these FEs answer: {}{}", alive, request.force() ? " (--force_recovery)" : "");
    } else {
      LOG.info("no other FE of the {} this meta_dir knows answers; resetting", others.size());
    }
  }

  /** The other FEs, from the newest image that verifies; the journal cannot be read before the reset. */
  private List<Frontend> knownFrontends() {
    io.metafe.catalog.Catalog newest = new ImageStore(metaDir.imageDir()).newestValidHead();
    if (newest == null) {
      LOG.warn("no image lists the other FEs, so none can be probed for a live master");
      return List.of();
    }
    return newest.frontends().filter(fe -> !fe.name().equals(stored.node().name())).toJavaList();
  }

  private void backup() {
    Path root = metaDir.root().toAbsolutePath().normalize();
    String name = root.getFileName() + ".recovery-backup-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path target = root.resolveSibling(name);
    for (int n = 2; Files.exists(target); n++) {
      target = root.resolveSibling(name + "-" + n);
    }
    long[] bytes = {0};
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.toList()) {
        Path to = target.resolve(root.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else if (!f.getFileName().toString().endsWith(".lck")) {
          Files.copy(f, to);
          bytes[0] += Files.size(f);
        }
      }
    } catch (IOException e) {
      throw new RecoveryRefusedException("cannot back up meta_dir " + root + " to " + target + " before the reset ("
          + e + "); free space or fix permissions, or start with --no_recovery_backup");
    }
    LOG.warn("backed up meta_dir {} to {} ({} bytes) before resetting the replication group", root, target,
        bytes[0]);
  }

  private void writeMarker(Path marker) {
    Properties p = new Properties();
    p.setProperty("resetAt", java.time.Instant.now().toString());
    p.setProperty("node", stored.node().name());
    p.setProperty("flag", request.confKey());
    Path tmp = marker.resolveSibling(MARKER + ".part");
    try (var out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      p.store(out, "this FE reset the bdbje group; removed by the first start without " + request.confKey());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      DurableFiles.moveIntoPlace(tmp, marker);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String describe(Path marker) {
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(marker, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException e) {
      return "at an unknown time";
    }
    return "at " + p.getProperty("resetAt", "an unknown time");
  }

  private static void forget(Path marker) {
    if (!Files.exists(marker)) {
      return;
    }
    String when = describe(marker);
    try {
      Files.delete(marker);
      LOG.info("metadata failure recovery is off again; the reset {} is done", when);
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", marker, e.toString());
    }
  }
}
