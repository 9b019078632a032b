/* The incubator services over a real SQLite database: random bookings
 * never overlap (and every refusal names a booking it overlaps), the
 * database itself refuses overlaps that bypass the services, a series
 * reports exactly its conflicts, holds expire, seats hold one project at a
 * time, who sees a project, and a write that fails at any database
 * operation writes nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "domain/incubator_bookings.h"
#include "domain/incubator_internal.h"
#include "domain/incubator_projects.h"
#include "domain/incubator_sites.h"
#include "domain/pii.h"
#include "store/migrate.h"

static struct store *db;
static struct actor op, mentor, staff, stu1, stu2, outsider;
static int64_t college, other_college, site, zone, rooms[2], seat, project;

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int64_t org(const char *name)
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

static struct actor account(const char *login, const char *role, int r, int64_t org_id)
{
	int64_t id = 0;
	assert_int_equal(store_int64(db, &id,
	                             "INSERT INTO accounts (login, role, display_name, org_id,"
	                             " created_at) VALUES (?, ?, ?, ?, 0) RETURNING id",
	                             "tttI", login, role, login, org_id),
	                 STORE_ROW);
	struct actor a = {.id = id, .role = r, .org_id = org_id};
	snprintf(a.login, sizeof(a.login), "%s", login);
	return a;
}

static void student_record(const struct actor *a, int64_t college_id, const char *no)
{
	assert_int_equal(store_run(db,
	                           "INSERT INTO students (account_id, college_id, student_no, name,"
	                           " created_at, updated_at) VALUES (?, ?, ?, ?, 0, 0)",
	                           "iitt", a->id, college_id, no, a->login),
	                 STORE_OK);
}

/* The answer of a call that must succeed (out is read after the call:
 * the order arguments are evaluated in is unspecified). */
static json_t *ok(int rc, json_t **out, const struct derr *e)
{
	if (rc)
		fail_msg("refused: %s %s", e->message ? e->message : "?", e->detail);
	return *out;
}

static int setup(void **state)
{
	char err[256];
	store_faults_enable();
	store_pool_init("sqlite::memory:");
	db = store_thread();
	assert_non_null(db);
	assert_true(migrate_run(db, err, sizeof(err)) > 0);
	assert_int_equal(
	    pii_init_hex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", err,
	                 sizeof(err)),
	    0);
	college = org("清远职业技术学院");
	other_college = org("广东碧桂园职业学院");
	op = account("admin", "operator", ROLE_OPERATOR, 0);
	mentor = account("mentor1", "mentor", ROLE_MENTOR, 0);
	staff = account("staff1", "college", ROLE_COLLEGE, college);
	stu1 = account("stu1", "student", ROLE_STUDENT, college);
	stu2 = account("stu2", "student", ROLE_STUDENT, college);
	outsider = account("stu3", "student", ROLE_STUDENT, other_college);
	student_record(&stu1, college, "2026001");
	student_record(&stu2, college, "2026002");
	student_record(&outsider, other_college, "2026003");

	struct derr e = {0};
	json_t *out;
	struct incubator_site_input si = {
	    .kind = "hq", .name = "凤翔谷创新创业孵化总部", .area_m2 = 2600};
	out = ok(incubator_site_save(db, &op, 0, &si, &out, &e), &out, &e);
	site = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	struct incubator_zone_input zi = {
	    .site_id = site, .name = "路演中心", .area_m2 = 400, .plan_w = 40, .plan_h = 20};
	out = ok(incubator_zone_save(db, &op, 0, &zi, &out, &e), &out, &e);
	zone = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	for (int i = 0; i < 2; i++) {
		struct incubator_room_input ri = {.zone_id = zone,
		                                  .kind = "meeting",
		                                  .name = i ? "洽谈室B" : "洽谈室A",
		                                  .area_m2 = 30,
		                                  .capacity = 8,
		                                  .at = {i * 10, 0, 8, 6},
		                                  .bookable = 1,
		                                  .rules = {15, 0, 1440, 127, 30, 480, 365, 0}};
		out = ok(incubator_room_save(db, &op, 0, &ri, &out, &e), &out, &e);
		rooms[i] = json_integer_value(json_object_get(out, "id"));
		json_decref(out);
	}
	struct incubator_seat_input ti = {.zone_id = zone,
	                                  .kind = "desk",
	                                  .label = "A-01",
	                                  .area_m2 = 6,
	                                  .capacity = 1,
	                                  .at = {0, 10, 2, 2}};
	out = ok(incubator_seat_save(db, &op, 0, &ti, &out, &e), &out, &e);
	seat = json_integer_value(json_object_get(out, "id"));
	json_decref(out);

	/* stu1 applies; the operator admits the project; stu2 joins. */
	struct incubator_application app = {.name = "智慧农业监测", .source = "team"};
	out = ok(incubator_project_apply(db, &stu1, &app, &out, &e), &out, &e);
	project = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	int64_t now = now_seconds();
	out = ok(incubator_project_review(db, &op, project, 1, NULL, now - 86400, now + 365 * 86400,
	                                  0, &out, &e),
	         &out, &e);
	json_decref(out);
	out = ok(incubator_member_add(db, &stu1, project, "stu2", "stu2", &out, &e), &out, &e);
	json_decref(out);
	return 0;
}

