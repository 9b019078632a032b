/*
 * filestore: uploaded files kept outside the database, named by content.
 *
 * A file lives at DIR/ab/abcdef...  (its SHA-256 in hex, the first two
 * characters as a folder so no folder grows past a few thousand entries).
 * The database keeps only the hash: the same bytes uploaded twice are one
 * file, and a row cannot point at bytes that changed under it.  A put
 * writes a temporary file, fsyncs it and renames it into place, so a
 * reader never sees half a file and a crash leaves no torn one.
 *
 * The directory is set once at start-up (skyway serve --files, SKYWAY_FILES;
 * for SQLite by default DBPATH.files beside the database, see cli.h) and is
 * created with mode 0700 when missing.  Files are never deleted here: a
 * hash may be shared by several rows.
 */
#ifndef SKYWAY_BASE_FILESTORE_H
#define SKYWAY_BASE_FILESTORE_H

#include <stddef.h>

/* Sets the directory (copied) and creates it when missing.  Returns 0, or
 * -1 with the reason in err. */
int filestore_init(const char *dir, char *err, size_t errlen);
/* The directory, or NULL before filestore_init(). */
const char *filestore_dir(void);
/* Stores len bytes; writes their SHA-256 (64 lowercase hex + NUL) into sha.
 * Returns 0, or -1 (no directory, or the disk refused; logged). */
int filestore_put(const void *data, size_t len, char sha[65]);
/* Opens the file with hash sha for reading: *fd (the caller closes it) and
 * its size *len.  Returns 0, or -1 when sha is malformed or no such file. */
int filestore_open(const char *sha, int *fd, size_t *len);
/* 1 when s is 64 lowercase hex characters. */
int filestore_sha_valid(const char *s);

#endif
