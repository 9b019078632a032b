/* The incubator's pure rules; see incubator_rules.h. */
#include "domain/incubator_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/recruit.h"

/* ---- China time ---- */

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	z += 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int64_t y, int m)
{
	static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : n[m - 1];
}

/* Reads exactly n digits at *p; advances it.  -1 when they are not. */
static int digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return -1;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

int incubator_time_parse(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, sec = 0, oh = 0, om = 0, sign = 0;
	const char *p = s;
	if (!s || digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) || *p++ != '-' ||
	    digits(&p, 2, &d) || (*p != 'T' && *p != ' ') || !*p++ || digits(&p, 2, &h) ||
	    *p++ != ':' || digits(&p, 2, &mi))
		return -1;
	if (*p == ':' && (p++, digits(&p, 2, &sec)))
		return -1;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p++ == '-' ? -1 : 1;
		if (digits(&p, 2, &oh) || (*p == ':' && !*++p) || digits(&p, 2, &om))
			return -1;
	} else {
		return -1; /* no offset: which clock? */
	}
	if (*p || y < 1970 || y > 2999 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) ||
	    h > 23 || mi > 59 || sec > 59 || oh > 14 || om > 59)
		return -1;
	int64_t t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	*out = t - sign * (oh * 3600 + om * 60);
	return 0;
}

void incubator_time_format(int64_t t, char out[INCUBATOR_TIME_MAX])
{
	int64_t local = t + INCUBATOR_TZ_OFFSET, y;
	int64_t day = floor_div(local, 86400), sec = local - day * 86400;
	int m, d;
	civil_from_days(day, &y, &m, &d);
	snprintf(out, INCUBATOR_TIME_MAX, "%04d-%02d-%02dT%02d:%02d:%02d+08:00", (int)y, m, d,
	         (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60));
}

int64_t incubator_day(int64_t t)
{
	return floor_div(t + INCUBATOR_TZ_OFFSET, 86400);
}

int incubator_weekday(int64_t t)
{
	/* 1970-01-01 was a Thursday (3 counting from Monday). */
	return (int)((incubator_day(t) % 7 + 7 + 3) % 7);
}

int incubator_minute_of_day(int64_t t)
{
	return (int)((t + INCUBATOR_TZ_OFFSET - incubator_day(t) * 86400) / 60);
}

int64_t incubator_week_start(int64_t t)
{
	return (incubator_day(t) - incubator_weekday(t)) * 86400 - INCUBATOR_TZ_OFFSET;
}

int incubator_month_of(int64_t t)
{
	int64_t y;
	int m, d;
	civil_from_days(incubator_day(t), &y, &m, &d);
	return (int)(y * 100 + m);
}

int64_t incubator_month_start(int month)
{
	return days_from_civil(month / 100, month % 100, 1) * 86400 - INCUBATOR_TZ_OFFSET;
}

int incubator_month_valid(int64_t m)
{
	return m >= 200001 && m <= 209912 && m % 100 >= 1 && m % 100 <= 12;
}

int incubator_month_next(int month)
{
	return month % 100 == 12 ? (month / 100 + 1) * 100 + 1 : month + 1;
}

/* ---- booking rules ---- */

static const char *const booker_names[] = {"resident", "mentor", "college", "operator"};

const char *incubator_booker_name(int booker)
{
	for (int i = 0; i < 4; i++)
		if (booker == 1 << i)
			return booker_names[i];
	return "?";
}

int incubator_booker_from_name(const char *name)
{
	for (int i = 0; name && i < 4; i++)
		if (!strcmp(name, booker_names[i]))
			return 1 << i;
	return 0;
}

