/* Order classes; see coop_classes.h. */
#include "domain/coop_classes.h"

#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "domain/audit.h"
#include "domain/recruit.h"

#define CLASS_SELECT                                                                               \
	"SELECT k.id, k.agreement_id, k.enterprise_id, e.name AS enterprise, k.college_id, c.name" \
	" AS college, k.name, k.major_code, m.name AS major, k.cohort, k.size,"                    \
	" k.positions_reserved, k.subsidy_yuan, k.status, k.finished_at, k.created_at,"            \
	" k.updated_at, (SELECT COUNT(*) FROM coop_order_class_students x WHERE x.class_id ="      \
	" k.id) AS students, (SELECT COUNT(*) FROM coop_order_class_students x WHERE x.class_id"   \
	" = k.id AND x.outcome = 'hired') AS hired, (SELECT COUNT(*) FROM"                         \
	" coop_order_class_students x WHERE x.class_id = k.id AND x.outcome = 'offered') AS"       \
	" offered FROM coop_order_classes k JOIN organizations e ON e.id = k.enterprise_id JOIN"   \
	" organizations c ON c.id = k.college_id LEFT JOIN dict_majors m ON m.code = k.major_code"

/* The best application of a student (alias x) to the class's enterprise. */
#define BEST_APPLICATION                                                                           \
	"(SELECT ap.status FROM applications ap WHERE ap.student_id = x.student_id AND"            \
	" ap.enterprise_id = k.enterprise_id ORDER BY CASE ap.status WHEN 'accepted' THEN 0 WHEN"  \
	" 'offered' THEN 1 WHEN 'interview' THEN 2 WHEN 'viewed' THEN 3 WHEN 'submitted' THEN 4"   \
	" ELSE 5 END, ap.id LIMIT 1)"

struct klass {
	int64_t id, enterprise, college, size;
	char status[12], major[8];
	int64_t cohort;
	enum coop_part part;
};

static int class_load(struct store *db, const struct actor *a, int64_t id, struct klass *k,
                      struct derr *e)
{
	*k = (struct klass){.id = id};
	struct store_stmt *st =
	    store_query(db,
	                "SELECT enterprise_id, college_id, size, status,"
	                " major_code, cohort FROM coop_order_classes WHERE id = ?",
	                "i", id);
	int rc = st ? store_step(st) : STORE_ERROR;
	if (rc == STORE_ROW) {
		k->enterprise = store_column_int64(st, 0);
		k->college = store_column_int64(st, 1);
		k->size = store_column_int64(st, 2);
		snprintf(k->status, sizeof(k->status), "%s", store_column_text(st, 3));
		snprintf(k->major, sizeof(k->major), "%s", store_column_text(st, 4));
		k->cohort = store_column_int64(st, 5);
		k->part = coop_part_of(a, k->enterprise, k->college);
	}
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return derr_store(e, db, "order class");
	return rc == STORE_ROW && k->part != COOP_NONE
	           ? 0
	           : derr_set(e, DERR_NOT_FOUND, NULL, "订单班不存在");
}

