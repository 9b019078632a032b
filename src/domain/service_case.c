/*
 * Service cases: creating one and moving it along the state machine drawn
 * at the top of service.h (rules 1-7 there).  Each step is one transaction:
 * the event, the case row, the audit row and the recomputed clock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/audit.h"
#include "domain/servcal.h"
#include "domain/service.h"
#include "domain/service_clock.h"
#include "domain/service_internal.h"

/* Loads a case the caller may see (rule 6; else DERR_NOT_FOUND). */
int svc_case_load(struct store *db, const struct actor *a, int64_t id, struct case_row *c,
                  struct derr *e)
{
	json_t *row = store_row(
	    db,
	    "SELECT c.id, c.item_id, c.org_id, c.agent_id, c.status, c.title, c.committed_days,"
	    " c.received_on, c.tolerant,"
	    " (SELECT MAX(x.on_day) FROM service_case_events x WHERE x.case_id = c.id AND"
	    " x.kind NOT IN ('created', 'agent', 'material')) AS last_day,"
	    " (SELECT COUNT(*) FROM service_case_events x WHERE x.case_id = c.id AND"
	    " x.kind = 'correction') AS corrections"
	    " FROM service_cases c WHERE c.id = ?",
	    "i", id);
	if (!row)
		return derr_store(e, db, "case: load");
	if (json_is_null(row) || (!svc_staff(a) && !(a->role == ROLE_ENTERPRISE &&
	                                             svc_int(row, "org_id") == a->org_id))) {
		json_decref(row);
		store_rollback(db);
		return derr_set(e, DERR_NOT_FOUND, NULL, "办件不存在");
	}
	memset(c, 0, sizeof(*c));
	c->id = id;
	c->item_id = svc_int(row, "item_id");
	c->org_id = svc_int(row, "org_id");
	c->agent_id = svc_int(row, "agent_id");
	c->committed = (int)svc_int(row, "committed_days");
	c->received_on = svc_parse_day(svc_str(row, "received_on"));
	c->last_day = svc_parse_day(svc_str(row, "last_day"));
	c->corrections = svc_int(row, "corrections");
	c->tolerant = svc_int(row, "tolerant");
	snprintf(c->status, sizeof(c->status), "%s", svc_str(row, "status"));
	snprintf(c->title, sizeof(c->title), "%s", svc_str(row, "title"));
	json_decref(row);
	return 0;
}

int svc_applicant_side(const struct actor *a, const struct case_row *c)
{
	return (a->role == ROLE_ENTERPRISE && a->org_id == c->org_id) ||
	       (svc_officer(a) && c->agent_id && c->agent_id == a->id);
}

/* The hook for other applicants (service.h): an enterprise applies for
 * itself; resident projects (issue 11) will be checked here too. */
static int service_case_applicant_ok(struct store *db, int64_t org_id, struct derr *e)
{
	json_t *org =
	    store_row(db, "SELECT kind, status FROM organizations WHERE id = ?", "i", org_id);
	if (!org)
		return derr_store(e, db, "case: applicant");
	int ok = !json_is_null(org) && !strcmp(svc_str(org, "kind"), "enterprise") &&
	         !strcmp(svc_str(org, "status"), "active");
	json_decref(org);
	return ok ? 0 : derr_set(e, DERR_RULE, "org_id", "只有已审核通过的企业可以申办事项");
}

int svc_case_event(struct store *db, const struct actor *a, int64_t case_id, const char *kind,
                   int32_t day, json_t *detail, struct derr *e)
{
	char d[11], *text = detail ? json_dumps(detail, JSON_COMPACT) : strdup("{}");
	json_decref(detail);
	int rc = text ? store_run(db,
	                          "INSERT INTO service_case_events (case_id, kind, on_day, at,"
	                          " actor_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
	                          "itti"
	                          "It",
	                          case_id, kind, svc_day(day, d), now_seconds(), a->id, text)
	              : STORE_ERROR;
	free(text);
	return rc ? derr_store(e, db, "case: event") : 0;
}

