package io.metafe.server;

import io.metafe.catalog.Catalog;
import io.metafe.catalog.Frontend;
import io.metafe.image.ImageStore;
import io.metafe.journal.JournalException;
import io.metafe.journal.bdb.BdbSnapshot;
import io.metafe.journal.bdb.GroupProbe;
import io.metafe.metadir.MetaDir;
import io.metafe.records.AddFrontend;
import io.metafe.records.FrontendPorts;
import io.metafe.records.FrontendRole;
import io.metafe.records.JournalRecord;
import io.metafe.records.MasterInfo;
import io.metafe.records.RecordCodec;
import io.metafe.records.RecordType;
import io.metafe.records.RemoveFrontend;
import io.metafe.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every other FE this FE's own meta_dir knows of, read before bdbje opens, for the split-brain
 * guard of a recovery and for fencing at startup. An image is not needed: the frontend list is the
 * newest image's (if any) followed by the frontend records of the journal after it, and bdbje's
 * group database, the last recorded master and the {@code --helper} add what they know. Only
 * frontend records are decoded, so reading a long journal is cheap.
 */
final class KnownPeers {
  private static final Logger LOG = LoggerFactory.getLogger(KnownPeers.class);
  private static final Set<Integer> FRONTEND_CODES =
      Set.of(
          (int) RecordType.ADD_FRONTEND.code(),
          (int) RecordType.REMOVE_FRONTEND.code(),
          (int) RecordType.MASTER_INFO.code(),
          (int) RecordType.FRONTEND_PORTS.code());

  /**
   * One other FE.
   *
   * @param name its node name, or null when only its address is known (a --helper)
   * @param httpPort 0 when unknown
   * @param sources where this FE was learned of, for the log
   */
  record Peer(
      String name,
      String host,
      int editLogPort,
      int httpPort,
      FrontendRole role,
      List<String> sources) {
    String describe() {
      return (name == null ? "" : name + " ") + "at " + host + ":" + editLogPort;
    }
  }

  private final List<Peer> peers;

  private KnownPeers(List<Peer> peers) {
    this.peers = List.copyOf(peers);
  }

  /** These peers, as if read from a meta_dir. */
  static KnownPeers of(List<Peer> peers) {
    return new KnownPeers(peers);
  }

  List<Peer> others() {
    return peers;
  }

  /**
   * Reads what the meta_dir knows. Never fails: what cannot be read is logged and left out.
   *
   * @param selfName this FE's node name, left out of the result
   * @param helper the --helper of this start, or null
   * @param defaultHttpPort assumed for an FE whose HTTP port was never recorded (StarRocks'
   *     convention: all FEs share one http_port)
   * @param clock times the reading, for the log
   */
  static KnownPeers read(
      MetaDir metaDir,
      String selfName,
      String selfHostPort,
      Helper helper,
      int defaultHttpPort,
      Clock clock) {
    long started = clock.nanos();
    Map<String, Frontend> frontends = new LinkedHashMap<>();
    MasterInfo[] master = {null};
    List<GroupProbe.Member> members = new ArrayList<>();
    String fromJournal = readMetaDir(metaDir, frontends, master, members);
    Map<String, Peer> byAddress = new LinkedHashMap<>();
    for (Frontend fe : frontends.values()) {
      add(byAddress, fe.name(), fe.host(), fe.editLogPort(), fe.httpPort(), fe.role(), fromJournal);
    }
    if (master[0] != null) {
      MasterInfo m = master[0];
      add(
          byAddress,
          m.nodeName(),
          m.host(),
          m.editLogPort(),
          m.httpPort(),
          FrontendRole.FOLLOWER,
          "last master");
    }
    for (GroupProbe.Member m : members) {
      add(
          byAddress,
          m.name(),
          m.host(),
          m.port(),
          0,
          m.electable() ? FrontendRole.FOLLOWER : FrontendRole.OBSERVER,
          "bdbje group");
    }
    if (helper != null) {
      add(
          byAddress,
          null,
          helper.host(),
          helper.editLogPort(),
          helper.httpPort(),
          FrontendRole.FOLLOWER,
          "--helper");
    }
    List<Peer> out = new ArrayList<>();
    for (Peer p : byAddress.values()) {
      if (selfName.equals(p.name()) || selfHostPort.equals(p.host() + ":" + p.editLogPort())) {
        continue;
      }
      out.add(
          p.httpPort() != 0
              ? p
              : new Peer(
                  p.name(), p.host(), p.editLogPort(), defaultHttpPort, p.role(), p.sources()));
    }
    LOG.info(
        "this meta_dir knows {} other FE(s) ({} ms): {}",
        out.size(),
        (clock.nanos() - started) / 1_000_000,
        out.stream().map(p -> p.describe() + " from " + String.join(", ", p.sources())).toList());
    return new KnownPeers(out);
  }

