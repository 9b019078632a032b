/*
 * match.c - the matching engine: design notes, and the snapshot.
 *
 * DESIGN NOTES
 *
 * The engine answers four questions about students and positions (岗位):
 * how well does this pair fit and why; which positions suit this student
 * (为你推荐); which students suit this position (推荐人选); and, for a round of
 * placements, who goes where so that no student and position would both
 * rather have each other (a stable matching).  It is pure: the caller hands it
 * a snapshot of the data, and it never reads a database, a clock or a random
 * source.  The files:
 *
 *   match.c        these notes; the snapshot: loading, edits, indexes, labels
 *   match_score.c  the reference scorer, explanations (中文 reasons)
 *   match_topk.c   the scalar fast scorer; top-k for one student or one
 *                  position; the incremental refresh of cached lists
 *   match_market.c both sides' top-k for the whole market at once: blocks of
 *                  columns and a vector kernel (notes 10 to 13 there)
 *   match_da.c     deferred acceptance, the stability check, rankings by score
 *   (src/cli/cmd_match.c is the `skyway match` command line over CSV files)
 *
 * Invariants and the reasons for them:
 *
 *  1. Units.  A score is a sum of seven integer components (points); the
 *     weights are integers.  Each component is computed with integer
 *     arithmetic that rounds down, and the total is defined as the sum, so
 *     an explanation adds up to its score exactly, and two machines agree.
 *     With the default weights a perfect pair scores 10000.
 *
 *  2. Order.  Lists are ordered by score descending, then by id ascending.
 *     The pair (score, id) is packed into one 64-bit key, larger is better
 *     (hit_key()): the score in the high half, ~id in the low half.  This is a
 *     total order on a list's candidates, so "the top k" is one well-defined
 *     set, whatever order candidates arrive in and however many threads look
 *     at them.  This is why ids must fit in 32 bits.
 *
 *  3. Three scorers, one score.  score_reference() (match_score.c) is the
 *     specification: plain loops over sorted lists of raw ids, divisions
 *     and all.  The scalar fast scorer (match_topk.c) tests a student's
 *     skills, as dense dictionary indexes, against a position's bitmap, with
 *     values precomputed per position.  The vector kernel (match_market.c)
 *     scores a student against a whole block of positions at once.  They
 *     must agree to the point; match_market_topk_naive() runs the reference
 *     over every pair, and the tests and the bench compare them.  The rules
 *     were chosen so that the fast forms need no division per pair: a list
 *     component is have * (weight / n), or the whole weight when have == n;
 *     salary is in four steps (design of salary_points()).
 *
 *  4. Candidates.  A position whose majors are required only accepts a
 *     student whose major lies inside one of its codes, so in particular
 *     shares the code's category.  A position whose majors are only
 *     preferred gives major points only when a code shares at least the
 *     category.  Hence the snapshot keeps:
 *       by_category[c]  every position with a code in category c (once);
 *       unrestricted    every position whose majors are not required.
 *     The candidates of a student of category c are by_category[c], plus the
 *     unrestricted positions with no code in c (catmask tells which, and
 *     those score 0 for major fit).  Every other position vetoes the student.
 *     With the demo's data this leaves about 1 in 5 pairs to look at.
 *
 *  5. Pruning (one student's query).  The cheap components (major fit,
 *     city, salary, interest) are computed first; skills and certificates
 *     add at most extra_max, a property of the position.  A pair whose bound,
 *     as a key with the best possible id, is not above the current k-th best
 *     key is skipped: its score can only be lower, and the k-th best key only
 *     rises as candidates arrive.
 *
 *  6. Threads.  match_market_topk() gives each thread chunks of students
 *     (taken from an atomic counter) and private top-k heaps for positions,
 *     merged by key at the end.  By note 2 the merged top-k is the same for
 *     any number of threads and any schedule.  Every other function runs in
 *     the caller's thread, except match_prefs_from_scores() and the
 *     *_by_score functions, which split the scoring of students likewise.
 *
 *  7. Indexes of entities never change: students and positions are numbered
 *     in the order they were added, and an edit replaces the record in place.
 *     Variable-length lists live in one pool; an edit appends the new lists
 *     and counts the old ones as garbage, which is compacted when it grows
 *     to half the pool.  The dictionaries of skills and certificates only
 *     grow; when a new skill needs more bitmap words, every position's row is
 *     copied to the wider stride.
 *
 *  8. Bulk loading defers one index (students sorted by major, with which
 *     match_topk_for_position() finds the students a restricted position
 *     accepts, and match_market_topk() cuts the students into blocks) to
 *     match_snapshot_freeze().  After freezing, adds and edits keep it
 *     sorted with one memmove.
 *
 *  9. Thread safety: readers (scores, top-k, market) may run together; an
 *     edit needs the snapshot to itself.  The caller provides the lock.
 *
 * (Notes 10 to 13, on the whole-market computation, are in match_market.c.)
 *
 * The life of a snapshot:
 *
 *     new --add*--> loaded --freeze--> frozen --(add|update|query)*--> free
 *
 * Scores and explanations work in any state; top-k functions need frozen.
 */
/* for MADV_HUGEPAGE: a hint about memory, not I/O */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#include "match_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* ---- large arrays --------------------------------------------------------- */

