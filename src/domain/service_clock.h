/*
 * service_clock: the clock of a service case, a pure function of the case's
 * events, its limits, the working-day calendar and today.  No SQL, no clock
 * of its own: the same events give the same answer, so a case's clock can be
 * recomputed at any time (after each event, and for every open case when the
 * calendar changes).  docs/services.md works examples through.
 *
 * Design notes:
 *  1. Working days are counted the Chinese way (期间开始之日不计算在内,
 *     base/workdays.h note 4): a clock started on S has used, on day t, the
 *     working days d with S < d < t (today is not over yet), so on the
 *     deadline D = add(S, L) it shows 1 day left and it is overdue from D + 1.
 *     A case finished on F used the working days S < d <= F: finished on D is
 *     on time, on D + 1 it is late.
 *  2. 受理 (art. 32 行政许可法): an officer must accept, refuse or ask for
 *     corrections (补正) within DECIDE_DAYS working days of receipt
 *     (decide_by = add(received, 5)).  When no decision came by then, the
 *     case counts as accepted on the day of receipt (deemed): its clock runs
 *     from the receipt, even if an officer accepts it later.  补正 resets
 *     the receipt: the corrected materials are a new receipt.
 *  3. Pauses (art. 45: expert review, hearing, testing; and waiting for the
 *     applicant) exclude the working days from the pause's first day up to
 *     the day before it resumes: paused on P, resumed on Q, the days
 *     P <= d < Q do not count, and the days left at P are the days left at
 *     Q.  A pause and a resume on the same day change nothing.
 *  4. Colours use the committed limit L (承诺时限): green below half of it
 *     used, yellow from 50%, red from 80%, overdue at 100% (used >= L, i.e.
 *     after the deadline).  A running clock's colour changes on known days
 *     (yellow_from, red_from, overdue_from), so lists colour cases for any
 *     day in SQL without recomputing.  A paused clock keeps its colour.
 *  5. Years the calendar does not cover are counted as plain weeks and the
 *     first one met is reported (missing_year): the deadline is provisional
 *     until the operator adds that year's notice, which recomputes it.
 *  6. While a case awaits the decision its deadline and colour dates are
 *     those it gets if deemed accepted (awaiting_decision is set): the hall
 *     sees what not deciding in time would cost.
 */
#ifndef SKYWAY_DOMAIN_SERVICE_CLOCK_H
#define SKYWAY_DOMAIN_SERVICE_CLOCK_H

#include <stddef.h>
#include <stdint.h>

#include "base/workdays.h"

#define CLOCK_DECIDE_DAYS 5 /* art. 32: 五日内一次告知 */

enum clock_event_kind {
	CLK_RECEIVED,   /* 收件: materials received (submitted or corrected) */
	CLK_CORRECTION, /* 补正告知: waiting for corrections; the clock has not started */
	CLK_ACCEPTED,   /* 受理 or 容缺受理: the clock starts */
	CLK_REFUSED,    /* 不予受理 */
	CLK_PAUSED,     /* 暂停 (note 3) */
	CLK_RESUMED,    /* 恢复 */
	CLK_FINISHED,   /* 办结 */
	CLK_WITHDRAWN,  /* 撤回 */
};

struct clock_event {
	enum clock_event_kind kind;
	int32_t day; /* effective date (base/workdays.h day number) */
};

enum clock_state {
	CLOCK_NONE,       /* not submitted */
	CLOCK_DECIDING,   /* received, awaiting 受理 (decide_by) */
	CLOCK_CORRECTING, /* 补正: waiting for the applicant */
	CLOCK_RUNNING,
	CLOCK_PAUSED,
	CLOCK_STOPPED, /* finished (办结): used and late are final */
	CLOCK_CLOSED,  /* refused or withdrawn before the clock ran */
};

enum clock_colour { COLOUR_NONE, COLOUR_GREEN, COLOUR_YELLOW, COLOUR_RED, COLOUR_OVERDUE };

struct clock_input {
	int committed_days, statutory_days;
	const struct clock_event *events; /* in order */
	size_t nevents;
	int32_t today;
};

/* Dates are day numbers; 0 stands for "none" only where said (1970-01-01
 * never occurs in a case). */
struct clock_result {
	enum clock_state state;
	enum clock_colour colour;
	int32_t received_on, decide_by;              /* 0 when never received */
	int32_t start;                               /* clock start (0: not started) */
	int deemed;                                  /* started by art. 32 on the receipt */
	int used, remaining;                         /* working days, as of today or at the stop */
	int awaiting_decision;                       /* received, no decision yet (note 6) */
	int32_t deadline;                            /* committed; 0 while paused or not started */
	int32_t statutory_deadline;                  /* 0 likewise */
	int32_t yellow_from, red_from, overdue_from; /* running or awaiting, else 0 */
	int32_t stopped_on;                          /* finished or withdrawn while running */
	int late;                                    /* stopped after the deadline */
	int paused_days;                             /* working days excluded by pauses */
	int missing_year;                            /* note 5 */
};

/* Computes the clock (notes 1-5).  Events that make no sense in the state
 * reached (a resume without a pause, ...) are ignored: the domain refuses
 * them before they are recorded.  Returns 0. */
int service_clock(const struct workcal *cal, const struct clock_input *in,
                  struct clock_result *out);

/* The colour of `used` working days against a committed limit (note 4). */
enum clock_colour service_colour(int used, int limit);
/* "green", "yellow", "red", "overdue" or "none". */
const char *service_colour_name(enum clock_colour c);
/* "none", "deciding", "correcting", "running", "paused", "stopped", "closed". */
const char *service_clock_state_name(enum clock_state s);

/* The latest date a 容缺 acceptance on `accepted` may set for the missing
 * materials: the committed deadline, add(start, committed_days), where start
 * is the clock's start (the receipt when deemed). */
int32_t service_tolerant_latest(const struct workcal *cal, int32_t start, int committed_days,
                                int *missing_year);

/* A step due `days` working days after `from` (follow-ups of ratings,
 * investment stages): the due date, and whether done_on (0: not yet; then
 * today is compared) is past it. */
int32_t service_due(const struct workcal *cal, int32_t from, int days, int *missing_year);
int service_is_late(int32_t due, int32_t done_on, int32_t today);

#endif
