/*
 * test_assign.c - judge assignment (src/match/assign*.c).
 *
 * Hand-made instances with known answers, then seeded random instances, each
 * checked by code written here from the specification, sharing nothing with
 * the engine (eligibility by plain loops, Phi from scratch):
 *   - every rule: K distinct judges per team, track, college, conflicts;
 *   - min-max load: on thousands of tiny instances against the exhaustive
 *     optimum (every assignment enumerated); on larger ones with an
 *     independent max-flow (Edmonds-Karp, written here) showing that no
 *     assignment has max load L* - 1;
 *   - infeasibility: reported exactly when brute force finds nothing, naming
 *     exactly the teams with fewer than K eligible judges, with the counts;
 *   - spreading (note S4 of assign.c): no replacement under the cap and no
 *     swap lowers Phi, every move tried and Phi recomputed from scratch;
 *   - assign_extra against the exhaustive optimum of the extra choices;
 *   - assign_check against an independent rule check on mutated assignments;
 *   - determinism: a second run gives the same pairs.
 * How far Phi is from its exhaustive minimum (among min-max assignments) on
 * tiny instances is printed, not asserted: the engine promises a local
 * optimum (note S6).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assign.h"
#include "test_market.h"

/* ---- instances ------------------------------------------------------------- */

struct inst {
	uint32_t n, m, K;
	struct assign_team *teams;
	struct assign_judge *judges;
	uint32_t *tracks; /* 3 per judge */
	struct assign_pair *conflicts;
	size_t nc;
	struct assign_problem p;
};

static void inst_bind(struct inst *in)
{
	in->p = (struct assign_problem){in->n,      in->m,         in->K, in->teams,
	                                in->judges, in->conflicts, in->nc};
}

static void inst_alloc(struct inst *in, uint32_t n, uint32_t m, uint32_t K)
{
	memset(in, 0, sizeof(*in));
	in->n = n, in->m = m, in->K = K;
	in->teams = calloc(n + 1, sizeof(*in->teams));
	in->judges = calloc(m + 1, sizeof(*in->judges));
	in->tracks = calloc(3 * (size_t)m + 1, sizeof(uint32_t));
	in->conflicts = calloc(2 * (size_t)n * m + 1, sizeof(*in->conflicts));
	for (uint32_t j = 0; j < m; j++)
		in->judges[j].tracks = in->tracks + 3 * j;
	inst_bind(in);
}

static void inst_free(struct inst *in)
{
	free(in->teams);
	free(in->judges);
	free(in->tracks);
	free(in->conflicts);
}

/*
 * A random instance: tracks 0..nt-1, colleges 0..ncol-1; a judge has 1-2
 * tracks (sometimes one twice), no college 40% of the time; each pair is a
 * declared conflict with probability cpct%, sometimes declared twice.
 */
static void gen(struct inst *in, uint64_t *rng, uint32_t n, uint32_t m, uint32_t K, uint32_t nt,
                uint32_t ncol, int cpct)
{
	inst_alloc(in, n, m, K);
	for (uint32_t t = 0; t < n; t++)
		in->teams[t] = (struct assign_team){rng_below(rng, nt), rng_below(rng, ncol)};
	for (uint32_t j = 0; j < m; j++) {
		struct assign_judge *jd = &in->judges[j];
		uint32_t *tr = in->tracks + 3 * j;
		tr[0] = rng_below(rng, nt);
		jd->n_tracks = 1;
		if (nt > 1 && rng_chance(rng, 40))
			tr[jd->n_tracks++] = rng_below(rng, nt);
		if (rng_chance(rng, 10))
			tr[jd->n_tracks++] = tr[0];
		jd->college = rng_chance(rng, 40) ? ASSIGN_NO_COLLEGE : rng_below(rng, ncol);
	}
	for (uint32_t t = 0; t < n; t++)
		for (uint32_t j = 0; j < m; j++)
			if (rng_chance(rng, cpct)) {
				in->conflicts[in->nc++] = (struct assign_pair){t, j};
				if (rng_chance(rng, 20))
					in->conflicts[in->nc++] = (struct assign_pair){t, j};
			}
	inst_bind(in);
}

/* ---- the specification, plainly --------------------------------------------- */

enum { OK = 0, BAD_TRACK = 1, BAD_COLLEGE = 2, BAD_CONFLICT = 3 };

static int why_not(const struct inst *in, uint32_t t, uint32_t j)
{
	int track = 0;
	for (uint32_t k = 0; k < in->judges[j].n_tracks; k++)
		track |= in->judges[j].tracks[k] == in->teams[t].track;
	if (!track)
		return BAD_TRACK;
	if (in->judges[j].college != ASSIGN_NO_COLLEGE &&
	    in->judges[j].college == in->teams[t].college)
		return BAD_COLLEGE;
	for (size_t i = 0; i < in->nc; i++)
		if (in->conflicts[i].team == t && in->conflicts[i].judge == j)
			return BAD_CONFLICT;
	return OK;
}

