/*
 * The stored clock of cases: computed by service_clock() from the events
 * and kept in service_cases so that lists colour and sort cases in SQL
 * (service_clock.h note 4).  Recomputed after every event of a case, and
 * for every open case when the calendar changes (servcal.h note 3).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "base/vec.h"
#include "domain/service.h"
#include "domain/service_clock.h"
#include "domain/service_internal.h"

#define DAY_ALWAYS "0000-01-01" /* a paused clock's threshold already crossed */
#define DAY_NEVER  "9999-12-31" /* ... or not */

/* The kinds of service_case_events that move the clock. */
static int clock_kind(const char *kind, enum clock_event_kind *out)
{
	static const struct {
		const char *name;
		enum clock_event_kind kind;
	} map[] = {
	    {"submitted", CLK_RECEIVED},    {"resubmitted", CLK_RECEIVED},
	    {"correction", CLK_CORRECTION}, {"accepted", CLK_ACCEPTED},
	    {"refused", CLK_REFUSED},       {"paused", CLK_PAUSED},
	    {"resumed", CLK_RESUMED},       {"finished", CLK_FINISHED},
	    {"withdrawn", CLK_WITHDRAWN},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(kind, map[i].name)) {
			*out = map[i].kind;
			return 0;
		}
	return -1;
}

/* The stored columns of a clock, as text (NULL for none). */
struct clock_cols {
	char state[12], start[11], decide_by[11], deadline[11], statutory[11];
	char yellow[11], red[11], overdue[11];
	const char *v_start, *v_decide, *v_deadline, *v_statutory, *v_yellow, *v_red, *v_overdue;
	int64_t deemed, used, paused, late, missing;
};

static const char *threshold(int32_t day, char out[11])
{
	return svc_day(day, out);
}

static void columns(const struct clock_result *r, int committed, struct clock_cols *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->state, sizeof(c->state), "%s",
	         r->awaiting_decision ? "deciding" : service_clock_state_name(r->state));
	c->v_start = svc_day(r->start, c->start);
	c->v_decide = svc_day(r->decide_by, c->decide_by);
	c->v_deadline = svc_day(r->deadline, c->deadline);
	c->v_statutory = svc_day(r->statutory_deadline, c->statutory);
	if (r->state == CLOCK_PAUSED) {
		enum clock_colour k = service_colour(r->used, committed);
		c->v_yellow = k >= COLOUR_YELLOW ? DAY_ALWAYS : DAY_NEVER;
		c->v_red = k >= COLOUR_RED ? DAY_ALWAYS : DAY_NEVER;
		c->v_overdue = k >= COLOUR_OVERDUE ? DAY_ALWAYS : DAY_NEVER;
	} else {
		c->v_yellow = threshold(r->yellow_from, c->yellow);
		c->v_red = threshold(r->red_from, c->red);
		c->v_overdue = threshold(r->overdue_from, c->overdue);
	}
	c->deemed = r->deemed;
	c->used = r->used;
	c->paused = r->paused_days;
	c->late = r->late;
	c->missing = r->missing_year;
}

int svc_case_clock(struct store *db, const struct workcal *cal, int64_t case_id, int32_t today,
                   struct clock_result *r, int *committed, struct derr *e)
{
	VEC(struct clock_event) ev = VEC_INIT;
	int64_t limits[2] = {0, 0};
	struct store_stmt *st =
	    store_query(db, "SELECT committed_days, statutory_days FROM service_cases WHERE id = ?",
	                "i", case_id);
	int rc = st ? store_step(st) : STORE_ERROR;
	if (rc == STORE_ROW) {
		limits[0] = store_column_int64(st, 0);
		limits[1] = store_column_int64(st, 1);
	}
	store_finalize(st);
	if (rc != STORE_ROW)
		return rc == STORE_DONE ? derr_set(e, DERR_NOT_FOUND, NULL, "办件不存在")
		                        : derr_store(e, db, "case clock: limits");
	st = store_query(
	    db, "SELECT kind, on_day FROM service_case_events WHERE case_id = ? ORDER BY id", "i",
	    case_id);
	rc = st ? store_step(st) : STORE_ERROR;
	for (; rc == STORE_ROW; rc = store_step(st)) {
		struct clock_event x;
		if (clock_kind(store_column_text(st, 0), &x.kind))
			continue;
		x.day = svc_parse_day(store_column_text(st, 1));
		if (VEC_PUSH(&ev, x))
			rc = STORE_ERROR;
	}
	store_finalize(st);
	if (rc != STORE_DONE) {
		VEC_FREE(&ev);
		return derr_store(e, db, "case clock: events");
	}
	struct clock_input in = {(int)limits[0], (int)limits[1], ev.v, ev.n, today};
	service_clock(cal, &in, r);
	*committed = (int)limits[0];
	VEC_FREE(&ev);
	return 0;
}

