/*
 * The incubator's places: sites, zones and their floor plans, rooms with
 * their booking rules and door signs, seats and their assignment,
 * occupancy.  The services are in domain/incubator_sites.h.
 */
#include <string.h>

#include "api/api_incubator.h"
#include "base/util.h"
#include "domain/incubator_bookings.h"
#include "domain/incubator_sites.h"

/* The id of an update ({id}), or 0 for a create; -1 when the path is bad. */
static int64_t target_id(struct api_ctx *c)
{
	int64_t id = 0;
	if (c->path_param && api_path_id(c, &id))
		return -1;
	return id;
}

void api_incubator_sites(struct api_ctx *c)
{
	api_incubator_list(c, incubator_sites_list);
}

static const char *const site_fields[] = {"kind", "name", "college_id", "address", "area_m2", NULL};

static void site_save(struct api_ctx *c)
{
	struct derr e = {0};
	struct incubator_site_input in = {0};
	json_t *out;
	api_only_fields(c, site_fields);
	in.kind = api_str(c, "kind", API_REQUIRED, 2, 6);
	in.name = api_str(c, "name", API_REQUIRED, 2, 60);
	api_int(c, "college_id", API_OPTIONAL, &in.college_id);
	in.address = api_str(c, "address", API_OPTIONAL, 1, 120);
	api_int_in(c, "area_m2", API_REQUIRED, 0, 10000000, &in.area_m2);
	if (!api_failed(c) && strcmp(in.kind, "hq") && strcmp(in.kind, "campus"))
		api_fail(c, 400, "invalid", "kind",
		         "kind 应为 hq（总部基地）或 campus（校内基地）");
	int64_t id = target_id(c);
	if (api_failed(c) || id < 0)
		return;
	int rc = incubator_site_save(c->db, &c->actor, id, &in, &out, &e);
	api_incubator_reply(c, rc, &e, id ? 200 : 201, "site", out);
}

void api_incubator_site_create(struct api_ctx *c)
{
	site_save(c);
}

void api_incubator_site_update(struct api_ctx *c)
{
	site_save(c);
}

void api_incubator_zones(struct api_ctx *c)
{
	api_incubator_list(c, incubator_zones_list);
}

static const char *const zone_fields[] = {"site_id", "name",   "purpose", "area_m2",
                                          "plan_w",  "plan_h", "sort",    NULL};

static void zone_save(struct api_ctx *c)
{
	struct derr e = {0};
	struct incubator_zone_input in = {.plan_w = 60, .plan_h = 40};
	json_t *out;
	api_only_fields(c, zone_fields);
	api_int(c, "site_id", API_REQUIRED, &in.site_id);
	in.name = api_str(c, "name", API_REQUIRED, 2, 40);
	in.purpose = api_str(c, "purpose", API_OPTIONAL, 1, 200);
	api_int_in(c, "area_m2", API_REQUIRED, 0, 10000000, &in.area_m2);
	api_int_in(c, "plan_w", API_OPTIONAL, 1, 1000, &in.plan_w);
	api_int_in(c, "plan_h", API_OPTIONAL, 1, 1000, &in.plan_h);
	api_int_in(c, "sort", API_OPTIONAL, 0, 1000, &in.sort);
	int64_t id = target_id(c);
	if (api_failed(c) || id < 0)
		return;
	int rc = incubator_zone_save(c->db, &c->actor, id, &in, &out, &e);
	api_incubator_reply(c, rc, &e, id ? 200 : 201, "zone", out);
}

void api_incubator_zone_create(struct api_ctx *c)
{
	zone_save(c);
}

void api_incubator_zone_update(struct api_ctx *c)
{
	zone_save(c);
}

void api_incubator_zone_plan(struct api_ctx *c)
{
	struct derr e = {0};
	struct incubator_filter f;
	int64_t id;
	json_t *out;
	api_incubator_filter(c, &f); /* ?from= is the moment shown */
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = incubator_plan(c->db, &c->actor, id, f.from ? f.from : now_seconds(), &out, &e);
	api_incubator_reply(c, rc, &e, 200, "plan", out);
}

/* The place of a room or seat on its zone's plan. */
static void place(struct api_ctx *c, struct incubator_place *at)
{
	api_int_in(c, "x", API_REQUIRED, 0, 1000, &at->x);
	api_int_in(c, "y", API_REQUIRED, 0, 1000, &at->y);
	api_int_in(c, "w", API_REQUIRED, 1, 1000, &at->w);
	api_int_in(c, "h", API_REQUIRED, 1, 1000, &at->h);
}

