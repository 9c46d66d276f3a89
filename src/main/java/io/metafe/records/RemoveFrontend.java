package io.metafe.records;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/** Removes an FE, by node name, from the frontend list. */
public record RemoveFrontend(String name) implements JournalRecord {
  public RemoveFrontend {
    Objects.requireNonNull(name, "name");
  }

  @Override
  public RecordType type() {
    return RecordType.REMOVE_FRONTEND;
  }

  @Override
  public void writePayload(DataOutput out) throws IOException {
    Wire.writeString(out, name);
  }

  static RemoveFrontend read(DataInput in, int version) throws IOException {
    return new RemoveFrontend(Wire.readString(in));
  }
}
