/*
 * assign.h - judge assignment for the entrepreneurship competition (评审分配,
 * 清远高新杯创新创业大赛).
 *
 * Every team gets exactly K judges of its track (赛道); no judge reviews a
 * team it must stay away from (回避: the judge's college is the team's, or a
 * declared conflict); the largest number of teams given to one judge is the
 * smallest possible over all valid assignments (min-max optimal); and among
 * the assignments with that largest load, the result is one in which no
 * single change of one judge, nor any swap of two judges between two teams,
 * lowers the sum over pairs of judges of (teams they share)^2, so that no two
 * judges keep meeting on the same panels when others could take their place.
 *
 * A pure module like the rest of src/match: arrays in, results out; no SQL,
 * no HTTP, no clock, no randomness, no global state.  The same input gives
 * the same output, bit for bit.  The algorithm, the proofs and the exact
 * guarantees are in the design notes at the top of assign.c;
 * docs/competition.md explains them to a reader who will not read the code.
 *
 * Teams and judges are numbered by the caller: team t is teams[t], judge j is
 * judges[j].  The output orders judges of a team by this number, so a caller
 * that numbers judges in its own display order gets that order back.
 *
 * Errors are negative errno values (-EINVAL, -ENOMEM), as in match.h.
 */
#ifndef SKYWAY_ASSIGN_H
#define SKYWAY_ASSIGN_H

#include <stddef.h>
#include <stdint.h>

/* A college id meaning "none": a judge from outside the colleges. */
#define ASSIGN_NO_COLLEGE UINT32_MAX

/*
 * Limits, refused with -EINVAL.  Judges: the spreading step keeps a judges x
 * judges table of shared teams (2 bytes each: 32 MiB at the limit).  Teams:
 * a count of shared teams fits in 16 bits.
 */
#define ASSIGN_MAX_JUDGES 4096
#define ASSIGN_MAX_TEAMS  65535

/* Returned by assign_solve() and assign_extra() when no assignment exists. */
#define ASSIGN_INFEASIBLE 1

/* A team (参赛团队) as the engine sees it. */
struct assign_team {
	uint32_t track;   /* the caller's track id (赛道) */
	uint32_t college; /* the caller's college id; ASSIGN_NO_COLLEGE: none */
};

/* A judge (评委). */
struct assign_judge {
	const uint32_t *tracks; /* the tracks the judge reviews; any order, repeats harmless */
	uint32_t n_tracks;
	uint32_t college; /* ASSIGN_NO_COLLEGE: an outside judge (no college conflict) */
};

/* A (team, judge) pair: an assignment, or a declared conflict. */
struct assign_pair {
	uint32_t team;
	uint32_t judge;
};

/*
 * One round of one edition.  A judge may review a team when the team's track
 * is among the judge's tracks, the judge has no college or another college
 * than the team's, and (team, judge) is not among the conflicts.  A team with
 * college ASSIGN_NO_COLLEGE conflicts with no judge by college.
 */
struct assign_problem {
	uint32_t n_teams;
	uint32_t n_judges;
	uint32_t per_team; /* K >= 1: judges per team */
	const struct assign_team *teams;
	const struct assign_judge *judges;
	const struct assign_pair *conflicts; /* declared conflicts (回避); repeats harmless */
	size_t n_conflicts;
};

/*
 * Why a team cannot get its judges: of the judges of its track, how many are
 * of its college, how many of the others have a declared conflict, how many
 * remain eligible, and (assign_extra only) how many of those already review
 * it.  eligible - assigned < needed.
 */
struct assign_shortfall {
	uint32_t team;
	uint32_t needed;       /* K for assign_solve, 1 for assign_extra */
	uint32_t track_judges; /* judges with the team's track */
	uint32_t same_college; /* ... of the team's college */
	uint32_t conflicted;   /* ... of another college (or none), with a declared conflict */
	uint32_t eligible;     /* track_judges - same_college - conflicted */
	uint32_t assigned;     /* eligible judges already on the team (assign_extra) */
};

/*
 * What assign_solve() and assign_extra() return.  Arrays are allocated by
 * the engine and freed by assign_result_release().
 */
struct assign_result {
	struct assign_pair *pairs; /* the new pairs, sorted by team then judge */
	size_t n_pairs;
	uint32_t *load;       /* n_judges entries: teams per judge, fixed pairs included */
	uint32_t max_load;    /* the largest load: the minimum possible (see assign.c) */
	uint32_t max_overlap; /* the most teams two judges share */
	uint64_t overlap_sq;  /* sum over pairs of judges of (teams they share)^2 */
	/* When infeasible: every team that cannot get its judges, by team. */
	struct assign_shortfall *short_teams;
	size_t n_short;
	/* Counters, for tests and the bench. */
	uint32_t flows;  /* max-flow computations of the search over the cap */
	uint32_t passes; /* passes of the spreading step (the last changes nothing) */
	uint64_t moves;  /* changes and swaps the spreading step made */
};