static int class_read(struct store *db, int64_t id, json_t **out, struct derr *e)
{
	json_t *students;
	if (derr_found(db, store_row(db, CLASS_SELECT " WHERE k.id = ?", "i", id), out,
	               "order class", DERR_NOT_FOUND, NULL, "订单班不存在", e))
		return -1;
	if (coop_rows(
	        db,
	        store_rows(db,
	                   "SELECT x.student_id, s.name, s.student_no, s.major_code, m.name AS"
	                   " major, s.grad_year, x.joined_at, x.outcome, "
	                   "x.application_id, " BEST_APPLICATION " AS application_status FROM"
	                   " coop_order_class_students x JOIN coop_order_classes k ON k.id ="
	                   " x.class_id JOIN students s ON s.id = x.student_id LEFT JOIN"
	                   " dict_majors m ON m.code = s.major_code WHERE x.class_id = ? ORDER"
	                   " BY s.student_no",
	                   "i", id),
	        &students, "order class students", e)) {
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	json_object_set_new(*out, "student_list", students);
	return 0;
}

static int finish(struct store *db, const struct actor *a, int64_t id, const char *action,
                  const char *detail, json_t **out, struct derr *e)
{
	if (audit_write(db, a, action, "coop_order_class", id, detail, e) ||
	    class_read(db, id, out, e))
		return -1;
	return derr_commit(db, out, action, e);
}

int coop_class_create(struct store *db, const struct actor *a, const struct coop_class_input *in,
                      json_t **out, struct derr *e)
{
	int64_t id = 0, n = 0, now = now_seconds();
	*out = NULL;
	if (coop_part_of(a, in->enterprise_id, in->college_id) == COOP_NONE)
		return derr_set(e, DERR_FORBIDDEN, NULL, "只能创建本单位作为一方的订单班");
	if ((a->role != ROLE_OPERATOR && coop_actor_org_active(db, a, e)) ||
	    coop_org_check(db, in->enterprise_id, "enterprise", "enterprise_id", e) ||
	    coop_org_check(db, in->college_id, "college", "college_id", e))
		return -1;
	if (store_int64(db, &n,
	                "SELECT COUNT(*) FROM dict_majors WHERE code = ? AND origin <> 'retired'",
	                "t", in->major_code) != STORE_ROW)
		return derr_store(e, db, "order class major");
	if (!n)
		return derr_set(e, DERR_INVALID, "major_code", "未知的专业代码");
	if (in->agreement_id) {
		if (store_int64(db, &n,
		                "SELECT COUNT(*) FROM coop_agreements WHERE id = ? AND kind ="
		                " 'order_class' AND enterprise_id = ? AND college_id = ? AND status"
		                " <> 'terminated'",
		                "iii", in->agreement_id, in->enterprise_id,
		                in->college_id) != STORE_ROW)
			return derr_store(e, db, "order class agreement");
		if (!n)
			return derr_set(e, DERR_INVALID, "agreement_id",
			                "须为双方之间未终止的订单班协议");
	}
	if (store_begin(db) != STORE_OK ||
	    store_int64(db, &id,
	                "INSERT INTO coop_order_classes (agreement_id, enterprise_id, college_id,"
	                " name, major_code, cohort, size, positions_reserved, subsidy_yuan,"
	                " created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
	                " ?, ?) RETURNING id",
	                "Iiittiiiiiii", in->agreement_id, in->enterprise_id, in->college_id,
	                in->name, in->major_code, in->cohort, in->size, in->positions_reserved,
	                in->subsidy_yuan, a->id, now, now) != STORE_ROW)
		return derr_store(e, db, "order class create");
	return finish(db, a, id, "coop.class_create", NULL, out, e);
}

int coop_class_get(struct store *db, const struct actor *a, int64_t id, json_t **out,
                   struct derr *e)
{
	struct klass k;
	*out = NULL;
	return class_load(db, a, id, &k, e) || class_read(db, id, out, e) ? -1 : 0;
}

int coop_class_list(struct store *db, const struct actor *a, json_t **out, struct derr *e)
{
	int64_t scope = a->role == ROLE_OPERATOR ? 0 : a->org_id ? a->org_id : -1;
	if (a->role != ROLE_OPERATOR && a->role != ROLE_COLLEGE && a->role != ROLE_ENTERPRISE)
		return derr_set(e, DERR_FORBIDDEN, NULL, "无权查看订单班");
	json_t *items = store_rows(db,
	                           CLASS_SELECT " WHERE (? = 0 OR k.enterprise_id = ? OR"
	                                        " k.college_id = ?) ORDER BY k.cohort DESC, k.id",
	                           "iii", scope, scope, scope);
	if (!items)
		return derr_store(e, db, "order class list");
	*out = json_pack("{s:o}", "items", items);
	return 0;
}

/* Adds student sid to class k (inside the caller's transaction). */
static int student_add(struct store *db, const struct klass *k, int64_t sid, size_t i,
                       struct derr *e)
{
	int64_t other = 0;
	json_t *s = store_row(db,
	                      "SELECT major_code, grad_year FROM students WHERE id = ? AND"
	                      " college_id = ? AND closed_at IS NULL",
	                      "ii", sid, k->college);
	if (!s)
		return derr_store(e, db, "order class student");
	if (!json_is_object(s)) {
		json_decref(s);
		store_rollback(db);
		return derr_codef(e, DERR_INVALID, NULL, "student_ids",
		                  "第 %zu 名学生不是该院校的在籍学生", i + 1);
	}
	int fits = major_accepted(coop_str(s, "major_code"), k->major) &&
	           json_integer_value(json_object_get(s, "grad_year")) == k->cohort;
	json_decref(s);
	if (!fits) {
		store_rollback(db);
		return derr_codef(e, DERR_RULE, NULL, "student_ids",
		                  "第 %zu 名学生的专业或届别与订单班不符", i + 1);
	}
	if (store_int64(db, &other,
	                "SELECT COUNT(*) FROM coop_order_class_students x JOIN coop_order_classes"
	                " c ON c.id = x.class_id WHERE x.student_id = ? AND c.status IN"
	                " ('forming', 'running') AND c.id <> ?",
	                "ii", sid, k->id) != STORE_ROW)
		return derr_store(e, db, "order class student");
	if (other) {
		store_rollback(db);
		return derr_codef(e, DERR_CONFLICT, NULL, "student_ids",
		                  "第 %zu 名学生已在另一个订单班中", i + 1);
	}
	int rc = store_run(db,
	                   "INSERT INTO coop_order_class_students (class_id, student_id, joined_at)"
	                   " VALUES (?, ?, ?)",
	                   "iii", k->id, sid, now_seconds());
	if (rc == STORE_UNIQUE) {
		store_rollback(db);
		return derr_codef(e, DERR_CONFLICT, NULL, "student_ids", "第 %zu 名学生已在本班中",
		                  i + 1);
	}
	return rc == STORE_OK ? 0 : derr_store(e, db, "order class student");
}

static const char *const changeable[] = {"forming", "running", NULL};

static int require(const struct klass *k, const char *const *allowed, const char *what,
                   struct derr *e)
{
	for (; *allowed; allowed++)
		if (!strcmp(k->status, *allowed))
			return 0;
	return derr_codef(e, DERR_CONFLICT, NULL, "status", "订单班当前为 %s，不能%s", k->status,
	                  what);
}

int coop_class_students(struct store *db, const struct actor *a, int64_t id, const json_t *ids,
                        int add, json_t **out, struct derr *e)
{
	struct klass k;
	int64_t n = 0;
	*out = NULL;
	if (class_load(db, a, id, &k, e))
		return -1;
	if (k.part == COOP_ENTERPRISE)
		return derr_set(e, DERR_FORBIDDEN, NULL, "订单班学生由院校确定");
	if (require(&k, changeable, add ? "加入学生" : "移出学生", e))
		return -1;
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "order class students");
	size_t i;
	json_t *v;
	json_array_foreach(ids, i, v)
	{
		int64_t sid = json_integer_value(v);
		if (add) {
			if (student_add(db, &k, sid, i, e))
				return -1;
			continue;
		}
		int64_t gone = 0;
		int rc = store_int64(db, &gone,
		                     "DELETE FROM coop_order_class_students WHERE class_id = ? AND"
		                     " student_id = ? RETURNING student_id",
		                     "ii", id, sid);
		if (rc == STORE_DONE) {
			store_rollback(db);
			return derr_codef(e, DERR_INVALID, NULL, "student_ids",
			                  "第 %zu 名学生不在本班中", i + 1);
		}
		if (rc != STORE_ROW)
			return derr_store(e, db, "order class students");
	}
	if (store_int64(db, &n, "SELECT COUNT(*) FROM coop_order_class_students WHERE class_id = ?",
	                "i", id) != STORE_ROW)
		return derr_store(e, db, "order class students");
	if (n > k.size) {
		store_rollback(db);
		return derr_codef(e, DERR_RULE, "full", "student_ids", "订单班名额为 %lld 人，已满",
		                  (long long)k.size);
	}
	return finish(db, a, id, add ? "coop.class_students_add" : "coop.class_students_remove",
	              NULL, out, e);
}

