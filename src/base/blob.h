/*
 * blob: files kept outside the database, named by their SHA-256 (the
 * incubator's business plans).  The database keeps the digest, size and
 * original name; the bytes live in DIR/ab/abcdef... (the first two hex
 * digits as a folder), written to a temporary file, synced and renamed,
 * so a file is either whole or absent.  Equal files are stored once.
 *
 * The folder comes from `skyway serve --files-dir` (SQLite default:
 * DBPATH.files); without one, blob_ready() is 0 and uploads are refused.
 */
#ifndef SKYWAY_BASE_BLOB_H
#define SKYWAY_BASE_BLOB_H

#include <stddef.h>

/* Sets the folder (created 0700 when missing).  Returns 0, or -1 with a
 * message in err.  Call once at start-up, before serving. */
int blob_init(const char *dir, char *err, size_t errlen);
/* 1 when a folder is set. */
int blob_ready(void);
/* Stores len bytes and writes their SHA-256 (64 hex digits) into sha.
 * Returns 0, or -1 (no folder, or the file could not be written). */
int blob_put(const void *data, size_t len, char sha[65]);
/* Opens the file of digest sha for reading: 0 with *fd (the caller closes
 * it) and *len, or -1 when there is none (or sha is not 64 hex digits). */
int blob_open(const char *sha, int *fd, size_t *len);

#endif
