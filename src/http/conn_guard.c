/*
 * conn_guard: slow clients cannot hold the server's connections.
 *
 * Design notes
 *  1. Descriptors.  MHD that runs out of descriptors fails each accept()
 *     with EMFILE, stops accepting anyone until a connection ends, and logs
 *     every failure: with the usual soft limit of 1024 a thousand idle
 *     sockets locked every client out and wrote 800 MB of log in 25 s.  So
 *     the soft limit is raised to the hard one, and the connection limit
 *     is kept below what is left after a reserve (database connections,
 *     exports being streamed from temporary files, the listening socket).
 *  2. The header deadline (slowloris).  MHD's connection timeout is an idle
 *     timeout, reset by every byte: a client sending its request head a
 *     byte a second keeps a connection for ever, and a few thousand of them
 *     fill the connection limit.  Here a connection must deliver a complete
 *     request head within `header_timeout` seconds of opening, or of the end
 *     of its previous request (an idle keep-alive connection is closed then
 *     too, as nginx's keepalive_timeout does; browsers reconnect).  A request
 *     in progress is not subject to it: a slow upload, a live event stream
 *     suspended between frames, an export being sent.
 *  3. Enforcement.  A reaper thread wakes every second and shuts down
 *     (shutdown(2), never close(2): MHD owns the descriptor) the sockets of
 *     the connections past their deadline; MHD then reads the end of the
 *     stream and closes them itself, through its own bookkeeping.
 *  4. The descriptor is safe to touch.  A connection is in the list from
 *     MHD's STARTED notification to its CLOSED one, which MHD sends before
 *     it closes the socket; the reaper shuts sockets down only under the
 *     list's lock, so it never reaches a descriptor number already reused
 *     by another connection or file.
 */
#include "http/conn_guard.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#include "base/util.h"

struct guard_conn {
	struct guard_conn *prev, *next;
	int fd;
	int in_request;   /* a request head arrived and its answer is not done */
	int cut;          /* already shut down */
	int64_t since_us; /* opened, or the previous request ended */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static struct guard_conn head = {&head, &head, -1, 0, 0, 0};
static pthread_t reaper;
static int running, stopping;
static int64_t deadline_us;
static unsigned long reaped_total;

unsigned conn_guard_connection_limit(unsigned wanted, int threads)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl))
		return wanted;
	if (rl.rlim_cur < rl.rlim_max) {
		struct rlimit raised = {rl.rlim_max, rl.rlim_max};
		if (!setrlimit(RLIMIT_NOFILE, &raised))
			rl.rlim_cur = rl.rlim_max;
	}
	/* Each worker's database connection (SQLite: the file, its WAL and
	 * shared memory), exports, the listening socket, MHD's own pipes. */
	rlim_t reserve = 64 + 4 * (rlim_t)(threads > 0 ? threads : 1);
	rlim_t room = rl.rlim_cur > reserve + 16 ? rl.rlim_cur - reserve : 16;
	if (room < wanted) {
		log_info("open-file limit %llu: at most %llu connections (instead of %u)",
		         (unsigned long long)rl.rlim_cur, (unsigned long long)room, wanted);
		return (unsigned)room;
	}
	return wanted;
}

static void *reap(void *arg)
{
	(void)arg;
	int64_t last_report = now_micros();
	unsigned long reported = 0;
	pthread_mutex_lock(&lock);
	while (!stopping) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		pthread_cond_timedwait(&wake, &lock, &until);
		int64_t now = now_micros();
		for (struct guard_conn *g = head.next; g != &head; g = g->next) {
			if (g->in_request || g->cut || now - g->since_us < deadline_us)
				continue;
			shutdown(g->fd, SHUT_RDWR);
			g->cut = 1;
			reaped_total++;
		}
		/* One line a minute at most, however long an attack lasts. */
		if (reaped_total != reported && now - last_report >= 60 * 1000000LL) {
			log_info("closed %lu connections that did not send a request in time",
			         reaped_total - reported);
			reported = reaped_total;
			last_report = now;
		}
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

int conn_guard_start(int header_timeout)
{
	if (header_timeout <= 0 || running)
		return 0;
	deadline_us = (int64_t)header_timeout * 1000000;
	stopping = 0;
	if (pthread_create(&reaper, NULL, reap, NULL))
		return -1;
	running = 1;
	return 0;
}

void conn_guard_stop(void)
{
	if (!running)
		return;
	pthread_mutex_lock(&lock);
	stopping = 1;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
	pthread_join(reaper, NULL);
	running = 0;
}

void conn_guard_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                       enum MHD_ConnectionNotificationCode code)
{
	(void)cls;
	struct guard_conn *g = *socket_context;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
		    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		if (!ci || ci->connect_fd == MHD_INVALID_SOCKET || !(g = calloc(1, sizeof(*g))))
			return; /* untracked: only the deadline is lost for it */
		g->fd = ci->connect_fd;
		g->since_us = now_micros();
		pthread_mutex_lock(&lock);
		g->prev = head.prev;
		g->next = &head;
		head.prev->next = g;
		head.prev = g;
		pthread_mutex_unlock(&lock);
		*socket_context = g;
		return;
	}
	if (!g)
		return;
	pthread_mutex_lock(&lock);
	g->prev->next = g->next;
	g->next->prev = g->prev;
	pthread_mutex_unlock(&lock);
	free(g);
	*socket_context = NULL;
}

void conn_guard_request(struct MHD_Connection *conn, int begins)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct guard_conn *g = ci ? ci->socket_context : NULL;
	if (!g)
		return;
	pthread_mutex_lock(&lock);
	g->in_request = begins;
	if (!begins)
		g->since_us = now_micros();
	pthread_mutex_unlock(&lock);
}

unsigned long conn_guard_reaped(void)
{
	pthread_mutex_lock(&lock);
	unsigned long n = reaped_total;
	pthread_mutex_unlock(&lock);
	return n;
}
