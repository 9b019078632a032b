#include "domain/visibility.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "base/vec.h"
#include "domain/audit.h"
#include "domain/recommend.h"
#include "domain/student.h"

typedef VEC(int64_t) id_vec;

/* Rules 3-4 for the enterprise bound five times; `s` is the student.  The
 * cheap branch first: a discoverable student of an approved enterprise
 * that was not blocked; else an application to the enterprise, which
 * counts when live, or (withdrawn) under the same approval and block
 * conditions as discovery. */
#define APPROVED "EXISTS (SELECT 1 FROM organizations eo WHERE eo.id = ? AND eo.status = 'active')"
#define NOT_BLOCKED                                                                                \
	"NOT EXISTS (SELECT 1 FROM student_blocks sb WHERE sb.student_id = s.id AND"               \
	" sb.enterprise_id = ?)"
#define ENTERPRISE_SCOPE                                                                           \
	" AND s.closed_at IS NULL AND ((s.discoverable = 1 AND " APPROVED " AND " NOT_BLOCKED      \
	") OR EXISTS (SELECT 1 FROM applications ap WHERE ap.student_id = s.id AND"                \
	" ap.enterprise_id = ? AND (ap.status <> 'withdrawn' OR (" APPROVED " AND " NOT_BLOCKED    \
	"))))"

void visibility_scope_sql(const struct actor *a, struct buf *where, struct store_args *args)
{
	switch (a->role) {
	case ROLE_OPERATOR:
		break;
	case ROLE_COLLEGE:
		buf_adds(where, " AND s.college_id = ?");
		store_args_int(args, a->org_id);
		break;
	case ROLE_ENTERPRISE:
		buf_adds(where, ENTERPRISE_SCOPE);
		for (int i = 0; i < 5; i++)
			store_args_int(args, a->org_id);
		break;
	default: /* a student: only themself; other roles see no one */
		buf_adds(where, " AND s.account_id = ?");
		store_args_int(args, a->id);
	}
}

/* 1 when the enterprise is approved, 0 when not, -1 on a store error. */
static int enterprise_approved(struct store *db, int64_t org_id)
{
	int64_t n = 0;
	if (store_int64(db, &n,
	                "SELECT COUNT(*) FROM organizations WHERE id = ? AND kind = 'enterprise'"
	                " AND status = 'active'",
	                "i", org_id) != STORE_ROW)
		return -1;
	return n > 0;
}

static int not_approved(struct derr *e)
{
	return derr_code(e, DERR_FORBIDDEN, VISIBILITY_NOT_APPROVED_CODE, NULL,
	                 VISIBILITY_NOT_APPROVED_MESSAGE);
}

int visibility_talent_pool(struct store *db, const struct actor *a, struct derr *e)
{
	if (a->role == ROLE_OPERATOR || a->role == ROLE_COLLEGE)
		return 0;
	if (a->role != ROLE_ENTERPRISE)
		return derr_set(e, DERR_FORBIDDEN, NULL, "没有权限执行此操作");
	int ok = enterprise_approved(db, a->org_id);
	if (ok < 0)
		return derr_store(e, db, "enterprise status");
	return ok ? 0 : not_approved(e);
}

int visibility_student(struct store *db, const struct actor *a, int64_t student_id, struct derr *e)
{
	struct buf where = BUF_INIT;
	struct store_args args = {0};
	int64_t n = 0;
	buf_adds(&where, "SELECT COUNT(*) FROM students s WHERE s.id = ?");
	store_args_int(&args, student_id);
	visibility_scope_sql(a, &where, &args);
	int rc = buf_failed(&where) ? STORE_ERROR : store_int64_args(db, &n, where.data, &args);
	buf_release(&where);
	if (rc != STORE_ROW)
		return derr_store(e, db, "student visibility");
	if (n)
		return 0;
	/* An enterprise awaiting approval learns why, not whether the
	 * student exists. */
	if (a->role == ROLE_ENTERPRISE) {
		int ok = enterprise_approved(db, a->org_id);
		if (ok < 0)
			return derr_store(e, db, "enterprise status");
		if (!ok)
			return not_approved(e);
	}
	return derr_set(e, DERR_NOT_FOUND, NULL, "学生不存在");
}

