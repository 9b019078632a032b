/*
 * match_topk.c - recommendations for one student or one position: the
 * scalar fast scorer, top-k both ways, and the incremental refresh of cached
 * lists.  (The whole market at once is in match_market.c.)
 *
 * The fast scorer prepares a student once (a "probe": where each of its
 * skills sits in a position's bitmap) and then tests positions against it
 * with a few loads and shifts; see design notes 3 to 5 in match.c.
 *
 * Top-k lists are min-heaps of keys (hit_key(): score, then smaller id),
 * whose root is the k-th best key so far, the bar a new candidate must clear.
 */
#include "match_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- sorting keys ----------------------------------------------------- */

/*
 * Quicksort (median of three, insertion sort below 24), descending by key;
 * instantiated for bare keys and for keys with an index.
 */
#define DEFINE_SORT_DESC(name, type, KEY)                                                          \
	void name(type *a, size_t n)                                                               \
	{                                                                                          \
		while (n > 24) {                                                                   \
			uint64_t x = KEY(a[0]), y = KEY(a[n / 2]), z = KEY(a[n - 1]), pivot;       \
			if ((x >= y) == (y >= z))                                                  \
				pivot = y;                                                         \
			else if ((y >= x) == (x >= z))                                             \
				pivot = x;                                                         \
			else                                                                       \
				pivot = z;                                                         \
			size_t i = 0, j = n - 1;                                                   \
			for (;;) {                                                                 \
				while (KEY(a[i]) > pivot)                                          \
					i++;                                                       \
				while (KEY(a[j]) < pivot)                                          \
					j--;                                                       \
				if (i >= j)                                                        \
					break;                                                     \
				type t = a[i];                                                     \
				a[i] = a[j];                                                       \
				a[j] = t;                                                          \
				i++;                                                               \
				j--;                                                               \
			}                                                                          \
			size_t left = j + 1; /* recurse on the smaller part */                     \
			if (left < n - left) {                                                     \
				name(a, left);                                                     \
				a += left;                                                         \
				n -= left;                                                         \
			} else {                                                                   \
				name(a + left, n - left);                                          \
				n = left;                                                          \
			}                                                                          \
		}                                                                                  \
		for (size_t i = 1; i < n; i++) {                                                   \
			type x = a[i];                                                             \
			size_t j = i;                                                              \
			while (j > 0 && KEY(a[j - 1]) < KEY(x)) {                                  \
				a[j] = a[j - 1];                                                   \
				j--;                                                               \
			}                                                                          \
			a[j] = x;                                                                  \
		}                                                                                  \
	}

/*
 * Moves the k largest of a[0..n) to a[0..k) (in no order): quickselect with
 * a median-of-three pivot, O(n) on average.
 */
void select_top_keys(uint64_t *a, size_t n, size_t k)
{
	while (n > k && k > 0) {
		uint64_t x = a[0], y = a[n / 2], z = a[n - 1], pivot;
		if ((x >= y) == (y >= z))
			pivot = y;
		else if ((y >= x) == (x >= z))
			pivot = x;
		else
			pivot = z;
		/* three-way: [> pivot][== pivot][< pivot] */
		size_t lt = 0, i = 0, gt = n;
		while (i < gt) {
			if (a[i] > pivot) {
				uint64_t t = a[i];
				a[i++] = a[lt];
				a[lt++] = t;
			} else if (a[i] < pivot) {
				uint64_t t = a[i];
				a[i] = a[--gt];
				a[gt] = t;
			} else {
				i++;
			}
		}
		if (k <= lt) {
			n = lt;
		} else if (k <= gt) {
			return;
		} else {
			a += gt;
			k -= gt;
			n -= gt;
		}
	}
}

#define BARE_KEY(e)  (e)
#define KEYED_KEY(e) ((e).key)
DEFINE_SORT_DESC(sort_keys_desc, uint64_t, BARE_KEY)
DEFINE_SORT_DESC(sort_keyed_desc, struct keyed, KEYED_KEY)

/* ---- the fast scorer ---------------------------------------------------- */

