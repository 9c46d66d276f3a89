package io.metafe.image;

import io.metafe.catalog.Catalog;
import io.metafe.catalog.Database;
import io.metafe.catalog.Frontend;
import io.metafe.catalog.Table;
import io.metafe.records.FrontendRole;
import io.metafe.records.InsertRows;
import io.metafe.records.MasterInfo;
import io.metafe.records.RecordCodec;
import io.metafe.records.TableDefinition;
import io.metafe.records.Wire;
import io.vavr.collection.HashMap;
import io.vavr.collection.TreeMap;
import io.vavr.collection.Vector;
import java.io.BufferedInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Loads an image written by {@link ImageWriter}, verifying its checksum before trusting any byte.
 * Stateless.
 */
public final class ImageReader {
  private static final int HEADER_LENGTH =
      ImageFormat.MAGIC.length + Integer.BYTES + Long.BYTES + Integer.BYTES + Long.BYTES;

  private ImageReader() {}

  /** What an image holds. */
  public record Loaded(int clusterId, Catalog catalog) {}

  /**
   * An image's structure without its rows: what a checkpoint compares against the catalog it was
   * written from, in constant memory beyond the catalog's schema.
   *
   * @param rowCounts rows per table id
   */
  record Structure(int clusterId, Catalog schema, java.util.Map<Long, Long> rowCounts) {}

  /**
   * Reads and verifies an image.
   *
   * @throws CorruptImageException naming the file and what is wrong: truncated, bad checksum,
   *     unknown format version, or a section that does not parse
   */
  public static Loaded read(Path file) {
    Structure s = parse(file, null);
    return new Loaded(s.clusterId(), s.schema());
  }

  private static final java.util.Map<Long, Long> HEAD_ONLY = java.util.Map.of();

  /**
   * Verifies an image and reads its frontend list and master without reading any database: what
   * recovery and fencing need to know whom to ask, at the cost of a checksum pass.
   *
   * @return a catalog with the image's journal id, frontends and master, and no databases
   */
  public static Catalog readHead(Path file) {
    return parse(file, HEAD_ONLY).schema();
  }

