package io.metafe.server;

/**
 * The command line of one start.
 *
 * @param helperOrNull {@code host:edit_log_port} of a running FE to join through, or null
 */
public record StartOptions(String helperOrNull, String hostType, boolean metadataFailureRecovery) {}
