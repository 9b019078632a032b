/*
 * server: libmicrohttpd in epoll thread-pool mode, glued to the router.
 *
 * A request's life (the numbers are the order of calls from MHD):
 *   0. URI callback: allocate the request and its arena; note the size of
 *      the request target, and cut a query we will refuse (see on_uri);
 *   1. first call: refuse an oversize target (414) or headers (431), match
 *      the route, refuse a declared body larger than the route allows (413);
 *   2. upload calls: append the body, up to the limit, then discard;
 *   3. last call: check session, role, CSRF, content type, UTF-8 and JSON,
 *      run the handler, queue the response with the security headers;
 *      a handler whose answer waits for another thread (api_then) leaves
 *      the connection suspended instead, holding no worker thread;
 *   3b. resumed call (after that thread's MHD_resume_connection): run the
 *      handler's second half, queue its response;
 *   4. completed callback: access log line, metrics, free the arena.
 * Queueing only on the last call keeps connections alive (an answer on
 * the first call makes MHD close the connection).
 */
#ifndef SKYWAY_HTTP_SERVER_H
#define SKYWAY_HTTP_SERVER_H

#include <stdio.h>

#include "http/proxy.h"
/*
 * Request size limits (docs/security.md, "Request size limits").  Every
 * refusal is a JSON error:
 *   HTTP_URL_MAX      the request target (path and query string, as
 *                     sent): 414 uri_too_long above it;
 *   HTTP_ARGS_MAX     query arguments: 414 uri_too_long above it;
 *   HTTP_HEADERS_MAX  all header lines together: 431 headers_too_large;
 *   route body limits (routes.c), 1 MiB by default: 413 too_large.
 * HTTP_POOL_SIZE is libmicrohttpd's memory per connection
 * (MHD_OPTION_CONNECTION_MEMORY_LIMIT): the request line, the headers and
 * one record per query argument, header and cookie must fit in it before
 * libmicrohttpd hands the request to us.  A request that does not fit is
 * answered by libmicrohttpd itself (414 or 431 with its own HTML body, or
 * the connection closed when even that does not fit): the JSON answers
 * cover everything up to that ceiling, measured in tests/security/.
 */
#define HTTP_URL_MAX     (8 * 1024)
#define HTTP_ARGS_MAX    256
#define HTTP_HEADERS_MAX (16 * 1024)
#define HTTP_POOL_SIZE   (64 * 1024)

struct server_config {
	const char *listen;  /* "HOST:PORT" */
	const char *web_dir; /* built web app, or NULL */
	int threads;
	int trust_proxy; /* honour X-Forwarded-For/-Proto/-Host ... */
	/* ... when the peer is one of these (http/proxy.h) */
	const struct proxy_list *trusted_proxies;
	FILE *access_log;
	/* GET /metrics: served to loopback clients that no proxy relayed, and
	 * to anyone sending "Authorization: Bearer <metrics_token>" when set. */
	const char *metrics_token;
	int max_connections; /* 0: the default (fewer if open files are short) */
	int header_timeout;  /* seconds for a request head to arrive; 0: none */
};

/* Serves until SIGTERM or SIGINT, then stops accepting, lets in-flight
 * requests finish and returns 0; returns 1 when it could not start. */
int server_run(const struct server_config *cfg);

#endif
