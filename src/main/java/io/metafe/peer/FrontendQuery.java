package io.metafe.peer;

/**
 * {@code ?host=H&port=P} of {@code /role} and {@code /version}: the FE whose edit_log_port is H:P,
 * usually the caller itself (a joining or restarting FE asking its helper about itself).
 */
public record FrontendQuery(String host, int port) {}
