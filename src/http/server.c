#include "http/server.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/hub.h"
#include "base/json_write.h"
#include "base/utf8.h"
#include "base/util.h"
#include "domain/api_token.h"
#include "domain/audit.h"
#include "domain/gate.h"
#include "domain/session.h"
#include "domain/throttle.h"
#include "http/conn_guard.h"
#include "http/encoding.h"
#include "http/metrics.h"
#include "http/openapi.h"
#include "http/proxy.h"
#include "http/route_docs.h"
#include "http/router.h"
#include "http/static_files.h"

#define CSP                                                                                        \
	"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"                 \
	" img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self';"                  \
	" object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

struct request {
	struct arena arena;
	struct buf body;
	int too_large;
	const struct route *route;
	int route_index;
	const char *param;
	int wrong_method;
	int64_t start_us;
	int status;
	int64_t user_id;
	const char *method;
	int fault_fired; /* fault injection: the armed fault fired */
	char address[64];
	int proxied;       /* the peer is a trusted proxy (--trust-proxy, --trusted-proxies) */
	size_t url_len;    /* the request target as sent, query included */
	int query_dropped; /* on_uri cut an oversize query: answer 414 */
	int started;       /* on_request() ran its first call */
	int peer_loopback; /* the TCP peer (not any header) is this host */
	int cacheable;     /* the route's answer is public: ETag, revalidated */
	struct MHD_Connection *conn;
	struct api_ctx *waiting; /* a handler's second half, run once resumed (api_then) */
};

static const struct server_config *config;
static atomic_int in_flight;

/* ---- responses ---- */

static void security_headers(struct MHD_Response *r)
{
	MHD_add_response_header(r, "Content-Security-Policy", CSP);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
}

static enum MHD_Result queue(struct MHD_Connection *conn, struct request *rq, int status,
                             struct MHD_Response *r)
{
	security_headers(r);
	if (rq->fault_fired)
		MHD_add_response_header(r, "X-Skyway-Fault-Fired", "1");
	rq->status = status;
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)status, r);
	MHD_destroy_response(r);
	return ret;
}

static const char *header(struct MHD_Connection *conn, const char *name);

/* Sends body (taken) as JSON: gzip-compressed when the client accepts it
 * and it is worth it.  A cacheable route's 200 carries a strong ETag and
 * is revalidated (304 when If-None-Match lists it); every other answer
 * may hold personal data and is never stored. */
static enum MHD_Result send_json_text(struct MHD_Connection *conn, struct request *rq, int status,
                                      char *text, size_t len, const char *cookie,
                                      const char *cookie2);

static enum MHD_Result send_json(struct MHD_Connection *conn, struct request *rq, int status,
                                 json_t *body, const char *cookie, const char *cookie2)
{
	char *text = json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(12));
	json_decref(body);
	if (!text)
		text = strdup("{\"error\":{\"code\":\"internal\",\"message\":\"out of memory\"}}");
	return send_json_text(conn, rq, status, text, strlen(text), cookie, cookie2);
}

/* send_json's text (malloc'd, taken): a handler's api_reply_text. */
static enum MHD_Result send_json_text(struct MHD_Connection *conn, struct request *rq, int status,
                                      char *text, size_t len, const char *cookie,
                                      const char *cookie2)
{
	size_t zlen = 0;
	char *zipped =
	    len >= ENCODING_GZIP_MIN && encoding_accepts_gzip(header(conn, "Accept-Encoding"))
	        ? encoding_gzip(text, len, &zlen)
	        : NULL;
	int cacheable = rq->cacheable && status == 200 && !cookie && !cookie2;
	char etag[ENCODING_ETAG_SIZE];
	if (cacheable)
		encoding_etag(text, len, zipped != NULL, etag);
	struct MHD_Response *r;
	if (cacheable && encoding_etag_matches(header(conn, "If-None-Match"), etag)) {
		free(text);
		free(zipped);
		r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
		status = 304;
	} else if (zipped) {
		free(text);
		r = MHD_create_response_from_buffer(zlen, zipped, MHD_RESPMEM_MUST_FREE);
		MHD_add_response_header(r, "Content-Encoding", "gzip");
	} else {
		r = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
	}
	MHD_add_response_header(r, "Content-Type", "application/json; charset=utf-8");
	MHD_add_response_header(r, "Vary", "Accept-Encoding");
	if (cacheable) {
		MHD_add_response_header(r, "ETag", etag);
		MHD_add_response_header(r, "Cache-Control", "public, no-cache");
	} else {
		MHD_add_response_header(r, "Cache-Control", "no-store");
	}
	if (cookie)
		MHD_add_response_header(r, "Set-Cookie", cookie);
	if (cookie2)
		MHD_add_response_header(r, "Set-Cookie", cookie2);
	return queue(conn, rq, status, r);
}

