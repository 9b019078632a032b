/*
 * match_da.c - the centralised match: student-proposing deferred acceptance
 * with capacities, the stability check, and positions' rankings by score.
 *
 * Design notes:
 *
 *  1. Priorities.  Both algorithms work on one number per entry of the
 *     students' lists: prio[e], the position's opinion of the student of
 *     entry e, smaller is better, NONE64 when the position does not accept
 *     that student.  A pair is acceptable when each side ranks the other, so
 *     only entries (the student ranks the position) can be acceptable.
 *       - From rankings (struct match_prefs): prio = the student's rank in
 *         the position's list.  Found by transposing the students' lists (a
 *         counting sort by position) and stamping each position's ranking
 *         into an array indexed by student: O(entries), no hashing.
 *       - From scores (the *_by_score functions): prio = ~hit_key(score,
 *         student id), so a higher score, then a smaller id, is better; a
 *         vetoed pair is not acceptable.  This is exactly the order of
 *         match_prefs_from_scores(), without building and sorting the lists.
 *     Priorities are distinct within a position, so positions' preferences
 *     are strict orders.
 *
 *  2. Deferred acceptance (Gale-Shapley; Roth's hospitals/residents form).
 *     A free student proposes to the next position on its list that accepts
 *     it.  A position holds at most capacity students in a max-heap by
 *     priority (its worst held student on top): it holds a proposer while it
 *     has a free seat, else swaps the proposer for its worst held student when
 *     it prefers the proposer, else rejects.  A rejected or displaced student
 *     goes back on the stack of free students.  A student never proposes
 *     twice to the same list entry, so the loop ends after at most "entries"
 *     proposals.
 *
 *  3. The result is the student-optimal stable matching: every student gets
 *     the best position it has in any stable matching.  That matching is
 *     unique, so the order of proposals (here: a LIFO stack) does not change
 *     it.  This is what makes the match deterministic without tie rules.
 *
 *  4. Heaps hold at most min(capacity, proposers) students, so memory is
 *     bounded by the entries, not by a large stated capacity.
 *
 *  5. The stability check recomputes the priorities the same way and checks,
 *     in order: indexes, acceptability of matched pairs, capacities, and
 *     blocking pairs (s, p): s prefers p to its match (or is unmatched), and
 *     p has a free seat or prefers s to its worst held student.
 *
 *  6. Scores are computed student by student: each student's data is read
 *     once and its positions (few, hot in cache) are the random side.  In
 *     position order a random student would be read per entry, and cache
 *     misses would dominate.
 */
#include "match_internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define NONE64 UINT64_MAX

/* The students' side of a match, whatever gave the positions' side. */
struct side {
	size_t ns, np;
	const uint32_t *off, *list, *capacity;
};

/* Checks that the students' lists are well formed and in range. */
static int check_side(const struct side *sd)
{
	if (sd->ns > INT32_MAX || sd->np > INT32_MAX || !sd->off || (sd->np && !sd->capacity))
		return -EINVAL;
	if (sd->off[0] != 0)
		return -EINVAL;
	for (size_t s = 0; s < sd->ns; s++)
		if (sd->off[s + 1] < sd->off[s])
			return -EINVAL;
	if (sd->off[sd->ns] && !sd->list)
		return -EINVAL;
	for (size_t e = 0; e < sd->off[sd->ns]; e++)
		if (sd->list[e] >= sd->np)
			return -EINVAL;
	return 0;
}

/* Checks the positions' rankings. */
static int check_prefs(const struct match_prefs *pr)
{
	size_t ns = pr->n_students, np = pr->n_positions;

	if (!pr->position_off || pr->position_off[0] != 0)
		return -EINVAL;
	for (size_t p = 0; p < np; p++)
		if (pr->position_off[p + 1] < pr->position_off[p])
			return -EINVAL;
	if (pr->position_off[np] && !pr->position_list)
		return -EINVAL;
	for (size_t e = 0; e < pr->position_off[np]; e++)
		if (pr->position_list[e] >= ns)
			return -EINVAL;
	return 0;
}

static struct side side_of(const struct match_prefs *pr)
{
	struct side sd = {pr->n_students, pr->n_positions, pr->student_off, pr->student_list,
	                  pr->capacity};
	return sd;
}

