/* Booth allocation and moves; see fair_booths.h. */
#include "domain/fair_booths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "domain/audit.h"
#include "domain/fair_internal.h"

#define INT_TEXT(buf, v) snprintf(buf, sizeof(buf), "%lld", (long long)(v))

/* Writes booths 1..nbooths of fair id: slot[k] holds booth k's enterprise
 * (0: free) and area name.  Inside the caller's transaction. */
struct booth_slot {
	int64_t enterprise;
	const char *zone;
};

static int write_booths(struct store *db, int64_t id, const struct booth_slot *slot,
                        int64_t nbooths)
{
	char fid[24], no[24], ent[24];
	if (store_run(db, "DELETE FROM fair_booths WHERE fair_id = ?", "i", id) != STORE_OK)
		return -1;
	struct store_bulk *b = store_bulk_new(
	    db, "INSERT INTO fair_booths (fair_id, booth_no, zone, enterprise_id)", 4);
	if (!b)
		return -1;
	INT_TEXT(fid, id);
	for (int64_t k = 1; k <= nbooths; k++) {
		INT_TEXT(no, k);
		INT_TEXT(ent, slot[k].enterprise);
		const char *row[4] = {fid, no, slot[k].zone ? slot[k].zone : "机动",
		                      slot[k].enterprise ? ent : NULL};
		store_bulk_add(b, row);
	}
	return store_bulk_finish(b) == STORE_OK ? 0 : -1;
}

int fair_booths_allocate(struct store *db, const struct actor *a, int64_t id, int64_t *allocated,
                         int64_t *booths, struct derr *e)
{
	struct fair f;
	json_t *ents = NULL;
	struct fair_alloc *in = NULL;
	struct booth_slot *slot = NULL;
	int *booth = NULL, rc = -1;
	if (fair_load_in(db, a, id, fair_states_open, "分配展位", &f, e))
		return -1;
	*booths = f.booths;
	/* The approved enterprises with their industry section, read in the
	 * transaction that writes their booths. */
	if (store_begin(db) != STORE_OK ||
	    !(ents = store_rows(db,
	                        "SELECT fe.enterprise_id, COALESCE(CASE WHEN ind.level ="
	                        " 'section' THEN ind.code ELSE ind.parent END, '') AS section,"
	                        " COALESCE(sec.name, '综合') AS section_name"
	                        " FROM fair_enterprises fe JOIN organizations o ON o.id ="
	                        " fe.enterprise_id LEFT JOIN dict_industries ind ON ind.code ="
	                        " o.industry_code LEFT JOIN dict_industries sec ON sec.code ="
	                        " (CASE WHEN ind.level = 'section' THEN ind.code ELSE ind.parent"
	                        " END) WHERE fe.fair_id = ? AND fe.status = 'approved'",
	                        "i", id))) {
		derr_store(e, db, "allocate");
		goto out;
	}
	size_t n = json_array_size(ents);
	*allocated = (int64_t)n;
	in = calloc(n + 1, sizeof(*in));
	booth = calloc(n + 1, sizeof(*booth));
	slot = calloc((size_t)f.booths + 1, sizeof(*slot));
	if (!in || !booth || !slot) {
		derr_internal(e, "allocate: out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *r = json_array_get(ents, i);
		in[i].enterprise = json_integer_value(json_object_get(r, "enterprise_id"));
		in[i].section = json_string_value(json_object_get(r, "section"));
	}
	if (fair_allocate(in, n, (int)f.booths, booth)) {
		derr_codef(e, DERR_RULE, NULL, "booths", "已通过的企业有 %zu 家，多于展位数 %lld",
		           n, (long long)f.booths);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		slot[booth[i]].enterprise = in[i].enterprise;
		/* The area takes its industry's name (an unfilled booth: 机动, spare). */
		slot[booth[i]].zone =
		    json_string_value(json_object_get(json_array_get(ents, i), "section_name"));
	}
	if (write_booths(db, id, slot, f.booths)) {
		derr_store(e, db, "allocate");
		goto out;
	}
	if (audit_write(db, a, "fair.booths_allocate", "fair", id, NULL, e) ||
	    derr_commit(db, NULL, "allocate", e))
		goto out;
	fair_notify(id, "booths", 0);
	rc = 0;
out:
	store_rollback(db); /* nothing to do after a commit */
	free(in);
	free(booth);
	free(slot);
	json_decref(ents);
	return rc;
}

int fair_booth_move(struct store *db, const struct actor *a, int64_t id, int64_t ent,
                    int64_t booth_no, int64_t *swapped_with, struct derr *e)
{
	struct fair f;
	char status[16], detail[64];
	int64_t n = 0, from = 0, other = 0;
	*swapped_with = 0;
	if (fair_load_in(db, a, id, fair_states_open, "调整展位", &f, e))
		return -1;
	if (store_begin(db) != STORE_OK ||
	    store_int64(db, &n,
	                "SELECT COUNT(*) FROM fair_booths WHERE fair_id = ? AND booth_no = ?", "ii",
	                id, booth_no) != STORE_ROW)
		return derr_store(e, db, "booth move");
	if (!n) {
		store_rollback(db);
		return derr_set(e, DERR_RULE, "booth_no", "展位号不存在，请先自动分配展位");
	}
	int rc = store_int64(db, &from,
	                     "SELECT booth_no FROM fair_booths WHERE fair_id = ? AND"
	                     " enterprise_id = ?",
	                     "ii", id, ent);
	if (rc == STORE_DONE) { /* approved after allocation: takes the booth if free */
		if (fair_signup_status(db, id, ent, status, e))
			return -1;
		if (strcmp(status, "approved")) {
			store_rollback(db);
			return derr_set(e, DERR_RULE, "enterprise_id",
			                "该企业没有通过本场招聘会的报名");
		}
		from = 0;
	} else if (rc != STORE_ROW) {
		return derr_store(e, db, "booth move");
	}
	/* Swap: whoever holds booth_no moves to `from` (or becomes unplaced). */
	if (store_run(
	        db,
	        "UPDATE fair_booths SET enterprise_id = NULL WHERE fair_id = ? AND booth_no = ?",
	        "ii", id, from) != STORE_OK ||
	    store_int64(db, &other,
	                "SELECT COALESCE(MAX(enterprise_id), 0) FROM fair_booths WHERE"
	                " fair_id = ? AND booth_no = ?",
	                "ii", id, booth_no) != STORE_ROW)
		return derr_store(e, db, "booth move");
	if (other && !from) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, "booth_no", "该展位已有企业，请选择空闲展位");
	}
	if (store_run(
	        db,
	        "UPDATE fair_booths SET enterprise_id = NULL WHERE fair_id = ? AND booth_no = ?",
	        "ii", id, booth_no) != STORE_OK ||
	    store_run(db,
	              "UPDATE fair_booths SET enterprise_id = ? WHERE fair_id = ? AND booth_no = ?",
	              "iii", ent, id, booth_no) != STORE_OK ||
	    (other && store_run(db,
	                        "UPDATE fair_booths SET enterprise_id = ? WHERE fair_id = ? AND"
	                        " booth_no = ?",
	                        "iii", other, id, from) != STORE_OK))
		return derr_store(e, db, "booth move");
	snprintf(detail, sizeof(detail), "%lld -> %lld", (long long)ent, (long long)booth_no);
	if (audit_write(db, a, "fair.booth_move", "fair", id, detail, e) ||
	    derr_commit(db, NULL, "booth move", e))
		return -1;
	*swapped_with = other;
	fair_notify(id, "booths", 0);
	return 0;
}

