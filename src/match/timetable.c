/*
 * timetable.c - the interview timetable: design notes, and the solver.
 *
 * DESIGN NOTES
 *
 * HR invites students to interviews at its booth (展位); each booth has a
 * number of interview tables; the day is a grid of equal slots.  The solver
 * gives every request a slot or a reason, and keeps confirmed interviews
 * where they are.  Finding the largest timetable is NP-hard (it contains
 * graph colouring through the travel gap), so the solver is a greedy
 * placement followed by local improvement until nothing local helps; what
 * that guarantees is listed below, and the tests check each point on random
 * instances against brute force.
 *
 * Words.  A request is "excluded" when it is a duplicate, its booth has no
 * tables or its window is empty; every other request is "considered".  A
 * considered request is "fixed" (fixed_slot >= 0; its window is that one
 * slot) or "free".  Two interviews of one student at slots u and t clash
 * when u == t, or when they are at different booths and |u - t| <= gap.
 * Slot t is "feasible" for request r when r's booth has a table left at t
 * and no placed interview of r's student clashes with t.
 *
 * The phases:
 *
 *   1. Check the input; mark duplicates (the first (student, booth) wins, by
 *      index), NO_TABLES and OUTSIDE_HOURS.  Windows are clipped to the day.
 *   2. Rank requests within their booth: rank = how many distinct priority
 *      values of the booth's considered requests are smaller.  Only the
 *      order within a booth is HR's intent; ranks make "the first choice of
 *      every booth" comparable across booths.
 *   3. Fixed requests in index order: placed at their slot when feasible,
 *      otherwise FIXED_CONFLICT.  They never move afterwards.
 *   4. Greedy: free requests by (rank, width of window, index): each booth's
 *      most wanted first, and among equals the least flexible first.  Each
 *      takes its best feasible slot (best_slot(): the least loaded slot of
 *      its booth, the earliest of those), or waits.
 *   5. Improvement, in rounds, over the unplaced free requests in the same
 *      order, each trying in turn:
 *        a. insert: a feasible slot exists (a move elsewhere made room);
 *        b. insert after one move: at some slot t of r's window exactly one
 *           free interview x stands in the way (it is the student's one
 *           clashing interview, or the booth is full at t and x is one of its
 *           interviews there); x moves to another feasible slot of its own
 *           window and r takes t;
 *        c. swap: a placed free request l of the same booth with a larger
 *           priority number whose slot r could take (in r's window, r's
 *           student free there) is dropped for r; l becomes unplaced and
 *           gets its own chance in the next round.  The least wanted such l
 *           (largest rank, then largest index) is the one dropped.
 *      Rounds repeat until one changes nothing.
 *   6. Reasons of unplaced free requests, from the final timetable:
 *      BOOTH_FULL if every slot of the window is at capacity, else
 *      STUDENT_BUSY.
 *
 * Invariants and guarantees:
 *
 *  1. Hard constraints hold after every step: every placement and every
 *     move goes through feasible() against the current timetable, and a
 *     move that turns out impossible is undone before anything else runs.
 *
 *  2. Termination.  Steps 5a and 5b add one interview and remove none; 5c
 *     keeps the count and lowers the sum of the ranks of placed requests by
 *     rank(l) - rank(r) >= 1.  So (count, -rank sum) rises strictly in the
 *     lexicographic order at every change; count <= n and 0 <= rank sum <
 *     n * n, so there are fewer than n * (n * n + 1) changes in all, and
 *     every round but the last makes at least one.  In practice few are
 *     needed: the fairs of bench/match/bench_timetable.c take 2 rounds.
 *
 *  3. Maximality.  When the last round ends, for every unplaced free r
 *     (not excluded): no slot is feasible (5a); and no single free
 *     interview x can be moved to another slot of its window so that r then
 *     fits (5b enumerates every such x: at a slot t, r is blocked by its
 *     student's clashing interviews and, when the booth is full, by all
 *     the booth's interviews at t; one move can only help when the student
 *     part is at most one interview, and if it is one and the booth is full
 *     too, that interview must be one of the booth's at t).
 *
 *  4. Priority.  When the last round ends, for every unplaced free r and
 *     every placed free l of the same booth with a larger priority number,
 *     r fits nowhere even with l removed.  Removing l changes only the
 *     booth's load at l's slot (l is another student: duplicates are
 *     excluded), so by 3 the only candidate slot is l's, and 5c found it
 *     unusable.  Fixed interviews are never dropped for priority: they are
 *     confirmed.
 *
 *  5. Reasons are true and specific.  Excluded ones by definition; for an
 *     unplaced free r, by 3 no slot is feasible, so every slot of the window
 *     is full at the booth (BOOTH_FULL) or some slot has a table left and
 *     the student's interviews clash with every such slot (STUDENT_BUSY).
 *
 *  6. Determinism: no randomness, no clock, no global state; every order
 *     is total (ties end on the request index), qsort() only ever compares
 *     distinct keys.  The same input gives the same output.
 *
 * Cost: phases 1-4 are O(n log n + nbooths * nslots + n * d * w) with d the
 * most requests of one student and w the widest window; a round of 5 is
 * O(u * w * (k + c * w * d)) for u unplaced requests, k the requests of a
 * booth and c its tables.  A booth without a free table anywhere is skipped
 * in 5a and 5b (nothing can be inserted at it, nor moved within it).
 */
