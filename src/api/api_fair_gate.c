/*
 * Students at a fair: registration, the entry pass (a signed token shown
 * as a QR code, plus a short code to type), and the gate: check-in by
 * pass or code, walk-ins, the gate's running figures.  See domain/fair.h.
 */
#include <stdlib.h>
#include <string.h>

#include "api/api_fair.h"
#include "base/qr_svg.h"
#include "base/util.h"
#include "domain/fair.h"
#include "domain/gate.h"
#include "domain/pii.h"

/* Checks that student sid may register for fair f; fails 422 naming the
 * rule when not.  Returns 0 when eligible. */
static int check_eligible(struct api_ctx *c, const json_t *f, int64_t sid)
{
	json_t *s = store_row(
	    c->db, "SELECT college_id, major_code, grad_year FROM students WHERE id = ?", "i", sid);
	if (!json_is_object(s)) {
		json_decref(s);
		return api_fail(c, 422, "rule", "student", "请先完善学生档案");
	}
	const char *field = NULL;
	const char *why = fair_ineligible(
	    json_object_get(f, "eligible_colleges"), json_object_get(f, "eligible_majors"),
	    json_object_get(f, "eligible_years"),
	    json_integer_value(json_object_get(s, "college_id")),
	    json_string_value(json_object_get(s, "major_code")),
	    json_integer_value(json_object_get(s, "grad_year")), &field);
	json_decref(s);
	return why ? api_fail(c, 422, "rule", field, why) : 0;
}

/* Registers sid (walk_in at the gate) inside the caller's transaction;
 * returns the registration id, 0 when already registered, -1 on error
 * (reply set). */
static int64_t register_student(struct api_ctx *c, const json_t *f, int64_t sid, int walk_in,
                                int64_t entered_at)
{
	int64_t fair = json_integer_value(json_object_get(f, "id")), n = 0, reg = 0;
	int64_t capacity = json_integer_value(json_object_get(f, "capacity"));
	for (int tries = 0; tries < 5; tries++) {
		/* Touching the fair's row first serialises registrations of one
		 * fair (PostgreSQL locks the row; SQLite has one writer), so the
		 * capacity check and the insert see the same count. */
		if (store_begin(c->db) != STORE_OK ||
		    store_run(c->db, "UPDATE fairs SET updated_at = updated_at WHERE id = ?", "i",
		              fair) != STORE_OK)
			break;
		if (store_int64(c->db, &n,
		                "SELECT id FROM fair_students WHERE fair_id = ? AND student_id = ?",
		                "ii", fair, sid) == STORE_ROW) {
			store_rollback(c->db);
			return 0;
		}
		if (store_int64(c->db, &n, "SELECT COUNT(*) FROM fair_students WHERE fair_id = ?",
		                "i", fair) != STORE_ROW)
			break;
		if (n >= capacity) {
			store_rollback(c->db);
			return api_fail(c, 422, "rule", "capacity", "本场招聘会报名人数已满");
		}
		char code[9];
		fair_short_code(code);
		int rc = store_int64(
		    c->db, &reg,
		    "INSERT INTO fair_students (fair_id, student_id, code, walk_in,"
		    " registered_at, entered_at, entered_by, scans) VALUES (?, ?, ?, ?,"
		    " ?, ?, ?, ?) RETURNING id",
		    "iitiiIIi", fair, sid, code, (int64_t)walk_in, now_seconds(), entered_at,
		    entered_at ? c->actor.id : 0, (int64_t)(entered_at ? 1 : 0));
		if (rc == STORE_ROW && store_commit(c->db) == STORE_OK)
			return reg;
		store_rollback(c->db);
		if (rc != STORE_UNIQUE)
			break;
		/* A short-code collision: draw another. */
	}
	store_rollback(c->db);
	return api_internal(c, "fair register");
}

void api_fairs_register(struct api_ctx *c)
{
	static const char *const open[] = {"signup", "signup_closed", "live", NULL};
	if (api_no_fields(c))
		return;
	int64_t id, sid = api_own_student(c);
	json_t *f = fair_visible(c, &id);
	if (!f)
		return;
	int64_t reg = -1;
	if (!fair_require_status(c, f, open, "报名") && !check_eligible(c, f, sid))
		reg = register_student(c, f, sid, 0, 0);
	json_decref(f);
	if (reg < 0)
		return;
	if (reg == 0) {
		api_fail(c, 409, "conflict", NULL, "已经报名本场招聘会");
		return;
	}
	api_audit(c, "fair.register", "fair", id, "ok", NULL);
	fair_notify(id, "gate", 0);
	api_reply(c, 201, json_pack("{s:I}", "registration_id", (json_int_t)reg));
}