int service_case_clock_store(struct store *db, const struct workcal *cal, int64_t case_id,
                             int32_t today, struct derr *e)
{
	struct clock_result r;
	struct clock_cols c;
	int committed = 0;
	if (svc_case_clock(db, cal, case_id, today, &r, &committed, e))
		return -1;
	columns(&r, committed, &c);
	if (store_run(db,
	              "UPDATE service_cases SET clock_state = ?, clock_start = ?, deemed = ?,"
	              " decide_by = ?, deadline = ?, statutory_deadline = ?, yellow_from = ?,"
	              " red_from = ?, overdue_from = ?, used_days = ?, paused_days = ?, late = ?,"
	              " calendar_missing = ? WHERE id = ?",
	              "ttit"
	              "ttttt"
	              "iiiii",
	              c.state, c.v_start, c.deemed, c.v_decide, c.v_deadline, c.v_statutory,
	              c.v_yellow, c.v_red, c.v_overdue, c.used, c.paused, c.late, c.missing,
	              case_id))
		return derr_store(e, db, "case clock: store");
	return 0;
}

/* ---- every open case (or every case) at once ---- */

struct bulk_state {
	struct store_bulk *bulk;
	const struct workcal *cal;
	int32_t today;
	int64_t case_id;
	int committed, statutory;
	VEC(struct clock_event) ev;
	int64_t done;
	int failed;
};

static void flush_case(struct bulk_state *s)
{
	if (!s->case_id)
		return;
	struct clock_input in = {s->committed, s->statutory, s->ev.v, s->ev.n, s->today};
	struct clock_result r;
	struct clock_cols c;
	char id[24], deemed[4], used[16], paused[16], late[4], missing[8];
	service_clock(s->cal, &in, &r);
	columns(&r, s->committed, &c);
	snprintf(id, sizeof(id), "%lld", (long long)s->case_id);
	snprintf(deemed, sizeof(deemed), "%lld", (long long)c.deemed);
	snprintf(used, sizeof(used), "%lld", (long long)c.used);
	snprintf(paused, sizeof(paused), "%lld", (long long)c.paused);
	snprintf(late, sizeof(late), "%lld", (long long)c.late);
	snprintf(missing, sizeof(missing), "%lld", (long long)c.missing);
	const char *row[] = {id,           c.state,       c.v_start,  deemed,  c.v_decide,
	                     c.v_deadline, c.v_statutory, c.v_yellow, c.v_red, c.v_overdue,
	                     used,         paused,        late,       missing};
	if (store_bulk_add(s->bulk, row))
		s->failed = 1;
	s->done++;
	s->ev.n = 0;
}

int service_recompute_cases(struct store *db, const struct workcal *cal, int32_t today, int every,
                            int64_t *done, struct derr *e)
{
	struct bulk_state s = {.cal = cal, .today = today};
	if (store_run(db, "DELETE FROM service_clock_scratch", ""))
		return derr_store(e, db, "recompute: scratch");
	s.bulk =
	    store_bulk_new(db,
	                   "INSERT INTO service_clock_scratch (case_id, clock_state, clock_start,"
	                   " deemed, decide_by, deadline, statutory_deadline, yellow_from,"
	                   " red_from, overdue_from, used_days, paused_days, late,"
	                   " calendar_missing)",
	                   14);
	if (!s.bulk)
		return derr_internal(e, "recompute: out of memory");
	struct store_stmt *st = store_query(
	    db,
	    every ? "SELECT e.case_id, e.kind, e.on_day, c.committed_days, c.statutory_days"
	            " FROM service_case_events e JOIN service_cases c ON c.id = e.case_id"
	            " ORDER BY e.case_id, e.id"
	          : "SELECT e.case_id, e.kind, e.on_day, c.committed_days, c.statutory_days"
	            " FROM service_case_events e JOIN service_cases c ON c.id = e.case_id"
	            " WHERE c.status IN ('received', 'correcting', 'accepted', 'paused')"
	            " ORDER BY e.case_id, e.id",
	    "");
	int rc = st ? store_step(st) : STORE_ERROR;
	for (; rc == STORE_ROW && !s.failed; rc = store_step(st)) {
		int64_t id = store_column_int64(st, 0);
		if (id != s.case_id) {
			flush_case(&s);
			s.case_id = id;
			s.committed = (int)store_column_int64(st, 3);
			s.statutory = (int)store_column_int64(st, 4);
		}
		struct clock_event x;
		if (clock_kind(store_column_text(st, 1), &x.kind))
			continue;
		x.day = svc_parse_day(store_column_text(st, 2));
		if (VEC_PUSH(&s.ev, x))
			s.failed = 1;
	}
	store_finalize(st);
	if (rc == STORE_DONE)
		flush_case(&s);
	VEC_FREE(&s.ev);
	int brc = store_bulk_finish(s.bulk);
	if (rc != STORE_DONE || s.failed || brc != STORE_OK)
		return derr_store(e, db, "recompute: read");
	if (store_run(db,
	              "UPDATE service_cases SET clock_state = s.clock_state,"
	              " clock_start = s.clock_start, deemed = s.deemed, decide_by = s.decide_by,"
	              " deadline = s.deadline, statutory_deadline = s.statutory_deadline,"
	              " yellow_from = s.yellow_from, red_from = s.red_from,"
	              " overdue_from = s.overdue_from, used_days = s.used_days,"
	              " paused_days = s.paused_days, late = s.late,"
	              " calendar_missing = s.calendar_missing"
	              " FROM service_clock_scratch s WHERE service_cases.id = s.case_id",
	              "") ||
	    store_run(db, "DELETE FROM service_clock_scratch", ""))
		return derr_store(e, db, "recompute: update");
	*done = s.done;
	return 0;
}