/* An error body as a response not yet queued (for extra headers). */
static struct MHD_Response *json_error_response(const char *code, const char *message)
{
	json_t *body = json_pack("{s:{s:s, s:s}}", "error", "code", code, "message", message);
	char *text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	struct MHD_Response *r = MHD_create_response_from_buffer(
	    text ? strlen(text) : 0, text, text ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(r, "Content-Type", "application/json; charset=utf-8");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	return r;
}

static enum MHD_Result send_405(struct MHD_Connection *conn, struct request *rq, const char *url);
static enum MHD_Result send_stream(struct MHD_Connection *conn, struct request *rq,
                                   struct hub_sub *sub);

static enum MHD_Result send_error(struct MHD_Connection *conn, struct request *rq, int status,
                                  const char *code, const char *message)
{
	return send_json(conn, rq, status,
	                 json_pack("{s:{s:s, s:s}}", "error", "code", code, "message", message),
	                 NULL, NULL);
}

/* ---- request facts ---- */

static const char *header(struct MHD_Connection *conn, const char *name)
{
	return MHD_lookup_connection_value(conn, MHD_HEADER_KIND, name);
}

/* Joins every X-Forwarded-For header (a proxy may add its own line rather
 * than extend the first one) with commas, in order. */
static enum MHD_Result gather_forwarded(void *cls, enum MHD_ValueKind kind, const char *key,
                                        const char *value)
{
	struct buf *b = cls;
	if (key && value && !strcasecmp(key, "X-Forwarded-For")) {
		if (b->len)
			buf_addch(b, ',');
		buf_adds(b, value);
	}
	return MHD_YES;
}

/* The connection's own address (the peer) as text. */
static void peer_address(struct MHD_Connection *conn, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, n, "unknown");
	if (!ci || !ci->client_addr)
		return;
	if (ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, out,
		          (socklen_t)n);
	else if (ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr, out,
		          (socklen_t)n);
}

/* 1 when the TCP peer itself is a loopback address (127.0.0.0/8, ::1 or
 * ::ffff:127.x): what the socket says, never a header. */
static int peer_is_loopback(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (!ci || !ci->client_addr)
		return 0;
	if (ci->client_addr->sa_family == AF_INET) {
		const struct sockaddr_in *a = (const struct sockaddr_in *)ci->client_addr;
		return (ntohl(a->sin_addr.s_addr) >> 24) == 127;
	}
	if (ci->client_addr->sa_family == AF_INET6) {
		const struct in6_addr *a =
		    &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr;
		return IN6_IS_ADDR_LOOPBACK(a) ||
		       (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
	}
	return 0;
}

/* The client's address (http/proxy.h has the rules): with --trust-proxy and
 * a peer among the trusted proxies, the rightmost X-Forwarded-For entry
 * that is not a proxy of ours; else the peer.  Sets rq->proxied when the
 * peer is a trusted proxy, whose X-Forwarded-Proto/-Host are then believed. */
static void client_address(struct MHD_Connection *conn, struct request *rq)
{
	char peer[64];
	peer_address(conn, peer, sizeof(peer));
	rq->proxied = config->trust_proxy && config->trusted_proxies &&
	              proxy_trusted(config->trusted_proxies, peer);
	if (!rq->proxied) {
		snprintf(rq->address, sizeof(rq->address), "%s", peer);
		return;
	}
	struct buf fwd = BUF_INIT;
	MHD_get_connection_values(conn, MHD_HEADER_KIND, gather_forwarded, &fwd);
	proxy_client_address(config->trusted_proxies, peer, buf_failed(&fwd) ? NULL : fwd.data,
	                     rq->address, sizeof(rq->address));
	buf_release(&fwd);
}

static int request_secure(struct MHD_Connection *conn, const struct request *rq)
{
	const char *proto = rq->proxied ? header(conn, "X-Forwarded-Proto") : NULL;
	return proto && !strcasecmp(proto, "https");
}

/* The host:port the site is served as, for the Origin check. */
static const char *site_host(struct MHD_Connection *conn, const struct request *rq)
{
	const char *h = rq->proxied ? header(conn, "X-Forwarded-Host") : NULL;
	return h && *h ? h : header(conn, "Host");
}

/* Returns 1 when url ("scheme://host[:port][/...]") names host. */
static int same_origin(const char *url, const char *host)
{
	const char *p = strstr(url, "://");
	if (!p || !host)
		return 0;
	p += 3;
	size_t n = strcspn(p, "/?#");
	return strlen(host) == n && !strncasecmp(p, host, n);
}

/* A write's Origin (or else Referer), when sent, must be our own. */
static int origin_ok(struct MHD_Connection *conn, const struct request *rq)
{
	const char *origin = header(conn, "Origin");
	if (origin)
		return same_origin(origin, site_host(conn, rq));
	const char *referer = header(conn, "Referer");
	if (referer)
		return same_origin(referer, site_host(conn, rq));
	return 1;
}

static const char *session_cookie(struct MHD_Connection *conn)
{
	return MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, "skyway_session");
}

/* The token of an "Authorization: Bearer …" header, or NULL. */
static const char *bearer_token(struct MHD_Connection *conn)
{
	const char *v = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
	if (!v || strncasecmp(v, "Bearer ", 7))
		return NULL;
	return v + 7 + strspn(v + 7, " ");
}

/* A query value; one with an encoded NUL (%00) would be cut short
 * silently, so it comes back as "\x01", which api_query() refuses as a
 * control character. */
static const char *query_value(void *http, const char *key)
{
	const char *v = NULL;
	size_t len = 0;
	if (MHD_lookup_connection_value_n((struct MHD_Connection *)http, MHD_GET_ARGUMENT_KIND, key,
	                                  strlen(key), &v, &len) != MHD_YES ||
	    !v)
		return NULL;
	return strlen(v) == len ? v : "\x01";
}