int coop_class_outcomes(struct store *db, int64_t id, struct derr *e)
{
	struct klass kk = {.id = id}, *k = &kk;
	if (store_int64(db, &kk.enterprise,
	                "SELECT enterprise_id FROM coop_order_classes WHERE id = ?", "i",
	                id) != STORE_ROW)
		return derr_store(e, db, "order class outcomes");
	if (store_run(db,
	              "UPDATE coop_order_class_students SET application_id = (SELECT ap.id FROM"
	              " applications ap WHERE ap.student_id = coop_order_class_students.student_id"
	              " AND ap.enterprise_id = ? AND ap.status IN ('accepted', 'offered') ORDER BY"
	              " CASE ap.status WHEN 'accepted' THEN 0 ELSE 1 END, ap.id LIMIT 1) WHERE"
	              " class_id = ?",
	              "ii", k->enterprise, k->id) != STORE_OK ||
	    store_run(db,
	              "UPDATE coop_order_class_students SET outcome = CASE WHEN EXISTS (SELECT 1"
	              " FROM applications ap WHERE ap.id = coop_order_class_students.application_id"
	              " AND ap.status = 'accepted') OR EXISTS (SELECT 1 FROM internships i WHERE"
	              " i.student_id = coop_order_class_students.student_id AND i.enterprise_id = ?"
	              " AND i.status = 'ended' AND i.hired = 1) THEN 'hired' WHEN application_id IS"
	              " NOT NULL THEN 'offered' ELSE 'not_hired' END WHERE class_id = ?",
	              "ii", k->enterprise, k->id) != STORE_OK)
		return derr_store(e, db, "order class outcomes");
	return 0;
}

