package io.metafe.catalog;

import io.metafe.records.AddFrontend;
import io.metafe.records.CommitTransaction;
import io.metafe.records.CreateDatabase;
import io.metafe.records.CreateTable;
import io.metafe.records.DropDatabase;
import io.metafe.records.DropTable;
import io.metafe.records.FrontendPorts;
import io.metafe.records.FrontendRole;
import io.metafe.records.InsertRows;
import io.metafe.records.JournalRecord;
import io.metafe.records.MasterInfo;
import io.metafe.records.RemoveFrontend;
import io.metafe.records.ResetGroup;
import io.vavr.collection.HashMap;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.TreeMap;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

/**
 * The whole metadata state after applying journal ids 1..{@link #journalId()}. Immutable and
 * thread-safe: readers hold a consistent snapshot for as long as they like, and {@link #apply}
 * returns a new catalog that shares everything unchanged with the old one.
 */
public final class Catalog {
  private final long journalId;
  private final long nextId;
  private final LinkedHashMap<String, Frontend> frontends;
  private final MasterInfo master;
  private final TreeMap<String, Database> databases;
  private final HashMap<Long, String> databaseNamesById;

  private Catalog(
      long journalId,
      long nextId,
      LinkedHashMap<String, Frontend> frontends,
      MasterInfo master,
      TreeMap<String, Database> databases,
      HashMap<Long, String> databaseNamesById) {
    this.journalId = journalId;
    this.nextId = nextId;
    this.frontends = frontends;
    this.master = master;
    this.databases = databases;
    this.databaseNamesById = databaseNamesById;
  }

  /**
   * The catalog before journal id 1. Object ids start at 10000, leaving small numbers free for
   * built-ins.
   */
  public static Catalog empty() {
    return new Catalog(0, 10_000, LinkedHashMap.empty(), null, TreeMap.empty(), HashMap.empty());
  }

  /** Rebuilds a catalog from image contents; used only by image loading. */
  public static Catalog of(
      long journalId,
      long nextId,
      Iterable<Frontend> frontends,
      MasterInfo master,
      Iterable<Database> databases) {
    LinkedHashMap<String, Frontend> fes = LinkedHashMap.empty();
    for (Frontend fe : frontends) {
      fes = fes.put(fe.name(), fe);
    }
    TreeMap<String, Database> dbs = TreeMap.empty();
    HashMap<Long, String> ids = HashMap.empty();
    for (Database db : databases) {
      dbs = dbs.put(db.name(), db);
      ids = ids.put(db.id(), db.name());
    }
    return new Catalog(journalId, nextId, fes, master, dbs, ids);
  }

  /** The id of the last journal entry applied; 0 for an empty catalog. */
  public long journalId() {
    return journalId;
  }

  /** The smallest id no object has yet; the write path allocates ids from here, inside records. */
  public long nextId() {
    return nextId;
  }

  public Vector<Frontend> frontends() {
    return frontends.values().toVector();
  }

  public Option<Frontend> frontend(String name) {
    return frontends.get(name);
  }

  /** The FE recorded at {@code host:editLogPort}, if any. */
  public Option<Frontend> frontendAt(String host, int editLogPort) {
    return frontends.values().find(f -> f.host().equals(host) && f.editLogPort() == editLogPort);
  }

  /** The last master recorded in the journal, or null before the first master wrote its info. */
  public MasterInfo master() {
    return master;
  }

  public TreeMap<String, Database> databases() {
    return databases;
  }

  public Option<Database> database(String name) {
    return databases.get(name);
  }

  public Option<Database> databaseById(long id) {
    return databaseNamesById.get(id).flatMap(databases::get);
  }

  /**
   * Applies the record written under {@code id}, which must be the next journal id.
   *
   * @throws ReplayException if the id is out of sequence or the record contradicts this catalog
   */
  public Catalog apply(long id, JournalRecord record) {
    if (id != journalId + 1) {
      throw new ReplayException("journal id " + id + " does not follow " + journalId);
    }
    return switch (record.type()) {
      case ADD_FRONTEND -> addFrontend(id, (AddFrontend) record);
      case REMOVE_FRONTEND -> removeFrontend(id, (RemoveFrontend) record);
      case MASTER_INFO ->
          new Catalog(id, nextId, frontends, (MasterInfo) record, databases, databaseNamesById);
      case RESET_GROUP -> resetGroup(id, (ResetGroup) record);
      case FRONTEND_PORTS -> frontendPorts(id, (FrontendPorts) record);
      case CREATE_DATABASE -> createDatabase(id, (CreateDatabase) record);
      case DROP_DATABASE -> dropDatabase(id, (DropDatabase) record);
      case CREATE_TABLE -> createTable(id, (CreateTable) record);
      case DROP_TABLE -> dropTable(id, (DropTable) record);
      case INSERT_ROWS -> insertRows(id, (InsertRows) record);
      case COMMIT_TRANSACTION -> commitTransaction(id, (CommitTransaction) record);
    };
  }

