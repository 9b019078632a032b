/* The national internship rules as a pure check; see intern_rules.h. */
#include "domain/intern_rules.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "domain/dict.h"
#include "domain/recruit.h"

const struct intern_rule intern_rules[] = {
    {"tripartite_agreement", "三方协议",
     "岗位实习前，职业学校、实习单位、学生三方应签订实习协议；未签订实习协议的，不得安排学生实习"},
    {"age_unknown", "年龄无法核验", "学生身份证号未登记，无法核验是否需要监护人知情同意"},
    {"min_age", "未满16周岁", "不得安排未满16周岁的学生岗位实习"},
    {"guardian_consent", "监护人同意", "学生未满18周岁的，应取得其监护人签字的知情同意书"},
    {"minor_hazard", "未成年人禁忌岗位",
     "不得安排未满18周岁的学生从事有较高安全风险或禁忌从事的岗位"},
    {"night_overtime", "加班夜班", "不得安排学生加班和上夜班"},
    {"pay_80pct", "实习报酬", "实习报酬原则上不低于本单位相同岗位试用期工资标准的80%"},
    {"min_wage", "最低工资", "实习报酬不得低于实习单位所在地的月最低工资标准"},
    {"min_wage_unknown", "最低工资未收录", "所在城市的月最低工资标准未收录，须填写当地标准后核验"},
    {"pay_monthly", "支付周期", "实习报酬以货币形式按月（或更短周期）支付，支付周期不得超过1个月"},
    {"pay_to_student", "直接支付", "实习报酬应直接支付给学生，不得经过学校或第三方转发"},
    {"no_fees", "不得收费", "不得向学生收取实习押金、管理费、实习报酬提成或其他形式的实习费用"},
    {"staff_unknown", "职工总数未登记", "实习单位须登记在岗职工总数，才能核验实习学生比例"},
    {"enterprise_10pct", "单位比例", "岗位实习学生人数不超过实习单位在岗职工总数的10%"},
    {"post_20pct", "岗位比例", "在具体岗位实习的学生人数不高于同类岗位在岗职工总数的20%"},
    {"major_group", "专业对口", "实习岗位应与学生所学专业对口或相近"},
    {"duration_6m", "实习时长", "岗位实习时间一般为6个月，超过须说明人才培养方案的安排"},
    {"instructor", "指导教师", "职业学校应选派实习指导教师全程指导"},
    {"mentor", "企业导师", "实习单位应选派专门人员（带教师傅）全程指导"},
    {"student_busy", "时间冲突", "同一学生同一时间只能有一个岗位实习"},
    {NULL, NULL, NULL},
};

const char *intern_rule_label(const char *code)
{
	for (const struct intern_rule *r = intern_rules; code && r->code; r++)
		if (!strcmp(r->code, code))
			return r->label;
	return code ? code : "";
}

static const char *const cycles[] = {"weekly", "semimonthly", "monthly", "quarterly", "end"};

int intern_pay_cycle_valid(const char *cycle)
{
	for (size_t i = 0; cycle && i < sizeof(cycles) / sizeof(cycles[0]); i++)
		if (!strcmp(cycle, cycles[i]))
			return 1;
	return 0;
}

int intern_pay_cycle_monthly(const char *cycle)
{
	return cycle && (!strcmp(cycle, "weekly") || !strcmp(cycle, "semimonthly") ||
	                 !strcmp(cycle, "monthly"));
}

/* Collects violations; formats the message of each. */
struct found {
	struct intern_violation *out;
	int max, n;
};

__attribute__((format(printf, 4, 5))) static void add(struct found *f, const char *rule,
                                                      const char *field, const char *fmt, ...)
{
	if (f->n < f->max) {
		struct intern_violation *v = &f->out[f->n];
		va_list ap;
		va_start(ap, fmt);
		v->rule = rule;
		v->field = field;
		vsnprintf(v->message, sizeof(v->message), fmt, ap);
		va_end(ap);
	}
	f->n++;
}

