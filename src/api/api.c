#include "api/api.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/utf8.h"
#include "base/util.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "domain/listing.h"
#include "domain/password.h"
#include "domain/student.h"
#include "domain/throttle.h"

static void set_reply(struct api_ctx *c, int status, json_t *body)
{
	json_decref(c->out);
	c->status = status;
	c->out = body;
}

void api_reply(struct api_ctx *c, int status, json_t *body)
{
	/* Once the request has failed, no later reply turns it into a success:
	 * a handler that went on after a failure must not hide it. */
	if (c->failed) {
		json_decref(body);
		return;
	}
	set_reply(c, status, body);
}

const char api_json_text[] = "application/json; charset=utf-8";

void api_reply_json_text(struct api_ctx *c, int status, const char *text, size_t len)
{
	char *copy = c->failed ? NULL : arena_alloc(c->arena, len + 1);
	if (c->failed)
		return;
	if (!copy) {
		api_internal(c, "reply: out of memory");
		return;
	}
	memcpy(copy, text, len);
	copy[len] = '\0';
	set_reply(c, status, NULL);
	c->raw = copy;
	c->raw_len = len;
	c->raw_type = api_json_text;
}

/* A failed request sends no file it may have made (an export audited
 * after it was written, whose audit row could not be). */
static void drop_download(struct api_ctx *c)
{
	if (c->raw_fd >= 0)
		close(c->raw_fd);
	c->raw_fd = -1;
	c->raw = NULL;
	c->raw_type = NULL;
	c->raw_filename = NULL;
}

int api_fail(struct api_ctx *c, int status, const char *code, const char *field,
             const char *message)
{
	if (c->failed)
		return -1;
	drop_download(c);
	json_t *err = json_pack("{s:s, s:s}", "code", code, "message", message);
	if (field)
		json_object_set_new(err, "field", json_string(field));
	set_reply(c, status, json_pack("{s:o}", "error", err));
	c->failed = 1;
	return -1;
}

int api_internal(struct api_ctx *c, const char *what)
{
	log_error("%s: %s", what, c->db ? store_errmsg(c->db) : "-");
	if (c->db)
		store_rollback(c->db);
	c->failed = 0; /* an internal error outranks a pending 4xx */
	return api_fail(c, 500, "internal", NULL, "服务器内部错误，请稍后再试");
}

int api_fail_derr(struct api_ctx *c, const struct derr *e)
{
	if (e->kind == DERR_INTERNAL || e->kind == DERR_OK) {
		/* The domain rolled back what it began (derr_store); the http
		 * layer closes any transaction a bug left open. */
		log_error("%s", e->kind == DERR_OK ? "domain failed without a reason" : e->detail);
		c->failed = 0; /* an internal error outranks a pending 4xx */
		return api_fail(c, 500, "internal", NULL, "服务器内部错误，请稍后再试");
	}
	return api_fail(c, derr_status(e->kind), e->code ? e->code : derr_kind_code(e->kind),
	                e->field, e->message);
}

void api_answer(struct api_ctx *c, int rc, int status, const char *key, json_t **v,
                const struct derr *e)
{
	if (rc)
		api_fail_derr(c, e);
	else
		api_reply(c, status, json_pack("{s:o}", key, *v));
}

static void decref(void *j)
{
	json_decref(j);
}

json_t *api_keep(struct api_ctx *c, json_t *j)
{
	return arena_defer(c->arena, decref, j);
}

void api_then(struct api_ctx *c, int pending, void (*then)(struct api_ctx *c, void *arg), void *arg)
{
	if (!pending) {
		then(c, arg);
		return;
	}
	c->then = then;
	c->then_arg = arg;
}

