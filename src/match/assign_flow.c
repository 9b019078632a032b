/*
 * assign_flow.c - the smallest load cap at which every team gets its judges:
 * Dinic's max-flow inside a binary search over the cap, each probe starting
 * from the flow of the largest cap known to be too small (notes F1-F5 at the
 * top of assign.c).
 *
 * The network: source -> team t (capacity supply[t]), team t -> judge j for
 * every eligible pair (capacity 1), judge j -> sink (capacity
 * max(0, L - base[j])).  Arcs come in pairs, forward 2k and reverse 2k + 1,
 * so the reverse of arc a is a ^ 1 and its tail is to[a ^ 1].  Numbering:
 *   arcs 2t            source -> team t           (t < n_teams)
 *   arcs 2(n_teams+k)  the k-th eligible pair, team by team, judges ascending
 *   arcs 2(n_teams+E+j) judge j -> sink
 * A team tries its judges in ascending order from a starting point given by a
 * hash of its number (note F5), so the flow, like everything else in the
 * engine, depends only on the input.
 */
#include "assign_internal.h"
#include "match_internal.h" /* hash32 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum { SOURCE = 0, SINK = 1 };

struct net {
	uint32_t n_nodes, n_arcs;
	uint32_t n_teams, n_judges, n_pairs;
	uint32_t *adj_off; /* n_nodes + 1: node v's arcs are adj[adj_off[v] .. adj_off[v+1]) */
	uint32_t *adj;
	uint32_t *to;
	int32_t *cap; /* residual capacities being worked on */
	int32_t *level;
	uint32_t *it;
	uint32_t *queue;
	uint32_t *path;
};

static uint32_t team_node(const struct net *g, uint32_t t)
{
	(void)g;
	return 2 + t;
}

static uint32_t judge_node(const struct net *g, uint32_t j)
{
	return 2 + g->n_teams + j;
}

static uint32_t judge_arc(const struct net *g, uint32_t j)
{
	return 2 * (g->n_teams + g->n_pairs + j);
}

static void net_free(struct net *g)
{
	free(g->adj_off);
	free(g->adj);
	free(g->to);
	free(g->level);
	free(g->it);
	free(g->queue);
	free(g->path);
}

/* Adds arc pair k (from -> to) into the adjacency lists, filling fill[]. */
static void add_pair(struct net *g, uint32_t *fill, uint32_t k, uint32_t from, uint32_t to)
{
	g->to[2 * k] = to;
	g->to[2 * k + 1] = from;
	g->adj[fill[from]++] = 2 * k;
	g->adj[fill[to]++] = 2 * k + 1;
}

