package io.metafe.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

  static List<JournalRecord> oneOfEach() {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("replication_num", "1");
    TableDefinition table =
        new TableDefinition(
            7,
            "t",
            List.of(
                new Column("k", DataType.INT, false, null, ""),
                new Column("v", DataType.varchar(10), true, "x", "a comment"),
                new Column("d", DataType.decimal(10, 2), true, new BigDecimal("1.50"), "")),
            "DUPLICATE",
            List.of("k"),
            "HASH",
            List.of("k"),
            4,
            props,
            "");
    return List.of(
        new AddFrontend("127.0.0.1_9010_1", FrontendRole.FOLLOWER, "127.0.0.1", 9010, 8030),
        new RemoveFrontend("127.0.0.1_9010_1"),
        new ResetGroup("127.0.0.1_9010_1", 1_700_000_000_000L),
        new FrontendPorts("127.0.0.1_9010_1", 8030, 9030, 9020),
        new MasterInfo("127.0.0.1_9010_1", "127.0.0.1", 9010, 8030, 9020, 9030, 3),
        new CreateDatabase(5, "db"),
        new DropDatabase(5),
        new CreateTable(5, table),
        new DropTable(5, 7),
        new InsertRows(
            5,
            7,
            List.of(
                new Object[] {1L, "héllo", new BigDecimal("-12.25")},
                new Object[] {
                  null,
                  true,
                  false,
                  2.5d,
                  LocalDate.of(2024, 2, 29),
                  LocalDateTime.of(2024, 1, 1, 12, 0, 1, 500_000_000)
                })),
        new CommitTransaction(
            List.of(
                new InsertRows(5, 7, List.<Object[]>of(new Object[] {1L, "a", null})),
                new InsertRows(6, 8, List.<Object[]>of(new Object[] {2L}, new Object[] {3L})))));
  }

  @Test
  void aTransactionHoldsOnlyRowChanges() {
    byte[] nested = RecordCodec.encode(new CreateDatabase(5, "db"));
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
      out.writeShort(RecordType.COMMIT_TRANSACTION.code());
      out.writeByte(1);
      out.writeInt(1);
      out.writeInt(nested.length);
      out.write(nested);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThatThrownBy(() -> RecordCodec.decode(bytes.toByteArray()))
        .isInstanceOf(CorruptRecordException.class)
        .hasMessageContaining(
            "a transaction holds a CREATE_DATABASE record; only INSERT_ROWS belong there");
    assertThatThrownBy(() -> new CommitTransaction(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyRecordTypeRoundTrips() {
    List<JournalRecord> records = oneOfEach();
    assertThat(records)
        .extracting(JournalRecord::type)
        .containsExactlyInAnyOrder(RecordType.values());
    for (JournalRecord r : records) {
      byte[] bytes = RecordCodec.encode(r);
      assertThat(RecordCodec.typeCode(bytes)).isEqualTo(r.type().code());
      assertThat(RecordCodec.decode(bytes)).isEqualTo(r);
    }
  }

  @Test
  void codesAreUnique() {
    assertThat(List.of(RecordType.values())).extracting(RecordType::code).doesNotHaveDuplicates();
  }

  @Test
  void unknownCodeAndTruncatedPayloadAreRefusedWithTheCause() {
    assertThatThrownBy(() -> RecordCodec.decode(new byte[] {0x7f, 0x00, 1}))
        .isInstanceOf(CorruptRecordException.class)
        .hasMessageContaining("unknown record type code 32512");
    byte[] good = RecordCodec.encode(new CreateDatabase(5, "db"));
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 1);
    assertThatThrownBy(() -> RecordCodec.decode(truncated))
        .isInstanceOf(CorruptRecordException.class);
    byte[] newer = good.clone();
    newer[2] = 9;
    assertThatThrownBy(() -> RecordCodec.decode(newer)).hasMessageContaining("payload version 9");
  }
}
