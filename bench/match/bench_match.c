/*
 * bench_match.c - the matching engine at the demo scale.
 *
 *   bench_match [--threads N] [--seed S] [--students N] [--positions N]
 *               [--skip-naive] [--quiet]
 *
 * Generates, from a seed, a market of the size of the article's job fair
 * (110,000 students of 11 colleges, 6,680 positions of 517 enterprises) with
 * a realistic shape: about 100 majors in 20 classes in 8 categories of the
 * vocational catalogue, popular majors far more common than rare ones, skills
 * drawn mostly from the major's own cluster of a 400-skill dictionary,
 * certificates, 12 cities with Qingyuan the most common, salaries, graduation
 * years, and a few views, saves and applications per student.
 *
 * Then it measures, in one run:
 *   1. both top-50 sets for the whole market, and the same by the naive way
 *      (every pair, the reference scorer), checking that they are identical;
 *   2. positions' rankings by score from students' 30-long lists, and
 *      deferred acceptance over them, against one pass reading the lists;
 *   3. the stability check; peak memory (getrusage ru_maxrss);
 *   4. one student's and one position's recommendations (median, p99);
 *   5. one edit: a student changes, every position's cached list is
 *      refreshed incrementally.
 *
 * The clock is read here, never in the engine.
 */
#include "match.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

/* ---- seeded randomness --------------------------------------------------- */

static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static uint32_t below(uint64_t *s, uint32_t n)
{
	return n ? (uint32_t)(rng_next(s) % n) : 0;
}

static int chance(uint64_t *s, int per_mille)
{
	return (int)below(s, 1000) < per_mille;
}

