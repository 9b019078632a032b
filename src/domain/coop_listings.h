/*
 * coop_listings: needs and offers (供需).  Enterprises post needs: talent
 * of given majors and numbers (人才需求), technical problems (技术难题),
 * staff training (员工培训), equipment (设备共享), order classes (订单班).
 * Colleges post offers: majors and graduates a year (专业与毕业生), labs and
 * equipment (实训室与设备), teachers' expertise (教师专长), training and
 * services (培训与社会服务).  Each is searchable in Chinese like positions
 * (store_text_contains over a search text), and each proposes its
 * counterparts on the other side, scored by match/coop_score.h with the
 * reasons of every component.
 *
 *   open <--close / reopen--> closed       (the owner; the operator closes)
 *
 * The side follows from who posts: an enterprise's HR a need, a college's
 * staff an offer.  Every college and enterprise reads the open ones; a
 * closed one only its owner and operators.
 */
#ifndef SKYWAY_DOMAIN_COOP_LISTINGS_H
#define SKYWAY_DOMAIN_COOP_LISTINGS_H

#include "domain/coop.h"

/* 1 when kind is a kind of side ("need" or "offer"). */
int coop_listing_kind_valid(const char *side, const char *kind);
/* The Chinese label of a kind ("人才需求", ...), or the kind itself. */
const char *coop_listing_kind_label(const char *kind);

/* A listing as written.  The api checked shapes and lengths; lists are
 * arrays of distinct strings (or NULL); quantity 0 is none. */
struct coop_listing_input {
	const char *kind, *title, *description, *city_code;
	const json_t *majors;     /* catalogue codes of 2, 4 or 6 digits */
	const json_t *industries; /* GB/T 4754 sections or divisions */
	int64_t quantity;
};

/* Posts a listing of the caller's organisation.  *out: the listing (new
 * reference).  0, or -1 with e (400 naming the field; 403 for a caller
 * without an approved organisation). */
int coop_listing_create(struct store *db, const struct actor *a,
                        const struct coop_listing_input *in, json_t **out, struct derr *e);
/* Edits listing id (its owner).  *out as for create. */
int coop_listing_update(struct store *db, const struct actor *a, int64_t id,
                        const struct coop_listing_input *in, json_t **out, struct derr *e);
/* Opens or closes listing id (the owner; the operator may close). */
int coop_listing_set_open(struct store *db, const struct actor *a, int64_t id, int open,
                          json_t **out, struct derr *e);
/* Listing id as the caller may see it.  0 and *out, or -1 (404). */
int coop_listing_get(struct store *db, const struct actor *a, int64_t id, json_t **out,
                     struct derr *e);

/* A search; NULL or 0 members do not filter. */
struct coop_listing_query {
	const char *side, *kind, *q, *major, *city, *status;
	int64_t org_id, page, page_size;
};
/* One page of listings, newest first: {"items","total","page",
 * "page_size"}.  Closed ones only for their owner and operators. */
int coop_listing_search(struct store *db, const struct actor *a, const struct coop_listing_query *q,
                        json_t **out, struct derr *e);

/* The best `limit` open listings of the other side for listing id, each
 * {"listing", "score", "components": [{key,label,points,max_points,
 * reason}]}, best first (ties by id); score 0 left out.  *out: {"items"}. */
int coop_listing_counterparts(struct store *db, const struct actor *a, int64_t id, int limit,
                              json_t **out, struct derr *e);

/* Writes listing id's search text: its words, its organisation, the kind
 * and the names of its majors and city, so that 机电 finds 机电一体化技术.
 * Inside the caller's open transaction (every write; the demo data).
 * 0, or -1 with e (rolled back). */
int coop_listing_index(struct store *db, int64_t id, struct derr *e);

#endif