static int elig(const struct inst *in, uint32_t t, uint32_t j)
{
	return why_not(in, t, j) == OK;
}

static uint32_t n_elig(const struct inst *in, uint32_t t)
{
	uint32_t c = 0;
	for (uint32_t j = 0; j < in->m; j++)
		c += elig(in, t, j);
	return c;
}

/* Phi = sum over pairs of judges of (teams shared)^2, from a membership matrix. */
static uint64_t phi(const struct inst *in, const uint8_t *on, uint32_t *max_o)
{
	uint32_t *o = calloc((size_t)in->m * in->m + 1, sizeof(uint32_t));
	uint64_t sum = 0;
	for (uint32_t t = 0; t < in->n; t++)
		for (uint32_t a = 0; a < in->m; a++)
			for (uint32_t b = a + 1; b < in->m && on[t * in->m + a]; b++)
				o[a * in->m + b] += on[t * in->m + b];
	if (max_o)
		*max_o = 0;
	for (size_t i = 0; i < (size_t)in->m * in->m; i++) {
		sum += (uint64_t)o[i] * o[i];
		if (max_o && o[i] > *max_o)
			*max_o = o[i];
	}
	free(o);
	return sum;
}

static uint32_t max_of(const uint32_t *v, uint32_t n)
{
	uint32_t x = 0;
	for (uint32_t i = 0; i < n; i++)
		x = v[i] > x ? v[i] : x;
	return x;
}

/* ---- brute force -------------------------------------------------------------- */

struct brute {
	const struct inst *in;
	uint8_t *on;
	uint32_t *load;
	uint64_t leaves;
	uint32_t best;     /* least max load; UINT32_MAX: no assignment */
	uint64_t best_phi; /* least Phi among assignments with max load == best */
};

static void brute_team(struct brute *b, uint32_t t, uint32_t from, uint32_t left);

static void brute_next(struct brute *b, uint32_t t)
{
	const struct inst *in = b->in;
	if (t + 1 < in->n) {
		brute_team(b, t + 1, 0, in->K);
		return;
	}
	uint32_t ml = max_of(b->load, in->m);
	uint64_t ph = phi(in, b->on, NULL);
	b->leaves++;
	if (ml < b->best || (ml == b->best && ph < b->best_phi)) {
		b->best = ml;
		b->best_phi = ph;
	}
}

/* Chooses `left` more judges >= from for team t. */
static void brute_team(struct brute *b, uint32_t t, uint32_t from, uint32_t left)
{
	const struct inst *in = b->in;
	if (left == 0) {
		brute_next(b, t);
		return;
	}
	for (uint32_t j = from; j < in->m; j++) {
		if (!elig(in, t, j))
			continue;
		b->on[t * in->m + j] = 1;
		b->load[j]++;
		brute_team(b, t, j + 1, left - 1);
		b->on[t * in->m + j] = 0;
		b->load[j]--;
	}
}

static void brute_force(const struct inst *in, struct brute *b)
{
	memset(b, 0, sizeof(*b));
	b->in = in;
	b->on = calloc((size_t)in->n * in->m + 1, 1);
	b->load = calloc(in->m + 1, sizeof(uint32_t));
	b->best = UINT32_MAX;
	b->best_phi = UINT64_MAX;
	if (in->n)
		brute_team(b, 0, 0, in->K);
	else
		b->best = 0, b->best_phi = 0;
	free(b->on);
	free(b->load);
}

static uint64_t binom(uint32_t n, uint32_t k)
{
	uint64_t r = 1;
	if (k > n)
		return 0;
	for (uint32_t i = 1; i <= k; i++)
		r = r * (n - k + i) / i;
	return r;
}

/* ---- an independent max-flow (Edmonds-Karp over edge lists) ----------------- */

struct tflow {
	int nv, ne;
	int *head, *next, *to, *cap;
};

static void tf_init(struct tflow *f, int nv, int max_edges)
{
	f->nv = nv, f->ne = 0;
	f->head = malloc(nv * sizeof(int));
	f->next = malloc(2 * max_edges * sizeof(int));
	f->to = malloc(2 * max_edges * sizeof(int));
	f->cap = malloc(2 * max_edges * sizeof(int));
	for (int v = 0; v < nv; v++)
		f->head[v] = -1;
}

static void tf_edge(struct tflow *f, int u, int v, int c)
{
	f->to[f->ne] = v, f->cap[f->ne] = c, f->next[f->ne] = f->head[u], f->head[u] = f->ne++;
	f->to[f->ne] = u, f->cap[f->ne] = 0, f->next[f->ne] = f->head[v], f->head[v] = f->ne++;
}

