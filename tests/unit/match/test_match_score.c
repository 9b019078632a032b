/*
 * test_match_score.c - scores, vetoes and explanations.
 *
 * Worked examples are computed by hand in the comments; random pairs check
 * that every explanation adds up to its score and agrees with match_score().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "match.h"
#include "test_market.h"

static uint32_t M(const char *code)
{
	uint32_t c = match_major_code(code);
	assert_true(c != 0);
	return c;
}

static void test_major_codes(void **state)
{
	char buf[8];
	(void)state;

	assert_int_equal(match_major_level(M("46")), 1);
	assert_int_equal(match_major_level(M("4603")), 2);
	assert_int_equal(match_major_level(M("460301")), 3);
	assert_string_equal(match_major_format(M("46"), buf), "46");
	assert_string_equal(match_major_format(M("4603"), buf), "4603");
	assert_string_equal(match_major_format(M("460301"), buf), "460301");
	assert_string_equal(match_major_format(M("01"), buf), "01"); /* leading zero kept */
	assert_int_equal(match_major_category(M("460301")), M("46"));
	assert_int_equal(match_major_class(M("460301")), M("4603"));
	assert_int_equal(match_major_class(M("46")), 0);
	/* a category, a class and a major with the same digits are different */
	assert_true(M("46") != M("4600"));
	assert_true(M("4600") != M("460000"));
	assert_int_equal(match_major_code(""), 0);
	assert_int_equal(match_major_code("4"), 0);
	assert_int_equal(match_major_code("460"), 0);
	assert_int_equal(match_major_code("4603010"), 0);
	assert_int_equal(match_major_code("46a3"), 0);
	assert_int_equal(match_major_code(" 46"), 0);
	assert_int_equal(match_major_code(NULL), 0);
	assert_int_equal(match_major_level(0), 0);
	assert_int_equal(match_major_level(12345), 0);
}

static void test_weights(void **state)
{
	struct match_weights w;
	(void)state;

	match_weights_default(&w);
	assert_int_equal(match_weights_check(&w), 0);
	/* the best possible score with the defaults is 10000 */
	assert_int_equal(w.major_same + w.skills_required + w.skills_preferred + w.certificates +
	                     w.city_first + w.salary + w.interest_applied,
	                 10000);
	w.salary = -1;
	assert_int_equal(match_weights_check(&w), -EINVAL);
	assert_null(match_snapshot_new(&w));
	w.salary = 1000001;
	assert_int_equal(match_weights_check(&w), -EINVAL);
}

/* The worked example of docs/matching.md. */
struct example {
	struct match_snapshot *sn;
	uint32_t skills[3], certs[1], majors[1], req[4], pref[2], pcerts[2];
	struct match_interest_mark marks[1];
	struct match_student st;
	struct match_position pos;
};

static void example_init(struct example *ex)
{
	memset(ex, 0, sizeof(*ex));
	ex->sn = match_snapshot_new(NULL);
	assert_non_null(ex->sn);
	ex->skills[0] = 1, ex->skills[1] = 2, ex->skills[2] = 3;
	ex->certs[0] = 10;
	ex->marks[0].position = 7;
	ex->marks[0].level = MATCH_INTEREST_APPLIED;
	ex->st.id = 42;
	ex->st.major = M("460301");
	ex->st.grad_year = 2026;
	ex->st.degree = MATCH_DEGREE_ASSOCIATE;
	ex->st.discoverable = 1;
	ex->st.cities[0] = 441800;
	ex->st.cities[1] = 440100;
	ex->st.salary_expected = 5000;
	ex->st.skills = ex->skills;
	ex->st.n_skills = 3;
	ex->st.certificates = ex->certs;
	ex->st.n_certificates = 1;
	ex->st.interests = ex->marks;
	ex->st.n_interests = 1;

	ex->majors[0] = M("4603");
	ex->req[0] = 1, ex->req[1] = 2, ex->req[2] = 4, ex->req[3] = 5;
	ex->pref[0] = 3, ex->pref[1] = 6;
	ex->pcerts[0] = 10, ex->pcerts[1] = 11;
	ex->pos.id = 7;
	ex->pos.city = 441800;
	ex->pos.salary_min = 4500;
	ex->pos.salary_max = 6000;
	ex->pos.grad_year_min = 2025;
	ex->pos.grad_year_max = 2026;
	ex->pos.min_degree = MATCH_DEGREE_ASSOCIATE;
	ex->pos.majors_required = 1;
	ex->pos.headcount = 5;
	ex->pos.filled = 1;
	ex->pos.majors = ex->majors;
	ex->pos.n_majors = 1;
	ex->pos.skills_required = ex->req;
	ex->pos.n_skills_required = 4;
	ex->pos.skills_preferred = ex->pref;
	ex->pos.n_skills_preferred = 2;
	ex->pos.certificates = ex->pcerts;
	ex->pos.n_certificates = 2;
	assert_int_equal(match_snapshot_add_student(ex->sn, &ex->st), 0);
	assert_int_equal(match_snapshot_add_position(ex->sn, &ex->pos), 0);
	assert_int_equal(
	    match_snapshot_set_label(ex->sn, MATCH_DICT_MAJOR, M("460301"), "机电一体化技术"), 0);
	assert_int_equal(
	    match_snapshot_set_label(ex->sn, MATCH_DICT_MAJOR, M("4603"), "机电设备类"), 0);
	assert_int_equal(match_snapshot_set_label(ex->sn, MATCH_DICT_SKILL, 1, "PLC编程"), 0);
	assert_int_equal(match_snapshot_set_label(ex->sn, MATCH_DICT_CITY, 441800, "清远"), 0);
}