static int content_type_is(struct MHD_Connection *conn, const char *want)
{
	const char *ct = header(conn, "Content-Type");
	size_t n = strlen(want);
	return ct && !strncasecmp(ct, want, n) && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* A spreadsheet upload: what browsers send for .xlsx and .csv files. */
static int file_type_ok(struct MHD_Connection *conn)
{
	static const char *const types[] = {
	    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	    "text/csv",
	    "application/vnd.ms-excel",
	    "application/octet-stream",
	    "text/plain",
	};
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (content_type_is(conn, types[i]))
			return 1;
	return 0;
}

/* 1 when the body's Content-Type is one of types (NULL-terminated). */
static int content_type_in(struct MHD_Connection *conn, const char *const *types)
{
	for (; *types; types++)
		if (content_type_is(conn, *types))
			return 1;
	return 0;
}

/* What browsers send for a photo (ROUTE_MEDIA) and for a document upload
 * (ROUTE_UPLOAD: PDF or an image); the domain checks what the bytes are. */
static const char *const media_types[] = {"image/jpeg", "image/png", "image/webp", NULL};
static const char *const upload_types[] = {"application/pdf", "image/jpeg", "image/png",
                                           "application/octet-stream", NULL};

/* ---- API dispatch ---- */

static enum MHD_Result deny(struct MHD_Connection *conn, struct request *rq, struct store *db,
                            const struct actor *a, const char *code, const char *message)
{
	if (a->id)
		audit_record(db, a, NULL, "http.denied", "route", 0, rq->address, "denied",
		             rq->route->pattern);
	return send_error(conn, rq, 403, code, message);
}

/* A request whose answer waits for another thread (api_then: a check-in
 * waiting for its group commit) is suspended, so it holds no worker
 * thread, and resumed by that thread; MHD then calls on_request again,
 * which answers with the handler's second half (answer_resumed). */
static void request_park(void *arg)
{
	MHD_suspend_connection(((struct request *)arg)->conn);
}

static void request_wake(void *arg)
{
	MHD_resume_connection(((struct request *)arg)->conn);
}

static enum MHD_Result answer(struct MHD_Connection *conn, struct request *rq, struct api_ctx *c,
                              const char *method);

/* Each route's row of route_docs (the same index as routes[]), for the
 * query parameters it takes: filled by server_run. */
static const struct route_doc **route_doc_of;

struct query_check {
	const struct route_doc *doc;
	const char *unknown; /* the first parameter the route does not take */
};

static enum MHD_Result find_unknown_query(void *cls, enum MHD_ValueKind kind, const char *key,
                                          const char *value)
{
	(void)kind;
	(void)value;
	struct query_check *q = cls;
	/* "?&a=1" or a trailing "&": nothing was named */
	if (!key || !*key || route_doc_takes_query(q->doc, key))
		return MHD_YES;
	q->unknown = key;
	return MHD_NO;
}

static enum MHD_Result dispatch_api(struct MHD_Connection *conn, struct request *rq,
                                    const char *method)
{
	const struct route *rt = rq->route;
	if (rq->too_large)
		return send_error(conn, rq, 413, "too_large", "请求内容过大");
	int has_body = rq->body.len > 0;
	int pdf_route = rt->content_type && !strcmp(rt->content_type, ROUTE_PDF);
	int media_route = rt->content_type && !strcmp(rt->content_type, ROUTE_MEDIA);
	int upload_route = rt->content_type && !strcmp(rt->content_type, ROUTE_UPLOAD);
	int file_route = pdf_route || media_route || upload_route ||
	                 (rt->content_type && !strcmp(rt->content_type, ROUTE_FILE));
	if (has_body && pdf_route && !content_type_is(conn, "application/pdf"))
		return send_error(conn, rq, 415, "unsupported_media_type", "请上传 PDF 文件");
	if (has_body && media_route && !content_type_in(conn, media_types))
		return send_error(conn, rq, 415, "unsupported_media_type",
		                  "请上传 JPEG、PNG 或 WebP 图片");
	if (has_body && upload_route && !content_type_in(conn, upload_types))
		return send_error(conn, rq, 415, "unsupported_media_type",
		                  "请上传 PDF、JPG 或 PNG 文件");
	if (has_body && file_route && !pdf_route && !media_route && !upload_route &&
	    !file_type_ok(conn))
		return send_error(conn, rq, 415, "unsupported_media_type",
		                  "请上传 .xlsx 或 .csv 文件");
	if (has_body && !file_route &&
	    (!rt->content_type || !content_type_is(conn, rt->content_type)))
		return send_error(conn, rq, 415, "unsupported_media_type",
		                  "请求内容类型应为 application/json");

	struct store *db = store_thread();
	if (!db)
		return send_error(conn, rq, 503, "unavailable", "数据库暂不可用");

	struct api_ctx c = {.arena = &rq->arena,
	                    .db = db,
	                    .address = rq->address,
	                    .device_token = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND,
	                                                                THROTTLE_DEVICE_COOKIE),
	                    .query_fn = query_value,
	                    .http = conn,
	                    .raw_fd = -1,
	                    .secure = request_secure(conn, rq),
	                    .path_param = rq->param,
	                    .park = request_park,
	                    .wake = request_wake,
	                    .wait_arg = rq};
	const char *token = session_cookie(conn);
	if (token && session_lookup(db, token, &c.actor) < 0)
		return send_error(conn, rq, 503, "unavailable", "数据库暂不可用");
	/* An organisation's own system: "Authorization: Bearer sky_…" (domain/api_token.h).
	 * A token that is not live is refused outright rather than taken as anonymous. */
	const char *bearer = c.actor.id ? NULL : bearer_token(conn);
	if (bearer) {
		int found = api_token_lookup(db, bearer, &c.actor);
		if (found < 0)
			return send_error(conn, rq, 503, "unavailable", "数据库暂不可用");
		if (!found)
			return send_error(conn, rq, 401, "invalid_token",
			                  "API 令牌无效、已过期或已吊销");
	}
	c.actor.address = rq->address; /* session_lookup clears the struct */
	rq->user_id = c.actor.id;

	if (rt->roles != ROUTE_PUBLIC) {
		if (!c.actor.id)
			return send_error(conn, rq, 401, "unauthenticated", "请先登录");
		/* An operator or officer without a second factor: enrolment,
		 * /me and logout only (checked before the role, so that every
		 * other route says what to do). */
		if (c.actor.mfa_missing && !(rt->flags & ROUTE_MFA_SETUP))
			return deny(conn, rq, db, &c.actor, "mfa_enrolment_required",
			            "请先绑定身份验证器，开启两步验证后再使用平台");
		if (!(rt->roles & c.actor.role))
			return deny(conn, rq, db, &c.actor, "forbidden", "没有权限执行此操作");
	}
	/* A token reaches its scopes only, public routes included (no login or
	 * registration in an organisation's name). */
	if (c.actor.api_token && !api_token_allows(c.actor.api_scopes, rt->tag,
	                                           strcmp(method, "GET") && strcmp(method, "HEAD")))
		return deny(conn, rq, db, &c.actor, "insufficient_scope",
		            "此 API 令牌没有这项操作的权限");
	if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
		if (!origin_ok(conn, rq))
			return deny(conn, rq, db, &c.actor, "csrf", "请求来源不被允许");
		/* A token request carries no cookie a browser could send on its own. */
		if (c.actor.id && !c.actor.api_token) {
			const char *sent = header(conn, "X-CSRF-Token");
			if (!sent || !str_equal_ct(sent, c.actor.csrf))
				return deny(conn, rq, db, &c.actor, "csrf",
				            "缺少或错误的 CSRF 令牌，请刷新页面后重试");
		}
	}
	/* A query parameter the route does not take is refused, as a body
	 * field is (api_only_fields): a misspelt filter would otherwise be
	 * ignored and its answer taken for the filtered one. */
	struct query_check qc = {.doc = route_doc_of ? route_doc_of[rq->route_index] : NULL};
	if (qc.doc) {
		MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, find_unknown_query, &qc);
		if (qc.unknown) {
			/* Named in the answer: 64 bytes at most, and UTF-8 (a
			 * character cut at the end is dropped). */
			char name[65];
			snprintf(name, sizeof(name), "%s", qc.unknown);
			size_t n = strlen(name);
			while (n && !utf8_valid(name, n))
				name[--n] = '\0';
			api_fail(&c, 400, "unknown_parameter", arena_strdup(c.arena, name),
			         arena_printf(c.arena, "不支持的查询参数：%s", name));
			return answer(conn, rq, &c, method);
		}
	}
	if (file_route) {
		c.upload = rq->body.data;
		c.upload_len = rq->body.len;
	} else if (rt->content_type && strcmp(method, "GET")) {
		if (!utf8_valid(rq->body.data, rq->body.len))
			return send_error(conn, rq, 400, "bad_utf8",
			                  "请求内容不是有效的 UTF-8 文本");
		json_error_t jerr;
		c.body = has_body ? json_loadb(rq->body.data, rq->body.len, JSON_REJECT_DUPLICATES,
		                               &jerr)
		                  : json_object();
		if (!json_is_object(c.body)) {
			json_decref(c.body);
			return send_error(conn, rq, 400, "bad_json",
			                  "请求内容不是有效的 JSON 对象");
		}
	}

	/* Tests started with SKYWAY_TEST_FAULTS=1 make the Nth database
	 * operation of this request fail (store_fault.c). */
	const char *fault = store_faults_enabled() ? header(conn, "X-Skyway-Fault") : NULL;
	if (fault)
		store_fault_arm(db, atoi(fault));
	rq->cacheable = (rt->flags & ROUTE_CACHEABLE) != 0;
	rt->handler(&c);
	if (fault)
		rq->fault_fired = store_fault_disarm(db);
	json_decref(c.body);
	c.body = NULL;
	if (c.then) { /* suspended: answered when resumed */
		rq->waiting = arena_alloc(&rq->arena, sizeof(c));
		*rq->waiting = c;
		return MHD_YES;
	}
	return answer(conn, rq, &c, method);
}