static int major_fits(const struct intern_case *c)
{
	for (size_t i = 0; c->student_major && i < c->n_post_majors; i++)
		if (c->post_majors[i] && major_accepted(c->student_major, c->post_majors[i]))
			return 1;
	return 0;
}

/* The rules that concern who the student is: agreement, age, consent. */
static void check_student(const struct intern_case *c, struct found *f)
{
	char day[DATE_TEXT];
	if (!c->has_agreement)
		add(f, "tripartite_agreement", "agreement_signed_on",
		    "未签订三方实习协议，不得安排岗位实习（%s）", INTERN_REGULATION);
	else if (c->agreement_on > c->starts_on) {
		date_format(c->starts_on, day);
		add(f, "tripartite_agreement", "agreement_signed_on",
		    "三方实习协议须在实习开始（%s）前签订", day);
	}
	if (!c->age_known) {
		add(f, "age_unknown", "student_id",
		    "学生身份证号未登记，无法核验是否需要监护人知情同意，请院校先补录");
		return;
	}
	if (c->age < 16)
		add(f, "min_age", "student_id", "不得安排未满16周岁的学生岗位实习");
	if (c->age < 18) {
		if (!c->has_consent)
			add(f, "guardian_consent", "guardian_consent_on",
			    "学生实习开始时未满18周岁，须取得监护人签字的知情同意书");
		else if (c->consent_on > c->starts_on)
			add(f, "guardian_consent", "guardian_consent_on",
			    "监护人知情同意书须在实习开始前签署");
		if (c->hazardous)
			add(f, "minor_hazard", "post_id",
			    "不得安排未满18周岁的学生从事有较高安全风险的岗位");
	}
}

/* Hours and pay. */
static void check_pay(const struct intern_case *c, struct found *f)
{
	if (c->night_shift || c->overtime)
		add(f, "night_overtime", "post_id", "该岗位安排%s，不得安排实习学生",
		    c->night_shift && c->overtime ? "夜班和加班"
		    : c->night_shift              ? "夜班"
		                                  : "加班");
	/* At least 80%: pay / wage >= 4 / 5, in integers. */
	if (c->monthly_pay * 5 < c->probation_wage * 4)
		add(f, "pay_80pct", "monthly_pay",
		    "实习报酬 %lld 元/月低于本单位相同岗位试用期工资 %lld 元的80%%（%lld.%lld 元）",
		    (long long)c->monthly_pay, (long long)c->probation_wage,
		    (long long)(c->probation_wage * 4 / 5),
		    (long long)(c->probation_wage * 4 % 5 * 2));
	if (!c->min_wage)
		add(f, "min_wage_unknown", "local_min_wage",
		    "所在城市的月最低工资标准未收录，请填写当地现行标准");
	else if (c->monthly_pay < c->min_wage)
		add(f, "min_wage", "monthly_pay",
		    "实习报酬 %lld 元/月低于当地月最低工资标准 %lld 元", (long long)c->monthly_pay,
		    (long long)c->min_wage);
	if (!intern_pay_cycle_monthly(c->pay_cycle))
		add(f, "pay_monthly", "pay_cycle", "实习报酬支付周期不得超过1个月");
	if (!c->pay_to || strcmp(c->pay_to, "student"))
		add(f, "pay_to_student", "pay_to",
		    "实习报酬应直接支付给学生，不得经学校或第三方转发");
	if (c->fees_charged > 0)
		add(f, "no_fees", "fees_charged", "不得向学生收取任何实习费用（登记了 %lld 元）",
		    (long long)c->fees_charged);
}

