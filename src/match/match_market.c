/*
 * match_market.c - every student's and every position's top-k at once, and
 * the naive reference computation of the same thing.
 *
 * Design notes (continuing those of match.c):
 *
 * 10. Blocks.  Students of one major class (专业类) share their candidates
 *     (note 4): by_category[c] plus the unrestricted positions without a code
 *     in c, less the positions that are closed or full, and less the
 *     positions whose required codes cannot cover any major of the class.
 *     A block lays those candidates out as columns (a struct of arrays,
 *     padded to whole vectors), so that one student is scored against every
 *     column of its block by straight-line vector code: no branch and no
 *     division per pair.
 *       - Skills: each skill used by the block has a row of uint16 over the
 *         columns, 1 where the position requires it and 256 where it prefers
 *         it; adding the rows of a student's skills yields, per column, both
 *         counts at once (each at most MATCH_MAX_LIST = 255, so no carry).
 *         Certificates: rows of uint8, the same way.
 *       - Major fit: one row per major present among the block's students,
 *         holding the points, or VETO where a required list does not cover
 *         the major.
 *       - Degree, graduation window, city, salary, interest: compares and
 *         masks (salary_points() and share_points() were designed to need
 *         no division per pair for this reason).
 *     The sum is the same integers as score_reference(); the tests compare
 *     the two on every pair of many random markets.
 *
 * 11. Selection.  A student's list: a bar is chosen that at least k of its
 *     scores reach (choose_bar(): a few counting passes, guided by the
 *     previous student), so nothing below it can be in the top k; the scores
 *     at or above it are collected and the best k selected and sorted.  A
 *     position's list: each score is compared with a copy of the column's
 *     position-heap bar, refreshed per chunk of students, so it may be
 *     stale; a stale bar is lower, so the test lets through a superset.
 *     Both tests run a vector at a time; only lanes that pass reach scalar
 *     code, which compares full keys (design note 2).
 *
 * 12. Work.  A block's students are contiguous in by_major.  Threads take
 *     chunks of CHUNK students; each thread keeps private position heaps,
 *     merged at the end (design note 6), so any schedule and any number of
 *     threads give the same lists.  The threads publish their heaps' bars
 *     (relaxed atomics) and each filters with the highest one it sees: a key
 *     below some thread's k-th best has k better keys in the union, so it
 *     cannot be in the merged top k.  Without this every thread would fill
 *     its own heaps from scratch, and two threads would do nearly twice the
 *     heap work of one.
 *
 * 13. Narrow lanes.  When no score can exceed 32767 (the default weights
 *     top out at 10000), the block also keeps its columns in 16 bits and the
 *     kernel runs on 16-bit lanes: twice the pairs per instruction, half the
 *     bytes read.  Cities and salaries do not fit 16 bits as such; the block
 *     lists the distinct values its columns use, in ascending order, and
 *     stores places in that list, which keep equality and order.  The
 *     scores written out are the same int32 values.
 *
 * Vectors are GCC/Clang vector extensions: portable C that the compiler maps
 * to SSE2 on any x86-64, or to NEON, or to scalar code.
 */
#include "match_internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define LANES 8  /* int32 lanes per vector */
#define PAD   32 /* columns are padded to a multiple of this */
#define CHUNK 64 /* students a thread takes at a time */
#define VETO  (-(1 << 29))

/*
 * 32-byte vectors: one AVX2 register, or two SSE2 registers on an x86-64
 * without AVX2 (the compiler splits them).  They never cross a call
 * boundary (everything below is inlined into market_student), so the ABI
 * note GCC gives for them does not apply.
 */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wpsabi"
#endif
typedef int32_t vi32 __attribute__((vector_size(32)));
typedef uint16_t vu16 __attribute__((vector_size(32)));
typedef uint16_t vu16x8 __attribute__((vector_size(16)));
typedef uint64_t vu64 __attribute__((vector_size(32)));
typedef int16_t vi16 __attribute__((vector_size(32)));
typedef int16_t vi16x8 __attribute__((vector_size(16)));
#define LANES16 16

/*
 * The scoring loop (market_student() and all it inlines) is compiled twice,
 * for AVX2 and for any x86-64, and the loader picks one for the CPU it runs
 * on (GNU ifunc).  Elsewhere it is compiled once.
 */
#if defined(__x86_64__) && defined(__GNUC__) && defined(__has_attribute)
#if __has_attribute(target_clones)
#define VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#endif
#endif
#ifndef VECTOR_CLONES
#define VECTOR_CLONES
#endif

/*
 * Broadcasts and loads are macros, not functions: a function taking or
 * returning a 32-byte vector would have a different ABI with and without
 * AVX, and Clang refuses such calls from the plain x86-64 clone.  The
 * "unaligned" types load from any int32/int16 address and may alias them.
 */
typedef int32_t vi32u __attribute__((vector_size(32), aligned(4), may_alias));
typedef int16_t vi16u __attribute__((vector_size(32), aligned(2), may_alias));
typedef uint16_t vu16u __attribute__((vector_size(32), aligned(2), may_alias));
#define splat(x) ((vi32){(x), (x), (x), (x), (x), (x), (x), (x)})
#define splat16(x)                                                                                 \
	((vi16){(x), (x), (x), (x), (x), (x), (x), (x), (x), (x), (x), (x), (x), (x), (x), (x)})
#define splat_u16(x)                                                                               \
	((vu16){(x), (x), (x), (x), (x), (x), (x), (x), (x), (x), (x), (x), (x), (x), (x), (x)})
#define load_i32(p) ((vi32)(*(const vi32u *)(p)))
#define load_i16(p) ((vi16)(*(const vi16u *)(p)))
#define load_u16(p) ((vu16)(*(const vu16u *)(p)))

/* Bit l set when lane l of m is set (m holds 0 or -1 per lane). */
static inline __attribute__((always_inline)) unsigned lane_bits(const vi32 *m)
{
	const vi32 bit = {1, 2, 4, 8, 16, 32, 64, 128};
	vi32 b = *m & bit;
	vu64 u;

	memcpy(&u, &b, sizeof(u));
	u[0] |= u[2];
	u[1] |= u[3];
	u[0] |= u[1];
	return (unsigned)(u[0] | u[0] >> 32);
}

/* ---- blocks ------------------------------------------------------------- */

/* The columns of one block; see design note 10. */
struct block {
	uint32_t category; /* 0..99, or NONE32 for students without a major */
	uint32_t class;    /* the class as norm6 / 100, or NONE32 */
	size_t s_lo, s_hi; /* its students: by_major[s_lo .. s_hi) */
	size_t n, n_pad;
	uint32_t *cand; /* position index per column */
	match_id *pid;
	int32_t *mindeg, *ylo, *yhi, *city, *sal_lo, *sal_mid, *sal_hi;
	int32_t *req_n, *req_unit, *req_rest;
	int32_t *pref_n, *pref_unit, *pref_rest;
	int32_t *cert_n, *cert_unit, *cert_rest;
	int32_t *cols;       /* the allocation behind the int32 columns above */
	uint32_t *skill_row; /* per dense skill: row number or NONE32 */
	uint16_t *skill_rows;
	uint32_t *cert_row;
	uint16_t *cert_rows;
	size_t n_fit;
	uint32_t *fit_major; /* majors with a fit row, ascending */
	int32_t *fit_rows;
	int32_t *local_of; /* per position index: column or -1 */
	/* the 16-bit form of the columns (design note 13), when `narrow` */
	int narrow;
	uint32_t *cities; /* the block's cities, ascending; a column's city is
	                   * its place here plus 1, or 0 for none */
	size_t n_cities;
	uint32_t *salaries; /* every salary bound of the block and 0, ascending */
	size_t n_salaries;
	int16_t *cols16;
	int16_t *mindeg16, *ylo16, *yhi16, *city16, *sal_lo16, *sal_mid16, *sal_hi16;
	int16_t *req_n16, *req_unit16, *req_rest16;
	int16_t *pref_n16, *pref_unit16, *pref_rest16;
	int16_t *cert_n16, *cert_unit16, *cert_rest16;
	int16_t *fit_rows16;
};

