/*
 * hub: live events for Server-Sent Events (after Redis' pub/sub).
 *
 * A topic is an integer (a fair's id).  Each subscriber has its own byte
 * buffer of formatted "event: ...\ndata: ...\n\n" frames.  The reader
 * (the HTTP layer's content callback) drains the buffer, or parks when it
 * is empty: `park` runs under the subscriber's lock, so a delivery cannot
 * slip between "empty" and "parked" (the HTTP layer suspends the
 * connection there and `wake` resumes it).
 *
 * Publishing never fans out on the caller's thread.  hub_publish() puts
 * the frame in an outbox, where a frame equal to one already waiting
 * (same topic, event and data) is merged into it.  A dispatcher thread
 * delivers in rounds of HUB_COALESCE_MS, each of HUB_SLOTS ticks: the
 * streams are dealt round robin into slots, and a tick gives its slot's
 * streams the frames published since their last tick (equal ones merged,
 * written once per topic and copied to each), waking each stream once.
 * So a burst of 1,000 check-ins a second costs the 2,000 open streams a
 * few frames a second, not two million deliveries; an event reaches every
 * stream within one round; and the wakes are spread over the round (80
 * streams every 10 ms, not 2,000 at once), so a request arriving
 * meanwhile does not queue behind a whole fan-out.  The request that
 * published does not wait for any of it.
 *
 * Limits: a subscriber that falls HUB_MAX_BACKLOG bytes behind is closed
 * (its client reconnects); one owner (an account) holds at most
 * `per_owner` streams, a new one ending the oldest; after hub_shutdown() no stream opens and every
 * open one ends.  A heartbeat comment every HUB_HEARTBEAT_S seconds notices dead peers and keeps
 * proxies from closing idle streams.
 */
#ifndef SKYWAY_BASE_HUB_H
#define SKYWAY_BASE_HUB_H

#include <stddef.h>
#include <stdint.h>

#define HUB_MAX_BACKLOG (256 * 1024)
#define HUB_HEARTBEAT_S 15
#define HUB_COALESCE_MS 250
#define HUB_SLOTS       25 /* ticks per round (HUB_COALESCE_MS / HUB_SLOTS ms each) */

struct hub_sub;

enum hub_refusal { HUB_OK = 0, HUB_NOMEM, HUB_CLOSING };

/* Subscribes owner to topic (per_owner: the most streams one owner may
 * hold, 0 for no limit; beyond it the owner's oldest stream ends).
 * Returns the subscriber, or NULL with *why set. */
struct hub_sub *hub_subscribe(int64_t topic, int64_t owner, int per_owner, enum hub_refusal *why);
/* Sets the wake callback (called under the subscriber's lock when frames
 * arrive for a parked reader) and its argument, before the first read. */
void hub_set_wake(struct hub_sub *s, void (*wake)(void *), void *arg);
/* Queues one frame for every subscriber of topic.  data is one line of
 * JSON (no newlines).  Does nothing while no dispatcher runs. */
void hub_publish(int64_t topic, const char *event, const char *data);
/* Copies up to max pending bytes into out and returns how many.  Returns 0
 * after calling park(arg) when nothing is pending, or -1 when the
 * subscriber is closed and drained. */
long hub_read(struct hub_sub *s, char *out, size_t max, void (*park)(void *), void *arg);
/* Removes and frees the subscriber (after its reader stopped). */
void hub_unsubscribe(struct hub_sub *s);
/* Current number of subscribers (for /metrics and the bench). */
size_t hub_count(void);

/* Starts the dispatcher (which also beats the heartbeat).  hub_shutdown()
 * refuses new subscribers, closes and wakes every open one, and stops the
 * dispatcher. */
int hub_start(void);
void hub_shutdown(void);

#endif
