#include "domain/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/derr.h"

int audit_record(struct store *db, const struct actor *actor, const char *login, const char *action,
                 const char *object_type, int64_t object_id, const char *address,
                 const char *outcome, const char *detail)
{
	char oid[24] = "";
	int has_actor = actor && actor->id;

	if (object_id)
		snprintf(oid, sizeof(oid), "%lld", (long long)object_id);
	int rc = store_run(
	    db,
	    "INSERT INTO audit_log (at, account_id, login, role, org_id, action, object_type,"
	    " object_id, address, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    "iIttI"
	    "ttttt"
	    "t",
	    now_seconds(), has_actor ? actor->id : (int64_t)0, has_actor ? actor->login : login,
	    has_actor ? role_name(actor->role) : NULL, has_actor ? actor->org_id : (int64_t)0,
	    action, object_type, object_id ? oid : NULL, address, outcome, detail);
	if (rc != STORE_OK)
		log_error("audit: cannot record %s: %s", action, store_errmsg(db));
	return rc;
}

int audit_write(struct store *db, const struct actor *actor, const char *action,
                const char *object_type, int64_t object_id, const char *detail, struct derr *e)
{
	const char *login = actor && !actor->id && *actor->login ? actor->login : NULL;
	if (audit_record(db, actor, login, action, object_type, object_id,
	                 actor ? actor->address : NULL, "ok", detail) != STORE_OK)
		return derr_store(e, db, "audit");
	return 0;
}

#define AUDIT_COLUMNS                                                                              \
	"SELECT id, at, account_id, login, role, org_id, action, object_type, object_id,"          \
	" address, outcome, detail FROM audit_log"

/* The WHERE clause of a filter; *like is the caller's to free. */
static int filter_where(const struct audit_filter *f, struct buf *w, struct store_args *args,
                        char **like, struct derr *e)
{
	*like = NULL;
	if (f->outcome && strcmp(f->outcome, "ok") && strcmp(f->outcome, "denied") &&
	    strcmp(f->outcome, "failed"))
		return derr_set(e, DERR_INVALID, "outcome", "结果应为 ok、denied 或 failed");
	buf_adds(w, " WHERE 1 = 1");
	*like = f->login ? store_like_contains(f->login) : NULL;
	if (*like) {
		buf_adds(w, " AND login LIKE ? ESCAPE '\\'");
		store_args_text(args, *like);
	}
	if (f->action) {
		buf_adds(w, " AND action = ?");
		store_args_text(args, f->action);
	}
	if (f->object_type) {
		buf_adds(w, " AND object_type = ?");
		store_args_text(args, f->object_type);
	}
	if (f->outcome) {
		buf_adds(w, " AND outcome = ?");
		store_args_text(args, f->outcome);
	}
	if (f->from) {
		buf_adds(w, " AND at >= ?");
		store_args_int(args, f->from);
	}
	if (f->to) {
		buf_adds(w, " AND at <= ?");
		store_args_int(args, f->to);
	}
	return buf_failed(w) ? derr_internal(e, "audit filter: out of memory") : 0;
}

int audit_list(struct store *db, const struct audit_filter *f, int64_t page, int64_t size,
               json_t **items, int64_t *total, struct derr *e)
{
	struct buf w = BUF_INIT;
	struct store_args args = {0};
	char *like;
	*items = NULL;
	*total = 0;
	int rc = filter_where(f, &w, &args, &like, e) ||
	         listing_page_where(db, "audit_log", AUDIT_COLUMNS, w.data, "id DESC", &args, page,
	                            size, items, total, "audit list", e);
	free(like);
	buf_release(&w);
	return rc ? -1 : 0;
}

int audit_export(struct store *db, const struct actor *actor, const struct audit_filter *f,
                 listing_rows_fn write, void *arg, struct derr *e)
{
	struct buf w = BUF_INIT;
	struct store_args args = {0};
	char *like;
	/* The export is recorded once it was made: a failed one is no event. */
	int rc = filter_where(f, &w, &args, &like, e) ||
	         listing_export_where(db, AUDIT_COLUMNS, w.data, "id DESC", &args, write, arg,
	                              "audit export", e) ||
	         audit_write(db, actor, "audit.export", "audit_log", 0, NULL, e);
	free(like);
	buf_release(&w);
	return rc ? -1 : 0;
}
