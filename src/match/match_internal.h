/*
 * match_internal.h - what the engine's files share and nothing else sees.
 * See the design notes at the top of match.c.
 */
#ifndef SKYWAY_MATCH_INTERNAL_H
#define SKYWAY_MATCH_INTERNAL_H

#include "match.h"

#include <stdint.h>
#include <stddef.h>

#define NONE32 0xFFFFFFFFu

/* Salaries above this (yuan per month) are refused, so that they compare as
 * int32 in the vector kernel. */
#define SALARY_MAX 10000000u

/* Open addressing, linear probing, uint32 -> uint32; key NONE32 is "empty". */
struct u32map {
	uint32_t *keys;
	uint32_t *vals;
	size_t cap; /* a power of two, or 0 */
	size_t n;
};

/* Frees the arrays; the map is empty and reusable. */
void u32map_release(struct u32map *m);
/* The value of key, or NONE32 when absent. */
uint32_t u32map_get(const struct u32map *m, uint32_t key);
/* Inserts or overwrites (key must not be NONE32); grows as needed.
 * Returns 0 or -ENOMEM (the map unchanged). */
int u32map_put(struct u32map *m, uint32_t key, uint32_t val);

/* A growable array of uint32. */
struct u32vec {
	uint32_t *v;
	size_t n;
	size_t cap;
};

/* Appends x; returns 0 or -ENOMEM (the array unchanged). */
int u32vec_push(struct u32vec *a, uint32_t x);
/* Removes the first x, keeping the order; does nothing when absent. */
void u32vec_remove(struct u32vec *a, uint32_t x);

/*
 * A student as stored.  Lists live in the snapshot's pool; raw lists are
 * sorted and unique (the reference scorer merges them), dense lists hold the
 * same items as dictionary indexes (the fast scorer tests them against a
 * position's bitmap).
 */
struct student_rec {
	match_id id;
	uint32_t major; /* encoded, level 3, or 0 */
	uint16_t grad_year;
	uint8_t degree;
	uint8_t discoverable;
	uint8_t n_cities;
	uint32_t cities[MATCH_MAX_CITIES];
	uint32_t salary;
	uint32_t skills_off; /* raw ids, n_skills of them */
	uint32_t dskills_off;
	uint32_t n_skills;
	uint32_t certs_off;
	uint32_t dcerts_off;
	uint32_t n_certs;
	uint32_t interests_off; /* (position id, level) pairs sorted by id */
	uint32_t n_interests;
};

/* A position as stored; the hot fields first. */
struct position_rec {
	uint8_t open; /* !closed && filled < headcount */
	uint8_t min_degree;
	uint8_t required; /* majors_required and n_codes > 0 */
	uint8_t n_codes;
	uint16_t year_lo; /* window as the fast path tests it, see year_window() */
	uint16_t year_hi;
	uint32_t city;
	uint32_t salary_min;
	uint32_t salary_max;
	int32_t extra_max; /* the most skills + certificates can add */
	uint16_t n_req;
	uint16_t n_pref;
	uint16_t n_certs;
	uint16_t pad;
	uint32_t codes_off;  /* encoded codes, sorted, unique */
	uint64_t catmask[2]; /* bit c: some code lies in category c */
	match_id id;
	uint8_t closed;
	uint8_t majors_required;
	uint16_t year_min;
	uint16_t year_max;
	uint32_t headcount;
	uint32_t filled;
	uint32_t req_off; /* raw ids, sorted, unique */
	uint32_t pref_off;
	uint32_t certs_off;
	/* derived for the fast paths (from the weights, kept by set_weights):
	 * share_points() as unit * have + (have == n ? rest : 0), for
	 * required skills, preferred skills, certificates; the salary range
	 * with a missing end filled in, and its middle */
	int32_t unit[3], rest[3];
	uint32_t sal_lo, sal_mid, sal_hi;
};

struct match_snapshot {
	struct match_weights w;

	struct student_rec *students;
	size_t n_students, cap_students;
	struct position_rec *positions;
	size_t n_positions, cap_positions;
	struct u32map student_index;
	struct u32map position_index;

	/* Every variable-length list, by offset.  Updates append and leave the
	 * old copy behind as garbage, counted so that it can be compacted. */
	uint32_t *pool;
	size_t pool_len, pool_cap, pool_garbage;

	/* Dictionaries of skills and certificates: raw id -> dense index. */
	struct u32map skill_dense;
	struct u32map cert_dense;
	uint32_t n_skill_dense, n_cert_dense;

