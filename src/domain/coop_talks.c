/* The talks of a 供需对接会: timetable and outcomes; see coop_talks.h. */
#include "domain/coop_talks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/audit.h"
#include "match/timetable.h"

#define MAX_SLOTS 500

#define TALK_SELECT                                                                                \
	"SELECT t.id, t.meeting_id, t.enterprise_id, e.name AS enterprise, t.college_id, c.name"   \
	" AS college, t.priority, t.mutual, t.status, t.slot, t.reason, CASE WHEN t.slot IS NULL"  \
	" THEN NULL ELSE m.starts_at + t.slot * m.slot_minutes * 60 END AS starts_at, CASE WHEN"   \
	" t.slot IS NULL THEN NULL ELSE m.starts_at + (t.slot + 1) * m.slot_minutes * 60 END AS"   \
	" ends_at, t.enterprise_interest, t.college_interest, t.next_step, t.outcome_at,"          \
	" t.updated_at FROM coop_talks t JOIN coop_meetings m ON m.id = t.meeting_id JOIN"         \
	" organizations e ON e.id = t.enterprise_id JOIN organizations c ON c.id = t.college_id"

static const char *const can_plan[] = {"open", "closed", NULL};
static const char *const on_the_day[] = {"closed", "finished", NULL};

/* ---- building the talks from the wishes ---- */

/* One pair wished for: each side's priority (0: that side did not wish). */
struct pair {
	int64_t enterprise, college;
	int by_enterprise, by_college;
};

static int by_pair(const void *p, const void *q)
{
	const struct pair *a = p, *b = q;
	if (a->enterprise != b->enterprise)
		return a->enterprise < b->enterprise ? -1 : 1;
	return (a->college > b->college) - (a->college < b->college);
}

/* The pairs of meeting id's wishes, merged and sorted; *n of them. */
static struct pair *pairs_load(struct store *db, int64_t id, size_t *n)
{
	json_t *rows = store_rows(db,
	                          "SELECT w.from_org, w.to_org, w.priority, f.kind FROM"
	                          " coop_meeting_wishes w JOIN coop_meeting_parties f ON"
	                          " f.meeting_id = w.meeting_id AND f.org_id = w.from_org WHERE"
	                          " w.meeting_id = ?",
	                          "i", id);
	size_t rows_n = json_array_size(rows), k = 0;
	struct pair *p = rows ? calloc(rows_n + 1, sizeof(*p)) : NULL;
	for (size_t i = 0; p && i < rows_n; i++) {
		json_t *r = json_array_get(rows, i);
		int64_t from = json_integer_value(json_object_get(r, "from_org"));
		int64_t to = json_integer_value(json_object_get(r, "to_org"));
		int prio = (int)json_integer_value(json_object_get(r, "priority"));
		int ent = !strcmp(coop_str(r, "kind"), "enterprise");
		p[k++] = ent ? (struct pair){from, to, prio, 0} : (struct pair){to, from, 0, prio};
	}
	json_decref(rows);
	if (!p)
		return NULL;
	qsort(p, k, sizeof(*p), by_pair);
	*n = 0;
	for (size_t i = 0; i < k; i++) { /* merge the two sides of one pair */
		if (*n && !by_pair(&p[*n - 1], &p[i])) {
			p[*n - 1].by_enterprise |= p[i].by_enterprise;
			p[*n - 1].by_college |= p[i].by_college;
		} else {
			p[(*n)++] = p[i];
		}
	}
	return p;
}

/* Within an enterprise's tables: mutual wishes first, by the better of
 * the two priorities, then one-sided ones by theirs. */
static int pair_priority(const struct pair *p, int *mutual)
{
	*mutual = p->by_enterprise && p->by_college;
	if (*mutual)
		return p->by_enterprise < p->by_college ? p->by_enterprise : p->by_college;
	return 10 + (p->by_enterprise ? p->by_enterprise : p->by_college);
}

/* Writes the talks the wishes ask for and cancels the others that were
 * not held (inside the caller's transaction). */
