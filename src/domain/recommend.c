#include "domain/recommend.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "match/match.h"

static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static struct match_snapshot *snap;
static int stale = 1;

/* Dictionary ids (skill "plc", certificate "cet4") -> engine integers:
 * 1 + the position in the id-sorted dictionary. */
struct idmap {
	char **ids;
	size_t n;
};
static struct idmap skills, certs;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static uint32_t idmap_get(const struct idmap *m, const char *id)
{
	char **hit = id ? bsearch(&id, m->ids, m->n, sizeof(char *), cmp_str) : NULL;
	return hit ? (uint32_t)(hit - m->ids) + 1 : 0;
}

static void idmap_free(struct idmap *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->ids[i]);
	free(m->ids);
	m->ids = NULL;
	m->n = 0;
}

/* Loads a dictionary's ids (sorted by the query) and labels. */
static int load_dict(struct store *db, struct match_snapshot *s, struct idmap *m, const char *sql,
		     enum match_dict dict)
{
	struct store_stmt *st = store_query(db, sql, "");
	size_t cap = 0;
	if (!st)
		return -1;
	while (store_step(st) == STORE_ROW) {
		if (m->n == cap) {
			cap = cap ? cap * 2 : 512;
			char **p = realloc(m->ids, cap * sizeof(char *));
			if (!p)
				break;
			m->ids = p;
		}
		m->ids[m->n] = strdup(store_column_text(st, 0));
		m->n++;
		match_snapshot_set_label(s, dict, (uint32_t)m->n, store_column_text(st, 1));
	}
	store_finalize(st);
	return 0;
}

static int load_labels(struct store *db, struct match_snapshot *s)
{
	struct store_stmt *st = store_query(db, "SELECT code, name FROM dict_majors", "");
	while (st && store_step(st) == STORE_ROW)
		match_snapshot_set_label(s, MATCH_DICT_MAJOR, match_major_code(store_column_text(st, 0)),
					 store_column_text(st, 1));
	store_finalize(st);
	st = store_query(db, "SELECT code, name FROM dict_cities", "");
	while (st && store_step(st) == STORE_ROW)
		match_snapshot_set_label(s, MATCH_DICT_CITY,
					 (uint32_t)strtoul(store_column_text(st, 0), NULL, 10),
					 store_column_text(st, 1));
	store_finalize(st);
	return 0;
}

/* ---- students ---- */

#define STUDENT_COLUMNS                                                                            \
	"SELECT s.id, s.major_code, s.grad_year, s.degree, s.discoverable, s.cities, s.salary_min," \
	" s.certificates FROM students s WHERE s.closed_at IS NULL"

struct uvec {
	uint32_t *v;
	size_t n, cap;
};

static void uvec_push(struct uvec *u, uint32_t x)
{
	if (u->n == u->cap) {
		size_t cap = u->cap ? u->cap * 2 : 16;
		uint32_t *p = realloc(u->v, cap * sizeof(uint32_t));
		if (!p)
			return;
		u->v = p;
		u->cap = cap;
	}
	u->v[u->n++] = x;
}

/* Fills st from the current row of a STUDENT_COLUMNS query; the lists go
 * into certs_out (the caller frees). */
static void student_from_row(struct store_stmt *q, struct match_student *st, struct uvec *cert_v)
{
	memset(st, 0, sizeof(*st));
	st->id = (match_id)store_column_int64(q, 0);
	const char *major = store_column_text(q, 1);
	st->major = major ? match_major_code(major) : 0;
	st->grad_year = (uint16_t)store_column_int64(q, 2);
	st->degree = (uint8_t)store_column_int64(q, 3);
	st->discoverable = (uint8_t)store_column_int64(q, 4);
	json_t *cities = json_loads(store_column_text(q, 5) ? store_column_text(q, 5) : "[]", 0, NULL);
	size_t i;
	json_t *v;
	json_array_foreach(cities, i, v)
	{
		if (i < MATCH_MAX_CITIES)
			st->cities[i] = (uint32_t)strtoul(json_string_value(v) ? json_string_value(v) : "0",
							  NULL, 10);
	}
	json_decref(cities);
	int64_t salary = store_column_int64(q, 6);
	st->salary_expected = salary > 0 && salary <= 10000000 ? (uint32_t)salary : 0;
	cert_v->n = 0;
	json_t *cs = json_loads(store_column_text(q, 7) ? store_column_text(q, 7) : "[]", 0, NULL);
	json_array_foreach(cs, i, v)
	{
		uint32_t id = idmap_get(&certs, json_string_value(v));
		if (id && cert_v->n < MATCH_MAX_LIST)
			uvec_push(cert_v, id);
	}
	json_decref(cs);
	st->certificates = cert_v->v;
	st->n_certificates = cert_v->n;
}

