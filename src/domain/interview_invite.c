/*
 * Interview invitations (interview_invite.h): HR invites, reschedules and
 * cancels; the student accepts, declines or asks for another time; both
 * sides' reminders.
 */
#include "domain/interview_invite.h"

#include <string.h>

#include "base/util.h"
#include "domain/application.h"
#include "domain/audit.h"
#include "domain/contact_consent.h"

#define INVITE_SELECT                                                                              \
	"SELECT i.id, i.application_id, i.starts_at, i.minutes, i.format, i.place, i.link,"        \
	" i.contact_name, i.contact_phone, i.note, i.status, i.answer_note, i.answered_at,"        \
	" i.created_at, i.updated_at, ap.status AS application_status, p.title AS"                 \
	" position_title, o.name AS enterprise_name, s.name AS student_name"                       \
	" FROM interview_invites i JOIN applications ap ON ap.id = i.application_id"               \
	" JOIN positions p ON p.id = ap.position_id JOIN organizations o ON"                       \
	" o.id = i.enterprise_id JOIN students s ON s.id = i.student_id"

static const char *const formats[] = {"onsite", "online", "phone", NULL};

int interview_invite_format_valid(const char *format)
{
	for (int i = 0; format && formats[i]; i++)
		if (!strcmp(format, formats[i]))
			return 1;
	return 0;
}

/* Invitation id as the answer shows it, inside or outside a transaction.
 * 0 and *out, or -1 with e (rolled back). */
static int read_invite(struct store *db, int64_t id, json_t **out, struct derr *e)
{
	return derr_found(db, store_row(db, INVITE_SELECT " WHERE i.id = ?", "i", id), out,
	                  "invitation: read", DERR_NOT_FOUND, NULL, "面试邀请不存在", e);
}

/* Application id when a may see it (for_hr: only HR of its enterprise),
 * with its status, student and enterprise.  0 and *row (new reference), or
 * -1 with e (404 outside the caller's scope). */
static int load_application(struct store *db, const struct actor *a, int64_t id, int for_hr,
                            json_t **row, struct derr *e)
{
	json_t *r = NULL;
	if (derr_found(db,
	               store_row(db,
	                         "SELECT ap.status, ap.student_id, ap.enterprise_id, s.account_id,"
	                         " s.college_id FROM applications ap JOIN students s ON"
	                         " s.id = ap.student_id WHERE ap.id = ?",
	                         "i", id),
	               &r, "invitation: application", DERR_NOT_FOUND, NULL, "投递记录不存在", e))
		return -1;
#define GET(k) json_integer_value(json_object_get(r, k))
	int ent = a->role == ROLE_ENTERPRISE && GET("enterprise_id") == a->org_id;
	int ok = for_hr ? ent
	                : ent || a->role == ROLE_OPERATOR ||
	                      (a->role == ROLE_COLLEGE && GET("college_id") == a->org_id) ||
	                      (a->role == ROLE_STUDENT && GET("account_id") == a->id);
#undef GET
	if (!ok) {
		json_decref(r);
		return derr_set(e, DERR_NOT_FOUND, NULL, "投递记录不存在");
	}
	*row = r;
	return 0;
}

/* The rules of an invitation that do not need the database: a time to
 * come, a place for onsite, an https link for online.  0, or -1 with e. */
static int check_input(const struct interview_invite_input *in, struct derr *e)
{
	if (in->starts_at <= now_seconds())
		return derr_set(e, DERR_RULE, "starts_at", "面试时间应晚于现在");
	if (!strcmp(in->format, "onsite") && !in->place)
		return derr_set(e, DERR_RULE, "place", "现场面试请填写面试地点");
	if (!strcmp(in->format, "online") && !in->link)
		return derr_set(e, DERR_RULE, "link", "线上面试请填写会议链接");
	if (in->link && strncmp(in->link, "https://", 8))
		return derr_set(e, DERR_RULE, "link", "会议链接应以 https:// 开头");
	return 0;
}

/* Inside the transaction: holds the application in the status read before
 * (a rejection or withdrawal in between refuses), supersedes the open
 * invitation, inserts the new one and moves an application before interview
 * to interview.  0 and *id,
 * 1 when the application changed meanwhile, -1 (store). */
static int insert_invite(struct store *db, const struct actor *a, int64_t app, json_t *row,
                         const struct interview_invite_input *in, int64_t *id)
{
	int64_t now = now_seconds();
	const char *status = json_string_value(json_object_get(row, "status"));
	int held = application_hold(db, app, status);
	if (held)
		return held;
	if (store_run(db,
	              "UPDATE interview_invites SET status = 'superseded', updated_at = ? WHERE"
	              " application_id = ? AND status IN ('pending', 'reschedule')",
	              "ii", now, app) != STORE_OK ||
	    store_int64(db, id,
	                "INSERT INTO interview_invites (application_id, enterprise_id, student_id,"
	                " starts_at, minutes, format, place, link, contact_name, contact_phone,"
	                " note, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?,"
	                " ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	                "iiiiittttttiii", app,
	                json_integer_value(json_object_get(row, "enterprise_id")),
	                json_integer_value(json_object_get(row, "student_id")), in->starts_at,
	                in->minutes, in->format, in->place, in->link, in->contact_name,
	                in->contact_phone, in->note, a->id, now, now) != STORE_ROW)
		return -1;
	if (strcmp(status, "submitted") && strcmp(status, "viewed"))
		return 0;
	return application_step(db, a, app, status, "interview", "邀请面试");
}

