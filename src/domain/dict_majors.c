/*
 * The catalogue of vocational majors (职业教育专业目录) as data: the shipped
 * file's reload, the moves of codes an older catalogue used, and which level
 * of the catalogue a college's students take their majors from.
 *
 * Invariants:
 * 1. dict_majors holds the shipped catalogue (origin 'catalogue', replaced
 *    on every reload), the operator's additions ('addition', never touched by
 *    a reload; an addition the file later ships becomes 'catalogue') and the
 *    retired codes ('retired', never offered for a new choice).
 * 2. A reload moves every stored code whose major left its code: to the code
 *    that now carries the same name at the same level (教育层次), else to
 *    "<code>-old", a retired row that keeps the old name with a note, so a
 *    student's major never silently turns into another major.  Each move is
 *    a row of major_code_changes.
 * 3. Codes are 2 (大类), 4 (类) or 6 digits (专业); the catalogue's K (国家控制
 *    专业) is the flag `controlled`, not part of the code, so prefixes keep
 *    meaning the hierarchy everywhere.
 */
#include "domain/dict_majors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* The columns and tables that hold major codes: plain columns, and JSON
 * arrays of codes. */
static const char *const code_columns[][2] = {
    {"students", "major_code"},
    {"position_majors", "major_code"},
    {"coop_order_classes", "major_code"},
};
static const char *const json_columns[][2] = {
    {"fairs", "elig_majors"},
    {"incubator_activities", "audience_majors"},
    {"coop_listings", "majors"},
    {"intern_posts", "majors"},
};

static const char *level_of(const char *code)
{
	size_t n = strlen(code);
	return n == 2 ? "category" : n == 4 ? "class" : "major";
}

/* Inserts one catalogue line ("level\tcode\tname\tparent"); comment lines
 * and the header are skipped (0). */
static int load_line(struct store *db, char *line)
{
	if (*line == '#' || !*line || !strncmp(line, "level\t", 6))
		return 0;
	char *col[4] = {0}, *p = line;
	for (int i = 0; i < 4 && p; i++) {
		col[i] = p;
		char *tab = strchr(p, '\t');
		if (tab)
			*tab = '\0';
		p = tab ? tab + 1 : NULL;
	}
	if (!col[2])
		return -1;
	char code[16];
	snprintf(code, sizeof(code), "%s", col[1]);
	size_t n = strlen(code);
	int controlled = n && code[n - 1] == 'K';
	if (controlled)
		code[n - 1] = '\0';
	const char *parent = col[3] && *col[3] ? col[3] : NULL;
	return store_run(db,
	                 "INSERT INTO dict_majors (code, name, level, parent, edu_level,"
	                 " controlled, origin) VALUES (?, ?, ?, ?, ?, ?, 'catalogue')"
	                 " ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
	                 " level = excluded.level, parent = excluded.parent,"
	                 " edu_level = excluded.edu_level, controlled = excluded.controlled,"
	                 " origin = 'catalogue'",
	                 "ttttti", code, col[2], level_of(code), parent, col[0],
	                 (int64_t)controlled) == STORE_OK
	           ? 0
	           : -1;
}

/* Where the major an old row named went: its own code when it kept its
 * name, the code now carrying the name at the same level, else a retired
 * row made for it.  Fills to (at least 24 bytes); -1 on a store failure. */
static int destination(struct store *db, json_t *old, char *to, size_t tolen)
{
	const char *code = json_string_value(json_object_get(old, "code"));
	const char *name = json_string_value(json_object_get(old, "name"));
	const char *edu = json_string_value(json_object_get(old, "edu_level"));
	json_t *now = store_row(db,
	                        "SELECT code FROM dict_majors WHERE name = ? AND edu_level = ? AND"
	                        " level = ? AND origin <> 'retired' ORDER BY code",
	                        "ttt", name, edu, level_of(code));
	if (!now)
		return -1;
	if (json_is_object(now)) {
		snprintf(to, tolen, "%s", json_string_value(json_object_get(now, "code")));
		json_decref(now);
		return 0;
	}
	snprintf(to, tolen, "%s-old", code);
	char shown[512];
	snprintf(shown, sizeof(shown), "%s（旧目录专业，待改选）", name);
	return store_run(db,
	                 "INSERT INTO dict_majors (code, name, level, parent, edu_level, origin)"
	                 " VALUES (?, ?, ?, ?, ?, 'retired') ON CONFLICT (code) DO NOTHING",
	                 "ttttt", to, shown, level_of(code),
	                 json_string_value(json_object_get(old, "parent")), edu) == STORE_OK
	           ? 0
	           : -1;
}

/* The new code for a stored one, or NULL when it did not move. */
static const char *moved(json_t *moves, const char *code)
{
	json_t *to = code ? json_object_get(moves, code) : NULL;
	return to ? json_string_value(to) : NULL;
}

/* Rewrites the JSON arrays of codes in one column. */
static int move_json_column(struct store *db, const char *table, const char *column, json_t *moves)
{
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT id, %s AS v FROM %s WHERE %s <> '[]'", column, table,
	         column);
	json_t *rows = store_rows(db, sql, "");
	if (!rows)
		return -1;
	snprintf(sql, sizeof(sql), "UPDATE %s SET %s = ? WHERE id = ?", table, column);
	int rc = 0;
	size_t i, j;
	json_t *row, *code;
	json_array_foreach(rows, i, row)
	{
		json_t *codes = json_loads(json_string_value(json_object_get(row, "v")), 0, NULL);
		int changed = 0;
		json_array_foreach(codes, j, code)
		{
			const char *to = moved(moves, json_string_value(code));
			if (to) {
				json_array_set_new(codes, j, json_string(to));
				changed = 1;
			}
		}
		char *text = changed ? json_dumps(codes, JSON_COMPACT) : NULL;
		if (text &&
		    store_run(db, sql, "ti", text,
		              (int64_t)json_integer_value(json_object_get(row, "id"))) != STORE_OK)
			rc = -1;
		free(text);
		json_decref(codes);
		if (rc)
			break;
	}
	json_decref(rows);
	return rc;
}