int svc_case_commit(struct store *db, const struct actor *a, int64_t case_id, const char *action,
                    const char *detail, struct derr *e)
{
	const struct workcal *cal = servcal_acquire(db, e);
	if (!cal) {
		store_rollback(db);
		return -1;
	}
	int rc = service_case_clock_store(db, cal, case_id, servcal_today(), e);
	servcal_release(cal);
	if (rc || audit_write(db, a, action, "service_case", case_id, detail, e))
		return -1;
	return store_commit(db) == STORE_OK ? 0 : derr_store(e, db, "case: commit");
}

int service_case_create(struct store *db, const struct actor *a,
                        const struct service_case_input *in, int64_t *id, struct derr *e)
{
	int64_t org = a->role == ROLE_ENTERPRISE ? a->org_id : in->org_id, now = now_seconds();
	int32_t today = servcal_today();
	char d[11];
	if (a->role != ROLE_ENTERPRISE && !svc_officer(a))
		return derr_set(e, DERR_FORBIDDEN, NULL, "只有企业或政务人员可以申办");
	if (!org)
		return derr_set(e, DERR_INVALID, "org_id", "请选择申办企业");
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "case: begin");
	if (service_case_applicant_ok(db, org, e)) {
		store_rollback(db);
		return -1;
	}
	json_t *item = store_row(db,
	                         "SELECT name, statutory_days, committed_days FROM service_items"
	                         " WHERE id = ? AND status = 'active'",
	                         "i", in->item_id);
	if (!item)
		return derr_store(e, db, "case: item");
	if (json_is_null(item)) {
		store_rollback(db);
		return derr_set(e, DERR_INVALID, "item_id", "事项不存在或已停办");
	}
	int rc = store_int64(db, id,
	                     "INSERT INTO service_cases (item_id, org_id, title, note, created_by,"
	                     " status, statutory_days, committed_days, received_on, created_at,"
	                     " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	                     "iitt"
	                     "Itiit"
	                     "ii",
	                     in->item_id, org, in->title ? in->title : svc_str(item, "name"),
	                     in->note ? in->note : "", a->id, in->submit ? "received" : "draft",
	                     svc_int(item, "statutory_days"), svc_int(item, "committed_days"),
	                     in->submit ? svc_day(today, d) : NULL, now, now);
	json_decref(item);
	if (rc != STORE_ROW)
		return derr_store(e, db, "case: insert");
	if (svc_case_event(db, a, *id, "created", today, NULL, e) ||
	    (in->submit && svc_case_event(db, a, *id, "submitted", today, NULL, e)))
		return -1;
	return svc_case_commit(db, a, *id, "service.case_create",
	                       in->submit ? "submitted" : "draft", e);
}

/* ---- the steps ---- */

static int wrong_state(struct store *db, struct derr *e, const char *msg)
{
	store_rollback(db);
	return derr_code(e, DERR_CONFLICT, "wrong_state", NULL, msg);
}

static int rule(struct store *db, struct derr *e, const char *field, const char *msg)
{
	store_rollback(db);
	return derr_set(e, DERR_RULE, field, msg);
}

/* Checks that material_id is one of the case's item's materials; on a
 * refusal (DERR_INVALID naming field) the transaction is rolled back. */
static int item_material(struct store *db, const struct case_row *c, int64_t material_id,
                         const char *field, const char *message, struct derr *e)
{
	int64_t n = 0;
	if (store_int64(db, &n,
	                "SELECT COUNT(*) FROM service_item_materials WHERE id = ? AND item_id = ?"
	                " AND retired = 0",
	                "ii", material_id, c->item_id) != STORE_ROW)
		return derr_store(e, db, "case: material");
	if (!n) {
		store_rollback(db);
		return derr_set(e, DERR_INVALID, field, message);
	}
	return 0;
}

/* Begins a transaction on a case the caller may see that is not over yet
 * (agent, paper, upload); -1 with e (rolled back) otherwise. */
static int open_case(struct store *db, const struct actor *a, int64_t id, struct case_row *c,
                     struct derr *e)
{
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "case: begin");
	if (svc_case_load(db, a, id, c, e))
		return -1;
	return svc_case_closed(c->status) ? wrong_state(db, e, "办件已结束") : 0;
}

static int set_status(struct store *db, int64_t id, const char *status, struct derr *e)
{
	return store_run(db, "UPDATE service_cases SET status = ?, updated_at = ? WHERE id = ?",
	                 "tii", status, now_seconds(), id)
	           ? derr_store(e, db, "case: status")
	           : 0;
}

