/* Check-ins committed in groups; see gate.h. */
#include "domain/gate.h"

#include <pthread.h>

#include "base/util.h"

#define SCAN_SQL                                                                                   \
	"UPDATE fair_students SET scans = scans + 1,"                                              \
	" entered_by = CASE WHEN entered_at IS NULL THEN ? ELSE entered_by END,"                   \
	" entered_at = COALESCE(entered_at, ?), left_at = NULL"                                    \
	" WHERE id = ? AND fair_id = ? RETURNING scans, entered_at"

struct scan {
	int64_t fair, reg, actor, now, scans, entered_at;
	int rc, done;
	struct scan *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work = PTHREAD_COND_INITIALIZER;     /* scans queued, or stop */
static pthread_cond_t finished = PTHREAD_COND_INITIALIZER; /* a group was written */
static struct scan *queue, **tail = &queue;
static int running, stopping;
static pthread_t writer;

static int apply(struct store *db, struct scan *s)
{
	struct store_stmt *st =
	    store_query(db, SCAN_SQL, "iiii", s->actor, s->now, s->reg, s->fair);
	int rc = st ? store_step(st) : STORE_ERROR;
	if (rc == STORE_ROW) {
		s->scans = store_column_int64(st, 0);
		s->entered_at = store_column_int64(st, 1);
	}
	store_finalize(st);
	return rc;
}

/* Writes one group: all of it commits, or every scan in it fails. */
static void write_group(struct store *db, struct scan *group)
{
	int ok = db && store_begin(db) == STORE_OK;
	for (struct scan *s = group; ok && s; s = s->next) {
		s->rc = apply(db, s);
		ok = s->rc == STORE_ROW || s->rc == STORE_DONE;
	}
	if (ok && store_commit(db) != STORE_OK)
		ok = 0;
	if (!ok) {
		if (db)
			store_rollback(db);
		log_error("gate: a group of check-ins failed: %s", db ? store_errmsg(db) : "no db");
		for (struct scan *s = group; s; s = s->next)
			s->rc = STORE_ERROR;
	}
}

static void *write_loop(void *unused)
{
	(void)unused;
	struct store *db = store_thread();
	pthread_mutex_lock(&lock);
	for (;;) {
		while (!queue && !stopping)
			pthread_cond_wait(&work, &lock);
		if (!queue)
			break;
		struct scan *group = queue;
		queue = NULL;
		tail = &queue;
		pthread_mutex_unlock(&lock);
		write_group(db, group);
		pthread_mutex_lock(&lock);
		for (struct scan *s = group; s; s = s->next)
			s->done = 1;
		pthread_cond_broadcast(&finished);
	}
	running = 0;
	pthread_mutex_unlock(&lock);
	return NULL;
}

int gate_start(void)
{
	pthread_mutex_lock(&lock);
	stopping = 0;
	running = 1;
	pthread_mutex_unlock(&lock);
	if (pthread_create(&writer, NULL, write_loop, NULL)) {
		running = 0;
		return -1;
	}
	return 0;
}

void gate_stop(void)
{
	pthread_mutex_lock(&lock);
	int was = running;
	stopping = 1;
	pthread_cond_signal(&work);
	pthread_mutex_unlock(&lock);
	if (was)
		pthread_join(writer, NULL);
}

int gate_scan(struct store *db, int64_t fair, int64_t reg, int64_t actor, int64_t now,
              int64_t *scans, int64_t *entered_at)
{
	struct scan s = {.fair = fair, .reg = reg, .actor = actor, .now = now};
	pthread_mutex_lock(&lock);
	if (!running || stopping || store_faults_enabled()) { /* see gate.h */
		pthread_mutex_unlock(&lock);
		write_group(db, &s);
	} else {
		*tail = &s;
		tail = &s.next;
		pthread_cond_signal(&work);
		while (!s.done)
			pthread_cond_wait(&finished, &lock);
		pthread_mutex_unlock(&lock);
	}
	*scans = s.scans;
	*entered_at = s.entered_at;
	return s.rc;
}