/* Applies moves (old code -> new code) to every stored code at once: each
 * code first goes to "~new", then the marks come off, so that a chain
 * (A -> B while B -> C) never merges two majors and no key collides. */
static int apply_moves(struct store *db, json_t *moves)
{
	char sql[256];
	const char *from;
	json_t *to;
	for (size_t c = 0; c < sizeof(code_columns) / sizeof(code_columns[0]); c++) {
		const char *t = code_columns[c][0], *col = code_columns[c][1];
		snprintf(sql, sizeof(sql), "UPDATE %s SET %s = '~' || ? WHERE %s = ?", t, col, col);
		json_object_foreach(moves, from, to)
		{
			if (store_run(db, sql, "tt", json_string_value(to), from) != STORE_OK)
				return -1;
		}
		snprintf(sql, sizeof(sql), "UPDATE %s SET %s = substr(%s, 2) WHERE %s LIKE '~%%'",
		         t, col, col, col);
		if (store_run(db, sql, "") != STORE_OK)
			return -1;
	}
	for (size_t c = 0; c < sizeof(json_columns) / sizeof(json_columns[0]); c++)
		if (move_json_column(db, json_columns[c][0], json_columns[c][1], moves))
			return -1;
	return 0;
}

int dict_majors_reload(struct store *db, const char *text, size_t size, char *err, size_t errlen)
{
	json_t *old = store_rows(db,
	                         "SELECT code, name, level, parent, edu_level FROM dict_majors"
	                         " WHERE origin = 'catalogue'",
	                         "");
	json_t *moves = json_object();
	char *copy = strndup(text, size), *save = NULL;
	int line_no = 0, rc = -1;
	if (!old || !moves || !copy ||
	    store_exec(db, "DELETE FROM dict_majors WHERE origin = 'catalogue'") != STORE_OK)
		goto out;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		line_no++;
		line[strcspn(line, "\r")] = '\0';
		if (load_line(db, line)) {
			snprintf(err, errlen, "data/vocational-majors-2021.tsv:%d: %s", line_no,
			         store_errmsg(db));
			goto out;
		}
	}
	int64_t now = now_seconds();
	size_t i;
	json_t *row;
	json_array_foreach(old, i, row)
	{
		const char *code = json_string_value(json_object_get(row, "code"));
		const char *name = json_string_value(json_object_get(row, "name"));
		int64_t same = 0;
		if (store_int64(db, &same,
		                "SELECT COUNT(*) FROM dict_majors WHERE code = ? AND name = ?",
		                "tt", code, name) != STORE_ROW)
			goto out;
		if (same)
			continue;
		char to[64];
		if (destination(db, row, to, sizeof(to)) ||
		    store_run(
		        db,
		        "INSERT INTO major_code_changes (old_code, old_name, new_code, changed_at)"
		        " VALUES (?, ?, ?, ?)",
		        "ttti", code, name, to, now) != STORE_OK)
			goto out;
		json_object_set_new(moves, code, json_string(to));
	}
	rc = json_object_size(moves) ? apply_moves(db, moves) : 0;
	if (rc == 0 && json_object_size(moves))
		log_info("majors catalogue: %zu codes moved (see major_code_changes)",
		         json_object_size(moves));
out:
	free(copy);
	json_decref(old);
	json_decref(moves);
	return rc;
}

const char *dict_majors_levels(const char *college_type)
{
	if (!college_type)
		return "zz gz bk";
	if (!strcmp(college_type, "中职"))
		return "zz";
	if (!strcmp(college_type, "高职专科"))
		return "gz";
	if (!strcmp(college_type, "职业本科"))
		return "bk";
	/* 本科: an undergraduate university's own catalogue is not shipped; the
	 * vocational bachelor's and the 高职 programmes many of them run are. */
	return "bk gz";
}

int dict_major_for_college(struct store *db, int64_t college_id, const char *code,
                           const char *field, struct derr *e)
{
	json_t *m = store_row(db,
	                      "SELECT m.level, m.edu_level, m.origin, o.college_type FROM"
	                      " organizations o LEFT JOIN dict_majors m ON m.code = ?"
	                      " WHERE o.id = ?",
	                      "ti", code, college_id);
	if (!m)
		return derr_store(e, db, "major lookup");
	const char *level = json_string_value(json_object_get(m, "level"));
	const char *origin = json_string_value(json_object_get(m, "origin"));
	const char *edu = json_string_value(json_object_get(m, "edu_level"));
	const char *type = json_string_value(json_object_get(m, "college_type"));
	const char *allowed = dict_majors_levels(type);
	int rc = 0;
	if (!json_is_object(m) || !level || strcmp(level, "major") || !strcmp(origin, "retired"))
		rc = derr_set(e, DERR_INVALID, field, "未知的专业代码（应为专业目录中的专业）");
	else if (!strstr(allowed, edu))
		rc = derr_setf(e, DERR_INVALID, field,
		               "该专业不属于%s专业目录，与院校类型（%s）不符",
		               !strcmp(edu, "zz")   ? "中职"
		               : !strcmp(edu, "gz") ? "高职专科"
		                                    : "职业本科",
		               type ? type : "");
	json_decref(m);
	return rc;
}
