/*
 * student: a student's record (学生档案) and who may see it.
 *
 * Scope (domain/visibility.h): a student sees and edits their own record;
 * college staff see their college's students; the operator sees everyone;
 * enterprise HR sees students only once an operator approved the
 * enterprise, and then those who applied to it or chose to be discoverable
 * (PIPL consent), less those who blocked it.  Phone and ID number are
 * masked for all of them; the full values are for the student and the
 * operator only (student_contact), and every such view is audited, as is
 * every résumé an enterprise opens and every export.
 *
 * A student's own acts live here too: the record as they see it, the PIPL
 * data export and closing the account (personal fields erased, the record
 * kept for statistics).  Saving the profile is student_profile.h; the
 * enterprises a student blocked are visibility.h.
 */
#ifndef SKYWAY_DOMAIN_STUDENT_H
#define SKYWAY_DOMAIN_STUDENT_H

#include <jansson.h>
#include <stdint.h>

#include "domain/derr.h"
#include "domain/listing.h"
#include "domain/roles.h"
#include "store/store.h"

/* The refusal when the caller has no open student record. */
#define STUDENT_NO_RECORD "尚未建立学生档案"

/* The caller's own open student record: 0 with *id (0 when there is none,
 * or it was closed); -1 with e when the lookup failed. */
int student_own_id(struct store *db, const struct actor *a, int64_t *id, struct derr *e);
/* The same, but no record is a 404 (STUDENT_NO_RECORD). */
int student_own(struct store *db, const struct actor *a, int64_t *id, struct derr *e);

/* One student as a may see them (masked phone and ID number; the lists
 * decoded; the résumé when with_resume): 0 with *out (json_null() when
 * not visible or absent) or -1 with e. */
int student_read(struct store *db, const struct actor *a, int64_t id, int with_resume, json_t **out,
                 struct derr *e);

/* The calling student's own record (404 STUDENT_NO_RECORD). */
int student_me(struct store *db, const struct actor *a, json_t **out, struct derr *e);
/* Student id as a may see it (visibility_student: 403 org_not_approved or
 * 404); an enterprise's view of a résumé is audited (student.view). */
int student_view(struct store *db, const struct actor *a, int64_t id, json_t **out, struct derr *e);
/* The full phone and ID number ({"phone","id_number"}, null when not on
 * file): the student themself and the operator (the route says who), 404
 * for another student's.  Audited (student.contact_view). */
int student_contact(struct store *db, const struct actor *a, int64_t id, json_t **out,
                    struct derr *e);

/* Filters of the talent pool (人才库); NULL / 0: any. */
struct student_filter {
	const char *q;     /* name or student number contains */
	const char *major; /* code prefix: category, class or major */
	const char *skill; /* dictionary id */
	const char *city;  /* digits (400 field city otherwise) */
	int64_t college_id, grad_year;
};
/* One page of the students a may see (visibility_talent_pool first: 403
 * org_not_approved), newest first.  0 with *items and *total. */
int student_list(struct store *db, const struct actor *a, const struct student_filter *f,
                 int64_t page, int64_t size, json_t **items, int64_t *total, struct derr *e);
/* The same students (every one), handed to write; audited (student.export). */
int student_export(struct store *db, const struct actor *a, const struct student_filter *f,
                   listing_rows_fn write, void *arg, struct derr *e);

/* PIPL: everything the platform holds about the calling student, as one
 * object (format "skyway-student-export-1").  Audited (student.data_export). */
int student_data_export(struct store *db, const struct actor *a, json_t **out, struct derr *e);
/* Closes the calling student's account after their password (403
 * bad_credentials, field password): personal fields erased, consents
 * withdrawn, the login freed, the account disabled and signed out; the
 * record stays for statistics.  Audited (student.close), in one
 * transaction. */
int student_close(struct store *db, const struct actor *a, const char *password, struct derr *e);

#endif