/* The resumed call of a request whose handler left its answer to c->then,
 * on this thread's database connection. */
static enum MHD_Result answer_resumed(struct MHD_Connection *conn, struct request *rq,
                                      const char *method)
{
	struct api_ctx *c = rq->waiting;
	rq->waiting = NULL;
	if (!(c->db = store_thread()))
		return send_error(conn, rq, 503, "unavailable", "数据库暂不可用");
	void (*then)(struct api_ctx *, void *) = c->then;
	c->then = NULL;
	then(c, c->then_arg);
	if (c->then) { /* waits again */
		rq->waiting = c;
		return MHD_YES;
	}
	return answer(conn, rq, c, method);
}

/* Sends what handler c answered (its body released already). */
static enum MHD_Result answer(struct MHD_Connection *conn, struct request *rq, struct api_ctx *c,
                              const char *method)
{
	const struct route *rt = rq->route;
	if (store_in_tx(c->db)) { /* a handler that forgot is a bug; never leave it open */
		log_error("%s %s left a transaction open", method, rt->pattern);
		store_rollback(c->db);
	}
	if (c->stream) {
		json_decref(c->out);
		return send_stream(conn, rq, c->stream);
	}
	if (c->json_text) {
		json_decref(c->out);
		return send_json_text(conn, rq, c->status ? c->status : 200, c->json_text,
		                      c->json_len, c->set_cookie, c->device_cookie);
	}
	if (c->raw && c->raw_type) {
		struct MHD_Response *r =
		    MHD_create_response_from_buffer(c->raw_len, c->raw, MHD_RESPMEM_MUST_COPY);
		MHD_add_response_header(r, "Content-Type", c->raw_type);
		MHD_add_response_header(r, "Cache-Control", "private, max-age=300");
		json_decref(c->out);
		return queue(conn, rq, c->status ? c->status : 200, r);
	}
	if (c->raw_fd >= 0) {
		struct MHD_Response *r = MHD_create_response_from_fd(c->raw_len, c->raw_fd);
		MHD_add_response_header(r, "Content-Type", c->raw_type);
		MHD_add_response_header(r, "Cache-Control", "no-store");
		if (c->raw_filename) {
			char disp[256];
			snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"",
			         c->raw_filename);
			MHD_add_response_header(r, "Content-Disposition", disp);
		}
		json_decref(c->out);
		return queue(conn, rq, c->status ? c->status : 200, r);
	}
	if (!c->out) {
		log_error("%s %s answered nothing", method, rt->pattern);
		return send_error(conn, rq, 500, "internal", "服务器内部错误");
	}
	return send_json(conn, rq, c->status ? c->status : 200, c->out, c->set_cookie,
	                 c->device_cookie);
}

