/*
 * match.h - the matching engine (精准引才: precise talent matching).
 *
 * A pure module: arrays in, results out.  No SQL, no HTTP, no clock and no
 * randomness.  The design notes (invariants, units, the order of ties, what is
 * pruned and why that is safe) are at the top of match.c; docs/matching.md
 * explains the scores to a reader who is not going to read the code.
 *
 * Four parts:
 *   1. A snapshot of students and positions (match_snapshot_*), loaded once,
 *      then kept current one edit at a time.
 *   2. Scores that explain themselves (match_score, match_explain).
 *   3. Recommendations both ways (match_topk_*, match_refresh_*,
 *      match_market_topk): 为你推荐 for students, 推荐人选 for positions.
 *   4. A centralised match (match_deferred_acceptance, match_check_stable,
 *      match_rank_by_score, match_prefs_from_scores); its command line,
 *      `skyway match`, is src/cli/cmd_match.c.
 *
 * Errors are negative errno values (-EINVAL, -ENOMEM, -ENOENT, -EEXIST).
 * Read-only functions may run concurrently on one snapshot; add/update/set
 * functions need the caller to hold it exclusively.
 */
#ifndef SKYWAY_MATCH_H
#define SKYWAY_MATCH_H

#include <stddef.h>
#include <stdint.h>

/*
 * Ids are the database's ids of students and positions.  They must be below
 * 2^32 - 1: ties between equal scores are broken by the smaller id, and the
 * engine packs (score, id) into one 64-bit key to do it.
 */
typedef uint32_t match_id;
#define MATCH_ID_MAX 0xFFFFFFFEu

/* Returned by match_score() instead of a score. */
#define MATCH_VETOED  (-1)
#define MATCH_UNKNOWN (-2)

/* Limits per entity; longer lists are refused with -EINVAL. */
#define MATCH_MAX_LIST   255
#define MATCH_MAX_CITIES 3

/* 学历: education level, ordered. */
enum match_degree {
	MATCH_DEGREE_NONE = 0,
	MATCH_DEGREE_SECONDARY = 1, /* 中专/中职: secondary vocational */
	MATCH_DEGREE_ASSOCIATE = 2, /* 大专/高职专科: higher vocational, 3 years */
	MATCH_DEGREE_BACHELOR = 3,  /* 本科/职业本科: bachelor */
	MATCH_DEGREE_MASTER = 4,    /* 硕士及以上: master or above */
};
#define MATCH_DEGREE_MAX MATCH_DEGREE_MASTER

/* What a student did with a position (求职意向); the strongest one counts. */
enum match_interest {
	MATCH_INTEREST_NONE = 0,
	MATCH_INTEREST_VIEWED = 1,  /* 浏览 */
	MATCH_INTEREST_SAVED = 2,   /* 收藏 */
	MATCH_INTEREST_APPLIED = 3, /* 投递 */
};

/* The soft components of a score, in the order explanations list them. */
enum match_component_kind {
	MATCH_C_MAJOR_FIT = 0,
	MATCH_C_SKILLS_REQUIRED,
	MATCH_C_SKILLS_PREFERRED,
	MATCH_C_CERTIFICATES,
	MATCH_C_CITY,
	MATCH_C_SALARY,
	MATCH_C_INTEREST,
	MATCH_N_COMPONENTS
};

/* The hard filters; any one of them vetoes a pair. */
enum match_veto_kind {
	MATCH_VETO_CLOSED = 0, /* position_closed */
	MATCH_VETO_FULL,       /* position_full */
	MATCH_VETO_MAJOR,      /* major_not_accepted */
	MATCH_VETO_DEGREE,     /* degree_below_minimum */
	MATCH_VETO_GRAD_YEAR,  /* graduation_year_outside_window */
	MATCH_N_VETOES
};

/* Dictionaries whose labels explanations print (专业, 技能, 证书, 城市). */
enum match_dict {
	MATCH_DICT_MAJOR = 0, /* key: a code from match_major_code() */
	MATCH_DICT_SKILL,
	MATCH_DICT_CERTIFICATE,
	MATCH_DICT_CITY,
	MATCH_N_DICTS
};

