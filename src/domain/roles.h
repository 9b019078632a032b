/*
 * roles: who can do what.  Each role is one bit so that a route can allow
 * a set of roles with one mask.
 *
 *   operator   平台运营  platform staff of the zone: everything
 *   college    院校      staff of one college
 *   enterprise 企业HR    HR of one enterprise
 *   student    学生      one vocational student
 *   judge      评委      competition judge
 *   mentor     导师      startup mentor
 *   officer    政务      zone government staff
 */
#ifndef SKYWAY_DOMAIN_ROLES_H
#define SKYWAY_DOMAIN_ROLES_H

#include <stdint.h>

enum role {
	ROLE_OPERATOR = 1 << 0,
	ROLE_COLLEGE = 1 << 1,
	ROLE_ENTERPRISE = 1 << 2,
	ROLE_STUDENT = 1 << 3,
	ROLE_JUDGE = 1 << 4,
	ROLE_MENTOR = 1 << 5,
	ROLE_OFFICER = 1 << 6,
};
#define ROLE_ANY   0x7f
#define ROLE_STAFF (ROLE_OPERATOR | ROLE_COLLEGE | ROLE_ENTERPRISE)
/* Roles that must log in with a second factor (domain/mfa.h). */
#define ROLE_MFA_REQUIRED (ROLE_OPERATOR | ROLE_OFFICER)

/* Returns the role bit for its name, or 0. */
int role_from_name(const char *name);
/* Returns the name of one role bit ("operator", ...), or "?". */
const char *role_name(int role);
/* Returns the organisation kind an account of this role belongs to
 * ("college" for college staff and students, "enterprise" for HR), or
 * NULL for roles without an organisation. */
const char *role_org_kind(int role);

/* The caller of a request: who (id 0 when not logged in) and from where.
 * Domain functions take it to check permissions and to write audit rows. */
struct actor {
	int64_t id; /* 0: nobody */
	int role;
	int64_t org_id; /* 0: none */
	char login[68];
	char csrf[68];
	char token_hash[68];
	const char *address; /* client address, for audit (owned by the request) */
	int mfa_missing;     /* a ROLE_MFA_REQUIRED account not enrolled yet */
	int64_t api_token;   /* the API token the request came with (0: a session) */
	unsigned api_scopes; /* what that token may do (domain/api_token.h) */
};

#endif