int api_only_fields(struct api_ctx *c, const char *const *allowed)
{
	const char *key;
	json_t *v;
	if (!c->body)
		return 0;
	json_object_foreach(c->body, key, v)
	{
		int ok = 0;
		for (const char *const *a = allowed; *a; a++)
			ok |= !strcmp(*a, key);
		if (!ok) {
			/* The field name is the client's text: keep a copy that
			 * survives the body, and never echo megabytes of it. */
			char name[65];
			snprintf(name, sizeof(name), "%s", key);
			return api_fail(c, 400, "unknown_field", arena_strdup(c->arena, name),
			                arena_printf(c->arena, "不支持的字段：%s", name));
		}
	}
	return 0;
}

int api_no_fields(struct api_ctx *c)
{
	static const char *const none[] = {NULL};
	api_only_fields(c, none);
	return api_failed(c) ? -1 : 0;
}

static int has_control(const char *s)
{
	return utf8_has_control(s);
}

/* Control characters other than newline and tab, for multi-line text. */
static int has_control_multiline(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7F)
			return 1;
	return 0;
}

static const char *string_field(struct api_ctx *c, const char *field, int required, size_t min,
                                size_t max, int multiline);

const char *api_str(struct api_ctx *c, const char *field, int required, size_t min, size_t max)
{
	return string_field(c, field, required, min, max, 0);
}

const char *api_text(struct api_ctx *c, const char *field, int required, size_t min, size_t max)
{
	return string_field(c, field, required, min, max, 1);
}

json_t *api_str_array(struct api_ctx *c, const char *field, size_t max_items, size_t max_chars)
{
	if (c->failed)
		return NULL;
	json_t *v = c->body ? json_object_get(c->body, field) : NULL;
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_array(v) || json_array_size(v) > max_items) {
		api_fail(c, 400, "invalid", field,
		         arena_printf(c->arena, "字段 %s 应为最多 %zu 项的字符串数组", field,
		                      max_items));
		return NULL;
	}
	size_t i;
	json_t *item;
	json_array_foreach(v, i, item)
	{
		const char *s = json_string_value(item);
		if (!s || !*s || has_control(s) || utf8_length(s) > max_chars) {
			api_fail(c, 400, "invalid", field,
			         arena_printf(c->arena, "字段 %s 的第 %zu 项无效", field, i + 1));
			return NULL;
		}
		for (size_t k = 0; k < i; k++)
			if (!strcmp(s, json_string_value(json_array_get(v, k)))) {
				api_fail(c, 400, "invalid", field,
				         arena_printf(c->arena, "字段 %s 有重复项：%s", field, s));
				return NULL;
			}
	}
	return v;
}

static const char *string_field(struct api_ctx *c, const char *field, int required, size_t min,
                                size_t max, int multiline)
{
	if (c->failed)
		return NULL;
	json_t *v = c->body ? json_object_get(c->body, field) : NULL;
	if (!v || json_is_null(v)) {
		if (required)
			api_fail(c, 400, "missing", field,
			         arena_printf(c->arena, "缺少必填字段：%s", field));
		return NULL;
	}
	if (!json_is_string(v)) {
		api_fail(c, 400, "invalid", field,
		         arena_printf(c->arena, "字段 %s 应为字符串", field));
		return NULL;
	}
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	char *t = arena_strndup(c->arena, s, n);
	size_t chars = utf8_length(t);
	if (multiline ? has_control_multiline(t) : has_control(t)) {
		api_fail(c, 400, "invalid", field,
		         arena_printf(c->arena, "字段 %s 含有控制字符", field));
		return NULL;
	}
	if (chars == 0 && required) {
		api_fail(c, 400, "missing", field,
		         arena_printf(c->arena, "字段 %s 不能为空", field));
		return NULL;
	}
	if (chars == 0)
		return NULL;
	if (chars < min || chars > max) {
		api_fail(
		    c, 400, "invalid", field,
		    arena_printf(c->arena, "字段 %s 长度应为 %zu–%zu 个字符", field, min, max));
		return NULL;
	}
	return t;
}

