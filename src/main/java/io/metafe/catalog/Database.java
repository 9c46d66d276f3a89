package io.metafe.catalog;

import io.vavr.collection.HashMap;
import io.vavr.collection.TreeMap;
import io.vavr.control.Option;

/** A database and its tables, by name (case-sensitive, as table names are) and by id. Immutable. */
public record Database(
    long id, String name, TreeMap<String, Table> tables, HashMap<Long, String> tableNamesById) {

  static Database create(long id, String name) {
    return new Database(id, name, TreeMap.empty(), HashMap.empty());
  }

  public Option<Table> table(String tableName) {
    return tables.get(tableName);
  }

  public Option<Table> tableById(long tableId) {
    return tableNamesById.get(tableId).flatMap(tables::get);
  }

  Database withTable(Table table) {
    return new Database(
        id, name, tables.put(table.name(), table), tableNamesById.put(table.id(), table.name()));
  }

  Database withoutTable(long tableId) {
    return tableNamesById
        .get(tableId)
        .map(n -> new Database(id, name, tables.remove(n), tableNamesById.remove(tableId)))
        .getOrElse(this);
  }
}
