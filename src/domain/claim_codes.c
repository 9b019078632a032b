/*
 * Activation codes (激活码) a college hands out (notes in claim.h): made
 * for a selection of unclaimed records, shown once, kept as hashes; and
 * the check that lets the page export exactly the codes it was shown.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/audit.h"
#include "domain/claim.h"

#define CODE_ROW_SELECT                                                                            \
	"SELECT s.id AS student_id, s.student_no, s.name, s.class_name, s.major_code,"             \
	" m.name AS major_name, s.grad_year FROM students s"                                       \
	" LEFT JOIN dict_majors m ON m.code = s.major_code"

/* Appends "(id, id, ...)": the integers of an array, or the member key
 * of its objects. */
static void id_list(struct buf *b, const json_t *array, const char *key)
{
	size_t i;
	json_t *v;
	buf_adds(b, "(");
	json_array_foreach(array, i, v)
	    buf_addf(b, "%s%lld", i ? ", " : "",
	             (long long)json_integer_value(key ? json_object_get(v, key) : v));
	buf_adds(b, ")");
}

/* Selects the unclaimed records of the filter (college fixed, status
 * forced) for a new batch; NULL on a database error. */
static json_t *select_unclaimed(struct store *db, int64_t college, const struct claim_filter *f)
{
	struct buf sql = BUF_INIT;
	struct store_args args = {0};
	buf_adds(&sql, CODE_ROW_SELECT " WHERE s.closed_at IS NULL AND s.account_id IS NULL"
	                               " AND s.college_id = ?");
	store_args_int(&args, college);
	if (f->class_name) {
		buf_adds(&sql, " AND s.class_name = ?");
		store_args_text(&args, f->class_name);
	}
	if (f->major_code) {
		buf_adds(&sql, " AND s.major_code LIKE ? || '%'");
		store_args_text(&args, f->major_code);
	}
	if (f->grad_year) {
		buf_adds(&sql, " AND s.grad_year = ?");
		store_args_int(&args, f->grad_year);
	}
	if (f->student_ids) {
		buf_adds(&sql, " AND s.id IN ");
		id_list(&sql, f->student_ids, NULL);
	}
	buf_addf(&sql, " ORDER BY s.class_name, s.student_no LIMIT %d", CLAIM_CODES_MAX + 1);
	json_t *rows = buf_failed(&sql) ? NULL : store_rows_args(db, sql.data, &args);
	buf_release(&sql);
	return rows;
}

int claim_codes_generate(struct store *db, const struct actor *a, const struct claim_filter *f,
                         int64_t expires_at, json_t **items, struct derr *e)
{
	int64_t now = now_seconds();
	int64_t college = a->role == ROLE_COLLEGE ? a->org_id : f->college_id;
	*items = NULL;
	if (!college)
		return derr_set(e, DERR_INVALID, "college_id", "请选择院校");
	if (!f->class_name && !f->major_code && !f->grad_year && !f->student_ids)
		return derr_set(e, DERR_INVALID, "class_name", "请选择班级、专业、毕业年份或学生");
	if (!expires_at)
		expires_at = now + CLAIM_CODE_TTL;
	if (expires_at <= now || expires_at > now + CLAIM_CODE_TTL_MAX)
		return derr_set(e, DERR_INVALID, "expires_at", "有效期应在现在之后，最长 90 天");
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "codes: begin");
	json_t *rows = select_unclaimed(db, college, f);
	if (!rows)
		return derr_store(e, db, "codes: select");
	if (!json_array_size(rows) || json_array_size(rows) > CLAIM_CODES_MAX) {
		store_rollback(db);
		int none = !json_array_size(rows);
		json_decref(rows);
		return none ? derr_set(e, DERR_RULE, "class_name", "所选范围内没有未注册的学生")
		            : derr_set(e, DERR_RULE, "class_name",
		                       "一次最多生成 2000 个激活码，请缩小范围");
	}
	/* A newer code revokes the older ones of the same students. */
	struct buf revoke = BUF_INIT;
	buf_adds(&revoke, "UPDATE claim_codes SET revoked_at = ? WHERE used_at IS NULL AND"
	                  " revoked_at IS NULL AND student_id IN ");
	id_list(&revoke, rows, "student_id");
	int rc = buf_failed(&revoke) ? STORE_ERROR : store_run(db, revoke.data, "i", now);
	buf_release(&revoke);
	struct store_bulk *bulk = store_bulk_new(db,
	                                         "INSERT INTO claim_codes (student_id, college_id,"
	                                         " code_hash, created_by, created_at, expires_at)",
	                                         6);
	char cb[24], ab[24], nb[24], eb[24], sb[24];
	snprintf(cb, sizeof(cb), "%lld", (long long)college);
	snprintf(ab, sizeof(ab), "%lld", (long long)a->id);
	snprintf(nb, sizeof(nb), "%lld", (long long)now);
	snprintf(eb, sizeof(eb), "%lld", (long long)expires_at);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		unsigned char rnd[8];
		char text[CLAIM_CODE_TEXT], norm[CLAIM_CODE_CHARS + 1], hash[65];
		int64_t student = json_integer_value(json_object_get(row, "student_id"));
		randombytes_buf(rnd, sizeof(rnd));
		claim_code_format(rnd, text);
		claim_code_normalize(text, norm);
		claim_code_hash(student, norm, hash);
		snprintf(sb, sizeof(sb), "%lld", (long long)student);
		const char *vals[6] = {sb, cb, hash, a->id ? ab : NULL, nb, eb};
		if (!bulk || store_bulk_add(bulk, vals))
			rc = STORE_ERROR;
		json_object_set_new(row, "code", json_string(text));
		json_object_set_new(row, "expires_at", json_integer((json_int_t)expires_at));
	}
	if ((bulk && store_bulk_finish(bulk)) || !bulk)
		rc = STORE_ERROR;
	char detail[96];
	snprintf(detail, sizeof(detail), "%zu 个激活码，有效期至 %lld", json_array_size(rows),
	         (long long)expires_at);
	if (rc != STORE_OK ||
	    audit_write(db, a, "claim.codes", "organization", college, detail, e) ||
	    store_commit(db) != STORE_OK) {
		json_decref(rows);
		return derr_store(e, db, "codes: insert");
	}
	*items = rows;
	return 0;
}

