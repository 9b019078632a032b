/*
 * test_sched.c - the interview timetable (src/match/timetable.c).
 *
 * Hand-made instances with known answers; then many seeded random instances,
 * each checked by a checker written here from the specification (plain loops
 * over all requests, none of the solver's indexes):
 *   - every hard constraint: windows, fixed slots, one interview per slot per
 *     student, the travel gap, booth capacity, duplicates not placed;
 *   - fixed requests: placed exactly when index-order placement of the fixed
 *     ones alone places them, otherwise FIXED_CONFLICT;
 *   - every reason re-derived and compared;
 *   - maximality: no unplaced request fits, nor fits after moving any one
 *     free interview to any other slot of its window (brute force);
 *   - priority: no unplaced request fits after dropping a placed free one of
 *     its booth with a larger priority number;
 *   - determinism: a second run gives the same arrays.
 * On small instances the count is compared with the optimum found by
 * exhaustive search; the ratio is reported on a log line, not asserted (the
 * solver promises maximality, not optimality).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timetable.h"
#include "test_market.h"

#define MAXR 64

/* rng_next() and rng_below() come from test_market.h */
static int below(uint64_t *s, int n)
{
	return n > 0 ? (int)rng_below(s, (uint32_t)n) : 0;
}

/* ---- an instance ------------------------------------------------------------- */

struct inst {
	struct sched_booth booths[16];
	struct sched_request req[MAXR];
	struct sched_problem p;
};

static void inst_bind(struct inst *in)
{
	in->p.booths = in->booths;
	in->p.req = in->req;
}

static struct sched_request R(int student, int booth, int priority) {
	return (struct sched_request){student, booth, priority, -1, 0, 1000};
}

/* ---- the checker: the specification, plainly ---------------------------------- */

static void
window(const struct sched_problem *p, int i, int *lo, int *hi)
{
	const struct sched_request *r = &p->req[i];

	*lo = r->earliest < 0 ? 0 : r->earliest;
	*hi = r->latest >= p->nslots ? p->nslots - 1 : r->latest;
	if (r->fixed_slot >= 0) {
		if (r->fixed_slot < *lo || r->fixed_slot > *hi) {
			*lo = 1;
			*hi = 0;
		} else {
			*lo = *hi = r->fixed_slot;
		}
	}
}

static int duplicate(const struct sched_problem *p, int i)
{
	for (int j = 0; j < i; j++)
		if (p->req[j].student == p->req[i].student && p->req[j].booth == p->req[i].booth)
			return 1;
	return 0;
}

/* The reason decided by the request alone, or SCHED_PLACED if none. */
static int static_reason(const struct sched_problem *p, int i)
{
	int lo, hi;

	window(p, i, &lo, &hi);
	if (duplicate(p, i))
		return SCHED_DUPLICATE;
	if (p->booths[p->req[i].booth].tables == 0)
		return SCHED_NO_TABLES;
	if (lo > hi)
		return SCHED_OUTSIDE_HOURS;
	return SCHED_PLACED;
}

/* Interviews at i's booth at slot t, other than i. */
static int booth_count(const struct sched_problem *p, const int *slot, int i, int t)
{
	int n = 0;

	for (int j = 0; j < p->nrequests; j++)
		if (j != i && slot[j] == t && p->req[j].booth == p->req[i].booth)
			n++;
	return n;
}

/* Does a placed interview of i's student clash with i at slot t? */
static int student_clash(const struct sched_problem *p, const int *slot, int i, int t)
{
	for (int j = 0; j < p->nrequests; j++) {
		if (j == i || slot[j] < 0 || p->req[j].student != p->req[i].student)
			continue;
		int d = abs(slot[j] - t);
		if (d == 0 || (p->req[j].booth != p->req[i].booth && d <= p->gap))
			return 1;
	}
	return 0;
}

static int fits(const struct sched_problem *p, const int *slot, int i, int t)
{
	return booth_count(p, slot, i, t) < p->booths[p->req[i].booth].tables &&
	       !student_clash(p, slot, i, t);
}

