#include "domain/roles.h"

#include <string.h>

static const char *const names[] = {"operator", "college", "enterprise", "student",
                                    "judge",    "mentor",  "officer"};

int role_from_name(const char *name)
{
	for (int i = 0; name && i < 7; i++)
		if (!strcmp(name, names[i]))
			return 1 << i;
	return 0;
}

const char *role_name(int role)
{
	for (int i = 0; i < 7; i++)
		if (role == 1 << i)
			return names[i];
	return "?";
}

const char *role_org_kind(int role)
{
	switch (role) {
	case ROLE_COLLEGE:
	case ROLE_STUDENT:
		return "college";
	case ROLE_ENTERPRISE:
		return "enterprise";
	default:
		return NULL;
	}
}
