/* The fair services over a real SQLite database: who sees a fair, the
 * lifecycle with its events and audit rows, a change that fails at any
 * database operation writes nothing, refusals' words, the gate's scans. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <string.h>

#include "base/utf8.h"
#include "base/util.h"
#include "domain/fair.h"
#include "domain/fair_internal.h"
#include "domain/gate.h"
#include "store/migrate.h"

static struct store *db;
static int64_t host, other; /* two colleges */
static const struct actor operator_ = {.id = 1, .role = ROLE_OPERATOR, .login = "admin"};
static struct actor host_staff, other_staff, student;

static int64_t college(const char *name)
{
	int64_t id = 0;
	assert_int_equal(
	    store_int64(db, &id,
	                "INSERT INTO organizations (kind, name, created_at, updated_at)"
	                " VALUES ('college', ?, 0, 0) RETURNING id",
	                "t", name),
	    STORE_ROW);
	return id;
}

static int setup(void **state)
{
	char err[256];
	/* A pooled connection, wrapped for fault injection (store_fault.c). */
	store_faults_enable();
	store_pool_init("sqlite::memory:");
	db = store_thread();
	assert_non_null(db);
	assert_true(migrate_run(db, err, sizeof(err)) > 0);
	host = college("清远职业技术学院");
	other = college("广东碧桂园职业学院");
	host_staff = (struct actor){.id = 2, .role = ROLE_COLLEGE, .org_id = host};
	other_staff = (struct actor){.id = 3, .role = ROLE_COLLEGE, .org_id = other};
	student = (struct actor){.id = 4, .role = ROLE_STUDENT};
	return 0;
}

static int teardown(void **state)
{
	store_pool_close();
	return 0;
}

static struct fair_input input(void)
{
	int64_t now = now_seconds();
	return (struct fair_input){.kind = "fair",
	                           .name = "清远市高校毕业生双选会",
	                           .venue = "体育馆",
	                           .host_college_id = host,
	                           .starts_at = now - 3600,
	                           .ends_at = now + 8 * 3600,
	                           .booths = 10,
	                           .capacity = 100,
	                           .ticket_limit = 3,
	                           .slot_minutes = 20,
	                           .gap_minutes = 10};
}

static int64_t count(const char *table_sql)
{
	int64_t n = -1;
	assert_int_equal(store_int64(db, &n, table_sql, ""), STORE_ROW);
	return n;
}

/* Everything a fair write may touch, as one number per table. */
struct snapshot {
	int64_t fairs, events, audit, updated;
};
static struct snapshot snap(void)
{
	return (struct snapshot){count("SELECT COUNT(*) FROM fairs"),
	                         count("SELECT COUNT(*) FROM fair_events"),
	                         count("SELECT COUNT(*) FROM audit_log"),
	                         count("SELECT COALESCE(SUM(updated_at), 0) FROM fairs")};
}

static void lifecycle_writes_events_and_audit(void **state)
{
	struct fair_input in = input();
	struct derr e = {0};
	json_t *f = NULL;
	struct snapshot s0 = snap();
	assert_int_equal(fair_create(db, &operator_, &in, &f, &e), 0);
	assert_string_equal(json_string_value(json_object_get(f, "status")), "draft");
	int64_t id = json_integer_value(json_object_get(f, "id"));
	json_decref(f);
	struct snapshot s1 = snap();
	assert_int_equal(s1.fairs, s0.fairs + 1);
	assert_int_equal(s1.events, s0.events + 1);
	assert_int_equal(s1.audit, s0.audit + 1);

	assert_int_equal(fair_set_status(db, &operator_, id, "signup", &f, &e), 0);
	assert_string_equal(json_string_value(json_object_get(f, "status_label")), "报名中");
	json_decref(f);
	/* Skipping a step is a rule; an unknown status is bad input. */
	assert_int_equal(fair_set_status(db, &operator_, id, "finished", &f, &e), -1);
	assert_int_equal(e.kind, DERR_RULE);
	assert_string_equal(e.field, "to");
	assert_null(f);
	e = (struct derr){0};
	assert_int_equal(fair_set_status(db, &operator_, id, "closed", &f, &e), -1);
	assert_int_equal(e.kind, DERR_INVALID);
	e = (struct derr){0};
	/* The dates are checked against each other. */
	in.ends_at = in.starts_at;
	assert_int_equal(fair_create(db, &operator_, &in, &f, &e), -1);
	assert_int_equal(e.kind, DERR_INVALID);
	assert_string_equal(e.field, "ends_at");
	assert_int_equal(store_in_tx(db), 0);
}