static int fits_somewhere(const struct sched_problem *p, const int *slot, int i)
{
	int lo, hi;

	window(p, i, &lo, &hi);
	for (int t = lo; t <= hi; t++)
		if (fits(p, slot, i, t))
			return 1;
	return 0;
}

/* Which fixed requests index-order placement of the fixed ones alone places. */
static void fixed_alone(const struct sched_problem *p, int *fslot)
{
	for (int i = 0; i < p->nrequests; i++)
		fslot[i] = -1;
	for (int i = 0; i < p->nrequests; i++) {
		if (p->req[i].fixed_slot < 0 || static_reason(p, i) != SCHED_PLACED)
			continue;
		if (fits(p, fslot, i, p->req[i].fixed_slot))
			fslot[i] = p->req[i].fixed_slot;
	}
}

static int is_free(const struct sched_problem *p, int i)
{
	return p->req[i].fixed_slot < 0 && static_reason(p, i) == SCHED_PLACED;
}

/* Checks every property of one answer; returns the number placed. */
static int check_answer(const struct sched_problem *p, int rc, const int *out_slot,
                        const int *reason)
{
	int n = p->nrequests, placed = 0;
	int slot[MAXR], fslot[MAXR];

	memcpy(slot, out_slot, sizeof(int) * (size_t)n);
	fixed_alone(p, fslot);
	for (int i = 0; i < n; i++) {
		int lo, hi;
		window(p, i, &lo, &hi);
		assert_true(reason[i] >= 0 && reason[i] < SCHED_REASON_COUNT);
		assert_int_equal(slot[i] >= 0, reason[i] == SCHED_PLACED);
		if (slot[i] >= 0) {
			placed++;
			assert_true(slot[i] >= lo && slot[i] <= hi); /* window, fixed slot */
			assert_true(!student_clash(p, slot, i, slot[i]));
			assert_true(booth_count(p, slot, i, slot[i]) <
			            p->booths[p->req[i].booth].tables);
		}
		int sr = static_reason(p, i);
		if (sr != SCHED_PLACED) {
			assert_int_equal(reason[i], sr);
			continue;
		}
		if (p->req[i].fixed_slot >= 0) {
			assert_int_equal(slot[i], fslot[i]);
			if (fslot[i] < 0)
				assert_int_equal(reason[i], SCHED_FIXED_CONFLICT);
			continue;
		}
		if (slot[i] >= 0)
			continue;
		/* an unplaced free request: re-derive its reason */
		int room = 0;
		for (int t = lo; t <= hi; t++)
			if (booth_count(p, slot, i, t) < p->booths[p->req[i].booth].tables) {
				room = 1;
				assert_true(student_clash(p, slot, i, t)); /* maximal */
			}
		assert_int_equal(reason[i], room ? SCHED_STUDENT_BUSY : SCHED_BOOTH_FULL);
	}
	assert_int_equal(rc, placed);

	/* maximality after one move, and priority, by brute force */
	for (int i = 0; i < n; i++) {
		if (!is_free(p, i) || slot[i] >= 0)
			continue;
		for (int x = 0; x < n; x++) {
			if (x == i || slot[x] < 0)
				continue;
			int old = slot[x];
			if (is_free(p, x) && p->req[x].booth == p->req[i].booth &&
			    p->req[x].priority > p->req[i].priority) {
				slot[x] = -1;
				if (fits_somewhere(p, slot, i))
					fail_msg(
					    "request %d fits after dropping %d (priority %d < %d)",
					    i, x, p->req[i].priority, p->req[x].priority);
				slot[x] = old;
			}
			if (!is_free(p, x))
				continue;
			int xlo, xhi, lo, hi;
			window(p, x, &xlo, &xhi);
			window(p, i, &lo, &hi);
			for (int t = lo; t <= hi; t++) {
				slot[x] = -1;
				if (!fits(p, slot, i, t)) {
					slot[x] = old;
					continue;
				}
				slot[i] = t;
				for (int u = xlo; u <= xhi; u++)
					if (u != old && fits(p, slot, x, u))
						fail_msg("request %d fits at %d after moving %d "
						         "from %d to "
						         "%d",
						         i, t, x, old, u);
				slot[i] = -1;
				slot[x] = old;
			}
		}
	}
	return placed;
}