int visibility_explain(struct store *db, const struct actor *a, int64_t student_id,
                       int64_t position_id, struct derr *e)
{
	int64_t n = 0;
	if (visibility_talent_pool(db, a, e))
		return -1;
	if (store_int64(db, &n, "SELECT COUNT(*) FROM positions WHERE id = ? AND enterprise_id = ?",
	                "ii", position_id, a->org_id) != STORE_ROW)
		return derr_store(e, db, "explain position");
	if (!n || !student_id)
		return derr_set(e, DERR_NOT_FOUND, NULL, "学生或岗位不存在");
	struct derr seen = {0};
	if (!visibility_student(db, a, student_id, &seen))
		return 0;
	if (seen.kind == DERR_INTERNAL)
		return derr_internal(e, seen.detail);
	if (store_int64(db, &n,
	                "SELECT COUNT(*) FROM match_choices mc JOIN match_rounds r ON"
	                " r.id = mc.round_id JOIN positions cp ON cp.id = mc.position_id JOIN"
	                " students s ON s.id = mc.student_id WHERE mc.student_id = ? AND"
	                " cp.enterprise_id = ? AND r.status <> 'cancelled' AND s.closed_at IS NULL",
	                "ii", student_id, a->org_id) != STORE_ROW)
		return derr_store(e, db, "explain choices");
	return n ? 0 : derr_set(e, DERR_NOT_FOUND, NULL, "学生或岗位不存在");
}

/* Students rule 3-4 hides from an approved enterprise although the engine
 * may rank them (it knows discoverable and applied, not blocks): those who
 * blocked it, without a live application to it. */
static int hidden_students(struct store *db, int64_t enterprise_id, id_vec *out)
{
	struct store_stmt *st =
	    store_query(db,
	                "SELECT sb.student_id FROM student_blocks sb WHERE sb.enterprise_id = ?"
	                " AND NOT EXISTS (SELECT 1 FROM applications ap WHERE ap.student_id ="
	                " sb.student_id AND ap.enterprise_id = ? AND ap.status <> 'withdrawn')",
	                "ii", enterprise_id, enterprise_id);
	int rc = st ? STORE_ROW : STORE_ERROR;
	while (st && (rc = store_step(st)) == STORE_ROW)
		if (VEC_PUSH(out, store_column_int64(st, 0))) {
			rc = STORE_ERROR;
			break;
		}
	store_finalize(st);
	return rc == STORE_DONE ? 0 : -1;
}

json_t *visibility_candidates(struct store *db, const struct actor *a, int64_t position_id,
                              size_t k, struct derr *e)
{
	id_vec hidden = VEC_INIT;
	if (visibility_talent_pool(db, a, e))
		return NULL;
	if (a->role == ROLE_ENTERPRISE && hidden_students(db, a->org_id, &hidden)) {
		VEC_FREE(&hidden);
		derr_store(e, db, "hidden students");
		return NULL;
	}
	/* Ask for as many more as could be hidden, then drop them. */
	json_t *hits = recommend_for_position(db, position_id, k + hidden.n);
	if (!hits) {
		VEC_FREE(&hidden);
		derr_internal(e, "candidates");
		return NULL;
	}
	for (size_t i = json_array_size(hits); i-- > 0;) {
		int64_t sid =
		    json_integer_value(json_object_get(json_array_get(hits, i), "student_id"));
		for (size_t h = 0; h < hidden.n; h++)
			if (hidden.v[h] == sid) {
				json_array_remove(hits, i);
				break;
			}
	}
	while (json_array_size(hits) > k)
		json_array_remove(hits, json_array_size(hits) - 1);
	VEC_FREE(&hidden);
	return hits;
}

/* A student's blocks, newest first (the answer of both calls). */
static int read_blocks(struct store *db, int64_t student_id, json_t **items, struct derr *e)
{
	*items =
	    store_rows(db,
	               "SELECT sb.enterprise_id, o.name AS enterprise_name, sb.created_at"
	               " FROM student_blocks sb JOIN organizations o ON o.id = sb.enterprise_id"
	               " WHERE sb.student_id = ? ORDER BY sb.created_at DESC, sb.enterprise_id",
	               "i", student_id);
	return *items ? 0 : derr_store(e, db, "blocks");
}

int visibility_blocks(struct store *db, const struct actor *a, json_t **items, struct derr *e)
{
	int64_t sid;
	*items = NULL;
	return student_own(db, a, &sid, e) || read_blocks(db, sid, items, e) ? -1 : 0;
}

static int in_array(const json_t *ids, int64_t id)
{
	size_t i;
	json_t *v;
	json_array_foreach(ids, i, v) if (json_integer_value(v) == id) return 1;
	return 0;
}

