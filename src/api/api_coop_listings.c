/*
 * Needs and offers (供需): the search, one listing, writes, and the
 * counterparts proposed with their reasons.  Shared helpers of the
 * cooperation handlers live here too.  Services: domain/coop_listings.h.
 */
#include <string.h>

#include "api/api_coop.h"
#include "domain/coop_listings.h"
#include "domain/visibility.h"

void api_coop_reply(struct api_ctx *c, int rc, const struct derr *e, int status, const char *key,
                    json_t *out)
{
	if (rc)
		api_fail_derr(c, e);
	else
		api_reply(c, status, key ? json_pack("{s:o}", key, out) : out);
}

int api_coop_bool(struct api_ctx *c, const char *field, int *out)
{
	json_t *v = c->body ? json_object_get(c->body, field) : NULL;
	if (c->failed || !v || json_is_null(v))
		return c->failed ? -1 : 0;
	if (!json_is_boolean(v))
		return api_fail(c, 400, "invalid", field,
		                arena_printf(c->arena, "字段 %s 应为 true 或 false", field));
	*out = json_is_true(v);
	return 0;
}

const json_t *api_coop_array(struct api_ctx *c, const char *field, size_t max)
{
	json_t *v = c->body ? json_object_get(c->body, field) : NULL;
	if (c->failed || !v || json_is_null(v))
		return NULL;
	if (!json_is_array(v) || json_array_size(v) > max) {
		api_fail(c, 400, "invalid", field,
		         arena_printf(c->arena, "字段 %s 应为最多 %zu 项的数组", field, max));
		return NULL;
	}
	return v;
}

int api_coop_write_sheet(void *sheet, struct store_stmt *rows)
{
	struct api_coop_sheet *s = sheet;
	return export_xlsx(s->c, s->filename, s->title, s->cols, rows);
}

void api_coop_listings_search(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *out = NULL;
	struct coop_listing_query q = {.side = api_query(c, "side"),
	                               .kind = api_query(c, "kind"),
	                               .q = api_query(c, "q"),
	                               .major = api_query(c, "major"),
	                               .city = api_query(c, "city"),
	                               .status = api_query(c, "status"),
	                               .org_id = api_query_int(c, "org_id", 0, 1, INT64_MAX)};
	api_paging(c, &q.page, &q.page_size);
	if (q.side && strcmp(q.side, "need") && strcmp(q.side, "offer"))
		api_fail(c, 400, "invalid", "side", "side 应为 need 或 offer");
	if (q.status && strcmp(q.status, "open") && strcmp(q.status, "closed") &&
	    strcmp(q.status, "all"))
		api_fail(c, 400, "invalid", "status", "status 应为 open、closed 或 all");
	if (api_failed(c))
		return;
	int rc = coop_listing_search(c->db, &c->actor, &q, &out, &e);
	api_coop_reply(c, rc, &e, 200, NULL, out);
}

static const char *const listing_fields[] = {"kind",       "title",     "description", "majors",
                                             "industries", "city_code", "quantity",    NULL};

static int read_listing(struct api_ctx *c, struct coop_listing_input *in)
{
	*in = (struct coop_listing_input){0};
	api_only_fields(c, listing_fields);
	in->kind = api_str(c, "kind", API_REQUIRED, 1, 20);
	in->title = api_str(c, "title", API_REQUIRED, 2, 80);
	in->description = api_text(c, "description", API_OPTIONAL, 1, 4000);
	in->majors = api_str_array(c, "majors", 30, 6);
	in->industries = api_str_array(c, "industries", 20, 4);
	in->city_code = api_str(c, "city_code", API_OPTIONAL, 6, 6);
	api_int_in(c, "quantity", API_OPTIONAL, 1, 100000, &in->quantity);
	return api_failed(c) ? -1 : 0;
}

void api_coop_listings_create(struct api_ctx *c)
{
	struct coop_listing_input in;
	struct derr e = {0};
	json_t *out = NULL;
	if (read_listing(c, &in))
		return;
	int rc = coop_listing_create(c->db, &c->actor, &in, &out, &e);
	api_coop_reply(c, rc, &e, 201, "listing", out);
}

void api_coop_listings_get(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	if (api_path_id(c, &id))
		return;
	int rc = coop_listing_get(c->db, &c->actor, id, &out, &e);
	api_coop_reply(c, rc, &e, 200, "listing", out);
}

void api_coop_listings_update(struct api_ctx *c)
{
	struct coop_listing_input in;
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	if (api_path_id(c, &id) || read_listing(c, &in))
		return;
	int rc = coop_listing_update(c->db, &c->actor, id, &in, &out, &e);
	api_coop_reply(c, rc, &e, 200, "listing", out);
}

static void set_open(struct api_ctx *c, int open)
{
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	if (api_no_fields(c) || api_path_id(c, &id))
		return;
	int rc = coop_listing_set_open(c->db, &c->actor, id, open, &out, &e);
	api_coop_reply(c, rc, &e, 200, "listing", out);
}

void api_coop_listings_close(struct api_ctx *c)
{
	set_open(c, 0);
}

void api_coop_listings_reopen(struct api_ctx *c)
{
	set_open(c, 1);
}

void api_coop_listings_counterparts(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, limit = api_query_int(c, "limit", 10, 1, 50);
	json_t *out = NULL;
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = coop_listing_counterparts(c->db, &c->actor, id, (int)limit, &out, &e);
	api_coop_reply(c, rc, &e, 200, NULL, out);
}

/* GET /coop/enterprises?q=: the approved enterprises a college (or the operator) may
 * name as the other party of a visit, an agreement or an order class; the enterprise
 * list itself is the operator's, so this is the one way a college finds them. */
void api_coop_enterprises(struct api_ctx *c)
{
	const char *q = api_query(c, "q");
	if (api_failed(c))
		return;
	json_t *items = NULL;
	struct derr e = {0};
	int rc = visibility_enterprises_named(c->db, q ? q : "", &items, &e);
	api_coop_reply(c, rc, &e, 200, "items", items);
}