/* Reads one student's skills and interests (applications) into vectors. */
static void student_lists(struct store *db, int64_t id, struct uvec *sk,
			  struct match_interest_mark **marks, size_t *nmarks)
{
	sk->n = 0;
	struct store_stmt *q =
	    store_query(db, "SELECT skill_id FROM student_skills WHERE student_id = ?", "i", id);
	while (q && store_step(q) == STORE_ROW)
		if (sk->n < MATCH_MAX_LIST)
			uvec_push(sk, idmap_get(&skills, store_column_text(q, 0)));
	store_finalize(q);
	*nmarks = 0;
	q = store_query(db,
			"SELECT position_id FROM applications WHERE student_id = ? AND"
			" status <> 'withdrawn' ORDER BY position_id LIMIT 255",
			"i", id);
	size_t cap = 0;
	while (q && store_step(q) == STORE_ROW) {
		if (*nmarks == cap) {
			cap = cap ? cap * 2 : 8;
			struct match_interest_mark *p = realloc(*marks, cap * sizeof(**marks));
			if (!p)
				break;
			*marks = p;
		}
		(*marks)[*nmarks].position = (match_id)store_column_int64(q, 0);
		(*marks)[(*nmarks)++].level = MATCH_INTEREST_APPLIED;
	}
	store_finalize(q);
}

/* ---- positions ---- */

#define POSITION_COLUMNS                                                                           \
	"SELECT p.id, p.city_code, p.salary_min, p.salary_max, p.grad_year_min, p.grad_year_max,"   \
	" p.min_degree, p.status, p.headcount, (SELECT COUNT(*) FROM applications a WHERE"          \
	" a.position_id = p.id AND a.status = 'accepted'), p.deadline FROM positions p"

static uint32_t salary_of(struct store_stmt *q, int col)
{
	int64_t v = store_column_int64(q, col);
	return v > 0 && v <= 10000000 ? (uint32_t)v : 0;
}

static void position_from_row(struct store *db, struct store_stmt *q, struct match_position *p,
			      struct uvec *majors, struct uvec *req, struct uvec *pref)
{
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
	struct store_stmt *m =
	    store_query(db, "SELECT major_code FROM position_majors WHERE position_id = ?", "i", id);
	while (m && store_step(m) == STORE_ROW) {
		uint32_t code = match_major_code(store_column_text(m, 0));
		if (code && majors->n < MATCH_MAX_LIST)
			uvec_push(majors, code);
	}
	store_finalize(m);
	m = store_query(db, "SELECT skill_id, required FROM position_skills WHERE position_id = ?",
			"i", id);
	while (m && store_step(m) == STORE_ROW) {
		uint32_t sk = idmap_get(&skills, store_column_text(m, 0));
		struct uvec *to = store_column_int64(m, 1) ? req : pref;
		if (sk && to->n < MATCH_MAX_LIST)
			uvec_push(to, sk);
	}
	store_finalize(m);
	/* A position that lists majors accepts only those (as applying does). */
	p->majors_required = majors->n > 0;
	p->majors = majors->v;
	p->n_majors = majors->n;
	p->skills_required = req->v;
	p->n_skills_required = req->n;
	p->skills_preferred = pref->v;
	p->n_skills_preferred = pref->n;
}

/* ---- building ---- */

static struct match_snapshot *build(struct store *db)
{
	struct match_snapshot *s = match_snapshot_new(NULL);
	struct uvec a = {0}, b = {0}, c = {0};
	struct match_interest_mark *marks = NULL;
	size_t nmarks = 0;
	int64_t t0 = now_micros();
	if (!s)
		return NULL;
	idmap_free(&skills);
	idmap_free(&certs);
	load_dict(db, s, &skills, "SELECT id, name FROM dict_skills ORDER BY id", MATCH_DICT_SKILL);
	load_dict(db, s, &certs, "SELECT id, name FROM dict_certificates ORDER BY id",
		  MATCH_DICT_CERTIFICATE);
	load_labels(db, s);
	/* Positions: one query for the rows, one per position for its lists
	 * (6,680 at the article's scale). */
	struct store_stmt *q = store_query(db, POSITION_COLUMNS, "");
	while (q && store_step(q) == STORE_ROW) {
		struct match_position p;
		position_from_row(db, q, &p, &a, &b, &c);
		match_snapshot_add_position(s, &p);
	}
	store_finalize(q);
	/* Students: skills and applications come in two ordered scans merged
	 * by student id, not a query per student. */
	struct store_stmt *sk =
	    store_query(db, "SELECT student_id, skill_id FROM student_skills ORDER BY student_id", "");
	struct store_stmt *ap = store_query(db,
					    "SELECT student_id, position_id FROM applications WHERE"
					    " status <> 'withdrawn' ORDER BY student_id, position_id",
					    "");
	int sk_rc = sk ? store_step(sk) : STORE_DONE, ap_rc = ap ? store_step(ap) : STORE_DONE;
	size_t cap = 0;
	q = store_query(db, STUDENT_COLUMNS " ORDER BY s.id", "");
	while (q && store_step(q) == STORE_ROW) {
		struct match_student st;
		student_from_row(q, &st, &c);
		int64_t id = store_column_int64(q, 0);
		a.n = 0;
		while (sk_rc == STORE_ROW && store_column_int64(sk, 0) <= id) {
			if (store_column_int64(sk, 0) == id && a.n < MATCH_MAX_LIST)
				uvec_push(&a, idmap_get(&skills, store_column_text(sk, 1)));
			sk_rc = store_step(sk);
		}
		nmarks = 0;
		while (ap_rc == STORE_ROW && store_column_int64(ap, 0) <= id) {
			if (store_column_int64(ap, 0) == id && nmarks < MATCH_MAX_LIST) {
				if (nmarks == cap) {
					cap = cap ? cap * 2 : 16;
					marks = realloc(marks, cap * sizeof(*marks));
				}
				marks[nmarks].position = (match_id)store_column_int64(ap, 1);
				marks[nmarks++].level = MATCH_INTEREST_APPLIED;
			}
			ap_rc = store_step(ap);
		}
		st.skills = a.v;
		st.n_skills = a.n;
		st.interests = marks;
		st.n_interests = nmarks;
		match_snapshot_add_student(s, &st);
	}
	store_finalize(q);
	store_finalize(sk);
	store_finalize(ap);
	free(a.v);
	free(b.v);
	free(c.v);
	free(marks);
	if (match_snapshot_freeze(s)) {
		match_snapshot_free(s);
		return NULL;
	}
	log_info("recommendations: %zu students, %zu positions loaded in %.2f s",
		 match_snapshot_student_count(s), match_snapshot_position_count(s),
		 (double)(now_micros() - t0) / 1e6);
	return s;
}

