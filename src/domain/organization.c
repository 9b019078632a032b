/* Organisations: colleges and enterprises (the rules are in organization.h). */
#include "domain/organization.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "domain/dict.h"
#include "domain/position_text.h"

#define ORG_COLUMNS                                                                                \
	"SELECT id, kind, name, code, credit_code, status, reject_reason, contact_name,"           \
	" campus, city_code, college_type, industry_code, in_zone, size, is_demo, created_at"      \
	" FROM organizations"

int org_insert(struct store *db, const char *kind, const char *name, const char *code,
               const char *credit_code, const char *status, const char *contact_name, int is_demo,
               int64_t *id)
{
	int64_t now = now_seconds();
	int rc = store_int64(
	    db, id,
	    "INSERT INTO organizations (kind, name, code, credit_code, status, contact_name,"
	    " is_demo, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "ttttt"
	    "tii"
	    "i",
	    kind, name, code, credit_code, status, contact_name, (int64_t)is_demo, now, now);
	return rc == STORE_ROW ? STORE_OK : rc == STORE_UNIQUE ? STORE_UNIQUE : STORE_ERROR;
}

json_t *org_json(struct store *db, int64_t id)
{
	return store_row(db, ORG_COLUMNS " WHERE id = ?", "i", id);
}

/* Reads organisation id into *out inside a transaction about to commit:
 * 0, or -1 with e (rolled back). */
static int read_back(struct store *db, int64_t id, json_t **out, struct derr *e)
{
	*out = org_json(db, id);
	if (json_is_object(*out))
		return 0;
	json_decref(*out);
	*out = NULL;
	return derr_store(e, db, "organization read");
}

/* Commits the transaction whose answer is *out (dropped when it fails). */
static int commit_with(struct store *db, json_t **out, const char *what, struct derr *e)
{
	if (store_commit(db) == STORE_OK)
		return 0;
	json_decref(*out);
	*out = NULL;
	return derr_store(e, db, what);
}

/* The WHERE clause of a filter; *like is the caller's to free. */
static int filter_where(const struct org_filter *f, struct buf *w, struct store_args *args,
                        char **like, struct derr *e)
{
	*like = NULL;
	if (f->kind && strcmp(f->kind, "college") && strcmp(f->kind, "enterprise"))
		return derr_set(e, DERR_INVALID, "kind", "机构类型应为 college 或 enterprise");
	if (f->status && strcmp(f->status, "active") && strcmp(f->status, "pending") &&
	    strcmp(f->status, "rejected"))
		return derr_set(e, DERR_INVALID, "status", "状态应为 active、pending 或 rejected");
	buf_adds(w, " WHERE 1 = 1");
	if (f->kind) {
		buf_adds(w, " AND kind = ?");
		store_args_text(args, f->kind);
	}
	if (f->status) {
		buf_adds(w, " AND status = ?");
		store_args_text(args, f->status);
	}
	*like = f->q ? store_like_contains(f->q) : NULL;
	if (*like) {
		buf_adds(w, " AND (name LIKE ? ESCAPE '\\' OR credit_code LIKE ? ESCAPE '\\'"
		            " OR code LIKE ? ESCAPE '\\')");
		store_args_text(args, *like);
		store_args_text(args, *like);
		store_args_text(args, *like);
	}
	return buf_failed(w) ? derr_internal(e, "organizations: out of memory") : 0;
}

int org_list(struct store *db, const struct org_filter *f, int64_t page, int64_t size,
             json_t **items, int64_t *total, struct derr *e)
{
	struct buf w = BUF_INIT;
	struct store_args args = {0};
	char *like;
	*items = NULL;
	*total = 0;
	int rc = filter_where(f, &w, &args, &like, e) ||
	         listing_page_where(db, "organizations", ORG_COLUMNS, w.data, "id DESC", &args,
	                            page, size, items, total, "organizations list", e);
	free(like);
	buf_release(&w);
	return rc ? -1 : 0;
}

int org_export(struct store *db, const struct org_filter *f, listing_rows_fn write, void *arg,
               struct derr *e)
{
	struct buf w = BUF_INIT;
	struct store_args args = {0};
	char *like;
	int rc = filter_where(f, &w, &args, &like, e) ||
	         listing_export_where(
	             db,
	             "SELECT id, CASE kind WHEN 'college' THEN '院校' ELSE '企业' END, name, code,"
	             " credit_code, status, industry_code, in_zone, contact_name, created_at"
	             " FROM organizations",
	             w.data, "id", &args, write, arg, "organizations export", e);
	free(like);
	buf_release(&w);
	return rc ? -1 : 0;
}

