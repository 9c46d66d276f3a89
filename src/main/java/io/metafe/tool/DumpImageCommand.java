package io.metafe.tool;

import com.fasterxml.jackson.core.JsonGenerator;
import io.metafe.catalog.Catalog;
import io.metafe.catalog.Database;
import io.metafe.catalog.Frontend;
import io.metafe.catalog.Table;
import io.metafe.image.CorruptImageException;
import io.metafe.image.ImageReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dump-image FILE}: one image, checksum verified first, as one JSON document. */
@Command(
    name = "dump-image",
    mixinStandardHelpOptions = true,
    header = "Print one image file as JSON.",
    description =
        "Verifies an image file's checksum and prints it as JSON: journal id, cluster id, next id,"
            + " frontends, master, and databases with their table definitions and row counts.")
final class DumpImageCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "an image.N file")
  private Path file;

  @Option(names = "--rows", description = "also print every table's rows")
  private boolean rows;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(file)) {
      throw new ToolException(1, file + " is not a file");
    }
    ImageReader.Loaded image;
    try {
      image = ImageReader.read(file);
    } catch (CorruptImageException e) {
      throw new ToolException(1, e.getMessage());
    }
    Catalog c = image.catalog();
    long named = ImageReader.journalIdOf(file);
    if (named >= 0 && named != c.journalId()) {
      spec.commandLine()
          .getErr()
          .println(
              "note: "
                  + file.getFileName()
                  + " is named for journal id "
                  + named
                  + " but holds journal id "
                  + c.journalId());
    }
    PrintWriter out = spec.commandLine().getOut();
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
      // The writer belongs to picocli (stdout); closing the generator must not close it.
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.useDefaultPrettyPrinter();
      write(g, image.clusterId(), c);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.println();
    out.flush();
    return 0;
  }

  /** Streams table by table, so that --rows needs no second copy of the rows as a JSON tree. */
  private void write(JsonGenerator g, int clusterId, Catalog c) throws IOException {
    g.writeStartObject();
    g.writeStringField("file", file.toAbsolutePath().toString());
    g.writeStringField("checksum", "ok");
    g.writeNumberField("journalId", c.journalId());
    g.writeNumberField("clusterId", clusterId);
    g.writeNumberField("nextId", c.nextId());
    g.writeArrayFieldStart("frontends");
    for (Frontend fe : c.frontends()) {
      g.writeObject(fe);
    }
    g.writeEndArray();
    g.writeObjectField("master", c.master());
    g.writeArrayFieldStart("databases");
    for (Database db : c.databases().values()) {
      g.writeStartObject();
      g.writeNumberField("id", db.id());
      g.writeStringField("name", db.name());
      g.writeArrayFieldStart("tables");
      for (Table t : db.tables().values()) {
        g.writeStartObject();
        g.writeObjectField("definition", t.definition());
        g.writeNumberField("rowCount", t.rows().size());
        if (rows) {
          g.writeArrayFieldStart("rows");
          for (Object[] row : t.rows()) {
            g.writeObject(row);
          }
          g.writeEndArray();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }
}
