package io.metafe.journal.bdb;

import com.sleepycat.je.rep.impl.node.RepNode;
import com.sleepycat.je.rep.impl.node.Replica;
import com.sleepycat.je.rep.stream.BaseProtocol;
import io.metafe.time.Clock;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.nio.channels.Channel;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a replica's connection to a master that stopped answering, and with it bdbje's replica loop,
 * so that bdbje holds an election at once instead of after its heartbeat timeout.
 *
 * <p>bdbje has no public call for this, so it is done by reflection on bdbje 18.3's replica, and
 * turned off with one WARN if those internals are not found. Closing the feeder channel is what
 * bdbje's own heartbeat timeout does. The replica loop then waits for its replay thread, which
 * notices that only when its queue poll returns: up to one second after the master's last message.
 * Once the loop has asked the thread to stop and the thread has replayed everything queued, this
 * class asks it to stop at once and puts one message in the queue that wakes the poll; the thread
 * leaves without looking at it, and the next replica loop clears the queue. So nothing the master
 * sent is skipped, and the election starts milliseconds after the drop.
 */
final class MasterDisconnect {
  private static final Logger LOG = LoggerFactory.getLogger(MasterDisconnect.class);

  /** The replica loop sees the closed channel at once; this bounds a loop that is elsewhere. */
  private static final Duration LOOP_EXIT_WAIT = Duration.ofMillis(300);

  private static final Duration LOOK_INTERVAL = Duration.ofMillis(1);

  private final Clock clock;
  private final Handles handles;
  private volatile boolean disabled;
  private volatile boolean wakeDisabled;

  MasterDisconnect(Clock clock) {
    this.clock = clock;
    Handles h;
    try {
      h = Handles.find();
    } catch (ReflectiveOperationException | RuntimeException e) {
      h = null;
      disabled = true;
      warnDisabled(e);
    }
    this.handles = h;
  }

  /**
   * Closes this replica's connection to its master; returns whether there was one to close. Blocks
   * for at most a few hundred milliseconds while bdbje's replica loop winds down.
   */
  boolean drop(RepNode node) {
    if (disabled || node == null || node.isMaster()) {
      return false;
    }
    Replica replica = node.getReplica();
    try {
      Object channel = handles.feederChannel.get(replica);
      if (!(channel instanceof Channel c) || !c.isOpen()) {
        return false;
      }
      Thread replay = wakeDisabled ? null : handles.replayThreadOf(replica);
      c.close();
      if (replay != null) {
        wakeReplay(replica, replay);
      }
      return true;
    } catch (ReflectiveOperationException | RuntimeException | java.io.IOException e) {
      disabled = true;
      warnDisabled(e);
      return false;
    }
  }

  /** A failure here costs only the early wake: the replay thread still leaves within a second. */
  private void wakeReplay(Replica replica, Thread replay) {
    try {
      Object protocol = handles.protocol.get(replica);
      if (protocol != null) {
        awaitDrainedThenWake(handles.replayQueue(replica), replay, protocol);
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      wakeDisabled = true;
      LOG.warn(
          "cannot wake bdbje's replay thread after dropping a silent master ({}); the election"
              + " then starts up to 1 s later",
          e.toString());
    }
  }

  private void awaitDrainedThenWake(BlockingQueue<Object> queue, Thread replay, Object protocol)
      throws ReflectiveOperationException {
    long deadline = clock.nanos() + LOOP_EXIT_WAIT.toNanos();
    // Only after the loop asked for a soft stop (else it would overwrite ours) and the thread has
    // replayed what the master sent (a soft stop drains the queue; so does this).
    while (handles.exitRequest.get(replay) != handles.soft || !queue.isEmpty()) {
      if (!replay.isAlive() || clock.nanos() - deadline >= 0) {
        return;
      }
      try {
        clock.sleep(LOOK_INTERVAL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    handles.exitRequest.set(replay, handles.immediate);
    queue.offer(handles.heartbeat.newInstance(protocol, 0L, 0L));
  }

  private static void warnDisabled(Exception e) {
    LOG.warn(
        "cannot close the connection to a silent master early ({}); failover waits for"
            + " bdbje_heartbeat_timeout_second instead",
        e.toString());
  }

  /** bdbje's internals this class touches, looked up once. */
  private record Handles(
      Field feederChannel,
      Field replayQueue,
      Field protocol,
      Class<?> replayThreadClass,
      Field replayOwner,
      Field exitRequest,
      Object soft,
      Object immediate,
      Constructor<?> heartbeat) {

    static Handles find() throws ReflectiveOperationException {
      Class<?> thread = Class.forName(Replica.class.getName() + "$ReplayThread");
      Class<?> exitType = Class.forName(Replica.class.getName() + "$ReplayExitType");
      Constructor<?> heartbeat =
          BaseProtocol.Heartbeat.class.getConstructor(BaseProtocol.class, long.class, long.class);
      return new Handles(
          accessible(Replica.class.getDeclaredField("replicaFeederChannel")),
          accessible(Replica.class.getDeclaredField("replayQueue")),
          accessible(Replica.class.getDeclaredField("protocol")),
          thread,
          accessible(thread.getDeclaredField("this$0")),
          accessible(thread.getDeclaredField("exitRequest")),
          constant(exitType, "SOFT"),
          constant(exitType, "IMMEDIATE"),
          heartbeat);
    }

    private static Field accessible(Field f) {
      f.setAccessible(true);
      return f;
    }

    private static Object constant(Class<?> enumType, String name) {
      for (Object c : enumType.getEnumConstants()) {
        if (((Enum<?>) c).name().equals(name)) {
          return c;
        }
      }
      throw new IllegalStateException("bdbje has no " + enumType.getSimpleName() + "." + name);
    }

    @SuppressWarnings("unchecked")
    BlockingQueue<Object> replayQueue(Replica replica) throws IllegalAccessException {
      return (BlockingQueue<Object>) replayQueue.get(replica);
    }

    /** The replay thread of this replica's current loop, or null when none runs. */
    Thread replayThreadOf(Replica replica) throws IllegalAccessException {
      ThreadGroup root = Thread.currentThread().getThreadGroup();
      while (root.getParent() != null) {
        root = root.getParent();
      }
      Thread[] threads = new Thread[root.activeCount() + 16];
      int n = root.enumerate(threads, true);
      for (int i = 0; i < n; i++) {
        Thread t = threads[i];
        if (replayThreadClass.isInstance(t) && replayOwner.get(t) == replica && t.isAlive()) {
          return t;
        }
      }
      return null;
    }
  }
}
