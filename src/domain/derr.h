/*
 * derr: the one error convention of domain/.
 *
 * A domain function returns int: 0 when it did what was asked, -1 when it
 * did not, with the reason in a struct derr the caller passed.  The kind
 * says whose fault it is and how the api layer answers; field names the
 * input at fault (the JSON field the client sent, so the page can mark it);
 * message is the words for the user, in Chinese.
 *
 *     struct derr e = {0};
 *     if (fair_signup_review(db, &actor, fair, signup, ok, reason, &e))
 *             return api_fail_derr(c, &e);      // 4xx or 500, nothing written
 *
 * A domain function that fails has written nothing: it rolls back its own
 * transaction (derr_store() does) before returning -1.
 */
#ifndef SKYWAY_DOMAIN_DERR_H
#define SKYWAY_DOMAIN_DERR_H

#include <jansson.h>

struct store;

enum derr_kind {
	DERR_OK = 0,
	DERR_INVALID,      /* 400 "invalid": a value is malformed or out of range */
	DERR_UNAUTHORIZED, /* 401: who the caller is could not be established */
	DERR_FORBIDDEN,    /* 403 "forbidden": the caller may not do this */
	DERR_NOT_FOUND,    /* 404 "not_found": no such object, or not visible to the caller */
	DERR_CONFLICT,     /* 409 "conflict": the object's state or a unique value forbids it */
	DERR_RULE,         /* 422 "rule": a business rule refuses (the message says which) */
	DERR_LIMIT,        /* 429 "too_many_attempts": slow down */
	DERR_UNAVAILABLE,  /* 503 "unavailable": a part of the system is not ready */
	DERR_INTERNAL,     /* 500: ours, not the client's; detail goes to the log only */
};

struct derr {
	enum derr_kind kind;
	const char *code;    /* the error code the client sees; NULL: the kind's */
	const char *field;   /* the field at fault, or NULL */
	const char *message; /* for the user (static or owned by the request) */
	char detail[200];    /* DERR_INTERNAL: what failed and the store's message */
	char text[240];      /* the words of derr_setf()/derr_codef(); message points here */
};

/* Records a failure (the first one wins) and returns -1. */
int derr_set(struct derr *e, enum derr_kind kind, const char *field, const char *message);
/* derr_set with a message formatted into e->text (a date or a row number in
 * the words), cut at a whole UTF-8 character when too long; e then must not
 * be copied, its message points into it. */
int derr_setf(struct derr *e, enum derr_kind kind, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* derr_set with a code other than the kind's ("expired", "busy", ...). */
int derr_code(struct derr *e, enum derr_kind kind, const char *code, const char *field,
              const char *message);
/* derr_code with a formatted message, as derr_setf: "已分配到 %d 号展位". */
int derr_codef(struct derr *e, enum derr_kind kind, const char *code, const char *field,
               const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Records that the store failed while doing `what`: keeps the store's
 * message for the log, rolls back an open transaction, returns -1. */
int derr_store(struct derr *e, struct store *db, const char *what);
/* Records an internal failure that is not the store's; returns -1. */
int derr_internal(struct derr *e, const char *what);
/* Commits db's transaction, the last database operation of a write; when
 * the commit fails (it then rolled back) drops *out (when out is not
 * NULL) and records the failure as the store's (`what`).  0, or -1. */
int derr_commit(struct store *db, json_t **out, const char *what, struct derr *e);
/* Takes a store_row() result: 0 with *out (the caller's reference) when
 * it is a row; else drops it and fails: NULL as a store failure (`what`,
 * rolled back), no row as kind, field and message. */
int derr_found(struct store *db, json_t *row, json_t **out, const char *what, enum derr_kind kind,
               const char *field, const char *message, struct derr *e);

/* The HTTP status and the default code of a kind. */
int derr_status(enum derr_kind kind);
const char *derr_kind_code(enum derr_kind kind);

#endif