int coop_class_set_status(struct store *db, const struct actor *a, int64_t id, const char *to,
                          json_t **out, struct derr *e)
{
	struct klass k;
	int64_t n = 0, done = 0, now = now_seconds();
	*out = NULL;
	if (class_load(db, a, id, &k, e))
		return -1;
	const char *from = !strcmp(to, "running")     ? "forming"
	                   : !strcmp(to, "finished")  ? "running"
	                   : !strcmp(to, "cancelled") ? NULL
	                                              : "";
	if (from && !*from)
		return derr_set(e, DERR_INVALID, "to", "状态应为 running、finished 或 cancelled");
	if (from ? strcmp(k.status, from) : require(&k, changeable, "取消", e))
		return e->kind ? -1
		               : derr_codef(e, DERR_CONFLICT, NULL, "to",
		                            "订单班当前为 %s，不能变为 %s", k.status, to);
	if (store_begin(db) != STORE_OK ||
	    store_int64(db, &n, "SELECT COUNT(*) FROM coop_order_class_students WHERE class_id = ?",
	                "i", id) != STORE_ROW)
		return derr_store(e, db, "order class status");
	if (!strcmp(to, "running") && !n) {
		store_rollback(db);
		return derr_set(e, DERR_RULE, "to", "订单班还没有学生，不能开班");
	}
	if (!strcmp(to, "finished") && coop_class_outcomes(db, id, e))
		return -1;
	int rc = store_int64(db, &done,
	                     "UPDATE coop_order_classes SET status = ?, finished_at = CASE WHEN ? ="
	                     " 'finished' THEN ? ELSE finished_at END, updated_at = ? WHERE id = ?"
	                     " AND status = ? RETURNING id",
	                     "ttiiit", to, to, now, now, id, k.status);
	if (coop_changed(db, rc, "to", "订单班状态刚被他人修改，请刷新", "order class status", e))
		return -1;
	return finish(db, a, id, "coop.class_status", to, out, e);
}