/* A student prepared for testing against many positions. */
struct probe {
	const struct student_rec *s;
	uint32_t cat;              /* category of the major, or NONE32 without a major */
	uint32_t m6, mcls6, mcat6; /* see shared_level_fast() */
	uint32_t n_sk, n_ct;
	uint32_t sk_word[MATCH_MAX_LIST];
	uint32_t sk_shift[MATCH_MAX_LIST];
	uint32_t ct_word[MATCH_MAX_LIST];
	uint32_t ct_shift[MATCH_MAX_LIST];
};

/* The part of a probe that pair_cheap() needs. */
static void probe_init_major(const struct student_rec *s, struct probe *pr)
{
	pr->s = s;
	pr->cat = s->major ? code_norm6(s->major) / 10000 : NONE32;
	pr->m6 = code_norm6(s->major);
	pr->mcls6 = pr->m6 / 100 * 100;
	pr->mcat6 = pr->m6 / 10000 * 10000;
}

/* The part that pair_extra() needs. */
static void probe_init_lists(const struct match_snapshot *sn, const struct student_rec *s,
                             struct probe *pr)
{
	const uint32_t *dsk = sn->pool + s->dskills_off;
	const uint32_t *dct = sn->pool + s->dcerts_off;

	pr->n_sk = s->n_skills;
	for (uint32_t i = 0; i < s->n_skills; i++) {
		pr->sk_word[i] = dsk[i] >> 5;
		pr->sk_shift[i] = (dsk[i] & 31) * 2;
	}
	pr->n_ct = s->n_certs;
	for (uint32_t i = 0; i < s->n_certs; i++) {
		pr->ct_word[i] = dct[i] >> 6;
		pr->ct_shift[i] = dct[i] & 63;
	}
}

static void probe_init(const struct match_snapshot *sn, const struct student_rec *s,
                       struct probe *pr)
{
	probe_init_major(s, pr);
	probe_init_lists(sn, s, pr);
}

/*
 * The hard filters and the cheap components.  Returns -1 when a filter
 * vetoes the pair, else the points of major fit, city, salary and interest.
 */
static inline int32_t pair_cheap(const struct match_snapshot *sn, const struct probe *pr,
                                 const struct position_rec *p, int interest)
{
	const struct student_rec *s = pr->s;
	int lvl = 0, covered = 0;

	if (!p->open || s->degree < p->min_degree || s->grad_year < p->year_lo ||
	    s->grad_year > p->year_hi)
		return -1;
	if (pr->cat != NONE32 && (p->catmask[pr->cat >> 6] >> (pr->cat & 63) & 1)) {
		const uint32_t *codes = sn->pool + p->codes_off;
		for (uint32_t i = 0; i < p->n_codes; i++) {
			int l = shared_level_fast(pr->m6, pr->mcls6, pr->mcat6, codes[i]);
			if (l > lvl)
				lvl = l;
			if (l == code_level(codes[i]))
				covered = 1;
		}
	}
	if (p->required && !covered)
		return -1;

	const struct match_weights *w = &sn->w;
	int32_t salary;
	if (s->salary == 0 || p->sal_hi == 0)
		salary = w->salary / 2;
	else if (s->salary <= p->sal_lo)
		salary = w->salary;
	else if (s->salary <= p->sal_mid)
		salary = w->salary - w->salary / 4;
	else if (s->salary <= p->sal_hi)
		salary = w->salary / 2;
	else
		salary = 0;
	return fit_points(w, lvl) + city_points(w, city_rank(s->cities, s->n_cities, p->city)) +
	       salary + interest_points(w, interest);
}