/* Finds the live code row of student in rows (none: NULL). */
static json_t *row_of(json_t *rows, int64_t student)
{
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) if (json_integer_value(json_object_get(
	                                         row, "student_id")) == student) return row;
	return NULL;
}

/* The rows to export for the codes a caller holds (claim_codes_export). */
static int codes_verify(struct store *db, const struct actor *a, const json_t *items, json_t **out,
                        struct derr *e)
{
	struct buf sql = BUF_INIT;
	*out = NULL;
	size_t i;
	json_t *item;
	if (!json_is_array(items) || !json_array_size(items) ||
	    json_array_size(items) > CLAIM_CODES_MAX)
		return derr_set(e, DERR_INVALID, "items", "请提供 1–2000 个激活码");
	json_array_foreach(items, i, item)
	{
		json_t *id = json_object_get(item, "student_id");
		if (!json_is_integer(id) || json_integer_value(id) <= 0 ||
		    !json_is_string(json_object_get(item, "code")))
			return derr_set(e, DERR_INVALID, "items",
			                "每一项应为 {\"student_id\": 编号, \"code\": 激活码}");
	}
	buf_adds(&sql, "SELECT s.id AS student_id, s.student_no, s.name, s.class_name,"
	               " s.major_code, m.name AS major_name, s.grad_year, s.college_id,"
	               " c.code_hash, c.expires_at FROM students s JOIN claim_codes c ON"
	               " c.student_id = s.id AND c.revoked_at IS NULL AND c.used_at IS NULL AND"
	               " c.expires_at > ? LEFT JOIN dict_majors m ON m.code = s.major_code"
	               " WHERE s.closed_at IS NULL AND s.account_id IS NULL AND s.id IN ");
	id_list(&sql, items, "student_id");
	json_t *rows = buf_failed(&sql) ? NULL : store_rows(db, sql.data, "i", now_seconds());
	buf_release(&sql);
	if (!rows)
		return derr_store(e, db, "codes: verify");
	json_t *result = json_array();
	json_array_foreach(items, i, item)
	{
		int64_t student = json_integer_value(json_object_get(item, "student_id"));
		const char *code = json_string_value(json_object_get(item, "code"));
		char norm[CLAIM_CODE_CHARS + 1], hash[65];
		json_t *row = row_of(rows, student);
		int ok = row && code && !claim_code_normalize(code, norm);
		if (ok) {
			claim_code_hash(student, norm, hash);
			ok = str_equal_ct(hash,
			                  json_string_value(json_object_get(row, "code_hash"))) &&
			     (a->role != ROLE_COLLEGE ||
			      json_integer_value(json_object_get(row, "college_id")) == a->org_id);
		}
		if (!ok) {
			json_decref(rows);
			json_decref(result);
			return derr_set(e, DERR_RULE, "items",
			                "有激活码已失效、已使用或不属于本院校的学生，请重新生成");
		}
		json_t *copy = json_deep_copy(row);
		json_object_del(copy, "code_hash");
		json_object_del(copy, "college_id");
		char shown[CLAIM_CODE_TEXT];
		snprintf(shown, sizeof(shown), "%.4s-%.4s-%.4s", norm, norm + 4, norm + 8);
		json_object_set_new(copy, "code", json_string(shown));
		json_array_append_new(result, copy);
	}
	json_decref(rows);
	*out = result;
	return 0;
}

int claim_codes_export(struct store *db, const struct actor *a, const json_t *items,
                       listing_json_fn write, void *arg, struct derr *e)
{
	json_t *rows;
	char detail[32];
	if (codes_verify(db, a, items, &rows, e))
		return -1;
	snprintf(detail, sizeof(detail), "%zu 个激活码", json_array_size(rows));
	int rc = write(arg, rows)
	             ? derr_internal(e, "codes export: the file")
	             : audit_write(db, a, "claim.codes_export", "student", 0, detail, e);
	json_decref(rows);
	return rc;
}
