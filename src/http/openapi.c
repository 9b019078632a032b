/* GET /api/v1/openapi.json: generated from the route table (who may call
 * what) and the route documentation table (what a call looks like), so it
 * cannot drift from the server.  The API suite validates every answer it
 * receives against this document (tests/api/openapi_check.mjs). */
#include "http/openapi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/route_docs.h"
#include "http/router.h"

static json_t *ref(const char *kind, const char *name)
{
	char buf[128];
	snprintf(buf, sizeof(buf), "#/components/%s/%s", kind, name);
	return json_pack("{s:s}", "$ref", buf);
}

json_t *openapi_loads_quoted(const char *text)
{
	/* The tables write JSON with ' for " so that C strings stay readable;
	 * no schema text needs a real apostrophe. */
	size_t n = strlen(text);
	char *s = malloc(n + 1);
	if (!s)
		return NULL;
	for (size_t i = 0; i <= n; i++)
		s[i] = text[i] == '\'' ? '"' : text[i];
	json_error_t err;
	json_t *j = json_loads(s, 0, &err);
	if (!j)
		fprintf(stderr, "openapi: bad schema text at %d: %s\n", err.position, err.text);
	free(s);
	return j;
}

/* The position of the first '|' of s[0..n) outside brackets and parentheses, or n. */
static size_t top_bar(const char *s, size_t n)
{
	int depth = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '(' || s[i] == '[')
			depth++;
		else if (s[i] == ')' || s[i] == ']')
			depth--;
		else if (s[i] == '|' && !depth)
			return i;
	}
	return n;
}

/* One value schema of the "key:S" language: Name, [S], ?S, S|S, int, str, num, bool,
 * date, datetime, enum(a|b), any. */
static json_t *value_schema(const char *s, size_t n)
{
	size_t bar = top_bar(s, n);
	if (bar < n) {
		/* int|str: a value of either schema */
		json_t *any = json_array();
		for (size_t at = 0; at <= n;) {
			size_t len = top_bar(s + at, n - at);
			json_array_append_new(any, value_schema(s + at, len));
			at += len + 1;
		}
		return json_pack("{s:o}", "anyOf", any);
	}
	if (n && s[0] == '?') {
		json_t *inner = value_schema(s + 1, n - 1);
		/* OpenAPI 3.0 has no null type and nullable does not reach into a
		 * $ref: the schema, or a value that can only be null. */
		if (json_object_get(inner, "$ref"))
			return json_pack("{s:[o, {s:s, s:b, s:[n]}]}", "anyOf", inner, "type",
			                 "string", "nullable", 1, "enum");
		if (!json_object_get(inner, "type")) /* any: null is one of its values */
			return inner;
		json_object_set_new(inner, "nullable", json_true());
		json_t *values = json_object_get(inner, "enum"); /* a closed list names null too */
		if (values)
			json_array_append_new(values, json_null());
		return inner;
	}
	if (n >= 2 && s[0] == '[' && s[n - 1] == ']')
		return json_pack("{s:s, s:o}", "type", "array", "items",
		                 value_schema(s + 1, n - 2));
	if (n >= 3 && (!strncmp(s, "int", 3) || !strncmp(s, "str", 3))) {
		int is_int = s[0] == 'i';
		json_t *j = json_pack("{s:s}", "type", is_int ? "integer" : "string");
		long long lo, hi;
		char text[48];
		snprintf(text, sizeof(text), "%.*s", (int)n, s);
		/* int(MIN..MAX) bounds the value, str(MIN..MAX) the length */
		int got = sscanf(text + 3, "(%lld..%lld)", &lo, &hi);
		if (got >= 1)
			json_object_set_new(j, is_int ? "minimum" : "minLength", json_integer(lo));
		if (got == 2)
			json_object_set_new(j, is_int ? "maximum" : "maxLength", json_integer(hi));
		return j;
	}
	if (n == 4 && !strncmp(s, "date", 4))
		return json_pack("{s:s, s:s}", "type", "string", "format", "date");
	if (n == 8 && !strncmp(s, "datetime", 8))
		return json_pack("{s:s, s:s}", "type", "string", "format", "date-time");
	if (n > 6 && !strncmp(s, "enum(", 5) && s[n - 1] == ')') {
		json_t *values = json_array();
		for (size_t at = 5; at < n - 1;) {
			size_t len = strcspn(s + at, "|)");
			json_array_append_new(values, json_stringn(s + at, len));
			at += len + 1;
		}
		return json_pack("{s:s, s:o}", "type", "string", "enum", values);
	}
	if (n == 4 && !strncmp(s, "bool", 4))
		return json_pack("{s:s}", "type", "boolean");
	if (n == 3 && !strncmp(s, "num", 3))
		return json_pack("{s:s}", "type", "number");
	if (n == 3 && !strncmp(s, "any", 3))
		return json_object();
	char name[64];
	snprintf(name, sizeof(name), "%.*s", (int)n, s);
	return ref("schemas", name);
}