/* The points of skills and certificates. */
static inline int32_t pair_extra(const struct match_snapshot *sn, const struct probe *pr,
                                 uint32_t pi)
{
	const struct position_rec *p = &sn->positions[pi];
	const uint64_t *sb = sn->pos_skill_bits + (size_t)pi * sn->skill_words;
	const uint64_t *cb = sn->pos_cert_bits + (size_t)pi * sn->cert_words;
	uint32_t acc = 0, certs = 0;

	for (uint32_t i = 0; i < pr->n_sk; i++) {
		uint32_t b = (uint32_t)(sb[pr->sk_word[i]] >> pr->sk_shift[i]) & 3;
		acc += (b & 1) | (b >> 1) << 16; /* required low, preferred high */
	}
	for (uint32_t i = 0; i < pr->n_ct; i++)
		certs += (uint32_t)(cb[pr->ct_word[i]] >> pr->ct_shift[i]) & 1;
	uint32_t req = acc & 0xFFFF, pref = acc >> 16;
	return (int32_t)req * p->unit[0] + (req == p->n_req ? p->rest[0] : 0) +
	       (int32_t)pref * p->unit[1] + (pref == p->n_pref ? p->rest[1] : 0) +
	       (int32_t)certs * p->unit[2] + (certs == p->n_certs ? p->rest[2] : 0);
}

void score_student_list(const struct match_snapshot *sn, uint32_t si, const uint32_t *pis, size_t n,
                        int32_t *out)
{
	struct probe pr;
	const struct student_rec *s = &sn->students[si];

	probe_init(sn, s, &pr);
	for (size_t i = 0; i < n; i++) {
		const struct position_rec *p = &sn->positions[pis[i]];
		int32_t cheap = pair_cheap(sn, &pr, p, student_interest(sn, s, p->id));
		out[i] = cheap < 0 ? MATCH_VETOED : cheap + pair_extra(sn, &pr, pis[i]);
	}
}

int32_t score_fast(const struct match_snapshot *sn, uint32_t si, uint32_t pi)
{
	struct probe pr;
	const struct student_rec *s = &sn->students[si];
	const struct position_rec *p = &sn->positions[pi];
	int32_t cheap;

	probe_init(sn, s, &pr);
	cheap = pair_cheap(sn, &pr, p, student_interest(sn, s, p->id));
	return cheap < 0 ? MATCH_VETOED : cheap + pair_extra(sn, &pr, pi);
}

/* ---- scanning one student's candidates ----------------------------------- */

/*
 * What a scan needs besides the student: interest levels by position index
 * (all zero between scans) and the student's heap.
 */
struct scan_ws {
	const struct match_snapshot *sn;
	size_t k;
	uint8_t *interest;
	uint64_t *sheap; /* k keys */
	struct probe probe;
};

static inline void scan_one(struct scan_ws *ws, uint32_t pi, uint32_t *scount)
{
	const struct match_snapshot *sn = ws->sn;
	const struct position_rec *p = &sn->positions[pi];
	int32_t cheap = pair_cheap(sn, &ws->probe, p, ws->interest[pi]);
	uint64_t bar;

	if (cheap < 0)
		return;
	bar = *scount == ws->k ? ws->sheap[0] : 0;
	/* design note 5: the bound with the best possible id */
	if (hit_key(cheap + p->extra_max, 0) <= bar)
		return;
	uint64_t key = hit_key(cheap + pair_extra(sn, &ws->probe, pi), p->id);
	if (key > bar)
		heap_offer(ws->sheap, scount, ws->k, key);
}

/*
 * Scans student si's candidates (design note 4) and writes its top-k to out;
 * returns how many.
 */
static uint32_t scan_student(struct scan_ws *ws, uint32_t si, struct match_hit *out)
{
	const struct match_snapshot *sn = ws->sn;
	const struct student_rec *s = &sn->students[si];
	const uint32_t *iv = sn->pool + s->interests_off;
	uint32_t scount = 0, cat;

	probe_init(sn, s, &ws->probe);
	cat = ws->probe.cat;
	for (uint32_t i = 0; i < s->n_interests; i++) {
		uint32_t pi = u32map_get(&sn->position_index, iv[2 * i]);
		if (pi != NONE32)
			ws->interest[pi] = (uint8_t)iv[2 * i + 1];
	}
	if (cat != NONE32) {
		const struct u32vec *list = &sn->by_category[cat];
		for (size_t i = 0; i < list->n; i++)
			scan_one(ws, list->v[i], &scount);
	}
	for (size_t i = 0; i < sn->unrestricted.n; i++) {
		uint32_t pi = sn->unrestricted.v[i];
		const struct position_rec *p = &sn->positions[pi];
		/* those with a code in the category were seen above */
		if (cat != NONE32 && (p->catmask[cat >> 6] >> (cat & 63) & 1))
			continue;
		scan_one(ws, pi, &scount);
	}
	for (uint32_t i = 0; i < s->n_interests; i++) {
		uint32_t pi = u32map_get(&sn->position_index, iv[2 * i]);
		if (pi != NONE32)
			ws->interest[pi] = 0;
	}
	heap_drain(ws->sheap, scount, out);
	return scount;
}

