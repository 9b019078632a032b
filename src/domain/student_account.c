/* A student's rights over their data (PIPL): the data export and closing
 * the account (student.h). */
#include <stdio.h>
#include <stdlib.h>

#include "base/util.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "domain/pii.h"
#include "domain/recommend.h"
#include "domain/session.h"
#include "domain/student.h"

/* What the data export reads about student id (every query binds it once):
 * the key in the export and the rows. */
static const struct {
	const char *key, *sql;
} export_lists[] = {
    {"applications",
     "SELECT ap.id, ap.position_id, p.title AS position_title, o.name AS enterprise_name,"
     " ap.status, ap.created_at, ap.updated_at FROM applications ap JOIN positions p ON"
     " p.id = ap.position_id JOIN organizations o ON o.id = ap.enterprise_id WHERE"
     " ap.student_id = ? ORDER BY ap.id"},
    {"application_events",
     "SELECT e.application_id, e.from_status, e.to_status, e.at FROM application_events e"
     " JOIN applications ap ON ap.id = e.application_id WHERE ap.student_id = ? ORDER BY e.id"},
    {"consents", "SELECT kind, enterprise_id, text_version, granted_at, withdrawn_at FROM"
                 " consents WHERE student_id = ? ORDER BY id"},
    {"contact_consents", "SELECT application_id, enterprise_id, source, granted_at, withdrawn_at"
                         " FROM contact_consents WHERE student_id = ? ORDER BY id"},
    {"interview_invitations",
     "SELECT id, application_id, starts_at, minutes, format, place, link, contact_name,"
     " contact_phone, note, status, answer_note, answered_at, created_at FROM"
     " interview_invites WHERE student_id = ? ORDER BY id"},
    {"messages", "SELECT m.id, m.application_id, m.side, m.body, m.created_at, m.read_at FROM"
                 " application_messages m JOIN applications ap ON ap.id = m.application_id"
                 " WHERE ap.student_id = ? ORDER BY m.id"},
};
#define NLISTS (sizeof(export_lists) / sizeof(export_lists[0]))

/* The parts of the data export read from the database (new references). */
struct export_parts {
	json_t *student, *contact, *account, *lists[NLISTS];
};

static void parts_release(struct export_parts *p)
{
	json_decref(p->student);
	json_decref(p->contact);
	json_decref(p->account);
	for (size_t i = 0; i < NLISTS; i++)
		json_decref(p->lists[i]);
}

static int read_parts(struct store *db, const struct actor *a, int64_t id, struct export_parts *p,
                      struct derr *e)
{
	if (student_read(db, a, id, 1, &p->student, e))
		return -1;
	p->contact =
	    store_row(db, "SELECT phone_enc, id_number_enc FROM students WHERE id = ?", "i", id);
	int ok = p->contact != NULL;
	for (size_t i = 0; ok && i < NLISTS; i++)
		ok = (p->lists[i] = store_rows(db, export_lists[i].sql, "i", id)) != NULL;
	p->account = ok ? account_json(db, a->id) : NULL;
	if (!p->account)
		return derr_store(e, db, "student data export");
	if (!json_is_object(p->student) || !json_is_object(p->contact) ||
	    !json_is_object(p->account))
		return derr_set(e, DERR_NOT_FOUND, NULL, STUDENT_NO_RECORD);
	return 0;
}

int student_data_export(struct store *db, const struct actor *a, json_t **out, struct derr *e)
{
	struct export_parts p = {0};
	int64_t id;
	*out = NULL;
	if (student_own(db, a, &id, e) || read_parts(db, a, id, &p, e) ||
	    audit_write(db, a, "student.data_export", "student", id, NULL, e)) {
		parts_release(&p);
		return -1;
	}
	char *phone = pii_open(json_string_value(json_object_get(p.contact, "phone_enc")));
	char *idn = pii_open(json_string_value(json_object_get(p.contact, "id_number_enc")));
	json_object_set_new(p.student, "phone", phone ? json_string(phone) : json_null());
	json_object_set_new(p.student, "id_number", idn ? json_string(idn) : json_null());
	free(phone);
	free(idn);
	*out = json_pack("{s:s, s:I, s:O, s:O}", "format", "skyway-student-export-1", "exported_at",
	                 (json_int_t)now_seconds(), "account", p.account, "student", p.student);
	for (size_t i = 0; *out && i < NLISTS; i++)
		json_object_set(*out, export_lists[i].key, p.lists[i]);
	parts_release(&p);
	return 0;
}

int student_close(struct store *db, const struct actor *a, const char *password, struct derr *e)
{
	int64_t id = 0, now = now_seconds();
	int ok = account_password_ok(db, a->id, password, e);
	if (ok < 0)
		return -1;
	if (!ok)
		return derr_code(e, DERR_FORBIDDEN, "bad_credentials", "password", "密码不正确");
	if (student_own_id(db, a, &id, e))
		return -1;
	char gone[40];
	snprintf(gone, sizeof(gone), "closed-%lld", (long long)a->id);
	if (store_begin(db) != STORE_OK ||
	    (id &&
	     store_run(
	         db,
	         "UPDATE students SET name = '已注销', student_no = ?, gender = NULL,"
	         " skills = '[]', tags = '[]', certificates = '[]', cities = '[]',"
	         " resume = NULL, phone_enc = NULL, phone_masked = NULL, id_number_enc = NULL,"
	         " id_number_masked = NULL, discoverable = 0, account_id = NULL,"
	         " closed_at = ?, updated_at = ? WHERE id = ?",
	         "tiii", gone, now, now, id)) ||
	    (id && store_run(db, "DELETE FROM student_skills WHERE student_id = ?", "i", id)) ||
	    (id && store_run(db,
	                     "UPDATE consents SET withdrawn_at = ? WHERE student_id = ? AND"
	                     " withdrawn_at IS NULL",
	                     "ii", now, id)) ||
	    /* Gone for the enterprises too: no phone to reveal, no interview to
	     * wait for, and what the student wrote to them erased (the thread
	     * keeps the enterprise's side and says so). */
	    (id && store_run(db,
	                     "UPDATE contact_consents SET withdrawn_at = ? WHERE student_id = ?"
	                     " AND withdrawn_at IS NULL",
	                     "ii", now, id)) ||
	    (id && store_run(db,
	                     "UPDATE interview_invites SET status = 'cancelled', updated_at = ?"
	                     " WHERE student_id = ? AND status IN ('pending', 'reschedule',"
	                     " 'accepted') AND starts_at > ?",
	                     "iii", now, id, now)) ||
	    store_run(db,
	              "UPDATE application_messages SET body = '（学生已注销账号，消息已删除）'"
	              " WHERE sender_id = ?",
	              "i", a->id) ||
	    store_run(
	        db,
	        "UPDATE accounts SET login = ?, display_name = '已注销用户', student_no = NULL,"
	        " password_hash = NULL, status = 'disabled' WHERE id = ?",
	        "ti", gone, a->id) ||
	    session_delete_account(db, a->id))
		return derr_store(e, db, "account close");
	if (audit_write(db, a, "student.close", "student", id, NULL, e))
		return -1;
	if (store_commit(db) != STORE_OK)
		return derr_store(e, db, "account close commit");
	/* A closed student leaves the engine's snapshot (it has no "remove"):
	 * rebuilt on next use, as the snapshot keeps no row it cannot reread. */
	if (id)
		recommend_invalidate();
	return 0;
}
