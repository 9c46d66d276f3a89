package io.metafe.mysql;

import java.security.SecureRandom;
import java.util.function.IntSupplier;

/** What every connection of one server shares; all parts are immutable or thread-safe. */
record ServerContext(
    MysqlServerConfig config,
    PasswordStore passwords,
    SessionFactory sessions,
    SecureRandom random,
    long startNanos,
    IntSupplier openConnections) {}