	/* Per position: 2 bits per dense skill (bit 2d: required, 2d+1:
	 * preferred) in skill_words words, and 1 bit per dense certificate. */
	uint64_t *pos_skill_bits;
	size_t skill_words;
	uint64_t *pos_cert_bits;
	size_t cert_words;

	/* Candidate lists (design note 4). */
	struct u32vec by_category[100];
	struct u32vec unrestricted;

	/* Student indexes sorted by (major, index); valid when frozen. */
	uint32_t *by_major;
	int frozen;

	/* Labels for explanations. */
	struct u32map labels[MATCH_N_DICTS];
	char *label_pool;
	size_t label_len, label_cap;
};

/* ---- major codes -------------------------------------------------------- */

static inline uint32_t code_norm6(uint32_t code)
{
	return code >> 2;
}

static inline int code_level(uint32_t code)
{
	return (int)(code & 3);
}

/*
 * The deepest catalogue level a student's major (level 3) shares with a
 * position's code, capped at the code's own level: 0 none, 1 category,
 * 2 class, 3 major.  The code covers the major when the result equals the
 * code's level.
 */
static inline int shared_level(uint32_t major, uint32_t code)
{
	uint32_t m = code_norm6(major), c = code_norm6(code);
	int lvl = code_level(code);

	if (m / 10000 != c / 10000)
		return 0;
	if (lvl == 1 || m / 100 != c / 100)
		return 1;
	if (lvl == 2 || m != c)
		return 2;
	return 3;
}

/*
 * shared_level() without a division, for the fast paths: m6, mcls6, mcat6
 * are the student's major and its class and category as 6-digit numbers
 * (460301, 460300, 460000).  Unsigned wrap-around makes "c6 - x < span" a
 * range test.
 */
static inline int shared_level_fast(uint32_t m6, uint32_t mcls6, uint32_t mcat6, uint32_t code)
{
	uint32_t c6 = code_norm6(code);

	switch (code_level(code)) {
	case 3:
		return c6 == m6 ? 3 : c6 - mcls6 < 100 ? 2 : c6 - mcat6 < 10000 ? 1 : 0;
	case 2:
		return c6 == mcls6 ? 2 : c6 - mcat6 < 10000 ? 1 : 0;
	default:
		return c6 == mcat6 ? 1 : 0;
	}
}

/* ---- components shared by the reference and the fast scorer ------------- */

static inline int32_t fit_points(const struct match_weights *w, int level)
{
	return level == 3   ? w->major_same
	       : level == 2 ? w->major_class
	       : level == 1 ? w->major_category
	                    : 0;
}

/* rank: 0 = first city, 1.. = a later one, -1 = not wanted, -2 = no preference */
static inline int city_rank(const uint32_t *cities, unsigned n, uint32_t city)
{
	if (n == 0 || city == 0)
		return -2;
	for (unsigned i = 0; i < n; i++)
		if (cities[i] == city)
			return (int)i;
	return -1;
}

static inline int32_t city_points(const struct match_weights *w, int rank)
{
	return rank == -2  ? w->city_no_preference
	       : rank == 0 ? w->city_first
	       : rank > 0  ? w->city_other
	                   : 0;
}

/*
 * Salary, in four steps so that no division is needed per pair: full when
 * the expectation is at most the position's minimum, three quarters up to
 * the middle of its range, half up to its maximum, 0 above; half when either
 * side did not say.
 */
static inline int32_t salary_points(const struct match_weights *w, uint32_t expect, uint32_t lo,
                                    uint32_t hi)
{
	if (hi == 0)
		hi = lo;
	if (lo == 0)
		lo = hi;
	if (expect == 0 || hi == 0)
		return w->salary / 2;
	if (expect <= lo)
		return w->salary;
	if (expect <= lo + (hi - lo) / 2)
		return w->salary - w->salary / 4;
	if (expect <= hi)
		return w->salary / 2;
	return 0;
}

static inline int32_t interest_points(const struct match_weights *w, int level)
{
	return level == MATCH_INTEREST_APPLIED  ? w->interest_applied
	       : level == MATCH_INTEREST_SAVED  ? w->interest_saved
	       : level == MATCH_INTEREST_VIEWED ? w->interest_viewed
	                                        : 0;
}

/*
 * A list component (skills, certificates): the full weight when the student
 * has all `of` items, else `have` times the weight of one item rounded down
 * (weight / of); 0 when the position lists none.  No division per pair: the
 * unit is a property of the position.
 */
static inline int32_t share_unit(int32_t weight, uint32_t of)
{
	return of ? weight / (int32_t)of : 0;
}

static inline int32_t share_points(int32_t weight, uint32_t have, uint32_t of)
{
	if (of == 0)
		return 0;
	return have >= of ? weight : (int32_t)have * share_unit(weight, of);
}

