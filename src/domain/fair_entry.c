/* Registration, passes and the gate; see fair_entry.h. */
#include "domain/fair_entry.h"

#include <string.h>

#include "base/util.h"
#include "domain/audit.h"
#include "domain/fair_internal.h"
#include "domain/gate.h"
#include "domain/pii.h"

#define ENTRANT_SELECT                                                                             \
	"SELECT fs.id AS registration_id, fs.code, fs.walk_in, fs.entered_at, fs.left_at, "        \
	"fs.scans,"                                                                                \
	" s.id AS student_id, s.name, s.gender, s.grad_year, col.name AS college,"                 \
	" m.name AS major FROM fair_students fs JOIN students s ON s.id = fs.student_id"           \
	" JOIN organizations col ON col.id = s.college_id"                                         \
	" LEFT JOIN dict_majors m ON m.code = s.major_code"

/* Checks that student sid may take part in fair f: 422 naming the rule
 * when not (no profile: field "student"). */
static int check_eligible(struct store *db, const struct fair *f, int64_t sid, struct derr *e)
{
	json_t *s;
	if (derr_found(db,
	               store_row(db,
	                         "SELECT s.college_id, s.major_code, s.grad_year, f.elig_colleges,"
	                         " f.elig_majors, f.elig_years FROM students s, fairs f WHERE"
	                         " s.id = ? AND f.id = ?",
	                         "ii", sid, f->id),
	               &s, "eligibility", DERR_RULE, "student", "请先完善学生档案", e))
		return -1;
	json_t *lists[3] = {NULL, NULL, NULL};
	static const char *const columns[3] = {"elig_colleges", "elig_majors", "elig_years"};
	for (int i = 0; i < 3; i++) {
		const char *text = json_string_value(json_object_get(s, columns[i]));
		lists[i] = text ? json_loads(text, 0, NULL) : NULL;
	}
	const char *field = NULL;
	const char *why = fair_ineligible(
	    lists[0], lists[1], lists[2], json_integer_value(json_object_get(s, "college_id")),
	    json_string_value(json_object_get(s, "major_code")),
	    json_integer_value(json_object_get(s, "grad_year")), &field);
	for (int i = 0; i < 3; i++)
		json_decref(lists[i]);
	json_decref(s);
	return why ? derr_set(e, DERR_RULE, field, why) : 0;
}

/*
 * Registers student sid at fair f (walk_in: at the gate, entered at
 * entered_at) with its audit row `action`; *reg is the new registration,
 * or 0 when the student was registered already (nothing written).  With
 * entrant, the new registration as the gate shows it is read before the
 * commit.  0, or -1 with e.
 */
static int register_student(struct store *db, const struct actor *a, const struct fair *f,
                            int64_t sid, int walk_in, int64_t entered_at, const char *action,
                            int64_t *reg, json_t **entrant, struct derr *e)
{
	int64_t n = 0;
	*reg = 0;
	for (int tries = 0; tries < 5; tries++) {
		/* Touching the fair's row first serialises registrations of one
		 * fair (PostgreSQL locks the row; SQLite has one writer), so the
		 * capacity check and the insert see the same count. */
		if (store_begin(db) != STORE_OK ||
		    store_run(db, "UPDATE fairs SET updated_at = updated_at WHERE id = ?", "i",
		              f->id) != STORE_OK)
			break;
		int rc = store_int64(
		    db, &n, "SELECT id FROM fair_students WHERE fair_id = ? AND student_id = ?",
		    "ii", f->id, sid);
		if (rc == STORE_ROW) {
			store_rollback(db);
			return 0;
		}
		if (rc != STORE_DONE ||
		    store_int64(db, &n, "SELECT COUNT(*) FROM fair_students WHERE fair_id = ?", "i",
		                f->id) != STORE_ROW)
			break;
		if (n >= f->capacity) {
			store_rollback(db);
			return derr_set(e, DERR_RULE, "capacity", "本场招聘会报名人数已满");
		}
		char code[9];
		fair_short_code(code);
		rc =
		    store_int64(db, reg,
		                "INSERT INTO fair_students (fair_id, student_id, code, walk_in,"
		                " registered_at, entered_at, entered_by, scans) VALUES (?, ?, ?, ?,"
		                " ?, ?, ?, ?) RETURNING id",
		                "iitiiIIi", f->id, sid, code, (int64_t)walk_in, now_seconds(),
		                entered_at, entered_at ? a->id : 0, (int64_t)(entered_at ? 1 : 0));
		if (rc == STORE_UNIQUE) { /* a short-code collision: draw another */
			store_rollback(db);
			*reg = 0;
			continue;
		}
		if (rc != STORE_ROW)
			break;
		if (audit_write(db, a, action, "fair", f->id, NULL, e))
			return -1;
		if (entrant &&
		    !(*entrant = store_row(db, ENTRANT_SELECT " WHERE fs.id = ?", "i", *reg)))
			break;
		return derr_commit(db, entrant, "fair register", e);
	}
	*reg = 0;
	return derr_store(e, db, "fair register");
}

