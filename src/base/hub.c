/* Live event fan-out for Server-Sent Events; see hub.h. */
#include "base/hub.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"

struct hub_sub {
	struct hub_sub *prev, *next; /* in the global list, under hub_lock */
	int64_t topic;
	pthread_mutex_t lock; /* guards what follows */
	struct buf pending;
	size_t sent; /* bytes of pending already read */
	int parked;  /* the reader is waiting for wake() */
	int closed;  /* no more frames; the reader ends the stream */
	void (*wake)(void *);
	void *arg;
};

static pthread_mutex_t hub_lock = PTHREAD_MUTEX_INITIALIZER;
static struct hub_sub *subs;
static size_t nsubs;
static pthread_t beat_thread;
static int beat_running;
static pthread_cond_t beat_cond = PTHREAD_COND_INITIALIZER;

struct hub_sub *hub_subscribe(int64_t topic, void (*wake)(void *), void *arg)
{
	struct hub_sub *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->topic = topic;
	s->wake = wake;
	s->arg = arg;
	buf_init(&s->pending);
	pthread_mutex_init(&s->lock, NULL);
	/* The first frame tells the client the stream is live and how soon
	 * to reconnect after a drop. */
	buf_adds(&s->pending, "retry: 3000\nevent: hello\ndata: {}\n\n");
	pthread_mutex_lock(&hub_lock);
	s->next = subs;
	if (subs)
		subs->prev = s;
	subs = s;
	nsubs++;
	pthread_mutex_unlock(&hub_lock);
	return s;
}

void hub_set_wake(struct hub_sub *s, void (*wake)(void *), void *arg)
{
	pthread_mutex_lock(&s->lock);
	s->wake = wake;
	s->arg = arg;
	pthread_mutex_unlock(&s->lock);
}

/* Appends bytes to one subscriber and wakes its reader; under its lock. */
static void deliver(struct hub_sub *s, const char *frame, size_t len)
{
	pthread_mutex_lock(&s->lock);
	if (!s->closed) {
		if (s->pending.len - s->sent + len > HUB_MAX_BACKLOG) {
			s->closed = 1; /* too slow: end it, the client reconnects */
		} else {
			if (s->sent == s->pending.len) {
				buf_reset(&s->pending);
				s->sent = 0;
			}
			buf_add(&s->pending, frame, len);
			if (buf_failed(&s->pending))
				s->closed = 1;
		}
		if (s->parked && s->wake) {
			s->parked = 0;
			s->wake(s->arg);
		}
	}
	pthread_mutex_unlock(&s->lock);
}

static void broadcast(int all, int64_t topic, const char *frame, size_t len)
{
	pthread_mutex_lock(&hub_lock);
	for (struct hub_sub *s = subs; s; s = s->next)
		if (all || s->topic == topic)
			deliver(s, frame, len);
	pthread_mutex_unlock(&hub_lock);
}

void hub_publish(int64_t topic, const char *event, const char *data)
{
	struct buf f = BUF_INIT;
	buf_addf(&f, "event: %s\ndata: %s\n\n", event, data);
	if (!buf_failed(&f))
		broadcast(0, topic, f.data, f.len);
	buf_release(&f);
}

long hub_read(struct hub_sub *s, char *out, size_t max, void (*park)(void *), void *arg)
{
	long n;
	pthread_mutex_lock(&s->lock);
	size_t left = s->pending.len - s->sent;
	if (left) {
		n = (long)(left < max ? left : max);
		memcpy(out, s->pending.data + s->sent, (size_t)n);
		s->sent += (size_t)n;
	} else if (s->closed) {
		n = -1;
	} else {
		s->parked = 1;
		park(arg);
		n = 0;
	}
	pthread_mutex_unlock(&s->lock);
	return n;
}

void hub_unsubscribe(struct hub_sub *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&hub_lock);
	if (s->prev)
		s->prev->next = s->next;
	else
		subs = s->next;
	if (s->next)
		s->next->prev = s->prev;
	nsubs--;
	pthread_mutex_unlock(&hub_lock);
	pthread_mutex_destroy(&s->lock);
	buf_release(&s->pending);
	free(s);
}

size_t hub_count(void)
{
	pthread_mutex_lock(&hub_lock);
	size_t n = nsubs;
	pthread_mutex_unlock(&hub_lock);
	return n;
}

static void *heartbeat(void *unused)
{
	(void)unused;
	static const char ping[] = ": ping\n\n";
	pthread_mutex_lock(&hub_lock);
	while (beat_running) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += HUB_HEARTBEAT_S;
		pthread_cond_timedwait(&beat_cond, &hub_lock, &until);
		if (!beat_running)
			break;
		for (struct hub_sub *s = subs; s; s = s->next)
			deliver(s, ping, sizeof(ping) - 1);
	}
	pthread_mutex_unlock(&hub_lock);
	return NULL;
}

int hub_start(void)
{
	beat_running = 1;
	if (pthread_create(&beat_thread, NULL, heartbeat, NULL)) {
		beat_running = 0;
		return -1;
	}
	return 0;
}

void hub_shutdown(void)
{
	pthread_mutex_lock(&hub_lock);
	int was = beat_running;
	beat_running = 0;
	pthread_cond_signal(&beat_cond);
	for (struct hub_sub *s = subs; s; s = s->next) {
		pthread_mutex_lock(&s->lock);
		s->closed = 1;
		if (s->parked && s->wake) {
			s->parked = 0;
			s->wake(s->arg);
		}
		pthread_mutex_unlock(&s->lock);
	}
	pthread_mutex_unlock(&hub_lock);
	if (was)
		pthread_join(beat_thread, NULL);
}
