/* The clock of a service case (domain/service_clock) on the shipped calendar:
 * worked examples counted by hand from data/cn-workday-calendar.tsv (the same
 * ones docs/services.md explains), pauses across holidays and the year end,
 * 调休 weekend working days, 受理 deemed by art. 32, 补正, 容缺 limits, and
 * random event histories against a day-by-day simulation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/workdays.h"
#include "domain/service_clock.h"
#include "domain/servcal.h"

static struct workcal *cal;

static int setup(void **state)
{
	char err[200];
	cal = servcal_shipped(err, sizeof(err));
	return cal ? 0 : -1;
}

static int teardown(void **state)
{
	workcal_free(cal);
	return 0;
}

static int32_t D(const char *s)
{
	int32_t d;
	if (wd_parse(s, &d))
		fail_msg("bad date %s", s);
	return d;
}

#define assert_date(day, text)                                                                     \
	do {                                                                                       \
		char got_[11];                                                                     \
		wd_format((day), got_);                                                            \
		assert_string_equal(got_, (text));                                                 \
	} while (0)

static struct clock_result run(int committed, int statutory, const struct clock_event *ev, size_t n,
                               const char *today)
{
	struct clock_input in = {committed, statutory, ev, n, D(today)};
	struct clock_result r;
	assert_int_equal(service_clock(cal, &in, &r), 0);
	return r;
}

#define RUN(c, s, ev, today) run(c, s, ev, sizeof(ev) / sizeof(ev[0]), today)

/* Accepted Thursday 24 September 2026, 5 committed days: 中秋 (25th) and the
 * National Day week (1-7 October) do not count, Saturday 10 October does. */
static void national_day_2026(void **state)
{
	struct clock_event ev[] = {{CLK_RECEIVED, D("2026-09-24")},
	                           {CLK_ACCEPTED, D("2026-09-24")}};
	struct clock_result r = RUN(5, 20, ev, "2026-09-25");
	assert_int_equal(r.state, CLOCK_RUNNING);
	assert_false(r.deemed);
	assert_date(r.start, "2026-09-24");
	/* 28, 29, 30 September, 8, 9 October */
	assert_date(r.deadline, "2026-10-09");
	assert_int_equal(r.used, 0);
	assert_int_equal(r.remaining, 5);
	assert_int_equal(r.colour, COLOUR_GREEN);
	/* yellow after 3 used (30 Sep), red after 4 (8 Oct), overdue after 5 */
	assert_date(r.yellow_from, "2026-10-01");
	assert_date(r.red_from, "2026-10-09");
	assert_date(r.overdue_from, "2026-10-10");
	/* statutory 20: 10 Oct (Sat, worked), 12-16, 19-23, 26-29 */
	assert_date(r.statutory_deadline, "2026-10-29");
	assert_int_equal(r.missing_year, 0);

	r = RUN(5, 20, ev, "2026-10-08");
	assert_int_equal(r.used, 3);
	assert_int_equal(r.remaining, 2);
	assert_int_equal(r.colour, COLOUR_YELLOW);
	r = RUN(5, 20, ev, "2026-10-09");
	assert_int_equal(r.used, 4);
	assert_int_equal(r.remaining, 1); /* the last day */
	assert_int_equal(r.colour, COLOUR_RED);
	r = RUN(5, 20, ev, "2026-10-10"); /* a Saturday worked: the day after the deadline */
	assert_int_equal(r.used, 5);
	assert_int_equal(r.remaining, 0);
	assert_int_equal(r.colour, COLOUR_OVERDUE);
	r = RUN(5, 20, ev, "2026-10-12"); /* Monday: 10 October is the 6th day used */
	assert_int_equal(r.used, 6);
	assert_int_equal(r.remaining, -1);
}

/* Finished on the deadline is on time; the next working day is late, and so
 * is the Sunday after it (the days up to F count). */