int fair_register(struct store *db, const struct actor *a, int64_t id, int64_t *reg, struct derr *e)
{
	struct fair f;
	int64_t sid = 0;
	*reg = 0;
	if (fair_own_student(db, a, &sid, e) ||
	    fair_load_in(db, a, id, fair_states_open, "报名", &f, e) ||
	    check_eligible(db, &f, sid, e) ||
	    register_student(db, a, &f, sid, 0, 0, "fair.register", reg, NULL, e))
		return -1;
	if (!*reg)
		return derr_set(e, DERR_CONFLICT, NULL, "已经报名本场招聘会");
	fair_notify(id, "gate", 0);
	return 0;
}

int fair_my_registration(struct store *db, const struct actor *a, int64_t id, json_t **reg,
                         struct derr *e)
{
	*reg = store_row(db,
	                 "SELECT fs.id, fs.code, fs.walk_in, fs.registered_at, fs.entered_at"
	                 " FROM fair_students fs JOIN students s ON s.id = fs.student_id"
	                 " WHERE fs.fair_id = ? AND s.account_id = ?",
	                 "ii", id, a->id);
	return *reg ? 0 : derr_store(e, db, "my registration");
}

int fair_pass(struct store *db, const struct actor *a, int64_t id, json_t **registration,
              struct derr *e)
{
	struct fair f;
	char pass[FAIR_PASS_MAX];
	json_t *reg;
	*registration = NULL;
	if (fair_load_for(db, a, id, FAIR_ANYONE, &f, e) ||
	    fair_my_registration(db, a, id, &reg, e) ||
	    derr_found(db, reg, &reg, "fair pass", DERR_NOT_FOUND, NULL, "尚未报名本场招聘会", e))
		return -1;
	/* Valid until the fair ends: a pass cannot open it another day. */
	if (fair_pass_make(id, json_integer_value(json_object_get(reg, "id")), f.ends_at, pass)) {
		json_decref(reg);
		return derr_internal(e, "fair pass: no data key");
	}
	json_object_set_new(reg, "pass", json_string(pass));
	json_object_set_new(reg, "expires_at", json_integer(f.ends_at));
	*registration = reg;
	return 0;
}

/* A refusal at the gate: audited as denied (outside any transaction: a
 * refusal is what the audit must keep), then answered 422. */
static int gate_refuse(struct store *db, const struct actor *a, int64_t fair, const char *action,
                       const char *reason, const char *field, const char *message, struct derr *e)
{
	audit_record(db, a, NULL, action, "fair", fair, a->address, "denied", reason);
	return derr_code(e, DERR_RULE, reason, field, message);
}

/* Hands the gate the scan (op) of the entrant read as s->student, waiting
 * as w says: the last database write of a check-in or check-out, committed
 * with whatever other scans arrive meanwhile (gate.h). */
static void submit(struct store *db, const struct actor *a, int64_t fair, enum gate_op op,
                   const struct fair_waiter *w, struct fair_scan *s)
{
	s->g = (struct gate_scan){
	    .op = op,
	    .fair = fair,
	    .reg = json_integer_value(json_object_get(s->student, "registration_id")),
	    .actor = a->id,
	    .now = now_seconds(),
	};
	if (w && w->park)
		s->pending = gate_submit(db, &s->g, w->park, w->wake, w->arg);
	else
		gate_scan_wait(db, &s->g);
}

