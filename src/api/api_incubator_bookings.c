/*
 * Room bookings: book (or hold for 10 minutes), weekly series, confirm,
 * cancel, no-show, check-in by the door's QR sign.  The services are in
 * domain/incubator_bookings.h; a 409 names the overlapped booking in
 * error.conflict.
 */
#include "api/api_incubator.h"
#include "domain/incubator_bookings.h"

void api_incubator_bookings(struct api_ctx *c)
{
	api_incubator_list(c, incubator_bookings_list);
}

static const char *const booking_fields[] = {"room_id",    "start", "end",   "title",
                                             "project_id", "hold",  "until", NULL};

/* The body of a booking or a series (until required for a series). */
static int booking_input(struct api_ctx *c, struct incubator_booking_input *in, int series)
{
	*in = (struct incubator_booking_input){0};
	api_only_fields(c, booking_fields);
	api_int(c, "room_id", API_REQUIRED, &in->room_id);
	api_incubator_time(c, "start", API_REQUIRED, &in->start);
	api_incubator_time(c, "end", API_REQUIRED, &in->end);
	in->title = api_str(c, "title", API_REQUIRED, 1, 60);
	api_int(c, "project_id", API_OPTIONAL, &in->project_id);
	in->hold = api_incubator_bool(c, "hold", 0);
	api_incubator_time(c, "until", series ? API_REQUIRED : API_OPTIONAL, &in->until);
	if (!api_failed(c) && !series && in->until)
		api_fail(c, 400, "invalid", "until", "重复预约请使用 /incubator/bookings/series");
	if (!api_failed(c) && series && in->hold)
		api_fail(c, 400, "invalid", "hold", "重复预约不能锁定");
	return api_failed(c) ? -1 : 0;
}

void api_incubator_booking_create(struct api_ctx *c)
{
	struct derr e = {0};
	struct incubator_booking_input in;
	json_t *out, *conflict;
	if (booking_input(c, &in, 0))
		return;
	int rc = incubator_booking_create(c->db, &c->actor, &in, &out, &conflict, &e);
	api_incubator_reply_booking(c, rc, &e, 201, "booking", out, conflict);
}

void api_incubator_booking_series(struct api_ctx *c)
{
	struct derr e = {0};
	struct incubator_booking_input in;
	json_t *out;
	if (booking_input(c, &in, 1))
		return;
	int rc = incubator_booking_series(c->db, &c->actor, &in, &out, &e);
	if (!rc) {
		api_reply(c, 201, json_pack("{s:o}", "series", out));
		return;
	}
	/* Refused as a whole, the report still says why each failed. */
	api_fail_derr(c, &e);
	json_t *error = json_object_get(c->out, "error");
	if (error && out)
		json_object_set(error, "report", out);
	json_decref(out);
}

void api_incubator_booking_get(struct api_ctx *c)
{
	api_incubator_by_id(c, incubator_booking_get, 200, "booking");
}

static const char *const confirm_fields[] = {"title", NULL};

void api_incubator_booking_confirm(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out;
	api_only_fields(c, confirm_fields);
	const char *title = api_str(c, "title", API_OPTIONAL, 1, 60);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = incubator_booking_confirm(c->db, &c->actor, id, title, &out, &e);
	api_incubator_reply(c, rc, &e, 200, "booking", out);
}

void api_incubator_booking_cancel(struct api_ctx *c)
{
	api_incubator_by_id(c, incubator_booking_cancel, 200, "booking");
}

void api_incubator_booking_no_show(struct api_ctx *c)
{
	api_incubator_by_id(c, incubator_booking_no_show, 200, "booking");
}

static const char *const checkin_fields[] = {"pass", NULL};

void api_incubator_checkin(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *out;
	api_only_fields(c, checkin_fields);
	/* Any scanned text is checked; too long is simply not a sign. */
	const char *pass = api_str(c, "pass", API_REQUIRED, 1, 2000);
	if (api_failed(c))
		return;
	int rc = incubator_booking_checkin(c->db, &c->actor, pass, &out, &e);
	api_incubator_reply(c, rc, &e, 200, NULL, out);
}
