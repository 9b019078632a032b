/*
 * Imports: POST the file itself (not JSON) to preview or commit; GET the
 * template.  Who imports what: colleges their students, the operator
 * students of any college and enterprises, enterprise HR their positions.
 */
#include <string.h>

#include "api/api.h"
#include "domain/recommend.h"
#include "api/export.h"
#include "domain/import.h"

/* Resolves {kind} to a kind the caller may import and the scope; NULL after
 * answering. */
static const struct import_kind *kind_for(struct api_ctx *c, struct import_scope *scope)
{
	const struct import_kind *k = import_kind_find(c->path_param);
	memset(scope, 0, sizeof(*scope));
	scope->actor_id = c->actor.id;
	if (!k) {
		api_fail(c, 404, "not_found", NULL, "没有这种导入");
		return NULL;
	}
	int role = c->actor.role;
	int ok = (!strcmp(k->name, "students") && (role == ROLE_COLLEGE || role == ROLE_OPERATOR)) ||
		 (!strcmp(k->name, "positions") && role == ROLE_ENTERPRISE) ||
		 (!strcmp(k->name, "enterprises") && role == ROLE_OPERATOR);
	if (!ok) {
		api_fail(c, 403, "forbidden", NULL, "没有权限导入这类数据");
		return NULL;
	}
	if (role == ROLE_COLLEGE)
		scope->college_id = c->actor.org_id;
	if (role == ROLE_ENTERPRISE) {
		int64_t usable = 0;
		store_int64(c->db, &usable,
			    "SELECT COUNT(*) FROM organizations WHERE id = ? AND status <> 'rejected'",
			    "i", c->actor.org_id);
		if (!usable) {
			api_fail(c, 422, "rule", NULL, "企业资质未通过审核，不能导入岗位");
			return NULL;
		}
		scope->enterprise_id = c->actor.org_id;
	}
	return k;
}

static void run(struct api_ctx *c, int commit)
{
	struct import_scope scope;
	const struct import_kind *k = kind_for(c, &scope);
	char err[512];
	if (!k)
		return;
	if (!c->upload_len) {
		api_fail(c, 400, "missing", "file", "请上传 .xlsx 或 .csv 文件");
		return;
	}
	json_t *out = import_run(c->db, k, &scope, c->upload, c->upload_len, commit, err,
				 sizeof(err));
	if (!out) {
		api_fail(c, 400, "invalid", "file", err);
		return;
	}
	int64_t errors = json_integer_value(json_object_get(out, "errors_total"));
	if (commit) {
		api_audit(c, "import.commit", k->name, 0, errors ? "failed" : "ok",
			  arena_printf(c->arena, "%lld rows, %lld errors",
				       (long long)json_integer_value(json_object_get(out, "rows")),
				       (long long)errors));
		/* A refused commit is the client's to fix: 422 with the same
		 * per-row report a preview gives. */
		if (errors) {
			json_object_set_new(out, "error",
					    json_pack("{s:s, s:s, s:s}", "code", "rule", "message",
						      "文件有错误，未导入任何数据", "field", "file"));
			api_reply(c, 422, out);
			return;
		}
	}
	if (commit)
		recommend_invalidate(); /* many rows at once: rebuild on next use */
	api_reply(c, 200, out);
}

void api_import_preview(struct api_ctx *c)
{
	run(c, 0);
}

void api_import_commit(struct api_ctx *c)
{
	run(c, 1);
}

void api_import_template(struct api_ctx *c)
{
	struct import_scope scope;
	const struct import_kind *k = kind_for(c, &scope);
	if (!k)
		return;
	const char *titles[16], *examples[16], *hints[16];
	int required[16], n = 0;
	for (; k->columns[n].key && n < 16; n++) {
		titles[n] = k->columns[n].title;
		examples[n] = k->columns[n].example;
		hints[n] = k->columns[n].hint;
		required[n] = k->columns[n].required;
	}
	/* A college imports its own students: no college column. */
	if (!strcmp(k->name, "students") && c->actor.role == ROLE_COLLEGE)
		n--;
	if (export_template(c, arena_printf(c->arena, "%s-template.xlsx", k->name), k->title, n,
			    titles, required, examples, hints))
		api_internal(c, "template");
}
