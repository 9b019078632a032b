/*
 * The published indicators of the service hall (好差评 公示), per department
 * or per item, over a period: ratings by level and satisfaction, bad ratings
 * handled on time, cases finished and their average working days, cases over
 * the limit, and the 容缺 share of accepted cases (the article's 35%).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "domain/servcal.h"
#include "domain/service_internal.h"
#include "domain/service_rating.h"

/* One grouped query's rows, added into the row of their key. */
static int merge(struct store *db, json_t *rows_by_key, const char *sql, struct store_args *args,
                 const char *const *fields)
{
	json_t *rows = store_rows_args(db, sql, args);
	if (!rows)
		return -1;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		char key[24];
		snprintf(key, sizeof(key), "%lld", (long long)svc_int(r, "k"));
		json_t *target = json_object_get(rows_by_key, key);
		if (!target)
			continue;
		for (int f = 0; fields[f]; f++) {
			json_t *cur = json_object_get(target, fields[f]);
			json_object_set_new(
			    target, fields[f],
			    json_integer(json_integer_value(cur) + svc_int(r, fields[f])));
		}
	}
	json_decref(rows);
	return 0;
}

/* num / den to three decimals, or null when den is 0. */
static json_t *ratio(int64_t num, int64_t den)
{
	return den ? json_real((double)(int64_t)((double)num / den * 1000 + 0.5) / 1000)
	           : json_null();
}

static const char *const counters[] = {
    "l1",           "l2",          "l3",       "l4",         "l5",
    "bad",          "bad_on_time", "finished", "used_total", "finished_late",
    "open_overdue", "accepted",    "tolerant", NULL};

/* Turns the counters of a row into the published shape. */
static void shape(json_t *row)
{
	int64_t l[6] = {0};
	for (int k = 1; k <= 5; k++) {
		char key[4];
		snprintf(key, sizeof(key), "l%d", k);
		l[k] = svc_int(row, key);
		json_object_del(row, key);
	}
	int64_t total = l[1] + l[2] + l[3] + l[4] + l[5];
	json_object_set_new(row, "ratings",
	                    json_pack("{s:I, s:I, s:I, s:I, s:I}", "5", l[5], "4", l[4], "3", l[3],
	                              "2", l[2], "1", l[1]));
	json_object_set_new(row, "ratings_total", json_integer(total));
	json_object_set_new(row, "satisfaction", ratio(l[3] + l[4] + l[5], total));
	json_object_set_new(row, "bad_on_time_rate",
	                    ratio(svc_int(row, "bad_on_time"), svc_int(row, "bad")));
	int64_t finished = svc_int(row, "finished");
	json_object_set_new(
	    row, "avg_days",
	    finished
	        ? json_real(
	              (double)(int64_t)((double)svc_int(row, "used_total") / finished * 10 + 0.5) /
	              10)
	        : json_null());
	json_object_del(row, "used_total");
	json_object_set_new(
	    row, "over_limit",
	    json_integer(svc_int(row, "finished_late") + svc_int(row, "open_overdue")));
	json_object_set_new(row, "tolerant_share",
	                    ratio(svc_int(row, "tolerant"), svc_int(row, "accepted")));
}

