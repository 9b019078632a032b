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
 * Without the thread (the CLI, tools), gate_scan() writes directly.
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
 * the first entry), STORE_DONE when the registration does not exist, or
 * STORE_ERROR.  db is the caller's connection, used when no writer runs. */
int gate_scan(struct store *db, int64_t fair, int64_t reg, int64_t actor, int64_t now,
              int64_t *scans);

#endif
