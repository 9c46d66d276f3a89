package io.metafe.recovery;

/**
 * How recovery was asked for.
 *
 * @param oneShot {@code start_fe.sh --metadata_failure_recovery}: resets on this start only
 * @param confKey the fe.conf key that asks for it ({@code metadata_failure_recovery} or {@code
 *     bdbje_reset_election_group}), or null
 * @param force reset even if a live master of this cluster answers ({@code --force_recovery})
 * @param backup copy meta_dir aside before the reset (off with {@code --no_recovery_backup})
 */
public record RecoveryRequest(boolean oneShot, String confKey, boolean force, boolean backup) {
  public boolean requested() {
    return oneShot || confKey != null;
  }
}