int org_create(struct store *db, const struct actor *a, const struct org_new *n, json_t **out,
               struct derr *e)
{
	int64_t id;
	*out = NULL;
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "organization insert");
	int rc = org_insert(db, n->kind, n->name, n->code, n->credit_code, "active",
	                    n->contact_name, 0, &id);
	if (rc == STORE_UNIQUE) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, n->credit_code ? "credit_code" : "code",
		                "该机构已存在");
	}
	if (rc != STORE_OK)
		return derr_store(e, db, "organization insert");
	if (audit_write(db, a, "org.create", "organization", id, n->kind, e) ||
	    read_back(db, id, out, e))
		return -1;
	return commit_with(db, out, "organization insert", e);
}

int org_decide(struct store *db, const struct actor *a, int64_t id, int approve, const char *reason,
               json_t **out, struct derr *e)
{
	int64_t changed = 0;
	*out = NULL;
	json_t *org = org_json(db, id);
	if (!org)
		return derr_store(e, db, "organization decide");
	int found = json_is_object(org);
	int pending =
	    found && !strcmp(json_string_value(json_object_get(org, "status")), "pending");
	json_decref(org);
	if (!found)
		return derr_set(e, DERR_NOT_FOUND, NULL, "机构不存在");
	if (!pending)
		return derr_set(e, DERR_RULE, NULL, "只有待审核的机构可以审核");
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "organization decide");
	/* The status test in WHERE makes two operators deciding at once safe:
	 * only one UPDATE finds the row still pending. */
	int rc = store_int64(
	    db, &changed,
	    "UPDATE organizations SET status = ?, reject_reason = ?, updated_at = ?"
	    " WHERE id = ? AND status = 'pending' RETURNING id",
	    "ttii", approve ? "active" : "rejected", approve ? NULL : reason, now_seconds(), id);
	if (rc == STORE_DONE) {
		store_rollback(db);
		return derr_set(e, DERR_RULE, NULL, "只有待审核的机构可以审核");
	}
	if (rc != STORE_ROW)
		return derr_store(e, db, "organization decide");
	if (audit_write(db, a, approve ? "org.approve" : "org.reject", "organization", id,
	                approve ? NULL : reason, e) ||
	    read_back(db, id, out, e))
		return -1;
	return commit_with(db, out, "organization decide", e);
}

/* The rules of an edit that need no row of the organisation: who may
 * change what, the college type, the dictionary codes. */
static int check_edit(struct store *db, const struct actor *a, const struct org_edit *ed,
                      struct derr *e)
{
	if (a->role != ROLE_OPERATOR && (ed->name || ed->code || ed->in_zone >= 0))
		return derr_set(e, DERR_FORBIDDEN,
		                ed->name   ? "name"
		                : ed->code ? "code"
		                           : "in_zone",
		                "名称、代码和是否高新区企业由平台运营维护");
	const char *t = ed->college_type;
	if (t && strcmp(t, "中职") && strcmp(t, "高职专科") && strcmp(t, "职业本科") &&
	    strcmp(t, "本科"))
		return derr_set(e, DERR_INVALID, "college_type",
		                "院校类型应为 中职、高职专科、职业本科 或 本科");
	if (ed->city_code &&
	    dict_check(db, "cities", ed->city_code, "city_code", "未知的城市代码", 0, e))
		return -1;
	if (ed->industry_code && dict_check(db, "industries", ed->industry_code, "industry_code",
	                                    "未知的行业代码", 0, e))
		return -1;
	return 0;
}

/* The fields of one kind only: campus and type for colleges; industry,
 * zone and size for enterprises. */
static int check_kind(const struct org_edit *ed, int college, struct derr *e)
{
	if ((ed->college_type || ed->campus) && !college)
		return derr_set(e, DERR_INVALID, ed->college_type ? "college_type" : "campus",
		                "只有院校有此字段");
	if ((ed->industry_code || ed->in_zone >= 0 || ed->size) && college)
		return derr_set(e, DERR_INVALID,
		                ed->industry_code  ? "industry_code"
		                : ed->in_zone >= 0 ? "in_zone"
		                                   : "size",
		                "只有企业有此字段");
	return 0;
}

