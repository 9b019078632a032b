/*
 * Imports: POST the file itself (not JSON) to preview or commit; GET the
 * template.  Who imports what (colleges their students, the operator
 * students of any college and enterprises, enterprise HR their positions)
 * is domain/import.h's to decide.
 */
#include "api/api.h"
#include "api/export.h"
#include "domain/import.h"

static void run(struct api_ctx *c, int commit)
{
	struct derr e = {0};
	json_t *out;
	if (import_file(c->db, &c->actor, c->path_param, c->upload, c->upload_len, commit, &out,
	                &e)) {
		api_fail_derr(c, &e);
		return;
	}
	/* A refused commit is the client's to fix: 422 with the same per-row
	 * report a preview gives. */
	if (commit && json_integer_value(json_object_get(out, "errors_total"))) {
		json_object_set_new(out, "error",
		                    json_pack("{s:s, s:s, s:s}", "code", "rule", "message",
		                              "文件有错误，未导入任何数据", "field", "file"));
		api_reply(c, 422, out);
		return;
	}
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
	struct derr e = {0};
	const struct import_kind *k;
	int n;
	if (import_template_for(c->db, &c->actor, c->path_param, &k, &n, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	const char *titles[16], *examples[16], *hints[16];
	int required[16];
	for (int i = 0; i < n && i < 16; i++) {
		titles[i] = k->columns[i].title;
		examples[i] = k->columns[i].example;
		hints[i] = k->columns[i].hint;
		required[i] = k->columns[i].required;
	}
	if (export_template(c, arena_printf(c->arena, "%s-template.xlsx", k->name), k->title,
	                    n < 16 ? n : 16, titles, required, examples, hints))
		api_internal(c, "template");
}
