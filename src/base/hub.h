/*
 * hub: live events for Server-Sent Events (after Redis' pub/sub).
 *
 * A topic is an integer (a fair's id).  Each subscriber has its own
 * byte buffer of formatted "event: ...\ndata: ...\n\n" frames; publish
 * appends a frame to every subscriber of the topic and wakes the ones
 * that were parked.  The reader (the HTTP layer's content callback) drains
 * the buffer, or parks when it is empty: `park` runs under the
 * subscriber's lock, so a publish cannot slip between "empty" and
 * "parked" (the HTTP layer suspends the connection there and `wake`
 * resumes it).
 *
 * A subscriber that falls HUB_MAX_BACKLOG bytes behind is closed rather
 * than allowed to grow without bound.  A heartbeat thread sends a comment
 * frame every HUB_HEARTBEAT_S seconds so that dead peers are noticed and
 * proxies keep the stream open.
 */
#ifndef SKYWAY_BASE_HUB_H
#define SKYWAY_BASE_HUB_H

#include <stddef.h>
#include <stdint.h>

#define HUB_MAX_BACKLOG (256 * 1024)
#define HUB_HEARTBEAT_S 15

struct hub_sub;

/* Subscribes to topic; wake(arg) is called (under the subscriber's lock)
 * when bytes arrive for a parked reader.  Returns NULL when out of memory. */
struct hub_sub *hub_subscribe(int64_t topic, void (*wake)(void *), void *arg);
/* Sets the wake callback and its argument later (before the first read). */
void hub_set_wake(struct hub_sub *s, void (*wake)(void *), void *arg);
/* Appends one frame to every subscriber of topic.  data is one line of
 * JSON (no newlines). */
void hub_publish(int64_t topic, const char *event, const char *data);
/* Copies up to max pending bytes into out and returns how many.  Returns 0
 * after calling park(arg) when nothing is pending, or -1 when the
 * subscriber is closed and drained. */
long hub_read(struct hub_sub *s, char *out, size_t max, void (*park)(void *), void *arg);
/* Removes and frees the subscriber (after its reader stopped). */
void hub_unsubscribe(struct hub_sub *s);
/* Current number of subscribers (for /metrics and the bench). */
size_t hub_count(void);

/* Starts the heartbeat thread; hub_shutdown() closes every subscriber,
 * wakes them and stops the thread. */
int hub_start(void);
void hub_shutdown(void);

#endif
