#ifndef SKYWAY_HTTP_ROUTE_DOCS_H
#define SKYWAY_HTTP_ROUTE_DOCS_H
/* What each route answers, for the OpenAPI document (http/openapi.c).
 *
 * Kept beside the route table rather than in it: routes.c says who may call
 * what (the router enforces it); this table says what a call looks like.  A
 * unit test (tests/unit/test_http_openapi.c) fails when a route has no row
 * here or a row names no route, so the two cannot drift apart.
 *
 * The small languages of the string columns:
 *
 *   query   space-separated parameters, each "name" or "name:type" where type
 *           is int, int(MIN..MAX), int(MIN..), bool, date (YYYY-MM-DD) or
 *           enum(a|b|c).  A bare name that is a shared parameter
 *           (page, page_size, limit, cursor) refers to it; any other bare
 *           name is a string.
 *   body    the JSON request body (routes that take a file leave it NULL:
 *           their media type comes from the route's content type).
 *   reply   the success answer's JSON body.
 *
 *   body and reply are each one of
 *     NULL           a JSON object of any shape (not yet described)
 *     "Name"         the component schema Name
 *     "key:S ..."    an object with these keys, each required unless written
 *                    "key?:S", each with the schema S: Name (a component),
 *                    [S] (array of), int, int(MIN..MAX), int(MIN..), str,
 *                    str(MIN..MAX) (length), num (any number), bool, date
 *                    (YYYY-MM-DD), datetime (ISO 8601 with an offset),
 *                    enum(a|b|c) (a closed list of strings), any, ?S (may
 *                    also be null) or S|S (either: int(0..)|datetime)
 *     "Page:Name"    the paged list {items: [Name], total, page, page_size}
 *     "Cursor:Name"  the cursor list {items: [Name], total, next_cursor}
 *     "Items:Name"   an unpaged list {items: [Name]}
 *     "{...}"        a JSON schema written with ' for " (openapi_schema())
 *   and reply may instead name a non-JSON answer: "@xlsx", "@pdf", "@svg",
 *   "@file" (an uploaded image or document) or "@stream" (text/event-stream).
 *
 *   A request body ("key:S ..." in the body column) is closed, as the server
 *   refuses a field it does not name (api_only_fields): the document says
 *   additionalProperties false.  Its optional fields may also be null, which
 *   every reader of the api layer takes for absent (api_str, api_int,
 *   api_bool, the arrays); "key?:!S" is a field its handler reads by hand and
 *   refuses null for.  Nested objects and maps of a request are components
 *   named ...In (route_doc_schemas.c).
 *
 * Where the rows came from (2026-12-07): the statuses, query parameters and
 * request bodies were read from the handlers (api_query*, api_paging, api_str,
 * api_int*, api_bool, api_*_array and the api_only_fields lists; a field only
 * named in such a list is "any"); the answers of the most used operations
 * (auth, accounts, organizations, dictionaries, positions, applications,
 * students, fairs and their gate) are written by hand with the components;
 * the other "key?:S" answers were drawn from what the API suite received, so
 * their keys are optional until someone describes them from the code.  Since
 * then every answer has a shape (none is NULL) and every action without
 * fields says "NoFields"; the incubator's places and bookings and the zone
 * services' departments, items, policies, rounds and follow-ups have
 * components read from the domain code (route_doc_schemas.c).  The answers
 * still written "any" then (and the cooperation answers, which said Entity)
 * got their components the same way, from every value both suites received
 * there on SQLite and PostgreSQL (SKYWAY_TEST_OPENAPI_RECORD, see
 * tests/api/openapi_check.mjs) checked against the migrations: a column the
 * schema lets be NULL is nullable, a column with CHECK (c IN (...)) is an
 * enum.  Objects accept keys they do not name (no additionalProperties:
 * false): an answer may gain a field without breaking a client.  The request
 * bodies (179 fields said "any") were typed from their parsers in src/api/
 * and the domain checks they call (2026-12-07); that read found rows whose
 * fields were another handler's (the competition's, where several handlers
 * of one file each name their list "fields"), now the handler's own.
 */
#include <stddef.h>

struct route_doc {
	const char *method;  /* as in routes.c */
	const char *pattern; /* as in routes.c */
	int status;          /* the success status: 200, 201, ... */
	int status2;         /* a second success status (e.g. 200 when it existed), or 0 */
	const char *query;
	const char *body;
	const char *reply;
};

extern const struct route_doc route_docs[];
extern const size_t route_docs_count;

/* The reusable schemas, parameters and their text: a JSON object (written
 * with ' for ") of the document's "components".  Static string. */
extern const char route_doc_components[];

/* The row for method and pattern, or NULL. */
const struct route_doc *route_doc_find(const char *method, const char *pattern);

/* 1 when the query column of row d names the parameter name (the server
 * refuses any other: http/server.c), else 0. */
int route_doc_takes_query(const struct route_doc *d, const char *name);

#endif