int incubator_rules_check(const struct incubator_rules *r, struct derr *e)
{
	if (r->book_roles < 1 || r->book_roles > 15)
		return derr_set(e, DERR_INVALID, "book_roles", "请至少选择一类可预约的人");
	if (r->open_from < 0 || r->open_to > 1440 || r->open_from >= r->open_to)
		return derr_set(e, DERR_INVALID, "open_to",
		                "开放时间应为当天的一段时间，结束晚于开始");
	if (r->open_days < 1 || r->open_days > 127)
		return derr_set(e, DERR_INVALID, "open_days", "请至少选择一个开放日");
	if (r->slot_minutes != 15 && r->slot_minutes != 30 && r->slot_minutes != 60)
		return derr_set(e, DERR_INVALID, "slot_minutes", "预约粒度应为 15、30 或 60 分钟");
	if (r->open_from % r->slot_minutes || r->open_to % r->slot_minutes)
		return derr_set(e, DERR_INVALID, "open_from", "开放时间应落在预约粒度的整点上");
	if (r->max_minutes < r->slot_minutes || r->max_minutes > 1440 ||
	    r->max_minutes % r->slot_minutes)
		return derr_set(e, DERR_INVALID, "max_minutes",
		                "单次最长时长应为预约粒度的整数倍，且不超过 24 小时");
	if (r->advance_days < 1 || r->advance_days > 365)
		return derr_set(e, DERR_INVALID, "advance_days", "可提前预约天数应为 1–365");
	if (r->week_quota_minutes < 0 || r->week_quota_minutes > 7 * 1440)
		return derr_set(e, DERR_INVALID, "week_quota_minutes", "每周配额应为 0–10080 分钟");
	return 0;
}

/* "周一、周三至周五" style: the open days of a mask, into out. */
static void days_text(int mask, char *out, size_t n)
{
	static const char *const names[] = {"一", "二", "三", "四", "五", "六", "日"};
	size_t len = 0;
	out[0] = '\0';
	for (int i = 0; i < 7; i++) {
		if (!(mask & 1 << i))
			continue;
		int j = i;
		while (j + 1 < 7 && mask & 1 << (j + 1))
			j++;
		len += (size_t)snprintf(out + len, len < n ? n - len : 0, "%s周%s", len ? "、" : "",
		                        names[i]);
		if (j > i)
			len += (size_t)snprintf(out + len, len < n ? n - len : 0, "%s周%s",
			                        j == i + 1 ? "、" : "至", names[j]);
		i = j;
	}
}

int incubator_booking_check(const struct incubator_rules *r, int booker, int64_t start, int64_t end,
                            int64_t now, struct derr *e)
{
	if (end <= start)
		return derr_set(e, DERR_INVALID, "end", "结束时间应晚于开始时间");
	if (booker != INCUBATOR_OPERATOR && !(r->book_roles & booker))
		return derr_set(e, DERR_FORBIDDEN, NULL, "该房间不向您开放预约");
	if (start < now)
		return derr_code(e, DERR_RULE, "in_past", "start", "开始时间已经过去");
	if (start % 60 || incubator_minute_of_day(start) % r->slot_minutes ||
	    (end - start) % (r->slot_minutes * 60))
		return derr_codef(e, DERR_RULE, "slot", "start", "该房间按 %d 分钟整段预约",
		                  r->slot_minutes);
	if (end - start > (int64_t)r->max_minutes * 60)
		return derr_codef(e, DERR_RULE, "too_long", "end", "单次预约最长 %d 分钟",
		                  r->max_minutes);
	int64_t day_start = incubator_day(start) * 86400 - INCUBATOR_TZ_OFFSET;
	int from = incubator_minute_of_day(start);
	int64_t to = (end - day_start) / 60;
	if (from < r->open_from || to > r->open_to ||
	    !(r->open_days & 1 << incubator_weekday(start))) {
		char days[128];
		days_text(r->open_days, days, sizeof(days));
		return derr_codef(e, DERR_RULE, "closed", "start",
		                  "不在开放时间内（%s %02d:%02d–%02d:%02d，北京时间）", days,
		                  r->open_from / 60, r->open_from % 60, r->open_to / 60,
		                  r->open_to % 60);
	}
	if (booker != INCUBATOR_OPERATOR && start > now + (int64_t)r->advance_days * 86400)
		return derr_codef(e, DERR_RULE, "too_far", "start", "最多提前 %d 天预约",
		                  r->advance_days);
	return 0;
}

