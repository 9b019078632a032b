#include "domain/recommend.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "base/vec.h"
#include "match/match.h"

static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static struct match_snapshot *snap;
static int stale = 1;

/* Other instances' edits (issue 9): search_epoch counts the committed
 * changes of positions and search_changes logs which (migration 0025),
 * recommend_epoch and recommend_changes those of students (0027); each log
 * keeps at least the last KEEP epochs.  The snapshot is current to epoch
 * (positions) and sepoch (students): every use reads both counters (a row
 * by key each, one statement) and, when one moved, re-reads what was
 * logged since (follow()).  More than MANY students or positions at once
 * (an import) rebuild it whole. */
#define EPOCH_SQL                                                                                  \
	"SELECT e.n, r.n FROM search_epoch e, recommend_epoch r WHERE e.id = 1 AND r.id = 1"
#define KEEP 10000
#define MANY 2000
static int64_t epoch, sepoch;
typedef VEC(int64_t) id_vec;
/* Students whose change, read before a follow() and applied after it,
 * may be older than what that follow() read: re-read at the next use. */
static id_vec recheck;
static uint64_t follows;

/* Dictionary ids (skill "plc", certificate "cet4") -> engine integers:
 * 1 + the position in the id-sorted dictionary. */
typedef VEC(char *) idmap;
static idmap skills, certs;
/* Counts snapshots built: a change read under one snapshot is not applied
 * to another (recommend_apply). */
static uint64_t generation;

typedef VEC(uint32_t) uvec;
typedef VEC(struct match_interest_mark) marks_vec;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static uint32_t idmap_get(const idmap *m, const char *id)
{
	char **hit = id && m->n ? bsearch(&id, m->v, m->n, sizeof(char *), cmp_str) : NULL;
	return hit ? (uint32_t)(hit - m->v) + 1 : 0;
}

static void idmap_free(idmap *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i]);
	VEC_FREE(m);
}

/* Appends x unless the list is full (the engine takes MATCH_MAX_LIST);
 * 0, or -1 out of memory. */
static int list_add(uvec *u, uint32_t x)
{
	return u->n < MATCH_MAX_LIST ? VEC_PUSH(u, x) : 0;
}

/* Steps st to its end; 0 when it ended well, -1 when the store failed. */
static int finished(struct store_stmt *st, int rc)
{
	store_finalize(st);
	return rc == STORE_DONE ? 0 : -1;
}

/* Loads a dictionary's ids (sorted by the query) and labels. */
static int load_dict(struct store *db, struct match_snapshot *s, idmap *m, const char *sql,
                     enum match_dict dict)
{
	struct store_stmt *st = store_query(db, sql, "");
	int rc = STORE_ERROR;
	if (!st)
		return -1;
	while ((rc = store_step(st)) == STORE_ROW) {
		char *id = strdup(store_column_text(st, 0));
		if (!id || VEC_PUSH(m, id)) {
			free(id);
			rc = STORE_ERROR;
			break;
		}
		match_snapshot_set_label(s, dict, (uint32_t)m->n, store_column_text(st, 1));
	}
	return finished(st, rc);
}

static int load_labels(struct store *db, struct match_snapshot *s)
{
	int rc = STORE_ERROR;
	struct store_stmt *st = store_query(db, "SELECT code, name FROM dict_majors", "");
	while (st && (rc = store_step(st)) == STORE_ROW)
		match_snapshot_set_label(s, MATCH_DICT_MAJOR,
		                         match_major_code(store_column_text(st, 0)),
		                         store_column_text(st, 1));
	if (!st || finished(st, rc))
		return -1;
	st = store_query(db, "SELECT code, name FROM dict_cities", "");
	while (st && (rc = store_step(st)) == STORE_ROW)
		match_snapshot_set_label(s, MATCH_DICT_CITY,
		                         (uint32_t)strtoul(store_column_text(st, 0), NULL, 10),
		                         store_column_text(st, 1));
	return st ? finished(st, rc) : -1;
}

/* ---- students ---- */

