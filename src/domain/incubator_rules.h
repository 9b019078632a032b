/*
 * incubator_rules: the incubator's pure rules (no SQL, no clock: `now` is
 * an argument), unit-tested on their own: China time, the booking rules
 * of a room, overlaps and weekly series, monthly report due days,
 * graduation criteria, the mentor ratio, activity audiences, and the
 * state machines' steps (drawn in incubator.h).
 *
 * China time is UTC+8 all year (no daylight saving): a room's opening
 * hours, a week (Monday 00:00 to Monday 00:00) and a month are China's.
 */
#ifndef SKYWAY_DOMAIN_INCUBATOR_RULES_H
#define SKYWAY_DOMAIN_INCUBATOR_RULES_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/derr.h"

#define INCUBATOR_TZ_OFFSET    (8 * 3600)
#define INCUBATOR_HOLD_SECONDS 600 /* a hold keeps a slot 10 minutes */
#define INCUBATOR_SERIES_MAX   52  /* occurrences of one weekly series */
#define INCUBATOR_TIME_MAX     32  /* "2026-12-08T14:00:00+08:00" and NUL */

/* ---- China time ---- */

/* Parses ISO 8601 "YYYY-MM-DDTHH:MM[:SS]" with an offset ("Z", "+08:00",
 * "+0800"); a time without an offset is refused (it would be ambiguous).
 * Returns 0 and *out (epoch seconds), or -1. */
int incubator_time_parse(const char *s, int64_t *out);
/* Writes t as China time, "2026-12-08T14:00:00+08:00". */
void incubator_time_format(int64_t t, char out[INCUBATOR_TIME_MAX]);
/* The China day of t (days since 1970-01-01), its weekday (0 Monday ..
 * 6 Sunday) and its minute of the day (0..1439). */
int64_t incubator_day(int64_t t);
int incubator_weekday(int64_t t);
int incubator_minute_of_day(int64_t t);
/* Monday 00:00 China time of the week holding t. */
int64_t incubator_week_start(int64_t t);
/* The month (YYYYMM) holding t; its first second; 1 when m is a month
 * between 2000-01 and 2099-12; the month after m. */
int incubator_month_of(int64_t t);
int64_t incubator_month_start(int month);
int incubator_month_valid(int64_t m);
int incubator_month_next(int month);

/* ---- booking rules of a room ---- */

/* Who books (a room's book_roles is a mask of these). */
enum incubator_booker {
	INCUBATOR_RESIDENT = 1, /* a member of a resident project */
	INCUBATOR_MENTOR = 2,
	INCUBATOR_COLLEGE = 4, /* college staff */
	INCUBATOR_OPERATOR = 8,
};
/* "resident", "mentor", "college", "operator" (one bit), or "?". */
const char *incubator_booker_name(int booker);
/* The bit of a name, or 0. */
int incubator_booker_from_name(const char *name);

struct incubator_rules {
	int book_roles;         /* mask of enum incubator_booker */
	int open_from, open_to; /* minutes of the China day, open_from < open_to */
	int open_days;          /* bit 0 Monday .. bit 6 Sunday */
	int slot_minutes;       /* 15, 30 or 60: starts and lengths are multiples */
	int max_minutes;        /* longest booking */
	int advance_days;       /* how far ahead (the operator is not bound) */
	int week_quota_minutes; /* per project per week in this room; 0: none */
};

/* Checks rules an operator set for a room: 0, or -1 with e (400 naming
 * the field). */
int incubator_rules_check(const struct incubator_rules *r, struct derr *e);

/* Checks one booking [start, end) by a booker of kind `booker` at time
 * now against r.  0, or -1 with e:
 *   400 invalid  end      the end is not after the start
 *   403 forbidden         r does not let this kind of booker book
 *   422 in_past   start   it starts before now
 *   422 slot      start   start or length not on the room's slots
 *   422 too_long  end     longer than max_minutes
 *   422 closed    start   not within one China day's opening hours
 *   422 too_far   start   beyond advance_days (except the operator) */