/* The required materials not provided yet: [{id, name, tolerable}]. */
static json_t *missing_required(struct store *db, const struct case_row *c)
{
	return store_rows(db,
	                  "SELECT m.id, m.name, m.tolerable FROM service_item_materials m"
	                  " WHERE m.item_id = ? AND m.required = 1 AND m.retired = 0 AND NOT EXISTS"
	                  " (SELECT 1 FROM service_case_materials x WHERE x.case_id = ? AND"
	                  " x.material_id = m.id AND x.state IN ('uploaded', 'paper'))"
	                  " ORDER BY m.position, m.id",
	                  "ii", c->item_id, c->id);
}

static int in_array(json_t *ids, int64_t id)
{
	size_t i;
	json_t *v;
	json_array_foreach(ids, i, v) if (json_integer_value(v) == id) return 1;
	return 0;
}

/* 受理, or 容缺受理 when in->missing names materials (rule 3). */
static int step_accept(struct store *db, const struct actor *a, struct case_row *c,
                       const struct service_step_input *in, int32_t day, const struct workcal *cal,
                       struct derr *e)
{
	if (strcmp(c->status, "received"))
		return wrong_state(db, e, "只有已收件的办件可以受理");
	int32_t decide_by = workcal_add(cal, c->received_on, CLOCK_DECIDE_DAYS, NULL);
	int deemed = day > decide_by;
	int32_t start = deemed ? c->received_on : day;
	json_t *missing = missing_required(db, c);
	if (!missing)
		return derr_store(e, db, "case: materials");
	size_t n = json_array_size(missing), i;
	json_t *m;
	struct buf names = BUF_INIT;
	json_array_foreach(missing, i, m)
	    buf_addf(&names, "%s%s", i ? "、" : "", svc_str(m, "name"));
	int rc = 0;
	if (n && !json_array_size(in->missing)) {
		derr_setf(e, DERR_RULE, "missing", "材料不齐（%s），可容缺受理或要求补正",
		          names.data);
		rc = -1;
	}
	json_array_foreach(missing, i, m) if (!rc && json_array_size(in->missing))
	{
		if (!in_array(in->missing, svc_int(m, "id")))
			rc = derr_setf(e, DERR_RULE, "missing",
			               "还缺“%s”：容缺受理须列出全部所缺材料", svc_str(m, "name"));
		else if (!svc_int(m, "tolerable"))
			rc = derr_setf(e, DERR_RULE, "missing", "“%s”不可容缺", svc_str(m, "name"));
	}
	if (!rc && json_array_size(in->missing) != n)
		rc = derr_set(e, DERR_RULE, "missing", "所列材料中有已提交或不属于本事项的材料");
	buf_release(&names);
	int32_t latest = service_tolerant_latest(cal, start, c->committed, NULL);
	int32_t due = in->tolerant_due ? in->tolerant_due : latest;
	if (!rc && n && (due < day || due > latest)) {
		char l[11];
		wd_format(latest, l);
		rc = derr_setf(e, DERR_RULE, "tolerant_due",
		               "补齐容缺材料的日期应在受理日到承诺办结日（%s）之间", l);
	}
	if (rc) {
		json_decref(missing);
		store_rollback(db);
		return -1;
	}
	char dd[11];
	json_t *named = json_array();
	json_array_foreach(missing, i, m)
	{
		json_array_append_new(named, json_pack("{s:I, s:s}", "id", svc_int(m, "id"), "name",
		                                       svc_str(m, "name")));
		if (store_run(db,
		              "INSERT INTO service_case_materials (case_id, material_id, state,"
		              " tolerant) VALUES (?, ?, 'pending', 1) ON CONFLICT (case_id,"
		              " material_id) DO UPDATE SET state = 'pending', tolerant = 1",
		              "ii", c->id, svc_int(m, "id"))) {
			json_decref(missing);
			json_decref(named);
			return derr_store(e, db, "case: pending");
		}
	}
	json_decref(missing);
	if (store_run(db,
	              "UPDATE service_cases SET status = 'accepted', handler_id = ?, tolerant = ?,"
	              " tolerant_due = ?, updated_at = ? WHERE id = ?",
	              "iiti"
	              "i",
	              a->id, (int64_t)(n > 0), n ? svc_day(due, dd) : NULL, now_seconds(), c->id)) {
		json_decref(named);
		return derr_store(e, db, "case: accept");
	}
	json_t *detail = json_pack("{s:b, s:b, s:o, s:o}", "tolerant", n > 0, "deemed", deemed,
	                           "missing", named, "due", n ? svc_day_json(due) : json_null());
	return svc_case_event(db, a, c->id, "accepted", day, detail, e);
}

