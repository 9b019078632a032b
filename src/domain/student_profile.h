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

/* Writes the fields of ch that differ from student_id's stored profile, in
 * one transaction.  Sets *changed to 1 when something was written, 0 when
 * the save changed nothing (and nothing was written).  Returns 0, or -1
 * with e set (nothing written). */
int student_profile_update(struct store *db, int64_t student_id,
                           const struct student_profile_change *ch, int *changed, struct derr *e);

#endif
