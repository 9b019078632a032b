/* The working-day calendar; the design notes open workdays.h. */
#include "base/workdays.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/vec.h"

struct workcal {
	int32_t start;  /* the span's first day */
	int32_t n;      /* days in the span */
	int32_t *cum;   /* n + 1 prefix counts (note 2) */
	int first_year; /* covered[] is indexed from this year */
	int nyears;     /* entries of covered[] */
	unsigned char *covered;
	int cover_first, cover_last;
};

/* ---- dates: Howard Hinnant's civil-day algorithms ---- */

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int64_t floor_mod(int64_t a, int64_t b)
{
	return a - floor_div(a, b) * b;
}

int32_t wd_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468);
}

void wd_to_ymd(int32_t day, int *y, int *m, int *d)
{
	int64_t z = (int64_t)day + 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int wd_year(int32_t day)
{
	int y, m, d;
	wd_to_ymd(day, &y, &m, &d);
	return y;
}

int wd_weekday(int32_t day)
{
	/* 1970-01-01 was a Thursday (4). */
	return (int)floor_mod((int64_t)day + 3, 7) + 1;
}

int32_t wd_china_day(int64_t t)
{
	return (int32_t)floor_div(t + 8 * 3600, 86400);
}

static int days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : dm[m - 1];
}

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int wd_parse(const char *s, int32_t *day)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < WD_YEAR_MIN || y > WD_YEAR_MAX || m < 1 || m > 12 || d < 1 ||
	    d > days_in_month(y, m))
		return -1;
	*day = wd_from_ymd(y, m, d);
	return 0;
}

void wd_format(int32_t day, char out[11])
{
	int y, m, d;
	wd_to_ymd(day, &y, &m, &d);
	snprintf(out, 11, "%04u-%02u-%02u",
	         (unsigned)(y < 0      ? 0
	                    : y > 9999 ? 9999
	                               : y),
	         (unsigned)m % 100u, (unsigned)d % 100u);
}

/* ---- the week alone, in closed form ---- */

/* Mondays to Fridays among days [-3, day] (day -3 = Monday 1969-12-29),
 * extended to negative counts so that F(b) - F(a) always counts (a, b]. */
static int64_t week_prefix(int64_t day)
{
	int64_t m = day + 3 + 1;
	int64_t r = floor_mod(m, 7);
	return 5 * floor_div(m, 7) + (r < 5 ? r : 5);
}

/* The smallest day with week_prefix(day) >= k. */
static int64_t week_inverse(int64_t k)
{
	int64_t q = floor_div(k - 1, 5), r = floor_mod(k - 1, 5);
	return 7 * q + r - 3;
}

/* ---- the calendar ---- */

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

struct workcal *workcal_build(const struct wd_day *days, size_t ndays, const int *years,
                              size_t nyears)
{
	struct workcal *cal = calloc(1, sizeof(*cal));
	if (!cal)
		return NULL;
	if (nyears == 0)
		return cal; /* covers nothing: the week alone */
	int *ys = malloc(nyears * sizeof(int));
	if (!ys)
		goto fail;
	memcpy(ys, years, nyears * sizeof(int));
	qsort(ys, nyears, sizeof(int), cmp_int);
	if (ys[0] < WD_YEAR_MIN || ys[nyears - 1] > WD_YEAR_MAX) {
		free(ys);
		goto fail;
	}
	cal->cover_first = ys[0];
	cal->cover_last = ys[nyears - 1];
	cal->first_year = ys[0];
	cal->nyears = ys[nyears - 1] - ys[0] + 1;
	cal->covered = calloc((size_t)cal->nyears, 1);
	if (!cal->covered) {
		free(ys);
		goto fail;
	}
	for (size_t i = 0; i < nyears; i++)
		cal->covered[ys[i] - cal->first_year] = 1;
	free(ys);

	int32_t start = wd_from_ymd(cal->cover_first, 1, 1);
	int32_t end = wd_from_ymd(cal->cover_last + 1, 1, 1); /* exclusive */
	for (size_t i = 0; i < ndays; i++) {
		if (days[i].day < start)
			start = days[i].day;
		if (days[i].day >= end)
			end = days[i].day + 1;
	}
	cal->start = start;
	cal->n = end - start;
	cal->cum = malloc(((size_t)cal->n + 1) * sizeof(int32_t));
	unsigned char *work = malloc((size_t)cal->n);
	if (!cal->cum || !work) {
		free(work);
		goto fail;
	}
	for (int32_t i = 0; i < cal->n; i++)
		work[i] = wd_weekday(start + i) <= 5;
	for (size_t i = 0; i < ndays; i++)
		work[days[i].day - start] = days[i].kind == WD_WORK;
	cal->cum[0] = 0;
	for (int32_t i = 0; i < cal->n; i++)
		cal->cum[i + 1] = cal->cum[i] + work[i];
	free(work);
	return cal;
fail:
	workcal_free(cal);
	return NULL;
}

void workcal_free(struct workcal *cal)
{
	if (!cal)
		return;
	free(cal->cum);
	free(cal->covered);
	free(cal);
}

int workcal_covers(const struct workcal *cal, int year)
{
	int i = year - cal->first_year;
	return cal->covered && i >= 0 && i < cal->nyears && cal->covered[i];
}

void workcal_range(const struct workcal *cal, int *first, int *last)
{
	*first = cal->cover_first;
	*last = cal->cover_last;
}

