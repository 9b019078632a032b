/*
 * incubator_bookings: rooms booked by the hour (the state machine is drawn
 * in incubator.h; the rules of a room in incubator_rules.h).
 *
 *  - Who books: members of a resident project (for their project: its
 *    weekly quota applies), mentors, college staff and the operator, as
 *    the room's book_roles allow (the operator always; nor is it bound by
 *    how far ahead or the quota).
 *  - A booking is confirmed at once, or held (hold: true) for 10 minutes
 *    while a form is filled, then confirmed; an expired hold frees the slot
 *    and can no longer be confirmed (409 `expired`).
 *  - A weekly series is created at once: every occurrence that breaks no
 *    rule and overlaps nothing is booked, the others are reported with
 *    their reason (and the booking they overlap).
 *  - Check-in: the room's door carries a signed QR sign (domain/pass.h,
 *    kind "SKYR"); the booker scans it from 15 minutes before the start
 *    until the end.  The operator marks no-shows once a booking started.
 *  - Cancel: the booker, a member of its project, or the operator; others
 *    only before the start.
 *
 * A 409 names the overlapped booking by its public shape only (id, times,
 * status): never its title, booker or project.
 */
#ifndef SKYWAY_DOMAIN_INCUBATOR_BOOKINGS_H
#define SKYWAY_DOMAIN_INCUBATOR_BOOKINGS_H

#include "domain/incubator.h"
#include "domain/pass.h"

struct incubator_booking_input {
	int64_t room_id;
	int64_t project_id; /* a resident member's project (0: their only one) */
	int64_t start, end;
	const char *title;
	int hold;
	int64_t until; /* series: occurrences every week while they start before it */
};

/* Books a room.  201 material: *out the booking as its owner sees it.
 * A conflict is 409 `conflict` (field start) with *conflict the public
 * shape of the overlapped booking (a new reference; NULL otherwise). */
int incubator_booking_create(struct store *db, const struct actor *a,
                             const struct incubator_booking_input *in, json_t **out,
                             json_t **conflict, struct derr *e);
/* A weekly series (in->until): *out {"series_id","created":[booking…],
 * "conflicts":[{"start_at","end_at","start","end","code","message",
 * "conflict":{…}|null}…]}.  409 `conflict` when no occurrence could be
 * booked (then *out still holds the report; nothing was written). */
int incubator_booking_series(struct store *db, const struct actor *a,
                             const struct incubator_booking_input *in, json_t **out,
                             struct derr *e);
/* Confirms a held booking (its booker), optionally retitled. */
int incubator_booking_confirm(struct store *db, const struct actor *a, int64_t id,
                              const char *title, json_t **out, struct derr *e);
int incubator_booking_cancel(struct store *db, const struct actor *a, int64_t id, json_t **out,
                             struct derr *e);
/* Marks a confirmed booking that started without a check-in as a no-show
 * (operator; college staff for rooms of their college's base). */
int incubator_booking_no_show(struct store *db, const struct actor *a, int64_t id, json_t **out,
                              struct derr *e);
/* Booking id as a may see it (its own in full, others' public shape). */
int incubator_booking_get(struct store *db, const struct actor *a, int64_t id, json_t **out,
                          struct derr *e);
/* The caller's own and their projects' bookings (the operator: all), in
 * f->from..to (default: this week and the four after), by room, project,
 * status. */
int incubator_bookings_list(struct store *db, const struct actor *a,
                            const struct incubator_filter *f, json_t **items, struct derr *e);

/* The signed sign of room id's door (operator): {"room_id","room","pass",
 * "expires_at"}; the api adds its QR code. */
int incubator_door_pass(struct store *db, const struct actor *a, int64_t room, json_t **out,
                        struct derr *e);
/* The caller scanned a door sign: checks in their booking of that room
 * running now.  *out {"result":"checked_in"|"already","booking":{…}}. */
int incubator_booking_checkin(struct store *db, const struct actor *a, const char *pass,
                              json_t **out, struct derr *e);

#endif