/* ---- live event streams (Server-Sent Events) ----
 *
 * The handler subscribed to the hub (c.stream).  MHD pulls bytes through
 * stream_read; when none are pending the hub parks us, which suspends the
 * connection (it then costs no thread and no polling), and a publish
 * resumes it.  Disconnects are noticed at the next heartbeat. */
struct stream {
	struct hub_sub *sub;
	struct MHD_Connection *conn;
};

static void stream_park(void *arg)
{
	MHD_suspend_connection(((struct stream *)arg)->conn);
}

static void stream_wake(void *arg)
{
	MHD_resume_connection(((struct stream *)arg)->conn);
}

static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
	(void)pos;
	struct stream *st = cls;
	long n = hub_read(st->sub, out, max, stream_park, st);
	return n < 0 ? MHD_CONTENT_READER_END_OF_STREAM : (ssize_t)n;
}

static void stream_free(void *cls)
{
	struct stream *st = cls;
	hub_unsubscribe(st->sub);
	free(st);
}

static enum MHD_Result send_stream(struct MHD_Connection *conn, struct request *rq,
                                   struct hub_sub *sub)
{
	struct stream *st = calloc(1, sizeof(*st));
	struct MHD_Response *r = st ? MHD_create_response_from_callback(
	                                  MHD_SIZE_UNKNOWN, 4096, stream_read, st, stream_free)
	                            : NULL;
	if (!r) {
		free(st);
		hub_unsubscribe(sub);
		return send_error(conn, rq, 500, "internal", "服务器内部错误");
	}
	st->sub = sub;
	st->conn = conn;
	hub_set_wake(sub, stream_wake, st);
	MHD_add_response_header(r, "Content-Type", "text/event-stream; charset=utf-8");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Accel-Buffering", "no");
	return queue(conn, rq, 200, r);
}

/* ---- fixed endpoints and static files ---- */

static enum MHD_Result serve_text(struct MHD_Connection *conn, struct request *rq, int status,
                                  const char *type, char *text, size_t len)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	return queue(conn, rq, status, r);
}

static enum MHD_Result serve_health(struct MHD_Connection *conn, struct request *rq)
{
	struct store *db = store_thread();
	int64_t one = 0;
	int ok = db && store_int64(db, &one, "SELECT 1", "") == STORE_ROW && one == 1;
	const char *body = ok ? "{\"status\":\"ok\"}" : "{\"status\":\"database unavailable\"}";
	char *text = strdup(body);
	if (!text)
		return MHD_NO;
	return send_json_text(conn, rq, ok ? 200 : 503, text, strlen(text), NULL, NULL);
}

/* /metrics tells request rates, routes and pool sizes: not for everyone.
 * A client on this host is let in unless a proxy relayed it (a proxy on
 * loopback would otherwise let the whole world in; a relayed request
 * carries its forwarding headers, which can only refuse, never admit);
 * anyone else needs the configured bearer token. */
static enum MHD_Result serve_metrics(struct MHD_Connection *conn, struct request *rq)
{
	const char *token = config->metrics_token;
	const char *auth = header(conn, "Authorization");
	int by_token = token && *token && auth && !strncasecmp(auth, "Bearer ", 7) &&
	               str_equal_ct(auth + 7, token);
	int local = rq->peer_loopback && !header(conn, "X-Forwarded-For") &&
	            !header(conn, "Forwarded") && !header(conn, "X-Real-IP");
	if (!by_token && !local) {
		if (!token || !*token)
			return send_error(conn, rq, 403, "forbidden",
			                  "监控指标只对本机开放（可配置 --metrics-token）");
		struct MHD_Response *r = json_error_response(
		    "unauthenticated", "请在 Authorization 头中提供监控令牌（Bearer）");
		MHD_add_response_header(r, "WWW-Authenticate", "Bearer realm=\"metrics\"");
		return queue(conn, rq, 401, r);
	}
	struct buf out = BUF_INIT;
	metrics_render(&out);
	size_t len;
	char *text = buf_detach(&out, &len);
	return serve_text(conn, rq, 200, "text/plain; version=0.0.4; charset=utf-8", text, len);
}