  /**
   * All of a transaction's rows under its one journal id; a failure of any part fails the whole.
   */
  private Catalog commitTransaction(long id, CommitTransaction r) {
    Catalog next = this;
    for (InsertRows change : r.changes()) {
      next = next.insertRows(id, change);
    }
    return next;
  }

  private Catalog addFrontend(long id, AddFrontend r) {
    if (frontends.containsKey(r.name())) {
      throw new ReplayException("frontend " + r.name() + " is already in the frontend list");
    }
    Frontend fe = new Frontend(r.name(), r.role(), r.host(), r.editLogPort(), r.httpPort());
    return new Catalog(
        id, nextId, frontends.put(fe.name(), fe), master, databases, databaseNamesById);
  }

  private Catalog resetGroup(long id, ResetGroup r) {
    if (!frontends.containsKey(r.masterName())) {
      throw new ReplayException("frontend " + r.masterName() + " is not in the frontend list");
    }
    LinkedHashMap<String, Frontend> next =
        frontends.mapValues(
            fe ->
                fe.name().equals(r.masterName())
                    ? fe.withRoleAndStale(FrontendRole.FOLLOWER, false)
                    : fe.withRoleAndStale(fe.role(), true));
    return new Catalog(id, nextId, next, master, databases, databaseNamesById);
  }

  private Catalog frontendPorts(long id, FrontendPorts r) {
    Frontend fe =
        frontends
            .get(r.name())
            .getOrElseThrow(
                () -> new ReplayException("frontend " + r.name() + " is not in the frontend list"));
    return new Catalog(
        id,
        nextId,
        frontends.put(fe.name(), fe.withPorts(r.httpPort(), r.queryPort(), r.rpcPort())),
        master,
        databases,
        databaseNamesById);
  }

  private Catalog removeFrontend(long id, RemoveFrontend r) {
    if (!frontends.containsKey(r.name())) {
      throw new ReplayException("frontend " + r.name() + " is not in the frontend list");
    }
    return new Catalog(
        id, nextId, frontends.remove(r.name()), master, databases, databaseNamesById);
  }

  private Catalog createDatabase(long id, CreateDatabase r) {
    if (databases.containsKey(r.name()) || databaseNamesById.containsKey(r.id())) {
      throw new ReplayException("database " + r.name() + " (id " + r.id() + ") already exists");
    }
    return new Catalog(
        id,
        Math.max(nextId, r.id() + 1),
        frontends,
        master,
        databases.put(r.name(), Database.create(r.id(), r.name())),
        databaseNamesById.put(r.id(), r.name()));
  }

  private Catalog dropDatabase(long id, DropDatabase r) {
    Database db = requireDatabase(r.id());
    return new Catalog(
        id,
        nextId,
        frontends,
        master,
        databases.remove(db.name()),
        databaseNamesById.remove(db.id()));
  }

  private Catalog createTable(long id, CreateTable r) {
    Database db = requireDatabase(r.databaseId());
    if (db.tables().containsKey(r.table().name())) {
      throw new ReplayException("table " + db.name() + "." + r.table().name() + " already exists");
    }
    Table table = new Table(r.table(), Vector.empty());
    return withDatabase(id, Math.max(nextId, r.table().id() + 1), db.withTable(table));
  }

  private Catalog dropTable(long id, DropTable r) {
    Database db = requireDatabase(r.databaseId());
    requireTable(db, r.tableId());
    return withDatabase(id, nextId, db.withoutTable(r.tableId()));
  }

  private Catalog insertRows(long id, InsertRows r) {
    Database db = requireDatabase(r.databaseId());
    Table table = requireTable(db, r.tableId());
    int width = table.definition().columns().size();
    for (Object[] row : r.rows()) {
      if (row.length != width) {
        throw new ReplayException(
            "row of "
                + row.length
                + " values for table "
                + table.name()
                + " of "
                + width
                + " columns");
      }
    }
    return withDatabase(id, nextId, db.withTable(table.append(r.rows())));
  }

  private Catalog withDatabase(long id, long newNextId, Database db) {
    return new Catalog(
        id, newNextId, frontends, master, databases.put(db.name(), db), databaseNamesById);
  }

  private Database requireDatabase(long databaseId) {
    return databaseById(databaseId)
        .getOrElseThrow(() -> new ReplayException("no database with id " + databaseId));
  }

  private static Table requireTable(Database db, long tableId) {
    return db.tableById(tableId)
        .getOrElseThrow(
            () -> new ReplayException("no table with id " + tableId + " in database " + db.name()));
  }
}
