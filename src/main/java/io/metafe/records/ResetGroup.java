package io.metafe.records;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * Written first by an FE that became master through metadata failure recovery (a reset of the bdbje
 * group). It records that FE as a FOLLOWER, since it now votes whatever its role was, and marks
 * every other FE as belonging to the group before the reset: such an FE must be dropped and added
 * again with an empty meta_dir.
 */
public record ResetGroup(String masterName, long resetAtMillis) implements JournalRecord {
  public ResetGroup {
    Objects.requireNonNull(masterName, "masterName");
  }

  @Override
  public RecordType type() {
    return RecordType.RESET_GROUP;
  }

  @Override
  public void writePayload(DataOutput out) throws IOException {
    Wire.writeString(out, masterName);
    out.writeLong(resetAtMillis);
  }

  static ResetGroup read(DataInput in, int version) throws IOException {
    return new ResetGroup(Wire.readString(in), in.readLong());
  }
}