static int step_correction(struct store *db, const struct actor *a, struct case_row *c,
                           const struct service_step_input *in, int32_t day,
                           const struct workcal *cal, struct derr *e)
{
	size_t i;
	json_t *p;
	if (strcmp(c->status, "received"))
		return wrong_state(db, e, "只有已收件、尚未受理的办件可以要求补正");
	if (c->corrections)
		return rule(db, e, "points", "补正须一次性告知：本办件已告知过补正");
	if (day > workcal_add(cal, c->received_on, CLOCK_DECIDE_DAYS, NULL))
		return rule(db, e, "on",
		            "收件已超过 5 个工作日，依法视为自收件之日起受理，不能再要求补正");
	if (!json_array_size(in->points))
		return rule(db, e, "points", "请一次性列出全部需要补正的内容");
	json_array_foreach(in->points, i, p)
	{
		int64_t mid = svc_int(p, "material_id");
		if (mid && item_material(db, c, mid, "points", "补正所列的材料不属于本事项", e))
			return -1;
	}
	if (set_status(db, c->id, "correcting", e))
		return -1;
	return svc_case_event(db, a, c->id, "correction", day,
	                      json_pack("{s:O}", "points", in->points), e);
}

static int step_refuse(struct store *db, const struct actor *a, struct case_row *c,
                       const struct service_step_input *in, int32_t day, const struct workcal *cal,
                       struct derr *e)
{
	if (strcmp(c->status, "received") && strcmp(c->status, "correcting"))
		return wrong_state(db, e, "只有尚未受理的办件可以不予受理");
	if (!strcmp(c->status, "received") &&
	    day > workcal_add(cal, c->received_on, CLOCK_DECIDE_DAYS, NULL))
		return rule(db, e, "on",
		            "收件已超过 5 个工作日，依法视为已受理：请受理后作出不予许可的决定");
	if (!json_array_size(in->reasons))
		return rule(db, e, "reasons", "请写明不予受理的理由");
	if (set_status(db, c->id, "refused", e))
		return -1;
	return svc_case_event(db, a, c->id, "refused", day,
	                      json_pack("{s:O}", "reasons", in->reasons), e);
}

static int step_pause(struct store *db, const struct actor *a, struct case_row *c,
                      const struct service_step_input *in, int32_t day, struct derr *e)
{
	static const char *const kinds[] = {"applicant", "expert", "hearing", "testing", NULL};
	int ok = 0;
	if (strcmp(c->status, "accepted"))
		return wrong_state(db, e, "只有办理中的办件可以暂停计时");
	for (int i = 0; kinds[i] && in->pause_kind; i++)
		ok |= !strcmp(kinds[i], in->pause_kind);
	if (!ok)
		return rule(
		    db, e, "pause_kind",
		    "暂停原因应为 applicant（等待申请人）、expert（专家评审）、hearing（听证）"
		    "或 testing（检验检测）");
	if (!in->reason)
		return rule(db, e, "reason", "请写明暂停计时的原因");
	if (store_run(db,
	              "UPDATE service_cases SET status = 'paused', pause_kind = ?, updated_at = ?"
	              " WHERE id = ?",
	              "tii", in->pause_kind, now_seconds(), c->id))
		return derr_store(e, db, "case: pause");
	return svc_case_event(db, a, c->id, "paused", day,
	                      json_pack("{s:s, s:s}", "kind", in->pause_kind, "reason", in->reason),
	                      e);
}

