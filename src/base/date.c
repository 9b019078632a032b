/* Calendar dates as day numbers; see date.h. */
#include "base/date.h"

#include <stdio.h>
#include <string.h>

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* Days are counted in eras of 400 years (146097 days), which repeat
 * exactly; the year starts in March so that the leap day is the era's
 * last day of a year and month lengths follow a fixed pattern. */
int32_t date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;                                   /* 0..399 */
	int doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* 0..365 */
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* 0..146096 */
	return era * 146097 + doe - 719468;
}

void date_to_ymd(int32_t days, int *y, int *m, int *d)
{
	int32_t z = days + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

int date_parse(const char *s, int32_t *days)
{
	static const char shape[] = "dddd-dd-dd";
	if (!s || strlen(s) != 10)
		return -1;
	for (int i = 0; i < 10; i++)
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != shape[i])
			return -1;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return -1;
	*days = date_from_ymd(y, m, d);
	return 0;
}

void date_format(int32_t days, char out[DATE_TEXT])
{
	int y, m, d;
	date_to_ymd(days, &y, &m, &d);
	snprintf(out, DATE_TEXT, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
	         (unsigned)d % 100u);
}

int32_t date_today(int64_t now, int offset)
{
	int64_t t = now + offset;
	return (int32_t)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
}

int32_t date_add_months(int32_t days, int months)
{
	int y, m, d;
	date_to_ymd(days, &y, &m, &d);
	int total = y * 12 + (m - 1) + months;
	y = total >= 0 ? total / 12 : (total - 11) / 12;
	m = total - y * 12 + 1;
	if (d > month_days(y, m))
		d = month_days(y, m);
	return date_from_ymd(y, m, d);
}

int date_weekday(int32_t days)
{
	/* 1970-01-01 was a Thursday (4). */
	int w = (int)((days % 7 + 7) % 7); /* 0 = Thursday */
	return (w + 3) % 7 + 1;
}

int32_t date_week_start(int32_t days)
{
	return days - (date_weekday(days) - 1);
}

int date_full_years(int32_t birth, int32_t on)
{
	int by, bm, bd, y, m, d;
	date_to_ymd(birth, &by, &bm, &bd);
	date_to_ymd(on, &y, &m, &d);
	int years = y - by;
	if (m < bm || (m == bm && d < bd))
		years--;
	return years;
}
