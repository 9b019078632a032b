/*
 * The incubator's handlers (api_incubator*.c) and what they share: times
 * in and out, list filters from the query string, the answer of a domain
 * call, the 409 naming an overlapped booking.  The services are in
 * domain/incubator*.h; docs/incubator.md is the tour, docs/api.md the
 * contract.
 */
#ifndef SKYWAY_API_API_INCUBATOR_H
#define SKYWAY_API_API_INCUBATOR_H

#include "api/api.h"
#include "domain/incubator.h"

/* A time field: ISO 8601 with an offset ("2026-12-08T14:00:00+08:00") or
 * epoch seconds.  0 and *out; 1 when absent and optional; -1 failed
 * (400 naming the field). */
int api_incubator_time(struct api_ctx *c, const char *field, int required, int64_t *out);
/* A boolean field; absent: dflt. */
int api_incubator_bool(struct api_ctx *c, const char *field, int dflt);
/* The list filters of the query string (incubator.h); 400 when one is
 * malformed (api_failed). */
void api_incubator_filter(struct api_ctx *c, struct incubator_filter *f);
/* Answers one page (?page=, ?page_size=) of items (takes them):
 * {"items","total","page","page_size"}. */
void api_incubator_page(struct api_ctx *c, json_t *items);
/* Answers a list service called with the query's filters, one page of
 * it. */
void api_incubator_list(struct api_ctx *c, incubator_list_fn list);
/* A service that takes the {id} of the path and answers one object. */
typedef int (*api_incubator_id_fn)(struct store *db, const struct actor *a, int64_t id,
                                   json_t **out, struct derr *e);
/* Calls fn with the path's {id} and answers status {key: out}; a body with
 * any field is refused (400 unknown_field). */
void api_incubator_by_id(struct api_ctx *c, api_incubator_id_fn fn, int status, const char *key);
/* Answers a domain call: its failure, or status {key: out}. */
void api_incubator_reply(struct api_ctx *c, int rc, const struct derr *e, int status,
                         const char *key, json_t *out);
/* As api_incubator_reply, and a 409 carries the overlapped booking as
 * error.conflict (the public shape: id, room_id, times, status). */
void api_incubator_reply_booking(struct api_ctx *c, int rc, const struct derr *e, int status,
                                 const char *key, json_t *out, json_t *conflict);
/* Adds out[key "_qr_svg"]... : the QR code (SVG) of out[key] as
 * out["qr_svg"]; 0, or -1 after answering 500. */
int api_incubator_qr(struct api_ctx *c, json_t *out, const char *key);

/* Handlers, by file. */
/* api_incubator_places.c: sites, zones, rooms, seats, plan, occupancy */
void api_incubator_sites(struct api_ctx *c);
void api_incubator_site_create(struct api_ctx *c);
void api_incubator_site_update(struct api_ctx *c);
void api_incubator_zones(struct api_ctx *c);
void api_incubator_zone_create(struct api_ctx *c);
void api_incubator_zone_update(struct api_ctx *c);
void api_incubator_zone_plan(struct api_ctx *c);
void api_incubator_rooms(struct api_ctx *c);
void api_incubator_room_create(struct api_ctx *c);
void api_incubator_room_get(struct api_ctx *c);
void api_incubator_room_update(struct api_ctx *c);
void api_incubator_room_door_pass(struct api_ctx *c);
void api_incubator_seats(struct api_ctx *c);
void api_incubator_seat_create(struct api_ctx *c);
void api_incubator_seat_update(struct api_ctx *c);
void api_incubator_seat_assign(struct api_ctx *c);
void api_incubator_assignment_release(struct api_ctx *c);
void api_incubator_occupancy(struct api_ctx *c);
/* api_incubator_bookings.c */
void api_incubator_bookings(struct api_ctx *c);
void api_incubator_booking_create(struct api_ctx *c);
void api_incubator_booking_series(struct api_ctx *c);
void api_incubator_booking_get(struct api_ctx *c);
void api_incubator_booking_confirm(struct api_ctx *c);
void api_incubator_booking_cancel(struct api_ctx *c);
void api_incubator_booking_no_show(struct api_ctx *c);
void api_incubator_checkin(struct api_ctx *c);
/* api_incubator_projects.c: projects, members, plan, mentors, milestones */
void api_incubator_projects(struct api_ctx *c);
void api_incubator_project_apply(struct api_ctx *c);
void api_incubator_project_get(struct api_ctx *c);
void api_incubator_project_update(struct api_ctx *c);
void api_incubator_project_withdraw(struct api_ctx *c);
void api_incubator_project_review(struct api_ctx *c);
void api_incubator_project_leave(struct api_ctx *c);
void api_incubator_project_graduation(struct api_ctx *c);
void api_incubator_member_add(struct api_ctx *c);
void api_incubator_member_remove(struct api_ctx *c);
void api_incubator_plan_upload(struct api_ctx *c);
void api_incubator_plan_download(struct api_ctx *c);
void api_incubator_project_mentors(struct api_ctx *c);
void api_incubator_milestone_save(struct api_ctx *c);
/* api_incubator_reports.c: reports, reminders, hiring, services */
void api_incubator_report_submit(struct api_ctx *c);
void api_incubator_reports(struct api_ctx *c);
void api_incubator_report_get(struct api_ctx *c);
void api_incubator_report_hire(struct api_ctx *c);
void api_incubator_reminders(struct api_ctx *c);
void api_incubator_service_request(struct api_ctx *c);
void api_incubator_services(struct api_ctx *c);
void api_incubator_service_assign(struct api_ctx *c);
void api_incubator_service_done(struct api_ctx *c);
void api_incubator_service_cancel(struct api_ctx *c);
void api_incubator_service_rate(struct api_ctx *c);
/* api_incubator_activities.c: activities, mentors' sessions */
void api_incubator_activities(struct api_ctx *c);
void api_incubator_activity_create(struct api_ctx *c);
void api_incubator_activity_get(struct api_ctx *c);
void api_incubator_activity_update(struct api_ctx *c);
void api_incubator_activity_status(struct api_ctx *c);
void api_incubator_activity_register(struct api_ctx *c);
void api_incubator_activity_unregister(struct api_ctx *c);
void api_incubator_activity_pass(struct api_ctx *c);
void api_incubator_activity_checkin(struct api_ctx *c);
void api_incubator_activity_feedback(struct api_ctx *c);
void api_incubator_activity_registrations(struct api_ctx *c);
void api_incubator_mentors(struct api_ctx *c);
void api_incubator_sessions(struct api_ctx *c);
void api_incubator_session_create(struct api_ctx *c);
void api_incubator_session_log(struct api_ctx *c);
void api_incubator_session_rate(struct api_ctx *c);
/* api_incubator.c: dashboard, settings, exports */
void api_incubator_dashboard(struct api_ctx *c);
void api_incubator_settings_get(struct api_ctx *c);
void api_incubator_settings_set(struct api_ctx *c);
void api_incubator_export(struct api_ctx *c);

#endif
