#include "domain/recruit.h"

#include <string.h>

static const char *const statuses[][2] = {
    {"submitted", "投递"},  {"viewed", "已查看"},   {"interview", "面试"},   {"offered", "录用"},
    {"accepted", "已接受"}, {"rejected", "不合适"}, {"withdrawn", "已撤回"},
};
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]))

/* Position of a status on the forward path (0..4), or -1 for the ends. */
static int rank(const char *s)
{
	for (int i = 0; i < 5; i++)
		if (!strcmp(statuses[i][0], s))
			return i;
	return -1;
}

int application_status_valid(const char *status)
{
	for (size_t i = 0; i < NSTATUS; i++)
		if (!strcmp(statuses[i][0], status))
			return 1;
	return 0;
}

const char *application_status_label(const char *status)
{
	for (size_t i = 0; i < NSTATUS; i++)
		if (!strcmp(statuses[i][0], status))
			return statuses[i][1];
	return status;
}

int application_transition_ok(const char *from, const char *to, int by_student)
{
	int rf = rank(from), rt = rank(to);
	if (rf < 0 || !application_status_valid(to)) /* final states, unknown targets */
		return 0;
	if (rf == 4) /* accepted is final */
		return 0;
	if (by_student) {
		if (!strcmp(to, "withdrawn"))
			return 1;
		return !strcmp(to, "accepted") && !strcmp(from, "offered");
	}
	if (!strcmp(to, "rejected"))
		return 1;
	return rt > rf && rt <= 3; /* forward, up to offered */
}

int position_status_valid(const char *s)
{
	static const char *const all[] = {"draft", "pending", "open", "closed", "rejected"};
	for (size_t i = 0; s && i < sizeof(all) / sizeof(all[0]); i++)
		if (!strcmp(all[i], s))
			return 1;
	return 0;
}

int position_kind_valid(const char *kind)
{
	return kind && (!strcmp(kind, "全职") || !strcmp(kind, "实习") || !strcmp(kind, "见习"));
}

int major_accepted(const char *student_major, const char *accepted)
{
	size_t n = strlen(accepted);
	return student_major && n && !strncmp(student_major, accepted, n);
}
