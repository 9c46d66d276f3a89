package io.metafe.image;

import io.metafe.catalog.Catalog;
import io.metafe.catalog.Database;
import io.metafe.catalog.Frontend;
import io.metafe.catalog.Table;
import io.metafe.metadir.DurableFiles;
import io.metafe.records.InsertRows;
import io.metafe.records.RecordCodec;
import io.metafe.records.Wire;
import io.metafe.time.Clock;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.zip.CRC32C;

/**
 * Writes a catalog as {@code image.<journalId>}. The catalog is immutable, so the writer needs no
 * lock and no copy: writes continue while it runs. Stateless.
 */
public final class ImageWriter {
  private ImageWriter() {}

  /** The name of the image holding journal ids 1..journalId. */
  public static String fileName(long journalId) {
    return "image." + journalId;
  }

  /**
   * Writes {@code image.N} (N = the catalog's journal id) into {@code dir} atomically.
   *
   * @param clock the short pauses that let commits in are its sleeps
   * @return the file written
   */
  public static Path write(Catalog catalog, int clusterId, Path dir, Clock clock)
      throws IOException {
    return write(catalog, clusterId, dir, null, clock);
  }

  /**
   * As {@link #write(Catalog, int, Path, Clock)}, with an extra raw section; lets tests check that
   * readers skip it.
   */
  static Path write(Catalog catalog, int clusterId, Path dir, byte[] extraSection, Clock clock)
      throws IOException {
    Path tmp = writeTemporary(catalog, clusterId, dir, extraSection, clock);
    Path target = dir.resolve(fileName(catalog.journalId()));
    DurableFiles.moveIntoPlace(tmp, target);
    return target;
  }

  /** The file a checkpoint is written to before it is verified and renamed to {@code image.N}. */
  static final String TEMPORARY = "image.ckpt";

  /**
   * Writes the image to {@code dir/image.ckpt} and returns that file; the caller verifies and
   * renames it.
   */
  static Path writeTemporary(
      Catalog catalog, int clusterId, Path dir, byte[] extraSection, Clock clock)
      throws IOException {
    Files.createDirectories(dir);
    Path tmp = dir.resolve(TEMPORARY);
    CRC32C crc = new CRC32C();
    long length;
    try (OutputStream file =
            Files.newOutputStream(
                tmp,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        CountingCrcStream counted =
            new CountingCrcStream(new BufferedOutputStream(file, 1 << 16), crc, clock);
        DataOutputStream out = new DataOutputStream(counted)) {
      out.write(ImageFormat.MAGIC);
      out.writeInt(ImageFormat.VERSION);
      out.writeLong(catalog.journalId());
      out.writeInt(clusterId);
      out.writeLong(catalog.nextId());
      section(out, ImageFormat.SECTION_FRONTENDS, frontends(catalog));
      if (catalog.master() != null) {
        section(out, ImageFormat.SECTION_MASTER, RecordCodec.encode(catalog.master()));
      }
      if (extraSection != null) {
        section(out, 99, extraSection);
      }
      writeDatabases(out, catalog);
      out.writeShort(ImageFormat.SECTION_END);
      out.flush();
      length = counted.count();
      counted.stopChecksum();
      out.write(ImageFormat.FOOTER_MAGIC);
      out.writeLong(length);
      out.writeInt((int) crc.getValue());
    }
    return tmp;
  }

  private static byte[] frontends(Catalog catalog) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(catalog.frontends().size());
    for (Frontend fe : catalog.frontends()) {
      Wire.writeString(out, fe.name());
      out.writeByte(fe.role().wireCode());
      Wire.writeString(out, fe.host());
      out.writeInt(fe.editLogPort());
      out.writeInt(fe.httpPort());
      out.writeBoolean(fe.stale());
      out.writeInt(fe.queryPort());
      out.writeInt(fe.rpcPort());
    }
    return bytes.toByteArray();
  }

  private static void section(DataOutputStream out, int type, byte[] payload) throws IOException {
    out.writeShort(type);
    out.writeLong(payload.length);
    out.write(payload);
  }

  /**
   * The databases section is streamed, not buffered, because it holds every row: its length is
   * written as -1 and it must therefore be the last section before the end marker.
   */
  private static void writeDatabases(DataOutputStream out, Catalog catalog) throws IOException {
    out.writeShort(ImageFormat.SECTION_DATABASES);
    out.writeLong(-1);
    out.writeInt(catalog.databases().size());
    for (Database db : catalog.databases().values()) {
      out.writeLong(db.id());
      Wire.writeString(out, db.name());
      out.writeInt(db.tables().size());
      for (Table t : db.tables().values()) {
        t.definition().writeTo(out);
        out.writeLong(t.rows().size());
        for (Object[] row : t.rows()) {
          InsertRows.writeRow(out, row);
        }
      }
    }
  }

  /** Counts bytes and feeds them to the checksum until told to stop (the footer is not covered). */
  private static final int PACE_BYTES = 1 << 20;

  private static final Duration PACE_PAUSE = Duration.ofMillis(2);

  private static final class CountingCrcStream extends OutputStream {
    private final OutputStream out;
    private final CRC32C crc;
    private final Clock clock;
    private long count;
    private long sincePause;
    private boolean checksumming = true;

    /**
     * A checkpoint runs beside the write path; on a machine with few cores a short pause every MiB
     * lets commits in, at the price of a slower checkpoint (about 2 ms per MiB).
     */
    private void pace(int written) {
      sincePause += written;
      if (sincePause >= PACE_BYTES) {
        sincePause = 0;
        try {
          clock.sleep(PACE_PAUSE);
        } catch (InterruptedException e) {
          // Not a reason to give up the image; the flag stays for the caller, as a park leaves it.
          Thread.currentThread().interrupt();
        }
      }
    }

    CountingCrcStream(OutputStream out, CRC32C crc, Clock clock) {
      this.out = out;
      this.crc = crc;
      this.clock = clock;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      pace(1);
      if (checksumming) {
        crc.update(b);
        count++;
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      pace(len);
      if (checksumming) {
        crc.update(b, off, len);
        count += len;
      }
    }

    long count() {
      return count;
    }

    void stopChecksum() {
      checksumming = false;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
