/*
 * test_market.h - seeded random markets for the engine's tests.
 *
 * Small dictionaries (a dozen majors, 20 skills, 6 cities) on purpose: they
 * make equal scores common, so the tie rule (smaller id first) is exercised,
 * and ids are shuffled so that id order differs from index order.
 */
#ifndef SKYWAY_TEST_MARKET_H
#define SKYWAY_TEST_MARKET_H

#include "match.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static inline uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static inline uint32_t rng_below(uint64_t *s, uint32_t n)
{
	return n ? (uint32_t)(rng_next(s) % n) : 0;
}

static inline int rng_chance(uint64_t *s, int percent)
{
	return (int)rng_below(s, 100) < percent;
}

/* n distinct ids in [1, 10n], shuffled. */
static inline void gen_ids(uint64_t *rng, uint32_t *ids, size_t n)
{
	size_t k = 0;
	uint32_t span = (uint32_t)(10 * n + 10);
	uint8_t *used = calloc(span + 1, 1);

	while (k < n) {
		uint32_t id = 1 + rng_below(rng, span);
		if (used[id])
			continue;
		used[id] = 1;
		ids[k++] = id;
	}
	free(used);
}

static const char *const test_majors[] = {
    "410101", "410102", "410201", "410202", "460101", "460102",
    "460301", "460302", "510101", "510102", "510201", "510202",
};
#define N_TEST_MAJORS 12

static inline uint32_t gen_major_code(uint64_t *rng)
{
	uint32_t m = match_major_code(test_majors[rng_below(rng, N_TEST_MAJORS)]);
	switch (rng_below(rng, 3)) {
	case 0:
		return match_major_category(m);
	case 1:
		return match_major_class(m);
	}
	return m;
}

static inline void gen_list(uint64_t *rng, uint32_t *out, size_t *n, size_t max, uint32_t base,
                            uint32_t dict)
{
	*n = rng_below(rng, (uint32_t)max + 1);
	for (size_t i = 0; i < *n; i++)
		out[i] = base + rng_below(rng, dict) * 7; /* duplicates possible */
}

static inline void gen_student(uint64_t *rng, match_id id, const uint32_t *position_ids, size_t np,
                               struct match_student *st, uint32_t *skills, uint32_t *certs,
                               struct match_interest_mark *marks)
{
	memset(st, 0, sizeof(*st));
	st->id = id;
	st->major =
	    rng_chance(rng, 5) ? 0 : match_major_code(test_majors[rng_below(rng, N_TEST_MAJORS)]);
	st->grad_year = rng_chance(rng, 5) ? 0 : (uint16_t)(2024 + rng_below(rng, 4));
	st->degree = (uint8_t)rng_below(rng, 5);
	st->discoverable = rng_chance(rng, 80);
	for (uint32_t i = 0, n = rng_below(rng, 4); i < n; i++)
		st->cities[i] = 1 + rng_below(rng, 6);
	st->salary_expected = rng_chance(rng, 20) ? 0 : 3000 + 500 * rng_below(rng, 11);
	gen_list(rng, skills, &st->n_skills, 7, 100, 20);
	st->skills = skills;
	gen_list(rng, certs, &st->n_certificates, 3, 500, 6);
	st->certificates = certs;
	st->n_interests = rng_below(rng, 4);
	for (size_t i = 0; i < st->n_interests; i++) {
		marks[i].position = np && !rng_chance(rng, 10)
		                        ? position_ids[rng_below(rng, (uint32_t)np)]
		                        : 999999;
		marks[i].level = (uint8_t)rng_below(rng, 4);
	}
	st->interests = marks;
}

static inline void gen_position(uint64_t *rng, match_id id, struct match_position *p,
                                uint32_t *majors, uint32_t *req, uint32_t *pref, uint32_t *certs)
{
	memset(p, 0, sizeof(*p));
	p->id = id;
	p->city = rng_below(rng, 7);
	if (!rng_chance(rng, 20)) {
		p->salary_min = rng_chance(rng, 10) ? 0 : 3000 + 500 * rng_below(rng, 6);
		p->salary_max = rng_chance(rng, 10) ? 0 : p->salary_min + 500 * rng_below(rng, 6);
	}
	if (rng_chance(rng, 40)) {
		p->grad_year_min = rng_chance(rng, 30) ? 0 : (uint16_t)(2024 + rng_below(rng, 3));
		p->grad_year_max = rng_chance(rng, 30)
		                       ? 0
		                       : (uint16_t)(p->grad_year_min ? p->grad_year_min : 2024) +
		                             rng_below(rng, 3);
	}
	p->min_degree = (uint8_t)rng_below(rng, 4);
	p->closed = rng_chance(rng, 8);
	p->majors_required = rng_chance(rng, 60);
	p->headcount = rng_below(rng, 6);
	p->filled = p->headcount ? rng_below(rng, p->headcount + 1) : 0;
	if (rng_chance(rng, 70))
		p->filled = 0;
	p->n_majors = rng_below(rng, 4);
	for (size_t i = 0; i < p->n_majors; i++)
		majors[i] = gen_major_code(rng);
	p->majors = majors;
	gen_list(rng, req, &p->n_skills_required, 4, 100, 20);
	p->skills_required = req;
	gen_list(rng, pref, &p->n_skills_preferred, 3, 100, 20);
	p->skills_preferred = pref;
	gen_list(rng, certs, &p->n_certificates, 2, 500, 6);
	p->certificates = certs;
}

/*
 * A frozen snapshot of ns students and np positions from seed.  Ids are
 * written to sid/pid when not NULL (room for ns / np).
 */
static inline struct match_snapshot *gen_market(uint64_t seed, size_t ns, size_t np, uint32_t *sid,
                                                uint32_t *pid)
{
	uint64_t rng = seed;
	struct match_snapshot *sn = match_snapshot_new(NULL);
	uint32_t *sids = malloc((ns + 1) * sizeof(*sids));
	uint32_t *pids = malloc((np + 1) * sizeof(*pids));
	uint32_t a[8], b[8], c[8], d[8];
	struct match_interest_mark marks[4];

	gen_ids(&rng, sids, ns);
	gen_ids(&rng, pids, np);
	for (size_t i = 0; i < np; i++) {
		struct match_position p;
		gen_position(&rng, pids[i], &p, a, b, c, d);
		if (match_snapshot_add_position(sn, &p) != (int)i)
			abort();
	}
	for (size_t i = 0; i < ns; i++) {
		struct match_student st;
		gen_student(&rng, sids[i], pids, np, &st, a, b, marks);
		if (match_snapshot_add_student(sn, &st) != (int)i)
			abort();
	}
	if (match_snapshot_freeze(sn) != 0)
		abort();
	if (sid)
		memcpy(sid, sids, ns * sizeof(*sids));
	if (pid)
		memcpy(pid, pids, np * sizeof(*pids));
	free(sids);
	free(pids);
	return sn;
}

#endif /* SKYWAY_TEST_MARKET_H */