static enum MHD_Result serve_static(struct MHD_Connection *conn, struct request *rq,
                                    const char *path)
{
	const struct static_file *f = static_find(path);
	if (!f) {
		/* App routes (no file extension) get the SPA's index.html. */
		const char *last = strrchr(path, '/');
		if (!strstr(path, "..") && last && !strchr(last, '.'))
			f = static_index();
	}
	if (!f)
		return send_error(conn, rq, 404, "not_found",
		                  static_index() ? "页面不存在" : "页面不存在（前端尚未构建）");
	const char *inm = header(conn, "If-None-Match");
	struct MHD_Response *r;
	int status = 200;
	int gz = f->gz && encoding_accepts_gzip(header(conn, "Accept-Encoding"));
	/* The gzip and plain bodies differ, so their ETags must too. */
	const char *etag = gz ? f->gz_etag : f->etag;
	if (encoding_etag_matches(inm, etag)) {
		r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
		status = 304;
	} else if (gz) {
		r = MHD_create_response_from_buffer(f->gz_len, f->gz, MHD_RESPMEM_PERSISTENT);
		MHD_add_response_header(r, "Content-Encoding", "gzip");
	} else {
		r = MHD_create_response_from_buffer(f->len, f->data, MHD_RESPMEM_PERSISTENT);
	}
	MHD_add_response_header(r, "Content-Type", f->type);
	MHD_add_response_header(r, "ETag", etag);
	if (f->gz)
		MHD_add_response_header(r, "Vary", "Accept-Encoding");
	MHD_add_response_header(r, "Cache-Control",
	                        f->immutable ? "public, max-age=31536000, immutable" : "no-cache");
	return queue(conn, rq, status, r);
}

/* 405 with the Allow header RFC 9110 asks for: the methods of the route
 * table's rows for this path (GET and HEAD elsewhere). */
static enum MHD_Result send_405(struct MHD_Connection *conn, struct request *rq, const char *url)
{
	char allow[64] = "";
	for (size_t i = 0; i < routes_count; i++) {
		if (!router_path_matches(routes[i].pattern, url, NULL, NULL) ||
		    strstr(allow, routes[i].method))
			continue;
		size_t n = strlen(allow);
		snprintf(allow + n, sizeof(allow) - n, "%s%s", n ? ", " : "", routes[i].method);
	}
	if (!*allow)
		snprintf(allow, sizeof(allow), "GET, HEAD");
	json_t *body = json_pack("{s:{s:s, s:s}}", "error", "code", "method_not_allowed", "message",
	                         "不支持该请求方法");
	char *text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	struct MHD_Response *r =
	    MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
	MHD_add_response_header(r, "Content-Type", "application/json; charset=utf-8");
	MHD_add_response_header(r, "Allow", allow);
	return queue(conn, rq, 405, r);
}

/* ---- MHD callbacks ---- */

static enum MHD_Result dispatch(struct MHD_Connection *conn, struct request *rq, const char *method,
                                const char *url)
{
	int is_get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
	if (!strcmp(url, "/healthz") || !strcmp(url, "/metrics") ||
	    !strcmp(url, "/api/v1/openapi.json")) {
		if (!is_get)
			return send_405(conn, rq, url);
		if (url[1] == 'h') {
			rq->route_index = METRIC_ROUTE_HEALTH;
			return serve_health(conn, rq);
		}
		if (url[1] == 'm') {
			rq->route_index = METRIC_ROUTE_METRICS;
			return serve_metrics(conn, rq);
		}
		rq->route_index = METRIC_ROUTE_OPENAPI;
		return send_json(conn, rq, 200, openapi_document(), NULL, NULL);
	}
	if (rq->route)
		return dispatch_api(conn, rq, method);
	if (rq->wrong_method)
		return send_405(conn, rq, url);
	if (!strncmp(url, "/api/", 5) || !strcmp(url, "/api"))
		return send_error(conn, rq, 404, "not_found", "接口不存在");
	if (!is_get)
		return send_405(conn, rq, url);
	rq->route_index = METRIC_ROUTE_STATIC;
	return serve_static(conn, rq, url);
}

/* Sums the size of the header lines as sent ("Name: value\r\n"). */
static enum MHD_Result add_header_size(void *cls, enum MHD_ValueKind kind, const char *key,
                                       const char *value)
{
	(void)kind;
	*(size_t *)cls += strlen(key) + (value ? strlen(value) : 0) + 4;
	return MHD_YES;
}

/* Returns 1 when the query of uri is one we will refuse (the target too
 * long, or more arguments than HTTP_ARGS_MAX), and sets *q to its '?'. */
static int query_oversize(const char *uri, size_t len, const char **q)
{
	*q = memchr(uri, '?', len);
	if (!*q)
		return 0;
	size_t args = 1;
	for (const char *p = *q + 1; *p; p++)
		args += *p == '&' || *p == ';';
	return len > HTTP_URL_MAX || args > HTTP_ARGS_MAX;
}

