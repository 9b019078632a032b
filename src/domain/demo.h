/*
 * demo: deterministic demo data for a given seed (演示数据).  Every record
 * is marked is_demo = 1 and organisation names carry "（演示）" so nobody
 * mistakes it for real data.  Later issues grow it to the article's scale.
 */
#ifndef SKYWAY_DOMAIN_DEMO_H
#define SKYWAY_DOMAIN_DEMO_H

#include <stdint.h>

#include "store/store.h"

#define DEMO_PASSWORD "skyway2026demo"

struct demo_login {
	const char *login, *role, *what;
};
/* The demo logins, ending with a NULL login. */
extern const struct demo_login demo_logins[];

/* Fills an empty database; returns 0, 1 when demo data is already there,
 * -1 on error (nothing written). */
int demo_fill(struct store *db, uint64_t seed);

#endif
