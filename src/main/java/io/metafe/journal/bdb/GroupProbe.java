package io.metafe.journal.bdb;

import com.sleepycat.je.rep.UnknownMasterException;
import com.sleepycat.je.rep.impl.RepGroupDB;
import com.sleepycat.je.rep.impl.RepGroupImpl;
import com.sleepycat.je.rep.impl.RepNodeImpl;
import com.sleepycat.je.rep.util.ReplicationGroupAdmin;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What bdbje can tell about a replication group without this FE joining it: the members a stopped
 * environment recorded, and which master a running node knows of. Used before the environment
 * opens, to find other FEs of the cluster when no image lists them. Thread-safe.
 */
public final class GroupProbe {
  private static final Logger LOG = LoggerFactory.getLogger(GroupProbe.class);

  private GroupProbe() {}

  /** A member of a replication group as bdbje recorded it. */
  public record Member(String name, String host, int port, boolean electable) {}

  /**
   * What a node answered on its edit_log_port.
   *
   * @param reachable something accepted a connection there
   * @param answered it also answered within the timeout (a paused process accepts but never
   *     answers)
   * @param masterName the master that node knows, or null when it knows none (or is no bdbje node
   *     of this group)
   */
  public record Answer(boolean reachable, boolean answered, String masterName) {}

  /**
   * The members recorded in the group database of a stopped environment, read-only; empty when
   * there is none or it cannot be read (logged).
   */
  public static List<Member> storedMembers(Path envHome) {
    List<Member> out = new ArrayList<>();
    if (!Files.exists(envHome.resolve("je.lck"))) {
      return out;
    }
    try {
      RepGroupImpl group = RepGroupDB.getGroup(envHome.toFile());
      for (RepNodeImpl n : group.getAllMembers(null)) {
        if (!n.isRemoved()) {
          out.add(new Member(n.getName(), n.getHostName(), n.getPort(), n.getType().isElectable()));
        }
      }
    } catch (RuntimeException e) {
      LOG.info(
          "cannot read the replication group recorded in {}: {}", envHome, BdbErrors.describe(e));
    }
    return out;
  }

  /**
   * Asks the bdbje node at {@code host:port} which master it knows, giving up after {@code timeout}
   * (a paused process accepts connections but never answers).
   */
  public static Answer askMaster(String groupName, String host, int port, Duration timeout) {
    InetSocketAddress address = new InetSocketAddress(host, port);
    try (Socket s = new Socket()) {
      s.connect(address, (int) timeout.toMillis());
    } catch (IOException | IllegalArgumentException e) {
      return new Answer(false, false, null);
    }
    CompletableFuture<String> master =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new ReplicationGroupAdmin(groupName, Set.of(address)).getMasterNodeName();
              } catch (UnknownMasterException e) {
                return null;
              }
            },
            r -> {
              Thread t = new Thread(r, "group-probe-" + host + ":" + port);
              t.setDaemon(true);
              t.start();
            });
    try {
      return new Answer(true, true, master.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      return new Answer(true, false, null);
    } catch (ExecutionException e) {
      LOG.debug("asking {}:{} for its master failed: {}", host, port, e.getCause().toString());
      return new Answer(true, true, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(true, false, null);
    }
  }
}