  /**
   * Verifies the image a checkpoint just wrote and reads its structure, in one pass over the file
   * and without creating an object per row: the checksum is computed chunk by chunk as the parser
   * moves on, and rows are counted by skipping their values (every tag and length is still checked;
   * the value bytes are covered by the checksum). The footer and the file's bytes must both match
   * what the writer computed from its own buffer.
   *
   * @param expectedLength bytes before the footer, as written
   * @param expectedCrc their CRC-32C, as written
   * @param pacer paces the read like the write before it
   * @throws CorruptImageException if the file is truncated, damaged or does not parse
   */
  static Structure readStructure(Path file, long expectedLength, int expectedCrc, Pacer pacer) {
    try {
      Footer footer = readFooter(file);
      if (footer.length() != expectedLength || footer.crc() != expectedCrc) {
        throw new CorruptImageException(
            file
                + " has a footer for "
                + footer.length()
                + " bytes with CRC-32C "
                + Integer.toHexString(footer.crc())
                + ", but "
                + expectedLength
                + " bytes with "
                + Integer.toHexString(expectedCrc)
                + " were written");
      }
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        ImageInput in = new ImageInput(ch, footer.length(), pacer);
        Structure structure;
        try {
          structure = parse(file, in, new java.util.HashMap<>());
          long left = footer.length() - in.position();
          if (left != 0) {
            throw new CorruptImageException(
                file + " has " + left + " bytes between its end marker and its footer");
          }
        } catch (IOException | RuntimeException e) {
          // A damaged byte can derail the parse before the checksum is known; the checksum tells
          // a damaged file from a parser that disagrees with the writer.
          checkCrc(file, footer.crc(), in.crcOfAll());
          throw e;
        }
        checkCrc(file, footer.crc(), in.crcOfAll());
        return structure;
      }
    } catch (IOException | RuntimeException e) {
      throw corrupt(file, e);
    }
  }

  /**
   * @param rowCounts null to keep every row; otherwise rows are only counted here, per table id
   */
  private static Structure parse(Path file, java.util.Map<Long, Long> rowCounts) {
    try {
      verifyChecksum(file);
      try (DataInputStream in =
          new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
        return parse(file, in, rowCounts);
      }
    } catch (IOException | RuntimeException e) {
      throw corrupt(file, e);
    }
  }

  private static CorruptImageException corrupt(Path file, Exception e) {
    if (e instanceof CorruptImageException c) {
      return c;
    }
    if (e instanceof EOFException) {
      return new CorruptImageException(
          file + " ends in the middle of a section; it is truncated", e);
    }
    return new CorruptImageException("cannot read image " + file + ": " + e, e);
  }

  /**
   * The journal id an image file name claims, or -1 for names that are not {@code image.<digits>}.
   */
  public static long journalIdOf(Path file) {
    String name = file.getFileName().toString();
    if (!name.startsWith("image.")) {
      return -1;
    }
    String digits = name.substring("image.".length());
    return !digits.isEmpty() && digits.chars().allMatch(Character::isDigit) && digits.length() < 19
        ? Long.parseLong(digits)
        : -1;
  }

  /** The footer's claim: the length of everything before it and the CRC-32C of that. */
  private record Footer(long length, int crc) {}

  private static Footer readFooter(Path file) throws IOException {
    long size = Files.size(file);
    if (size < HEADER_LENGTH + ImageFormat.FOOTER_LENGTH) {
      throw new CorruptImageException(
          file + " is " + size + " bytes, shorter than any image: it is truncated");
    }
    long covered = size - ImageFormat.FOOTER_LENGTH;
    ByteBuffer footer = ByteBuffer.allocate(ImageFormat.FOOTER_LENGTH);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      while (footer.hasRemaining()) {
        if (ch.read(footer, covered + footer.position()) < 0) {
          throw new EOFException();
        }
      }
    }
    footer.flip();
    byte[] magic = new byte[ImageFormat.FOOTER_MAGIC.length];
    footer.get(magic);
    long length = footer.getLong();
    int expected = footer.getInt();
    if (!Arrays.equals(magic, ImageFormat.FOOTER_MAGIC) || length != covered) {
      throw new CorruptImageException(
          file + " has no valid footer: it is truncated or was not written completely");
    }
    return new Footer(covered, expected);
  }

  private static void checkCrc(Path file, int expected, int computed) {
    if (computed != expected) {
      throw new CorruptImageException(
          file
              + " fails its CRC-32C checksum (stored "
              + Integer.toHexString(expected)
              + ", computed "
              + Integer.toHexString(computed)
              + "): the file is damaged");
    }
  }

  private static void verifyChecksum(Path file) throws IOException {
    Footer footer = readFooter(file);
    CRC32C crc = new CRC32C();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      long left = footer.length();
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new EOFException();
        }
        crc.update(buffer, 0, n);
        left -= n;
      }
    }
    checkCrc(file, footer.crc(), (int) crc.getValue());
  }

  private static Structure parse(Path file, DataInput in, java.util.Map<Long, Long> rowCounts)
      throws IOException {
    byte[] magic = new byte[ImageFormat.MAGIC.length];
    in.readFully(magic);
    if (!Arrays.equals(magic, ImageFormat.MAGIC)) {
      throw new CorruptImageException(file + " is not a MetaFE image (bad magic)");
    }
    int version = in.readInt();
    if (version < 1 || version > ImageFormat.VERSION) {
      throw new CorruptImageException(
          file
              + " has image format version "
              + version
              + "; this MetaFE reads"
              + " versions 1.."
              + ImageFormat.VERSION
              + ": it was written by a newer MetaFE");
    }
    long journalId = in.readLong();
    int clusterId = in.readInt();
    long nextId = in.readLong();
    List<Frontend> frontends = new ArrayList<>();
    MasterInfo master = null;
    List<Database> databases = new ArrayList<>();
    while (true) {
      int type = in.readUnsignedShort();
      // The databases section is streamed and last; a head-only read (rowCounts == HEAD_ONLY) stops
      // before it.
      if (type == ImageFormat.SECTION_END
          || (type == ImageFormat.SECTION_DATABASES && rowCounts == HEAD_ONLY)) {
        break;
      }
      long length = in.readLong();
      switch (type) {
        case ImageFormat.SECTION_FRONTENDS -> readFrontends(in, frontends, version);
        case ImageFormat.SECTION_MASTER -> {
          byte[] bytes = new byte[(int) length];
          in.readFully(bytes);
          master = (MasterInfo) RecordCodec.decode(bytes);
        }
        case ImageFormat.SECTION_DATABASES -> readDatabases(in, databases, rowCounts);
        default -> {
          if (length < 0) {
            throw new CorruptImageException(file + " has an unknown streamed section " + type);
          }
          Wire.skipFully(in, length);
        }
      }
    }
    return new Structure(
        clusterId, Catalog.of(journalId, nextId, frontends, master, databases), rowCounts);
  }

  private static void readFrontends(DataInput in, List<Frontend> out, int version)
      throws IOException {
    int n = Wire.readLength(in);
    for (int i = 0; i < n; i++) {
      String name = Wire.readString(in);
      int code = in.readUnsignedByte();
      FrontendRole role = FrontendRole.fromWireCode(code);
      if (role == null) {
        throw new IOException("unknown frontend role code " + code);
      }
      String host = Wire.readString(in);
      int editLogPort = in.readInt();
      int httpPort = in.readInt();
      boolean stale = version >= 2 && in.readBoolean();
      int queryPort = version >= 3 ? in.readInt() : 0;
      int rpcPort = version >= 3 ? in.readInt() : 0;
      out.add(new Frontend(name, role, host, editLogPort, httpPort, queryPort, rpcPort, stale));
    }
  }

  private static void readDatabases(
      DataInput in, List<Database> out, java.util.Map<Long, Long> rowCounts) throws IOException {
    int n = Wire.readLength(in);
    for (int i = 0; i < n; i++) {
      long id = in.readLong();
      String name = Wire.readString(in);
      int tables = Wire.readLength(in);
      TreeMap<String, Table> byName = TreeMap.empty();
      HashMap<Long, String> byId = HashMap.empty();
      for (int t = 0; t < tables; t++) {
        TableDefinition def = TableDefinition.readFrom(in);
        long rows = in.readLong();
        List<Object[]> data =
            new ArrayList<>(rowCounts != null ? 0 : (int) Math.min(rows, 1 << 20));
        for (long r = 0; r < rows; r++) {
          if (rowCounts == null) {
            data.add(InsertRows.readRow(in));
          } else {
            InsertRows.skipRow(in);
          }
        }
        if (rowCounts != null) {
          rowCounts.put(def.id(), rows);
        }
        byName = byName.put(def.name(), new Table(def, Vector.ofAll(data)));
        byId = byId.put(def.id(), def.name());
      }
      out.add(new Database(id, name, byName, byId));
    }
  }
}