/* Priorities from rankings (note 1).  Allocates *prio; the caller frees. */
static int prio_from_rankings(const struct match_prefs *pr, uint64_t **prio_out)
{
	size_t ns = pr->n_students, np = pr->n_positions;
	size_t n_entries = pr->student_off[ns];
	uint32_t *in_off = NULL, *in_entry = NULL, *owner = NULL, *stamp = NULL;
	uint32_t *rank_of = NULL, *fill = NULL;
	uint64_t *prio;
	int rc = -ENOMEM;

	prio = big_alloc((n_entries + 1) * sizeof(*prio));
	in_off = calloc(np + 1, sizeof(*in_off));
	in_entry = big_alloc((n_entries + 1) * sizeof(*in_entry));
	owner = big_alloc((n_entries + 1) * sizeof(*owner));
	stamp = big_alloc((ns + 1) * sizeof(*stamp));
	rank_of = big_alloc((ns + 1) * sizeof(*rank_of));
	fill = malloc((np + 1) * sizeof(*fill));
	if (!prio || !in_off || !in_entry || !owner || !stamp || !rank_of || !fill)
		goto out;

	/* transpose: in_entry lists, per position, the entries naming it, and
	 * owner the students they belong to */
	for (size_t i = 0; i < n_entries; i++)
		in_off[pr->student_list[i] + 1]++;
	for (size_t p = 0; p < np; p++)
		in_off[p + 1] += in_off[p];
	memcpy(fill, in_off, np * sizeof(*fill));
	for (size_t s = 0; s < ns; s++) {
		for (uint32_t i = pr->student_off[s]; i < pr->student_off[s + 1]; i++) {
			uint32_t j = fill[pr->student_list[i]]++;
			in_entry[j] = i;
			owner[j] = (uint32_t)s;
		}
	}
	/* stamp each position's ranking into an array by student (the first
	 * occurrence counts) and read it back for the entries naming it */
	memset(stamp, 0xff, (ns + 1) * sizeof(*stamp));
	for (size_t p = 0; p < np; p++) {
		for (uint32_t j = pr->position_off[p]; j < pr->position_off[p + 1]; j++) {
			uint32_t s = pr->position_list[j];
			if (stamp[s] != p) {
				stamp[s] = (uint32_t)p;
				rank_of[s] = j - pr->position_off[p];
			}
		}
		for (uint32_t j = in_off[p]; j < in_off[p + 1]; j++) {
			uint32_t s = owner[j];
			prio[in_entry[j]] = stamp[s] == p ? rank_of[s] : NONE64;
		}
	}
	*prio_out = prio;
	prio = NULL;
	rc = 0;
out:
	free(prio);
	free(in_off);
	free(in_entry);
	free(owner);
	free(stamp);
	free(rank_of);
	free(fill);
	return rc;
}

/* ---- deferred acceptance ------------------------------------------------ */

/* A held student: the position's priority for it, and its index. */
struct held {
	uint64_t prio;
	uint32_t student;
};

/* Held students of a position: a max-heap by priority (worst on top). */
static void held_push(struct held *h, uint32_t n, struct held x)
{
	uint32_t i = n;

	while (i > 0) {
		uint32_t parent = (i - 1) / 2;
		if (h[parent].prio >= x.prio)
			break;
		h[i] = h[parent];
		i = parent;
	}
	h[i] = x;
}

static void held_replace_top(struct held *h, uint32_t n, struct held x)
{
	uint32_t i = 0;

	for (;;) {
		uint32_t c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && h[c + 1].prio > h[c].prio)
			c++;
		if (h[c].prio <= x.prio)
			break;
		h[i] = h[c];
		i = c;
	}
	h[i] = x;
}

/* Deferred acceptance over priorities (note 2). */
static int da_core(const struct side *sd, const uint64_t *prio, int32_t *match,
                   struct match_da_stats *stats)
{
	size_t ns = sd->ns, np = sd->np, top = 0;
	uint32_t *next = NULL, *stack = NULL, *held_off = NULL, *held_n = NULL;
	struct held *held = NULL;
	uint64_t proposals = 0, rejections = 0;
	int rc = -ENOMEM;