int match_topk_for_student(const struct match_snapshot *sn, match_id student, size_t k,
                           struct match_hit *out, size_t *n_out)
{
	long si = match_snapshot_student_index(sn, student);
	struct scan_ws *ws;

	*n_out = 0;
	if (si < 0)
		return -ENOENT;
	if (!sn->frozen)
		return -EINVAL;
	if (k == 0)
		return 0;
	ws = calloc(1, sizeof(*ws));
	if (!ws)
		return -ENOMEM;
	ws->sn = sn;
	ws->k = k;
	ws->interest = calloc(sn->n_positions + 1, 1);
	ws->sheap = malloc(k * sizeof(*ws->sheap));
	if (!ws->interest || !ws->sheap) {
		free(ws->interest);
		free(ws->sheap);
		free(ws);
		return -ENOMEM;
	}
	*n_out = scan_student(ws, (uint32_t)si, out);
	free(ws->interest);
	free(ws->sheap);
	free(ws);
	return 0;
}

/* ---- one position's candidates ------------------------------------------ */

/* Offers student si to a position's heap when eligible for its list. */
static void position_offer(const struct match_snapshot *sn, uint32_t si, uint32_t pi,
                           struct probe *pr, uint64_t *heap, uint32_t *n, size_t k)
{
	const struct student_rec *s = &sn->students[si];
	const struct position_rec *p = &sn->positions[pi];
	int interest;
	int32_t cheap;

	/* the filters that need nothing but the record, first */
	if (s->degree < p->min_degree || s->grad_year < p->year_lo || s->grad_year > p->year_hi)
		return;
	interest = s->n_interests ? student_interest(sn, s, p->id) : 0;
	if (!s->discoverable && interest != MATCH_INTEREST_APPLIED)
		return;
	probe_init_major(s, pr);
	cheap = pair_cheap(sn, pr, p, interest);
	if (cheap < 0)
		return;
	if (*n == k && hit_key(cheap + p->extra_max, 0) <= heap[0])
		return;
	probe_init_lists(sn, s, pr);
	heap_offer(heap, n, k, hit_key(cheap + pair_extra(sn, pr, pi), s->id));
}

int match_topk_for_position(const struct match_snapshot *sn, match_id position, size_t k,
                            struct match_hit *out, size_t *n_out)
{
	long pil = match_snapshot_position_index(sn, position);
	const struct position_rec *p;
	struct probe *pr;
	uint64_t *heap;
	uint32_t n = 0, pi;

