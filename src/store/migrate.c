#include "store/migrate.h"

#include <stdio.h>

#include "base/util.h"

int migrate_version(struct store *s)
{
	int64_t v = 0;
	if (store_int64(s, &v, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", "") !=
	    STORE_ROW)
		return 0;
	return (int)v;
}

int migrate_run(struct store *s, char *err, size_t errlen)
{
	const struct migration *m =
	    store_kind(s) == STORE_SQLITE ? migrations_sqlite : migrations_postgres;
	int applied = 0;

	if (store_exec(s, "CREATE TABLE IF NOT EXISTS schema_migrations ("
	                  " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
	                  " applied_at BIGINT NOT NULL)") != STORE_OK) {
		snprintf(err, errlen, "cannot create schema_migrations: %s", store_errmsg(s));
		return -1;
	}
	for (; m->sql; m++) {
		if (store_begin(s) != STORE_OK)
			goto fail;
		int64_t have = 0;
		if (store_int64(s, &have,
		                "SELECT COUNT(*) FROM schema_migrations WHERE version = ?", "i",
		                (int64_t)m->version) != STORE_ROW)
			goto fail_rollback;
		if (have) {
			store_rollback(s);
			continue;
		}
		if (store_exec(s, m->sql) != STORE_OK)
			goto fail_rollback;
		if (store_run(s,
		              "INSERT INTO schema_migrations (version, name, applied_at)"
		              " VALUES (?, ?, ?)",
		              "iti", (int64_t)m->version, m->name, now_seconds()) != STORE_OK)
			goto fail_rollback;
		if (store_commit(s) != STORE_OK)
			goto fail;
		applied++;
	}
	return applied;

fail_rollback:
	snprintf(err, errlen, "migration %s failed: %s", m->name, store_errmsg(s));
	store_rollback(s);
	return -1;
fail:
	snprintf(err, errlen, "migration %s failed: %s", m->name, store_errmsg(s));
	return -1;
}
