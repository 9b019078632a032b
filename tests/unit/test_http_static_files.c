#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/static_files.h"

/* A web build in a temporary folder: index.html, three assets, and the
 * route map web/vite/routePreload.js writes. */
static char dir[64];

static void put(const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static const char INDEX[] =
    "<!doctype html><html><head><title>t</title>"
    "<script type=\"module\" crossorigin src=\"/assets/index-1.js\"></script>"
    "</head><body><div id=\"app\"></div></body></html>";

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "%s/skyway-static-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir))
		return -1;
	char assets[128];
	snprintf(assets, sizeof(assets), "%s/assets", dir);
	mkdir(assets, 0700);
	put("index.html", INDEX);
	put("assets/index-1.js", "export {}");
	put("assets/Layout-2.js", "export const a = 1");
	put("assets/Layout-3.css", "a{color:red}");
	put("assets/Job-4.js", "export const b = 2");
	put("preload.json",
	    "{\"routes\": ["
	    "{\"path\": \"/jobs\", \"data\": [\"/api/v1/students/me\", \"/api/v1/x?a=1&b=2\", "
	    "\"/elsewhere\", \"/api/v1/\\\"><script>\"], \"files\": [\"/assets/Layout-2.js\", "
	    "\"/assets/Layout-3.css\", "
	    "\"/assets/Gone-9.js\"]},"
	    "{\"path\": \"/jobs/#\", \"files\": [\"/assets/Layout-2.js\", \"/assets/Job-4.js\"]},"
	    "{\"path\": \"/fairs/*/pass\", \"files\": [\"/assets/Job-4.js\"]},"
	    "{\"path\": \"/gone\", \"files\": [\"/assets/Gone-9.js\"]},"
	    "{\"path\": \"/outside\", \"files\": [\"/index.html\"]}]}\n");
	return static_load(dir) > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	static_free();
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static const char MODULE[] =
    "<link rel=\"modulepreload\" crossorigin fetchpriority=\"low\" href=\"%s\">\n";
static const char FETCH[] = "<link rel=\"preload\" as=\"fetch\" crossorigin href=\"%s\">\n";
static const char STYLE[] =
    "<link rel=\"preload\" as=\"style\" crossorigin fetchpriority=\"low\" href=\"%s\">\n";

/* index.html with these tags (in order) right before </head>. */
static void assert_page(const struct static_file *f, const char *tags)
{
	assert_non_null(f);
	const char *head = strstr(INDEX, "</head>");
	size_t before = (size_t)(head - INDEX), tags_len = strlen(tags);
	assert_int_equal(f->len, strlen(INDEX) + tags_len);
	assert_memory_equal(f->data, INDEX, before);
	assert_memory_equal(f->data + before, tags, tags_len);
	assert_string_equal(f->data + before + tags_len, head);
	assert_string_equal(f->type, "text/html; charset=utf-8");
	assert_false(f->immutable); /* revalidated like index.html */
}

static void route_gets_its_files(void **state)
{
	(void)state;
	char tags[512];
	/* The API answer first; the other data (not /api/v1/, or needing
	 * escapes) and the missing file left out. */
	int n = snprintf(tags, sizeof(tags), FETCH, "/api/v1/students/me");
	n += snprintf(tags + n, sizeof(tags) - (size_t)n, MODULE, "/assets/Layout-2.js");
	snprintf(tags + n, sizeof(tags) - (size_t)n, STYLE, "/assets/Layout-3.css");
	const struct static_file *jobs = static_find("/jobs");
	assert_page(jobs, tags);

	n = snprintf(tags, sizeof(tags), MODULE, "/assets/Layout-2.js");
	snprintf(tags + n, sizeof(tags) - (size_t)n, MODULE, "/assets/Job-4.js");
	const struct static_file *job = static_find("/jobs/42");
	assert_page(job, tags);
	assert_string_not_equal(job->etag, jobs->etag);
	assert_string_not_equal(job->etag, static_index()->etag);

	snprintf(tags, sizeof(tags), MODULE, "/assets/Job-4.js");
	assert_page(static_find("/fairs/7/pass"), tags);
	assert_page(static_find("/fairs/x7/pass"), tags);
}

static void other_paths_unchanged(void **state)
{
	(void)state;
	/* The index itself, by either name, carries no route's files. */
	assert_string_equal(static_find("/")->data, INDEX);
	assert_string_equal(static_find("/index.html")->data, INDEX);
	assert_ptr_equal(static_index(), static_find("/index.html"));
	assert_string_equal(static_find("/assets/Job-4.js")->data, "export const b = 2");
	/* A parameter of digits takes digits only; segments count exactly. */
	const char *none[] = {"/jobs/", "/jobs/4x",     "/jobs/42/edit",  "/jobsx",
	                      "/job",   "/fairs//pass", "/fairs/7/pass/", "/fairs/7",
	                      "/home",  "/gone",        "/outside"};
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++)
		if (static_find(none[i]))
			fail_msg("%s found", none[i]);
}

static void without_map(void **state)
{
	(void)state;
	char path[128];
	snprintf(path, sizeof(path), "%s/preload.json", dir);
	unlink(path);
	assert_true(static_load(dir) > 0);
	assert_null(static_find("/jobs"));
	assert_string_equal(static_index()->data, INDEX);
	put("preload.json", "{\"routes\": 7}");
	assert_true(static_load(dir) > 0);
	assert_null(static_find("/jobs"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(route_gets_its_files),
	    cmocka_unit_test(other_paths_unchanged),
	    cmocka_unit_test(without_map),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
