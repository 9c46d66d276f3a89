package io.metafe.records;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * Adds an FE to the frontend list.
 *
 * @param name the FE's node name, also its bdbje node name ({@code host_editLogPort_millis})
 * @param httpPort the FE's HTTP port as configured on that FE; 0 when not known yet
 */
public record AddFrontend(
    String name, FrontendRole role, String host, int editLogPort, int httpPort)
    implements JournalRecord {
  public AddFrontend {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(host, "host");
  }

  @Override
  public RecordType type() {
    return RecordType.ADD_FRONTEND;
  }

  @Override
  public void writePayload(DataOutput out) throws IOException {
    Wire.writeString(out, name);
    out.writeByte(role.wireCode());
    Wire.writeString(out, host);
    out.writeInt(editLogPort);
    out.writeInt(httpPort);
  }

  static AddFrontend read(DataInput in, int version) throws IOException {
    String name = Wire.readString(in);
    int code = in.readUnsignedByte();
    FrontendRole role = FrontendRole.fromWireCode(code);
    if (role == null) {
      throw new IOException("unknown frontend role code " + code);
    }
    return new AddFrontend(name, role, Wire.readString(in), in.readInt(), in.readInt());
  }
}