	*n_out = 0;
	if (pil < 0)
		return -ENOENT;
	if (!sn->frozen)
		return -EINVAL;
	pi = (uint32_t)pil;
	p = &sn->positions[pi];
	if (k == 0 || !p->open)
		return 0;
	pr = malloc(sizeof(*pr));
	heap = malloc(k * sizeof(*heap));
	if (!pr || !heap) {
		free(pr);
		free(heap);
		return -ENOMEM;
	}
	if (p->required) {
		/* Only students whose major lies inside a code; codes are sorted
		 * so that a code comes before the codes it covers (note 8). */
		const uint32_t *codes = sn->pool + p->codes_off;
		uint32_t last = 0;
		for (uint32_t c = 0; c < p->n_codes; c++) {
			static const uint32_t span[4] = {0, 10000, 100, 1};
			uint32_t lvl = (uint32_t)code_level(codes[c]);
			uint32_t lo = code_norm6(codes[c]);
			if (last && shared_level(lo << 2 | 3, last) == code_level(last))
				continue; /* inside the previous code */
			last = codes[c];
			uint32_t hi = lo + span[lvl] - 1;
			size_t a = snapshot_by_major_lower(sn, sn->n_students, lo << 2 | 3, 0);
			size_t b =
			    snapshot_by_major_lower(sn, sn->n_students, (hi << 2 | 3) + 1, 0);
			for (size_t i = a; i < b; i++)
				position_offer(sn, sn->by_major[i], pi, pr, heap, &n, k);
		}
	} else {
		for (uint32_t si = 0; si < sn->n_students; si++)
			position_offer(sn, si, pi, pr, heap, &n, k);
	}
	heap_drain(heap, n, out);
	*n_out = n;
	free(pr);
	free(heap);
	return 0;
}

/* ---- incremental refresh ------------------------------------------------ */

/*
 * Patches a cached top-k list after the pair (list owner, changed) changed;
 * eligible/score describe the pair now.  Returns 0 when patched, 1 when the
 * list must be recomputed (see the comment in match.h).
 */
static int patch_list(struct match_hit *list, size_t *n, size_t k, match_id changed, int eligible,
                      int32_t score)
{
	size_t at = *n, i;
	int was_full = *n == k;
	uint64_t old_last = *n ? hit_key(list[*n - 1].score, list[*n - 1].id) : 0;
	uint64_t key = hit_key(score, changed);

	if (k == 0)
		return 0;
	for (i = 0; i < *n; i++) {
		if (list[i].id == changed) {
			at = i;
			break;
		}
	}
	if (at < *n) {
		memmove(list + at, list + at + 1, (*n - at - 1) * sizeof(*list));
		(*n)--;
		/* A full list lost a member: the next best is known only when
		 * the changed one is still at least as good as the old k-th. */
		if (was_full && (!eligible || key < old_last))
			return 1;
	}
	if (!eligible)
		return 0;
	if (*n == k) {
		if (key <= hit_key(list[k - 1].score, list[k - 1].id))
			return 0;
		(*n)--; /* the old k-th falls out */
	}
	for (i = *n; i > 0 && hit_key(list[i - 1].score, list[i - 1].id) < key; i--)
		list[i] = list[i - 1];
	list[i].id = changed;
	list[i].score = score;
	(*n)++;
	return 0;
}

int match_refresh_position_topk(const struct match_snapshot *sn, match_id position,
                                struct match_hit *list, size_t *n, size_t k, match_id changed)
{
	long pi = match_snapshot_position_index(sn, position);
	long si = match_snapshot_student_index(sn, changed);
	int32_t score;
	int eligible, rc;

	if (pi < 0 || si < 0)
		return -ENOENT;
	if (!sn->frozen || *n > k)
		return -EINVAL;
	const struct student_rec *s = &sn->students[si];
	score = score_fast(sn, (uint32_t)si, (uint32_t)pi);
	eligible = score >= 0 &&
	           (s->discoverable || student_interest(sn, s, position) == MATCH_INTEREST_APPLIED);
	if (patch_list(list, n, k, changed, eligible, score) == 0)
		return 0;
	rc = match_topk_for_position(sn, position, k, list, n);
	return rc < 0 ? rc : 1;
}

int match_refresh_student_topk(const struct match_snapshot *sn, match_id student,
                               struct match_hit *list, size_t *n, size_t k, match_id changed)
{
	long si = match_snapshot_student_index(sn, student);
	long pi = match_snapshot_position_index(sn, changed);
	int32_t score;
	int rc;

	if (pi < 0 || si < 0)
		return -ENOENT;
	if (!sn->frozen || *n > k)
		return -EINVAL;
	score = score_fast(sn, (uint32_t)si, (uint32_t)pi);
	if (patch_list(list, n, k, changed, score >= 0, score) == 0)
		return 0;
	rc = match_topk_for_student(sn, student, k, list, n);
	return rc < 0 ? rc : 1;
}
