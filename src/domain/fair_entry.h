/*
 * fair_entry: students at a fair: registration (报名), the entry pass (a
 * signed token, fair.h, shown as a QR code, plus a short code to type),
 * and the gate: check-in and check-out by pass or code (written by gate.h's
 * group commit, the request suspended meanwhile), walk-ins (现场报名), the
 * gate's running figures.
 */
#ifndef SKYWAY_DOMAIN_FAIR_ENTRY_H
#define SKYWAY_DOMAIN_FAIR_ENTRY_H

#include "domain/fair.h"
#include "domain/gate.h"

/* What a scan at the gate did. */
enum fair_entry_result {
	FAIR_ENTERED,        /* the first scan: the student is in */
	FAIR_ALREADY_INSIDE, /* a later scan: counted, not entered again */
	FAIR_WALKED_IN,      /* a walk-in registered and entered at once */
	FAIR_LEFT,           /* a scan out: left_at set */
	FAIR_ALREADY_LEFT,   /* a scan out of one who had left: the first time kept */
};

/* How a gate request waits for its scan's group commit (gate.h): park(arg)
 * runs before the scan is queued, wake(arg) on the gate's thread once it is
 * written.  park NULL: the caller's thread waits. */
struct fair_waiter {
	void (*park)(void *);
	void (*wake)(void *);
	void *arg;
};

/* A scan at the gate on its way (fair_checkin, fair_checkout, fair_walkin):
 * when pending, it waits for its group and the answer comes after the
 * waiter's wake, from fair_scan_finish(); else fair_scan_finish() answers
 * at once.  It must live until then (the request's arena). */
struct fair_scan {
	struct gate_scan g;
	json_t *student;   /* the entrant as the gate shows it: owned, the caller releases it */
	int pending;       /* queued for the gate's writer */
	int walked_in;     /* a new walk-in registration (written already, no scan) */
	const char *field; /* the field a vanished registration is blamed on */
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
 * pass is NULL, by short code (any case); a refused pass is audited as
 * denied.  On success s holds the entrant and its scan, written through the
 * gate (waiting as w says): then fair_scan_finish().  0, or -1 with e
 * (nothing held). */
int fair_checkin(struct store *db, const struct actor *a, int64_t id, const char *pass,
                 const char *code, const struct fair_waiter *w, struct fair_scan *s,
                 struct derr *e);
/* The gate (organisers, while live) records a student leaving by pass or
 * short code, as fair_checkin (through the gate too): left_at is set, and a
 * later scan in clears it; one who had left before keeps the first time.
 * 0, or -1 with e (422 field pass or code when they never came in). */
int fair_checkout(struct store *db, const struct actor *a, int64_t id, const char *pass,
                  const char *code, const struct fair_waiter *w, struct fair_scan *s,
                  struct derr *e);
/* The gate registers and enters a student who comes without registering,
 * named as on their card (college, number and name: a mismatch answers as
 * an unknown number, so the gate cannot look students up): s->walked_in,
 * done at once.  One already registered is checked in instead (a scan as
 * fair_checkin).  0, or -1 with e. */
int fair_walkin(struct store *db, const struct actor *a, int64_t id, int64_t college,
                const char *student_no, const char *name, const struct fair_waiter *w,
                struct fair_scan *s, struct derr *e);
/* What scan s did, once written (after its wake when pending): *student
 * (borrowed from s) with scans and entered_at, or left_at; *result.  0, or
 * -1 with e (404 when the registration went away meanwhile, 500 when the
 * write failed: nothing written). */
int fair_scan_finish(struct fair_scan *s, json_t **student, enum fair_entry_result *result,
                     struct derr *e);
/* The gate's figures for organisers: registered, entered, inside (entered
 * and not left; 0 once the fair has ended), left, walk_ins, repeat_scans and
 * the 20 latest entrants (recent).  *out is a new
 * reference.  0, or -1 with e. */
int fair_gate_figures(struct store *db, const struct actor *a, int64_t id, json_t **out,
                      struct derr *e);

#endif