static void *alloc_aligned(size_t n)
{
	size_t size = (n + 63) / 64 * 64;
	void *p = aligned_alloc(64, size ? size : 64);

	if (p)
		memset(p, 0, size ? size : 64);
	return p;
}

static void block_release(struct block *b)
{
	free(b->cand);
	free(b->pid);
	free(b->cols);
	free(b->skill_row);
	free(b->skill_rows);
	free(b->cert_row);
	free(b->cert_rows);
	free(b->fit_major);
	free(b->fit_rows);
	free(b->local_of);
	free(b->cities);
	free(b->salaries);
	free(b->cols16);
	free(b->fit_rows16);
	memset(b, 0, sizeof(*b));
}

/* Whether a required position can accept some major of the block's class. */
static int may_cover_class(const struct match_snapshot *sn, const struct position_rec *p,
                           uint32_t cls)
{
	const uint32_t *codes = sn->pool + p->codes_off;

	if (!p->required)
		return 1;
	for (uint32_t c = 0; c < p->n_codes; c++) {
		uint32_t n6 = code_norm6(codes[c]);
		if (code_level(codes[c]) == 1 ? n6 / 10000 == cls / 100 : n6 / 100 == cls)
			return 1;
	}
	return 0;
}

static int add_candidate(const struct match_snapshot *sn, struct block *b, uint32_t pi)
{
	const struct position_rec *p = &sn->positions[pi];

	if (!p->open || (b->class != NONE32 && !may_cover_class(sn, p, b->class)))
		return 0;
	b->local_of[pi] = (int32_t)b->n;
	b->cand[b->n++] = pi;
	return 0;
}

/* Fills the columns of one position. */
static void set_column(const struct match_snapshot *sn, struct block *b, size_t j)
{
	const struct position_rec *p = &sn->positions[b->cand[j]];

	b->pid[j] = p->id;
	b->mindeg[j] = p->min_degree;
	b->ylo[j] = p->year_lo;
	b->yhi[j] = p->year_hi;
	b->city[j] = (int32_t)p->city;
	b->sal_lo[j] = (int32_t)p->sal_lo;
	b->sal_mid[j] = (int32_t)p->sal_mid;
	b->sal_hi[j] = (int32_t)p->sal_hi;
	b->req_n[j] = p->n_req;
	b->req_unit[j] = p->unit[0];
	b->req_rest[j] = p->rest[0];
	b->pref_n[j] = p->n_pref;
	b->pref_unit[j] = p->unit[1];
	b->pref_rest[j] = p->rest[1];
	b->cert_n[j] = p->n_certs;
	b->cert_unit[j] = p->unit[2];
	b->cert_rest[j] = p->rest[2];
}

/* The rows of skills and certificates (design note 10). */
static int build_rows(const struct match_snapshot *sn, struct block *b)
{
	size_t n_sk = 0, n_ct = 0;

	b->skill_row = malloc((sn->n_skill_dense + 1) * sizeof(uint32_t));
	b->cert_row = malloc((sn->n_cert_dense + 1) * sizeof(uint32_t));
	if (!b->skill_row || !b->cert_row)
		return -ENOMEM;
	memset(b->skill_row, 0xff, (sn->n_skill_dense + 1) * sizeof(uint32_t));
	memset(b->cert_row, 0xff, (sn->n_cert_dense + 1) * sizeof(uint32_t));
	for (size_t j = 0; j < b->n; j++) {
		const struct position_rec *p = &sn->positions[b->cand[j]];
		for (uint32_t i = 0; i < (uint32_t)p->n_req + p->n_pref; i++) {
			uint32_t raw =
			    sn->pool[(i < p->n_req ? p->req_off + i : p->pref_off + i - p->n_req)];
			uint32_t d = u32map_get(&sn->skill_dense, raw);
			if (b->skill_row[d] == NONE32)
				b->skill_row[d] = (uint32_t)n_sk++;
		}
		for (uint32_t i = 0; i < p->n_certs; i++) {
			uint32_t d = u32map_get(&sn->cert_dense, sn->pool[p->certs_off + i]);
			if (b->cert_row[d] == NONE32)
				b->cert_row[d] = (uint32_t)n_ct++;
		}
	}
	b->skill_rows = alloc_aligned(n_sk * b->n_pad * sizeof(uint16_t));
	b->cert_rows = alloc_aligned(n_ct * b->n_pad * sizeof(uint16_t));
	if (!b->skill_rows || !b->cert_rows)
		return -ENOMEM;
	for (size_t j = 0; j < b->n; j++) {
		const struct position_rec *p = &sn->positions[b->cand[j]];
		for (uint32_t i = 0; i < p->n_req; i++) {
			uint32_t d = u32map_get(&sn->skill_dense, sn->pool[p->req_off + i]);
			b->skill_rows[b->skill_row[d] * b->n_pad + j] += 1;
		}
		for (uint32_t i = 0; i < p->n_pref; i++) {
			uint32_t d = u32map_get(&sn->skill_dense, sn->pool[p->pref_off + i]);
			b->skill_rows[b->skill_row[d] * b->n_pad + j] += 256;
		}
		for (uint32_t i = 0; i < p->n_certs; i++) {
			uint32_t d = u32map_get(&sn->cert_dense, sn->pool[p->certs_off + i]);
			b->cert_rows[b->cert_row[d] * b->n_pad + j] += 1;
		}
	}
	return 0;
}

/* One fit row per distinct major among the block's students. */
static int build_fit_rows(const struct match_snapshot *sn, struct block *b)
{
	size_t n = 0;

	for (size_t i = b->s_lo; i < b->s_hi; i++)
		if (i == b->s_lo ||
		    sn->students[sn->by_major[i]].major != sn->students[sn->by_major[i - 1]].major)
			n++;
	b->fit_major = malloc((n + 1) * sizeof(uint32_t));
	b->fit_rows = alloc_aligned((n + 1) * b->n_pad * sizeof(int32_t));
	if (!b->fit_major || !b->fit_rows)
		return -ENOMEM;
	for (size_t i = b->s_lo; i < b->s_hi; i++) {
		uint32_t major = sn->students[sn->by_major[i]].major;
		if (b->n_fit && b->fit_major[b->n_fit - 1] == major)
			continue;
		int32_t *row = b->fit_rows + b->n_fit * b->n_pad;
		b->fit_major[b->n_fit++] = major;
		for (size_t j = 0; j < b->n_pad; j++) {
			if (j >= b->n) {
				row[j] = VETO;
				continue;
			}
			const struct position_rec *p = &sn->positions[b->cand[j]];
			const uint32_t *codes = sn->pool + p->codes_off;
			int lvl = 0, covered = 0;
			for (uint32_t c = 0; c < p->n_codes && major; c++) {
				int l = shared_level(major, codes[c]);
				if (l > lvl)
					lvl = l;
				if (l == code_level(codes[c]))
					covered = 1;
			}
			row[j] = p->required && !covered ? VETO : fit_points(&sn->w, lvl);
		}
	}
	return 0;
}