#include "timetable.h"

#include <stdlib.h>

/* A request's state besides its slot. */
enum {
	ST_FREE = 0,  /* considered, the solver chooses its slot */
	ST_FIXED = 1, /* considered, confirmed at its slot */
	ST_EXCLUDED = 2,
};

struct sched {
	const struct sched_problem *p;
	int ns;      /* slots */
	int gap;     /* clipped to ns, so that arithmetic on it cannot overflow */
	int *slot;   /* per request: its slot, or -1 */
	int *reason; /* per request: enum sched_reason for excluded ones */
	int *state;  /* per request: ST_* */
	int *lo;     /* per request: window, clipped (lo > hi when empty) */
	int *hi;
	int *rank;         /* per request: rank of its priority in its booth */
	int *load;         /* per booth and slot: interviews placed */
	long long *room;   /* per booth: tables left over all slots */
	int *soff, *slist; /* considered requests by student (CSR, index order) */
	int *boff, *blist; /* considered requests by booth (CSR, index order) */
	int *order;        /* free requests in greedy order */
	int nfree;
};

/* ---- the timetable --------------------------------------------------------- */

static int tables_of(const struct sched *s, int r)
{
	return s->p->booths[s->p->req[r].booth].tables;
}

static int *load_at(const struct sched *s, int r, int t)
{
	return &s->load[(size_t)s->p->req[r].booth * (size_t)s->ns + (size_t)t];
}

static int clash(const struct sched *s, int q, int t, int booth)
{
	int u = s->slot[q];

	if (u == t)
		return 1;
	if (s->p->req[q].booth == booth)
		return 0;
	return (u > t ? u - t : t - u) <= s->gap;
}

/* The student's placed interviews, other than r, that clash with r at t. */
static int clashes(const struct sched *s, int r, int t, int *first)
{
	const struct sched_request *rq = &s->p->req[r];
	int n = 0;

	for (int i = s->soff[rq->student]; i < s->soff[rq->student + 1]; i++) {
		int q = s->slist[i];
		if (q == r || s->slot[q] < 0 || !clash(s, q, t, rq->booth))
			continue;
		if (n++ == 0 && first)
			*first = q;
	}
	return n;
}

static int student_free(const struct sched *s, int r, int t)
{
	return clashes(s, r, t, NULL) == 0;
}

static int feasible(const struct sched *s, int r, int t)
{
	return *load_at(s, r, t) < tables_of(s, r) && student_free(s, r, t);
}

static void place(struct sched *s, int r, int t)
{
	s->slot[r] = t;
	(*load_at(s, r, t))++;
	s->room[s->p->req[r].booth]--;
}

static void unplace(struct sched *s, int r)
{
	(*load_at(s, r, s->slot[r]))--;
	s->room[s->p->req[r].booth]++;
	s->slot[r] = -1;
}

/*
 * The slot r should take: among the feasible slots of its window (except
 * `not`), the least loaded at its booth, the earliest of those.  Spreading
 * a booth's interviews keeps tables free in every part of the day for the
 * requests with narrow windows that come later.  -1 if none.
 */
static int best_slot(const struct sched *s, int r, int not )
{
	int best = -1, best_load = 0;

	for (int t = s->lo[r]; t <= s->hi[r]; t++) {
		if (t == not || !feasible(s, r, t))
			continue;
		int l = *load_at(s, r, t);
		if (best < 0 || l < best_load) {
			best = t;
			best_load = l;
		}
	}
	return best;
}

/* ---- phase 5: improvement ---------------------------------------------------- */