/*
 * Weights, in points.  A score is a sum of integer points, so components add
 * up to the total exactly.  With the defaults the best possible score is
 * 10000 points, so 100 points are one percent of a perfect fit.
 *
 * major_*: 专业匹配, by the deepest level of the major catalogue that the
 *   student's major shares with a major the position lists.
 * skills_required / skills_preferred / certificates: the full weight when the
 *   student has all the position lists; otherwise each item the student has
 *   is worth weight / (items listed), rounded down; 0 when the position lists
 *   none (no evidence either way).
 * city_first / city_other: the position's city is the student's first / a
 *   later preferred city; city_no_preference: the student named no city or
 *   the position has none.
 * salary: full when the student expects at most the position's minimum,
 *   three quarters up to the middle of its range, half up to its maximum, 0
 *   above it; half when either side did not say.
 * interest_*: the student viewed / saved / applied to this position.
 */
struct match_weights {
	int32_t major_same;
	int32_t major_class;
	int32_t major_category;
	int32_t skills_required;
	int32_t skills_preferred;
	int32_t certificates;
	int32_t city_first;
	int32_t city_other;
	int32_t city_no_preference;
	int32_t salary;
	int32_t interest_viewed;
	int32_t interest_saved;
	int32_t interest_applied;
};

/* A student's interest in one position (by the position's id). */
struct match_interest_mark {
	match_id position;
	uint8_t level; /* enum match_interest */
};

/*
 * A student as the caller describes it.  The engine copies everything; the
 * caller keeps ownership of the arrays.  Skill, certificate and city ids are
 * the caller's dictionary ids (any uint32, 0 = none for cities).
 */
struct match_student {
	match_id id;
	uint32_t major;                    /* 6-digit major from match_major_code(); 0 = unknown */
	uint16_t grad_year;                /* 毕业年份, e.g. 2026; 0 = unknown */
	uint8_t degree;                    /* enum match_degree */
	uint8_t discoverable;              /* 1: HR may find the student in 推荐人选 */
	uint32_t cities[MATCH_MAX_CITIES]; /* 意向城市, first = most wanted; 0 = unused */
	uint32_t salary_expected;          /* 期望月薪, yuan, <= 10000000; 0 = not said */
	const uint32_t *skills;
	size_t n_skills;
	const uint32_t *certificates;
	size_t n_certificates;
	const struct match_interest_mark *interests;
	size_t n_interests;
};

/*
 * A position (岗位).  majors[] holds codes of any level from
 * match_major_code(): a category ("46"), a class ("4601") or a major
 * ("460101").  With majors_required the list is a hard filter (the student's
 * major must lie inside one of the codes); without, it only scores.
 * Open = not closed and filled < headcount; a headcount of 0 is full.
 */
struct match_position {
	match_id id;
	uint32_t city;          /* 工作城市; 0 = not said */
	uint32_t salary_min;    /* yuan per month, <= 10000000; 0 = not said */
	uint32_t salary_max;    /* yuan per month, <= 10000000; 0 = not said */
	uint16_t grad_year_min; /* 0 = no lower bound */
	uint16_t grad_year_max; /* 0 = no upper bound */
	uint8_t min_degree;     /* enum match_degree */
	uint8_t closed;
	uint8_t majors_required;
	uint32_t headcount; /* 招聘人数 */
	uint32_t filled;    /* 已录用 */
	const uint32_t *majors;
	size_t n_majors;
	const uint32_t *skills_required;
	size_t n_skills_required;
	const uint32_t *skills_preferred; /* a skill also required counts as required */
	size_t n_skills_preferred;
	const uint32_t *certificates;
	size_t n_certificates;
};

/* One recommendation: the other side's id and the pair's score. */
struct match_hit {
	match_id id;
	int32_t score;
};

#define MATCH_REASON_MAX 256

/* One line of "why": stable key, zh-CN label, points and a reason. */
struct match_component {
	enum match_component_kind kind;
	const char *key;   /* "major_fit", ...: static, stable, English */
	const char *label; /* "专业匹配", ...: static, zh-CN */
	int32_t points;
	int32_t max_points;
	char reason[MATCH_REASON_MAX]; /* zh-CN, UTF-8, NUL-terminated */
};

struct match_veto {
	enum match_veto_kind kind;
	const char *key;   /* "major_not_accepted", ...: static */
	const char *label; /* "专业不符", ...: static */
	char reason[MATCH_REASON_MAX];
};

/*
 * The explanation of one pair.  total is always the exact sum of the
 * components' points.  When vetoes are present the pair is not eligible:
 * match_score() says MATCH_VETOED and no recommendation lists it; total is
 * then what the pair would have scored.
 */
