/* The national internship rules (domain/intern_rules.h), each rule both
 * ways at its boundary: exactly 80% of the probation wage, exactly 10% of
 * the enterprise's staff, exactly 20% of the post's, the 18th birthday, six
 * months to the day; ages from ID numbers; the minimum wage table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/date.h"
#include "domain/intern_rules.h"

static int32_t day(const char *s)
{
	int32_t d = 0;
	assert_int_equal(date_parse(s, &d), 0);
	return d;
}

static const char *const post_majors[] = {"4603", "510101"};

/* A placement that passes every rule. */
static struct intern_case good(void)
{
	return (struct intern_case){
	    .age_known = 1,
	    .age = 19,
	    .student_major = "460301",
	    .starts_on = day("2025-09-01"),
	    .ends_on = day("2026-02-28"),
	    .has_agreement = 1,
	    .agreement_on = day("2025-08-20"),
	    .monthly_pay = 4000,
	    .probation_wage = 5000,
	    .min_wage = 1620,
	    .pay_cycle = "monthly",
	    .pay_to = "student",
	    .has_instructor = 1,
	    .has_mentor = 1,
	    .staff_total = 100,
	    .post_staff = 20,
	    .post_majors = post_majors,
	    .n_post_majors = 2,
	};
}

/* The rules c breaks, as "a,b,c". */
static const char *broken(const struct intern_case *c)
{
	static char out[512];
	struct intern_violation v[INTERN_RULES_MAX];
	int n = intern_rules_check(c, v, INTERN_RULES_MAX);
	out[0] = '\0';
	for (int i = 0; i < n && i < INTERN_RULES_MAX; i++) {
		assert_non_null(v[i].field);
		assert_true(strlen(v[i].message) > 0);
		strcat(out, i ? "," : "");
		strcat(out, v[i].rule);
	}
	return out;
}

static void test_good_passes(void **state)
{
	(void)state;
	struct intern_case c = good();
	assert_string_equal(broken(&c), "");
}

static void test_agreement(void **state)
{
	(void)state;
	struct intern_case c = good();
	c.has_agreement = 0;
	assert_string_equal(broken(&c), "tripartite_agreement");
	c = good();
	c.agreement_on = c.starts_on; /* signed on the first day: in time */
	assert_string_equal(broken(&c), "");
	c.agreement_on = c.starts_on + 1;
	assert_string_equal(broken(&c), "tripartite_agreement");
}

static void test_pay_80pct(void **state)
{
	(void)state;
	struct intern_case c = good();
	c.probation_wage = 5000;
	c.monthly_pay = 4000; /* exactly 80% */
	assert_string_equal(broken(&c), "");
	c.monthly_pay = 3999;
	assert_string_equal(broken(&c), "pay_80pct");
	c.probation_wage = 4999; /* 80% is 3999.2: 3999 is below it */
	assert_string_equal(broken(&c), "pay_80pct");
	c.monthly_pay = 4000;
	assert_string_equal(broken(&c), "");
	/* The message gives the figure the pay fell short of. */
	struct intern_violation v[INTERN_RULES_MAX];
	c.monthly_pay = 3000;
	assert_int_equal(intern_rules_check(&c, v, INTERN_RULES_MAX), 1);
	assert_non_null(strstr(v[0].message, "3999.2"));
	assert_string_equal(v[0].field, "monthly_pay");
}

static void test_min_wage(void **state)
{
	(void)state;
	struct intern_case c = good();
	c.probation_wage = 1000;
	c.monthly_pay = 1620; /* exactly the minimum */
	assert_string_equal(broken(&c), "");
	c.monthly_pay = 1619;
	assert_string_equal(broken(&c), "min_wage");
	c.min_wage = 0;
	assert_string_equal(broken(&c), "min_wage_unknown");
}

static void test_pay_terms(void **state)
{
	(void)state;
	const char *ok[] = {"weekly", "semimonthly", "monthly"};
	const char *late[] = {"quarterly", "end"};
	struct intern_case c = good();
	for (int i = 0; i < 3; i++) {
		c.pay_cycle = ok[i];
		assert_string_equal(broken(&c), "");
		assert_true(intern_pay_cycle_valid(ok[i]));
	}
	for (int i = 0; i < 2; i++) {
		c.pay_cycle = late[i];
		assert_string_equal(broken(&c), "pay_monthly");
		assert_true(intern_pay_cycle_valid(late[i]));
	}
	assert_false(intern_pay_cycle_valid("yearly"));
	c = good();
	c.pay_to = "college";
	assert_string_equal(broken(&c), "pay_to_student");
	c.pay_to = "agent";
	assert_string_equal(broken(&c), "pay_to_student");
	c = good();
	c.fees_charged = 1;
	assert_string_equal(broken(&c), "no_fees");
}