/* Solves, checks, solves again into dirty arrays and compares. */
static int solve_checked(const struct sched_problem *p, int *slot, int *reason)
{
	int slot2[MAXR], reason2[MAXR];
	int rc = sched_solve(p, slot, reason);

	assert_true(rc >= 0);
	check_answer(p, rc, slot, reason);
	for (int i = 0; i < MAXR; i++)
		slot2[i] = reason2[i] = 12345 + i;
	assert_int_equal(sched_solve(p, slot2, reason2), rc);
	assert_memory_equal(slot, slot2, sizeof(int) * (size_t)p->nrequests);
	assert_memory_equal(reason, reason2, sizeof(int) * (size_t)p->nrequests);
	return rc;
}

/* ---- exhaustive optimum ---------------------------------------------------------- */

struct search {
	const struct sched_problem *p;
	int slot[MAXR];
	int free_list[MAXR], nfree;
	int best;
};

static void search(struct search *s, int k, int placed)
{
	if (placed + (s->nfree - k) <= s->best)
		return;
	if (k == s->nfree) {
		s->best = placed;
		return;
	}
	int i = s->free_list[k], lo, hi;
	window(s->p, i, &lo, &hi);
	for (int t = lo; t <= hi; t++) {
		if (!fits(s->p, s->slot, i, t))
			continue;
		s->slot[i] = t;
		search(s, k + 1, placed + 1);
		s->slot[i] = -1;
	}
	search(s, k + 1, placed);
}

/* The most interviews any valid timetable (with the same fixed ones) holds. */
static int optimum(const struct sched_problem *p)
{
	struct search s = {.p = p, .best = -1};
	int fixed = 0;

	fixed_alone(p, s.slot);
	for (int i = 0; i < p->nrequests; i++) {
		fixed += s.slot[i] >= 0;
		if (is_free(p, i))
			s.free_list[s.nfree++] = i;
	}
	search(&s, 0, 0);
	return fixed + s.best;
}

/* ---- random instances ------------------------------------------------------------ */

static void gen(struct inst *in, uint64_t *rng, int maxslots, int maxbooths, int maxstudents,
                int maxreq)
{
	struct sched_problem *p = &in->p;

	memset(in, 0, sizeof(*in));
	p->nslots = 1 + below(rng, maxslots);
	p->nbooths = 1 + below(rng, maxbooths);
	p->nstudents = 1 + below(rng, maxstudents);
	p->nrequests = below(rng, maxreq + 1);
	p->gap = below(rng, 10) < 3 ? 0 : below(rng, 3) + (below(rng, 10) == 0 ? 3 : 0);
	for (int b = 0; b < p->nbooths; b++)
		in->booths[b].tables = below(rng, 12) == 0 ? 0 : 1 + below(rng, 3) / 2;
	for (int i = 0; i < p->nrequests; i++) {
		struct sched_request *r = &in->req[i];
		r->student = below(rng, p->nstudents);
		r->booth = below(rng, p->nbooths);
		r->priority = 1 + below(rng, 4);
		r->fixed_slot = below(rng, 100) < 15 ? below(rng, p->nslots) : -1;
		r->earliest = -1;
		r->latest = p->nslots + 1;
		if (below(rng, 100) < 30) {
			r->earliest = below(rng, p->nslots + 2) - 1;
			r->latest = r->earliest + below(rng, p->nslots + 1) - 1;
		}
	}
	inst_bind(in);
}

