package io.metafe.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metafe.metadir.ClusterIdentity;
import io.metafe.metadir.MetaDir;
import io.metafe.metadir.NodeIdentity;
import io.metafe.records.FrontendRole;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new FE's first start with {@code --helper}: asks the helper for the role and node name the master gave this
 * address at {@code ALTER SYSTEM ADD}, then for the cluster id and token, and writes ROLE and VERSION. Keeps
 * asking, every 5 s, until the FE has been added; bdbje then copies the journal when the environment opens.
 */
final class Joiner {
  private static final Logger LOG = LoggerFactory.getLogger(Joiner.class);
  private static final Duration RETRY = Duration.ofSeconds(5);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final ObjectMapper json = new ObjectMapper();
  private final Helper helper;
  private final String selfHost;
  private final int selfEditLogPort;

  Joiner(Helper helper, String selfHost, int selfEditLogPort) {
    this.helper = helper;
    this.selfHost = selfHost;
    this.selfEditLogPort = selfEditLogPort;
  }

  MetaDir.Stored join(MetaDir metaDir, int configuredClusterId) {
    NodeIdentity node = awaitRole();
    ClusterIdentity cluster = clusterIdentity();
    if (configuredClusterId != -1 && configuredClusterId != cluster.clusterId()) {
      throw new StartupException("helper " + helper + " belongs to cluster " + cluster.clusterId()
          + " but cluster_id in fe.conf is " + configuredClusterId + "; fix cluster_id or the helper");
    }
    LOG.info("joining cluster {} through helper {} as {} {}", cluster.clusterId(), helper, node.role(),
        node.name());
    return metaDir.create(cluster, node);
  }

  /** Refuses to start an FE whose meta_dir belongs to another cluster than its helper's. */
  void checkSameCluster(ClusterIdentity local) {
    ClusterIdentity remote;
    try {
      remote = clusterIdentity();
    } catch (StartupException e) {
      LOG.warn("cannot confirm with helper {} that this meta_dir belongs to its cluster: {}", helper,
          e.getMessage());
      return;
    }
    if (remote.clusterId() != local.clusterId()) {
      throw new StartupException("cluster id " + local.clusterId() + " in meta_dir is not equal with helper "
          + helper + "'s cluster id " + remote.clusterId() + "; this meta_dir belongs to another cluster: start"
          + " with an empty meta_dir to join this one");
    }
    if (!local.token().isEmpty() && !remote.token().equals(local.token())) {
      throw new StartupException("token in meta_dir is not equal with helper " + helper + "'s token; this"
          + " meta_dir belongs to another cluster: start with an empty meta_dir to join this one");
    }
  }

  private NodeIdentity awaitRole() {
    while (true) {
      try {
        JsonNode role = get("/role?host=" + selfHost + "&port=" + selfEditLogPort);
        String r = role.path("role").asText("UNKNOWN");
        if (!r.equals("UNKNOWN")) {
          return new NodeIdentity(FrontendRole.valueOf(r), role.path("name").asText());
        }
        LOG.warn("current node is not added to the group. please add it first. sleep 5 seconds and retry, current"
            + " helper nodes: {} (on the master: ALTER SYSTEM ADD FOLLOWER \"{}:{}\")", helper, selfHost,
            selfEditLogPort);
      } catch (IOException e) {
        LOG.warn("cannot reach helper {}: {}; retrying in 5 s (check --helper and that the helper FE runs)",
            helper, e.toString());
      }
      sleep();
    }
  }

  private ClusterIdentity clusterIdentity() {
    try {
      JsonNode v = get("/version?host=" + selfHost + "&port=" + selfEditLogPort);
      if (!v.has("clusterId")) {
        throw new StartupException("helper " + helper + " refused to give the cluster identity: "
            + v.path("msg").asText() + "; add this FE on the master first");
      }
      return new ClusterIdentity(v.get("clusterId").asInt(), v.path("token").asText(""));
    } catch (IOException e) {
      throw new StartupException("cannot read the cluster identity from helper " + helper + ": " + e);
    }
  }

  private JsonNode get(String pathAndQuery) throws IOException {
    URI uri = URI.create("http://" + helper.host() + ":" + helper.httpPort() + pathAndQuery);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return json.readTree(response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(RETRY.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException("interrupted while waiting to be added to the cluster");
    }
  }
}
