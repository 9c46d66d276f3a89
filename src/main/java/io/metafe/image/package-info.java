/**
 * Checkpoint images: {@code meta_dir/image/image.N} holds the whole catalog after journal id N. The
 * format is versioned and checksummed: a header (magic, format version, journal id, cluster id,
 * next id), typed sections with lengths (a reader skips section types it does not know), and a
 * footer with a CRC-32C of everything before it. Writing is atomic (temporary file, fsync, rename,
 * fsync of the directory); reading verifies the checksum first.
 */
package io.metafe.image;
