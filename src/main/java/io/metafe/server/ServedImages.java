package io.metafe.server;

import io.metafe.checkpoint.Checkpointer;
import io.metafe.http.PeerHttpServer;
import io.metafe.image.ImageStore;
import java.nio.file.Path;
import java.time.Duration;

/**
 * This FE's images as its HTTP endpoints serve them to peers, and write them at a peer's request.
 */
record ServedImages(Checkpointer checkpointer, ImageStore images) implements PeerHttpServer.Images {
  @Override
  public long newestId() {
    return checkpointer.newestId();
  }

  @Override
  public Path file(long journalId) {
    return images.file(journalId);
  }

  @Override
  public long checkpoint(long journalId, Duration replayWait, String why) {
    return checkpointer.checkpointAtLeast(journalId, replayWait, why);
  }
}
