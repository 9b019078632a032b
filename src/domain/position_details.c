/*
 * Reading rows of many positions at once (position_internal.h): a page's
 * majors and skills in one query each instead of two per position (the
 * N+1 issue 9 measured), and the ranked page's rows by id.
 *
 * The ids go in as bound parameters, padded to 8, 16, 32 or 64 of them
 * (the last id repeated) so that the SQL text repeats and the connection's
 * prepared statement is reused; more than 64 ids take several queries.
 */
#include <stdlib.h>

#include "base/buf.h"
#include "domain/position.h"
#include "domain/position_internal.h"

#define IDS_PER_QUERY 64 /* STORE_ARGS_MAX: store_args holds no more */

json_t *position_rows_by_ids(struct store *db, const char *head, const char *tail,
                             const int64_t *ids, size_t n)
{
	json_t *all = json_array();
	struct buf sql = BUF_INIT;
	for (size_t from = 0; all && from < n; from += IDS_PER_QUERY) {
		size_t k = n - from < IDS_PER_QUERY ? n - from : IDS_PER_QUERY, slots = 8;
		while (slots < k)
			slots *= 2;
		struct store_args args = {0};
		buf_reset(&sql);
		buf_adds(&sql, head);
		buf_adds(&sql, " IN (");
		for (size_t i = 0; i < slots; i++) {
			buf_adds(&sql, i ? ", ?" : "?");
			store_args_int(&args, ids[from + (i < k ? i : k - 1)]);
		}
		buf_adds(&sql, ")");
		buf_adds(&sql, tail);
		json_t *rows = buf_failed(&sql) ? NULL : store_rows_args(db, sql.data, &args);
		if (!rows || json_array_extend(all, rows)) {
			json_decref(all);
			all = NULL;
		}
		json_decref(rows);
	}
	buf_release(&sql);
	return all;
}

/* The index in items of the position whose id is id, or -1. */
static long item_of(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return (long)i;
	return -1;
}

/* Moves each row of rows (which carry "position_id") to the array key of
 * its item, under "required_skills"/"preferred_skills" by its "required"
 * when split is set; rows keep their order. */
static void distribute(json_t *items, const int64_t *ids, json_t *rows, const char *key, int split)
{
	size_t n = json_array_size(items), i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		long at = item_of(ids, n, json_integer_value(json_object_get(row, "position_id")));
		if (at < 0)
			continue;
		json_object_del(row, "position_id");
		const char *to = key;
		if (split) {
			to = json_integer_value(json_object_get(row, "required"))
			         ? "required_skills"
			         : "preferred_skills";
			json_object_del(row, "required");
		}
		json_array_append(json_object_get(json_array_get(items, (size_t)at), to), row);
	}
}

int position_add_details_page(struct store *db, json_t *items, struct derr *e)
{
	size_t n = json_array_size(items), i;
	json_t *pos;
	if (!n)
		return 0;
	int64_t *ids = calloc(n, sizeof(*ids));
	if (!ids)
		return derr_internal(e, "position details: out of memory");
	json_array_foreach(items, i, pos)
	{
		ids[i] = json_integer_value(json_object_get(pos, "id"));
		json_object_set_new(pos, "majors", json_array());
		json_object_set_new(pos, "required_skills", json_array());
		json_object_set_new(pos, "preferred_skills", json_array());
	}
	int rc = 0;
	json_t *majors = position_rows_by_ids(
	    db,
	    "SELECT pm.position_id, pm.major_code AS code, m.name, m.level FROM position_majors pm"
	    " LEFT JOIN dict_majors m ON m.code = pm.major_code WHERE pm.position_id",
	    " ORDER BY pm.position_id, pm.major_code", ids, n);
	json_t *skills =
	    majors ? position_rows_by_ids(
	                 db,
	                 "SELECT ps.position_id, ps.skill_id AS id, s.name, ps.required FROM"
	                 " position_skills ps LEFT JOIN dict_skills s ON s.id = ps.skill_id"
	                 " WHERE ps.position_id",
	                 " ORDER BY ps.position_id, ps.required DESC, ps.skill_id", ids, n)
	           : NULL;
	if (!skills) {
		rc = derr_store(e, db, majors ? "position: skills" : "position: majors");
	} else {
		distribute(items, ids, majors, "majors", 0);
		distribute(items, ids, skills, NULL, 1);
	}
	json_decref(majors);
	json_decref(skills);
	free(ids);
	return rc;
}

int position_add_details(struct store *db, json_t *pos, struct derr *e)
{
	json_t *one = json_pack("[O]", pos);
	if (!one)
		return derr_internal(e, "position details: out of memory");
	int rc = position_add_details_page(db, one, e);
	json_decref(one);
	return rc;
}