static void test_enterprise_10pct(void **state)
{
	(void)state;
	struct intern_case c = good();
	c.staff_total = 100;
	c.post_staff = 1000;
	c.interns_enterprise = 9; /* this one is the 10th: exactly 10% */
	assert_string_equal(broken(&c), "");
	c.interns_enterprise = 10; /* the 11th */
	assert_string_equal(broken(&c), "enterprise_10pct");
	c.staff_total = 109; /* 10.9 allowed: still 10 */
	assert_string_equal(broken(&c), "enterprise_10pct");
	c.staff_total = 110;
	assert_string_equal(broken(&c), "");
	c.staff_total = 0;
	assert_string_equal(broken(&c), "staff_unknown");
	c.staff_total = 9; /* fewer than 10 staff: not one intern */
	c.interns_enterprise = 0;
	assert_string_equal(broken(&c), "enterprise_10pct");
}

static void test_post_20pct(void **state)
{
	(void)state;
	struct intern_case c = good();
	c.post_staff = 20;
	c.interns_post = 3; /* the 4th of 20: exactly 20% */
	assert_string_equal(broken(&c), "");
	c.interns_post = 4;
	assert_string_equal(broken(&c), "post_20pct");
	c.post_staff = 24; /* 4.8 allowed: still 4 */
	assert_string_equal(broken(&c), "post_20pct");
	c.post_staff = 25;
	assert_string_equal(broken(&c), "");
	c.post_staff = 4;
	c.interns_post = 0;
	assert_string_equal(broken(&c), "post_20pct");
}

static void test_age_and_consent(void **state)
{
	(void)state;
	struct intern_case c = good();
	c.age = 18; /* 18 on the first day: no consent needed, hazardous allowed */
	c.hazardous = 1;
	assert_string_equal(broken(&c), "");
	c.age = 17;
	assert_string_equal(broken(&c), "guardian_consent,minor_hazard");
	c.hazardous = 0;
	c.has_consent = 1;
	c.consent_on = c.starts_on;
	assert_string_equal(broken(&c), "");
	c.consent_on = c.starts_on + 1;
	assert_string_equal(broken(&c), "guardian_consent");
	c.consent_on = c.starts_on;
	c.age = 16;
	assert_string_equal(broken(&c), "");
	c.age = 15;
	assert_string_equal(broken(&c), "min_age");
	c = good();
	c.age_known = 0;
	assert_string_equal(broken(&c), "age_unknown");
}

static void test_hours_and_post(void **state)
{
	(void)state;
	struct intern_case c = good();
	c.night_shift = 1;
	assert_string_equal(broken(&c), "night_overtime");
	c.night_shift = 0;
	c.overtime = 1;
	assert_string_equal(broken(&c), "night_overtime");
	c = good();
	c.student_major = "530302"; /* 会计 on a post of 4603 and 510101 */
	assert_string_equal(broken(&c), "major_group");
	c.student_major = "510101";
	assert_string_equal(broken(&c), "");
	c.student_major = "510102"; /* same class 5101, but the post named the major */
	assert_string_equal(broken(&c), "major_group");
	c.student_major = NULL;
	assert_string_equal(broken(&c), "major_group");
	c = good();
	c.n_post_majors = 0;
	assert_string_equal(broken(&c), "major_group");
}

static void test_duration(void **state)
{
	(void)state;
	struct intern_case c = good();
	c.starts_on = day("2025-09-01");
	c.ends_on = day("2026-02-28"); /* the day before 2026-03-01 */
	assert_string_equal(broken(&c), "");
	c.ends_on = day("2026-03-01");
	assert_string_equal(broken(&c), "duration_6m");
	c.has_over_six_reason = 1;
	assert_string_equal(broken(&c), "");
	c = good();
	c.starts_on = day("2025-08-31");
	c.agreement_on = day("2025-08-01");
	c.ends_on = day("2026-02-27"); /* 08-31 + 6 months is 02-28 */
	assert_string_equal(broken(&c), "");
	c.ends_on = day("2026-02-28");
	assert_string_equal(broken(&c), "duration_6m");
}

static void test_people(void **state)
{
	(void)state;
	struct intern_case c = good();
	c.has_instructor = 0;
	assert_string_equal(broken(&c), "instructor");
	c.has_mentor = 0;
	assert_string_equal(broken(&c), "instructor,mentor");
	c = good();
	c.student_busy = 1;
	assert_string_equal(broken(&c), "student_busy");
}