/* Small instances: every property, and the count against the optimum. */
static void test_random_small(void **state)
{
	uint64_t rng = 20251201;
	int slot[MAXR], reason[MAXR];
	long got = 0, best = 0;
	int n = 0, below_opt = 0;
	double worst = 1.0;
	struct inst in;
	(void)state;

	for (int k = 0; k < 3000; k++) {
		gen(&in, &rng, 5, 3, 5, 10);
		int rc = solve_checked(&in.p, slot, reason);
		int opt = optimum(&in.p);
		assert_true(rc <= opt);
		got += rc;
		best += opt;
		if (rc < opt) {
			below_opt++;
			if ((double)rc / opt < worst)
				worst = (double)rc / opt;
		}
		n++;
	}
	printf(
	    "sched: %d small instances, placed %ld of an optimum %ld (%.2f%%); below the optimum "
	    "in %d, worst ratio %.3f\n",
	    n, got, best, best ? 100.0 * (double)got / (double)best : 100.0, below_opt, worst);
}

enum shape {
	DENSE,  /* larger and denser */
	TIGHT,  /* one table per booth, gaps up to 2: most requests compete */
	NARROW, /* few slots, windows of one or two slots, no fixed ones: moves
	           free students late, which is when HR's favourites must take
	           back a place (swaps) */
};

/* count random instances of a shape: every property but the optimum. */
static void random_runs(uint64_t rng, int count, enum shape shape)
{
	int slot[MAXR], reason[MAXR];
	struct inst in;

	for (int k = 0; k < count; k++) {
		if (shape == DENSE)
			gen(&in, &rng, 8, 6, 14, MAXR);
		else if (shape == TIGHT)
			gen(&in, &rng, 6, 3, 8, 40);
		else
			gen(&in, &rng, 3, 4, 6, 16);
		if (shape != DENSE) {
			in.p.gap = below(&rng, shape == TIGHT ? 3 : 2);
			for (int b = 0; b < in.p.nbooths; b++)
				in.booths[b].tables = 1;
		}
		for (int i = 0; shape == NARROW && i < in.p.nrequests; i++) {
			in.req[i].fixed_slot = -1;
			in.req[i].earliest = below(&rng, in.p.nslots);
			in.req[i].latest = in.req[i].earliest + below(&rng, 2);
		}
		solve_checked(&in.p, slot, reason);
	}
}

static void test_random_dense(void **state)
{
	(void)state;
	random_runs(77, 400, DENSE);
}

static void test_random_tight(void **state)
{
	(void)state;
	random_runs(4242, 400, TIGHT);
}

static void test_random_narrow(void **state)
{
	(void)state;
	random_runs(9, 3000, NARROW);
}

/* ---- hand-made instances ----------------------------------------------------------- */

/* One table, three slots, four students: HR's three favourites are seen. */
static void test_one_booth_priority(void **state)
{
	struct inst in = {0};
	int slot[MAXR], reason[MAXR];
	(void)state;

	in.p = (struct sched_problem){.nslots = 3, .nbooths = 1, .nstudents = 4, .nrequests = 4};
	in.booths[0].tables = 1;
	in.req[0] = R(0, 0, 4); /* least wanted, asked first */
	in.req[1] = R(1, 0, 2);
	in.req[2] = R(2, 0, 1);
	in.req[3] = R(3, 0, 3);
	inst_bind(&in);
	assert_int_equal(solve_checked(&in.p, slot, reason), 3);
	assert_int_equal(slot[0], -1);
	assert_int_equal(reason[0], SCHED_BOOTH_FULL);
	assert_int_equal(slot[2], 0); /* the favourite is seen first */
}

