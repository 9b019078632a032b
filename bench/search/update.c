/*
 * The search index brought up to date after one position edit (issue 9):
 * incremental (migration 0025's change log, the positions re-read) against
 * a whole rebuild (SKYWAY_SEARCH_INCREMENTAL=0, what every edit cost
 * before), in one process on one database, alternately.  Each round: an
 * edit (a salary_max changed by SQL, as an HR's save writes it), then
 * search_index_warm (what the next search does first), timed by this
 * thread's CPU clock and the wall clock; the process's CPU over all rounds
 * too (it includes the folds, made on their own thread).  Built and run by
 * bench/search.sh (MODES=update); prints figures, asserts nothing.
 *
 * update DB_URL [ROUNDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "domain/search_index.h"
#include "store/store.h"

static double clock_ms(clockid_t c)
{
	struct timespec t;
	clock_gettime(c, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static double process_ms(void)
{
	struct rusage u;
	getrusage(RUSAGE_SELF, &u);
	return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 +
	       (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* rounds edits, each followed by an update; prints median/mean CPU and
 * wall per update and the process's CPU per edit. */
static int run(struct store *db, const char *label, int incremental, int rounds, int64_t *ids,
               int nids)
{
	setenv("SKYWAY_SEARCH_INCREMENTAL", incremental ? "1" : "0", 1);
	search_index_use(1);
	double *cpu = calloc((size_t)rounds, sizeof(double));
	double *wall = calloc((size_t)rounds, sizeof(double));
	if (!cpu || !wall || search_index_warm(db))
		return -1;
	double p0 = process_ms();
	for (int i = 0; i < rounds; i++) {
		if (store_run(db,
		              "UPDATE positions SET salary_max = salary_max + 1 - 2 * (? % 2) "
		              "WHERE id = ?",
		              "ii", (int64_t)i, ids[i % nids]) != STORE_OK)
			return -1;
		double c0 = clock_ms(CLOCK_THREAD_CPUTIME_ID), w0 = clock_ms(CLOCK_MONOTONIC);
		if (search_index_warm(db))
			return -1;
		cpu[i] = clock_ms(CLOCK_THREAD_CPUTIME_ID) - c0;
		wall[i] = clock_ms(CLOCK_MONOTONIC) - w0;
	}
	double per_edit = (process_ms() - p0) / rounds;
	double sc = 0, sw = 0;
	for (int i = 0; i < rounds; i++)
		sc += cpu[i], sw += wall[i];
	qsort(cpu, (size_t)rounds, sizeof(double), cmp_double);
	qsort(wall, (size_t)rounds, sizeof(double), cmp_double);
	size_t npos, bytes;
	int64_t build_us;
	search_index_stats(&npos, &bytes, &build_us);
	printf("%-12s %zu positions, %d edits: update CPU median %8.3f ms, mean %8.3f ms;"
	       " wall median %8.3f ms; process CPU per edit (with folds) %8.3f ms\n",
	       label, npos, rounds, cpu[rounds / 2], sc / rounds, wall[rounds / 2], per_edit);
	free(cpu);
	free(wall);
	search_index_release();
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: update DB_URL [ROUNDS]\n");
		return 2;
	}
	int rounds = argc > 2 ? atoi(argv[2]) : 200;
	struct store *db;
	char err[256];
	if (store_open(argv[1], &db, err, sizeof(err))) {
		fprintf(stderr, "update: %s\n", err);
		return 1;
	}
	/* Open positions with a salary, spread over the ids. */
	json_t *rows = store_rows(db,
	                          "SELECT id FROM positions WHERE status = 'open' AND salary_max"
	                          " IS NOT NULL ORDER BY id",
	                          "");
	int nids = rows ? (int)json_array_size(rows) : 0;
	int64_t *ids = calloc((size_t)(nids ? nids : 1), sizeof(*ids));
	for (int i = 0; ids && i < nids; i++)
		ids[i] = json_integer_value(
		    json_object_get(json_array_get(rows, (size_t)(i * 7919 % nids)), "id"));
	json_decref(rows);
	if (!nids || !ids) {
		fprintf(stderr, "update: no open positions with a salary\n");
		return 1;
	}
	int rc = 0;
	for (int r = 0; !rc && r < 2; r++) {
		rc = run(db, "whole", 0, rounds / 10 ? rounds / 10 : 1, ids, nids) ||
		     run(db, "incremental", 1, rounds, ids, nids);
	}
	store_close(db);
	free(ids);
	return rc ? 1 : 0;
}
