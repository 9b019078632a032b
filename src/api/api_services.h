/*
 * The zone services' handlers (issue 13): the working-day calendar, items,
 * cases with clocks, 好差评, investment projects and policy rounds.  Each
 * parses its fields, calls one domain function (domain/servcal.h,
 * service.h, service_rating.h, invest.h, policy.h) and shapes the answer;
 * the rules, SQL and audit live there.  docs/api.md lists the routes.
 */
#ifndef SKYWAY_API_API_SERVICES_H
#define SKYWAY_API_API_SERVICES_H

#include "api/api.h"

/* ---- shared by the services handlers (api_services.c) ---- */

/* A date field "YYYY-MM-DD" of the body: its day, 0 when absent (and
 * optional) or failed (400 naming the field). */
int32_t api_day(struct api_ctx *c, const char *field, int required);
/* The same for a query parameter. */
int32_t api_query_day(struct api_ctx *c, const char *key, int required);
/* The query of an upload route: ?name= (required) and the body present;
 * returns the name, or NULL after answering 400. */
const char *api_upload_name(struct api_ctx *c);
/* Answers a domain result: on 0 the object (taken) with status, else the
 * failure. */
void api_reply_result(struct api_ctx *c, int rc, int status, json_t *out, const struct derr *e);

/* Calendar (api_services.c). */
void api_svc_calendar_years(struct api_ctx *c);
void api_svc_calendar_year(struct api_ctx *c);
void api_svc_calendar_set(struct api_ctx *c);
void api_svc_calendar_import(struct api_ctx *c);
void api_svc_calendar_add(struct api_ctx *c);
void api_svc_calendar_count(struct api_ctx *c);
/* Departments, officers, settings, items (api_services.c). */
void api_svc_departments(struct api_ctx *c);
void api_svc_department_create(struct api_ctx *c);
void api_svc_department_update(struct api_ctx *c);
void api_svc_officers(struct api_ctx *c);
void api_svc_settings(struct api_ctx *c);
void api_svc_settings_set(struct api_ctx *c);
void api_svc_items(struct api_ctx *c);
void api_svc_item(struct api_ctx *c);
void api_svc_item_create(struct api_ctx *c);
void api_svc_item_update(struct api_ctx *c);

/* Cases (api_services_cases.c). */
void api_svc_cases(struct api_ctx *c);
void api_svc_cases_export(struct api_ctx *c);
void api_svc_case(struct api_ctx *c);
void api_svc_case_create(struct api_ctx *c);
void api_svc_case_submit(struct api_ctx *c);
void api_svc_case_accept(struct api_ctx *c);
void api_svc_case_refuse(struct api_ctx *c);
void api_svc_case_correction(struct api_ctx *c);
void api_svc_case_resubmit(struct api_ctx *c);
void api_svc_case_pause(struct api_ctx *c);
void api_svc_case_resume(struct api_ctx *c);
void api_svc_case_finish(struct api_ctx *c);
void api_svc_case_withdraw(struct api_ctx *c);
void api_svc_case_agent(struct api_ctx *c);
void api_svc_case_paper(struct api_ctx *c);
void api_svc_case_upload(struct api_ctx *c);
void api_svc_file(struct api_ctx *c);
void api_svc_escalations(struct api_ctx *c);
void api_svc_escalation_ack(struct api_ctx *c);
void api_svc_badge(struct api_ctx *c);

/* 好差评 (api_services_ratings.c). */
void api_svc_rate(struct api_ctx *c);
void api_svc_ratings(struct api_ctx *c);
void api_svc_followups(struct api_ctx *c);
void api_svc_followup(struct api_ctx *c);
void api_svc_followup_contact(struct api_ctx *c);
void api_svc_followup_rectify(struct api_ctx *c);
void api_svc_followup_callback(struct api_ctx *c);
void api_svc_followup_appeal(struct api_ctx *c);
void api_svc_followup_review(struct api_ctx *c);
void api_svc_followup_close(struct api_ctx *c);
void api_svc_indicators(struct api_ctx *c);
void api_svc_indicators_export(struct api_ctx *c);

/* Investment projects (api_services_invest.c). */
void api_svc_projects(struct api_ctx *c);
void api_svc_project_create(struct api_ctx *c);
void api_svc_project_stats(struct api_ctx *c);
void api_svc_project_limits(struct api_ctx *c);
void api_svc_project(struct api_ctx *c);
void api_svc_project_update(struct api_ctx *c);
void api_svc_project_move(struct api_ctx *c);
void api_svc_project_officer(struct api_ctx *c);
void api_svc_project_upload(struct api_ctx *c);

/* Policy rounds (api_services_policy.c). */
void api_svc_policies(struct api_ctx *c);
void api_svc_policy(struct api_ctx *c);
void api_svc_policy_create(struct api_ctx *c);
void api_svc_policy_update(struct api_ctx *c);
void api_svc_rounds(struct api_ctx *c);
void api_svc_round(struct api_ctx *c);
void api_svc_round_create(struct api_ctx *c);
void api_svc_round_update(struct api_ctx *c);
void api_svc_round_step(struct api_ctx *c);
void api_svc_round_stats(struct api_ctx *c);
void api_svc_round_precheck(struct api_ctx *c);
void api_svc_round_candidates(struct api_ctx *c);
void api_svc_round_grant(struct api_ctx *c);
void api_svc_round_apply(struct api_ctx *c);
void api_svc_policy_apps(struct api_ctx *c);
void api_svc_policy_app(struct api_ctx *c);
void api_svc_policy_app_review(struct api_ctx *c);
void api_svc_policy_app_object(struct api_ctx *c);
void api_svc_policy_app_withdraw(struct api_ctx *c);
void api_svc_policy_app_pay(struct api_ctx *c);

#endif
