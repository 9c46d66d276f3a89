package io.metafe.records;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binary encodings shared by every record and by image sections: strings, column types, columns and
 * typed cell values. Stateless. Every format here is on disk: change one only by adding a new tag
 * or a new record version.
 */
public final class Wire {
  private static final int TAG_NULL = 0;
  private static final int TAG_LONG = 1;
  private static final int TAG_DOUBLE = 2;
  private static final int TAG_DECIMAL = 3;
  private static final int TAG_STRING = 4;
  private static final int TAG_TRUE = 5;
  private static final int TAG_FALSE = 6;
  private static final int TAG_DATE = 7;
  private static final int TAG_DATETIME = 8;

  /** Longest string or byte array a payload may claim; guards decoding against a corrupt length. */
  private static final int MAX_LENGTH = 64 << 20;

  private Wire() {}

  /**
   * A {@link DataOutput} whose {@link DataOutput#writeBytes(String)} copies chars into its buffer
   * with no temporary array. {@link #writeString} writes ASCII strings through it, whose UTF-8
   * bytes are their chars' low bytes; an image of a million rows then encodes its strings without a
   * million short-lived arrays, which the collector would otherwise chase while writes run.
   */
  public interface CopyingOutput extends DataOutput {}

  public static void writeString(DataOutput out, String s) throws IOException {
    if (out instanceof CopyingOutput && isAscii(s)) {
      out.writeInt(s.length());
      out.writeBytes(s);
      return;
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    writeBytes(out, bytes);
  }

  private static boolean isAscii(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  public static String readString(DataInput in) throws IOException {
    return new String(readBytes(in), StandardCharsets.UTF_8);
  }

  public static void writeBytes(DataOutput out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  public static byte[] readBytes(DataInput in) throws IOException {
    int n = readLength(in);
    byte[] bytes = new byte[n];
    in.readFully(bytes);
    return bytes;
  }

  /** Reads a non-negative count or length, refusing values that only a corrupt entry would hold. */
  public static int readLength(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_LENGTH) {
      throw new IOException("corrupt length " + n);
    }
    return n;
  }

  public static void writeStrings(DataOutput out, List<String> values) throws IOException {
    out.writeInt(values.size());
    for (String v : values) {
      writeString(out, v);
    }
  }

  public static List<String> readStrings(DataInput in) throws IOException {
    int n = readLength(in);
    List<String> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      values.add(readString(in));
    }
    return List.copyOf(values);
  }

  public static void writeStringMap(DataOutput out, Map<String, String> map) throws IOException {
    out.writeInt(map.size());
    for (Map.Entry<String, String> e : map.entrySet()) {
      writeString(out, e.getKey());
      writeString(out, e.getValue());
    }
  }

  public static Map<String, String> readStringMap(DataInput in) throws IOException {
    int n = readLength(in);
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      map.put(readString(in), readString(in));
    }
    return java.util.Collections.unmodifiableMap(map);
  }

  public static void writeType(DataOutput out, DataType type) throws IOException {
    out.writeByte(type.kind().wireCode());
    out.writeInt(type.length());
    out.writeByte(type.precision());
    out.writeByte(type.scale());
  }

  public static DataType readType(DataInput in) throws IOException {
    int code = in.readUnsignedByte();
    DataType.Kind kind = DataType.Kind.fromWireCode(code);
    if (kind == null) {
      throw new IOException("unknown column type code " + code);
    }
    try {
      return new DataType(kind, in.readInt(), in.readUnsignedByte(), in.readUnsignedByte());
    } catch (IllegalArgumentException e) {
      throw new IOException("corrupt column type: " + e.getMessage(), e);
    }
  }

  public static void writeColumn(DataOutput out, Column column) throws IOException {
    writeString(out, column.name());
    writeType(out, column.type());
    out.writeBoolean(column.nullable());
    writeValue(out, column.defaultValue());
    writeString(out, column.comment());
  }

  public static Column readColumn(DataInput in) throws IOException {
    return new Column(
        readString(in), readType(in), in.readBoolean(), readValue(in), readString(in));
  }

  public static void writeValue(DataOutput out, Object value) throws IOException {
    if (value == null) {
      out.writeByte(TAG_NULL);
    } else if (value instanceof Long l) {
      out.writeByte(TAG_LONG);
      out.writeLong(l);
    } else if (value instanceof Double d) {
      out.writeByte(TAG_DOUBLE);
      out.writeDouble(d);
    } else if (value instanceof BigDecimal d) {
      out.writeByte(TAG_DECIMAL);
      out.writeByte(d.scale());
      writeBytes(out, d.unscaledValue().toByteArray());
    } else if (value instanceof String s) {
      out.writeByte(TAG_STRING);
      writeString(out, s);
    } else if (value instanceof Boolean b) {
      out.writeByte(b ? TAG_TRUE : TAG_FALSE);
    } else if (value instanceof LocalDate d) {
      out.writeByte(TAG_DATE);
      out.writeLong(d.toEpochDay());
    } else if (value instanceof LocalDateTime t) {
      out.writeByte(TAG_DATETIME);
      out.writeLong(t.toEpochSecond(ZoneOffset.UTC));
      out.writeInt(t.getNano());
    } else {
      throw new IllegalArgumentException("not a storable value: " + value.getClass().getName());
    }
  }

  /**
   * Moves past one value as {@link #readValue} would read it, creating no objects: what counting
   * the rows of an image needs. Refuses the tags and lengths {@link #readValue} refuses; the value
   * bytes themselves are left to the checksum.
   */
  public static void skipValue(DataInput in) throws IOException {
    int tag = in.readUnsignedByte();
    switch (tag) {
      case TAG_NULL, TAG_TRUE, TAG_FALSE -> {}
      case TAG_LONG, TAG_DOUBLE, TAG_DATE -> skipFully(in, Long.BYTES);
      case TAG_DATETIME -> skipFully(in, Long.BYTES + Integer.BYTES);
      case TAG_DECIMAL -> {
        in.readByte();
        skipFully(in, readLength(in));
      }
      case TAG_STRING -> skipFully(in, readLength(in));
      default -> throw new IOException("unknown value tag " + tag);
    }
  }

  /**
   * Skips exactly {@code n} bytes; {@link DataInput#skipBytes} may skip fewer.
   *
   * @throws EOFException if the input ends first
   */
  public static void skipFully(DataInput in, long n) throws IOException {
    long left = n;
    while (left > 0) {
      int skipped = in.skipBytes((int) Math.min(left, Integer.MAX_VALUE));
      if (skipped <= 0) {
        // skipBytes returns 0 at the end of the input and also when it merely chose to skip
        // nothing; one byte read tells the two apart.
        in.readByte();
        skipped = 1;
      }
      left -= skipped;
    }
  }

  public static Object readValue(DataInput in) throws IOException {
    int tag = in.readUnsignedByte();
    return switch (tag) {
      case TAG_NULL -> null;
      case TAG_LONG -> in.readLong();
      case TAG_DOUBLE -> in.readDouble();
      case TAG_DECIMAL -> {
        int scale = in.readByte();
        yield new BigDecimal(new BigInteger(readBytes(in)), scale);
      }
      case TAG_STRING -> readString(in);
      case TAG_TRUE -> true;
      case TAG_FALSE -> false;
      case TAG_DATE -> LocalDate.ofEpochDay(in.readLong());
      case TAG_DATETIME -> LocalDateTime.ofEpochSecond(in.readLong(), in.readInt(), ZoneOffset.UTC);
      default -> throw new IOException("unknown value tag " + tag);
    };
  }
}
