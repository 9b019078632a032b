/* migrate: versioned schema migrations, one list per backend. */
#ifndef SKYWAY_STORE_MIGRATE_H
#define SKYWAY_STORE_MIGRATE_H

#include "store/store.h"

struct migration {
	int version;
	const char *name;
	const char *sql;
};

/* Generated from src/store/migrations/BACKEND/NNNN_name.sql. */
extern const struct migration migrations_sqlite[];
extern const struct migration migrations_postgres[];

/* Applies every migration newer than the database's version, each in its
 * own transaction, recording it in schema_migrations.  Returns the number
 * applied (>= 0), or -1 with a message in err. */
int migrate_run(struct store *s, char *err, size_t errlen);
/* Returns the schema version of the database (0 when empty). */
int migrate_version(struct store *s);

#endif
