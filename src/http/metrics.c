#include "http/conn_guard.h"
#include "http/metrics.h"

#include <stdatomic.h>

#include "base/hub.h"
#include "domain/gate.h"
#include "http/router.h"
#include "store/store.h"

#define MAX_ROUTES 256
#define NSPECIAL   5
static const int statuses[] = {200, 201, 204, 304, 400, 401, 403, 404,
                               405, 409, 413, 415, 422, 429, 500, 503};
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]) + 1) /* + other */
static const double buckets[] = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
#define NBUCKET (sizeof(buckets) / sizeof(buckets[0]))

static atomic_ullong counts[MAX_ROUTES + NSPECIAL][NSTATUS];
static atomic_ullong hist[NBUCKET + 1];
static atomic_ullong hist_sum_us, hist_count;

static int route_slot(int route)
{
	if (route >= 0 && route < MAX_ROUTES)
		return route + NSPECIAL;
	if (route < 0 && route >= -NSPECIAL)
		return -route - 1;
	return 1; /* other */
}

const char *metrics_route_label(int route)
{
	static const char *const special[] = {"static", "other", "/healthz", "/metrics",
	                                      "/api/v1/openapi.json"};
	if (route >= 0 && (size_t)route < routes_count)
		return routes[route].pattern;
	if (route < 0 && route >= -NSPECIAL)
		return special[-route - 1];
	return "other";
}

void metrics_record(int route, int status, int64_t micros)
{
	size_t s = NSTATUS - 1;
	for (size_t i = 0; i < NSTATUS - 1; i++)
		if (statuses[i] == status)
			s = i;
	atomic_fetch_add_explicit(&counts[route_slot(route)][s], 1, memory_order_relaxed);
	double secs = (double)micros / 1e6;
	size_t b = 0;
	while (b < NBUCKET && secs > buckets[b])
		b++;
	atomic_fetch_add_explicit(&hist[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&hist_sum_us, (unsigned long long)micros, memory_order_relaxed);
	atomic_fetch_add_explicit(&hist_count, 1, memory_order_relaxed);
}

static void render_counts(struct buf *out, int route)
{
	int slot = route_slot(route);
	for (size_t s = 0; s < NSTATUS; s++) {
		unsigned long long n = atomic_load(&counts[slot][s]);
		if (!n)
			continue;
		buf_addf(out, "skyway_http_requests_total{route=\"%s\",method=\"%s\",status=\"",
		         metrics_route_label(route), route >= 0 ? routes[route].method : "ANY");
		if (s < NSTATUS - 1)
			buf_addf(out, "%d", statuses[s]);
		else
			buf_adds(out, "other");
		buf_addf(out, "\"} %llu\n", n);
	}
}

void metrics_render(struct buf *out)
{
	buf_adds(out, "# HELP skyway_http_requests_total HTTP requests by route and status.\n"
	              "# TYPE skyway_http_requests_total counter\n");
	for (int r = -NSPECIAL; r < (int)routes_count; r++)
		render_counts(out, r);
	buf_adds(out, "# HELP skyway_http_request_duration_seconds Time to answer a request.\n"
	              "# TYPE skyway_http_request_duration_seconds histogram\n");
	unsigned long long cum = 0;
	for (size_t b = 0; b < NBUCKET; b++) {
		cum += atomic_load(&hist[b]);
		buf_addf(out, "skyway_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
		         buckets[b], cum);
	}
	cum += atomic_load(&hist[NBUCKET]);
	buf_addf(out, "skyway_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n", cum);
	buf_addf(out, "skyway_http_request_duration_seconds_sum %.6f\n",
	         (double)atomic_load(&hist_sum_us) / 1e6);
	buf_addf(out, "skyway_http_request_duration_seconds_count %llu\n",
	         atomic_load(&hist_count));
	buf_addf(out,
	         "# HELP skyway_db_pool_connections Open database connections.\n"
	         "# TYPE skyway_db_pool_connections gauge\n"
	         "skyway_db_pool_connections %d\n",
	         store_pool_size());
	buf_addf(out,
	         "# HELP skyway_live_streams Open live event streams (Server-Sent Events).\n"
	         "# TYPE skyway_live_streams gauge\n"
	         "skyway_live_streams %zu\n",
	         hub_count());
	buf_addf(out,
	         "# HELP skyway_gate_waiting Scans at a fair's gate waiting for their group"
	         " commit (their requests suspended).\n"
	         "# TYPE skyway_gate_waiting gauge\n"
	         "skyway_gate_waiting %u\n",
	         gate_waiting());
	buf_addf(out,
	         "# HELP skyway_connections_reaped_total Connections closed for not sending a"
	         " request head in time (slow clients).\n"
	         "# TYPE skyway_connections_reaped_total counter\n"
	         "skyway_connections_reaped_total %lu\n",
	         conn_guard_reaped());
}
