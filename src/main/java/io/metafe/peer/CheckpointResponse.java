package io.metafe.peer;

/**
 * The answer: {@code imageJournalId} of the newest image afterwards, or {@code status} and {@code
 * msg} saying why there is none: {@value #FAILED}, or {@value #WRONG_FE} when the request reached
 * an FE other than the one it names.
 */
public record CheckpointResponse(Long imageJournalId, String status, String msg) {
  public static final String FAILED = Refusal.FAILED;
  public static final String WRONG_FE = "WRONG_FE";

  public static CheckpointResponse written(long imageJournalId) {
    return new CheckpointResponse(imageJournalId, null, null);
  }

  public static CheckpointResponse failed(String msg) {
    return new CheckpointResponse(null, FAILED, msg);
  }

  public static CheckpointResponse wrongFe(String msg) {
    return new CheckpointResponse(null, WRONG_FE, msg);
  }
}
