/* The live-event hub: every stream gets a round's frames once, merged, in the
 * order of their last publish, only for its topic; the owner's limit ends the
 * oldest stream whatever its slot; shutdown ends them all.  Waits for the
 * dispatcher are bounded (no timing is asserted). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "base/hub.h"

#define NSUB 60 /* more than HUB_SLOTS: every slot holds some */

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;

struct reader {
	struct hub_sub *sub;
	int parked, woken;
};

static void park(void *arg)
{
	((struct reader *)arg)->parked = 1;
}

static void wake(void *arg)
{
	pthread_mutex_lock(&mu);
	((struct reader *)arg)->woken++;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
}

/* Reads what is pending (n bytes into out; 0 when it parked, -1 closed). */
static long drain(struct reader *r, char *out, size_t max)
{
	long n = hub_read(r->sub, out, max - 1, park, r);
	out[n > 0 ? n : 0] = '\0';
	return n;
}

/* Appends what the stream has pending to acc (512 bytes). */
static void read_into(struct reader *r, char *acc)
{
	char text[512];
	while (drain(r, text, sizeof(text)) > 0) {
		size_t have = strlen(acc), add = strlen(text);
		if (add > 511 - have)
			add = 511 - have;
		memcpy(acc + have, text, add);
		acc[have + add] = '\0';
	}
}

static int count(const char *text, const char *what)
{
	int n = 0;
	for (const char *p = strstr(text, what); p; p = strstr(p + 1, what))
		n++;
	return n;
}

/* Reads each stream of rs (n) into its acc until every one holds `until`
 * (polling, bounded by 10 s), then once more after a round, for frames that
 * straddled a stream's tick. */
static int collect(struct reader *rs, int n, char (*acc)[512], const char *until)
{
	for (int i = 0; i < n; i++)
		acc[i][0] = '\0';
	for (int pass = 0; pass < 1000; pass++) {
		int done = 1;
		for (int i = 0; i < n; i++) {
			read_into(&rs[i], acc[i]);
			done &= strstr(acc[i], until) != NULL;
		}
		if (done) {
			struct timespec round = {0, (HUB_COALESCE_MS + 50) * 1000000L};
			nanosleep(&round, NULL);
			for (int i = 0; i < n; i++)
				read_into(&rs[i], acc[i]);
			return 1;
		}
		struct timespec pause = {0, 10 * 1000000L};
		nanosleep(&pause, NULL);
	}
	return 0;
}

static struct reader open_reader(struct reader *r, int64_t topic, int64_t owner, int per_owner)
{
	enum hub_refusal why;
	r->sub = hub_subscribe(topic, owner, per_owner, &why);
	assert_non_null(r->sub);
	hub_set_wake(r->sub, wake, r);
	return *r;
}

static void round_merges_and_reaches_every_stream(void **state)
{
	(void)state;
	static struct reader rs[NSUB], other;
	char text[1024];
	for (int i = 0; i < NSUB; i++) {
		open_reader(&rs[i], 1, 100 + i, 0);
		assert_true(drain(&rs[i], text, sizeof(text)) > 0);
		assert_non_null(strstr(text, "event: hello"));
		assert_int_equal(drain(&rs[i], text, sizeof(text)), 0); /* parks */
	}
	open_reader(&other, 2, 999, 0);
	drain(&other, text, sizeof(text));
	assert_int_equal(drain(&other, text, sizeof(text)), 0);

	static char acc[NSUB][512];
	static const char gate[] = "event: gate\ndata: {\"enterprise_id\":0}\n\n";
	static const char queue[] = "event: queue\ndata: {\"enterprise_id\":5}\n\n";
	hub_publish(1, "gate", "{\"enterprise_id\":0}");
	hub_publish(1, "queue", "{\"enterprise_id\":5}");
	hub_publish(1, "gate", "{\"enterprise_id\":0}");
	assert_true(collect(rs, NSUB, acc, queue));
	for (int i = 0; i < NSUB; i++) {
		/* Each frame reaches every stream; equal ones merge: published
		 * within microseconds, they straddle at most one of the stream's
		 * ticks, so the gate frame comes once or twice, never three times. */
		assert_int_equal(count(acc[i], queue), 1);
		assert_in_range(count(acc[i], gate), 1, 2);
		assert_int_equal(count(acc[i], "event: "), count(acc[i], gate) + 1);
	}
	/* Another topic's frames never reach it. */
	assert_int_equal(drain(&other, text, sizeof(text)), 0);
	assert_int_equal(other.woken, 0);

	/* One publish later: exactly that frame, once, to every stream. */
	hub_publish(1, "gate", "{\"enterprise_id\":0}");
	assert_true(collect(rs, NSUB, acc, gate));
	for (int i = 0; i < NSUB; i++)
		assert_string_equal(acc[i], gate);
	for (int i = 0; i < NSUB; i++)
		hub_unsubscribe(rs[i].sub);
	hub_unsubscribe(other.sub);
	assert_int_equal(hub_count(), 0);
}

static void owner_limit_ends_the_oldest(void **state)
{
	(void)state;
	static struct reader rs[4];
	char text[256];
	/* Four streams of one owner land in four slots; a limit of 3 ends the
	 * first when the fourth opens. */
	for (int i = 0; i < 4; i++)
		open_reader(&rs[i], 1, 42, 3);
	assert_true(drain(&rs[0], text, sizeof(text)) > 0); /* its hello */
	assert_int_equal(drain(&rs[0], text, sizeof(text)), -1);
	for (int i = 1; i < 4; i++) {
		assert_true(drain(&rs[i], text, sizeof(text)) > 0);
		assert_int_equal(drain(&rs[i], text, sizeof(text)), 0);
	}
	for (int i = 0; i < 4; i++)
		hub_unsubscribe(rs[i].sub);
}

static void shutdown_ends_every_stream(void **state)
{
	(void)state;
	static struct reader rs[30];
	char text[256];
	for (int i = 0; i < 30; i++) {
		open_reader(&rs[i], 1, i, 0);
		drain(&rs[i], text, sizeof(text));
		assert_int_equal(drain(&rs[i], text, sizeof(text)), 0);
	}
	hub_shutdown();
	for (int i = 0; i < 30; i++) {
		assert_true(rs[i].woken >= 1);
		assert_int_equal(drain(&rs[i], text, sizeof(text)), -1);
		hub_unsubscribe(rs[i].sub);
	}
	enum hub_refusal why;
	assert_null(hub_subscribe(1, 1, 0, &why));
	assert_int_equal(why, HUB_CLOSING);
}

int main(void)
{
	if (hub_start())
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(round_merges_and_reaches_every_stream),
	    cmocka_unit_test(owner_limit_ends_the_oldest),
	    cmocka_unit_test(shutdown_ends_every_stream),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
