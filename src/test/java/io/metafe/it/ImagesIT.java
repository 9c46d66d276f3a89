package io.metafe.it;

import static io.metafe.it.ItSupport.await;
import static io.metafe.it.ItSupport.exec;
import static io.metafe.it.ItSupport.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Checkpoint images on real FEs: written, loaded at startup, damaged, interrupted. */
class ImagesIT {
  private final List<FeProcess> fes = new ArrayList<>();

  @AfterEach
  void stopAll() {
    fes.forEach(FeProcess::close);
  }

  private FeProcess newFe(Map<String, String> conf) {
    FeProcess fe = FeProcess.create(conf);
    fes.add(fe);
    return fe;
  }

  static List<Long> imageIds(FeProcess fe) throws Exception {
    try (Stream<Path> files = Files.list(fe.metaDir().resolve("image"))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.matches("image\\.\\d+"))
          .map(n -> Long.parseLong(n.substring(6)))
          .sorted(java.util.Comparator.reverseOrder())
          .toList();
    }
  }

  static long newestImage(FeProcess fe) {
    try {
      List<Long> ids = imageIds(fe);
      return ids.isEmpty() ? 0 : ids.get(0);
    } catch (Exception e) {
      return 0;
    }
  }

  /** Inserts {@code statements} single-row INSERTs into db.t, one per journal entry. */
  private static void insertRows(FeProcess fe, int from, int statements) throws Exception {
    try (Connection c = DriverManager.getConnection(fe.jdbcUrl());
        Statement s = c.createStatement()) {
      for (int k = from; k < from + statements; k++) {
        s.executeUpdate("INSERT INTO db.t VALUES (" + k + ", 'v" + k + "')");
      }
    }
  }

  private static void createTable(FeProcess fe) throws Exception {
    exec(
        fe,
        "CREATE DATABASE db",
        "CREATE TABLE db.t (k INT NOT NULL, v VARCHAR(32)) DUPLICATE KEY(k)");
  }

  private static String count(FeProcess fe) throws Exception {
    return query(fe, "SELECT COUNT(*), SUM(k) FROM db.t").get(0).toString();
  }

  @Test
  void imagesAreWrittenEveryRollNumShownLoadedAtRestartAndTheJournalIsTrimmed() throws Exception {
    FeProcess fe = newFe(Map.of("edit_log_roll_num", "50")).startOrFail();
    createTable(fe);
    // A fresh FE writes its first image soon after start (checkpoint_interval_second); the rounds
    // count from it, or a first image taken halfway through a round's inserts would leave fewer
    // than 50 entries after it.
    await("the first image", Duration.ofSeconds(20), () -> newestImage(fe) > 0);
    for (int round = 0; round < 3; round++) {
      long previous = newestImage(fe);
      insertRows(fe, round * 100, 60);
      // On a slow machine the checkpointer may see the 50th entry before the 60th: image.(previous
      // + 50).
      await(
          "a new image after 60 more entries",
          Duration.ofSeconds(20),
          () -> newestImage(fe) >= previous + 50);
    }
    assertThat(imageIds(fe)).as("the two newest images are kept").hasSize(2);
    assertThat(fe.feLog())
        .contains("checkpoint finished save image.", "deleted journal segment 1 ");

    // On demand, through the mysql CLI as an operator would type it.
    FeProcess.Result created = fe.mysqlCli("ALTER SYSTEM CREATE IMAGE");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    long newest = imageIds(fe).get(0);
    List<List<String>> images = query(fe, "SHOW PROC '/images'");
    assertThat(images)
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.get(7)).as("ImageJournalId").isEqualTo(Long.toString(newest));
              assertThat(row.get(6)).as("ReplayedJournalId").isEqualTo(Long.toString(newest));
              assertThat(row.get(8)).as("LastCheckpointTime").isNotNull();
              assertThat(row.get(9)).as("CheckpointErrMsg").isEmpty();
            });

    // The roll number is mutable: a smaller one makes the next image come sooner.
    exec(fe, "ADMIN SET FRONTEND CONFIG (\"edit_log_roll_num\" = \"5\")");
    insertRows(fe, 1000, 6);
    await(
        "an image after 5 more entries",
        Duration.ofSeconds(10),
        () -> newestImage(fe) >= newest + 5);

    String before = count(fe);
    fe.stop();
    fe.startOrFail();
    assertThat(fe.feLog()).contains("loaded image." + imageIds(fe).get(0));
    assertThat(count(fe)).isEqualTo(before);
  }

  @Test
  void aDamagedNewestImageFallsBackWhenTheJournalCoversItAndRefusesWhenNot() throws Exception {
    // A large roll number keeps the whole journal in one segment, so nothing is deleted: fallback
    // is possible.
    FeProcess fe = newFe(Map.of("edit_log_roll_num", "100000")).startOrFail();
    createTable(fe);
    insertRows(fe, 1, 20);
    exec(fe, "ALTER SYSTEM CREATE IMAGE");
    insertRows(fe, 100, 20);
    exec(fe, "ALTER SYSTEM CREATE IMAGE");
    String before = count(fe);
    List<Long> ids = imageIds(fe);
    assertThat(ids).hasSize(2);
    fe.stop();
    Path newest = fe.metaDir().resolve("image/image." + ids.get(0));
    flipAByte(newest);
    fe.startOrFail();
    assertThat(fe.feLog())
        .contains(
            "image." + ids.get(0) + " fails its CRC-32C checksum", "loaded image." + ids.get(1));
    assertThat(count(fe)).isEqualTo(before);
    assertThat(fe.metaDir().resolve("image/image." + ids.get(0) + ".corrupt")).exists();
    fe.stop();

    // Now with a trimmed journal: with every image damaged, nothing here holds the deleted journal
    // ids.
    FeProcess trimmed = newFe(Map.of("edit_log_roll_num", "10")).startOrFail();
    createTable(trimmed);
    insertRows(trimmed, 1, 60);
    exec(trimmed, "ALTER SYSTEM CREATE IMAGE");
    await(
        "journal trimmed",
        Duration.ofSeconds(15),
        () -> trimmed.feLog().contains("journal ids 1.."));
    String rows = count(trimmed);
    trimmed.stop();
    List<Long> kept = imageIds(trimmed);
    Path image = trimmed.metaDir().resolve("image/image." + kept.get(0));
    Path backup = trimmed.root().resolve("image.backup");
    Files.copy(image, backup);
    for (long id : kept) {
      flipAByte(trimmed.metaDir().resolve("image/image." + id));
    }
    FeProcess.Result refused = trimmed.start();
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.output())
        .contains(
            "MetaFE failed to start:",
            "no valid image, and the journal starts at id",
            "are missing",
            "copy a newer image.N from another FE's meta_dir/image");
    for (long id : kept) {
      assertThat(trimmed.metaDir().resolve("image/image." + id + ".corrupt"))
          .as("nothing deleted")
          .exists();
    }
    // The operator's fix: put a good copy back.
    Files.copy(backup, image, StandardCopyOption.REPLACE_EXISTING);
    trimmed.startOrFail();
    assertThat(count(trimmed)).isEqualTo(rows);
  }

  private static void flipAByte(Path file) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(file, bytes);
  }

  @Test
  void killNineDuringACheckpointLosesNothing() throws Exception {
    FeProcess fe = newFe(Map.of("edit_log_roll_num", "100000")).startOrFail();
    createTable(fe);
    // Enough rows that an image takes long enough to be caught half-written.
    exec(
        fe,
        "INSERT INTO db.t VALUES "
            + String.join(",", java.util.Collections.nCopies(1000, "(1, 'xxxxxxxxxxxxxxxxxxxx')")));
    for (int i = 0; i < 8; i++) {
      exec(fe, "INSERT INTO db.t SELECT k + " + (i + 1) + ", v FROM db.t");
    }
    exec(fe, "ALTER SYSTEM CREATE IMAGE");
    // The newest of these holds the rows; an older one may come from the time trigger's first
    // image.
    List<Long> good = imageIds(fe);
    insertRows(fe, 5_000_000, 3);
    String acknowledged = count(fe);
    Path ckpt = fe.metaDir().resolve("image/image.ckpt");
    Thread trigger = new Thread(() -> fe.mysqlCli("ALTER SYSTEM CREATE IMAGE"));
    trigger.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!(Files.exists(ckpt) && Files.size(ckpt) > 0) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(ckpt).as("the checkpoint was caught while writing").exists();
    fe.kill9();
    trigger.join(30_000);
    assertThat(imageIds(fe)).as("no half-written image carries an image.N name").isEqualTo(good);
    fe.startOrFail();
    assertThat(fe.feLog()).contains("left by an interrupted checkpoint");
    assertThat(ckpt).doesNotExist();
    assertThat(count(fe)).isEqualTo(acknowledged);
  }
}
