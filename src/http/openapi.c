/* GET /api/v1/openapi.json: generated from the route table, so it cannot drift. */
#include "http/openapi.h"

#include <stdio.h>
#include <string.h>

#include "http/router.h"

static json_t *error_response(const char *description)
{
	return json_pack("{s:s, s:{s:{s:{s:s}}}}", "description", description, "content",
	                 "application/json", "schema", "$ref", "#/components/schemas/Error");
}

static json_t *operation(const struct route *r)
{
	json_t *roles = json_array();
	for (int bit = 1; bit <= ROLE_OFFICER; bit <<= 1)
		if (r->roles & bit)
			json_array_append_new(roles, json_string(role_name(bit)));
	json_t *responses = json_pack("{s:{s:s}, s:o}", "200", "description", "OK", "default",
	                              error_response("Error"));
	json_t *op = json_pack("{s:s, s:[s], s:o, s:o}", "summary", r->summary, "tags", r->tag,
	                       "x-roles", roles, "responses", responses);
	if (r->roles == ROUTE_PUBLIC)
		json_object_set_new(op, "security", json_array());
	if (r->flags & ROUTE_MFA_SETUP) /* reachable before a required MFA enrolment */
		json_object_set_new(op, "x-mfa-setup", json_true());
	if (r->content_type && strcmp(r->method, "GET")) {
		/* A PDF or photo route takes the file itself as the body. */
		int pdf = !strcmp(r->content_type, ROUTE_PDF);
		int media = !strcmp(r->content_type, ROUTE_MEDIA);
		json_object_set_new(op, "requestBody",
		                    json_pack("{s:{s:{s:{s:s}}}}", "content",
		                              pdf ? "application/pdf" : media ? "image/*" : r->content_type,
		                              "schema", "type", pdf || media ? "string" : "object"));
		/* The largest body the router reads (413 above it). */
		json_object_set_new(
		    op, "x-body-limit",
		    json_integer((json_int_t)(r->body_limit ? r->body_limit : BODY_DEFAULT_LIMIT)));
	}
	const char *param = strchr(r->pattern, '{');
	if (param) {
		/* {id} is a positive integer; {name}, {kind} and {code} are words. */
		size_t n = strcspn(param + 1, "}");
		char name[16];
		snprintf(name, sizeof(name), "%.*s", (int)n, param + 1);
		int is_id = !strcmp(name, "id");
		json_object_set_new(op, "parameters",
		                    json_pack("[{s:s, s:s, s:b, s:{s:s, s:s*}}]", "name", name,
		                              "in", "path", "required", 1, "schema", "type",
		                              is_id ? "integer" : "string", "pattern",
		                              is_id ? "^[1-9][0-9]{0,17}$" : NULL));
	}
	return op;
}

json_t *openapi_document(void)
{
	json_t *paths = json_object();
	for (size_t i = 0; i < routes_count; i++) {
		const struct route *r = &routes[i];
		json_t *item = json_object_get(paths, r->pattern);
		if (!item) {
			item = json_object();
			json_object_set_new(paths, r->pattern, item);
		}
		char method[8] = {0};
		for (size_t k = 0; k < sizeof(method) - 1 && r->method[k]; k++)
			method[k] = (char)(r->method[k] | 0x20);
		json_object_set_new(item, method, operation(r));
	}
	return json_pack(
	    "{s:s, s:{s:s, s:s, s:s}, s:o, s:{s:{s:{s:s, s:{s:{s:s, s:{s:{s:s}, s:{s:s}, s:{s:s}}, "
	    "s:[s, s]}}, s:[s]}}, s:{s:{s:s, s:s, s:s}}}, s:[{s:[]}]}",
	    "openapi", "3.0.3", "info", "title", "Skyway API", "version", SKYWAY_VERSION,
	    "description",
	    "天空走廊人才对接平台 API. Errors use the Error schema; see docs/api.md.", "paths",
	    paths, "components", "schemas", "Error", "type", "object", "properties", "error",
	    "type", "object", "properties", "code", "type", "string", "message", "type", "string",
	    "field", "type", "string", "required", "code", "message", "required", "error",
	    "securitySchemes", "session", "type", "apiKey", "in", "cookie", "name",
	    "skyway_session", "security", "session");
}
