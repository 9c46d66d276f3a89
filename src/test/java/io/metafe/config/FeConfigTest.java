package io.metafe.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class FeConfigTest {
  private static final Function<String, String> VARS =
      Map.of("FE_HOME", "/opt/fe", "USER_DIR", "/data")::get;

  private static FeConfig parse(String... lines) {
    return FeConfig.from(ConfigFile.parse("conf/fe.conf", List.of(lines), VARS), VARS);
  }

  @Test
  void defaultsFollowStarRocks() {
    FeConfig c = parse();
    assertThat(c.get(ConfigKeys.META_DIR)).isEqualTo("/opt/fe/meta");
    assertThat(c.get(ConfigKeys.HTTP_PORT)).isEqualTo(8030);
    assertThat(c.get(ConfigKeys.RPC_PORT)).isEqualTo(9020);
    assertThat(c.get(ConfigKeys.QUERY_PORT)).isEqualTo(9030);
    assertThat(c.get(ConfigKeys.EDIT_LOG_PORT)).isEqualTo(9010);
    assertThat(c.get(ConfigKeys.MASTER_SYNC_POLICY)).isEqualTo("SYNC");
    assertThat(c.get(ConfigKeys.REPLICA_ACK_POLICY)).isEqualTo("SIMPLE_MAJORITY");
    assertThat(c.get(ConfigKeys.EDIT_LOG_ROLL_NUM)).isEqualTo(50_000L);
    assertThat(c.get(ConfigKeys.CHECKPOINT_INTERVAL_SECOND)).isEqualTo(600);
    assertThat(c.origin(ConfigKeys.QUERY_PORT)).isEqualTo("default");
  }

  @Test
  void valuesCommentsQuotesAndExpansion() {
    FeConfig c =
        parse(
            "# a comment",
            "",
            "meta_dir = ${USER_DIR}/meta",
            "query_port=9131",
            "sys_log_level = \"warn\"",
            "JAVA_OPTS = \"-Xmx1g\"");
    assertThat(c.get(ConfigKeys.META_DIR)).isEqualTo("/data/meta");
    assertThat(c.get(ConfigKeys.QUERY_PORT)).isEqualTo(9131);
    assertThat(c.get(ConfigKeys.SYS_LOG_LEVEL)).isEqualTo("WARN");
    assertThat(c.origin(ConfigKeys.QUERY_PORT)).isEqualTo("conf/fe.conf line 4");
    assertThat(c.warnings()).isEmpty();
  }

  @Test
  void unknownAndRepeatedKeysWarnButStart() {
    FeConfig c = parse("query_prot = 9030", "http_port = 8031", "http_port = 8032");
    assertThat(c.get(ConfigKeys.HTTP_PORT)).isEqualTo(8032);
    assertThat(c.warnings()).hasSize(2);
    assertThat(c.warnings())
        .anySatisfy(
            w -> assertThat(w).contains("unknown config key 'query_prot'").contains("line 1"));
    assertThat(c.warnings()).anySatisfy(w -> assertThat(w).contains("http_port is set again"));
  }

  @Test
  void mutableKeysChangeAtRuntimeAllOrNothing() {
    FeConfig c = parse("edit_log_roll_num = 1000");
    c.set(java.util.Map.of("edit_log_roll_num", " 20 "));
    assertThat(c.get(ConfigKeys.EDIT_LOG_ROLL_NUM)).isEqualTo(20L);
    assertThat(c.origin(ConfigKeys.EDIT_LOG_ROLL_NUM)).isEqualTo("ADMIN SET FRONTEND CONFIG");
    java.util.Map<String, String> mixed = new java.util.LinkedHashMap<>();
    mixed.put("edit_log_roll_num", "30");
    mixed.put("query_port", "9999");
    assertThatThrownBy(() -> c.set(mixed))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("query_port cannot be changed while the FE runs");
    assertThat(c.get(ConfigKeys.EDIT_LOG_ROLL_NUM)).isEqualTo(20L);
    assertThatThrownBy(() -> c.set(java.util.Map.of("edit_log_roll_num", "0")))
        .hasMessageContaining("invalid value '0' for edit_log_roll_num");
    assertThatThrownBy(() -> c.set(java.util.Map.of("no_such_key", "1")))
        .hasMessageContaining("unknown config key");
    assertThatThrownBy(() -> c.set(java.util.Map.of("checkpoint_image_keep_num", "1")))
        .hasMessageContaining("checkpoint_image_keep_num");
    c.set(java.util.Map.of("checkpoint_interval_second", "0"));
    assertThat(c.get(ConfigKeys.CHECKPOINT_INTERVAL_SECOND))
        .as("0 turns the time trigger off")
        .isZero();
    assertThatThrownBy(() -> c.set(java.util.Map.of("checkpoint_interval_second", "-1")))
        .hasMessage(
            "invalid value '-1' for checkpoint_interval_second: must be an integer from 0 to 2147483647");
  }

  @Test
  void anInvalidValueNamesKeyValueLineAndWhatIsAllowed() {
    assertThatThrownBy(() -> parse("query_port = abc"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "invalid value 'abc' for query_port in conf/fe.conf line 1: must be an integer from 1 to 65535");
    assertThatThrownBy(() -> parse("", "master_sync_policy = SOMETIMES"))
        .hasMessageContaining("'SOMETIMES' for master_sync_policy in conf/fe.conf line 2")
        .hasMessageContaining("SYNC, NO_SYNC, WRITE_NO_SYNC");
    assertThatThrownBy(() -> parse("priority_networks = 10.0.0/8"))
        .hasMessageContaining("priority_networks");
    assertThatThrownBy(() -> parse("edit_log_roll_num = 0"))
        .hasMessageContaining("edit_log_roll_num");
    assertThatThrownBy(() -> parse("checkpoint_interval_second = 10m"))
        .hasMessageContaining("'10m' for checkpoint_interval_second in conf/fe.conf line 1");
    assertThatThrownBy(() -> parse("cluster_id = 0"))
        .hasMessageContaining("must be -1 (choose one) or a positive");
    assertThatThrownBy(() -> parse("max_bdbje_clock_delta_ms = 70000"))
        .hasMessageContaining("0 to 60000");
  }

  @Test
  void badLinesAndUnsetVariablesAreRefused() {
    assertThatThrownBy(() -> parse("just words"))
        .hasMessageContaining("line 1: expected 'key = value'");
    assertThatThrownBy(() -> parse("meta_dir = ${NOPE}/meta"))
        .hasMessageContaining("${NOPE} is not set");
  }

  @Test
  void clashingPortsAreRefused() {
    assertThatThrownBy(() -> parse("query_port = 9010"))
        .hasMessageContaining("edit_log_port and query_port are both" + " 9010");
  }
}
