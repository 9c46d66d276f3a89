package io.metafe.metadir;

import io.metafe.records.FrontendRole;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * One FE's {@code meta_dir}. Reading never changes anything; creating writes each file atomically
 * (temporary file, fsync, rename, fsync of the directory). Not thread-safe; used once at startup.
 */
public final class MetaDir {
  private final Path root;

  public MetaDir(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  public Path imageDir() {
    return root.resolve("image");
  }

  public Path bdbDir() {
    return root.resolve("bdb");
  }

  private Path versionFile() {
    return imageDir().resolve("VERSION");
  }

  public Path roleFile() {
    return imageDir().resolve("ROLE");
  }

  /** The identities stored here, or null when this is a fresh meta_dir with nothing in it yet. */
  public Stored load() {
    boolean hasVersion = Files.exists(versionFile());
    boolean hasRole = Files.exists(roleFile());
    if (!hasVersion && !hasRole) {
      if (hasJournalFiles()) {
        throw new MetaDirException(
            "meta_dir "
                + root
                + " has a journal in bdb/ but no image/VERSION or image/ROLE;"
                + " if this FE's first join with --helper was interrupted, delete bdb/ and start it again with --helper;"
                + " otherwise restore image/ from a backup of this meta_dir");
      }
      return null;
    }
    if (hasVersion != hasRole) {
      Path present = hasVersion ? versionFile() : roleFile();
      Path missing = hasVersion ? roleFile() : versionFile();
      if (!hasJournalFiles()) {
        throw new MetaDirException(
            missing
                + " is missing but "
                + present
                + " exists, and bdb/ holds no journal:"
                + " the first start of this FE was interrupted before it stored anything; delete "
                + present
                + " and start again");
      }
      throw new MetaDirException(
          missing
              + " is missing but "
              + present
              + " exists: ROLE and VERSION must both"
              + " exist or both be absent; restore the missing file from a backup of this meta_dir, or start this FE"
              + " with an empty meta_dir and --helper to join a running cluster");
    }
    return new Stored(readVersion(), readRole());
  }

  /** Creates VERSION, ROLE and bdb/ for a new FE. Refuses if either file already exists. */
  public Stored create(ClusterIdentity cluster, NodeIdentity node) {
    if (Files.exists(versionFile()) || Files.exists(roleFile())) {
      throw new MetaDirException(
          "refusing to overwrite the existing VERSION/ROLE in " + imageDir());
    }
    try {
      Files.createDirectories(imageDir());
      Files.createDirectories(bdbDir());
      writeRole(node);
      Properties version = new Properties();
      version.setProperty("clusterId", Integer.toString(cluster.clusterId()));
      version.setProperty("token", cluster.token());
      writeAtomically(versionFile(), version);
    } catch (IOException e) {
      throw new MetaDirException(
          "cannot create the meta_dir files in "
              + imageDir()
              + ": "
              + e.getMessage()
              + "; check that the directory is writable and the disk is not full");
    }
    return new Stored(cluster, node);
  }

  /** Rewrites ROLE, e.g. when recovery turns an OBSERVER's meta_dir into a FOLLOWER's. */
  public void writeRole(NodeIdentity node) throws IOException {
    Properties role = new Properties();
    role.setProperty("role", node.role().name());
    role.setProperty("name", node.name());
    writeAtomically(roleFile(), role);
  }

  private ClusterIdentity readVersion() {
    Properties p = readProperties(versionFile());
    String id = p.getProperty("clusterId");
    if (id == null) {
      throw new MetaDirException(
          versionFile() + " has no clusterId; restore it from a backup of this meta_dir");
    }
    int clusterId;
    try {
      clusterId = Integer.parseInt(id.strip());
    } catch (NumberFormatException e) {
      clusterId = -1;
    }
    if (clusterId <= 0) {
      throw new MetaDirException(
          versionFile()
              + " has clusterId '"
              + id
              + "', which is not a positive integer;"
              + " restore it from a backup of this meta_dir");
    }
    String token = p.getProperty("token", "").strip();
    return new ClusterIdentity(clusterId, token);
  }

  private NodeIdentity readRole() {
    Properties p = readProperties(roleFile());
    String role = p.getProperty("role");
    if (role == null) {
      throw new MetaDirException(
          roleFile() + " has no role; it must say role=FOLLOWER or role=OBSERVER");
    }
    FrontendRole parsed =
        switch (role.strip().toUpperCase(Locale.ROOT)) {
          case "FOLLOWER", "REPLICA" -> FrontendRole.FOLLOWER;
          case "OBSERVER" -> FrontendRole.OBSERVER;
          default ->
              throw new MetaDirException(
                  roleFile()
                      + " says role="
                      + role
                      + "; it must say role=FOLLOWER or role=OBSERVER");
        };
    String name = p.getProperty("name");
    if (name == null || name.isBlank()) {
      throw new MetaDirException(
          roleFile() + " has no name; restore it from a backup of this meta_dir");
    }
    try {
      return new NodeIdentity(parsed, name.strip());
    } catch (IllegalArgumentException e) {
      throw new MetaDirException(roleFile() + ": " + e.getMessage());
    }
  }

  private static Properties readProperties(Path file) {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException | IllegalArgumentException e) {
      throw new MetaDirException(
          "cannot read "
              + file
              + ": "
              + e.getMessage()
              + "; check its permissions, or restore it from a backup of this meta_dir");
    }
    return p;
  }

  private boolean hasJournalFiles() {
    if (!Files.isDirectory(bdbDir())) {
      return false;
    }
    try (Stream<Path> files = Files.list(bdbDir())) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(".jdb"));
    } catch (IOException e) {
      throw new MetaDirException("cannot list " + bdbDir() + ": " + e.getMessage());
    }
  }

  private static void writeAtomically(Path target, Properties content) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".part");
    try (OutputStream out =
        Files.newOutputStream(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      content.store(out, null);
    }
    DurableFiles.moveIntoPlace(tmp, target);
  }

  /** What a started FE's meta_dir holds. */
  public record Stored(ClusterIdentity cluster, NodeIdentity node) {}
}
