package io.metafe.records;

import java.io.DataInput;
import java.io.IOException;

/**
 * The registry of journal record types: each code, its current payload version and its decoder,
 * declared once. Codes are part of the on-disk format: never reuse or renumber one.
 */
public enum RecordType {
  ADD_FRONTEND(1, 1, AddFrontend::read),
  REMOVE_FRONTEND(2, 1, RemoveFrontend::read),
  MASTER_INFO(3, 1, MasterInfo::read),
  RESET_GROUP(4, 1, ResetGroup::read),
  FRONTEND_PORTS(5, 1, FrontendPorts::read),
  CREATE_DATABASE(10, 1, CreateDatabase::read),
  DROP_DATABASE(11, 1, DropDatabase::read),
  CREATE_TABLE(20, 1, CreateTable::read),
  DROP_TABLE(21, 1, DropTable::read),
  INSERT_ROWS(30, 1, InsertRows::read),
  COMMIT_TRANSACTION(40, 1, CommitTransaction::read);

  /** Decodes one payload of the given version. */
  @FunctionalInterface
  interface Reader {
    JournalRecord read(DataInput in, int version) throws IOException;
  }

  private final short code;
  private final byte version;
  private final Reader reader;

  RecordType(int code, int version, Reader reader) {
    this.code = (short) code;
    this.version = (byte) version;
    this.reader = reader;
  }

  public short code() {
    return code;
  }

  public byte version() {
    return version;
  }

  JournalRecord read(DataInput in, int payloadVersion) throws IOException {
    if (payloadVersion < 1 || payloadVersion > version) {
      throw new IOException(
          "record type "
              + name()
              + " has payload version "
              + payloadVersion
              + " but this MetaFE reads versions 1.."
              + version
              + "; upgrade MetaFE to replay this journal");
    }
    return reader.read(in, payloadVersion);
  }

  /** The type with this code, or null when the code is unknown to this version of MetaFE. */
  public static RecordType byCode(int code) {
    for (RecordType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }
}
