package io.metafe.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cuts one FE off the network on this machine, both ways, while it keeps running: the loopback
 * version of a partitioned host. Every FE of a run starts in a cgroup of its own, so every socket
 * it opens or accepts belongs to that cgroup; a cut is an nftables table that drops each packet
 * sent from, or delivered to, a socket of the cut FE's cgroup, and healing deletes the table. Other
 * processes' traffic is untouched, and addresses stay on 127.0.0.1.
 *
 * <p>Needs root, {@code nft} (Debian's nftables) and a cgroup v2 hierarchy under /sys/fs/cgroup
 * (nft names cgroups relative to it); {@link #unavailableReason()} says which is missing. Not
 * thread-safe; {@link #close()} heals and removes the cgroups once their processes are gone.
 */
final class NetworkCut implements AutoCloseable {
  private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

  private final Path hierarchy;
  private final Path parent;
  private final String table;
  private final List<Path> groups = new ArrayList<>();
  private boolean cut;

  private NetworkCut(Path hierarchy, String name) {
    this.hierarchy = hierarchy;
    this.parent = hierarchy.resolve(name);
    this.table = name.replace('-', '_');
  }

  /** Why cuts cannot be made here, or empty when they can. */
  static Optional<String> unavailableReason() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.of("network cuts need root (nftables and cgroups)");
    }
    boolean nftWorks;
    try {
      nftWorks =
          FeProcess.runClient(List.of("nft", "list", "tables"), COMMAND_TIMEOUT).exitCode() == 0;
    } catch (RuntimeException noNft) {
      nftWorks = false;
    }
    if (!nftWorks) {
      return Optional.of("network cuts need nft (apt-get install nftables) and kernel nftables");
    }
    if (cgroup2Mount().isEmpty()) {
      return Optional.of("network cuts need a cgroup v2 hierarchy mounted under " + CGROUP_ROOT);
    }
    return Optional.empty();
  }

  static NetworkCut open() {
    Path mount =
        cgroup2Mount()
            .orElseThrow(() -> new IllegalStateException(unavailableReason().orElse("?")));
    NetworkCut c = new NetworkCut(mount, "metafe-cut-" + ProcessHandle.current().pid());
    try {
      Files.createDirectories(c.parent);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return c;
  }

  /** The {@code cgroup.procs} file a start command writes its pid into, for FE {@code name}. */
  Path procsFileFor(String name) {
    Path group = parent.resolve(name);
    try {
      Files.createDirectories(group);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    groups.add(group);
    return group.resolve("cgroup.procs");
  }

  /** Drops every packet to and from the sockets of FE {@code name}, until {@link #heal()}. */
  void cut(String name) {
    heal();
    String path = CGROUP_ROOT.relativize(parent.resolve(name)).toString();
    // The level is the cgroup's depth below the hierarchy's root, which nft compares ancestors at.
    int level = hierarchy.relativize(parent.resolve(name)).getNameCount();
    String drop = "    socket cgroupv2 level " + level + " \"" + path + "\" drop\n  }\n";
    nft(
        "table inet "
            + table
            + " {\n"
            + "  chain out { type filter hook output priority -10; policy accept;\n"
            + drop
            + "  chain in { type filter hook input priority -10; policy accept;\n"
            + drop
            + "}\n");
    cut = true;
  }

  /** Lets traffic through again; nothing happens when no cut is in place. */
  void heal() {
    if (cut) {
      nft("delete table inet " + table + "\n");
      cut = false;
    }
  }

  private static void nft(String script) {
    try {
      Path file = Files.createTempFile("metafe-nft-", ".nft");
      try {
        Files.writeString(file, script);
        FeProcess.Result r =
            FeProcess.runClient(List.of("nft", "-f", file.toString()), COMMAND_TIMEOUT);
        if (r.exitCode() != 0) {
          throw new IllegalStateException("nft -f failed: " + r + "\n" + script);
        }
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<Path> cgroup2Mount() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
        String[] f = line.split(" ");
        if (f.length > 2 && f[2].equals("cgroup2")) {
          Path mount = Path.of(f[1]);
          if (mount.startsWith(CGROUP_ROOT) && Files.isWritable(mount)) {
            return Optional.of(mount);
          }
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Heals, then removes the cgroups; call it after the FEs in them have been killed. */
  @Override
  public void close() {
    heal();
    List<Path> all = new ArrayList<>(groups);
    all.add(parent);
    // A killed JVM leaves its cgroup a moment after the kill: rmdir fails while it is still in it.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    for (Path group : all) {
      while (true) {
        try {
          Files.deleteIfExists(group);
          break;
        } catch (IOException stillInUse) {
          if (System.nanoTime() > deadline) {
            break;
          }
          sleepBriefly();
        }
      }
    }
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
