/*
 * fair_queue: booth queues while a fair is live (virtual tickets, 取号排队).
 * A student who entered takes a ticket at a booth (handing the enterprise
 * their résumé: a consent is recorded) and holds at most the fair's
 * ticket_limit at once; HR call the next number and mark each seen or
 * absent.
 *
 * A ticket's place is the number of waiting tickets at the booth with a
 * smaller number, plus one; its estimated wait is place × the booth's
 * average time per student (from tickets seen so far, 5 minutes until
 * there are any) ÷ its interview tables.
 */
#ifndef SKYWAY_DOMAIN_FAIR_QUEUE_H
#define SKYWAY_DOMAIN_FAIR_QUEUE_H

#include "domain/fair.h"

/* Student a takes a ticket at enterprise ent's booth (again at the end of
 * the queue after leaving it).  *ticket: the ticket with its place and
 * wait (new reference).  0, or -1 with e. */
int fair_ticket_take(struct store *db, const struct actor *a, int64_t id, int64_t ent,
                     json_t **ticket, struct derr *e);
/* Student a leaves the queue of their ticket tid.  *items: their tickets
 * afterwards, as fair_tickets_mine().  0, or -1 with e (404). */
int fair_ticket_cancel(struct store *db, const struct actor *a, int64_t id, int64_t tid,
                       json_t **items, struct derr *e);
/* Student a's tickets at fair id, active first, each with place and wait.
 * *items is a new reference.  0, or -1 with e. */
int fair_tickets_mine(struct store *db, const struct actor *a, int64_t id, json_t **items,
                      struct derr *e);
/* The queue of a booth: HR their own enterprise's (naming another is
 * 403), the operator the one named (0: none, 404).  *out: enterprise_id,
 * waiting, called, done (the last 50), seen_count, no_show_count,
 * avg_service_seconds, tables (new reference).  0, or -1 with e. */
int fair_queue(struct store *db, const struct actor *a, int64_t id, int64_t named, json_t **out,
               struct derr *e);
/* Calls the lowest waiting number at the booth (as fair_queue() picks it);
 * the first call shows the enterprise is present.  *ticket: the called
 * ticket with its student (new reference).  0, or -1 with e (409 "empty"
 * when nobody waits). */
int fair_queue_call(struct store *db, const struct actor *a, int64_t id, int64_t named,
                    json_t **ticket, struct derr *e);
/* Marks ticket tid "seen" (已面谈) or "no_show" (未到); a waiting ticket
 * may be marked directly.  HR only at their own booth (403, audited).
 * *ticket as for fair_queue_call.  0, or -1 with e (409 when done). */
int fair_queue_mark(struct store *db, const struct actor *a, int64_t id, int64_t tid,
                    const char *outcome, json_t **ticket, struct derr *e);

#endif
