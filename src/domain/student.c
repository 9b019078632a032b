/* Students: the record, who may see it, the talent pool (rules in student.h). */
#include "domain/student.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "domain/audit.h"
#include "domain/pii.h"
#include "domain/visibility.h"

/* A student's columns as lists and pages show them; extra: more columns. */
#define STUDENT_SELECT(extra)                                                                      \
	"SELECT s.id, s.account_id, s.college_id, o.name AS college_name, o.college_type,"         \
	" s.student_no, s.name, s.gender, s.major_code, m.name AS major_name, s.grad_year, "       \
	"s.degree,"                                                                                \
	" s.skills, s.tags, s.certificates, s.cities, s.salary_min, s.salary_max,"                 \
	" s.discoverable, s.personalised, s.phone_masked AS phone, s.id_number_masked AS"          \
	" id_number, s.destination, s.is_demo, s.created_at, s.updated_at" extra                   \
	" FROM students s"                                                                         \
	" JOIN organizations o ON o.id = s.college_id"                                             \
	" LEFT JOIN dict_majors m ON m.code = s.major_code"

int student_own_id(struct store *db, const struct actor *a, int64_t *id, struct derr *e)
{
	*id = 0;
	int rc = store_int64(db, id,
	                     "SELECT id FROM students WHERE account_id = ? AND closed_at IS NULL",
	                     "i", a->id);
	/* A failed lookup is ours, never "no record". */
	return rc == STORE_ROW || rc == STORE_DONE ? 0 : derr_store(e, db, "own student");
}

int student_own(struct store *db, const struct actor *a, int64_t *id, struct derr *e)
{
	if (student_own_id(db, a, id, e))
		return -1;
	return *id ? 0 : derr_set(e, DERR_NOT_FOUND, NULL, STUDENT_NO_RECORD);
}

/* Columns stored as JSON text become arrays again; the graduate's
 * destination (毕业去向, destination.h) is the college's and the
 * student's, not an enterprise's. */
static void decode_lists(json_t *row, const struct actor *a)
{
	if (a->role == ROLE_ENTERPRISE)
		json_object_del(row, "destination");
	static const char *const cols[] = {"skills", "tags", "certificates", "cities"};
	for (size_t i = 0; i < 4; i++) {
		const char *t = json_string_value(json_object_get(row, cols[i]));
		json_t *arr = t ? json_loads(t, 0, NULL) : NULL;
		json_object_set_new(row, cols[i], json_is_array(arr) ? arr : json_array());
		if (arr && !json_is_array(arr))
			json_decref(arr);
	}
}

int student_read(struct store *db, const struct actor *a, int64_t id, int with_resume, json_t **out,
                 struct derr *e)
{
	struct buf sql = BUF_INIT;
	struct store_args args = {0};
	buf_adds(&sql, with_resume ? STUDENT_SELECT(", s.resume") : STUDENT_SELECT(""));
	buf_adds(&sql, " WHERE s.id = ?");
	store_args_int(&args, id);
	visibility_scope_sql(a, &sql, &args);
	json_t *rows = buf_failed(&sql) ? NULL : store_rows_args(db, sql.data, &args);
	buf_release(&sql);
	*out = NULL;
	if (!rows)
		return derr_store(e, db, "student");
	*out = json_array_size(rows) ? json_incref(json_array_get(rows, 0)) : json_null();
	json_decref(rows);
	if (json_is_object(*out))
		decode_lists(*out, a);
	return 0;
}

int student_me(struct store *db, const struct actor *a, json_t **out, struct derr *e)
{
	int64_t id;
	*out = NULL;
	if (student_own(db, a, &id, e) || student_read(db, a, id, 1, out, e))
		return -1;
	if (json_is_object(*out))
		return 0;
	json_decref(*out);
	*out = NULL;
	return derr_set(e, DERR_NOT_FOUND, NULL, STUDENT_NO_RECORD);
}