static void test_worked_example(void **state)
{
	struct example ex;
	struct match_explanation e;
	(void)state;

	example_init(&ex);
	/*
	 * major fit: the position lists class 4603, the student is 460301:
	 *   same class                                   1200
	 * required skills: has 1, 2 of {1, 2, 4, 5}: 4700 / 4 * 2 = 2350
	 * preferred skills: has 3 of {3, 6}: 500 * 1 / 2        =  250
	 * certificates: has 10 of {10, 11}: 800 * 1 / 2         =  400
	 * city: 441800 is the first city                        =  800
	 * salary: 5000 in the lower half of 4500-6000: 700 - 700 / 4 =  525
	 * interest: applied                                     =  700
	 * total                                                 = 6225
	 */
	assert_int_equal(match_score(ex.sn, 42, 7, NULL), 6225);
	assert_int_equal(match_explain(ex.sn, 42, 7, &e), 0);
	assert_true(e.eligible);
	assert_int_equal(e.total, 6225);
	assert_int_equal(e.n_components, MATCH_N_COMPONENTS);
	assert_int_equal(e.n_vetoes, 0);
	static const int32_t want[MATCH_N_COMPONENTS] = {1200, 2350, 250, 400, 800, 525, 700};
	static const char *const keys[MATCH_N_COMPONENTS] = {
	    "major_fit", "skills_required", "skills_preferred", "certificates",
	    "city",      "salary",          "interest"};
	for (int c = 0; c < MATCH_N_COMPONENTS; c++) {
		assert_int_equal(e.components[c].points, want[c]);
		assert_string_equal(e.components[c].key, keys[c]);
		assert_true(strlen(e.components[c].label) > 0);
		assert_true(strlen(e.components[c].reason) > 0);
		assert_true(e.components[c].points <= e.components[c].max_points);
	}
	assert_string_equal(e.components[MATCH_C_MAJOR_FIT].label, "专业匹配");
	assert_string_equal(e.components[MATCH_C_MAJOR_FIT].reason, "同属专业类 (机电设备类)");
	assert_string_equal(e.components[MATCH_C_SKILLS_REQUIRED].reason,
	                    "具备 2/4 项必备技能 (每项 1175 分): PLC编程、#2; 缺少: #4、#5");
	assert_string_equal(e.components[MATCH_C_CITY].reason, "工作地点 清远 是第 1 意向城市");
	assert_string_equal(e.components[MATCH_C_INTEREST].reason, "已投递该岗位");

	/* the same major: fit 1800, "专业完全对口 (机电一体化技术)" */
	ex.majors[0] = M("460301");
	assert_int_equal(match_snapshot_update_position(ex.sn, &ex.pos), 0);
	assert_int_equal(match_explain(ex.sn, 42, 7, &e), 0);
	assert_int_equal(e.components[MATCH_C_MAJOR_FIT].points, 1800);
	assert_string_equal(e.components[MATCH_C_MAJOR_FIT].reason,
	                    "专业完全对口 (机电一体化技术)");
	assert_int_equal(e.total, 6825);
	/* the whole category: fit 600 */
	ex.majors[0] = M("46");
	assert_int_equal(match_snapshot_update_position(ex.sn, &ex.pos), 0);
	assert_int_equal(match_score(ex.sn, 42, 7, NULL), 5625);
	match_snapshot_free(ex.sn);
}

