package io.metafe.records;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Drops a table and its rows. */
public record DropTable(long databaseId, long tableId) implements JournalRecord {
  @Override
  public RecordType type() {
    return RecordType.DROP_TABLE;
  }

  @Override
  public void writePayload(DataOutput out) throws IOException {
    out.writeLong(databaseId);
    out.writeLong(tableId);
  }

  static DropTable read(DataInput in, int version) throws IOException {
    return new DropTable(in.readLong(), in.readLong());
  }
}
