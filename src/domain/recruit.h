/*
 * recruit: the rules of positions (岗位) and applications (投递).
 *
 * Position states:
 *
 *     draft --submit--> open                  (verified enterprise)
 *     draft --submit--> pending --approve--> open   (not yet verified)
 *                              \--reject--> rejected --edit+submit--> ...
 *     open --close--> closed --reopen--> open
 *
 * Application states (每次变更都记入 application_events):
 *
 *     submitted 投递 -> viewed 已查看 -> interview 面试 -> offered 录用 -> accepted 已接受
 *         |                |                  |               |
 *         +---- rejected 不合适 (HR) / withdrawn 已撤回 (student) ----+
 *
 * HR moves an application forward (skipping steps is allowed) or to
 * rejected; only the student accepts an offer or withdraws.  accepted,
 * rejected and withdrawn are final.
 */
#ifndef SKYWAY_DOMAIN_RECRUIT_H
#define SKYWAY_DOMAIN_RECRUIT_H

/* Degree levels (学历层次), ordered. */
enum degree {
	DEGREE_SECONDARY = 1 /* 中职 */,
	DEGREE_ASSOCIATE = 2 /* 高职专科 */,
	DEGREE_BACHELOR = 3 /* 本科（含职业本科） */
};

/* Returns 1 when an application may go from `from` to `to`, when the
 * change is made by the student (by_student) or by HR. */
int application_transition_ok(const char *from, const char *to, int by_student);
/* Returns 1 for a known application status. */
int application_status_valid(const char *status);
/* The Chinese label of a status ("投递", ...), or the status itself. */
const char *application_status_label(const char *status);

/* Returns 1 for a known position status (draft/pending/open/closed/rejected). */
int position_status_valid(const char *status);
/* Returns 1 for a known position kind (全职/实习/见习). */
int position_kind_valid(const char *kind);

/* Returns 1 when a student's major code falls under an accepted code: a
 * major (6 digits), its class (4) or its category (2) — codes are
 * hierarchical by prefix. */
int major_accepted(const char *student_major, const char *accepted);

#endif
