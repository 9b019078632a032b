#include "domain/dict.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "domain/dict_majors.h"

struct dict_table {
	const char *file, *table, *insert;
	int columns;
	int parent_column; /* the column whose empty value means NULL, or -1 */
	/* a loader of its own (the majors catalogue), else the generic one */
	int (*reload)(struct store *db, const char *text, size_t size, char *err, size_t errlen);
};

static const struct dict_table tables[] = {
    {"vocational-majors-2021.tsv", "dict_majors", NULL, 4, 3, dict_majors_reload},
    {"industries.tsv", "dict_industries",
     "INSERT INTO dict_industries (code, name, level, parent) VALUES (?, ?, ?, ?)", 4, 3, NULL},
    {"skills.tsv", "dict_skills",
     "INSERT INTO dict_skills (id, name, grp, aliases) VALUES (?, ?, ?, ?)", 4, -1, NULL},
    {"certificates.tsv", "dict_certificates",
     "INSERT INTO dict_certificates (id, name, kind) VALUES (?, ?, ?)", 3, -1, NULL},
    {"cities.tsv", "dict_cities", "INSERT INTO dict_cities (code, name, province) VALUES (?, ?, ?)",
     3, -1, NULL},
};

static const struct dict_file *find_file(const char *name)
{
	for (const struct dict_file *f = dict_files; f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

/* Loads one TSV (header skipped) into its table.  A missing trailing
 * field is empty; an empty parent binds NULL. */
static int load(struct store *db, const struct dict_table *t, const struct dict_file *f, char *err,
                size_t errlen)
{
	char *copy = strndup(f->text, f->size), *save = NULL;
	int line_no = 0, rc = 0;
	char del[64];
	snprintf(del, sizeof(del), "DELETE FROM %s", t->table);
	if (!copy || store_exec(db, del) != STORE_OK)
		rc = -1;
	for (char *line = rc ? NULL : strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (++line_no == 1)
			continue;
		line[strcspn(line, "\r")] = '\0';
		if (!*line)
			continue;
		const char *col[4] = {0};
		char *p = line;
		for (int i = 0; i < t->columns; i++) {
			col[i] = p;
			char *tab = p ? strchr(p, '\t') : NULL;
			if (tab)
				*tab = '\0';
			p = tab ? tab + 1 : NULL;
		}
		struct store_args a = {0};
		for (int i = 0; i < t->columns; i++) {
			const char *v = col[i] ? col[i] : "";
			store_args_text(&a, i == t->parent_column && !*v ? NULL : v);
		}
		struct store_stmt *st = store_query_args(db, t->insert, &a);
		int step = st ? store_step(st) : STORE_ERROR;
		store_finalize(st);
		if (step != STORE_DONE) {
			snprintf(err, errlen, "data/%s:%d: %s", f->name, line_no, store_errmsg(db));
			rc = -1;
			break;
		}
	}
	free(copy);
	return rc;
}

int dict_sync(struct store *db, char *err, size_t errlen)
{
	int reloaded = 0;
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		const struct dict_file *f = find_file(tables[i].file);
		char digest[65], *have = NULL;
		if (!f)
			continue;
		sha256_hex(f->text, f->size, digest);
		struct store_stmt *st =
		    store_query(db, "SELECT digest FROM dict_meta WHERE name = ?", "t", f->name);
		if (st && store_step(st) == STORE_ROW)
			have = strdup(store_column_text(st, 0));
		store_finalize(st);
		int same = have && !strcmp(have, digest);
		free(have);
		if (same)
			continue;
		if (store_begin(db) != STORE_OK)
			goto fail;
		if (tables[i].reload ? tables[i].reload(db, f->text, f->size, err, errlen)
		                     : load(db, &tables[i], f, err, errlen))
			goto fail_rollback;
		if (store_run(db, "DELETE FROM dict_meta WHERE name = ?", "t", f->name) !=
		        STORE_OK ||
		    store_run(db, "INSERT INTO dict_meta (name, digest) VALUES (?, ?)", "tt",
		              f->name, digest) != STORE_OK ||
		    store_commit(db) != STORE_OK)
			goto fail_rollback;
		reloaded++;
	}
	return reloaded;
fail_rollback:
	store_rollback(db);
fail:
	if (!*err)
		snprintf(err, errlen, "dictionaries: %s", store_errmsg(db));
	return -1;
}

int dict_has(struct store *db, const char *table, const char *code)
{
	static const char *const sql[][2] = {
	    {"majors", "SELECT COUNT(*) FROM dict_majors WHERE code = ? AND origin <> 'retired'"},
	    {"industries", "SELECT COUNT(*) FROM dict_industries WHERE code = ?"},
	    {"skills", "SELECT COUNT(*) FROM dict_skills WHERE id = ?"},
	    {"certificates", "SELECT COUNT(*) FROM dict_certificates WHERE id = ?"},
	    {"cities", "SELECT COUNT(*) FROM dict_cities WHERE code = ?"},
	};
	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		if (strcmp(sql[i][0], table))
			continue;
		int64_t n = 0;
		if (store_int64(db, &n, sql[i][1], "t", code) != STORE_ROW)
			return -1;
		return n > 0;
	}
	return -1;
}

int dict_check(struct store *db, const char *table, const char *code, const char *field,
               const char *message, int show_code, struct derr *e)
{
	int has = dict_has(db, table, code);
	if (has < 0)
		return derr_store(e, db, "dictionary lookup");
	if (!has)
		return derr_setf(e, DERR_INVALID, field, "%s%s", message, show_code ? code : "");
	return 0;
}

int dict_items(struct store *db, const char *name, json_t **items, struct derr *e)
{
	static const char *const sql[][2] = {
	    {"majors", "SELECT code, name, level, parent, edu_level, controlled, origin"
	               " FROM dict_majors ORDER BY code"},
	    {"industries", "SELECT code, name, level, parent FROM dict_industries ORDER BY code"},
	    {"skills",
	     "SELECT id, name, grp AS \"group\", aliases FROM dict_skills ORDER BY grp, id"},
	    {"certificates", "SELECT id, name, kind FROM dict_certificates ORDER BY kind, id"},
	    {"cities", "SELECT code, name, province FROM dict_cities ORDER BY code"},
	};
	*items = NULL;
	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		if (strcmp(sql[i][0], name))
			continue;
		*items = store_rows(db, sql[i][1], "");
		return *items ? 0 : derr_store(e, db, "dictionary");
	}
	return derr_set(e, DERR_NOT_FOUND, NULL, "没有这个字典");
}
