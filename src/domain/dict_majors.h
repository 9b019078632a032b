/*
 * dict_majors: the national catalogue of vocational majors (职业教育专业目录
 * 2021, all three levels) as the project's data, the codes older catalogues
 * used, and which level a college's students take their majors from.  The
 * invariants open dict_majors.c.
 */
#ifndef SKYWAY_DOMAIN_DICT_MAJORS_H
#define SKYWAY_DOMAIN_DICT_MAJORS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/derr.h"
#include "domain/roles.h"
#include "store/store.h"

/* Replaces the shipped catalogue in dict_majors with TEXT (the TSV of
 * data/vocational-majors-2021.tsv) and moves every stored code whose major
 * changed code (by name, same level; else to a retired "<code>-old").  Runs
 * inside the caller's transaction; 0, or -1 with a message in err. */
int dict_majors_reload(struct store *db, const char *text, size_t size, char *err, size_t errlen);
/* The catalogue levels (blank-separated "zz", "gz", "bk") a college of
 * college_type (中职, 高职专科, 职业本科, 本科, or NULL: any) takes its
 * students' majors from.  A static string. */
const char *dict_majors_levels(const char *college_type);
/* 0 when code is a current major (not a class, not retired) of a level the
 * college college_id takes majors from; -1 with a 400 naming field, or the
 * store's failure. */
int dict_major_for_college(struct store *db, int64_t college_id, const char *code,
                           const char *field, struct derr *e);

/* Retired majors (major_retired.c).  The students of a college (college
 * staff: their own; the operator: college_id, 0 for all) whose major is a
 * retired code, counted by college and code: 0 with *items (new array:
 * college_id, college_name, college_type, code, name, edu_level, old_name,
 * students); -1 with e. */
int major_retired_list(struct store *db, const struct actor *a, int64_t college_id, json_t **items,
                       struct derr *e);
/* Gives every student of the college (college staff: their own; the
 * operator: college_id, required) whose major is the retired code the
 * major new_code (a current major of the college's level), audited
 * (major.replace).  0 with *updated; -1 with e (nothing written). */
int major_retired_replace(struct store *db, const struct actor *a, int64_t college_id,
                          const char *code, const char *new_code, int64_t *updated, struct derr *e);

#endif
