/* Enterprise sign-up and review; see fair_signup.h. */
#include "domain/fair_signup.h"

#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/audit.h"
#include "domain/fair_internal.h"

#define SIGNUP_SELECT                                                                              \
	"SELECT fe.enterprise_id, o.name AS enterprise, o.industry_code, ind.name AS industry,"    \
	" o.in_zone, o.status AS enterprise_status, fe.status, fe.reason, fe.tables_needed,"       \
	" fe.contact, fe.applied_at, fe.reviewed_at, b.booth_no, b.zone,"                          \
	" (SELECT COUNT(*) FROM fair_positions fp WHERE fp.fair_id = fe.fair_id AND"               \
	"  fp.enterprise_id = fe.enterprise_id) AS positions"                                      \
	" FROM fair_enterprises fe JOIN organizations o ON o.id = fe.enterprise_id"                \
	" LEFT JOIN dict_industries ind ON ind.code = o.industry_code"                             \
	" LEFT JOIN fair_booths b ON b.fair_id = fe.fair_id AND b.enterprise_id = "                \
	"fe.enterprise_id"

static const char *const withdrawable[] = {"signup", "signup_closed", NULL};

/* The enterprise is verified and every position is one of its open ones. */
static int check_signup(struct store *db, const struct actor *a, const int64_t *positions, size_t n,
                        struct derr *e)
{
	int64_t k = 0;
	if (store_int64(db, &k,
	                "SELECT COUNT(*) FROM organizations WHERE id = ? AND status = 'active'",
	                "i", a->org_id) != STORE_ROW)
		return derr_store(e, db, "signup: enterprise");
	if (!k)
		return derr_set(e, DERR_RULE, "enterprise", "企业通过认证后才能报名招聘会");
	for (size_t i = 0; i < n; i++) {
		if (store_int64(
		        db, &k,
		        "SELECT COUNT(*) FROM positions WHERE id = ? AND enterprise_id = ? AND"
		        " status = 'open'",
		        "ii", positions[i], a->org_id) != STORE_ROW)
			return derr_store(e, db, "signup: positions");
		if (!k)
			return derr_codef(e, DERR_RULE, NULL, "position_ids",
			                  "第 %zu 个岗位不是本企业正在招聘的岗位", i + 1);
	}
	return 0;
}

int fair_signup(struct store *db, const struct actor *a, int64_t id, const int64_t *positions,
                size_t n, int64_t tables, const char *contact, json_t **fair, int *created,
                struct derr *e)
{
	struct fair f;
	char was[16];
	*fair = NULL;
	if (fair_load_in(db, a, id, fair_states_signup, "报名", &f, e) ||
	    check_signup(db, a, positions, n, e))
		return -1;
	if (store_begin(db) != STORE_OK || fair_signup_status(db, id, a->org_id, was, e))
		return derr_store(e, db, "signup");
	const char *status = !strcmp(was, "approved") ? "approved" : "pending";
	int ok =
	    store_run(db, "DELETE FROM fair_enterprises WHERE fair_id = ? AND enterprise_id = ?",
	              "ii", id, a->org_id) == STORE_OK &&
	    store_run(db,
	              "INSERT INTO fair_enterprises (fair_id, enterprise_id, status,"
	              " tables_needed, contact, applied_at) VALUES (?, ?, ?, ?, ?, ?)",
	              "iititi", id, a->org_id, status, tables, contact,
	              now_seconds()) == STORE_OK &&
	    store_run(db, "DELETE FROM fair_positions WHERE fair_id = ? AND enterprise_id = ?",
	              "ii", id, a->org_id) == STORE_OK;
	for (size_t i = 0; ok && i < n; i++)
		ok = store_run(db,
		               "INSERT INTO fair_positions (fair_id, enterprise_id, position_id)"
		               " VALUES (?, ?, ?)",
		               "iii", id, a->org_id, positions[i]) == STORE_OK;
	if (!ok)
		return derr_store(e, db, "signup");
	*created = !*was;
	/* The frame says only that sign-ups changed: who signed up is not for
	 * everyone. */
	return fair_finish(db, a, id, "fair.signup", status, 1, "signup", fair, e);
}

