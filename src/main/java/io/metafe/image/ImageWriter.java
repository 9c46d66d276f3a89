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
import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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
   * Writes {@code image.N} (N = the catalog's journal id) into {@code dir} atomically, at the CPU
   * share a checkpoint uses ({@link ImageStore#DEFAULT_CPU_SHARE}).
   *
   * @param clock the pauses that keep the write to that share are its sleeps
   * @return the file written
   */
  public static Path write(Catalog catalog, int clusterId, Path dir, Clock clock)
      throws IOException {
    return write(catalog, clusterId, dir, clock, ImageStore.DEFAULT_CPU_SHARE);
  }

  /**
   * As {@link #write(Catalog, int, Path, Clock)} at a given share of one core.
   *
   * @param cpuShare in (0, 1]; 1 writes as fast as the machine allows
   */
  public static Path write(Catalog catalog, int clusterId, Path dir, Clock clock, double cpuShare)
      throws IOException {
    return write(catalog, clusterId, dir, null, new Pacer(clock, cpuShare));
  }

  /**
   * As {@link #write(Catalog, int, Path, Clock)}, with an extra raw section; lets tests check that
   * readers skip it.
   */
  static Path write(Catalog catalog, int clusterId, Path dir, byte[] extraSection, Pacer pacer)
      throws IOException {
    Path tmp = writeTemporary(catalog, clusterId, dir, extraSection, pacer).file();
    Path target = dir.resolve(fileName(catalog.journalId()));
    DurableFiles.moveIntoPlace(tmp, target);
    return target;
  }

  /** The file a checkpoint is written to before it is verified and renamed to {@code image.N}. */
  static final String TEMPORARY = "image.ckpt";

  /**
   * A temporary image as the writer produced it.
   *
   * @param length bytes before the footer
   * @param crc their CRC-32C, as the writer computed it from its own buffer
   */
  record Written(Path file, long length, int crc) {}

  /**
   * Writes the image to {@code dir/image.ckpt}; the caller verifies and renames it.
   *
   * @param pacer paces the write; the caller may go on using it for the read-back
   */
  static Written writeTemporary(
      Catalog catalog, int clusterId, Path dir, byte[] extraSection, Pacer pacer)
      throws IOException {
    Files.createDirectories(dir);
    Path tmp = dir.resolve(TEMPORARY);
    ImageOutput.Checksummed body;
    try (FileChannel file =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ImageOutput out = new ImageOutput(file, pacer);
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
      body = out.endChecksummed();
      out.write(ImageFormat.FOOTER_MAGIC);
      out.writeLong(body.length());
      out.writeInt(body.crc());
      out.flush();
    }
    return new Written(tmp, body.length(), body.crc());
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

  private static void section(DataOutput out, int type, byte[] payload) throws IOException {
    out.writeShort(type);
    out.writeLong(payload.length);
    out.write(payload);
  }

  /**
   * The databases section is streamed, not buffered, because it holds every row: its length is
   * written as -1 and it must therefore be the last section before the end marker.
   */
  private static void writeDatabases(DataOutput out, Catalog catalog) throws IOException {
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
}