/*
 * Assigns per_team judges to every team (see the top of this file for what
 * the result guarantees).  Fills *out (the caller's struct): pairs holds
 * n_teams * per_team pairs, team by team, each team's judges in ascending
 * order; load and max_load describe them.
 *
 * Returns 0; ASSIGN_INFEASIBLE when some team has fewer than per_team
 * eligible judges (out->short_teams lists every such team, and that is the
 * only way an assignment can fail: no load limit applies); -EINVAL (per_team
 * 0, a track list NULL with n_tracks > 0, a conflict out of range, more than
 * ASSIGN_MAX_TEAMS teams or ASSIGN_MAX_JUDGES judges); -ENOMEM.  On a
 * negative return *out is zeroed and holds nothing to release.
 * Cost: O(E sqrt(V) log n_teams) for the flows (E eligible pairs), then the
 * spreading passes (bench/judges.sh prints both).
 */
int assign_solve(const struct assign_problem *p, struct assign_result *out);

/*
 * Gives one more judge to each of the chosen teams (teams[0..n_chosen),
 * distinct), for the confidence feature: the new judge is eligible and not
 * already on the team, no current pair moves, and the largest load, counting
 * the current pairs, is the smallest possible among all such choices.  The
 * new pairs are then spread like assign_solve()'s, moving new pairs only.
 * current: the pairs as they stand (any order; they need not obey the rules,
 * e.g. after a manual change, but must be in range and distinct).
 * p->per_team is not used.
 *
 * Fills *out: pairs = the n_chosen new pairs sorted by team; load = every
 * judge's load with them; max_load = the largest.  Returns 0,
 * ASSIGN_INFEASIBLE (out->short_teams lists each chosen team without an
 * eligible judge left, needed = 1), -EINVAL (a pair or a team out of range,
 * a repeated pair or team, limits as above), -ENOMEM.
 */
int assign_extra(const struct assign_problem *p, const struct assign_pair *current,
                 size_t n_current, const uint32_t *teams, size_t n_chosen,
                 struct assign_result *out);

/* Frees what a result holds; *r is zeroed.  A zeroed result is fine. */
void assign_result_release(struct assign_result *r);

/* The rules an assignment must follow, in the order assign_check() applies them. */
enum assign_rule {
	ASSIGN_OK = 0,
	ASSIGN_RULE_INDEX,     /* "index": a team or judge out of range */
	ASSIGN_RULE_DUPLICATE, /* "duplicate": the same judge twice on one team */
	ASSIGN_RULE_TRACK,     /* "track": the team's track is not among the judge's */
	ASSIGN_RULE_COLLEGE,   /* "college": the judge is of the team's college */
	ASSIGN_RULE_CONFLICT,  /* "conflict": a declared conflict */
	ASSIGN_RULE_COUNT,     /* "count": a team without the judges it needs */
	ASSIGN_RULE_LOAD,      /* "load": a judge above the allowed load */
};

/* The first rule a checked assignment breaks, where. */
struct assign_violation {
	enum assign_rule rule;
	uint32_t team;  /* the team concerned (UINT32_MAX for RULE_LOAD) */
	uint32_t judge; /* the judge concerned (UINT32_MAX for RULE_COUNT) */
	uint32_t have;  /* RULE_COUNT: judges the team has; RULE_LOAD: the judge's load */
	uint32_t want;  /* RULE_COUNT: judges it needs; RULE_LOAD: the allowed load */
	size_t pair;    /* index in pairs of the offending pair (rules INDEX..CONFLICT) */
};

/*
 * Re-checks an assignment, e.g. after a manual swap (人工调整): the pairs in
 * the order given, each for INDEX, DUPLICATE (the later of two equal pairs),
 * TRACK, COLLEGE, CONFLICT; then each team in order for COUNT (want[t]
 * judges, or p->per_team for every team when want is NULL); then, when
 * max_load > 0, each judge in order for LOAD (more than max_load teams).
 * Writes the first violation into *out (rule ASSIGN_OK when none).
 * Returns the rule (ASSIGN_OK = 0), or -EINVAL (a NULL array with a
 * non-zero count, limits as above) or -ENOMEM.
 */
int assign_check(const struct assign_problem *p, const struct assign_pair *pairs, size_t n_pairs,
                 const uint32_t *want, uint32_t max_load, struct assign_violation *out);

/*
 * Whether judge may review team: ASSIGN_OK, or the first rule of TRACK,
 * COLLEGE, CONFLICT it breaks (ASSIGN_RULE_INDEX when out of range).  Scans
 * the conflicts: for one pair (a picker in the web app), not for loops.
 */
int assign_may_review(const struct assign_problem *p, uint32_t team, uint32_t judge);

/*
 * The stable name of a rule ("ok", "index", "duplicate", "track", "college",
 * "conflict", "count", "load"), for the API and logs; "unknown" otherwise.
 * Static string.
 */
const char *assign_rule_name(int rule);

#endif /* SKYWAY_ASSIGN_H */