int service_indicators(struct store *db, const struct actor *a, const char *by, int32_t from,
                       int32_t to, json_t **out, struct derr *e)
{
	char f[11], t[11], today[11];
	int per_item;
	if (svc_need_staff(a, e))
		return -1;
	if (!by || (strcmp(by, "department") && strcmp(by, "item")))
		return derr_set(e, DERR_INVALID, "by", "按 department 或 item 统计");
	per_item = !strcmp(by, "item");
	if (to < from)
		return derr_set(e, DERR_INVALID, "to", "结束日期不能早于开始日期");
	svc_day(from, f);
	svc_day(to, t);
	svc_day(servcal_today(), today);
	json_t *keys =
	    store_rows(db,
	               per_item ? "SELECT i.id, i.code, i.name, d.name AS department_name"
	                          " FROM service_items i JOIN service_departments d ON"
	                          " d.id = i.department_id ORDER BY i.code"
	                        : "SELECT id, name FROM service_departments ORDER BY id",
	               "");
	if (!keys)
		return derr_store(e, db, "indicators: keys");
	json_t *by_key = json_object();
	size_t i;
	json_t *k;
	json_array_foreach(keys, i, k)
	{
		char key[24];
		for (int c = 0; counters[c]; c++)
			json_object_set_new(k, counters[c], json_integer(0));
		snprintf(key, sizeof(key), "%lld", (long long)svc_int(k, "id"));
		json_object_set(by_key, key, k);
	}
	const char *rk = per_item ? "r.item_id" : "r.department_id";
	const char *ck = per_item ? "c.item_id" : "i.department_id";
	char sql[1400];
	struct store_args args = {0};
	int rc = 0;
	static const char *const lv[] = {"l1", "l2", "l3", "l4", "l5", NULL};
	snprintf(sql, sizeof(sql),
	         "SELECT %s AS k, SUM(CASE WHEN r.level = 1 THEN 1 ELSE 0 END) AS l1,"
	         " SUM(CASE WHEN r.level = 2 THEN 1 ELSE 0 END) AS l2,"
	         " SUM(CASE WHEN r.level = 3 THEN 1 ELSE 0 END) AS l3,"
	         " SUM(CASE WHEN r.level = 4 THEN 1 ELSE 0 END) AS l4,"
	         " SUM(CASE WHEN r.level = 5 THEN 1 ELSE 0 END) AS l5"
	         " FROM service_ratings r WHERE r.excluded = 0 AND r.round = 1 AND"
	         " r.rated_on BETWEEN ? AND ? GROUP BY %s",
	         rk, rk);
	store_args_text(&args, f);
	store_args_text(&args, t);
	rc |= merge(db, by_key, sql, &args, lv);
	static const char *const bad[] = {"bad", "bad_on_time", NULL};
	snprintf(sql, sizeof(sql),
	         "SELECT %s AS k, COUNT(*) AS bad, SUM(CASE WHEN f.contacted_on IS NOT NULL AND"
	         " f.contacted_on <= f.contact_due AND f.rectified_on IS NOT NULL AND"
	         " f.rectified_on <= f.rectify_due THEN 1 ELSE 0 END) AS bad_on_time"
	         " FROM service_ratings r JOIN service_followups f ON f.rating_id = r.id"
	         " WHERE r.excluded = 0 AND r.round = 1 AND r.rated_on BETWEEN ? AND ? GROUP BY %s",
	         rk, rk);
	rc |= merge(db, by_key, sql, &args, bad);
	static const char *const fin[] = {"finished", "used_total", "finished_late", NULL};
	snprintf(sql, sizeof(sql),
	         "SELECT %s AS k, COUNT(*) AS finished, SUM(c.used_days) AS used_total,"
	         " SUM(c.late) AS finished_late FROM service_cases c JOIN service_items i ON"
	         " i.id = c.item_id WHERE c.status = 'done' AND c.finished_on BETWEEN ? AND ?"
	         " GROUP BY %s",
	         ck, ck);
	rc |= merge(db, by_key, sql, &args, fin);
	static const char *const acc[] = {"accepted", "tolerant", NULL};
	snprintf(sql, sizeof(sql),
	         "SELECT %s AS k, COUNT(*) AS accepted, SUM(c.tolerant) AS tolerant"
	         " FROM service_cases c JOIN service_items i ON i.id = c.item_id WHERE EXISTS"
	         " (SELECT 1 FROM service_case_events x WHERE x.case_id = c.id AND"
	         " x.kind = 'accepted' AND x.on_day BETWEEN ? AND ?) GROUP BY %s",
	         ck, ck);
	rc |= merge(db, by_key, sql, &args, acc);
	static const char *const over[] = {"open_overdue", NULL};
	args.n = 0;
	svc_colour_args(&args, today);
	snprintf(
	    sql, sizeof(sql),
	    "SELECT %s AS k, COUNT(*) AS open_overdue FROM service_cases c JOIN service_items i"
	    " ON i.id = c.item_id WHERE c.status IN ('received', 'accepted', 'paused') AND"
	    " " SVC_COLOUR_SQL " = 'overdue' GROUP BY %s",
	    ck, ck);
	rc |= merge(db, by_key, sql, &args, over);
	json_decref(by_key);
	if (rc) {
		json_decref(keys);
		return derr_store(e, db, "indicators");
	}
	json_t *total = json_pack("{s:s}", "name", "合计");
	for (int c = 0; counters[c]; c++) {
		int64_t sum = 0;
		json_array_foreach(keys, i, k) sum += svc_int(k, counters[c]);
		json_object_set_new(total, counters[c], json_integer(sum));
	}
	json_array_foreach(keys, i, k) shape(k);
	shape(total);
	*out = json_pack("{s:s, s:s, s:s, s:o, s:o}", "by", by, "from", f, "to", t, "rows", keys,
	                 "total", total);
	return 0;
}