int fair_scan_finish(struct fair_scan *s, json_t **student, enum fair_entry_result *result,
                     struct derr *e)
{
	*student = s->student;
	if (s->walked_in) {
		*result = FAIR_WALKED_IN;
		return 0;
	}
	if (s->g.rc == STORE_DONE)
		return derr_set(e, DERR_NOT_FOUND, s->field, "报名记录不存在（可能已取消）");
	if (s->g.rc != STORE_ROW)
		return derr_internal(e, s->g.op == GATE_OUT ? "check-out" : "check-in");
	if (s->g.op == GATE_OUT) {
		json_object_set_new(s->student, "left_at", json_integer(s->g.left_at));
		*result = s->g.already ? FAIR_ALREADY_LEFT : FAIR_LEFT;
	} else {
		json_object_set_new(s->student, "scans", json_integer(s->g.scans));
		json_object_set_new(s->student, "entered_at", json_integer(s->g.entered_at));
		json_object_set_new(s->student, "left_at", json_null());
		*result = s->g.scans > 1 ? FAIR_ALREADY_INSIDE : FAIR_ENTERED;
	}
	/* A repeat scan may bring back one who had left: 在场 changes too. */
	if (*result != FAIR_ALREADY_LEFT)
		fair_notify(s->g.fair, "gate", 0);
	return 0;
}

/* The registration behind a pass, or behind a typed short code; a refused
 * one is audited as action (fair.checkin, fair.checkout) denied. */
static int find_entrant(struct store *db, const struct actor *a, const struct fair *f,
                        const char *action, const char *pass, const char *code, json_t **student,
                        struct derr *e)
{
	int64_t reg = 0;
	if (pass) {
		if (!pii_ready()) /* no key: nothing can be verified */
			return derr_internal(e, "check-in without a data key");
		enum fair_pass_result r = fair_pass_check(pass, f->id, now_seconds(), &reg);
		if (r != FAIR_PASS_OK)
			return gate_refuse(db, a, f->id, action, fair_pass_reason(r), "pass",
			                   fair_pass_message(r), e);
		*student = store_row(db, ENTRANT_SELECT " WHERE fs.id = ? AND fs.fair_id = ?", "ii",
		                     reg, f->id);
	} else {
		/* A typed code is as good as the pass it stands for: no longer
		 * than the pass. */
		if (now_seconds() > f->ends_at)
			return gate_refuse(db, a, f->id, action, "expired", "code",
			                   fair_pass_message(FAIR_PASS_EXPIRED), e);
		/* As printed on the pass ("R7ZK FJXJ"), with a dash, or in
		 * lower case: blanks and dashes dropped, letters upper-cased. */
		char up[17];
		size_t n = 0;
		for (const char *c = code; *c && n < sizeof up - 1; c++) {
			if (*c == ' ' || *c == '-' || *c == '\t')
				continue;
			up[n++] = (*c >= 'a' && *c <= 'z') ? (char)(*c - 32) : *c;
		}
		up[n] = '\0';
		*student = store_row(db, ENTRANT_SELECT " WHERE fs.fair_id = ? AND fs.code = ?",
		                     "it", f->id, up);
	}
	if (pass)
		return derr_found(db, *student, student, "check-in read", DERR_NOT_FOUND, "pass",
		                  "报名记录不存在（可能已取消）", e);
	return derr_found(db, *student, student, "check-in read", DERR_NOT_FOUND, "code",
	                  "短码不存在：请核对，或为学生现场报名", e);
}

int fair_checkin(struct store *db, const struct actor *a, int64_t id, const char *pass,
                 const char *code, const struct fair_waiter *w, struct fair_scan *s, struct derr *e)
{
	struct fair f;
	*s = (struct fair_scan){.field = "pass"};
	if (fair_load_for(db, a, id, "只有主办方工作人员可以核验入场", &f, e) ||
	    fair_require_state(&f, fair_states_live, "入场", e) ||
	    find_entrant(db, a, &f, "fair.checkin", pass, code, &s->student, e))
		return -1;
	submit(db, a, id, GATE_IN, w, s);
	return 0;
}