static int talks_sync(struct store *db, int64_t id, const struct pair *p, size_t n, struct derr *e)
{
	int64_t now = now_seconds();
	if (store_run(db,
	              "UPDATE coop_talks SET status = 'cancelled', slot = NULL, reason = NULL,"
	              " updated_at = ? WHERE meeting_id = ? AND status <> 'held'",
	              "ii", now, id) != STORE_OK)
		return derr_store(e, db, "talks sync");
	for (size_t i = 0; i < n; i++) {
		int mutual, prio = pair_priority(&p[i], &mutual);
		/* A held talk keeps its status; any other comes back unplaced. */
		if (store_run(
		        db,
		        "INSERT INTO coop_talks (meeting_id, enterprise_id, college_id, priority,"
		        " mutual, status, updated_at) VALUES (?, ?, ?, ?, ?, 'unplaced', ?) ON"
		        " CONFLICT (meeting_id, enterprise_id, college_id) DO UPDATE SET"
		        " priority = excluded.priority, mutual = excluded.mutual, status = CASE"
		        " WHEN coop_talks.status = 'held' THEN 'held' ELSE 'unplaced' END,"
		        " updated_at = excluded.updated_at",
		        "iiiiii", id, p[i].enterprise, p[i].college, (int64_t)prio, (int64_t)mutual,
		        now) != STORE_OK)
			return derr_store(e, db, "talks sync");
	}
	return 0;
}

/* ---- the timetable ---- */

/* Dense indexes for ids: the position of id in a sorted unique list. */
static int index_of(const int64_t *ids, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && ids[lo] == id ? (int)lo : -1;
}

static int by_id(const void *p, const void *q)
{
	int64_t a = *(const int64_t *)p, b = *(const int64_t *)q;
	return (a > b) - (a < b);
}

/* Sorted unique values of column key of rows. */
static int64_t *ids_of(json_t *rows, const char *key, size_t *n)
{
	size_t rows_n = json_array_size(rows), k = 0;
	int64_t *ids = calloc(rows_n + 1, sizeof(int64_t));
	for (size_t i = 0; ids && i < rows_n; i++)
		ids[i] = json_integer_value(json_object_get(json_array_get(rows, i), key));
	if (!ids)
		return NULL;
	qsort(ids, rows_n, sizeof(int64_t), by_id);
	for (size_t i = 0; i < rows_n; i++)
		if (!k || ids[k - 1] != ids[i])
			ids[k++] = ids[i];
	*n = k;
	return ids;
}

struct plan {
	json_t *rows; /* the talks to plan: id, enterprise_id, college_id, priority, status, slot,
	                 tables */
	int64_t *ents, *cols;
	size_t nents, ncols;
	struct sched_booth *booths;
	struct sched_request *req;
	int *slot, *reason;
};

static void plan_release(struct plan *p)
{
	json_decref(p->rows);
	free(p->ents);
	free(p->cols);
	free(p->booths);
	free(p->req);
	free(p->slot);
	free(p->reason);
}

static int plan_build(struct plan *p, int nslots)
{
	size_t n = json_array_size(p->rows);
	p->ents = ids_of(p->rows, "enterprise_id", &p->nents);
	p->cols = ids_of(p->rows, "college_id", &p->ncols);
	p->booths = calloc(p->nents + 1, sizeof(*p->booths));
	p->req = calloc(n + 1, sizeof(*p->req));
	p->slot = calloc(n + 1, sizeof(int));
	p->reason = calloc(n + 1, sizeof(int));
	if (!p->ents || !p->cols || !p->booths || !p->req || !p->slot || !p->reason)
		return -1;
	for (size_t i = 0; i < n; i++) {
		json_t *r = json_array_get(p->rows, i);
		int b = index_of(p->ents, p->nents,
		                 json_integer_value(json_object_get(r, "enterprise_id")));
		json_t *slot = json_object_get(r, "slot");
		int held = !strcmp(coop_str(r, "status"), "held") && json_is_integer(slot) &&
		           json_integer_value(slot) < nslots;
		p->booths[b].tables = (int)json_integer_value(json_object_get(r, "tables"));
		p->req[i] = (struct sched_request){
		    .student = index_of(p->cols, p->ncols,
		                        json_integer_value(json_object_get(r, "college_id"))),
		    .booth = b,
		    .priority = (int)json_integer_value(json_object_get(r, "priority")),
		    .fixed_slot = held ? (int)json_integer_value(slot) : -1,
		    .earliest = 0,
		    .latest = nslots - 1};
	}
	return 0;
}

