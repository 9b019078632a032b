/*
 * Students (学生): the profile a student keeps, and who may see it.
 *
 * Scope (domain/visibility.h): a student sees and edits their own record;
 * college staff see their college's students; the operator sees everyone;
 * enterprise HR sees students only once an operator approved the
 * enterprise, and then those who applied to it or chose to be
 * discoverable (PIPL consent), less those who blocked it.  Phone and ID number are masked for all
 * of them; the full values are for the student and the operator only,
 * through /contact, and every such view is audited.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/recommend.h"
#include "api/export.h"
#include "base/buf.h"
#include "base/util.h"
#include "domain/dict.h"
#include "domain/account.h"
#include "domain/password.h"
#include "domain/pii.h"
#include "domain/session.h"
#include "domain/student_profile.h"
#include "domain/recruit.h"
#include "domain/visibility.h"

#define STUDENT_SELECT                                                                             \
	"SELECT s.id, s.account_id, s.college_id, o.name AS college_name, s.student_no,"           \
	" s.name, s.gender, s.major_code, m.name AS major_name, s.grad_year, s.degree,"            \
	" s.skills, s.tags, s.certificates, s.cities, s.salary_min, s.salary_max,"                 \
	" s.discoverable, s.personalised, s.phone_masked AS phone, s.id_number_masked AS"          \
	" id_number, s.is_demo, s.created_at, s.updated_at%s FROM students s"                      \
	" JOIN organizations o ON o.id = s.college_id"                                             \
	" LEFT JOIN dict_majors m ON m.code = s.major_code"

/* Columns stored as JSON text become arrays again. */
static void decode_lists(json_t *row)
{
	static const char *const cols[] = {"skills", "tags", "certificates", "cities"};
	for (size_t i = 0; i < 4; i++) {
		const char *t = json_string_value(json_object_get(row, cols[i]));
		json_t *arr = t ? json_loads(t, 0, NULL) : NULL;
		json_object_set_new(row, cols[i], json_is_array(arr) ? arr : json_array());
		if (arr && !json_is_array(arr))
			json_decref(arr);
	}
}

static json_t *student_json(struct api_ctx *c, int64_t id, int with_resume)
{
	struct buf where = BUF_INIT;
	struct store_args a = {0};
	buf_adds(&where, " WHERE s.id = ?");
	store_args_int(&a, id);
	visibility_scope_sql(&c->actor, &where, &a);
	char *sql = arena_printf(c->arena, STUDENT_SELECT "%s", with_resume ? ", s.resume" : "",
	                         where.data);
	buf_release(&where);
	json_t *rows = store_rows_args(c->db, sql, &a);
	if (!rows)
		return NULL;
	json_t *row = json_array_size(rows) ? json_incref(json_array_get(rows, 0)) : json_null();
	json_decref(rows);
	if (json_is_object(row))
		decode_lists(row);
	return row;
}

void api_students_me(struct api_ctx *c)
{
	int64_t id = api_own_student(c);
	json_t *s = id ? student_json(c, id, 1) : json_null();
	if (!s) {
		api_internal(c, "student me");
		return;
	}
	if (json_is_null(s)) {
		api_fail(c, 404, "not_found", NULL, "尚未建立学生档案");
		return;
	}
	api_reply(c, 200, json_pack("{s:o}", "student", s));
}

