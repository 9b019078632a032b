/* The OpenAPI document: every route has its documentation row and every
 * row a route, every $ref names a component, the schema languages parse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/openapi.h"
#include "http/route_docs.h"
#include "http/router.h"

/* Prints what is missing as rows to paste, then fails. */
static void tables_name_the_same_routes(void **state)
{
	(void)state;
	int missing = 0;
	for (size_t i = 0; i < routes_count; i++)
		if (!route_doc_find(routes[i].method, routes[i].pattern)) {
			fprintf(stderr,
			        "no row in src/http/route_docs.c: {\"%s\", \"%s\", 200, 0, NULL, "
			        "NULL, NULL},\n",
			        routes[i].method, routes[i].pattern);
			missing++;
		}
	for (size_t i = 0; i < route_docs_count; i++) {
		int found = 0;
		for (size_t k = 0; k < routes_count && !found; k++)
			found = !strcmp(routes[k].method, route_docs[i].method) &&
			        !strcmp(routes[k].pattern, route_docs[i].pattern);
		if (!found) {
			fprintf(stderr, "route_docs.c row names no route: %s %s\n",
			        route_docs[i].method, route_docs[i].pattern);
			missing++;
		}
		/* A second row for the same route would be silently ignored. */
		if (route_doc_find(route_docs[i].method, route_docs[i].pattern) != &route_docs[i]) {
			fprintf(stderr, "route_docs.c has two rows for %s %s\n",
			        route_docs[i].method, route_docs[i].pattern);
			missing++;
		}
	}
	assert_int_equal(missing, 0);
}

/* Walks j and counts the $refs that point at no component. */
static int dangling_refs(json_t *doc, json_t *j)
{
	int bad = 0;
	if (json_is_object(j)) {
		const char *k;
		json_t *v;
		json_object_foreach(j, k, v)
		{
			if (!strcmp(k, "$ref") && json_is_string(v)) {
				char kind[32], name[64];
				if (sscanf(json_string_value(v), "#/components/%31[^/]/%63s", kind,
				           name) != 2 ||
				    !json_object_get(
				        json_object_get(json_object_get(doc, "components"), kind),
				        name)) {
					fprintf(stderr, "dangling $ref %s\n", json_string_value(v));
					bad++;
				}
			} else {
				bad += dangling_refs(doc, v);
			}
		}
	} else if (json_is_array(j)) {
		size_t i;
		json_t *v;
		json_array_foreach(j, i, v) bad += dangling_refs(doc, v);
	}
	return bad;
}

static void document_is_whole(void **state)
{
	(void)state;
	json_t *doc = openapi_document();
	assert_non_null(doc);
	assert_int_equal(dangling_refs(doc, doc), 0);
	json_t *paths = json_object_get(doc, "paths");
	assert_non_null(json_object_get(paths, "/healthz"));
	assert_non_null(json_object_get(paths, "/metrics"));
	/* Creates answer 201; a string path parameter is not typed integer. */
	json_t *create = json_object_get(json_object_get(paths, "/api/v1/fairs"), "post");
	assert_non_null(json_object_get(json_object_get(create, "responses"), "201"));
	json_t *dict = json_object_get(json_object_get(paths, "/api/v1/dict/{name}"), "get");
	json_t *p0 = json_array_get(json_object_get(dict, "parameters"), 0);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(p0, "schema"), "type")), "string");
	json_decref(doc);
}

static void schema_language(void **state)
{
	(void)state;
	json_t *s = openapi_schema("fair:Fair ids:[int] note:?str");
	char *text = json_dumps(s, JSON_SORT_KEYS | JSON_COMPACT);
	assert_string_equal(
	    text, "{\"properties\":{\"fair\":{\"$ref\":\"#/components/schemas/"
	          "Fair\"},\"ids\":{\"items\":{"
	          "\"type\":\"integer\"},\"type\":\"array\"},\"note\":{\"nullable\":true,\"type\":"
	          "\"string\"}},\"required\":[\"fair\",\"ids\",\"note\"],\"type\":\"object\"}");
	free(text);
	json_decref(s);
	s = openapi_schema("{'type':'object','properties':{'a':{'type':'string'}}}");
	assert_non_null(json_object_get(json_object_get(s, "properties"), "a"));
	json_decref(s);
}

