/*
 * servcal: the working-day calendar of the services area, in the database.
 *
 * Design notes:
 *  1. The State Council's notices ship as data/cn-workday-calendar.tsv
 *     (embedded at build time, 2007-2026).  At start-up servcal_seed()
 *     writes each year of it the database lacks, and replaces a year still
 *     marked 'shipped' whose days differ from the file (a correction); a
 *     year an operator wrote ('operator') is never overwritten.
 *  2. An operator or officer adds or replaces a year (its notice) through
 *     the API, from JSON or an .xlsx/.csv file (date, kind, name).  A year's
 *     days lie in that year, or in the December before it (元旦 arranged by
 *     the next year's notice); a date belongs to one notice only.
 *  3. Every change bumps workcal_version.version and, in the same
 *     transaction, recomputes every open clock (cases, rating follow-ups)
 *     with the new calendar, so nothing shows a deadline the calendar no
 *     longer gives.  The recompute uses a calendar loaded inside that
 *     transaction, never the shared snapshot.
 *  4. Requests share one snapshot of the committed calendar
 *     (servcal_acquire/servcal_release): each acquire reads the version
 *     (one small query) and reloads only when it moved, so every server
 *     process follows changes made by another.
 *  5. On SQLite writes are serialised, so a case event and a calendar
 *     change never interleave.  On PostgreSQL a case event committed in
 *     the instant a calendar change recomputes may keep the clock of the
 *     old calendar until the case's next event or the next change; the
 *     case page always recomputes from the events.
 */
#ifndef SKYWAY_DOMAIN_SERVCAL_H
#define SKYWAY_DOMAIN_SERVCAL_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "base/workdays.h"
#include "domain/derr.h"
#include "domain/roles.h"
#include "store/store.h"

#define SERVCAL_YEAR_MIN 2000
#define SERVCAL_YEAR_MAX 2100
#define SERVCAL_DAYS_MAX 120 /* days one notice may list */

/* The embedded data/cn-workday-calendar.tsv (static text; *len its size
 * when len is not NULL). */
const char *servcal_shipped_text(size_t *len);
/* The shipped calendar (workcal_free() it), or NULL with err. */
struct workcal *servcal_shipped(char *err, size_t errlen);
/* The database's calendar (workcal_free() it), or NULL with err. */
struct workcal *servcal_load(struct store *db, char *err, size_t errlen);
/* Note 1, at start-up.  Returns the number of years written, or -1 with
 * err (nothing written). */
int servcal_seed(struct store *db, char *err, size_t errlen);

/* The shared snapshot of the committed calendar (note 4); release it with
 * servcal_release().  NULL with e when it cannot be loaded. */
const struct workcal *servcal_acquire(struct store *db, struct derr *e);
void servcal_release(const struct workcal *cal);
/* Frees the cached snapshot (at shut-down; none may be acquired). */
void servcal_cache_free(void);
/* Today's date in China. */
int32_t servcal_today(void);

/* The years: [{year, source, notice, days_off, days_work, updated_at,
 * updated_by_name}] (new array), plus *version.  Returns 0 or -1 with e. */
int servcal_years(struct store *db, json_t **items, int64_t *version, struct derr *e);
/* One year: {year, source, notice, updated_at, days: [{date, kind, name,
 * weekday}]}; DERR_NOT_FOUND when the calendar lacks it. */
int servcal_year(struct store *db, int year, json_t **out, struct derr *e);
/* Adds or replaces a year's notice (note 2, 3; audited).  rows: n days (the
 * notice_year of each is ignored: they all become year's).  *out: {year,
 * days, recomputed: {cases, followups}, version}.  DERR_INVALID naming
 * "days" (with the row) for a date outside the year, a weekday declared
 * worked, a date twice; DERR_CONFLICT when another notice holds a date. */
int servcal_set_year(struct store *db, const struct actor *a, int year, const char *notice,
                     const struct wd_row *rows, size_t n, json_t **out, struct derr *e);
/* Reads an .xlsx or .csv notice (columns date/日期, kind/类型, name/名称; a
 * header row optional; kind off|work or 休|班 and their longer Chinese
 * words).  A preview (commit 0) answers {year, rows, days:[...], errors:
 * [{row, column, reason}]} and writes nothing; a commit with no error is
 * servcal_set_year(), with errors a DERR_RULE whose *out carries the same
 * report.  DERR_INVALID field "file" when the file cannot be read. */
int servcal_import(struct store *db, const struct actor *a, int year, const char *notice,
                   const void *data, size_t len, int commit, json_t **out, struct derr *e);

/* The calculator of the web page: the n-th working day after from, or the
 * working days in (from, to]; *missing_year the first year the calendar
 * lacks (0: none). */
int servcal_add(struct store *db, int32_t from, int64_t n, int32_t *day, int *missing_year,
                struct derr *e);
int servcal_count(struct store *db, int32_t from, int32_t to, int64_t *count, int *missing_year,
                  struct derr *e);

#endif
