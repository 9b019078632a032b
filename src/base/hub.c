/* Live event fan-out for Server-Sent Events; see hub.h. */
#include "base/hub.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"

struct hub_sub {
	struct hub_sub *prev, *next; /* in its slot's list, under hub_lock */
	int64_t topic, owner;
	uint64_t seq;         /* order of subscription (the oldest ends first) */
	unsigned slot;        /* the tick of a round that delivers to it */
	pthread_mutex_t lock; /* guards what follows */
	struct buf pending;
	size_t sent; /* bytes of pending already read */
	int parked;  /* the reader is waiting for wake() */
	int closed;  /* no more frames; the reader ends the stream */
	void (*wake)(void *);
	void *arg;
};

/* A frame in the outbox (published, not yet seen by the dispatcher) or in
 * the window (published within the last round). */
struct frame {
	struct frame *next;
	int64_t topic;
	int64_t tick; /* in the window: the tick it was last published in */
	size_t len;
	char text[];
};

#define OUTBOX_MAX 4096 /* distinct frames; beyond it new ones are dropped */
#define TICK_MS    (HUB_COALESCE_MS / HUB_SLOTS)

static pthread_mutex_t hub_lock = PTHREAD_MUTEX_INITIALIZER; /* what follows */
static struct hub_sub *slots[HUB_SLOTS];                     /* newest first */
static uint64_t next_seq;
static size_t nsubs;
static int closing;

static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER; /* the outbox, running */
static pthread_cond_t out_cond = PTHREAD_COND_INITIALIZER;
static struct frame *outbox, **outbox_tail = &outbox;
static size_t outbox_len;
static int running;
static pthread_t dispatcher;

/* The dispatcher's own (no lock): frames of the last round, oldest first. */
static struct frame *window;