int interview_invite_create(struct store *db, const struct actor *a, int64_t application_id,
                            const struct interview_invite_input *in, json_t **out, struct derr *e)
{
	json_t *row = NULL;
	int64_t id = 0;
	*out = NULL;
	if (load_application(db, a, application_id, 1, &row, e))
		return -1;
	const char *status = json_string_value(json_object_get(row, "status"));
	int rc = -1;
	if (!strcmp(status, "withdrawn") || !strcmp(status, "rejected") ||
	    !strcmp(status, "accepted")) {
		derr_setf(e, DERR_CONFLICT, NULL, "投递已是“%s”，不能再邀请面试",
		          !strcmp(status, "withdrawn")  ? "已撤回"
		          : !strcmp(status, "rejected") ? "不合适"
		                                        : "已接受录用");
		goto out;
	}
	if (check_input(in, e))
		goto out;
	if (store_begin(db) != STORE_OK) {
		derr_store(e, db, "invitation: begin");
		goto out;
	}
	int step = insert_invite(db, a, application_id, row, in, &id);
	if (step > 0) {
		store_rollback(db);
		derr_set(e, DERR_CONFLICT, NULL, "投递状态已被他人修改，请刷新");
	} else if (step < 0) {
		derr_store(e, db, "invitation: create");
	} else if (!audit_write(db, a, "invitation.create", "invitation", id, NULL, e) &&
	           !read_invite(db, id, out, e) && !derr_commit(db, out, "invitation: create", e)) {
		rc = 0;
	}
out:
	json_decref(row);
	return rc;
}

/* Invitation id with the account of its student, for the checks. */
static int load_invite(struct store *db, int64_t id, json_t **row, struct derr *e)
{
	return derr_found(db,
	                  store_row(db,
	                            "SELECT i.status, i.starts_at, i.application_id,"
	                            " i.enterprise_id, i.student_id, s.account_id FROM"
	                            " interview_invites i JOIN students s ON s.id = i.student_id"
	                            " WHERE i.id = ?",
	                            "i", id),
	                  row, "invitation: load", DERR_NOT_FOUND, NULL, "面试邀请不存在", e);
}

/* Inside the transaction: invitation id goes from `from` to `to` (with the
 * student's note and the time of the answer when answered).  0, 1 when it
 * moved meanwhile, -1 (store). */
static int set_status(struct store *db, int64_t id, const char *from, const char *to,
                      const char *note, int answered)
{
	int64_t now = now_seconds(), done = 0;
	int rc = store_int64(db, &done,
	                     "UPDATE interview_invites SET status = ?, answer_note = COALESCE(?,"
	                     " answer_note), answered_at = COALESCE(?, answered_at), updated_at = ?"
	                     " WHERE id = ? AND status = ? RETURNING id",
	                     "ttIiit", to, note, answered ? now : 0, now, id, from);
	return rc == STORE_ROW ? 0 : rc == STORE_DONE ? 1 : -1;
}

int interview_invite_cancel(struct store *db, const struct actor *a, int64_t id, json_t **out,
                            struct derr *e)
{
	json_t *row = NULL;
	*out = NULL;
	if (load_invite(db, id, &row, e))
		return -1;
	char from[16];
	snprintf(from, sizeof(from), "%s", json_string_value(json_object_get(row, "status")));
	int mine = a->role == ROLE_ENTERPRISE &&
	           json_integer_value(json_object_get(row, "enterprise_id")) == a->org_id;
	json_decref(row);
	if (!mine)
		return derr_set(e, DERR_NOT_FOUND, NULL, "面试邀请不存在");
	if (strcmp(from, "pending") && strcmp(from, "reschedule") && strcmp(from, "accepted"))
		return derr_set(e, DERR_CONFLICT, NULL, "该邀请已结束，不能取消");
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "invitation: begin");
	int rc = set_status(db, id, from, "cancelled", NULL, 0);
	if (rc > 0) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, NULL, "邀请状态已变化，请刷新");
	}
	if (rc < 0)
		return derr_store(e, db, "invitation: cancel");
	if (audit_write(db, a, "invitation.cancel", "invitation", id, NULL, e) ||
	    read_invite(db, id, out, e) || derr_commit(db, out, "invitation: cancel", e))
		return -1;
	return 0;
}

/* The status an answer leads to, and its audit action; NULL: unknown. */
static const char *answer_status(const char *answer, const char **action)
{
	static const char *const map[][3] = {
	    {"accept", "accepted", "invitation.accept"},
	    {"decline", "declined", "invitation.decline"},
	    {"reschedule", "reschedule", "invitation.reschedule"},
	};
	for (size_t i = 0; answer && i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(answer, map[i][0]))
			return *action = map[i][2], map[i][1];
	return NULL;
}

