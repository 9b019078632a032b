#include "domain/student_profile.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/audit.h"
#include "domain/dict.h"
#include "domain/dict_majors.h"
#include "domain/pii.h"
#include "domain/recommend.h"
#include "domain/student.h"

/* The stored values a change is compared with. */
#define CURRENT                                                                                    \
	"SELECT gender, major_code, grad_year, degree, salary_min, salary_max, resume,"            \
	" discoverable, personalised, skills, tags, certificates, cities, phone_enc,"              \
	" id_number_enc FROM students WHERE id = ? AND closed_at IS NULL"

/* What an UPDATE collects: its SET list, its values, and the strings it
 * owns until the statement ran. */
struct update {
	struct buf set;
	struct store_args args;
	char *owned[8];
	int nowned;
	int fields;
};

static void set_text(struct update *u, const char *col, const char *v)
{
	buf_addf(&u->set, ", %s = ?", col);
	store_args_text(&u->args, v);
	u->fields++;
}

static void set_int(struct update *u, const char *col, int64_t v)
{
	buf_addf(&u->set, ", %s = ?", col);
	store_args_int(&u->args, v);
	u->fields++;
}

/* Keeps s (malloc'd) until the update is released; returns it. */
static const char *own(struct update *u, char *s)
{
	if (s && u->nowned < (int)(sizeof(u->owned) / sizeof(u->owned[0])))
		u->owned[u->nowned++] = s;
	return s;
}

static int text_differs(json_t *cur, const char *col, const char *v)
{
	const char *old = json_string_value(json_object_get(cur, col));
	return v && (!old || strcmp(old, v));
}

static int int_differs(json_t *cur, const char *col, int has, int64_t v)
{
	json_t *old = json_object_get(cur, col);
	return has && (!json_is_integer(old) || json_integer_value(old) != v);
}

/* A list column holds a JSON array as text; compared as JSON. */
static int list_differs(json_t *cur, const char *col, json_t *v)
{
	if (!v)
		return 0;
	const char *t = json_string_value(json_object_get(cur, col));
	json_t *old = t ? json_loads(t, 0, NULL) : NULL;
	int same = old && json_equal(old, v);
	json_decref(old);
	return !same;
}

/* A sealed value differs when its plain text does (nonces always do). */
static int sealed_differs(json_t *cur, const char *col, const char *v)
{
	if (!v)
		return 0;
	char *old = pii_open(json_string_value(json_object_get(cur, col)));
	int same = old && !strcmp(old, v);
	free(old);
	return !same;
}

/* Builds the SET list of what differs from cur. */
static void collect(struct update *u, json_t *cur, const struct student_profile_change *ch,
                    char *id_upper)
{
	if (text_differs(cur, "gender", ch->gender))
		set_text(u, "gender", ch->gender);
	if (text_differs(cur, "major_code", ch->major_code))
		set_text(u, "major_code", ch->major_code);
	if (int_differs(cur, "grad_year", ch->has_grad_year, ch->grad_year))
		set_int(u, "grad_year", ch->grad_year);
	if (int_differs(cur, "degree", ch->has_degree, ch->degree))
		set_int(u, "degree", ch->degree);
	if (int_differs(cur, "salary_min", ch->has_salary_min, ch->salary_min))
		set_int(u, "salary_min", ch->salary_min);
	if (int_differs(cur, "salary_max", ch->has_salary_max, ch->salary_max))
		set_int(u, "salary_max", ch->salary_max);
	if (text_differs(cur, "resume", ch->resume))
		set_text(u, "resume", ch->resume);
	if (int_differs(cur, "personalised", ch->personalised >= 0, ch->personalised))
		set_int(u, "personalised", ch->personalised);
	if (int_differs(cur, "discoverable", ch->discoverable >= 0, ch->discoverable))
		set_int(u, "discoverable", ch->discoverable);
	json_t *lists[] = {ch->skills, ch->tags, ch->certificates, ch->cities};
	const char *cols[] = {"skills", "tags", "certificates", "cities"};
	for (int k = 0; k < 4; k++)
		if (list_differs(cur, cols[k], lists[k]))
			set_text(u, cols[k], own(u, json_dumps(lists[k], JSON_COMPACT)));
	char masked[32];
	if (sealed_differs(cur, "phone_enc", ch->phone)) {
		pii_mask_phone(ch->phone, masked, sizeof(masked));
		set_text(u, "phone_enc", own(u, pii_seal(ch->phone)));
		set_text(u, "phone_masked", own(u, strdup(masked)));
	}
	if (sealed_differs(cur, "id_number_enc", id_upper)) {
		pii_mask_id(id_upper, masked, sizeof(masked));
		set_text(u, "id_number_enc", own(u, pii_seal(id_upper)));
		set_text(u, "id_number_masked", own(u, strdup(masked)));
	}
}