struct match_explanation {
	match_id student;
	match_id position;
	int32_t total;
	int eligible;
	size_t n_components;
	struct match_component components[MATCH_N_COMPONENTS];
	size_t n_vetoes;
	struct match_veto vetoes[MATCH_N_VETOES];
};

struct match_snapshot;

/* ---- weights and major codes -------------------------------------------- */

/* Fills *w with the default weights (see docs/matching.md). */
void match_weights_default(struct match_weights *w);

/*
 * Checks that every weight is in 0..1000000.  Returns 0 or -EINVAL.
 */
int match_weights_check(const struct match_weights *w);

/*
 * Parses a code of the national catalogue of vocational majors (专业目录):
 * 2 digits = category (专业大类), 4 = class (专业类), 6 = major (专业).
 * Returns the engine's encoding (never 0), or 0 when text is not 2, 4 or 6
 * ASCII digits.
 */
uint32_t match_major_code(const char *text);

/* Returns 1 (category), 2 (class), 3 (major), or 0 for an invalid code. */
int match_major_level(uint32_t code);

/*
 * Writes the code back as its 2, 4 or 6 digits into buf (at least 7 bytes).
 * Returns buf; writes "" for an invalid code.
 */
char *match_major_format(uint32_t code, char *buf);

/* The category and class that contain a code, e.g. 460101 -> 46 and 4601. */
uint32_t match_major_category(uint32_t code);
uint32_t match_major_class(uint32_t code); /* 0 for a category code */

/* ---- the snapshot ------------------------------------------------------- */

/*
 * Creates an empty snapshot.  weights may be NULL for the defaults (copied).
 * Returns NULL when out of memory or the weights are invalid.  The caller
 * frees it with match_snapshot_free().
 */
struct match_snapshot *match_snapshot_new(const struct match_weights *weights);

/* Frees the snapshot and everything in it.  NULL is fine. */
void match_snapshot_free(struct match_snapshot *snap);

/*
 * Adds a student or a position (copied).  Returns its index in the snapshot
 * (0, 1, 2, ... in the order added, never changing), -EEXIST for an id already
 * present, -EINVAL for invalid fields (id too large, bad major code or degree,
 * min > max, a salary above 10000000, a list longer than MATCH_MAX_LIST),
 * -ENOMEM.
 */
int match_snapshot_add_student(struct match_snapshot *snap, const struct match_student *st);
int match_snapshot_add_position(struct match_snapshot *snap, const struct match_position *pos);

/*
 * Builds the indexes that bulk loading defers (students sorted by major).
 * Call once after the bulk adds; later adds and updates keep the indexes
 * current.  The top-k functions refuse an unfrozen snapshot with -EINVAL.
 * Returns 0 or -ENOMEM.
 */
int match_snapshot_freeze(struct match_snapshot *snap);

/*
 * Replaces the student or position with the same id (an edit of a profile,
 * a position closing or filling up, a new application).  Cost: a few
 * microseconds, plus a move of 4 bytes per student when a student's major
 * changes.  Returns 0, -ENOENT for an unknown id, -EINVAL, -ENOMEM.  On error
 * the snapshot is unchanged.
 */
int match_snapshot_update_student(struct match_snapshot *snap, const struct match_student *st);
int match_snapshot_update_position(struct match_snapshot *snap, const struct match_position *pos);

/*
 * Replaces the weights (copied).  Returns 0 or -EINVAL.  Cached top-k lists
 * are stale afterwards.
 */
int match_snapshot_set_weights(struct match_snapshot *snap, const struct match_weights *weights);

/* The snapshot's weights; valid until set_weights or free. */
const struct match_weights *match_snapshot_weights(const struct match_snapshot *snap);

/*
 * Names a dictionary entry for explanations ("机电一体化技术", "PLC编程",
 * "清远").  text is copied; it must be UTF-8 of at most 120 bytes.
 * Returns 0, -EINVAL, -ENOMEM.
 */
int match_snapshot_set_label(struct match_snapshot *snap, enum match_dict dict, uint32_t key,
                             const char *text);

/* How many students / positions the snapshot holds (indexes run below). */
size_t match_snapshot_student_count(const struct match_snapshot *snap);
size_t match_snapshot_position_count(const struct match_snapshot *snap);

/* Index <-> id.  The index functions return -1 for an unknown id; the id
 * functions return 0xFFFFFFFF for an index out of range. */
