/* The enterprise's side of internships: its staff and its posts; see
 * internship.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "domain/audit.h"
#include "domain/intern_rules.h"
#include "domain/internship.h"

#define POST_SELECT                                                                                \
	"SELECT p.id, p.enterprise_id, o.name AS enterprise, p.position_id, p.title, p.city_code," \
	" c.name AS city, p.staff, p.probation_wage, p.majors, p.hazardous, p.night_shift,"        \
	" p.overtime, p.description, p.status, p.created_at, p.updated_at, (SELECT COUNT(*) FROM"  \
	" internships i WHERE i.post_id = p.id AND i.status = 'active') AS interns_active FROM"    \
	" intern_posts p JOIN organizations o ON o.id = p.enterprise_id LEFT JOIN dict_cities c "  \
	"ON"                                                                                       \
	" c.code = p.city_code"

static const char *const list_keys[] = {"majors", NULL};

/* The city's minimum wage beside each post, from data/min_wages.tsv. */
static void shape_one(json_t *row)
{
	int64_t yuan = 0;
	coop_decode(row, list_keys);
	json_object_set_new(row, "min_wage",
	                    intern_min_wage(coop_str(row, "city_code"), &yuan, NULL)
	                        ? json_null()
	                        : json_integer(yuan));
}

static int enterprise_hr(struct store *db, const struct actor *a, struct derr *e)
{
	if (a->role != ROLE_ENTERPRISE)
		return derr_set(e, DERR_FORBIDDEN, NULL, "只有企业HR可以办理");
	return coop_actor_org_active(db, a, e);
}

int intern_staff_set(struct store *db, const struct actor *a, int64_t staff, json_t **out,
                     struct derr *e)
{
	int64_t now = now_seconds();
	*out = NULL;
	if (enterprise_hr(db, a, e))
		return -1;
	if (store_begin(db) != STORE_OK ||
	    store_run(db,
	              "INSERT INTO intern_employers (enterprise_id, staff_total, updated_by,"
	              " updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (enterprise_id) DO UPDATE SET"
	              " staff_total = excluded.staff_total, updated_by = excluded.updated_by,"
	              " updated_at = excluded.updated_at",
	              "iiii", a->org_id, staff, a->id, now) != STORE_OK)
		return derr_store(e, db, "intern staff");
	char detail[32];
	snprintf(detail, sizeof(detail), "%lld", (long long)staff);
	if (audit_write(db, a, "internship.staff", "organization", a->org_id, detail, e))
		return -1;
	*out = json_pack("{s:I, s:I}", "staff_total", (json_int_t)staff, "updated_at",
	                 (json_int_t)now);
	return derr_commit(db, out, "intern staff", e);
}

/* What the api could not check: the codes and the position named. */
static int post_check(struct store *db, const struct actor *a, const struct intern_post_input *in,
                      struct derr *e)
{
	int64_t n = 0;
	size_t i;
	json_t *v;
	if (!json_array_size(in->majors))
		return derr_set(e, DERR_INVALID, "majors",
		                "请注明岗位对口的专业（专业、专业类或专业大类）");
	json_array_foreach(in->majors, i, v)
	{
		if (store_int64(
		        db, &n,
		        "SELECT COUNT(*) FROM dict_majors WHERE code = ? AND origin <> 'retired'",
		        "t", json_string_value(v)) != STORE_ROW)
			return derr_store(e, db, "post majors");
		if (!n)
			return derr_codef(e, DERR_INVALID, NULL, "majors", "未知的专业代码：%s",
			                  json_string_value(v));
	}
	if (store_int64(db, &n, "SELECT COUNT(*) FROM dict_cities WHERE code = ?", "t",
	                in->city_code) != STORE_ROW)
		return derr_store(e, db, "post city");
	if (!n)
		return derr_set(e, DERR_INVALID, "city_code", "未知的城市代码");
	if (in->position_id) {
		if (store_int64(db, &n,
		                "SELECT COUNT(*) FROM positions WHERE id = ? AND enterprise_id = ?",
		                "ii", in->position_id, a->org_id) != STORE_ROW)
			return derr_store(e, db, "post position");
		if (!n)
			return derr_set(e, DERR_INVALID, "position_id", "须为本企业的岗位");
	}
	return 0;
}

static int post_finish(struct store *db, const struct actor *a, int64_t id, const char *action,
                       json_t **out, struct derr *e)
{
	if (audit_write(db, a, action, "intern_post", id, NULL, e) ||
	    derr_found(db, store_row(db, POST_SELECT " WHERE p.id = ?", "i", id), out, "post",
	               DERR_NOT_FOUND, NULL, "实习岗位不存在", e))
		return -1;
	shape_one(*out);
	return derr_commit(db, out, action, e);
}

