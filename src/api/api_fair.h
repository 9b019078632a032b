/*
 * What the job-fair handlers share.  The handlers parse the request, call
 * one service of domain/fair*.h and shape its answer:
 *   api_fairs.c           the fair, sign-up and review, booths (fair.h,
 *                         fair_view.h, fair_signup.h, fair_booths.h)
 *   api_fair_gate.c       registration, passes, check-in, walk-ins
 *                         (fair_entry.h)
 *   api_fair_live.c       queues, the live stream, intentions to hire
 *                         (fair_queue.h, fair_view.h, fair_intents.h)
 *   api_fair_interviews.c invitations and the timetable (fair_interviews.h)
 *   api_fair_stats.c      figures and exports (fair_stats.h)
 */
#ifndef SKYWAY_API_API_FAIR_H
#define SKYWAY_API_API_FAIR_H

#include "api/api.h"
#include "api/export.h"
#include "domain/fair.h"

/* A sheet for a service that exports (fair_rows_fn): the request, the
 * file's name, the sheet's title and its columns. */
struct api_fairs_sheet {
	struct api_ctx *c;
	const char *filename, *title;
	const struct export_column *cols;
};
/* fair_rows_fn writing the rows as the .xlsx download of sheet->c
 * (export_xlsx()).  Returns 0, or -1 when the file could not be made. */
int api_fairs_write_sheet(void *sheet, struct store_stmt *rows);

/* Answers {"items": items} (takes the reference). */
void api_fairs_items(struct api_ctx *c, json_t *items);

#endif
