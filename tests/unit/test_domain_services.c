/* The pure rules of the zone services besides the clock: the policy
 * pre-check (domain/policy_check.c), the investment statistics' percentile,
 * the type of an uploaded file by its bytes, and the calendar's seeding and
 * year replacement on a real SQLite database (domain/servcal.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/workdays.h"
#include "domain/invest.h"
#include "domain/policy.h"
#include "domain/servcal.h"
#include "domain/service.h"
#include "store/migrate.h"

static json_t *cond(const char *text)
{
	json_t *c = json_loads(text, 0, NULL);
	assert_non_null(c);
	return c;
}

static void precheck_reads_each_condition(void **state)
{
	json_t *c = cond("{\"in_zone\":true,\"industries\":[\"C\",\"65\"],\"sizes\":[\"50-299人\"],"
	                 "\"min_vocational_hires\":2}");
	struct policy_facts f = {.in_zone = 1,
	                         .industry_code = "38",
	                         .industry_section = "C",
	                         .size = "50-299人",
	                         .vocational_hires = 2,
	                         .incubator = -1};
	int ok = 0;
	json_t *checks = policy_check(c, &f, &ok);
	assert_true(ok);
	assert_int_equal(json_array_size(checks), 4);
	json_decref(checks);
	/* a division listed by itself passes too; one hire short fails */
	f.industry_code = "65";
	f.industry_section = "I";
	f.vocational_hires = 1;
	checks = policy_check(c, &f, &ok);
	assert_false(ok);
	assert_true(json_is_true(json_object_get(json_array_get(checks, 1), "ok")));
	assert_true(json_is_false(json_object_get(json_array_get(checks, 3), "ok")));
	assert_string_equal(json_string_value(json_object_get(json_array_get(checks, 3), "actual")),
	                    "1 人");
	json_decref(checks);
	/* unknown facts: no size, no industry */
	f.size = NULL;
	f.industry_code = f.industry_section = NULL;
	f.vocational_hires = 5;
	checks = policy_check(c, &f, &ok);
	assert_false(ok);
	json_decref(checks);
	json_decref(c);
}

static void the_incubator_hook_is_unknown_not_false(void **state)
{
	json_t *c = cond("{\"incubator\":true}");
	struct policy_facts f = {.incubator = -1};
	int ok = 0;
	json_t *checks = policy_check(c, &f, &ok);
	assert_true(ok);
	assert_true(json_is_null(json_object_get(json_array_get(checks, 0), "ok")));
	json_decref(checks);
	f.incubator = 0;
	checks = policy_check(c, &f, &ok);
	assert_false(ok);
	json_decref(checks);
	json_decref(c);
}

static void conditions_are_validated(void **state)
{
	struct derr e = {0};
	json_t *good =
	    cond("{\"in_zone\":true,\"sizes\":[\"50人以下\"],\"min_vocational_hires\":0}");
	assert_int_equal(policy_conditions_valid(good, &e), 0);
	json_decref(good);
	const char *bad[] = {
	    "{\"in_zone\":1}",         "{\"colour\":\"red\"}",          "{\"industries\":\"C\"}",
	    "{\"industries\":[\"\"]}", "{\"min_vocational_hires\":-1}", "[]"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct derr x = {0};
		json_t *c = cond(bad[i]);
		assert_int_equal(policy_conditions_valid(c, &x), -1);
		assert_string_equal(x.field, "conditions");
		json_decref(c);
	}
}

static void percentiles_are_nearest_rank(void **state)
{
	int64_t v[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
	assert_int_equal(invest_percentile(v, 10, 50), 5);
	assert_int_equal(invest_percentile(v, 10, 90), 9);
	assert_int_equal(invest_percentile(v, 1, 90), 1);
	assert_int_equal(invest_percentile(v, 3, 50), 2);
	assert_int_equal(invest_percentile(v, 0, 50), 0);
}

static void uploads_are_typed_by_their_bytes(void **state)
{
	assert_string_equal(service_file_type("%PDF-1.7\n", 9), "application/pdf");
	assert_string_equal(service_file_type("\xff\xd8\xff\xe0", 4), "image/jpeg");
	assert_string_equal(service_file_type("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), "image/png");
	/* The signature alone, or not followed by the header chunk, is no PNG. */
	assert_null(service_file_type("\x89PNG\r\n\x1a\n", 8));
	assert_null(service_file_type("\x89PNG\r\n\x1a\n....", 12));
	assert_null(service_file_type("\x89PNG\r\n\x1a\n\0\0\0\rIDAT", 16));
	assert_null(service_file_type("PK\3\4", 4));
	assert_null(service_file_type("%PDF", 4));
	assert_null(service_file_type("<html>", 6));
}

/* On a real database: the seed writes the notices once, a year an operator
 * replaced survives the next seed, and a replacement bumps the version. */
static void seeding_and_replacing_a_year(void **state)
{
	char err[300] = "";
	struct store *db;
	assert_int_equal(store_open("sqlite::memory:", &db, err, sizeof(err)), 0);
	assert_true(migrate_run(db, err, sizeof(err)) >= 0);
	assert_int_equal(servcal_seed(db, err, sizeof(err)), 20);
	assert_int_equal(servcal_seed(db, err, sizeof(err)), 0); /* nothing changed */
	struct workcal *cal = servcal_load(db, err, sizeof(err));
	int first, last;
	workcal_range(cal, &first, &last);
	assert_int_equal(first, 2007);
	assert_int_equal(last, 2026);
	workcal_free(cal);

	struct wd_row rows[2] = {{.kind = WD_OFF}, {.kind = WD_WORK}};
	wd_parse("2026-01-01", &rows[0].day);
	snprintf(rows[0].name, sizeof(rows[0].name), "元旦");
	wd_parse("2026-01-03", &rows[1].day); /* a Saturday worked, say */
	snprintf(rows[1].name, sizeof(rows[1].name), "测试");
	struct actor a = {.id = 0, .role = ROLE_OFFICER};
	struct derr e = {0};
	json_t *out = NULL;
	assert_int_equal(servcal_set_year(db, &a, 2026, "测试", rows, 2, &out, &e), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "version")), 2);
	json_decref(out);
	assert_int_equal(servcal_seed(db, err, sizeof(err)), 0); /* the operator's year stays */
	cal = servcal_load(db, err, sizeof(err));
	int32_t d;
	wd_parse("2026-01-03", &d);
	assert_true(workcal_is_workday(cal, d, NULL));
	wd_parse("2026-02-16", &d); /* 春节 2026 no longer listed */
	assert_true(workcal_is_workday(cal, d, NULL));
	workcal_free(cal);
	/* a weekday cannot be declared worked; a date outside the year is refused */
	struct derr x = {0};
	wd_parse("2026-01-05", &rows[1].day);
	assert_int_equal(servcal_set_year(db, &a, 2026, NULL, rows, 2, &out, &x), -1);
	assert_string_equal(x.field, "days");
	struct derr y = {0};
	wd_parse("2027-01-02", &rows[1].day);
	assert_int_equal(servcal_set_year(db, &a, 2026, NULL, rows, 2, &out, &y), -1);
	assert_int_equal(y.kind, DERR_INVALID);
	store_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(precheck_reads_each_condition),
	    cmocka_unit_test(the_incubator_hook_is_unknown_not_false),
	    cmocka_unit_test(conditions_are_validated),
	    cmocka_unit_test(percentiles_are_nearest_rank),
	    cmocka_unit_test(uploads_are_typed_by_their_bytes),
	    cmocka_unit_test(seeding_and_replacing_a_year),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
