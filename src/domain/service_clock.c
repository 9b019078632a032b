/* The clock of a service case; the design notes open service_clock.h. */
#include "domain/service_clock.h"

#include <string.h>

/* Keeps the first year the calendar lacked. */
static void note_missing(struct clock_result *r, int year)
{
	if (year && !r->missing_year)
		r->missing_year = year;
}

static int64_t count(const struct workcal *cal, struct clock_result *r, int32_t a, int32_t b)
{
	int gap = 0;
	int64_t n = workcal_count(cal, a, b, &gap);
	if (b > a)
		note_missing(r, gap);
	return n;
}

static int32_t add(const struct workcal *cal, struct clock_result *r, int32_t from, int64_t n)
{
	int gap = 0;
	int32_t d = workcal_add(cal, from, n, &gap);
	note_missing(r, gap);
	return d;
}

enum clock_colour service_colour(int used, int limit)
{
	if (used >= limit)
		return COLOUR_OVERDUE;
	if ((int64_t)used * 5 >= (int64_t)limit * 4)
		return COLOUR_RED;
	if ((int64_t)used * 2 >= limit)
		return COLOUR_YELLOW;
	return COLOUR_GREEN;
}

const char *service_colour_name(enum clock_colour c)
{
	static const char *const names[] = {"none", "green", "yellow", "red", "overdue"};
	return c <= COLOUR_OVERDUE ? names[c] : "none";
}

const char *service_clock_state_name(enum clock_state s)
{
	static const char *const names[] = {"none",   "deciding", "correcting", "running",
	                                    "paused", "stopped",  "closed"};
	return s <= CLOCK_CLOSED ? names[s] : "none";
}

/* The first day on which `threshold` working days are used, for a clock
 * whose running segment counts from anchor with `frozen` days before it. */
static int32_t threshold_from(const struct workcal *cal, struct clock_result *r, int32_t anchor,
                              int frozen, int threshold)
{
	if (threshold - frozen <= 0)
		return anchor + 1; /* crossed before the last pause */
	return add(cal, r, anchor, threshold - frozen) + 1;
}

int service_clock(const struct workcal *cal, const struct clock_input *in, struct clock_result *out)
{
	struct clock_result r;
	memset(&r, 0, sizeof(r));
	int L = in->committed_days, S = in->statutory_days;
	int32_t anchor = 0, paused_on = 0;
	int frozen = 0;
	r.state = CLOCK_NONE;

	for (size_t i = 0; i < in->nevents; i++) {
		const struct clock_event *ev = &in->events[i];
		switch (ev->kind) {
		case CLK_RECEIVED:
			if (r.state != CLOCK_NONE && r.state != CLOCK_CORRECTING)
				break;
			r.state = CLOCK_DECIDING;
			r.received_on = ev->day;
			r.decide_by = add(cal, &r, ev->day, CLOCK_DECIDE_DAYS);
			break;
		case CLK_CORRECTION:
			if (r.state == CLOCK_DECIDING)
				r.state = CLOCK_CORRECTING;
			break;
		case CLK_ACCEPTED:
			if (r.state != CLOCK_DECIDING)
				break;
			r.deemed = ev->day > r.decide_by;
			r.start = r.deemed ? r.received_on : ev->day;
			anchor = r.start;
			r.state = CLOCK_RUNNING;
			break;
		case CLK_REFUSED:
			if (r.state == CLOCK_DECIDING || r.state == CLOCK_CORRECTING)
				r.state = CLOCK_CLOSED;
			break;
		case CLK_PAUSED:
			if (r.state != CLOCK_RUNNING)
				break;
			frozen += (int)count(cal, &r, anchor, ev->day - 1);
			paused_on = ev->day;
			r.state = CLOCK_PAUSED;
			break;
		case CLK_RESUMED: {
			if (r.state != CLOCK_PAUSED)
				break;
			/* Paused on the start day itself: the start still never
			 * counts (note 1), so the segment cannot begin before it. */
			int32_t from = paused_on - 1 > anchor ? paused_on - 1 : anchor;
			r.paused_days += (int)count(cal, &r, from, ev->day - 1);
			anchor = ev->day - 1 > anchor ? ev->day - 1 : anchor;
			r.state = CLOCK_RUNNING;
			break;
		}
		case CLK_FINISHED:
		case CLK_WITHDRAWN:
			if (r.state == CLOCK_RUNNING || r.state == CLOCK_PAUSED) {
				if (r.state == CLOCK_RUNNING)
					frozen += (int)count(cal, &r, anchor, ev->day);
				r.stopped_on = ev->day;
				r.state = CLOCK_STOPPED;
			} else if (ev->kind == CLK_WITHDRAWN && r.state != CLOCK_STOPPED) {
				r.state = CLOCK_CLOSED;
			}
			break;
		}
	}

	/* Art. 32: awaiting the decision, the case runs from the receipt once
	 * decide_by has passed; before that its deadline is the one it will
	 * get then (note 6). */
	r.awaiting_decision = r.state == CLOCK_DECIDING;
	if (r.awaiting_decision) {
		anchor = r.received_on;
		if (in->today > r.decide_by) {
			r.deemed = 1;
			r.start = r.received_on;
			r.state = CLOCK_RUNNING;
		}
	}

	if (r.state == CLOCK_RUNNING || r.awaiting_decision) {
		r.deadline = add(cal, &r, anchor, L - frozen > 0 ? L - frozen : 0);
		r.statutory_deadline = add(cal, &r, anchor, S - frozen > 0 ? S - frozen : 0);
		r.yellow_from = threshold_from(cal, &r, anchor, frozen, (L + 1) / 2);
		r.red_from = threshold_from(cal, &r, anchor, frozen, (4 * L + 4) / 5);
		r.overdue_from = threshold_from(cal, &r, anchor, frozen, L);
	}
	switch (r.state) {
	case CLOCK_RUNNING:
		r.used = frozen + (int)count(cal, &r, anchor, in->today - 1);
		r.colour = service_colour(r.used, L);
		break;
	case CLOCK_PAUSED:
		r.used = frozen;
		r.colour = service_colour(r.used, L);
		break;
	case CLOCK_STOPPED:
		r.used = frozen;
		r.late = frozen > L;
		break;
	default:
		break;
	}
	r.remaining = r.start ? L - r.used : 0;
	*out = r;
	return 0;
}

int32_t service_tolerant_latest(const struct workcal *cal, int32_t start, int committed_days,
                                int *missing_year)
{
	return workcal_add(cal, start, committed_days, missing_year);
}

int32_t service_due(const struct workcal *cal, int32_t from, int days, int *missing_year)
{
	return workcal_add(cal, from, days, missing_year);
}

int service_is_late(int32_t due, int32_t done_on, int32_t today)
{
	return done_on ? done_on > due : today > due;
}
