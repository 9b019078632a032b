#ifndef SKYWAY_HTTP_OPENAPI_H
#define SKYWAY_HTTP_OPENAPI_H

#include <jansson.h>

/* Returns the OpenAPI 3 document of every route (new reference). */
json_t *openapi_document(void);

#endif
