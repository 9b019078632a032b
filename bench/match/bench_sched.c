/*
 * bench_sched.c - the interview timetable at the article's scale.
 *
 *   bench_sched [--seed S] [--repeat N] [--students N] [--booths N] [--slots N]
 *               [--zipf X]
 *
 * Generates, from a seed, the interviews of a fair of the article's size:
 * 517 booths with 2-6 tables, 12,000 students, about 30,000 requests (1-4
 * per student, to booths chosen Zipf-like, weight 1 / rank^0.6 (--zipf), so
 * that popular enterprises are overbooked), 24 slots of 20 minutes, a travel gap of one slot; 5 %
 * of the requests confirmed at a slot, 15 % of the students arriving late and 10 % leaving early.
 * Then it times sched_solve() (best of --repeat runs, wall clock), checks the timetable's hard
 * constraints with a plain pass, and prints the counts by reason and the peak memory.
 *
 * The clock is read here, never in the engine.
 */
#include "timetable.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static int below(uint64_t *s, int n)
{
	return n > 0 ? (int)(rng_next(s) % (uint64_t)n) : 0;
}

/* Picks index i with probability w[i] / sum, by binary search on cum[]. */
static int pick(uint64_t *s, const double *cum, int n)
{
	double x = (double)(rng_next(s) >> 11) / 9007199254740992.0 * cum[n - 1];
	int lo = 0, hi = n - 1;

	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The hard constraints, checked plainly: booth capacity, one student per
 * slot, the gap between booths.  Returns the number of violations. */
static long check(const struct sched_problem *p, const int *slot)
{
	int *load = calloc((size_t)p->nbooths * (size_t)p->nslots, sizeof(int));
	int *off = calloc((size_t)p->nstudents + 1, sizeof(int));
	int *list = malloc((size_t)p->nrequests * sizeof(int));
	long bad = 0;

	for (int i = 0; i < p->nrequests; i++) {
		if (slot[i] < 0)
			continue;
		const struct sched_request *r = &p->req[i];
		if (++load[r->booth * p->nslots + slot[i]] > p->booths[r->booth].tables)
			bad++;
		if (slot[i] < r->earliest || slot[i] > r->latest ||
		    (r->fixed_slot >= 0 && slot[i] != r->fixed_slot))
			bad++;
		off[r->student + 1]++;
	}
	for (int s = 0; s < p->nstudents; s++)
		off[s + 1] += off[s];
	for (int i = 0; i < p->nrequests; i++)
		if (slot[i] >= 0)
			list[off[p->req[i].student]++] = i;
	for (int s = 0, start = 0; s < p->nstudents; start = off[s], s++)
		for (int a = start; a < off[s]; a++)
			for (int b = a + 1; b < off[s]; b++) {
				int i = list[a], j = list[b], d = abs(slot[i] - slot[j]);
				if (d == 0 || (p->req[i].booth != p->req[j].booth && d <= p->gap))
					bad++;
			}
	free(load);
	free(off);
	free(list);
	return bad;
}

int main(int argc, char **argv)
{
	uint64_t seed = 20251201, rng;
	int repeat = 3, nstudents = 12000, nbooths = 517, nslots = 24;
	double zipf = 0.6;

	for (int i = 1; i < argc; i++) {
		if (i + 1 < argc && !strcmp(argv[i], "--seed"))
			seed = strtoull(argv[++i], NULL, 10);
		else if (i + 1 < argc && !strcmp(argv[i], "--repeat"))
			repeat = atoi(argv[++i]);
		else if (i + 1 < argc && !strcmp(argv[i], "--students"))
			nstudents = atoi(argv[++i]);
		else if (i + 1 < argc && !strcmp(argv[i], "--booths"))
			nbooths = atoi(argv[++i]);
		else if (i + 1 < argc && !strcmp(argv[i], "--slots"))
			nslots = atoi(argv[++i]);
		else if (i + 1 < argc && !strcmp(argv[i], "--zipf"))
			zipf = atof(argv[++i]);
		else {
			fprintf(stderr, "usage: bench_sched [--seed S] [--repeat N] [--students N] "
			                "[--booths N] [--slots N] [--zipf X]\n");
			return 2;
		}
	}
	if (repeat < 1 || nstudents < 1 || nbooths < 1 || nslots < 1)
		return 2;
	rng = seed;

	struct sched_booth *booths = malloc((size_t)nbooths * sizeof(*booths));
	double *cum = malloc((size_t)nbooths * sizeof(double));
	struct sched_request *req = malloc((size_t)nstudents * 4 * sizeof(*req));
	int *slot = malloc((size_t)nstudents * 4 * sizeof(int));
	int *reason = malloc((size_t)nstudents * 4 * sizeof(int));
	long tables = 0;
	int n = 0;

	for (int b = 0; b < nbooths; b++) {
		booths[b].tables = 2 + below(&rng, 5);
		tables += booths[b].tables;
		cum[b] = (b ? cum[b - 1] : 0) + 1.0 / pow(b + 1, zipf);
	}
	for (int s = 0; s < nstudents; s++) {
		int k = 1 + below(&rng, 4), earliest = 0, latest = nslots - 1, mine[4];
		if (below(&rng, 100) < 15)
			earliest = below(&rng, nslots / 2);
		if (below(&rng, 100) < 10)
			latest = nslots / 2 + below(&rng, nslots - nslots / 2);
		for (int j = 0; j < k; j++) {
			int b, again;
			do { /* four different booths */
				b = pick(&rng, cum, nbooths);
				again = 0;
				for (int q = 0; q < j; q++)
					again |= mine[q] == b;
			} while (again);
			mine[j] = b;
			req[n] = (struct sched_request){
			    .student = s,
			    .booth = b,
			    .priority = 1 + below(&rng, 100),
			    .fixed_slot = -1,
			    .earliest = earliest,
			    .latest = latest,
			};
			if (below(&rng, 100) < 5)
				req[n].fixed_slot = earliest + below(&rng, latest - earliest + 1);
			n++;
		}
	}
	struct sched_problem p = {
	    .nslots = nslots,
	    .nbooths = nbooths,
	    .nstudents = nstudents,
	    .nrequests = n,
	    .gap = 1,
	    .booths = booths,
	    .req = req,
	};
	printf("bench_sched: %d booths (%ld tables, %ld interview places), %d students, %d "
	       "requests, %d slots, gap %d, zipf %.2f, seed %llu\n",
	       nbooths, tables, tables * nslots, nstudents, n, nslots, p.gap, zipf,
	       (unsigned long long)seed);

	double best = 1e30;
	int placed = 0;
	for (int r = 0; r < repeat; r++) {
		double t0 = now();
		placed = sched_solve(&p, slot, reason);
		double t = now() - t0;
		if (t < best)
			best = t;
	}
	if (placed < 0) {
		fprintf(stderr, "sched_solve: %d\n", placed);
		return 1;
	}
	long count[SCHED_REASON_COUNT] = {0};
	for (int i = 0; i < n; i++)
		count[reason[i]]++;
	printf("sched_solve: %.1f ms (best of %d); placed %d of %d (%.1f%%)\n", best * 1e3, repeat,
	       placed, n, 100.0 * placed / n);
	for (int k = 0; k < SCHED_REASON_COUNT; k++)
		printf("  %-15s %ld\n", sched_reason_name(k), count[k]);
	long bad = check(&p, slot);
	printf("hard constraints: %s (%ld violations)\n", bad ? "VIOLATED" : "hold", bad);

	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("peak memory: %.1f MiB\n", (double)ru.ru_maxrss / 1024.0);
	free(booths);
	free(cum);
	free(req);
	free(slot);
	free(reason);
	return bad ? 1 : 0;
}
