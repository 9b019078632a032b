/*
 * intern_rules: the national rules a placement (岗位实习) must pass before
 * it starts, as a pure check: a case in, the rules it breaks out.  No SQL,
 * no clock; internship.c gathers the case from the database.
 *
 * The source is 《职业学校学生实习管理规定》 (教育部等八部门, 教职成〔2021〕4号,
 * 2021-12-31).  Each rule below says what it asks; a refusal names the rule
 * by its stable code, the field at fault and the words for the user.  The
 * article numbers are not quoted: the 2021 text renumbered the 2016 one and
 * could not be checked here, so the messages quote the rule itself.
 *
 *   tripartite_agreement  the school, the enterprise and the student sign
 *                         the internship agreement first (no agreement, no
 *                         internship): signed on or before the first day
 *   age_unknown           the student's ID number is not on record, so
 *                         whether a guardian must consent cannot be checked
 *   min_age               no placement for a student under 16
 *   guardian_consent      under 18 on the first day: the guardian's signed
 *                         informed consent, on or before the first day
 *   minor_hazard          no hazardous post for a student under 18
 *   night_overtime        no night shifts and no overtime
 *   pay_80pct             pay at least 80% of the same post's probation
 *                         wage (exactly 80% passes)
 *   min_wage              pay not below the city's minimum monthly wage
 *                         (data/min_wages.tsv); min_wage_unknown when the
 *                         city is not in the table and none was declared
 *   pay_monthly           paid at least monthly (weekly, twice a month or
 *                         monthly; not quarterly or at the end)
 *   pay_to_student        paid to the student, not through the school or an
 *                         agent
 *   no_fees               nothing charged to the student (deposits,
 *                         management fees, cuts of the pay)
 *   enterprise_10pct      interns at most 10% of the enterprise's staff
 *                         (exactly 10% passes); staff_unknown when the
 *                         enterprise has not declared its staff
 *   post_20pct            interns on one post at most 20% of its staff
 *   major_group           the post fits the student's major: the post
 *                         names majors, classes or categories of the
 *                         catalogue and the student's major falls under one
 *   duration_6m           normally at most 6 months: the last day comes
 *                         before the same date six months after the first,
 *                         unless the training plan's reason is given
 *   instructor            the school names its instructor (指导教师)
 *   mentor                the enterprise names its mentor (带教师傅)
 *   student_busy          the student has another placement at the time
 */
#ifndef SKYWAY_DOMAIN_INTERN_RULES_H
#define SKYWAY_DOMAIN_INTERN_RULES_H

#include <stddef.h>
#include <stdint.h>

#define INTERN_REGULATION "《职业学校学生实习管理规定》"

/* A placement as the rules see it.  Dates are day numbers (base/date.h);
 * each has_* says whether the value beside it is known. */
struct intern_case {
	/* The student: the age is computed from the sealed ID number inside
	 * the domain and never leaves it. */
	int age_known;
	int age; /* full years on the first day */
	const char *student_major;
	int student_busy; /* another active placement overlaps */
	/* The placement. */
	int32_t starts_on, ends_on;
	int has_agreement;
	int32_t agreement_on;
	int has_consent;
	int32_t consent_on;
	int64_t monthly_pay, probation_wage;
	int64_t min_wage; /* the city's monthly minimum; 0: unknown */
	const char *pay_cycle;
	const char *pay_to;
	int64_t fees_charged;
	int has_over_six_reason;
	int has_instructor, has_mentor;
	/* The enterprise and the post: others = active placements overlapping
	 * this one, not counting it. */
	int64_t staff_total; /* 0: not declared */
	int64_t interns_enterprise;
	int64_t post_staff;
	int64_t interns_post;
	const char *const *post_majors;
	size_t n_post_majors;
	int hazardous, night_shift, overtime;
};

#define INTERN_MESSAGE_MAX 320
struct intern_violation {
	const char *rule;  /* stable code, as in the table above */
	const char *field; /* the input at fault */
	char message[INTERN_MESSAGE_MAX];
};

/* Every rule c breaks, in the order of the table above, into out (room
 * for max; INTERN_RULES_MAX is enough).  Returns how many (0: it may
 * start). */
#define INTERN_RULES_MAX 20
int intern_rules_check(const struct intern_case *c, struct intern_violation *out, int max);

/* One rule as pages list it. */
struct intern_rule {
	const char *code;
	const char *label; /* short, zh-CN: "三方协议" */
	const char *text;  /* what the rule asks, zh-CN */
};
/* The rules, ending with a NULL code. */
extern const struct intern_rule intern_rules[];
/* The label of a rule code, or the code itself. */
const char *intern_rule_label(const char *code);

/* 1 when pay_cycle is a known cycle, 1 when it is at least monthly. */
int intern_pay_cycle_valid(const char *cycle);
int intern_pay_cycle_monthly(const char *cycle);

/* The age in full years on day `on` of the holder of an 18-character
 * resident ID number (its birth date, characters 7-14).  Returns 0 and
 * *age, or -1 when the number carries no valid date.  The number is not
 * checked further (pii_id_number_valid() does that at import). */
int intern_age_on(const char *id_number, int32_t on, int *age);

/* The minimum monthly wage of city (6-digit code) from data/min_wages.tsv:
 * 0 and *yuan (and *source, the notice it comes from, valid until this
 * thread's next call, when source is not NULL), or -1 when the city is
 * not in the table. */
int intern_min_wage(const char *city, int64_t *yuan, const char **source);

#endif