static void drafts_are_the_organisers(void **state)
{
	struct fair_input in = input();
	struct derr e = {0};
	struct fair f;
	json_t *row;
	assert_int_equal(fair_create(db, &operator_, &in, &row, &e), 0);
	int64_t id = json_integer_value(json_object_get(row, "id"));
	json_decref(row);

	assert_int_equal(fair_load_for(db, &host_staff, id, FAIR_ANYONE, &f, &e), 0);
	assert_true(f.organiser);
	assert_string_equal(f.status, "draft");
	assert_int_equal(fair_load_for(db, &other_staff, id, FAIR_ANYONE, &f, &e), -1);
	assert_int_equal(e.kind, DERR_NOT_FOUND);
	e = (struct derr){0};
	assert_int_equal(fair_load_for(db, &student, id, FAIR_ANYONE, &f, &e), -1);
	assert_int_equal(e.kind, DERR_NOT_FOUND);
	e = (struct derr){0};

	assert_int_equal(fair_set_status(db, &operator_, id, "signup", &row, &e), 0);
	json_decref(row);
	assert_int_equal(fair_load_for(db, &other_staff, id, FAIR_ANYONE, &f, &e), 0);
	assert_false(f.organiser);
	assert_int_equal(fair_load_for(db, &other_staff, id, "只有主办方可以查看", &f, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	assert_string_equal(e.message, "只有主办方可以查看");
	e = (struct derr){0};
	assert_int_equal(fair_load_in(db, &student, id, fair_states_live, "排队", &f, &e), -1);
	assert_int_equal(e.kind, DERR_RULE);
	assert_string_equal(e.field, "status");
	assert_string_equal(e.message, "招聘会报名中，不能排队");
	e = (struct derr){0};
	assert_int_equal(fair_load_for(db, &operator_, id + 1000, FAIR_ANYONE, &f, &e), -1);
	assert_int_equal(e.kind, DERR_NOT_FOUND);
}

/* Each write fails at its 1st, 2nd, ... operation: -1 with an internal
 * failure, nothing written, no transaction left open; then it succeeds. */
static void a_failed_write_writes_nothing(void **state)
{
	struct fair_input in = input();
	struct derr e = {0};
	json_t *f = NULL;
	int64_t id = 0;
	int n, done = 0;
	for (n = 1; n < 200 && !done; n++) {
		struct snapshot before = snap();
		e = (struct derr){0};
		store_fault_arm(db, n);
		int rc = fair_create(db, &operator_, &in, &f, &e);
		int fired = store_fault_disarm(db);
		assert_int_equal(store_in_tx(db), 0);
		if (!fired) {
			assert_int_equal(rc, 0);
			id = json_integer_value(json_object_get(f, "id"));
			json_decref(f);
			done = 1;
			break;
		}
		assert_int_equal(rc, -1);
		assert_int_equal(e.kind, DERR_INTERNAL);
		assert_null(f);
		struct snapshot after = snap();
		assert_memory_equal(&before, &after, sizeof(before));
	}
	assert_true(done && n > 3);
	for (n = 1, done = 0; n < 200 && !done; n++) {
		struct snapshot before = snap();
		e = (struct derr){0};
		store_fault_arm(db, n);
		int rc = fair_set_status(db, &operator_, id, "signup", &f, &e);
		int fired = store_fault_disarm(db);
		assert_int_equal(store_in_tx(db), 0);
		if (!fired) {
			assert_int_equal(rc, 0);
			json_decref(f);
			done = 1;
			break;
		}
		assert_int_equal(rc, -1);
		assert_int_equal(e.kind, DERR_INTERNAL);
		struct snapshot after = snap();
		assert_memory_equal(&before, &after, sizeof(before));
	}
	assert_true(done && n > 3);
}

static void formatted_refusals_cut_whole_characters(void **state)
{
	struct derr e = {0};
	char name[400] = "";
	for (int i = 0; i < 100; i++)
		strcat(name, "展"); /* 300 bytes: more than the words may hold */
	assert_int_equal(derr_codef(&e, DERR_RULE, NULL, "name", "不能从“%s”变为", name), -1);
	assert_int_equal(e.kind, DERR_RULE);
	assert_true(strlen(e.message) < sizeof(e.text));
	assert_true(utf8_valid(e.message, strlen(e.message)));
	/* The first failure wins. */
	assert_int_equal(derr_codef(&e, DERR_CONFLICT, NULL, "to", "后来的 %d", 1), -1);
	assert_int_equal(e.kind, DERR_RULE);
	assert_string_equal(e.field, "name");
}

/* A scan of registration reg at fair by account 1. */
static struct gate_scan scan(enum gate_op op, int64_t fair, int64_t reg, int64_t now)
{
	return (struct gate_scan){.op = op, .fair = fair, .reg = reg, .actor = 1, .now = now};
}

static void the_gate_counts_every_scan_and_enters_once(void **state)
{
	struct fair_input in = input();
	struct derr e = {0};
	json_t *f;
	assert_int_equal(fair_create(db, &operator_, &in, &f, &e), 0);
	int64_t id = json_integer_value(json_object_get(f, "id"));
	json_decref(f);
	int64_t sid = 0, reg = 0;
	assert_int_equal(
	    store_int64(db, &sid,
	                "INSERT INTO students (college_id, student_no, name, created_at,"
	                " updated_at) VALUES (?, '2026001', '陈晓', 0, 0) RETURNING id",
	                "i", host),
	    STORE_ROW);
	assert_int_equal(store_int64(db, &reg,
	                             "INSERT INTO fair_students (fair_id, student_id, code,"
	                             " registered_at) VALUES (?, ?, 'ABCD2345', 0) RETURNING id",
	                             "ii", id, sid),
	                 STORE_ROW);
	/* No writer thread here: each scan is a group of one on db. */
	struct gate_scan g = scan(GATE_IN, id, reg, 1000);
	gate_scan_wait(db, &g);
	assert_int_equal(g.rc, STORE_ROW);
	assert_int_equal(g.scans, 1);
	assert_int_equal(g.entered_at, 1000);
	g = scan(GATE_IN, id, reg, 2000);
	gate_scan_wait(db, &g);
	assert_int_equal(g.rc, STORE_ROW);
	assert_int_equal(g.scans, 2);
	assert_int_equal(g.entered_at, 1000);
	/* Another fair's registration is not this fair's. */
	g = scan(GATE_IN, id + 1, reg, 3000);
	gate_scan_wait(db, &g);
	assert_int_equal(g.rc, STORE_DONE);
	/* A failing scan writes nothing. */
	store_fault_arm(db, 2);
	g = scan(GATE_IN, id, reg, 4000);
	gate_scan_wait(db, &g);
	assert_int_equal(g.rc, STORE_ERROR);
	assert_int_equal(store_fault_disarm(db), 1);
	assert_int_equal(store_in_tx(db), 0);
	g = scan(GATE_IN, id, reg, 5000);
	assert_int_equal(gate_submit(db, &g, NULL, NULL, NULL), 0); /* no writer: written now */
	assert_int_equal(g.rc, STORE_ROW);
	assert_int_equal(g.scans, 3);
	/* Out: the first time kept; a scan in clears it. */
	g = scan(GATE_OUT, id, reg, 6000);
	gate_scan_wait(db, &g);
	assert_int_equal(g.rc, STORE_ROW);
	assert_int_equal(g.left_at, 6000);
	assert_int_equal(g.already, 0);
	int64_t by = 0;
	assert_int_equal(
	    store_int64(db, &by, "SELECT left_by FROM fair_students WHERE id = ?", "i", reg),
	    STORE_ROW);
	assert_int_equal(by, 1);
	g = scan(GATE_OUT, id, reg, 7000);
	gate_scan_wait(db, &g);
	assert_int_equal(g.left_at, 6000);
	assert_int_equal(g.already, 1);
	g = scan(GATE_IN, id, reg, 8000);
	gate_scan_wait(db, &g);
	int64_t left = -1;
	assert_int_equal(store_int64(db, &left,
	                             "SELECT COALESCE(left_at, 0) + COALESCE(left_by, 0) FROM "
	                             "fair_students WHERE id = ?",
	                             "i", reg),
	                 STORE_ROW);
	assert_int_equal(left, 0);
	g = scan(GATE_OUT, id + 1, reg, 9000);
	gate_scan_wait(db, &g);
	assert_int_equal(g.rc, STORE_DONE);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(lifecycle_writes_events_and_audit),
	    cmocka_unit_test(drafts_are_the_organisers),
	    cmocka_unit_test(a_failed_write_writes_nothing),
	    cmocka_unit_test(formatted_refusals_cut_whole_characters),
	    cmocka_unit_test(the_gate_counts_every_scan_and_enters_once),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
