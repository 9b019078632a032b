/* Live event fan-out for Server-Sent Events; see hub.h. */
#include "base/hub.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"

struct hub_sub {
	struct hub_sub *prev, *next; /* in the global list, under hub_lock */
	int64_t topic, owner;
	pthread_mutex_t lock; /* guards what follows */
	struct buf pending;
	size_t sent; /* bytes of pending already read */
	int parked;  /* the reader is waiting for wake() */
	int closed;  /* no more frames; the reader ends the stream */
	void (*wake)(void *);
	void *arg;
};

/* A frame waiting in the outbox. */
struct frame {
	struct frame *next;
	int64_t topic;
	size_t len;
	char text[];
};

#define OUTBOX_MAX 4096 /* distinct frames; beyond it new ones are dropped */

static pthread_mutex_t hub_lock = PTHREAD_MUTEX_INITIALIZER; /* subs, nsubs, closing */
static struct hub_sub *subs;
static size_t nsubs;
static int closing;

static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER; /* the outbox, running */
static pthread_cond_t out_cond = PTHREAD_COND_INITIALIZER;
static struct frame *outbox, **outbox_tail = &outbox;
static size_t outbox_len;
static int running;
static pthread_t dispatcher;

struct hub_sub *hub_subscribe(int64_t topic, int64_t owner, int per_owner, enum hub_refusal *why)
{
	struct hub_sub *s = calloc(1, sizeof(*s));
	if (!s) {
		*why = HUB_NOMEM;
		return NULL;
	}
	s->topic = topic;
	s->owner = owner;
	buf_init(&s->pending);
	pthread_mutex_init(&s->lock, NULL);
	/* The first frame tells the client the stream is live and how soon
	 * to reconnect after a drop. */
	buf_adds(&s->pending, "retry: 3000\nevent: hello\ndata: {}\n\n");
	pthread_mutex_lock(&hub_lock);
	/* Over the owner's limit, the oldest of their open streams ends: it
	 * is most likely a page left behind or a phone that changed networks
	 * (a dead peer is only noticed when a write to it fails). */
	int held = 0;
	struct hub_sub *oldest = NULL;
	for (struct hub_sub *o = subs; per_owner && o; o = o->next) {
		pthread_mutex_lock(&o->lock);
		if (o->owner == owner && !o->closed)
			held++, oldest = o; /* the list is newest first */
		pthread_mutex_unlock(&o->lock);
	}
	if (!closing && per_owner && held >= per_owner) {
		pthread_mutex_lock(&oldest->lock);
		oldest->closed = 1;
		if (oldest->parked && oldest->wake) {
			oldest->parked = 0;
			oldest->wake(oldest->arg);
		}
		pthread_mutex_unlock(&oldest->lock);
	}
	*why = closing ? HUB_CLOSING : HUB_OK;
	if (*why == HUB_OK) {
		s->next = subs;
		if (subs)
			subs->prev = s;
		subs = s;
		nsubs++;
	}
	pthread_mutex_unlock(&hub_lock);
	if (*why != HUB_OK) {
		pthread_mutex_destroy(&s->lock);
		buf_release(&s->pending);
		free(s);
		return NULL;
	}
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
static void deliver(struct hub_sub *s, const char *text, size_t len)
{
	pthread_mutex_lock(&s->lock);
	if (!s->closed) {
		size_t unread = s->pending.len - s->sent;
		if (unread + len > HUB_MAX_BACKLOG) {
			s->closed = 1; /* too slow: end it, the client reconnects */
		} else {
			/* Drop what was read once it is most of the buffer, so a
			 * reader that is always a little behind does not grow it. */
			if (s->sent && s->sent >= unread) {
				memmove(s->pending.data, s->pending.data + s->sent, unread);
				s->pending.len = unread;
				s->pending.data[unread] = '\0';
				s->sent = 0;
			}
			buf_add(&s->pending, text, len);
			if (buf_failed(&s->pending))
				s->closed = 1;
		}
	}
	if (s->parked && s->wake) {
		s->parked = 0;
		s->wake(s->arg);
	}
	pthread_mutex_unlock(&s->lock);
}

void hub_publish(int64_t topic, const char *event, const char *data)
{
	struct buf f = BUF_INIT;
	buf_addf(&f, "event: %s\ndata: %s\n\n", event, data);
	if (buf_failed(&f))
		return;
	pthread_mutex_lock(&out_lock);
	int merged = !running;
	for (struct frame *o = outbox; o && !merged; o = o->next)
		merged = o->topic == topic && o->len == f.len && !memcmp(o->text, f.data, f.len);
	struct frame *fr =
	    merged || outbox_len >= OUTBOX_MAX ? NULL : malloc(sizeof(*fr) + f.len + 1);
	if (fr) {
		fr->next = NULL;
		fr->topic = topic;
		fr->len = f.len;
		memcpy(fr->text, f.data, f.len + 1);
		*outbox_tail = fr;
		outbox_tail = &fr->next;
		outbox_len++;
		pthread_cond_signal(&out_cond);
	}
	pthread_mutex_unlock(&out_lock);
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

static void deliver_all(struct frame *batch, int beat)
{
	static const char ping[] = ": ping\n\n";
	pthread_mutex_lock(&hub_lock);
	for (struct hub_sub *s = subs; s; s = s->next) {
		for (struct frame *f = batch; f; f = f->next)
			if (f->topic == s->topic)
				deliver(s, f->text, f->len);
		if (beat)
			deliver(s, ping, sizeof(ping) - 1);
	}
	pthread_mutex_unlock(&hub_lock);
}

static int64_t mono_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Waits for frames, lets a burst gather for HUB_COALESCE_MS, delivers it;
 * beats the heartbeat when nothing was sent for a while. */
static void *dispatch(void *unused)
{
	(void)unused;
	int64_t last_beat = mono_ms();
	pthread_mutex_lock(&out_lock);
	while (running) {
		if (!outbox) {
			struct timespec until;
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_sec += 1;
			pthread_cond_timedwait(&out_cond, &out_lock, &until);
		}
		int beat = mono_ms() - last_beat >= HUB_HEARTBEAT_S * 1000;
		if (!running || (!outbox && !beat))
			continue;
		if (outbox && !beat) { /* let the burst gather */
			pthread_mutex_unlock(&out_lock);
			struct timespec pause = {0, HUB_COALESCE_MS * 1000000L};
			nanosleep(&pause, NULL);
			pthread_mutex_lock(&out_lock);
		}
		struct frame *batch = outbox;
		outbox = NULL;
		outbox_tail = &outbox;
		outbox_len = 0;
		pthread_mutex_unlock(&out_lock);
		deliver_all(batch, beat);
		if (beat)
			last_beat = mono_ms();
		while (batch) {
			struct frame *next = batch->next;
			free(batch);
			batch = next;
		}
		pthread_mutex_lock(&out_lock);
	}
	pthread_mutex_unlock(&out_lock);
	return NULL;
}

int hub_start(void)
{
	pthread_mutex_lock(&out_lock);
	running = 1;
	pthread_mutex_unlock(&out_lock);
	if (pthread_create(&dispatcher, NULL, dispatch, NULL)) {
		running = 0;
		return -1;
	}
	return 0;
}

void hub_shutdown(void)
{
	pthread_mutex_lock(&out_lock);
	int was = running;
	running = 0;
	pthread_cond_signal(&out_cond);
	pthread_mutex_unlock(&out_lock);
	if (was)
		pthread_join(dispatcher, NULL);
	pthread_mutex_lock(&out_lock);
	while (outbox) {
		struct frame *next = outbox->next;
		free(outbox);
		outbox = next;
	}
	outbox_tail = &outbox;
	outbox_len = 0;
	pthread_mutex_unlock(&out_lock);
	pthread_mutex_lock(&hub_lock);
	closing = 1;
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
}
