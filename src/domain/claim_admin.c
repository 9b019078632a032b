/*
 * The college's side of claiming (notes in claim.h): classes and records
 * with their claim state, attempts, activation codes, unlocking and
 * resetting a claim.  College staff see and act on their own college's
 * records only; the operator on any college's.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/audit.h"
#include "domain/claim.h"
#include "domain/pii.h"
#include "domain/recommend.h"
#include "domain/session.h"

/* The college a call is about: college staff their own; the operator the
 * one asked (0: every college). */
static int64_t college_of(const struct actor *a, int64_t asked)
{
	return a->role == ROLE_COLLEGE ? a->org_id : asked;
}

/* Reads the college of a record the caller may act on; DERR_NOT_FOUND
 * otherwise (another college's record is as absent as a missing one). */
static int own_record(struct store *db, const struct actor *a, int64_t student_id, int64_t *college,
                      struct derr *e)
{
	int rc = store_int64(db, college,
	                     "SELECT college_id FROM students WHERE id = ? AND closed_at IS NULL",
	                     "i", student_id);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return derr_store(e, db, "claim: record");
	if (rc == STORE_DONE || (a->role == ROLE_COLLEGE && *college != a->org_id))
		return derr_set(e, DERR_NOT_FOUND, NULL, "学生不存在");
	return 0;
}

/* Appends "AND s.id IN (...)" for a validated array of integers. */
static void ids_condition(struct buf *w, json_t *ids)
{
	size_t i;
	json_t *v;
	buf_adds(w, " AND s.id IN (");
	json_array_foreach(ids, i, v)
	    buf_addf(w, "%s%lld", i ? ", " : "", (long long)json_integer_value(v));
	buf_adds(w, ")");
}

/* The WHERE clause of a filter; *like is the caller's to free. */
static void filter_where(const struct actor *a, const struct claim_filter *f, struct buf *w,
                         struct store_args *args, char **like)
{
	int64_t college = college_of(a, f->college_id);
	buf_adds(w, " WHERE s.closed_at IS NULL");
	if (college || a->role == ROLE_COLLEGE) {
		buf_adds(w, " AND s.college_id = ?");
		store_args_int(args, college);
	}
	if (f->class_name) {
		buf_adds(w, " AND s.class_name = ?");
		store_args_text(args, f->class_name);
	}
	if (f->major_code) {
		buf_adds(w, " AND s.major_code LIKE ? || '%'");
		store_args_text(args, f->major_code);
	}
	if (f->grad_year) {
		buf_adds(w, " AND s.grad_year = ?");
		store_args_int(args, f->grad_year);
	}
	*like = f->q ? store_like_contains(f->q) : NULL;
	if (*like) {
		buf_adds(w, " AND (s.name LIKE ? ESCAPE '\\' OR s.student_no LIKE ? ESCAPE '\\')");
		store_args_text(args, *like);
		store_args_text(args, *like);
	}
	if (f->status && !strcmp(f->status, "unclaimed"))
		buf_adds(w, " AND s.account_id IS NULL");
	else if (f->status && !strcmp(f->status, "claimed"))
		buf_adds(w, " AND s.account_id IS NOT NULL");
	else if (f->status && !strcmp(f->status, "locked"))
		buf_adds(w, " AND s.claim_locked_at IS NOT NULL");
	if (f->student_ids)
		ids_condition(w, f->student_ids);
}

/* Columns of a record as the college's pages show it; the one '?' is now
 * (the live code's expiry). */
#define RECORD_SELECT                                                                              \
	"SELECT s.id, s.college_id, o.name AS college_name, s.student_no, s.name,"                 \
	" s.class_name, s.major_code, m.name AS major_name, s.grad_year,"                          \
	" CASE WHEN s.account_id IS NULL THEN 0 ELSE 1 END AS claimed,"                            \
	" ac.login AS account_login, s.claim_failures, s.claim_locked_at AS locked_at,"            \
	" CASE WHEN s.id6_mac IS NULL THEN 0 ELSE 1 END AS has_id6,"                               \
	" (SELECT MAX(c.expires_at) FROM claim_codes c WHERE c.student_id = s.id AND"              \
	" c.revoked_at IS NULL AND c.used_at IS NULL AND c.expires_at > ?) AS code_expires_at"     \
	" FROM students s JOIN organizations o ON o.id = s.college_id"                             \
	" LEFT JOIN dict_majors m ON m.code = s.major_code"                                        \
	" LEFT JOIN accounts ac ON ac.id = s.account_id"

/* 0/1 columns become JSON booleans. */
static void shape_record(json_t *row)
{
	json_object_set_new(row, "claimed",
	                    json_boolean(json_integer_value(json_object_get(row, "claimed"))));
	json_object_set_new(row, "has_id6",
	                    json_boolean(json_integer_value(json_object_get(row, "has_id6"))));
}

