package io.metafe.records;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends rows to a table; one record per INSERT statement, so a multi-row insert is applied whole
 * or not at all. Each row holds one value per table column, in column order, already converted to
 * the column's type. The arrays are never modified after the record is built.
 */
public record InsertRows(long databaseId, long tableId, List<Object[]> rows)
    implements JournalRecord {
  public InsertRows {
    rows = List.copyOf(rows);
  }

  @Override
  public RecordType type() {
    return RecordType.INSERT_ROWS;
  }

  @Override
  public void writePayload(DataOutput out) throws IOException {
    out.writeLong(databaseId);
    out.writeLong(tableId);
    out.writeInt(rows.size());
    for (Object[] row : rows) {
      writeRow(out, row);
    }
  }

  static InsertRows read(DataInput in, int version) throws IOException {
    long databaseId = in.readLong();
    long tableId = in.readLong();
    int n = Wire.readLength(in);
    List<Object[]> rows = new ArrayList<>(Math.min(n, 1 << 16));
    for (int i = 0; i < n; i++) {
      rows.add(readRow(in));
    }
    return new InsertRows(databaseId, tableId, rows);
  }

  /** One row: its width, then each value. Shared with image sections. */
  public static void writeRow(DataOutput out, Object[] row) throws IOException {
    out.writeShort(row.length);
    for (Object v : row) {
      Wire.writeValue(out, v);
    }
  }

  /** Moves past one row as {@link #readRow} would read it, creating no objects. */
  public static void skipRow(DataInput in) throws IOException {
    int width = in.readUnsignedShort();
    for (int i = 0; i < width; i++) {
      Wire.skipValue(in);
    }
  }

  public static Object[] readRow(DataInput in) throws IOException {
    int width = in.readUnsignedShort();
    Object[] row = new Object[width];
    for (int i = 0; i < width; i++) {
      row[i] = Wire.readValue(in);
    }
    return row;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof InsertRows other)
        || other.databaseId != databaseId
        || other.tableId != tableId
        || other.rows.size() != rows.size()) {
      return false;
    }
    for (int i = 0; i < rows.size(); i++) {
      if (!java.util.Arrays.equals(rows.get(i), other.rows.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = Long.hashCode(databaseId) * 31 + Long.hashCode(tableId);
    for (Object[] row : rows) {
      h = h * 31 + java.util.Arrays.hashCode(row);
    }
    return h;
  }

  @Override
  public String toString() {
    return "InsertRows[databaseId="
        + databaseId
        + ", tableId="
        + tableId
        + ", rows="
        + rows.size()
        + "]";
  }
}
