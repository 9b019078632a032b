/* The need/offer fit (src/match/coop_score.h): every component at each of
 * its levels, reasons that say why, missing evidence scoring nothing, and
 * a total that is always the sum of its parts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "coop_score.h"

static const struct coop_component *component(const struct coop_explanation *e, const char *key)
{
	for (int i = 0; i < COOP_N_COMPONENTS; i++)
		if (!strcmp(e->components[i].key, key))
			return &e->components[i];
	fail_msg("no component %s", key);
	return NULL;
}

static int points(const struct coop_side *n, const struct coop_side *o, const char *key)
{
	struct coop_explanation e;
	int total = coop_score(n, o, &e), sum = 0;
	for (int i = 0; i < COOP_N_COMPONENTS; i++) {
		assert_true(e.components[i].points >= 0);
		assert_true(e.components[i].points <= e.components[i].max_points);
		assert_true(strlen(e.components[i].reason) > 0);
		sum += e.components[i].points;
	}
	assert_int_equal(total, sum);
	assert_int_equal(total, e.total);
	return key ? component(&e, key)->points : total;
}

static void test_perfect(void **state)
{
	(void)state;
	const char *nm[] = {"460301"}, *om[] = {"460301", "510101"};
	const char *ni[] = {"C38"}, *oi[] = {"C38"};
	struct coop_side need = {"talent", nm, 1, ni, 1, "441800", 20};
	struct coop_side offer = {"graduates", om, 2, oi, 1, "441800", 45};
	assert_int_equal(points(&need, &offer, NULL), COOP_SCORE_MAX);
	struct coop_explanation e;
	coop_score(&need, &offer, &e);
	int max = 0;
	for (int i = 0; i < COOP_N_COMPONENTS; i++)
		max += e.components[i].max_points;
	assert_int_equal(max, COOP_SCORE_MAX);
	assert_non_null(strstr(component(&e, "quantity")->reason, "可满足"));
}

static void test_kind(void **state)
{
	(void)state;
	struct coop_side need = {.kind = "tech"}, offer = {.kind = "expertise"};
	assert_int_equal(points(&need, &offer, "kind"), 30);
	offer.kind = "lab";
	assert_int_equal(points(&need, &offer, "kind"), 15);
	offer.kind = "graduates";
	assert_int_equal(points(&need, &offer, "kind"), 0);
	need.kind = "order_class";
	assert_int_equal(points(&need, &offer, "kind"), 30);
	need.kind = "equipment";
	offer.kind = "service";
	assert_int_equal(points(&need, &offer, "kind"), 10);
	need.kind = NULL;
	assert_int_equal(points(&need, &offer, "kind"), 0);
}

static void test_major(void **state)
{
	(void)state;
	const char *n1[] = {"4603"}, *o1[] = {"460301"};
	struct coop_side need = {.majors = n1, .n_majors = 1},
	                 offer = {.majors = o1, .n_majors = 1};
	assert_int_equal(points(&need, &offer, "major"), 35); /* the need's class covers it */
	const char *n2[] = {"460302"};
	need.majors = n2;
	assert_int_equal(points(&need, &offer, "major"), 25); /* same class */
	const char *o2[] = {"4603"};
	offer.majors = o2; /* the offer is broader than the need: the class is shared */
	assert_int_equal(points(&need, &offer, "major"), 25);
	const char *o3[] = {"460101"};
	offer.majors = o3;
	assert_int_equal(points(&need, &offer, "major"), 12); /* same category 46 */
	const char *o4[] = {"530302"};
	offer.majors = o4;
	assert_int_equal(points(&need, &offer, "major"), 0);
	const char *n3[] = {"46"};
	need.majors = n3;
	offer.majors = o1;
	assert_int_equal(points(&need, &offer, "major"), 35); /* a whole category asked */
	/* The best pair counts. */
	const char *n4[] = {"530302", "460301"}, *o5[] = {"510101", "460301"};
	need.majors = n4;
	need.n_majors = 2;
	offer.majors = o5;
	offer.n_majors = 2;
	assert_int_equal(points(&need, &offer, "major"), 35);
	offer.n_majors = 0;
	struct coop_explanation e;
	coop_score(&need, &offer, &e);
	assert_int_equal(component(&e, "major")->points, 0);
	assert_non_null(strstr(component(&e, "major")->reason, "未注明"));
}

static void test_industry_city_quantity(void **state)
{
	(void)state;
	const char *a[] = {"C38"}, *b[] = {"C39"}, *c[] = {"I65"}, *s[] = {"C"};
	struct coop_side need = {.industries = a, .n_industries = 1};
	struct coop_side offer = {.industries = b, .n_industries = 1};
	assert_int_equal(points(&need, &offer, "industry"), 8);
	offer.industries = a;
	assert_int_equal(points(&need, &offer, "industry"), 15);
	offer.industries = c;
	assert_int_equal(points(&need, &offer, "industry"), 0);
	offer.industries = s; /* a whole section named */
	assert_int_equal(points(&need, &offer, "industry"), 8);
	offer.n_industries = 0;
	assert_int_equal(points(&need, &offer, "industry"), 0);

	need.city = "441800";
	offer.city = "441800";
	assert_int_equal(points(&need, &offer, "city"), 10);
	offer.city = "440100";
	assert_int_equal(points(&need, &offer, "city"), 6);
	offer.city = "110000";
	assert_int_equal(points(&need, &offer, "city"), 0);
	offer.city = NULL;
	assert_int_equal(points(&need, &offer, "city"), 0);

	need.quantity = 20;
	offer.quantity = 20;
	assert_int_equal(points(&need, &offer, "quantity"), 10);
	offer.quantity = 19; /* 9.5: rounded down */
	assert_int_equal(points(&need, &offer, "quantity"), 9);
	offer.quantity = 5;
	assert_int_equal(points(&need, &offer, "quantity"), 2);
	offer.quantity = 0;
	assert_int_equal(points(&need, &offer, "quantity"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_perfect),
	    cmocka_unit_test(test_kind),
	    cmocka_unit_test(test_major),
	    cmocka_unit_test(test_industry_city_quantity),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