static void test_vetoes(void **state)
{
	struct example ex;
	struct match_explanation e;
	enum match_veto_kind v;
	(void)state;

	example_init(&ex);
	/* major outside the accepted codes */
	ex.majors[0] = M("4601");
	assert_int_equal(match_snapshot_update_position(ex.sn, &ex.pos), 0);
	assert_int_equal(match_score(ex.sn, 42, 7, &v), MATCH_VETOED);
	assert_int_equal(v, MATCH_VETO_MAJOR);
	assert_int_equal(match_explain(ex.sn, 42, 7, &e), 0);
	assert_false(e.eligible);
	assert_int_equal(e.n_vetoes, 1);
	assert_string_equal(e.vetoes[0].key, "major_not_accepted");
	assert_string_equal(e.vetoes[0].label, "专业不符");
	/* the same class shares the category: 600 points if it were eligible */
	assert_int_equal(e.components[MATCH_C_MAJOR_FIT].points, 600);
	/* ... but as a preference only it is no veto */
	ex.pos.majors_required = 0;
	assert_int_equal(match_snapshot_update_position(ex.sn, &ex.pos), 0);
	assert_int_equal(match_score(ex.sn, 42, 7, NULL), 5625);
	ex.pos.majors_required = 1;
	ex.majors[0] = M("4603");

	/* degree, year window, closed, full: all reported, first one returned */
	ex.pos.min_degree = MATCH_DEGREE_BACHELOR;
	ex.pos.grad_year_max = 2025;
	ex.pos.closed = 1;
	ex.pos.filled = 5;
	assert_int_equal(match_snapshot_update_position(ex.sn, &ex.pos), 0);
	assert_int_equal(match_score(ex.sn, 42, 7, &v), MATCH_VETOED);
	assert_int_equal(v, MATCH_VETO_CLOSED);
	assert_int_equal(match_explain(ex.sn, 42, 7, &e), 0);
	assert_int_equal(e.n_vetoes, 4);
	assert_string_equal(e.vetoes[0].key, "position_closed");
	assert_string_equal(e.vetoes[1].key, "position_full");
	assert_string_equal(e.vetoes[2].key, "degree_below_minimum");
	assert_string_equal(e.vetoes[2].reason, "岗位要求本科及以上学历, 学生为高职专科");
	assert_string_equal(e.vetoes[3].key, "graduation_year_outside_window");
	assert_string_equal(e.vetoes[3].reason, "岗位要求 2025–2025 届毕业生, 学生为 2026 届");
	/* a vetoed pair still explains what it would have scored */
	int32_t sum = 0;
	for (size_t c = 0; c < e.n_components; c++)
		sum += e.components[c].points;
	assert_int_equal(sum, e.total);

	/* headcount 0 is full; an unknown graduation year fails any window */
	ex.pos.min_degree = 0;
	ex.pos.closed = 0;
	ex.pos.headcount = 0;
	ex.pos.filled = 0;
	ex.pos.grad_year_max = 0;
	assert_int_equal(match_snapshot_update_position(ex.sn, &ex.pos), 0);
	assert_int_equal(match_score(ex.sn, 42, 7, &v), MATCH_VETOED);
	assert_int_equal(v, MATCH_VETO_FULL);
	ex.pos.headcount = 1;
	ex.st.grad_year = 0;
	assert_int_equal(match_snapshot_update_position(ex.sn, &ex.pos), 0);
	assert_int_equal(match_snapshot_update_student(ex.sn, &ex.st), 0);
	assert_int_equal(match_score(ex.sn, 42, 7, &v), MATCH_VETOED);
	assert_int_equal(v, MATCH_VETO_GRAD_YEAR);
	ex.pos.grad_year_min = 0;
	assert_int_equal(match_snapshot_update_position(ex.sn, &ex.pos), 0);
	assert_true(match_score(ex.sn, 42, 7, NULL) > 0);
	/* no major: vetoed by a restricted position */
	ex.st.major = 0;
	assert_int_equal(match_snapshot_update_student(ex.sn, &ex.st), 0);
	assert_int_equal(match_score(ex.sn, 42, 7, &v), MATCH_VETOED);
	assert_int_equal(v, MATCH_VETO_MAJOR);

	assert_int_equal(match_score(ex.sn, 43, 7, NULL), MATCH_UNKNOWN);
	assert_int_equal(match_score(ex.sn, 42, 8, NULL), MATCH_UNKNOWN);
	assert_int_equal(match_explain(ex.sn, 42, 8, &e), -ENOENT);
	match_snapshot_free(ex.sn);
}

