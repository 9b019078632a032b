/*
 * gate: scans at a fair's entrance (in and out), committed in groups.
 *
 * At the article's fair 12,000 students enter in the first hours, in
 * bursts of a thousand a second.  Each scan is one small UPDATE, but a
 * durable commit costs an fsync (milliseconds on a real disk) and SQLite
 * has one writer at a time: committed one by one they top out at a few
 * hundred a second.  So the server runs one gate writer thread: requests
 * hand it their scan; it takes every scan that queued while the previous
 * group was being written, applies them in one transaction, commits once,
 * and then tells each request its own result.  Nothing is answered before
 * it is on disk, and a group is as large as the burst makes it (after
 * PostgreSQL's group commit and SQLite's advice on many small
 * transactions).
 *
 * A request does not wait on its worker thread (issue 9): gate_submit()
 * calls park(arg) (the HTTP layer suspends the connection) before the scan
 * is queued, and the writer calls wake(arg) (resumes it) once the group is
 * written; the answer is built on the resumed call.  So a group is not
 * limited by the worker threads, and the pool can be sized to the cores.
 * park runs under the gate's lock before the writer can see the scan, so
 * wake always comes after park (as hub_read's park and wake).
 *
 * Without the thread (the CLI, tools, after gate_stop), a scan is written
 * as a group of one on the caller's connection, through the same code,
 * and nothing is parked.  So it is in a server that injects faults for
 * tests (SKYWAY_TEST_FAULTS=1, see store.h): a fault is armed on the
 * request's connection, which the writer thread's own connection never
 * sees; writing the scan there lets a test fail each of its operations
 * (begin, the UPDATE, commit) and see that nothing was written.  The
 * grouping itself is tested without faults (tests/api/fair_gate.test.mjs,
 * bench/fair.sh).
 */
#ifndef SKYWAY_DOMAIN_GATE_H
#define SKYWAY_DOMAIN_GATE_H

#include <stdint.h>

#include "store/store.h"

enum gate_op {
	GATE_IN,  /* a scan in: the first sets entered_at (and entered_by), every one counts,
	           * left_at and left_by cleared */
	GATE_OUT, /* a scan out: left_at and left_by set, unless set before (then kept) */
};

/* One scan, filled by the caller (op, fair, reg, actor, now), written by the
 * gate, which fills the results: rc STORE_ROW (done), STORE_DONE (no such
 * registration) or STORE_ERROR (nothing written); for GATE_IN scans and
 * entered_at (the first scan's time), for GATE_OUT left_at and already (1:
 * they had left before, the time kept).  The rest is the gate's. */
struct gate_scan {
	enum gate_op op;
	int64_t fair, reg, actor, now;
	int rc;
	int64_t scans, entered_at, left_at;
	int already;
	/* the gate's */
	void (*wake)(void *);
	void *arg;
	int done;
	struct gate_scan *next;
};

/* Starts the writer thread (it takes its own pooled connection). */
int gate_start(void);
/* Writes every queued scan (waking their requests) and stops the thread:
 * afterwards no request waits for the gate. */
void gate_stop(void);

/* Hands s to the writer.  Returns 1 when s is queued: park(arg) has run,
 * and wake(arg) will run on the writer's thread once s is written (its
 * results set; s must live until then and is not touched after).  Returns
 * 0 when s was written already on db, the caller's connection (no writer
 * runs, or faults are injected; see above): park was not called. */
int gate_submit(struct store *db, struct gate_scan *s, void (*park)(void *), void (*wake)(void *),
                void *arg);
/* gate_submit() waiting on the caller's thread: s's results are set on
 * return. */
void gate_scan_wait(struct store *db, struct gate_scan *s);
/* Scans queued or being written now (for /metrics and tests). */
unsigned gate_waiting(void);

#endif
