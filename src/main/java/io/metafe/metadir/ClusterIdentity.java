package io.metafe.metadir;

/** The contents of {@code image/VERSION}: which cluster this meta_dir belongs to. */
public record ClusterIdentity(int clusterId, String token) {}
