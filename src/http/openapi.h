#ifndef SKYWAY_HTTP_OPENAPI_H
#define SKYWAY_HTTP_OPENAPI_H

#include <jansson.h>

/* Returns the OpenAPI 3 document of every route (new reference), or NULL
 * when the schema text of http/route_docs.c does not parse. */
json_t *openapi_document(void);

/* Parses JSON written with ' for " (new reference; NULL and a line on
 * stderr when it does not parse). */
json_t *openapi_loads_quoted(const char *text);

/* The JSON schema of a body or reply column of http/route_docs.h (new
 * reference). */
json_t *openapi_schema(const char *spec);
/* The same for a request body: an optional field may also be null (the api
 * layer reads null as absent) and a "key:S" object names every field the
 * server takes (additionalProperties false). */
json_t *openapi_request_schema(const char *spec);

#endif
