/*
 * incubator_sites: the places of the incubator network.  Sites (the HQ
 * in the zone, campus bases each in a college), their zones (the HQ's
 * five: 创客孵化区, 创业培训区, 路演中心, 人才基地, 校企合作区), rooms booked by
 * the hour with their booking rules, and seats (工位) and offices assigned
 * to resident projects.  Rooms and seats have a place on their zone's
 * floor plan (x, y, w, h in metres on a plan_w x plan_h canvas) and a
 * state at any moment:
 *
 *   room   free | held (a hold covers the moment) | occupied (a booking does)
 *   seat   free | held (assigned from a later day) | occupied | reserved
 *          (kept free for a competition prize winner)
 *
 * Everyone logged in reads the places; only the operator changes them and
 * sees which project holds a seat (college staff too).
 */
#ifndef SKYWAY_DOMAIN_INCUBATOR_SITES_H
#define SKYWAY_DOMAIN_INCUBATOR_SITES_H

#include "domain/incubator.h"

struct incubator_site_input {
	const char *kind; /* "hq" or "campus" */
	const char *name, *address;
	int64_t college_id; /* campus bases: the college; 0 for the HQ */
	int64_t area_m2;    /* area under management */
};
struct incubator_zone_input {
	int64_t site_id;
	const char *name, *purpose;
	int64_t area_m2, plan_w, plan_h, sort;
};
struct incubator_place {
	int64_t x, y, w, h; /* on the zone's plan, inside plan_w x plan_h */
};
struct incubator_room_input {
	int64_t zone_id;
	const char *kind; /* meeting, roadshow, training, hall, studio */
	const char *name;
	int64_t area_m2, capacity;
	const json_t *equipment; /* array of strings, or NULL */
	struct incubator_place at;
	int bookable;
	struct incubator_rules rules;
};
struct incubator_seat_input {
	int64_t zone_id;
	const char *kind; /* desk (工位) or office (独立办公室) */
	const char *label;
	int64_t area_m2, capacity;
	const json_t *equipment;
	struct incubator_place at;
	int prize_reserved;
};

/* Create (id 0) or replace (id) a site, zone, room or seat (operator).
 * Checks what the api could not: the college, the zone, the place inside
 * the plan, the rules.  *out: the object as its list shows it. */
int incubator_site_save(struct store *db, const struct actor *a, int64_t id,
                        const struct incubator_site_input *in, json_t **out, struct derr *e);
int incubator_zone_save(struct store *db, const struct actor *a, int64_t id,
                        const struct incubator_zone_input *in, json_t **out, struct derr *e);
int incubator_room_save(struct store *db, const struct actor *a, int64_t id,
                        const struct incubator_room_input *in, json_t **out, struct derr *e);
int incubator_seat_save(struct store *db, const struct actor *a, int64_t id,
                        const struct incubator_seat_input *in, json_t **out, struct derr *e);

/* Lists (incubator_list_fn): sites with their figures; zones (f->site_id);
 * rooms (f->site_id, zone_id, kind; bookable ones unless the operator asks
 * ?status=all): id, name, site, zone, capacity and the rules; seats with
 * their state now (f->site_id, zone_id, status = a state). */
int incubator_sites_list(struct store *db, const struct actor *a, const struct incubator_filter *f,
                         json_t **items, struct derr *e);
int incubator_zones_list(struct store *db, const struct actor *a, const struct incubator_filter *f,
                         json_t **items, struct derr *e);
int incubator_rooms_list(struct store *db, const struct actor *a, const struct incubator_filter *f,
                         json_t **items, struct derr *e);
int incubator_seats_list(struct store *db, const struct actor *a, const struct incubator_filter *f,
                         json_t **items, struct derr *e);
/* Occupancy per site and zone: seats, occupied, held, reserved, free,
 * the occupied area. */
int incubator_occupancy(struct store *db, const struct actor *a, const struct incubator_filter *f,
                        json_t **items, struct derr *e);

/* Room id with its rules and the bookings of [from, to) (default: this
 * week) as everyone may see them (no titles or bookers but the caller's
 * own).  *out is a new reference. */
int incubator_room_get(struct store *db, const struct actor *a, int64_t id, int64_t from,
                       int64_t to, json_t **out, struct derr *e);
/* Zone id's floor plan at time `at`: the zone and its rooms and seats with
 * their places and states. */
int incubator_plan(struct store *db, const struct actor *a, int64_t zone_id, int64_t at,
                   json_t **out, struct derr *e);

/* Assigns seat to project for [start, end) (operator; default: the
 * project's agreement).  The database refuses a seat held by another
 * project meanwhile: 409 naming that project.  *out: the assignment. */
int incubator_seat_assign(struct store *db, const struct actor *a, int64_t seat, int64_t project,
                          int64_t start, int64_t end, json_t **out, struct derr *e);
/* Ends assignment id now (or cancels it when it has not started). */
int incubator_seat_release(struct store *db, const struct actor *a, int64_t id, json_t **out,
                           struct derr *e);
/* Frees every seat of project from `now` (graduation, exit) inside the
 * caller's transaction.  0, or -1 with e. */
int incubator_seats_free(struct store *db, int64_t project, int64_t now, struct derr *e);

#endif