/* The schema of spec as sorted compact JSON text (malloc'd). */
static char *text_of(json_t *s)
{
	char *text = json_dumps(s, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(s);
	return text;
}

static void request_language(void **state)
{
	(void)state;
	/* A request body is closed; its optional fields may be null, but "!S". */
	char *text = text_of(openapi_request_schema("n:int(1..3) on?:date z?:!bool"));
	assert_string_equal(
	    text,
	    "{\"additionalProperties\":false,\"properties\":{\"n\":{\"maximum\":3,\"minimum\":1,"
	    "\"type\":\"integer\"},\"on\":{\"format\":\"date\",\"nullable\":true,\"type\":"
	    "\"string\"},\"z\":{\"type\":\"boolean\"}},\"required\":[\"n\"],\"type\":"
	    "\"object\"}");
	free(text);
	/* An optional text may also be empty (api_str reads "" as absent); a required one not. */
	text = text_of(openapi_request_schema("a:str(2..8) b?:str(1..9)"));
	assert_string_equal(
	    text, "{\"additionalProperties\":false,\"properties\":{\"a\":{\"maxLength\":8,"
	          "\"minLength\":2,\"type\":\"string\"},\"b\":{\"anyOf\":[{\"maxLength\":9,"
	          "\"minLength\":1,\"nullable\":true,\"type\":\"string\"},{\"maxLength\":0,"
	          "\"type\":\"string\"}]}},\"required\":[\"a\"],\"type\":\"object\"}");
	free(text);
	/* Unions, closed lists (null among them when nullable), date-times, arrays of them. */
	text = text_of(openapi_schema("t:int(0..)|datetime k:?enum(a|b) d:[enum(x|y)]"));
	assert_string_equal(
	    text, "{\"properties\":{\"d\":{\"items\":{\"enum\":[\"x\",\"y\"],\"type\":\"string\"},"
	          "\"type\":\"array\"},\"k\":{\"enum\":[\"a\",\"b\",null],\"nullable\":true,"
	          "\"type\":\"string\"},\"t\":{\"anyOf\":[{\"minimum\":0,\"type\":\"integer\"},"
	          "{\"format\":\"date-time\",\"type\":\"string\"}]}},\"required\":[\"t\",\"k\","
	          "\"d\"],\"type\":\"object\"}");
	free(text);
	/* An answer stays open: no additionalProperties, optional fields not null. */
	text = text_of(openapi_schema("a?:int"));
	assert_string_equal(text, "{\"properties\":{\"a\":{\"type\":\"integer\"}},\"type\":"
	                          "\"object\"}");
	free(text);
}

/* The query parameters a row takes (what the server refuses otherwise): the
 * names of its query column, typed or not, and no part of one. */
static void query_names(void **state)
{
	(void)state;
	struct route_doc d = {.query = "q status:enum(open|closed) page page_size:int(1..100)"};
	assert_true(route_doc_takes_query(&d, "q"));
	assert_true(route_doc_takes_query(&d, "status"));
	assert_true(route_doc_takes_query(&d, "page"));
	assert_true(route_doc_takes_query(&d, "page_size"));
	assert_false(route_doc_takes_query(&d, "pag"));
	assert_false(route_doc_takes_query(&d, "page_"));
	assert_false(route_doc_takes_query(&d, "open"));
	assert_false(route_doc_takes_query(&d, "enum(open|closed)"));
	assert_false(route_doc_takes_query(&d, ""));
	struct route_doc none = {.query = NULL};
	assert_false(route_doc_takes_query(&none, "q"));
	/* Every row's own names, as the document lists them. */
	for (size_t i = 0; i < route_docs_count; i++) {
		for (const char *q = route_docs[i].query; q && *q;) {
			size_t len = strcspn(q, " "), n = strcspn(q, ": ");
			char name[64];
			snprintf(name, sizeof(name), "%.*s", (int)n, q);
			assert_true(route_doc_takes_query(&route_docs[i], name));
			q += len + strspn(q + len, " ");
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(tables_name_the_same_routes),
	    cmocka_unit_test(document_is_whole),
	    cmocka_unit_test(schema_language),
	    cmocka_unit_test(request_language),
	    cmocka_unit_test(query_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
