/*
 * coop_score.h - how well an enterprise's need (需求) and a college's offer
 * (资源) fit, for the cooperation area's counterparts (供需对接: proposed
 * both ways, each with its reasons).
 *
 * A pure module like the rest of src/match: arrays in, a score out; no
 * SQL, no clock.  A score is the sum of five named components, in points,
 * each with a zh-CN reason, like the matching engine's explanations:
 *
 *   kind      30  the kinds fit (人才需求 ↔ 专业与毕业生, 技术难题 ↔ 教师专长, ...);
 *                 half for a partial fit (技术难题 ↔ 实训室与设备)
 *   major     35  the best pair of major codes (catalogue codes are
 *                 hierarchical by prefix: category 46 ⊃ class 4603 ⊃ major
 *                 460301): the need's code covers the offer's (35), the
 *                 same class (25), the same category (12)
 *   industry  15  GB/T 4754: the same division (15), the same section (8)
 *   city      10  the same city (10), the same province (6)
 *   quantity  10  how much of the need the offer covers: 10 × min(1,
 *                 offer / need), rounded down
 *
 * A component without evidence on either side (no majors named, no city)
 * scores 0 with a reason saying so: nothing is guessed.
 */
#ifndef SKYWAY_COOP_SCORE_H
#define SKYWAY_COOP_SCORE_H

#include <stddef.h>
#include <stdint.h>

#define COOP_SCORE_MAX    100
#define COOP_N_COMPONENTS 5
#define COOP_REASON_MAX   192

/* One side.  Industries are GB/T 4754 codes prefixed by their section:
 * "C" (a section) or "C38" (a division of section C).  Majors are 2, 4 or
 * 6 digits.  city is a 6-digit division code or NULL; quantity 0 when not
 * given.  The caller keeps ownership of everything. */
struct coop_side {
	const char *kind; /* need: talent tech training equipment order_class;
	                     offer: graduates lab expertise service */
	const char *const *majors;
	size_t n_majors;
	const char *const *industries;
	size_t n_industries;
	const char *city;
	int64_t quantity;
};

struct coop_component {
	const char *key;   /* "kind", "major", "industry", "city", "quantity" */
	const char *label; /* zh-CN */
	int points, max_points;
	char reason[COOP_REASON_MAX];
};

struct coop_explanation {
	int total; /* the exact sum of the components' points */
	struct coop_component components[COOP_N_COMPONENTS];
};

/* Scores need against offer into *out; returns out->total (0..100). */
int coop_score(const struct coop_side *need, const struct coop_side *offer,
               struct coop_explanation *out);

#endif
