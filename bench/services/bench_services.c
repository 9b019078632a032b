/*
 * bench_services: every open deadline recomputed when the calendar changes
 * (issue 13), at 100,000 open cases, against a baseline in the same run.
 *
 *   bench_services --db URL [--cases N] [--seed S]
 *
 * 1. Makes N open service cases with their histories (accepted in the last
 *    80 days, one in five paused, some of those resumed) on a fresh database.
 * 2. Ours: an officer replaces this year's notice with one more holiday
 *    (servcal_set_year: the change, every open clock recomputed from its
 *    events with prefix counts, written through one scratch table and one
 *    UPDATE, the audit row; one transaction).
 * 3. Baseline: the straightforward way, one case at a time (read its limits
 *    and events, compute, UPDATE the row), in one transaction.
 * 4. Checks that both wrote the same clocks, and times the engine alone
 *    (service_clock over every history, in memory).
 * Prints figures only; exits 1 when the two disagree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "base/workdays.h"
#include "domain/account.h"
#include "domain/dict.h"
#include "domain/servcal.h"
#include "domain/service.h"
#include "domain/service_clock.h"
#include "store/migrate.h"
#include "store/store.h"

#include <time.h>

static uint64_t rng = 88172645463325252ull;

/* CPU seconds of this process (the machine is shared: wall time alone
 * says little). */
static double cpu_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
static int pick(int n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (int)(rng % (uint64_t)n);
}

#define TXT(buf, v) (snprintf(buf, sizeof(buf), "%lld", (long long)(v)), buf)

static int die(struct store *db, const char *what)
{
	fprintf(stderr, "bench_services: %s: %s\n", what, db ? store_errmsg(db) : "");
	return 1;
}

/* A checksum of every open case's stored clock. */
static int64_t checksum(struct store *db)
{
	int64_t sum = 0;
	struct store_stmt *st = store_query(
	    db,
	    "SELECT id, COALESCE(deadline, ''), COALESCE(overdue_from, ''), used_days FROM"
	    " service_cases WHERE status IN ('accepted', 'paused') ORDER BY id",
	    "");
	while (st && store_step(st) == STORE_ROW) {
		char line[64];
		snprintf(line, sizeof(line), "%lld|%s|%s|%lld",
		         (long long)store_column_int64(st, 0), store_column_text(st, 1),
		         store_column_text(st, 2), (long long)store_column_int64(st, 3));
		for (const char *p = line; *p; p++)
			sum = sum * 131 + (unsigned char)*p;
	}
	store_finalize(st);
	return sum;
}