/* Travel gap: 3 slots, two booths; gap 1 allows slots 0 and 2, gap 2 does not. */
static void test_gap(void **state)
{
	struct inst in = {0};
	int slot[MAXR], reason[MAXR];
	(void)state;

	in.p = (struct sched_problem){.nslots = 3, .nbooths = 2, .nstudents = 1, .nrequests = 2};
	in.booths[0].tables = in.booths[1].tables = 1;
	in.req[0] = R(0, 0, 1);
	in.req[1] = R(0, 1, 1);
	in.p.gap = 1;
	inst_bind(&in);
	assert_int_equal(solve_checked(&in.p, slot, reason), 2);
	assert_int_equal(abs(slot[0] - slot[1]), 2);

	in.p.gap = 2;
	assert_int_equal(solve_checked(&in.p, slot, reason), 1);
	assert_int_equal(reason[1], SCHED_STUDENT_BUSY);

	in.p.gap = 0; /* back to back */
	in.p.nslots = 2;
	assert_int_equal(solve_checked(&in.p, slot, reason), 2);
}

/* Greedy puts the first at slot 0; only moving it lets the second in. */
static void test_needs_a_move(void **state)
{
	struct inst in = {0};
	int slot[MAXR], reason[MAXR];
	(void)state;

	in.p = (struct sched_problem){.nslots = 2, .nbooths = 1, .nstudents = 2, .nrequests = 2};
	in.booths[0].tables = 1;
	in.req[0] = R(0, 0, 1);
	in.req[0].latest = 1;
	in.req[1] = R(1, 0, 2);
	in.req[1].latest = 0; /* leaves at the end of slot 0 */
	inst_bind(&in);
	assert_int_equal(solve_checked(&in.p, slot, reason), 2);
	assert_int_equal(slot[0], 1);
	assert_int_equal(slot[1], 0);
}

/* Student 0 is wanted by both booths at slot 0 only: one of them gets the
 * student, the other is STUDENT_BUSY; booth 1's other request moves aside. */
static void test_student_busy_and_priority(void **state)
{
	struct inst in = {0};
	int slot[MAXR], reason[MAXR];
	(void)state;

	in.p = (struct sched_problem){.nslots = 2, .nbooths = 2, .nstudents = 3, .nrequests = 3};
	in.booths[0].tables = in.booths[1].tables = 1;
	in.req[0] = R(0, 0, 1);
	in.req[0].latest = 0;
	in.req[1] = R(0, 1, 1);
	in.req[1].latest = 0;
	in.req[2] = R(1, 1, 5);
	inst_bind(&in);
	assert_int_equal(solve_checked(&in.p, slot, reason), 2);
	assert_int_equal((slot[0] >= 0) + (slot[1] >= 0), 1);
	assert_true(slot[2] >= 0); /* (the checker vouches for the other's reason) */

	/* One slot.  Student 0 is confirmed at booth 0, so booth 1 sees its
	 * second choice, and its first is reported BOOTH_FULL (every slot of its
	 * window is full; that reason comes first). */
	in.p.nslots = 1;
	in.req[0].fixed_slot = 0;
	assert_int_equal(solve_checked(&in.p, slot, reason), 2);
	assert_int_equal(slot[0], 0);
	assert_int_equal(slot[2], 0);
	assert_int_equal(reason[1], SCHED_BOOTH_FULL);

	/* Student 0 free again: booth 1's favourite wins its one slot. */
	in.req[0].fixed_slot = -1;
	in.req[0].student = 2;
	assert_int_equal(solve_checked(&in.p, slot, reason), 2);
	assert_int_equal(slot[1], 0);
	assert_int_equal(reason[2], SCHED_BOOTH_FULL);
}

/*
 * HR's favourite waits until another move frees its student: booth A (0) has
 * K at slot 1; Y takes the student to booth B (1) at slot 0, so the greedy
 * gives A's slot 0 to L, the second choice.  Z then needs B's slot 0 and Y
 * moves to slot 1: the student is free at 0 again, and H must take L's place.
 */
