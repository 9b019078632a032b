/*
 * position: writing positions (岗位), shared by the API and imports.
 * The rules of their states are in recruit.h.
 */
#ifndef SKYWAY_DOMAIN_POSITION_H
#define SKYWAY_DOMAIN_POSITION_H

#include <jansson.h>
#include <stdint.h>

#include "store/store.h"

/* A position as entered; optional numbers have a has_ flag. */
struct position_fields {
	const char *title, *kind, *city, *address, *description;
	int64_t min_degree, headcount, salary_min, salary_max, deadline, gy_min, gy_max;
	int has_salary_min, has_salary_max, has_deadline, has_gy_min, has_gy_max;
	json_t *majors, *required, *preferred; /* arrays of codes / skill ids, or NULL */
};

/* Inserts a position of enterprise (status draft, is_demo as given) with
 * its majors, skills and search text; call inside a transaction.
 * Returns 0 and *id, or -1. */
int position_insert(struct store *db, int64_t enterprise, const struct position_fields *f,
		    int is_demo, int64_t *id);
/* Rewrites every field, majors, skills and search text of position id. */
int position_update(struct store *db, int64_t id, const struct position_fields *f);

#endif
