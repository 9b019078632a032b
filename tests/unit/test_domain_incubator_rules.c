/* The incubator's pure rules: China time, each booking rule both ways,
 * overlaps and weekly series against brute force, due days, graduation,
 * the mentor ratio, audiences, the state machines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "domain/incubator_rules.h"

/* 2026-12-08T00:00:00+08:00, a Tuesday. */
#define DEC8 1796659200LL

static uint64_t rng = 88172645463325252ULL;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int64_t parse(const char *s)
{
	int64_t t = -1;
	assert_int_equal(incubator_time_parse(s, &t), 0);
	return t;
}

static void times_parse_with_an_offset_only(void **state)
{
	assert_int_equal(parse("2026-12-08T00:00:00+08:00"), DEC8);
	assert_int_equal(parse("2026-12-07T16:00:00Z"), DEC8);
	assert_int_equal(parse("2026-12-07T16:00Z"), DEC8);
	assert_int_equal(parse("2026-12-08T00:00+0800"), DEC8);
	assert_int_equal(parse("2026-12-08 00:00:00+08:00"), DEC8);
	assert_int_equal(parse("2026-12-07T11:00:00-05:00"), DEC8);
	assert_int_equal(parse("2024-02-29T08:00:00+08:00"), 1709164800LL);
	int64_t t;
	const char *bad[] = {"2026-12-08T14:00:00",
	                     "2026-12-08",
	                     "2026-13-01T00:00:00+08:00",
	                     "2025-02-29T00:00:00+08:00",
	                     "2026-04-31T00:00:00+08:00",
	                     "2026-12-08T24:00:00+08:00",
	                     "2026-12-08T14:60:00+08:00",
	                     "2026-12-08T14:00:00+08:00x",
	                     "2026-12-8T14:00:00+08:00",
	                     "１２",
	                     "",
	                     "2026-12-08T14:00:00+8:00"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(incubator_time_parse(bad[i], &t), -1);
	assert_int_equal(incubator_time_parse(NULL, &t), -1);
}

static void times_format_in_china_time_and_round_trip(void **state)
{
	char s[INCUBATOR_TIME_MAX];
	incubator_time_format(DEC8 + 14 * 3600, s);
	assert_string_equal(s, "2026-12-08T14:00:00+08:00");
	incubator_time_format(0, s);
	assert_string_equal(s, "1970-01-01T08:00:00+08:00");
	for (int i = 0; i < 20000; i++) {
		int64_t t = (int64_t)(next() % 4102444800ULL); /* 1970..2100 */
		incubator_time_format(t, s);
		assert_int_equal(parse(s), t);
	}
}

static void weeks_days_and_months_are_china_s(void **state)
{
	assert_int_equal(incubator_weekday(DEC8), 1); /* Tuesday */
	assert_int_equal(incubator_weekday(DEC8 - 1), 0);
	assert_int_equal(incubator_minute_of_day(DEC8 + 14 * 3600 + 30 * 60), 14 * 60 + 30);
	/* 23:30 UTC on a Monday is 07:30 Tuesday in China. */
	assert_int_equal(incubator_weekday(parse("2026-12-07T23:30:00Z")), 1);
	assert_int_equal(incubator_week_start(DEC8 + 5 * 3600), DEC8 - 86400);
	for (int i = 0; i < 20000; i++) {
		int64_t t = (int64_t)(next() % 4102444800ULL);
		int64_t w = incubator_week_start(t);
		assert_true(w <= t && t < w + 7 * 86400);
		assert_int_equal(incubator_weekday(w), 0);
		assert_int_equal(incubator_minute_of_day(w), 0);
		int m = incubator_month_of(t);
		assert_true(incubator_month_start(m) <= t &&
		            t < incubator_month_start(incubator_month_next(m)));
	}
	assert_int_equal(incubator_month_of(DEC8), 202612);
	assert_int_equal(incubator_month_next(202612), 202701);
	assert_int_equal(incubator_month_start(202612), parse("2026-12-01T00:00:00+08:00"));
	assert_true(incubator_month_valid(202612));
	assert_false(incubator_month_valid(202613));
	assert_false(incubator_month_valid(202600));
	assert_false(incubator_month_valid(199912));
}

static const struct incubator_rules rules = {
    .book_roles = INCUBATOR_RESIDENT | INCUBATOR_MENTOR | INCUBATOR_OPERATOR,
    .open_from = 8 * 60,
    .open_to = 22 * 60,
    .open_days = 0x1f, /* Monday to Friday */
    .slot_minutes = 60,
    .max_minutes = 240,
    .advance_days = 14,
    .week_quota_minutes = 600,
};

/* The refusal of one booking: its kind, code and field. */
static void refused(int booker, const char *start, const char *end, int64_t now,
                    enum derr_kind kind, const char *code, const char *field)
{
	struct derr e = {0};
	assert_int_equal(incubator_booking_check(&rules, booker, parse(start), parse(end), now, &e),
	                 -1);
	assert_int_equal(e.kind, kind);
	if (code)
		assert_string_equal(e.code, code);
	else
		assert_null(e.code);
	if (field)
		assert_string_equal(e.field, field);
	assert_non_null(e.message);
}

static void accepted(int booker, const char *start, const char *end, int64_t now)
{
	struct derr e = {0};
	assert_int_equal(incubator_booking_check(&rules, booker, parse(start), parse(end), now, &e),
	                 0);
	assert_int_equal(e.kind, DERR_OK);
}

static void every_booking_rule_refuses_and_allows(void **state)
{
	int64_t now = DEC8 - 86400; /* Monday 00:00 */
	const int R = INCUBATOR_RESIDENT;
	accepted(R, "2026-12-08T14:00:00+08:00", "2026-12-08T15:00:00+08:00", now);
	/* The edges of the opening hours and of the length are inside. */
	accepted(R, "2026-12-08T08:00:00+08:00", "2026-12-08T12:00:00+08:00", now);
	accepted(R, "2026-12-08T18:00:00+08:00", "2026-12-08T22:00:00+08:00", now);
	refused(R, "2026-12-08T15:00:00+08:00", "2026-12-08T14:00:00+08:00", now, DERR_INVALID,
	        NULL, "end");
	refused(R, "2026-12-08T15:00:00+08:00", "2026-12-08T15:00:00+08:00", now, DERR_INVALID,
	        NULL, "end");
	refused(INCUBATOR_COLLEGE, "2026-12-08T14:00:00+08:00", "2026-12-08T15:00:00+08:00", now,
	        DERR_FORBIDDEN, NULL, NULL);
	refused(R, "2026-12-06T14:00:00+08:00", "2026-12-06T15:00:00+08:00", now, DERR_RULE,
	        "in_past", "start");
	refused(R, "2026-12-08T14:30:00+08:00", "2026-12-08T15:30:00+08:00", now, DERR_RULE, "slot",
	        "start");
	refused(R, "2026-12-08T14:00:00+08:00", "2026-12-08T14:30:00+08:00", now, DERR_RULE, "slot",
	        "start");
	refused(R, "2026-12-08T08:00:00+08:00", "2026-12-08T13:00:00+08:00", now, DERR_RULE,
	        "too_long", "end");
	refused(R, "2026-12-08T07:00:00+08:00", "2026-12-08T09:00:00+08:00", now, DERR_RULE,
	        "closed", "start");
	refused(R, "2026-12-08T21:00:00+08:00", "2026-12-08T23:00:00+08:00", now, DERR_RULE,
	        "closed", "start");
	refused(R, "2026-12-12T10:00:00+08:00", "2026-12-12T11:00:00+08:00", now, DERR_RULE,
	        "closed", "start"); /* a Saturday */
	refused(R, "2026-12-08T21:00:00+08:00", "2026-12-09T01:00:00+08:00", now, DERR_RULE,
	        "closed", "start"); /* across midnight */
	refused(R, "2026-12-22T10:00:00+08:00", "2026-12-22T11:00:00+08:00", now, DERR_RULE,
	        "too_far", "start");
	/* The operator is not bound by how far ahead, nor by who may book. */
	accepted(INCUBATOR_OPERATOR, "2026-12-22T10:00:00+08:00", "2026-12-22T11:00:00+08:00", now);
	struct incubator_rules closed = rules;
	closed.book_roles = INCUBATOR_MENTOR;
	struct derr e = {0};
	assert_int_equal(incubator_booking_check(&closed, INCUBATOR_OPERATOR, DEC8 + 10 * 3600,
	                                         DEC8 + 11 * 3600, now, &e),
	                 0);
	/* The closing words name the hours and days. */
	e = (struct derr){0};
	incubator_booking_check(&rules, R, DEC8 + 7 * 3600, DEC8 + 8 * 3600, now, &e);
	assert_non_null(strstr(e.message, "08:00–22:00"));
	assert_non_null(strstr(e.message, "周一至周五"));
}

static void the_weekly_quota_counts_what_is_booked(void **state)
{
	struct derr e = {0};
	assert_int_equal(incubator_quota_check(&rules, 540 * 60, DEC8, DEC8 + 3600, &e), 0);
	assert_int_equal(incubator_quota_check(&rules, 541 * 60, DEC8, DEC8 + 3600, &e), -1);
	assert_string_equal(e.code, "quota");
	struct incubator_rules none = rules;
	none.week_quota_minutes = 0;
	e = (struct derr){0};
	assert_int_equal(incubator_quota_check(&none, 100000 * 60, DEC8, DEC8 + 3600, &e), 0);
}

static void rules_an_operator_sets_are_checked(void **state)
{
	struct incubator_rules r = rules;
	struct derr e = {0};
	assert_int_equal(incubator_rules_check(&r, &e), 0);
	const struct {
		int *field;
		int value;
		const char *name;
	} bad[] = {
	    {&r.book_roles, 0, "book_roles"},
	    {&r.open_to, 8 * 60, "open_to"},
	    {&r.open_days, 0, "open_days"},
	    {&r.slot_minutes, 45, "slot_minutes"},
	    {&r.max_minutes, 90, "max_minutes"},
	    {&r.advance_days, 0, "advance_days"},
	    {&r.week_quota_minutes, -1, "week_quota_minutes"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		r = rules;
		*bad[i].field = bad[i].value; /* the fields point into r */
		e = (struct derr){0};
		assert_int_equal(incubator_rules_check(&r, &e), -1);
		assert_string_equal(e.field, bad[i].name);
	}
}

/* Brute force: the earliest-starting (then lowest index) slot of taken
 * overlapping o, or -1. */
static long brute(const struct incubator_slot *o, const struct incubator_slot *taken, size_t m)
{
	long best = -1;
	for (size_t i = 0; i < m; i++)
		if (incubator_overlap(o->start, o->end, taken[i].start, taken[i].end) &&
		    (best < 0 || taken[i].start < taken[best].start))
			best = (long)i;
	return best;
}

static void a_series_reports_exactly_its_conflicts(void **state)
{
	struct incubator_slot occ[INCUBATOR_SERIES_MAX], taken[200];
	long hit[INCUBATOR_SERIES_MAX];
	for (int round = 0; round < 2000; round++) {
		int64_t start = DEC8 + (int64_t)(next() % 48) * 1800;
		int64_t len = (1 + (int64_t)(next() % 6)) * 1800;
		int64_t until = start + 1 + (int64_t)(next() % (30 * 7 * 86400));
		int n =
		    incubator_series_expand(start, start + len, until, occ, INCUBATOR_SERIES_MAX);
		assert_int_equal(n, (int)((until - start + 7 * 86400 - 1) / (7 * 86400)));
		for (int i = 0; i < n; i++) {
			assert_int_equal(occ[i].start, start + i * 7 * 86400LL);
			assert_int_equal(occ[i].end - occ[i].start, len);
		}
		size_t m = next() % 200;
		for (size_t i = 0; i < m; i++) {
			int64_t s = DEC8 + (int64_t)(next() % (31 * 7 * 48)) * 1800;
			taken[i] =
			    (struct incubator_slot){s, s + (1 + (int64_t)(next() % 8)) * 1800};
		}
		long c = incubator_series_conflicts(occ, (size_t)n, taken, m, hit);
		long expect = 0;
		for (int i = 0; i < n; i++) {
			long b = brute(&occ[i], taken, m);
			expect += b >= 0;
			/* The same conflict, or one starting at the same time. */
			if (b < 0)
				assert_int_equal(hit[i], -1);
			else
				assert_int_equal(taken[hit[i]].start, taken[b].start);
			if (hit[i] >= 0)
				assert_true(incubator_overlap(occ[i].start, occ[i].end,
				                              taken[hit[i]].start,
				                              taken[hit[i]].end));
		}
		assert_int_equal(c, expect);
	}
	/* Adjacent is not overlapping; the limits of a series. */
	struct incubator_slot a = {DEC8, DEC8 + 3600}, b = {DEC8 + 3600, DEC8 + 7200};
	assert_int_equal(incubator_series_conflicts(&a, 1, &b, 1, hit), 0);
	assert_int_equal(incubator_series_expand(DEC8, DEC8 + 3600, DEC8 + 53 * 7 * 86400, occ,
	                                         INCUBATOR_SERIES_MAX),
	                 -1);
	assert_int_equal(incubator_series_expand(DEC8, DEC8, DEC8 + 86400, occ, 10), -1);
	assert_int_equal(incubator_series_expand(DEC8, DEC8 + 60, DEC8, occ, 10), -1);
}

static void reports_fall_due_and_are_reminded(void **state)
{
	/* November's report is due at the end of 10 December. */
	int64_t due = incubator_report_due(202611, 10);
	assert_int_equal(due, parse("2026-12-11T00:00:00+08:00"));
	assert_int_equal(incubator_report_due(202612, 5), parse("2027-01-06T00:00:00+08:00"));
	assert_int_equal(incubator_report_state(due, due - 6 * 86400, 5), INCUBATOR_REPORT_OPEN);
	assert_int_equal(incubator_report_state(due, due - 5 * 86400, 5),
	                 INCUBATOR_REPORT_DUE_SOON);
	assert_int_equal(incubator_report_state(due, due - 1, 5), INCUBATOR_REPORT_DUE_SOON);
	assert_int_equal(incubator_report_state(due, due, 5), INCUBATOR_REPORT_OVERDUE);
}

static void graduation_criteria_any_or_all(void **state)
{
	struct incubator_grad_rules r = {0, 1000000, 500000, 24};
	struct incubator_grad_figures f = {1200000, 0, 10};
	const char *unmet[3];
	int n;
	assert_true(incubator_graduation_ok(&r, &f, unmet, &n));
	assert_int_equal(n, 2);
	assert_string_equal(unmet[0], "financing");
	assert_string_equal(unmet[1], "months");
	r.all = 1;
	assert_false(incubator_graduation_ok(&r, &f, unmet, &n));
	f = (struct incubator_grad_figures){1000000, 500000, 24};
	assert_true(incubator_graduation_ok(&r, &f, unmet, &n));
	assert_int_equal(n, 0);
	r.all = 0;
	f = (struct incubator_grad_figures){0, 0, 0};
	assert_false(incubator_graduation_ok(&r, &f, unmet, &n));
	assert_int_equal(n, 3);
	assert_true(incubator_mentor_ratio_ok(4, 20, 5));
	assert_false(incubator_mentor_ratio_ok(3, 20, 5));
	assert_true(incubator_mentor_ratio_ok(0, 0, 5));
	assert_false(incubator_mentor_ratio_ok(1, 1, 0));
}

static void audiences_restrict_by_college_major_and_residence(void **state)
{
	json_t *colleges = json_pack("[i, i]", 3, 5), *majors = json_pack("[s]", "4603");
	json_t *none = json_array();
	const char *field = NULL;
	assert_null(incubator_audience_refusal(none, none, 0, 0, NULL, 0, &field));
	assert_null(incubator_audience_refusal(colleges, majors, 0, 5, "460301", 0, &field));
	assert_non_null(incubator_audience_refusal(colleges, majors, 0, 4, "460301", 0, &field));
	assert_string_equal(field, "audience_colleges");
	assert_non_null(incubator_audience_refusal(colleges, majors, 0, 3, "510101", 0, &field));
	assert_string_equal(field, "audience_majors");
	assert_non_null(incubator_audience_refusal(none, majors, 0, 3, NULL, 0, &field));
	assert_non_null(incubator_audience_refusal(none, none, 1, 3, "460301", 0, &field));
	assert_string_equal(field, "residents_only");
	assert_null(incubator_audience_refusal(none, none, 1, 3, "460301", 1, &field));
	/* College 0 (not a student, no organisation) is in no list. */
	json_t *zero = json_pack("[i]", 0);
	assert_non_null(incubator_audience_refusal(zero, none, 0, 0, NULL, 0, &field));
	json_decref(zero);
	json_decref(colleges);
	json_decref(majors);
	json_decref(none);
}

static void the_state_machines_allow_their_steps_only(void **state)
{
	assert_true(incubator_project_step_ok("applied", "resident"));
	assert_true(incubator_project_step_ok("applied", "rejected"));
	assert_true(incubator_project_step_ok("resident", "graduated"));
	assert_true(incubator_project_step_ok("resident", "exited"));
	assert_false(incubator_project_step_ok("rejected", "resident"));
	assert_false(incubator_project_step_ok("graduated", "resident"));
	assert_false(incubator_project_step_ok("applied", "graduated"));
	assert_false(incubator_project_step_ok(NULL, "applied"));
	assert_true(incubator_booking_step_ok("held", "confirmed"));
	assert_true(incubator_booking_step_ok("confirmed", "checked_in"));
	assert_true(incubator_booking_step_ok("no_show", "checked_in"));
	assert_false(incubator_booking_step_ok("expired", "confirmed"));
	assert_false(incubator_booking_step_ok("cancelled", "confirmed"));
	assert_false(incubator_booking_step_ok("checked_in", "cancelled"));
	assert_true(incubator_service_step_ok("requested", "assigned"));
	assert_true(incubator_service_step_ok("assigned", "done"));
	assert_false(incubator_service_step_ok("requested", "done"));
	assert_false(incubator_service_step_ok("done", "cancelled"));
	assert_string_equal(incubator_label("resident"), "在孵");
	assert_string_equal(incubator_label("no_such"), "?");
	assert_string_equal(incubator_booker_name(INCUBATOR_COLLEGE), "college");
	assert_int_equal(incubator_booker_from_name("mentor"), INCUBATOR_MENTOR);
	assert_int_equal(incubator_booker_from_name("judge"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(times_parse_with_an_offset_only),
	    cmocka_unit_test(times_format_in_china_time_and_round_trip),
	    cmocka_unit_test(weeks_days_and_months_are_china_s),
	    cmocka_unit_test(every_booking_rule_refuses_and_allows),
	    cmocka_unit_test(the_weekly_quota_counts_what_is_booked),
	    cmocka_unit_test(rules_an_operator_sets_are_checked),
	    cmocka_unit_test(a_series_reports_exactly_its_conflicts),
	    cmocka_unit_test(reports_fall_due_and_are_reminded),
	    cmocka_unit_test(graduation_criteria_any_or_all),
	    cmocka_unit_test(audiences_restrict_by_college_major_and_residence),
	    cmocka_unit_test(the_state_machines_allow_their_steps_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