int student_view(struct store *db, const struct actor *a, int64_t id, json_t **out, struct derr *e)
{
	*out = NULL;
	if (visibility_student(db, a, id, e) || student_read(db, a, id, 1, out, e))
		return -1;
	int rc = json_is_object(*out) ? 0 : derr_set(e, DERR_NOT_FOUND, NULL, "学生不存在");
	/* Every résumé an enterprise opens is on record before it is shown. */
	if (!rc && a->role == ROLE_ENTERPRISE)
		rc = audit_write(db, a, "student.view", "student", id, "résumé", e);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

int student_contact(struct store *db, const struct actor *a, int64_t id, json_t **out,
                    struct derr *e)
{
	int64_t own = 0;
	*out = NULL;
	if (a->role == ROLE_STUDENT) {
		if (student_own_id(db, a, &own, e))
			return -1;
		if (own != id)
			return derr_set(e, DERR_NOT_FOUND, NULL, "学生不存在");
	}
	json_t *row =
	    store_row(db, "SELECT phone_enc, id_number_enc FROM students WHERE id = ?", "i", id);
	if (!row)
		return derr_store(e, db, "student contact");
	if (json_is_null(row))
		return derr_set(e, DERR_NOT_FOUND, NULL, "学生不存在");
	char *phone = pii_open(json_string_value(json_object_get(row, "phone_enc")));
	char *idn = pii_open(json_string_value(json_object_get(row, "id_number_enc")));
	json_decref(row);
	int rc = audit_write(db, a, "student.contact_view", "student", id, NULL, e);
	if (!rc)
		*out = json_pack("{s:s?, s:s?}", "phone", phone, "id_number", idn);
	free(phone);
	free(idn);
	return rc;
}

/* The WHERE clause of the talent pool for a (owned strings in owned[2],
 * the caller's to free). */
static int filter_where(const struct actor *a, const struct student_filter *f, struct buf *w,
                        struct store_args *args, char *owned[2], struct derr *e)
{
	owned[0] = owned[1] = NULL;
	buf_adds(w, " WHERE s.closed_at IS NULL");
	visibility_scope_sql(a, w, args);
	owned[0] = f->q ? store_like_contains(f->q) : NULL;
	if (owned[0]) {
		buf_adds(w, " AND (s.name LIKE ? ESCAPE '\\' OR s.student_no LIKE ? ESCAPE '\\')");
		store_args_text(args, owned[0]);
		store_args_text(args, owned[0]);
	}
	if (f->major) {
		buf_adds(w, " AND s.major_code LIKE ? || '%'");
		store_args_text(args, f->major);
	}
	if (f->college_id) {
		buf_adds(w, " AND s.college_id = ?");
		store_args_int(args, f->college_id);
	}
	if (f->grad_year) {
		buf_adds(w, " AND s.grad_year = ?");
		store_args_int(args, f->grad_year);
	}
	if (f->skill) {
		buf_adds(w, " AND EXISTS (SELECT 1 FROM student_skills ss WHERE"
		            " ss.student_id = s.id AND ss.skill_id = ?)");
		store_args_text(args, f->skill);
	}
	if (f->city && strspn(f->city, "0123456789") != strlen(f->city))
		return derr_set(e, DERR_INVALID, "city", "城市代码应为数字");
	if (f->city) {
		/* cities is a JSON array of codes: match the quoted code. */
		size_t n = strlen(f->city) + 5;
		owned[1] = malloc(n);
		if (!owned[1])
			return derr_internal(e, "students: out of memory");
		snprintf(owned[1], n, "%%\"%s\"%%", f->city);
		buf_adds(w, " AND s.cities LIKE ?");
		store_args_text(args, owned[1]);
	}
	return buf_failed(w) ? derr_internal(e, "students: out of memory") : 0;
}

int student_list(struct store *db, const struct actor *a, const struct student_filter *f,
                 int64_t page, int64_t size, json_t **items, int64_t *total, struct derr *e)
{
	struct buf w = BUF_INIT;
	struct store_args args = {0};
	char *owned[2] = {NULL, NULL};
	*items = NULL;
	*total = 0;
	int rc = visibility_talent_pool(db, a, e) || filter_where(a, f, &w, &args, owned, e) ||
	         listing_page_where(db, "students s", STUDENT_SELECT(""), w.data, "s.id DESC",
	                            &args, page, size, items, total, "students list", e);
	size_t i;
	json_t *row;
	json_array_foreach(*items, i, row) decode_lists(row, a);
	free(owned[0]);
	free(owned[1]);
	buf_release(&w);
	return rc ? -1 : 0;
}

int student_export(struct store *db, const struct actor *a, const struct student_filter *f,
                   listing_rows_fn write, void *arg, struct derr *e)
{
	struct buf w = BUF_INIT;
	struct store_args args = {0};
	char *owned[2] = {NULL, NULL};
	int rc =
	    visibility_talent_pool(db, a, e) || filter_where(a, f, &w, &args, owned, e) ||
	    listing_export_where(
	        db,
	        "SELECT s.student_no, s.name, s.gender, o.name, s.major_code, m.name,"
	        " s.grad_year, s.degree, s.phone_masked, s.discoverable FROM students s"
	        " JOIN organizations o ON o.id = s.college_id LEFT JOIN dict_majors m ON"
	        " m.code = s.major_code",
	        w.data, "s.college_id, s.student_no", &args, write, arg, "students export", e) ||
	    audit_write(db, a, "student.export", "student", 0, NULL, e);
	free(owned[0]);
	free(owned[1]);
	buf_release(&w);
	return rc ? -1 : 0;
}
