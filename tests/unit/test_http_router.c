#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "http/router.h"

static void literal_and_param_patterns(void **state)
{
	const char *ps;
	size_t pn;
	assert_true(router_path_matches("/api/v1/me", "/api/v1/me", NULL, NULL));
	assert_false(router_path_matches("/api/v1/me", "/api/v1/me/", NULL, NULL));
	assert_false(router_path_matches("/api/v1/me", "/api/v1/m", NULL, NULL));
	assert_true(router_path_matches("/api/v1/accounts/{id}", "/api/v1/accounts/42", &ps, &pn));
	assert_int_equal(pn, 2);
	assert_memory_equal(ps, "42", 2);
	assert_false(router_path_matches("/api/v1/accounts/{id}", "/api/v1/accounts/", NULL, NULL));
	assert_false(
	    router_path_matches("/api/v1/accounts/{id}", "/api/v1/accounts/4/x", NULL, NULL));
	assert_true(router_path_matches("/api/v1/accounts/{id}/disable",
	                                "/api/v1/accounts/7/disable", &ps, &pn));
	assert_memory_equal(ps, "7", 1);
}

/* {id} takes an id as the server writes it, and nothing that parses to one. */
static void ids_are_canonical_digits(void **state)
{
	static const char *const bad[] = {"+1",
	                                  "-1",
	                                  "0",
	                                  "01",
	                                  "00",
	                                  "1e0",
	                                  "0x1",
	                                  "1.0",
	                                  " 1",
	                                  "1 ",
	                                  "1a",
	                                  "\xef\xbc\x91",
	                                  "1234567890123456789"};
	assert_true(
	    router_path_matches("/api/v1/positions/{id}", "/api/v1/positions/1", NULL, NULL));
	assert_true(router_path_matches("/api/v1/positions/{id}",
	                                "/api/v1/positions/123456789012345678", NULL, NULL));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char path[64];
		snprintf(path, sizeof(path), "/api/v1/positions/%s/close", bad[i]);
		assert_false(router_path_matches("/api/v1/positions/{id}/close", path, NULL, NULL));
	}
	/* Other parameters are words. */
	assert_true(router_path_matches("/api/v1/dict/{name}", "/api/v1/dict/majors", NULL, NULL));
	assert_true(router_path_matches("/api/v1/imports/{kind}/template",
	                                "/api/v1/imports/students/template", NULL, NULL));
}

static void table_lookup_and_wrong_method(void **state)
{
	struct arena a;
	const char *param;
	int wrong;
	arena_init(&a);
	const struct route *r = router_match(&a, "GET", "/api/v1/accounts/9", &param, &wrong);
	assert_non_null(r);
	assert_string_equal(r->pattern, "/api/v1/accounts/{id}");
	assert_string_equal(param, "9");
	r = router_match(&a, "DELETE", "/api/v1/accounts/9", &param, &wrong);
	assert_null(r);
	assert_true(wrong);
	r = router_match(&a, "GET", "/api/v1/nowhere", &param, &wrong);
	assert_null(r);
	assert_false(wrong);
	arena_release(&a);
}

static void every_route_is_well_formed(void **state)
{
	for (size_t i = 0; i < routes_count; i++) {
		const struct route *r = &routes[i];
		assert_true(!strncmp(r->pattern, "/api/v1/", 8));
		assert_non_null(r->handler);
		assert_non_null(r->summary);
		/* every write takes a JSON body, so the router checks its type */
		if (strcmp(r->method, "GET"))
			assert_non_null(r->content_type);
		/* no two rows claim the same method and pattern */
		for (size_t k = i + 1; k < routes_count; k++)
			assert_false(!strcmp(r->method, routes[k].method) &&
			             !strcmp(r->pattern, routes[k].pattern));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(literal_and_param_patterns),
	    cmocka_unit_test(ids_are_canonical_digits),
	    cmocka_unit_test(table_lookup_and_wrong_method),
	    cmocka_unit_test(every_route_is_well_formed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
