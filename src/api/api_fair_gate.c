/*
 * Students at a fair: registration, the entry pass (a signed token shown
 * as a QR code, plus a short code to type), and the gate: check-in by
 * pass or code, walk-ins, the gate's running figures.  The services are
 * in domain/fair_entry.h.
 */
#include <stdlib.h>
#include <string.h>

#include "api/api_fair.h"
#include "base/qr_svg.h"
#include "domain/fair_entry.h"

void api_fairs_register(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, reg = 0;
	if (api_no_fields(c) || api_path_id(c, &id))
		return;
	if (fair_register(c->db, &c->actor, id, &reg, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 201, json_pack("{s:I}", "registration_id", (json_int_t)reg));
}

/* The QR code of text as SVG (*len bytes), tied to the request; NULL when
 * it could not be made. */
static char *qr_of(struct api_ctx *c, const char *text, size_t *len)
{
	*len = 0;
	return arena_defer(c->arena, free, text ? qr_svg(text, len) : NULL);
}

void api_fairs_pass(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	size_t len;
	json_t *reg;
	if (api_path_id(c, &id))
		return;
	if (fair_pass(c->db, &c->actor, id, &reg, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_keep(c, reg);
	const char *svg = qr_of(c, json_string_value(json_object_get(reg, "pass")), &len);
	if (!svg) {
		api_internal(c, "fair pass: qr");
		return;
	}
	json_object_set_new(reg, "qr_svg", json_string(svg));
	api_reply(c, 200, json_pack("{s:O}", "registration", reg));
}

/* Answers what scan s (arg) did, once written. */
static void answer_scan(struct api_ctx *c, void *arg)
{
	static const char *const result_name[] = {
	    [FAIR_ENTERED] = "entered",           [FAIR_ALREADY_INSIDE] = "already_inside",
	    [FAIR_WALKED_IN] = "entered",         [FAIR_LEFT] = "left",
	    [FAIR_ALREADY_LEFT] = "already_left",
	};
	static const char *const message[] = {
	    [FAIR_ENTERED] = "入场成功",         [FAIR_ALREADY_INSIDE] = "已入场，本次不重复计数",
	    [FAIR_WALKED_IN] = "现场报名并入场", [FAIR_LEFT] = "离场登记成功",
	    [FAIR_ALREADY_LEFT] = "已登记离场",
	};
	struct derr e = {0};
	enum fair_entry_result result;
	json_t *student;
	if (fair_scan_finish(arg, &student, &result, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, result == FAIR_WALKED_IN ? 201 : 200,
		          json_pack("{s:s, s:s, s:O}", "result", result_name[result], "message",
		                    message[result], "student", student));
}

/* Answers a scan handed to the gate (rc: the domain call's): a refusal at
 * once; else when its group is written, the connection suspended
 * meanwhile (a check-in holds no worker thread). */
static void answer_when_written(struct api_ctx *c, int rc, struct fair_scan *s,
                                const struct derr *e)
{
	if (rc) {
		api_fail_derr(c, e);
		return;
	}
	api_keep(c, s->student);
	api_then(c, s->pending, answer_scan, s);
}

/* How a gate request waits: suspended (api_ctx's park and wake). */
static struct fair_waiter waiter(struct api_ctx *c)
{
	return (struct fair_waiter){.park = c->park, .wake = c->wake, .arg = c->wait_arg};
}

static const char *const checkin_fields[] = {"pass", "code", NULL};

/* What the gate scanned or typed: {"pass"} or {"code"}.  Returns -1 when the request
 * has failed (the reply is set). */
static int scanned(struct api_ctx *c, const char **pass, const char **code)
{
	api_only_fields(c, checkin_fields);
	/* Any scanned text is checked; too long is simply not a pass. */
	*pass = api_str(c, "pass", API_OPTIONAL, 1, 2000);
	*code = api_str(c, "code", API_OPTIONAL, 1, 16);
	if (!api_failed(c) && !*pass && !*code)
		api_fail(c, 400, "missing", "pass", "请扫描入场码或输入短码");
	return api_failed(c) ? -1 : 0;
}

void api_fairs_checkin(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	const char *pass, *code;
	if (scanned(c, &pass, &code) || api_path_id(c, &id))
		return;
	struct fair_scan *s = arena_alloc(c->arena, sizeof(*s));
	struct fair_waiter w = waiter(c);
	int rc = fair_checkin(c->db, &c->actor, id, pass, code, &w, s, &e);
	answer_when_written(c, rc, s, &e);
}

/* A scan out at the gate: 在场 goes down, 入场 stays. */
void api_fairs_checkout(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	const char *pass, *code;
	if (scanned(c, &pass, &code) || api_path_id(c, &id))
		return;
	struct fair_scan *s = arena_alloc(c->arena, sizeof(*s));
	struct fair_waiter w = waiter(c);
	int rc = fair_checkout(c->db, &c->actor, id, pass, code, &w, s, &e);
	answer_when_written(c, rc, s, &e);
}

static const char *const walkin_fields[] = {"college_id", "student_no", "name", NULL};

void api_fairs_walkin(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, college = 0;
	api_only_fields(c, walkin_fields);
	api_int(c, "college_id", API_REQUIRED, &college);
	const char *no = api_str(c, "student_no", API_REQUIRED, 1, 32);
	/* The name on the student card as well: without it the gate could be
	 * used to look students up by number. */
	const char *name = api_str(c, "name", API_REQUIRED, 1, 64);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	struct fair_scan *s = arena_alloc(c->arena, sizeof(*s));
	struct fair_waiter w = waiter(c);
	int rc = fair_walkin(c->db, &c->actor, id, college, no, name, &w, s, &e);
	answer_when_written(c, rc, s, &e);
}

void api_fairs_gate(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *figures;
	if (api_path_id(c, &id))
		return;
	if (fair_gate_figures(c->db, &c->actor, id, &figures, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 200, figures);
}

void api_qr(struct api_ctx *c)
{
	const char *text = api_query(c, "text");
	if (api_failed(c))
		return;
	if (!text || strlen(text) > 500) {
		api_fail(c, 400, "invalid", "text", "text 应为 1–500 字节");
		return;
	}
	size_t len;
	char *svg = qr_of(c, text, &len);
	if (!svg) {
		api_internal(c, "qr");
		return;
	}
	c->raw = svg;
	c->raw_len = len;
	c->raw_type = "image/svg+xml";
	c->out = json_null(); /* the raw bytes are the answer */
}
