package io.metafe.http;

import io.metafe.catalog.Catalog;
import io.metafe.catalog.CatalogDigest;
import io.metafe.catalog.Frontend;
import io.metafe.edit.CatalogHolder;
import io.metafe.peer.CheckpointRequest;
import io.metafe.peer.CheckpointResponse;
import io.metafe.peer.ChecksumResponse;
import io.metafe.peer.FeStatus;
import io.metafe.peer.ForwardRequest;
import io.metafe.peer.ForwardResponse;
import io.metafe.peer.ForwardedWrite;
import io.metafe.peer.FrontendQuery;
import io.metafe.peer.HealthResponse;
import io.metafe.peer.ImageRequest;
import io.metafe.peer.InfoResponse;
import io.metafe.peer.JournalIdResponse;
import io.metafe.peer.Refusal;
import io.metafe.peer.RoleResponse;
import io.metafe.peer.VersionResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What this FE answers on each route, once {@link RouteGuard} let the call in. Each handler takes
 * the route's request record and returns its answer; which thread runs it is the route's lane.
 * Thread-safe.
 */
final class PeerEndpoints {
  private final CatalogHolder catalog;
  private final Supplier<PeerHttpServer.Node> node;
  private volatile PeerHttpServer.Images images;
  private volatile PeerHttpServer.MasterHandlers master;
  private volatile Predicate<String> isGroupMember = name -> false;

  PeerEndpoints(CatalogHolder catalog, Supplier<PeerHttpServer.Node> node) {
    this.catalog = catalog;
    this.node = node;
  }

  void images(PeerHttpServer.Images images) {
    this.images = images;
  }

  void masterHandlers(PeerHttpServer.MasterHandlers handlers) {
    this.master = handlers;
  }

  void groupMembers(Predicate<String> members) {
    this.isGroupMember = members;
  }

  /** The role and node name the master gave the FE asked about, or UNKNOWN. */
  Reply role(FrontendQuery q, String caller) {
    Frontend fe = frontend(q);
    String type = node.get().type();
    if (fe == null) {
      return Reply.ok(RoleResponse.unknown(type));
    }
    Catalog c = catalog.current();
    String masterAt =
        c.master() == null
            ? null
            : c.master().nodeName() + " at " + c.master().host() + ":" + c.master().editLogPort();
    // An FE whose bdbje group was reset by a recovery elsewhere learns it here, before it opens
    // bdbje.
    return Reply.ok(new RoleResponse(fe.role().name(), type, fe.name(), fe.stale(), masterAt));
  }

  /** The guard let only the FE asked about in. */
  Reply version(FrontendQuery q, String caller) {
    Frontend fe = frontend(q);
    PeerHttpServer.Node n = node.get();
    // A member restarting only needs to confirm its cluster; the token itself goes only to a
    // joining FE.
    return Reply.ok(
        fe != null && isGroupMember.test(fe.name())
            ? VersionResponse.forMember(n.clusterId(), n.token())
            : VersionResponse.forJoining(n.clusterId(), n.token()));
  }

  Reply health(Void none, String caller) {
    PeerHttpServer.Node n = node.get();
    return Reply.ok(
        new HealthResponse(
            "OK",
            n.type(),
            catalog.current().journalId(),
            n.startTimeMillis(),
            n.version(),
            n.clusterId()));
  }

  Reply checksum(Void none, String caller) {
    Catalog c = catalog.current();
    return Reply.ok(new ChecksumResponse(c.journalId(), CatalogDigest.of(c)));
  }

  Reply info(Void none, String caller) {
    PeerHttpServer.Images i = images;
    return Reply.ok(
        InfoResponse.of(
            i == null ? 0 : i.newestId(), node.get().clusterId(), catalog.current().journalId()));
  }

  Reply journalId(Void none, String caller) {
    long id = catalog.current().journalId();
    return new Reply(200, new JournalIdResponse(id), Map.of("id", Long.toString(id)));
  }

  /**
   * The bytes of an image. The receiver verifies the image's own checksum; {@code X-Image-Size}
   * lets it see a cut transfer before that.
   */
  Reply image(ImageRequest request, String caller) throws IOException {
    PeerHttpServer.Images i = images;
    long id = request.version() != null ? request.version() : i == null ? 0 : i.newestId();
    Path file = i == null || id <= 0 ? null : i.file(id);
    if (file == null || !Files.exists(file)) {
      return Reply.of(404, Refusal.of("this FE has no image." + id));
    }
    try {
      long size = Files.size(file);
      return new Reply(
          200,
          new Reply.Bytes(Files.newInputStream(file), size),
          Map.of(
              "Content-Type",
              "application/octet-stream",
              "X-Image-Size",
              Long.toString(size),
              "X-Image-Journal-Id",
              Long.toString(id)));
    } catch (NoSuchFileException deleted) {
      return Reply.of(404, Refusal.of("image." + id + " was just deleted by retention; ask again"));
    }
  }

  Reply heartbeat(FeStatus status, String caller) {
    PeerHttpServer.MasterHandlers m = master;
    return m == null ? notMaster() : Reply.ok(m.heartbeat(status));
  }

  Reply forward(ForwardRequest request, String caller) {
    PeerHttpServer.MasterHandlers m = master;
    if (m == null) {
      return notMaster();
    }
    List<ForwardedWrite> writes = request.statements();
    // Never run part of a transaction: a body this FE cannot read in full is refused whole.
    return Reply.ok(
        writes == null
            ? ForwardResponse.refused(
                "the master could not read the forwarded writes; nothing was run")
            : m.forward(writes, String.valueOf(request.user()), caller));
  }

  /** Refusals that need not wait behind an image being written. */
  Reply screenCheckpoint(CheckpointRequest request, String caller) {
    String self = node.get().name();
    if (request.to() != null && !request.to().equals(self)) {
      return Reply.of(
          409, CheckpointResponse.wrongFe("this is FE " + self + ", not " + request.to()));
    }
    if (images == null) {
      return Reply.of(
          409,
          CheckpointResponse.failed(
              "this FE is still starting; run ALTER SYSTEM CREATE IMAGE again once"
                  + " SHOW FRONTENDS shows it alive"));
    }
    return null;
  }

  Reply checkpoint(CheckpointRequest request, String caller) {
    try {
      long id =
          images.checkpoint(
              request.atLeast(),
              Duration.ofMillis(Math.max(0, request.replayWaitMillis())),
              "ALTER SYSTEM CREATE IMAGE on "
                  + request.from()
                  + " at journal id "
                  + request.atLeast());
      return Reply.ok(CheckpointResponse.written(id));
    } catch (RuntimeException e) {
      return Reply.of(500, CheckpointResponse.failed(String.valueOf(e.getMessage())));
    }
  }

  private static Reply notMaster() {
    return Reply.of(409, Refusal.of("this FE is not the master"));
  }

  private Frontend frontend(FrontendQuery q) {
    return q == null || q.host() == null
        ? null
        : catalog.current().frontendAt(q.host(), q.port()).getOrNull();
  }
}