static long tf_max(struct tflow *f, int s, int t)
{
	int *prev = malloc(f->nv * sizeof(int)), *queue = malloc(f->nv * sizeof(int));
	long total = 0;
	for (;;) {
		int qh = 0, qt = 0;
		for (int v = 0; v < f->nv; v++)
			prev[v] = -2;
		prev[s] = -1;
		queue[qt++] = s;
		while (qh < qt && prev[t] == -2) {
			int u = queue[qh++];
			for (int e = f->head[u]; e >= 0; e = f->next[e])
				if (f->cap[e] > 0 && prev[f->to[e]] == -2) {
					prev[f->to[e]] = e;
					queue[qt++] = f->to[e];
				}
		}
		if (prev[t] == -2)
			break;
		int push = 1 << 30;
		for (int v = t; v != s; v = f->to[prev[v] ^ 1])
			push = f->cap[prev[v]] < push ? f->cap[prev[v]] : push;
		for (int v = t; v != s; v = f->to[prev[v] ^ 1]) {
			f->cap[prev[v]] -= push;
			f->cap[prev[v] ^ 1] += push;
		}
		total += push;
	}
	free(prev);
	free(queue);
	free(f->head);
	free(f->next);
	free(f->to);
	free(f->cap);
	return total;
}

/* Whether every team can get K eligible judges with every load <= L. */
static int flow_feasible(const struct inst *in, uint32_t L)
{
	struct tflow f;
	int S = 0, T = 1;
	tf_init(&f, 2 + in->n + in->m, in->n + in->m + in->n * in->m);
	for (uint32_t t = 0; t < in->n; t++) {
		tf_edge(&f, S, 2 + t, in->K);
		for (uint32_t j = 0; j < in->m; j++)
			if (elig(in, t, j))
				tf_edge(&f, 2 + t, 2 + in->n + j, 1);
	}
	for (uint32_t j = 0; j < in->m; j++)
		tf_edge(&f, 2 + in->n + j, T, L);
	return tf_max(&f, S, T) == (long)in->n * in->K;
}

/* ---- checking a result ------------------------------------------------------ */

/* No replacement (load < cap) and no swap between movable slots lowers Phi. */
static void check_local_optimum(const struct inst *in, uint8_t *on, const uint8_t *movable,
                                uint32_t *load, uint32_t cap)
{
	uint64_t base = phi(in, on, NULL);
	uint32_t m = in->m;
	for (uint32_t t = 0; t < in->n; t++)
		for (uint32_t a = 0; a < m; a++) {
			if (!on[t * m + a] || !movable[t * m + a])
				continue;
			for (uint32_t c = 0; c < m; c++) {
				if (on[t * m + c] || !elig(in, t, c))
					continue;
				on[t * m + a] = 0, on[t * m + c] = 1;
				if (load[c] < cap && phi(in, on, NULL) < base)
					fail_msg("replace team %u: %u -> %u lowers Phi", t, a, c);
				for (uint32_t t2 = 0; t2 < in->n; t2++) {
					if (t2 == t || !on[t2 * m + c] || !movable[t2 * m + c] ||
					    on[t2 * m + a] || !elig(in, t2, a))
						continue;
					on[t2 * m + c] = 0, on[t2 * m + a] = 1;
					if (phi(in, on, NULL) < base)
						fail_msg("swap %u of team %u with %u of team %u "
						         "lowers Phi",
						         a, t, c, t2);
					on[t2 * m + c] = 1, on[t2 * m + a] = 0;
				}
				on[t * m + a] = 1, on[t * m + c] = 0;
			}
		}
}

/*
 * Checks a successful assign_solve() result against the rules and returns
 * its membership matrix (caller frees).
 */
static uint8_t *check_solution(const struct inst *in, const struct assign_result *r)
{
	uint8_t *on = calloc((size_t)in->n * in->m + 1, 1);
	uint32_t *load = calloc(in->m + 1, sizeof(uint32_t));
	assert_int_equal(r->n_pairs, (size_t)in->n * in->K);
	for (size_t i = 0; i < r->n_pairs; i++) {
		const struct assign_pair *pr = &r->pairs[i];
		assert_int_equal(pr->team, i / in->K); /* K per team, team by team */
		assert_true(pr->judge < in->m);
		if (i % in->K)
			assert_true(pr->judge > r->pairs[i - 1].judge); /* distinct, ascending */
		assert_int_equal(why_not(in, pr->team, pr->judge), OK);
		on[pr->team * in->m + pr->judge] = 1;
		load[pr->judge]++;
	}
	for (uint32_t j = 0; j < in->m; j++)
		assert_int_equal(load[j], r->load[j]);
	assert_int_equal(r->max_load, max_of(load, in->m));
	uint32_t mo;
	assert_int_equal(r->overlap_sq, phi(in, on, &mo));
	assert_int_equal(r->max_overlap, mo);
	free(load);
	return on;
}

