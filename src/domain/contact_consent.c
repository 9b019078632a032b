/*
 * Contact consent (contact_consent.h): granted by accepting an invitation
 * or an offer, withdrawn with the application, and the audited full view
 * of the phone it allows.
 */
#include "domain/contact_consent.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "domain/audit.h"
#include "domain/pii.h"

int contact_consent_active(struct store *db, int64_t application_id, bool *active, struct derr *e)
{
	int64_t n = 0;
	*active = false;
	if (store_int64(db, &n,
	                "SELECT COUNT(*) FROM contact_consents WHERE application_id = ? AND"
	                " withdrawn_at IS NULL",
	                "i", application_id) != STORE_ROW)
		return derr_store(e, db, "contact consent");
	*active = n > 0;
	return 0;
}

int contact_consent_grant(struct store *db, const struct actor *a, int64_t application_id,
                          int64_t student, int64_t enterprise, const char *source, struct derr *e)
{
	int64_t id = 0;
	/* One live consent per application (a unique partial index): accepting an
	 * invitation and an offer at the same moment gives one row, not a 500. */
	int rc =
	    store_int64(db, &id,
	                "INSERT INTO contact_consents (application_id, student_id, enterprise_id,"
	                " source, granted_at) VALUES (?, ?, ?, ?, ?)"
	                " ON CONFLICT (application_id) WHERE withdrawn_at IS NULL DO NOTHING"
	                " RETURNING id",
	                "iiiti", application_id, student, enterprise, source, now_seconds());
	if (rc == STORE_DONE) /* consented already */
		return 0;
	if (rc != STORE_ROW)
		return derr_store(e, db, "contact consent: grant");
	return audit_write(db, a, "contact.grant", "application", application_id, source, e);
}

/* Ends application_id's live consent, audited with detail: 1 when there was
 * one, 0 when not, -1 with e. */
static int end_consent(struct store *db, const struct actor *a, int64_t application_id,
                       const char *detail, struct derr *e)
{
	int64_t id = 0;
	int rc = store_int64(db, &id,
	                     "UPDATE contact_consents SET withdrawn_at = ? WHERE application_id = ?"
	                     " AND withdrawn_at IS NULL RETURNING id",
	                     "ii", now_seconds(), application_id);
	if (rc == STORE_DONE)
		return 0;
	if (rc != STORE_ROW)
		return derr_store(e, db, "contact consent: withdraw");
	return audit_write(db, a, "contact.withdraw", "application", application_id, detail, e) ? -1
	                                                                                        : 1;
}

int contact_consent_withdraw(struct store *db, const struct actor *a, int64_t application_id,
                             struct derr *e)
{
	return end_consent(db, a, application_id, NULL, e) < 0 ? -1 : 0;
}

int contact_consent_revoke(struct store *db, const struct actor *a, int64_t application_id,
                           struct derr *e)
{
	json_t *row = store_row(db,
	                        "SELECT s.account_id FROM applications ap JOIN students s ON"
	                        " s.id = ap.student_id WHERE ap.id = ?",
	                        "i", application_id);
	if (!row)
		return derr_store(e, db, "contact consent: revoke");
	int mine = json_is_object(row) && a->role == ROLE_STUDENT &&
	           json_integer_value(json_object_get(row, "account_id")) == a->id;
	json_decref(row);
	if (!mine)
		return derr_set(e, DERR_NOT_FOUND, NULL, "投递记录不存在");
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "contact consent: revoke");
	int rc = end_consent(db, a, application_id, "student", e);
	if (rc < 0)
		return -1;
	if (!rc) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, NULL, "这条投递没有可撤回的联系同意");
	}
	return store_commit(db) == STORE_OK ? 0
	                                    : derr_store(e, db, "contact consent: revoke commit");
}

int contact_consent_read(struct store *db, int64_t application_id, json_t **out, struct derr *e)
{
	*out = store_row(db,
	                 "SELECT source, granted_at FROM contact_consents WHERE application_id = ?"
	                 " AND withdrawn_at IS NULL",
	                 "i", application_id);
	return *out ? 0 : derr_store(e, db, "contact consent: read");
}

int contact_consent_phone(struct store *db, const struct actor *a, int64_t application_id,
                          json_t **out, struct derr *e)
{
	*out = NULL;
	json_t *row = store_row(db,
	                        "SELECT ap.student_id, ap.enterprise_id, s.phone_enc, c.source,"
	                        " c.granted_at FROM applications ap JOIN students s ON"
	                        " s.id = ap.student_id LEFT JOIN contact_consents c ON"
	                        " c.application_id = ap.id AND c.withdrawn_at IS NULL"
	                        " AND ap.status NOT IN ('withdrawn', 'rejected')"
	                        " WHERE ap.id = ?",
	                        "i", application_id);
	if (!row)
		return derr_store(e, db, "contact: read");
	int64_t enterprise = json_integer_value(json_object_get(row, "enterprise_id"));
	if (!json_is_object(row) || a->role != ROLE_ENTERPRISE || enterprise != a->org_id) {
		json_decref(row);
		return derr_set(e, DERR_NOT_FOUND, NULL, "投递记录不存在");
	}
	if (!json_is_string(json_object_get(row, "source"))) {
		json_decref(row);
		return derr_set(e, DERR_FORBIDDEN, NULL,
		                "学生接受面试邀请或录用后，才能查看其联系方式");
	}
	char *phone = pii_open(json_string_value(json_object_get(row, "phone_enc")));
	int64_t student = json_integer_value(json_object_get(row, "student_id"));
	/* On record before it is shown, like every other full view. */
	int rc = audit_write(db, a, "contact.view", "student", student, "phone", e);
	if (!rc)
		*out = json_pack("{s:s?, s:O, s:O}", "phone", phone, "source",
		                 json_object_get(row, "source"), "granted_at",
		                 json_object_get(row, "granted_at"));
	if (phone) {
		sodium_memzero(phone, strlen(phone));
		free(phone);
	}
	json_decref(row);
	return rc;
}
