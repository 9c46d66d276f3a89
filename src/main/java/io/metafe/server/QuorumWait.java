package io.metafe.server;

import io.metafe.catalog.Catalog;
import io.metafe.catalog.Frontend;
import io.metafe.records.FrontendRole;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Says, for an FE that started without a master (the whole cluster was stopped and is coming back one FE at a
 * time), what it waits for: how many FOLLOWERs an election needs, and which of the others answer. Stateless.
 */
final class QuorumWait {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private QuorumWait() {}

  /**
   * @param defaultHttpPort used for an FE whose HTTP port the metadata never recorded
   */
  static String describe(Catalog catalog, String selfName, int defaultHttpPort) {
    List<Frontend> followers = catalog.frontends()
        .filter(fe -> fe.role() == FrontendRole.FOLLOWER && !fe.stale()).toJavaList();
    if (followers.isEmpty()) {
      return "no FOLLOWER is listed in this FE's metadata yet";
    }
    int needed = followers.size() / 2 + 1;
    HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    Map<Frontend, CompletableFuture<HttpResponse<String>>> answers = new LinkedHashMap<>();
    for (Frontend fe : followers) {
      if (!fe.name().equals(selfName)) {
        int port = fe.httpPort() != 0 ? fe.httpPort() : defaultHttpPort;
        answers.put(fe, http.sendAsync(HttpRequest.newBuilder(URI.create("http://" + fe.host() + ":" + port
            + "/api/health")).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString()));
      }
    }
    List<String> others = new ArrayList<>();
    int running = followers.size() - answers.size();
    for (Map.Entry<Frontend, CompletableFuture<HttpResponse<String>>> a : answers.entrySet()) {
      boolean up;
      try {
        up = a.getValue().join().statusCode() == 200;
      } catch (RuntimeException e) {
        up = false;
      }
      running += up ? 1 : 0;
      others.add(a.getKey().name() + " at " + a.getKey().hostPort() + (up ? " (running)" : " (not answering)"));
    }
    return "waiting for a quorum: a master needs " + needed + " of the " + followers.size() + " FOLLOWERs and "
        + running + " run" + (others.isEmpty() ? "" : "; the other FOLLOWERs: " + String.join(", ", others))
        + ". Start the missing ones with bin/start_fe.sh; a master is elected as soon as " + needed + " run";
  }
}
