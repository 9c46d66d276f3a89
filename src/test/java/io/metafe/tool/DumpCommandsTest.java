package io.metafe.tool;

import static io.metafe.tool.MetaDirFixture.history;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metafe.records.FrontendRole;
import io.metafe.records.JournalRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dump-journal and dump-image print JSON that parses back into what was written. */
class DumpCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void dumpJournalPrintsOneJsonObjectPerEntryWithReadableValues() throws Exception {
    List<JournalRecord> h = history(30, 0);
    MetaDirFixture.Fe fe =
        MetaDirFixture.create(tmp.resolve("fe"), FrontendRole.FOLLOWER).journal(h, 10);
    Map<String, String> before = MetaDirFixture.fingerprint(tmp);

    MetaDirFixture.Run r = MetaDirFixture.run("dump-journal", fe.root().toString());

    assertThat(r.code()).as(r.err()).isZero();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : r.lines()) {
      lines.add(JSON.readTree(line));
    }
    assertThat(lines).hasSize(30);
    for (int i = 0; i < 30; i++) {
      assertThat(lines.get(i).get("id").asLong()).isEqualTo(i + 1);
      assertThat(lines.get(i).get("type").asText()).isEqualTo(h.get(i).type().name());
      assertThat(lines.get(i).get("version").asInt()).isEqualTo(1);
    }
    JsonNode table = lines.get(3).get("table");
    assertThat(lines.get(3).get("databaseId").asLong()).isEqualTo(MetaDirFixture.DB);
    assertThat(table.get("name").asText()).isEqualTo("orders");
    assertThat(table.get("columns").get(2).get("type").asText()).isEqualTo("decimal(10,2)");
    assertThat(table.get("columns").get(1).get("defaultValue").asText()).isEqualTo("north");
    assertThat(table.get("properties").get("replication_num").asText()).isEqualTo("1");
    // Values print as MySQL shows them: exact plain decimals, dates and datetimes as text, NULL as
    // null.
    assertThat(r.lines().get(4))
        .startsWith("{\"id\":5,\"type\":\"INSERT_ROWS\",\"version\":1,")
        .contains("[5,\"south\",10.50,\"2024-01-02\",\"2024-01-02 03:04:05\",0.25,true]")
        .contains("[1005,null,null,null,null,null,null]");
    assertThat(lines.get(0).get("name").asText()).isEqualTo("127.0.0.1_9010_1");
    // A record's own id must not hide the journal id.
    assertThat(r.lines().get(2))
        .isEqualTo(
            "{\"id\":3,\"type\":\"CREATE_DATABASE\",\"version\":1,\"databaseId\":10000,\"name\":\"shop\"}");
    assertThat(lines.get(0).get("role").asText()).isEqualTo("FOLLOWER");

    MetaDirFixture.Run range =
        MetaDirFixture.run("dump-journal", fe.root().toString(), "--from", "9", "--to", "11");
    assertThat(range.code()).isZero();
    assertThat(range.lines()).hasSize(3);
    assertThat(JSON.readTree(range.lines().get(1)).get("type").asText())
        .isEqualTo("CREATE_DATABASE");
    assertThat(MetaDirFixture.fingerprint(tmp)).isEqualTo(before);

    fe.trim(15);
    Map<String, String> trimmedBefore = MetaDirFixture.fingerprint(tmp);
    MetaDirFixture.Run trimmed =
        MetaDirFixture.run("dump-journal", fe.root().toString(), "--from", "1", "--to", "12");
    assertThat(trimmed.code()).isZero();
    assertThat(trimmed.err()).contains("ids 1..10 are no longer held; starting at 11");
    assertThat(trimmed.lines()).hasSize(2);
    assertThat(MetaDirFixture.fingerprint(tmp)).isEqualTo(trimmedBefore);
  }

  @Test
  void dumpImageVerifiesTheChecksumAndPrintsTheCatalog() throws Exception {
    List<JournalRecord> h = history(20, 0);
    MetaDirFixture.Fe fe =
        MetaDirFixture.create(tmp.resolve("fe"), FrontendRole.FOLLOWER).image(h, 20);
    Path image = fe.metaDir().imageDir().resolve("image.20");
    Map<String, String> before = MetaDirFixture.fingerprint(fe.root());

    MetaDirFixture.Run r = MetaDirFixture.run("dump-image", image.toString());

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode doc = JSON.readTree(r.out());
    assertThat(doc.get("checksum").asText()).isEqualTo("ok");
    assertThat(doc.get("journalId").asLong()).isEqualTo(20);
    assertThat(doc.get("clusterId").asInt()).isEqualTo(MetaDirFixture.CLUSTER);
    assertThat(doc.get("nextId").asLong()).isEqualTo(20_002);
    assertThat(doc.get("frontends").get(0).get("name").asText()).isEqualTo("127.0.0.1_9010_1");
    assertThat(doc.get("master").get("epoch").asLong()).isEqualTo(1);
    assertThat(doc.get("databases")).hasSize(3);
    JsonNode shop = doc.get("databases").get(2);
    assertThat(shop.get("name").asText()).isEqualTo("shop");
    JsonNode orders = shop.get("tables").get(0);
    assertThat(orders.get("definition").get("name").asText()).isEqualTo("orders");
    // Entries 5..20 are inserts of two rows, except 10 and 20.
    assertThat(orders.get("rowCount").asInt()).isEqualTo(28);
    assertThat(orders.has("rows")).isFalse();

    MetaDirFixture.Run withRows = MetaDirFixture.run("dump-image", "--rows", image.toString());
    JsonNode rows =
        JSON.readTree(withRows.out()).get("databases").get(2).get("tables").get(0).get("rows");
    assertThat(rows).hasSize(28);
    // Checked on the text: a parsed tree would turn 10.50 into a double.
    assertThat(withRows.out().replaceAll("\\s", ""))
        .contains("[5,\"south\",10.50,\"2024-01-02\",\"2024-01-0203:04:05\",0.25,true]");

    byte[] bytes = Files.readAllBytes(image);
    bytes[bytes.length / 3] ^= 0x40;
    Path damaged = tmp.resolve("image.20");
    Files.write(damaged, bytes);
    MetaDirFixture.Run bad = MetaDirFixture.run("dump-image", damaged.toString());
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.out()).isEmpty();
    assertThat(bad.err().lines())
        .singleElement()
        .asString()
        .startsWith("meta_tool: ")
        .contains("CRC-32C");
    assertThat(MetaDirFixture.fingerprint(fe.root())).isEqualTo(before);
  }
}