	next = big_alloc((ns + 1) * sizeof(*next));
	stack = big_alloc((ns + 1) * sizeof(*stack));
	held_off = calloc(np + 1, sizeof(*held_off));
	held_n = calloc(np + 1, sizeof(*held_n));
	if (!next || !stack || !held_off || !held_n)
		goto out;
	/* room per position: min(capacity, proposers) (note 4) */
	for (size_t e = 0; e < sd->off[ns]; e++)
		held_off[sd->list[e] + 1]++;
	for (size_t p = 0; p < np; p++) {
		uint32_t room =
		    held_off[p + 1] < sd->capacity[p] ? held_off[p + 1] : sd->capacity[p];
		held_off[p + 1] = held_off[p] + room;
	}
	held = big_alloc(((size_t)held_off[np] + 1) * sizeof(*held));
	if (!held)
		goto out;

	for (size_t s = 0; s < ns; s++) {
		next[s] = sd->off[s];
		match[s] = -1;
		stack[top++] = (uint32_t)(ns - 1 - s); /* student 0 proposes first */
	}
	while (top > 0) {
		uint32_t s = stack[--top];
		uint32_t end = sd->off[s + 1];
		while (next[s] < end) {
			uint32_t i = next[s]++;
			if (prio[i] == NONE64)
				continue;
			uint32_t p = sd->list[i];
			struct held *h = held + held_off[p];
			uint32_t cap = held_off[p + 1] - held_off[p];
			struct held x = {prio[i], s};
			proposals++;
			if (held_n[p] < cap) {
				held_push(h, held_n[p]++, x);
				match[s] = (int32_t)p;
				break;
			}
			if (cap > 0 && x.prio < h[0].prio) {
				uint32_t out = h[0].student;
				held_replace_top(h, cap, x);
				match[s] = (int32_t)p;
				match[out] = -1;
				stack[top++] = out;
				rejections++;
				break;
			}
			rejections++;
		}
	}
	if (stats) {
		stats->proposals = proposals;
		stats->rejections = rejections;
	}
	rc = 0;
out:
	free(next);
	free(stack);
	free(held_off);
	free(held_n);
	free(held);
	return rc;
}

int match_deferred_acceptance(const struct match_prefs *pr, int32_t *match,
                              struct match_da_stats *stats)
{
	struct side sd = side_of(pr);
	uint64_t *prio;
	int rc = check_side(&sd);

	if (rc == 0)
		rc = check_prefs(pr);
	if (rc == 0)
		rc = prio_from_rankings(pr, &prio);
	if (rc < 0)
		return rc;
	rc = da_core(&sd, prio, match, stats);
	free(prio);
	return rc;
}

/* ---- the stability check ------------------------------------------------ */

static int report(struct match_check_result *out, enum match_check_kind kind, int32_t s, int32_t p)
{
	if (out) {
		out->kind = kind;
		out->student = s;
		out->position = p;
	}
	return kind;
}

/* The stability check over priorities (note 5); match is valid indexes. */
static int check_core(const struct side *sd, const uint64_t *prio, const int32_t *match,
                      struct match_check_result *out)
{
	size_t ns = sd->ns, np = sd->np;
	uint32_t *count = NULL, *match_entry = NULL;
	uint64_t *worst = NULL;
	int rc = -ENOMEM;

	count = calloc(np + 1, sizeof(*count));
	worst = calloc(np + 1, sizeof(*worst));
	match_entry = big_alloc((ns + 1) * sizeof(*match_entry));
	if (!count || !worst || !match_entry)
		goto out;

	/* acceptability: the first entry naming the match must be accepted */
	for (size_t s = 0; s < ns; s++) {
		match_entry[s] = sd->off[s + 1];
		if (match[s] < 0)
			continue;
		for (uint32_t i = sd->off[s]; i < sd->off[s + 1]; i++) {
			if (sd->list[i] == (uint32_t)match[s]) {
				match_entry[s] = i;
				break;
			}
		}
		if (match_entry[s] == sd->off[s + 1] || prio[match_entry[s]] == NONE64) {
			rc = report(out, MATCH_CHECK_UNACCEPTABLE, (int32_t)s, match[s]);
			goto out;
		}
	}
	/* capacities, and each position's worst held priority */
	for (size_t s = 0; s < ns; s++) {
		if (match[s] < 0)
			continue;
		uint32_t p = (uint32_t)match[s];
		uint64_t r = prio[match_entry[s]];
		if (++count[p] > sd->capacity[p]) {
			rc = report(out, MATCH_CHECK_OVER_CAPACITY, (int32_t)s, (int32_t)p);
			goto out;
		}
		if (r > worst[p])
			worst[p] = r;
	}
	/* blocking pairs */
	for (size_t s = 0; s < ns; s++) {
		for (uint32_t i = sd->off[s]; i < match_entry[s]; i++) {
			uint32_t p = sd->list[i];
			if (prio[i] == NONE64)
				continue;
			if (count[p] < sd->capacity[p] || prio[i] < worst[p]) {
				rc = report(out, MATCH_CHECK_BLOCKING_PAIR, (int32_t)s, (int32_t)p);
				goto out;
			}
		}
	}
	rc = MATCH_CHECK_OK;
out:
	free(count);
	free(worst);
	free(match_entry);
	return rc;
}

