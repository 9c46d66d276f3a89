package io.metafe.session;

import io.metafe.edit.CatalogHolder;
import io.metafe.edit.EditLog;
import io.metafe.sql.SqlParser;
import io.metafe.sql.eval.QueryEngine;
import io.metafe.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What every session of this FE shares. All members are thread-safe.
 *
 * @param writes the master's write path; supplies null while this FE cannot write
 * @param forwarder sends writes to the master when this FE is not the master
 * @param frontendConfig rows of {@code ADMIN SHOW FRONTEND CONFIG}: key, value, type, mutable,
 *     comment
 * @param maxTransactionBytes {@code max_transaction_bytes}, read at each transaction's start
 * @param clock NOW(), connection ages and the times recorded with membership changes
 */
public record SessionServices(
    CatalogHolder catalog,
    Supplier<EditLog> writes,
    Duration writeTimeout,
    SqlParser parser,
    QueryEngine queries,
    SystemVariables variables,
    ClusterView cluster,
    Supplier<List<List<String>>> frontendConfig,
    ConnectionRegistry connections,
    Forwarder forwarder,
    LongSupplier maxTransactionBytes,
    Clock clock) {}
