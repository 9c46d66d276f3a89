package io.metafe.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.metafe.catalog.Catalog;
import io.metafe.edit.CatalogHolder;
import io.metafe.peer.ForwardRequest;
import io.metafe.peer.ForwardResponse;
import io.metafe.peer.PeerClient;
import io.metafe.peer.PeerJson;
import io.metafe.peer.Refusal;
import io.metafe.peer.ScriptedTransport;
import io.metafe.records.MasterInfo;
import io.metafe.session.Forwarder;
import io.metafe.sql.SqlException;
import io.metafe.time.Clock;
import io.metafe.time.ManualClock;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the scenarios in {@code forwarding.scenarios}: elections, masters' answers and the passing
 * of time in, what the client gets out. A non-master's real {@link MasterForwarder} and {@link
 * PeerClient} talk to scripted masters over a {@link ScriptedTransport}, on a hand-driven clock.
 */
class ForwardingScenariosTest {
  private static final Pattern AT = Pattern.compile("at \\+(\\d+)s (.+)");
  private static final Pattern ELECT = Pattern.compile("elect (\\w+)( unannounced)?");
  private static final Pattern ANNOUNCE = Pattern.compile("announce (\\w+)");
  private static final Pattern NO_MASTER = Pattern.compile("no master");
  private static final Pattern USE = Pattern.compile("use (\\w+)");
  private static final Pattern OK = Pattern.compile("(\\w+) answers ok id=(\\d+)(?: rows=(\\d+))?");
  private static final Pattern ERROR = Pattern.compile("(\\w+) answers error (\\d+) (\\S+) (.+)");
  private static final Pattern HANGS = Pattern.compile("(\\w+) hangs until (\\w+) is elected");
  private static final Pattern BEHAVES =
      Pattern.compile(
          "(\\w+) (refuses connections|is full|is no longer the master|refuses the token|fails"
              + "|times out|answers nothing readable)");
  private static final Pattern FORWARD = Pattern.compile("forward (.+?) -> (.+)");
  private static final Pattern OUTCOME =
      Pattern.compile(
          "(?:ok id=(\\d+)(?: rows=(\\d+))?|error (\\d+)((?: \"[^\"]*\")+))"
              + "(?: after (\\d+)s)?(?: sent to (.+))?");
  private static final Pattern GOT =
      Pattern.compile("(\\w+) got (\\d+) statements(?: in (\\w+))?(?: as (\\w+))?");
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

  private record Step(int line, String text) {}

  private record Scenario(String name, List<Step> steps) {}

  @TestFactory
  Stream<DynamicTest> everyScenarioLineByLine() throws IOException {
    return scenarios().stream()
        .map(s -> DynamicTest.dynamicTest(s.name(), () -> new World().run(s.steps())));
  }

  /** One non-master FE, the masters it may reach, and time. */
  private static final class World {
    private final ScenarioClock clock = new ScenarioClock();
    private final CatalogHolder catalog =
        new CatalogHolder(Catalog.empty(), io.metafe.time.Clock.system());
    private final PeerJson json = new PeerJson();
    private final Map<String, Function<PeerClient.Sending, CompletableFuture<PeerClient.Received>>>
        masters = new TreeMap<>();
    private final Map<String, ForwardRequest> received = new TreeMap<>();
    private final List<String> sentTo = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final ScriptedTransport transport = new ScriptedTransport(this::answer);
    private volatile String elected;
    private String database;
    private final MasterForwarder forwarder =
        new MasterForwarder(
            catalog, () -> elected, new PeerClient(() -> "token", transport), clock);

    void run(List<Step> steps) {
      for (Step step : steps) {
        String where = "forwarding.scenarios line " + step.line() + ": " + step.text();
        Matcher f = FORWARD.matcher(step.text());
        if (f.matches()) {
          forward(where, f.group(1), f.group(2));
        } else {
          happen(where, step.text());
        }
        assertThat(problems).as(where).isEmpty();
      }
    }

    private void happen(String where, String event) {
      for (Map.Entry<Pattern, java.util.function.Consumer<Matcher>> rule :
          events(where).entrySet()) {
        Matcher m = rule.getKey().matcher(event);
        if (m.matches()) {
          rule.getValue().accept(m);
          return;
        }
      }
      fail(where + ": no such event");
    }