static void check_shortfalls(const struct inst *in, const struct assign_result *r, uint32_t need)
{
	size_t k = 0;
	for (uint32_t t = 0; t < in->n; t++) {
		if (n_elig(in, t) >= need)
			continue;
		assert_true(k < r->n_short);
		const struct assign_shortfall *s = &r->short_teams[k++];
		uint32_t track = 0, college = 0, conflict = 0;
		for (uint32_t j = 0; j < in->m; j++) {
			int w = why_not(in, t, j);
			track += w != BAD_TRACK;
			college += w == BAD_COLLEGE;
			conflict += w == BAD_CONFLICT;
		}
		assert_int_equal(s->team, t);
		assert_int_equal(s->needed, need);
		assert_int_equal(s->track_judges, track);
		assert_int_equal(s->same_college, college);
		assert_int_equal(s->conflicted, conflict);
		assert_int_equal(s->eligible, n_elig(in, t));
	}
	assert_int_equal(k, r->n_short);
	assert_true(k > 0);
}

static void same_result(const struct assign_result *a, const struct assign_result *b)
{
	assert_int_equal(a->n_pairs, b->n_pairs);
	assert_memory_equal(a->pairs, b->pairs, a->n_pairs * sizeof(*a->pairs));
}

/* Solves, checks everything that does not need brute force; returns rc. */
static int solve_and_check(const struct inst *in, struct assign_result *r, uint8_t **on_out)
{
	struct assign_result again;
	int rc = assign_solve(&in->p, r);
	*on_out = NULL;
	assert_true(rc == 0 || rc == ASSIGN_INFEASIBLE);
	int feasible = 1;
	for (uint32_t t = 0; t < in->n; t++)
		feasible &= n_elig(in, t) >= in->K;
	assert_int_equal(rc == 0, feasible);
	if (rc == ASSIGN_INFEASIBLE) {
		assert_int_equal(r->n_pairs, 0);
		check_shortfalls(in, r, in->K);
		return rc;
	}
	*on_out = check_solution(in, r);
	uint8_t *movable = malloc((size_t)in->n * in->m + 1);
	memset(movable, 1, (size_t)in->n * in->m + 1);
	check_local_optimum(in, *on_out, movable, r->load, r->max_load);
	free(movable);
	assert_int_equal(assign_solve(&in->p, &again), 0);
	same_result(r, &again);
	assign_result_release(&again);
	return rc;
}

/* ---- hand-made instances -------------------------------------------------------- */

static const uint32_t TRACK_A[] = {0}, TRACK_B[] = {1}, TRACK_AB[] = {0, 1};

/* Greedy by least load would give j0 both teams; the optimum is 1. */
static void test_greedy_trap(void **state)
{
	(void)state;
	struct assign_team teams[] = {{0, 5}, {1, 5}};
	struct assign_judge judges[] = {{TRACK_AB, 2, ASSIGN_NO_COLLEGE},
	                                {TRACK_A, 1, ASSIGN_NO_COLLEGE}};
	struct assign_problem p = {2, 2, 1, teams, judges, NULL, 0};
	struct assign_result r;
	assert_int_equal(assign_solve(&p, &r), 0);
	assert_int_equal(r.max_load, 1);
	assert_int_equal(r.n_pairs, 2);
	assert_int_equal(r.pairs[0].judge, 1);
	assert_int_equal(r.pairs[1].judge, 0);
	assign_result_release(&r);
}

/* Four judges, four teams, K = 2: every pair of judges can meet at most once (Phi 4). */
static void test_spread_panels(void **state)
{
	(void)state;
	struct assign_team teams[4] = {{0, 9}, {0, 9}, {0, 9}, {0, 9}};
	struct assign_judge judges[4];
	for (int j = 0; j < 4; j++)
		judges[j] = (struct assign_judge){TRACK_A, 1, ASSIGN_NO_COLLEGE};
	struct assign_problem p = {4, 4, 2, teams, judges, NULL, 0};
	struct assign_result r;
	assert_int_equal(assign_solve(&p, &r), 0);
	assert_int_equal(r.max_load, 2);
	assert_int_equal(r.max_overlap, 1);
	assert_int_equal(r.overlap_sq, 4);
	assign_result_release(&r);
}

/* Why a team cannot get its judges: counts by reason. */
static void test_shortfall_reasons(void **state)
{
	(void)state;
	/* team 0: track A, college 1; team 1: track B, college 2 */
	struct assign_team teams[] = {{0, 1}, {1, 2}};
	struct assign_judge judges[] = {
	    {TRACK_A, 1, 1},                 /* same college as team 0 */
	    {TRACK_A, 1, ASSIGN_NO_COLLEGE}, /* conflict with team 0 */
	    {TRACK_AB, 2, 3},                /* eligible for both */
	    {TRACK_B, 1, ASSIGN_NO_COLLEGE}, /* eligible for team 1 */
	};
	struct assign_pair conflicts[] = {{0, 1}, {0, 1}};
	struct assign_problem p = {2, 4, 2, teams, judges, conflicts, 2};
	struct assign_result r;
	assert_int_equal(assign_solve(&p, &r), ASSIGN_INFEASIBLE);
	assert_int_equal(r.n_short, 1);
	assert_int_equal(r.short_teams[0].team, 0);
	assert_int_equal(r.short_teams[0].needed, 2);
	assert_int_equal(r.short_teams[0].track_judges, 3);
	assert_int_equal(r.short_teams[0].same_college, 1);
	assert_int_equal(r.short_teams[0].conflicted, 1);
	assert_int_equal(r.short_teams[0].eligible, 1);
	assert_null(r.pairs);
	assign_result_release(&r);
	/* K = 1 works: team 0 gets judge 2, team 1 judge 3 (judge 2 would reach 2). */
	p.per_team = 1;
	assert_int_equal(assign_solve(&p, &r), 0);
	assert_int_equal(r.max_load, 1);
	assert_int_equal(r.pairs[0].judge, 2);
	assert_int_equal(r.pairs[1].judge, 3);
	assign_result_release(&r);
}

