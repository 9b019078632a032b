/*
 * normalize.h - normalised scores of one round and track of the competition
 * (成绩标准化), each judge's leniency, and how sure each rank is.
 *
 * Judges differ: one gives 90s, another 60s, to the same kind of project.
 * Each judge's submitted totals become z-scores over that judge's own teams,
 * a team's normalised score is the mean z of its judges mapped back to the
 * raw scale, and a seeded bootstrap over each team's judges gives a 90%
 * interval of its rank, so that the organiser sees when a promotion cut-off
 * falls inside the noise and can call an extra judge (assign_extra).
 *
 * Pure like the rest of src/match: arrays in, results out; no SQL, no HTTP,
 * no clock; randomness only from the caller's seed.  The same input (in any
 * row order) gives the same output, bit for bit.  Definitions and the
 * bootstrap's exact draw order are in the design notes at the top of
 * normalize.c; docs/competition.md has a worked example.
 *
 * Errors are negative errno values (-EINVAL, -ENOMEM), as in match.h.
 */
#ifndef SKYWAY_NORMALIZE_H
#define SKYWAY_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

/* Scores beyond +-NORM_MAX_SCORE are refused: sums stay exact enough. */
#define NORM_MAX_SCORE 1e9
/* At most this many bootstrap replicates. */
#define NORM_MAX_REPLICATES 100000

/* One submitted total: judge j gave team t this score (the weighted sum of the sheet). */
struct norm_score {
	uint32_t judge;
	uint32_t team;
	double score;
};

struct norm_team {
	uint32_t n_judges; /* judges who scored the team; 0: not ranked, values 0 */
	double raw_mean;   /* mean of its totals (原始均分) */
	double mean_z;     /* mean of its judges' z-scores */
	double normalized; /* mean + sd * mean_z (标准化得分) */
	uint32_t rank;     /* 1 = best, by normalized then team number; 0: not ranked */
};

/* A judge's leniency (宽严): the mean and spread of the totals they gave. */
struct norm_judge {
	uint32_t n_teams;
	double mean;
	double sd;  /* population standard deviation */
	int scaled; /* 0: one team or identical totals, so every z of this judge is 0 */
};

struct norm_result {
	uint32_t n_teams;
	uint32_t n_judges;
	double mean;               /* of every total of the round and track */
	double sd;                 /* population standard deviation of every total */
	struct norm_team *teams;   /* n_teams */
	struct norm_judge *judges; /* n_judges */
	double *z;                 /* per score, in the caller's order */
	uint32_t *order;           /* the ranked teams, best first */
	uint32_t n_ranked;
	/* Team t's z-scores, by judge: team_z[team_off[t] .. team_off[t+1]). */
	uint32_t *team_off;
	double *team_z;
};

/*
 * Normalises the totals of one round and track.  scores[i] names a judge
 * below n_judges and a team below n_teams; a (judge, team) pair appears at
 * most once; scores are finite and within +-NORM_MAX_SCORE.  Fills *out (the
 * caller's struct; arrays allocated here, freed by norm_result_release).
 * Returns 0, -EINVAL (an index out of range, a repeated pair, a bad score,
 * NULL with n_scores > 0), -ENOMEM; on error *out is zeroed.
 */
int norm_compute(const struct norm_score *scores, size_t n_scores, uint32_t n_judges,
                 uint32_t n_teams, struct norm_result *out);

/* Frees what a result holds; *r is zeroed.  A zeroed result is fine. */
void norm_result_release(struct norm_result *r);

/* A 90% interval of a team's rank: ranks lo..hi inclusive, 1 = best. */
struct norm_interval {
	uint32_t lo;
	uint32_t hi;
};

/*
 * The bootstrap (notes B1-B3 in normalize.c): replicates times, every ranked
 * team's judges' z-scores are resampled with replacement, all normalised
 * scores and ranks recomputed; a team's interval runs from the 5th to the
 * 95th percentile of its ranks.  out has r->n_teams entries (0..0 for teams
 * not ranked).  The same (r, replicates, seed) gives the same intervals.
 * Returns 0, -EINVAL (replicates 0 or above NORM_MAX_REPLICATES), -ENOMEM.
 */
int norm_bootstrap(const struct norm_result *r, uint32_t replicates, uint64_t seed,
                   struct norm_interval *out);

/*
 * The teams whose interval holds both a rank within the top `cutoff`
 * (promoted) and one below it: lo <= cutoff < hi.  Writes their numbers into
 * out (room for r->n_teams), best rank first, and returns how many.
 */
size_t norm_straddling(const struct norm_result *r, const struct norm_interval *iv, uint32_t cutoff,
                       uint32_t *out);

#endif /* SKYWAY_NORMALIZE_H */