int incubator_booking_check(const struct incubator_rules *r, int booker, int64_t start, int64_t end,
                            int64_t now, struct derr *e);
/* Checks a project's weekly quota: used_seconds already booked in the
 * room that week, plus [start, end).  0, or -1 with e (422 quota). */
int incubator_quota_check(const struct incubator_rules *r, int64_t used_seconds, int64_t start,
                          int64_t end, struct derr *e);

/* ---- overlaps and weekly series ---- */

struct incubator_slot {
	int64_t start, end; /* [start, end): adjacent slots do not overlap */
};

static inline int incubator_overlap(int64_t a0, int64_t a1, int64_t b0, int64_t b1)
{
	return a0 < b1 && b0 < a1;
}

/* The occurrences of a weekly series: [start, end) and the same time
 * every 7 days while the start is before `until`.  Writes at most max
 * into out; returns their number, or -1 when there would be more than
 * max (or end <= start, or until <= start). */
int incubator_series_expand(int64_t start, int64_t end, int64_t until, struct incubator_slot *out,
                            int max);
/* For each of the n occurrences, the index in taken[] (m slots, any order)
 * of the earliest-starting slot it overlaps, or -1: written to hit[].
 * Returns how many occurrences conflict.  O((n + m) log m); taken is not
 * changed.  Returns -1 when out of memory. */
long incubator_series_conflicts(const struct incubator_slot *occ, size_t n,
                                const struct incubator_slot *taken, size_t m, long *hit);

/* ---- monthly reports ---- */

/* When the report of month is due: the end of day due_day of the next
 * month, China time (the first second after it). */
int64_t incubator_report_due(int month, int due_day);
enum incubator_report_state {
	INCUBATOR_REPORT_OPEN,     /* not due for a while */
	INCUBATOR_REPORT_DUE_SOON, /* due within remind_days */
	INCUBATOR_REPORT_OVERDUE,  /* past due and not filed */
};
enum incubator_report_state incubator_report_state(int64_t due, int64_t now, int remind_days);

/* ---- graduation (毕业) ---- */

struct incubator_grad_rules {
	int all; /* 1: every criterion; 0: any one */
	int64_t min_revenue, min_financing;
	int min_months;
};
struct incubator_grad_figures {
	int64_t revenue;   /* the last 12 reported months */
	int64_t financing; /* every month reported */
	int months;        /* in residence (whole months since the agreement start) */
};
/* Writes the keys of the criteria not met ("revenue", "financing",
 * "months") into unmet[] and their number into *n_unmet; returns 1 when
 * the project may graduate by r. */
int incubator_graduation_ok(const struct incubator_grad_rules *r,
                            const struct incubator_grad_figures *f, const char *unmet[3],
                            int *n_unmet);

/* 1 when mentors cover projects at one mentor per `per` projects. */
int incubator_mentor_ratio_ok(int64_t mentors, int64_t projects, int per);

/* ---- activity audiences ---- */

/* NULL when a person may register for an activity whose audience is the
 * colleges (JSON array of ids), majors (array of codes, prefix match:
 * category ⊃ class ⊃ major) and residents_only; else the reason, with
 * *field naming the rule.  college 0, major NULL: not a student. */
const char *incubator_audience_refusal(const json_t *colleges, const json_t *majors,
                                       int residents_only, int64_t college, const char *major,
                                       int resident, const char **field);

/* ---- the state machines (incubator.h) ---- */

/* 1 when a project may go from one status to the other. */
int incubator_project_step_ok(const char *from, const char *to);
/* 1 when a booking may go from one status to the other. */
int incubator_booking_step_ok(const char *from, const char *to);
/* 1 when a service request may go from one status to the other. */
int incubator_service_step_ok(const char *from, const char *to);
/* Chinese labels ("入驻中", "已确认", ...); "?" for an unknown value. */
const char *incubator_label(const char *value);

#endif