#define STUDENT_COLUMNS                                                                            \
	"SELECT s.id, s.major_code, s.grad_year, s.degree, s.discoverable, s.cities, "             \
	"s.salary_min,"                                                                            \
	" s.certificates FROM students s WHERE s.closed_at IS NULL"

/* Fills st from the current row of a STUDENT_COLUMNS query; its
 * certificates go into cert_v (the caller frees).  0, or -1 out of memory. */
static int student_from_row(struct store_stmt *q, struct match_student *st, uvec *cert_v)
{
	int rc = 0;
	memset(st, 0, sizeof(*st));
	st->id = (match_id)store_column_int64(q, 0);
	const char *major = store_column_text(q, 1);
	st->major = major ? match_major_code(major) : 0;
	st->grad_year = (uint16_t)store_column_int64(q, 2);
	st->degree = (uint8_t)store_column_int64(q, 3);
	st->discoverable = (uint8_t)store_column_int64(q, 4);
	json_t *cities =
	    json_loads(store_column_text(q, 5) ? store_column_text(q, 5) : "[]", 0, NULL);
	size_t i;
	json_t *v;
	json_array_foreach(cities, i, v)
	{
		if (i < MATCH_MAX_CITIES)
			st->cities[i] = (uint32_t)strtoul(
			    json_string_value(v) ? json_string_value(v) : "0", NULL, 10);
	}
	json_decref(cities);
	int64_t salary = store_column_int64(q, 6);
	st->salary_expected = salary > 0 && salary <= 10000000 ? (uint32_t)salary : 0;
	cert_v->n = 0;
	json_t *cs = json_loads(store_column_text(q, 7) ? store_column_text(q, 7) : "[]", 0, NULL);
	json_array_foreach(cs, i, v)
	{
		uint32_t id = idmap_get(&certs, json_string_value(v));
		if (id && list_add(cert_v, id))
			rc = -1;
	}
	json_decref(cs);
	st->certificates = cert_v->v;
	st->n_certificates = cert_v->n;
	return rc;
}

/* Reads one student's skills and interests (applications) into vectors.
 * 0, or -1 when the store failed or memory ran out. */
static int student_lists(struct store *db, int64_t id, uvec *sk, marks_vec *marks)
{
	int rc = STORE_ERROR;
	sk->n = marks->n = 0;
	struct store_stmt *q =
	    store_query(db, "SELECT skill_id FROM student_skills WHERE student_id = ?", "i", id);
	while (q && (rc = store_step(q)) == STORE_ROW)
		if (list_add(sk, idmap_get(&skills, store_column_text(q, 0)))) {
			rc = STORE_ERROR;
			break;
		}
	if (!q || finished(q, rc))
		return -1;
	q = store_query(db,
	                "SELECT position_id FROM applications WHERE student_id = ? AND"
	                " status <> 'withdrawn' ORDER BY position_id LIMIT 255",
	                "i", id);
	while (q && (rc = store_step(q)) == STORE_ROW) {
		struct match_interest_mark m = {.position = (match_id)store_column_int64(q, 0),
		                                .level = MATCH_INTEREST_APPLIED};
		if (VEC_PUSH(marks, m)) {
			rc = STORE_ERROR;
			break;
		}
	}
	return q ? finished(q, rc) : -1;
}

/* ---- positions ---- */

#define POSITION_COLUMNS                                                                           \
	"SELECT p.id, p.city_code, p.salary_min, p.salary_max, p.grad_year_min, p.grad_year_max,"  \
	" p.min_degree, p.status, p.headcount, (SELECT COUNT(*) FROM applications a WHERE"         \
	" a.position_id = p.id AND a.status = 'accepted'), p.deadline FROM positions p"

static uint32_t salary_of(struct store_stmt *q, int col)
{
	int64_t v = store_column_int64(q, col);
	return v > 0 && v <= 10000000 ? (uint32_t)v : 0;
}

/* Fills p from the current row of a POSITION_COLUMNS query and its lists
 * (majors, required and preferred skills) into the vectors.  0, or -1 when
 * the store failed or memory ran out. */
