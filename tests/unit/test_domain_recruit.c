/* The recruitment services over a real SQLite database: who sees and moves
 * a position, the review of unverified enterprises, applying and the
 * pipeline with their events and audit rows, a write that fails at any
 * database operation writes nothing, the scope of the employment figures,
 * and formatted refusals cut at whole characters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/date.h"
#include "base/utf8.h"
#include "domain/application.h"
#include "domain/destination.h"
#include "domain/position.h"
#include "domain/stats.h"
#include "store/migrate.h"

static struct store *db;
static int64_t college, verified, unverified;
static struct actor operator_, hr, hr_pending, hr_other, staff, student, other_student;

static int64_t org(const char *kind, const char *name, const char *status)
{
	int64_t id = 0;
	assert_int_equal(store_int64(db, &id,
	                             "INSERT INTO organizations (kind, name, status, created_at,"
	                             " updated_at) VALUES (?, ?, ?, 0, 0) RETURNING id",
	                             "ttt", kind, name, status),
	                 STORE_ROW);
	return id;
}

/* An account of role at org (0: none), as the actor of a request. */
static struct actor account(const char *login, int role, const char *role_name, int64_t org_id)
{
	struct actor a = {.role = role, .org_id = org_id, .address = "127.0.0.1"};
	assert_int_equal(store_int64(db, &a.id,
	                             "INSERT INTO accounts (login, role, display_name, org_id,"
	                             " created_at) VALUES (?, ?, ?, ?, 0) RETURNING id",
	                             "tttI", login, role_name, login, org_id),
	                 STORE_ROW);
	snprintf(a.login, sizeof(a.login), "%s", login);
	return a;
}

static void student_of(const struct actor *a, const char *no, int64_t grad)
{
	assert_int_equal(store_run(db,
	                           "INSERT INTO students (account_id, college_id, student_no, name,"
	                           " major_code, grad_year, created_at, updated_at)"
	                           " VALUES (?, ?, ?, '陈晓', '460301', ?, 0, 0)",
	                           "iiti", a->id, college, no, grad),
	                 STORE_OK);
}

static int setup(void **state)
{
	char err[256];
	store_faults_enable(); /* the pooled connection is wrapped (store_fault.c) */
	store_pool_init("sqlite::memory:");
	db = store_thread();
	assert_non_null(db);
	assert_true(migrate_run(db, err, sizeof(err)) > 0);
	college = org("college", "清远职业技术学院", "active");
	verified = org("enterprise", "清远格力电器有限公司", "active");
	unverified = org("enterprise", "清远新材料有限公司", "pending");
	int64_t other = org("enterprise", "清远云智软件有限公司", "active");
	operator_ = account("admin", ROLE_OPERATOR, "operator", 0);
	hr = account("hr1", ROLE_ENTERPRISE, "enterprise", verified);
	hr_pending = account("hr2", ROLE_ENTERPRISE, "enterprise", unverified);
	hr_other = account("hr3", ROLE_ENTERPRISE, "enterprise", other);
	staff = account("staff", ROLE_COLLEGE, "college", college);
	student = account("chenxiao", ROLE_STUDENT, "student", college);
	other_student = account("linfeng", ROLE_STUDENT, "student", college);
	student_of(&student, "2023010001", 2026);
	return 0;
}

static int teardown(void **state)
{
	store_pool_close();
	return 0;
}

static int64_t count(const char *sql)
{
	int64_t n = -1;
	assert_int_equal(store_int64(db, &n, sql, ""), STORE_ROW);
	return n;
}

/* Every table a recruitment write touches, counted. */
struct snapshot {
	int64_t positions, majors, skills, applications, events, consents, audit, open, viewed;
};

static struct snapshot snap(void)
{
	return (struct snapshot){
	    count("SELECT COUNT(*) FROM positions"),
	    count("SELECT COUNT(*) FROM position_majors"),
	    count("SELECT COUNT(*) FROM position_skills"),
	    count("SELECT COUNT(*) FROM applications"),
	    count("SELECT COUNT(*) FROM application_events"),
	    count("SELECT COUNT(*) FROM consents"),
	    count("SELECT COUNT(*) FROM audit_log"),
	    count("SELECT COUNT(*) FROM positions WHERE status = 'open'"),
	    count("SELECT COUNT(*) FROM applications WHERE status <> 'submitted'"),
	};
}