static int step_finish(struct store *db, const struct actor *a, struct case_row *c,
                       const struct service_step_input *in, int32_t day, struct derr *e)
{
	char d[11];
	int64_t pending = 0;
	if (strcmp(c->status, "accepted") && strcmp(c->status, "paused"))
		return wrong_state(db, e, "只有办理中的办件可以办结");
	if (!in->outcome || (strcmp(in->outcome, "approved") && strcmp(in->outcome, "denied")))
		return rule(db, e, "outcome", "办结结果应为 approved（准予）或 denied（不予）");
	if (!strcmp(in->outcome, "denied") && !in->reason)
		return rule(db, e, "reason", "不予许可须写明理由");
	if (store_int64(db, &pending,
	                "SELECT COUNT(*) FROM service_case_materials WHERE case_id = ? AND"
	                " state = 'pending'",
	                "i", c->id) != STORE_ROW)
		return derr_store(e, db, "case: pending");
	if (pending && !strcmp(in->outcome, "approved"))
		return rule(db, e, "outcome", "容缺材料尚未补齐，不能准予办结");
	if (store_run(db,
	              "UPDATE service_cases SET status = 'done', outcome = ?, finished_on = ?,"
	              " pause_kind = NULL, updated_at = ? WHERE id = ?",
	              "ttii", in->outcome, svc_day(day, d), now_seconds(), c->id))
		return derr_store(e, db, "case: finish");
	return svc_case_event(
	    db, a, c->id, "finished", day,
	    json_pack("{s:s, s:s}", "outcome", in->outcome, "note", in->reason ? in->reason : ""),
	    e);
}

static const char *const step_names[] = {
    [STEP_SUBMIT] = "submit",         [STEP_ACCEPT] = "accept",     [STEP_REFUSE] = "refuse",
    [STEP_CORRECTION] = "correction", [STEP_RESUBMIT] = "resubmit", [STEP_PAUSE] = "pause",
    [STEP_RESUME] = "resume",         [STEP_FINISH] = "finish",     [STEP_WITHDRAW] = "withdraw",
};

int service_case_step(struct store *db, const struct actor *a, int64_t id,
                      const struct service_step_input *in, struct derr *e)
{
	struct case_row c;
	char d[11], action[48];
	int applicant_step =
	    in->step == STEP_SUBMIT || in->step == STEP_RESUBMIT || in->step == STEP_WITHDRAW;
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "case: begin");
	if (svc_case_load(db, a, id, &c, e))
		return -1;
	if (applicant_step ? !svc_applicant_side(a, &c) : !svc_officer(a)) {
		store_rollback(db);
		return derr_set(e, DERR_FORBIDDEN, NULL,
		                applicant_step ? "只有申请企业或其帮办人员可以这样做"
		                               : "只有政务人员可以办理");
	}
	int32_t day = svc_step_day(a, in->on, c.last_day, e);
	if (!day) {
		store_rollback(db);
		return -1;
	}
	const struct workcal *cal = servcal_acquire(db, e);
	if (!cal) {
		store_rollback(db);
		return -1;
	}
	int rc = 0;
	switch (in->step) {
	case STEP_SUBMIT:
	case STEP_RESUBMIT: {
		int submit = in->step == STEP_SUBMIT;
		if (strcmp(c.status, submit ? "draft" : "correcting")) {
			rc = wrong_state(db, e, submit ? "办件已提交" : "办件不在补正中");
			break;
		}
		rc = store_run(db,
		               "UPDATE service_cases SET status = 'received', received_on = ?,"
		               " updated_at = ? WHERE id = ?",
		               "tii", svc_day(day, d), now_seconds(), c.id)
		         ? derr_store(e, db, "case: receive")
		         : svc_case_event(db, a, c.id, submit ? "submitted" : "resubmitted", day,
		                          NULL, e);
		break;
	}
	case STEP_ACCEPT:
		rc = step_accept(db, a, &c, in, day, cal, e);
		break;
	case STEP_REFUSE:
		rc = step_refuse(db, a, &c, in, day, cal, e);
		break;
	case STEP_CORRECTION:
		rc = step_correction(db, a, &c, in, day, cal, e);
		break;
	case STEP_PAUSE:
		rc = step_pause(db, a, &c, in, day, e);
		break;
	case STEP_RESUME:
		if (strcmp(c.status, "paused")) {
			rc = wrong_state(db, e, "办件没有暂停");
			break;
		}
		rc = store_run(db,
		               "UPDATE service_cases SET status = 'accepted', pause_kind = NULL,"
		               " updated_at = ? WHERE id = ?",
		               "ii", now_seconds(), c.id)
		         ? derr_store(e, db, "case: resume")
		         : svc_case_event(db, a, c.id, "resumed", day, NULL, e);
		break;
	case STEP_FINISH:
		rc = step_finish(db, a, &c, in, day, e);
		break;
	case STEP_WITHDRAW:
		if (!strcmp(c.status, "done") || !strcmp(c.status, "refused") ||
		    !strcmp(c.status, "withdrawn")) {
			rc = wrong_state(db, e, "办件已结束，不能撤回");
			break;
		}
		rc = set_status(db, c.id, "withdrawn", e) ||
		     svc_case_event(db, a, c.id, "withdrawn", day,
		                    json_pack("{s:s}", "reason", in->reason ? in->reason : ""), e);
		break;
	}
	servcal_release(cal);
	if (rc)
		return -1;
	snprintf(action, sizeof(action), "service.case_%s", step_names[in->step]);
	return svc_case_commit(db, a, c.id, action, svc_day(day, d), e);
}