/* How many interns the enterprise and the post may take. */
static void check_numbers(const struct intern_case *c, struct found *f)
{
	if (c->staff_total <= 0)
		add(f, "staff_unknown", "enterprise_id",
		    "实习单位尚未登记在岗职工总数，无法核验实习学生比例");
	else if ((c->interns_enterprise + 1) * 10 > c->staff_total)
		add(f, "enterprise_10pct", "post_id",
		    "实习学生将达 %lld 人，超过实习单位在岗职工总数 %lld 人的10%%",
		    (long long)(c->interns_enterprise + 1), (long long)c->staff_total);
	if ((c->interns_post + 1) * 5 > c->post_staff)
		add(f, "post_20pct", "post_id",
		    "该岗位实习学生将达 %lld 人，超过岗位在岗职工 %lld 人的20%%",
		    (long long)(c->interns_post + 1), (long long)c->post_staff);
}

int intern_rules_check(const struct intern_case *c, struct intern_violation *out, int max)
{
	struct found f = {out, max, 0};
	check_student(c, &f);
	check_pay(c, &f);
	check_numbers(c, &f);
	if (!major_fits(c))
		add(&f, "major_group", "post_id",
		    "实习岗位与学生所学专业不对口（岗位未列入该专业所属专业类）");
	if (!c->has_over_six_reason && c->ends_on >= date_add_months(c->starts_on, 6))
		add(&f, "duration_6m", "ends_on",
		    "岗位实习一般不超过6个月；超过须填写人才培养方案的安排（over_six_reason）");
	if (!c->has_instructor)
		add(&f, "instructor", "instructor_id", "须指定院校实习指导教师");
	if (!c->has_mentor)
		add(&f, "mentor", "mentor_id", "须指定实习单位带教师傅");
	if (c->student_busy)
		add(&f, "student_busy", "student_id", "该学生在这段时间已有进行中的岗位实习");
	return f.n;
}

int intern_age_on(const char *id_number, int32_t on, int *age)
{
	char text[DATE_TEXT];
	int32_t birth;
	if (!id_number || strlen(id_number) != 18)
		return -1;
	snprintf(text, sizeof(text), "%.4s-%.2s-%.2s", id_number + 6, id_number + 10,
	         id_number + 12);
	if (date_parse(text, &birth) || birth > on)
		return -1;
	*age = date_full_years(birth, on);
	return 0;
}

/* Copies column col (0-based) of the row of data/min_wages.tsv whose first
 * column is city into out.  0, or -1 when no such row. */
static int min_wage_column(const char *city, int col, char *out, size_t size)
{
	const struct dict_file *f = dict_files;
	while (f->name && strcmp(f->name, "min_wages.tsv"))
		f++;
	if (!f->name || !city || strlen(city) != 6)
		return -1;
	const char *end = f->text + f->size;
	for (const char *line = f->text; line < end;) {
		const char *eol = memchr(line, '\n', (size_t)(end - line));
		if (!eol)
			eol = end;
		if (eol - line > 7 && !strncmp(line, city, 6) && line[6] == '\t') {
			const char *q = line;
			for (int i = 0; i < col && q; i++) {
				q = memchr(q, '\t', (size_t)(eol - q));
				q = q ? q + 1 : NULL;
			}
			if (!q)
				return -1;
			size_t n = strcspn(q, "\t\n");
			if (n >= size)
				n = size - 1;
			memcpy(out, q, n);
			out[n] = '\0';
			return 0;
		}
		line = eol + 1;
	}
	return -1;
}

int intern_min_wage(const char *city, int64_t *yuan, const char **source)
{
	static __thread char src[512]; /* the caller's until its thread's next call */
	char monthly[16];
	if (min_wage_column(city, 2, monthly, sizeof(monthly)))
		return -1;
	*yuan = 0;
	for (const char *d = monthly; *d >= '0' && *d <= '9'; d++)
		*yuan = *yuan * 10 + (*d - '0');
	if (source) {
		if (min_wage_column(city, 4, src, sizeof(src)))
			src[0] = '\0';
		*source = src;
	}
	return *yuan > 0 ? 0 : -1;
}