    /** Each kind of event line and what it does, tried in order. */
    private Map<Pattern, java.util.function.Consumer<Matcher>> events(String where) {
      Map<Pattern, java.util.function.Consumer<Matcher>> rules = new java.util.LinkedHashMap<>();
      rules.put(
          AT,
          m -> {
            String later = m.group(2);
            clock.at(Duration.ofSeconds(Long.parseLong(m.group(1))), () -> happen(where, later));
          });
      rules.put(
          ELECT,
          m -> {
            elected = m.group(1);
            if (m.group(2) == null) {
              announce(m.group(1));
            }
          });
      rules.put(ANNOUNCE, m -> announce(m.group(1)));
      rules.put(NO_MASTER, m -> elected = null);
      rules.put(USE, m -> database = m.group(1));
      rules.put(
          OK,
          m -> {
            ForwardResponse ok =
                new ForwardResponse(
                    0,
                    "00000",
                    "",
                    m.group(3) == null ? 0 : Long.parseLong(m.group(3)),
                    Long.parseLong(m.group(2)));
            masters.put(m.group(1), s -> transport.answer(200, ok));
          });
      rules.put(
          ERROR,
          m -> {
            ForwardResponse error =
                new ForwardResponse(Integer.parseInt(m.group(2)), m.group(3), m.group(4), 0, 0);
            masters.put(m.group(1), s -> transport.answer(200, error));
          });
      rules.put(
          HANGS,
          m -> {
            String next = m.group(2);
            masters.put(
                m.group(1),
                s -> {
                  happen(where, "elect " + next);
                  return new CompletableFuture<>();
                });
          });
      rules.put(BEHAVES, m -> masters.put(m.group(1), behaviour(m.group(2))));
      rules.put(GOT, m -> checkReceived(where, m));
      return rules;
    }

    private void checkReceived(String where, Matcher m) {
      ForwardRequest r = received.get(m.group(1));
      assertThat(r).as(where).isNotNull();
      assertThat(r.statements()).as(where).hasSize(Integer.parseInt(m.group(2)));
      String db = m.group(3);
      if (db != null) {
        assertThat(r.statements()).as(where).allMatch(w -> db.equals(w.db()));
      }
      if (m.group(4) != null) {
        assertThat(r.user()).as(where).isEqualTo(m.group(4));
      }
    }

    private Function<PeerClient.Sending, CompletableFuture<PeerClient.Received>> behaviour(
        String how) {
      return switch (how) {
        case "refuses connections" -> s -> ScriptedTransport.connectionRefused();
        case "is full" -> s -> transport.answer(503, ForwardResponse.queueFull(64, 1024));
        case "is no longer the master" ->
            s -> transport.answer(409, Refusal.of("this FE is not the master"));
        case "refuses the token" ->
            s ->
                transport.answer(
                    403,
                    Refusal.of(
                        "peer requests must be POSTs from an FE in the frontend list with the"
                            + " cluster token; caller 127.0.0.2 sent a wrong token"));
        case "fails" ->
            s -> transport.answer(500, Refusal.of("POST /api/forward failed on this FE: boom"));
        case "answers nothing readable" -> s -> ScriptedTransport.raw(200, "{}");
        case "times out" ->
            s -> {
              clock.advance(s.timeout());
              return ScriptedTransport.failed(new HttpTimeoutException("request timed out"));
            };
        default -> throw new IllegalArgumentException(how);
      };
    }

    private CompletableFuture<PeerClient.Received> answer(PeerClient.Sending s) {
      String master = "m" + (s.uri().getPort() - 8030);
      sentTo.add(master);
      try {
        received.put(master, json.read(s.body(), ForwardRequest.class));
      } catch (IOException e) {
        problems.add("unreadable forward: " + e.getMessage());
      }
      var how = masters.get(master);
      if (how == null) {
        problems.add("no scenario line says how " + master + " answers");
        return ScriptedTransport.connectionRefused();
      }
      return how.apply(s);
    }

