#include "domain/throttle.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

int throttle_address_limit = 30;

#define SLOTS 4096

struct slot {
	char address[48];
	int64_t window; /* minute number */
	int count;
};

static struct slot slots[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static unsigned hash(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* Open addressing over a fixed table; a slot whose window has passed is
 * free.  When the table is full of live entries the probe evicts the
 * last one it saw, so memory stays bounded under an address flood. */
int throttle_address_hit(const char *address, int64_t now)
{
	int64_t minute = now / 60;
	unsigned h = hash(address);
	struct slot *s = NULL;
	int over;

	pthread_mutex_lock(&lock);
	for (unsigned i = 0; i < 16; i++) {
		s = &slots[(h + i) % SLOTS];
		if (s->window == minute && !strcmp(s->address, address))
			break;
		if (s->window != minute) {
			snprintf(s->address, sizeof(s->address), "%s", address);
			s->window = minute;
			s->count = 0;
			break;
		}
	}
	if (s->window != minute || strcmp(s->address, address)) {
		snprintf(s->address, sizeof(s->address), "%s", address);
		s->window = minute;
		s->count = 0;
	}
	over = ++s->count > throttle_address_limit;
	pthread_mutex_unlock(&lock);
	return over;
}

int throttle_login_locked(struct store *db, const char *login, int64_t now)
{
	int64_t n = 0;
	int rc =
	    store_int64(db, &n, "SELECT COUNT(*) FROM login_failures WHERE login = ? AND at > ?",
	                "ti", login, now - THROTTLE_LOGIN_WINDOW);
	if (rc != STORE_ROW)
		return -1;
	return n >= THROTTLE_LOGIN_MAX;
}

int throttle_login_failed(struct store *db, const char *login, const char *address, int64_t now)
{
	store_run(db, "DELETE FROM login_failures WHERE at <= ?", "i", now - THROTTLE_LOGIN_WINDOW);
	return store_run(db, "INSERT INTO login_failures (login, address, at) VALUES (?, ?, ?)",
	                 "tti", login, address, now);
}

int throttle_login_succeeded(struct store *db, const char *login)
{
	return store_run(db, "DELETE FROM login_failures WHERE login = ?", "t", login);
}