/* MHD_OPTION_URI_LOG_CALLBACK: the request target as the client sent it,
 * before libmicrohttpd splits off and parses the query.  The request
 * starts here, so that a request libmicrohttpd refuses on its own still
 * reaches on_completed (access log, metrics) and frees what it took.
 *
 * libmicrohttpd keeps one record per query argument in the connection's
 * memory pool, and a query of a few thousand short arguments exhausts it
 * before any handler runs: it then cannot even send its own error and
 * leaves the connection hanging.  A query we will refuse anyway (414) is
 * therefore cut here: 0.9.7x calls this callback with the request line in
 * its own read buffer, before it parses the arguments from that same
 * buffer ("log callback before we modify URI *or* args" in connection.c),
 * so an end of string after the '?' leaves it nothing to parse.  Only a
 * request that will be refused is touched; tests/security/limits.test.mjs
 * fails if a libmicrohttpd upgrade changes this. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	(void)cls;
	struct request *rq = calloc(1, sizeof(*rq));
	if (!rq)
		return NULL;
	arena_init(&rq->arena);
	buf_init(&rq->body);
	rq->start_us = now_micros();
	rq->route_index = METRIC_ROUTE_OTHER;
	rq->url_len = uri ? strlen(uri) : 0;
	rq->peer_loopback = peer_is_loopback(conn);
	rq->conn = conn;
	snprintf(rq->address, sizeof(rq->address), "unknown");
	const char *q;
	if (uri && query_oversize(uri, rq->url_len, &q)) {
		((char *)q)[1] = '\0';
		rq->query_dropped = 1;
	}
	atomic_fetch_add(&in_flight, 1);
	return rq;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
	struct request *rq = *con_cls;
	if (!rq) /* on_uri could not allocate */
		return MHD_NO;
	if (!rq->started) {
		rq->started = 1;
		client_address(conn, rq);
		conn_guard_request(conn, 1); /* the head is here: no header deadline */
		rq->method = arena_strndup(&rq->arena, method, strcspn(method, "\r\n") % 16);
		/* Oversize requests first: answered now (the connection then
		 * closes), before anything reads the session. */
		size_t header_bytes = 0;
		MHD_get_connection_values(conn, MHD_HEADER_KIND, add_header_size, &header_bytes);
		if (rq->url_len > HTTP_URL_MAX || rq->query_dropped)
			return send_error(conn, rq, 414, "uri_too_long",
			                  "请求地址过长（最多 8 KiB、256 个查询参数）");
		if (header_bytes > HTTP_HEADERS_MAX)
			return send_error(conn, rq, 431, "headers_too_large",
			                  "请求头过大（最多 16 KiB）");
		/* Every route is under /api/: /healthz and the web app's files
		 * need not be tried against the 400-odd patterns. */
		if (!strncmp(url, "/api/", 5))
			rq->route =
			    router_match(&rq->arena, method, url, &rq->param, &rq->wrong_method);
		if (rq->route)
			rq->route_index = (int)(rq->route - routes);
		const char *cl = header(conn, MHD_HTTP_HEADER_CONTENT_LENGTH);
		size_t limit =
		    rq->route && rq->route->body_limit ? rq->route->body_limit : BODY_DEFAULT_LIMIT;
		int64_t declared;
		if (cl && !parse_int64(cl, &declared) && declared > (int64_t)limit) {
			/* Answering now closes the connection: right for a body
			 * we will not read. */
			return send_error(conn, rq, 413, "too_large", "请求内容过大");
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		size_t limit =
		    rq->route && rq->route->body_limit ? rq->route->body_limit : BODY_DEFAULT_LIMIT;
		if (!rq->too_large && rq->body.len + *upload_data_size <= limit)
			buf_add(&rq->body, upload_data, *upload_data_size);
		else
			rq->too_large = 1;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (rq->waiting) /* resumed: the answer is ready */
		return answer_resumed(conn, rq, method);
	if (rq->status) /* already answered (413 on the first call) */
		return MHD_YES;
	if (buf_failed(&rq->body))
		return send_error(conn, rq, 413, "too_large", "请求内容过大");
	return dispatch(conn, rq, method, url);
}

/* ,"key":v for the access log: v a JSON string, any byte of it that is
 * not UTF-8 (a client's method may hold anything) as U+FFFD, so that every
 * line is UTF-8 JSON. */
static void json_log_string(struct buf *b, const char *key, const char *v)
{
	buf_addf(b, ",\"%s\":", key);
	size_t n = strlen(v);
	if (utf8_valid(v, n)) {
		json_write_string(b, v);
		return;
	}
	struct buf clean = BUF_INIT;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = (unsigned char)v[i] < 0x80 ? 1 : utf8_decode(v + i, n - i, &cp);
		buf_add(&clean, len ? v + i : "\xEF\xBF\xBD", len ? len : 3);
		i += len ? len : 1;
	}
	json_write_string(b, clean.data);
	buf_release(&clean);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct request *rq = *con_cls;
	if (!rq)
		return;
	conn_guard_request(conn, 0); /* the next request's head has a deadline */
	int64_t us = now_micros() - rq->start_us;
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_HTTP_STATUS);
	int status = rq->status ? rq->status : (ci ? (int)ci->http_status : 0);
	metrics_record(rq->route_index, status, us);
	if (config->access_log) {
		char when[32];
		time_t t = time(NULL);
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		struct buf line = BUF_INIT;
		buf_addf(&line, "{\"time\":\"%s\"", when);
		json_log_string(&line, "method", rq->method ? rq->method : "-");
		json_log_string(&line, "route", metrics_route_label(rq->route_index));
		buf_addf(&line, ",\"status\":%d,\"duration_ms\":%.3f", status, (double)us / 1000.0);
		if (rq->user_id)
			buf_addf(&line, ",\"user\":%lld", (long long)rq->user_id);
		json_log_string(&line, "address", rq->address);
		if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK)
			buf_adds(&line, ",\"aborted\":true");
		buf_adds(&line, "}\n");
		fwrite(line.data, 1, line.len, config->access_log);
		fflush(config->access_log);
		buf_release(&line);
	}
	buf_release(&rq->body);
	arena_release(&rq->arena);
	free(rq);
	*con_cls = NULL;
	atomic_fetch_sub(&in_flight, 1);
}