int org_update(struct store *db, const struct actor *a, int64_t id, const struct org_edit *ed,
               json_t **out, struct derr *e)
{
	*out = NULL;
	if (a->role != ROLE_OPERATOR && id != a->org_id)
		return derr_set(e, DERR_NOT_FOUND, NULL, "机构不存在");
	if (check_edit(db, a, ed, e))
		return -1;
	json_t *org = org_json(db, id);
	if (!org)
		return derr_store(e, db, "organization update");
	int found = json_is_object(org);
	int college = found && !strcmp(json_string_value(json_object_get(org, "kind")), "college");
	json_decref(org);
	if (!found)
		return derr_set(e, DERR_NOT_FOUND, NULL, "机构不存在");
	if (check_kind(ed, college, e))
		return -1;
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "organization update");
	int rc =
	    store_run(db,
	              "UPDATE organizations SET name = COALESCE(?, name), code = COALESCE(?, code),"
	              " campus = COALESCE(?, campus), city_code = COALESCE(?, city_code),"
	              " college_type = COALESCE(?, college_type),"
	              " industry_code = COALESCE(?, industry_code), size = COALESCE(?, size),"
	              " contact_name = COALESCE(?, contact_name),"
	              " in_zone = CASE WHEN ? = 1 THEN ? ELSE in_zone END, updated_at = ?"
	              " WHERE id = ?",
	              "tttt"
	              "tttt"
	              "ii"
	              "ii",
	              ed->name, ed->code, ed->campus, ed->city_code, ed->college_type,
	              ed->industry_code, ed->size, ed->contact_name, (int64_t)(ed->in_zone >= 0),
	              (int64_t)(ed->in_zone == 1), now_seconds(), id);
	if (rc == STORE_UNIQUE) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, "code", "该代码已被使用");
	}
	/* A renamed enterprise is found by its new name (position_text.h). */
	if (rc == STORE_OK && ed->name && !college &&
	    position_text_refresh(db, POSITION_TEXT_ENTERPRISE, id) < 0)
		rc = STORE_ERROR;
	if (rc != STORE_OK)
		return derr_store(e, db, "organization update");
	if (audit_write(db, a, "org.update", "organization", id, NULL, e) ||
	    read_back(db, id, out, e))
		return -1;
	return commit_with(db, out, "organization update", e);
}

int org_mine(struct store *db, const struct actor *a, json_t **out, struct derr *e)
{
	*out = a->org_id ? org_json(db, a->org_id) : json_null();
	if (!*out)
		return derr_store(e, db, "organization");
	if (json_is_object(*out))
		return 0;
	json_decref(*out);
	*out = NULL;
	return derr_set(e, DERR_NOT_FOUND, NULL, "账号不属于任何机构");
}

int org_public_colleges(struct store *db, json_t **items, struct derr *e)
{
	*items = store_rows(db,
	                    "SELECT id, name, code FROM organizations"
	                    " WHERE kind = 'college' AND status = 'active' ORDER BY name",
	                    "");
	return *items ? 0 : derr_store(e, db, "colleges");
}

int org_register_enterprise(struct store *db, const struct actor *anon,
                            const struct enterprise_registration *r, json_t **account,
                            struct derr *e)
{
	int64_t org_id, id;
	*account = NULL;
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "registration");
	int rc = org_insert(db, "enterprise", r->name, NULL, r->credit_code, "pending",
	                    r->contact_name, 0, &org_id);
	if (rc == STORE_UNIQUE) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, "credit_code", "该统一社会信用代码已注册");
	}
	if (rc != STORE_OK)
		return derr_store(e, db, "enterprise insert");
	rc = account_insert(db, r->login, r->password_hash, "enterprise", r->contact_name, org_id,
	                    NULL, 0, &id);
	if (rc == STORE_UNIQUE) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, "login", "该账号已被使用");
	}
	if (rc != STORE_OK)
		return derr_store(e, db, "registration");
	/* The event is the new account's own act, from where it registered. */
	struct actor who = {
	    .id = id, .role = ROLE_ENTERPRISE, .org_id = org_id, .address = anon->address};
	snprintf(who.login, sizeof(who.login), "%s", r->login);
	if (audit_write(db, &who, "register.enterprise", "account", id, NULL, e))
		return -1;
	*account = account_json(db, id);
	if (!json_is_object(*account)) {
		json_decref(*account);
		*account = NULL;
		return derr_store(e, db, "registration read");
	}
	return commit_with(db, account, "registration", e);
}
