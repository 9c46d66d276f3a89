/**
 * {@code bin/meta_tool.sh}: offline, read-only inspection of stopped FEs' meta_dirs, for an
 * operator choosing which FE to recover from. {@link io.metafe.tool.MetaTool} compares meta_dirs
 * ({@code inspect}), dumps journals and images as JSON, and verifies a meta_dir the way an FE's
 * start would ({@code verify}). It never starts a node, never joins a bdbje group and never writes
 * into a meta_dir; a bdb/ that a running FE holds is refused. Nothing else in MetaFE depends on
 * this package.
 */
package io.metafe.tool;