/* Ends a stream: its reader drains what is pending, then stops. */
static void close_sub(struct hub_sub *s)
{
	pthread_mutex_lock(&s->lock);
	s->closed = 1;
	if (s->parked && s->wake) {
		s->parked = 0;
		s->wake(s->arg);
	}
	pthread_mutex_unlock(&s->lock);
}

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
	for (unsigned j = 0; per_owner && j < HUB_SLOTS; j++)
		for (struct hub_sub *o = slots[j]; o; o = o->next) {
			pthread_mutex_lock(&o->lock);
			if (o->owner == owner && !o->closed) {
				held++;
				if (!oldest || o->seq < oldest->seq)
					oldest = o;
			}
			pthread_mutex_unlock(&o->lock);
		}
	if (!closing && per_owner && held >= per_owner) {
		close_sub(oldest);
	}
	*why = closing ? HUB_CLOSING : HUB_OK;
	if (*why == HUB_OK) {
		/* Round robin over the slots, so each tick wakes 1/HUB_SLOTS of
		 * the streams. */
		s->seq = next_seq++;
		s->slot = (unsigned)(s->seq % HUB_SLOTS);
		s->next = slots[s->slot];
		if (s->next)
			s->next->prev = s;
		slots[s->slot] = s;
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
		slots[s->slot] = s->next;
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

static int64_t mono_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void free_frames(struct frame *f)
{
	while (f) {
		struct frame *next = f->next;
		free(f);
		f = next;
	}
}

/* Moves the outbox's frames into the window, stamped with tick; a frame
 * equal to one already there is merged into it (which moves to the end:
 * the order of the last publishes). */
static void take_outbox(struct frame *batch, int64_t tick)
{
	while (batch) {
		struct frame *f = batch, **at = &window;
		batch = batch->next;
		f->tick = tick;
		f->next = NULL;
		while (*at && !((*at)->topic == f->topic && (*at)->len == f->len &&
		                !memcmp((*at)->text, f->text, f->len)))
			at = &(*at)->next;
		if (*at) { /* merged: the older copy goes */
			struct frame *old = *at;
			*at = old->next;
			free(old);
		}
		for (at = &window; *at; at = &(*at)->next)
			;
		*at = f;
	}
}

/* Drops the frames every slot has been given (published before the last
 * HUB_SLOTS ticks). */
static void expire_window(int64_t tick)
{
	struct frame **at = &window;
	while (*at) {
		if ((*at)->tick <= tick - HUB_SLOTS) {
			struct frame *old = *at;
			*at = old->next;
			free(old);
		} else {
			at = &(*at)->next;
		}
	}
}

/* The text one topic's streams get at a tick: its frames published since
 * their slot's last tick, written once and shared by all of them. */
struct round_text {
	int64_t topic;
	struct buf text;
};

/* Tick `tick` delivers to the streams of its slot what was published in
 * the round since their last tick (and a heartbeat when due). */
static void deliver_slot(int64_t tick, int beat)
{
	static const char ping[] = ": ping\n\n";
	struct round_text texts[8];
	size_t ntexts = 0;
	unsigned slot = (unsigned)(tick % HUB_SLOTS);
	pthread_mutex_lock(&hub_lock);
	for (struct hub_sub *s = slots[slot]; s; s = s->next) {
		struct round_text *rt = NULL;
		for (size_t k = 0; k < ntexts && !rt; k++)
			if (texts[k].topic == s->topic)
				rt = &texts[k];
		if (!rt && ntexts < sizeof(texts) / sizeof(texts[0])) {
			rt = &texts[ntexts++];
			rt->topic = s->topic;
			buf_init(&rt->text);
			for (struct frame *f = window; f; f = f->next)
				if (f->topic == s->topic && f->tick > tick - HUB_SLOTS)
					buf_add(&rt->text, f->text, f->len);
			if (beat)
				buf_add(&rt->text, ping, sizeof(ping) - 1);
		}
		if (rt) {
			if (rt->text.len)
				deliver(s, rt->text.data, rt->text.len);
			continue;
		}
		/* More topics at one tick than texts kept: this one's frames
		 * one by one. */
		for (struct frame *f = window; f; f = f->next)
			if (f->topic == s->topic && f->tick > tick - HUB_SLOTS)
				deliver(s, f->text, f->len);
		if (beat)
			deliver(s, ping, sizeof(ping) - 1);
	}
	pthread_mutex_unlock(&hub_lock);
	for (size_t k = 0; k < ntexts; k++)
		buf_release(&texts[k].text);
}

/* A round of HUB_COALESCE_MS is HUB_SLOTS ticks; each tick delivers to
 * one slot's streams what was published since that slot's last tick.  So
 * every stream is woken at most once a round (merged frames, as before),
 * an event reaches every stream within one round, and the writes to 2,000
 * streams are spread over the round instead of one burst that every
 * request arriving meanwhile waits behind.  While nothing was published in
 * the last round the dispatcher sleeps (waking for the heartbeat). */
static void *dispatch(void *unused)
{
	(void)unused;
	int64_t last_beat[HUB_SLOTS], tick = 0;
	for (int j = 0; j < HUB_SLOTS; j++)
		last_beat[j] = mono_ms();
	pthread_mutex_lock(&out_lock);
	while (running) {
		if (!outbox && !window) {
			/* Idle: the heartbeats due, then sleep until a publish. */
			for (int j = 0; j < HUB_SLOTS; j++)
				if (mono_ms() - last_beat[j] >= HUB_HEARTBEAT_S * 1000) {
					pthread_mutex_unlock(&out_lock);
					deliver_slot(j, 1);
					last_beat[j] = mono_ms();
					pthread_mutex_lock(&out_lock);
				}
			if (!outbox && running) {
				struct timespec until;
				clock_gettime(CLOCK_REALTIME, &until);
				until.tv_sec += 1;
				pthread_cond_timedwait(&out_cond, &out_lock, &until);
			}
			/* A publish: the slot of this very tick gets it at once. */
			tick = mono_ms() / TICK_MS;
			continue;
		}
		struct frame *batch = outbox;
		outbox = NULL;
		outbox_tail = &outbox;
		outbox_len = 0;
		pthread_mutex_unlock(&out_lock);
		take_outbox(batch, tick);
		expire_window(tick);
		int64_t now = mono_ms();
		int slot = (int)(tick % HUB_SLOTS);
		int beat = now - last_beat[slot] >= HUB_HEARTBEAT_S * 1000;
		if (window || beat)
			deliver_slot(tick, beat);
		if (beat)
			last_beat[slot] = now;
		/* Every tick in turn, also when late: a slot skipped would miss
		 * the frames of its round. */
		tick++;
		now = mono_ms();
		if (now < tick * TICK_MS) {
			struct timespec pause = {0, (tick * TICK_MS - now) * 1000000L};
			nanosleep(&pause, NULL);
		}
		pthread_mutex_lock(&out_lock);
	}
	pthread_mutex_unlock(&out_lock);
	free_frames(window);
	window = NULL;
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
	free_frames(outbox);
	outbox = NULL;
	outbox_tail = &outbox;
	outbox_len = 0;
	pthread_mutex_unlock(&out_lock);
	pthread_mutex_lock(&hub_lock);
	closing = 1;
	for (unsigned j = 0; j < HUB_SLOTS; j++)
		for (struct hub_sub *s = slots[j]; s; s = s->next)
			close_sub(s);
	pthread_mutex_unlock(&hub_lock);
}