void api_fairs_pass(struct api_ctx *c)
{
	int64_t id;
	json_t *f = fair_visible(c, &id);
	if (!f)
		return;
	int64_t ends = json_integer_value(json_object_get(f, "ends_at"));
	json_decref(f);
	json_t *reg = store_row(c->db,
	                        "SELECT fs.id, fs.code, fs.walk_in, fs.registered_at, fs.entered_at"
	                        " FROM fair_students fs JOIN students s ON s.id = fs.student_id"
	                        " WHERE fs.fair_id = ? AND s.account_id = ?",
	                        "ii", id, c->actor.id);
	if (!json_is_object(reg)) {
		json_decref(reg);
		api_fail(c, 404, "not_found", NULL, "尚未报名本场招聘会");
		return;
	}
	char pass[FAIR_PASS_MAX];
	size_t len = 0;
	char *svg = NULL;
	if (fair_pass_make(id, json_integer_value(json_object_get(reg, "id")), ends, pass) ||
	    !(svg = qr_svg(pass, &len))) {
		json_decref(reg);
		api_internal(c, "fair pass");
		return;
	}
	json_object_set_new(reg, "pass", json_string(pass));
	json_object_set_new(reg, "qr_svg", json_string(svg));
	json_object_set_new(reg, "expires_at", json_integer(ends));
	free(svg);
	api_reply(c, 200, json_pack("{s:o}", "registration", reg));
}

#define ENTRANT_SELECT                                                                             \
	"SELECT fs.id AS registration_id, fs.code, fs.walk_in, fs.entered_at, fs.scans,"           \
	" s.id AS student_id, s.name, s.gender, s.grad_year, col.name AS college,"                 \
	" m.name AS major FROM fair_students fs JOIN students s ON s.id = fs.student_id"           \
	" JOIN organizations col ON col.id = s.college_id"                                         \
	" LEFT JOIN dict_majors m ON m.code = s.major_code"

/* Records the entry of registration reg: the first scan enters, later
 * ones are counted and shown as already inside. */
static void enter(struct api_ctx *c, int64_t fair, int64_t reg)
{
	int64_t now = now_seconds(), first = 0;
	/* The first scan sets entered_at, every scan counts; committed with
	 * whatever other scans arrive meanwhile (domain/gate.h). */
	int rc = gate_scan(c->db, fair, reg, c->actor.id, now, &first);
	if (rc == STORE_DONE) {
		api_fail(c, 404, "not_found", "pass", "报名记录不存在（可能已取消）");
		return;
	}
	if (rc != STORE_ROW) {
		api_internal(c, "check-in");
		return;
	}
	json_t *who = store_row(c->db, ENTRANT_SELECT " WHERE fs.id = ?", "i", reg);
	if (!json_is_object(who)) {
		json_decref(who);
		api_internal(c, "check-in read");
		return;
	}
	int again = first > 1;
	if (!again)
		fair_notify(fair, "gate", 0);
	api_reply(c, 200,
	          json_pack("{s:s, s:s, s:o}", "result", again ? "already_inside" : "entered",
	                    "message", again ? "已入场，本次不重复计数" : "入场成功", "student",
	                    who));
}

static const char *const checkin_fields[] = {"pass", "code", NULL};

void api_fairs_checkin(struct api_ctx *c)
{
	static const char *const live[] = {"live", NULL};
	int64_t id, reg = 0;
	api_only_fields(c, checkin_fields);
	/* Any scanned text is checked; too long is simply not a pass. */
	const char *pass = api_str(c, "pass", API_OPTIONAL, 1, 2000);
	const char *code = api_str(c, "code", API_OPTIONAL, 1, 16);
	if (!api_failed(c) && !pass && !code)
		api_fail(c, 400, "missing", "pass", "请扫描入场码或输入短码");
	json_t *f = api_failed(c) ? NULL : fair_visible(c, &id);
	if (!f)
		return;
	int organiser = fair_is_organiser(c, f);
	int bad = organiser ? fair_require_status(c, f, live, "入场") : 0;
	int64_t ends = json_integer_value(json_object_get(f, "ends_at"));
	json_decref(f);
	if (!organiser) {
		api_fail(c, 403, "forbidden", NULL, "只有主办方工作人员可以核验入场");
		return;
	}
	if (bad)
		return;
	if (pass) {
		if (!pii_ready()) { /* no key: nothing can be verified */
			api_internal(c, "check-in without a data key");
			return;
		}
		enum fair_pass_result r = fair_pass_check(pass, id, now_seconds(), &reg);
		if (r != FAIR_PASS_OK) {
			api_audit(c, "fair.checkin", "fair", id, "denied", fair_pass_reason(r));
			api_fail(c, 422, fair_pass_reason(r), "pass", fair_pass_message(r));
			return;
		}
	} else {
		char up[17];
		size_t i;
		for (i = 0; code[i] && i < 16; i++)
			up[i] = (code[i] >= 'a' && code[i] <= 'z') ? (char)(code[i] - 32) : code[i];
		up[i] = '\0';
		/* A typed code is as good as the pass it stands for: no longer
		 * than the pass. */
		if (now_seconds() > ends) {
			api_audit(c, "fair.checkin", "fair", id, "denied", "expired");
			api_fail(c, 422, "expired", "code", fair_pass_message(FAIR_PASS_EXPIRED));
			return;
		}
		if (store_int64(c->db, &reg,
		                "SELECT id FROM fair_students WHERE fair_id = ? AND code = ?", "it",
		                id, up) != STORE_ROW) {
			api_fail(c, 404, "not_found", "code",
			         "短码不存在：请核对，或为学生现场报名");
			return;
		}
	}
	enter(c, id, reg);
}