static void test_all_at_once(void **state)
{
	(void)state;
	struct intern_case c = {.age_known = 1,
	                        .age = 15,
	                        .starts_on = day("2025-09-01"),
	                        .ends_on = day("2026-09-01"),
	                        .monthly_pay = 100,
	                        .probation_wage = 5000,
	                        .pay_cycle = "end",
	                        .pay_to = "agent",
	                        .fees_charged = 500,
	                        .post_staff = 1,
	                        .hazardous = 1,
	                        .night_shift = 1,
	                        .student_busy = 1};
	assert_string_equal(broken(&c),
	                    "tripartite_agreement,min_age,guardian_consent,minor_hazard,"
	                    "night_overtime,pay_80pct,min_wage_unknown,pay_monthly,"
	                    "pay_to_student,no_fees,staff_unknown,post_20pct,major_group,"
	                    "duration_6m,instructor,mentor,student_busy");
	/* Room for fewer: the count is still all of them. */
	struct intern_violation v[2];
	assert_int_equal(intern_rules_check(&c, v, 2), 17);
	assert_string_equal(v[1].rule, "min_age");
	/* Every code has a label in the table. */
	for (const struct intern_rule *r = intern_rules; r->code; r++)
		assert_string_not_equal(intern_rule_label(r->code), r->code);
}

static void test_age_from_id(void **state)
{
	(void)state;
	int age = -1;
	/* Born 2007-09-10. */
	assert_int_equal(intern_age_on("44180220070910123X", day("2025-09-09"), &age), 0);
	assert_int_equal(age, 17);
	assert_int_equal(intern_age_on("44180220070910123X", day("2025-09-10"), &age), 0);
	assert_int_equal(age, 18);
	assert_int_equal(intern_age_on("441802200802291234", day("2026-02-28"), &age), 0);
	assert_int_equal(age, 17);
	assert_int_equal(intern_age_on("441802200802291234", day("2026-03-01"), &age), 0);
	assert_int_equal(age, 18);
	assert_int_equal(intern_age_on("441802200702291234", day("2026-03-01"), &age), -1);
	assert_int_equal(intern_age_on("44180220071310123X", day("2026-03-01"), &age), -1);
	assert_int_equal(intern_age_on("4418022007091012", day("2026-03-01"), &age), -1);
	assert_int_equal(intern_age_on("44180220300910123X", day("2026-03-01"), &age), -1);
	assert_int_equal(intern_age_on(NULL, day("2026-03-01"), &age), -1);
}

static void test_min_wage_table(void **state)
{
	(void)state;
	int64_t yuan = 0;
	const char *source = NULL;
	assert_int_equal(intern_min_wage("441800", &yuan, &source), 0); /* 清远 */
	assert_int_equal(yuan, 1620);
	assert_non_null(strstr(source, "广东省人民政府"));
	assert_int_equal(intern_min_wage("440100", &yuan, NULL), 0); /* 广州 */
	assert_int_equal(yuan, 2300);
	assert_int_equal(intern_min_wage("440300", &yuan, NULL), 0); /* 深圳 */
	assert_int_equal(yuan, 2360);
	assert_int_equal(intern_min_wage("440800", &yuan, NULL), 0); /* 湛江: 三类 since 2021 */
	assert_int_equal(yuan, 1720);
	assert_int_equal(intern_min_wage("110000", &yuan, NULL), -1); /* not sourced */
	assert_int_equal(intern_min_wage("4418", &yuan, NULL), -1);
	assert_int_equal(intern_min_wage(NULL, &yuan, NULL), -1);
	/* All 21 cities of Guangdong are there. */
	const char *gd[] = {"440100", "440200", "440300", "440400", "440500", "440600", "440700",
	                    "440800", "440900", "441200", "441300", "441400", "441500", "441600",
	                    "441700", "441800", "441900", "442000", "445100", "445200", "445300"};
	for (size_t i = 0; i < sizeof(gd) / sizeof(gd[0]); i++)
		assert_int_equal(intern_min_wage(gd[i], &yuan, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good_passes),    cmocka_unit_test(test_agreement),
	    cmocka_unit_test(test_pay_80pct),      cmocka_unit_test(test_min_wage),
	    cmocka_unit_test(test_pay_terms),      cmocka_unit_test(test_enterprise_10pct),
	    cmocka_unit_test(test_post_20pct),     cmocka_unit_test(test_age_and_consent),
	    cmocka_unit_test(test_hours_and_post), cmocka_unit_test(test_duration),
	    cmocka_unit_test(test_people),         cmocka_unit_test(test_all_at_once),
	    cmocka_unit_test(test_age_from_id),    cmocka_unit_test(test_min_wage_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
