/* Competition API: editions, tracks, rounds' set-up, results and figures. */
#include <stdio.h>
#include <string.h>

#include "api/api_competition.h"
#include "api/export.h"

/* ---- shared by the competition's handlers ---- */

void api_comp_answer(struct api_ctx *c, int rc, const struct derr *e, int status, json_t *out)
{
	if (!rc) {
		api_reply(c, status, out ? out : json_pack("{s:b}", "ok", 1));
		return;
	}
	api_fail_derr(c, e);
	json_t *err = c->out ? json_object_get(c->out, "error") : NULL;
	if (out && err && e->kind != DERR_INTERNAL)
		json_object_set(err, "details", out);
	json_decref(out);
}

const int64_t *api_comp_ids(struct api_ctx *c, const char *field, size_t max, size_t *n)
{
	json_t *v = api_int_array(c, field, max, 1, INT64_MAX);
	*n = v ? json_array_size(v) : 0;
	if (!v)
		return NULL;
	int64_t *ids = arena_alloc(c->arena, (*n + 1) * sizeof(int64_t));
	for (size_t i = 0; i < *n; i++)
		ids[i] = json_integer_value(json_array_get(v, i));
	return ids;
}

void api_comp_send_table(struct api_ctx *c, int rc, const struct derr *e, json_t *table,
                         const char *filename)
{
	if (rc) {
		api_fail_derr(c, e);
		return;
	}
	if (export_json(c, filename, api_keep(c, table)))
		api_internal(c, "competition export");
}

void api_comp_notify(int64_t round, const char *event, const char *what, int64_t team)
{
	char data[128];
	snprintf(data, sizeof(data), "{\"round_id\":%lld,\"what\":\"%s\",\"team_id\":%lld}",
	         (long long)round, what, (long long)team);
	hub_publish(comp_live_topic(round), event, data);
}

/* ---- editions ---- */

static const char *const edition_fields[] = {
    "name",        "year",        "submit_deadline", "endorse_deadline", "min_members",
    "max_members", "appeal_days", "description",     "tracks",           NULL};

static int edition_body(struct api_ctx *c, struct comp_edition_in *in, int create)
{
	api_only_fields(c, edition_fields);
	in->name = api_str(c, "name", API_REQUIRED, 2, 60);
	api_int(c, "year", API_REQUIRED, &in->year);
	api_int(c, "submit_deadline", API_REQUIRED, &in->submit_deadline);
	api_int(c, "endorse_deadline", API_REQUIRED, &in->endorse_deadline);
	in->min_members = 1, in->max_members = 5, in->appeal_days = 3;
	api_int(c, "min_members", API_OPTIONAL, &in->min_members);
	api_int(c, "max_members", API_OPTIONAL, &in->max_members);
	api_int(c, "appeal_days", API_OPTIONAL, &in->appeal_days);
	in->description = api_text(c, "description", API_OPTIONAL, 0, 2000);
	json_t *tracks = api_str_array(c, "tracks", 12, 20);
	if (!api_failed(c) && create && !tracks)
		return api_fail(c, 400, "missing", "tracks", "缺少必填字段：tracks");
	if (!api_failed(c) && !create && tracks)
		return api_fail(c, 400, "invalid", "tracks", "赛道请在赛道接口中修改");
	in->n_tracks = tracks ? json_array_size(tracks) : 0;
	const char **names = arena_alloc(c->arena, (in->n_tracks + 1) * sizeof(char *));
	for (size_t i = 0; i < in->n_tracks; i++)
		names[i] = json_string_value(json_array_get(tracks, i));
	in->tracks = names;
	return api_failed(c) ? -1 : 0;
}

void api_comp_editions_list(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *out = NULL;
	int rc = comp_edition_list(c->db, &c->actor, &out, &e);
	api_comp_answer(c, rc, &e, 200, out);
}

