/* The working-day calendar in the database; the design notes open servcal.h. */
#include "domain/servcal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/table_read.h"
#include "base/util.h"
#include "base/vec.h"
#include "domain/audit.h"
#include "domain/dict.h"
#include "domain/service.h"

#define SHIPPED_FILE "cn-workday-calendar.tsv"

const char *servcal_shipped_text(size_t *len)
{
	for (const struct dict_file *f = dict_files; f->name; f++)
		if (!strcmp(f->name, SHIPPED_FILE)) {
			if (len)
				*len = f->size;
			return f->text;
		}
	if (len)
		*len = 0;
	return "";
}

struct workcal *servcal_shipped(char *err, size_t errlen)
{
	size_t len, n;
	const char *text = servcal_shipped_text(&len);
	struct wd_row *rows = wd_rows_parse(text, len, &n, err, errlen);
	if (!rows) {
		if (!err[0])
			snprintf(err, errlen, "data/%s has no days", SHIPPED_FILE);
		return NULL;
	}
	struct workcal *cal = workcal_from_rows(rows, n);
	free(rows);
	return cal;
}

struct workcal *servcal_load(struct store *db, char *err, size_t errlen)
{
	VEC(struct wd_day) days = VEC_INIT;
	VEC(int) years = VEC_INIT;
	struct workcal *cal = NULL;
	struct store_stmt *st = store_query(db, "SELECT day, kind FROM workcal_days", "");
	int rc = st ? store_step(st) : STORE_ERROR;
	for (; rc == STORE_ROW; rc = store_step(st)) {
		struct wd_day d;
		if (wd_parse(store_column_text(st, 0), &d.day))
			continue; /* the CHECKs and servcal_set_year keep this from happening */
		d.kind = store_column_text(st, 1)[0] == 'o' ? WD_OFF : WD_WORK;
		if (VEC_PUSH(&days, d))
			rc = STORE_ERROR;
	}
	store_finalize(st);
	if (rc == STORE_DONE) {
		st = store_query(db, "SELECT year FROM workcal_years", "");
		rc = st ? store_step(st) : STORE_ERROR;
		for (; rc == STORE_ROW; rc = store_step(st))
			if (VEC_PUSH(&years, (int)store_column_int64(st, 0)))
				rc = STORE_ERROR;
		store_finalize(st);
	}
	if (rc == STORE_DONE)
		cal = workcal_build(days.v, days.n, years.v, years.n);
	if (!cal)
		snprintf(err, errlen, "cannot load the working-day calendar: %s",
		         rc == STORE_DONE ? "out of memory" : store_errmsg(db));
	VEC_FREE(&days);
	VEC_FREE(&years);
	return cal;
}

/* ---- the shared snapshot (note 4) ---- */

