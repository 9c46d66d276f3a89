package io.metafe.catalog;

import io.metafe.records.InsertRows;
import io.metafe.records.Wire;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A SHA-256 over everything in a catalog, in a canonical order. Two FEs that applied the same
 * journal have the same digest; comparing digests is how tests and operators check that replicas
 * agree. Stateless.
 */
public final class CatalogDigest {
  private CatalogDigest() {}

  public static String of(Catalog catalog) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
    try (DataOutputStream out = new DataOutputStream(new DigestSink(sha))) {
      out.writeLong(catalog.journalId());
      out.writeLong(catalog.nextId());
      for (Frontend fe : catalog.frontends()) {
        Wire.writeString(out, fe.name());
        Wire.writeString(out, fe.role().name());
        Wire.writeString(out, fe.hostPort());
        out.writeInt(fe.httpPort());
        out.writeInt(fe.queryPort());
        out.writeInt(fe.rpcPort());
      }
      if (catalog.master() != null) {
        catalog.master().writePayload(out);
      }
      for (Database db : catalog.databases().values()) {
        out.writeLong(db.id());
        Wire.writeString(out, db.name());
        for (Table t : db.tables().values()) {
          t.definition().writeTo(out);
          out.writeInt(t.rows().size());
          for (Object[] row : t.rows()) {
            InsertRows.writeRow(out, row);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static final class DigestSink extends OutputStream {
    private final MessageDigest sha;

    DigestSink(MessageDigest sha) {
      this.sha = sha;
    }

    @Override
    public void write(int b) {
      sha.update((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      sha.update(b, off, len);
    }
  }
}