static void test_components_edges(void **state)
{
	struct example ex;
	struct match_explanation e;
	(void)state;

	example_init(&ex);
	/* salary: expectation at or below the minimum: full; up to the middle
	 * (5250): three quarters; up to the maximum: half; above: 0; unknown
	 * on either side: half */
	ex.st.salary_expected = 4500;
	assert_int_equal(match_snapshot_update_student(ex.sn, &ex.st), 0);
	assert_int_equal(match_explain(ex.sn, 42, 7, &e), 0);
	assert_int_equal(e.components[MATCH_C_SALARY].points, 700);
	ex.st.salary_expected = 5250;
	assert_int_equal(match_snapshot_update_student(ex.sn, &ex.st), 0);
	assert_int_equal(match_explain(ex.sn, 42, 7, &e), 0);
	assert_int_equal(e.components[MATCH_C_SALARY].points, 525);
	ex.st.salary_expected = 5251;
	assert_int_equal(match_snapshot_update_student(ex.sn, &ex.st), 0);
	assert_int_equal(match_explain(ex.sn, 42, 7, &e), 0);
	assert_int_equal(e.components[MATCH_C_SALARY].points, 350);
	ex.st.salary_expected = 6000;
	assert_int_equal(match_snapshot_update_student(ex.sn, &ex.st), 0);
	assert_int_equal(match_explain(ex.sn, 42, 7, &e), 0);
	assert_int_equal(e.components[MATCH_C_SALARY].points, 350);
	ex.st.salary_expected = 6001;
	assert_int_equal(match_snapshot_update_student(ex.sn, &ex.st), 0);
	assert_int_equal(match_explain(ex.sn, 42, 7, &e), 0);
	assert_int_equal(e.components[MATCH_C_SALARY].points, 0);
	ex.st.salary_expected = 0;
	assert_int_equal(match_snapshot_update_student(ex.sn, &ex.st), 0);
	assert_int_equal(match_explain(ex.sn, 42, 7, &e), 0);
	assert_int_equal(e.components[MATCH_C_SALARY].points, 350);

	/* city: second choice, none wanted, no preference */
	ex.st.cities[0] = 440100;
	ex.st.cities[1] = 441800;
	assert_int_equal(match_snapshot_update_student(ex.sn, &ex.st), 0);
	assert_int_equal(match_explain(ex.sn, 42, 7, &e), 0);
	assert_int_equal(e.components[MATCH_C_CITY].points, 400);
	ex.st.cities[1] = 0;
	assert_int_equal(match_snapshot_update_student(ex.sn, &ex.st), 0);
	assert_int_equal(match_explain(ex.sn, 42, 7, &e), 0);
	assert_int_equal(e.components[MATCH_C_CITY].points, 0);
	ex.st.cities[0] = 0;
	assert_int_equal(match_snapshot_update_student(ex.sn, &ex.st), 0);
	assert_int_equal(match_explain(ex.sn, 42, 7, &e), 0);
	assert_int_equal(e.components[MATCH_C_CITY].points, 400);

	/* a skill both required and preferred counts once, as required; a
	 * repeated interest counts its strongest level */
	ex.pref[0] = 1;
	assert_int_equal(match_snapshot_update_position(ex.sn, &ex.pos), 0);
	assert_int_equal(match_explain(ex.sn, 42, 7, &e), 0);
	assert_int_equal(e.components[MATCH_C_SKILLS_REQUIRED].points, 2350);
	assert_int_equal(e.components[MATCH_C_SKILLS_PREFERRED].points, 0); /* 0 of {6} */
	struct match_interest_mark marks[3] = {
	    {7, MATCH_INTEREST_VIEWED}, {7, MATCH_INTEREST_SAVED}, {99, MATCH_INTEREST_APPLIED}};
	ex.st.interests = marks;
	ex.st.n_interests = 3;
	assert_int_equal(match_snapshot_update_student(ex.sn, &ex.st), 0);
	assert_int_equal(match_explain(ex.sn, 42, 7, &e), 0);
	assert_int_equal(e.components[MATCH_C_INTEREST].points, 500);

	/* nothing listed: 0 points, and the reason says so */
	ex.pos.n_skills_required = 0;
	ex.pos.n_skills_preferred = 0;
	ex.pos.n_certificates = 0;
	ex.pos.n_majors = 0;
	assert_int_equal(match_snapshot_update_position(ex.sn, &ex.pos), 0);
	assert_int_equal(match_explain(ex.sn, 42, 7, &e), 0);
	assert_int_equal(e.components[MATCH_C_SKILLS_REQUIRED].points, 0);
	assert_string_equal(e.components[MATCH_C_SKILLS_REQUIRED].reason, "岗位未列出必备技能");
	assert_string_equal(e.components[MATCH_C_MAJOR_FIT].reason, "岗位未限定专业");
	assert_true(e.eligible); /* required with an empty list restricts nothing */
	match_snapshot_free(ex.sn);
}