struct snapshot {
	struct workcal *cal;
	int64_t version;
	int refs;
	int stale;
	struct snapshot *next;
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct snapshot *snapshots; /* the current one first */

/* Frees snapshots nobody holds that a newer one replaced.  Lock held. */
static void sweep(void)
{
	struct snapshot **p = &snapshots;
	while (*p) {
		struct snapshot *s = *p;
		if (s->stale && !s->refs) {
			*p = s->next;
			workcal_free(s->cal);
			free(s);
		} else {
			p = &s->next;
		}
	}
}

const struct workcal *servcal_acquire(struct store *db, struct derr *e)
{
	int64_t version = 0;
	char err[300] = "";
	if (store_int64(db, &version, "SELECT version FROM workcal_version WHERE id = 1", "") !=
	    STORE_ROW) {
		derr_store(e, db, "calendar: version");
		return NULL;
	}
	pthread_mutex_lock(&cache_lock);
	struct snapshot *cur = snapshots;
	if (cur && !cur->stale && cur->version == version) {
		cur->refs++;
		pthread_mutex_unlock(&cache_lock);
		return cur->cal;
	}
	pthread_mutex_unlock(&cache_lock);

	struct snapshot *fresh = calloc(1, sizeof(*fresh));
	if (fresh)
		fresh->cal = servcal_load(db, err, sizeof(err));
	if (!fresh || !fresh->cal) {
		free(fresh);
		derr_internal(e, err[0] ? err : "calendar: out of memory");
		return NULL;
	}
	fresh->version = version;
	fresh->refs = 1;
	pthread_mutex_lock(&cache_lock);
	/* Another thread may have loaded a newer one meanwhile: keep the
	 * highest version current, and hand this caller its own. */
	if (snapshots && !snapshots->stale && snapshots->version > version) {
		fresh->stale = 1;
		fresh->next = snapshots->next;
		snapshots->next = fresh;
	} else {
		if (snapshots)
			snapshots->stale = 1;
		fresh->next = snapshots;
		snapshots = fresh;
	}
	sweep();
	pthread_mutex_unlock(&cache_lock);
	return fresh->cal;
}

void servcal_release(const struct workcal *cal)
{
	if (!cal)
		return;
	pthread_mutex_lock(&cache_lock);
	for (struct snapshot *s = snapshots; s; s = s->next)
		if (s->cal == cal) {
			s->refs--;
			break;
		}
	sweep();
	pthread_mutex_unlock(&cache_lock);
}

void servcal_cache_free(void)
{
	pthread_mutex_lock(&cache_lock);
	for (struct snapshot *s = snapshots; s; s = s->next)
		s->stale = 1;
	sweep();
	pthread_mutex_unlock(&cache_lock);
}

int32_t servcal_today(void)
{
	return wd_china_day(now_seconds());
}

/* ---- writing a year ---- */

/* The digest of a year's days (for note 1), rows sorted by date. */
static void year_digest(const struct wd_row *rows, size_t n, char out[65])
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		char date[11];
		wd_format(rows[i].day, date);
		buf_addf(&b, "%s\t%s\t%s\n", date, rows[i].kind == WD_OFF ? "off" : "work",
		         rows[i].name);
	}
	sha256_hex(b.data, b.len, out);
	buf_release(&b);
}

static int cmp_row(const void *a, const void *b)
{
	const struct wd_row *x = a, *y = b;
	return (x->day > y->day) - (x->day < y->day);
}

/* Writes one year's row and days (replacing what it had); dates another
 * notice holds are skipped when skip_taken, else refused.  Returns 0, -1
 * on a store error, or 1 + the index of a taken row. */
static int write_year(struct store *db, int year, const char *source, const char *notice,
                      int64_t by, const struct wd_row *rows, size_t n)
{
	char digest[65], date[11];
	int64_t now = now_seconds();
	year_digest(rows, n, digest);
	if (store_run(db, "DELETE FROM workcal_days WHERE year = ?", "i", (int64_t)year) ||
	    store_run(db, "DELETE FROM workcal_years WHERE year = ?", "i", (int64_t)year) ||
	    store_run(db,
	              "INSERT INTO workcal_years (year, source, notice, digest, updated_by,"
	              " updated_at) VALUES (?, ?, ?, ?, ?, ?)",
	              "ittt"
	              "Ii",
	              (int64_t)year, source, notice, digest, by, now))
		return -1;
	int shipped = !strcmp(source, "shipped");
	for (size_t i = 0; i < n; i++) {
		wd_format(rows[i].day, date);
		int rc = store_run(db,
		                   shipped ? "INSERT INTO workcal_days (day, year, kind, name)"
		                             " VALUES (?, ?, ?, ?) ON CONFLICT (day) DO NOTHING"
		                           : "INSERT INTO workcal_days (day, year, kind, name)"
		                             " VALUES (?, ?, ?, ?)",
		                   "titt", date, (int64_t)year,
		                   rows[i].kind == WD_OFF ? "off" : "work", rows[i].name);
		if (rc == STORE_UNIQUE)
			return 1 + (int)i;
		if (rc)
			return -1;
	}
	return 0;
}

/* Bumps the version and recomputes every open clock with the calendar as
 * this transaction sees it (note 3). */