int interview_invite_answer(struct store *db, const struct actor *a, int64_t id, const char *answer,
                            const char *note, json_t **out, struct derr *e)
{
	json_t *row = NULL;
	const char *action = NULL, *to = answer_status(answer, &action);
	*out = NULL;
	if (!to)
		return derr_set(e, DERR_INVALID, "answer",
		                "回复应为 accept、decline 或 reschedule");
	if (load_invite(db, id, &row, e))
		return -1;
#define GET(k) json_integer_value(json_object_get(row, k))
	int mine = a->role == ROLE_STUDENT && GET("account_id") == a->id;
	int pending = !strcmp(json_string_value(json_object_get(row, "status")), "pending");
	int64_t starts = GET("starts_at"), app = GET("application_id"), student = GET("student_id"),
	        enterprise = GET("enterprise_id");
#undef GET
	json_decref(row);
	if (!mine)
		return derr_set(e, DERR_NOT_FOUND, NULL, "面试邀请不存在");
	if (!pending)
		return derr_set(e, DERR_CONFLICT, NULL, "该邀请已回复或已取消");
	if (starts <= now_seconds())
		return derr_set(e, DERR_CONFLICT, NULL, "面试时间已过，不能再回复");
	if (!strcmp(to, "reschedule") && !note)
		return derr_set(e, DERR_RULE, "note", "申请改期请写明希望的时间");
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "invitation: begin");
	int rc = set_status(db, id, "pending", to, note, 1);
	if (rc > 0) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, NULL, "邀请状态已变化，请刷新");
	}
	if (rc < 0)
		return derr_store(e, db, "invitation: answer");
	/* Accepting an interview is agreeing to be contacted for it. */
	if (audit_write(db, a, action, "invitation", id, NULL, e) ||
	    (!strcmp(to, "accepted") &&
	     contact_consent_grant(db, a, app, student, enterprise, "interview", e)) ||
	    read_invite(db, id, out, e) || derr_commit(db, out, "invitation: answer", e))
		return -1;
	return 0;
}

int interview_invite_list(struct store *db, const struct actor *a, int64_t application_id,
                          json_t **out, struct derr *e)
{
	json_t *row = NULL, *consent = NULL;
	*out = NULL;
	if (load_application(db, a, application_id, 0, &row, e))
		return -1;
	json_decref(row);
	json_t *items =
	    store_rows(db, INVITE_SELECT " WHERE i.application_id = ? ORDER BY i.id DESC", "i",
	               application_id);
	if (!items)
		return derr_store(e, db, "invitations");
	if (contact_consent_read(db, application_id, &consent, e)) {
		json_decref(items);
		return -1;
	}
	*out = json_pack("{s:o, s:o}", "items", items, "consent", consent);
	return *out ? 0 : derr_internal(e, "invitations: out of memory");
}

int interview_invite_upcoming(struct store *db, const struct actor *a, json_t **out, struct derr *e)
{
	int64_t now = now_seconds();
	json_t *items;
	*out = NULL;
	/* Awaiting an answer: the student's pending ones still to come; HR's
	 * also the students' requests for another time.  Soon: accepted ones
	 * not over yet and starting within the horizon. */
#define SOON                                                                                       \
	" (i.status = 'pending' AND i.starts_at > ?) OR (i.status = 'accepted' AND"                \
	" i.starts_at + i.minutes * 60 > ? AND i.starts_at <= ?)"
	if (a->role == ROLE_STUDENT)
		items = store_rows(db,
		                   INVITE_SELECT " WHERE s.account_id = ? AND (" SOON
		                                 ") ORDER BY i.starts_at, i.id LIMIT 50",
		                   "iiii", a->id, now, now, now + INTERVIEW_INVITE_SOON);
	else if (a->role == ROLE_ENTERPRISE)
		items = store_rows(db,
		                   INVITE_SELECT " WHERE i.enterprise_id = ? AND (i.status ="
		                                 " 'reschedule' OR" SOON
		                                 ") ORDER BY i.starts_at, i.id LIMIT 50",
		                   "iiii", a->org_id, now, now, now + INTERVIEW_INVITE_SOON);
	else
		return derr_set(e, DERR_FORBIDDEN, NULL, "只有学生和企业有面试提醒");
#undef SOON
	if (!items)
		return derr_store(e, db, "invitations upcoming");
	*out = json_pack("{s:I, s:o}", "count", (json_int_t)json_array_size(items), "items", items);
	return *out ? 0 : derr_internal(e, "invitations: out of memory");
}

int interview_invite_close(struct store *db, const struct actor *a, int64_t application_id,
                           struct derr *e)
{
	int64_t now = now_seconds();
	if (store_run(db,
	              "UPDATE interview_invites SET status = 'cancelled', updated_at = ? WHERE"
	              " application_id = ? AND (status IN ('pending', 'reschedule') OR"
	              " (status = 'accepted' AND starts_at > ?))",
	              "iii", now, application_id, now) != STORE_OK)
		return derr_store(e, db, "invitations: close");
	return 0;
}
