package io.metafe.records;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * Creates a table in a database. The table id inside the definition is allocated by this record.
 */
public record CreateTable(long databaseId, TableDefinition table) implements JournalRecord {
  public CreateTable {
    Objects.requireNonNull(table, "table");
  }

  @Override
  public RecordType type() {
    return RecordType.CREATE_TABLE;
  }

  @Override
  public void writePayload(DataOutput out) throws IOException {
    out.writeLong(databaseId);
    table.write(out);
  }

  static CreateTable read(DataInput in, int version) throws IOException {
    return new CreateTable(in.readLong(), TableDefinition.read(in));
  }
}