/* Place of x in a[0..n) (ascending), or of the first item above it. */
static size_t lower_bound_u32(const uint32_t *a, size_t n, uint32_t x)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int cmp_u32_asc(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Sorts and removes duplicates; returns the new length. */
static size_t unique_u32(uint32_t *a, size_t n)
{
	size_t k = 0;

	qsort(a, n, sizeof(*a), cmp_u32_asc);
	for (size_t i = 0; i < n; i++)
		if (k == 0 || a[i] != a[k - 1])
			a[k++] = a[i];
	return k;
}

/*
 * The 16-bit columns (design note 13).  Cities and salaries become places in
 * the block's sorted lists of them, so that 16 bits hold them and order is
 * kept: expect <= bound exactly when place(expect) <= place(bound), where
 * place(expect) is the place of the first listed value >= expect.  Years are
 * compared as unsigned 16-bit numbers, which they are.
 */
static int build_narrow(struct block *b)
{
	size_t n = b->n, np = b->n_pad ? b->n_pad : PAD;
	int16_t **col[] = {&b->mindeg16,    &b->ylo16,      &b->yhi16,       &b->city16,
	                   &b->sal_lo16,    &b->sal_mid16,  &b->sal_hi16,    &b->req_n16,
	                   &b->req_unit16,  &b->req_rest16, &b->pref_n16,    &b->pref_unit16,
	                   &b->pref_rest16, &b->cert_n16,   &b->cert_unit16, &b->cert_rest16};
	size_t n_cols = sizeof(col) / sizeof(col[0]);

	b->cities = malloc((n + 1) * sizeof(uint32_t));
	b->salaries = malloc((3 * n + 2) * sizeof(uint32_t));
	b->cols16 = alloc_aligned(n_cols * np * sizeof(int16_t));
	b->fit_rows16 = alloc_aligned((b->n_fit + 1) * np * sizeof(int16_t));
	if (!b->cities || !b->salaries || !b->cols16 || !b->fit_rows16)
		return -ENOMEM;
	for (size_t j = 0; j < n; j++)
		if (b->city[j])
			b->cities[b->n_cities++] = (uint32_t)b->city[j];
	b->n_cities = unique_u32(b->cities, b->n_cities);
	b->salaries[b->n_salaries++] = 0;
	for (size_t j = 0; j < n; j++) {
		b->salaries[b->n_salaries++] = (uint32_t)b->sal_lo[j];
		b->salaries[b->n_salaries++] = (uint32_t)b->sal_mid[j];
		b->salaries[b->n_salaries++] = (uint32_t)b->sal_hi[j];
	}
	b->n_salaries = unique_u32(b->salaries, b->n_salaries);
	if (b->n_cities >= 0xFFFF || b->n_salaries >= 0xFFFF)
		return 0; /* too varied: stay 32-bit */

	for (size_t c = 0; c < n_cols; c++)
		*col[c] = b->cols16 + c * np;
	for (size_t j = 0; j < n; j++) {
		b->mindeg16[j] = (int16_t)b->mindeg[j];
		b->ylo16[j] = (int16_t)(uint16_t)b->ylo[j];
		b->yhi16[j] = (int16_t)(uint16_t)b->yhi[j];
		b->city16[j] = b->city[j] ? (int16_t)(1 + lower_bound_u32(b->cities, b->n_cities,
		                                                          (uint32_t)b->city[j]))
		                          : 0;
		b->sal_lo16[j] =
		    (int16_t)lower_bound_u32(b->salaries, b->n_salaries, (uint32_t)b->sal_lo[j]);
		b->sal_mid16[j] =
		    (int16_t)lower_bound_u32(b->salaries, b->n_salaries, (uint32_t)b->sal_mid[j]);
		b->sal_hi16[j] =
		    (int16_t)lower_bound_u32(b->salaries, b->n_salaries, (uint32_t)b->sal_hi[j]);
		b->req_n16[j] = (int16_t)b->req_n[j];
		b->req_unit16[j] = (int16_t)b->req_unit[j];
		b->req_rest16[j] = (int16_t)b->req_rest[j];
		b->pref_n16[j] = (int16_t)b->pref_n[j];
		b->pref_unit16[j] = (int16_t)b->pref_unit[j];
		b->pref_rest16[j] = (int16_t)b->pref_rest[j];
		b->cert_n16[j] = (int16_t)b->cert_n[j];
		b->cert_unit16[j] = (int16_t)b->cert_unit[j];
		b->cert_rest16[j] = (int16_t)b->cert_rest[j];
	}
	for (size_t i = 0; i < b->n_fit * np; i++)
		b->fit_rows16[i] = b->fit_rows[i] < 0 ? -1 : (int16_t)b->fit_rows[i];
	b->narrow = 1;
	return 0;
}

static int block_build(const struct match_snapshot *sn, struct block *b, uint32_t cls, size_t s_lo,
                       size_t s_hi, int narrow)
{
	uint32_t cat = cls == NONE32 ? NONE32 : cls / 100;
	size_t np = sn->n_positions, max = 0;
	int32_t **col[] = {&b->mindeg,    &b->ylo,      &b->yhi,       &b->city,
	                   &b->sal_lo,    &b->sal_mid,  &b->sal_hi,    &b->req_n,
	                   &b->req_unit,  &b->req_rest, &b->pref_n,    &b->pref_unit,
	                   &b->pref_rest, &b->cert_n,   &b->cert_unit, &b->cert_rest};
	size_t n_cols = sizeof(col) / sizeof(col[0]);

	memset(b, 0, sizeof(*b));
	b->category = cat;
	b->class = cls;
	b->s_lo = s_lo;
	b->s_hi = s_hi;
	if (cat != NONE32)
		max += sn->by_category[cat].n;
	max += sn->unrestricted.n;
	b->cand = malloc((max + PAD) * sizeof(uint32_t));
	b->pid = malloc((max + PAD) * sizeof(match_id));
	b->local_of = malloc((np + 1) * sizeof(int32_t));
	if (!b->cand || !b->pid || !b->local_of)
		return -ENOMEM;
	memset(b->local_of, 0xff, (np + 1) * sizeof(int32_t));
	if (cat != NONE32)
		for (size_t i = 0; i < sn->by_category[cat].n; i++)
			add_candidate(sn, b, sn->by_category[cat].v[i]);
	for (size_t i = 0; i < sn->unrestricted.n; i++) {
		uint32_t pi = sn->unrestricted.v[i];
		const struct position_rec *p = &sn->positions[pi];
		if (cat != NONE32 && (p->catmask[cat >> 6] >> (cat & 63) & 1))
			continue;
		add_candidate(sn, b, pi);
	}
	b->n_pad = (b->n + PAD - 1) / PAD * PAD;
	b->cols = alloc_aligned(n_cols * (b->n_pad ? b->n_pad : PAD) * sizeof(int32_t));
	if (!b->cols)
		return -ENOMEM;
	for (size_t c = 0; c < n_cols; c++)
		*col[c] = b->cols + c * (b->n_pad ? b->n_pad : PAD);
	for (size_t j = b->n; j < b->n_pad; j++) {
		b->cand[j] = 0;
		b->pid[j] = 0;
	}
	for (size_t j = 0; j < b->n; j++)
		set_column(sn, b, j);
	if (build_rows(sn, b) < 0 || build_fit_rows(sn, b) < 0)
		return -ENOMEM;
	return narrow ? build_narrow(b) : 0;
}

/* ---- workers ------------------------------------------------------------ */

struct chunk {
	uint32_t block;
	uint32_t lo, hi; /* positions in by_major */
};

struct market_job {
	const struct match_snapshot *sn;
	size_t k;
	int naive;
	int narrow;                   /* scores fit in 16 bits (design note 13) */
	_Atomic uint64_t *shared_bar; /* per position (design note 12) */
	struct block *blocks;
	size_t n_blocks;
	struct chunk *chunks;
	size_t n_chunks;
	atomic_size_t next;
	struct match_market *out;
};

struct market_worker {
	struct market_job *job;
	pthread_t thread;
	int rc;
	/* private position heaps: n_positions * k keys, and bars */
	uint64_t *pheap;
	uint32_t *pcount;
	uint64_t *pbar;  /* k-th best key of each heap, 0 while not full */
	uint64_t *sheap; /* the naive way's student heap */
	uint64_t *cands; /* a student's candidates, as wide as the widest block */
	/* per student scratch, as wide as the widest block */
	uint16_t *acc;
	uint16_t *cacc;
	int32_t *ipts;
	int16_t *ipts16;
	int32_t *score;
	int32_t *pb; /* stale copies of pbar's scores, per column */
	uint64_t eligible, offered;
	int32_t gap; /* see market_student() */
	/* the merge: positions [p_lo, p_hi) over all workers */
	struct market_worker *all;
	unsigned n_all;
	size_t p_lo, p_hi;
};

/*
 * The bar of position pi for this worker: the higher of its own heap's k-th
 * best and the best one any worker has published (design note 12).
 */
static inline uint64_t position_bar(const struct market_worker *wk, uint32_t pi)
{
	uint64_t shared = atomic_load_explicit(&wk->job->shared_bar[pi], memory_order_relaxed);

	return shared > wk->pbar[pi] ? shared : wk->pbar[pi];
}

static void position_offer(struct market_worker *wk, uint32_t pi, uint64_t key)
{
	size_t k = wk->job->k;
	uint64_t *h = wk->pheap + (size_t)pi * k;

	if (key <= position_bar(wk, pi))
		return;
	heap_offer(h, &wk->pcount[pi], k, key);
	if (wk->pcount[pi] == k) {
		wk->pbar[pi] = h[0];
		/* publish; a racing store may keep a lower bar, which is still a
		 * valid one: some worker does hold k better keys */
		if (h[0] > atomic_load_explicit(&wk->job->shared_bar[pi], memory_order_relaxed))
			atomic_store_explicit(&wk->job->shared_bar[pi], h[0], memory_order_relaxed);
	}
}

/* The student's view of a block: what the kernel broadcasts. */
struct kstudent {
	int32_t degree, year, salary;
	int32_t n_cities, city[MATCH_MAX_CITIES];
};

/*
 * Scores one student against every column of block b (design note 10):
 * out[j] = the score, or -1 when vetoed.  Returns the count of eligible
 * columns; *max gets the best score.  Only ">" compares: AVX2 has no "<="
 * on integers.
 */
static inline __attribute__((always_inline)) size_t
kernel_body(const struct match_weights *w, const struct block *b, const struct kstudent *ks,
            const int32_t *restrict fit, const uint16_t *restrict acc,
            const uint16_t *restrict cacc, const int32_t *restrict ipts, int32_t *max,
            int32_t *restrict out, const int no_city, const int no_salary)
{
	const int32_t *restrict mindeg = b->mindeg, *restrict ylo = b->ylo, *restrict yhi = b->yhi;
	const int32_t *restrict city = b->city, *restrict sal_lo = b->sal_lo;
	const int32_t *restrict sal_mid = b->sal_mid, *restrict sal_hi = b->sal_hi;
	const int32_t *restrict req_n = b->req_n, *restrict req_unit = b->req_unit;
	const int32_t *restrict pref_n = b->pref_n, *restrict pref_unit = b->pref_unit;
	const int32_t *restrict cert_n = b->cert_n, *restrict cert_unit = b->cert_unit;
	const int32_t *restrict req_rest = b->req_rest, *restrict pref_rest = b->pref_rest;
	const int32_t *restrict cert_rest = b->cert_rest;
	const vi32 deg = splat(ks->degree), year = splat(ks->year), E1 = splat(ks->salary - 1);
	const vi32 c1 = splat(ks->city[0]), c2 = splat(ks->city[1]), c3 = splat(ks->city[2]);
	const vi32 first = splat(w->city_first), other = splat(w->city_other);
	const vi32 nopref = splat(w->city_no_preference), zero = splat(0), minus1 = splat(-1);
	const vi32 full = splat(w->salary), q3 = splat(w->salary - w->salary / 4);
	const vi32 half = splat(w->salary / 2), low8 = splat(0xFF);
	vi32 count = zero, best = minus1;

	for (size_t j = 0; j < b->n_pad; j += LANES) {
		vi32 score = load_i32(fit + j);
		vi32 bad = (load_i32(mindeg + j) > deg) | (load_i32(ylo + j) > year) |
		           (year > load_i32(yhi + j)) | (zero > score);

		if (no_city) {
			score += nopref;
		} else {
			vi32 c = load_i32(city + j);
			vi32 is0 = c == zero, m1 = c == c1, m2 = (c == c2) | (c == c3);
			score += (is0 & nopref) | (~is0 & ((m1 & first) | (~m1 & m2 & other)));
		}
		if (no_salary) {
			score += half;
		} else {
			/* expect <= x  <=>  x > expect - 1 */
			vi32 hi = load_i32(sal_hi + j);
			vi32 le_lo = load_i32(sal_lo + j) > E1, le_mid = load_i32(sal_mid + j) > E1;
			vi32 v = (hi > E1) & half;
			v = (le_mid & q3) | (~le_mid & v);
			v = (le_lo & full) | (~le_lo & v);
			vi32 unknown = hi == zero;
			score += (unknown & half) | (~unknown & v);
		}
		score += load_i32(ipts + j);

		vu16x8 a16, c16;
		memcpy(&a16, acc + j, sizeof(a16));
		memcpy(&c16, cacc + j, sizeof(c16));
		vi32 a = __builtin_convertvector(a16, vi32);
		/* share_points(): count * unit, plus the rest of the weight when
		 * the student has all of the items (rest = 0 when none listed) */
		vi32 cnt = a & low8;
		score += cnt * load_i32(req_unit + j) +
		         ((cnt == load_i32(req_n + j)) & load_i32(req_rest + j));
		cnt = a >> 8;
		score += cnt * load_i32(pref_unit + j) +
		         ((cnt == load_i32(pref_n + j)) & load_i32(pref_rest + j));
		cnt = __builtin_convertvector(c16, vi32);
		score += cnt * load_i32(cert_unit + j) +
		         ((cnt == load_i32(cert_n + j)) & load_i32(cert_rest + j));

		score = (~bad & score) | (bad & minus1);
		count -= ~bad;
		vi32 gt = score > best;
		best = (gt & score) | (~gt & best);
		memcpy(out + j, &score, sizeof(score));
	}
	size_t n = 0;
	*max = -1;
	for (int l = 0; l < LANES; l++) {
		n += (size_t)count[l];
		if (best[l] > *max)
			*max = best[l];
	}
	return n;
}

/* The student's view of a block in the 16-bit form. */
struct kstudent16 {
	uint16_t degree, year, salary_place;
	uint16_t city[MATCH_MAX_CITIES]; /* places + 1, or 0xFFFF when not in the block */
};

/*
 * kernel_body() in 16-bit lanes (design note 13): twice the lanes per
 * instruction, half the bytes per column.  Writes the same int32 scores.
 */
static inline __attribute__((always_inline)) size_t
kernel16_body(const struct match_weights *w, const struct block *b, const struct kstudent16 *ks,
              const int16_t *restrict fit, const uint16_t *restrict acc,
              const uint16_t *restrict cacc, const int16_t *restrict ipts, int32_t *max,
              int32_t *restrict out, const int no_city, const int no_salary)
{
	const int16_t *restrict mindeg = b->mindeg16, *restrict ylo = b->ylo16;
	const int16_t *restrict yhi = b->yhi16, *restrict city = b->city16;
	const int16_t *restrict sal_lo = b->sal_lo16, *restrict sal_mid = b->sal_mid16;
	const int16_t *restrict sal_hi = b->sal_hi16;
	const int16_t *restrict req_n = b->req_n16, *restrict req_unit = b->req_unit16;
	const int16_t *restrict req_rest = b->req_rest16, *restrict pref_n = b->pref_n16;
	const int16_t *restrict pref_unit = b->pref_unit16, *restrict pref_rest = b->pref_rest16;
	const int16_t *restrict cert_n = b->cert_n16, *restrict cert_unit = b->cert_unit16;
	const int16_t *restrict cert_rest = b->cert_rest16;
	const vi16 zero = splat16(0), minus1 = splat16(-1), low8 = splat16(0xFF);
	const vi16 deg = splat16((int16_t)ks->degree);
	const vu16 year = splat_u16(ks->year), E = splat_u16(ks->salary_place);
	const vi16 c1 = splat16((int16_t)ks->city[0]), c2 = splat16((int16_t)ks->city[1]);
	const vi16 c3 = splat16((int16_t)ks->city[2]);
	const vi16 first = splat16((int16_t)w->city_first), other = splat16((int16_t)w->city_other);
	const vi16 nopref = splat16((int16_t)w->city_no_preference);
	const vi16 full = splat16((int16_t)w->salary);
	const vi16 q3 = splat16((int16_t)(w->salary - w->salary / 4));
	const vi16 half = splat16((int16_t)(w->salary / 2));
	vi16 count = zero, best = minus1;

	for (size_t j = 0; j < b->n_pad; j += LANES16) {
		vi16 score = load_i16(fit + j);
		vi16 bad = (load_i16(mindeg + j) > deg) |
		           (load_u16((const uint16_t *)ylo + j) > year) |
		           (year > load_u16((const uint16_t *)yhi + j)) | (zero > score);

		if (no_city) {
			score += nopref;
		} else {
			vi16 c = load_i16(city + j);
			vi16 is0 = c == zero, m1 = c == c1, m2 = (c == c2) | (c == c3);
			score += (is0 & nopref) | (~is0 & ((m1 & first) | (~m1 & m2 & other)));
		}
		if (no_salary) {
			score += half;
		} else {
			vu16 hi = load_u16((const uint16_t *)sal_hi + j);
			vi16 le_lo = ~(E > load_u16((const uint16_t *)sal_lo + j));
			vi16 le_mid = ~(E > load_u16((const uint16_t *)sal_mid + j));
			vi16 v = ~(E > hi) & half;
			v = (le_mid & q3) | (~le_mid & v);
			v = (le_lo & full) | (~le_lo & v);
			vi16 unknown = (vi16)hi == zero;
			score += (unknown & half) | (~unknown & v);
		}
		score += load_i16(ipts + j);

		vi16 a = (vi16)load_u16(acc + j);
		vi16 cnt = a & low8;
		score += cnt * load_i16(req_unit + j) +
		         ((cnt == load_i16(req_n + j)) & load_i16(req_rest + j));
		cnt = (vi16)((vu16)a >> 8);
		score += cnt * load_i16(pref_unit + j) +
		         ((cnt == load_i16(pref_n + j)) & load_i16(pref_rest + j));
		cnt = (vi16)load_u16(cacc + j);
		score += cnt * load_i16(cert_unit + j) +
		         ((cnt == load_i16(cert_n + j)) & load_i16(cert_rest + j));

		score = (~bad & score) | (bad & minus1);
		count -= ~bad;
		vi16 gt = score > best;
		best = (gt & score) | (~gt & best);
		vi16x8 lo8, hi8;
		memcpy(&lo8, &score, sizeof(lo8));
		memcpy(&hi8, (const char *)&score + sizeof(lo8), sizeof(hi8));
		vi32 lo32 = __builtin_convertvector(lo8, vi32),
		     hi32 = __builtin_convertvector(hi8, vi32);
		memcpy(out + j, &lo32, sizeof(lo32));
		memcpy(out + j + LANES, &hi32, sizeof(hi32));
	}
	size_t n = 0;
	*max = -1;
	for (int l = 0; l < LANES16; l++) {
		n += (size_t)(uint16_t)count[l];
		if (*max < best[l])
			*max = best[l];
	}
	return n;
}

/* The kernel, specialised for the student's two common cases (no city
 * named, no salary named) so that the loop has no branch. */
static inline __attribute__((always_inline)) size_t
kernel(const struct match_weights *w, const struct block *b, const struct kstudent *ks,
       const int32_t *fit, const uint16_t *acc, const uint16_t *cacc, const int32_t *ipts,
       int32_t *max, int32_t *out)
{
	if (ks->n_cities == 0 && ks->salary == 0)
		return kernel_body(w, b, ks, fit, acc, cacc, ipts, max, out, 1, 1);
	if (ks->n_cities == 0)
		return kernel_body(w, b, ks, fit, acc, cacc, ipts, max, out, 1, 0);
	if (ks->salary == 0)
		return kernel_body(w, b, ks, fit, acc, cacc, ipts, max, out, 0, 1);
	return kernel_body(w, b, ks, fit, acc, cacc, ipts, max, out, 0, 0);
}

static inline __attribute__((always_inline)) size_t
kernel16(const struct match_weights *w, const struct block *b, const struct kstudent16 *ks,
         int no_city, int no_salary, const int16_t *fit, const uint16_t *acc, const uint16_t *cacc,
         const int16_t *ipts, int32_t *max, int32_t *out)
{
	if (no_city && no_salary)
		return kernel16_body(w, b, ks, fit, acc, cacc, ipts, max, out, 1, 1);
	if (no_city)
		return kernel16_body(w, b, ks, fit, acc, cacc, ipts, max, out, 1, 0);
	if (no_salary)
		return kernel16_body(w, b, ks, fit, acc, cacc, ipts, max, out, 0, 1);
	return kernel16_body(w, b, ks, fit, acc, cacc, ipts, max, out, 0, 0);
}

/* How many of sc[0..n_pad) reach each of four bars. */
static inline __attribute__((always_inline)) void count4(const int32_t *restrict sc, size_t n_pad,
                                                         const int32_t bar[4], size_t n[4])
{
	/* >= bar <=> > bar - 1 */
	const vi32 t0 = splat(bar[0] - 1), t1 = splat(bar[1] - 1);
	const vi32 t2 = splat(bar[2] - 1), t3 = splat(bar[3] - 1);
	vi32 c0 = splat(0), c1 = c0, c2 = c0, c3 = c0;

	for (size_t j = 0; j < n_pad; j += LANES) {
		vi32 v = load_i32(sc + j);
		c0 -= v > t0;
		c1 -= v > t1;
		c2 -= v > t2;
		c3 -= v > t3;
	}
	n[0] = n[1] = n[2] = n[3] = 0;
	for (int l = 0; l < LANES; l++) {
		n[0] += (size_t)c0[l];
		n[1] += (size_t)c1[l];
		n[2] += (size_t)c2[l];
		n[3] += (size_t)c3[l];
	}
}

/*
 * A bar for the student's own list (design note 11): a score that at least
 * k scores reach, as high as a few counting passes can find, or 0.  If at
 * least k scores reach a bar, the k-th best does too, so nothing below the
 * bar can enter the list; the higher the bar, the fewer candidates to sort.
 * The first bars are placed where the previous student's k-th best was
 * relative to its best (gap): students of a chunk are alike.  When the
 * chosen bar still lets many through, a second pass splits the interval up
 * to the next bar, which fewer than k reach.
 */
static inline __attribute__((always_inline)) int32_t
choose_bar(const int32_t *restrict sc, size_t n_pad, size_t k, int32_t max, int32_t gap)
{
	int32_t bar[4] = {max - gap + gap / 8, max - gap - gap / 8, max - gap - gap / 2,
	                  max - 2 * gap - 1};
	size_t n[4];
	int i;

	count4(sc, n_pad, bar, n);
	for (i = 0; i < 4 && n[i] < k; i++)
		;
	if (i == 4)
		return 0;
	int32_t lo = bar[i], hi = i ? bar[i - 1] : max + 1; /* k reach lo, not hi */
	if (n[i] > k + k / 4 && hi - lo > 4) {
		int32_t fine[4];
		for (int m = 0; m < 4; m++)
			fine[m] = lo + (int32_t)((int64_t)(hi - lo) * (4 - m) / 5);
		count4(sc, n_pad, fine, n);
		for (int m = 0; m < 4; m++) {
			if (n[m] >= k) {
				lo = fine[m];
				break;
			}
		}
	}
	return lo > 0 ? lo : 0;
}

static inline __attribute__((always_inline)) void
add_row(uint16_t *restrict acc, const uint16_t *restrict row, size_t n_pad)
{
	for (size_t j = 0; j < n_pad; j += 16) {
		vu16 x, y;
		memcpy(&x, acc + j, sizeof(x));
		memcpy(&y, row + j, sizeof(y));
		x += y;
		memcpy(acc + j, &x, sizeof(x));
	}
}

/* Sums the rows of the student's skills into acc, of its certificates into
 * cacc. */
static inline __attribute__((always_inline)) void
accumulate(const struct match_snapshot *sn, const struct block *b, const struct student_rec *s,
           uint16_t *restrict acc, uint16_t *restrict cacc)
{
	const uint32_t *dsk = sn->pool + s->dskills_off, *dct = sn->pool + s->dcerts_off;

	int first = 1;

	for (uint32_t i = 0; i < s->n_skills; i++) {
		uint32_t r = b->skill_row[dsk[i]];
		if (r == NONE32)
			continue;
		const uint16_t *row = b->skill_rows + (size_t)r * b->n_pad;
		if (first)
			memcpy(acc, row, b->n_pad * sizeof(*acc));
		else
			add_row(acc, row, b->n_pad);
		first = 0;
	}
	if (first)
		memset(acc, 0, b->n_pad * sizeof(*acc));
	first = 1;
	for (uint32_t i = 0; i < s->n_certs; i++) {
		uint32_t r = b->cert_row[dct[i]];
		if (r == NONE32)
			continue;
		const uint16_t *row = b->cert_rows + (size_t)r * b->n_pad;
		if (first)
			memcpy(cacc, row, b->n_pad * sizeof(*cacc));
		else
			add_row(cacc, row, b->n_pad);
		first = 0;
	}
	if (first)
		memset(cacc, 0, b->n_pad * sizeof(*cacc));
}

/*
 * Scores and selects one student of block b; returns its list's length.
 * *gap is the distance from the best to the k-th best score of the previous
 * student, a guide for choose_bar(); it is updated.
 */
VECTOR_CLONES
static uint32_t market_student(struct market_worker *wk, const struct block *b, size_t fit_row,
                               uint32_t si, int32_t *gap, struct match_hit *out)
{
	const struct match_snapshot *sn = wk->job->sn;
	const struct student_rec *s = &sn->students[si];
	const uint32_t *iv = sn->pool + s->interests_off;
	size_t k = wk->job->k;
	struct kstudent ks = {.degree = s->degree,
	                      .year = s->grad_year,
	                      .salary = (int32_t)s->salary,
	                      .n_cities = s->n_cities};
	int32_t *sc = wk->score;
	int disc = s->discoverable;

	int32_t max;

	accumulate(sn, b, s, wk->acc, wk->cacc);
	if (b->narrow) {
		struct kstudent16 ks16 = {.degree = s->degree, .year = s->grad_year};
		/* place of the expectation among the block's salaries (note 13) */
		ks16.salary_place =
		    (uint16_t)lower_bound_u32(b->salaries, b->n_salaries, s->salary);
		for (int i = 0; i < MATCH_MAX_CITIES; i++) {
			size_t at = i < s->n_cities
			                ? lower_bound_u32(b->cities, b->n_cities, s->cities[i])
			                : b->n_cities;
			ks16.city[i] = at < b->n_cities && b->cities[at] == s->cities[i]
			                   ? (uint16_t)(at + 1)
			                   : 0xFFFF;
		}
		for (uint32_t i = 0; i < s->n_interests; i++) {
			uint32_t pi = u32map_get(&sn->position_index, iv[2 * i]);
			if (pi != NONE32 && b->local_of[pi] >= 0)
				wk->ipts16[b->local_of[pi]] =
				    (int16_t)interest_points(&sn->w, (int)iv[2 * i + 1]);
		}
		wk->eligible += kernel16(&sn->w, b, &ks16, s->n_cities == 0, s->salary == 0,
		                         b->fit_rows16 + fit_row * b->n_pad, wk->acc, wk->cacc,
		                         wk->ipts16, &max, sc);
	} else {
		for (int i = 0; i < MATCH_MAX_CITIES; i++)
			ks.city[i] = i < s->n_cities ? (int32_t)s->cities[i] : 0;
		for (uint32_t i = 0; i < s->n_interests; i++) {
			uint32_t pi = u32map_get(&sn->position_index, iv[2 * i]);
			if (pi != NONE32 && b->local_of[pi] >= 0)
				wk->ipts[b->local_of[pi]] =
				    interest_points(&sn->w, (int)iv[2 * i + 1]);
		}
		wk->eligible += kernel(&sn->w, b, &ks, b->fit_rows + fit_row * b->n_pad, wk->acc,
		                       wk->cacc, wk->ipts, &max, sc);
	}

	/* design note 11: candidates for the student's own list are collected
	 * above a bar, then the best k of them selected */
	int32_t sbar = choose_bar(sc, b->n_pad, k, max, *gap);
	vi32 pmask = splat(disc ? -1 : 0), sbar_v = splat(sbar - 1);
	uint64_t *cands = wk->cands;
	size_t nc = 0;
	for (size_t j = 0; j < b->n_pad; j += LANES) {
		vi32 v = load_i32(sc + j);
		vi32 either = (v > sbar_v) | (pmask & (v > load_i32(wk->pb + j) - splat(1)));
		for (unsigned bits = lane_bits(&either); bits; bits &= bits - 1) {
			size_t l = j + (size_t)__builtin_ctz(bits);
			if (sc[l] >= sbar)
				cands[nc++] = hit_key(sc[l], b->pid[l]);
			if (disc && sc[l] >= wk->pb[l]) {
				wk->offered++;
				position_offer(wk, b->cand[l], hit_key(sc[l], s->id));
				uint64_t bar = position_bar(wk, b->cand[l]);
				wk->pb[l] = bar ? (int32_t)(bar >> 32) : 0;
			}
		}
	}
	wk->offered += nc;
	/* a hidden student is offered only where it applied */
	for (uint32_t i = 0; i < s->n_interests; i++) {
		uint32_t pi = u32map_get(&sn->position_index, iv[2 * i]);
		if (pi == NONE32 || b->local_of[pi] < 0)
			continue;
		int32_t j = b->local_of[pi];
		if (!disc && iv[2 * i + 1] == MATCH_INTEREST_APPLIED && sc[j] >= 0)
			position_offer(wk, pi, hit_key(sc[j], s->id));
		wk->ipts[j] = 0;
		wk->ipts16[j] = 0;
	}
	if (nc > k)
		select_top_keys(cands, nc, k);
	nc = nc < k ? nc : k;
	sort_keys_desc(cands, nc);
	for (size_t i = 0; i < nc; i++)
		out[i] = key_hit(cands[i]);
	if (nc == k)
		*gap = max - (int32_t)(cands[k - 1] >> 32);
	return (uint32_t)nc;
}

static void run_chunk(struct market_worker *wk, const struct chunk *c)
{
	const struct match_snapshot *sn = wk->job->sn;
	const struct block *b = &wk->job->blocks[c->block];
	struct match_market *out = wk->job->out;
	size_t k = wk->job->k, f = 0;

	/* fresh copies of the position bars (design note 11) */
	for (size_t j = 0; j < b->n_pad; j++) {
		uint64_t bar = j < b->n ? position_bar(wk, b->cand[j]) : ~0ull;
		wk->pb[j] = j >= b->n ? INT32_MAX : bar ? (int32_t)(bar >> 32) : 0;
	}
	for (uint32_t i = c->lo; i < c->hi; i++) {
		uint32_t si = sn->by_major[i];
		uint32_t major = sn->students[si].major;
		while (b->fit_major[f] != major)
			f++;
		out->student_n[si] =
		    market_student(wk, b, f, si, &wk->gap, out->student_hits + (size_t)si * k);
	}
}

/* The naive way for one student: every position, the reference scorer. */
static uint32_t naive_student(struct market_worker *wk, uint32_t si, struct match_hit *out)
{
	const struct match_snapshot *sn = wk->job->sn;
	const struct student_rec *s = &sn->students[si];
	size_t k = wk->job->k;
	struct pair_detail d;
	uint32_t scount = 0;

	for (uint32_t pi = 0; pi < sn->n_positions; pi++) {
		score_reference(sn, si, pi, &d);
		if (d.vetoes)
			continue;
		wk->eligible++;
		wk->offered++;
		heap_offer(wk->sheap, &scount, k, hit_key(d.total, sn->positions[pi].id));
		if (s->discoverable || d.interest == MATCH_INTEREST_APPLIED)
			heap_offer(wk->pheap + (size_t)pi * k, &wk->pcount[pi], k,
			           hit_key(d.total, s->id));
	}
	heap_drain(wk->sheap, scount, out);
	return scount;
}

static void *scan_thread(void *arg)
{
	struct market_worker *wk = arg;
	struct market_job *job = wk->job;

	if (job->naive) {
		size_t n = job->sn->n_students, k = job->k;
		for (;;) {
			size_t lo = atomic_fetch_add(&job->next, CHUNK);
			if (lo >= n)
				break;
			for (size_t si = lo; si < lo + CHUNK && si < n; si++)
				job->out->student_n[si] = naive_student(
				    wk, (uint32_t)si, job->out->student_hits + si * k);
		}
		return NULL;
	}
	for (;;) {
		size_t c = atomic_fetch_add(&job->next, 1);
		if (c >= job->n_chunks)
			break;
		run_chunk(wk, &job->chunks[c]);
	}
	return NULL;
}

static void *merge_thread(void *arg)
{
	struct market_worker *wk = arg;
	struct market_job *job = wk->job;
	size_t k = job->k;
	uint64_t *buf = malloc(wk->n_all * k * sizeof(*buf) + 1);

	if (!buf) {
		wk->rc = -ENOMEM;
		return NULL;
	}
	for (size_t pi = wk->p_lo; pi < wk->p_hi; pi++) {
		size_t m = 0;
		for (unsigned t = 0; t < wk->n_all; t++) {
			const struct market_worker *o = &wk->all[t];
			memcpy(buf + m, o->pheap + pi * k, o->pcount[pi] * sizeof(*buf));
			m += o->pcount[pi];
		}
		sort_keys_desc(buf, m);
		if (m > k)
			m = k;
		for (size_t i = 0; i < m; i++)
			job->out->position_hits[pi * k + i] = key_hit(buf[i]);
		job->out->position_n[pi] = (uint32_t)m;
	}
	free(buf);
	return NULL;
}

/* Runs fn on every worker, each in its own thread but the first. */
static int run_workers(struct market_worker *wk, unsigned n, void *(*fn)(void *))
{
	unsigned started = 1;
	int rc = 0;

	for (unsigned t = 1; t < n; t++, started++)
		if (pthread_create(&wk[t].thread, NULL, fn, &wk[t]) != 0)
			break;
	fn(&wk[0]);
	for (unsigned t = 1; t < started; t++)
		pthread_join(wk[t].thread, NULL);
	for (unsigned t = started; t < n; t++)
		fn(&wk[t]); /* a thread that could not start: its share, here */
	for (unsigned t = 0; t < n; t++)
		if (wk[t].rc < 0)
			rc = wk[t].rc;
	return rc;
}

static void worker_release(struct market_worker *wk)
{
	free(wk->pheap);
	free(wk->pcount);
	free(wk->pbar);
	free(wk->sheap);
	free(wk->cands);
	free(wk->acc);
	free(wk->cacc);
	free(wk->ipts);
	free(wk->ipts16);
	free(wk->score);
	free(wk->pb);
}

static int worker_init(struct market_worker *wk, struct market_job *job, size_t width)
{
	size_t np = job->sn->n_positions, k = job->k;

	memset(wk, 0, sizeof(*wk));
	wk->job = job;
	wk->pheap = big_alloc((np * k + 1) * sizeof(*wk->pheap));
	wk->pcount = calloc(np + 1, sizeof(*wk->pcount));
	wk->pbar = calloc(np + 1, sizeof(*wk->pbar));
	wk->sheap = malloc(k * sizeof(*wk->sheap));
	wk->cands = malloc((width + 1) * sizeof(*wk->cands));
	wk->acc = alloc_aligned(width * sizeof(*wk->acc));
	wk->cacc = alloc_aligned(width * sizeof(*wk->cacc));
	wk->ipts = alloc_aligned(width * sizeof(*wk->ipts));
	wk->ipts16 = alloc_aligned(width * sizeof(*wk->ipts16));
	wk->score = alloc_aligned(width * sizeof(*wk->score));
	wk->pb = alloc_aligned(width * sizeof(*wk->pb));
	if (!wk->pheap || !wk->pcount || !wk->pbar || !wk->sheap || !wk->acc || !wk->cacc ||
	    !wk->ipts || !wk->ipts16 || !wk->score || !wk->pb || !wk->cands)
		return -ENOMEM;
	return 0;
}

/* The class of a student's major (norm6 / 100), or NONE32 without one. */
static uint32_t class_of(const struct match_snapshot *sn, size_t i)
{
	uint32_t m = sn->students[sn->by_major[i]].major;

	return m ? code_norm6(m) / 100 : NONE32;
}

/* Cuts the students (sorted by major) into blocks by class, and chunks. */
static int plan_blocks(struct market_job *job)
{
	const struct match_snapshot *sn = job->sn;
	size_t ns = sn->n_students, n_chunks = 0, n_blocks = 0;

	for (size_t i = 0; i < ns; i++)
		if (i == 0 || class_of(sn, i) != class_of(sn, i - 1))
			n_blocks++;
	job->blocks = calloc(n_blocks + 1, sizeof(*job->blocks));
	if (!job->blocks)
		return -ENOMEM;
	for (size_t i = 0; i < ns;) {
		uint32_t cls = class_of(sn, i);
		size_t end = i + 1;
		while (end < ns && class_of(sn, end) == cls)
			end++;
		int rc = block_build(sn, &job->blocks[job->n_blocks++], cls, i, end, job->narrow);
		if (rc < 0)
			return rc;
		n_chunks += (end - i + CHUNK - 1) / CHUNK;
		i = end;
	}
	job->chunks = malloc((n_chunks + 1) * sizeof(*job->chunks));
	if (!job->chunks)
		return -ENOMEM;
	for (size_t b = 0; b < job->n_blocks; b++) {
		for (size_t lo = job->blocks[b].s_lo; lo < job->blocks[b].s_hi; lo += CHUNK) {
			struct chunk *c = &job->chunks[job->n_chunks++];
			c->block = (uint32_t)b;
			c->lo = (uint32_t)lo;
			c->hi = (uint32_t)(lo + CHUNK < job->blocks[b].s_hi ? lo + CHUNK
			                                                    : job->blocks[b].s_hi);
		}
	}
	return 0;
}

void match_market_release(struct match_market *m)
{
	free(m->student_hits);
	free(m->student_n);
	free(m->position_hits);
	free(m->position_n);
	memset(m, 0, sizeof(*m));
}

static int market(const struct match_snapshot *sn, size_t k, unsigned n_threads, int naive,
                  struct match_market *out)
{
	struct market_job job;
	struct market_worker *wk = NULL;
	size_t ns = sn->n_students, np = sn->n_positions, width = PAD;
	unsigned n_init = 0;
	int rc = -ENOMEM;

	memset(out, 0, sizeof(*out));
	if (k == 0 || k > 100000 || !sn->frozen)
		return -EINVAL;
	if (n_threads == 0)
		n_threads = 1;
	if (n_threads > 256)
		n_threads = 256;
	memset(&job, 0, sizeof(job));
	job.sn = sn;
	job.k = k;
	job.naive = naive;
	job.out = out;
	atomic_init(&job.next, 0);
	out->k = k;
	out->n_students = ns;
	out->n_positions = np;
	out->student_hits = big_alloc((ns * k + 1) * sizeof(*out->student_hits));
	out->student_n = big_calloc(ns + 1, sizeof(*out->student_n));
	out->position_hits = big_alloc((np * k + 1) * sizeof(*out->position_hits));
	out->position_n = calloc(np + 1, sizeof(*out->position_n));
	wk = calloc(n_threads, sizeof(*wk));
	if (!out->student_hits || !out->student_n || !out->position_hits || !out->position_n || !wk)
		goto out;
	job.shared_bar = big_calloc(np + 1, sizeof(*job.shared_bar));
	if (!job.shared_bar)
		goto out;
	if (!naive) {
		const struct match_weights *w = &sn->w;
		int64_t top =
		    (int64_t)w->skills_required + w->skills_preferred + w->certificates + w->salary;
		top += w->major_same > w->major_class ? w->major_same : w->major_class;
		top += w->major_category;
		top += w->city_first > w->city_other ? w->city_first : w->city_other;
		top += w->city_no_preference;
		top += w->interest_applied > w->interest_saved ? w->interest_applied
		                                               : w->interest_saved;
		top += w->interest_viewed;
		job.narrow = top <= INT16_MAX; /* a generous bound on any score */
		rc = plan_blocks(&job);
		if (rc < 0)
			goto out;
		for (size_t b = 0; b < job.n_blocks; b++)
			if (job.blocks[b].n_pad > width)
				width = job.blocks[b].n_pad;
	}
	rc = -ENOMEM;
	for (; n_init < n_threads; n_init++)
		if (worker_init(&wk[n_init], &job, width) < 0) {
			n_init++;
			goto out;
		}
	rc = run_workers(wk, n_threads, scan_thread);
	if (rc < 0)
		goto out;
	for (unsigned t = 0; t < n_threads; t++) {
		wk[t].all = wk;
		wk[t].n_all = n_threads;
		wk[t].p_lo = np * t / n_threads;
		wk[t].p_hi = np * (t + 1) / n_threads;
		out->pairs_eligible += wk[t].eligible;
		out->pairs_offered += wk[t].offered;
	}
	rc = run_workers(wk, n_threads, merge_thread);
out:
	for (unsigned t = 0; t < n_init; t++)
		worker_release(&wk[t]);
	free(wk);
	for (size_t b = 0; b < job.n_blocks; b++)
		block_release(&job.blocks[b]);
	free(job.blocks);
	free(job.chunks);
	free((void *)job.shared_bar);
	if (rc < 0)
		match_market_release(out);
	return rc;
}

int match_market_topk(const struct match_snapshot *sn, size_t k, unsigned n_threads,
                      struct match_market *out)
{
	return market(sn, k, n_threads, 0, out);
}

int match_market_topk_naive(const struct match_snapshot *sn, size_t k, unsigned n_threads,
                            struct match_market *out)
{
	return market(sn, k, n_threads, 1, out);
}