static void finishing_on_the_deadline_is_on_time(void **state)
{
	struct clock_event ev[] = {{CLK_RECEIVED, D("2026-09-24")},
	                           {CLK_ACCEPTED, D("2026-09-24")},
	                           {CLK_FINISHED, D("2026-10-09")}};
	struct clock_result r = RUN(5, 20, ev, "2026-11-30");
	assert_int_equal(r.state, CLOCK_STOPPED);
	assert_int_equal(r.used, 5);
	assert_false(r.late);
	assert_date(r.stopped_on, "2026-10-09");
	ev[2].day = D("2026-10-10");
	r = RUN(5, 20, ev, "2026-11-30");
	assert_int_equal(r.used, 6);
	assert_true(r.late);
	ev[2].day = D("2026-10-08");
	r = RUN(5, 20, ev, "2026-11-30");
	assert_int_equal(r.used, 4);
	assert_int_equal(r.remaining, 1);
	assert_false(r.late);
}

/* 调休: Saturday 14 February 2026 is worked, the Spring Festival is not. */
static void weekend_working_day_counts(void **state)
{
	struct clock_event ev[] = {{CLK_RECEIVED, D("2026-02-12")},
	                           {CLK_ACCEPTED, D("2026-02-12")}};
	struct clock_result r = RUN(3, 3, ev, "2026-02-13");
	/* Friday 13, Saturday 14 (worked), Tuesday 24 */
	assert_date(r.deadline, "2026-02-24");
	r = RUN(3, 3, ev, "2026-02-20"); /* in the holiday: 2 used, 1 left */
	assert_int_equal(r.used, 2);
	assert_int_equal(r.colour, COLOUR_YELLOW);
	r = RUN(3, 3, ev, "2026-02-24");
	assert_int_equal(r.used, 2);
	assert_int_equal(r.remaining, 1);
}

/* Waiting for the applicant over the Spring Festival: 3 days used before the
 * pause, the 5 working days of the pause (11, 12, 13, 14 and 24 February)
 * excluded, 2 left after it. */
static void pause_across_the_spring_festival(void **state)
{
	struct clock_event ev[] = {{CLK_RECEIVED, D("2026-02-05")},
	                           {CLK_ACCEPTED, D("2026-02-05")},
	                           {CLK_PAUSED, D("2026-02-11")},
	                           {CLK_RESUMED, D("2026-02-25")}};
	/* while paused (three events): used and the colour are frozen */
	struct clock_result r = run(5, 20, ev, 3, "2026-02-20");
	assert_int_equal(r.state, CLOCK_PAUSED);
	assert_int_equal(r.used, 3);
	assert_int_equal(r.remaining, 2);
	assert_int_equal(r.colour, COLOUR_YELLOW);
	assert_int_equal(r.deadline, 0);
	r = run(5, 20, ev, 3, "2026-03-31");
	assert_int_equal(r.used, 3); /* a pause never runs out */
	/* resumed on the 25th with the 2 days left: the 25th and the 26th */
	r = RUN(5, 20, ev, "2026-02-25");
	assert_int_equal(r.state, CLOCK_RUNNING);
	assert_int_equal(r.used, 3);
	assert_int_equal(r.remaining, 2);
	assert_int_equal(r.paused_days, 5);
	assert_date(r.deadline, "2026-02-26");
	assert_date(r.yellow_from, "2026-02-25"); /* crossed before the pause */
	assert_date(r.red_from, "2026-02-26");
	assert_date(r.overdue_from, "2026-02-27");
	r = RUN(5, 20, ev, "2026-02-27");
	assert_int_equal(r.colour, COLOUR_OVERDUE);
	/* the statutory limit moves with the same pause: 17 left after the 24th
	 * (25-27 February, Saturday 28 worked, 2-6, 9-13, 16-18 March) */
	assert_date(r.statutory_deadline, "2026-03-18");
}

/* Expert review across the year end into 2027, which the shipped calendar
 * does not cover: counted as plain weeks and reported. */
