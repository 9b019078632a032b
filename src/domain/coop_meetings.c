/* 供需对接会: the event, its parties and their wishes; see coop_meetings.h. */
#include "domain/coop_meetings.h"

#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "domain/audit.h"

static const char *const statuses[][2] = {
    {"draft", "草稿"},      {"open", "报名中"},      {"closed", "报名截止"},
    {"finished", "已结束"}, {"cancelled", "已取消"},
};

static int status_index(const char *s)
{
	for (int i = 0; s && i < 5; i++)
		if (!strcmp(s, statuses[i][0]))
			return i;
	return -1;
}

static const char *label(const char *s)
{
	int i = status_index(s);
	return i < 0 ? "?" : statuses[i][1];
}

int coop_meeting_load(struct store *db, const struct actor *a, int64_t id, struct coop_meeting *m,
                      struct derr *e)
{
	*m = (struct coop_meeting){.id = id};
	struct store_stmt *st = store_query(
	    db,
	    "SELECT m.starts_at, m.ends_at, m.slot_minutes, m.status, m.name, p.kind FROM"
	    " coop_meetings m LEFT JOIN coop_meeting_parties p ON p.meeting_id = m.id AND"
	    " p.org_id = ? WHERE m.id = ?",
	    "ii", a->org_id, id);
	int rc = st ? store_step(st) : STORE_ERROR;
	if (rc == STORE_ROW) {
		m->starts_at = store_column_int64(st, 0);
		m->ends_at = store_column_int64(st, 1);
		m->slot_minutes = store_column_int64(st, 2);
		snprintf(m->status, sizeof(m->status), "%s", store_column_text(st, 3));
		snprintf(m->name, sizeof(m->name), "%s", store_column_text(st, 4));
		if ((a->role == ROLE_COLLEGE || a->role == ROLE_ENTERPRISE) &&
		    store_column_type(st, 5) == STORE_T_TEXT)
			snprintf(m->party_kind, sizeof(m->party_kind), "%s",
			         store_column_text(st, 5));
	}
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return derr_store(e, db, "meeting");
	int seen = rc == STORE_ROW && (a->role == ROLE_OPERATOR ||
	                               ((a->role == ROLE_COLLEGE || a->role == ROLE_ENTERPRISE) &&
	                                strcmp(m->status, "draft")));
	return seen ? 0 : derr_set(e, DERR_NOT_FOUND, NULL, "对接会不存在");
}

int coop_meeting_require(const struct coop_meeting *m, const char *const *allowed,
                         const char *action, struct derr *e)
{
	for (; *allowed; allowed++)
		if (!strcmp(m->status, *allowed))
			return 0;
	return derr_codef(e, DERR_CONFLICT, NULL, "status", "对接会%s，不能%s", label(m->status),
	                  action);
}

#define MEETING_SELECT                                                                             \
	"SELECT m.id, m.name, m.venue, m.description, m.starts_at, m.ends_at, m.slot_minutes,"     \
	" m.status, m.created_at, m.updated_at, (SELECT COUNT(*) FROM coop_meeting_parties p"      \
	" WHERE p.meeting_id = m.id AND p.kind = 'college') AS colleges, (SELECT COUNT(*) FROM"    \
	" coop_meeting_parties p WHERE p.meeting_id = m.id AND p.kind = 'enterprise') AS"          \
	" enterprises, (SELECT COUNT(*) FROM coop_meeting_wishes w WHERE w.meeting_id = m.id) AS"  \
	" wishes, (SELECT COUNT(*) FROM coop_talks t WHERE t.meeting_id = m.id AND t.status ="     \
	" 'scheduled') AS talks_scheduled, (SELECT COUNT(*) FROM coop_talks t WHERE t.meeting_id"  \
	" = m.id AND t.status = 'held') AS talks_held, (SELECT COUNT(*) FROM coop_talks t WHERE"   \
	" t.meeting_id = m.id AND t.status = 'unplaced') AS talks_unplaced FROM coop_meetings m"

static void add_label(json_t *row)
{
	json_object_set_new(row, "status_label", json_string(label(coop_str(row, "status"))));
}