static json_t *schema_of(const char *spec, int request);

json_t *openapi_schema(const char *spec)
{
	return schema_of(spec, 0);
}

json_t *openapi_request_schema(const char *spec)
{
	return schema_of(spec, 1);
}

/* A "key:S ..." spec's value S for key (the value of s[0..n)); in a request
 * an optional field may also be null: every reader of the api layer
 * (api_str, api_int, api_bool, the arrays) takes null for absent, and an
 * optional text (str(...)) may also be empty: api_str and api_text take ""
 * (or only spaces) for absent too.  "!S" is S that may not be null (a
 * field its handler reads by hand). */
static json_t *field_schema(const char *s, size_t n, int optional, int request)
{
	if (n && s[0] == '!')
		return value_schema(s + 1, n - 1);
	if (!request || !optional || (n && s[0] == '?'))
		return value_schema(s, n);
	char text[512];
	int len = snprintf(text, sizeof(text), "?%.*s", (int)n, s);
	json_t *j = value_schema(text, len > 0 && (size_t)len < sizeof(text) ? (size_t)len : 0);
	if (n > 3 && !strncmp(s, "str(", 4))
		return json_pack("{s:[o, {s:s, s:i}]}", "anyOf", j, "type", "string", "maxLength",
		                 0);
	return j;
}

static json_t *schema_of(const char *spec, int request)
{
	if (!spec)
		return json_pack("{s:s}", "type", "object");
	if (spec[0] == '{')
		return openapi_loads_quoted(spec);
	const char *colon = strchr(spec, ':');
	if (!colon)
		return ref("schemas", spec);
	static const char *const lists[] = {"Page", "Cursor", "Items"};
	for (size_t i = 0; i < sizeof(lists) / sizeof(*lists); i++)
		if ((size_t)(colon - spec) == strlen(lists[i]) &&
		    !strncmp(spec, lists[i], colon - spec))
			return json_pack("{s:[o, {s:{s:{s:s, s:o}}}]}", "allOf",
			                 ref("schemas", lists[i]), "properties", "items", "type",
			                 "array", "items",
			                 value_schema(colon + 1, strlen(colon + 1)));
	json_t *props = json_object(), *required = json_array();
	for (const char *p = spec; *p;) {
		size_t len = strcspn(p, " ");
		const char *c = memchr(p, ':', len);
		if (c) {
			/* "key?:S" may be left out */
			int optional = c > p && c[-1] == '?';
			char key[64];
			snprintf(key, sizeof(key), "%.*s", (int)(c - p - optional), p);
			json_object_set_new(
			    props, key,
			    field_schema(c + 1, len - (size_t)(c - p) - 1, optional, request));
			if (!optional)
				json_array_append_new(required, json_string(key));
		}
		p += len;
		p += strspn(p, " ");
	}
	json_t *j = json_pack("{s:s, s:o}", "type", "object", "properties", props);
	/* The server refuses a field it does not name (api_only_fields: 400
	 * unknown_field), so a request body is closed; an answer stays open. */
	if (request)
		json_object_set_new(j, "additionalProperties", json_false());
	if (json_array_size(required)) /* OpenAPI 3.0 wants no empty list */
		json_object_set_new(j, "required", required);
	else
		json_decref(required);
	return j;
}

/* One query parameter of the route_docs query language (route_docs.h). */
static json_t *query_param(const char *tok, size_t n, json_t *shared)
{
	char name[64], type[160] = "";
	const char *c = memchr(tok, ':', n);
	size_t nl = c ? (size_t)(c - tok) : n;
	snprintf(name, sizeof(name), "%.*s", (int)nl, tok);
	if (c)
		snprintf(type, sizeof(type), "%.*s", (int)(n - nl - 1), c + 1);
	if (!c && json_object_get(shared, name))
		return ref("parameters", name);
	json_t *schema;
	long long lo, hi;
	if (!strncmp(type, "int", 3)) {
		schema = json_pack("{s:s}", "type", "integer");
		if (sscanf(type, "int(%lld..%lld)", &lo, &hi) == 2) {
			json_object_set_new(schema, "minimum", json_integer(lo));
			json_object_set_new(schema, "maximum", json_integer(hi));
		} else if (sscanf(type, "int(%lld..", &lo) == 1) {
			json_object_set_new(schema, "minimum", json_integer(lo));
		}
	} else if (!strcmp(type, "bool")) {
		schema = json_pack("{s:s}", "type", "boolean");
	} else if (!strcmp(type, "date")) {
		schema = json_pack("{s:s, s:s}", "type", "string", "format", "date");
	} else if (!strncmp(type, "enum(", 5)) {
		json_t *values = json_array();
		for (const char *v = type + 5; *v && *v != ')';) {
			size_t vl = strcspn(v, "|)");
			json_array_append_new(values, json_stringn(v, vl));
			v += vl + (v[vl] == '|');
		}
		schema = json_pack("{s:s, s:o}", "type", "string", "enum", values);
	} else {
		schema = json_pack("{s:s}", "type", "string");
	}
	return json_pack("{s:s, s:s, s:o}", "name", name, "in", "query", "schema", schema);
}