/* A mask from an array of names (book_roles) or ISO weekdays 1..7
 * (open_days); absent: dflt. */
static int mask_field(struct api_ctx *c, const char *field, int days, int dflt)
{
	json_t *v = c->body ? json_object_get(c->body, field) : NULL;
	size_t i;
	json_t *x;
	int mask = 0;
	if (c->failed || !v)
		return dflt;
	if (!json_is_array(v))
		goto bad;
	json_array_foreach(v, i, x)
	{
		int bit = days ? (json_is_integer(x) && json_integer_value(x) >= 1 &&
		                          json_integer_value(x) <= 7
		                      ? 1 << (json_integer_value(x) - 1)
		                      : 0)
		               : incubator_booker_from_name(json_string_value(x));
		if (!bit)
			goto bad;
		mask |= bit;
	}
	return mask;
bad:
	api_fail(c, 400, "invalid", field,
	         days ? "open_days 应为 1–7 的数组（1 为周一）"
	              : "book_roles 应为 resident、mentor、college、operator 的数组");
	return dflt;
}

/* "HH:MM" as minutes of the day (24:00 allowed for the end). */
static int minutes_field(struct api_ctx *c, const char *field, int dflt)
{
	const char *v = api_str(c, field, API_OPTIONAL, 5, 5);
	if (!v)
		return dflt;
	int h = (v[0] - '0') * 10 + (v[1] - '0'), m = (v[3] - '0') * 10 + (v[4] - '0');
	if (v[2] != ':' || strspn(v, "0123456789:") != 5 || h > 24 || m > 59 || (h == 24 && m)) {
		api_fail(c, 400, "invalid", field, arena_printf(c->arena, "%s 应为 HH:MM", field));
		return dflt;
	}
	return h * 60 + m;
}

static const char *const room_fields[] = {"zone_id",
                                          "kind",
                                          "name",
                                          "area_m2",
                                          "capacity",
                                          "equipment",
                                          "x",
                                          "y",
                                          "w",
                                          "h",
                                          "bookable",
                                          "book_roles",
                                          "open_from",
                                          "open_to",
                                          "open_days",
                                          "slot_minutes",
                                          "max_minutes",
                                          "advance_days",
                                          "week_quota_minutes",
                                          NULL};

static void room_save(struct api_ctx *c)
{
	static const char *const kinds[] = {"meeting", "roadshow", "training",
	                                    "hall",    "studio",   NULL};
	struct derr e = {0};
	struct incubator_room_input in = {0};
	int64_t slot = 60, max = 240, ahead = 14, quota = 600;
	json_t *out;
	api_only_fields(c, room_fields);
	api_int(c, "zone_id", API_REQUIRED, &in.zone_id);
	in.kind = api_str(c, "kind", API_REQUIRED, 4, 10);
	in.name = api_str(c, "name", API_REQUIRED, 1, 40);
	api_int_in(c, "area_m2", API_REQUIRED, 0, 100000, &in.area_m2);
	api_int_in(c, "capacity", API_REQUIRED, 1, 5000, &in.capacity);
	in.equipment = api_str_array(c, "equipment", 30, 40);
	place(c, &in.at);
	in.bookable = api_incubator_bool(c, "bookable", 1);
	in.rules.book_roles = mask_field(c, "book_roles", 0, 15);
	in.rules.open_from = minutes_field(c, "open_from", 8 * 60);
	in.rules.open_to = minutes_field(c, "open_to", 22 * 60);
	in.rules.open_days = mask_field(c, "open_days", 1, 127);
	api_int_in(c, "slot_minutes", API_OPTIONAL, 15, 60, &slot);
	api_int_in(c, "max_minutes", API_OPTIONAL, 15, 1440, &max);
	api_int_in(c, "advance_days", API_OPTIONAL, 1, 365, &ahead);
	api_int_in(c, "week_quota_minutes", API_OPTIONAL, 0, 10080, &quota);
	in.rules.slot_minutes = (int)slot;
	in.rules.max_minutes = (int)max;
	in.rules.advance_days = (int)ahead;
	in.rules.week_quota_minutes = (int)quota;
	int k = 0;
	while (!api_failed(c) && kinds[k] && strcmp(kinds[k], in.kind))
		k++;
	if (!api_failed(c) && !kinds[k])
		api_fail(c, 400, "invalid", "kind",
		         "kind 应为 meeting、roadshow、training、hall 或 studio");
	int64_t id = target_id(c);
	if (api_failed(c) || id < 0)
		return;
	int rc = incubator_room_save(c->db, &c->actor, id, &in, &out, &e);
	api_incubator_reply(c, rc, &e, id ? 200 : 201, "room", out);
}

