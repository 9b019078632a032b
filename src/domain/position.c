#include "domain/position.h"

#include "base/buf.h"
#include "base/util.h"

/* The field values in column order, as bound arguments. */
static void field_args(struct store_args *a, const struct position_fields *f)
{
	store_args_text(a, f->title);
	store_args_text(a, f->kind);
	store_args_int(a, f->min_degree);
	store_args_int(a, f->headcount);
	f->has_salary_min ? store_args_int(a, f->salary_min) : store_args_text(a, NULL);
	f->has_salary_max ? store_args_int(a, f->salary_max) : store_args_text(a, NULL);
	store_args_text(a, f->city);
	store_args_text(a, f->address);
	store_args_text(a, f->description ? f->description : "");
	f->has_deadline ? store_args_int(a, f->deadline) : store_args_text(a, NULL);
	f->has_gy_min ? store_args_int(a, f->gy_min) : store_args_text(a, NULL);
	f->has_gy_max ? store_args_int(a, f->gy_max) : store_args_text(a, NULL);
}

/* Rewrites majors, skills and the search text of position id. */
static int write_details(struct store *db, int64_t id, const struct position_fields *f)
{
	size_t i;
	json_t *v;
	if (store_run(db, "DELETE FROM position_majors WHERE position_id = ?", "i", id) ||
	    store_run(db, "DELETE FROM position_skills WHERE position_id = ?", "i", id))
		return -1;
	json_array_foreach(f->majors, i, v)
	{
		if (store_run(db, "INSERT INTO position_majors (position_id, major_code) VALUES (?, ?)",
			      "it", id, json_string_value(v)))
			return -1;
	}
	for (int req = 1; req >= 0; req--) {
		json_array_foreach(req ? f->required : f->preferred, i, v)
		{
			if (store_run(db,
				      "INSERT INTO position_skills (position_id, skill_id, required)"
				      " VALUES (?, ?, ?)",
				      "iti", id, json_string_value(v), (int64_t)req))
				return -1;
		}
	}
	/* What free-text search looks in: title, enterprise, description,
	 * city, skills and majors. */
	struct buf text = BUF_INIT;
	struct store_stmt *st = store_query(
		db,
		"SELECT p.title, o.name, p.description, COALESCE(ci.name, '') FROM positions p"
		" JOIN organizations o ON o.id = p.enterprise_id"
		" LEFT JOIN dict_cities ci ON ci.code = p.city_code WHERE p.id = ?",
		"i", id);
	if (st && store_step(st) == STORE_ROW)
		for (int col = 0; col < 4; col++)
			buf_addf(&text, "%s\n", store_column_text(st, col));
	store_finalize(st);
	st = store_query(db,
			 "SELECT s.name FROM position_skills ps JOIN dict_skills s ON s.id = ps.skill_id"
			 " WHERE ps.position_id = ? UNION ALL SELECT m.name FROM position_majors pm"
			 " JOIN dict_majors m ON m.code = pm.major_code WHERE pm.position_id = ?",
			 "ii", id, id);
	while (st && store_step(st) == STORE_ROW)
		buf_addf(&text, "%s ", store_column_text(st, 0));
	store_finalize(st);
	int rc = buf_failed(&text) ? -1
				   : store_run(db, "UPDATE positions SET search_text = ? WHERE id = ?",
					       "ti", text.data, id);
	buf_release(&text);
	return rc;
}

int position_insert(struct store *db, int64_t enterprise, const struct position_fields *f,
		    int is_demo, int64_t *id)
{
	int64_t now = now_seconds();
	struct store_args a = {0};
	store_args_int(&a, enterprise);
	field_args(&a, f);
	store_args_int(&a, is_demo);
	store_args_int(&a, now);
	store_args_int(&a, now);
	if (store_int64_args(db, id,
			     "INSERT INTO positions (enterprise_id, title, kind, min_degree, headcount,"
			     " salary_min, salary_max, city_code, address, description, deadline,"
			     " grad_year_min, grad_year_max, is_demo, created_at, updated_at)"
			     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			     &a) != STORE_ROW)
		return -1;
	return write_details(db, *id, f);
}

int position_update(struct store *db, int64_t id, const struct position_fields *f)
{
	struct store_args a = {0};
	field_args(&a, f);
	store_args_int(&a, now_seconds());
	store_args_int(&a, id);
	struct store_stmt *st = store_query_args(
		db,
		"UPDATE positions SET title = ?, kind = ?, min_degree = ?, headcount = ?,"
		" salary_min = ?, salary_max = ?, city_code = ?, address = ?, description = ?,"
		" deadline = ?, grad_year_min = ?, grad_year_max = ?, updated_at = ? WHERE id = ?",
		&a);
	int rc = st ? store_step(st) : STORE_ERROR;
	store_finalize(st);
	return rc == STORE_DONE ? write_details(db, id, f) : -1;
}