static int changed(struct store *db, struct service_recomputed *done, struct derr *e)
{
	char err[300] = "";
	if (store_run(db, "UPDATE workcal_version SET version = version + 1 WHERE id = 1", ""))
		return derr_store(e, db, "calendar: version");
	struct workcal *cal = servcal_load(db, err, sizeof(err));
	if (!cal) {
		store_rollback(db);
		return derr_internal(e, err);
	}
	int rc = service_recompute_all(db, cal, servcal_today(), done, e);
	workcal_free(cal);
	return rc;
}

int servcal_seed(struct store *db, char *err, size_t errlen)
{
	size_t len, n;
	const char *text = servcal_shipped_text(&len);
	struct wd_row *rows = wd_rows_parse(text, len, &n, err, errlen);
	int written = 0;
	if (!rows)
		return err[0] ? -1 : 0;
	qsort(rows, n, sizeof(*rows), cmp_row);
	if (store_begin(db) != STORE_OK)
		goto fail;
	/* One pass per notice year present (about 20). */
	for (size_t i = 0; i < n; i++) {
		int year = rows[i].notice_year, seen = 0;
		for (size_t k = 0; k < i && !seen; k++)
			seen = rows[k].notice_year == year;
		if (seen)
			continue;
		struct wd_row *mine = malloc(n * sizeof(*mine));
		size_t m = 0;
		if (!mine)
			goto fail_rollback;
		for (size_t k = i; k < n; k++)
			if (rows[k].notice_year == year)
				mine[m++] = rows[k];
		char digest[65];
		year_digest(mine, m, digest);
		json_t *have =
		    store_row(db, "SELECT source, digest FROM workcal_years WHERE year = ?", "i",
		              (int64_t)year);
		int write =
		    have &&
		    (json_is_null(have) ||
		     (!strcmp(json_string_value(json_object_get(have, "source")), "shipped") &&
		      strcmp(json_string_value(json_object_get(have, "digest")), digest)));
		int rc = !have ? -1 : write ? write_year(db, year, "shipped", NULL, 0, mine, m) : 0;
		json_decref(have);
		free(mine);
		if (rc < 0)
			goto fail_rollback;
		written += write;
	}
	if (written) {
		struct service_recomputed done;
		struct derr e = {0};
		if (changed(db, &done, &e)) {
			snprintf(err, errlen, "calendar: %s", e.detail[0] ? e.detail : e.message);
			free(rows);
			return -1;
		}
	}
	if (store_commit(db) != STORE_OK)
		goto fail;
	free(rows);
	return written;
fail_rollback:
	store_rollback(db);
fail:
	snprintf(err, errlen, "calendar: %s", store_errmsg(db));
	free(rows);
	return -1;
}

/* Checks a notice's rows for year (note 2); sorts them.  Returns 0, or -1
 * with e naming "days" and the row (1-based, as given). */
static int check_rows(int year, struct wd_row *rows, size_t n, struct derr *e)
{
	int32_t first = wd_from_ymd(year - 1, 12, 1), last = wd_from_ymd(year, 12, 31);
	if (!n)
		return derr_set(e, DERR_INVALID, "days", "请至少填写一天（放假或调休上班）");
	if (n > SERVCAL_DAYS_MAX)
		return derr_setf(e, DERR_INVALID, "days", "一年的通知最多 %d 天", SERVCAL_DAYS_MAX);
	for (size_t i = 0; i < n; i++) {
		char date[11];
		wd_format(rows[i].day, date);
		if (rows[i].day < first || rows[i].day > last)
			return derr_setf(e, DERR_INVALID, "days",
			                 "第 %zu 天 %s 不在 %d 年（或其前一年 12 月）内", i + 1,
			                 date, year);
		if (rows[i].kind == WD_WORK && wd_weekday(rows[i].day) <= 5)
			return derr_setf(e, DERR_INVALID, "days",
			                 "第 %zu 天 %s 本是工作日，不能标为调休上班", i + 1, date);
		for (size_t k = 0; k < i; k++)
			if (rows[k].day == rows[i].day)
				return derr_setf(e, DERR_INVALID, "days",
				                 "%s 出现了两次（第 %zu 和第 %zu 天）", date, k + 1,
				                 i + 1);
		rows[i].notice_year = year;
	}
	qsort(rows, n, sizeof(*rows), cmp_row);
	return 0;
}

