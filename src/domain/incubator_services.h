/*
 * incubator_services: the incubator's services to resident projects (服务):
 * capital docking (资本对接: investor meetings), technology docking with
 * colleges (技术对接), commercialising research results (成果转化),
 * training (培训), other.  The state machine is drawn in incubator.h:
 *
 *   requested --assign--> assigned --done--> done (then rated once)
 *        \------cancel--------\-----> cancelled
 *
 *  - A member requests for their project; the operator assigns a person
 *    (an operator or a mentor account) and may reassign; the assignee (or
 *    the operator) records it done with the result; a member rates it
 *    (1–5 and a comment) once.  A member or the operator cancels before
 *    it is done.
 *  - Seen by those who see the project, and by the assignee.
 */
#ifndef SKYWAY_DOMAIN_INCUBATOR_SERVICES_H
#define SKYWAY_DOMAIN_INCUBATOR_SERVICES_H

#include "domain/incubator.h"

int incubator_service_request(struct store *db, const struct actor *a, int64_t project,
                              const char *kind, const char *title, const char *detail, json_t **out,
                              struct derr *e);
int incubator_service_assign(struct store *db, const struct actor *a, int64_t id, int64_t assignee,
                             json_t **out, struct derr *e);
int incubator_service_done(struct store *db, const struct actor *a, int64_t id, const char *result,
                           json_t **out, struct derr *e);
int incubator_service_cancel(struct store *db, const struct actor *a, int64_t id, json_t **out,
                             struct derr *e);
int incubator_service_rate(struct store *db, const struct actor *a, int64_t id, int64_t rating,
                           const char *comment, json_t **out, struct derr *e);
/* Services a sees (f->project_id, kind, status; mine: assigned to a). */
int incubator_services_list(struct store *db, const struct actor *a,
                            const struct incubator_filter *f, json_t **items, struct derr *e);

#endif