/* Indexes first: a bad one is reported before anything is allocated. */
static int check_indexes(const struct side *sd, const int32_t *match,
                         struct match_check_result *out)
{
	for (size_t s = 0; s < sd->ns; s++)
		if (match[s] < -1 || (match[s] >= 0 && (size_t)match[s] >= sd->np))
			return report(out, MATCH_CHECK_BAD_INDEX, (int32_t)s, match[s]);
	return MATCH_CHECK_OK;
}

int match_check_stable(const struct match_prefs *pr, const int32_t *match,
                       struct match_check_result *out)
{
	struct side sd = side_of(pr);
	uint64_t *prio;
	int rc;

	report(out, MATCH_CHECK_OK, -1, -1);
	rc = check_side(&sd);
	if (rc == 0)
		rc = check_prefs(pr);
	if (rc < 0)
		return rc;
	rc = check_indexes(&sd, match, out);
	if (rc != MATCH_CHECK_OK)
		return rc;
	rc = prio_from_rankings(pr, &prio);
	if (rc < 0)
		return rc;
	rc = check_core(&sd, prio, match, out);
	free(prio);
	return rc;
}

/* ---- by score ----------------------------------------------------------- */

struct prio_job {
	const struct match_snapshot *sn;
	const struct side *sd;
	uint64_t *prio;
	atomic_size_t next;
	int rc;
};

static void *prio_thread(void *arg)
{
	struct prio_job *job = arg;
	const struct match_snapshot *sn = job->sn;
	const struct side *sd = job->sd;
	int32_t *scores = malloc(65536 * sizeof(*scores)); /* a student's list at most */

	if (!scores) {
		job->rc = -ENOMEM;
		return NULL;
	}
	for (;;) {
		size_t lo = atomic_fetch_add(&job->next, 256);
		if (lo >= sd->ns)
			break;
		size_t hi = lo + 256 < sd->ns ? lo + 256 : sd->ns;
		for (size_t s = lo; s < hi; s++) {
			uint32_t a = sd->off[s], n = sd->off[s + 1] - a;
			score_student_list(sn, (uint32_t)s, sd->list + a, n, scores);
			for (uint32_t i = 0; i < n; i++)
				job->prio[a + i] = scores[i] >= 0
				                       ? ~hit_key(scores[i], sn->students[s].id)
				                       : NONE64;
		}
	}
	free(scores);
	return NULL;
}

