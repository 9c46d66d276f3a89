package io.metafe.records;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * The ports an FE serves on, as it reported them to the master. Recorded so that every FE, and
 * every FE's image and journal, knows how to reach every other FE even when it has not heard from
 * it: split-brain probes before a recovery, fencing at startup and SHOW FRONTENDS right after a
 * start depend on it.
 */
public record FrontendPorts(String name, int httpPort, int queryPort, int rpcPort)
    implements JournalRecord {
  public FrontendPorts {
    Objects.requireNonNull(name, "name");
  }

  @Override
  public RecordType type() {
    return RecordType.FRONTEND_PORTS;
  }

  @Override
  public void writePayload(DataOutput out) throws IOException {
    Wire.writeString(out, name);
    out.writeInt(httpPort);
    out.writeInt(queryPort);
    out.writeInt(rpcPort);
  }

  static FrontendPorts read(DataInput in, int version) throws IOException {
    return new FrontendPorts(Wire.readString(in), in.readInt(), in.readInt(), in.readInt());
  }
}