int incubator_quota_check(const struct incubator_rules *r, int64_t used_seconds, int64_t start,
                          int64_t end, struct derr *e)
{
	if (!r->week_quota_minutes || used_seconds + (end - start) <= r->week_quota_minutes * 60LL)
		return 0;
	return derr_codef(e, DERR_RULE, "quota", "end",
	                  "本项目本周在该房间已预约 %lld 分钟，每周最多 %d 分钟",
	                  (long long)(used_seconds / 60), r->week_quota_minutes);
}

/* ---- series ---- */

int incubator_series_expand(int64_t start, int64_t end, int64_t until, struct incubator_slot *out,
                            int max)
{
	int n = 0;
	if (end <= start || until <= start)
		return -1;
	for (int64_t s = start; s < until; s += 7 * 86400) {
		if (n == max)
			return -1;
		out[n++] = (struct incubator_slot){s, s + (end - start)};
	}
	return n;
}

struct sorted_slot {
	int64_t start, end;
	size_t index; /* in taken[] */
};

static int by_start(const void *a, const void *b)
{
	const struct sorted_slot *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index; /* ties: lower index first */
}

long incubator_series_conflicts(const struct incubator_slot *occ, size_t n,
                                const struct incubator_slot *taken, size_t m, long *hit)
{
	struct sorted_slot *t = malloc((m ? m : 1) * sizeof(*t));
	int64_t *reach = malloc((m ? m : 1) * sizeof(*reach));
	long conflicts = 0;
	if (!t || !reach) {
		free(t);
		free(reach);
		return -1;
	}
	for (size_t i = 0; i < m; i++)
		t[i] = (struct sorted_slot){taken[i].start, taken[i].end, i};
	qsort(t, m, sizeof(*t), by_start);
	/* reach[i]: the latest end among the first i+1 slots by start.  It
	 * grows with i, so "the first slot ending after s" is a binary
	 * search, and that slot itself ends after s (reach rose there). */
	for (size_t i = 0; i < m; i++)
		reach[i] = i && reach[i - 1] > t[i].end ? reach[i - 1] : t[i].end;
	for (size_t k = 0; k < n; k++) {
		size_t lo = 0, hi = m; /* the first i with reach[i] > the start */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (reach[mid] > occ[k].start)
				hi = mid;
			else
				lo = mid + 1;
		}
		hit[k] = lo < m && t[lo].start < occ[k].end ? (long)t[lo].index : -1;
		conflicts += hit[k] >= 0;
	}
	free(t);
	free(reach);
	return conflicts;
}

/* ---- reports, graduation, mentors ---- */

int64_t incubator_report_due(int month, int due_day)
{
	return incubator_month_start(incubator_month_next(month)) + (int64_t)due_day * 86400;
}

enum incubator_report_state incubator_report_state(int64_t due, int64_t now, int remind_days)
{
	if (now >= due)
		return INCUBATOR_REPORT_OVERDUE;
	if (now >= due - (int64_t)remind_days * 86400)
		return INCUBATOR_REPORT_DUE_SOON;
	return INCUBATOR_REPORT_OPEN;
}

int incubator_graduation_ok(const struct incubator_grad_rules *r,
                            const struct incubator_grad_figures *f, const char *unmet[3],
                            int *n_unmet)
{
	int n = 0;
	if (f->revenue < r->min_revenue)
		unmet[n++] = "revenue";
	if (f->financing < r->min_financing)
		unmet[n++] = "financing";
	if (f->months < r->min_months)
		unmet[n++] = "months";
	*n_unmet = n;
	return r->all ? n == 0 : n < 3;
}

int incubator_mentor_ratio_ok(int64_t mentors, int64_t projects, int per)
{
	return per > 0 && mentors * per >= projects;
}

/* ---- audiences ---- */