static void pause_across_the_year_end(void **state)
{
	struct clock_event ev[] = {{CLK_RECEIVED, D("2026-12-10")},
	                           {CLK_ACCEPTED, D("2026-12-10")},
	                           {CLK_PAUSED, D("2026-12-17")},
	                           {CLK_RESUMED, D("2027-01-06")}};
	struct clock_result r = run(10, 20, ev, 2, "2026-12-11");
	assert_date(r.deadline, "2026-12-24");
	/* certain; but the statutory 20 days end in January 2027: provisional */
	assert_date(r.statutory_deadline, "2027-01-07");
	assert_int_equal(r.missing_year, 2027);
	r = RUN(10, 20, ev, "2027-01-06");
	/* 11, 14, 15, 16 December used; 6 left from Wednesday 6 January */
	assert_int_equal(r.used, 4);
	assert_date(r.deadline, "2027-01-13");
	assert_int_equal(r.missing_year, 2027);
	/* with a 2027 notice that makes 7 and 8 January holidays, two days later */
	struct wd_row *rows;
	size_t n;
	char err[200];
	const char extra[] =
	    "2027-01-01\toff\t元旦\n2027-01-07\toff\t测试\n2027-01-08\toff\t测试\n";
	char *text = malloc(strlen(servcal_shipped_text(NULL)) + sizeof(extra));
	strcpy(text, servcal_shipped_text(NULL));
	strcat(text, extra);
	rows = wd_rows_parse(text, strlen(text), &n, err, sizeof(err));
	assert_non_null(rows);
	struct workcal *with2027 = workcal_from_rows(rows, n);
	struct clock_input in = {10, 20, ev, 4, D("2027-01-06")};
	assert_int_equal(service_clock(with2027, &in, &r), 0);
	assert_date(r.deadline, "2027-01-15");
	assert_int_equal(r.missing_year, 0);
	workcal_free(with2027);
	free(rows);
	free(text);
}

/* A pause and a resume on the same day change nothing. */
static void pause_and_resume_the_same_day(void **state)
{
	struct clock_event plain[] = {{CLK_RECEIVED, D("2026-06-01")},
	                              {CLK_ACCEPTED, D("2026-06-01")}};
	struct clock_event same[] = {{CLK_RECEIVED, D("2026-06-01")},
	                             {CLK_ACCEPTED, D("2026-06-01")},
	                             {CLK_PAUSED, D("2026-06-03")},
	                             {CLK_RESUMED, D("2026-06-03")}};
	struct clock_result a = RUN(10, 20, plain, "2026-06-10");
	struct clock_result b = RUN(10, 20, same, "2026-06-10");
	assert_int_equal(a.deadline, b.deadline);
	assert_int_equal(a.used, b.used);
	assert_int_equal(a.overdue_from, b.overdue_from);
	assert_int_equal(b.paused_days, 0);
}

/* Art. 32: received Monday 2 March 2026; the decision is due on the 5th
 * working day after, Monday 9 March.  Later, the case counts as accepted on
 * the receipt, whether an officer accepts it late or not at all. */
static void acceptance_is_deemed_after_five_working_days(void **state)
{
	struct clock_event received[] = {{CLK_RECEIVED, D("2026-03-02")}};
	struct clock_result r = RUN(5, 20, received, "2026-03-09");
	assert_int_equal(r.state, CLOCK_DECIDING);
	assert_date(r.decide_by, "2026-03-09");
	assert_int_equal(r.start, 0);
	assert_true(r.awaiting_decision);
	assert_date(r.deadline, "2026-03-09"); /* what deeming on the receipt gives */
	assert_int_equal(r.colour, COLOUR_NONE);
	r = RUN(5, 20, received, "2026-03-10");
	assert_int_equal(r.state, CLOCK_RUNNING);
	assert_true(r.awaiting_decision);
	assert_true(r.deemed);
	assert_date(r.start, "2026-03-02");
	assert_date(r.deadline, "2026-03-09");
	assert_int_equal(r.colour, COLOUR_OVERDUE);

	struct clock_event late[] = {{CLK_RECEIVED, D("2026-03-02")},
	                             {CLK_ACCEPTED, D("2026-03-12")}};
	r = RUN(5, 20, late, "2026-03-12");
	assert_true(r.deemed);
	assert_date(r.start, "2026-03-02");
	struct clock_event in_time[] = {{CLK_RECEIVED, D("2026-03-02")},
	                                {CLK_ACCEPTED, D("2026-03-09")}};
	r = RUN(5, 20, in_time, "2026-03-09");
	assert_false(r.deemed);
	assert_date(r.start, "2026-03-09");
	assert_date(r.deadline, "2026-03-16");
}

