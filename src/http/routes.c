/* The route table: every API endpoint, who may call it, what it takes. */
#include "http/router.h"

#define JSON      "application/json"
#define OP        ROLE_OPERATOR
#define ORG_STAFF (ROLE_OPERATOR | ROLE_COLLEGE | ROLE_ENTERPRISE)

const struct route routes[] = {
    /* method, pattern, handler, roles, body limit, body type, tag, summary */
    {"POST", "/api/v1/auth/login", api_auth_login, ROUTE_PUBLIC, 4096, JSON, "auth",
     "Log in; sets the session cookie"},
    {"POST", "/api/v1/auth/logout", api_auth_logout, ROLE_ANY, 0, JSON, "auth", "Log out"},
    {"GET", "/api/v1/me", api_me, ROLE_ANY, 0, NULL, "auth",
     "The caller's account, role, organisation and CSRF token"},
    {"POST", "/api/v1/me/password", api_me_password, ROLE_ANY, 4096, JSON, "auth",
     "Change the caller's password"},
    {"GET", "/api/v1/public/colleges", api_public_colleges, ROUTE_PUBLIC, 0, NULL, "registration",
     "Colleges a student can register with"},
    {"POST", "/api/v1/register/student", api_register_student, ROUTE_PUBLIC, 8192, JSON,
     "registration", "A student registers"},
    {"POST", "/api/v1/register/enterprise", api_register_enterprise, ROUTE_PUBLIC, 8192, JSON,
     "registration", "An enterprise registers and waits for approval"},
    {"GET", "/api/v1/accounts", api_accounts_list, ORG_STAFF, 0, NULL, "accounts",
     "Search accounts (operator: all; staff: their organisation's)"},
    {"POST", "/api/v1/accounts", api_accounts_create, OP, 8192, JSON, "accounts",
     "Create an account"},
    {"GET", "/api/v1/accounts/{id}", api_accounts_get, ORG_STAFF, 0, NULL, "accounts",
     "One account"},
    {"POST", "/api/v1/accounts/{id}/disable", api_accounts_disable, OP, 0, JSON, "accounts",
     "Disable an account and end its sessions"},
    {"POST", "/api/v1/accounts/{id}/enable", api_accounts_enable, OP, 0, JSON, "accounts",
     "Enable an account"},
    {"POST", "/api/v1/accounts/{id}/password", api_accounts_password, OP, 4096, JSON, "accounts",
     "Reset an account's password and end its sessions"},
    {"GET", "/api/v1/organizations", api_orgs_list, OP, 0, NULL, "organizations",
     "Search colleges and enterprises"},
    {"POST", "/api/v1/organizations", api_orgs_create, OP, 8192, JSON, "organizations",
     "Create a college or enterprise"},
    {"POST", "/api/v1/organizations/{id}/approve", api_orgs_approve, OP, 0, JSON, "organizations",
     "Approve a pending enterprise"},
    {"POST", "/api/v1/organizations/{id}/reject", api_orgs_reject, OP, 4096, JSON, "organizations",
     "Reject a pending enterprise with a reason"},
    {"GET", "/api/v1/audit", api_audit_list, OP, 0, NULL, "audit", "Search the audit log"},
    {"GET", "/api/v1/audit/export", api_audit_export, OP, 0, NULL, "audit",
     "The audit log as .xlsx"},
};

const size_t routes_count = sizeof(routes) / sizeof(routes[0]);