int fair_checkout(struct store *db, const struct actor *a, int64_t id, const char *pass,
                  const char *code, const struct fair_waiter *w, struct fair_scan *s,
                  struct derr *e)
{
	struct fair f;
	*s = (struct fair_scan){.field = pass ? "pass" : "code"};
	if (fair_load_for(db, a, id, "只有主办方工作人员可以登记离场", &f, e) ||
	    fair_require_state(&f, fair_states_live, "离场登记", e) ||
	    find_entrant(db, a, &f, "fair.checkout", pass, code, &s->student, e))
		return -1;
	if (json_is_null(json_object_get(s->student, "entered_at"))) {
		json_decref(s->student);
		s->student = NULL;
		return derr_set(e, DERR_RULE, s->field, "该学生尚未入场，无需登记离场");
	}
	submit(db, a, id, GATE_OUT, w, s);
	return 0;
}

int fair_walkin(struct store *db, const struct actor *a, int64_t id, int64_t college,
                const char *student_no, const char *name, const struct fair_waiter *w,
                struct fair_scan *s, struct derr *e)
{
	struct fair f;
	int64_t sid = 0, reg = 0;
	*s = (struct fair_scan){.field = "pass"};
	if (fair_load_for(db, a, id, "只有主办方工作人员可以办理现场报名", &f, e) ||
	    fair_require_state(&f, fair_states_live, "现场报名", e))
		return -1;
	int rc = store_int64(db, &sid,
	                     "SELECT id FROM students WHERE college_id = ? AND student_no = ? AND"
	                     " name = ? AND closed_at IS NULL",
	                     "itt", college, student_no, name);
	if (rc == STORE_DONE)
		return derr_set(e, DERR_NOT_FOUND, "student_no",
		                "没有这名学生：院校、学号和姓名须与学生证一致");
	if (rc != STORE_ROW)
		return derr_store(e, db, "walk-in");
	if (check_eligible(db, &f, sid, e) ||
	    register_student(db, a, &f, sid, 1, now_seconds(), "fair.walkin", &reg, &s->student, e))
		return -1;
	if (reg) {
		s->walked_in = 1;
		fair_notify(id, "gate", 0);
		return 0;
	}
	/* Registered before: this is their entry. */
	if (derr_found(db,
	               store_row(db, ENTRANT_SELECT " WHERE fs.fair_id = ? AND fs.student_id = ?",
	                         "ii", id, sid),
	               &s->student, "walk-in read", DERR_NOT_FOUND, "student_no",
	               "报名记录不存在（可能已取消）", e))
		return -1;
	submit(db, a, id, GATE_IN, w, s);
	return 0;
}

int fair_gate_figures(struct store *db, const struct actor *a, int64_t id, json_t **out,
                      struct derr *e)
{
	struct fair f;
	*out = NULL;
	if (fair_load_for(db, a, id, "只有主办方工作人员可以查看入场情况", &f, e))
		return -1;
	/* One pass over the fair's registrations for the four counts. */
	json_t *k = store_row(db,
	                      "SELECT COUNT(*) AS registered, COUNT(entered_at) AS entered,"
	                      " COUNT(left_at) AS left, COALESCE(SUM(walk_in), 0) AS walk_ins,"
	                      " COALESCE(SUM(CASE WHEN scans > 1 THEN scans - 1 ELSE 0 END), 0)"
	                      " AS repeat_scans FROM fair_students WHERE fair_id = ?",
	                      "i", id);
	if (k)
		json_object_set_new(k, "inside", json_integer(fair_inside(&f, k)));
	json_t *recent = k ? store_rows(db,
	                                ENTRANT_SELECT " WHERE fs.fair_id = ? AND fs.entered_at IS"
	                                               " NOT NULL ORDER BY fs.entered_at DESC,"
	                                               " fs.id DESC LIMIT 20",
	                                "i", id)
	                   : NULL;
	if (!recent) {
		json_decref(k);
		return derr_store(e, db, "gate figures");
	}
	json_object_set_new(k, "recent", recent);
	*out = k;
	return 0;
}
