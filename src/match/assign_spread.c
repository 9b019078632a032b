/*
 * assign_spread.c - spreading the panels: a local search that lowers
 * Phi = sum over pairs of judges {a, b} of o(a, b)^2, o(a, b) being the
 * number of teams both review, without raising any load above the cap
 * (notes S1-S7 in assign.c, which prove what the result guarantees).
 *
 * Two moves, both keeping every team's count and every rule:
 *   replace  team t drops judge a for an eligible judge c not on t whose load
 *            is below the cap (loads: a - 1, c + 1);
 *   swap     team t1 drops a for c while team t2 drops c for a (both
 *            eligible where they go, neither already there; loads unchanged).
 * The change of Phi is computed in O(K) from the table o (note S4):
 *   replace(t: a -> c)  = 2 * (G(t, c) - o(c, a) - R(t, a) + |t| - 1)
 *   swap = replace(t1: a -> c) + replace(t2: c -> a) - 4 * |t1 n t2|
 * where G(t, c) = sum of o(c, x) over the judges x of t and R(t, a) = sum of
 * o(a, x) over the judges x != a of t.
 *
 * Speed (note S7): R is cached per slot, and X = R - (|t| - 1), the "excess"
 * of a slot (how often its judge meets its panel elsewhere), bounds every
 * move from below: replace >= -2 X(t, a); swap >= -2 X(t1, a) - 2 X(t2, c),
 * and swap >= replace(t1: a -> c) - 2 X(t2, c) when t1 and t2 share no
 * judge.  So a slot with X = 0 needs no replacement search and takes only
 * slots with X > 0 ("hot", counted per judge) as swap partners, and a
 * partner whose bound cannot beat the best found is never evaluated.  When
 * panels are spread nearly every slot has X = 0, and a pass costs little
 * more than a look at each slot's candidates.
 */
#include "assign_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct state {
	struct spread *s;
	uint16_t *ov;    /* n_judges x n_judges: teams shared */
	uint32_t *mark;  /* per judge: == stamp when on the team being looked at */
	uint32_t *tmark; /* per team: == stamp when it shares a judge with that team */
	uint32_t stamp;
	uint32_t *team_of; /* per slot: its team */
	uint32_t *R;       /* per slot: R(team, judge) */
	uint8_t *hot;      /* per movable slot: X > 0, counted in n_hot of its judge */
	uint32_t *n_hot;   /* per judge: its hot slots */
	/* Per judge: every slot it holds (unordered), fixed ones included. */
	uint32_t **js;
	uint32_t *js_n, *js_cap;
};

static uint16_t *ov_at(const struct state *st, uint32_t a, uint32_t b)
{
	return &st->ov[(size_t)a * st->s->n_judges + b];
}

static void ov_add(struct state *st, uint32_t a, uint32_t b, int d)
{
	*ov_at(st, a, b) = (uint16_t)(*ov_at(st, a, b) + d);
	*ov_at(st, b, a) = (uint16_t)(*ov_at(st, b, a) + d);
}

static uint32_t team_size(const struct state *st, uint32_t t)
{
	return st->s->slot_off[t + 1] - st->s->slot_off[t];
}

static int js_push(struct state *st, uint32_t j, uint32_t slot)
{
	if (st->js_n[j] == st->js_cap[j]) {
		uint32_t cap = st->js_cap[j] ? 2 * st->js_cap[j] : 8;
		uint32_t *p = realloc(st->js[j], (size_t)cap * sizeof(uint32_t));
		if (!p)
			return -ENOMEM;
		st->js[j] = p;
		st->js_cap[j] = cap;
	}
	st->js[j][st->js_n[j]++] = slot;
	return 0;
}

static void js_remove(struct state *st, uint32_t j, uint32_t slot)
{
	for (uint32_t k = 0; k < st->js_n[j]; k++)
		if (st->js[j][k] == slot) {
			st->js[j][k] = st->js[j][--st->js_n[j]];
			return;
		}
}

/* Sum of o(c, x) over the judges x of team t (R(t, c) when c is on t). */
static int64_t gain(const struct state *st, uint32_t t, uint32_t c)
{
	const struct spread *s = st->s;
	int64_t sum = 0;

	for (uint32_t i = s->slot_off[t]; i < s->slot_off[t + 1]; i++)
		sum += *ov_at(st, c, s->slot[i]);
	return sum;
}

static int on_team(const struct spread *s, uint32_t t, uint32_t j)
{
	for (uint32_t i = s->slot_off[t]; i < s->slot_off[t + 1]; i++)
		if (s->slot[i] == j)
			return 1;
	return 0;
}

static int eligible(const struct spread *s, uint32_t t, uint32_t j)
{
	uint32_t lo = s->elig_off[t], hi = s->elig_off[t + 1];

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (s->elig[mid] < j)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->elig_off[t + 1] && s->elig[lo] == j;
}