long match_snapshot_student_index(const struct match_snapshot *snap, match_id id);
long match_snapshot_position_index(const struct match_snapshot *snap, match_id id);
match_id match_snapshot_student_id(const struct match_snapshot *snap, size_t index);
match_id match_snapshot_position_id(const struct match_snapshot *snap, size_t index);

/* ---- scores ------------------------------------------------------------- */

/*
 * Scores one pair.  Returns the points (>= 0), MATCH_VETOED when a hard
 * filter fails (the first failing one in enum order goes to *veto when veto
 * is not NULL), or MATCH_UNKNOWN for an unknown id.
 */
int32_t match_score(const struct match_snapshot *snap, match_id student, match_id position,
                    enum match_veto_kind *veto);

/*
 * Explains one pair into *out (caller's memory).  Returns 0, or -ENOENT for
 * an unknown id.  out->total == sum of out->components[i].points, always.
 */
int match_explain(const struct match_snapshot *snap, match_id student, match_id position,
                  struct match_explanation *out);

/* ---- recommendations ---------------------------------------------------- */

/*
 * 为你推荐: the k best open, eligible positions for one student, best first
 * (score descending, then id ascending).  out has room for k hits; *n_out
 * gets how many were found.  Returns 0, -ENOENT, -EINVAL (not frozen), -ENOMEM.
 * Only positions that can accept the student's major are looked at.
 */
int match_topk_for_student(const struct match_snapshot *snap, match_id student, size_t k,
                           struct match_hit *out, size_t *n_out);

/*
 * 推荐人选: the k best eligible students for one position among those who
 * are discoverable or applied to it, best first.  Same conventions.
 */
int match_topk_for_position(const struct match_snapshot *snap, match_id position, size_t k,
                            struct match_hit *out, size_t *n_out);

/*
 * Keeps a cached top-k list current after one edit, without a full scan when
 * the edit allows it.  list holds *n hits (room for k) as a top-k function
 * returned them for this snapshot before the edit of `changed`, which must
 * already be applied to the snapshot.  Returns 0 when the list was patched in
 * place, 1 when it had to be recomputed (the changed entity fell out of a
 * full list, so the next best is unknown), or a negative error.
 *   match_refresh_position_topk: the list of `position`; `changed` is the
 *     student that was edited.
 *   match_refresh_student_topk: the list of `student`; `changed` is the
 *     position that was edited.
 */
int match_refresh_position_topk(const struct match_snapshot *snap, match_id position,
                                struct match_hit *list, size_t *n, size_t k, match_id changed);
int match_refresh_student_topk(const struct match_snapshot *snap, match_id student,
                               struct match_hit *list, size_t *n, size_t k, match_id changed);

/*
 * Both sides' top-k for a whole market, as match_market_topk() returns it.
 * Arrays are indexed by snapshot index; student i's hits are
 * student_hits[i*k .. i*k + student_n[i]), best first; the same for positions.
 */
struct match_market {
	size_t k;
	size_t n_students;
	size_t n_positions;
	struct match_hit *student_hits;
	uint32_t *student_n;
	struct match_hit *position_hits;
	uint32_t *position_n;
	/* Counters, for the bench and the tests: pairs that passed the hard
	 * filters, and the pairs among them that cleared a list's bar and went
	 * to the heaps (the rest were rejected a vector at a time). */
	uint64_t pairs_eligible;
	uint64_t pairs_offered;
};

/*
 * Computes every student's and every position's top-k in one pass with
 * n_threads threads (0 = 1).  The result is the same for any thread count.
 * Fills *out (caller's struct; arrays allocated here, freed by
 * match_market_release).  Returns 0, -EINVAL (k is 0 or above 100000, or the
 * snapshot is not frozen), -ENOMEM.
 */
int match_market_topk(const struct match_snapshot *snap, size_t k, unsigned n_threads,
                      struct match_market *out);

/*
 * The same result computed the naive way: every pair scored with the
 * reference scorer of match_score(), no index, no pruning.  For tests and
 * the bench; O(students x positions).
 */
int match_market_topk_naive(const struct match_snapshot *snap, size_t k, unsigned n_threads,
                            struct match_market *out);

/* Frees the arrays of a market result; *m is zeroed.  */
void match_market_release(struct match_market *m);

/* ---- the centralised match ---------------------------------------------- */

