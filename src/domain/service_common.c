/* The services area's shared pieces (service_internal.h) and its settings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "domain/audit.h"
#include "domain/servcal.h"
#include "domain/service.h"
#include "domain/service_internal.h"

int svc_need_officer(const struct actor *a, struct derr *e)
{
	return svc_officer(a) ? 0 : derr_set(e, DERR_FORBIDDEN, NULL, "只有政务人员可以办理");
}

int svc_need_staff(const struct actor *a, struct derr *e)
{
	return svc_staff(a) ? 0 : derr_set(e, DERR_FORBIDDEN, NULL, "没有权限查看");
}

const char *svc_day(int32_t day, char out[11])
{
	if (!day)
		return NULL;
	wd_format(day, out);
	return out;
}

json_t *svc_day_json(int32_t day)
{
	char out[11];
	return day ? json_string(svc_day(day, out)) : json_null();
}

int32_t svc_parse_day(const char *s)
{
	int32_t d;
	return s && !wd_parse(s, &d) ? d : 0;
}

int32_t svc_step_day(const struct actor *a, int32_t on, int32_t not_before, struct derr *e)
{
	int32_t today = servcal_today();
	if (!on)
		on = today;
	if (on != today && !svc_officer(a))
		return derr_set(e, DERR_INVALID, "on", "只有政务人员可以补录以前的日期"), 0;
	if (on > today)
		return derr_set(e, DERR_INVALID, "on", "日期不能晚于今天"), 0;
	if (on < today - SERVICE_BACKDATE_DAYS)
		return derr_setf(e, DERR_INVALID, "on", "补录的日期最多早于今天 %d 天",
		                 SERVICE_BACKDATE_DAYS),
		       0;
	if (not_before && on < not_before) {
		char d[11];
		wd_format(not_before, d);
		return derr_setf(e, DERR_INVALID, "on", "日期不能早于上一步（%s）", d), 0;
	}
	return on;
}

void svc_colour_args(struct store_args *args, const char *today)
{
	for (int i = 0; i < 4; i++)
		store_args_text(args, today);
}

int64_t svc_setting(struct store *db, const char *key, int64_t dflt)
{
	json_t *row = store_row(db, "SELECT value FROM service_settings WHERE key = ?", "t", key);
	int64_t v = dflt;
	const char *s = row && !json_is_null(row) ? svc_str(row, "value") : NULL;
	if (s && parse_int64(s, &v))
		v = dflt;
	json_decref(row);
	return v;
}

int svc_is_officer_account(struct store *db, int64_t account_id)
{
	int64_t n = 0;
	return store_int64(db, &n,
	                   "SELECT COUNT(*) FROM accounts WHERE id = ? AND role = 'officer' AND"
	                   " status = 'active'",
	                   "i", account_id) == STORE_ROW &&
	       n > 0;
}

int64_t svc_int(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

const char *svc_str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

void svc_booleans(json_t *row, const char *const *keys)
{
	for (; *keys; keys++) {
		json_t *v = json_object_get(row, *keys);
		if (v && !json_is_null(v))
			json_object_set_new(row, *keys, json_boolean(json_integer_value(v)));
	}
}

int svc_page(struct store *db, const char *count_sql, const char *list_sql, struct store_args *args,
             int64_t page, int64_t size, json_t **items, int64_t *total, const char *what,
             struct derr *e)
{
	*items = NULL;
	if (store_int64_args(db, total, count_sql, args) == STORE_ROW) {
		store_args_int(args, size);
		store_args_int(args, (page - 1) * size);
		*items = store_rows_args(db, list_sql, args);
	}
	return *items ? 0 : derr_store(e, db, what);
}

/* ---- settings ---- */

int service_settings(struct store *db, json_t **out, struct derr *e)
{
	*out = json_pack("{s:I, s:b}", "rectify_days",
	                 (json_int_t)svc_setting(db, "rectify_days", SERVICE_RECTIFY_DAYS),
	                 "rate_fairs", (int)svc_setting(db, "rate_fairs", 0));
	return 0;
}

static int put_setting(struct store *db, const char *key, int64_t v)
{
	char text[24];
	snprintf(text, sizeof(text), "%lld", (long long)v);
	return store_run(db,
	                 "INSERT INTO service_settings (key, value) VALUES (?, ?)"
	                 " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	                 "tt", key, text);
}

int service_settings_set(struct store *db, const struct actor *a, int64_t rectify_days,
                         int rate_fairs, struct derr *e)
{
	char detail[120];
	if (svc_need_officer(a, e))
		return -1;
	if (rectify_days != -1 && (rectify_days < 1 || rectify_days > 30))
		return derr_set(e, DERR_INVALID, "rectify_days", "整改期限应为 1 到 30 个工作日");
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "settings: begin");
	if ((rectify_days != -1 && put_setting(db, "rectify_days", rectify_days)) ||
	    (rate_fairs != -1 && put_setting(db, "rate_fairs", rate_fairs ? 1 : 0)))
		return derr_store(e, db, "settings: write");
	snprintf(detail, sizeof(detail), "rectify_days=%lld rate_fairs=%d", (long long)rectify_days,
	         rate_fairs);
	if (audit_write(db, a, "service.settings", "service_settings", 0, detail, e))
		return -1;
	return store_commit(db) == STORE_OK ? 0 : derr_store(e, db, "settings: commit");
}
