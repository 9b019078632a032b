/*
 * coop_files: files the cooperation area keeps — visit photos (JPEG, PNG,
 * WebP, up to 5 MiB) and signed scans (PDF, up to 10 MiB) of agreements
 * and internship agreements.
 *
 *  - The bytes live outside the database, in base/filestore's folder
 *    (serve's --files): content-addressed by SHA-256, so one file uploaded
 *    twice is stored once and a name can never point at other bytes.
 *  - The type is what the bytes are (their signature), whatever the
 *    request said; anything else is refused.
 *  - A coop_files row says whose it is (a visit, an agreement, an
 *    internship); it is served only to that owner's parties (and the
 *    student, for an internship) and operators, as the owner decides.
 */
#ifndef SKYWAY_DOMAIN_COOP_FILES_H
#define SKYWAY_DOMAIN_COOP_FILES_H

#include <stddef.h>
#include <stdint.h>

#include "domain/coop.h"

#define COOP_PHOTO_MAX (5 << 20)
#define COOP_SCAN_MAX  (10 << 20)

enum coop_file_kind { COOP_FILE_PHOTO, COOP_FILE_SCAN };

/* Stores data as a file of owner (type "visit", "agreement" or
 * "internship", and id), as part of the caller's open transaction: checks
 * its kind and size, writes the bytes, inserts the row.  *file: its id.
 * 0, or -1 with e (400 on field "file" for a wrong type or size, 503
 * without a files folder; any failure rolls back). */
int coop_file_save(struct store *db, const struct actor *a, enum coop_file_kind kind,
                   const char *owner_type, int64_t owner_id, const char *data, size_t len,
                   int64_t *file, struct derr *e);

/* A stored file opened for reading. */
struct coop_file {
	int fd; /* the caller closes it (the http layer does) */
	size_t bytes;
	char mime[32];
	char owner_type[16];
	int64_t owner_id;
};
/* Opens file id if the caller may see it (the owner's parties and
 * operators; the student of an internship): 0 and *f, or -1 with e (404
 * when not found or not visible). */
int coop_file_open(struct store *db, const struct actor *a, int64_t id, struct coop_file *f,
                   struct derr *e);

/* The files of an owner as pages list them ({id, mime, bytes,
 * created_at}), newest last: 0 and *out, or -1. */
int coop_file_list(struct store *db, const char *owner_type, int64_t owner_id, json_t **out,
                   struct derr *e);

#endif