int service_case_agent(struct store *db, const struct actor *a, int64_t id, int64_t agent_id,
                       struct derr *e)
{
	struct case_row c;
	char detail[64];
	if (svc_need_officer(a, e))
		return -1;
	if (agent_id && !svc_is_officer_account(db, agent_id))
		return derr_set(e, DERR_INVALID, "agent_id", "帮办人员应为在用的政务人员账号");
	if (open_case(db, a, id, &c, e))
		return -1;
	if (store_run(db, "UPDATE service_cases SET agent_id = ?, updated_at = ? WHERE id = ?",
	              "Iii", agent_id, now_seconds(), id) ||
	    svc_case_event(db, a, id, "agent", servcal_today(),
	                   json_pack("{s:I}", "agent_id", (json_int_t)agent_id), e))
		return derr_store(e, db, "case: agent");
	snprintf(detail, sizeof(detail), "agent=%lld", (long long)agent_id);
	return svc_case_commit(db, a, id, "service.case_agent", detail, e);
}

int service_case_paper(struct store *db, const struct actor *a, int64_t id, int64_t material_id,
                       struct derr *e)
{
	struct case_row c;
	char d[11];
	int32_t today = servcal_today();
	if (svc_need_officer(a, e))
		return -1;
	if (open_case(db, a, id, &c, e) ||
	    item_material(db, &c, material_id, "material_id", "材料不属于本事项", e))
		return -1;
	if (svc_material_provided(db, c.id, material_id, "paper", today, e) ||
	    svc_case_event(
	        db, a, id, "material", today,
	        json_pack("{s:I, s:s}", "material_id", (json_int_t)material_id, "how", "paper"), e))
		return -1;
	return svc_case_commit(db, a, id, "service.case_paper", svc_day(today, d), e);
}

int svc_case_closed(const char *status)
{
	return !strcmp(status, "done") || !strcmp(status, "refused") ||
	       !strcmp(status, "withdrawn");
}

int service_case_upload(struct store *db, const struct actor *a, int64_t case_id,
                        int64_t material_id, const char *filename, const void *data, size_t len,
                        json_t **out, struct derr *e)
{
	struct case_row c;
	char d[11];
	int32_t today = servcal_today();
	if (open_case(db, a, case_id, &c, e))
		return -1;
	if (!svc_applicant_side(a, &c)) {
		store_rollback(db);
		return derr_set(e, DERR_FORBIDDEN, NULL, "只有申请企业或其帮办人员可以上传材料");
	}
	if (material_id && item_material(db, &c, material_id, "material_id", "材料不属于本事项", e))
		return -1;
	if (service_file_record(db, a, "case", case_id, material_id, 0, filename, data, len, out,
	                        e)) {
		store_rollback(db);
		return -1;
	}
	json_t *detail = json_pack("{s:I, s:s, s:I}", "material_id", (json_int_t)material_id, "how",
	                           "uploaded", "file_id", svc_int(*out, "id"));
	if ((material_id &&
	     svc_material_provided(db, case_id, material_id, "uploaded", today, e)) ||
	    svc_case_event(db, a, case_id, "material", today, detail, e) ||
	    svc_case_commit(db, a, case_id, "service.case_upload", svc_day(today, d), e)) {
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}