static void test_bad_input(void **state)
{
	(void)state;
	struct assign_team teams[] = {{0, 1}};
	struct assign_judge judges[] = {{TRACK_A, 1, 2}, {NULL, 1, 2}};
	struct assign_pair bad[] = {{0, 7}};
	struct assign_problem p = {1, 1, 0, teams, judges, NULL, 0};
	struct assign_result r;
	assert_int_equal(assign_solve(&p, &r), -EINVAL); /* K = 0 */
	p.per_team = 1;
	p.conflicts = bad, p.n_conflicts = 1;
	assert_int_equal(assign_solve(&p, &r), -EINVAL); /* conflict out of range */
	p.conflicts = NULL, p.n_conflicts = 0;
	p.n_judges = 2;
	assert_int_equal(assign_solve(&p, &r), -EINVAL); /* tracks NULL */
	p.n_judges = 1;
	assert_int_equal(assign_solve(&p, &r), 0);
	assign_result_release(&r);
	/* No teams: nothing to do. */
	p.n_teams = 0;
	assert_int_equal(assign_solve(&p, &r), 0);
	assert_int_equal(r.n_pairs, 0);
	assert_int_equal(r.max_load, 0);
	assign_result_release(&r);
	/* No judges: every team is short. */
	p.n_teams = 1, p.n_judges = 0;
	assert_int_equal(assign_solve(&p, &r), ASSIGN_INFEASIBLE);
	assert_int_equal(r.n_short, 1);
	assign_result_release(&r);
	/* assign_extra: repeated pairs or teams, out of range. */
	p.n_judges = 1;
	struct assign_pair twice[] = {{0, 0}, {0, 0}};
	uint32_t team0[] = {0, 0}, team9[] = {9};
	assert_int_equal(assign_extra(&p, twice, 2, team0, 1, &r), -EINVAL);
	assert_int_equal(assign_extra(&p, twice, 1, team0, 2, &r), -EINVAL);
	assert_int_equal(assign_extra(&p, twice, 1, team9, 1, &r), -EINVAL);
	/* The only judge is on the team already. */
	assert_int_equal(assign_extra(&p, twice, 1, team0, 1, &r), ASSIGN_INFEASIBLE);
	assert_int_equal(r.n_short, 1);
	assert_int_equal(r.short_teams[0].assigned, 1);
	assert_int_equal(r.short_teams[0].eligible, 1);
	assign_result_release(&r);
}