static int parse_listen(const char *listen, struct sockaddr_in *addr)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	int64_t port;
	if (!colon || (size_t)(colon - listen) >= sizeof(host) || parse_int64(colon + 1, &port) ||
	    port < 0 || port > 65535)
		return -1;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	memset(addr, 0, sizeof(*addr));
	addr->sin_family = AF_INET;
	addr->sin_port = htons((uint16_t)port);
	if (!*host || !strcmp(host, "0.0.0.0"))
		addr->sin_addr.s_addr = htonl(INADDR_ANY);
	else if (!strcmp(host, "localhost"))
		addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	else if (inet_pton(AF_INET, host, &addr->sin_addr) != 1)
		return -1;
	return 0;
}

/* libmicrohttpd's own messages.  A client that went away (a phone that
 * closed the page, a live stream dropped) is normal at a fair, and MHD
 * reports each as a failed send: those are left out of the log.  A message
 * seen again (its numbers aside) within ten seconds is counted, not
 * written: at a resource limit MHD repeats one for every refused
 * connection, hundreds of megabytes a minute. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static struct {
		char shape[96];
		int64_t at;
		unsigned long repeats;
	} seen[4];
	(void)cls;
	char msg[512], shape[96];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (!strncmp(msg, "Failed to send", 14) || strstr(msg, "no longer available for sending"))
		return;
	msg[strcspn(msg, "\n")] = '\0';
	size_t n = 0;
	for (const char *p = msg; *p && n < sizeof(shape) - 1; p++)
		if (!isdigit((unsigned char)*p))
			shape[n++] = *p;
	shape[n] = '\0';
	int64_t now = now_micros();
	unsigned long dropped = 0;
	pthread_mutex_lock(&lock);
	int slot = 0;
	for (int i = 0; i < 4; i++) {
		if (!strcmp(seen[i].shape, shape)) {
			slot = i;
			break;
		}
		if (seen[i].at < seen[slot].at)
			slot = i; /* else the oldest is replaced */
	}
	if (!strcmp(seen[slot].shape, shape) && now - seen[slot].at < 10 * 1000000LL) {
		seen[slot].repeats++;
		pthread_mutex_unlock(&lock);
		return;
	}
	if (!strcmp(seen[slot].shape, shape))
		dropped = seen[slot].repeats;
	snprintf(seen[slot].shape, sizeof(seen[slot].shape), "%s", shape);
	seen[slot].at = now;
	seen[slot].repeats = 0;
	pthread_mutex_unlock(&lock);
	if (dropped)
		log_error("libmicrohttpd: %s (and %lu more like it in the last seconds)", msg,
		          dropped);
	else
		log_error("libmicrohttpd: %s", msg);
}

int server_run(const struct server_config *cfg)
{
	struct sockaddr_in addr;
	sigset_t set;
	int sig;

	config = cfg;
	route_doc_of = calloc(routes_count, sizeof(*route_doc_of));
	for (size_t i = 0; route_doc_of && i < routes_count; i++)
		route_doc_of[i] = route_doc_find(routes[i].method, routes[i].pattern);
	if (parse_listen(cfg->listen, &addr)) {
		log_error("cannot parse listen address '%s' (want HOST:PORT)", cfg->listen);
		return 1;
	}
	int files = static_load(cfg->web_dir);
	if (files < 0)
		log_info("web app not found at %s: serving the API only",
		         cfg->web_dir ? cfg->web_dir : "(none)");
	/* Signals are taken by sigwait below, in this thread only. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	int threads = cfg->threads > 0 ? cfg->threads : 4;
	/* Below the open-file limit (raised first): see http/conn_guard.c. */
	unsigned limit = conn_guard_connection_limit(
	    cfg->max_connections > 0 ? (unsigned)cfg->max_connections : 4000, threads);
	struct MHD_Daemon *d = MHD_start_daemon(
	    MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG, 0, NULL,
	    NULL, on_request, NULL, /* the logger first, or MHD logs that it was not */
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_POOL_SIZE, MHD_OPTION_SOCK_ADDR,
	    (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_NOTIFY_CONNECTION,
	    conn_guard_notify, NULL, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
	    MHD_OPTION_CONNECTION_LIMIT, limit, MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
	    MHD_OPTION_END);
	if (!d) {
		log_error("cannot listen on %s: %s", cfg->listen, strerror(errno));
		static_free();
		return 1;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	char host[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, &addr.sin_addr, host, sizeof(host));
	if (hub_start())
		log_error("cannot start the live-event dispatcher");
	if (gate_start())
		log_error("cannot start the gate writer: check-ins commit one by one");
	if (conn_guard_start(cfg->header_timeout))
		log_error("cannot start the connection reaper: no deadline for request heads");
	printf("skyway: listening on http://%s:%u\n", host, di ? di->port : ntohs(addr.sin_port));
	fflush(stdout);

	while (sigwait(&set, &sig) != 0)
		;
	log_info("signal %d: finishing in-flight requests", sig);
	MHD_socket lfd = MHD_quiesce_daemon(d);
	if (lfd != MHD_INVALID_SOCKET)
		close(lfd);
	/* Live streams end and no new one opens (a stream still suspended at
	 * MHD_stop_daemon would abort it); clients reconnect elsewhere. */
	hub_shutdown();
	/* The gate writes what is queued and resumes those requests (a request
	 * still suspended at MHD_stop_daemon would abort it too); later scans are
	 * written on their own thread. */
	gate_stop();
	for (int i = 0; i < 100 && atomic_load(&in_flight) > 0; i++)
		usleep(100 * 1000);
	MHD_stop_daemon(d);
	conn_guard_stop();
	store_pool_close();
	static_free();
	log_info("stopped");
	return 0;
}