void api_incubator_rooms(struct api_ctx *c)
{
	api_incubator_list(c, incubator_rooms_list);
}

void api_incubator_room_create(struct api_ctx *c)
{
	room_save(c);
}

void api_incubator_room_update(struct api_ctx *c)
{
	room_save(c);
}

void api_incubator_room_get(struct api_ctx *c)
{
	struct derr e = {0};
	struct incubator_filter f;
	int64_t id;
	json_t *out;
	api_incubator_filter(c, &f);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	if (f.from && !f.to)
		f.to = f.from + 7 * 86400;
	int rc = incubator_room_get(c->db, &c->actor, id, f.from, f.to, &out, &e);
	api_incubator_reply(c, rc, &e, 200, "room", out);
}

void api_incubator_room_door_pass(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out;
	if (api_path_id(c, &id))
		return;
	if (incubator_door_pass(c->db, &c->actor, id, &out, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_keep(c, out);
	if (!api_incubator_qr(c, out, "pass"))
		api_reply(c, 200, json_pack("{s:O}", "door", out));
}

void api_incubator_seats(struct api_ctx *c)
{
	api_incubator_list(c, incubator_seats_list);
}

static const char *const seat_fields[] = {"zone_id",        "kind", "label", "area_m2", "capacity",
                                          "equipment",      "x",    "y",     "w",       "h",
                                          "prize_reserved", NULL};

static void seat_save(struct api_ctx *c)
{
	struct derr e = {0};
	struct incubator_seat_input in = {0};
	json_t *out;
	api_only_fields(c, seat_fields);
	api_int(c, "zone_id", API_REQUIRED, &in.zone_id);
	in.kind = api_str(c, "kind", API_REQUIRED, 4, 6);
	in.label = api_str(c, "label", API_REQUIRED, 1, 20);
	api_int_in(c, "area_m2", API_REQUIRED, 0, 100000, &in.area_m2);
	in.capacity = 1;
	api_int_in(c, "capacity", API_OPTIONAL, 1, 500, &in.capacity);
	in.equipment = api_str_array(c, "equipment", 30, 40);
	place(c, &in.at);
	in.prize_reserved = api_incubator_bool(c, "prize_reserved", 0);
	if (!api_failed(c) && strcmp(in.kind, "desk") && strcmp(in.kind, "office"))
		api_fail(c, 400, "invalid", "kind",
		         "kind 应为 desk（工位）或 office（独立办公室）");
	int64_t id = target_id(c);
	if (api_failed(c) || id < 0)
		return;
	int rc = incubator_seat_save(c->db, &c->actor, id, &in, &out, &e);
	api_incubator_reply(c, rc, &e, id ? 200 : 201, "seat", out);
}

void api_incubator_seat_create(struct api_ctx *c)
{
	seat_save(c);
}

void api_incubator_seat_update(struct api_ctx *c)
{
	seat_save(c);
}

static const char *const assign_fields[] = {"project_id", "start", "end", NULL};

void api_incubator_seat_assign(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, project = 0, start = 0, end = 0;
	json_t *out;
	api_only_fields(c, assign_fields);
	api_int(c, "project_id", API_REQUIRED, &project);
	api_incubator_time(c, "start", API_OPTIONAL, &start);
	api_incubator_time(c, "end", API_OPTIONAL, &end);
	if (!api_failed(c) && !start != !end)
		api_fail(c, 400, "missing", start ? "end" : "start",
		         "起止时间须同时给出，或都不填（按协议期）");
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = incubator_seat_assign(c->db, &c->actor, id, project, start, end, &out, &e);
	api_incubator_reply(c, rc, &e, 201, "assignment", out);
}

void api_incubator_assignment_release(struct api_ctx *c)
{
	api_incubator_by_id(c, incubator_seat_release, 200, "assignment");
}

void api_incubator_occupancy(struct api_ctx *c)
{
	api_incubator_list(c, incubator_occupancy);
}
