/*
 * router: the one route table (after Redis' command table and Git's
 * cmd_struct).  Each row says who may call it, how big and what type its
 * body may be; the router checks all of that before a handler runs, so a
 * handler cannot forget.  The same table generates /api/v1/openapi.json.
 */
#ifndef SKYWAY_HTTP_ROUTER_H
#define SKYWAY_HTTP_ROUTER_H

#include <stddef.h>

#include "api/api.h"

#define ROUTE_PUBLIC       0 /* roles == 0: no login needed */
#define BODY_DEFAULT_LIMIT (1024 * 1024)
/* content_type of routes that take a spreadsheet file as the whole body:
 * .xlsx, .csv or application/octet-stream. */
#define ROUTE_FILE "file"
/* content_type of routes that take a photo as the whole body: JPEG, PNG or
 * WebP (the domain checks what the bytes really are). */
#define ROUTE_MEDIA "media"
/* content_type of routes that take an uploaded document as the whole body:
 * application/pdf, image/jpeg, image/png or application/octet-stream (the
 * handler reads the type from the bytes). */
#define ROUTE_UPLOAD         "upload"
#define SERVICE_UPLOAD_LIMIT ((size_t)10 << 20)
/* flags: a session that must still enrol its second factor (an operator
 * or officer without MFA, domain/mfa.h) reaches only routes with this. */
#define ROUTE_MFA_SETUP 1
/* flags: the answer is the same for everyone (no personal data), so it
 * goes out with a strong ETag and "public, no-cache": browsers keep it and
 * revalidate (304) instead of downloading it again.  Other answers are
 * no-store. */
#define ROUTE_CACHEABLE 2
/* content_type of routes that take a PDF as the whole body (application/pdf
 * only; the handler also checks the bytes). */
#define ROUTE_PDF "pdf"

struct route {
	const char *method;  /* "GET", "POST", ... */
	const char *pattern; /* "/api/v1/accounts/{id}": {x} matches one segment;
	                      * {id} only a canonical positive integer */
	api_handler handler;
	int roles;                /* mask of enum role, or ROUTE_PUBLIC */
	size_t body_limit;        /* bytes; 0 means BODY_DEFAULT_LIMIT */
	const char *content_type; /* required body type; NULL: no body taken */
	const char *tag;          /* OpenAPI grouping */
	const char *summary;      /* one line, for OpenAPI */
	int flags;                /* ROUTE_MFA_SETUP, ROUTE_CACHEABLE; 0 for most rows */
};

extern const struct route routes[];
extern const size_t routes_count;

/* Finds the route for method and path.  On a match returns it and, when
 * the pattern has a {param}, points *param at an arena copy of it.  When
 * the path exists with other methods only, sets *wrong_method.  Returns
 * NULL when nothing matches. */
const struct route *router_match(struct arena *a, const char *method, const char *path,
                                 const char **param, int *wrong_method);
/* Returns 1 when path matches pattern (exposed for unit tests). */
int router_path_matches(const char *pattern, const char *path, const char **param_start,
                        size_t *param_len);

#endif