/* Moves x elsewhere so that r can take t; undoes everything if it cannot. */
static int move_and_insert(struct sched *s, int r, int t, int x)
{
	int old = s->slot[x], to;

	unplace(s, x);
	if (!feasible(s, r, t)) {
		place(s, x, old);
		return 0;
	}
	place(s, r, t);
	to = best_slot(s, x, old);
	if (to < 0) {
		unplace(s, r);
		place(s, x, old);
		return 0;
	}
	place(s, x, to);
	return 1;
}

/* Step 5b: r at some slot after moving one free interview (note 3). */
static int insert_after_move(struct sched *s, int r)
{
	int b = s->p->req[r].booth;

	for (int t = s->lo[r]; t <= s->hi[r]; t++) {
		int x = -1, n = clashes(s, r, t, &x);
		int full = *load_at(s, r, t) >= tables_of(s, r);

		if (n > 1)
			continue;
		if (n == 1) {
			/* If the booth is full too, moving x only helps when x
			 * is one of the booth's interviews at t. */
			if (s->state[x] == ST_FREE && (!full || (s->p->req[x].booth == b)) &&
			    move_and_insert(s, r, t, x))
				return 1;
			continue;
		}
		if (!full)
			continue; /* feasible: step 5a's business */
		for (int i = s->boff[b]; i < s->boff[b + 1]; i++) {
			x = s->blist[i];
			if (s->slot[x] == t && s->state[x] == ST_FREE &&
			    move_and_insert(s, r, t, x))
				return 1;
		}
	}
	return 0;
}

/* Step 5c: r takes the slot of the least wanted placed request it outranks. */
static int swap_in(struct sched *s, int r)
{
	int b = s->p->req[r].booth, victim = -1;

	for (int i = s->boff[b]; i < s->boff[b + 1]; i++) {
		int l = s->blist[i], t = s->slot[l];
		if (t < 0 || s->state[l] != ST_FREE || s->rank[l] <= s->rank[r])
			continue;
		if (t < s->lo[r] || t > s->hi[r] || !student_free(s, r, t))
			continue;
		if (victim < 0 || s->rank[l] >= s->rank[victim])
			victim = l; /* blist is in index order: ties go to the later */
	}
	if (victim < 0)
		return 0;
	int t = s->slot[victim];
	unplace(s, victim);
	place(s, r, t);
	return 1;
}

static void improve(struct sched *s)
{
	int changed;

	do {
		changed = 0;
		for (int i = 0; i < s->nfree; i++) {
			int r = s->order[i], t;
			if (s->slot[r] >= 0)
				continue;
			if (s->room[s->p->req[r].booth] > 0) {
				t = best_slot(s, r, -1);
				if (t >= 0) {
					place(s, r, t);
					changed = 1;
					continue;
				}
				if (insert_after_move(s, r)) {
					changed = 1;
					continue;
				}
			}
			if (swap_in(s, r))
				changed = 1;
		}
	} while (changed);
}

/* ---- phases 1 to 4 ---------------------------------------------------------- */

static int valid(const struct sched_problem *p, const int *out_slot, const int *out_reason)
{
	if (!p || !out_slot || !out_reason)
		return 0;
	if (p->nslots < 0 || p->nbooths < 0 || p->nstudents < 0 || p->nrequests < 0 || p->gap < 0)
		return 0;
	if ((p->nbooths > 0 && !p->booths) || (p->nrequests > 0 && !p->req))
		return 0;
	for (int b = 0; b < p->nbooths; b++)
		if (p->booths[b].tables < 0)
			return 0;
	for (int i = 0; i < p->nrequests; i++) {
		const struct sched_request *r = &p->req[i];
		if (r->student < 0 || r->student >= p->nstudents || r->booth < 0 ||
		    r->booth >= p->nbooths || r->fixed_slot < -1 || r->fixed_slot >= p->nslots)
			return 0;
	}
	return 1;
}