static const char *const walkin_fields[] = {"college_id", "student_no", "name", NULL};

void api_fairs_walkin(struct api_ctx *c)
{
	static const char *const live[] = {"live", NULL};
	int64_t id, college = 0, sid = 0;
	api_only_fields(c, walkin_fields);
	api_int(c, "college_id", API_REQUIRED, &college);
	const char *no = api_str(c, "student_no", API_REQUIRED, 1, 32);
	/* The name on the student card as well: without it the gate could be
	 * used to look students up by number. */
	const char *name = api_str(c, "name", API_REQUIRED, 1, 64);
	json_t *f = api_failed(c) ? NULL : fair_visible(c, &id);
	if (!f)
		return;
	if (!fair_is_organiser(c, f)) {
		json_decref(f);
		api_fail(c, 403, "forbidden", NULL, "只有主办方工作人员可以办理现场报名");
		return;
	}
	if (fair_require_status(c, f, live, "现场报名") ||
	    store_int64(c->db, &sid,
	                "SELECT id FROM students WHERE college_id = ? AND student_no = ? AND"
	                " name = ? AND closed_at IS NULL",
	                "itt", college, no, name) != STORE_ROW) {
		if (!api_failed(c))
			api_fail(c, 404, "not_found", "student_no",
			         "没有这名学生：院校、学号和姓名须与学生证一致");
		json_decref(f);
		return;
	}
	int64_t reg = -1;
	if (!check_eligible(c, f, sid))
		reg = register_student(c, f, sid, 1, now_seconds());
	json_decref(f);
	if (reg < 0)
		return;
	if (reg == 0) /* registered before: this is their entry */
		store_int64(c->db, &reg,
		            "SELECT id FROM fair_students WHERE fair_id = ? AND"
		            " student_id = ?",
		            "ii", id, sid);
	else {
		api_audit(c, "fair.walkin", "fair", id, "ok", NULL);
		fair_notify(id, "gate", 0);
		json_t *who = store_row(c->db, ENTRANT_SELECT " WHERE fs.id = ?", "i", reg);
		api_reply(c, 201,
		          json_pack("{s:s, s:s, s:o}", "result", "entered", "message",
		                    "现场报名并入场", "student", who ? who : json_null()));
		return;
	}
	enter(c, id, reg);
}

void api_fairs_gate(struct api_ctx *c)
{
	int64_t id, registered = 0, entered = 0, walk_ins = 0, rescans = 0;
	json_t *f = fair_visible(c, &id);
	if (!f)
		return;
	int organiser = fair_is_organiser(c, f);
	json_decref(f);
	if (!organiser) {
		api_fail(c, 403, "forbidden", NULL, "只有主办方工作人员可以查看入场情况");
		return;
	}
	store_int64(c->db, &registered, "SELECT COUNT(*) FROM fair_students WHERE fair_id = ?", "i",
	            id);
	store_int64(
	    c->db, &entered,
	    "SELECT COUNT(*) FROM fair_students WHERE fair_id = ? AND entered_at IS NOT NULL", "i",
	    id);
	store_int64(c->db, &walk_ins,
	            "SELECT COUNT(*) FROM fair_students WHERE fair_id = ? AND walk_in = 1", "i",
	            id);
	store_int64(c->db, &rescans,
	            "SELECT COALESCE(SUM(scans - 1), 0) FROM fair_students WHERE fair_id = ? AND"
	            " scans > 1",
	            "i", id);
	json_t *recent = store_rows(c->db,
	                            ENTRANT_SELECT " WHERE fs.fair_id = ? AND fs.entered_at IS NOT"
	                                           " NULL ORDER BY fs.entered_at DESC, fs.id DESC"
	                                           " LIMIT 20",
	                            "i", id);
	api_reply(c, 200,
	          json_pack("{s:I, s:I, s:I, s:I, s:o}", "registered", (json_int_t)registered,
	                    "entered", (json_int_t)entered, "walk_ins", (json_int_t)walk_ins,
	                    "repeat_scans", (json_int_t)rescans, "recent",
	                    recent ? recent : json_array()));
}

void api_qr(struct api_ctx *c)
{
	const char *text = api_query(c, "text");
	if (api_failed(c))
		return;
	if (!text || strlen(text) > 500) {
		api_fail(c, 400, "invalid", "text", "text 应为 1–500 字节");
		return;
	}
	size_t len;
	char *svg = qr_svg(text, &len);
	if (!svg) {
		api_internal(c, "qr");
		return;
	}
	c->raw = arena_strndup(c->arena, svg, len);
	c->raw_len = len;
	c->raw_type = "image/svg+xml";
	free(svg);
	c->out = json_null(); /* the raw bytes are the answer */
}