static void test_swap_after_move(void **state)
{
	struct inst in = {0};
	int slot[MAXR], reason[MAXR];
	(void)state;

	in.p = (struct sched_problem){.nslots = 2, .nbooths = 2, .nstudents = 4, .nrequests = 5};
	in.booths[0].tables = in.booths[1].tables = 1;
	in.req[0] = R(0, 0, 1); /* K */
	in.req[0].earliest = 1;
	in.req[1] = R(1, 1, 1); /* Y */
	in.req[2] = R(1, 0, 1); /* H */
	in.req[3] = R(2, 0, 2); /* L */
	in.req[3].latest = 0;
	in.req[4] = R(3, 1, 2); /* Z */
	in.req[4].latest = 0;
	inst_bind(&in);
	assert_int_equal(solve_checked(&in.p, slot, reason), 4);
	assert_int_equal(slot[0], 1);
	assert_int_equal(slot[1], 1);
	assert_int_equal(slot[2], 0);
	assert_int_equal(slot[3], -1);
	assert_int_equal(reason[3], SCHED_BOOTH_FULL);
	assert_int_equal(slot[4], 0);
}

/* Fixed requests: kept, and the later of two clashing ones refused. */
static void test_fixed(void **state)
{
	struct inst in = {0};
	int slot[MAXR], reason[MAXR];
	(void)state;

	in.p = (struct sched_problem){.nslots = 4, .nbooths = 3, .nstudents = 3, .nrequests = 6};
	in.p.gap = 1;
	in.booths[0].tables = in.booths[1].tables = 1;
	in.booths[2].tables = 2;
	in.req[0] = R(0, 0, 1);
	in.req[0].fixed_slot = 3;
	in.req[1] = R(0, 1, 1);
	in.req[1].fixed_slot = 2; /* gap to slot 3 at booth 0: conflict */
	in.req[2] = R(1, 0, 1);
	in.req[2].fixed_slot = 3; /* booth 0 has one table: conflict */
	in.req[3] = R(1, 2, 9);
	in.req[3].fixed_slot = 1;
	in.req[4] = R(2, 2, 9);
	in.req[4].fixed_slot = 1; /* booth 2 has two tables: fine */
	in.req[5] = R(2, 0, 1);
	in.req[5].fixed_slot = 1; /* student 2 is at booth 2 at slot 1: conflict */
	inst_bind(&in);
	solve_checked(&in.p, slot, reason);
	assert_int_equal(slot[0], 3);
	assert_int_equal(reason[1], SCHED_FIXED_CONFLICT);
	assert_int_equal(reason[2], SCHED_FIXED_CONFLICT);
	assert_int_equal(slot[3], 1);
	assert_int_equal(slot[4], 1);
	assert_int_equal(reason[5], SCHED_FIXED_CONFLICT);
}

/* Duplicates, booths without tables, empty windows; the order of reasons. */
static void test_excluded(void **state)
{
	struct inst in = {0};
	int slot[MAXR], reason[MAXR];
	(void)state;

	in.p = (struct sched_problem){.nslots = 4, .nbooths = 3, .nstudents = 2, .nrequests = 7};
	in.booths[0].tables = 1;
	in.booths[1].tables = 0;
	in.booths[2].tables = 1;
	in.req[0] = R(0, 0, 2);
	in.req[1] = R(0, 0, 1); /* same pair: the first counts, whatever the priority */
	in.req[2] = R(1, 1, 1);
	in.req[3] = R(1, 0, 1);
	in.req[3].earliest = 4; /* after the last slot */
	in.req[4] = R(1, 1, 1); /* a duplicate of 2, and no tables: duplicate first */
	in.req[5] = R(0, 1, 1);
	in.req[5].earliest = 9; /* no tables and outside hours: no tables first */
	in.req[6] = R(1, 2, 1);
	in.req[6].fixed_slot = 2;
	in.req[6].latest = 1; /* confirmed outside the student's hours */
	inst_bind(&in);
	assert_int_equal(solve_checked(&in.p, slot, reason), 1);
	assert_int_equal(slot[0], 0);
	assert_int_equal(reason[1], SCHED_DUPLICATE);
	assert_int_equal(reason[2], SCHED_NO_TABLES);
	assert_int_equal(reason[3], SCHED_OUTSIDE_HOURS);
	assert_int_equal(reason[4], SCHED_DUPLICATE);
	assert_int_equal(reason[5], SCHED_NO_TABLES);
	assert_int_equal(reason[6], SCHED_OUTSIDE_HOURS);
}

