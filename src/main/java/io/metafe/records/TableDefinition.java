package io.metafe.records;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything DDL says about a table, kept so that {@code SHOW CREATE TABLE} can show it back.
 *
 * @param keysType DUPLICATE, AGGREGATE, UNIQUE or PRIMARY
 * @param distribution {@code HASH} or {@code RANDOM}; {@code buckets} 0 means "not given"
 * @param properties in the order the DDL gave them
 */
public record TableDefinition(
    long id,
    String name,
    List<Column> columns,
    String keysType,
    List<String> keyColumns,
    String distribution,
    List<String> distributionColumns,
    int buckets,
    Map<String, String> properties,
    String comment) {

  public TableDefinition {
    Objects.requireNonNull(name, "name");
    columns = List.copyOf(columns);
    Objects.requireNonNull(keysType, "keysType");
    keyColumns = List.copyOf(keyColumns);
    Objects.requireNonNull(distribution, "distribution");
    distributionColumns = List.copyOf(distributionColumns);
    properties = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
    Objects.requireNonNull(comment, "comment");
  }

  /**
   * The position of the named column, or -1. Column names compare case-insensitively, as in MySQL.
   */
  public int columnIndex(String column) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equalsIgnoreCase(column)) {
        return i;
      }
    }
    return -1;
  }

  void write(DataOutput out) throws IOException {
    out.writeLong(id);
    Wire.writeString(out, name);
    out.writeInt(columns.size());
    for (Column c : columns) {
      Wire.writeColumn(out, c);
    }
    Wire.writeString(out, keysType);
    Wire.writeStrings(out, keyColumns);
    Wire.writeString(out, distribution);
    Wire.writeStrings(out, distributionColumns);
    out.writeInt(buckets);
    Wire.writeStringMap(out, properties);
    Wire.writeString(out, comment);
  }

  static TableDefinition read(DataInput in) throws IOException {
    long id = in.readLong();
    String name = Wire.readString(in);
    int n = Wire.readLength(in);
    List<Column> columns = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      columns.add(Wire.readColumn(in));
    }
    return new TableDefinition(
        id,
        name,
        columns,
        Wire.readString(in),
        Wire.readStrings(in),
        Wire.readString(in),
        Wire.readStrings(in),
        in.readInt(),
        Wire.readStringMap(in),
        Wire.readString(in));
  }

  /**
   * Writes this definition as an image section would; the same bytes as inside a {@link
   * CreateTable} record.
   */
  public void writeTo(DataOutput out) throws IOException {
    write(out);
  }

  public static TableDefinition readFrom(DataInput in) throws IOException {
    return read(in);
  }
}