/* The skills index and the discoverable consent follow the profile. */
static int write_related(struct store *db, int64_t id, const struct student_profile_change *ch,
                         int skills_changed, int discoverable_changed)
{
	int64_t now = now_seconds();
	size_t i;
	json_t *v;
	if (skills_changed) {
		if (store_run(db, "DELETE FROM student_skills WHERE student_id = ?", "i", id))
			return -1;
		json_array_foreach(ch->skills, i, v)
		{
			if (store_run(
			        db,
			        "INSERT INTO student_skills (student_id, skill_id) VALUES (?, ?)",
			        "it", id, json_string_value(v)))
				return -1;
		}
	}
	if (discoverable_changed && ch->discoverable == 1 &&
	    store_run(db,
	              "INSERT INTO consents (student_id, kind, text_version, granted_at)"
	              " SELECT ?, 'discoverable', ?, ? WHERE NOT EXISTS (SELECT 1 FROM consents"
	              " WHERE student_id = ? AND kind = 'discoverable' AND withdrawn_at IS NULL)",
	              "itii", id, STUDENT_CONSENT_VERSION, now, id))
		return -1;
	if (discoverable_changed && ch->discoverable == 0 &&
	    store_run(db,
	              "UPDATE consents SET withdrawn_at = ? WHERE student_id = ? AND"
	              " kind = 'discoverable' AND withdrawn_at IS NULL",
	              "ii", now, id))
		return -1;
	return 0;
}

/* The dictionaries a change names: 400 naming the field when a code is
 * not in them.  A new major must be one of the catalogue level the
 * student's college takes (dict_majors.h); the major already stored may be
 * sent back as it is, even a retired one. */
static int check_codes(struct store *db, int64_t id, const struct student_profile_change *ch,
                       struct derr *e)
{
	if (ch->major_code) {
		json_t *s = store_row(
		    db, "SELECT college_id, major_code FROM students WHERE id = ?", "i", id);
		if (!s)
			return derr_store(e, db, "student major");
		const char *had = json_string_value(json_object_get(s, "major_code"));
		int rc = json_is_object(s) && !(had && !strcmp(had, ch->major_code))
		             ? dict_major_for_college(
		                   db, json_integer_value(json_object_get(s, "college_id")),
		                   ch->major_code, "major_code", e)
		             : 0;
		json_decref(s);
		if (rc)
			return -1;
	}
	size_t i;
	json_t *v;
	json_array_foreach(ch->skills, i, v)
	{
		if (dict_check(db, "skills", json_string_value(v), "skills", "未知的技能：", 1, e))
			return -1;
	}
	json_array_foreach(ch->cities, i, v)
	{
		if (dict_check(db, "cities", json_string_value(v), "cities", "未知的城市：", 1, e))
			return -1;
	}
	return 0;
}

/* Writes what differs (u, built from cur) with the related rows, the
 * audit row and the change for the engine, reads the saved record into
 * *out, and commits.  0, or -1 with e (nothing written). */
static int write_change(struct store *db, const struct actor *a, int64_t id, json_t *cur,
                        struct update *u, const struct student_profile_change *ch, json_t **out,
                        struct derr *e)
{
	struct recommend_change *rc = NULL;
	int skills_changed = list_differs(cur, "skills", ch->skills);
	int discoverable_changed =
	    int_differs(cur, "discoverable", ch->discoverable >= 0, ch->discoverable);
	buf_adds(&u->set, " WHERE id = ?");
	store_args_int(&u->args, id);
	if (buf_failed(&u->set))
		return derr_internal(e, "student update: out of memory");
	int ok = store_begin(db) == STORE_OK;
	struct store_stmt *st = ok ? store_query_args(db, u->set.data, &u->args) : NULL;
	ok = st && store_step(st) == STORE_DONE;
	store_finalize(st);
	if (!ok || write_related(db, id, ch, skills_changed, discoverable_changed))
		return derr_store(e, db, "student update");
	if (audit_write(db, a, "student.update", "student", id, NULL, e) ||
	    student_read(db, a, id, 1, out, e))
		return -1;
	if (recommend_student_read(db, id, &rc) || store_commit(db) != STORE_OK) {
		recommend_discard(rc);
		json_decref(*out);
		*out = NULL;
		return derr_store(e, db, "student update commit");
	}
	recommend_apply(rc); /* the snapshot follows what was committed */
	return 0;
}

int student_profile_save(struct store *db, const struct actor *a,
                         const struct student_profile_change *ch, json_t **out, struct derr *e)
{
	struct update u = {.set = BUF_INIT};
	char *id_upper = NULL;
	json_t *cur = NULL;
	int64_t id;
	int rc = -1;
	*out = NULL;
	if (student_own(db, a, &id, e))
		return -1;
	if ((ch->phone || ch->id_number) && !pii_ready())
		return derr_set(e, DERR_RULE, ch->phone ? "phone" : "id_number",
		                "服务器未配置个人信息加密密钥");
	if (check_codes(db, id, ch, e))
		return -1;
	id_upper = ch->id_number ? strdup(ch->id_number) : NULL;
	if (id_upper && strlen(id_upper) == 18 && id_upper[17] == 'x')
		id_upper[17] = 'X';
	cur = store_row(db, CURRENT, "i", id);
	if (!cur) {
		derr_store(e, db, "student profile");
		goto out;
	}
	if (!json_is_object(cur)) {
		derr_set(e, DERR_NOT_FOUND, NULL, STUDENT_NO_RECORD);
		goto out;
	}
	buf_adds(&u.set, "UPDATE students SET updated_at = ?");
	store_args_int(&u.args, now_seconds());
	collect(&u, cur, ch, id_upper);
	/* A save that changes nothing writes nothing: no row, no event. */
	rc = u.fields ? write_change(db, a, id, cur, &u, ch, out, e)
	              : student_read(db, a, id, 1, out, e);
out:
	json_decref(cur);
	for (int k = 0; k < u.nowned; k++)
		free(u.owned[k]);
	buf_release(&u.set);
	free(id_upper);
	return rc;
}