/* G(day): working days in (origin, day], one origin for all days (note 2). */
static int64_t prefix(const struct workcal *cal, int64_t day)
{
	if (!cal->n)
		return week_prefix(day);
	int64_t end = (int64_t)cal->start + cal->n;
	if (day < cal->start)
		return week_prefix(day) - week_prefix(cal->start - 1);
	if (day < end)
		return cal->cum[day - cal->start + 1];
	return cal->cum[cal->n] + week_prefix(day) - week_prefix(end - 1);
}

/* The smallest day with G(day) >= k. */
static int64_t prefix_inverse(const struct workcal *cal, int64_t k)
{
	if (!cal->n)
		return week_inverse(k);
	int64_t end = (int64_t)cal->start + cal->n;
	if (k <= 0)
		return week_inverse(k + week_prefix(cal->start - 1));
	if (k <= cal->cum[cal->n]) {
		int32_t lo = 1, hi = cal->n; /* smallest i with cum[i] >= k */
		while (lo < hi) {
			int32_t mid = lo + (hi - lo) / 2;
			if (cal->cum[mid] >= k)
				hi = mid;
			else
				lo = mid + 1;
		}
		return (int64_t)cal->start + lo - 1;
	}
	return week_inverse(k - cal->cum[cal->n] + week_prefix(end - 1));
}

/* The first year of lo..hi (walked from `from` towards `to`) not covered. */
static int first_missing(const struct workcal *cal, int from, int to)
{
	int step = from <= to ? 1 : -1;
	for (int y = from;; y += step) {
		if (!workcal_covers(cal, y))
			return y;
		if (y == to)
			return 0;
	}
}

int workcal_is_workday(const struct workcal *cal, int32_t day, int *missing_year)
{
	if (missing_year)
		*missing_year = workcal_covers(cal, wd_year(day)) ? 0 : wd_year(day);
	return prefix(cal, day) - prefix(cal, (int64_t)day - 1) == 1;
}

int64_t workcal_count(const struct workcal *cal, int32_t a, int32_t b, int *missing_year)
{
	if (missing_year)
		*missing_year = first_missing(cal, wd_year(a), wd_year(b));
	return b <= a ? 0 : prefix(cal, b) - prefix(cal, a);
}

int32_t workcal_add(const struct workcal *cal, int32_t from, int64_t n, int *missing_year)
{
	int64_t day = from;
	if (n > 0)
		day = prefix_inverse(cal, prefix(cal, from) + n);
	else if (n < 0)
		day = prefix_inverse(cal, prefix(cal, (int64_t)from - 1) + n + 1);
	if (missing_year)
		*missing_year = first_missing(cal, wd_year(from), wd_year((int32_t)day));
	return (int32_t)day;
}

/* ---- notice files ---- */

int wd_notice_year(int32_t day, const char *name)
{
	int y, m, d;
	wd_to_ymd(day, &y, &m, &d);
	return m == 12 && name && strstr(name, "元旦") ? y + 1 : y;
}

struct wd_row *wd_rows_parse(const char *text, size_t len, size_t *n, char *err, size_t errlen)
{
	VEC(struct wd_row) rows = VEC_INIT;
	size_t line_no = 0;
	const char *p = text, *end = text + len;
	*n = 0;
	err[0] = '\0';
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t ll = eol ? (size_t)(eol - p) : (size_t)(end - p);
		char line[256];
		line_no++;
		if (ll && p[ll - 1] == '\r')
			ll--;
		if (ll >= sizeof(line)) {
			snprintf(err, errlen, "%zu: line too long", line_no);
			goto fail;
		}
		memcpy(line, p, ll);
		line[ll] = '\0';
		p = eol ? eol + 1 : end;
		if (!line[0] || line[0] == '#')
			continue;
		char *kind = strchr(line, '\t'), *name = kind ? strchr(kind + 1, '\t') : NULL;
		if (!name) {
			snprintf(err, errlen, "%zu: expected date<TAB>kind<TAB>name", line_no);
			goto fail;
		}
		*kind++ = '\0';
		*name++ = '\0';
		struct wd_row r = {0};
		if (wd_parse(line, &r.day)) {
			snprintf(err, errlen, "%zu: '%s' is not a date YYYY-MM-DD", line_no, line);
			goto fail;
		}
		if (strcmp(kind, "off") && strcmp(kind, "work")) {
			snprintf(err, errlen, "%zu: kind must be off or work", line_no);
			goto fail;
		}
		if (!*name || strlen(name) >= sizeof(r.name) || strchr(name, '\t')) {
			snprintf(err, errlen, "%zu: the name must be 1 to %zu bytes", line_no,
			         sizeof(r.name) - 1);
			goto fail;
		}
		r.kind = kind[0] == 'o' ? WD_OFF : WD_WORK;
		snprintf(r.name, sizeof(r.name), "%s", name);
		r.notice_year = wd_notice_year(r.day, r.name);
		if (VEC_PUSH(&rows, r)) {
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
	}
	return VEC_DETACH(&rows, n);
fail:
	VEC_FREE(&rows);
	*n = 0;
	return NULL;
}

struct workcal *workcal_from_rows(const struct wd_row *rows, size_t n)
{
	struct wd_day *days = malloc((n ? n : 1) * sizeof(*days));
	int *years = malloc((n ? n : 1) * sizeof(int));
	size_t ny = 0;
	struct workcal *cal = NULL;
	if (days && years) {
		for (size_t i = 0; i < n; i++) {
			days[i].day = rows[i].day;
			days[i].kind = rows[i].kind;
			int seen = 0;
			for (size_t k = 0; k < ny && !seen; k++)
				seen = years[k] == rows[i].notice_year;
			if (!seen)
				years[ny++] = rows[i].notice_year;
		}
		cal = workcal_build(days, n, years, ny);
	}
	free(days);
	free(years);
	return cal;
}
