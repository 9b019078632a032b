/* The competition's pure rules (domain/competition_rules.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "domain/competition.h"

/* Every step of the team diagram is allowed, and nothing else. */
static void team_transitions(void **state)
{
	static const char *const all[] = {"draft",      "submitted", "endorsed", "eligible",
	                                  "ineligible", "in_round",  "promoted", "eliminated",
	                                  "awarded",    "withdrawn"};
	static const char *const allowed[][2] = {
	    {"draft", "submitted"},     {"submitted", "draft"},     {"submitted", "endorsed"},
	    {"endorsed", "eligible"},   {"endorsed", "ineligible"}, {"ineligible", "eligible"},
	    {"eligible", "ineligible"}, {"eligible", "in_round"},   {"in_round", "promoted"},
	    {"in_round", "eliminated"}, {"in_round", "awarded"},    {"promoted", "in_round"},
	    {"eliminated", "promoted"}, {"draft", "withdrawn"},     {"submitted", "withdrawn"},
	    {"endorsed", "withdrawn"},  {"eligible", "withdrawn"},  {"ineligible", "withdrawn"},
	};
	size_t n = sizeof(all) / sizeof(all[0]), m = sizeof(allowed) / sizeof(allowed[0]);
	int count = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < n; k++) {
			int want = 0;
			for (size_t a = 0; a < m; a++)
				want |= !strcmp(allowed[a][0], all[i]) &&
				        !strcmp(allowed[a][1], all[k]);
			assert_int_equal(comp_team_transition_ok(all[i], all[k]), want);
			count += want;
		}
	assert_int_equal(count, (int)m);
	/* Terminal states go nowhere; unknown names never move. */
	assert_false(comp_team_transition_ok("awarded", "eliminated"));
	assert_false(comp_team_transition_ok("withdrawn", "draft"));
	assert_false(comp_team_transition_ok("in_round", "withdrawn"));
	assert_false(comp_team_transition_ok("draft", "nonsense"));
	assert_false(comp_team_transition_ok(NULL, "draft"));
}

static void edition_transitions(void **state)
{
	assert_true(comp_edition_transition_ok("draft", "open"));
	assert_true(comp_edition_transition_ok("open", "judging"));
	assert_true(comp_edition_transition_ok("judging", "finished"));
	assert_false(comp_edition_transition_ok("draft", "judging"));
	assert_false(comp_edition_transition_ok("open", "draft"));
	assert_false(comp_edition_transition_ok("finished", "open"));
	assert_string_equal(comp_edition_status_label("open"), "报名中");
	assert_string_equal(comp_team_status_label("endorsed"), "已推荐");
	assert_string_equal(comp_prize_label("merit"), "优秀奖");
	assert_string_equal(comp_prize_label("bogus"), "");
}

/* The article's sheet: 创新性 20, 团队 20, 商业价值 25, 社会价值 15, 教育成效 20. */
static void sheet_weights(void **state)
{
	struct comp_anchor an[] = {{100, "突出"}, {60, "一般"}, {20, "薄弱"}};
	struct comp_criterion c[] = {{"创新性", 20, an, 3},
	                             {"团队", 20, NULL, 0},
	                             {"商业价值", 25, NULL, 0},
	                             {"社会价值", 15, NULL, 0},
	                             {"教育成效", 20, NULL, 0}};
	int index;
	assert_null(comp_sheet_problem(c, 5, &index));
	c[4].weight = 19; /* 99 */
	assert_non_null(comp_sheet_problem(c, 5, &index));
	assert_int_equal(index, -1);
	c[4].weight = 21; /* 101 */
	assert_non_null(comp_sheet_problem(c, 5, &index));
	c[4].weight = 20;
	c[1].name = "创新性"; /* repeated */
	assert_non_null(comp_sheet_problem(c, 5, &index));
	assert_int_equal(index, 1);
	c[1].name = "团队";
	c[0].weight = 0, c[1].weight = 40; /* 0 is not a weight */
	assert_non_null(comp_sheet_problem(c, 5, &index));
	assert_int_equal(index, 0);
	c[0].weight = 20, c[1].weight = 20;
	an[2].tenths = 100; /* the same mark twice */
	assert_non_null(comp_sheet_problem(c, 5, &index));
	an[2].tenths = 101;
	assert_non_null(comp_sheet_problem(c, 5, &index));
	an[2].tenths = 20;
	assert_null(comp_sheet_problem(c, 5, &index));
	struct comp_criterion one = {"总体", 100, NULL, 0};
	assert_null(comp_sheet_problem(&one, 1, &index));
	assert_non_null(comp_sheet_problem(c, 0, &index));
}