  private static void add(
      Map<String, Peer> byAddress,
      String name,
      String host,
      int editLogPort,
      int httpPort,
      FrontendRole role,
      String source) {
    String key = host + ":" + editLogPort;
    Peer known = byAddress.get(key);
    if (known == null) {
      byAddress.put(key, new Peer(name, host, editLogPort, httpPort, role, List.of(source)));
      return;
    }
    List<String> sources = new ArrayList<>(known.sources());
    if (!sources.contains(source)) {
      sources.add(source);
    }
    byAddress.put(
        key,
        new Peer(
            known.name() != null ? known.name() : name,
            host,
            editLogPort,
            known.httpPort() != 0 ? known.httpPort() : httpPort,
            known.role(),
            sources));
  }

  /**
   * The frontend list of the newest image followed by the journal's frontend records, then the
   * members of bdbje's group record (read through a read-only environment of its own once the
   * journal's is closed: sharing one made bdbje's open fail now and then); says where the list came
   * from.
   */
  private static String readMetaDir(
      MetaDir metaDir,
      Map<String, Frontend> out,
      MasterInfo[] master,
      List<GroupProbe.Member> members) {
    Catalog head = new ImageStore(metaDir.imageDir()).newestValidHead();
    long after = 0;
    String source = "journal";
    if (head != null) {
      head.frontends().forEach(fe -> out.put(fe.name(), fe));
      master[0] = head.master();
      after = head.journalId();
      source = "image." + after + " and journal";
    }
    if (!java.nio.file.Files.exists(metaDir.bdbDir().resolve("je.lck"))) {
      return source;
    }
    try (BdbSnapshot journal = BdbSnapshot.open(metaDir.bdbDir())) {
      journal.scan(
          after + 1,
          FRONTEND_CODES::contains,
          e -> fold(out, master, RecordCodec.decode(e.data())));
    } catch (JournalException | io.metafe.records.CorruptRecordException e) {
      LOG.warn(
          "cannot read the frontend list from the journal in {}: {}; using what the image and bdbje's group"
              + " record",
          metaDir.bdbDir(),
          e.getMessage());
    }
    members.addAll(GroupProbe.storedMembers(metaDir.bdbDir()));
    return source;
  }

  private static void fold(Map<String, Frontend> out, MasterInfo[] master, JournalRecord r) {
    if (r instanceof AddFrontend a) {
      out.put(a.name(), new Frontend(a.name(), a.role(), a.host(), a.editLogPort(), a.httpPort()));
    } else if (r instanceof RemoveFrontend rm) {
      out.remove(rm.name());
    } else if (r instanceof FrontendPorts p && out.containsKey(p.name())) {
      Frontend fe = out.get(p.name());
      out.put(
          p.name(),
          new Frontend(
              fe.name(),
              fe.role(),
              fe.host(),
              fe.editLogPort(),
              p.httpPort(),
              p.queryPort(),
              p.rpcPort(),
              fe.stale()));
    } else if (r instanceof MasterInfo m) {
      master[0] = m;
    }
  }
}