#define BOOTH_SELECT                                                                               \
	"SELECT b.booth_no, b.zone, b.enterprise_id, o.name AS enterprise, ind.name AS industry,"  \
	" o.in_zone, fe.tables_needed AS tables,"                                                  \
	" (SELECT COUNT(*) FROM fair_positions fp WHERE fp.fair_id = b.fair_id AND"                \
	"  fp.enterprise_id = b.enterprise_id) AS positions,"                                      \
	" (SELECT COUNT(*) FROM fair_tickets t WHERE t.fair_id = b.fair_id AND"                    \
	"  t.enterprise_id = b.enterprise_id AND t.status = 'waiting') AS waiting"                 \
	" FROM fair_booths b LEFT JOIN organizations o ON o.id = b.enterprise_id"                  \
	" LEFT JOIN dict_industries ind ON ind.code = o.industry_code"                             \
	" LEFT JOIN fair_enterprises fe ON fe.fair_id = b.fair_id AND"                             \
	" fe.enterprise_id = b.enterprise_id WHERE b.fair_id = ?"

int fair_booths(struct store *db, const struct actor *a, int64_t id, json_t **items,
                int64_t *booths, struct derr *e)
{
	struct fair f;
	*items = NULL;
	if (fair_load_for(db, a, id, FAIR_ANYONE, &f, e))
		return -1;
	*booths = f.booths;
	json_t *row = store_row(db, "SELECT zones FROM fairs WHERE id = ?", "i", id);
	json_t *list = row ? store_rows(db, BOOTH_SELECT " ORDER BY b.booth_no", "i", id) : NULL;
	if (!list) {
		json_decref(row);
		return derr_store(e, db, "booths");
	}
	/* The venue's areas (zones, e.g. halls) split the booth numbers evenly. */
	const char *text = json_string_value(json_object_get(row, "zones"));
	json_t *zones = text ? json_loads(text, 0, NULL) : NULL;
	size_t nz = json_is_array(zones) ? json_array_size(zones) : 0, i;
	json_t *b;
	json_array_foreach(list, i, b)
	{
		int64_t no = json_integer_value(json_object_get(b, "booth_no"));
		json_object_set(b, "area",
		                nz ? json_array_get(zones, (size_t)(no - 1) * nz / (size_t)f.booths)
		                   : json_null());
	}
	json_decref(zones);
	json_decref(row);
	*items = list;
	return 0;
}

int fair_booths_export(struct store *db, const struct actor *a, int64_t id, fair_rows_fn write,
                       void *arg, struct derr *e)
{
	struct fair f;
	if (fair_load_for(db, a, id, "只有主办方可以导出展位表", &f, e))
		return -1;
	struct store_stmt *st = store_query(
	    db,
	    "SELECT b.booth_no, b.zone, o.name, ind.name, o.in_zone, fe.tables_needed,"
	    " (SELECT COUNT(*) FROM fair_positions fp WHERE fp.fair_id = b.fair_id AND"
	    "  fp.enterprise_id = b.enterprise_id)"
	    " FROM fair_booths b LEFT JOIN organizations o ON o.id = b.enterprise_id"
	    " LEFT JOIN dict_industries ind ON ind.code = o.industry_code"
	    " LEFT JOIN fair_enterprises fe ON fe.fair_id = b.fair_id AND"
	    " fe.enterprise_id = b.enterprise_id WHERE b.fair_id = ? ORDER BY b.booth_no",
	    "i", id);
	return fair_export_rows(db, st, write, arg, "booth export", e);
}