/* Builds the network with every capacity 0 (set by the caller). */
static int net_build(struct net *g, const struct flow_input *in)
{
	uint64_t pairs = in->off[in->n_teams];
	uint64_t arcs = 2 * ((uint64_t)in->n_teams + pairs + in->n_judges);
	uint32_t *fill = NULL;

	memset(g, 0, sizeof(*g));
	if (arcs >= UINT32_MAX)
		return -ENOMEM;
	g->n_teams = in->n_teams;
	g->n_judges = in->n_judges;
	g->n_pairs = (uint32_t)pairs;
	g->n_nodes = 2 + in->n_teams + in->n_judges;
	g->n_arcs = (uint32_t)arcs;
	g->adj_off = calloc((size_t)g->n_nodes + 1, sizeof(uint32_t));
	g->adj = malloc(arcs * sizeof(uint32_t));
	g->to = malloc(arcs * sizeof(uint32_t));
	g->level = malloc((size_t)g->n_nodes * sizeof(int32_t));
	g->it = malloc((size_t)g->n_nodes * sizeof(uint32_t));
	g->queue = malloc((size_t)g->n_nodes * sizeof(uint32_t));
	g->path = malloc((size_t)g->n_nodes * sizeof(uint32_t));
	fill = malloc((size_t)g->n_nodes * sizeof(uint32_t));
	if (!g->adj_off || !g->adj || !g->to || !g->level || !g->it || !g->queue || !g->path ||
	    !fill) {
		free(fill);
		net_free(g);
		return -ENOMEM;
	}
	/* Degrees, then offsets. */
	g->adj_off[SOURCE] = in->n_teams;
	g->adj_off[SINK] = in->n_judges;
	for (uint32_t t = 0; t < in->n_teams; t++)
		g->adj_off[team_node(g, t)] = 1 + (in->off[t + 1] - in->off[t]);
	for (uint32_t j = 0; j < in->n_judges; j++)
		g->adj_off[judge_node(g, j)] = 1;
	for (uint64_t k = 0; k < pairs; k++)
		g->adj_off[judge_node(g, in->list[k])]++;
	uint32_t sum = 0;
	for (uint32_t v = 0; v <= g->n_nodes; v++) {
		uint32_t d = v < g->n_nodes ? g->adj_off[v] : 0;
		g->adj_off[v] = sum;
		if (v < g->n_nodes)
			fill[v] = sum;
		sum += d;
	}
	/* A judge's arc to the sink comes first in its list: tried first. */
	for (uint32_t j = 0; j < in->n_judges; j++)
		add_pair(g, fill, judge_arc(g, j) / 2, judge_node(g, j), SINK);
	for (uint32_t t = 0; t < in->n_teams; t++)
		add_pair(g, fill, t, SOURCE, team_node(g, t));
	/* Team t tries its judges from a starting point fixed by a hash of t
	 * (note F5): a flow found in plain order would give the first teams of
	 * a track the same first judges, panels the spreading must undo. */
	for (uint32_t t = 0; t < in->n_teams; t++) {
		uint32_t deg = in->off[t + 1] - in->off[t],
		         start = deg ? (uint32_t)(hash32(t) % deg) : 0;
		for (uint32_t d = 0; d < deg; d++) {
			uint32_t k = in->off[t] + (start + d) % deg;
			add_pair(g, fill, in->n_teams + k, team_node(g, t),
			         judge_node(g, in->list[k]));
		}
	}
	free(fill);
	return 0;
}

/* Levels from the source over arcs with room; 1 when the sink is reached. */
static int bfs(struct net *g)
{
	uint32_t head = 0, tail = 0;

	for (uint32_t v = 0; v < g->n_nodes; v++)
		g->level[v] = -1;
	g->level[SOURCE] = 0;
	g->queue[tail++] = SOURCE;
	while (head < tail) {
		uint32_t v = g->queue[head++];
		for (uint32_t i = g->adj_off[v]; i < g->adj_off[v + 1]; i++) {
			uint32_t a = g->adj[i], w = g->to[a];
			if (g->cap[a] > 0 && g->level[w] < 0) {
				g->level[w] = g->level[v] + 1;
				g->queue[tail++] = w;
			}
		}
	}
	return g->level[SINK] >= 0;
}

/*
 * A blocking flow along the levels (iterative: a residual path may wind
 * through many teams and judges).  Returns the flow added.
 */