static void marks_and_totals(void **state)
{
	int t;
	assert_int_equal(comp_mark_tenths(7.5, &t), 0);
	assert_int_equal(t, 75);
	assert_int_equal(comp_mark_tenths(10, &t), 0);
	assert_int_equal(t, 100);
	assert_int_equal(comp_mark_tenths(0, &t), 0);
	assert_int_equal(t, 0);
	assert_int_equal(comp_mark_tenths(8.1, &t), 0); /* 8.1 is not exact in binary */
	assert_int_equal(t, 81);
	assert_int_equal(comp_mark_tenths(7.25, &t), -1);
	assert_int_equal(comp_mark_tenths(-0.1, &t), -1);
	assert_int_equal(comp_mark_tenths(10.1, &t), -1);
	int w[] = {20, 20, 25, 15, 20}, m[] = {80, 75, 90, 60, 100};
	/* 20*8 + 20*7.5 + 25*9 + 15*6 + 20*10 = 825 of 1000, i.e. 82.5 of 100 */
	assert_int_equal(comp_total_x100(w, m, 5), 8250);
	int full[] = {100, 100, 100, 100, 100};
	assert_int_equal(comp_total_x100(w, full, 5), 10000);
}

static struct comp_elig_facts good_team(struct comp_member_fact *m)
{
	m[0] = (struct comp_member_fact){"张三", 1, 0};
	m[1] = (struct comp_member_fact){"李四", 1, 0};
	return (struct comp_elig_facts){.endorsed = 1,
	                                .members = m,
	                                .n_members = 2,
	                                .min_members = 1,
	                                .max_members = 5,
	                                .advisors = 1,
	                                .has_plan = 1,
	                                .has_summary = 1};
}

static int has_code(const struct comp_reason *r, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(r[i].code, code))
			return 1;
	return 0;
}

static void eligibility(void **state)
{
	struct comp_member_fact m[4];
	struct comp_reason r[16];
	struct comp_elig_facts f = good_team(m);
	assert_int_equal(comp_team_problems(&f, 0, r, 16), 0);
	assert_int_equal(comp_team_problems(&f, 1, r, 16), 0);

	f.endorsed = 0; /* not endorsed: not eligible, but may submit */
	assert_int_equal(comp_team_problems(&f, 0, r, 16), 1);
	assert_string_equal(r[0].code, "endorsed");
	assert_int_equal(comp_team_problems(&f, 1, r, 16), 0);
	f = good_team(m);

	m[1].enrolled = 0;
	m[1].other_team = 1;
	size_t n = comp_team_problems(&f, 0, r, 16);
	assert_int_equal(n, 2);
	assert_true(has_code(r, n, "enrolled"));
	assert_true(has_code(r, n, "one_team"));
	assert_non_null(strstr(r[0].message, "李四"));
	/* The leader's own submit checks do not look at enrolment. */
	assert_int_equal(comp_team_problems(&f, 1, r, 16), 0);
	f = good_team(m);

	f.advisors = 0;
	f.has_plan = 0;
	f.pending_invites = 2;
	f.track_full = 1;
	n = comp_team_problems(&f, 0, r, 16);
	assert_int_equal(n, 4);
	assert_true(has_code(r, n, "advisors"));
	assert_true(has_code(r, n, "plan"));
	assert_true(has_code(r, n, "invitations"));
	assert_true(has_code(r, n, "track_full"));
	assert_int_equal(comp_team_problems(&f, 1, r, 16), 3); /* not track_full */
	f = good_team(m);

	f.advisors = 3;
	assert_true(has_code(r, comp_team_problems(&f, 1, r, 16), "advisors"));
	f = good_team(m);
	f.min_members = 3;
	assert_true(has_code(r, comp_team_problems(&f, 1, r, 16), "members"));
	f.min_members = 1, f.max_members = 1;
	assert_true(has_code(r, comp_team_problems(&f, 1, r, 16), "members"));
	/* More reasons than room: counted, not written past max. */
	f = good_team(m);
	f.endorsed = 0, f.advisors = 0, f.has_plan = 0, f.has_summary = 0;
	assert_int_equal(comp_team_problems(&f, 0, r, 2), 4);
}

