/*
 * assign_internal.h - what assign.c shares with assign_flow.c (the min-max
 * flow) and assign_spread.c (the overlap-spreading local search).  Not for
 * use outside those three files.
 */
#ifndef SKYWAY_ASSIGN_INTERNAL_H
#define SKYWAY_ASSIGN_INTERNAL_H

#include "assign.h"

/*
 * A bipartite demand: team t needs supply[t] distinct judges from its list
 * list[off[t] .. off[t+1]) (ascending judge numbers); judge j already carries
 * base[j] teams that do not move.
 */
struct flow_input {
	uint32_t n_teams;
	uint32_t n_judges;
	const uint32_t *supply;
	const uint32_t *off;
	const uint32_t *list;
	const uint32_t *base;
};

/*
 * The smallest cap L in (lo, hi] such that every team gets its supply when
 * judge j takes at most max(0, L - base[j]) more teams (assign_flow.c, note
 * F in assign.c).  The caller guarantees that lo is infeasible and hi
 * feasible.  Writes L to *cap, the number of max-flow runs to *flows, and the
 * judges of one such assignment to chosen: team t's supply[t] judges at
 * chosen[s_t ..] with s_t = supply[0] + ... + supply[t-1], ascending.
 * Returns 0 or -ENOMEM.
 */
int assign_flow_min_cap(const struct flow_input *in, uint32_t lo, uint32_t hi, uint32_t *cap,
                        uint32_t *chosen, uint32_t *flows);

/*
 * The state of the spreading step (assign_spread.c, note S in assign.c).
 * Team t holds the judges slot[slot_off[t] .. slot_off[t+1]); a slot with
 * movable[i] == 0 never changes.  elig_off/elig: every team's eligible
 * judges, ascending.  load[j]: judge j's teams; no judge may go above cap.
 */
struct spread {
	uint32_t n_teams;
	uint32_t n_judges;
	const uint32_t *elig_off;
	const uint32_t *elig;
	const uint32_t *slot_off;
	uint32_t *slot;
	const uint8_t *movable;
	uint32_t *load;
	uint32_t cap;
	/* Results. */
	uint32_t passes;
	uint64_t moves;
	uint32_t max_overlap;
	uint64_t overlap_sq;
};

/*
 * Runs the spreading passes until one changes nothing, then fills passes,
 * moves, max_overlap and overlap_sq.  Only movable slots change; loads stay
 * at most cap.  Returns 0 or -ENOMEM (then the slots are valid but maybe not
 * spread).
 */
int assign_spread_run(struct spread *s);

#endif
