#include "domain/derr.h"

#include <stdarg.h>
#include <stdio.h>

#include "store/store.h"

int derr_code(struct derr *e, enum derr_kind kind, const char *code, const char *field,
              const char *message)
{
	if (e && e->kind == DERR_OK) {
		e->kind = kind;
		e->code = code;
		e->field = field;
		e->message = message;
	}
	return -1;
}

int derr_set(struct derr *e, enum derr_kind kind, const char *field, const char *message)
{
	return derr_code(e, kind, NULL, field, message);
}

/* Formats the words of a refusal into e->text, cut at a whole UTF-8
 * character when too long (the message goes out as JSON). */
static int vcodef(struct derr *e, enum derr_kind kind, const char *code, const char *field,
                  const char *fmt, va_list ap)
{
	if (!e || e->kind != DERR_OK)
		return -1;
	int n = vsnprintf(e->text, sizeof(e->text), fmt, ap);
	if (n >= (int)sizeof(e->text)) {
		size_t len = sizeof(e->text) - 1, lead = len;
		while (lead > 0 && ((unsigned char)e->text[lead - 1] & 0xC0) == 0x80)
			lead--;
		if (lead > 0) { /* text[lead - 1] starts the last character: is it whole? */
			unsigned char c = (unsigned char)e->text[lead - 1];
			size_t bytes = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
			if (lead - 1 + bytes > len)
				e->text[lead - 1] = '\0';
		}
	}
	return derr_code(e, kind, code, field, e->text);
}

int derr_codef(struct derr *e, enum derr_kind kind, const char *code, const char *field,
               const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = vcodef(e, kind, code, field, fmt, ap);
	va_end(ap);
	return rc;
}

int derr_setf(struct derr *e, enum derr_kind kind, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = vcodef(e, kind, NULL, field, fmt, ap);
	va_end(ap);
	return rc;
}

int derr_internal(struct derr *e, const char *what)
{
	if (e && e->kind != DERR_INTERNAL) {
		/* An internal failure outranks a 4xx recorded before it. */
		e->kind = DERR_INTERNAL;
		e->code = NULL;
		e->field = NULL;
		e->message = "服务器内部错误，请稍后再试";
		snprintf(e->detail, sizeof(e->detail), "%s", what);
	}
	return -1;
}

int derr_store(struct derr *e, struct store *db, const char *what)
{
	if (e && e->kind != DERR_INTERNAL) {
		derr_internal(e, what);
		if (db)
			snprintf(e->detail, sizeof(e->detail), "%s: %s", what, store_errmsg(db));
	}
	if (db)
		store_rollback(db);
	return -1;
}

int derr_commit(struct store *db, json_t **out, const char *what, struct derr *e)
{
	if (store_commit(db) == STORE_OK)
		return 0;
	if (out) {
		json_decref(*out);
		*out = NULL;
	}
	return derr_store(e, db, what);
}

int derr_found(struct store *db, json_t *row, json_t **out, const char *what, enum derr_kind kind,
               const char *field, const char *message, struct derr *e)
{
	*out = NULL;
	if (json_is_object(row)) {
		*out = row;
		return 0;
	}
	json_decref(row);
	return row ? derr_set(e, kind, field, message) : derr_store(e, db, what);
}

int derr_status(enum derr_kind kind)
{
	static const int status[] = {
	    [DERR_OK] = 200,        [DERR_INVALID] = 400,   [DERR_UNAUTHORIZED] = 401,
	    [DERR_FORBIDDEN] = 403, [DERR_NOT_FOUND] = 404, [DERR_CONFLICT] = 409,
	    [DERR_RULE] = 422,      [DERR_LIMIT] = 429,     [DERR_UNAVAILABLE] = 503,
	    [DERR_INTERNAL] = 500,
	};
	return (unsigned)kind < sizeof(status) / sizeof(status[0]) ? status[kind] : 500;
}

const char *derr_kind_code(enum derr_kind kind)
{
	static const char *const code[] = {
	    [DERR_OK] = "ok",
	    [DERR_INVALID] = "invalid",
	    [DERR_UNAUTHORIZED] = "unauthorized",
	    [DERR_FORBIDDEN] = "forbidden",
	    [DERR_NOT_FOUND] = "not_found",
	    [DERR_CONFLICT] = "conflict",
	    [DERR_RULE] = "rule",
	    [DERR_LIMIT] = "too_many_attempts",
	    [DERR_UNAVAILABLE] = "unavailable",
	    [DERR_INTERNAL] = "internal",
	};
	return (unsigned)kind < sizeof(code) / sizeof(code[0]) ? code[kind] : "internal";
}
