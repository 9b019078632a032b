/*
 * Students (学生): the profile a student keeps, who may see it (the rules
 * are in domain/student.h and visibility.h), the talent pool, a student's
 * data export and account closing.
 */
#include <stdint.h>
#include <string.h>

#include "api/api.h"
#include "api/export.h"
#include "domain/pii.h"
#include "domain/student.h"
#include "domain/student_profile.h"

void api_students_me(struct api_ctx *c)
{
	json_t *s = NULL;
	struct derr e = {0};
	api_answer(c, student_me(c->db, &c->actor, &s, &e), 200, "student", &s, &e);
}

void api_students_get(struct api_ctx *c)
{
	int64_t id;
	json_t *s = NULL;
	struct derr e = {0};
	if (!api_path_id(c, &id))
		api_answer(c, student_view(c->db, &c->actor, id, &s, &e), 200, "student", &s, &e);
}

/* Full phone and ID number: the student themself and the operator. */
void api_students_contact(struct api_ctx *c)
{
	int64_t id;
	json_t *contact;
	struct derr e = {0};
	if (api_path_id(c, &id))
		return;
	if (student_contact(c->db, &c->actor, id, &contact, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_reply(c, 200, contact);
}

static const char *const profile_fields[] = {
    "gender",       "major_code", "grad_year",  "degree",     "skills", "tags",
    "certificates", "cities",     "salary_min", "salary_max", "resume", "discoverable",
    "personalised", "phone",      "id_number",  NULL};

/* The fields of a profile save, each checked for its shape (400 naming it). */
static void profile_params(struct api_ctx *c, struct student_profile_change *ch)
{
	*ch = (struct student_profile_change){.discoverable = -1, .personalised = -1};
	api_only_fields(c, profile_fields);
	ch->gender = api_str(c, "gender", API_OPTIONAL, 1, 1);
	ch->major_code = api_str(c, "major_code", API_OPTIONAL, 6, 6);
	ch->has_grad_year = api_int(c, "grad_year", API_OPTIONAL, &ch->grad_year) == 0;
	ch->has_degree = api_int(c, "degree", API_OPTIONAL, &ch->degree) == 0;
	ch->has_salary_min = api_int(c, "salary_min", API_OPTIONAL, &ch->salary_min) == 0;
	ch->has_salary_max = api_int(c, "salary_max", API_OPTIONAL, &ch->salary_max) == 0;
	ch->skills = api_str_array(c, "skills", 50, 64);
	ch->tags = api_str_array(c, "tags", 20, 20);
	ch->certificates = api_str_array(c, "certificates", 30, 64);
	ch->cities = api_str_array(c, "cities", 10, 12);
	ch->resume = api_text(c, "resume", API_OPTIONAL, 1, 20000);
	ch->phone = api_str(c, "phone", API_OPTIONAL, 11, 11);
	ch->id_number = api_str(c, "id_number", API_OPTIONAL, 18, 18);
	api_bool(c, "discoverable", API_OPTIONAL, &ch->discoverable);
	api_bool(c, "personalised", API_OPTIONAL, &ch->personalised);
	if (ch->gender && strcmp(ch->gender, "男") && strcmp(ch->gender, "女"))
		api_fail(c, 400, "invalid", "gender", "性别应为 男 或 女");
	if (ch->has_grad_year && (ch->grad_year < 2000 || ch->grad_year > 2100))
		api_fail(c, 400, "invalid", "grad_year", "毕业年份无效");
	if (ch->has_degree && (ch->degree < 1 || ch->degree > 3))
		api_fail(c, 400, "invalid", "degree",
		         "学历层次应为 1（中职）、2（高职专科）或 3（本科）");
	if ((ch->has_salary_min && (ch->salary_min < 0 || ch->salary_min > 1000000)) ||
	    (ch->has_salary_max && (ch->salary_max < 0 || ch->salary_max > 1000000)) ||
	    (ch->has_salary_min && ch->has_salary_max && ch->salary_min > ch->salary_max))
		api_fail(c, 400, "invalid", "salary_max", "期望薪资范围无效");
	if (ch->phone && !pii_phone_valid(ch->phone))
		api_fail(c, 400, "invalid", "phone", "手机号应为 11 位大陆手机号");
	if (ch->id_number && !pii_id_number_valid(ch->id_number))
		api_fail(c, 400, "invalid", "id_number", "身份证号无效（校验位不符）");
}

void api_students_update(struct api_ctx *c)
{
	struct student_profile_change ch;
	json_t *s = NULL;
	struct derr e = {0};
	profile_params(c, &ch);
	if (!api_failed(c))
		api_answer(c, student_profile_save(c->db, &c->actor, &ch, &s, &e), 200, "student",
		           &s, &e);
}

static struct student_filter filter_params(struct api_ctx *c)
{
	return (struct student_filter){.q = api_query(c, "q"),
	                               .major = api_query(c, "major"),
	                               .skill = api_query(c, "skill"),
	                               .city = api_query(c, "city"),
	                               .college_id =
	                                   api_query_int(c, "college_id", 0, 1, INT64_MAX),
	                               .grad_year = api_query_int(c, "grad_year", 0, 2000, 2100)};
}

void api_students_list(struct api_ctx *c)
{
	int64_t page, size, total;
	json_t *items;
	struct derr e = {0};
	struct student_filter f = filter_params(c);
	api_paging(c, &page, &size);
	if (api_failed(c))
		return;
	if (student_list(c->db, &c->actor, &f, page, size, &items, &total, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_reply(c, 200, api_page(items, total, page, size));
}

void api_students_export(struct api_ctx *c)
{
	static const struct export_column cols[] = {{"学号", EXPORT_TEXT, 14},
	                                            {"姓名", EXPORT_TEXT, 10},
	                                            {"性别", EXPORT_TEXT, 6},
	                                            {"院校", EXPORT_TEXT, 30},
	                                            {"专业代码", EXPORT_TEXT, 10},
	                                            {"专业", EXPORT_TEXT, 20},
	                                            {"毕业年份", EXPORT_INT, 8},
	                                            {"学历层次", EXPORT_INT, 8},
	                                            {"手机号", EXPORT_TEXT, 14},
	                                            {"公开简历", EXPORT_INT, 8},
	                                            {NULL, 0, 0}};
	struct export_sheet sheet = {c, "students.xlsx", "学生", cols, NULL};
	struct derr e = {0};
	struct student_filter f = filter_params(c);
	int64_t page, size;
	api_paging(c, &page, &size); /* checked as in the list, not used */
	if (!api_failed(c) && student_export(c->db, &c->actor, &f, export_sheet_rows, &sheet, &e))
		api_fail_derr(c, &e);
}

/* PIPL: everything the platform holds about the student, as JSON. */
void api_students_export_mine(struct api_ctx *c)
{
	json_t *data;
	struct derr e = {0};
	if (student_data_export(c->db, &c->actor, &data, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_reply(c, 200, data);
}

static const char *const close_fields[] = {"password", NULL};

/* Closes the student's account: personal fields erased, the record kept
 * for statistics (college, major, year, degree, applications). */
void api_students_close_mine(struct api_ctx *c)
{
	struct derr e = {0};
	api_only_fields(c, close_fields);
	json_t *pw = json_object_get(c->body, "password");
	/* Not api_str(): a password is taken exactly as typed, blanks included. */
	if (!api_failed(c) && (!pw || json_is_null(pw)))
		api_fail(c, 400, "missing", "password", "请输入密码以确认注销");
	else if (!api_failed(c) && !json_is_string(pw))
		api_fail(c, 400, "invalid", "password", "字段 password 应为字符串");
	if (api_failed(c))
		return;
	if (student_close(c->db, &c->actor, json_string_value(pw), &e)) {
		api_fail_derr(c, &e);
		return;
	}
	c->set_cookie = "skyway_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0";
	api_reply(c, 200, json_pack("{s:b}", "ok", 1));
}