/* Runs fn(job) on n_threads threads, this one included. */
static void run_threads(void *(*fn)(void *), void *job, unsigned n_threads)
{
	pthread_t threads[256];
	unsigned started = 0;

	if (n_threads > 256)
		n_threads = 256;
	for (unsigned t = 1; t < n_threads; t++, started++)
		if (pthread_create(&threads[started], NULL, fn, job) != 0)
			break;
	fn(job);
	for (unsigned t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
}

/* Priorities from scores (note 1), student by student (note 6). */
static int prio_from_scores(const struct match_snapshot *sn, const struct side *sd,
                            unsigned n_threads, uint64_t **prio_out)
{
	struct prio_job job = {.sn = sn, .sd = sd};

	for (size_t s = 0; s < sd->ns; s++)
		if (sd->off[s + 1] - sd->off[s] > 65536)
			return -EINVAL;
	job.prio = big_alloc((sd->off[sd->ns] + 1) * sizeof(*job.prio));
	if (!job.prio)
		return -ENOMEM;
	atomic_init(&job.next, 0);
	run_threads(prio_thread, &job, n_threads ? n_threads : 1);
	if (job.rc < 0) {
		free(job.prio);
		return job.rc;
	}
	*prio_out = job.prio;
	return 0;
}

int match_deferred_acceptance_by_score(const struct match_snapshot *sn, const uint32_t *student_off,
                                       const uint32_t *student_list, const uint32_t *capacity,
                                       unsigned n_threads, int32_t *match,
                                       struct match_da_stats *stats)
{
	struct side sd = {sn->n_students, sn->n_positions, student_off, student_list, capacity};
	uint64_t *prio;
	int rc = check_side(&sd);

	if (rc == 0)
		rc = prio_from_scores(sn, &sd, n_threads, &prio);
	if (rc < 0)
		return rc;
	rc = da_core(&sd, prio, match, stats);
	free(prio);
	return rc;
}

int match_check_stable_by_score(const struct match_snapshot *sn, const uint32_t *student_off,
                                const uint32_t *student_list, const uint32_t *capacity,
                                unsigned n_threads, const int32_t *match,
                                struct match_check_result *out)
{
	struct side sd = {sn->n_students, sn->n_positions, student_off, student_list, capacity};
	uint64_t *prio;
	int rc;

	report(out, MATCH_CHECK_OK, -1, -1);
	rc = check_side(&sd);
	if (rc < 0)
		return rc;
	rc = check_indexes(&sd, match, out);
	if (rc != MATCH_CHECK_OK)
		return rc;
	rc = prio_from_scores(sn, &sd, n_threads, &prio);
	if (rc < 0)
		return rc;
	rc = check_core(&sd, prio, match, out);
	free(prio);
	return rc;
}

/* ---- rankings by score -------------------------------------------------- */

int match_rank_by_score(const struct match_snapshot *sn, match_id position,
                        const match_id *students, size_t n, match_id *out, size_t *n_out)
{
	long pi = match_snapshot_position_index(sn, position);
	uint64_t *keys;
	size_t m = 0, kept = 0;

	*n_out = 0;
	if (pi < 0)
		return -ENOENT;
	keys = malloc((n + 1) * sizeof(*keys));
	if (!keys)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		long si = match_snapshot_student_index(sn, students[i]);
		if (si < 0)
			continue;
		int32_t score = score_fast(sn, (uint32_t)si, (uint32_t)pi);
		if (score >= 0)
			keys[m++] = hit_key(score, students[i]);
	}
	sort_keys_desc(keys, m);
	for (size_t i = 0; i < m; i++)
		if (i == 0 || keys[i] != keys[i - 1])
			out[kept++] = key_hit(keys[i]).id;
	free(keys);
	*n_out = kept;
	return 0;
}

/*
 * Rankings by score for every position: two phases over a transposed copy
 * of the students' lists, by student (scores, note 6), then by position
 * (each position's segment sorted).  Work comes from an atomic counter.
 */
struct rank_job {
	const struct match_snapshot *sn;
	const uint32_t *student_off, *student_list;
	const uint32_t *slot;   /* per entry: its place in the transposed array */
	const uint32_t *in_off; /* per position: its segment */
	struct keyed *keyed;    /* transposed: key (0 = vetoed) and student */
	uint32_t *kept;         /* per position: entries that stay */
	int phase;
	atomic_size_t next;
	int rc;
};

static void rank_students(struct rank_job *job, size_t lo, size_t hi, int32_t *scores)
{
	const struct match_snapshot *sn = job->sn;

	for (size_t s = lo; s < hi; s++) {
		uint32_t a = job->student_off[s], n = job->student_off[s + 1] - a;
		score_student_list(sn, (uint32_t)s, job->student_list + a, n, scores);
		for (uint32_t i = 0; i < n; i++) {
			struct keyed *e = &job->keyed[job->slot[a + i]];
			e->key = scores[i] >= 0 ? hit_key(scores[i], sn->students[s].id) : 0;
			e->index = (uint32_t)s;
		}
	}
}

static void rank_positions(struct rank_job *job, size_t lo, size_t hi)
{
	for (size_t p = lo; p < hi; p++) {
		struct keyed *seg = job->keyed + job->in_off[p];
		size_t n = job->in_off[p + 1] - job->in_off[p], kept = 0;
		sort_keyed_desc(seg, n);
		for (size_t i = 0; i < n && seg[i].key; i++)
			if (i == 0 || seg[i].key != seg[i - 1].key)
				seg[kept++] = seg[i];
		job->kept[p] = (uint32_t)kept;
	}
}