    private void announce(String master) {
      Catalog c = catalog.current();
      long epoch = c.master() == null ? 1 : c.master().epoch() + 1;
      int n = Integer.parseInt(master.substring(1));
      catalog.publish(
          c.apply(
              c.journalId() + 1,
              new MasterInfo(master, "127.0.0.1", 9010 + n, 8030 + n, 9020, 9030, epoch)));
    }

    private void forward(String where, String sql, String expected) {
      Matcher want = OUTCOME.matcher(expected);
      assertThat(want.matches()).as(where + ": cannot read the outcome").isTrue();
      List<Forwarder.Write> writes =
          Arrays.stream(sql.split(";\\s*")).map(w -> new Forwarder.Write(w, database)).toList();
      sentTo.clear();
      long started = clock.nanos();
      int code;
      String message;
      long journalId = -1;
      long rows = -1;
      try {
        Forwarder.Forwarded f = forwarder.forward(writes, "root");
        code = f.errorCode();
        message = f.message();
        journalId = f.journalId();
        rows = f.affectedRows();
      } catch (SqlException e) {
        code = e.code();
        message = e.getMessage();
      }
      long seconds = Duration.ofNanos(clock.nanos() - started).toSeconds();
      if (want.group(1) != null) {
        assertThat(code).as(where + " (" + message + ")").isZero();
        assertThat(journalId).as(where).isEqualTo(Long.parseLong(want.group(1)));
        if (want.group(2) != null) {
          assertThat(rows).as(where).isEqualTo(Long.parseLong(want.group(2)));
        }
      } else {
        assertThat(code)
            .as(where + " (" + message + ")")
            .isEqualTo(Integer.parseInt(want.group(3)));
        Matcher q = QUOTED.matcher(want.group(4));
        while (q.find()) {
          assertThat(message).as(where).contains(q.group(1));
        }
      }
      assertThat(seconds)
          .as(where + ": whole seconds it took")
          .isEqualTo(want.group(5) == null ? 0 : Long.parseLong(want.group(5)));
      if (want.group(6) != null) {
        assertThat(sentTo)
            .as(where + ": who received it")
            .isEqualTo(
                want.group(6).equals("nobody") ? List.of() : List.of(want.group(6).split(" ")));
      }
    }
  }

  /**
   * A {@link ManualClock} that also carries out the scenario's {@code at +Ns} events once its time
   * reaches them: a forward that sleeps while it waits for a master sees them happen.
   */
  private static final class ScenarioClock implements Clock {
    private final ManualClock time = new ManualClock();
    private final TreeMap<Long, List<Runnable>> due = new TreeMap<>();

    void at(Duration sinceStart, Runnable event) {
      due.computeIfAbsent(sinceStart.toNanos(), k -> new ArrayList<>()).add(event);
      fireDue();
    }

    void advance(Duration d) {
      time.advance(d);
      fireDue();
    }

    private void fireDue() {
      while (!due.isEmpty() && due.firstKey() <= time.nanos()) {
        due.pollFirstEntry().getValue().forEach(Runnable::run);
      }
    }

    @Override
    public long nanos() {
      return time.nanos();
    }

    @Override
    public long wallMillis() {
      return time.wallMillis();
    }

    @Override
    public void sleep(Duration d) throws InterruptedException {
      time.sleep(d);
      fireDue();
    }

    @Override
    public void await(Object monitor, Duration d) throws InterruptedException {
      sleep(d);
    }
  }

  private static List<Scenario> scenarios() throws IOException {
    String text;
    try (InputStream in =
        ForwardingScenariosTest.class.getResourceAsStream("forwarding.scenarios")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<Scenario> out = new ArrayList<>();
    String name = null;
    List<Step> steps = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].strip();
      if (line.startsWith("scenario:")) {
        if (name != null) {
          out.add(new Scenario(name, List.copyOf(steps)));
        }
        name = line.substring("scenario:".length()).strip();
        steps.clear();
      } else if (!line.isEmpty() && !line.startsWith("#")) {
        assertThat(name).as("line " + (n + 1) + " comes before the first scenario").isNotNull();
        steps.add(new Step(n + 1, line));
      }
    }
    out.add(new Scenario(name, List.copyOf(steps)));
    return out;
  }
}