int api_int(struct api_ctx *c, const char *field, int required, int64_t *out)
{
	if (c->failed)
		return -1;
	json_t *v = c->body ? json_object_get(c->body, field) : NULL;
	if (!v || json_is_null(v)) {
		if (required)
			return api_fail(c, 400, "missing", field,
			                arena_printf(c->arena, "缺少必填字段：%s", field));
		return 1;
	}
	if (!json_is_integer(v))
		return api_fail(c, 400, "invalid", field,
		                arena_printf(c->arena, "字段 %s 应为整数", field));
	*out = json_integer_value(v);
	return 0;
}

int api_bool(struct api_ctx *c, const char *field, int required, int *out)
{
	if (c->failed)
		return -1;
	json_t *v = c->body ? json_object_get(c->body, field) : NULL;
	if (!v || json_is_null(v)) {
		if (required)
			return api_fail(c, 400, "missing", field,
			                arena_printf(c->arena, "缺少必填字段：%s", field));
		return 1;
	}
	if (!json_is_boolean(v))
		return api_fail(c, 400, "invalid", field,
		                arena_printf(c->arena, "字段 %s 应为 true 或 false", field));
	*out = json_is_true(v);
	return 0;
}

int api_subscribe(struct api_ctx *c, int64_t topic, int per_owner)
{
	enum hub_refusal why;
	c->stream = hub_subscribe(topic, c->actor.id, per_owner, &why);
	if (!c->stream)
		return why == HUB_CLOSING
		           ? api_fail(c, 503, "unavailable", NULL, "服务器正在重启，请稍后刷新")
		           : api_internal(c, "subscribe");
	c->out = json_null();
	return 0;
}

const char *api_query(struct api_ctx *c, const char *key)
{
	const char *v = c->query_fn ? c->query_fn(c->http, key) : NULL;
	if (!v || !*v)
		return NULL;
	if (!utf8_valid(v, strlen(v)) || has_control(v)) {
		api_fail(c, 400, "bad_utf8", key,
		         arena_printf(c->arena, "查询参数 %s 不是有效的 UTF-8 文本", key));
		return NULL;
	}
	if (utf8_length(v) > 200) {
		api_fail(c, 400, "invalid", key, arena_printf(c->arena, "查询参数 %s 过长", key));
		return NULL;
	}
	return v;
}

int64_t api_query_int(struct api_ctx *c, const char *key, int64_t dflt, int64_t min, int64_t max)
{
	const char *v = api_query(c, key);
	int64_t n;
	if (!v)
		return dflt;
	if (parse_int64(v, &n) || n < min || n > max) {
		api_fail(c, 400, "invalid", key,
		         arena_printf(c->arena, "查询参数 %s 应为 %lld–%lld 的整数", key,
		                      (long long)min, (long long)max));
		return dflt;
	}
	return n;
}

/* A list pages one way: a parameter of the other way is refused rather than
 * ignored, so a client that mixes them up learns it from a 400. */
static void refuse_other_paging(struct api_ctx *c, const char *key, const char *message)
{
	if (!api_failed(c) && api_query(c, key))
		api_fail(c, 400, "invalid", key, message);
}

void api_paging(struct api_ctx *c, int64_t *page, int64_t *page_size)
{
	*page = api_query_int(c, "page", 1, 1, 1000000);
	*page_size = api_query_int(c, "page_size", 20, 1, 200);
	refuse_other_paging(c, "cursor", "此列表按页码分页（page、page_size），不接受 cursor");
}

void api_cursor_paging(struct api_ctx *c, const char **cursor, int64_t *limit)
{
	*cursor = api_query(c, "cursor");
	/* page_size is the size's name in every list; limit is its older name here. */
	*limit = api_query_int(c, "page_size", api_query_int(c, "limit", 20, 1, 100), 1, 100);
	refuse_other_paging(c, "page", "此列表按游标分页（cursor、page_size），不接受 page");
}

json_t *api_page_rows(struct api_ctx *c, const char *count_sql, const char *list_sql,
                      struct store_args *args, int64_t page, int64_t size, int64_t *total)
{
	json_t *items;
	struct derr e = {0};
	if (listing_page(c->db, count_sql, list_sql, args, page, size, &items, total, "page", &e))
		return NULL; /* the callers answer api_internal(), which logs the store's words */
	return items;
}

