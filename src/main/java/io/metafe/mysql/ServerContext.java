package io.metafe.mysql;

import io.metafe.time.Clock;
import java.security.SecureRandom;
import java.util.function.IntSupplier;

/**
 * What every connection of one server shares; all parts are immutable or thread-safe.
 *
 * @param startNanos the clock's nanos when the server started
 */
record ServerContext(
    MysqlServerConfig config,
    PasswordStore passwords,
    SessionFactory sessions,
    SecureRandom random,
    long startNanos,
    IntSupplier openConnections,
    Clock clock) {}
