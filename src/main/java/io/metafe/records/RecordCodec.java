package io.metafe.records;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns a record into the bytes of one journal entry and back: a 2-byte type code, a 1-byte payload
 * version, then the payload. Stateless and thread-safe.
 */
public final class RecordCodec {
  private RecordCodec() {}

  public static byte[] encode(JournalRecord record) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeShort(record.type().code());
      out.writeByte(record.type().version());
      record.writePayload(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes one entry.
   *
   * @throws CorruptRecordException when the bytes are not a record this version of MetaFE
   *     understands; the message says which code or version was found
   */
  public static JournalRecord decode(byte[] entry) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(entry))) {
      int code = in.readShort();
      int version = in.readUnsignedByte();
      RecordType type = RecordType.byCode(code);
      if (type == null) {
        throw new CorruptRecordException(
            "unknown record type code "
                + code
                + "; this journal was written by a newer MetaFE or is damaged");
      }
      JournalRecord record = type.read(in, version);
      if (in.available() != 0) {
        throw new CorruptRecordException(
            in.available() + " trailing bytes after a " + type + " record");
      }
      return record;
    } catch (IOException e) {
      throw new CorruptRecordException(
          "cannot decode journal entry of " + entry.length + " bytes: " + e.getMessage());
    }
  }

  /** The type code of an encoded entry, without decoding the payload. */
  public static int typeCode(byte[] entry) {
    if (entry.length < 3) {
      throw new CorruptRecordException(
          "journal entry of " + entry.length + " bytes is shorter than its header");
    }
    return (short) (((entry[0] & 0xff) << 8) | (entry[1] & 0xff));
  }
}
