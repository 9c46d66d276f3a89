package io.metafe.records;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * Written by an FE when it becomes master, so that every FE knows where to forward writes.
 *
 * @param epoch how many times mastership has changed hands; increases by one with each new master
 */
public record MasterInfo(
    String nodeName,
    String host,
    int editLogPort,
    int httpPort,
    int rpcPort,
    int queryPort,
    long epoch)
    implements JournalRecord {
  public MasterInfo {
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(host, "host");
  }

  @Override
  public RecordType type() {
    return RecordType.MASTER_INFO;
  }

  @Override
  public void writePayload(DataOutput out) throws IOException {
    Wire.writeString(out, nodeName);
    Wire.writeString(out, host);
    out.writeInt(editLogPort);
    out.writeInt(httpPort);
    out.writeInt(rpcPort);
    out.writeInt(queryPort);
    out.writeLong(epoch);
  }

  static MasterInfo read(DataInput in, int version) throws IOException {
    return new MasterInfo(
        Wire.readString(in),
        Wire.readString(in),
        in.readInt(),
        in.readInt(),
        in.readInt(),
        in.readInt(),
        in.readLong());
  }
}
