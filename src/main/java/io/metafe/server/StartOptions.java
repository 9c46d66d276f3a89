package io.metafe.server;

/**
 * The command line of one start.
 *
 * @param helperOrNull {@code host:edit_log_port} of a running FE to join through, or null
 * @param metadataFailureRecovery one-shot recovery: reset the bdbje group on this start only
 * @param forceRecovery reset even if another FE answers as master
 * @param recoveryBackup copy meta_dir aside before a reset
 */
public record StartOptions(
    String helperOrNull,
    String hostType,
    boolean metadataFailureRecovery,
    boolean forceRecovery,
    boolean recoveryBackup) {
  public StartOptions(String helperOrNull, String hostType, boolean metadataFailureRecovery) {
    this(helperOrNull, hostType, metadataFailureRecovery, false, true);
  }
}