static int position_from_row(struct store *db, struct store_stmt *q, struct match_position *p,
                             uvec *majors, uvec *req, uvec *pref)
{
	int rc = STORE_ERROR;
	memset(p, 0, sizeof(*p));
	int64_t id = store_column_int64(q, 0);
	p->id = (match_id)id;
	const char *city = store_column_text(q, 1);
	p->city = city ? (uint32_t)strtoul(city, NULL, 10) : 0;
	p->salary_min = salary_of(q, 2);
	p->salary_max = salary_of(q, 3);
	if (p->salary_max && p->salary_min > p->salary_max)
		p->salary_max = p->salary_min;
	p->grad_year_min = (uint16_t)store_column_int64(q, 4);
	p->grad_year_max = (uint16_t)store_column_int64(q, 5);
	p->min_degree = (uint8_t)store_column_int64(q, 6);
	const char *status = store_column_text(q, 7);
	/* Past its deadline a position takes no applications, so it is not
	 * recommended either (checked when loaded or edited). */
	int64_t deadline = store_column_type(q, 10) == STORE_T_NULL ? 0 : store_column_int64(q, 10);
	p->closed = !status || strcmp(status, "open") || (deadline && deadline < now_seconds());
	p->headcount = (uint32_t)store_column_int64(q, 8);
	p->filled = (uint32_t)store_column_int64(q, 9);
	majors->n = req->n = pref->n = 0;
	struct store_stmt *m = store_query(
	    db, "SELECT major_code FROM position_majors WHERE position_id = ?", "i", id);
	while (m && (rc = store_step(m)) == STORE_ROW) {
		uint32_t code = match_major_code(store_column_text(m, 0));
		if (code && list_add(majors, code)) {
			rc = STORE_ERROR;
			break;
		}
	}
	if (!m || finished(m, rc))
		return -1;
	m = store_query(db, "SELECT skill_id, required FROM position_skills WHERE position_id = ?",
	                "i", id);
	while (m && (rc = store_step(m)) == STORE_ROW) {
		uint32_t sk = idmap_get(&skills, store_column_text(m, 0));
		if (sk && list_add(store_column_int64(m, 1) ? req : pref, sk)) {
			rc = STORE_ERROR;
			break;
		}
	}
	if (!m || finished(m, rc))
		return -1;
	/* A position that lists majors accepts only those (as applying does). */
	p->majors_required = majors->n > 0;
	p->majors = majors->v;
	p->n_majors = majors->n;
	p->skills_required = req->v;
	p->n_skills_required = req->n;
	p->skills_preferred = pref->v;
	p->n_skills_preferred = pref->n;
	return 0;
}

/* ---- building ---- */

/* Every position, one query for the rows and one per position for its
 * lists (6,680 at the article's scale).  0, or -1. */
static int build_positions(struct store *db, struct match_snapshot *s)
{
	uvec a = VEC_INIT, b = VEC_INIT, c = VEC_INIT;
	int rc = STORE_ERROR;
	struct store_stmt *q = store_query(db, POSITION_COLUMNS, "");
	while (q && (rc = store_step(q)) == STORE_ROW) {
		struct match_position p;
		if (position_from_row(db, q, &p, &a, &b, &c) ||
		    match_snapshot_add_position(s, &p) < 0) {
			rc = STORE_ERROR;
			break;
		}
	}
	VEC_FREE(&a);
	VEC_FREE(&b);
	VEC_FREE(&c);
	return q ? finished(q, rc) : -1;
}

/* Every open student: skills and applications come in two ordered scans
 * merged by student id, not a query per student.  0, or -1. */