int main(int argc, char **argv)
{
	const char *url = NULL;
	long ncases = 100000;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--db") && i + 1 < argc)
			url = argv[++i];
		else if (!strcmp(argv[i], "--cases") && i + 1 < argc)
			ncases = atol(argv[++i]);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			rng = (uint64_t)atoll(argv[++i]) * 2654435761u + 1;
		else {
			fprintf(stderr, "usage: bench_services --db URL [--cases N] [--seed S]\n");
			return 2;
		}
	}
	if (!url || ncases < 1) {
		fprintf(stderr, "usage: bench_services --db URL [--cases N] [--seed S]\n");
		return 2;
	}
	char err[512] = "";
	struct store *db;
	if (store_open(url, &db, err, sizeof(err)) || migrate_run(db, err, sizeof(err)) < 0 ||
	    dict_sync(db, err, sizeof(err)) < 0 || servcal_seed(db, err, sizeof(err)) < 0) {
		fprintf(stderr, "bench_services: %s\n", err);
		return 1;
	}
	if (store_kind(db) == STORE_SQLITE)
		store_exec(db, "PRAGMA cache_size = -262144");
	int64_t now = now_seconds(), officer, dep, item, org;
	int32_t today = wd_china_day(now);
	struct workcal *cal = servcal_load(db, err, sizeof(err));

	/* ---- 1. the fixture ---- */
	int64_t t0 = now_micros();
	if (store_begin(db) ||
	    account_insert(db, "bench_officer", NULL, "officer", "基准", 0, NULL, 1, &officer) ||
	    org_insert(db, "enterprise", "基准企业", NULL, NULL, "active", NULL, 1, &org) ||
	    store_int64(db, &dep,
	                "INSERT INTO service_departments (name, created_at) VALUES ('基准科', ?)"
	                " RETURNING id",
	                "i", now) != STORE_ROW ||
	    store_int64(
	        db, &item,
	        "INSERT INTO service_items (code, name, department_id, statutory_days,"
	        " committed_days, created_at, updated_at) VALUES ('BENCH', '基准事项', ?, 60,"
	        " 20, ?, ?) RETURNING id",
	        "iii", dep, now, now) != STORE_ROW)
		return die(db, "fixture");
	struct store_bulk *cases = store_bulk_new(db,
	                                          "INSERT INTO service_cases (id, item_id, org_id,"
	                                          " title, status, statutory_days, committed_days,"
	                                          " received_on, created_at, updated_at)",
	                                          10);
	struct store_bulk *events = store_bulk_new(
	    db, "INSERT INTO service_case_events (id, case_id, kind, on_day, at, detail)", 6);
	store_bulk_parent(events, cases);
	struct clock_event *hist = malloc((size_t)ncases * 4 * sizeof(*hist));
	int *nhist = calloc((size_t)ncases, sizeof(int));
	int64_t event_id = 1;
	for (long k = 0; k < ncases; k++) {
		char id[24], item_s[24], org_s[24], day[11], ts[24], eid[24], at[24];
		int32_t accepted = today - pick(80);
		while (!workcal_is_workday(cal, accepted, NULL))
			accepted--;
		struct clock_event *h = &hist[k * 4];
		int n = 0;
		h[n++] = (struct clock_event){CLK_RECEIVED, accepted};
		h[n++] = (struct clock_event){CLK_ACCEPTED, accepted};
		int paused = pick(5) == 0;
		if (paused) {
			int32_t p = accepted + 1 + pick(20);
			if (p > today)
				p = today;
			h[n++] = (struct clock_event){CLK_PAUSED, p};
			int32_t r = p + 3 + pick(20);
			if (r <= today)
				h[n++] = (struct clock_event){CLK_RESUMED, r};
		}
		nhist[k] = n;
		const char *status = h[n - 1].kind == CLK_PAUSED ? "paused" : "accepted";
		wd_format(accepted, day);
		const char *crow[] = {TXT(id, k + 1),
		                      TXT(item_s, item),
		                      TXT(org_s, org),
		                      "基准办件",
		                      status,
		                      "60",
		                      "20",
		                      day,
		                      TXT(ts, now),
		                      ts};
		store_bulk_add(cases, crow);
		static const char *const kinds[] = {"submitted", "",       "accepted",
		                                    "",          "paused", "resumed"};
		for (int i = 0; i < n; i++) {
			wd_format(h[i].day, day);
			const char *kind = h[i].kind == CLK_RECEIVED   ? kinds[0]
			                   : h[i].kind == CLK_ACCEPTED ? kinds[2]
			                   : h[i].kind == CLK_PAUSED   ? kinds[4]
			                                               : kinds[5];
			const char *erow[] = {TXT(eid, event_id++), id,  kind, day,
			                      TXT(at, now),         "{}"};
			store_bulk_add(events, erow);
		}
	}
	if (store_bulk_finish(events) || store_bulk_finish(cases) ||
	    store_sync_ids(db, "service_cases") || store_sync_ids(db, "service_case_events") ||
	    store_commit(db))
		return die(db, "cases");
	printf("fixture: %ld open cases with %lld events written in %.2f s\n", ncases,
	       (long long)(event_id - 1), (double)(now_micros() - t0) / 1e6);

	/* ---- 2. ours: the calendar changes ---- */
	int year = wd_year(today);
	int32_t next = workcal_add(cal, today, 1, NULL);
	json_t *have = NULL;
	struct derr e = {0};
	struct wd_row *rows = calloc(200, sizeof(*rows));
	size_t nrows = 0;
	if (!servcal_year(db, year, &have, &e)) {
		size_t i;
		json_t *d;
		json_array_foreach(json_object_get(have, "days"), i, d)
		{
			wd_parse(json_string_value(json_object_get(d, "date")), &rows[nrows].day);
			rows[nrows].kind = json_string_value(json_object_get(d, "kind"))[0] == 'o'
			                       ? WD_OFF
			                       : WD_WORK;
			snprintf(rows[nrows].name, sizeof(rows[nrows].name), "%s",
			         json_string_value(json_object_get(d, "name")));
			nrows++;
		}
		json_decref(have);
	}
	memset(&e, 0, sizeof(e));
	if (wd_year(next) == year) {
		rows[nrows].day = next;
		rows[nrows].kind = WD_OFF;
		snprintf(rows[nrows].name, sizeof(rows[nrows].name), "基准假日");
		nrows++;
	}
	struct actor a = {.id = officer, .role = ROLE_OFFICER};
	snprintf(a.login, sizeof(a.login), "bench_officer");
	json_t *out = NULL;
	t0 = now_micros();
	double c0 = cpu_seconds();
	if (servcal_set_year(db, &a, year, "基准", rows, nrows, &out, &e)) {
		fprintf(stderr, "bench_services: set year: %s %s\n", e.message, e.detail);
		return 1;
	}
	double ours = (double)(now_micros() - t0) / 1e6, ours_cpu = cpu_seconds() - c0;
	int64_t sum_ours = checksum(db);
	printf("ours:     the calendar change with %lld open clocks recomputed (prefix counts,"
	       " one UPDATE) in %.2f s (%.2f s of CPU here)\n",
	       (long long)json_integer_value(
	           json_object_get(json_object_get(out, "recomputed"), "cases")),
	       ours, ours_cpu);
	json_decref(out);

	/* ---- 3. the baseline: one case at a time ---- */
	workcal_free(cal);
	cal = servcal_load(db, err, sizeof(err));
	if (store_run(
	        db, "UPDATE service_cases SET deadline = NULL, overdue_from = NULL, used_days = 0",
	        ""))
		return die(db, "reset");
	t0 = now_micros();
	c0 = cpu_seconds();
	if (store_begin(db))
		return die(db, "begin");
	for (long k = 0; k < ncases; k++)
		if (service_case_clock_store(db, cal, k + 1, today, &e))
			return die(db, "baseline");
	if (store_commit(db))
		return die(db, "commit");
	double base = (double)(now_micros() - t0) / 1e6, base_cpu = cpu_seconds() - c0;
	int64_t sum_base = checksum(db);
	printf("baseline: the same clocks one case at a time (read, compute, UPDATE) in %.2f s"
	       " (%.2f s of CPU here; %.1fx ours by wall clock)\n",
	       base, base_cpu, base / ours);

	/* ---- 4. the engine alone ---- */
	t0 = now_micros();
	int64_t sink = 0;
	for (long k = 0; k < ncases; k++) {
		struct clock_input in = {20, 60, &hist[k * 4], (size_t)nhist[k], today};
		struct clock_result r;
		service_clock(cal, &in, &r);
		sink += r.deadline + r.used;
	}
	printf("engine:   %ld clocks computed in memory in %.1f ms (checksum %lld)\n", ncases,
	       (double)(now_micros() - t0) / 1e3, (long long)(sink % 1000));
	int same = sum_ours == sum_base;
	printf("results:  %s\n", same ? "identical" : "DIFFERENT");
	free(hist);
	free(nhist);
	free(rows);
	workcal_free(cal);
	store_close(db);
	return same ? 0 : 1;
}