/* Marks the judges of team t, and the teams that share one with it (a new stamp). */
static void mark_team(struct state *st, uint32_t t)
{
	const struct spread *s = st->s;

	if (++st->stamp == 0) {
		memset(st->mark, 0, (size_t)s->n_judges * sizeof(uint32_t));
		memset(st->tmark, 0, (size_t)s->n_teams * sizeof(uint32_t));
		st->stamp = 1;
	}
	for (uint32_t i = s->slot_off[t]; i < s->slot_off[t + 1]; i++) {
		uint32_t x = s->slot[i];
		st->mark[x] = st->stamp;
		for (uint32_t k = 0; k < st->js_n[x]; k++)
			st->tmark[st->team_of[st->js[x][k]]] = st->stamp;
	}
}

/* The excess of slot i: how much its judge meets its panel elsewhere. */
static int64_t excess(const struct state *st, uint32_t i)
{
	return (int64_t)st->R[i] - (team_size(st, st->team_of[i]) - 1);
}

/* Recomputes R and the hot mark of every slot of team t. */
static void refresh_team(struct state *st, uint32_t t)
{
	const struct spread *s = st->s;

	for (uint32_t i = s->slot_off[t]; i < s->slot_off[t + 1]; i++) {
		st->R[i] = (uint32_t)gain(st, t, s->slot[i]);
		uint8_t hot = s->movable[i] && excess(st, i) > 0;
		if (hot != st->hot[i]) {
			st->n_hot[s->slot[i]] += hot ? 1u : (uint32_t)-1;
			st->hot[i] = hot;
		}
	}
}

/* After a move between judges a and c: every R that can have changed (S7). */
static void refresh_after(struct state *st, uint32_t a, uint32_t c)
{
	for (uint32_t k = 0; k < st->js_n[a]; k++)
		refresh_team(st, st->team_of[st->js[a][k]]);
	for (uint32_t k = 0; k < st->js_n[c]; k++)
		refresh_team(st, st->team_of[st->js[c][k]]);
}

/* Slot i changes from its judge to c: o, loads, slot lists (R is refreshed later). */
static int replace(struct state *st, uint32_t i, uint32_t c)
{
	struct spread *s = st->s;
	uint32_t t = st->team_of[i], a = s->slot[i];

	for (uint32_t k = s->slot_off[t]; k < s->slot_off[t + 1]; k++) {
		if (k == i)
			continue;
		ov_add(st, a, s->slot[k], -1);
		ov_add(st, c, s->slot[k], +1);
	}
	if (st->hot[i]) {
		st->n_hot[a]--;
		st->hot[i] = 0;
	}
	s->slot[i] = c;
	s->load[a]--;
	s->load[c]++;
	js_remove(st, a, i);
	return js_push(st, c, i);
}

/* The best replacement for slot i (team marked): its judge, or the judge to take. */
static uint32_t best_replacement(struct state *st, uint32_t i)
{
	struct spread *s = st->s;
	uint32_t t = st->team_of[i], a = s->slot[i], choice = a;
	int64_t r = st->R[i], size = team_size(st, t), best = 0;

	if (excess(st, i) <= 0)
		return a; /* replace >= -2 X >= 0 */
	for (uint32_t e = s->elig_off[t]; e < s->elig_off[t + 1]; e++) {
		uint32_t c = s->elig[e];
		if (st->mark[c] == st->stamp || s->load[c] >= s->cap)
			continue;
		int64_t d = 2 * (gain(st, t, c) - *ov_at(st, c, a) - r + size - 1);
		if (d < best) {
			best = d;
			choice = c;
		}
	}
	return choice;
}

/*
 * The best swap for slot i (team t marked, judge a): the slot of another
 * team that gives its judge c for a, or UINT32_MAX when no swap lowers Phi.
 * Ties go to the smallest c, then the smallest team.  Partners are pruned by
 * the bounds of S7: swap >= -2 X(t, a) - 2 X(t2, c) always, and
 * swap >= replace(t: a -> c) - 2 X(t2, c) when t2 shares no judge with t.
 */
