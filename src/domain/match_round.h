/*
 * match_round: a centralised match (集中匹配) for internship placement or a
 * fair's offer round.
 *
 * Round states:  open --preview--> previewed --publish--> published
 *                  ^                   |  (preview again after changes)
 *                  +-------------------+        any --cancel--> cancelled
 *
 *  - While open or previewed, students submit ranked choices (志愿) of the
 *    round's positions, at most list_max of them; HR may rank the students
 *    who chose their position.  A position without an HR ranking ranks by
 *    score (src/match, the same score recommendations explain).
 *  - Preview runs student-proposing deferred acceptance with capacity =
 *    seats left on the position, checks the result is stable, stores it
 *    and its figures.  Publish requires a preview whose stability check
 *    passed; published results are what students and HR see.
 */
#ifndef SKYWAY_DOMAIN_MATCH_ROUND_H
#define SKYWAY_DOMAIN_MATCH_ROUND_H

#include <jansson.h>
#include <stdint.h>

#include "store/store.h"

/* Runs the match of round_id, stores results and figures, sets the round
 * previewed.  Returns the figures (new reference) or NULL with err set. */
json_t *match_round_preview(struct store *db, int64_t round_id, char *err, size_t errlen);

#endif
