/*
 * fair_entry: students at a fair: registration (报名), the entry pass (a
 * signed token, fair.h, shown as a QR code, plus a short code to type),
 * and the gate: check-in by pass or code (written by gate.h's group
 * commit), walk-ins (现场报名), the gate's running figures.
 */
#ifndef SKYWAY_DOMAIN_FAIR_ENTRY_H
#define SKYWAY_DOMAIN_FAIR_ENTRY_H

#include "domain/fair.h"

/* What a scan at the gate did. */
enum fair_entry_result {
	FAIR_ENTERED,        /* the first scan: the student is in */
	FAIR_ALREADY_INSIDE, /* a later scan: counted, not entered again */
	FAIR_WALKED_IN,      /* a walk-in registered and entered at once */
};

/* Student a registers for fair id (eligible, within capacity, from sign-up
 * until the fair ends).  *reg: the registration.  0, or -1 with e (409
 * when registered already, 422 naming the rule that refuses). */
int fair_register(struct store *db, const struct actor *a, int64_t id, int64_t *reg,
                  struct derr *e);
/* Student a's registration at fair id with its pass (valid until the fair
 * ends): id, code, walk_in, registered_at, entered_at, pass, expires_at.
 * *registration is a new reference.  0, or -1 with e (404: not
 * registered). */
int fair_pass(struct store *db, const struct actor *a, int64_t id, json_t **registration,
              struct derr *e);
/* The gate (organisers, while live) checks a student in by pass or, when
 * pass is NULL, by short code (any case).  A refused pass is audited as
 * denied.  *student: who it is (name, college, major, scans, ...; new
 * reference); *result FAIR_ENTERED or FAIR_ALREADY_INSIDE.  0, or -1. */
int fair_checkin(struct store *db, const struct actor *a, int64_t id, const char *pass,
                 const char *code, json_t **student, enum fair_entry_result *result,
                 struct derr *e);
/* The gate (organisers, while live) records student leaving by pass or short
 * code (as fair_checkin): left_at is set, and a later scan in clears it.
 * *student as above, with left_at; *already 1 when they had left before (the
 * time kept).  0, or -1 with e (422 field pass when they never came in). */
int fair_checkout(struct store *db, const struct actor *a, int64_t id, const char *pass,
                  const char *code, json_t **student, int *already, struct derr *e);
/* The gate registers and enters a student who comes without registering,
 * named as on their card (college, number and name: a mismatch answers as
 * an unknown number, so the gate cannot look students up).  One already
 * registered is checked in instead.  *student and *result as above
 * (FAIR_WALKED_IN for a new registration).  0, or -1 with e. */
int fair_walkin(struct store *db, const struct actor *a, int64_t id, int64_t college,
                const char *student_no, const char *name, json_t **student,
                enum fair_entry_result *result, struct derr *e);
/* The gate's figures for organisers: registered, entered, inside (entered
 * and not left; 0 once the fair has ended), left, walk_ins, repeat_scans and
 * the 20 latest entrants (recent).  *out is a new
 * reference.  0, or -1 with e. */
int fair_gate_figures(struct store *db, const struct actor *a, int64_t id, json_t **out,
                      struct derr *e);

#endif
