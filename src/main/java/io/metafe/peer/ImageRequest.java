package io.metafe.peer;

/** {@code /image?version=N}: the bytes of {@code image.N}; the newest image when null. */
public record ImageRequest(Long version) {}