/* Counting sort of the considered requests by key (student or booth). */
static int csr_build(const struct sched *s, int nkeys, int by_booth, int **off, int **list)
{
	const struct sched_problem *p = s->p;
	int *o = calloc((size_t)nkeys + 1, sizeof(int));
	int *l = malloc(((size_t)p->nrequests + 1) * sizeof(int));

	if (!o || !l) {
		free(o);
		free(l);
		return -1;
	}
	for (int i = 0; i < p->nrequests; i++)
		if (s->state[i] != ST_EXCLUDED)
			o[(by_booth ? p->req[i].booth : p->req[i].student) + 1]++;
	for (int k = 0; k < nkeys; k++)
		o[k + 1] += o[k];
	/* o[k] is the start of key k; fill, moving it to the end of k ... */
	for (int i = 0; i < p->nrequests; i++)
		if (s->state[i] != ST_EXCLUDED)
			l[o[by_booth ? p->req[i].booth : p->req[i].student]++] = i;
	/* ... which is the start of k + 1: shift back */
	for (int k = nkeys; k > 0; k--)
		o[k] = o[k - 1];
	o[0] = 0;
	*off = o;
	*list = l;
	return 0;
}

/* Duplicates, NO_TABLES, OUTSIDE_HOURS; windows. */
static int exclude(struct sched *s)
{
	const struct sched_problem *p = s->p;
	int *last = malloc(((size_t)p->nbooths + 1) * sizeof(int));
	int *off = calloc((size_t)p->nstudents + 1, sizeof(int));
	int *list = malloc(((size_t)p->nrequests + 1) * sizeof(int));

	if (!last || !off || !list) {
		free(last);
		free(off);
		free(list);
		return -1;
	}
	/* All requests by student, in index order, to find duplicates. */
	for (int i = 0; i < p->nrequests; i++)
		off[p->req[i].student + 1]++;
	for (int k = 0; k < p->nstudents; k++)
		off[k + 1] += off[k];
	for (int i = 0; i < p->nrequests; i++)
		list[off[p->req[i].student]++] = i;
	/* off[k] now is the end of student k's range, the start of k + 1's */
	for (int b = 0; b < p->nbooths; b++)
		last[b] = -1;
	for (int k = 0, start = 0; k < p->nstudents; start = off[k], k++) {
		for (int j = start; j < off[k]; j++) {
			int i = list[j], b = p->req[i].booth;
			s->state[i] = ST_FREE;
			if (last[b] == k) {
				s->state[i] = ST_EXCLUDED;
				s->reason[i] = SCHED_DUPLICATE;
			}
			last[b] = k;
		}
	}
	free(last);
	free(off);
	free(list);

	for (int i = 0; i < p->nrequests; i++) {
		const struct sched_request *r = &p->req[i];
		int lo = r->earliest < 0 ? 0 : r->earliest;
		int hi = r->latest > s->ns - 1 ? s->ns - 1 : r->latest;

		if (r->fixed_slot >= 0) {
			int inside = r->fixed_slot >= lo && r->fixed_slot <= hi;
			lo = inside ? r->fixed_slot : 1;
			hi = inside ? r->fixed_slot : 0; /* 1 > 0: empty */
		}
		s->lo[i] = lo;
		s->hi[i] = hi;
		s->slot[i] = -1;
		s->reason[i] = SCHED_PLACED;
		if (s->state[i] == ST_EXCLUDED)
			s->reason[i] = SCHED_DUPLICATE;
		else if (p->booths[r->booth].tables == 0)
			s->reason[i] = SCHED_NO_TABLES;
		else if (lo > hi)
			s->reason[i] = SCHED_OUTSIDE_HOURS;
		else if (r->fixed_slot >= 0)
			s->state[i] = ST_FIXED;
		if (s->reason[i] != SCHED_PLACED)
			s->state[i] = ST_EXCLUDED;
	}
	return 0;
}

struct key {
	int a, b, i;
};

static int key_cmp(const void *x, const void *y)
{
	const struct key *k = x, *l = y;

	if (k->a != l->a)
		return k->a < l->a ? -1 : 1;
	if (k->b != l->b)
		return k->b < l->b ? -1 : 1;
	return (k->i > l->i) - (k->i < l->i);
}

/* Ranks within booths, and the greedy order of free requests. */
static void rank_and_order(struct sched *s, struct key *keys)
{
	const struct sched_problem *p = s->p;

	for (int b = 0; b < p->nbooths; b++) {
		int n = 0;
		for (int j = s->boff[b]; j < s->boff[b + 1]; j++) {
			int i = s->blist[j];
			keys[n++] = (struct key){p->req[i].priority, 0, i};
		}
		qsort(keys, (size_t)n, sizeof(*keys), key_cmp);
		for (int j = 0, rank = 0; j < n; j++) {
			if (j > 0 && keys[j].a != keys[j - 1].a)
				rank++;
			s->rank[keys[j].i] = rank;
		}
	}
	s->nfree = 0;
	for (int i = 0; i < p->nrequests; i++)
		if (s->state[i] == ST_FREE)
			keys[s->nfree++] = (struct key){s->rank[i], s->hi[i] - s->lo[i], i};
	qsort(keys, (size_t)s->nfree, sizeof(*keys), key_cmp);
	for (int j = 0; j < s->nfree; j++)
		s->order[j] = keys[j].i;
}