static void test_reason_truncation(void **state)
{
	struct example ex;
	struct match_explanation e;
	uint32_t many[MATCH_MAX_LIST];
	char label[64];
	(void)state;

	example_init(&ex);
	for (uint32_t i = 0; i < 60; i++) {
		many[i] = 1000 + i;
		snprintf(label, sizeof(label), "很长的技能名称第%u项", i);
		assert_int_equal(match_snapshot_set_label(ex.sn, MATCH_DICT_SKILL, 1000 + i, label),
		                 0);
	}
	ex.pos.skills_required = many;
	ex.pos.n_skills_required = 60;
	assert_int_equal(match_snapshot_update_position(ex.sn, &ex.pos), 0);
	assert_int_equal(match_explain(ex.sn, 42, 7, &e), 0);
	const char *r = e.components[MATCH_C_SKILLS_REQUIRED].reason;
	size_t len = strlen(r);
	assert_true(len < MATCH_REASON_MAX);
	assert_true(len > MATCH_REASON_MAX - 40);
	assert_string_equal(r + len - 3, "…");
	/* valid UTF-8: no lead byte without its continuation bytes */
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)r[i];
		size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		assert_true(i + n <= len);
		for (size_t j = 1; j < n; j++)
			assert_int_equal((unsigned char)r[i + j] & 0xC0, 0x80);
		i += n;
	}
	match_snapshot_free(ex.sn);
}

