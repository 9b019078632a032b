/*
 * gate: check-ins at a fair's entrance, committed in groups.
 *
 * At the article's fair 12,000 students enter in the first hours, in
 * bursts of a thousand a second.  Each check-in is one small UPDATE, but a
 * durable commit costs an fsync (milliseconds on a real disk) and SQLite
 * has one writer at a time: committed one by one they top out at a few
 * hundred a second.  So the server runs one gate writer thread: requests
 * hand it their scan and wait; it takes every scan that queued while the
 * previous group was being written, applies them in one transaction,
 * commits once, and wakes each request with its own result.  Nothing is
 * answered before it is on disk, and a group is as large as the burst
 * makes it (after PostgreSQL's group commit and SQLite's advice on many
 * small transactions).
 *
 * Without the thread (the CLI, tools), gate_scan() writes a group of one
 * on the caller's connection, through the same code.  So it does in a
 * server that injects faults for tests (SKYWAY_TEST_FAULTS=1, see
 * store.h): a fault is armed on the request's connection, which the
 * writer thread's own connection never sees; writing the scan there lets
 * a test fail each of its operations (begin, the UPDATE, commit) and see
 * that nothing was written.  The grouping itself is tested without faults
 * (tests/api/fair_gate.test.mjs, bench/fair.sh).
 */
#ifndef SKYWAY_DOMAIN_GATE_H
#define SKYWAY_DOMAIN_GATE_H

#include <stdint.h>

#include "store/store.h"

/* Starts the writer thread (it takes its own pooled connection). */
int gate_start(void);
/* Lets queued scans finish and stops the thread. */
void gate_stop(void);

/* One scan of registration reg at fair by actor at time now: the first
 * sets entered_at, every scan counts.  Returns STORE_ROW with *scans (1 on
 * the first entry) and *entered_at (the first scan's time), STORE_DONE
 * when the registration does not exist, or STORE_ERROR (nothing written).
 * db is the caller's connection, used when no writer runs (see above). */
int gate_scan(struct store *db, int64_t fair, int64_t reg, int64_t actor, int64_t now,
              int64_t *scans, int64_t *entered_at);

#endif