static const char *status_of(json_t *o)
{
	return json_string_value(json_object_get(o, "status"));
}

static int64_t id_of(json_t *o)
{
	return json_integer_value(json_object_get(o, "id"));
}

static int64_t draft(const struct actor *a, const char *title)
{
	struct position_fields f = {
	    .title = title, .kind = "全职", .min_degree = 1, .headcount = 2};
	struct derr e = {0};
	json_t *p;
	assert_int_equal(position_create(db, a, &f, &p, &e), 0);
	int64_t id = id_of(p);
	assert_string_equal(status_of(p), "draft");
	json_decref(p);
	return id;
}

static void only_the_owner_and_the_operator_see_a_draft(void **state)
{
	int64_t id = draft(&hr, "数控车床操作工");
	struct derr e = {0};
	json_t *p;
	assert_int_equal(position_get(db, &hr, id, &p, &e), 0);
	json_decref(p);
	assert_int_equal(position_get(db, &operator_, id, &p, &e), 0);
	json_decref(p);
	const struct actor *nobody[] = {&hr_other, &student, &staff};
	for (size_t i = 0; i < 3; i++) {
		e = (struct derr){0};
		assert_int_equal(position_get(db, nobody[i], id, &p, &e), -1);
		assert_int_equal(e.kind, DERR_NOT_FOUND);
		assert_null(p);
		/* Nor may they move it: as absent as a missing one. */
		e = (struct derr){0};
		assert_int_equal(position_move(db, nobody[i], id, POSITION_CLOSE, NULL, &p, &e),
		                 -1);
		assert_int_equal(e.kind, DERR_NOT_FOUND);
	}
	/* Open, everyone sees it. */
	assert_int_equal(position_move(db, &hr, id, POSITION_SUBMIT, NULL, &p, &e), 0);
	assert_string_equal(status_of(p), "open");
	json_decref(p);
	assert_int_equal(position_get(db, &student, id, &p, &e), 0);
	json_decref(p);
}

