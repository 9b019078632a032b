/*
 * metrics: counters for GET /metrics in the Prometheus text format:
 * requests by route and status, a latency histogram, the database pool.
 * Lock-free (atomics), so recording costs a few nanoseconds per request.
 */
#ifndef SKYWAY_HTTP_METRICS_H
#define SKYWAY_HTTP_METRICS_H

#include <stdint.h>

#include "base/buf.h"

/* Route labels: index into routes[], or one of these. */
enum {
	METRIC_ROUTE_STATIC = -1,
	METRIC_ROUTE_OTHER = -2,
	METRIC_ROUTE_HEALTH = -3,
	METRIC_ROUTE_METRICS = -4,
	METRIC_ROUTE_OPENAPI = -5
};

void metrics_record(int route, int status, int64_t micros);
/* Appends the whole exposition to out. */
void metrics_render(struct buf *out);
/* The label for a route index, as shown in logs and metrics. */
const char *metrics_route_label(int route);

#endif