/* 补正: the clock waits; the corrected materials are a new receipt. */
static void correction_restarts_the_receipt(void **state)
{
	struct clock_event ev[] = {{CLK_RECEIVED, D("2026-03-02")},
	                           {CLK_CORRECTION, D("2026-03-04")},
	                           {CLK_RECEIVED, D("2026-03-20")},
	                           {CLK_ACCEPTED, D("2026-03-23")}};
	struct clock_result r = run(5, 20, ev, 2, "2026-04-30");
	assert_int_equal(r.state, CLOCK_CORRECTING); /* never deemed while waiting */
	assert_int_equal(r.start, 0);
	r = run(5, 20, ev, 3, "2026-03-27");
	assert_int_equal(r.state, CLOCK_DECIDING);
	assert_date(r.decide_by, "2026-03-27");
	r = RUN(5, 20, ev, "2026-03-24");
	assert_false(r.deemed);
	assert_date(r.start, "2026-03-23");
	assert_date(r.deadline, "2026-03-30");
}

/* 容缺: the missing materials may be due no later than the committed deadline. */
static void tolerant_acceptance_limit(void **state)
{
	int gap;
	assert_date(service_tolerant_latest(cal, D("2026-09-24"), 5, &gap), "2026-10-09");
	assert_int_equal(gap, 0);
	assert_date(service_tolerant_latest(cal, D("2026-12-28"), 5, &gap), "2027-01-04");
	assert_int_equal(gap, 2027);
	/* deemed on the receipt: the limit counts from the receipt */
	assert_date(service_tolerant_latest(cal, D("2026-03-02"), 5, &gap), "2026-03-09");
}

/* Refused or withdrawn before the start: closed, no clock. */
static void refused_and_withdrawn(void **state)
{
	struct clock_event refused[] = {{CLK_RECEIVED, D("2026-03-02")},
	                                {CLK_REFUSED, D("2026-03-03")}};
	struct clock_result r = RUN(5, 20, refused, "2026-05-01");
	assert_int_equal(r.state, CLOCK_CLOSED);
	assert_int_equal(r.colour, COLOUR_NONE);
	struct clock_event paused_then_finished[] = {{CLK_RECEIVED, D("2026-03-02")},
	                                             {CLK_ACCEPTED, D("2026-03-02")},
	                                             {CLK_PAUSED, D("2026-03-05")},
	                                             {CLK_FINISHED, D("2026-04-20")}};
	r = RUN(5, 20, paused_then_finished, "2026-05-01");
	assert_int_equal(r.state, CLOCK_STOPPED);
	assert_int_equal(r.used, 2); /* 3 and 4 March */
	assert_false(r.late);
}

static void colours_at_the_boundaries(void **state)
{
	int limits[] = {1, 2, 5, 20, 30};
	for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		int L = limits[i];
		for (int used = 0; used <= L + 2; used++) {
			double share = (double)used / L;
			enum clock_colour want = share >= 1     ? COLOUR_OVERDUE
			                         : share >= 0.8 ? COLOUR_RED
			                         : share >= 0.5 ? COLOUR_YELLOW
			                                        : COLOUR_GREEN;
			assert_int_equal(service_colour(used, L), want);
		}
	}
	assert_string_equal(service_colour_name(COLOUR_RED), "red");
	assert_string_equal(service_clock_state_name(CLOCK_PAUSED), "paused");
}

/* Random histories (accept, pauses, resumes, maybe a finish) against a
 * simulation that walks day by day, counting a day when it is a working day
 * after the start, before today (or up to the finish) and outside every
 * pause [P, Q). */
static uint64_t rng = 88172645463325252ull;
static int next(int n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (int)(rng % (uint64_t)n);
}