/* The content of a success answer from the reply column. */
static json_t *reply_content(const char *reply)
{
	static const struct {
		const char *marker, *type, *format;
	} media[] = {
	    {"@xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	     "binary"},
	    {"@pdf", "application/pdf", "binary"},
	    {"@svg", "image/svg+xml", NULL},
	    {"@file", "*/*", "binary"}, /* a stored photo or document, as uploaded */
	    {"@stream", "text/event-stream", NULL},
	};
	if (reply && reply[0] == '@')
		for (size_t i = 0; i < sizeof(media) / sizeof(*media); i++)
			if (!strcmp(reply, media[i].marker))
				return json_pack("{s:{s:{s:s, s:s*}}}", media[i].type, "schema",
				                 "type", "string", "format", media[i].format);
	return json_pack("{s:{s:o}}", "application/json", "schema", openapi_schema(reply));
}

static void add_status(json_t *responses, int status, const char *reply)
{
	char code[8];
	snprintf(code, sizeof(code), "%d", status);
	json_object_set_new(responses, code,
	                    json_pack("{s:s, s:o}", "description", status == 201 ? "Created" : "OK",
	                              "content", reply_content(reply)));
}

static json_t *error_response(const char *description)
{
	return json_pack("{s:s, s:{s:{s:o}}}", "description", description, "content",
	                 "application/json", "schema", ref("schemas", "Error"));
}

/* The media types a file route takes as its whole body (router.h), space
 * separated; NULL for a JSON route. */
static const char *body_media(const char *content_type)
{
	if (!strcmp(content_type, ROUTE_PDF))
		return "application/pdf";
	if (!strcmp(content_type, ROUTE_MEDIA))
		return "image/jpeg image/png image/webp";
	if (!strcmp(content_type, ROUTE_FILE))
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet text/csv "
		       "application/octet-stream";
	if (!strcmp(content_type, ROUTE_UPLOAD))
		return "application/pdf image/jpeg image/png application/octet-stream";
	return NULL;
}

static json_t *request_body(const struct route *r, const struct route_doc *d)
{
	const char *media = body_media(r->content_type);
	json_t *content = json_object();
	if (!media)
		json_object_set_new(content, r->content_type,
		                    json_pack("{s:o}", "schema", openapi_request_schema(d->body)));
	for (const char *m = media; m && *m;) {
		size_t n = strcspn(m, " ");
		char type[96];
		snprintf(type, sizeof(type), "%.*s", (int)n, m);
		json_object_set_new(
		    content, type,
		    json_pack("{s:{s:s, s:s}}", "schema", "type", "string", "format", "binary"));
		m += n + (m[n] == ' ');
	}
	/* An action without fields takes no body at all, or {}. */
	return json_pack("{s:b, s:o}", "required", media != NULL, "content", content);
}

static json_t *operation(const struct route *r, const struct route_doc *d, json_t *shared)
{
	json_t *roles = json_array();
	for (int bit = 1; bit <= ROLE_OFFICER; bit <<= 1)
		if (r->roles & bit)
			json_array_append_new(roles, json_string(role_name(bit)));
	json_t *responses = json_object();
	add_status(responses, d->status, d->reply);
	if (d->status2)
		add_status(responses, d->status2, d->reply);
	if (r->flags & ROUTE_CACHEABLE)
		json_object_set_new(
		    responses, "304",
		    json_pack("{s:s}", "description", "Not modified (If-None-Match)"));
	json_object_set_new(responses, "4XX", error_response("The request was refused"));
	json_object_set_new(responses, "5XX", error_response("Server error"));
	json_t *op = json_pack("{s:s, s:[s], s:o, s:o}", "summary", r->summary, "tags", r->tag,
	                       "x-roles", roles, "responses", responses);
	int write = strcmp(r->method, "GET") != 0;
	if (r->roles == ROUTE_PUBLIC)
		json_object_set_new(op, "security", json_array());
	else if (write) /* the router checks the CSRF token on every signed-in write */
		json_object_set_new(op, "security", json_pack("[{s:[], s:[]}]", "session", "csrf"));
	if (r->flags & ROUTE_MFA_SETUP) /* reachable before a required MFA enrolment */
		json_object_set_new(op, "x-mfa-setup", json_true());
	if (r->content_type && write) {
		json_object_set_new(op, "requestBody", request_body(r, d));
		/* The route table's body type (router.h: a JSON type, or file, pdf,
		 * media, upload), for tests and tools that pick a body by kind. */
		json_object_set_new(
		    op, "x-body-type",
		    json_string(body_media(r->content_type) ? r->content_type : "json"));
		/* The largest body the router reads (413 above it). */
		json_object_set_new(
		    op, "x-body-limit",
		    json_integer((json_int_t)(r->body_limit ? r->body_limit : BODY_DEFAULT_LIMIT)));
	}
	json_t *params = json_array();
	const char *param = strchr(r->pattern, '{');
	if (param) {
		/* {id} is a canonical positive integer; {name}, {kind} and {code} are words. */
		size_t n = strcspn(param + 1, "}");
		char name[16];
		snprintf(name, sizeof(name), "%.*s", (int)n, param + 1);
		json_t *schema = !strcmp(name, "id")
		                     ? json_pack("{s:s, s:i}", "type", "integer", "minimum", 1)
		                     : json_pack("{s:s}", "type", "string");
		json_array_append_new(params, json_pack("{s:s, s:s, s:b, s:o}", "name", name, "in",
		                                        "path", "required", 1, "schema", schema));
	}
	for (const char *q = d->query; q && *q;) {
		size_t len = strcspn(q, " ");
		if (len)
			json_array_append_new(params, query_param(q, len, shared));
		q += len;
		q += strspn(q, " ");
	}
	if (json_array_size(params))
		json_object_set_new(op, "parameters", params);
	else
		json_decref(params);
	return op;
}

static void set_operation(json_t *paths, const char *pattern, const char *method, json_t *op)
{
	json_t *item = json_object_get(paths, pattern);
	if (!item) {
		item = json_object();
		json_object_set_new(paths, pattern, item);
	}
	char lower[8] = {0};
	for (size_t k = 0; k < sizeof(lower) - 1 && method[k]; k++)
		lower[k] = (char)(method[k] | 0x20);
	json_object_set_new(item, lower, op);
}

/* /healthz and /metrics are served before the route table. */
static void add_service_paths(json_t *paths)
{
	set_operation(
	    paths, "/healthz", "GET",
	    json_pack("{s:s, s:[s], s:[], s:{s:{s:s, s:{s:{s:o}}}, s:{s:s, s:{s:{s:o}}}}}",
	              "summary", "Liveness: the server answers and its database too", "tags",
	              "service", "security", "responses", "200", "description", "Healthy",
	              "content", "application/json", "schema", ref("schemas", "Health"), "503",
	              "description", "The database is unavailable", "content", "application/json",
	              "schema", ref("schemas", "Health")));
	set_operation(paths, "/metrics", "GET",
	              json_pack("{s:s, s:[s], s:[{s:[]}], s:{s:{s:s, s:{s:{s:{s:s}}}}, s:o}}",
	                        "summary",
	                        "Prometheus metrics: from this host, or with the configured bearer "
	                        "token",
	                        "tags", "service", "security", "metricsToken", "responses", "200",
	                        "description", "Metrics in the Prometheus text format", "content",
	                        "text/plain", "schema", "type", "string", "403",
	                        error_response("Not from this host and no valid token")));
}

json_t *openapi_document(void)
{
	json_t *components = openapi_loads_quoted(route_doc_components);
	if (!components)
		return NULL;
	json_t *shared = json_object_get(components, "parameters");
	json_t *paths = json_object();
	add_service_paths(paths);
	for (size_t i = 0; i < routes_count; i++) {
		const struct route *r = &routes[i];
		const struct route_doc *d = route_doc_find(r->method, r->pattern);
		static const struct route_doc none = {NULL, NULL, 200, 0, NULL, NULL, NULL};
		set_operation(paths, r->pattern, r->method, operation(r, d ? d : &none, shared));
	}
	json_object_set_new(
	    components, "securitySchemes",
	    json_pack("{s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s, s:s}, s:{s:s, s:s}}", "session",
	              "type", "apiKey", "in", "cookie", "name", "skyway_session", "csrf", "type",
	              "apiKey", "in", "header", "name", "X-CSRF-Token", "description",
	              "Every signed-in write (not GET) carries the csrf_token of GET /api/v1/me or "
	              "of the login answer",
	              "metricsToken", "type", "http", "scheme", "bearer"));
	return json_pack("{s:s, s:{s:s, s:s, s:s}, s:o, s:o, s:[{s:[]}]}", "openapi", "3.0.3",
	                 "info", "title", "Skyway API", "version", SKYWAY_VERSION, "description",
	                 "天空走廊人才对接平台 API. Errors use the Error schema; see docs/api.md.",
	                 "paths", paths, "components", components, "security", "session");
}
