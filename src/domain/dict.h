/*
 * dict: the dictionaries shipped with the project as data/NAME.tsv and
 * embedded into the binary: the national catalogue of vocational majors
 * (专业目录), GB/T 4754 industries (国民经济行业分类), the shared skill
 * dictionary, certificates and cities.  dict_sync() copies each into its
 * dict_* table whenever the embedded file changed, so SQL can join names.
 */
#ifndef SKYWAY_DOMAIN_DICT_H
#define SKYWAY_DOMAIN_DICT_H

#include <jansson.h>
#include <stddef.h>

#include "domain/derr.h"
#include "store/store.h"

struct dict_file {
	const char *name; /* "majors.tsv" */
	size_t size;
	const char *text;
};
/* Generated from data/NAME.tsv; ends with a NULL name. */
extern const struct dict_file dict_files[];

/* Brings every dict_* table in line with the embedded files; returns the
 * number of tables reloaded, or -1 with a message in err. */
int dict_sync(struct store *db, char *err, size_t errlen);
/* Returns 1 when code names a row of dictionary `table` ("majors",
 * "industries", "skills", "certificates", "cities"), 0 when not, -1 on error. */
int dict_has(struct store *db, const char *table, const char *code);
/* dict_has() as a check of a field: 0 when code is in the dictionary; -1
 * with a 400 naming field (message, followed by the code when show_code)
 * when not, or with the store's failure. */
int dict_check(struct store *db, const char *table, const char *code, const char *field,
               const char *message, int show_code, struct derr *e);
/* Every row of a dictionary for pickers (name: "majors", "industries",
 * "skills", "certificates", "cities"): 0 with *items (new array); -1 with
 * 404 for another name, or the store's failure. */
int dict_items(struct store *db, const char *name, json_t **items, struct derr *e);

#endif
