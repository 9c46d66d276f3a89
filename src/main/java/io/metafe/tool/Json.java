package io.metafe.tool;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.metafe.records.DataType;
import io.metafe.sql.eval.ValueFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * JSON for the tool's output. Row values are held as Long, Double, BigDecimal, String, Boolean,
 * LocalDate, LocalDateTime or null (see {@link DataType}); Jackson knows all but the two date types
 * (which need a module the FE does not ship), so those print as MySQL prints them. DECIMALs stay
 * exact and plain ({@code 10.50}, never {@code 1.05E+1}); column types print as DDL ({@code
 * decimal(10,2)}).
 */
final class Json {
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .addModule(
              new SimpleModule("metafe-values")
                  .addSerializer(
                      LocalDate.class, asText(LocalDate.class, d -> ValueFormat.toText(d, null)))
                  .addSerializer(
                      LocalDateTime.class,
                      asText(LocalDateTime.class, t -> ValueFormat.toText(t, null)))
                  .addSerializer(DataType.class, asText(DataType.class, DataType::sql)))
          .build();

  private Json() {}

  private static <T> StdSerializer<T> asText(Class<T> type, Function<T, String> text) {
    return new StdSerializer<>(type) {
      @Override
      public void serialize(T value, JsonGenerator gen, SerializerProvider provider)
          throws IOException {
        gen.writeString(text.apply(value));
      }
    };
  }

  /** One line of JSON. */
  static String line(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A record's components by name, in declaration order, so that callers can put their own keys
   * (id, type) first and the record's fields after them.
   */
  static Map<String, Object> fields(Record record) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      try {
        out.put(c.getName(), c.getAccessor().invoke(record));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(
            "cannot read " + c.getName() + " of " + record.getClass().getName(), e);
      }
    }
    return out;
  }
}