static int teardown(void **state)
{
	store_pool_close();
	return 0;
}

/* A slot of half an hour to 3 hours in the next weeks, on the half
 * hour, within one day. */
static void random_slot(int64_t *start, int64_t *end)
{
	int64_t day = incubator_week_start(now_seconds()) + (7 + (int64_t)(next() % 14)) * 86400;
	*start = day + (int64_t)(next() % 42) * 1800;
	*end = *start + (1 + (int64_t)(next() % 6)) * 1800;
}

static int64_t count(const char *sql)
{
	int64_t n = -1;
	assert_int_equal(store_int64(db, &n, sql, ""), STORE_ROW);
	return n;
}

static void random_bookings_never_overlap(void **state)
{
	struct {
		int64_t room, start, end;
	} made[400];
	int nmade = 0, refused = 0;
	for (int i = 0; i < 400; i++) {
		struct incubator_booking_input in = {.room_id = rooms[next() % 2],
		                                     .title = "路演彩排"};
		random_slot(&in.start, &in.end);
		const struct actor *who = i % 3 ? &op : &mentor;
		json_t *out, *conflict;
		struct derr e = {0};
		int rc = incubator_booking_create(db, who, &in, &out, &conflict, &e);
		int overlaps = 0;
		for (int j = 0; j < nmade; j++)
			overlaps |= made[j].room == in.room_id &&
			            incubator_overlap(made[j].start, made[j].end, in.start, in.end);
		/* Exactly the attempts overlapping an earlier booking fail. */
		if ((rc == 0) != !overlaps)
			fail_msg("attempt %d: rc %d, overlaps %d: %s", i, rc, overlaps,
			         e.message ? e.message : "");
		assert_int_equal(store_in_tx(db), 0);
		if (rc == 0) {
			made[nmade].room = in.room_id;
			made[nmade].start = in.start;
			made[nmade++].end = in.end;
			assert_string_equal(json_string_value(json_object_get(out, "status")),
			                    "confirmed");
			json_decref(out);
			continue;
		}
		refused++;
		assert_int_equal(e.kind, DERR_CONFLICT);
		assert_string_equal(e.code, "conflict");
		/* The conflict named overlaps, in the same room, and shows no
		 * title or booker. */
		assert_non_null(conflict);
		assert_true(incubator_overlap(
		    json_integer_value(json_object_get(conflict, "start_at")),
		    json_integer_value(json_object_get(conflict, "end_at")), in.start, in.end));
		assert_int_equal(json_integer_value(json_object_get(conflict, "room_id")),
		                 in.room_id);
		assert_null(json_object_get(conflict, "title"));
		assert_null(json_object_get(conflict, "booked_by"));
		json_decref(conflict);
	}
	assert_true(refused > 20 && nmade > 20);
	assert_int_equal(count("SELECT COUNT(*) FROM incubator_bookings a JOIN incubator_bookings b"
	                       " ON a.room_id = b.room_id AND a.id < b.id AND a.start_at < b.end_at"
	                       " AND b.start_at < a.end_at"),
	                 0);
	assert_int_equal(count("SELECT COUNT(*) FROM incubator_bookings"), nmade);
}