static void sched_release(struct sched *s)
{
	free(s->slot);
	free(s->reason);
	free(s->state);
	free(s->lo);
	free(s->hi);
	free(s->rank);
	free(s->load);
	free(s->room);
	free(s->soff);
	free(s->slist);
	free(s->boff);
	free(s->blist);
	free(s->order);
}

int sched_solve(const struct sched_problem *p, int *out_slot, int *out_reason)
{
	struct sched s = {0};
	struct key *keys = NULL;
	size_t n, cells;
	int placed = 0, rc = SCHED_ENOMEM;

	if (!valid(p, out_slot, out_reason))
		return SCHED_EINVAL;
	n = (size_t)p->nrequests + 1;
	cells = (size_t)p->nbooths * (size_t)p->nslots + 1;
	s.p = p;
	s.ns = p->nslots;
	s.gap = p->gap > p->nslots ? p->nslots : p->gap;
	s.slot = malloc(n * sizeof(int));
	s.reason = malloc(n * sizeof(int));
	s.state = malloc(n * sizeof(int));
	s.lo = malloc(n * sizeof(int));
	s.hi = malloc(n * sizeof(int));
	s.rank = malloc(n * sizeof(int));
	s.order = malloc(n * sizeof(int));
	s.load = calloc(cells, sizeof(int));
	s.room = malloc(((size_t)p->nbooths + 1) * sizeof(*s.room));
	keys = malloc(n * sizeof(*keys));
	if (!s.slot || !s.reason || !s.state || !s.lo || !s.hi || !s.rank || !s.order || !s.load ||
	    !s.room || !keys)
		goto out;
	if (exclude(&s) < 0 || csr_build(&s, p->nstudents, 0, &s.soff, &s.slist) < 0 ||
	    csr_build(&s, p->nbooths, 1, &s.boff, &s.blist) < 0)
		goto out;
	rank_and_order(&s, keys);
	for (int b = 0; b < p->nbooths; b++)
		s.room[b] = (long long)p->booths[b].tables * p->nslots;

	/* phase 3: confirmed interviews, in index order */
	for (int i = 0; i < p->nrequests; i++) {
		if (s.state[i] != ST_FIXED)
			continue;
		if (feasible(&s, i, s.lo[i]))
			place(&s, i, s.lo[i]);
		else
			s.reason[i] = SCHED_FIXED_CONFLICT;
	}
	/* phase 4: greedy */
	for (int j = 0; j < s.nfree; j++) {
		int r = s.order[j], t = best_slot(&s, r, -1);
		if (t >= 0)
			place(&s, r, t);
	}
	improve(&s);

	/* phase 6: reasons, from the final timetable */
	for (int i = 0; i < p->nrequests; i++) {
		if (s.slot[i] >= 0) {
			placed++;
			s.reason[i] = SCHED_PLACED;
		} else if (s.state[i] == ST_FREE) {
			s.reason[i] = SCHED_BOOTH_FULL;
			for (int t = s.lo[i]; t <= s.hi[i]; t++)
				if (*load_at(&s, i, t) < tables_of(&s, i))
					s.reason[i] = SCHED_STUDENT_BUSY;
		}
		out_slot[i] = s.slot[i];
		out_reason[i] = s.reason[i];
	}
	rc = placed;
out:
	free(keys);
	sched_release(&s);
	return rc;
}

const char *sched_reason_name(int reason)
{
	static const char *const names[SCHED_REASON_COUNT] = {
	    [SCHED_PLACED] = "placed",
	    [SCHED_BOOTH_FULL] = "booth_full",
	    [SCHED_STUDENT_BUSY] = "student_busy",
	    [SCHED_NO_TABLES] = "no_tables",
	    [SCHED_OUTSIDE_HOURS] = "outside_hours",
	    [SCHED_FIXED_CONFLICT] = "fixed_conflict",
	    [SCHED_DUPLICATE] = "duplicate",
	};

	if (reason < 0 || reason >= SCHED_REASON_COUNT)
		return "unknown";
	return names[reason];
}
