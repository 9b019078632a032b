/*
 * fair_signup: enterprises signing up for a fair (报名) with the positions
 * they bring and the interview tables they need, and the operator's
 * review.  A fresh, rejected or withdrawn sign-up goes (back) to review;
 * an approved one may change its positions and tables and stays approved.
 */
#ifndef SKYWAY_DOMAIN_FAIR_SIGNUP_H
#define SKYWAY_DOMAIN_FAIR_SIGNUP_H

#include "domain/fair.h"

/* HR a signs their (verified) enterprise up for fair id while sign-up is
 * open, bringing positions[0..n) (open positions of theirs, n >= 1) and
 * `tables` interview tables; contact may be NULL.  *fair: the fair as
 * fair_get() shows it (new reference); *created: 1 for a first sign-up,
 * 0 for a change.  0, or -1 with e. */
int fair_signup(struct store *db, const struct actor *a, int64_t id, const int64_t *positions,
                size_t n, int64_t tables, const char *contact, json_t **fair, int *created,
                struct derr *e);
/* HR a withdraws their pending or approved sign-up (and leaves its booth)
 * until sign-up closes.  *fair as for fair_signup.  0, or -1 with e. */
int fair_signup_withdraw(struct store *db, const struct actor *a, int64_t id, json_t **fair,
                         struct derr *e);
/* One page of fair id's sign-ups, pending first: organisers see all, HR
 * their own, other college staff none (403).  status (NULL: any) filters.
 * *items is a new reference, *total the count of all pages.  0, or -1. */
int fair_signups(struct store *db, const struct actor *a, int64_t id, const char *status,
                 int64_t page, int64_t page_size, json_t **items, int64_t *total, struct derr *e);
/* The operator approves or rejects (with a reason) enterprise ent's
 * pending sign-up at fair id.  *signup: the sign-up as listed (new
 * reference).  0, or -1 with e (409 when already decided). */
int fair_signup_review(struct store *db, const struct actor *a, int64_t id, int64_t ent,
                       int approve, const char *reason, json_t **signup, struct derr *e);

#endif