static int build_students(struct store *db, struct match_snapshot *s)
{
	uvec sk_v = VEC_INIT, cert_v = VEC_INIT;
	marks_vec marks = VEC_INIT;
	int rc = STORE_ERROR, failed = 0;
	struct store_stmt *sk = store_query(
	    db, "SELECT student_id, skill_id FROM student_skills ORDER BY student_id", "");
	struct store_stmt *ap =
	    store_query(db,
	                "SELECT student_id, position_id FROM applications WHERE"
	                " status <> 'withdrawn' ORDER BY student_id, position_id",
	                "");
	int sk_rc = sk ? store_step(sk) : STORE_ERROR, ap_rc = ap ? store_step(ap) : STORE_ERROR;
	struct store_stmt *q = store_query(db, STUDENT_COLUMNS " ORDER BY s.id", "");
	while (q && !failed && (rc = store_step(q)) == STORE_ROW) {
		struct match_student st;
		failed |= student_from_row(q, &st, &cert_v);
		int64_t id = store_column_int64(q, 0);
		sk_v.n = marks.n = 0;
		while (!failed && sk_rc == STORE_ROW && store_column_int64(sk, 0) <= id) {
			if (store_column_int64(sk, 0) == id)
				failed |=
				    list_add(&sk_v, idmap_get(&skills, store_column_text(sk, 1)));
			sk_rc = store_step(sk);
		}
		while (!failed && ap_rc == STORE_ROW && store_column_int64(ap, 0) <= id) {
			struct match_interest_mark m = {.position =
			                                    (match_id)store_column_int64(ap, 1),
			                                .level = MATCH_INTEREST_APPLIED};
			if (store_column_int64(ap, 0) == id && marks.n < MATCH_MAX_LIST)
				failed |= VEC_PUSH(&marks, m);
			ap_rc = store_step(ap);
		}
		st.skills = sk_v.v;
		st.n_skills = sk_v.n;
		st.interests = marks.v;
		st.n_interests = marks.n;
		failed |= !failed && match_snapshot_add_student(s, &st) < 0;
	}
	/* The merged scans must have ended well too, not just the main one. */
	failed |= (sk_rc != STORE_ROW && sk_rc != STORE_DONE) ||
	          (ap_rc != STORE_ROW && ap_rc != STORE_DONE);
	store_finalize(sk);
	store_finalize(ap);
	VEC_FREE(&sk_v);
	VEC_FREE(&cert_v);
	VEC_FREE(&marks);
	return !q || finished(q, failed ? STORE_ERROR : rc) ? -1 : 0;
}

/* Reads the two counters into *e and *se; 0, or -1. */
static int epochs(struct store *db, int64_t *e, int64_t *se)
{
	struct store_stmt *st = store_query(db, EPOCH_SQL, "");
	int rc = st ? store_step(st) : STORE_ERROR;
	if (rc == STORE_ROW) {
		*e = store_column_int64(st, 0);
		*se = store_column_int64(st, 1);
	}
	store_finalize(st);
	return rc == STORE_ROW ? 0 : -1;
}

/* A snapshot of the database as it is, or NULL when any read failed: a
 * snapshot missing what a failed read left out would be kept and served. */
static struct match_snapshot *build(struct store *db)
{
	struct match_snapshot *s = match_snapshot_new(NULL);
	int64_t t0 = now_micros();
	int64_t e = 0, se = 0;
	if (!s)
		return NULL;
	idmap_free(&skills);
	idmap_free(&certs);
	/* The epoch first: what commits after it is logged after it too, and
	 * re-reading a position the build already read as it is is harmless. */
	if (epochs(db, &e, &se) ||
	    load_dict(db, s, &skills, "SELECT id, name FROM dict_skills ORDER BY id",
	              MATCH_DICT_SKILL) ||
	    load_dict(db, s, &certs, "SELECT id, name FROM dict_certificates ORDER BY id",
	              MATCH_DICT_CERTIFICATE) ||
	    load_labels(db, s) || build_positions(db, s) || build_students(db, s) ||
	    match_snapshot_freeze(s)) {
		log_error("recommendations: cannot load the snapshot: %s", store_errmsg(db));
		match_snapshot_free(s);
		return NULL;
	}
	generation++;
	epoch = e;
	sepoch = se;
	recheck.n = 0;
	log_info("recommendations: %zu students, %zu positions loaded in %.2f s",
	         match_snapshot_student_count(s), match_snapshot_position_count(s),
	         (double)(now_micros() - t0) / 1e6);
	return s;
}

