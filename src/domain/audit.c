#include "domain/audit.h"

#include <stdio.h>

#include "base/util.h"
#include "domain/derr.h"

int audit_record(struct store *db, const struct actor *actor, const char *login, const char *action,
                 const char *object_type, int64_t object_id, const char *address,
                 const char *outcome, const char *detail)
{
	char oid[24] = "";
	int has_actor = actor && actor->id;

	if (object_id)
		snprintf(oid, sizeof(oid), "%lld", (long long)object_id);
	int rc = store_run(
	    db,
	    "INSERT INTO audit_log (at, account_id, login, role, org_id, action, object_type,"
	    " object_id, address, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    "iIttI"
	    "ttttt"
	    "t",
	    now_seconds(), has_actor ? actor->id : (int64_t)0, has_actor ? actor->login : login,
	    has_actor ? role_name(actor->role) : NULL, has_actor ? actor->org_id : (int64_t)0,
	    action, object_type, object_id ? oid : NULL, address, outcome, detail);
	if (rc != STORE_OK)
		log_error("audit: cannot record %s: %s", action, store_errmsg(db));
	return rc;
}

int audit_write(struct store *db, const struct actor *actor, const char *action,
                const char *object_type, int64_t object_id, const char *detail, struct derr *e)
{
	if (audit_record(db, actor, NULL, action, object_type, object_id,
	                 actor ? actor->address : NULL, "ok", detail) != STORE_OK)
		return derr_store(e, db, "audit");
	return 0;
}
