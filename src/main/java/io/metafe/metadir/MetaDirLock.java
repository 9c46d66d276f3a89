package io.metafe.metadir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Keeps a second FE off a meta_dir while one uses it, and lets the second say which process holds
 * it. The lock is an OS file lock on {@code meta_dir/fe.lck}, released by the OS when the holder
 * exits however it exits, so a stale file never blocks a start; the file's text (pid, FE home,
 * start time) only names the holder. The name ends in {@code .lck}, like bdbje's own, so that
 * recovery backups leave it out.
 */
public final class MetaDirLock implements AutoCloseable {
  static final String FILE = "fe.lck";

  private final FileChannel channel;
  private final FileLock lock;

  private MetaDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code root} (creating the directory if needed) for this process.
   *
   * @param home this FE's home, written into the file so that another FE can name it
   * @throws MetaDirException naming the holder when another process has the lock
   */
  public static MetaDirLock acquire(Path root, String home) {
    Path file = root.resolve(FILE);
    FileChannel channel;
    try {
      Files.createDirectories(root);
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new MetaDirException(
          "cannot create "
              + file
              + " to lock meta_dir "
              + root
              + ": "
              + e.getMessage()
              + "; check that meta_dir is writable by this user");
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (IOException | OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      String holder = holder(channel);
      close(channel);
      throw new MetaDirException(
          "meta_dir "
              + root
              + " is in use by another FE ("
              + holder
              + "); two FEs must"
              + " never share a meta_dir: stop that FE first, or give this FE its own meta_dir in conf/fe.conf");
    }
    try {
      String text =
          "pid="
              + ProcessHandle.current().pid()
              + "\nhome="
              + home
              + "\nsince="
              + Instant.now()
              + "\n";
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
    } catch (IOException e) {
      // The lock itself holds; only the description of the holder is missing.
    }
    return new MetaDirLock(channel, lock);
  }

  private static String holder(FileChannel channel) {
    try {
      ByteBuffer buf = ByteBuffer.allocate(4096);
      channel.read(buf, 0);
      String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
      String pid = field(text, "pid");
      String home = field(text, "home");
      String since = field(text, "since");
      if (pid == null) {
        return "a process whose pid was not recorded";
      }
      return "process "
          + pid
          + (home == null ? "" : ", FE home " + home)
          + (since == null ? "" : ", since " + since);
    } catch (IOException e) {
      return "a process whose pid cannot be read: " + e.getMessage();
    }
  }

  private static String field(String text, String key) {
    for (String line : text.split("\n")) {
      if (line.startsWith(key + "=")) {
        return line.substring(key.length() + 1).strip();
      }
    }
    return null;
  }

  private static void close(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing was written through it that matters
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // the OS releases it when the process exits
    }
    close(channel);
  }
}
