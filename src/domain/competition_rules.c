/* The competition's pure rules: transitions, sheets, marks, eligibility, prizes, codes. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/utf8.h"
#include "base/util.h"
#include "domain/competition.h"

struct step {
	const char *from, *to;
};

static int step_listed(const struct step *s, size_t n, const char *from, const char *to)
{
	for (size_t i = 0; i < n; i++)
		if (from && to && !strcmp(s[i].from, from) && !strcmp(s[i].to, to))
			return 1;
	return 0;
}

int comp_edition_transition_ok(const char *from, const char *to)
{
	static const struct step steps[] = {
	    {"draft", "open"}, {"open", "judging"}, {"judging", "finished"}};
	return step_listed(steps, sizeof(steps) / sizeof(steps[0]), from, to);
}

int comp_team_transition_ok(const char *from, const char *to)
{
	static const struct step steps[] = {
	    {"draft", "submitted"},     {"submitted", "draft"},     {"submitted", "endorsed"},
	    {"endorsed", "eligible"},   {"endorsed", "ineligible"}, {"ineligible", "eligible"},
	    {"eligible", "ineligible"}, {"eligible", "in_round"},   {"in_round", "promoted"},
	    {"in_round", "eliminated"}, {"in_round", "awarded"},    {"promoted", "in_round"},
	    {"eliminated", "promoted"}, {"draft", "withdrawn"},     {"submitted", "withdrawn"},
	    {"endorsed", "withdrawn"},  {"eligible", "withdrawn"},  {"ineligible", "withdrawn"},
	};
	return step_listed(steps, sizeof(steps) / sizeof(steps[0]), from, to);
}

static const char *label(const char *const (*table)[2], size_t n, const char *name)
{
	for (size_t i = 0; name && i < n; i++)
		if (!strcmp(table[i][0], name))
			return table[i][1];
	return "";
}
#define LABEL(table, name) label(table, sizeof(table) / sizeof(table[0]), name)

const char *comp_edition_status_label(const char *status)
{
	static const char *const t[][2] = {
	    {"draft", "筹备中"}, {"open", "报名中"}, {"judging", "评审中"}, {"finished", "已结束"}};
	return LABEL(t, status);
}

const char *comp_team_status_label(const char *status)
{
	static const char *const t[][2] = {
	    {"draft", "草稿"},          {"submitted", "已提交"},
	    {"endorsed", "已推荐"},     {"eligible", "资格审查通过"},
	    {"ineligible", "资格不符"}, {"in_round", "比赛中"},
	    {"promoted", "已晋级"},     {"eliminated", "未晋级"},
	    {"awarded", "已获奖"},      {"withdrawn", "已撤回"},
	};
	return LABEL(t, status);
}

const char *comp_round_status_label(const char *status)
{
	static const char *const t[][2] = {
	    {"setup", "准备中"}, {"judging", "评审中"}, {"done", "已结束"}};
	return LABEL(t, status);
}

const char *comp_prize_label(const char *prize)
{
	static const char *const t[][2] = {
	    {"first", "一等奖"}, {"second", "二等奖"}, {"third", "三等奖"}, {"merit", "优秀奖"}};
	return LABEL(t, prize);
}

int comp_conflict_kind_valid(const char *kind)
{
	static const char *const kinds[] = {"own_college", "advised",  "employer",
	                                    "investor",    "personal", "other"};
	for (size_t i = 0; kind && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kinds[i], kind))
			return 1;
	return 0;
}

int comp_plan_is_pdf(const void *data, size_t len)
{
	return data && len >= 5 && !memcmp(data, "%PDF-", 5);
}

const char *comp_sheet_problem(const struct comp_criterion *c, size_t n, int *index)
{
	int sum = 0;
	*index = -1;
	if (n < 1 || n > COMP_MAX_CRITERIA)
		return "评分表应有 1–12 项评分标准";
	for (size_t i = 0; i < n; i++) {
		*index = (int)i;
		size_t chars = c[i].name ? utf8_length(c[i].name) : 0;
		if (chars < 1 || chars > 20)
			return "评分标准名称应为 1–20 个字符";
		for (size_t k = 0; k < i; k++)
			if (!strcmp(c[k].name, c[i].name))
				return "评分标准名称重复";
		if (c[i].weight < 1 || c[i].weight > 100)
			return "权重应为 1–100 的整数";
		if (c[i].n_anchors > COMP_MAX_ANCHORS)
			return "每项评分标准最多 6 条评分锚点";
		for (size_t k = 0; k < c[i].n_anchors; k++) {
			const struct comp_anchor *an = &c[i].anchors[k];
			size_t tc = an->text ? utf8_length(an->text) : 0;
			if (an->tenths < 0 || an->tenths > 100)
				return "锚点分值应为 0–10";
			if (tc < 1 || tc > 60)
				return "锚点说明应为 1–60 个字符";
			for (size_t m = 0; m < k; m++)
				if (c[i].anchors[m].tenths == an->tenths)
					return "锚点分值重复";
		}
		sum += c[i].weight;
	}
	*index = -1;
	return sum == 100 ? NULL : "各项权重之和应为 100";
}

int comp_mark_tenths(double mark, int *tenths)
{
	if (!isfinite(mark) || mark < 0 || mark > 10)
		return -1;
	double t = mark * 10;
	long r = lround(t);
	/* One decimal: 7.5 and 7.0 are marks; 7.25 is not. */
	if (fabs(t - (double)r) > 1e-6)
		return -1;
	*tenths = (int)r;
	return 0;
}