int fair_signup_withdraw(struct store *db, const struct actor *a, int64_t id, json_t **fair,
                         struct derr *e)
{
	struct fair f;
	int64_t done = 0;
	*fair = NULL;
	if (fair_load_in(db, a, id, withdrawable, "撤回报名", &f, e))
		return -1;
	int rc =
	    store_begin(db) != STORE_OK
	        ? STORE_ERROR
	        : store_int64(db, &done,
	                      "UPDATE fair_enterprises SET status = 'withdrawn' WHERE fair_id ="
	                      " ? AND enterprise_id = ? AND status IN ('pending', 'approved')"
	                      " RETURNING fair_id",
	                      "ii", id, a->org_id);
	if (rc == STORE_DONE) {
		store_rollback(db);
		return derr_set(e, DERR_NOT_FOUND, NULL, "没有可撤回的报名");
	}
	if (rc != STORE_ROW || store_run(db,
	                                 "UPDATE fair_booths SET enterprise_id = NULL WHERE"
	                                 " fair_id = ? AND enterprise_id = ?",
	                                 "ii", id, a->org_id) != STORE_OK)
		return derr_store(e, db, "signup withdraw");
	return fair_finish(db, a, id, "fair.signup_withdraw", NULL, 1, "signup", fair, e);
}

int fair_signups(struct store *db, const struct actor *a, int64_t id, const char *status,
                 int64_t page, int64_t page_size, json_t **items, int64_t *total, struct derr *e)
{
	struct fair f;
	struct store_args args = {0};
	struct buf where = BUF_INIT, list = BUF_INIT;
	*items = NULL;
	*total = 0;
	if (fair_load_for(db, a, id, FAIR_ANYONE, &f, e))
		return -1;
	if (!f.organiser && a->role != ROLE_ENTERPRISE) /* another college's staff */
		return derr_set(e, DERR_FORBIDDEN, NULL, "只有主办方可以查看全部报名");
	buf_adds(&where, " WHERE fe.fair_id = ?");
	store_args_int(&args, id);
	if (status) {
		buf_adds(&where, " AND fe.status = ?");
		store_args_text(&args, status);
	}
	if (!f.organiser) { /* HR: their own sign-up only */
		buf_adds(&where, " AND fe.enterprise_id = ?");
		store_args_int(&args, a->org_id);
	}
	buf_addf(&list, "SELECT COUNT(*) FROM fair_enterprises fe%s", where.data);
	int rc = buf_failed(&list) ? STORE_ERROR : store_int64_args(db, total, list.data, &args);
	buf_reset(&list);
	buf_addf(&list,
	         SIGNUP_SELECT "%s ORDER BY fe.status = 'pending' DESC, b.booth_no, fe.applied_at,"
	                       " fe.enterprise_id LIMIT ? OFFSET ?",
	         where.data);
	store_args_int(&args, page_size);
	store_args_int(&args, (page - 1) * page_size);
	if (rc == STORE_ROW && !buf_failed(&where) && !buf_failed(&list))
		*items = store_rows_args(db, list.data, &args);
	buf_release(&where);
	buf_release(&list);
	return *items ? 0 : derr_store(e, db, "signups");
}

int fair_signup_review(struct store *db, const struct actor *a, int64_t id, int64_t ent,
                       int approve, const char *reason, json_t **signup, struct derr *e)
{
	struct fair f;
	char now[16], detail[48];
	int64_t done = 0;
	const char *to = approve ? "approved" : "rejected";
	*signup = NULL;
	if (fair_load_in(db, a, id, fair_states_open, "审核报名", &f, e))
		return -1;
	int rc =
	    store_begin(db) != STORE_OK
	        ? STORE_ERROR
	        : store_int64(db, &done,
	                      "UPDATE fair_enterprises SET status = ?, reason = ?,"
	                      " reviewed_at = ?, reviewed_by = ? WHERE fair_id = ? AND"
	                      " enterprise_id = ? AND status = 'pending' RETURNING enterprise_id",
	                      "ttiiii", to, reason, now_seconds(), a->id, id, ent);
	if (rc == STORE_DONE) { /* none, or no longer pending: say which */
		if (fair_signup_status(db, id, ent, now, e))
			return -1;
		store_rollback(db);
		if (!*now)
			return derr_set(e, DERR_NOT_FOUND, "enterprise_id",
			                "该企业没有报名本场招聘会");
		return derr_codef(e, DERR_CONFLICT, NULL, "enterprise_id", "该报名已处理（%s）",
		                  now);
	}
	if (rc != STORE_ROW)
		return derr_store(e, db, "signup review");
	snprintf(detail, sizeof(detail), "%lld %s", (long long)ent, to);
	if (audit_write(db, a, "fair.review", "fair", id, detail, e))
		return -1;
	*signup = store_row(db, SIGNUP_SELECT " WHERE fe.fair_id = ? AND fe.enterprise_id = ?",
	                    "ii", id, ent);
	if (!*signup)
		return derr_store(e, db, "signup review");
	if (derr_commit(db, signup, "signup review", e))
		return -1;
	fair_notify(id, "signup", 0);
	return 0;
}