void *big_alloc(size_t size)
{
	const size_t huge = (size_t)2 << 20;
	void *p;

	if (size < huge / 2)
		return malloc(size ? size : 1);
	size = (size + huge - 1) / huge * huge;
	p = aligned_alloc(huge, size);
#ifdef MADV_HUGEPAGE
	if (p)
		madvise(p, size, MADV_HUGEPAGE); /* only a hint: failure is fine */
#endif
	return p;
}

void *big_calloc(size_t n, size_t size)
{
	void *p;

	if (size && n > SIZE_MAX / size)
		return NULL;
	p = big_alloc(n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

/* ---- small containers --------------------------------------------------- */

void u32map_release(struct u32map *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

uint32_t u32map_get(const struct u32map *m, uint32_t key)
{
	if (m->cap == 0)
		return NONE32;
	size_t mask = m->cap - 1;
	for (size_t i = hash32(key) & mask;; i = (i + 1) & mask) {
		if (m->keys[i] == key)
			return m->vals[i];
		if (m->keys[i] == NONE32)
			return NONE32;
	}
}

static int u32map_grow(struct u32map *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 64;
	uint32_t *keys = malloc(ncap * sizeof(*keys));
	uint32_t *vals = malloc(ncap * sizeof(*vals));

	if (!keys || !vals) {
		free(keys);
		free(vals);
		return -ENOMEM;
	}
	memset(keys, 0xff, ncap * sizeof(*keys));
	for (size_t i = 0; i < m->cap; i++) {
		if (m->keys[i] == NONE32)
			continue;
		size_t j = hash32(m->keys[i]) & (ncap - 1);
		while (keys[j] != NONE32)
			j = (j + 1) & (ncap - 1);
		keys[j] = m->keys[i];
		vals[j] = m->vals[i];
	}
	free(m->keys);
	free(m->vals);
	m->keys = keys;
	m->vals = vals;
	m->cap = ncap;
	return 0;
}

int u32map_put(struct u32map *m, uint32_t key, uint32_t val)
{
	if ((m->n + 1) * 2 > m->cap && u32map_grow(m) < 0)
		return -ENOMEM;
	size_t mask = m->cap - 1;
	size_t i = hash32(key) & mask;
	while (m->keys[i] != NONE32 && m->keys[i] != key)
		i = (i + 1) & mask;
	if (m->keys[i] == NONE32)
		m->n++;
	m->keys[i] = key;
	m->vals[i] = val;
	return 0;
}

int u32vec_push(struct u32vec *a, uint32_t x)
{
	if (a->n == a->cap) {
		size_t ncap = a->cap ? a->cap * 2 : 16;
		uint32_t *v = realloc(a->v, ncap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		a->v = v;
		a->cap = ncap;
	}
	a->v[a->n++] = x;
	return 0;
}

void u32vec_remove(struct u32vec *a, uint32_t x)
{
	for (size_t i = 0; i < a->n; i++) {
		if (a->v[i] == x) {
			memmove(a->v + i, a->v + i + 1, (a->n - i - 1) * sizeof(*a->v));
			a->n--;
			return;
		}
	}
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Sorts and removes duplicates in place; returns the new length. */
static size_t sort_unique(uint32_t *a, size_t n)
{
	size_t k = 0;

	if (n == 0)
		return 0;
	qsort(a, n, sizeof(*a), cmp_u32);
	for (size_t i = 1; i < n; i++)
		if (a[i] != a[k])
			a[++k] = a[i];
	return k + 1;
}

/* Copies n items (src may be NULL when n is 0), then sorts them and removes
 * duplicates; returns the new length. */
static size_t copy_sort_unique(uint32_t *a, const uint32_t *src, size_t n)
{
	if (n)
		memcpy(a, src, n * sizeof(*a));
	return sort_unique(a, n);
}

/* ---- weights and major codes -------------------------------------------- */

void match_weights_default(struct match_weights *w)
{
	/* Required skills weigh most (issue 14: a position needing four skills
	 * the student has none of must not top their list on the major alone);
	 * a perfect pair still scores 10000. */
	w->major_same = 1800;
	w->major_class = 1200;
	w->major_category = 600;
	w->skills_required = 4700;
	w->skills_preferred = 500;
	w->certificates = 800;
	w->city_first = 800;
	w->city_other = 400;
	w->city_no_preference = 400;
	w->salary = 700;
	w->interest_viewed = 250;
	w->interest_saved = 500;
	w->interest_applied = 700;
}

int match_weights_check(const struct match_weights *w)
{
	const int32_t *f = (const int32_t *)w;

	for (size_t i = 0; i < sizeof(*w) / sizeof(int32_t); i++)
		if (f[i] < 0 || f[i] > 1000000)
			return -EINVAL;
	return 0;
}

uint32_t match_major_code(const char *text)
{
	size_t len = 0;
	uint32_t v = 0;

	if (!text)
		return 0;
	for (; text[len]; len++) {
		if (text[len] < '0' || text[len] > '9' || len >= 6)
			return 0;
		v = v * 10 + (uint32_t)(text[len] - '0');
	}
	switch (len) {
	case 2:
		return (v * 10000) << 2 | 1;
	case 4:
		return (v * 100) << 2 | 2;
	case 6:
		return v << 2 | 3;
	}
	return 0;
}

int match_major_level(uint32_t code)
{
	uint32_t n6 = code_norm6(code);
	int lvl = code_level(code);

	if (lvl == 0 || n6 > 999999)
		return 0;
	if (lvl == 1 && n6 % 10000)
		return 0;
	if (lvl == 2 && n6 % 100)
		return 0;
	return lvl;
}

char *match_major_format(uint32_t code, char *buf)
{
	static const uint32_t div[4] = {1, 10000, 100, 1};
	static const int width[4] = {0, 2, 4, 6};
	int lvl = match_major_level(code);
	uint32_t v;

	buf[0] = '\0';
	if (!lvl)
		return buf;
	v = code_norm6(code) / div[lvl];
	for (int i = width[lvl] - 1; i >= 0; i--) {
		buf[i] = (char)('0' + v % 10);
		v /= 10;
	}
	buf[width[lvl]] = '\0';
	return buf;
}

uint32_t match_major_category(uint32_t code)
{
	return match_major_level(code) ? (code_norm6(code) / 10000 * 10000) << 2 | 1 : 0;
}

uint32_t match_major_class(uint32_t code)
{
	return match_major_level(code) >= 2 ? (code_norm6(code) / 100 * 100) << 2 | 2 : 0;
}

/* ---- the pool ----------------------------------------------------------- */

static int pool_reserve(struct match_snapshot *sn, size_t more)
{
	if (sn->pool_len + more <= sn->pool_cap)
		return 0;
	size_t ncap = sn->pool_cap ? sn->pool_cap : 4096;
	while (ncap < sn->pool_len + more)
		ncap *= 2;
	if (ncap > UINT32_MAX)
		return -ENOMEM;
	uint32_t *p = realloc(sn->pool, ncap * sizeof(*p));
	if (!p)
		return -ENOMEM;
	sn->pool = p;
	sn->pool_cap = ncap;
	return 0;
}

/* Appends n items (reserved beforehand); returns their offset. */
static uint32_t pool_append(struct match_snapshot *sn, const uint32_t *items, size_t n)
{
	uint32_t off = (uint32_t)sn->pool_len;

	if (n)
		memcpy(sn->pool + off, items, n * sizeof(*items));
	sn->pool_len += n;
	return off;
}

static size_t student_pool_size(const struct student_rec *s)
{
	return 2 * (size_t)s->n_skills + 2 * (size_t)s->n_certs + 2 * (size_t)s->n_interests;
}

static size_t position_pool_size(const struct position_rec *p)
{
	return (size_t)p->n_codes + p->n_req + p->n_pref + p->n_certs;
}

/* Copies every live list into a fresh pool (design note 7). */
static int pool_compact(struct match_snapshot *sn)
{
	size_t live = sn->pool_len - sn->pool_garbage;
	uint32_t *np = malloc((live ? live : 1) * sizeof(*np));
	size_t at = 0;

	if (!np)
		return -ENOMEM;
#define MOVE(off, n)                                                                               \
	do {                                                                                       \
		memcpy(np + at, sn->pool + (off), (size_t)(n) * sizeof(*np));                      \
		(off) = (uint32_t)at;                                                              \
		at += (n);                                                                         \
	} while (0)
	for (size_t i = 0; i < sn->n_students; i++) {
		struct student_rec *s = &sn->students[i];
		MOVE(s->skills_off, s->n_skills);
		MOVE(s->dskills_off, s->n_skills);
		MOVE(s->certs_off, s->n_certs);
		MOVE(s->dcerts_off, s->n_certs);
		MOVE(s->interests_off, 2 * (size_t)s->n_interests);
	}
	for (size_t i = 0; i < sn->n_positions; i++) {
		struct position_rec *p = &sn->positions[i];
		MOVE(p->codes_off, p->n_codes);
		MOVE(p->req_off, p->n_req);
		MOVE(p->pref_off, p->n_pref);
		MOVE(p->certs_off, p->n_certs);
	}
#undef MOVE
	free(sn->pool);
	sn->pool = np;
	sn->pool_len = at;
	sn->pool_cap = live ? live : 1;
	sn->pool_garbage = 0;
	return 0;
}

static void pool_discard(struct match_snapshot *sn, size_t n)
{
	sn->pool_garbage += n;
	if (sn->pool_garbage > (1u << 16) && sn->pool_garbage * 2 > sn->pool_len)
		pool_compact(sn); /* on failure the garbage simply stays */
}

/* ---- dictionaries and bitmaps ------------------------------------------- */

/* Widens every position's row of a bitmap to nwords (design note 7). */
static int widen_bits(struct match_snapshot *sn, uint64_t **bits, size_t *words, size_t nwords)
{
	size_t rows = sn->cap_positions ? sn->cap_positions : 1;
	uint64_t *nb = calloc(rows * nwords, sizeof(*nb));

	if (!nb)
		return -ENOMEM;
	for (size_t p = 0; p < sn->n_positions; p++)
		memcpy(nb + p * nwords, *bits + p * *words, *words * sizeof(*nb));
	free(*bits);
	*bits = nb;
	*words = nwords;
	return 0;
}

/*
 * The dense index of a raw id, interning it when new.  bits_per_item is 2 for
 * skills and 1 for certificates.  Returns the index or -ENOMEM.
 */
static long intern(struct match_snapshot *sn, struct u32map *dict, uint32_t *count, uint64_t **bits,
                   size_t *words, unsigned bits_per_item, uint32_t raw)
{
	uint32_t d = u32map_get(dict, raw);

	if (d != NONE32)
		return d;
	d = *count;
	if ((size_t)(d + 1) * bits_per_item > *words * 64) {
		size_t nw = *words ? *words * 2 : 1;
		if (widen_bits(sn, bits, words, nw) < 0)
			return -ENOMEM;
	}
	if (u32map_put(dict, raw, d) < 0)
		return -ENOMEM;
	(*count)++;
	return d;
}

static long intern_skill(struct match_snapshot *sn, uint32_t raw)
{
	return intern(sn, &sn->skill_dense, &sn->n_skill_dense, &sn->pos_skill_bits,
	              &sn->skill_words, 2, raw);
}

static long intern_cert(struct match_snapshot *sn, uint32_t raw)
{
	return intern(sn, &sn->cert_dense, &sn->n_cert_dense, &sn->pos_cert_bits, &sn->cert_words,
	              1, raw);
}

/* ---- snapshot life ------------------------------------------------------ */

struct match_snapshot *match_snapshot_new(const struct match_weights *weights)
{
	struct match_snapshot *sn = calloc(1, sizeof(*sn));

	if (!sn)
		return NULL;
	if (weights) {
		if (match_weights_check(weights) < 0) {
			free(sn);
			return NULL;
		}
		sn->w = *weights;
	} else {
		match_weights_default(&sn->w);
	}
	return sn;
}

void match_snapshot_free(struct match_snapshot *sn)
{
	if (!sn)
		return;
	free(sn->students);
	free(sn->positions);
	u32map_release(&sn->student_index);
	u32map_release(&sn->position_index);
	free(sn->pool);
	u32map_release(&sn->skill_dense);
	u32map_release(&sn->cert_dense);
	free(sn->pos_skill_bits);
	free(sn->pos_cert_bits);
	for (int c = 0; c < 100; c++)
		free(sn->by_category[c].v);
	free(sn->unrestricted.v);
	free(sn->by_major);
	for (int d = 0; d < MATCH_N_DICTS; d++)
		u32map_release(&sn->labels[d]);
	free(sn->label_pool);
	free(sn);
}

size_t match_snapshot_student_count(const struct match_snapshot *sn)
{
	return sn->n_students;
}

size_t match_snapshot_position_count(const struct match_snapshot *sn)
{
	return sn->n_positions;
}

long match_snapshot_student_index(const struct match_snapshot *sn, match_id id)
{
	uint32_t i = id > MATCH_ID_MAX ? NONE32 : u32map_get(&sn->student_index, id);

	return i == NONE32 ? -1 : (long)i;
}

long match_snapshot_position_index(const struct match_snapshot *sn, match_id id)
{
	uint32_t i = id > MATCH_ID_MAX ? NONE32 : u32map_get(&sn->position_index, id);

	return i == NONE32 ? -1 : (long)i;
}

match_id match_snapshot_student_id(const struct match_snapshot *sn, size_t index)
{
	return index < sn->n_students ? sn->students[index].id : NONE32;
}

match_id match_snapshot_position_id(const struct match_snapshot *sn, size_t index)
{
	return index < sn->n_positions ? sn->positions[index].id : NONE32;
}

const struct match_weights *match_snapshot_weights(const struct match_snapshot *sn)
{
	return &sn->w;
}

/* The fields of a position record that follow from the weights. */
static void derive_weighted(const struct match_weights *w, struct position_rec *p)
{
	const int32_t weight[3] = {w->skills_required, w->skills_preferred, w->certificates};
	const uint32_t n[3] = {p->n_req, p->n_pref, p->n_certs};

	p->extra_max = 0;
	for (int i = 0; i < 3; i++) {
		p->unit[i] = share_unit(weight[i], n[i]);
		p->rest[i] = n[i] ? weight[i] - (int32_t)n[i] * p->unit[i] : 0;
		p->extra_max += n[i] ? weight[i] : 0;
	}
}

int match_snapshot_set_weights(struct match_snapshot *sn, const struct match_weights *weights)
{
	if (!weights || match_weights_check(weights) < 0)
		return -EINVAL;
	sn->w = *weights;
	for (size_t i = 0; i < sn->n_positions; i++)
		derive_weighted(&sn->w, &sn->positions[i]);
	return 0;
}

/* ---- labels ------------------------------------------------------------- */

int match_snapshot_set_label(struct match_snapshot *sn, enum match_dict dict, uint32_t key,
                             const char *text)
{
	size_t len;

	if ((unsigned)dict >= MATCH_N_DICTS || !text || key == NONE32)
		return -EINVAL;
	len = strlen(text);
	if (len > 120)
		return -EINVAL;
	if (sn->label_len + len + 1 > sn->label_cap) {
		size_t ncap = sn->label_cap ? sn->label_cap * 2 : 4096;
		while (ncap < sn->label_len + len + 1)
			ncap *= 2;
		char *p = realloc(sn->label_pool, ncap);
		if (!p)
			return -ENOMEM;
		sn->label_pool = p;
		sn->label_cap = ncap;
	}
	if (u32map_put(&sn->labels[dict], key, (uint32_t)sn->label_len) < 0)
		return -ENOMEM;
	memcpy(sn->label_pool + sn->label_len, text, len + 1);
	sn->label_len += len + 1;
	return 0;
}

/* The label of a dictionary entry, or NULL. */
const char *snapshot_label(const struct match_snapshot *sn, enum match_dict dict, uint32_t key)
{
	uint32_t off = u32map_get(&sn->labels[dict], key);

	return off == NONE32 ? NULL : sn->label_pool + off;
}

/* ---- students ----------------------------------------------------------- */

static int cmp_interest(const void *a, const void *b)
{
	const struct match_interest_mark *x = a, *y = b;

	if (x->position != y->position)
		return x->position < y->position ? -1 : 1;
	return (x->level < y->level) - (x->level > y->level); /* strongest first */
}

/*
 * Validates st and builds its record, appending its lists to the pool.  On
 * error the pool is left as it was (the dictionaries may have grown, which is
 * harmless).
 */
static int build_student(struct match_snapshot *sn, const struct match_student *st,
                         struct student_rec *r)
{
	uint32_t skills[MATCH_MAX_LIST], certs[MATCH_MAX_LIST], dense[MATCH_MAX_LIST];
	struct match_interest_mark *marks = NULL;
	size_t n_skills, n_certs, n_marks = 0, pool_mark = sn->pool_len;
	int rc;

	if (st->id > MATCH_ID_MAX || st->degree > MATCH_DEGREE_MAX ||
	    st->salary_expected > SALARY_MAX)
		return -EINVAL;
	if (st->major && match_major_level(st->major) != 3)
		return -EINVAL;
	if (st->n_skills > MATCH_MAX_LIST || st->n_certificates > MATCH_MAX_LIST)
		return -EINVAL;
	if ((st->n_skills && !st->skills) || (st->n_certificates && !st->certificates) ||
	    (st->n_interests && !st->interests) || st->n_interests > (1u << 20))
		return -EINVAL;
	for (size_t i = 0; i < st->n_interests; i++)
		if (st->interests[i].level > MATCH_INTEREST_APPLIED ||
		    st->interests[i].position > MATCH_ID_MAX)
			return -EINVAL;

	memset(r, 0, sizeof(*r));
	r->id = st->id;
	r->major = st->major;
	r->grad_year = st->grad_year;
	r->degree = st->degree;
	r->discoverable = st->discoverable ? 1 : 0;
	for (int i = 0; i < MATCH_MAX_CITIES && st->cities[i]; i++)
		r->cities[r->n_cities++] = st->cities[i];
	r->salary = st->salary_expected;

	n_skills = copy_sort_unique(skills, st->skills, st->n_skills);
	n_certs = copy_sort_unique(certs, st->certificates, st->n_certificates);
	if (st->n_interests) {
		marks = malloc(st->n_interests * sizeof(*marks));
		if (!marks)
			return -ENOMEM;
		memcpy(marks, st->interests, st->n_interests * sizeof(*marks));
		qsort(marks, st->n_interests, sizeof(*marks), cmp_interest);
		for (size_t i = 0; i < st->n_interests; i++) {
			if (marks[i].level == MATCH_INTEREST_NONE)
				continue;
			if (n_marks && marks[n_marks - 1].position == marks[i].position)
				continue; /* sorted strongest first */
			marks[n_marks++] = marks[i];
		}
	}

	rc = pool_reserve(sn, 2 * n_skills + 2 * n_certs + 2 * n_marks);
	if (rc < 0)
		goto out;
	r->n_skills = (uint32_t)n_skills;
	r->skills_off = pool_append(sn, skills, n_skills);
	for (size_t i = 0; i < n_skills; i++) {
		long d = intern_skill(sn, skills[i]);
		if (d < 0) {
			rc = (int)d;
			goto out;
		}
		dense[i] = (uint32_t)d;
	}
	r->dskills_off = pool_append(sn, dense, n_skills);
	r->n_certs = (uint32_t)n_certs;
	r->certs_off = pool_append(sn, certs, n_certs);
	for (size_t i = 0; i < n_certs; i++) {
		long d = intern_cert(sn, certs[i]);
		if (d < 0) {
			rc = (int)d;
			goto out;
		}
		dense[i] = (uint32_t)d;
	}
	r->dcerts_off = pool_append(sn, dense, n_certs);
	r->n_interests = (uint32_t)n_marks;
	r->interests_off = (uint32_t)sn->pool_len;
	for (size_t i = 0; i < n_marks; i++) {
		sn->pool[sn->pool_len++] = marks[i].position;
		sn->pool[sn->pool_len++] = marks[i].level;
	}
	rc = 0;
out:
	if (rc < 0)
		sn->pool_len = pool_mark;
	free(marks);
	return rc;
}

size_t snapshot_by_major_lower(const struct match_snapshot *sn, size_t n, uint32_t major,
                               uint32_t idx)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint32_t j = sn->by_major[mid];
		uint32_t mj = sn->students[j].major;
		if (mj < major || (mj == major && j < idx))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int cmp_by_major_ctx_major(const struct match_snapshot *sn, uint32_t a, uint32_t b)
{
	uint32_t ma = sn->students[a].major, mb = sn->students[b].major;

	if (ma != mb)
		return ma < mb ? -1 : 1;
	return (a > b) - (a < b);
}

/* Sorts by_major[0..n) by (major, index): a radix-free merge sort, stable. */
static int sort_by_major(struct match_snapshot *sn, uint32_t *a, size_t n)
{
	uint32_t *tmp = malloc((n ? n : 1) * sizeof(*tmp));

	if (!tmp)
		return -ENOMEM;
	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				tmp[k++] =
				    cmp_by_major_ctx_major(sn, a[j], a[i]) < 0 ? a[j++] : a[i++];
			while (i < mid)
				tmp[k++] = a[i++];
			while (j < hi)
				tmp[k++] = a[j++];
		}
		memcpy(a, tmp, n * sizeof(*a));
	}
	free(tmp);
	return 0;
}

int match_snapshot_freeze(struct match_snapshot *sn)
{
	uint32_t *bm =
	    realloc(sn->by_major, (sn->cap_students ? sn->cap_students : 1) * sizeof(*bm));

	if (!bm)
		return -ENOMEM;
	sn->by_major = bm;
	for (size_t i = 0; i < sn->n_students; i++)
		bm[i] = (uint32_t)i;
	if (sort_by_major(sn, bm, sn->n_students) < 0)
		return -ENOMEM;
	sn->frozen = 1;
	return 0;
}

static int grow_students(struct match_snapshot *sn)
{
	if (sn->n_students < sn->cap_students)
		return 0;
	size_t ncap = sn->cap_students ? sn->cap_students * 2 : 1024;
	struct student_rec *s = realloc(sn->students, ncap * sizeof(*s));
	if (!s)
		return -ENOMEM;
	sn->students = s;
	if (sn->frozen) {
		uint32_t *bm = realloc(sn->by_major, ncap * sizeof(*bm));
		if (!bm)
			return -ENOMEM;
		sn->by_major = bm;
	}
	sn->cap_students = ncap;
	return 0;
}

int match_snapshot_add_student(struct match_snapshot *sn, const struct match_student *st)
{
	struct student_rec r;
	uint32_t idx = (uint32_t)sn->n_students;
	int rc;

	if (!st || st->id > MATCH_ID_MAX)
		return -EINVAL;
	if (u32map_get(&sn->student_index, st->id) != NONE32)
		return -EEXIST;
	if (sn->n_students >= INT32_MAX)
		return -ENOMEM;
	rc = grow_students(sn);
	if (rc < 0)
		return rc;
	rc = build_student(sn, st, &r);
	if (rc < 0)
		return rc;
	rc = u32map_put(&sn->student_index, st->id, idx);
	if (rc < 0) {
		sn->pool_len -= student_pool_size(&r);
		return rc;
	}
	sn->students[idx] = r;
	sn->n_students++;
	if (sn->frozen) {
		size_t at = snapshot_by_major_lower(sn, idx, r.major, idx);
		memmove(sn->by_major + at + 1, sn->by_major + at, (idx - at) * sizeof(uint32_t));
		sn->by_major[at] = idx;
	}
	return (int)idx;
}

int match_snapshot_update_student(struct match_snapshot *sn, const struct match_student *st)
{
	struct student_rec r, *old;
	size_t garbage;
	uint32_t idx;
	int rc;

	if (!st || st->id > MATCH_ID_MAX)
		return -EINVAL;
	idx = u32map_get(&sn->student_index, st->id);
	if (idx == NONE32)
		return -ENOENT;
	rc = build_student(sn, st, &r);
	if (rc < 0)
		return rc;
	old = &sn->students[idx];
	garbage = student_pool_size(old);
	if (sn->frozen && old->major != r.major) {
		size_t n = sn->n_students;
		size_t at = snapshot_by_major_lower(sn, n, old->major, idx);
		/* the student is there: by_major holds every index once */
		if (at >= n || sn->by_major[at] != idx) {
			sn->pool_len -= student_pool_size(&r);
			return -EINVAL;
		}
		memmove(sn->by_major + at, sn->by_major + at + 1, (n - at - 1) * sizeof(uint32_t));
		*old = r;
		at = snapshot_by_major_lower(sn, n - 1, r.major, idx);
		memmove(sn->by_major + at + 1, sn->by_major + at, (n - 1 - at) * sizeof(uint32_t));
		sn->by_major[at] = idx;
	} else {
		*old = r;
	}
	pool_discard(sn, garbage);
	return 0;
}

/* ---- positions ---------------------------------------------------------- */

static int grow_positions(struct match_snapshot *sn)
{
	if (sn->n_positions < sn->cap_positions)
		return 0;
	size_t ncap = sn->cap_positions ? sn->cap_positions * 2 : 256;
	struct position_rec *p = realloc(sn->positions, ncap * sizeof(*p));
	if (!p)
		return -ENOMEM;
	sn->positions = p;
	uint64_t *sb = calloc(ncap * (sn->skill_words ? sn->skill_words : 1), sizeof(*sb));
	uint64_t *cb = calloc(ncap * (sn->cert_words ? sn->cert_words : 1), sizeof(*cb));
	if (!sb || !cb) {
		free(sb);
		free(cb);
		return -ENOMEM;
	}
	if (sn->n_positions) {
		memcpy(sb, sn->pos_skill_bits, sn->n_positions * sn->skill_words * sizeof(*sb));
		memcpy(cb, sn->pos_cert_bits, sn->n_positions * sn->cert_words * sizeof(*cb));
	}
	free(sn->pos_skill_bits);
	free(sn->pos_cert_bits);
	sn->pos_skill_bits = sb;
	sn->pos_cert_bits = cb;
	sn->cap_positions = ncap;
	return 0;
}

/* Removes from a (sorted, unique) list the items present in another. */
static size_t subtract_sorted(uint32_t *a, size_t n, const uint32_t *b, size_t m)
{
	size_t k = 0, j = 0;

	for (size_t i = 0; i < n; i++) {
		while (j < m && b[j] < a[i])
			j++;
		if (j < m && b[j] == a[i])
			continue;
		a[k++] = a[i];
	}
	return k;
}

/*
 * Validates pos and builds its record and lists (appended to the pool), and
 * interns its skills and certificates.  The bitmap row is set by the caller,
 * once the record is in place.
 */
static int build_position(struct match_snapshot *sn, const struct match_position *pos,
                          struct position_rec *r)
{
	uint32_t codes[MATCH_MAX_LIST], req[MATCH_MAX_LIST], pref[MATCH_MAX_LIST];
	uint32_t certs[MATCH_MAX_LIST];
	size_t n_codes, n_req, n_pref, n_certs;
	int rc;

	if (pos->id > MATCH_ID_MAX || pos->min_degree > MATCH_DEGREE_MAX)
		return -EINVAL;
	if (pos->n_majors > MATCH_MAX_LIST || pos->n_skills_required > MATCH_MAX_LIST ||
	    pos->n_skills_preferred > MATCH_MAX_LIST || pos->n_certificates > MATCH_MAX_LIST)
		return -EINVAL;
	if ((pos->n_majors && !pos->majors) || (pos->n_skills_required && !pos->skills_required) ||
	    (pos->n_skills_preferred && !pos->skills_preferred) ||
	    (pos->n_certificates && !pos->certificates))
		return -EINVAL;
	if (pos->salary_min > SALARY_MAX || pos->salary_max > SALARY_MAX ||
	    (pos->salary_min && pos->salary_max && pos->salary_min > pos->salary_max))
		return -EINVAL;
	if (pos->grad_year_min && pos->grad_year_max && pos->grad_year_min > pos->grad_year_max)
		return -EINVAL;
	for (size_t i = 0; i < pos->n_majors; i++)
		if (!match_major_level(pos->majors[i]))
			return -EINVAL;

	n_codes = copy_sort_unique(codes, pos->majors, pos->n_majors);
	n_req = copy_sort_unique(req, pos->skills_required, pos->n_skills_required);
	n_pref = subtract_sorted(
	    pref, copy_sort_unique(pref, pos->skills_preferred, pos->n_skills_preferred), req,
	    n_req);
	n_certs = copy_sort_unique(certs, pos->certificates, pos->n_certificates);

	memset(r, 0, sizeof(*r));
	r->id = pos->id;
	r->city = pos->city;
	r->salary_min = pos->salary_min;
	r->salary_max = pos->salary_max;
	r->year_min = pos->grad_year_min;
	r->year_max = pos->grad_year_max;
	/* A window as two bounds a year must lie within; an unknown year (0)
	 * fails any window because the lower bound is then at least 1. */
	r->year_lo = pos->grad_year_min ? pos->grad_year_min : (pos->grad_year_max ? 1 : 0);
	r->year_hi = pos->grad_year_max ? pos->grad_year_max : 0xFFFF;
	r->min_degree = pos->min_degree;
	r->closed = pos->closed ? 1 : 0;
	r->majors_required = pos->majors_required ? 1 : 0;
	r->headcount = pos->headcount;
	r->filled = pos->filled;
	r->open = !r->closed && r->filled < r->headcount;
	r->n_codes = (uint8_t)n_codes; /* at most MATCH_MAX_LIST = 255 */
	r->required = r->majors_required && n_codes > 0;
	for (size_t i = 0; i < n_codes; i++) {
		uint32_t c = code_norm6(codes[i]) / 10000;
		r->catmask[c >> 6] |= 1ull << (c & 63);
	}
	r->n_req = (uint16_t)n_req;
	r->n_pref = (uint16_t)n_pref;
	r->n_certs = (uint16_t)n_certs;
	derive_weighted(&sn->w, r);
	r->sal_lo = pos->salary_min ? pos->salary_min : pos->salary_max;
	r->sal_hi = pos->salary_max ? pos->salary_max : pos->salary_min;
	r->sal_mid = r->sal_lo + (r->sal_hi - r->sal_lo) / 2;

	for (size_t i = 0; i < n_req; i++)
		if (intern_skill(sn, req[i]) < 0)
			return -ENOMEM;
	for (size_t i = 0; i < n_pref; i++)
		if (intern_skill(sn, pref[i]) < 0)
			return -ENOMEM;
	for (size_t i = 0; i < n_certs; i++)
		if (intern_cert(sn, certs[i]) < 0)
			return -ENOMEM;
	rc = pool_reserve(sn, n_codes + n_req + n_pref + n_certs);
	if (rc < 0)
		return rc;
	r->codes_off = pool_append(sn, codes, n_codes);
	r->req_off = pool_append(sn, req, n_req);
	r->pref_off = pool_append(sn, pref, n_pref);
	r->certs_off = pool_append(sn, certs, n_certs);
	return 0;
}

/* Sets position pi's bitmap rows from its record. */
static void set_position_bits(struct match_snapshot *sn, uint32_t pi)
{
	const struct position_rec *r = &sn->positions[pi];
	uint64_t *sb = sn->pos_skill_bits + (size_t)pi * sn->skill_words;
	uint64_t *cb = sn->pos_cert_bits + (size_t)pi * sn->cert_words;

	memset(sb, 0, sn->skill_words * sizeof(*sb));
	memset(cb, 0, sn->cert_words * sizeof(*cb));
	for (uint32_t i = 0; i < r->n_req; i++) {
		uint32_t d = u32map_get(&sn->skill_dense, sn->pool[r->req_off + i]);
		sb[d >> 5] |= 1ull << ((d & 31) * 2);
	}
	for (uint32_t i = 0; i < r->n_pref; i++) {
		uint32_t d = u32map_get(&sn->skill_dense, sn->pool[r->pref_off + i]);
		sb[d >> 5] |= 2ull << ((d & 31) * 2);
	}
	for (uint32_t i = 0; i < r->n_certs; i++) {
		uint32_t d = u32map_get(&sn->cert_dense, sn->pool[r->certs_off + i]);
		cb[d >> 6] |= 1ull << (d & 63);
	}
}

/* Adds (add != 0) or removes position pi to or from the candidate lists. */
static int index_position(struct match_snapshot *sn, uint32_t pi, int add)
{
	const struct position_rec *r = &sn->positions[pi];

	for (uint32_t c = 0; c < 100; c++) {
		if (!(r->catmask[c >> 6] >> (c & 63) & 1))
			continue;
		if (!add)
			u32vec_remove(&sn->by_category[c], pi);
		else if (u32vec_push(&sn->by_category[c], pi) < 0)
			return -ENOMEM;
	}
	if (!r->required) {
		if (!add)
			u32vec_remove(&sn->unrestricted, pi);
		else if (u32vec_push(&sn->unrestricted, pi) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* Makes room in every candidate list for one more entry, so that indexing
 * cannot fail halfway. */
static int reserve_index(struct match_snapshot *sn, const struct position_rec *r)
{
	for (uint32_t c = 0; c < 100; c++) {
		if (!(r->catmask[c >> 6] >> (c & 63) & 1))
			continue;
		if (u32vec_push(&sn->by_category[c], 0) < 0)
			return -ENOMEM;
		sn->by_category[c].n--;
	}
	if (u32vec_push(&sn->unrestricted, 0) < 0)
		return -ENOMEM;
	sn->unrestricted.n--;
	return 0;
}

int match_snapshot_add_position(struct match_snapshot *sn, const struct match_position *pos)
{
	struct position_rec r;
	uint32_t idx = (uint32_t)sn->n_positions;
	size_t pool_mark = sn->pool_len;
	int rc;

	if (!pos || pos->id > MATCH_ID_MAX)
		return -EINVAL;
	if (u32map_get(&sn->position_index, pos->id) != NONE32)
		return -EEXIST;
	if (sn->n_positions >= INT32_MAX)
		return -ENOMEM;
	rc = grow_positions(sn);
	if (rc < 0)
		return rc;
	rc = build_position(sn, pos, &r);
	if (rc == 0)
		rc = reserve_index(sn, &r);
	if (rc == 0)
		rc = u32map_put(&sn->position_index, pos->id, idx);
	if (rc < 0) {
		sn->pool_len = pool_mark;
		return rc;
	}
	sn->positions[idx] = r;
	sn->n_positions++;
	set_position_bits(sn, idx);
	index_position(sn, idx, 1);
	return (int)idx;
}

int match_snapshot_update_position(struct match_snapshot *sn, const struct match_position *pos)
{
	struct position_rec r;
	size_t pool_mark = sn->pool_len, garbage;
	uint32_t idx;
	int rc;

	if (!pos || pos->id > MATCH_ID_MAX)
		return -EINVAL;
	idx = u32map_get(&sn->position_index, pos->id);
	if (idx == NONE32)
		return -ENOENT;
	rc = build_position(sn, pos, &r);
	if (rc == 0)
		rc = reserve_index(sn, &r);
	if (rc < 0) {
		sn->pool_len = pool_mark;
		return rc;
	}
	index_position(sn, idx, 0);
	garbage = position_pool_size(&sn->positions[idx]);
	sn->positions[idx] = r;
	set_position_bits(sn, idx);
	index_position(sn, idx, 1);
	pool_discard(sn, garbage);
	return 0;
}