int servcal_set_year(struct store *db, const struct actor *a, int year, const char *notice,
                     const struct wd_row *in, size_t n, json_t **out, struct derr *e)
{
	char detail[200], date[11];
	struct service_recomputed done = {0};
	if (year < SERVCAL_YEAR_MIN || year > SERVCAL_YEAR_MAX)
		return derr_set(e, DERR_INVALID, "year", "年份应在 2000 到 2100 之间");
	struct wd_row *rows = malloc((n ? n : 1) * sizeof(*rows));
	if (!rows)
		return derr_internal(e, "calendar: out of memory");
	memcpy(rows, in, n * sizeof(*rows));
	int rc = check_rows(year, rows, n, e);
	if (!rc && store_begin(db) != STORE_OK)
		rc = derr_store(e, db, "calendar: begin");
	if (!rc) {
		int w = write_year(db, year, "operator", notice, a->id, rows, n);
		if (w > 0) {
			store_rollback(db);
			wd_format(rows[w - 1].day, date);
			rc = derr_setf(e, DERR_CONFLICT, "days", "%s 已属于另一年的节假日通知",
			               date);
		} else if (w < 0) {
			rc = derr_store(e, db, "calendar: write");
		}
	}
	free(rows);
	if (rc || changed(db, &done, e))
		return -1;
	snprintf(detail, sizeof(detail), "%d 年：%zu 天；重算 %lld 个案件、%lld 个差评整改的期限",
	         year, n, (long long)done.cases, (long long)done.followups);
	if (audit_write(db, a, "workcal.set_year", "workcal_year", year, detail, e))
		return -1;
	if (store_commit(db) != STORE_OK)
		return derr_store(e, db, "calendar: commit");
	int64_t version = 0;
	store_int64(db, &version, "SELECT version FROM workcal_version WHERE id = 1", "");
	*out = json_pack("{s:i, s:I, s:{s:I, s:I}, s:I}", "year", year, "days", (json_int_t)n,
	                 "recomputed", "cases", (json_int_t)done.cases, "followups",
	                 (json_int_t)done.followups, "version", (json_int_t)version);
	return 0;
}

/* ---- reading ---- */

int servcal_years(struct store *db, json_t **items, int64_t *version, struct derr *e)
{
	*items = store_rows(
	    db,
	    "SELECT y.year, y.source, y.notice, y.updated_at, a.display_name AS updated_by_name,"
	    " (SELECT COUNT(*) FROM workcal_days d WHERE d.year = y.year AND d.kind = 'off')"
	    " AS days_off,"
	    " (SELECT COUNT(*) FROM workcal_days d WHERE d.year = y.year AND d.kind = 'work')"
	    " AS days_work"
	    " FROM workcal_years y LEFT JOIN accounts a ON a.id = y.updated_by ORDER BY y.year",
	    "");
	if (!*items || store_int64(db, version, "SELECT version FROM workcal_version WHERE id = 1",
	                           "") != STORE_ROW) {
		json_decref(*items);
		*items = NULL;
		return derr_store(e, db, "calendar: years");
	}
	return 0;
}

int servcal_year(struct store *db, int year, json_t **out, struct derr *e)
{
	json_t *head = store_row(db,
	                         "SELECT year, source, notice, updated_at FROM workcal_years"
	                         " WHERE year = ?",
	                         "i", (int64_t)year);
	if (!head)
		return derr_store(e, db, "calendar: year");
	if (json_is_null(head)) {
		json_decref(head);
		return derr_set(e, DERR_NOT_FOUND, "year", "日历中没有这一年的节假日安排");
	}
	json_t *days = store_rows(db,
	                          "SELECT day AS date, kind, name FROM workcal_days WHERE year = ?"
	                          " ORDER BY day",
	                          "i", (int64_t)year);
	if (!days) {
		json_decref(head);
		return derr_store(e, db, "calendar: days");
	}
	size_t i;
	json_t *d;
	json_array_foreach(days, i, d)
	{
		int32_t day = 0;
		wd_parse(json_string_value(json_object_get(d, "date")), &day);
		json_object_set_new(d, "weekday", json_integer(wd_weekday(day)));
	}
	json_object_set_new(head, "days", days);
	*out = head;
	return 0;
}