int claim_records(struct store *db, const struct actor *a, const struct claim_filter *f,
                  int64_t page, int64_t size, json_t **items, int64_t *total, struct derr *e)
{
	struct buf w = BUF_INIT, count_sql = BUF_INIT, list_sql = BUF_INIT;
	struct store_args args = {0}, list = {0};
	char *like = NULL;
	filter_where(a, f, &w, &args, &like);
	/* The list's first '?' is RECORD_SELECT's: now, then the filter's. */
	store_args_int(&list, now_seconds());
	for (int k = 0; k < args.n; k++)
		list.v[list.n++] = args.v[k];
	store_args_int(&list, size);
	store_args_int(&list, (page - 1) * size);
	buf_addf(&count_sql, "SELECT COUNT(*) FROM students s%s", w.data);
	buf_addf(&list_sql, RECORD_SELECT "%s ORDER BY s.class_name, s.student_no LIMIT ? OFFSET ?",
	         w.data);
	*items = NULL;
	if (!buf_failed(&w) && !buf_failed(&count_sql) && !buf_failed(&list_sql) &&
	    store_int64_args(db, total, count_sql.data, &args) == STORE_ROW)
		*items = store_rows_args(db, list_sql.data, &list);
	buf_release(&w);
	buf_release(&count_sql);
	buf_release(&list_sql);
	free(like);
	if (!*items)
		return derr_store(e, db, "claim: records");
	size_t i;
	json_t *row;
	json_array_foreach(*items, i, row) shape_record(row);
	return 0;
}

json_t *claim_record(struct store *db, const struct actor *a, int64_t student_id, struct derr *e)
{
	int64_t college;
	if (own_record(db, a, student_id, &college, e))
		return NULL;
	json_t *row =
	    store_row(db, RECORD_SELECT " WHERE s.id = ?", "ii", now_seconds(), student_id);
	if (!row || json_is_null(row)) {
		json_decref(row);
		derr_store(e, db, "claim: record");
		return NULL;
	}
	shape_record(row);
	return row;
}

int claim_classes(struct store *db, const struct actor *a, int64_t college_id, json_t **items,
                  struct derr *e)
{
	int64_t college = college_of(a, college_id);
	if (!college)
		return derr_set(e, DERR_INVALID, "college_id", "请选择院校");
	*items = store_rows(
	    db,
	    "SELECT s.class_name, s.major_code, m.name AS major_name, s.grad_year,"
	    " COUNT(*) AS students,"
	    " SUM(CASE WHEN s.account_id IS NULL THEN 0 ELSE 1 END) AS claimed,"
	    " SUM(CASE WHEN s.claim_locked_at IS NULL THEN 0 ELSE 1 END) AS locked,"
	    " SUM(CASE WHEN s.account_id IS NULL AND EXISTS (SELECT 1 FROM claim_codes c WHERE"
	    " c.student_id = s.id AND c.revoked_at IS NULL AND c.used_at IS NULL AND"
	    " c.expires_at > ?) THEN 1 ELSE 0 END) AS with_code"
	    " FROM students s LEFT JOIN dict_majors m ON m.code = s.major_code"
	    " WHERE s.college_id = ? AND s.closed_at IS NULL"
	    " GROUP BY s.class_name, s.major_code, m.name, s.grad_year"
	    " ORDER BY CASE WHEN s.class_name IS NULL THEN 1 ELSE 0 END, s.grad_year DESC,"
	    " s.class_name, s.major_code",
	    "ii", now_seconds(), college);
	return *items ? 0 : derr_store(e, db, "claim: classes");
}

int claim_attempts(struct store *db, const struct actor *a, int64_t college_id, int64_t student_id,
                   int64_t page, int64_t size, json_t **items, int64_t *total, struct derr *e)
{
	int64_t college = college_of(a, college_id);
	if (student_id && own_record(db, a, student_id, &college, e))
		return -1;
	struct store_args args = {0};
	const char *where = " WHERE 1 = 1";
	if (student_id) {
		where = " WHERE t.student_id = ?";
		store_args_int(&args, student_id);
	} else if (college || a->role == ROLE_COLLEGE) {
		where = " WHERE t.college_id = ?";
		store_args_int(&args, college);
	}
	char count_sql[128], list_sql[768];
	snprintf(count_sql, sizeof(count_sql), "SELECT COUNT(*) FROM claim_attempts t%s", where);
	snprintf(list_sql, sizeof(list_sql),
	         "SELECT t.id, t.at, t.address, t.method, t.outcome, t.college_id, t.student_id,"
	         " s.student_no, s.name FROM claim_attempts t LEFT JOIN students s ON"
	         " s.id = t.student_id%s ORDER BY t.id DESC LIMIT ? OFFSET ?",
	         where);
	*items = NULL;
	if (store_int64_args(db, total, count_sql, &args) == STORE_ROW) {
		store_args_int(&args, size);
		store_args_int(&args, (page - 1) * size);
		*items = store_rows_args(db, list_sql, &args);
	}
	return *items ? 0 : derr_store(e, db, "claim: attempts");
}

/* Reads the record after a change and commits the change with it:
 * 0 with *record, or -1 with e (rolled back). */
