package io.metafe.recovery;

import io.metafe.metadir.DurableFiles;
import io.metafe.metadir.MetaDir;
import io.metafe.records.FrontendRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether and how this start resets the bdbje group, and does everything around the reset.
 * Used once, before the journal opens.
 */
public final class MetadataRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(MetadataRecovery.class);

  /** Written after a reset asked for in fe.conf; removed by the first start without the flag. */
  static final String MARKER = "RECOVERY";

  /**
   * Asks every other FE this meta_dir knows of (its journal, images, bdbje's group, the --helper)
   * whether it is, or knows, a live master; bounded in time.
   */
  public interface PeerCheck {
    /**
     * @return one answer per FE probed; an FE that did not answer at all may be left out
     */
    List<PeerAnswer> probe();

    /** How many FEs were probed, for the log. */
    int probed();
  }

  private final MetaDir metaDir;
  private final MetaDir.Stored stored;
  private final RecoveryRequest request;
  private final PeerCheck peers;

  public MetadataRecovery(
      MetaDir metaDir, MetaDir.Stored stored, RecoveryRequest request, PeerCheck peers) {
    this.metaDir = metaDir;
    this.stored = stored;
    this.request = request;
    this.peers = peers;
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
      throw new RecoveryRefusedException(
          how
              + " is set but "
              + metaDir.roleFile()
              + " says role=OBSERVER, and an"
              + " observer cannot be elected master: change it to role=FOLLOWER (this FE then votes in the recovered"
              + " cluster) and start again, or recover from a FOLLOWER's meta_dir");
    }
    if (!request.oneShot() && Files.exists(marker)) {
      LOG.warn(
          "{} is still set in fe.conf, but this FE already reset the replication group ({}); starting"
              + " normally without resetting it again. Remove {} from fe.conf now; for a future recovery use the one-shot"
              + " bin/start_fe.sh --metadata_failure_recovery",
          how,
          describe(marker),
          request.confKey());
      return false;
    }
    refuseIfAMasterIsAlive(how);
    if (request.backup()) {
      backup();
    } else {
      LOG.warn(
          "--no_recovery_backup: meta_dir {} is not backed up before the reset", metaDir.root());
    }
    LOG.warn(
        "{}: resetting the bdbje replication group so that this FE ({}) starts alone as MASTER from its own"
            + " metadata; journal entries that only other FEs hold are lost",
        how,
        stored.node().name());
    reset.run();
    if (!request.oneShot()) {
      writeMarker(marker);
    }
    return true;
  }

  /**
   * Split-brain guard: a live master of this cluster, or an FE that follows one, means the majority
   * is not lost, and a reset here would make a second master.
   */
  private void refuseIfAMasterIsAlive(String how) {
    List<PeerAnswer> answers = peers.probe();
    int clusterId = stored.cluster().clusterId();
    List<PeerAnswer.LiveMaster> masters = new ArrayList<>();
    for (PeerAnswer a : answers) {
      PeerAnswer.LiveMaster master = a.liveMaster(clusterId);
      if (master != null) {
        masters.add(master);
      }
    }
    if (!masters.isEmpty() && !request.force()) {
      PeerAnswer.LiveMaster m = masters.get(0);
      throw new RecoveryRefusedException(
          how
              + " refused, nothing was changed: "
              + m.how()
              + ", so this cluster"
              + " still has a master and a reset here would make a second one. Instead, start this FE without "
              + how
              + " so that it rejoins that master (should its meta_dir be obsolete, it says so and how to rebuild it:"
              + " empty meta_dir, then --helper "
              + m.editLogAddress()
              + "); or stop that master first and recover"
              + " from the newest meta_dir. Only if that master must never serve again (alive but cut off for good),"
              + " add --force_recovery");
    }
    if (!masters.isEmpty()) {
      LOG.error(
          "--force_recovery: resetting although {}. If that master keeps serving clients, this cluster now has"
              + " TWO masters whose metadata diverge from here on: stop one of them now, and rebuild the other FEs from the"
              + " one you keep",
          masters.stream().map(PeerAnswer.LiveMaster::how).toList());
    }
    List<String> answered =
        answers.stream().filter(PeerAnswer::answered).map(PeerAnswer::describe).toList();
    if (!masters.isEmpty()) {
      return;
    }
    if (!answered.isEmpty()) {
      LOG.warn(
          "resetting although these FEs answer (none of them knows a master of this cluster): {}",
          answered);
    } else {
      LOG.info("none of the {} other FE(s) this meta_dir knows answers; resetting", peers.probed());
    }
  }

  private void backup() {
    Path root = metaDir.root().toAbsolutePath().normalize();
    String name =
        root.getFileName()
            + ".recovery-backup-"
            + LocalDateTime.now(ZoneId.systemDefault())
                .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
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
      throw new RecoveryRefusedException(
          "cannot back up meta_dir "
              + root
              + " to "
              + target
              + " before the reset ("
              + e
              + "); free space or fix permissions, or start with --no_recovery_backup");
    }
    LOG.warn(
        "backed up meta_dir {} to {} ({} bytes) before resetting the replication group",
        root,
        target,
        bytes[0]);
  }

  private void writeMarker(Path marker) {
    Properties p = new Properties();
    p.setProperty("resetAt", java.time.Instant.now().toString());
    p.setProperty("node", stored.node().name());
    p.setProperty("flag", request.confKey());
    Path tmp = marker.resolveSibling(MARKER + ".part");
    try (var out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      p.store(
          out,
          "this FE reset the bdbje group; removed by the first start without " + request.confKey());
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