json_t *api_page(json_t *items, int64_t total, int64_t page, int64_t page_size)
{
	return json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "page",
	                 (json_int_t)page, "page_size", (json_int_t)page_size);
}

int api_path_id(struct api_ctx *c, int64_t *out)
{
	const char *p = c->path_param;
	/* The router already matched {id} against digits only; this holds for
	 * any handler reached another way. */
	if (!p || !*p || *p == '0' || strspn(p, "0123456789") != strlen(p) || parse_int64(p, out) ||
	    *out <= 0)
		return api_fail(c, 404, "not_found", NULL, "记录不存在");
	return 0;
}

void api_audit(struct api_ctx *c, const char *action, const char *object_type, int64_t id,
               const char *outcome, const char *detail)
{
	audit_record(c->db, &c->actor, NULL, action, object_type, id, c->address, outcome, detail);
}

json_t *api_int_array(struct api_ctx *c, const char *field, size_t max_items, int64_t min,
                      int64_t max)
{
	if (c->failed)
		return NULL;
	json_t *v = c->body ? json_object_get(c->body, field) : NULL;
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_array(v) || json_array_size(v) > max_items) {
		api_fail(
		    c, 400, "invalid", field,
		    arena_printf(c->arena, "字段 %s 应为最多 %zu 项的整数数组", field, max_items));
		return NULL;
	}
	size_t i;
	json_t *item;
	json_array_foreach(v, i, item)
	{
		json_int_t n = json_is_integer(item) ? json_integer_value(item) : min - 1;
		if (n < min || n > max) {
			api_fail(c, 400, "invalid", field,
			         arena_printf(c->arena,
			                      "字段 %s 的第 %zu 项应为 %" PRId64 "–%" PRId64
			                      " 的整数",
			                      field, i + 1, min, max));
			return NULL;
		}
		for (size_t k = 0; k < i; k++)
			if (json_integer_value(json_array_get(v, k)) == n) {
				api_fail(c, 400, "invalid", field,
				         arena_printf(c->arena, "字段 %s 有重复项", field));
				return NULL;
			}
	}
	return v;
}

int api_int_in(struct api_ctx *c, const char *field, int required, int64_t min, int64_t max,
               int64_t *out)
{
	int64_t v;
	int rc = api_int(c, field, required, &v);
	if (rc)
		return rc;
	if (v < min || v > max)
		return api_fail(c, 400, "invalid", field,
		                arena_printf(c->arena,
		                             "字段 %s 应为 %" PRId64 "–%" PRId64 " 的整数", field,
		                             min, max));
	*out = v;
	return 0;
}

int64_t api_own_student(struct api_ctx *c)
{
	int64_t id;
	struct derr e = {0};
	if (student_own_id(c->db, &c->actor, &id, &e))
		api_fail_derr(c, &e); /* not "no profile": the lookup failed */
	return id;
}

char *api_login_field(struct api_ctx *c)
{
	const char *in = api_str(c, "login", API_REQUIRED, 3, 64);
	if (!in)
		return NULL;
	char *login = arena_strdup(c->arena, in);
	login_normalize(login);
	const char *why = login_policy_error(login);
	if (why) {
		api_fail(c, 400, "invalid", "login", why);
		return NULL;
	}
	return login;
}

int api_registration_gate(struct api_ctx *c, const char *password, char *hash)
{
	/* Registrations share the login budget of the address (docs/security.md). */
	if (throttle_address_hit(c->address, now_seconds()))
		return api_fail(c, 429, "too_many_attempts", NULL, "尝试次数过多，请稍后再试");
	/* Hashed before any transaction: hashing is slow on purpose, a write lock
	 * is not. */
	if (password_hash(password, hash))
		return api_internal(c, "registration");
	return 0;
}