/* Takes the shared lock on a current snapshot (building it first when
 * needed); returns 0, or -1 when it cannot be built. */
static int acquire(struct store *db)
{
	pthread_rwlock_rdlock(&lock);
	if (!stale && snap)
		return 0;
	pthread_rwlock_unlock(&lock);
	pthread_rwlock_wrlock(&lock);
	if (stale || !snap) { /* another thread may have built it meanwhile */
		match_snapshot_free(snap);
		snap = build(db);
		stale = snap == NULL;
	}
	pthread_rwlock_unlock(&lock);
	pthread_rwlock_rdlock(&lock);
	if (snap)
		return 0;
	pthread_rwlock_unlock(&lock);
	return -1;
}

static json_t *explanation_json(const struct match_explanation *e)
{
	json_t *comps = json_array(), *vetoes = json_array();
	for (size_t i = 0; i < e->n_components; i++) {
		const struct match_component *c = &e->components[i];
		json_array_append_new(comps, json_pack("{s:s, s:s, s:i, s:i, s:s}", "key", c->key,
						       "label", c->label, "points", c->points,
						       "max_points", c->max_points, "reason", c->reason));
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
		json_t *why = match_explain(snap, s, p, &e) == 0 ? explanation_json(&e) : json_null();
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
	json_t *out = rc == 0 ? hits_json(hits, n, for_student, (match_id)id)
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

void recommend_student_changed(struct store *db, int64_t id)
{
	pthread_rwlock_wrlock(&lock);
	if (snap && !stale) {
		struct uvec sk = {0}, cv = {0};
		struct match_interest_mark *marks = NULL;
		size_t nmarks = 0;
		struct store_stmt *q = store_query(db, STUDENT_COLUMNS " AND s.id = ?", "i", id);
		int rc = q ? store_step(q) : STORE_ERROR;
		if (rc == STORE_ROW) {
			struct match_student st;
			student_from_row(q, &st, &cv);
			student_lists(db, id, &sk, &marks, &nmarks);
			st.skills = sk.v;
			st.n_skills = sk.n;
			st.interests = marks;
			st.n_interests = nmarks;
			int r = match_snapshot_update_student(snap, &st);
			if (r == -ENOENT)
				r = match_snapshot_add_student(snap, &st) < 0 ? -1 : 0;
			if (r)
				stale = 1;
		} else {
			/* closed or gone: the engine keeps no "remove"; rebuild */
			stale = 1;
		}
		store_finalize(q);
		free(sk.v);
		free(cv.v);
		free(marks);
	}
	pthread_rwlock_unlock(&lock);
}

void recommend_position_changed(struct store *db, int64_t id)
{
	pthread_rwlock_wrlock(&lock);
	if (snap && !stale) {
		struct uvec a = {0}, b = {0}, c = {0};
		struct store_stmt *q = store_query(db, POSITION_COLUMNS " WHERE p.id = ?", "i", id);
		if (q && store_step(q) == STORE_ROW) {
			struct match_position p;
			position_from_row(db, q, &p, &a, &b, &c);
			int r = match_snapshot_update_position(snap, &p);
			if (r == -ENOENT)
				r = match_snapshot_add_position(snap, &p) < 0 ? -1 : 0;
			if (r)
				stale = 1;
		} else {
			stale = 1;
		}
		store_finalize(q);
		free(a.v);
		free(b.v);
		free(c.v);
	}
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
	pthread_rwlock_unlock(&lock);
}