/* (score, id) as one key: a larger key is better; ties go to the smaller id. */
static inline uint64_t hit_key(int32_t score, match_id id)
{
	return ((uint64_t)(uint32_t)score << 32) | (uint32_t)~id;
}

static inline struct match_hit key_hit(uint64_t key)
{
	struct match_hit h = {.id = ~(uint32_t)key, .score = (int32_t)(key >> 32)};

	return h;
}

/* A fixed mix of the bits of x (hash tables of match.c; where a team starts in
 * assign_flow.c): a hash, not randomness. */
static inline size_t hash32(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352dU;
	x ^= x >> 15;
	x *= 0x846ca68bU;
	x ^= x >> 16;
	return x;
}

/* ---- match.c ------------------------------------------------------------ */

/*
 * Large arrays (a megabyte or more) are 2 MiB aligned and advised for
 * transparent huge pages: their first touch then costs one page fault per
 * 2 MiB instead of one per 4 KiB, which matters in a virtual machine, where
 * a fault is dear (the market's arrays are tens of megabytes).  Smaller ones
 * come from malloc.  Both are freed with free().
 */
void *big_alloc(size_t size);
void *big_calloc(size_t n, size_t size);

const char *snapshot_label(const struct match_snapshot *sn, enum match_dict dict, uint32_t key);

/* Position in by_major[0..n) of the first student ordered at or after
 * (major, idx); by_major is ordered by (major, index). */
size_t snapshot_by_major_lower(const struct match_snapshot *sn, size_t n, uint32_t major,
                               uint32_t idx);

/* ---- match_score.c ------------------------------------------------------ */

/* Everything the reference scorer found out about a pair. */
struct pair_detail {
	int32_t comp[MATCH_N_COMPONENTS];
	int32_t total;
	uint32_t vetoes; /* bit per enum match_veto_kind */
	int fit_level;
	uint32_t req_have, pref_have, certs_have;
	int city_rank;
	int interest;
};

/*
 * The reference scorer: straightforward code over the raw sorted lists,
 * used by match_score(), match_explain() and the naive market.  The fast
 * paths in match_topk.c must agree with it to the point.
 */
void score_reference(const struct match_snapshot *sn, uint32_t si, uint32_t pi,
                     struct pair_detail *d);

/* The interest level of student record st in the position with this id. */
int student_interest(const struct match_snapshot *sn, const struct student_rec *st, match_id pid);

/*
 * The fast scorer for one pair by index, without pruning: MATCH_VETOED or
 * the points.  Agrees with score_reference().
 */
int32_t score_fast(const struct match_snapshot *sn, uint32_t si, uint32_t pi);

/* score_fast() for one student and n positions (by index) into out[]. */
void score_student_list(const struct match_snapshot *sn, uint32_t si, const uint32_t *pis, size_t n,
                        int32_t *out);

/* A key with the index of the entity it stands for. */
struct keyed {
	uint64_t key;
	uint32_t index;
};

/* ---- min-heaps of keys (top-k lists) ------------------------------------ */

static inline void heap_sift_down(uint64_t *h, size_t n, size_t i)
{
	uint64_t x = h[i];

	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && h[c + 1] < h[c])
			c++;
		if (h[c] >= x)
			break;
		h[i] = h[c];
		i = c;
	}
	h[i] = x;
}

static inline void heap_push(uint64_t *h, size_t n, uint64_t x)
{
	size_t i = n;

	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (h[parent] <= x)
			break;
		h[i] = h[parent];
		i = parent;
	}
	h[i] = x;
}

/* Offers key x to a min-heap of at most k keys holding *n. */
static inline void heap_offer(uint64_t *h, uint32_t *n, size_t k, uint64_t x)
{
	if (*n < k) {
		heap_push(h, *n, x);
		(*n)++;
	} else if (x > h[0]) {
		h[0] = x;
		heap_sift_down(h, k, 0);
	}
}

/* Empties a heap of n keys into out[0..n) as hits, best first. */
static inline void heap_drain(uint64_t *h, size_t n, struct match_hit *out)
{
	while (n > 0) {
		out[n - 1] = key_hit(h[0]);
		h[0] = h[--n];
		heap_sift_down(h, n, 0);
	}
}

/* Sort in descending order of key (not stable; keys are distinct in use). */
void sort_keys_desc(uint64_t *a, size_t n);
void sort_keyed_desc(struct keyed *a, size_t n);

/* Moves the k largest keys of a[0..n) to its front, in no order. */
void select_top_keys(uint64_t *a, size_t n, size_t k);

#endif /* SKYWAY_MATCH_INTERNAL_H */
