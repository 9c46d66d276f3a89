package io.metafe.peer;

/**
 * {@code POST /api/checkpoint}: the FE {@code from} ran ALTER SYSTEM CREATE IMAGE at journal id
 * {@code atLeast} and asks the FE {@code to} for an image at least that new, allowing {@code
 * replayWaitMillis} to replay up to it. {@code to} guards against a guessed port that reaches
 * another FE on the same host.
 */
public record CheckpointRequest(String from, String to, long atLeast, long replayWaitMillis) {}
