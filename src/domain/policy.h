/*
 * policy: fund and subsidy rounds (政策申报 / 资金申报).
 *
 * A policy states its conditions, a score sheet and a pass score; a round
 * of it opens and closes on dates.  Applications are pre-checked against
 * what the platform knows, reviewed with the score sheet, published for a
 * publicity period (公示) and paid.
 *
 *   round:        draft ──publish──▶ published ──publicity──▶ publicity ──finalize──▶ done
 *                 (open for applications from opens_on to closes_on, both included)
 *
 *   application:  submitted ──review──▶ passed | failed      (again until the publicity)
 *                 passed ──publicity──▶ publicity ──finalize──▶ approved ──payments──▶ (paid)
 *                 publicity ──objection upheld──▶ rejected
 *                 submitted ──withdraw (applicant)──▶ withdrawn
 *                 免申即享: an officer grants eligible enterprises ──▶ passed
 *
 * Conditions (JSON object, every member optional):
 *   in_zone               true: registered in the zone (organizations.in_zone)
 *   industries            ["C", "39", ...]: GB/T 4754 sections or divisions
 *   sizes                 ["50-299人", ...]: organizations.size
 *   min_vocational_hires  N: at least N vocational-city students hired
 *                         (applications to the enterprise accepted)
 *   incubator             true: resident in the incubator (issue 11; until
 *                         then the check answers "unknown" and does not
 *                         refuse)
 * A pre-check is [{key, label, required, actual, ok}] with ok true, false or
 * null (unknown); an application whose pre-check has a false is refused.
 *
 * Score sheet: [{key, name, max}] (1-20 rows, max 1-100); a review gives each
 * key 0..max; passed when the total reaches pass_score.
 *
 * Officers write; operators read; HR see the published rounds, their own
 * pre-check and their own applications.
 */
#ifndef SKYWAY_DOMAIN_POLICY_H
#define SKYWAY_DOMAIN_POLICY_H

#include <jansson.h>
#include <stdint.h>

#include "domain/derr.h"
#include "domain/roles.h"
#include "store/store.h"

struct policy_input {
	const char *title, *summary;
	int64_t department_id;
	json_t *conditions, *score_sheet;
	int64_t pass_score, max_amount; /* -1 keeps */
	int no_application;             /* -1 keeps */
};
int policy_save(struct store *db, const struct actor *a, int64_t id, const struct policy_input *in,
                int64_t *out_id, struct derr *e);
int policy_list(struct store *db, const struct actor *a, json_t **items, struct derr *e);
int policy_get(struct store *db, const struct actor *a, int64_t id, json_t **out, struct derr *e);

struct round_input {
	int64_t policy_id;
	const char *name;
	int32_t opens_on, closes_on;    /* 0 keeps */
	int64_t publicity_days, budget; /* -1 keeps */
};
int policy_round_save(struct store *db, const struct actor *a, int64_t id,
                      const struct round_input *in, int64_t *out_id, struct derr *e);
/* Rounds: staff all, HR the published ones, each with its phase (draft,
 * upcoming, open, closed, publicity, done), counts and the caller's own
 * application when HR. */
int policy_rounds(struct store *db, const struct actor *a, json_t **items, struct derr *e);
/* One round with its policy, phase and statistics (pass rates). */
int policy_round(struct store *db, const struct actor *a, int64_t id, json_t **out, struct derr *e);
/* "publish", "publicity" or "finalize" (the diagram).  The publicity runs
 * publicity_days working days from on (0: today; a past day is a 补录 of a
 * publicity held on paper, service.h rule 5). */
int policy_round_step(struct store *db, const struct actor *a, int64_t id, const char *step,
                      int32_t on, struct derr *e);
/* Pass rates of every round: [{round, policy, applied, prechecked, reviewed,
 * passed, approved, rejected, paid, paid_amount, review_pass_rate,
 * approval_rate}]. */
int policy_round_stats(struct store *db, const struct actor *a, json_t **items, struct derr *e);

/* The pre-check of an enterprise for a round (HR: their own; staff: org_id). */
int policy_precheck(struct store *db, const struct actor *a, int64_t round_id, int64_t org_id,
                    json_t **out, struct derr *e);
/* 免申即享 candidates: active enterprises that pass every condition and
 * have not applied: [{org_id, name, precheck}]. */
int policy_candidates(struct store *db, const struct actor *a, int64_t round_id, json_t **items,
                      struct derr *e);
/* Grants eligible enterprises of a 免申即享 policy's round (status passed). */
int policy_grant(struct store *db, const struct actor *a, int64_t round_id, json_t *org_ids,
                 int64_t *granted, struct derr *e);

/* HR applies for their enterprise.  *id. */
int policy_apply(struct store *db, const struct actor *a, int64_t round_id, int64_t amount,
                 const char *note, int64_t *id, struct derr *e);
/* Applications: staff of a round (round_id) or all; HR their own. */
int policy_applications(struct store *db, const struct actor *a, int64_t round_id,
                        const char *status, int64_t page, int64_t size, json_t **items,
                        int64_t *total, struct derr *e);
int policy_application(struct store *db, const struct actor *a, int64_t id, json_t **out,
                       struct derr *e);
/* Review with the score sheet: scores {key: points}; amount approved
 * (-1: as requested, capped by the policy's maximum). */
int policy_review(struct store *db, const struct actor *a, int64_t id, json_t *scores,
                  const char *comment, int64_t amount, struct derr *e);
/* An objection during the publicity upheld: the application is rejected. */
int policy_object(struct store *db, const struct actor *a, int64_t id, const char *note,
                  struct derr *e);
int policy_withdraw(struct store *db, const struct actor *a, int64_t id, struct derr *e);
/* Records a payment of an approved application (the total may not pass
 * the approved amount). */
int policy_pay(struct store *db, const struct actor *a, int64_t id, int64_t amount, int32_t paid_on,
               const char *voucher, struct derr *e);

/* ---- the pure pre-check (policy_check.c) ---- */

/* What the platform knows of an enterprise for the conditions. */
struct policy_facts {
	int in_zone;
	const char *industry_code;    /* division, or NULL */
	const char *industry_section; /* its section letter, or NULL */
	const char *size;             /* or NULL */
	int64_t vocational_hires;
	int incubator; /* -1 unknown */
};
/* Checks conditions (the object above) against facts: the pre-check array
 * (new).  *all_ok: no condition false.  Unknown members of conditions are
 * ignored. */
json_t *policy_check(json_t *conditions, const struct policy_facts *f, int *all_ok);
/* Validates a conditions object; 0, or -1 with e naming "conditions". */
int policy_conditions_valid(json_t *conditions, struct derr *e);

#endif