/* Writes each planned talk's slot or reason; held talks stay as they are. */
static int plan_save(struct store *db, const struct plan *p, json_t *by_reason, struct derr *e)
{
	int64_t now = now_seconds();
	for (size_t i = 0; i < json_array_size(p->rows); i++) {
		json_t *r = json_array_get(p->rows, i);
		if (!strcmp(coop_str(r, "status"), "held"))
			continue;
		int64_t tid = json_integer_value(json_object_get(r, "id"));
		int rc;
		if (p->slot[i] >= 0) {
			rc = store_run(
			    db,
			    "UPDATE coop_talks SET status = 'scheduled', slot = ?, reason ="
			    " NULL, updated_at = ? WHERE id = ?",
			    "iii", (int64_t)p->slot[i], now, tid);
		} else {
			const char *why = sched_reason_name(p->reason[i]);
			json_object_set_new(
			    by_reason, why,
			    json_integer(json_integer_value(json_object_get(by_reason, why)) + 1));
			rc = store_run(
			    db,
			    "UPDATE coop_talks SET status = 'unplaced', slot = NULL, reason = ?,"
			    " updated_at = ? WHERE id = ?",
			    "tii", why, now, tid);
		}
		if (rc != STORE_OK)
			return derr_store(e, db, "talks save");
	}
	return 0;
}

int coop_talks_plan(struct store *db, const struct coop_meeting *m, json_t **out, struct derr *e)
{
	struct plan p = {0};
	struct pair *pairs = NULL;
	size_t npairs = 0;
	json_t *by_reason = NULL;
	int rc = -1;
	*out = NULL;
	int nslots = (int)((m->ends_at - m->starts_at) / (m->slot_minutes * 60));
	if (nslots > MAX_SLOTS)
		nslots = MAX_SLOTS;
	if (!(pairs = pairs_load(db, m->id, &npairs))) {
		derr_store(e, db, "schedule wishes");
		goto out;
	}
	if (talks_sync(db, m->id, pairs, npairs, e))
		goto out;
	p.rows =
	    store_rows(db,
	               "SELECT t.id, t.enterprise_id, t.college_id, t.priority, t.status, t.slot,"
	               " COALESCE(pe.tables, 1) AS tables FROM coop_talks t LEFT JOIN"
	               " coop_meeting_parties pe ON pe.meeting_id = t.meeting_id AND pe.org_id"
	               " = t.enterprise_id WHERE t.meeting_id = ? AND t.status <> 'cancelled'"
	               " ORDER BY t.id",
	               "i", m->id);
	if (!p.rows) {
		derr_store(e, db, "schedule talks");
		goto out;
	}
	if (plan_build(&p, nslots) || !(by_reason = json_object())) {
		derr_internal(e, "schedule: out of memory");
		goto out;
	}
	struct sched_problem problem = {.nslots = nslots,
	                                .nbooths = (int)p.nents,
	                                .nstudents = (int)p.ncols,
	                                .nrequests = (int)json_array_size(p.rows),
	                                .gap = 0,
	                                .booths = p.booths,
	                                .req = p.req};
	int placed = sched_solve(&problem, p.slot, p.reason);
	if (placed < 0) {
		derr_internal(e, "scheduler");
		goto out;
	}
	if (plan_save(db, &p, by_reason, e))
		goto out;
	*out = json_pack("{s:i, s:i, s:i, s:O}", "requests", problem.nrequests, "placed", placed,
	                 "slots", nslots, "unplaced_by_reason", by_reason);
	rc = *out ? 0 : derr_internal(e, "schedule: out of memory");
out:
	plan_release(&p);
	free(pairs);
	json_decref(by_reason);
	return rc;
}

int coop_meeting_schedule(struct store *db, const struct actor *a, int64_t id, json_t **out,
                          struct derr *e)
{
	struct coop_meeting m;
	*out = NULL;
	if (a->role != ROLE_OPERATOR)
		return derr_set(e, DERR_FORBIDDEN, NULL, "只有平台运营可以排程");
	if (coop_meeting_load(db, a, id, &m, e) || coop_meeting_require(&m, can_plan, "排程", e))
		return -1;
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "schedule");
	if (coop_talks_plan(db, &m, out, e) ||
	    audit_write(db, a, "coop.meeting_schedule", "coop_meeting", id, NULL, e)) {
		json_decref(*out);
		*out = NULL;
		store_rollback(db);
		return -1;
	}
	return derr_commit(db, out, "schedule", e);
}

