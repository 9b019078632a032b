/*
 * Retired majors (旧目录专业): the students whose major's code an older
 * catalogue used and no major of the 2021 catalogue took over by name
 * (dict_majors.c, invariant 2), and staff picking the new major for them.
 */
#include "domain/dict_majors.h"

#include <stdio.h>

#include "base/util.h"
#include "domain/audit.h"
#include "domain/recommend.h"
#include "domain/roles.h"

/* The college a caller acts for: college staff their own; the operator the
 * one named (0 lists every college).  0, or -1 with e. */
static int college_of(struct store *db, const struct actor *a, int64_t asked, int required,
                      int64_t *college, struct derr *e)
{
	if (a->role == ROLE_COLLEGE) {
		if (asked && asked != a->org_id)
			return derr_set(e, DERR_NOT_FOUND, "college_id", "没有这个院校");
		*college = a->org_id;
		return 0;
	}
	if (a->role != ROLE_OPERATOR)
		return derr_set(e, DERR_FORBIDDEN, NULL, "没有权限");
	if (required && !asked)
		return derr_set(e, DERR_INVALID, "college_id", "请选择院校");
	int64_t n = 1;
	if (asked && store_int64(db, &n,
	                         "SELECT COUNT(*) FROM organizations WHERE id = ? AND"
	                         " kind = 'college'",
	                         "i", asked) != STORE_ROW)
		return derr_store(e, db, "college");
	if (!n)
		return derr_set(e, DERR_NOT_FOUND, "college_id", "没有这个院校");
	*college = asked;
	return 0;
}

int major_retired_list(struct store *db, const struct actor *a, int64_t college_id, json_t **items,
                       struct derr *e)
{
	int64_t college;
	*items = NULL;
	if (college_of(db, a, college_id, 0, &college, e))
		return -1;
	*items = store_rows(db,
	                    "SELECT s.college_id, o.name AS college_name, o.college_type,"
	                    " s.major_code AS code, m.name, m.edu_level, c.old_name,"
	                    " COUNT(*) AS students FROM students s JOIN dict_majors m ON"
	                    " m.code = s.major_code AND m.origin = 'retired' JOIN organizations o"
	                    " ON o.id = s.college_id LEFT JOIN (SELECT new_code, MAX(old_name) AS"
	                    " old_name FROM major_code_changes GROUP BY new_code) c ON"
	                    " c.new_code = s.major_code WHERE s.closed_at IS NULL AND"
	                    " (? = 0 OR s.college_id = ?) GROUP BY s.college_id, o.name,"
	                    " o.college_type, s.major_code, m.name, m.edu_level, c.old_name"
	                    " ORDER BY s.college_id, s.major_code",
	                    "ii", college, college);
	return *items ? 0 : derr_store(e, db, "retired majors");
}

int major_retired_replace(struct store *db, const struct actor *a, int64_t college_id,
                          const char *code, const char *new_code, int64_t *updated, struct derr *e)
{
	int64_t college, retired = 0, n = 0;
	*updated = 0;
	if (college_of(db, a, college_id, 1, &college, e))
		return -1;
	if (store_int64(db, &retired,
	                "SELECT COUNT(*) FROM dict_majors WHERE code = ? AND origin = 'retired'",
	                "t", code) != STORE_ROW)
		return derr_store(e, db, "retired major");
	if (!retired)
		return derr_set(e, DERR_INVALID, "code", "这不是待改选的旧目录专业");
	if (dict_major_for_college(db, college, new_code, "new_code", e))
		return -1;
	char detail[160];
	if (store_begin(db) != STORE_OK ||
	    store_int64(db, &n,
	                "SELECT COUNT(*) FROM students WHERE college_id = ? AND major_code = ?",
	                "it", college, code) != STORE_ROW ||
	    store_run(db,
	              "UPDATE students SET major_code = ?, updated_at = ? WHERE college_id = ? AND"
	              " major_code = ?",
	              "tiit", new_code, now_seconds(), college, code) != STORE_OK)
		return derr_store(e, db, "replace retired major");
	snprintf(detail, sizeof(detail), "%s -> %s, %lld students", code, new_code, (long long)n);
	if (audit_write(db, a, "major.replace", "college", college, detail, e))
		return -1;
	if (store_commit(db) != STORE_OK)
		return derr_store(e, db, "replace retired major");
	*updated = n;
	if (n)
		recommend_invalidate(); /* many students at once: rebuild on next use */
	return 0;
}
