/*
 * student_profile: a student saving their own profile and résumé.
 *
 * Only what differs from the stored profile is written: a save that
 * changes nothing (an empty body, or the same values again) writes no
 * row, no updated_at, no consent and no audit event.  Switching
 * "discoverable" on or off is a consent given or withdrawn (PIPL).
 */
#ifndef SKYWAY_DOMAIN_STUDENT_PROFILE_H
#define SKYWAY_DOMAIN_STUDENT_PROFILE_H

#include <jansson.h>
#include <stdint.h>

#include "domain/derr.h"
#include "domain/roles.h"
#include "store/store.h"

/* The fields a save carries, already validated.  NULL, has_x = 0 or -1
 * means "not sent: leave as it is". */
struct student_profile_change {
	const char *gender, *major_code, *resume, *phone, *id_number;
	int has_grad_year, has_degree, has_salary_min, has_salary_max;
	int64_t grad_year, degree, salary_min, salary_max;
	int discoverable, personalised;                /* 0, 1, or -1 */
	json_t *skills, *tags, *certificates, *cities; /* arrays of strings */
};

/* The text version of the consent a student agrees to. */
#define STUDENT_CONSENT_VERSION "2026-11"

/* The calling student saves their profile: the codes ch names must be in
 * the dictionaries (400 naming major_code, skills or cities), a phone or ID
 * number needs the data key (422).  The fields that differ from the stored
 * profile are written in one transaction with the audit row
 * (student.update); a save that changes nothing writes nothing.  *out: the
 * record as saved (student_read; new reference).  Returns 0, or -1 with e
 * (404 STUDENT_NO_RECORD; nothing written). */
int student_profile_save(struct store *db, const struct actor *a,
                         const struct student_profile_change *ch, json_t **out, struct derr *e);

#endif