static void the_database_refuses_overlaps_itself(void **state)
{
	int64_t t = incubator_week_start(now_seconds()) + 40 * 86400;
	const char *ins =
	    "INSERT INTO incubator_bookings (room_id, start_at, end_at, status, title,"
	    " booked_by, booker_kind, created_at, updated_at) VALUES (?, ?, ?, ?,"
	    " '直写', ?, 'operator', 0, 0)";
	assert_int_equal(store_run(db, ins, "iiiti", rooms[0], t, t + 3600, "confirmed", op.id),
	                 STORE_OK);
	assert_int_equal(
	    store_run(db, ins, "iiiti", rooms[0], t + 1800, t + 5400, "confirmed", op.id),
	    STORE_EXCLUDED);
	assert_int_equal(store_run(db, ins, "iiiti", rooms[0], t - 600, t + 600, "held", op.id),
	                 STORE_EXCLUDED);
	/* Adjacent, another room, or not live: allowed. */
	assert_int_equal(
	    store_run(db, ins, "iiiti", rooms[0], t + 3600, t + 7200, "confirmed", op.id),
	    STORE_OK);
	assert_int_equal(store_run(db, ins, "iiiti", rooms[1], t, t + 3600, "confirmed", op.id),
	                 STORE_OK);
	assert_int_equal(store_run(db, ins, "iiiti", rooms[0], t, t + 3600, "cancelled", op.id),
	                 STORE_OK);
	/* Bringing a cancelled booking back over a live one: refused too. */
	assert_int_equal(store_run(db,
	                           "UPDATE incubator_bookings SET status = 'confirmed' WHERE"
	                           " room_id = ? AND start_at = ? AND status = 'cancelled'",
	                           "ii", rooms[0], t),
	                 STORE_EXCLUDED);
	/* Seats: one project at a time. */
	const char *sa = "INSERT INTO incubator_seat_assignments (seat_id, project_id, start_at,"
	                 " end_at, created_at) VALUES (?, ?, ?, ?, 0)";
	assert_int_equal(store_run(db, sa, "iiii", seat, project, t, t + 86400), STORE_OK);
	assert_int_equal(store_run(db, sa, "iiii", seat, project, t + 3600, t + 7200),
	                 STORE_EXCLUDED);
	assert_int_equal(store_run(db, "DELETE FROM incubator_seat_assignments", ""), STORE_OK);
}

static void a_series_books_all_but_its_conflicts(void **state)
{
	struct derr e = {0};
	json_t *out, *conflict;
	int64_t base = incubator_week_start(now_seconds()) + 70 * 86400 + 9 * 3600;
	/* Taken: weeks 2 and 5 overlap, week 7 touches the end only. */
	int64_t taken[][2] = {{base + 2 * 604800 + 1800, base + 2 * 604800 + 5400},
	                      {base + 5 * 604800 - 1800, base + 5 * 604800 + 1800},
	                      {base + 7 * 604800 + 3600, base + 7 * 604800 + 7200}};
	int64_t ids[3];
	for (int i = 0; i < 3; i++) {
		struct incubator_booking_input in = {.room_id = rooms[1],
		                                     .start = taken[i][0],
		                                     .end = taken[i][1],
		                                     .title = "已有预约"};
		out = ok(incubator_booking_create(db, &op, &in, &out, &conflict, &e), &out, &e);
		ids[i] = json_integer_value(json_object_get(out, "id"));
		json_decref(out);
	}
	struct incubator_booking_input in = {.room_id = rooms[1],
	                                     .start = base,
	                                     .end = base + 3600,
	                                     .until = base + 10 * 604800 - 1,
	                                     .title = "每周例会"};
	out = ok(incubator_booking_series(db, &mentor, &in, &out, &e), &out, &e);
	json_t *created = json_object_get(out, "created"),
	       *conflicts = json_object_get(out, "conflicts");
	assert_int_equal(json_array_size(created), 8);
	assert_int_equal(json_array_size(conflicts), 2);
	int64_t weeks[] = {2, 5};
	for (int i = 0; i < 2; i++) {
		json_t *c = json_array_get(conflicts, (size_t)i);
		assert_int_equal(json_integer_value(json_object_get(c, "start_at")),
		                 base + weeks[i] * 604800);
		assert_string_equal(json_string_value(json_object_get(c, "code")), "conflict");
		assert_int_equal(
		    json_integer_value(json_object_get(json_object_get(c, "conflict"), "id")),
		    ids[i]);
	}
	json_decref(out);
	/* A series with nothing bookable writes nothing, not even itself. */
	int64_t before = count("SELECT COUNT(*) FROM incubator_series");
	in.until = base + 1;
	e = (struct derr){0};
	assert_int_equal(incubator_booking_series(db, &mentor, &in, &out, &e), -1);
	assert_int_equal(e.kind, DERR_CONFLICT);
	assert_int_equal(json_array_size(json_object_get(out, "conflicts")), 1);
	json_decref(out);
	assert_int_equal(count("SELECT COUNT(*) FROM incubator_series"), before);
}