/* ---- import ---- */

struct import_state {
	int col_date, col_kind, col_name;
	int header_done;
	VEC(struct wd_row) rows;
	json_t *errors;
	size_t total;
};

static void import_error(struct import_state *s, size_t row, const char *column, const char *why)
{
	s->total++;
	if (json_array_size(s->errors) < 200)
		json_array_append_new(s->errors,
		                      json_pack("{s:I, s:s, s:s}", "row", (json_int_t)row, "column",
		                                column, "reason", why));
}

/* "2027-01-01", "2027/1/1", "2027.1.1" or "2027年1月1日". */
static int parse_loose_date(const char *s, int32_t *day)
{
	int y, m, d, used = 0;
	char canon[16];
	if (!wd_parse(s, day))
		return 0;
	if ((sscanf(s, "%4d/%2d/%2d%n", &y, &m, &d, &used) == 3 ||
	     sscanf(s, "%4d.%2d.%2d%n", &y, &m, &d, &used) == 3 ||
	     sscanf(s, "%4d年%2d月%2d日%n", &y, &m, &d, &used) == 3) &&
	    s[used] == '\0' && m >= 1 && m <= 12 && d >= 1 && d <= 31 && y >= 1000 && y <= 9999) {
		snprintf(canon, sizeof(canon), "%04d-%02d-%02d", y, m, d);
		return wd_parse(canon, day);
	}
	return -1;
}

static int parse_kind(const char *s, char *kind)
{
	static const char *const off[] = {"off", "休", "休息", "放假", "假", "节假日", NULL};
	static const char *const work[] = {"work", "班",     "上班", "调休上班",
	                                   "补班", "工作日", NULL};
	for (int i = 0; off[i]; i++)
		if (!strcasecmp(s, off[i])) {
			*kind = WD_OFF;
			return 0;
		}
	for (int i = 0; work[i]; i++)
		if (!strcasecmp(s, work[i])) {
			*kind = WD_WORK;
			return 0;
		}
	return -1;
}

static void trim(char *s)
{
	size_t n = strlen(s), k = 0;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	while (s[k] == ' ' || s[k] == '\t')
		k++;
	memmove(s, s + k, n - k + 1);
}

static int header_column(const char *cell)
{
	static const char *const names[3][4] = {{"date", "日期", "日子", NULL},
	                                        {"kind", "类型", "安排", NULL},
	                                        {"name", "名称", "节日", NULL}};
	for (int c = 0; c < 3; c++)
		for (int k = 0; names[c][k]; k++)
			if (!strcasecmp(cell, names[c][k]))
				return c;
	return -1;
}

static int import_row(void *arg, const struct table_row *row)
{
	struct import_state *s = arg;
	for (size_t i = 0; i < row->ncells; i++)
		trim(row->cells[i]);
	if (!s->header_done) {
		s->header_done = 1;
		int found[3] = {-1, -1, -1};
		for (size_t i = 0; i < row->ncells && i < 16; i++) {
			int c = header_column(row->cells[i]);
			if (c >= 0 && found[c] < 0)
				found[c] = (int)i;
		}
		if (found[0] >= 0) {
			s->col_date = found[0];
			s->col_kind = found[1] >= 0 ? found[1] : 1;
			s->col_name = found[2] >= 0 ? found[2] : 2;
			return 0;
		}
	}
	const char *date = (size_t)s->col_date < row->ncells ? row->cells[s->col_date] : "";
	const char *kind = (size_t)s->col_kind < row->ncells ? row->cells[s->col_kind] : "";
	const char *name = (size_t)s->col_name < row->ncells ? row->cells[s->col_name] : "";
	struct wd_row r = {0};
	if (parse_loose_date(date, &r.day)) {
		import_error(s, row->line, "date", "日期应写成 2027-01-01");
		return 0;
	}
	if (parse_kind(kind, &r.kind)) {
		import_error(s, row->line, "kind", "类型应为 off（放假）或 work（调休上班）");
		return 0;
	}
	if (!*name || strlen(name) >= sizeof(r.name)) {
		import_error(s, row->line, "name", "请填写节日名称（不超过 30 个字）");
		return 0;
	}
	snprintf(r.name, sizeof(r.name), "%s", name);
	if (VEC_PUSH(&s->rows, r))
		return 1;
	return 0;
}