int intern_post_create(struct store *db, const struct actor *a, const struct intern_post_input *in,
                       json_t **out, struct derr *e)
{
	int64_t id = 0, now = now_seconds();
	*out = NULL;
	if (enterprise_hr(db, a, e) || post_check(db, a, in, e))
		return -1;
	char *majors = coop_encode(in->majors);
	int rc = !majors ? STORE_ERROR
	         : store_begin(db) != STORE_OK
	             ? STORE_ERROR
	             : store_int64(db, &id,
	                           "INSERT INTO intern_posts (enterprise_id, position_id, title,"
	                           " city_code, staff, probation_wage, majors, hazardous,"
	                           " night_shift, overtime, description, created_by, created_at,"
	                           " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	                           " RETURNING id",
	                           "iIttiit"
	                           "iiitiii",
	                           a->org_id, in->position_id, in->title, in->city_code, in->staff,
	                           in->probation_wage, majors, (int64_t)in->hazardous,
	                           (int64_t)in->night_shift, (int64_t)in->overtime,
	                           in->description ? in->description : "", a->id, now, now);
	free(majors);
	if (rc != STORE_ROW)
		return derr_store(e, db, "post create");
	return post_finish(db, a, id, "internship.post_create", out, e);
}

/* Post id of the caller's enterprise (404 for any other). */
static int own_post(struct store *db, const struct actor *a, int64_t id, char status[8],
                    struct derr *e)
{
	json_t *row;
	if (enterprise_hr(db, a, e) ||
	    derr_found(
	        db,
	        store_row(db, "SELECT status FROM intern_posts WHERE id = ? AND enterprise_id = ?",
	                  "ii", id, a->org_id),
	        &row, "post", DERR_NOT_FOUND, NULL, "实习岗位不存在", e))
		return -1;
	snprintf(status, 8, "%s", coop_str(row, "status"));
	json_decref(row);
	return 0;
}

int intern_post_update(struct store *db, const struct actor *a, int64_t id,
                       const struct intern_post_input *in, json_t **out, struct derr *e)
{
	char status[8];
	*out = NULL;
	if (own_post(db, a, id, status, e) || post_check(db, a, in, e))
		return -1;
	char *majors = coop_encode(in->majors);
	int rc =
	    !majors ? STORE_ERROR
	    : store_begin(db) != STORE_OK
	        ? STORE_ERROR
	        : store_run(db,
	                    "UPDATE intern_posts SET position_id = ?, title = ?, city_code = ?,"
	                    " staff = ?, probation_wage = ?, majors = ?, hazardous = ?,"
	                    " night_shift = ?, overtime = ?, description = ?, updated_at = ?"
	                    " WHERE id = ?",
	                    "Ittiit"
	                    "iiitii",
	                    in->position_id, in->title, in->city_code, in->staff,
	                    in->probation_wage, majors, (int64_t)in->hazardous,
	                    (int64_t)in->night_shift, (int64_t)in->overtime,
	                    in->description ? in->description : "", now_seconds(), id);
	free(majors);
	if (rc != STORE_OK)
		return derr_store(e, db, "post update");
	return post_finish(db, a, id, "internship.post_update", out, e);
}

int intern_post_set_open(struct store *db, const struct actor *a, int64_t id, int open,
                         json_t **out, struct derr *e)
{
	char status[8];
	*out = NULL;
	if (own_post(db, a, id, status, e))
		return -1;
	if (!strcmp(status, open ? "open" : "closed"))
		return derr_set(e, DERR_CONFLICT, "status", open ? "岗位已开放" : "岗位已关闭");
	if (store_begin(db) != STORE_OK ||
	    store_run(db, "UPDATE intern_posts SET status = ?, updated_at = ? WHERE id = ?", "tii",
	              open ? "open" : "closed", now_seconds(), id) != STORE_OK)
		return derr_store(e, db, "post status");
	return post_finish(db, a, id, open ? "internship.post_reopen" : "internship.post_close",
	                   out, e);
}

int intern_posts(struct store *db, const struct actor *a, int64_t enterprise_id, json_t **out,
                 struct derr *e)
{
	int hr = a->role == ROLE_ENTERPRISE;
	if (!hr && a->role != ROLE_COLLEGE && a->role != ROLE_OPERATOR)
		return derr_set(e, DERR_FORBIDDEN, NULL, "无权查看实习岗位");
	if (hr)
		enterprise_id = a->org_id;
	json_t *items = store_rows(db,
	                           POST_SELECT " WHERE (? = 0 OR p.enterprise_id = ?) AND (? = 1 OR"
	                                       " p.status = 'open') ORDER BY p.enterprise_id, p.id"
	                                       " LIMIT 2000",
	                           "iii", enterprise_id, enterprise_id, (int64_t)hr);
	json_t *staff =
	    store_row(db, "SELECT staff_total FROM intern_employers WHERE enterprise_id = ?", "i",
	              enterprise_id);
	if (!items || !staff) {
		json_decref(items);
		json_decref(staff);
		return derr_store(e, db, "posts");
	}
	size_t i;
	json_t *r;
	json_array_foreach(items, i, r) shape_one(r);
	*out =
	    json_pack("{s:o, s:O}", "items", items, "staff_total",
	              json_is_object(staff) ? json_object_get(staff, "staff_total") : json_null());
	json_decref(staff);
	return 0;
}