static void test_snapshot_errors(void **state)
{
	struct match_snapshot *sn = match_snapshot_new(NULL);
	struct match_student st = {.id = 1};
	struct match_position p = {.id = 1, .headcount = 1};
	uint32_t bad_major = M("46");
	uint32_t many[MATCH_MAX_LIST + 1] = {0};
	(void)state;

	assert_int_equal(match_snapshot_add_student(sn, &st), 0);
	assert_int_equal(match_snapshot_add_student(sn, &st), -EEXIST);
	st.id = MATCH_ID_MAX + 1;
	assert_int_equal(match_snapshot_add_student(sn, &st), -EINVAL);
	st.id = 2;
	st.major = bad_major; /* a student's major must be a 6-digit major */
	assert_int_equal(match_snapshot_add_student(sn, &st), -EINVAL);
	st.major = 0;
	st.degree = 9;
	assert_int_equal(match_snapshot_add_student(sn, &st), -EINVAL);
	st.degree = 0;
	st.skills = many;
	st.n_skills = MATCH_MAX_LIST + 1;
	assert_int_equal(match_snapshot_add_student(sn, &st), -EINVAL);
	st.n_skills = MATCH_MAX_LIST; /* all the same id: fine */
	assert_int_equal(match_snapshot_add_student(sn, &st), 1);
	st.id = 3;
	assert_int_equal(match_snapshot_update_student(sn, &st), -ENOENT);

	assert_int_equal(match_snapshot_add_position(sn, &p), 0);
	assert_int_equal(match_snapshot_add_position(sn, &p), -EEXIST);
	p.id = 2;
	p.salary_min = 5000;
	p.salary_max = 4000;
	assert_int_equal(match_snapshot_add_position(sn, &p), -EINVAL);
	p.salary_max = 0;
	p.grad_year_min = 2027;
	p.grad_year_max = 2026;
	assert_int_equal(match_snapshot_add_position(sn, &p), -EINVAL);
	p.grad_year_max = 0;
	uint32_t invalid = 12345;
	p.majors = &invalid;
	p.n_majors = 1;
	assert_int_equal(match_snapshot_add_position(sn, &p), -EINVAL);
	p.n_majors = 0;
	assert_int_equal(match_snapshot_add_position(sn, &p), 1);
	assert_int_equal(match_snapshot_student_count(sn), 2);
	assert_int_equal(match_snapshot_position_count(sn), 2);
	assert_int_equal(match_snapshot_student_index(sn, 2), 1);
	assert_int_equal(match_snapshot_student_index(sn, 99), -1);
	assert_int_equal(match_snapshot_position_id(sn, 1), 2);
	assert_int_equal(match_snapshot_set_label(sn, MATCH_N_DICTS, 1, "x"), -EINVAL);

	/* top-k needs a frozen snapshot */
	struct match_hit hits[4];
	size_t n;
	assert_int_equal(match_topk_for_student(sn, 1, 4, hits, &n), -EINVAL);
	assert_int_equal(match_snapshot_freeze(sn), 0);
	assert_int_equal(match_topk_for_student(sn, 1, 4, hits, &n), 0);
	assert_int_equal(match_topk_for_student(sn, 77, 4, hits, &n), -ENOENT);
	match_snapshot_free(sn);
}

/* Every explanation adds up, and agrees with match_score(). */
static void test_random_explanations(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 20; seed++) {
		uint32_t sid[60], pid[40];
		struct match_snapshot *sn = gen_market(seed, 60, 40, sid, pid);
		struct match_explanation e;
		int eligible = 0;
		for (int i = 0; i < 60; i++) {
			for (int j = 0; j < 40; j++) {
				enum match_veto_kind v = MATCH_N_VETOES;
				int32_t score = match_score(sn, sid[i], pid[j], &v);
				assert_int_equal(match_explain(sn, sid[i], pid[j], &e), 0);
				int32_t sum = 0;
				for (size_t c = 0; c < e.n_components; c++) {
					sum += e.components[c].points;
					assert_true(e.components[c].points >= 0);
					assert_true(e.components[c].points <=
					            e.components[c].max_points);
					assert_true(e.components[c].reason[0] != '\0');
				}
				assert_int_equal(sum, e.total);
				if (e.eligible) {
					eligible++;
					assert_int_equal(score, e.total);
					assert_int_equal(e.n_vetoes, 0);
				} else {
					assert_int_equal(score, MATCH_VETOED);
					assert_true(e.n_vetoes > 0);
					assert_int_equal(v, e.vetoes[0].kind);
				}
			}
		}
		/* the generator makes both kinds */
		assert_true(eligible > 100);
		assert_true(eligible < 60 * 40);
		match_snapshot_free(sn);
	}
}

/* Weights change scores, and the sum still holds. */
static void test_set_weights(void **state)
{
	struct example ex;
	struct match_weights w;
	(void)state;

	example_init(&ex);
	match_weights_default(&w);
	w.major_class = 0;
	w.interest_applied = 7;
	assert_int_equal(match_snapshot_set_weights(ex.sn, &w), 0);
	assert_int_equal(match_score(ex.sn, 42, 7, NULL), 6225 - 1200 - 700 + 7);
	w.salary = -5;
	assert_int_equal(match_snapshot_set_weights(ex.sn, &w), -EINVAL);
	assert_int_equal(match_snapshot_weights(ex.sn)->interest_applied, 7);
	match_snapshot_free(ex.sn);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_major_codes),      cmocka_unit_test(test_weights),
	    cmocka_unit_test(test_worked_example),   cmocka_unit_test(test_vetoes),
	    cmocka_unit_test(test_components_edges), cmocka_unit_test(test_reason_truncation),
	    cmocka_unit_test(test_snapshot_errors),  cmocka_unit_test(test_random_explanations),
	    cmocka_unit_test(test_set_weights),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
