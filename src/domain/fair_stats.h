/*
 * fair_stats: a fair's figures, live for the organisers and the venue's
 * big screen (大屏), and as the summary after the fair in the article's
 * terms: "N enterprises, M positions, K students entered".  Its tables
 * (hours, industry, college, major, booths) can be exported.
 *
 * Hours are Beijing time (UTC+8, no daylight saving).
 */
#ifndef SKYWAY_DOMAIN_FAIR_STATS_H
#define SKYWAY_DOMAIN_FAIR_STATS_H

#include "domain/fair.h"

/* The figures of fair id for its organisers (403 for others): fair_id,
 * status, name, figures {enterprises, positions, entered, ...}, each
 * table by name, summary (a sentence) and generated_at.  *out is a new
 * reference.  0, or -1 with e. */
int fair_stats(struct store *db, const struct actor *a, int64_t id, json_t **out, struct derr *e);
/* Hands the rows of one table (hours: hour, entered; industry: industry,
 * enterprises, positions, resumes, intents; college and major: name,
 * registered, entered, intents; booths: booth_no, enterprise, waiting,
 * seen, no_show, avg_wait_minutes, intents) to write.  0, or -1 with e
 * (400 on field "table" for an unknown name). */
int fair_stats_table(struct store *db, const struct actor *a, int64_t id, const char *table,
                     fair_rows_fn write, void *arg, struct derr *e);

#endif
