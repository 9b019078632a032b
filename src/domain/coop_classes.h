/*
 * coop_classes: order classes (订单班).  An enterprise and a college agree
 * on a class of N students of one major (a catalogue code: a major, its
 * class or its category) for one cohort (graduation year); the enterprise
 * commits positions reserved for them and a subsidy per student.  At the
 * end, which of them were hired is read from the recruitment side: a
 * student's accepted application (录用并接受) to the enterprise, or an
 * internship there that ended hired, is "hired"; an offer not yet
 * accepted is "offered"; anything else "not_hired".
 *
 *   forming --start (≥ 1 student)--> running --finish--> finished
 *      \______________\--------cancel--------> cancelled
 *
 * Either party's staff or the operator creates a class (optionally under
 * an order-class agreement between the same two) and moves it; students
 * are added and removed by the college's staff or the operator, while
 * forming or running: each must be of that college, of a major under the
 * class's and of its cohort, and in no other class that is not finished.
 */
#ifndef SKYWAY_DOMAIN_COOP_CLASSES_H
#define SKYWAY_DOMAIN_COOP_CLASSES_H

#include "domain/coop.h"

#define COOP_CLASS_BATCH 500 /* students added or removed at once */

struct coop_class_input {
	const char *name, *major_code;
	int64_t enterprise_id, college_id, agreement_id; /* agreement_id 0: none */
	int64_t cohort, size, positions_reserved, subsidy_yuan;
};

/* Creates a class (forming).  *out: as coop_class_get() shows it. */
int coop_class_create(struct store *db, const struct actor *a, const struct coop_class_input *in,
                      json_t **out, struct derr *e);
/* Class id with its students (name, student number, major, outcome and
 * the best status of their applications to the enterprise) and figures. */
int coop_class_get(struct store *db, const struct actor *a, int64_t id, json_t **out,
                   struct derr *e);
/* The classes in the caller's scope: {"items"}. */
int coop_class_list(struct store *db, const struct actor *a, json_t **out, struct derr *e);
/* Adds or removes students (ids: a JSON array of distinct positive
 * integers), all or nothing. */
int coop_class_students(struct store *db, const struct actor *a, int64_t id, const json_t *ids,
                        int add, json_t **out, struct derr *e);
/* Moves class id to running, finished (recording each student's outcome)
 * or cancelled. */
int coop_class_set_status(struct store *db, const struct actor *a, int64_t id, const char *to,
                          json_t **out, struct derr *e);

/* Records each student's outcome of class id (see the top), inside the
 * caller's open transaction (finishing a class; the demo data).  0, or -1
 * with e (rolled back). */
int coop_class_outcomes(struct store *db, int64_t id, struct derr *e);

#endif