static void unverified_enterprises_go_through_review(void **state)
{
	int64_t id = draft(&hr_pending, "新材料研发助理");
	struct derr e = {0};
	json_t *p;
	assert_int_equal(position_move(db, &hr_pending, id, POSITION_SUBMIT, NULL, &p, &e), 0);
	assert_string_equal(status_of(p), "pending");
	json_decref(p);
	/* Only the operator reviews, and only from pending. */
	assert_int_equal(position_move(db, &hr_pending, id, POSITION_APPROVE, NULL, &p, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	e = (struct derr){0};
	assert_int_equal(
	    position_move(db, &operator_, id, POSITION_REJECT, "薪资信息不完整", &p, &e), 0);
	assert_string_equal(json_string_value(json_object_get(p, "reject_reason")),
	                    "薪资信息不完整");
	json_decref(p);
	assert_int_equal(position_move(db, &operator_, id, POSITION_APPROVE, NULL, &p, &e), -1);
	assert_int_equal(e.kind, DERR_RULE);
	assert_string_equal(e.field, "status");
	assert_true(strstr(e.message, "rejected") != NULL);
	/* Closed while unverified, it cannot be reopened. */
	e = (struct derr){0};
	assert_int_equal(position_move(db, &hr_pending, id, POSITION_SUBMIT, NULL, &p, &e), 0);
	json_decref(p);
	assert_int_equal(position_move(db, &hr_pending, id, POSITION_CLOSE, NULL, &p, &e), 0);
	json_decref(p);
	assert_int_equal(position_move(db, &hr_pending, id, POSITION_REOPEN, NULL, &p, &e), -1);
	assert_int_equal(e.kind, DERR_RULE);
	assert_null(e.field);
	assert_true(count("SELECT COUNT(*) FROM audit_log WHERE action = 'position.reject'"
	                  " AND detail = 'rejected'") == 1);
}

/* Runs write with its 1st, 2nd, ... database operation failing: each
 * fired fault fails it as internal and writes nothing; returns the
 * result of the first attempt that ran whole. */
static int every_fault(int (*write)(json_t **out, struct derr *e), json_t **out)
{
	for (int n = 1; n < 300; n++) {
		struct snapshot before = snap();
		struct derr e = {0};
		*out = NULL;
		store_fault_arm(db, n);
		int rc = write(out, &e);
		int fired = store_fault_disarm(db);
		assert_int_equal(store_in_tx(db), 0);
		if (!fired) {
			assert_true(n > 3);
			return rc;
		}
		assert_int_equal(rc, -1);
		assert_int_equal(e.kind, DERR_INTERNAL);
		assert_null(*out);
		struct snapshot after = snap();
		assert_memory_equal(&before, &after, sizeof(before));
	}
	fail_msg("still faulting after 300 operations");
	return -1;
}

static int64_t the_position, the_application;

static int apply(json_t **out, struct derr *e)
{
	return application_apply(db, &student, the_position, out, e);
}

static int to_interview(json_t **out, struct derr *e)
{
	return application_move(db, &hr, the_application, "interview", "周三面试", out, e);
}

static int viewed(json_t **out, struct derr *e)
{
	return application_viewed(db, &hr, the_application, out, e);
}

static int create(json_t **out, struct derr *e)
{
	json_t *majors = json_pack("[s]", "4603");
	struct position_fields f = {.title = "电气调试员",
	                            .kind = "全职",
	                            .min_degree = 1,
	                            .headcount = 3,
	                            .majors = majors};
	int rc = position_create(db, &hr, &f, out, e);
	json_decref(majors);
	return rc;
}

static void a_failing_write_writes_nothing(void **state)
{
	json_t *out;
	/* The major must exist in the dictionary the check reads. */
	assert_int_equal(store_run(db,
	                           "INSERT INTO dict_majors (code, name, level) VALUES"
	                           " ('4603', '自动化类', 'class')",
	                           ""),
	                 STORE_OK);
	assert_int_equal(every_fault(create, &out), 0);
	the_position = id_of(out);
	assert_int_equal(json_array_size(json_object_get(out, "majors")), 1);
	json_decref(out);
	struct derr e = {0};
	assert_int_equal(position_move(db, &hr, the_position, POSITION_SUBMIT, NULL, &out, &e), 0);
	json_decref(out);
	assert_int_equal(every_fault(apply, &out), 0);
	the_application = id_of(out);
	assert_string_equal(status_of(out), "submitted");
	json_decref(out);
	assert_int_equal(every_fault(viewed, &out), 0);
	assert_string_equal(status_of(out), "viewed");
	json_decref(out);
	assert_int_equal(every_fault(to_interview, &out), 0);
	assert_string_equal(status_of(out), "interview");
	json_decref(out);
	/* Each change: one event and one audit row, written with it. */
	assert_int_equal(count("SELECT COUNT(*) FROM application_events"), 3);
	assert_int_equal(
	    count("SELECT COUNT(*) FROM audit_log WHERE action = 'application.status'"), 2);
	assert_int_equal(count("SELECT COUNT(*) FROM consents WHERE kind = 'apply'"), 1);
}

static void the_pipeline_keeps_its_rules(void **state)
{
	struct derr e = {0};
	json_t *out;
	/* Applying twice, or without a profile. */
	assert_int_equal(application_apply(db, &student, the_position, &out, &e), -1);
	assert_int_equal(e.kind, DERR_CONFLICT);
	e = (struct derr){0};
	assert_int_equal(application_apply(db, &other_student, the_position, &out, &e), -1);
	assert_int_equal(e.kind, DERR_RULE);
	/* Another enterprise's HR, and the student's college reading it. */
	e = (struct derr){0};
	assert_int_equal(
	    application_move(db, &hr_other, the_application, "offered", NULL, &out, &e), -1);
	assert_int_equal(e.kind, DERR_NOT_FOUND);
	e = (struct derr){0};
	assert_int_equal(application_get(db, &staff, the_application, &out, &e), 0);
	assert_int_equal(json_array_size(json_object_get(out, "history")), 3);
	json_decref(out);
	assert_int_equal(application_move(db, &staff, the_application, "offered", NULL, &out, &e),
	                 -1);
	assert_int_equal(e.kind, DERR_NOT_FOUND);
	/* HR cannot accept for the student; the student cannot skip to an offer. */
	e = (struct derr){0};
	assert_int_equal(application_move(db, &hr, the_application, "accepted", NULL, &out, &e),
	                 -1);
	assert_int_equal(e.kind, DERR_RULE);
	assert_true(utf8_valid(e.message, strlen(e.message)));
	e = (struct derr){0};
	assert_int_equal(application_move(db, &student, the_application, "offered", NULL, &out, &e),
	                 -1);
	assert_int_equal(e.kind, DERR_RULE);
	/* Bulk is all or nothing: an unknown id refuses every move. */
	json_t *ids = json_pack("[I, I]", (json_int_t)the_application, (json_int_t)999999);
	int64_t updated = -1;
	struct snapshot before = snap();
	e = (struct derr){0};
	assert_int_equal(application_bulk(db, &hr, ids, "offered", NULL, &updated, &e), -1);
	assert_int_equal(e.kind, DERR_RULE);
	assert_string_equal(e.field, "ids");
	assert_non_null(strstr(e.message, "第 2 个"));
	struct snapshot after = snap();
	assert_memory_equal(&before, &after, sizeof(before));
	json_decref(ids);
}

static void employment_figures_stay_in_the_college(void **state)
{
	struct derr e = {0};
	json_t *out;
	assert_int_equal(stats_employment(db, &staff, "major", college + 1000, 0, &out, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	assert_string_equal(e.field, "college_id");
	e = (struct derr){0};
	assert_int_equal(stats_employment(db, &staff, "school", 0, 0, &out, &e), -1);
	assert_int_equal(e.kind, DERR_INVALID);
	e = (struct derr){0};
	/* -1: every graduation year (0 would be the graduating class's). */
	assert_int_equal(stats_employment(db, &staff, NULL, 0, -1, &out, &e), 0);
	assert_true(json_is_null(json_object_get(out, "grad_year")));
	json_t *total = json_object_get(out, "total");
	assert_int_equal(json_integer_value(json_object_get(total, "students")), 1);
	assert_int_equal(json_integer_value(json_object_get(total, "interviewed")), 1);
	json_decref(out);
}

static void the_graduating_class_turns_in_september(void **state)
{
	/* 2026-08-31 23:59 and 2026-09-01 00:00 China time, i.e. UTC+8. */
	int64_t aug31 = (int64_t)date_from_ymd(2026, 8, 31) * 86400 + 86399 - DATE_BEIJING;
	assert_int_equal(destination_cohort(aug31), 2026);
	assert_int_equal(destination_cohort(aug31 + 1), 2027);
	/* December already reports next summer's class; the new year keeps it. */
	int64_t ny = (int64_t)date_from_ymd(2027, 1, 1) * 86400 - DATE_BEIJING;
	assert_int_equal(destination_cohort(ny - 1), 2027);
	assert_int_equal(destination_cohort(ny), 2027);
	int64_t jun = (int64_t)date_from_ymd(2027, 6, 30) * 86400;
	assert_int_equal(destination_cohort(jun), 2027);
}

static void formatted_refusals_cut_whole_characters(void **state)
{
	struct derr e = {0};
	char code[700] = "";
	for (int i = 0; i < 200; i++)
		strcat(code, "码"); /* 600 bytes: more than the words may hold */
	assert_int_equal(derr_codef(&e, DERR_INVALID, NULL, "majors", "字段 %s 含未知的代码：%s",
	                            "majors", code),
	                 -1);
	assert_int_equal(e.kind, DERR_INVALID);
	assert_true(strlen(e.message) < sizeof(e.text));
	assert_true(strlen(e.message) > sizeof(e.detail) - 4);
	assert_true(utf8_valid(e.message, strlen(e.message)));
	/* The first failure wins. */
	assert_int_equal(derr_codef(&e, DERR_RULE, "x", "to", "后来的 %d", 1), -1);
	assert_int_equal(e.kind, DERR_INVALID);
	assert_string_equal(e.field, "majors");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(only_the_owner_and_the_operator_see_a_draft),
	    cmocka_unit_test(unverified_enterprises_go_through_review),
	    cmocka_unit_test(a_failing_write_writes_nothing),
	    cmocka_unit_test(the_pipeline_keeps_its_rules),
	    cmocka_unit_test(employment_figures_stay_in_the_college),
	    cmocka_unit_test(the_graduating_class_turns_in_september),
	    cmocka_unit_test(formatted_refusals_cut_whole_characters),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