static void holds_expire_and_free_their_slot(void **state)
{
	struct derr e = {0};
	json_t *out, *conflict;
	int64_t t = incubator_week_start(now_seconds()) + 100 * 86400 + 10 * 3600;
	struct incubator_booking_input in = {
	    .room_id = rooms[0], .start = t, .end = t + 3600, .title = "项目评审", .hold = 1};
	out = ok(incubator_booking_create(db, &stu1, &in, &out, &conflict, &e), &out, &e);
	int64_t held = json_integer_value(json_object_get(out, "id"));
	assert_string_equal(json_string_value(json_object_get(out, "status")), "held");
	assert_int_equal(json_integer_value(json_object_get(out, "hold_until")) -
	                     json_integer_value(json_object_get(out, "created_at")),
	                 INCUBATOR_HOLD_SECONDS);
	json_decref(out);
	/* While held, the slot is taken. */
	in.hold = 0;
	assert_int_equal(incubator_booking_create(db, &op, &in, &out, &conflict, &e), -1);
	assert_int_equal(e.kind, DERR_CONFLICT);
	json_decref(conflict);
	/* Ten minutes later (moved back by hand), the slot is free again and
	 * the hold cannot be confirmed. */
	assert_int_equal(store_run(db, "UPDATE incubator_bookings SET hold_until = ? WHERE id = ?",
	                           "ii", now_seconds() - 1, held),
	                 STORE_OK);
	e = (struct derr){0};
	out = ok(incubator_booking_create(db, &op, &in, &out, &conflict, &e), &out, &e);
	json_decref(out);
	e = (struct derr){0};
	assert_int_equal(incubator_booking_confirm(db, &stu1, held, NULL, &out, &e), -1);
	assert_int_equal(e.kind, DERR_CONFLICT);
	assert_string_equal(e.code, "expired");
	assert_int_equal(count("SELECT COUNT(*) FROM incubator_bookings WHERE status = 'expired'"),
	                 1);
}