static int counted(int32_t d, const struct clock_event *ev, size_t n)
{
	int32_t start = ev[1].day;
	if (d <= start || !workcal_is_workday(cal, d, NULL))
		return 0;
	for (size_t i = 2; i < n; i++)
		if (ev[i].kind == CLK_PAUSED) {
			int32_t q =
			    i + 1 < n && ev[i + 1].kind == CLK_RESUMED ? ev[i + 1].day : INT32_MAX;
			if (d >= ev[i].day && d < q)
				return 0;
		}
	return 1;
}

static void random_histories_match_a_day_walk(void **state)
{
	for (int t = 0; t < 3000; t++) {
		struct clock_event ev[12];
		size_t n = 0;
		int32_t day = D("2008-01-01") + next(6500);
		int L = 1 + next(30), S = L + next(30);
		ev[n++] = (struct clock_event){CLK_RECEIVED, day};
		ev[n++] = (struct clock_event){CLK_ACCEPTED, day};
		int pauses = next(4), finished = next(3) == 0;
		for (int p = 0; p < pauses; p++) {
			day += next(12);
			ev[n++] = (struct clock_event){CLK_PAUSED, day};
			if (p == pauses - 1 && next(3) == 0)
				break; /* still paused */
			day += next(25);
			ev[n++] = (struct clock_event){CLK_RESUMED, day};
		}
		int paused = ev[n - 1].kind == CLK_PAUSED;
		if (finished)
			ev[n++] = (struct clock_event){CLK_FINISHED, day + next(30)};
		int32_t today = day + next(40);
		if (finished && today < ev[n - 1].day)
			today = ev[n - 1].day;
		struct clock_input in = {L, S, ev, n, today};
		struct clock_result r;
		service_clock(cal, &in, &r);
		int32_t upto = finished ? ev[n - 1].day : today - 1;
		size_t nev = finished ? n - 1 : n;
		int used = 0;
		for (int32_t d = ev[1].day + 1; d <= upto; d++)
			used += counted(d, ev, nev);
		if (r.used != used) {
			for (size_t k = 0; k < n; k++) {
				char t[11];
				wd_format(ev[k].day, t);
				print_message("event %d on %s\n", ev[k].kind, t);
			}
			char t[11];
			wd_format(today, t);
			print_message("today %s L %d\n", t, L);
		}
		assert_int_equal(r.used, used);
		assert_int_equal(r.remaining, L - used);
		if (finished) {
			assert_int_equal(r.state, CLOCK_STOPPED);
			assert_int_equal(r.late, used > L);
			continue;
		}
		assert_int_equal(r.state, paused ? CLOCK_PAUSED : CLOCK_RUNNING);
		assert_int_equal(r.colour, service_colour(used, L));
		if (paused)
			continue;
		/* the deadline is the day the count reaches L when nothing pauses
		 * any more; overdue_from the day after it */
		int c = 0;
		int32_t d = ev[1].day, last = ev[n - 1].day;
		while (c < L)
			c += counted(++d, ev, n);
		if (d >= last) /* else the limit was used up before the last resume */
			assert_int_equal(r.deadline, d);
		int32_t want_over = d + 1;
		if (want_over <= ev[n - 1].day)
			want_over = ev[n - 1].day; /* crossed before the last resume */
		assert_int_equal(r.overdue_from, want_over);
		assert_int_equal(r.colour == COLOUR_OVERDUE, today >= r.overdue_from);
		assert_int_equal(r.colour >= COLOUR_RED, today >= r.red_from);
		assert_int_equal(r.colour >= COLOUR_YELLOW, today >= r.yellow_from);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(national_day_2026),
	    cmocka_unit_test(finishing_on_the_deadline_is_on_time),
	    cmocka_unit_test(weekend_working_day_counts),
	    cmocka_unit_test(pause_across_the_spring_festival),
	    cmocka_unit_test(pause_across_the_year_end),
	    cmocka_unit_test(pause_and_resume_the_same_day),
	    cmocka_unit_test(acceptance_is_deemed_after_five_working_days),
	    cmocka_unit_test(correction_restarts_the_receipt),
	    cmocka_unit_test(tolerant_acceptance_limit),
	    cmocka_unit_test(refused_and_withdrawn),
	    cmocka_unit_test(colours_at_the_boundaries),
	    cmocka_unit_test(random_histories_match_a_day_walk),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