/* Edge cases and invalid input. */
static void test_edges(void **state)
{
	struct inst in = {0};
	int slot[MAXR], reason[MAXR];
	(void)state;

	in.p = (struct sched_problem){0};
	inst_bind(&in);
	assert_int_equal(sched_solve(&in.p, slot, reason), 0); /* nothing to do */
	in.p = (struct sched_problem){.nslots = 0, .nbooths = 1, .nstudents = 1, .nrequests = 1};
	in.booths[0].tables = 1;
	in.req[0] = R(0, 0, 1);
	inst_bind(&in);
	assert_int_equal(solve_checked(&in.p, slot, reason), 0);
	assert_int_equal(reason[0], SCHED_OUTSIDE_HOURS);

	in.p.nslots = 3;
	in.p.gap = 2000000000; /* huge gaps cannot overflow */
	in.booths[0].tables = 2000000000;
	assert_int_equal(solve_checked(&in.p, slot, reason), 1);

	slot[0] = 77;
	assert_int_equal(sched_solve(NULL, slot, reason), SCHED_EINVAL);
	assert_int_equal(sched_solve(&in.p, NULL, reason), SCHED_EINVAL);
	assert_int_equal(sched_solve(&in.p, slot, NULL), SCHED_EINVAL);
	in.req[0].student = 1;
	assert_int_equal(sched_solve(&in.p, slot, reason), SCHED_EINVAL);
	in.req[0].student = 0;
	in.req[0].booth = -1;
	assert_int_equal(sched_solve(&in.p, slot, reason), SCHED_EINVAL);
	in.req[0].booth = 0;
	in.req[0].fixed_slot = 3;
	assert_int_equal(sched_solve(&in.p, slot, reason), SCHED_EINVAL);
	in.req[0].fixed_slot = -2;
	assert_int_equal(sched_solve(&in.p, slot, reason), SCHED_EINVAL);
	in.req[0].fixed_slot = -1;
	in.booths[0].tables = -1;
	assert_int_equal(sched_solve(&in.p, slot, reason), SCHED_EINVAL);
	in.booths[0].tables = 1;
	in.p.gap = -1;
	assert_int_equal(sched_solve(&in.p, slot, reason), SCHED_EINVAL);
	in.p.gap = 0;
	in.p.booths = NULL;
	assert_int_equal(sched_solve(&in.p, slot, reason), SCHED_EINVAL);
	assert_int_equal(slot[0], 77); /* untouched on error */

	assert_string_equal(sched_reason_name(SCHED_PLACED), "placed");
	assert_string_equal(sched_reason_name(SCHED_BOOTH_FULL), "booth_full");
	assert_string_equal(sched_reason_name(SCHED_STUDENT_BUSY), "student_busy");
	assert_string_equal(sched_reason_name(SCHED_NO_TABLES), "no_tables");
	assert_string_equal(sched_reason_name(SCHED_OUTSIDE_HOURS), "outside_hours");
	assert_string_equal(sched_reason_name(SCHED_FIXED_CONFLICT), "fixed_conflict");
	assert_string_equal(sched_reason_name(SCHED_DUPLICATE), "duplicate");
	assert_string_equal(sched_reason_name(-1), "unknown");
	assert_string_equal(sched_reason_name(SCHED_REASON_COUNT), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_one_booth_priority),
	    cmocka_unit_test(test_gap),
	    cmocka_unit_test(test_needs_a_move),
	    cmocka_unit_test(test_student_busy_and_priority),
	    cmocka_unit_test(test_swap_after_move),
	    cmocka_unit_test(test_fixed),
	    cmocka_unit_test(test_excluded),
	    cmocka_unit_test(test_edges),
	    cmocka_unit_test(test_random_small),
	    cmocka_unit_test(test_random_dense),
	    cmocka_unit_test(test_random_tight),
	    cmocka_unit_test(test_random_narrow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