static int meeting_read(struct store *db, const struct actor *a, int64_t id, json_t **out,
                        struct derr *e)
{
	if (derr_found(db, store_row(db, MEETING_SELECT " WHERE m.id = ?", "i", id), out, "meeting",
	               DERR_NOT_FOUND, NULL, "对接会不存在", e))
		return -1;
	add_label(*out);
	json_t *parties = store_rows(db,
	                             "SELECT p.org_id, o.name, p.kind, p.tables, p.joined_at FROM"
	                             " coop_meeting_parties p JOIN organizations o ON o.id ="
	                             " p.org_id WHERE p.meeting_id = ? ORDER BY p.kind, o.name",
	                             "i", id);
	json_t *mine =
	    store_row(db,
	              "SELECT kind, tables FROM coop_meeting_parties WHERE meeting_id = ?"
	              " AND org_id = ?",
	              "ii", id, a->org_id);
	if (!parties || !mine) {
		json_decref(parties);
		json_decref(mine);
		json_decref(*out);
		*out = NULL;
		return derr_store(e, db, "meeting parties");
	}
	json_object_set_new(*out, "parties", parties);
	json_object_set_new(*out, "mine",
	                    json_is_object(mine)
	                        ? json_pack("{s:b, s:O, s:O}", "joined", 1, "kind",
	                                    json_object_get(mine, "kind"), "tables",
	                                    json_object_get(mine, "tables"))
	                        : json_pack("{s:b}", "joined", 0));
	json_decref(mine);
	return 0;
}

static int finish(struct store *db, const struct actor *a, int64_t id, const char *action,
                  const char *detail, json_t **out, struct derr *e)
{
	if (audit_write(db, a, action, "coop_meeting", id, detail, e) ||
	    meeting_read(db, a, id, out, e))
		return -1;
	return derr_commit(db, out, action, e);
}

static int input_check(const struct coop_meeting_input *in, struct derr *e)
{
	if (in->ends_at <= in->starts_at)
		return derr_set(e, DERR_INVALID, "ends_at", "结束时间应晚于开始时间");
	if (in->ends_at - in->starts_at > 2 * 86400)
		return derr_set(e, DERR_INVALID, "ends_at", "一场对接会最长 2 天");
	if ((in->ends_at - in->starts_at) < in->slot_minutes * 60)
		return derr_set(e, DERR_INVALID, "slot_minutes", "对接会时长不足一个洽谈时段");
	return 0;
}

int coop_meeting_create(struct store *db, const struct actor *a,
                        const struct coop_meeting_input *in, json_t **out, struct derr *e)
{
	int64_t id = 0, now = now_seconds();
	*out = NULL;
	if (input_check(in, e))
		return -1;
	if (store_begin(db) != STORE_OK ||
	    store_int64(db, &id,
	                "INSERT INTO coop_meetings (name, venue, description, starts_at, ends_at,"
	                " slot_minutes, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?,"
	                " ?, ?, ?, ?) RETURNING id",
	                "tttiiiiii", in->name, in->venue, in->description, in->starts_at,
	                in->ends_at, in->slot_minutes, a->id, now, now) != STORE_ROW)
		return derr_store(e, db, "meeting create");
	return finish(db, a, id, "coop.meeting_create", NULL, out, e);
}

static const char *const editable[] = {"draft", "open", NULL};

int coop_meeting_update(struct store *db, const struct actor *a, int64_t id,
                        const struct coop_meeting_input *in, json_t **out, struct derr *e)
{
	struct coop_meeting m;
	*out = NULL;
	if (coop_meeting_load(db, a, id, &m, e) || coop_meeting_require(&m, editable, "修改", e) ||
	    input_check(in, e))
		return -1;
	if (store_begin(db) != STORE_OK ||
	    store_run(
	        db,
	        "UPDATE coop_meetings SET name = ?, venue = ?, description = ?, starts_at = ?,"
	        " ends_at = ?, slot_minutes = ?, updated_at = ? WHERE id = ?",
	        "tttiiiii", in->name, in->venue, in->description, in->starts_at, in->ends_at,
	        in->slot_minutes, now_seconds(), id) != STORE_OK)
		return derr_store(e, db, "meeting update");
	return finish(db, a, id, "coop.meeting_update", NULL, out, e);
}