/* Every rule of assign_check, by hand. */
static void test_check_rules(void **state)
{
	(void)state;
	struct assign_team teams[] = {{0, 1}, {1, 2}};
	struct assign_judge judges[] = {
	    {TRACK_A, 1, 1}, {TRACK_AB, 2, ASSIGN_NO_COLLEGE}, {TRACK_AB, 2, 3}, {TRACK_B, 1, 1}};
	struct assign_pair conflicts[] = {{1, 2}};
	struct assign_problem p = {2, 4, 1, teams, judges, conflicts, 1};
	struct assign_violation v;
	struct {
		struct assign_pair pairs[3];
		size_t n;
		uint32_t max_load;
		int rule;
		uint32_t team, judge;
		size_t pair;
	} cases[] = {
	    {{{0, 1}, {1, 3}}, 2, 0, ASSIGN_OK, UINT32_MAX, UINT32_MAX, 0},
	    {{{0, 1}, {1, 4}}, 2, 0, ASSIGN_RULE_INDEX, 1, 4, 1},
	    {{{0, 1}, {0, 1}, {1, 3}}, 3, 0, ASSIGN_RULE_DUPLICATE, 0, 1, 1},
	    {{{0, 3}, {1, 1}}, 2, 0, ASSIGN_RULE_TRACK, 0, 3, 0},
	    {{{0, 0}, {1, 1}}, 2, 0, ASSIGN_RULE_COLLEGE, 0, 0, 0},
	    {{{0, 1}, {1, 2}}, 2, 0, ASSIGN_RULE_CONFLICT, 1, 2, 1},
	    {{{0, 1}}, 1, 0, ASSIGN_RULE_COUNT, 1, UINT32_MAX, 0},
	    {{{0, 1}, {1, 1}}, 2, 1, ASSIGN_RULE_LOAD, UINT32_MAX, 1, 0},
	    {{{0, 1}, {1, 1}}, 2, 2, ASSIGN_OK, UINT32_MAX, UINT32_MAX, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = assign_check(&p, cases[i].pairs, cases[i].n, NULL, cases[i].max_load, &v);
		assert_int_equal(rc, cases[i].rule);
		assert_int_equal(v.rule, cases[i].rule);
		assert_int_equal(v.team, cases[i].team);
		assert_int_equal(v.judge, cases[i].judge);
		if (rc >= ASSIGN_RULE_INDEX && rc <= ASSIGN_RULE_CONFLICT)
			assert_int_equal(v.pair, cases[i].pair);
	}
	assert_int_equal(v.have, 0); /* the last case is OK */
	struct assign_pair one[] = {{0, 1}};
	assert_int_equal(assign_check(&p, one, 1, NULL, 0, &v), ASSIGN_RULE_COUNT);
	assert_int_equal(v.have, 0);
	assert_int_equal(v.want, 1);
	uint32_t want[] = {1, 0};
	assert_int_equal(assign_check(&p, one, 1, want, 0, &v), ASSIGN_OK);
	assert_string_equal(assign_rule_name(ASSIGN_RULE_CONFLICT), "conflict");
	assert_string_equal(assign_rule_name(ASSIGN_OK), "ok");
	assert_string_equal(assign_rule_name(42), "unknown");
	assert_int_equal(assign_may_review(&p, 1, 2), ASSIGN_RULE_CONFLICT);
	assert_int_equal(assign_may_review(&p, 0, 0), ASSIGN_RULE_COLLEGE);
	assert_int_equal(assign_may_review(&p, 0, 3), ASSIGN_RULE_TRACK);
	assert_int_equal(assign_may_review(&p, 0, 1), ASSIGN_OK);
	assert_int_equal(assign_may_review(&p, 2, 1), ASSIGN_RULE_INDEX);
}

/* ---- random instances ----------------------------------------------------------- */

/* Thousands of tiny instances against brute force. */
static void test_random_tiny(void **state)
{
	(void)state;
	uint64_t rng = 20261201;
	int solved = 0, infeasible = 0, phi_optimal = 0;
	double phi_ratio_sum = 0, phi_ratio_worst = 1;
	for (int it = 0; it < 5000; it++) {
		struct inst in;
		struct assign_result r;
		struct brute b;
		uint8_t *on;
		uint32_t K = rng_chance(&rng, 15) ? 3 : 1 + rng_below(&rng, 2);
		gen(&in, &rng, 1 + rng_below(&rng, 5), 1 + rng_below(&rng, 7), K,
		    1 + rng_below(&rng, 2), 1 + rng_below(&rng, 3), (int)rng_below(&rng, 20));
		uint64_t leaves = 1;
		for (uint32_t t = 0; t < in.n; t++)
			leaves *= binom(n_elig(&in, t), in.K) ? binom(n_elig(&in, t), in.K) : 1;
		if (leaves > 200000) {
			inst_free(&in);
			continue;
		}
		int rc = solve_and_check(&in, &r, &on);
		brute_force(&in, &b);
		if (rc == ASSIGN_INFEASIBLE) {
			assert_int_equal(b.best, UINT32_MAX);
			infeasible++;
		} else {
			assert_int_equal(r.max_load, b.best);
			assert_true(r.overlap_sq >= b.best_phi);
			phi_optimal += r.overlap_sq == b.best_phi;
			double ratio = b.best_phi ? (double)r.overlap_sq / b.best_phi : 1;
			phi_ratio_sum += ratio;
			phi_ratio_worst = ratio > phi_ratio_worst ? ratio : phi_ratio_worst;
			solved++;
		}
		free(on);
		assign_result_release(&r);
		inst_free(&in);
	}
	printf("# tiny instances: %d solved (min-max load = brute force in all), %d infeasible; "
	       "Phi at the exhaustive minimum in %d (%.1f%%), mean ratio %.4f, worst %.3f\n",
	       solved, infeasible, phi_optimal, 100.0 * phi_optimal / solved,
	       phi_ratio_sum / solved, phi_ratio_worst);
	assert_true(solved > 2000);
	assert_true(infeasible > 200);
}

/* Medium instances: the rules, local optimality, and L* - 1 infeasible by another flow. */
static void test_random_medium(void **state)
{
	(void)state;
	uint64_t rng = 77;
	int solved = 0;
	for (int it = 0; it < 150; it++) {
		struct inst in;
		struct assign_result r;
		uint8_t *on;
		gen(&in, &rng, 5 + rng_below(&rng, 30), 3 + rng_below(&rng, 12),
		    1 + rng_below(&rng, 4), 1 + rng_below(&rng, 3), 1 + rng_below(&rng, 4),
		    (int)rng_below(&rng, 15));
		if (solve_and_check(&in, &r, &on) == 0) {
			assert_true(flow_feasible(&in, r.max_load));
			assert_false(flow_feasible(&in, r.max_load - 1));
			solved++;
		}
		free(on);
		assign_result_release(&r);
		inst_free(&in);
	}
	assert_true(solved > 40);
}

/* Competition-sized instances: rules and optimality by the independent flow. */
static void test_random_large(void **state)
{
	(void)state;
	uint64_t rng = 300;
	for (int it = 0; it < 6; it++) {
		struct inst in;
		struct assign_result r, again;
		/* 4 tracks, 10 colleges, few conflicts: like the article's edition */
		gen(&in, &rng, 150 + rng_below(&rng, 150), 30 + rng_below(&rng, 30),
		    3 + rng_below(&rng, 3), 4, 10, 1);
		if (assign_solve(&in.p, &r) == 0) {
			free(check_solution(&in, &r));
			assert_true(flow_feasible(&in, r.max_load));
			assert_false(flow_feasible(&in, r.max_load - 1));
			assert_int_equal(assign_solve(&in.p, &again), 0);
			same_result(&r, &again);
			assign_result_release(&again);
		} else {
			check_shortfalls(&in, &r, in.K);
		}
		assign_result_release(&r);
		inst_free(&in);
	}
}

/* ---- assign_extra -------------------------------------------------------------- */

struct extra_brute {
	const struct inst *in;
	const uint32_t *teams;
	size_t n_chosen;
	uint8_t *on;
	uint32_t *load;
	uint8_t *got; /* judges given a new team */
	uint32_t best_all, best_recv;
};

static void extra_rec(struct extra_brute *b, size_t i)
{
	const struct inst *in = b->in;
	if (i == b->n_chosen) {
		uint32_t all = max_of(b->load, in->m), recv = 0;
		for (uint32_t j = 0; j < in->m; j++)
			if (b->got[j] && b->load[j] > recv)
				recv = b->load[j];
		b->best_all = all < b->best_all ? all : b->best_all;
		b->best_recv = recv < b->best_recv ? recv : b->best_recv;
		return;
	}
	uint32_t t = b->teams[i];
	for (uint32_t j = 0; j < in->m; j++) {
		if (b->on[t * in->m + j] || !elig(in, t, j))
			continue;
		b->on[t * in->m + j] = 1;
		b->load[j]++;
		b->got[j]++;
		extra_rec(b, i + 1);
		b->on[t * in->m + j] = 0;
		b->load[j]--;
		b->got[j]--;
	}
}

static void test_extra_random(void **state)
{
	(void)state;
	uint64_t rng = 4242;
	int done = 0, short_count = 0;
	for (int it = 0; it < 3000; it++) {
		struct inst in;
		struct assign_result base, r;
		gen(&in, &rng, 1 + rng_below(&rng, 5), 2 + rng_below(&rng, 5), 1,
		    1 + rng_below(&rng, 2), 1 + rng_below(&rng, 3), (int)rng_below(&rng, 20));
		in.K = 1 + rng_below(&rng, 2);
		inst_bind(&in);
		if (assign_solve(&in.p, &base) != 0) {
			assign_result_release(&base);
			inst_free(&in);
			continue;
		}
		/* The current pairs: the solution, sometimes with a manual pair that breaks a rule.
		 */
		struct assign_pair *cur = calloc(base.n_pairs + 2, sizeof(*cur));
		size_t n_cur = base.n_pairs;
		memcpy(cur, base.pairs, n_cur * sizeof(*cur));
		if (rng_chance(&rng, 30)) {
			struct assign_pair extra = {rng_below(&rng, in.n), rng_below(&rng, in.m)};
			int there = 0;
			for (size_t i = 0; i < n_cur; i++)
				there |= cur[i].team == extra.team && cur[i].judge == extra.judge;
			if (!there)
				cur[n_cur++] = extra;
		}
		uint32_t teams[8];
		size_t n_chosen = 0;
		for (uint32_t t = 0; t < in.n; t++)
			if (rng_chance(&rng, 60))
				teams[n_chosen++] = t;
		struct extra_brute b = {&in,
		                        teams,
		                        n_chosen,
		                        calloc(in.n * in.m + 1, 1),
		                        calloc(in.m + 1, sizeof(uint32_t)),
		                        calloc(in.m + 1, 1),
		                        UINT32_MAX,
		                        UINT32_MAX};
		for (size_t i = 0; i < n_cur; i++) {
			b.on[cur[i].team * in.m + cur[i].judge] = 1;
			b.load[cur[i].judge]++;
		}
		int any_short = 0;
		for (size_t i = 0; i < n_chosen; i++) {
			uint32_t cand = 0;
			for (uint32_t j = 0; j < in.m; j++)
				cand += elig(&in, teams[i], j) && !b.on[teams[i] * in.m + j];
			any_short |= cand == 0;
		}
		int rc = assign_extra(&in.p, cur, n_cur, teams, n_chosen, &r);
		if (any_short) {
			assert_int_equal(rc, ASSIGN_INFEASIBLE);
			assert_true(r.n_short > 0);
			for (size_t k = 0; k < r.n_short; k++)
				assert_int_equal(r.short_teams[k].eligible,
				                 r.short_teams[k].assigned);
			short_count++;
		} else {
			assert_int_equal(rc, 0);
			extra_rec(&b, 0);
			assert_int_equal(r.n_pairs, n_chosen);
			uint8_t *movable = calloc(in.n * in.m + 1, 1);
			uint32_t recv = 0;
			for (size_t i = 0; i < n_chosen; i++) {
				struct assign_pair pr = r.pairs[i];
				assert_int_equal(pr.team,
				                 teams[i]); /* chosen in ascending order here */
				assert_int_equal(why_not(&in, pr.team, pr.judge), OK);
				assert_false(b.on[pr.team * in.m + pr.judge]);
				b.on[pr.team * in.m + pr.judge] = 1;
				movable[pr.team * in.m + pr.judge] = 1;
				b.load[pr.judge]++;
			}
			for (uint32_t j = 0; j < in.m; j++)
				assert_int_equal(b.load[j], r.load[j]);
			for (size_t i = 0; i < n_chosen; i++)
				recv = r.load[r.pairs[i].judge] > recv ? r.load[r.pairs[i].judge]
				                                       : recv;
			assert_int_equal(r.max_load, b.best_all);
			if (n_chosen)
				assert_int_equal(recv, b.best_recv);
			check_local_optimum(&in, b.on, movable, r.load, recv);
			free(movable);
			done++;
		}
		assign_result_release(&r);
		assign_result_release(&base);
		free(b.on);
		free(b.load);
		free(b.got);
		free(cur);
		inst_free(&in);
	}
	assert_true(done > 1000);
	assert_true(short_count > 50);
}

/* ---- assign_check on mutated assignments ------------------------------------------ */

static void test_check_random(void **state)
{
	(void)state;
	uint64_t rng = 99;
	int broken = 0;
	for (int it = 0; it < 2000; it++) {
		struct inst in;
		struct assign_result r;
		struct assign_violation v;
		gen(&in, &rng, 1 + rng_below(&rng, 8), 2 + rng_below(&rng, 6),
		    1 + rng_below(&rng, 2), 1 + rng_below(&rng, 2), 1 + rng_below(&rng, 3),
		    (int)rng_below(&rng, 15));
		if (assign_solve(&in.p, &r) != 0) {
			assign_result_release(&r);
			inst_free(&in);
			continue;
		}
		assert_int_equal(assign_check(&in.p, r.pairs, r.n_pairs, NULL, r.max_load, &v), 0);
		/* A manual change: one pair gets another judge (maybe out of range). */
		size_t i = rng_below(&rng, (uint32_t)r.n_pairs);
		r.pairs[i].judge = rng_below(&rng, in.m + 1);
		uint32_t max_load = rng_chance(&rng, 50) ? r.max_load : 0;
		int rc = assign_check(&in.p, r.pairs, r.n_pairs, NULL, max_load, &v);
		/* The expected first violation, by the specification's order. */
		int want = ASSIGN_OK;
		size_t at = 0;
		for (size_t k = 0; k < r.n_pairs && !want; k++) {
			struct assign_pair pr = r.pairs[k];
			at = k;
			if (pr.judge >= in.m) {
				want = ASSIGN_RULE_INDEX;
				break;
			}
			for (size_t q = 0; q < k; q++)
				if (r.pairs[q].team == pr.team && r.pairs[q].judge == pr.judge)
					want = ASSIGN_RULE_DUPLICATE;
			if (!want) {
				int w = why_not(&in, pr.team, pr.judge);
				want = w == BAD_TRACK      ? ASSIGN_RULE_TRACK
				       : w == BAD_COLLEGE  ? ASSIGN_RULE_COLLEGE
				       : w == BAD_CONFLICT ? ASSIGN_RULE_CONFLICT
				                           : ASSIGN_OK;
			}
		}
		if (!want) {
			uint32_t *load = calloc(in.m + 1, sizeof(uint32_t));
			for (size_t k = 0; k < r.n_pairs; k++)
				load[r.pairs[k].judge]++;
			for (uint32_t j = 0; j < in.m && !want && max_load; j++)
				if (load[j] > max_load) {
					want = ASSIGN_RULE_LOAD;
					assert_int_equal(v.judge, j);
				}
			free(load);
		} else {
			assert_int_equal(v.pair, at);
		}
		assert_int_equal(rc, want);
		broken += want != ASSIGN_OK;
		assign_result_release(&r);
		inst_free(&in);
	}
	assert_true(broken > 300);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_greedy_trap),       cmocka_unit_test(test_spread_panels),
	    cmocka_unit_test(test_shortfall_reasons), cmocka_unit_test(test_bad_input),
	    cmocka_unit_test(test_check_rules),       cmocka_unit_test(test_random_tiny),
	    cmocka_unit_test(test_random_medium),     cmocka_unit_test(test_random_large),
	    cmocka_unit_test(test_extra_random),      cmocka_unit_test(test_check_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
