/*
 * Making and refreshing positions' search text (position_text.h).  Two
 * reads cover any number of positions (their rows, then their skill and
 * major names in position order), so the demo's 6,680 positions cost two
 * queries and one UPDATE per changed text, on either backend.
 */
#include "domain/position_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/vec.h"

/* One position's text as read, and as it should be. */
struct text_row {
	int64_t id;
	char *old_text;
	struct buf text;
};
typedef VEC(struct text_row) text_rows;
typedef VEC(char *) text_list;

static const char *scope_cond(enum position_text_scope scope)
{
	switch (scope) {
	case POSITION_TEXT_ONE:
		return "p.id = ?";
	case POSITION_TEXT_ENTERPRISE:
		return "p.enterprise_id = ?";
	case POSITION_TEXT_EMPTY:
		return "p.search_text = ''";
	case POSITION_TEXT_ALL:
		break;
	}
	return "1 = 1";
}

static struct store_stmt *scope_query(struct store *db, const char *sql_fmt,
                                      enum position_text_scope scope, int64_t id)
{
	char sql[1024];
	struct store_args a = {0};
	snprintf(sql, sizeof(sql), sql_fmt, scope_cond(scope));
	if (scope == POSITION_TEXT_ONE || scope == POSITION_TEXT_ENTERPRISE)
		store_args_int(&a, id);
	return store_query_args(db, sql, &a);
}

/* Reads the rows in scope with their first three fields and description
 * (kept aside in desc, appended last once the names are in). */
static int read_rows(struct store *db, enum position_text_scope scope, int64_t id, text_rows *rows,
                     text_list *desc)
{
	struct store_stmt *st = scope_query(
	    db,
	    "SELECT p.id, p.title, o.name, COALESCE(ci.name, ''), p.description, p.search_text"
	    " FROM positions p JOIN organizations o ON o.id = p.enterprise_id"
	    " LEFT JOIN dict_cities ci ON ci.code = p.city_code WHERE %s ORDER BY p.id",
	    scope, id);
	int rc = st ? STORE_ROW : STORE_ERROR;
	while (st && (rc = store_step(st)) == STORE_ROW) {
		struct text_row r = {.id = store_column_int64(st, 0), .text = BUF_INIT};
		buf_addf(&r.text, "%s\n%s\n%s\n", store_column_text(st, 1),
		         store_column_text(st, 2), store_column_text(st, 3));
		char *d = strdup(store_column_text(st, 4));
		r.old_text = strdup(store_column_text(st, 5));
		if (!d || !r.old_text || VEC_RESERVE(desc, 1) || VEC_PUSH(rows, r)) {
			free(d);
			free(r.old_text);
			buf_release(&r.text);
			rc = STORE_ERROR;
			break;
		}
		desc->v[desc->n++] = d; /* room reserved above */
	}
	store_finalize(st);
	return rc == STORE_DONE ? 0 : -1;
}

/* Appends each position's skill and major names to its row (both lists
 * are in id order). */
static int add_names(struct store *db, enum position_text_scope scope, int64_t id, text_rows *rows)
{
	struct store_stmt *st = scope_query(
	    db,
	    "SELECT x.pid, x.name FROM (SELECT ps.position_id AS pid, s.name AS name,"
	    " 2 - ps.required AS k FROM position_skills ps JOIN dict_skills s ON s.id = ps.skill_id"
	    " UNION ALL SELECT pm.position_id, m.name, 3 FROM position_majors pm"
	    " JOIN dict_majors m ON m.code = pm.major_code) x WHERE x.pid IN (SELECT p.id"
	    " FROM positions p WHERE %s) ORDER BY x.pid, x.k, x.name",
	    scope, id);
	int rc = st ? STORE_ROW : STORE_ERROR;
	size_t at = 0;
	while (st && (rc = store_step(st)) == STORE_ROW) {
		int64_t pid = store_column_int64(st, 0);
		while (at < rows->n && rows->v[at].id < pid)
			at++;
		if (at < rows->n && rows->v[at].id == pid)
			buf_addf(&rows->v[at].text, "%s\t", store_column_text(st, 1));
	}
	store_finalize(st);
	return rc == STORE_DONE ? 0 : -1;
}

int position_text_refresh(struct store *db, enum position_text_scope scope, int64_t id)
{
	text_rows rows = VEC_INIT;
	text_list desc = VEC_INIT;
	int written = 0;
	if (read_rows(db, scope, id, &rows, &desc) || add_names(db, scope, id, &rows))
		written = -1;
	for (size_t i = 0; i < rows.n; i++) {
		struct text_row *r = &rows.v[i];
		if (written < 0)
			break;
		buf_addf(&r->text, "\n%s", desc.v[i]);
		if (buf_failed(&r->text)) {
			written = -1;
		} else if (strcmp(r->text.data, r->old_text)) {
			if (store_run(db, "UPDATE positions SET search_text = ? WHERE id = ?", "ti",
			              r->text.data, r->id))
				written = -1;
			else
				written++;
		}
	}
	for (size_t i = 0; i < rows.n; i++) {
		buf_release(&rows.v[i].text);
		free(rows.v[i].old_text);
	}
	for (size_t i = 0; i < desc.n; i++)
		free(desc.v[i]);
	VEC_FREE(&rows);
	VEC_FREE(&desc);
	return written;
}

int position_text_startup(struct store *db, int dict_reloaded, char *err, size_t errlen)
{
	if (store_begin(db) != STORE_OK) {
		snprintf(err, errlen, "search text: %s", store_errmsg(db));
		return -1;
	}
	int n = position_text_refresh(
	    db, dict_reloaded > 0 ? POSITION_TEXT_ALL : POSITION_TEXT_EMPTY, 0);
	if (n < 0 || store_commit(db) != STORE_OK) {
		snprintf(err, errlen, "search text: %s", store_errmsg(db));
		store_rollback(db);
		return -1;
	}
	return n;
}
