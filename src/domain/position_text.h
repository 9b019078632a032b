/*
 * position_text: the one way a position's search text is made, and kept
 * current when what it is made of changes.
 *
 * The text holds, one field a line (search_rank.h reads it back by line):
 *   1 title
 *   2 enterprise name
 *   3 city name
 *   4 skill names (required, then preferred) and accepted major names,
 *     each followed by a tab
 *   5 description (may span lines: it comes last)
 * A query term never holds a blank, a tab or a line end, so no term can
 * match across two fields.
 *
 * Who calls it: position writes (API and imports, position.c), the demo
 * generator, an enterprise rename (organization.c), and the start-up step
 * after the dictionaries were reloaded or a migration emptied the texts
 * (cli.c: `position_text_startup`).
 */
#ifndef SKYWAY_DOMAIN_POSITION_TEXT_H
#define SKYWAY_DOMAIN_POSITION_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* Which positions to recompute. */
enum position_text_scope {
	POSITION_TEXT_ONE,        /* position `id` */
	POSITION_TEXT_ENTERPRISE, /* every position of enterprise `id` */
	POSITION_TEXT_EMPTY,      /* those whose text is empty (new rows, migration 0015) */
	POSITION_TEXT_ALL,        /* every position (a dictionary changed) */
};

/* Recomputes the search text of the positions in scope from their current
 * rows and writes those that differ; call inside a transaction when it
 * must go with another write.  Returns the number of positions rewritten,
 * or -1 (the store's error, or out of memory). */
int position_text_refresh(struct store *db, enum position_text_scope scope, int64_t id);

/* At start-up, after dict_sync: every position when dictionaries were
 * reloaded (dict_reloaded > 0; a renamed skill, city or major changes the
 * texts that hold it), else only empty texts.  One transaction.  Returns
 * the number rewritten, or -1 with a message in err. */
int position_text_startup(struct store *db, int dict_reloaded, char *err, size_t errlen);

#endif