int64_t comp_total_x100(const int *weights, const int *tenths, size_t n)
{
	int64_t t = 0;
	for (size_t i = 0; i < n; i++)
		t += (int64_t)weights[i] * tenths[i];
	return t;
}

static size_t add_reason(struct comp_reason *out, size_t max, size_t k, const char *code,
                         const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static size_t add_reason(struct comp_reason *out, size_t max, size_t k, const char *code,
                         const char *fmt, ...)
{
	if (k < max) {
		va_list ap;
		va_start(ap, fmt);
		out[k].code = code;
		vsnprintf(out[k].message, sizeof(out[k].message), fmt, ap);
		va_end(ap);
	}
	return k + 1;
}

size_t comp_team_problems(const struct comp_elig_facts *f, int submit, struct comp_reason *out,
                          size_t max)
{
	size_t k = 0;
	if (!submit && !f->endorsed)
		k = add_reason(out, max, k, "endorsed", "尚未获得院校推荐");
	if ((int)f->n_members < f->min_members)
		k = add_reason(out, max, k, "members", "团队成员至少 %d 人（含负责人）",
		               f->min_members);
	if ((int)f->n_members > f->max_members)
		k = add_reason(out, max, k, "members", "团队成员最多 %d 人（含负责人）",
		               f->max_members);
	if (f->pending_invites)
		k = add_reason(out, max, k, "invitations", "还有 %zu 位成员尚未回复邀请",
		               f->pending_invites);
	if (f->advisors < 1 || f->advisors > 2)
		k = add_reason(out, max, k, "advisors", "指导教师应为 1–2 人");
	if (!f->has_plan)
		k = add_reason(out, max, k, "plan", "尚未上传商业计划书（PDF）");
	if (!f->has_summary)
		k = add_reason(out, max, k, "summary", "尚未填写项目简介");
	if (submit)
		return k;
	for (size_t i = 0; i < f->n_members; i++) {
		if (!f->members[i].enrolled)
			k = add_reason(out, max, k, "enrolled", "成员 %s 不是在读学生",
			               f->members[i].name);
		if (f->members[i].other_team)
			k = add_reason(out, max, k, "one_team", "成员 %s 已参加本届其他团队",
			               f->members[i].name);
	}
	if (f->track_full)
		k = add_reason(out, max, k, "track_full", "该赛道参赛名额已满");
	return k;
}

const char *comp_prize_for_rank(uint32_t rank, int first, int second, int third, int merit)
{
	if (rank < 1)
		return NULL;
	if (rank <= (uint32_t)first)
		return "first";
	if (rank <= (uint32_t)(first + second))
		return "second";
	if (rank <= (uint32_t)(first + second + third))
		return "third";
	if (rank <= (uint32_t)(first + second + third + merit))
		return "merit";
	return NULL;
}

/* 32 characters: 32 | 256, so a random byte picks one without bias. */
static const char code_alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

void comp_cert_code(char out[COMP_CODE_LEN + 1])
{
	char hex[2 * COMP_CODE_LEN + 1];
	random_hex(hex, COMP_CODE_LEN);
	for (int i = 0; i < COMP_CODE_LEN; i++) {
		unsigned v = 0;
		sscanf(hex + 2 * i, "%2x", &v);
		out[i] = code_alphabet[v % 32];
	}
	out[COMP_CODE_LEN] = '\0';
}

int comp_cert_code_norm(const char *code, char out[COMP_CODE_LEN + 1])
{
	size_t n = code ? strlen(code) : 0;
	if (n != COMP_CODE_LEN)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char ch = code[i];
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		if (!strchr(code_alphabet, ch) || !ch)
			return 0;
		out[i] = ch;
	}
	out[n] = '\0';
	return 1;
}

int64_t comp_timer_used(int64_t elapsed, int64_t started_at, int64_t now)
{
	return elapsed + (started_at && now > started_at ? now - started_at : 0);
}

int comp_appeal_in_window(int64_t done_at, int appeal_days, int64_t now)
{
	return done_at > 0 && now >= done_at && now <= done_at + (int64_t)appeal_days * 86400;
}