static void prizes(void **state)
{
	/* 1 first, 2 second, 3 third, 4 merit */
	const char *want[] = {NULL,    "first", "second", "second", "third", "third",
	                      "third", "merit", "merit",  "merit",  "merit", NULL};
	for (uint32_t r = 0; r < 12; r++) {
		const char *p = comp_prize_for_rank(r, 1, 2, 3, 4);
		if (want[r])
			assert_string_equal(p, want[r]);
		else
			assert_null(p);
	}
	assert_null(comp_prize_for_rank(1, 0, 0, 0, 0));
	assert_string_equal(comp_prize_for_rank(1, 0, 0, 0, 1), "merit");
}

static void certificate_codes(void **state)
{
	char a[COMP_CODE_LEN + 1], b[COMP_CODE_LEN + 1], n[COMP_CODE_LEN + 1];
	comp_cert_code(a);
	comp_cert_code(b);
	assert_int_equal(strlen(a), COMP_CODE_LEN);
	assert_string_not_equal(a, b);
	assert_true(comp_cert_code_norm(a, n));
	assert_string_equal(a, n);
	for (char *p = a; *p; p++)
		assert_null(strchr("01OI", *p));
	assert_true(comp_cert_code_norm("abcdefghjkmn", n)); /* lower case is read as upper */
	assert_string_equal(n, "ABCDEFGHJKMN");
	assert_false(comp_cert_code_norm("ABCDEFGHJKM0", n)); /* 0 is never in a code */
	assert_false(comp_cert_code_norm("ABCDEFGHJKM", n));
	assert_false(comp_cert_code_norm("ABCDEFGHJKMNP", n));
	assert_false(comp_cert_code_norm("' OR 1=1 --", n));
	assert_false(comp_cert_code_norm(NULL, n));
}

static void timer_and_window(void **state)
{
	assert_int_equal(comp_timer_used(0, 0, 1000), 0);
	assert_int_equal(comp_timer_used(30, 0, 1000), 30);    /* paused */
	assert_int_equal(comp_timer_used(30, 900, 1000), 130); /* running since 900 */
	assert_int_equal(comp_timer_used(30, 1100, 1000), 30); /* a clock step back */
	int64_t done = 1000000;
	assert_true(comp_appeal_in_window(done, 3, done));
	assert_true(comp_appeal_in_window(done, 3, done + 3 * 86400));
	assert_false(comp_appeal_in_window(done, 3, done + 3 * 86400 + 1));
	assert_false(comp_appeal_in_window(done, 0, done + 1));
	assert_false(comp_appeal_in_window(0, 3, done));
	assert_false(comp_appeal_in_window(done, 3, done - 1));
}

static void plans_and_kinds(void **state)
{
	assert_true(comp_plan_is_pdf("%PDF-1.7\n", 9));
	assert_false(comp_plan_is_pdf("%PDF", 4));
	assert_false(comp_plan_is_pdf("PK\x03\x04", 4));
	assert_false(comp_plan_is_pdf(NULL, 0));
	assert_true(comp_conflict_kind_valid("advised"));
	assert_true(comp_conflict_kind_valid("investor"));
	assert_false(comp_conflict_kind_valid("college")); /* known, not declared */
	assert_false(comp_conflict_kind_valid(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(team_transitions),  cmocka_unit_test(edition_transitions),
	    cmocka_unit_test(sheet_weights),     cmocka_unit_test(marks_and_totals),
	    cmocka_unit_test(eligibility),       cmocka_unit_test(prizes),
	    cmocka_unit_test(certificate_codes), cmocka_unit_test(timer_and_window),
	    cmocka_unit_test(plans_and_kinds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