/*
 * Preferences of both sides by index: students 0..n_students-1, positions
 * 0..n_positions-1.  Student s ranks student_list[student_off[s] ..
 * student_off[s+1]) (position indices, most preferred first); position p
 * ranks position_list[position_off[p] .. position_off[p+1]) (student
 * indices).  A pair is acceptable only when each side ranks the other.
 * capacity[p] is the position's number of seats.  The caller owns all arrays.
 * A repeated entry in a list is harmless (its first occurrence counts).
 */
struct match_prefs {
	size_t n_students;
	size_t n_positions;
	const uint32_t *student_off;
	const uint32_t *student_list;
	const uint32_t *position_off;
	const uint32_t *position_list;
	const uint32_t *capacity;
};

struct match_da_stats {
	uint64_t proposals;
	uint64_t rejections;
};

/*
 * Student-proposing deferred acceptance (Gale-Shapley with capacities).
 * Writes into student_match[s] the index of the position student s gets, or
 * -1.  The result is the student-optimal stable matching, which is unique, so
 * it does not depend on the order of proposals.  stats may be NULL.
 * Returns 0, -EINVAL (an index out of range), -ENOMEM.
 */
int match_deferred_acceptance(const struct match_prefs *prefs, int32_t *student_match,
                              struct match_da_stats *stats);

enum match_check_kind {
	MATCH_CHECK_OK = 0,
	MATCH_CHECK_BAD_INDEX,     /* student_match[s] is not -1 or a position */
	MATCH_CHECK_UNACCEPTABLE,  /* a matched pair that one side does not rank */
	MATCH_CHECK_OVER_CAPACITY, /* a position holds more than its capacity */
	MATCH_CHECK_BLOCKING_PAIR, /* both would rather have each other */
};

struct match_check_result {
	enum match_check_kind kind;
	int32_t student;  /* the offending student, or -1 */
	int32_t position; /* the offending position, or -1 */
};

/*
 * Checks a matching: indexes, acceptability, capacities, then blocking pairs,
 * in that order; reports the first problem found (students in index order,
 * each one's positions in its preference order).  Returns the kind
 * (MATCH_CHECK_OK = 0 when the matching is stable), or -EINVAL / -ENOMEM.
 */
int match_check_stable(const struct match_prefs *prefs, const int32_t *student_match,
                       struct match_check_result *out);

/*
 * The same two functions when every position ranks by score (HR has not
 * ranked): a position accepts the students who ranked it and are not
 * vetoed, and prefers the higher score, then the smaller id - exactly the
 * rankings match_prefs_from_scores() would build, without building them.
 * Students and positions are the snapshot's, by index; student_off has
 * n_students + 1 entries, capacity n_positions.  A student's list may hold
 * at most 65536 entries.  n_threads (0 = 1) share the scoring; the result
 * does not depend on it.  Returns as above.
 */
int match_deferred_acceptance_by_score(const struct match_snapshot *snap,
                                       const uint32_t *student_off, const uint32_t *student_list,
                                       const uint32_t *capacity, unsigned n_threads,
                                       int32_t *student_match, struct match_da_stats *stats);
int match_check_stable_by_score(const struct match_snapshot *snap, const uint32_t *student_off,
                                const uint32_t *student_list, const uint32_t *capacity,
                                unsigned n_threads, const int32_t *student_match,
                                struct match_check_result *out);

/*
 * A position's ranking when HR has not ranked: the given students ordered by
 * score (descending, ties by smaller id), vetoed and unknown ones left out.
 * out has room for n ids; *n_out gets how many were kept.  Returns 0,
 * -ENOENT (unknown position), -ENOMEM.
 */
int match_rank_by_score(const struct match_snapshot *snap, match_id position,
                        const match_id *students, size_t n, match_id *out, size_t *n_out);

/*
 * Builds every position's ranking by score from the students who ranked it
 * (student lists by snapshot index as in struct match_prefs).  Allocates
 * *position_off (n_positions + 1 entries) and *position_list; the caller
 * frees both with free().  Returns 0, -EINVAL (an index out of range, or a
 * student's list longer than 65536), -ENOMEM.
 */
int match_prefs_from_scores(const struct match_snapshot *snap, const uint32_t *student_off,
                            const uint32_t *student_list, unsigned n_threads,
                            uint32_t **position_off, uint32_t **position_list);

#endif /* SKYWAY_MATCH_H */