static uint64_t blocking_flow(struct net *g)
{
	uint64_t total = 0;
	uint32_t depth = 0, v = SOURCE;

	memcpy(g->it, g->adj_off, (size_t)g->n_nodes * sizeof(uint32_t));
	for (;;) {
		if (v == SINK) {
			int32_t f = INT32_MAX;
			uint32_t k = 0;
			for (uint32_t d = 0; d < depth; d++)
				if (g->cap[g->path[d]] < f)
					f = g->cap[g->path[d]];
			for (uint32_t d = 0; d < depth; d++) {
				g->cap[g->path[d]] -= f;
				g->cap[g->path[d] ^ 1] += f;
			}
			total += (uint64_t)f;
			/* Back to the tail of the first arc that is now full. */
			while (g->cap[g->path[k]] > 0)
				k++;
			depth = k;
			v = g->to[g->path[k] ^ 1];
			continue;
		}
		uint32_t i = g->it[v], end = g->adj_off[v + 1];
		for (; i < end; i++) {
			uint32_t a = g->adj[i];
			if (g->cap[a] > 0 && g->level[g->to[a]] == g->level[v] + 1)
				break;
		}
		g->it[v] = i;
		if (i < end) {
			g->path[depth++] = g->adj[i];
			v = g->to[g->adj[i]];
			continue;
		}
		if (v == SOURCE)
			return total;
		g->level[v] = -1; /* a dead end for the rest of this phase */
		v = g->to[g->path[--depth] ^ 1];
		g->it[v]++;
	}
}

/*
 * Sets the judges' arcs of cap[] (which holds a flow valid under a smaller
 * cap) to cap L, runs Dinic to a maximum flow, and returns its value.
 */
static uint64_t max_flow_at(struct net *g, const struct flow_input *in, int32_t *cap, uint32_t L)
{
	uint64_t value = 0;

	for (uint32_t j = 0; j < in->n_judges; j++) {
		uint32_t a = judge_arc(g, j);
		int64_t room = (int64_t)L - in->base[j];
		cap[a] = (int32_t)((room > 0 ? room : 0) - cap[a ^ 1]);
	}
	g->cap = cap;
	while (bfs(g))
		blocking_flow(g);
	for (uint32_t t = 0; t < in->n_teams; t++)
		value += (uint64_t)cap[2 * t + 1];
	return value;
}

int assign_flow_min_cap(const struct flow_input *in, uint32_t lo, uint32_t hi, uint32_t *cap_out,
                        uint32_t *chosen, uint32_t *flows)
{
	struct net g;
	int32_t *warm, *work, *best, *tmp;
	uint64_t demand = 0;
	int have_best = 0, rc = net_build(&g, in);

	if (rc)
		return rc;
	warm = calloc(g.n_arcs, sizeof(int32_t));
	work = malloc((size_t)g.n_arcs * sizeof(int32_t));
	best = malloc((size_t)g.n_arcs * sizeof(int32_t));
	if (!warm || !work || !best) {
		rc = -ENOMEM;
		goto out;
	}
	/* The zero flow: valid under any cap, the warm start of the first probe. */
	for (uint32_t t = 0; t < in->n_teams; t++) {
		warm[2 * t] = (int32_t)in->supply[t];
		demand += in->supply[t];
	}
	for (uint32_t k = 0; k < g.n_pairs; k++)
		warm[2 * (in->n_teams + k)] = 1;
	*flows = 0;
	/* Invariant: lo is infeasible, hi feasible; warm holds a maximum flow
	 * under cap lo (or the zero flow), which stays valid under any larger
	 * cap; best, once have_best, a full flow under cap hi. */
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		memcpy(work, warm, (size_t)g.n_arcs * sizeof(int32_t));
		++*flows;
		if (max_flow_at(&g, in, work, mid) == demand) {
			hi = mid;
			tmp = best, best = work, work = tmp;
			have_best = 1;
		} else {
			lo = mid;
			tmp = warm, warm = work, work = tmp;
		}
	}
	if (!have_best) {
		memcpy(best, warm, (size_t)g.n_arcs * sizeof(int32_t));
		++*flows;
		max_flow_at(&g, in, best, hi);
	}
	/* A team -> judge arc carries flow exactly when its residual is 0. */
	for (uint32_t t = 0, o = 0; t < in->n_teams; t++)
		for (uint32_t k = in->off[t]; k < in->off[t + 1]; k++)
			if (best[2 * (in->n_teams + k)] == 0)
				chosen[o++] = in->list[k];
	*cap_out = hi;
out:
	free(warm);
	free(work);
	free(best);
	net_free(&g);
	return rc;
}