static void who_sees_a_project(void **state)
{
	struct incubator_project p;
	struct derr e = {0};
	assert_int_equal(incubator_project_load(db, &stu2, project, INCUBATOR_VIEW_NONE, &p, &e),
	                 0);
	assert_int_equal(p.view, INCUBATOR_VIEW_MEMBER);
	assert_int_equal(incubator_project_load(db, &staff, project, INCUBATOR_VIEW_NONE, &p, &e),
	                 0);
	assert_int_equal(p.view, INCUBATOR_VIEW_COLLEGE);
	assert_int_equal(incubator_project_load(db, &op, project, INCUBATOR_VIEW_NONE, &p, &e), 0);
	const struct actor *blind[] = {&outsider, &mentor};
	for (int i = 0; i < 2; i++) {
		e = (struct derr){0};
		assert_int_equal(
		    incubator_project_load(db, blind[i], project, INCUBATOR_VIEW_NONE, &p, &e), -1);
		assert_int_equal(e.kind, DERR_NOT_FOUND);
	}
	/* Assigned, the mentor sees it; college staff cannot act as members. */
	assert_int_equal(
	    store_run(db,
	              "INSERT INTO incubator_mentors (project_id, mentor_id, assigned_at)"
	              " VALUES (?, ?, 0)",
	              "ii", project, mentor.id),
	    STORE_OK);
	e = (struct derr){0};
	assert_int_equal(
	    incubator_project_load(db, &mentor, project, INCUBATOR_VIEW_MENTOR, &p, &e), 0);
	e = (struct derr){0};
	assert_int_equal(incubator_project_load(db, &staff, project, INCUBATOR_VIEW_MEMBER, &p, &e),
	                 -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	/* A list in scope: the outsider sees no project at all. */
	struct incubator_filter f = {0};
	json_t *items;
	assert_int_equal(incubator_projects_list(db, &outsider, &f, &items, &e), 0);
	assert_int_equal(json_array_size(items), 0);
	json_decref(items);
	assert_int_equal(incubator_projects_list(db, &stu2, &f, &items, &e), 0);
	assert_int_equal(json_array_size(items), 1);
	json_decref(items);
}

/* Every table a booking or a seat assignment touches, as counts. */
static void snap(int64_t out[4])
{
	out[0] = count("SELECT COUNT(*) FROM incubator_bookings");
	out[1] = count("SELECT COUNT(*) FROM incubator_bookings WHERE status = 'expired'");
	out[2] = count("SELECT COUNT(*) FROM audit_log");
	out[3] = count("SELECT COUNT(*) FROM incubator_seat_assignments");
}

/* A write under test: 0 and *out, or -1 (the services' shape). */
typedef int (*write_fn)(json_t **out, struct derr *e);

/* Makes the nth database operation of call fail, for n = 1, 2, ... until
 * one passes: every failure is -1, no answer, no transaction left open
 * and nothing written.  Returns how many operations the write takes. */
static int every_fault_writes_nothing(write_fn call)
{
	for (int n = 1; n < 200; n++) {
		int64_t before[4], after[4];
		struct derr e = {0};
		json_t *out = NULL;
		snap(before);
		store_fault_arm(db, n);
		int rc = call(&out, &e);
		int fired = store_fault_disarm(db);
		assert_int_equal(store_in_tx(db), 0);
		if (!fired) {
			assert_int_equal(rc, 0);
			json_decref(out);
			return n;
		}
		assert_int_equal(rc, -1);
		assert_null(out);
		snap(after);
		assert_memory_equal(before, after, sizeof(before));
	}
	fail_msg("the write never succeeded");
	return 0;
}

static int64_t fault_start;

static int book_as_resident(json_t **out, struct derr *e)
{
	json_t *conflict = NULL;
	struct incubator_booking_input in = {.room_id = rooms[0],
	                                     .start = fault_start,
	                                     .end = fault_start + 3600,
	                                     .title = "故障注入",
	                                     .project_id = project};
	int rc = incubator_booking_create(db, &stu1, &in, out, &conflict, e);
	json_decref(conflict);
	return rc;
}

static int assign_the_seat(json_t **out, struct derr *e)
{
	return incubator_seat_assign(db, &op, seat, project, 0, 0, out, e);
}

static void a_failure_anywhere_writes_nothing(void **state)
{
	fault_start = incubator_week_start(now_seconds()) + 150 * 86400 + 10 * 3600;
	/* An expired hold in the way: the sweep is one of the writes. */
	assert_int_equal(
	    store_run(db,
	              "INSERT INTO incubator_bookings (room_id, start_at, end_at, status,"
	              " hold_until, title, booked_by, booker_kind, created_at,"
	              " updated_at) VALUES (?, ?, ?, 'held', 1, '过期', ?, 'operator',"
	              " 0, 0)",
	              "iiii", rooms[0], fault_start, fault_start + 3600, op.id),
	    STORE_OK);
	assert_true(every_fault_writes_nothing(book_as_resident) > 5);
	assert_true(every_fault_writes_nothing(assign_the_seat) > 3);
	/* And the seat is now the project's: another assignment over it is
	 * refused by the database, named in the answer. */
	struct derr e = {0};
	json_t *out;
	assert_int_equal(incubator_seat_assign(db, &op, seat, project, 0, 0, &out, &e), -1);
	assert_int_equal(e.kind, DERR_CONFLICT);
	assert_non_null(strstr(e.message, "智慧农业监测"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(random_bookings_never_overlap),
	    cmocka_unit_test(the_database_refuses_overlaps_itself),
	    cmocka_unit_test(a_series_books_all_but_its_conflicts),
	    cmocka_unit_test(holds_expire_and_free_their_slot),
	    cmocka_unit_test(who_sees_a_project),
	    cmocka_unit_test(a_failure_anywhere_writes_nothing),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
