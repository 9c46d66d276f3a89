package io.metafe.records;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * Creates a database. The id is allocated by this record: replay advances the catalog's next id
 * past it.
 */
public record CreateDatabase(long id, String name) implements JournalRecord {
  public CreateDatabase {
    Objects.requireNonNull(name, "name");
  }

  @Override
  public RecordType type() {
    return RecordType.CREATE_DATABASE;
  }

  @Override
  public void writePayload(DataOutput out) throws IOException {
    out.writeLong(id);
    Wire.writeString(out, name);
  }

  static CreateDatabase read(DataInput in, int version) throws IOException {
    return new CreateDatabase(in.readLong(), Wire.readString(in));
  }
}