static uint32_t best_swap(struct state *st, uint32_t i)
{
	struct spread *s = st->s;
	uint32_t t = st->team_of[i], a = s->slot[i];
	int64_t size = team_size(st, t), r = st->R[i], best = 0, xa = excess(st, i);
	uint32_t choice = UINT32_MAX, choice_c = UINT32_MAX, choice_team = UINT32_MAX;

	for (uint32_t e = s->elig_off[t]; e < s->elig_off[t + 1]; e++) {
		uint32_t c = s->elig[e];
		if (st->mark[c] == st->stamp || (xa == 0 && st->n_hot[c] == 0))
			continue;
		int64_t oac = *ov_at(st, a, c);
		int64_t d1 = 2 * (gain(st, t, c) - oac - r + size - 1);
		for (uint32_t k = 0; k < st->js_n[c]; k++) {
			uint32_t i2 = st->js[c][k], t2 = st->team_of[i2];
			if (!s->movable[i2] || t2 == t)
				continue;
			int64_t xc = st->hot[i2] ? excess(st, i2) : 0, bound = -2 * xa - 2 * xc;
			if (st->tmark[t2] != st->stamp && d1 - 2 * xc > bound)
				bound = d1 - 2 * xc;
			if (bound >= 0 || bound > best || on_team(s, t2, a) || !eligible(s, t2, a))
				continue;
			int64_t size2 = team_size(st, t2), both = 0, ga = 0;
			for (uint32_t q = s->slot_off[t2]; q < s->slot_off[t2 + 1]; q++) {
				both += st->mark[s->slot[q]] == st->stamp;
				ga += *ov_at(st, a, s->slot[q]);
			}
			int64_t d = d1 + 2 * (ga - oac - st->R[i2] + size2 - 1) - 4 * both;
			if (d < best || (d == best && c == choice_c && t2 < choice_team)) {
				best = d;
				choice = i2;
				choice_c = c;
				choice_team = t2;
			}
		}
	}
	return choice;
}

static void release(struct state *st)
{
	if (st->js)
		for (uint32_t j = 0; j < st->s->n_judges; j++)
			free(st->js[j]);
	free(st->js);
	free(st->js_n);
	free(st->js_cap);
	free(st->ov);
	free(st->mark);
	free(st->tmark);
	free(st->team_of);
	free(st->R);
	free(st->hot);
	free(st->n_hot);
}

static void summarise(struct state *st)
{
	struct spread *s = st->s;

	s->max_overlap = 0;
	s->overlap_sq = 0;
	if (!st->ov)
		return;
	for (uint32_t a = 0; a < s->n_judges; a++)
		for (uint32_t b = a + 1; b < s->n_judges; b++) {
			uint32_t o = *ov_at(st, a, b);
			s->overlap_sq += (uint64_t)o * o;
			if (o > s->max_overlap)
				s->max_overlap = o;
		}
}

/* Tries the moves of slot i; 1 when one was made, 0 when none helps, or -ENOMEM. */
static int improve(struct state *st, uint32_t i)
{
	struct spread *s = st->s;
	uint32_t a = s->slot[i], c, i2;
	int rc;

	mark_team(st, st->team_of[i]);
	c = best_replacement(st, i);
	if (c != a) {
		rc = replace(st, i, c);
	} else {
		i2 = best_swap(st, i);
		if (i2 == UINT32_MAX)
			return 0;
		c = s->slot[i2];
		rc = replace(st, i, c);
		if (!rc)
			rc = replace(st, i2, a);
	}
	if (rc)
		return rc;
	refresh_after(st, a, c);
	return 1;
}

int assign_spread_run(struct spread *s)
{
	struct state st = {.s = s};
	uint32_t n_slots = s->slot_off[s->n_teams], m = s->n_judges;
	int rc = 0, changed;

	s->passes = 0;
	s->moves = 0;
	st.ov = calloc((size_t)m * m + 1, sizeof(uint16_t));
	st.mark = calloc((size_t)m + 1, sizeof(uint32_t));
	st.tmark = calloc((size_t)s->n_teams + 1, sizeof(uint32_t));
	st.n_hot = calloc((size_t)m + 1, sizeof(uint32_t));
	st.team_of = malloc(((size_t)n_slots + 1) * sizeof(uint32_t));
	st.R = malloc(((size_t)n_slots + 1) * sizeof(uint32_t));
	st.hot = calloc((size_t)n_slots + 1, 1);
	st.js = calloc((size_t)m + 1, sizeof(uint32_t *));
	st.js_n = calloc((size_t)m + 1, sizeof(uint32_t));
	st.js_cap = calloc((size_t)m + 1, sizeof(uint32_t));
	if (!st.ov || !st.mark || !st.tmark || !st.n_hot || !st.team_of || !st.R || !st.hot ||
	    !st.js || !st.js_n || !st.js_cap) {
		rc = -ENOMEM;
		goto out;
	}
	for (uint32_t t = 0; t < s->n_teams; t++)
		for (uint32_t i = s->slot_off[t]; i < s->slot_off[t + 1]; i++) {
			st.team_of[i] = t;
			for (uint32_t k = i + 1; k < s->slot_off[t + 1]; k++)
				ov_add(&st, s->slot[i], s->slot[k], +1);
			if (js_push(&st, s->slot[i], i)) {
				rc = -ENOMEM;
				goto out;
			}
		}
	for (uint32_t t = 0; t < s->n_teams; t++)
		refresh_team(&st, t);
	do {
		changed = 0;
		for (uint32_t i = 0; i < n_slots; i++) {
			if (!s->movable[i])
				continue;
			rc = improve(&st, i);
			if (rc < 0)
				goto out;
			changed |= rc;
			s->moves += (uint64_t)rc;
		}
		rc = 0;
		s->passes++;
	} while (changed);
out:
	summarise(&st);
	release(&st);
	return rc;
}
