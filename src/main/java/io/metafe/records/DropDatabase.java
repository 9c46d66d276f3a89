package io.metafe.records;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Drops a database and every table in it. */
public record DropDatabase(long id) implements JournalRecord {
  @Override
  public RecordType type() {
    return RecordType.DROP_DATABASE;
  }

  @Override
  public void writePayload(DataOutput out) throws IOException {
    out.writeLong(id);
  }

  static DropDatabase read(DataInput in, int version) throws IOException {
    return new DropDatabase(in.readLong());
  }
}
