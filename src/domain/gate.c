/* Scans at the gate committed in groups; see gate.h. */
#include "domain/gate.h"

#include <pthread.h>

#include "base/util.h"

#define IN_SQL                                                                                     \
	"UPDATE fair_students SET scans = scans + 1,"                                              \
	" entered_by = CASE WHEN entered_at IS NULL THEN ? ELSE entered_by END,"                   \
	" entered_at = COALESCE(entered_at, ?), left_at = NULL, left_by = NULL"                    \
	" WHERE id = ? AND fair_id = ? RETURNING scans, entered_at"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work = PTHREAD_COND_INITIALIZER;     /* scans queued, or stop */
static pthread_cond_t finished = PTHREAD_COND_INITIALIZER; /* a group was written */
static struct gate_scan *queue, **tail = &queue;
static int running, stopping;
static unsigned waiting; /* queued or being written */
static pthread_t writer;

static int apply_out(struct store *db, struct gate_scan *s)
{
	s->already = 0;
	int rc = store_int64(db, &s->left_at,
	                     "UPDATE fair_students SET left_at = ?, left_by = ? WHERE id = ? AND"
	                     " fair_id = ? AND left_at IS NULL RETURNING left_at",
	                     "iiii", s->now, s->actor, s->reg, s->fair);
	if (rc != STORE_DONE)
		return rc;
	/* Left before: the first exit's time stands. */
	s->already = 1;
	return store_int64(db, &s->left_at,
	                   "SELECT left_at FROM fair_students WHERE id = ? AND fair_id = ?"
	                   " AND left_at IS NOT NULL",
	                   "ii", s->reg, s->fair);
}

static int apply(struct store *db, struct gate_scan *s)
{
	if (s->op == GATE_OUT)
		return apply_out(db, s);
	struct store_stmt *st = store_query(db, IN_SQL, "iiii", s->actor, s->now, s->reg, s->fair);
	int rc = st ? store_step(st) : STORE_ERROR;
	if (rc == STORE_ROW) {
		s->scans = store_column_int64(st, 0);
		s->entered_at = store_column_int64(st, 1);
	}
	store_finalize(st);
	return rc;
}

/* Writes one group: all of it commits, or every scan in it fails. */
static void write_group(struct store *db, struct gate_scan *group)
{
	int ok = db && store_begin(db) == STORE_OK;
	for (struct gate_scan *s = group; ok && s; s = s->next) {
		s->rc = apply(db, s);
		ok = s->rc == STORE_ROW || s->rc == STORE_DONE;
	}
	if (ok && store_commit(db) != STORE_OK)
		ok = 0;
	if (!ok) {
		if (db)
			store_rollback(db);
		log_error("gate: a group of scans failed: %s", db ? store_errmsg(db) : "no db");
		for (struct gate_scan *s = group; s; s = s->next)
			s->rc = STORE_ERROR;
	}
}

/* Tells each request of a written group its result.  A parked request is
 * woken outside the lock (its wake takes the HTTP layer's locks); no scan
 * is touched once told: a waiting caller returns and a resumed request
 * may free its scan at once.  The parked ones are relinked first. */
static void finish_group(struct gate_scan *group)
{
	struct gate_scan *parked = NULL, **pt = &parked, *next;
	pthread_mutex_lock(&lock);
	for (struct gate_scan *s = group; s; s = next) {
		next = s->next;
		waiting--;
		if (s->wake) {
			*pt = s;
			pt = &s->next;
		} else {
			s->done = 1;
		}
	}
	*pt = NULL;
	pthread_cond_broadcast(&finished);
	pthread_mutex_unlock(&lock);
	for (struct gate_scan *s = parked; s; s = next) {
		next = s->next;
		s->wake(s->arg);
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
		struct gate_scan *group = queue;
		queue = NULL;
		tail = &queue;
		pthread_mutex_unlock(&lock);
		write_group(db, group);
		finish_group(group);
		pthread_mutex_lock(&lock);
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

/* Queues s for the writer (park(arg) first, when given) and returns 1, or
 * returns 0 when no writer takes it (see gate.h); called with the lock. */
static int enqueue(struct gate_scan *s, void (*park)(void *), void (*wake)(void *), void *arg)
{
	s->next = NULL;
	s->done = 0;
	s->wake = wake;
	s->arg = arg;
	if (!running || stopping || store_faults_enabled())
		return 0;
	if (park)
		park(arg);
	*tail = s;
	tail = &s->next;
	waiting++;
	pthread_cond_signal(&work);
	return 1;
}

int gate_submit(struct store *db, struct gate_scan *s, void (*park)(void *), void (*wake)(void *),
                void *arg)
{
	pthread_mutex_lock(&lock);
	int queued = enqueue(s, park, wake, arg);
	pthread_mutex_unlock(&lock);
	if (!queued)
		write_group(db, s);
	return queued;
}

void gate_scan_wait(struct store *db, struct gate_scan *s)
{
	pthread_mutex_lock(&lock);
	int queued = enqueue(s, NULL, NULL, NULL);
	while (queued && !s->done)
		pthread_cond_wait(&finished, &lock);
	pthread_mutex_unlock(&lock);
	if (!queued)
		write_group(db, s);
}

unsigned gate_waiting(void)
{
	pthread_mutex_lock(&lock);
	unsigned n = waiting;
	pthread_mutex_unlock(&lock);
	return n;
}