const char *incubator_audience_refusal(const json_t *colleges, const json_t *majors,
                                       int residents_only, int64_t college, const char *major,
                                       int resident, const char **field)
{
	size_t i;
	json_t *v;
	if (residents_only && !resident) {
		*field = "residents_only";
		return "本活动仅面向入驻项目成员";
	}
	if (json_array_size(colleges)) {
		int ok = 0;
		json_array_foreach(colleges, i, v) ok |=
		    json_integer_value(v) == college && college;
		if (!ok) {
			*field = "audience_colleges";
			return "本活动不面向您所在的院校";
		}
	}
	if (json_array_size(majors)) {
		int ok = 0;
		json_array_foreach(majors, i, v) ok |=
		    major && json_is_string(v) && major_accepted(major, json_string_value(v));
		if (!ok) {
			*field = "audience_majors";
			return "本活动不面向您所学的专业";
		}
	}
	return NULL;
}

/* ---- state machines ---- */

/* Each allowed step as "from>to". */
static int step_in(const char *const *steps, const char *from, const char *to)
{
	char s[64];
	if (!from || !to)
		return 0;
	snprintf(s, sizeof(s), "%s>%s", from, to);
	for (; *steps; steps++)
		if (!strcmp(*steps, s))
			return 1;
	return 0;
}

int incubator_project_step_ok(const char *from, const char *to)
{
	static const char *const steps[] = {"applied>resident",  "applied>rejected",
	                                    "applied>withdrawn", "resident>graduated",
	                                    "resident>exited",   NULL};
	return step_in(steps, from, to);
}

int incubator_booking_step_ok(const char *from, const char *to)
{
	static const char *const steps[] = {"held>confirmed",       "held>cancelled",
	                                    "held>expired",         "confirmed>cancelled",
	                                    "confirmed>checked_in", "confirmed>no_show",
	                                    "no_show>checked_in",   NULL};
	return step_in(steps, from, to);
}

int incubator_service_step_ok(const char *from, const char *to)
{
	static const char *const steps[] = {"requested>assigned", "requested>cancelled",
	                                    "assigned>assigned",  "assigned>done",
	                                    "assigned>cancelled", NULL};
	return step_in(steps, from, to);
}

const char *incubator_label(const char *value)
{
	static const char *const labels[][2] = {
	    {"applied", "待审核"},      {"rejected", "未通过"},
	    {"withdrawn", "已撤回"},    {"resident", "在孵"},
	    {"graduated", "已毕业"},    {"exited", "已退出"},
	    {"held", "锁定中"},         {"confirmed", "已确认"},
	    {"checked_in", "已签到"},   {"no_show", "未到场"},
	    {"cancelled", "已取消"},    {"expired", "已过期"},
	    {"requested", "待受理"},    {"assigned", "已指派"},
	    {"done", "已完成"},         {"planned", "已预约"},
	    {"open", "报名中"},         {"closed", "报名截止"},
	    {"finished", "已结束"},     {"registered", "已报名"},
	    {"waiting", "候补中"},      {"talk", "讲座"},
	    {"camp", "训练营"},         {"salon", "沙龙"},
	    {"roadshow", "路演"},       {"visit", "参访"},
	    {"training", "培训"},       {"capital", "资本对接"},
	    {"technology", "技术对接"}, {"commercialisation", "成果转化"},
	    {"other", "其他"},          {"team", "学生团队"},
	    {"prize", "大赛获奖"},      {"company", "毕业生企业"},
	    {"hq", "总部基地"},         {"campus", "校内基地"},
	    {"desk", "工位"},           {"office", "独立办公室"},
	    {"free", "空闲"},           {"occupied", "已占用"},
	    {"reserved", "获奖预留"},   {"meeting", "会议室"},
	    {"hall", "活动厅"},         {"studio", "工作室"},
	};
	for (size_t i = 0; value && i < sizeof(labels) / sizeof(labels[0]); i++)
		if (!strcmp(value, labels[i][0]))
			return labels[i][1];
	return "?";
}