int servcal_import(struct store *db, const struct actor *a, int year, const char *notice,
                   const void *data, size_t len, int commit, json_t **out, struct derr *e)
{
	struct import_state s = {
	    .col_date = 0, .col_kind = 1, .col_name = 2, .errors = json_array()};
	struct table_limits lim = {.max_file_bytes = 2 << 20, .max_rows = 1000, .max_cols = 16};
	char err[300];
	int rc = -1;
	*out = NULL;
	if (year < SERVCAL_YEAR_MIN || year > SERVCAL_YEAR_MAX) {
		derr_set(e, DERR_INVALID, "year", "年份应在 2000 到 2100 之间");
		goto out;
	}
	int read = table_read(data, len, &lim, import_row, &s, err, sizeof(err));
	if (read) {
		derr_setf(e, DERR_INVALID, "file", "%s", read > 0 ? "内存不足" : err);
		goto out;
	}
	/* The year's own rules, row by row: the same as servcal_set_year's. */
	if (!s.total && s.rows.n) {
		struct derr check = {0};
		struct wd_row *copy = malloc(s.rows.n * sizeof(*copy));
		if (!copy) {
			derr_internal(e, "calendar: out of memory");
			goto out;
		}
		memcpy(copy, s.rows.v, s.rows.n * sizeof(*copy));
		if (check_rows(year, copy, s.rows.n, &check))
			import_error(&s, 0, "date", check.message);
		free(copy);
	} else if (!s.total) {
		import_error(&s, 0, "date", "文件中没有任何日期");
	}
	json_t *days = json_array();
	for (size_t i = 0; i < s.rows.n; i++) {
		char date[11];
		wd_format(s.rows.v[i].day, date);
		json_array_append_new(days, json_pack("{s:s, s:s, s:s, s:i}", "date", date, "kind",
		                                      s.rows.v[i].kind == WD_OFF ? "off" : "work",
		                                      "name", s.rows.v[i].name, "weekday",
		                                      wd_weekday(s.rows.v[i].day)));
	}
	json_t *report = json_pack("{s:i, s:I, s:o, s:O, s:I, s:b}", "year", year, "rows",
	                           (json_int_t)s.rows.n, "days", days, "errors", s.errors,
	                           "errors_total", (json_int_t)s.total, "committed", 0);
	if (!commit || s.total) {
		*out = report;
		if (commit) {
			derr_set(e, DERR_RULE, "file", "文件有错误，日历未改动");
			goto out;
		}
		rc = 0;
		goto out;
	}
	json_t *done = NULL;
	if (servcal_set_year(db, a, year, notice, s.rows.v, s.rows.n, &done, e)) {
		*out = report;
		goto out;
	}
	json_object_set_new(report, "committed", json_true());
	json_object_set_new(report, "recomputed", json_incref(json_object_get(done, "recomputed")));
	json_decref(done);
	*out = report;
	rc = 0;
out:
	VEC_FREE(&s.rows);
	json_decref(s.errors);
	return rc;
}

/* ---- the calculator ---- */

int servcal_add(struct store *db, int32_t from, int64_t n, int32_t *day, int *missing_year,
                struct derr *e)
{
	const struct workcal *cal = servcal_acquire(db, e);
	if (!cal)
		return -1;
	*day = workcal_add(cal, from, n, missing_year);
	servcal_release(cal);
	return 0;
}

int servcal_count(struct store *db, int32_t from, int32_t to, int64_t *count, int *missing_year,
                  struct derr *e)
{
	const struct workcal *cal = servcal_acquire(db, e);
	if (!cal)
		return -1;
	*count = workcal_count(cal, from, to, missing_year);
	servcal_release(cal);
	return 0;
}