/* Rating follow-ups: contact within 1 working day, rectification within
 * their rectify_days, both from the day the follow-up opened. */
static int recompute_followups(struct store *db, const struct workcal *cal, int64_t *done,
                               struct derr *e)
{
	json_t *rows = store_rows(db,
	                          "SELECT id, opened_on, rectify_days FROM service_followups"
	                          " WHERE status NOT IN ('closed', 'voided')",
	                          "");
	if (!rows)
		return derr_store(e, db, "recompute: follow-ups");
	size_t i;
	json_t *row;
	*done = 0;
	json_array_foreach(rows, i, row)
	{
		int32_t opened = svc_parse_day(svc_str(row, "opened_on"));
		int gap1 = 0, gap2 = 0;
		char contact[11], rectify[11];
		svc_day(service_due(cal, opened, 1, &gap1), contact);
		svc_day(service_due(cal, opened, (int)svc_int(row, "rectify_days"), &gap2),
		        rectify);
		if (store_run(db,
		              "UPDATE service_followups SET contact_due = ?, rectify_due = ?,"
		              " calendar_missing = ? WHERE id = ?",
		              "ttii", contact, rectify, (int64_t)(gap1 ? gap1 : gap2),
		              svc_int(row, "id"))) {
			json_decref(rows);
			return derr_store(e, db, "recompute: follow-up");
		}
		(*done)++;
	}
	json_decref(rows);
	return 0;
}

int service_recompute_all(struct store *db, const struct workcal *cal, int32_t today,
                          struct service_recomputed *done, struct derr *e)
{
	memset(done, 0, sizeof(*done));
	if (service_recompute_cases(db, cal, today, 0, &done->cases, e) ||
	    recompute_followups(db, cal, &done->followups, e))
		return -1;
	return 0;
}

json_t *svc_clock_json(const struct clock_result *r, int committed, int statutory)
{
	int running = r->state == CLOCK_RUNNING;
	json_t *o = json_pack(
	    "{s:s, s:s, s:o, s:o, s:o, s:b, s:b, s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:I,"
	    " s:i, s:i}",
	    "state",
	    r->awaiting_decision && !running ? "deciding" : service_clock_state_name(r->state),
	    "colour", service_colour_name(r->colour), "received_on", svc_day_json(r->received_on),
	    "decide_by", svc_day_json(r->decide_by), "start", svc_day_json(r->start), "deemed",
	    r->deemed, "awaiting_decision", r->awaiting_decision, "used",
	    (json_int_t)(r->start ? r->used : 0), "remaining",
	    (json_int_t)(r->start ? r->remaining : committed), "deadline",
	    svc_day_json(r->deadline), "statutory_deadline", svc_day_json(r->statutory_deadline),
	    "yellow_from", svc_day_json(r->yellow_from), "red_from", svc_day_json(r->red_from),
	    "overdue_from", svc_day_json(r->overdue_from), "stopped_on",
	    svc_day_json(r->stopped_on), "late", r->late, "paused_days", (json_int_t)r->paused_days,
	    "committed_days", committed, "statutory_days", statutory);
	json_object_set_new(o, "calendar_missing_year",
	                    r->missing_year ? json_integer(r->missing_year) : json_null());
	json_object_set_new(o, "provisional", json_boolean(r->missing_year != 0));
	return o;
}