int coop_meeting_talks(struct store *db, const struct actor *a, int64_t id, json_t **out,
                       struct derr *e)
{
	struct coop_meeting m;
	struct buf sql = BUF_INIT;
	struct store_args args = {0};
	*out = NULL;
	if (coop_meeting_load(db, a, id, &m, e))
		return -1;
	buf_adds(&sql, TALK_SELECT " WHERE t.meeting_id = ? AND t.status <> 'cancelled'");
	store_args_int(&args, id);
	coop_scope_sql(a, &sql, &args, "t.enterprise_id", "t.college_id");
	buf_adds(&sql, " ORDER BY t.slot IS NULL, t.slot, e.name, t.id");
	json_t *items = buf_failed(&sql) ? NULL : store_rows_args(db, sql.data, &args);
	buf_release(&sql);
	if (!items)
		return derr_store(e, db, "talks");
	*out = json_pack("{s:o}", "items", items);
	return 0;
}

static int interest_valid(const char *s)
{
	return s && (!strcmp(s, "high") || !strcmp(s, "medium") || !strcmp(s, "low") ||
	             !strcmp(s, "none"));
}

int coop_talk_outcome(struct store *db, const struct actor *a, int64_t id, int64_t tid,
                      const char *side, const char *interest, const char *next_step, json_t **out,
                      struct derr *e)
{
	struct coop_meeting m;
	json_t *t;
	*out = NULL;
	if (coop_meeting_load(db, a, id, &m, e) ||
	    derr_found(db,
	               store_row(db,
	                         "SELECT enterprise_id, college_id, status FROM coop_talks WHERE"
	                         " id = ? AND meeting_id = ?",
	                         "ii", tid, id),
	               &t, "talk", DERR_NOT_FOUND, NULL, "洽谈不存在", e))
		return -1;
	enum coop_part part =
	    coop_part_of(a, json_integer_value(json_object_get(t, "enterprise_id")),
	                 json_integer_value(json_object_get(t, "college_id")));
	char status[12];
	snprintf(status, sizeof(status), "%s", coop_str(t, "status"));
	json_decref(t);
	if (part == COOP_NONE)
		return derr_set(e, DERR_NOT_FOUND, NULL, "洽谈不存在");
	if (part != COOP_OPERATOR)
		side = part == COOP_ENTERPRISE ? "enterprise" : "college";
	else if (!side || (strcmp(side, "enterprise") && strcmp(side, "college")))
		return derr_set(e, DERR_INVALID, "side",
		                "请指明记录哪一方的意向：enterprise 或 college");
	if (!interest_valid(interest))
		return derr_set(e, DERR_INVALID, "interest", "意向应为 high、medium、low 或 none");
	if (coop_meeting_require(&m, on_the_day, "记录洽谈结果", e))
		return -1;
	if (strcmp(status, "scheduled") && strcmp(status, "held"))
		return derr_set(e, DERR_CONFLICT, "talk_id", "该洽谈未排入日程，不能记录结果");
	const char *sql =
	    !strcmp(side, "enterprise")
	        ? "UPDATE coop_talks SET status = 'held', enterprise_interest = ?,"
	          " next_step = COALESCE(?, next_step), outcome_at = ?, outcome_by = ?,"
	          " updated_at = ? WHERE id = ?"
	        : "UPDATE coop_talks SET status = 'held', college_interest = ?,"
	          " next_step = COALESCE(?, next_step), outcome_at = ?, outcome_by = ?,"
	          " updated_at = ? WHERE id = ?";
	int64_t now = now_seconds();
	if (store_begin(db) != STORE_OK ||
	    store_run(db, sql, "ttiiii", interest, next_step, now, a->id, now, tid) != STORE_OK)
		return derr_store(e, db, "talk outcome");
	if (audit_write(db, a, "coop.talk_outcome", "coop_meeting", id, side, e) ||
	    derr_found(db, store_row(db, TALK_SELECT " WHERE t.id = ?", "i", tid), out, "talk",
	               DERR_NOT_FOUND, NULL, "洽谈不存在", e)) {
		store_rollback(db);
		return -1;
	}
	return derr_commit(db, out, "talk outcome", e);
}