static void *rank_thread(void *arg)
{
	struct rank_job *job = arg;
	size_t n = job->phase == 0 ? job->sn->n_students : job->sn->n_positions;
	size_t step = job->phase == 0 ? 256 : 16;
	int32_t *scores = malloc(65536 * sizeof(*scores)); /* a student's list at most */

	if (!scores) {
		job->rc = -ENOMEM;
		return NULL;
	}
	for (;;) {
		size_t lo = atomic_fetch_add(&job->next, step);
		if (lo >= n)
			break;
		size_t hi = lo + step < n ? lo + step : n;
		if (job->phase == 0)
			rank_students(job, lo, hi, scores);
		else
			rank_positions(job, lo, hi);
	}
	free(scores);
	return NULL;
}

/* Runs one phase on n_threads threads (this one included). */
static void rank_phase(struct rank_job *job, int phase, unsigned n_threads)
{
	job->phase = phase;
	atomic_store(&job->next, 0);
	run_threads(rank_thread, job, n_threads);
}

int match_prefs_from_scores(const struct match_snapshot *sn, const uint32_t *student_off,
                            const uint32_t *student_list, unsigned n_threads,
                            uint32_t **position_off, uint32_t **position_list)
{
	size_t ns = sn->n_students, np = sn->n_positions;
	size_t n_entries = ns ? student_off[ns] : 0;
	struct rank_job job;
	uint32_t *in_off = NULL, *fill = NULL, *slot = NULL, *kept = NULL, *off = NULL;
	uint32_t *list = NULL;
	int rc = -ENOMEM;

	*position_off = NULL;
	*position_list = NULL;
	if (student_off[0] != 0)
		return -EINVAL;
	for (size_t s = 0; s < ns; s++)
		if (student_off[s + 1] < student_off[s] ||
		    student_off[s + 1] - student_off[s] > 65536)
			return -EINVAL;
	for (size_t i = 0; i < n_entries; i++)
		if (student_list[i] >= np)
			return -EINVAL;
	if (n_threads == 0)
		n_threads = 1;
	if (n_threads > 256)
		n_threads = 256;
	memset(&job, 0, sizeof(job));
	in_off = calloc(np + 2, sizeof(*in_off));
	fill = malloc((np + 1) * sizeof(*fill));
	slot = big_alloc((n_entries + 1) * sizeof(*slot));
	kept = calloc(np + 1, sizeof(*kept));
	job.keyed = big_alloc((n_entries + 1) * sizeof(*job.keyed));
	if (!in_off || !fill || !slot || !kept || !job.keyed)
		goto out;
	for (size_t i = 0; i < n_entries; i++)
		in_off[student_list[i] + 1]++;
	for (size_t p = 0; p < np; p++)
		in_off[p + 1] += in_off[p];
	memcpy(fill, in_off, np * sizeof(*fill));
	for (size_t i = 0; i < n_entries; i++)
		slot[i] = fill[student_list[i]]++;

	job.sn = sn;
	job.student_off = student_off;
	job.student_list = student_list;
	job.slot = slot;
	job.in_off = in_off;
	job.kept = kept;
	rank_phase(&job, 0, n_threads);
	if (job.rc == 0)
		rank_phase(&job, 1, n_threads);
	if (job.rc < 0) {
		rc = job.rc;
		goto out;
	}

	off = malloc((np + 1) * sizeof(*off));
	if (!off)
		goto out;
	off[0] = 0;
	for (size_t p = 0; p < np; p++)
		off[p + 1] = off[p] + kept[p];
	list = big_alloc(((size_t)off[np] + 1) * sizeof(*list));
	if (!list)
		goto out;
	for (size_t p = 0; p < np; p++)
		for (uint32_t i = 0; i < kept[p]; i++)
			list[off[p] + i] = job.keyed[in_off[p] + i].index;
	*position_off = off;
	*position_list = list;
	off = NULL;
	list = NULL;
	rc = 0;
out:
	free(in_off);
	free(fill);
	free(slot);
	free(kept);
	free(job.keyed);
	free(off);
	free(list);
	return rc;
}