int coop_meeting_set_status(struct store *db, const struct actor *a, int64_t id, const char *to,
                            json_t **out, struct derr *e)
{
	struct coop_meeting m;
	int64_t done = 0;
	*out = NULL;
	if (coop_meeting_load(db, a, id, &m, e))
		return -1;
	int f = status_index(m.status), t = status_index(to);
	if (t < 0)
		return derr_set(e, DERR_INVALID, "to",
		                "状态应为 open、closed、finished 或 cancelled");
	/* One step forward, or cancelled from any state before finished. */
	if (f >= 3 || !(t == f + 1 || t == 4))
		return derr_codef(e, DERR_RULE, NULL, "to", "不能从“%s”变为“%s”", label(m.status),
		                  label(to));
	int rc =
	    store_begin(db) != STORE_OK
	        ? STORE_ERROR
	        : store_int64(db, &done,
	                      "UPDATE coop_meetings SET status = ?, updated_at = ? WHERE id = ?"
	                      " AND status = ? RETURNING id",
	                      "tiit", to, now_seconds(), id, m.status);
	if (coop_changed(db, rc, "to", "对接会状态刚被他人修改，请刷新", "meeting status", e))
		return -1;
	return finish(db, a, id, "coop.meeting_status", to, out, e);
}

int coop_meeting_list(struct store *db, const struct actor *a, json_t **out, struct derr *e)
{
	if (a->role != ROLE_OPERATOR && a->role != ROLE_COLLEGE && a->role != ROLE_ENTERPRISE)
		return derr_set(e, DERR_FORBIDDEN, NULL, "无权查看对接会");
	json_t *items = store_rows(db,
	                           MEETING_SELECT " WHERE (? = 1 OR m.status <> 'draft') ORDER BY"
	                                          " m.starts_at DESC, m.id DESC LIMIT 500",
	                           "i", (int64_t)(a->role == ROLE_OPERATOR));
	if (!items)
		return derr_store(e, db, "meeting list");
	size_t i;
	json_t *r;
	json_array_foreach(items, i, r) add_label(r);
	*out = json_pack("{s:o}", "items", items);
	return 0;
}

int coop_meeting_get(struct store *db, const struct actor *a, int64_t id, json_t **out,
                     struct derr *e)
{
	struct coop_meeting m;
	*out = NULL;
	return coop_meeting_load(db, a, id, &m, e) || meeting_read(db, a, id, out, e) ? -1 : 0;
}

static const char *const open_only[] = {"open", NULL};

int coop_meeting_join(struct store *db, const struct actor *a, int64_t id, int64_t org_id,
                      int64_t tables, json_t **out, struct derr *e)
{
	struct coop_meeting m;
	json_t *org;
	*out = NULL;
	if (a->role != ROLE_OPERATOR) {
		if (org_id && org_id != a->org_id)
			return derr_set(e, DERR_FORBIDDEN, "org_id", "只能为本单位报名");
		org_id = a->org_id;
		if (coop_actor_org_active(db, a, e))
			return -1;
	} else if (!org_id) {
		return derr_set(e, DERR_INVALID, "org_id", "请指定参会单位");
	}
	if (coop_meeting_load(db, a, id, &m, e) || coop_meeting_require(&m, open_only, "报名", e) ||
	    derr_found(
	        db,
	        store_row(db, "SELECT kind FROM organizations WHERE id = ? AND status = 'active'",
	                  "i", org_id),
	        &org, "meeting org", DERR_NOT_FOUND, NULL, "参会单位不存在或尚未通过审核", e))
		return -1;
	char kind[12];
	snprintf(kind, sizeof(kind), "%s", coop_str(org, "kind"));
	json_decref(org);
	if (!strcmp(kind, "college"))
		tables = 1; /* a college sends one group */
	if (store_begin(db) != STORE_OK ||
	    store_run(
	        db,
	        "INSERT INTO coop_meeting_parties (meeting_id, org_id, kind, tables, joined_at)"
	        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (meeting_id, org_id) DO UPDATE SET"
	        " tables = excluded.tables",
	        "iitii", id, org_id, kind, tables, now_seconds()) != STORE_OK)
		return derr_store(e, db, "meeting join");
	char detail[32];
	snprintf(detail, sizeof(detail), "org %lld", (long long)org_id);
	return finish(db, a, id, "coop.meeting_join", detail, out, e);
}

#define WISH_SELECT                                                                                \
	"SELECT w.from_org, f.name AS from_name, f.kind AS from_kind, w.to_org, t.name AS"         \
	" to_name, w.priority, w.note, w.created_at FROM coop_meeting_wishes w JOIN"               \
	" organizations f ON f.id = w.from_org JOIN organizations t ON t.id = w.to_org WHERE"      \
	" w.meeting_id = ?"