/* Picks index i with probability w[i] / sum, by binary search on cum[]. */
static uint32_t pick(uint64_t *s, const double *cum, uint32_t n)
{
	double x = (double)(rng_next(s) >> 11) / 9007199254740992.0 * cum[n - 1];
	uint32_t lo = 0, hi = n - 1;

	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;
		if (cum[mid] <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU time of the whole process (all threads): on a shared machine it is a
 * steadier measure than the wall clock, which other tenants stretch. */
static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static long peak_rss_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* ---- the catalogue ------------------------------------------------------ */

#define N_CATEGORIES         8
#define CLASSES_PER_CATEGORY 2 /* plus one for half of them: 20 classes */
#define N_CITIES             12
#define N_SKILLS             400
#define N_GENERAL_SKILLS     100
#define N_CERTS              60
#define N_COLLEGES           11
#define N_ENTERPRISES        517

static const struct {
	const char *code;
	const char *name;
} categories[N_CATEGORIES] = {
    {"44", "土木建筑大类"}, {"46", "装备制造大类"},   {"47", "生物与化工大类"},
    {"50", "交通运输大类"}, {"51", "电子与信息大类"}, {"53", "财经商贸大类"},
    {"54", "旅游大类"},     {"57", "教育与体育大类"},
};

static const char *const city_names[N_CITIES] = {
    "清远", "广州", "佛山", "东莞", "深圳", "韶关", "肇庆", "中山", "珠海", "惠州", "江门", "湛江",
};

struct catalogue {
	uint32_t n_classes, n_majors;
	uint32_t class_code[32];
	uint32_t class_category[32]; /* index into categories */
	uint32_t major_code[128];
	uint32_t major_class[128]; /* index into class_code */
	double major_cum[128];     /* popularity, Zipf-like */
	uint32_t class_first_major[32], class_n_majors[32];
};

static void build_catalogue(uint64_t *rng, struct catalogue *cat)
{
	char code[16];

	memset(cat, 0, sizeof(*cat));
	for (uint32_t c = 0; c < N_CATEGORIES; c++) {
		uint32_t n_cls = CLASSES_PER_CATEGORY + (c % 2 == 0 ? 1 : 0);
		for (uint32_t k = 0; k < n_cls; k++) {
			uint32_t ci = cat->n_classes++;
			snprintf(code, sizeof(code), "%s%02u", categories[c].code, k + 1);
			cat->class_code[ci] = match_major_code(code);
			cat->class_category[ci] = c;
			cat->class_first_major[ci] = cat->n_majors;
			cat->class_n_majors[ci] = 4 + below(rng, 3); /* 4-6 majors */
			for (uint32_t m = 0; m < cat->class_n_majors[ci]; m++) {
				uint32_t mi = cat->n_majors++;
				snprintf(code, sizeof(code), "%s%02u%02u", categories[c].code,
				         k + 1, m + 1);
				cat->major_code[mi] = match_major_code(code);
				cat->major_class[mi] = ci;
			}
		}
	}
	/* popularity: Zipf over a shuffled order of majors */
	uint32_t order[128];
	for (uint32_t i = 0; i < cat->n_majors; i++)
		order[i] = i;
	for (uint32_t i = cat->n_majors - 1; i > 0; i--) {
		uint32_t j = below(rng, i + 1), t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	double w[128];
	for (uint32_t r = 0; r < cat->n_majors; r++)
		w[order[r]] = 1.0 / (1.0 + r * 0.35);
	double sum = 0;
	for (uint32_t i = 0; i < cat->n_majors; i++) {
		sum += w[i];
		cat->major_cum[i] = sum;
	}
}

/* Skills: class ci owns skills [ci * 15, ci * 15 + 15); the rest (>= 300)
 * are general (office software, English, driving, ...). */
static uint32_t class_skill(uint64_t *rng, uint32_t ci)
{
	return ci * 15 + below(rng, 15);
}

static uint32_t general_skill(uint64_t *rng)
{
	return N_SKILLS - N_GENERAL_SKILLS + below(rng, N_GENERAL_SKILLS);
}

/* Certificates: category c owns [c * 6, c * 6 + 6); the rest are general. */
static uint32_t cert_of(uint64_t *rng, uint32_t c)
{
	return chance(rng, 700) ? c * 6 + below(rng, 6) : 48 + below(rng, 12);
}

static const double city_weight[N_CITIES] = {40, 18, 10, 8, 8, 3, 3, 3, 2, 2, 2, 1};

/* ---- the market ----------------------------------------------------------- */

struct market_gen {
	size_t ns, np;
	struct catalogue cat;
	double city_cum[N_CITIES];
	uint32_t *pos_ids;
	uint32_t *seats; /* per position: headcount - filled, 0 when closed */
	uint32_t *pos_by_category[N_CATEGORIES]; /* positions of each industry */
	uint32_t n_by_category[N_CATEGORIES];
};

static uint32_t city_code(uint32_t i)
{
	return 441800 + i; /* stand-ins for administrative codes */
}

static void gen_position(uint64_t *rng, struct market_gen *g, uint32_t idx, uint32_t industry,
                         uint32_t city, struct match_position *p, uint32_t *majors, uint32_t *req,
                         uint32_t *pref, uint32_t *certs)
{
	const struct catalogue *cat = &g->cat;
	/* a class of the industry's category */
	uint32_t cls[8], n_cls = 0;
	for (uint32_t ci = 0; ci < cat->n_classes; ci++)
		if (cat->class_category[ci] == industry)
			cls[n_cls++] = ci;
	uint32_t main_cls = cls[below(rng, n_cls)];

	memset(p, 0, sizeof(*p));
	p->id = g->pos_ids[idx];
	p->city = city_code(city);
	p->salary_min = 3000 + 250 * below(rng, 13);
	p->salary_max = p->salary_min + 500 * (1 + below(rng, 6));
	if (chance(rng, 500)) {
		p->grad_year_min = (uint16_t)(2025 + below(rng, 2));
		p->grad_year_max = (uint16_t)(p->grad_year_min + below(rng, 3));
	}
	p->min_degree = chance(rng, 700)   ? MATCH_DEGREE_ASSOCIATE
	                : chance(rng, 670) ? MATCH_DEGREE_NONE
	                                   : MATCH_DEGREE_BACHELOR;
	p->closed = chance(rng, 30);
	p->headcount = 1 + below(rng, 6) + (chance(rng, 100) ? below(rng, 20) : 0);
	p->filled = chance(rng, 50) ? p->headcount : 0;

	uint32_t kind = below(rng, 100);
	p->n_majors = 0;
	if (kind < 15) {
		/* open to every major; some name preferred ones */
		p->majors_required = 0;
		if (chance(rng, 400))
			majors[p->n_majors++] = match_major_category(cat->class_code[main_cls]);
	} else if (kind < 60) {
		p->majors_required = 1;
		majors[p->n_majors++] = match_major_category(cat->class_code[main_cls]);
		if (chance(rng, 300))
			majors[p->n_majors++] =
			    match_major_code(categories[below(rng, N_CATEGORIES)].code);
	} else if (kind < 90) {
		p->majors_required = 1;
		majors[p->n_majors++] = cat->class_code[main_cls];
		for (uint32_t i = 0, n = below(rng, 3); i < n; i++)
			majors[p->n_majors++] = cat->class_code[cls[below(rng, n_cls)]];
	} else {
		p->majors_required = 1;
		for (uint32_t i = 0, n = 1 + below(rng, 3); i < n; i++)
			majors[p->n_majors++] =
			    cat->major_code[cat->class_first_major[main_cls] +
			                    below(rng, cat->class_n_majors[main_cls])];
	}
	p->majors = majors;
	p->n_skills_required = 2 + below(rng, 5);
	for (size_t i = 0; i < p->n_skills_required; i++)
		req[i] = chance(rng, 850) ? class_skill(rng, main_cls) : general_skill(rng);
	p->skills_required = req;
	p->n_skills_preferred = below(rng, 5);
	for (size_t i = 0; i < p->n_skills_preferred; i++)
		pref[i] = chance(rng, 600) ? class_skill(rng, main_cls) : general_skill(rng);
	p->skills_preferred = pref;
	p->n_certificates = below(rng, 3);
	for (size_t i = 0; i < p->n_certificates; i++)
		certs[i] = cert_of(rng, industry);
	p->certificates = certs;
}

static void gen_student(uint64_t *rng, struct market_gen *g, uint32_t id, const double *college_cum,
                        struct match_student *st, uint32_t *skills, uint32_t *certs,
                        struct match_interest_mark *marks)
{
	const struct catalogue *cat = &g->cat;
	/* each college leans to a few categories: pick a major by popularity,
	 * then re-pick once if it is not one of the college's */
	uint32_t college = pick(rng, college_cum, N_COLLEGES);
	uint32_t mi = pick(rng, cat->major_cum, cat->n_majors);
	if ((cat->class_category[cat->major_class[mi]] + college) % 3 == 0)
		mi = pick(rng, cat->major_cum, cat->n_majors);
	uint32_t ci = cat->major_class[mi], c = cat->class_category[ci];

	memset(st, 0, sizeof(*st));
	st->id = id;
	st->major = cat->major_code[mi];
	st->grad_year = (uint16_t)(2025 + below(rng, 4));
	st->degree = chance(rng, 800)   ? MATCH_DEGREE_ASSOCIATE
	             : chance(rng, 500) ? MATCH_DEGREE_SECONDARY
	                                : MATCH_DEGREE_BACHELOR;
	st->discoverable = chance(rng, 850);
	for (uint32_t i = 0, n = below(rng, 4); i < n; i++)
		st->cities[i] = city_code(pick(rng, g->city_cum, N_CITIES));
	st->salary_expected = chance(rng, 150) ? 0 : 3000 + 250 * below(rng, 17);
	st->n_skills = 4 + below(rng, 7);
	for (size_t i = 0; i < st->n_skills; i++) {
		uint32_t r = below(rng, 10);
		if (r < 7)
			skills[i] = class_skill(rng, ci);
		else if (r < 9)
			skills[i] = class_skill(rng, (ci + 1) % cat->n_classes);
		else
			skills[i] = general_skill(rng);
	}
	st->skills = skills;
	st->n_certificates = below(rng, 4);
	for (size_t i = 0; i < st->n_certificates; i++)
		certs[i] = cert_of(rng, c);
	st->certificates = certs;
	/* views, saves and applications, mostly in the student's own industry */
	st->n_interests = below(rng, 9);
	for (size_t i = 0; i < st->n_interests; i++) {
		uint32_t ind = chance(rng, 800) ? c : below(rng, N_CATEGORIES);
		if (!g->n_by_category[ind])
			ind = 0;
		marks[i].position =
		    g->pos_ids[g->pos_by_category[ind][below(rng, g->n_by_category[ind])]];
		marks[i].level = i < 5   ? MATCH_INTEREST_VIEWED
		                 : i < 7 ? MATCH_INTEREST_SAVED
		                         : MATCH_INTEREST_APPLIED;
	}
	st->interests = marks;
}

/* Shuffled distinct ids in [1, 4n]. */
static uint32_t *gen_ids(uint64_t *rng, size_t n)
{
	uint32_t *ids = malloc(n * sizeof(*ids));
	uint8_t *used = calloc(4 * n + 2, 1);
	size_t k = 0;

	while (k < n) {
		uint32_t id = 1 + below(rng, (uint32_t)(4 * n));
		if (!used[id]) {
			used[id] = 1;
			ids[k++] = id;
		}
	}
	free(used);
	return ids;
}

static struct match_snapshot *generate(uint64_t seed, struct market_gen *g, double *load_s)
{
	uint64_t rng = seed;
	struct match_snapshot *sn = match_snapshot_new(NULL);
	uint32_t sk[16], ce[8];
	struct match_interest_mark marks[8];
	double college_cum[N_COLLEGES], sum = 0;
	struct match_position *ps = malloc(g->np * sizeof(*ps));
	uint32_t *pbuf = malloc(g->np * 32 * sizeof(uint32_t));
	double t0;

	build_catalogue(&rng, &g->cat);
	for (int i = 0; i < N_CITIES; i++) {
		sum += city_weight[i];
		g->city_cum[i] = sum;
	}
	sum = 0;
	for (int i = 0; i < N_COLLEGES; i++) {
		sum += 1.0 + (i % 4); /* colleges of different sizes */
		college_cum[i] = sum;
	}
	g->pos_ids = gen_ids(&rng, g->np);
	g->seats = malloc(g->np * sizeof(uint32_t));
	uint32_t *student_ids = gen_ids(&rng, g->ns);

	/* enterprises: an industry and a city each; positions spread over them */
	uint32_t ent_industry[N_ENTERPRISES], ent_city[N_ENTERPRISES];
	for (int e = 0; e < N_ENTERPRISES; e++) {
		ent_industry[e] = below(&rng, N_CATEGORIES);
		ent_city[e] = chance(&rng, 700) ? 0 : pick(&rng, g->city_cum, N_CITIES);
	}
	for (int c2 = 0; c2 < N_CATEGORIES; c2++)
		g->pos_by_category[c2] = malloc(g->np * sizeof(uint32_t));
	for (size_t i = 0; i < g->np; i++) {
		uint32_t e = below(&rng, N_ENTERPRISES);
		uint32_t *buf = pbuf + i * 32;
		gen_position(&rng, g, (uint32_t)i, ent_industry[e], ent_city[e], &ps[i], buf,
		             buf + 8, buf + 16, buf + 24);
		g->pos_by_category[ent_industry[e]][g->n_by_category[ent_industry[e]]++] =
		    (uint32_t)i;
		g->seats[i] = ps[i].closed ? 0 : ps[i].headcount - ps[i].filled;
	}

	/* generate every student first, so that loading is timed alone */
	struct match_student *ss = malloc(g->ns * sizeof(*ss));
	uint32_t *sbuf = malloc(g->ns * 24 * sizeof(uint32_t));
	struct match_interest_mark *mbuf = malloc(g->ns * 8 * sizeof(*mbuf));
	for (size_t i = 0; i < g->ns; i++) {
		gen_student(&rng, g, student_ids[i], college_cum, &ss[i], sk, ce, marks);
		memcpy(sbuf + i * 24, sk, ss[i].n_skills * sizeof(uint32_t));
		memcpy(sbuf + i * 24 + 16, ce, ss[i].n_certificates * sizeof(uint32_t));
		memcpy(mbuf + i * 8, marks, ss[i].n_interests * sizeof(*marks));
		ss[i].skills = sbuf + i * 24;
		ss[i].certificates = sbuf + i * 24 + 16;
		ss[i].interests = mbuf + i * 8;
	}

	t0 = now();
	for (size_t i = 0; i < g->np; i++)
		if (match_snapshot_add_position(sn, &ps[i]) < 0)
			abort();
	for (size_t i = 0; i < g->ns; i++)
		if (match_snapshot_add_student(sn, &ss[i]) < 0)
			abort();
	if (match_snapshot_freeze(sn) < 0)
		abort();
	*load_s = now() - t0;

	/* labels, for the sample explanation */
	for (int c2 = 0; c2 < N_CATEGORIES; c2++)
		match_snapshot_set_label(sn, MATCH_DICT_MAJOR,
		                         match_major_code(categories[c2].code),
		                         categories[c2].name);
	for (int i = 0; i < N_CITIES; i++)
		match_snapshot_set_label(sn, MATCH_DICT_CITY, city_code((uint32_t)i),
		                         city_names[i]);
	char label[64], digits[8];
	for (uint32_t ci = 0; ci < g->cat.n_classes; ci++) {
		snprintf(label, sizeof(label), "%s第%u类",
		         categories[g->cat.class_category[ci]].name, ci % 3 + 1);
		match_snapshot_set_label(sn, MATCH_DICT_MAJOR, g->cat.class_code[ci], label);
		for (uint32_t k = 0; k < 15; k++) {
			snprintf(label, sizeof(label), "%s专业技能%u",
			         match_major_format(g->cat.class_code[ci], digits), k + 1);
			match_snapshot_set_label(sn, MATCH_DICT_SKILL, ci * 15 + k, label);
		}
	}
	for (uint32_t k = N_SKILLS - N_GENERAL_SKILLS; k < N_SKILLS; k++) {
		snprintf(label, sizeof(label), "通用技能%u", k - (N_SKILLS - N_GENERAL_SKILLS) + 1);
		match_snapshot_set_label(sn, MATCH_DICT_SKILL, k, label);
	}
	for (uint32_t k = 0; k < N_CERTS; k++) {
		snprintf(label, sizeof(label), "职业资格证书%u", k + 1);
		match_snapshot_set_label(sn, MATCH_DICT_CERTIFICATE, k, label);
	}

	free(ps);
	free(pbuf);
	free(ss);
	free(sbuf);
	free(mbuf);
	free(student_ids);
	return sn;
}

/* ---- helpers ------------------------------------------------------------ */

static int markets_equal(const struct match_market *a, const struct match_market *b)
{
	if (a->n_students != b->n_students || a->n_positions != b->n_positions || a->k != b->k)
		return 0;
	for (size_t i = 0; i < a->n_students; i++)
		if (a->student_n[i] != b->student_n[i] ||
		    memcmp(a->student_hits + i * a->k, b->student_hits + i * b->k,
		           a->student_n[i] * sizeof(struct match_hit)))
			return 0;
	for (size_t i = 0; i < a->n_positions; i++)
		if (a->position_n[i] != b->position_n[i] ||
		    memcmp(a->position_hits + i * a->k, b->position_hits + i * b->k,
		           a->position_n[i] * sizeof(struct match_hit)))
			return 0;
	return 1;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The best of several runs, wall and CPU. */
struct timing {
	double wall, cpu;
};

static void timing_start(struct timing *t, double *w0, double *c0)
{
	if (t->wall == 0) {
		t->wall = 1e9;
		t->cpu = 1e9;
	}
	*w0 = now();
	*c0 = cpu_now();
}

static void timing_stop(struct timing *t, double w0, double c0)
{
	double w = now() - w0, c = cpu_now() - c0;

	if (w < t->wall)
		t->wall = w;
	if (c < t->cpu)
		t->cpu = c;
}

#define K    50 /* recommendations per list */
#define LIST 30 /* a student's 志愿 in the match */

/* What the sections share. */
struct bench {
	struct market_gen g;
	struct match_snapshot *sn;
	unsigned threads;
	int repeat;
	uint64_t seed;
	struct match_market m; /* the market, from section 1 */
	struct timing market, match;
	int ok;
};

/* 1. Both top-50 sets, with the configured threads and with one. */
static int section_market(struct bench *bc, int only)
{
	struct match_market m1 = {0};
	struct timing one = {0, 0};
	double w0, c0;
	size_t ns = bc->g.ns, np = bc->g.np;

	/* each timed step runs `repeat` times and the best run is reported,
	 * the usual way to see through the noise of a shared machine */
	for (int r = 0; r < bc->repeat; r++) {
		match_market_release(&bc->m);
		timing_start(&bc->market, &w0, &c0);
		if (match_market_topk(bc->sn, K, bc->threads, &bc->m) < 0)
			return -1;
		timing_stop(&bc->market, w0, c0);
	}
	printf("\n1. top-%d both ways, whole market\n", K);
	printf("  %u threads                          %8.1f ms wall, %8.1f ms CPU\n", bc->threads,
	       bc->market.wall * 1e3, bc->market.cpu * 1e3);
	if (only)
		return 0;
	for (int r = 0; r < bc->repeat; r++) {
		match_market_release(&m1);
		timing_start(&one, &w0, &c0);
		if (match_market_topk(bc->sn, K, 1, &m1) < 0)
			return -1;
		timing_stop(&one, w0, c0);
	}
	int same = markets_equal(&bc->m, &m1);
	bc->ok &= same;
	match_market_release(&m1);

	size_t full_students = 0, full_positions = 0;
	for (size_t i = 0; i < ns; i++)
		full_students += bc->m.student_n[i] == K;
	for (size_t i = 0; i < np; i++)
		full_positions += bc->m.position_n[i] == K;
	double pairs = (double)ns * (double)np;
	printf(
	    "  1 thread                           %8.1f ms wall, %8.1f ms CPU (same lists: %s)\n",
	    one.wall * 1e3, one.cpu * 1e3, same ? "yes" : "NO");
	printf(
	    "  pairs %.0f; past the hard filters %llu (%.1f%%); past a bar %llu (%.2f%%)\n", pairs,
	    (unsigned long long)bc->m.pairs_eligible, 100.0 * (double)bc->m.pairs_eligible / pairs,
	    (unsigned long long)bc->m.pairs_offered, 100.0 * (double)bc->m.pairs_offered / pairs);
	printf("  full top-%d lists: %zu of %zu students, %zu of %zu positions\n", K, full_students,
	       ns, full_positions, np);
	return 0;
}

/*
 * 2. The centralised match: every student ranks its top 30 (a little
 * reordered: a student's own 志愿 are not exactly the score order); positions
 * rank by score; capacity = seats still open.
 */
static int section_match(struct bench *bc)
{
	size_t ns = bc->g.ns, np = bc->g.np;
	uint64_t rng = bc->seed ^ 0xD1CE;
	uint32_t *soff = malloc((ns + 1) * sizeof(uint32_t));
	uint32_t *slist = malloc(ns * LIST * sizeof(uint32_t) + 1);
	uint32_t *poff = NULL, *plist = NULL, *cap = bc->g.seats;
	int32_t *match = malloc(ns * sizeof(int32_t) + 1);
	int32_t *match2 = malloc(ns * sizeof(int32_t) + 1);
	struct timing rank = {0, 0}, da = {0, 0};
	struct match_da_stats st;
	struct match_check_result cr;
	double w0, c0;

	if (!soff || !slist || !match || !match2)
		return -1;
	soff[0] = 0;
	for (size_t s = 0; s < ns; s++) {
		uint32_t n = bc->m.student_n[s] < LIST ? bc->m.student_n[s] : LIST;
		uint32_t *l = slist + soff[s];
		for (uint32_t i = 0; i < n; i++)
			l[i] = (uint32_t)match_snapshot_position_index(
			    bc->sn, bc->m.student_hits[s * K + i].id);
		for (uint32_t i = 0; i + 1 < n; i++) {
			if (chance(&rng, 300)) {
				uint32_t t = l[i];
				l[i] = l[i + 1];
				l[i + 1] = t;
			}
		}
		soff[s + 1] = soff[s] + n;
	}

	/* a. by score, without building the rankings */
	for (int r = 0; r < bc->repeat; r++) {
		timing_start(&bc->match, &w0, &c0);
		if (match_deferred_acceptance_by_score(bc->sn, soff, slist, cap, bc->threads, match,
		                                       &st) < 0)
			return -1;
		timing_stop(&bc->match, w0, c0);
	}
	w0 = now();
	int stable = match_check_stable_by_score(bc->sn, soff, slist, cap, bc->threads, match, &cr);
	double t_check_s = now() - w0;

	/* b. the rankings built, then deferred acceptance on rankings */
	for (int r = 0; r < bc->repeat; r++) {
		free(poff);
		free(plist);
		timing_start(&rank, &w0, &c0);
		if (match_prefs_from_scores(bc->sn, soff, slist, bc->threads, &poff, &plist) < 0)
			return -1;
		timing_stop(&rank, w0, c0);
	}
	struct match_prefs prefs = {ns, np, soff, slist, poff, plist, cap};
	for (int r = 0; r < bc->repeat; r++) {
		timing_start(&da, &w0, &c0);
		if (match_deferred_acceptance(&prefs, match2, &st) < 0)
			return -1;
		timing_stop(&da, w0, c0);
	}
	int same = memcmp(match, match2, ns * sizeof(int32_t)) == 0;
	w0 = now();
	int stable2 = match_check_stable(&prefs, match2, &cr);
	double t_check = now() - w0;

	/* the unit of comparison: one sequential pass reading the lists */
	volatile uint64_t sink = 0;
	double pass = 1e9, pass2 = 1e9;
	for (int r = 0; r < 5; r++) {
		uint64_t acc = 0;
		w0 = now();
		for (size_t i = 0; i < soff[ns]; i++)
			acc += slist[i];
		sink = acc;
		if (now() - w0 < pass)
			pass = now() - w0;
		acc = 0;
		w0 = now();
		for (size_t i = 0; i < soff[ns]; i++)
			acc += slist[i];
		for (size_t i = 0; i < poff[np]; i++)
			acc += plist[i];
		sink = acc;
		if (now() - w0 < pass2)
			pass2 = now() - w0;
	}
	(void)sink;

	size_t matched = 0, seats = 0;
	for (size_t s = 0; s < ns; s++)
		matched += match[s] >= 0;
	for (size_t p = 0; p < np; p++)
		seats += cap[p];
	printf("\n2. centralised match (student-proposing deferred acceptance)\n");
	printf("  %u student entries (%d each), %u position entries, %zu seats\n", soff[ns], LIST,
	       poff[np], seats);
	printf("  %llu proposals, %zu students matched\n", (unsigned long long)st.proposals,
	       matched);
	printf("  a. by score (scores + DA), %u thr.  %8.1f ms wall, %8.1f ms CPU\n", bc->threads,
	       bc->match.wall * 1e3, bc->match.cpu * 1e3);
	printf("     its stability check            %8.1f ms (%s)\n", t_check_s * 1e3,
	       stable == MATCH_CHECK_OK ? "stable" : "NOT STABLE");
	printf("  b. rankings built by score         %8.1f ms wall, %8.1f ms CPU\n",
	       rank.wall * 1e3, rank.cpu * 1e3);
	printf("     DA on the rankings              %8.1f ms wall (same matching as a: %s)\n",
	       da.wall * 1e3, same ? "yes" : "NO");
	printf("     its stability check            %8.1f ms (%s)\n", t_check * 1e3,
	       stable2 == MATCH_CHECK_OK ? "stable" : "NOT STABLE");
	printf("  one pass reading the students' lists %6.2f ms: DA on rankings = %.0f passes\n",
	       pass * 1e3, da.wall / pass);
	printf("  one pass reading both sides' lists   %6.2f ms: DA on rankings = %.0f passes\n",
	       pass2 * 1e3, da.wall / pass2);
	bc->ok &= same && stable == MATCH_CHECK_OK && stable2 == MATCH_CHECK_OK;
	free(soff);
	free(slist);
	free(poff);
	free(plist);
	free(match);
	free(match2);
	return 0;
}

/* 3. One student's and one position's recommendations. */
static void section_queries(struct bench *bc)
{
	enum { SAMPLES = 2000, POS_SAMPLES = 400 };
	static double lat[SAMPLES];
	struct match_hit hits[K];
	uint64_t rng = bc->seed ^ 0xBEEF;
	size_t n;

	for (int i = 0; i < SAMPLES; i++) {
		match_id id = match_snapshot_student_id(bc->sn, below(&rng, (uint32_t)bc->g.ns));
		double w0 = now();
		match_topk_for_student(bc->sn, id, K, hits, &n);
		lat[i] = now() - w0;
	}
	qsort(lat, SAMPLES, sizeof(double), cmp_double);
	printf("\n3. one query\n");
	printf("  one student's top-%d   median %7.1f us, p99 %7.1f us (%d students)\n", K,
	       lat[SAMPLES / 2] * 1e6, lat[SAMPLES * 99 / 100] * 1e6, SAMPLES);
	for (int i = 0; i < POS_SAMPLES; i++) {
		match_id id = match_snapshot_position_id(bc->sn, below(&rng, (uint32_t)bc->g.np));
		double w0 = now();
		match_topk_for_position(bc->sn, id, K, hits, &n);
		lat[i] = now() - w0;
	}
	qsort(lat, POS_SAMPLES, sizeof(double), cmp_double);
	printf("  one position's top-%d  median %7.1f us, p99 %7.1f us (%d positions)\n", K,
	       lat[POS_SAMPLES / 2] * 1e6, lat[POS_SAMPLES * 99 / 100] * 1e6, POS_SAMPLES);
}

/*
 * 4. One edit: a student's profile changes; every position's cached list is
 * refreshed incrementally, then the student's own list is recomputed.
 */
static void section_edit(struct bench *bc)
{
	uint64_t rng = bc->seed ^ 0xED17;
	size_t si = below(&rng, (uint32_t)bc->g.ns), n;
	match_id sid = match_snapshot_student_id(bc->sn, si);
	uint32_t skills[10] = {0, 1, 2, 3, 4, 15, 16, 300, 301, 302};
	struct match_student st = {.id = sid,
	                           .major = bc->g.cat.major_code[0],
	                           .grad_year = 2026,
	                           .degree = MATCH_DEGREE_ASSOCIATE,
	                           .discoverable = 1,
	                           .salary_expected = 4000,
	                           .skills = skills,
	                           .n_skills = 10};
	struct match_hit hits[1];
	struct match_explanation e;
	int patched = 0, recomputed = 0;

	st.cities[0] = city_code(0);
	double w0 = now();
	match_snapshot_update_student(bc->sn, &st);
	double t_update = now() - w0;
	w0 = now();
	for (size_t p = 0; p < bc->g.np; p++) {
		size_t len = bc->m.position_n[p];
		int rc = match_refresh_position_topk(bc->sn, match_snapshot_position_id(bc->sn, p),
		                                     bc->m.position_hits + p * K, &len, K, sid);
		bc->m.position_n[p] = (uint32_t)len;
		rc == 1 ? recomputed++ : patched++;
	}
	double t_refresh = now() - w0;
	double own[9];
	for (int r = 0; r < 9; r++) {
		w0 = now();
		match_topk_for_student(bc->sn, sid, K, bc->m.student_hits + si * K, &n);
		own[r] = now() - w0;
	}
	qsort(own, 9, sizeof(double), cmp_double);
	double t_own = own[4];
	bc->m.student_n[si] = (uint32_t)n;
	printf("\n4. one edit: a student's profile changes\n");
	printf("  update the snapshot                %8.1f us\n", t_update * 1e6);
	printf("  refresh all %zu positions' lists %7.1f ms (%d patched, %d recomputed)\n",
	       bc->g.np, t_refresh * 1e3, patched, recomputed);
	printf("  the student's own list             %8.1f us (median of 9)\n", t_own * 1e6);

	match_topk_for_student(bc->sn, sid, 1, hits, &n);
	if (n && match_explain(bc->sn, sid, hits[0].id, &e) == 0) {
		printf("\n  why position %u for student %u: %d points\n", hits[0].id, sid, e.total);
		for (size_t c = 0; c < e.n_components; c++)
			printf("    %-16s %s %5d / %5d  %s\n", e.components[c].key,
			       e.components[c].label, e.components[c].points,
			       e.components[c].max_points, e.components[c].reason);
	}
}

/* 5. The naive way, last: it is slow, and its memory is not the engine's.
 * It runs on the edited snapshot, so the market is computed again first. */
static int section_naive(struct bench *bc)
{
	struct match_market fresh = {0}, naive = {0};
	double w0 = now();

	if (match_market_topk(bc->sn, K, bc->threads, &fresh) < 0)
		return -1;
	double t_fresh = now() - w0;
	w0 = now();
	if (match_market_topk_naive(bc->sn, K, bc->threads, &naive) < 0)
		return -1;
	double t_naive = now() - w0;
	int same = markets_equal(&fresh, &naive);
	printf("\n5. naive all-pairs, the reference scorer on every pair, %u threads\n",
	       bc->threads);
	printf("  naive                              %8.1f ms\n", t_naive * 1e3);
	printf("  blocks + vector kernel, this run   %8.1f ms\n", t_fresh * 1e3);
	printf("  identical lists: %s; ratio %.1fx (against the best run of section 1: %.1fx)\n",
	       same ? "yes" : "NO", t_naive / t_fresh, t_naive / bc->market.wall);
	bc->ok &= same;
	match_market_release(&fresh);
	match_market_release(&naive);
	return 0;
}

static void usage(void)
{
	fputs("usage: bench_match [--threads N] [--seed S] [--students N] [--positions N]\n"
	      "                   [--repeat N] [--skip-naive] [--only-market]\n",
	      stderr);
}

int main(int argc, char **argv)
{
	struct bench bc = {.g = {.ns = 110000, .np = 6680},
	                   .threads = (unsigned)sysconf(_SC_NPROCESSORS_ONLN),
	                   .repeat = 3,
	                   .seed = 20251129,
	                   .ok = 1};
	int skip_naive = 0, only_market = 0;
	double t_load, load[3] = {-1, -1, -1};

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--threads") && i + 1 < argc)
			bc.threads = (unsigned)atoi(argv[++i]);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			bc.seed = strtoull(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--students") && i + 1 < argc)
			bc.g.ns = (size_t)atol(argv[++i]);
		else if (!strcmp(argv[i], "--positions") && i + 1 < argc)
			bc.g.np = (size_t)atol(argv[++i]);
		else if (!strcmp(argv[i], "--repeat") && i + 1 < argc)
			bc.repeat = atoi(argv[++i]) > 0 ? atoi(argv[i]) : 1;
		else if (!strcmp(argv[i], "--only-market"))
			only_market = 1;
		else if (!strcmp(argv[i], "--skip-naive"))
			skip_naive = 1;
		else {
			usage();
			return 2;
		}
	}
	if (bc.threads < 1)
		bc.threads = 1;
	if (bc.g.ns < 1 || bc.g.np < 1) {
		usage();
		return 2;
	}

	FILE *la = fopen("/proc/loadavg", "r");
	if (la) {
		if (fscanf(la, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3)
			load[0] = -1;
		fclose(la);
	}
	printf("bench_match: %zu students x %zu positions, seed %llu, %u threads, best of %d\n",
	       bc.g.ns, bc.g.np, (unsigned long long)bc.seed, bc.threads, bc.repeat);
	printf("  load average at start: %.2f %.2f %.2f (other tenants stretch wall times)\n",
	       load[0], load[1], load[2]);
	bc.sn = generate(bc.seed, &bc.g, &t_load);
	printf("  %u majors in %u classes in %d categories; %d skills; %d cities\n",
	       bc.g.cat.n_majors, bc.g.cat.n_classes, N_CATEGORIES, N_SKILLS, N_CITIES);
	printf("  load and freeze the snapshot       %8.1f ms\n", t_load * 1e3);

	if (section_market(&bc, only_market) < 0)
		return 1;
	if (!only_market) {
		if (section_match(&bc) < 0)
			return 1;
		printf(
		    "\n  whole market: top-%d both ways + the match = %.1f ms wall (aim < 1000), "
		    "%.1f ms CPU\n",
		    K, (bc.market.wall + bc.match.wall) * 1e3,
		    (bc.market.cpu + bc.match.cpu) * 1e3);
		printf("  peak memory so far (ru_maxrss)     %8.1f MiB (aim < 1024)\n",
		       (double)peak_rss_kib() / 1024.0);
		section_queries(&bc);
		section_edit(&bc);
		if (!skip_naive && section_naive(&bc) < 0)
			return 1;
		printf("\npeak memory, whole run (ru_maxrss)   %8.1f MiB\n",
		       (double)peak_rss_kib() / 1024.0);
	}
	match_market_release(&bc.m);
	for (int c = 0; c < N_CATEGORIES; c++)
		free(bc.g.pos_by_category[c]);
	free(bc.g.pos_ids);
	free(bc.g.seats);
	match_snapshot_free(bc.sn);
	if (!bc.ok)
		printf("\nFAILED: a check above did not hold\n");
	return bc.ok ? 0 : 1;
}