/* Each id must be an enterprise on the platform (400 otherwise). */
static int check_enterprises(struct store *db, const json_t *ids, struct derr *e)
{
	size_t i;
	json_t *v;
	json_array_foreach(ids, i, v)
	{
		int64_t n = 0;
		if (store_int64(db, &n,
		                "SELECT COUNT(*) FROM organizations WHERE id = ? AND"
		                " kind = 'enterprise'",
		                "i", (int64_t)json_integer_value(v)) != STORE_ROW)
			return derr_store(e, db, "block lookup");
		if (!n)
			return derr_set(e, DERR_INVALID, "enterprise_ids", "要屏蔽的企业不存在");
	}
	return 0;
}

/* Deletes the blocks not in ids and adds the new ones (inside the
 * transaction); *changed counts both.  0, or a store code. */
static int replace_blocks(struct store *db, int64_t sid, const json_t *ids, json_t *kept,
                          int *changed)
{
	int64_t at = now_seconds();
	int rc = STORE_OK;
	size_t i;
	json_t *v;
	json_array_foreach(kept, i, v)
	{
		if (rc == STORE_OK && !in_array(ids, json_integer_value(v))) {
			rc = store_run(db,
			               "DELETE FROM student_blocks WHERE student_id = ? AND"
			               " enterprise_id = ?",
			               "ii", sid, (int64_t)json_integer_value(v));
			++*changed;
		}
	}
	json_array_foreach(ids, i, v)
	{
		if (rc == STORE_OK && !in_array(kept, json_integer_value(v))) {
			rc = store_run(db,
			               "INSERT INTO student_blocks (student_id, enterprise_id,"
			               " created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
			               "iii", sid, (int64_t)json_integer_value(v), at);
			++*changed;
		}
	}
	return rc;
}

int visibility_blocks_set(struct store *db, const struct actor *a, const json_t *ids,
                          json_t **items, struct derr *e)
{
	int64_t sid;
	int changed = 0;
	size_t i;
	json_t *v;
	*items = NULL;
	if (student_own(db, a, &sid, e))
		return -1;
	if (json_array_size(ids) > VISIBILITY_BLOCKS_MAX)
		return derr_set(e, DERR_INVALID, "enterprise_ids", "最多屏蔽 200 家企业");
	if (check_enterprises(db, ids, e))
		return -1;
	json_t *now_blocked = store_rows(
	    db, "SELECT enterprise_id FROM student_blocks WHERE student_id = ?", "i", sid);
	if (!now_blocked)
		return derr_store(e, db, "blocks");
	json_t *kept = json_array();
	json_array_foreach(now_blocked, i, v)
	    json_array_append(kept, json_object_get(v, "enterprise_id"));
	json_decref(now_blocked);
	if (store_begin(db) != STORE_OK ||
	    replace_blocks(db, sid, ids, kept, &changed) != STORE_OK) {
		json_decref(kept);
		return derr_store(e, db, "blocks set");
	}
	json_decref(kept);
	if (!changed) { /* the same list again: nothing written, no event */
		store_rollback(db);
		return read_blocks(db, sid, items, e);
	}
	char detail[32];
	snprintf(detail, sizeof(detail), "%zu blocked", json_array_size(ids));
	if (audit_write(db, a, "student.blocks", "student", sid, detail, e) ||
	    read_blocks(db, sid, items, e))
		return -1;
	if (store_commit(db) != STORE_OK) {
		json_decref(*items);
		*items = NULL;
		return derr_store(e, db, "blocks set commit");
	}
	return 0;
}

int visibility_enterprises_named(struct store *db, const char *q, json_t **items, struct derr *e)
{
	char *like = store_like_contains(q);
	*items = like ? store_rows(db,
	                           "SELECT id, name FROM organizations WHERE"
	                           " kind = 'enterprise' AND status = 'active' AND"
	                           " name LIKE ? ESCAPE '\\' ORDER BY name, id LIMIT 20",
	                           "t", like)
	              : NULL;
	free(like);
	return *items ? 0 : derr_store(e, db, "enterprise search");
}

int visibility_enterprise_search(struct store *db, const struct actor *a, const char *q,
                                 json_t **items, struct derr *e)
{
	int64_t sid;
	*items = NULL;
	if (student_own(db, a, &sid, e))
		return -1;
	return visibility_enterprises_named(db, q, items, e);
}