void api_comp_editions_create(struct api_ctx *c)
{
	struct comp_edition_in in = {0};
	struct derr e = {0};
	int64_t id = 0;
	if (edition_body(c, &in, 1))
		return;
	int rc = comp_edition_create(c->db, &c->actor, &in, &id, &e);
	api_comp_answer(c, rc, &e, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

void api_comp_editions_get(struct api_ctx *c)
{
	int64_t id;
	struct derr e = {0};
	json_t *out = NULL;
	if (api_path_id(c, &id))
		return;
	int rc = comp_edition_get(c->db, &c->actor, id, &out, &e);
	api_comp_answer(c, rc, &e, 200, out);
}

void api_comp_editions_update(struct api_ctx *c)
{
	struct comp_edition_in in = {0};
	struct derr e = {0};
	int64_t id;
	if (api_path_id(c, &id) || edition_body(c, &in, 0))
		return;
	api_comp_answer(c, comp_edition_update(c->db, &c->actor, id, &in, &e), &e, 200, NULL);
}

void api_comp_editions_status(struct api_ctx *c)
{
	static const char *const fields[] = {"to", NULL};
	struct derr e = {0};
	int64_t id;
	api_only_fields(c, fields);
	const char *to = api_str(c, "to", API_REQUIRED, 1, 16);
	if (api_path_id(c, &id) || api_failed(c))
		return;
	api_comp_answer(c, comp_edition_status(c->db, &c->actor, id, to, &e), &e, 200, NULL);
}

static const char *const track_fields[] = {"name", "max_teams", NULL};

void api_comp_tracks_create(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, track = 0, max_teams = 0;
	api_only_fields(c, track_fields);
	const char *name = api_str(c, "name", API_REQUIRED, 1, 20);
	api_int_in(c, "max_teams", API_OPTIONAL, 0, 10000, &max_teams);
	if (api_path_id(c, &id) || api_failed(c))
		return;
	int rc = comp_track_add(c->db, &c->actor, id, name, max_teams, &track, &e);
	api_comp_answer(c, rc, &e, 201, json_pack("{s:I}", "id", (json_int_t)track));
}

void api_comp_tracks_update(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, max_teams = 0;
	api_only_fields(c, track_fields);
	const char *name = api_str(c, "name", API_REQUIRED, 1, 20);
	api_int_in(c, "max_teams", API_OPTIONAL, 0, 10000, &max_teams);
	if (api_path_id(c, &id) || api_failed(c))
		return;
	api_comp_answer(c, comp_track_update(c->db, &c->actor, id, name, max_teams, &e), &e, 200,
	                NULL);
}

/* ---- rounds: set-up ---- */

static int round_body(struct api_ctx *c, struct comp_round_in *in)
{
	static const char *const fields[] = {"name",       "kind",     "starts_at",
	                                     "ends_at",    "per_team", "slot_seconds",
	                                     "replicates", "is_final", NULL};
	api_only_fields(c, fields);
	in->name = api_str(c, "name", API_REQUIRED, 2, 20);
	in->kind = api_str(c, "kind", API_REQUIRED, 1, 16);
	api_int(c, "starts_at", API_REQUIRED, &in->starts_at);
	api_int(c, "ends_at", API_REQUIRED, &in->ends_at);
	api_int(c, "per_team", API_REQUIRED, &in->per_team);
	in->slot_seconds = 480, in->replicates = 1000;
	api_int(c, "slot_seconds", API_OPTIONAL, &in->slot_seconds);
	api_int(c, "replicates", API_OPTIONAL, &in->replicates);
	api_bool(c, "is_final", API_OPTIONAL, &in->is_final);
	return api_failed(c) ? -1 : 0;
}

void api_comp_rounds_create(struct api_ctx *c)
{
	struct comp_round_in in = {0};
	struct derr e = {0};
	int64_t id, round = 0;
	if (api_path_id(c, &id) || round_body(c, &in))
		return;
	int rc = comp_round_create(c->db, &c->actor, id, &in, &round, &e);
	api_comp_answer(c, rc, &e, 201, json_pack("{s:I}", "id", (json_int_t)round));
}

void api_comp_rounds_get(struct api_ctx *c)
{
	int64_t id;
	struct derr e = {0};
	json_t *out = NULL;
	if (api_path_id(c, &id))
		return;
	int rc = comp_round_get(c->db, &c->actor, id, &out, &e);
	api_comp_answer(c, rc, &e, 200, out);
}

void api_comp_rounds_update(struct api_ctx *c)
{
	struct comp_round_in in = {0};
	struct derr e = {0};
	int64_t id;
	if (api_path_id(c, &id) || round_body(c, &in))
		return;
	api_comp_answer(c, comp_round_update(c->db, &c->actor, id, &in, &e), &e, 200, NULL);
}

/* A mark sent as a JSON number, 0-10 with one decimal, in tenths. */
static int mark_field(struct api_ctx *c, const char *field, json_t *v, int *tenths)
{
	if (!json_is_number(v) || comp_mark_tenths(json_number_value(v), tenths))
		return api_fail(
		    c, 400, "invalid", field,
		    arena_printf(c->arena, "字段 %s 的分值应为 0–10，最多一位小数", field));
	return 0;
}

/* criteria: [{"name","weight","description"?,"anchors"?:[{"score","text"}]}] */
void api_comp_rounds_sheet(struct api_ctx *c)
{
	static const char *const fields[] = {"criteria", NULL};
	struct derr e = {0};
	int64_t id;
	api_only_fields(c, fields);
	json_t *list = c->body ? json_object_get(c->body, "criteria") : NULL;
	if (!api_failed(c) && (!json_is_array(list) || json_array_size(list) < 1 ||
	                       json_array_size(list) > COMP_MAX_CRITERIA))
		api_fail(c, 400, list ? "invalid" : "missing", "criteria",
		         "criteria 应为 1–12 项评分标准的数组");
	if (api_path_id(c, &id) || api_failed(c))
		return;
	size_t n = json_array_size(list);
	struct comp_criterion *cr = arena_alloc(c->arena, n * sizeof(*cr));
	const char **desc = arena_alloc(c->arena, n * sizeof(char *));
	for (size_t i = 0; i < n && !api_failed(c); i++) {
		json_t *o = json_array_get(list, i), *anchors = json_object_get(o, "anchors");
		json_t *name = json_object_get(o, "name"), *w = json_object_get(o, "weight");
		json_t *d = json_object_get(o, "description");
		if (!json_is_object(o) || !json_is_string(name) || !json_is_integer(w) ||
		    (d && !json_is_null(d) && !json_is_string(d)) ||
		    (anchors && !json_is_array(anchors)) ||
		    json_array_size(anchors) > COMP_MAX_ANCHORS) {
			api_fail(c, 400, "invalid", "criteria",
			         arena_printf(c->arena, "第 %zu 项评分标准格式有误", i + 1));
			break;
		}
		cr[i].name = json_string_value(name);
		cr[i].weight = json_integer_value(w) > 100 || json_integer_value(w) < 0
		                   ? 0
		                   : (int)json_integer_value(w);
		desc[i] = json_is_string(d) ? json_string_value(d) : NULL;
		if (desc[i] && strlen(desc[i]) > 600) {
			api_fail(c, 400, "invalid", "criteria", "评分标准说明过长");
			break;
		}
		cr[i].n_anchors = json_array_size(anchors);
		struct comp_anchor *an = arena_alloc(c->arena, (cr[i].n_anchors + 1) * sizeof(*an));
		for (size_t k = 0; k < cr[i].n_anchors && !api_failed(c); k++) {
			json_t *ao = json_array_get(anchors, k),
			       *text = json_object_get(ao, "text");
			if (!json_is_string(text)) {
				api_fail(c, 400, "invalid", "criteria", "锚点应有 score 和 text");
				break;
			}
			mark_field(c, "criteria", json_object_get(ao, "score"), &an[k].tenths);
			an[k].text = json_string_value(text);
		}
		cr[i].anchors = an;
	}
	if (api_failed(c))
		return;
	api_comp_answer(c, comp_round_sheet_set(c->db, &c->actor, id, cr, desc, n, &e), &e, 200,
	                NULL);
}

/* quotas: [{"track_id","quota","first_prizes"?,"second_prizes"?,"third_prizes"?,"merit_prizes"?}]
 */
void api_comp_rounds_quotas(struct api_ctx *c)
{
	static const char *const fields[] = {"quotas", NULL};
	static const char *const keys[] = {"track_id",      "quota",        "first_prizes",
	                                   "second_prizes", "third_prizes", "merit_prizes"};
	struct derr e = {0};
	int64_t id;
	api_only_fields(c, fields);
	json_t *list = c->body ? json_object_get(c->body, "quotas") : NULL;
	if (!api_failed(c) && (!json_is_array(list) || json_array_size(list) > 100))
		api_fail(c, 400, list ? "invalid" : "missing", "quotas", "quotas 应为数组");
	if (api_path_id(c, &id) || api_failed(c))
		return;
	size_t n = json_array_size(list);
	struct comp_quota_in *q = arena_alloc(c->arena, (n + 1) * sizeof(*q));
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(list, i);
		int64_t *dst[] = {&q[i].track_id, &q[i].quota, &q[i].first,
		                  &q[i].second,   &q[i].third, &q[i].merit};
		for (size_t k = 0; k < 6; k++) {
			json_t *v = json_object_get(o, keys[k]);
			if ((v && !json_is_integer(v)) || (k < 2 && !v) || !json_is_object(o))
				return (void)api_fail(
				    c, 400, "invalid", "quotas",
				    arena_printf(c->arena, "第 %zu 项应有整数 track_id 和 quota",
				                 i + 1));
			*dst[k] = v ? json_integer_value(v) : 0;
		}
	}
	api_comp_answer(c, comp_round_quotas_set(c->db, &c->actor, id, q, n, &e), &e, 200, NULL);
}

/* ---- per edition: eligibility, entries, results, figures, appeals ---- */

/* A route on {id} that takes no fields, answered by one domain call. */
void api_comp_on_id(struct api_ctx *c, api_comp_id_fn fn)
{
	static const char *const none[] = {NULL};
	int64_t id;
	struct derr e = {0};
	json_t *out = NULL;
	if (api_only_fields(c, none) || api_path_id(c, &id))
		return;
	int rc = fn(c->db, &c->actor, id, &out, &e);
	api_comp_answer(c, rc, &e, 200, out);
}

void api_comp_editions_check(struct api_ctx *c)
{
	api_comp_on_id(c, comp_edition_check);
}

void api_comp_editions_entries(struct api_ctx *c)
{
	api_comp_on_id(c, comp_entries);
}

void api_comp_editions_results(struct api_ctx *c)
{
	api_comp_on_id(c, comp_edition_results);
}

void api_comp_editions_stats(struct api_ctx *c)
{
	api_comp_on_id(c, comp_edition_stats);
}

void api_comp_editions_stats_export(struct api_ctx *c)
{
	int64_t id;
	struct derr e = {0};
	json_t *out = NULL;
	const char *table = api_query(c, "table");
	if (api_path_id(c, &id) || api_failed(c))
		return;
	if (!table)
		return (void)api_fail(c, 400, "missing", "table", "缺少查询参数 table");
	int rc = comp_export_table(c->db, &c->actor, id, table, &out, &e);
	api_comp_send_table(c, rc, &e, out, arena_printf(c->arena, "competition-%s.xlsx", table));
}

void api_comp_editions_appeals(struct api_ctx *c)
{
	int64_t id;
	struct derr e = {0};
	json_t *out = NULL;
	const char *status = api_query(c, "status");
	if (api_path_id(c, &id) || api_failed(c))
		return;
	int rc = comp_appeal_list(c->db, &c->actor, id, status, &out, &e);
	api_comp_answer(c, rc, &e, 200, out);
}

/* ---- per round: results and the decisions on them ---- */

void api_comp_rounds_results(struct api_ctx *c)
{
	api_comp_on_id(c, comp_round_results);
}

void api_comp_rounds_results_export(struct api_ctx *c)
{
	int64_t id;
	struct derr e = {0};
	json_t *out = NULL;
	if (api_path_id(c, &id))
		return;
	int rc = comp_export_table(c->db, &c->actor, id, "results", &out, &e);
	api_comp_send_table(c, rc, &e, out, "competition-results.xlsx");
}

void api_comp_rounds_promote(struct api_ctx *c)
{
	api_comp_on_id(c, comp_round_promote);
}

void api_comp_rounds_publish(struct api_ctx *c)
{
	api_comp_on_id(c, comp_round_publish);
}
