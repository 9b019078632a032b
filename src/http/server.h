/*
 * server: libmicrohttpd in epoll thread-pool mode, glued to the router.
 *
 * A request's life (the numbers are the order of calls from MHD):
 *   1. first call: allocate the request and its arena, match the route,
 *      refuse a declared body larger than the route allows (413);
 *   2. upload calls: append the body, up to the limit, then discard;
 *   3. last call: check session, role, CSRF, content type, UTF-8 and JSON,
 *      run the handler, queue the response with the security headers;
 *   4. completed callback: access log line, metrics, free the arena.
 * Queueing only on the last call keeps connections alive (an answer on
 * the first call makes MHD close the connection).
 */
#ifndef SKYWAY_HTTP_SERVER_H
#define SKYWAY_HTTP_SERVER_H

#include <stdio.h>

#include "http/proxy.h"

struct server_config {
	const char *listen;  /* "HOST:PORT" */
	const char *web_dir; /* built web app, or NULL */
	int threads;
	int trust_proxy; /* honour X-Forwarded-For/-Proto/-Host ... */
	/* ... when the peer is one of these (http/proxy.h) */
	const struct proxy_list *trusted_proxies;
	FILE *access_log;
	int max_connections; /* 0: the default (fewer if open files are short) */
	int header_timeout;  /* seconds for a request head to arrive; 0: none */
};

/* Serves until SIGTERM or SIGINT, then stops accepting, lets in-flight
 * requests finish and returns 0; returns 1 when it could not start. */
int server_run(const struct server_config *cfg);

#endif