void api_students_get(struct api_ctx *c)
{
	int64_t id;
	struct derr e = {0};
	if (api_path_id(c, &id))
		return;
	if (visibility_student(c->db, &c->actor, id, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	json_t *s = student_json(c, id, 1);
	if (!s) {
		api_internal(c, "student get");
		return;
	}
	if (json_is_null(s)) {
		api_fail(c, 404, "not_found", NULL, "学生不存在");
		return;
	}
	if (c->actor.role == ROLE_ENTERPRISE)
		api_audit(c, "student.view", "student", id, "ok", "résumé");
	api_reply(c, 200, json_pack("{s:o}", "student", s));
}

/* Full phone and ID number: the student themself and the operator. */
void api_students_contact(struct api_ctx *c)
{
	int64_t id;
	if (api_path_id(c, &id))
		return;
	if (c->actor.role == ROLE_STUDENT && api_own_student(c) != id) {
		api_fail(c, 404, "not_found", NULL, "学生不存在");
		return;
	}
	json_t *row =
	    store_row(c->db, "SELECT phone_enc, id_number_enc FROM students WHERE id = ?", "i", id);
	if (!row) {
		api_internal(c, "student contact");
		return;
	}
	if (json_is_null(row)) {
		api_fail(c, 404, "not_found", NULL, "学生不存在");
		return;
	}
	char *phone = pii_open(json_string_value(json_object_get(row, "phone_enc")));
	char *idn = pii_open(json_string_value(json_object_get(row, "id_number_enc")));
	json_decref(row);
	api_audit(c, "student.contact_view", "student", id, "ok", NULL);
	api_reply(c, 200, json_pack("{s:s?, s:s?}", "phone", phone, "id_number", idn));
	free(phone);
	free(idn);
}

static const char *const profile_fields[] = {
    "gender",       "major_code", "grad_year",  "degree",     "skills", "tags",
    "certificates", "cities",     "salary_min", "salary_max", "resume", "discoverable",
    "personalised", "phone",      "id_number",  NULL};


void api_students_update(struct api_ctx *c)
{
	int64_t id = api_own_student(c), grad = 0, degree = 0, smin = 0, smax = 0;
	int discoverable = -1, personalised = -1;
	if (!id) {
		api_fail(c, 404, "not_found", NULL, "尚未建立学生档案");
		return;
	}
	api_only_fields(c, profile_fields);
	const char *gender = api_str(c, "gender", API_OPTIONAL, 1, 1);
	const char *major = api_str(c, "major_code", API_OPTIONAL, 6, 6);
	int has_grad = api_int(c, "grad_year", API_OPTIONAL, &grad) == 0;
	int has_degree = api_int(c, "degree", API_OPTIONAL, &degree) == 0;
	int has_smin = api_int(c, "salary_min", API_OPTIONAL, &smin) == 0;
	int has_smax = api_int(c, "salary_max", API_OPTIONAL, &smax) == 0;
	json_t *skills = api_str_array(c, "skills", 50, 64);
	json_t *tags = api_str_array(c, "tags", 20, 20);
	json_t *certs = api_str_array(c, "certificates", 30, 64);
	json_t *cities = api_str_array(c, "cities", 10, 12);
	const char *resume = api_text(c, "resume", API_OPTIONAL, 1, 20000);
	const char *phone = api_str(c, "phone", API_OPTIONAL, 11, 11);
	const char *idn = api_str(c, "id_number", API_OPTIONAL, 18, 18);
	api_bool(c, "discoverable", API_OPTIONAL, &discoverable);
	api_bool(c, "personalised", API_OPTIONAL, &personalised);
	if (gender && strcmp(gender, "男") && strcmp(gender, "女"))
		api_fail(c, 400, "invalid", "gender", "性别应为 男 或 女");
	if (has_grad && (grad < 2000 || grad > 2100))
		api_fail(c, 400, "invalid", "grad_year", "毕业年份无效");
	if (has_degree && (degree < 1 || degree > 3))
		api_fail(c, 400, "invalid", "degree",
		         "学历层次应为 1（中职）、2（高职专科）或 3（本科）");
	if ((has_smin && (smin < 0 || smin > 1000000)) ||
	    (has_smax && (smax < 0 || smax > 1000000)) || (has_smin && has_smax && smin > smax))
		api_fail(c, 400, "invalid", "salary_max", "期望薪资范围无效");
	if (phone && !pii_phone_valid(phone))
		api_fail(c, 400, "invalid", "phone", "手机号应为 11 位大陆手机号");
	if (idn && !pii_id_number_valid(idn))
		api_fail(c, 400, "invalid", "id_number", "身份证号无效（校验位不符）");
	if ((phone || idn) && !pii_ready())
		api_fail(c, 422, "rule", phone ? "phone" : "id_number",
		         "服务器未配置个人信息加密密钥");
	if (major && !api_failed(c) && dict_has(c->db, "majors", major) != 1)
		api_fail(c, 400, "invalid", "major_code", "未知的专业代码");
	size_t i;
	json_t *v;
	json_array_foreach(skills, i, v)
	{
		if (!api_failed(c) && dict_has(c->db, "skills", json_string_value(v)) != 1)
			api_fail(c, 400, "invalid", "skills",
			         arena_printf(c->arena, "未知的技能：%s", json_string_value(v)));
	}
	json_array_foreach(cities, i, v)
	{
		if (!api_failed(c) && dict_has(c->db, "cities", json_string_value(v)) != 1)
			api_fail(c, 400, "invalid", "cities",
			         arena_printf(c->arena, "未知的城市：%s", json_string_value(v)));
	}
	if (api_failed(c))
		return;
	struct student_profile_change ch = {
	    .gender = gender,
	    .major_code = major,
	    .resume = resume,
	    .phone = phone,
	    .id_number = idn,
	    .has_grad_year = has_grad,
	    .has_degree = has_degree,
	    .has_salary_min = has_smin,
	    .has_salary_max = has_smax,
	    .grad_year = grad,
	    .degree = degree,
	    .salary_min = smin,
	    .salary_max = smax,
	    .discoverable = discoverable,
	    .personalised = personalised,
	    .skills = skills,
	    .tags = tags,
	    .certificates = certs,
	    .cities = cities,
	};
	struct derr e = {0};
	int changed = 0;
	if (student_profile_update(c->db, id, &ch, &changed, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	/* A save that changed nothing wrote nothing: no event either. */
	if (changed) {
		recommend_student_changed(c->db, id);
		api_audit(c, "student.update", "student", id, "ok", NULL);
	}
	api_reply(c, 200, json_pack("{s:o}", "student", student_json(c, id, 1)));
}

static void students_list(struct api_ctx *c, int export)
{
	struct buf where = BUF_INIT;
	struct store_args a = {0};
	int64_t page, size, total = 0;
	const char *q = api_query(c, "q"), *major = api_query(c, "major");
	const char *skill = api_query(c, "skill"), *city = api_query(c, "city");
	int64_t college = api_query_int(c, "college_id", 0, 1, INT64_MAX);
	int64_t grad = api_query_int(c, "grad_year", 0, 2000, 2100);
	struct derr e = {0};
	api_paging(c, &page, &size);
	if (api_failed(c))
		return;
	if (visibility_talent_pool(c->db, &c->actor, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	buf_adds(&where, " WHERE s.closed_at IS NULL");
	visibility_scope_sql(&c->actor, &where, &a);
	char *like = q ? store_like_contains(q) : NULL;
	if (like) {
		buf_adds(&where,
		         " AND (s.name LIKE ? ESCAPE '\\' OR s.student_no LIKE ? ESCAPE '\\')");
		store_args_text(&a, like);
		store_args_text(&a, like);
	}
	if (major) {
		buf_adds(&where, " AND s.major_code LIKE ? || '%'");
		store_args_text(&a, major);
	}
	if (college) {
		buf_adds(&where, " AND s.college_id = ?");
		store_args_int(&a, college);
	}
	if (grad) {
		buf_adds(&where, " AND s.grad_year = ?");
		store_args_int(&a, grad);
	}
	if (skill) {
		buf_adds(&where, " AND EXISTS (SELECT 1 FROM student_skills ss WHERE"
		                 " ss.student_id = s.id AND ss.skill_id = ?)");
		store_args_text(&a, skill);
	}
	char *city_like = NULL;
	if (city && strspn(city, "0123456789") != strlen(city)) {
		buf_release(&where);
		free(like);
		api_fail(c, 400, "invalid", "city", "城市代码应为数字");
		return;
	}
	if (city) {
		/* cities is a JSON array of codes: match the quoted code. */
		city_like = malloc(strlen(city) + 5);
		sprintf(city_like, "%%\"%s\"%%", city);
		buf_adds(&where, " AND s.cities LIKE ?");
		store_args_text(&a, city_like);
	}
	if (export) {
		static const struct export_column cols[] = {
		    {"学号", EXPORT_TEXT, 14},   {"姓名", EXPORT_TEXT, 10},   {"性别", EXPORT_TEXT, 6},
		    {"院校", EXPORT_TEXT, 30},   {"专业代码", EXPORT_TEXT, 10}, {"专业", EXPORT_TEXT, 20},
		    {"毕业年份", EXPORT_INT, 8}, {"学历层次", EXPORT_INT, 8}, {"手机号", EXPORT_TEXT, 14},
		    {"公开简历", EXPORT_INT, 8}, {NULL, 0, 0}};
		char *sql = arena_printf(
		    c->arena,
		    "SELECT s.student_no, s.name, s.gender, o.name, s.major_code, m.name, s.grad_year,"
		    " s.degree, s.phone_masked, s.discoverable FROM students s JOIN organizations o ON"
		    " o.id = s.college_id LEFT JOIN dict_majors m ON m.code = s.major_code%s"
		    " ORDER BY s.college_id, s.student_no",
		    where.data);
		buf_release(&where);
		struct store_stmt *st = store_query_args(c->db, sql, &a);
		if (!st || export_xlsx(c, "students.xlsx", "学生", cols, st))
			api_internal(c, "students export");
		store_finalize(st);
		free(like);
		free(city_like);
		if (!api_failed(c))
			api_audit(c, "student.export", "student", 0, "ok", NULL);
		return;
	}
	char *count_sql = arena_printf(c->arena, "SELECT COUNT(*) FROM students s%s", where.data);
	char *sql = arena_printf(c->arena, STUDENT_SELECT "%s ORDER BY s.id DESC LIMIT ? OFFSET ?",
	                         "", where.data);
	buf_release(&where);
	json_t *items = api_page_rows(c, count_sql, sql, &a, page, size, &total);
	free(like);
	free(city_like);
	if (!items) {
		api_internal(c, "students list");
		return;
	}
	size_t i;
	json_t *row;
	json_array_foreach(items, i, row) decode_lists(row);
	api_reply(c, 200, api_page(items, total, page, size));
}

void api_students_list(struct api_ctx *c)
{
	students_list(c, 0);
}

void api_students_export(struct api_ctx *c)
{
	students_list(c, 1);
}

/* PIPL: everything the platform holds about the student, as JSON. */
void api_students_export_mine(struct api_ctx *c)
{
	int64_t id = api_own_student(c);
	if (!id) {
		api_fail(c, 404, "not_found", NULL, "尚未建立学生档案");
		return;
	}
	json_t *student = student_json(c, id, 1);
	json_t *contact =
	    store_row(c->db, "SELECT phone_enc, id_number_enc FROM students WHERE id = ?", "i", id);
	json_t *apps =
	    store_rows(c->db,
	               "SELECT ap.id, ap.position_id, p.title AS position_title,"
	               " o.name AS enterprise_name, ap.status, ap.created_at, ap.updated_at"
	               " FROM applications ap JOIN positions p ON p.id = ap.position_id"
	               " JOIN organizations o ON o.id = ap.enterprise_id"
	               " WHERE ap.student_id = ? ORDER BY ap.id",
	               "i", id);
	json_t *events =
	    store_rows(c->db,
	               "SELECT e.application_id, e.from_status, e.to_status, e.at"
	               " FROM application_events e JOIN applications ap ON"
	               " ap.id = e.application_id WHERE ap.student_id = ? ORDER BY e.id",
	               "i", id);
	json_t *consents =
	    store_rows(c->db,
	               "SELECT kind, enterprise_id, text_version, granted_at, withdrawn_at"
	               " FROM consents WHERE student_id = ? ORDER BY id",
	               "i", id);
	json_t *account = account_json(c->db, c->actor.id);
	if (!student || !contact || !apps || !events || !consents || !account) {
		json_decref(student);
		json_decref(contact);
		json_decref(apps);
		json_decref(events);
		json_decref(consents);
		json_decref(account);
		api_internal(c, "student export");
		return;
	}
	char *phone = pii_open(json_string_value(json_object_get(contact, "phone_enc")));
	char *idn = pii_open(json_string_value(json_object_get(contact, "id_number_enc")));
	json_decref(contact);
	json_object_set_new(student, "phone", phone ? json_string(phone) : json_null());
	json_object_set_new(student, "id_number", idn ? json_string(idn) : json_null());
	free(phone);
	free(idn);
	api_audit(c, "student.data_export", "student", id, "ok", NULL);
	api_reply(c, 200,
	          json_pack("{s:s, s:I, s:o, s:o, s:o, s:o, s:o}", "format",
	                    "skyway-student-export-1", "exported_at", (json_int_t)now_seconds(),
	                    "account", account, "student", student, "applications", apps,
	                    "application_events", events, "consents", consents));
}

static const char *const close_fields[] = {"password", NULL};

/* Closes the student's account: personal fields erased, the record kept
 * for statistics (college, major, year, degree, applications). */
void api_students_close_mine(struct api_ctx *c)
{
	api_only_fields(c, close_fields);
	json_t *pw = json_object_get(c->body, "password");
	/* Not api_str(): a password is taken exactly as typed, blanks included. */
	if (!api_failed(c) && (!pw || json_is_null(pw)))
		api_fail(c, 400, "missing", "password", "请输入密码以确认注销");
	else if (!api_failed(c) && !json_is_string(pw))
		api_fail(c, 400, "invalid", "password", "字段 password 应为字符串");
	if (api_failed(c))
		return;
	if (!api_own_password_ok(c, json_string_value(pw))) {
		api_fail(c, 403, "bad_credentials", "password", "密码不正确");
		return;
	}
	int64_t id = api_own_student(c), now = now_seconds();
	char *gone = arena_printf(c->arena, "closed-%lld", (long long)c->actor.id);
	if (store_begin(c->db) != STORE_OK ||
	    (id &&
	     store_run(
	         c->db,
	         "UPDATE students SET name = '已注销', student_no = ?, gender = NULL,"
	         " skills = '[]', tags = '[]', certificates = '[]', cities = '[]',"
	         " resume = NULL, phone_enc = NULL, phone_masked = NULL, id_number_enc = NULL,"
	         " id_number_masked = NULL, discoverable = 0, account_id = NULL,"
	         " closed_at = ?, updated_at = ? WHERE id = ?",
	         "tiii", gone, now, now, id)) ||
	    (id && store_run(c->db, "DELETE FROM student_skills WHERE student_id = ?", "i", id)) ||
	    (id && store_run(c->db,
	                     "UPDATE consents SET withdrawn_at = ? WHERE student_id = ? AND"
	                     " withdrawn_at IS NULL",
	                     "ii", now, id)) ||
	    store_run(
	        c->db,
	        "UPDATE accounts SET login = ?, display_name = '已注销用户', student_no = NULL,"
	        " password_hash = NULL, status = 'disabled' WHERE id = ?",
	        "ti", gone, c->actor.id) ||
	    session_delete_account(c->db, c->actor.id) || store_commit(c->db) != STORE_OK) {
		api_internal(c, "account close");
		return;
	}
	recommend_student_changed(c->db, id);
	api_audit(c, "student.close", "student", id, "ok", NULL);
	c->set_cookie = "skyway_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0";
	api_reply(c, 200, json_pack("{s:b}", "ok", 1));
}