/* A student as a transaction left them, to apply after its commit. */
struct recommend_change {
	uint64_t generation; /* of the snapshot it was read for */
	int gone;            /* closed or not found: the engine has no "remove" */
	struct match_student st;
	uvec skills, certs;
	marks_vec marks;
	uint64_t follows; /* follow()s before it was read */
	int64_t id;
};

/* Re-reads position id into the snapshot (added when new).  0; 1 when it is
 * gone (the engine has no "remove") or the engine failed, -1 when the store
 * failed: either way the caller marks the snapshot stale.  Under the
 * exclusive lock. */
static int position_reread(struct store *db, int64_t id)
{
	uvec a = VEC_INIT, b = VEC_INIT, c = VEC_INIT;
	struct store_stmt *q = store_query(db, POSITION_COLUMNS " WHERE p.id = ?", "i", id);
	struct match_position p;
	int r = q ? store_step(q) : STORE_ERROR;
	if (r == STORE_ROW && !position_from_row(db, q, &p, &a, &b, &c)) {
		r = match_snapshot_update_position(snap, &p);
		if (r == -ENOENT)
			r = match_snapshot_add_position(snap, &p) < 0 ? -1 : 0;
		r = r ? 1 : 0;
	} else {
		r = r == STORE_DONE ? 1 : -1;
	}
	store_finalize(q);
	VEC_FREE(&a);
	VEC_FREE(&b);
	VEC_FREE(&c);
	return r;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* The ids a change log holds after *from (column col of sql, whose
 * column 0 is the epoch, 1 the row's n) into ids, or into pos when
 * column pcol (0: none) names a position; *from moves to the epoch.  0, 1
 * when the snapshot must be rebuilt whole (a NULL row, a log pruned past
 * *from, too many), or -1 on a store error. */
static int logged(struct store *db, const char *sql, int64_t *from, int pcol, id_vec *ids,
                  id_vec *pos)
{
	/* One statement, so one snapshot on either backend: every row with
	 * n <= the epoch it reads is committed (migrations 0025, 0027). */
	struct store_stmt *st = store_query(db, sql, "i", *from);
	int rc = st ? STORE_ROW : STORE_ERROR, whole = 0;
	int64_t to = *from;
	while (st && (rc = store_step(st)) == STORE_ROW) {
		to = store_column_int64(st, 0);
		if (store_column_type(st, 1) == STORE_T_NULL)
			continue; /* no change logged */
		int id = store_column_type(st, 2) != STORE_T_NULL;
		int p = pcol && store_column_type(st, pcol) != STORE_T_NULL;
		whole |= !id && !p;
		if (id && !whole && VEC_PUSH(ids, store_column_int64(st, 2)))
			rc = STORE_ERROR;
		if (p && !whole && VEC_PUSH(pos, store_column_int64(st, pcol)))
			rc = STORE_ERROR;
	}
	store_finalize(st);
	if (rc != STORE_DONE)
		return -1;
	whole |= *from < to - KEEP || ids->n > MANY;
	*from = to;
	return whole;
}

/* Sorts ids and drops the repeats. */
static void unique(id_vec *ids)
{
	size_t n = 0;
	if (ids->n) /* qsort's base must not be NULL, even for none */
		qsort(ids->v, ids->n, sizeof(*ids->v), cmp_id);
	for (size_t i = 0; i < ids->n; i++)
		if (!n || ids->v[n - 1] != ids->v[i])
			ids->v[n++] = ids->v[i];
	ids->n = n;
}

static int student_read(struct store *db, int64_t id, struct recommend_change *c);
static int student_apply(struct recommend_change *c);

/* Brings the snapshot up to the change logs: each position and student
 * logged after epoch and sepoch re-read once, with those to recheck (this
 * process's own edits among them: re-reading what it applied changes
 * nothing).  Anything else (see logged(), a student or position gone, a
 * store error) marks it stale.  0, or -1 when the store failed.  Under the
 * exclusive lock. */
static int follow(struct store *db)
{
	id_vec pos = VEC_INIT, stu = VEC_INIT;
	int r = logged(db,
	               "SELECT e.n, c.n, c.position_id FROM search_epoch e LEFT JOIN"
	               " search_changes c ON c.n > ? AND c.n <= e.n WHERE e.id = 1",
	               &epoch, 0, &pos, NULL);
	if (!r)
		r = logged(
		    db,
		    "SELECT e.n, c.n, c.student_id, c.position_id FROM recommend_epoch e LEFT"
		    " JOIN recommend_changes c ON c.n > ? AND c.n <= e.n WHERE e.id = 1",
		    &sepoch, 3, &stu, &pos);
	for (size_t i = 0; !r && i < recheck.n; i++)
		r = VEC_PUSH(&stu, recheck.v[i]) ? 1 : 0; /* rebuilt: all re-read */
	recheck.n = 0;
	follows++;
	if (!r && pos.n > MANY)
		r = 1;
	unique(&pos);
	unique(&stu);
	for (size_t i = 0; !r && i < pos.n; i++)
		r = position_reread(db, pos.v[i]);
	for (size_t i = 0; !r && i < stu.n; i++) {
		struct recommend_change c = {0};
		r = student_read(db, stu.v[i], &c) ? -1 : student_apply(&c) ? 1 : 0;
		VEC_FREE(&c.skills);
		VEC_FREE(&c.certs);
		VEC_FREE(&c.marks);
	}
	if (r)
		stale = 1;
	VEC_FREE(&pos);
	VEC_FREE(&stu);
	return r < 0 ? -1 : 0;
}

/* Takes the shared lock on a current snapshot (building it first when
 * needed, following the change logs when an epoch moved); returns 0, or -1
 * when it cannot be built or the epochs cannot be read (a store error is
 * the caller's, not an answer from a snapshot that may be behind). */
static int acquire(struct store *db)
{
	int64_t e = 0, se = 0;
	if (epochs(db, &e, &se))
		return -1;
	pthread_rwlock_rdlock(&lock);
	if (!stale && snap && !recheck.n && e <= epoch && se <= sepoch)
		return 0;
	pthread_rwlock_unlock(&lock);
	pthread_rwlock_wrlock(&lock);
	/* unless another thread did it meanwhile; a store error is the
	 * caller's (the next use rebuilds) */
	int failed = !stale && snap && (recheck.n || epoch < e || sepoch < se) && follow(db);
	if (!failed && (stale || !snap)) { /* another thread may have built it meanwhile */
		match_snapshot_free(snap);
		snap = build(db);
		stale = snap == NULL;
	}
	pthread_rwlock_unlock(&lock);
	pthread_rwlock_rdlock(&lock);
	if (snap && !failed)
		return 0;
	pthread_rwlock_unlock(&lock);
	return -1;
}

static json_t *explanation_json(const struct match_explanation *e)
{
	json_t *comps = json_array(), *vetoes = json_array();
	for (size_t i = 0; i < e->n_components; i++) {
		const struct match_component *c = &e->components[i];
		json_array_append_new(comps,
		                      json_pack("{s:s, s:s, s:i, s:i, s:s}", "key", c->key, "label",
		                                c->label, "points", c->points, "max_points",
		                                c->max_points, "reason", c->reason));
	}
	for (size_t i = 0; i < e->n_vetoes; i++) {
		const struct match_veto *v = &e->vetoes[i];
		json_array_append_new(vetoes, json_pack("{s:s, s:s, s:s}", "key", v->key, "label",
		                                        v->label, "reason", v->reason));
	}
	return json_pack("{s:i, s:b, s:o, s:o}", "total", e->total, "eligible", e->eligible,
	                 "components", comps, "vetoes", vetoes);
}

static json_t *hits_json(const struct match_hit *hits, size_t n, int for_student, match_id self)
{
	json_t *out = json_array();
	struct match_explanation e;
	for (size_t i = 0; i < n; i++) {
		match_id s = for_student ? self : hits[i].id, p = for_student ? hits[i].id : self;
		json_t *why =
		    match_explain(snap, s, p, &e) == 0 ? explanation_json(&e) : json_null();
		json_array_append_new(out, json_pack("{s:I, s:i, s:o}",
		                                     for_student ? "position_id" : "student_id",
		                                     (json_int_t)hits[i].id, "score", hits[i].score,
		                                     "explanation", why));
	}
	return out;
}

static json_t *topk(struct store *db, int64_t id, size_t k, int for_student)
{
	if (k > 200)
		k = 200;
	struct match_hit *hits = calloc(k ? k : 1, sizeof(*hits));
	size_t n = 0;
	if (!hits || acquire(db)) {
		free(hits);
		return NULL;
	}
	int rc = for_student ? match_topk_for_student(snap, (match_id)id, k, hits, &n)
	                     : match_topk_for_position(snap, (match_id)id, k, hits, &n);
	json_t *out = rc == 0         ? hits_json(hits, n, for_student, (match_id)id)
	              : rc == -ENOENT ? json_array()
	                              : NULL;
	pthread_rwlock_unlock(&lock);
	free(hits);
	return out;
}

json_t *recommend_for_student(struct store *db, int64_t student_id, size_t k)
{
	return topk(db, student_id, k, 1);
}

json_t *recommend_for_position(struct store *db, int64_t position_id, size_t k)
{
	return topk(db, position_id, k, 0);
}

int recommend_student_hits(struct store *db, int64_t student_id, size_t k,
                           int (*skip)(void *arg, const struct match_hit *hit),
                           int (*each)(void *arg, const struct match_hit *hit,
                                       const struct match_explanation *why),
                           void *arg)
{
	if (k > 200)
		k = 200;
	struct match_hit *hits = calloc(k ? k : 1, sizeof(*hits));
	struct match_explanation *e = malloc(sizeof(*e));
	size_t n = 0;
	if (!hits || !e || acquire(db)) {
		free(hits);
		free(e);
		return -1;
	}
	int rc = match_topk_for_student(snap, (match_id)student_id, k, hits, &n);
	if (rc == -ENOENT)
		rc = 0; /* not in the snapshot (closed): nothing to recommend */
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (!skip || !skip(arg, &hits[i]))
			rc = each(arg, &hits[i],
			          match_explain(snap, (match_id)student_id, hits[i].id, e) == 0
			              ? e
			              : NULL);
	pthread_rwlock_unlock(&lock);
	free(hits);
	free(e);
	return rc ? -1 : 0;
}

json_t *recommend_explain(struct store *db, int64_t student_id, int64_t position_id)
{
	struct match_explanation e;
	if (acquire(db))
		return NULL;
	json_t *out = match_explain(snap, (match_id)student_id, (match_id)position_id, &e) == 0
	                  ? explanation_json(&e)
	                  : json_null();
	pthread_rwlock_unlock(&lock);
	return out;
}

int recommend_with_snapshot(struct store *db,
                            int (*fn)(void *arg, const struct match_snapshot *snap), void *arg)
{
	if (acquire(db))
		return -1;
	int rc = fn(arg, snap);
	pthread_rwlock_unlock(&lock);
	return rc;
}

/* Reads student id into c as the store sees it now (the lock held).
 * 0, or -1 when the store failed or memory ran out. */
static int student_read(struct store *db, int64_t id, struct recommend_change *c)
{
	struct store_stmt *q = store_query(db, STUDENT_COLUMNS " AND s.id = ?", "i", id);
	int rc = STORE_ERROR;
	c->generation = generation;
	c->follows = follows;
	c->id = id;
	if (q) {
		rc = store_step(q);
		c->gone = rc == STORE_DONE;
		if (rc == STORE_ROW)
			rc = student_from_row(q, &c->st, &c->certs) ||
			             student_lists(db, id, &c->skills, &c->marks)
			         ? STORE_ERROR
			         : STORE_DONE;
		store_finalize(q);
	}
	c->st.skills = c->skills.v;
	c->st.n_skills = c->skills.n;
	c->st.interests = c->marks.v;
	c->st.n_interests = c->marks.n;
	return rc == STORE_DONE ? 0 : -1;
}

/* Applies c to the snapshot (the exclusive lock held).  0, or -1 when it
 * must be rebuilt: read for another snapshot (rebuilt meanwhile), or a
 * student who left. */
static int student_apply(struct recommend_change *c)
{
	int r = c->generation != generation || c->gone
	            ? -1
	            : match_snapshot_update_student(snap, &c->st);
	if (r == -ENOENT)
		r = match_snapshot_add_student(snap, &c->st) < 0 ? -1 : 0;
	return r ? -1 : 0;
}

int recommend_student_read(struct store *db, int64_t id, struct recommend_change **out)
{
	*out = NULL;
	pthread_rwlock_rdlock(&lock); /* the dictionaries' maps belong to the snapshot */
	if (!snap || stale) {
		pthread_rwlock_unlock(&lock);
		return 0; /* nothing to keep current: the next use builds it */
	}
	struct recommend_change *c = calloc(1, sizeof(*c));
	int rc = c ? student_read(db, id, c) : -1;
	pthread_rwlock_unlock(&lock);
	if (rc) {
		recommend_discard(c);
		return -1;
	}
	*out = c;
	return 0;
}

void recommend_discard(struct recommend_change *c)
{
	if (!c)
		return;
	VEC_FREE(&c->skills);
	VEC_FREE(&c->certs);
	VEC_FREE(&c->marks);
	free(c);
}

void recommend_apply(struct recommend_change *c)
{
	if (!c)
		return;
	pthread_rwlock_wrlock(&lock);
	/* A follow() since c was read may have read the student as another
	 * instance left them after c's commit: read them again at next use. */
	if (snap && !stale &&
	    (student_apply(c) || (c->follows != follows && VEC_PUSH(&recheck, c->id))))
		stale = 1;
	pthread_rwlock_unlock(&lock);
	recommend_discard(c);
}

void recommend_student_changed(struct store *db, int64_t id)
{
	struct recommend_change *c;
	if (recommend_student_read(db, id, &c))
		recommend_invalidate(); /* could not read it: rebuild on next use */
	else
		recommend_apply(c);
}

void recommend_position_changed(struct store *db, int64_t id)
{
	pthread_rwlock_wrlock(&lock);
	if (snap && !stale && position_reread(db, id))
		stale = 1;
	pthread_rwlock_unlock(&lock);
}

void recommend_invalidate(void)
{
	pthread_rwlock_wrlock(&lock);
	stale = 1;
	pthread_rwlock_unlock(&lock);
}

void recommend_release(void)
{
	pthread_rwlock_wrlock(&lock);
	match_snapshot_free(snap);
	snap = NULL;
	stale = 1;
	idmap_free(&skills);
	idmap_free(&certs);
	VEC_FREE(&recheck);
	pthread_rwlock_unlock(&lock);
}

int recommend_own_scale(void)
{
	struct match_weights w;
	match_weights_default(&w);
	return w.major_same + w.skills_required + w.skills_preferred + w.certificates +
	       w.city_first + w.salary;
}

int recommend_own_scores(struct store *db, int64_t student_id, const int64_t *position_ids,
                         const unsigned char *applied, size_t n, int32_t *scores)
{
	if (acquire(db))
		return -1;
	int32_t interest = match_snapshot_weights(snap)->interest_applied;
	for (size_t i = 0; i < n; i++) {
		int32_t s =
		    match_score(snap, (match_id)student_id, (match_id)position_ids[i], NULL);
		scores[i] = s < 0 ? -1 : applied[i] && s >= interest ? s - interest : s;
	}
	pthread_rwlock_unlock(&lock);
	return 0;
}
