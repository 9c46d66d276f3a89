/**
 * {@code conf/fe.conf}: parsing {@code key = value} lines with {@code ${VAR}} expansion, the
 * declared keys with their StarRocks defaults and validation, and the typed {@link
 * io.metafe.config.FeConfig} the FE runs with.
 */
package io.metafe.config;