int coop_meeting_wishes(struct store *db, const struct actor *a, int64_t id, json_t **out,
                        struct derr *e)
{
	struct coop_meeting m;
	*out = NULL;
	if (coop_meeting_load(db, a, id, &m, e))
		return -1;
	json_t *items =
	    store_rows(db,
	               WISH_SELECT " AND (? = 1 OR w.from_org = ? OR w.to_org = ?)"
	                           " ORDER BY w.from_org, w.priority, w.to_org",
	               "iiii", id, (int64_t)(a->role == ROLE_OPERATOR), a->org_id, a->org_id);
	if (!items)
		return derr_store(e, db, "meeting wishes");
	*out = json_pack("{s:o}", "items", items);
	return 0;
}

/* Checks one wish and writes it (inside the caller's transaction). */
static int wish_insert(struct store *db, int64_t id, int64_t from, const char *kind, json_t *w,
                       size_t i, struct derr *e)
{
	json_t *to = json_object_get(w, "org_id"), *prio = json_object_get(w, "priority");
	json_t *note = json_object_get(w, "note");
	int64_t n = 0;
	if (!json_is_object(w) || !json_is_integer(to) || !json_is_integer(prio) ||
	    json_integer_value(prio) < 1 || json_integer_value(prio) > 9 ||
	    (note && !json_is_null(note) &&
	     (!json_is_string(note) || json_string_length(note) > 600))) {
		store_rollback(db);
		return derr_codef(e, DERR_INVALID, NULL, "wishes",
		                  "第 %zu 项应为 {org_id, priority 1-9, note?}", i + 1);
	}
	if (store_int64(
	        db, &n,
	        "SELECT COUNT(*) FROM coop_meeting_parties WHERE meeting_id = ? AND org_id ="
	        " ? AND kind <> ?",
	        "iit", id, (int64_t)json_integer_value(to), kind) != STORE_ROW)
		return derr_store(e, db, "wish");
	if (!n) {
		store_rollback(db);
		return derr_codef(e, DERR_INVALID, NULL, "wishes", "第 %zu 项不是本场对接会的%s",
		                  i + 1, !strcmp(kind, "college") ? "参会企业" : "参会院校");
	}
	int rc =
	    store_run(db,
	              "INSERT INTO coop_meeting_wishes (meeting_id, from_org, to_org, priority,"
	              " note, created_at) VALUES (?, ?, ?, ?, ?, ?)",
	              "iiiiti", id, from, (int64_t)json_integer_value(to),
	              (int64_t)json_integer_value(prio), json_string_value(note), now_seconds());
	if (rc == STORE_UNIQUE) {
		store_rollback(db);
		return derr_codef(e, DERR_INVALID, NULL, "wishes", "第 %zu 项重复", i + 1);
	}
	return rc == STORE_OK ? 0 : derr_store(e, db, "wish");
}

int coop_meeting_wishes_set(struct store *db, const struct actor *a, int64_t id,
                            const json_t *wishes, json_t **out, struct derr *e)
{
	struct coop_meeting m;
	*out = NULL;
	if (coop_meeting_load(db, a, id, &m, e))
		return -1;
	if (!m.party_kind[0])
		return derr_set(e, DERR_FORBIDDEN, NULL, "请先报名参加本场对接会");
	if (coop_meeting_require(&m, open_only, "提交洽谈意向", e))
		return -1;
	if (json_array_size(wishes) > COOP_WISHES_MAX)
		return derr_codef(e, DERR_INVALID, NULL, "wishes", "洽谈意向最多 %d 项",
		                  COOP_WISHES_MAX);
	if (store_begin(db) != STORE_OK ||
	    store_run(db, "DELETE FROM coop_meeting_wishes WHERE meeting_id = ? AND from_org = ?",
	              "ii", id, a->org_id) != STORE_OK)
		return derr_store(e, db, "wishes");
	size_t i;
	json_t *w;
	json_array_foreach(wishes, i,
	                   w) if (wish_insert(db, id, a->org_id, m.party_kind, w, i, e)) return -1;
	json_t *items =
	    store_rows(db, WISH_SELECT " AND w.from_org = ? ORDER BY w.priority, w.to_org", "ii",
	               id, a->org_id);
	if (!items)
		return derr_store(e, db, "wishes");
	*out = json_pack("{s:o}", "items", items);
	if (audit_write(db, a, "coop.meeting_wishes", "coop_meeting", id, NULL, e)) {
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	return derr_commit(db, out, "wishes", e);
}
