package io.metafe.records;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The row changes of one multi-statement transaction, stored as one journal entry so that every FE
 * applies them together or not at all, across failovers and restarts. Holds only {@link
 * InsertRows}: DDL is never part of a transaction (it commits the open one first), and a
 * transaction never nests.
 */
public record CommitTransaction(List<InsertRows> changes) implements JournalRecord {
  public CommitTransaction {
    changes = List.copyOf(changes);
    if (changes.isEmpty()) {
      throw new IllegalArgumentException("a committed transaction holds at least one change");
    }
  }

  @Override
  public RecordType type() {
    return RecordType.COMMIT_TRANSACTION;
  }

  @Override
  public void writePayload(DataOutput out) throws IOException {
    out.writeInt(changes.size());
    for (InsertRows change : changes) {
      byte[] entry = RecordCodec.encode(change);
      out.writeInt(entry.length);
      out.write(entry);
    }
  }

  static CommitTransaction read(DataInput in, int version) throws IOException {
    int n = Wire.readLength(in);
    List<InsertRows> changes = new ArrayList<>(Math.min(n, 1 << 16));
    for (int i = 0; i < n; i++) {
      byte[] entry = new byte[Wire.readLength(in)];
      in.readFully(entry);
      if (!(RecordCodec.decode(entry) instanceof InsertRows insert)) {
        throw new IOException(
            "a transaction holds a "
                + RecordType.byCode(RecordCodec.typeCode(entry))
                + " record; only INSERT_ROWS belong there");
      }
      changes.add(insert);
    }
    if (changes.isEmpty()) {
      throw new IOException("a committed transaction without changes");
    }
    return new CommitTransaction(changes);
  }
}