static int commit_with_record(struct store *db, const struct actor *a, int64_t student_id,
                              json_t **record, struct derr *e)
{
	*record = claim_record(db, a, student_id, e);
	if (!*record) {
		store_rollback(db);
		return -1;
	}
	if (store_commit(db) == STORE_OK)
		return 0;
	json_decref(*record);
	*record = NULL;
	return derr_store(e, db, "claim: commit");
}

int claim_unlock(struct store *db, const struct actor *a, int64_t student_id, json_t **record,
                 struct derr *e)
{
	int64_t college, got = 0;
	*record = NULL;
	if (own_record(db, a, student_id, &college, e))
		return -1;
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "claim: unlock");
	int rc = store_int64(db, &got,
	                     "UPDATE students SET claim_failures = 0, claim_locked_at = NULL"
	                     " WHERE id = ? AND claim_locked_at IS NOT NULL RETURNING id",
	                     "i", student_id);
	if (rc == STORE_DONE) {
		store_rollback(db);
		return derr_set(e, DERR_RULE, NULL, "该学籍未被锁定");
	}
	if (rc != STORE_ROW)
		return derr_store(e, db, "claim: unlock");
	if (audit_write(db, a, "claim.unlock", "student", student_id, NULL, e))
		return -1;
	return commit_with_record(db, a, student_id, record, e);
}

int claim_reset(struct store *db, const struct actor *a, int64_t student_id, const char *reason,
                json_t **record, struct derr *e)
{
	int64_t college, account = 0, now = now_seconds();
	struct recommend_change *change = NULL;
	*record = NULL;
	if (own_record(db, a, student_id, &college, e))
		return -1;
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "claim: begin");
	int rc = store_int64(
	    db, &account, "SELECT account_id FROM students WHERE id = ? AND account_id IS NOT NULL",
	    "i", student_id);
	if (rc == STORE_DONE) {
		store_rollback(db);
		return derr_set(e, DERR_RULE, NULL, "该学籍尚未被注册，无需重置");
	}
	json_t *acct = rc == STORE_ROW
	                   ? store_row(db, "SELECT login FROM accounts WHERE id = ?", "i", account)
	                   : NULL;
	if (!acct || json_is_null(acct)) {
		json_decref(acct);
		return derr_store(e, db, "claim: account");
	}
	char detail[400], freed[40];
	snprintf(detail, sizeof(detail), "%s；原账号 %s（#%lld）", reason,
	         json_string_value(json_object_get(acct, "login")), (long long)account);
	json_decref(acct);
	/* '#' is outside the login alphabet: nobody can hold this login. */
	snprintf(freed, sizeof(freed), "reset#%lld", (long long)account);
	/* The detached account's consents were not necessarily the owner's. */
	if (store_run(db,
	              "UPDATE students SET account_id = NULL, discoverable = 0, claim_failures = 0,"
	              " claim_locked_at = NULL, updated_at = ? WHERE id = ?",
	              "ii", now, student_id) ||
	    store_run(db,
	              "UPDATE consents SET withdrawn_at = ? WHERE student_id = ? AND"
	              " withdrawn_at IS NULL",
	              "ii", now, student_id) ||
	    store_run(db,
	              "UPDATE accounts SET login = ?, student_no = NULL, status = 'disabled'"
	              " WHERE id = ?",
	              "ti", freed, account) ||
	    session_delete_account(db, account))
		return derr_store(e, db, "claim: reset");
	if (audit_write(db, a, "claim.reset", "student", student_id, detail, e))
		return -1;
	/* No longer discoverable: the engine's snapshot follows the commit. */
	if (recommend_student_read(db, student_id, &change))
		return derr_store(e, db, "claim: reset");
	if (commit_with_record(db, a, student_id, record, e)) {
		recommend_discard(change);
		return -1;
	}
	recommend_apply(change);
	return 0;
}

int claim_backfill_id6(struct store *db)
{
	if (!pii_ready())
		return 0;
	/* Only records nobody touched since claims came (migration 5): a
	 * record claimed and reset since may hold an ID number its claimant
	 * typed, which must never become the proof. */
	json_t *rows = store_rows(db,
	                          "SELECT id, college_id, student_no, id_number_enc FROM students"
	                          " WHERE id6_mac IS NULL AND id_number_enc IS NOT NULL AND"
	                          " account_id IS NULL AND closed_at IS NULL AND updated_at <="
	                          " (SELECT applied_at FROM schema_migrations WHERE version = 5)",
	                          "");
	if (!rows)
		return -1;
	int filled = 0, rc = 0;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		char *id = pii_open(json_string_value(json_object_get(row, "id_number_enc")));
		char mac[65];
		if (id && !claim_id6_mac(json_integer_value(json_object_get(row, "college_id")),
		                         json_string_value(json_object_get(row, "student_no")), id,
		                         mac)) {
			if (store_run(db, "UPDATE students SET id6_mac = ? WHERE id = ?", "ti", mac,
			              (int64_t)json_integer_value(json_object_get(row, "id"))))
				rc = -1;
			else
				filled++;
		}
		if (id)
			sodium_memzero(id, strlen(id));
		free(id);
	}
	json_decref(rows);
	return rc ? -1 : filled;
}
