/*
 * The position search's in-memory index (search_index.h): a version is a
 * base (every open position read at once, with its text index,
 * src/match/text_index.c) plus an overlay (the positions re-read since,
 * scanned directly) and a mask of the base's positions they replace or
 * removed.  Brought up to date from migration 0025's change log, position
 * by position; folded into a new base off to the side when the overlay
 * grows.  Everything but the text index is here: the filters and the
 * fallbacks.
 */
#include "domain/search_index.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/position_internal.h"
#include "text_index.h"

#define EPOCH_SQL  "SELECT n FROM search_epoch WHERE id = 1"
#define MEMO_SLOTS 32    /* recent answers kept per version */
#define MEMO_MIN   64    /* smaller answers cost less than a copy */
#define KEEP       10000 /* epochs migration 0025's log keeps at least */
#define FOLD_AT    64    /* overlay positions that start a fold */
#define CHUNK      64    /* ids per re-read (STORE_ARGS_MAX) */

/* One open position as read: immutable once made, shared by every
 * version that holds it (refs). */
struct drec {
	atomic_int refs;
	int64_t id, enterprise, salary; /* salary: salary_max */
	int has_salary, in_zone;
	int odd_text;                          /* its text holds a character folding into ASCII */
	int odd_major;                         /* one of its major codes is not all digits */
	char *kind, *city, *industry, *parent; /* NULL: none */
	char **majors;                         /* codes, for the filter */
	size_t nmajor;
	char *text, *low; /* search text as stored; ASCII lowered */
	size_t textlen;
	/* The page item as position_search shows it to anyone (rendered by
	 * jansson): head is its columns without the closing brace, tail its
	 * majors and skills without the opening one; NULL: none. */
	char *head, *tail;
	size_t head_len, tail_len;
	json_t *tl; /* while read: the tail's object */
	size_t bytes;
};
typedef VEC(struct drec *) drec_vec;
typedef VEC(int64_t) id_vec;

/* Positions read at once and their text index (document i is d[i]). */
struct base {
	atomic_int refs;
	struct drec **d; /* by id */
	size_t n;
	struct text_index *tx;
	size_t bytes;
};

struct sindex {
	atomic_int refs; /* the global pointer holds one */
	int64_t epoch;   /* search_epoch.n its reads were made after */
	struct base *base;
	uint64_t *mask;   /* base positions replaced or gone (NULL: none) */
	struct drec **ov; /* the overlay: re-read since the base, by id */
	const char **ovlow;
	size_t nov;
	size_t n;      /* open positions held */
	int odd_text;  /* a text holds a character folding into ASCII */
	int odd_major; /* a stored major code is not all digits */
	size_t bytes;
	int64_t build_us; /* how long making it took */
	/* The last answers of MEMO_MIN positions or more (scored or not), by
	 * query: a next page, or the same popular query, costs a copy.  A
	 * version is immutable, so an answer stays right while it lives; a
	 * new version starts with none. */
	pthread_mutex_t memo_lock;
	struct memo {
		char *key;
		struct search_found *v;
		size_t n;
	} memo[MEMO_SLOTS];
	int memo_next;
};

static int use_memory = 1;
static int incremental = 1; /* SKYWAY_SEARCH_INCREMENTAL=0: whole rebuilds (bench) */
static struct sindex *current;
static pthread_mutex_t current_lock = PTHREAD_MUTEX_INITIALIZER;
/* One update at a time: the others that need it wait for it. */
static pthread_mutex_t update_lock = PTHREAD_MUTEX_INITIALIZER;
/* The fold in flight (update_lock): its thread, and whether to join it. */
static pthread_t fold_thread;
static int fold_started;
static atomic_int fold_busy;

void search_index_use(int memory)
{
	use_memory = memory;
	const char *inc = getenv("SKYWAY_SEARCH_INCREMENTAL");
	incremental = !inc || strcmp(inc, "0");
}

int search_index_used(void)
{
	return use_memory;
}

static void drec_drop(struct drec *r)
{
	if (!r || atomic_fetch_sub(&r->refs, 1) != 1)
		return;
	free(r->kind);
	free(r->city);
	free(r->industry);
	free(r->parent);
	for (size_t i = 0; i < r->nmajor; i++)
		free(r->majors[i]);
	free(r->majors);
	free(r->text);
	free(r->low);
	free(r->head);
	free(r->tail);
	json_decref(r->tl);
	free(r);
}

static void drecs_drop(struct drec **d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		drec_drop(d[i]);
	free(d);
}

static void base_drop(struct base *b)
{
	if (!b || atomic_fetch_sub(&b->refs, 1) != 1)
		return;
	text_index_free(b->tx);
	drecs_drop(b->d, b->n);
	free(b);
}

static void sindex_free(struct sindex *ix)
{
	if (!ix)
		return;
	for (int i = 0; i < MEMO_SLOTS; i++) {
		free(ix->memo[i].key);
		free(ix->memo[i].v);
	}
	pthread_mutex_destroy(&ix->memo_lock);
	base_drop(ix->base);
	free(ix->mask);
	drecs_drop(ix->ov, ix->nov);
	free(ix->ovlow);
	free(ix);
}

static void drop(struct sindex *ix)
{
	if (ix && atomic_fetch_sub(&ix->refs, 1) == 1)
		sindex_free(ix);
}

/* The current index with a reference taken (NULL: none). */
static struct sindex *grab(void)
{
	pthread_mutex_lock(&current_lock);
	struct sindex *ix = current;
	if (ix)
		atomic_fetch_add(&ix->refs, 1);
	pthread_mutex_unlock(&current_lock);
	return ix;
}

/* Makes ix (a reference taken for the global pointer) the current one. */
static void publish(struct sindex *ix)
{
	atomic_fetch_add(&ix->refs, 1);
	pthread_mutex_lock(&current_lock);
	struct sindex *old = current;
	current = ix;
	pthread_mutex_unlock(&current_lock);
	drop(old);
}

/* A copy of column col (NULL for NULL); *fail on no memory. */
static char *keep(struct drec *r, struct store_stmt *st, int col, int *fail)
{
	if (store_column_type(st, col) == STORE_T_NULL)
		return NULL;
	char *s = strdup(store_column_text(st, col));
	if (!s)
		*fail = 1;
	else
		r->bytes += strlen(s) + 1;
	return s;
}

static int all_digits(const char *s)
{
	return strspn(s, "0123456789") == strlen(s);
}

/* The characters Unicode folds into ASCII letters: İ, ſ, the Kelvin sign. */
static int folds_into_ascii(const char *t)
{
	return strstr(t, "\xC4\xB0") || strstr(t, "\xC5\xBF") || strstr(t, "\xE2\x84\xAA");
}

/* The index in d[0..n) (by id) of id, or n when absent. */
static size_t rec_at(struct drec *const *d, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (d[mid]->id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && d[lo]->id == id ? lo : n;
}

static int masked(const struct sindex *ix, size_t i)
{
	return ix->mask && (ix->mask[i / 64] >> (i % 64) & 1);
}

/* Position id as ix holds it (NULL: not open, or not held). */
static struct drec *live_of(const struct sindex *ix, int64_t id)
{
	size_t i = rec_at(ix->ov, ix->nov, id);
	if (i < ix->nov)
		return ix->ov[i];
	i = rec_at(ix->base->d, ix->base->n, id);
	return i < ix->base->n && !masked(ix, i) ? ix->base->d[i] : NULL;
}

/* The open positions' WHERE: all of them, or (ids) those of ids[0..n). */
static void where_of(struct buf *w, struct store_args *a, const int64_t *ids, size_t n)
{
	buf_adds(w, " WHERE p.status = 'open'");
	if (!ids)
		return;
	buf_adds(w, " AND p.id IN (");
	for (size_t i = 0; i < n; i++) {
		buf_adds(w, i ? ", ?" : "?");
		store_args_int(a, ids[i]);
	}
	buf_addch(w, ')');
}

/* Runs sql (%s: the WHERE) over the positions of where_of(ids, n). */
static struct store_stmt *query(struct store *db, const char *sql, const int64_t *ids, size_t n)
{
	struct buf w = BUF_INIT, q = BUF_INIT;
	struct store_args a = {0};
	where_of(&w, &a, ids, n);
	buf_addf(&q, sql, w.data);
	struct store_stmt *st =
	    buf_failed(&w) || buf_failed(&q) ? NULL : store_query_args(db, q.data, &a);
	buf_release(&w);
	buf_release(&q);
	return st;
}

/* A jansson dump of o (taken), its first (skip_first) or last character
 * cut, into *out; 0, or -1 on no memory. */
static int dump_cut(json_t *o, int skip_first, char **out, size_t *len)
{
	char *text = o ? json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(12)) : NULL;
	json_decref(o);
	if (!text)
		return -1;
	*len = strlen(text) - 1;
	if (skip_first)
		memmove(text, text + 1, *len + 1);
	else
		text[*len] = '\0';
	*out = text;
	return 0;
}

/* Adds rows of sql (position_id first, ordered by it) to the array key
 * of their position's tail object, under "required_skills" or
 * "preferred_skills" by their "required" when key is NULL, as
 * position_add_details_page shapes them; a major's code to its filter
 * list too.  0, or -1. */
static int gather(struct store *db, drec_vec *v, size_t from, const char *sql, const int64_t *ids,
                  size_t nids, const char *key)
{
	struct store_stmt *st = query(db, sql, ids, nids);
	int rc = st ? STORE_ROW : STORE_ERROR;
	while (st && (rc = store_step(st)) == STORE_ROW) {
		size_t i = rec_at(v->v + from, v->n - from, store_column_int64(st, 0));
		struct drec *r = i < v->n - from ? v->v[from + i] : NULL;
		json_t *row = r ? store_row_object(st) : NULL;
		if (!row)
			continue; /* opened since the first query: the epoch moved too */
		json_object_del(row, "position_id");
		const char *to = key;
		if (!key) {
			to = json_integer_value(json_object_get(row, "required"))
			         ? "required_skills"
			         : "preferred_skills";
			json_object_del(row, "required");
		} else {
			const char *code = json_string_value(json_object_get(row, "code"));
			char **m = realloc(r->majors, (r->nmajor + 1) * sizeof(*m));
			if (m)
				r->majors = m;
			if (!code || !m || !(m[r->nmajor] = strdup(code))) {
				json_decref(row);
				rc = STORE_ERROR;
				break;
			}
			r->odd_major |= !all_digits(code);
			r->bytes += strlen(code) + 1 + sizeof(char *);
			r->nmajor++;
		}
		if (json_array_append_new(json_object_get(r->tl, to), row)) {
			rc = STORE_ERROR;
			break;
		}
	}
	store_finalize(st);
	return rc == STORE_DONE ? 0 : -1;
}

/* Appends to v the open positions among ids[0..nids) (ids NULL: all of
 * them), by id, each with its filters, text and rendered item: from the
 * same queries and jansson calls as a page read by SQL.  0, or -1. */
static int read_some(struct store *db, const int64_t *ids, size_t nids, drec_vec *v)
{
	size_t from = v->n;
	struct store_stmt *st =
	    query(db,
	          "SELECT p.id, p.search_text, p.kind, p.city_code, p.salary_max,"
	          " p.enterprise_id, o.industry_code, o.in_zone, (SELECT d.parent FROM"
	          " dict_industries d WHERE d.code = o.industry_code) FROM positions p"
	          " JOIN organizations o ON o.id = p.enterprise_id%s ORDER BY p.id",
	          ids, nids);
	int rc = st ? STORE_ROW : STORE_ERROR, fail = 0;
	while (st && !fail && (rc = store_step(st)) == STORE_ROW) {
		struct drec *r = calloc(1, sizeof(*r));
		if (!r || VEC_PUSH(v, r)) {
			free(r);
			fail = 1;
			break;
		}
		atomic_init(&r->refs, 1);
		r->id = store_column_int64(st, 0);
		r->salary = store_column_int64(st, 4);
		r->has_salary = store_column_type(st, 4) != STORE_T_NULL;
		r->enterprise = store_column_int64(st, 5);
		r->in_zone = store_column_int64(st, 7) == 1;
		r->text = keep(r, st, 1, &fail);
		r->kind = keep(r, st, 2, &fail);
		r->city = keep(r, st, 3, &fail);
		r->industry = keep(r, st, 6, &fail);
		r->parent = keep(r, st, 8, &fail);
		if (!r->text && !(r->text = strdup("")))
			fail = 1;
		r->low = r->text ? text_index_lower(r->text) : NULL;
		r->tl = json_pack("{s:[], s:[], s:[]}", "majors", "required_skills",
		                  "preferred_skills");
		fail |= !r->low || !r->tl;
		if (!fail) {
			r->textlen = strlen(r->text);
			r->odd_text = folds_into_ascii(r->text);
			r->bytes += sizeof(*r) + r->textlen + 1;
		}
	}
	store_finalize(st);
	fail = fail || rc != STORE_DONE ||
	       gather(db, v, from,
	              "SELECT pm.position_id, pm.major_code AS code, m.name, m.level FROM"
	              " position_majors pm JOIN positions p ON p.id = pm.position_id"
	              " LEFT JOIN dict_majors m ON m.code = pm.major_code%s"
	              " ORDER BY pm.position_id, pm.major_code",
	              ids, nids, "majors") ||
	       gather(db, v, from,
	              "SELECT ps.position_id, ps.skill_id AS id, s.name, ps.required FROM"
	              " position_skills ps JOIN positions p ON p.id = ps.position_id"
	              " LEFT JOIN dict_skills s ON s.id = ps.skill_id%s"
	              " ORDER BY ps.position_id, ps.required DESC, ps.skill_id",
	              ids, nids, NULL);
	st = fail ? NULL : query(db, POSITION_COLUMNS POSITION_FROM "%s ORDER BY p.id", ids, nids);
	rc = st ? STORE_ROW : STORE_ERROR;
	while (st && !fail && (rc = store_step(st)) == STORE_ROW) {
		size_t i = rec_at(v->v + from, v->n - from, store_column_int64(st, 0));
		if (i == v->n - from)
			continue; /* opened since the first query: the epoch moved too */
		struct drec *r = v->v[from + i];
		fail = dump_cut(store_row_object(st), 0, &r->head, &r->head_len) ||
		       dump_cut(r->tl, 1, &r->tail, &r->tail_len);
		r->tl = NULL;
		r->bytes += r->head_len + r->tail_len + 2;
	}
	store_finalize(st);
	return fail || rc != STORE_DONE ? -1 : 0;
}

/* read_some over ids[0..n) (NULL: every open position), CHUNK at a time. */
static int read_recs(struct store *db, const int64_t *ids, size_t n, drec_vec *v)
{
	if (!ids)
		return read_some(db, NULL, 0, v);
	for (size_t i = 0; i < n; i += CHUNK)
		if (read_some(db, ids + i, n - i < CHUNK ? n - i : CHUNK, v))
			return -1;
	return 0;
}

/* A base of d[0..n) (taken: freed on failure too); NULL on no memory. */
static struct base *base_new(struct drec **d, size_t n)
{
	struct base *b = calloc(1, sizeof(*b));
	const char **texts = malloc((n ? n : 1) * sizeof(*texts));
	for (size_t i = 0; texts && i < n; i++)
		texts[i] = d[i]->text;
	struct text_index *tx = b && texts ? text_index_build(texts, n) : NULL;
	free(texts);
	if (!tx) {
		free(b);
		drecs_drop(d, n);
		return NULL;
	}
	atomic_init(&b->refs, 1);
	b->d = d;
	b->n = n;
	b->tx = tx;
	b->bytes = text_index_bytes(tx) + n * sizeof(*d);
	for (size_t i = 0; i < n; i++)
		b->bytes += d[i]->bytes;
	return b;
}

/* A version of base b (a reference taken) less mask (taken; NULL: none)
 * plus ov[0..nov) (by id, references taken); NULL on no memory. */
static struct sindex *version_new(struct base *b, uint64_t *mask, struct drec **ov, size_t nov,
                                  int64_t epoch)
{
	struct sindex *ix = calloc(1, sizeof(*ix));
	const char **low = malloc((nov ? nov : 1) * sizeof(*low));
	if (!ix || !low) {
		free(ix);
		free(low);
		free(mask);
		drecs_drop(ov, nov);
		base_drop(b);
		return NULL;
	}
	*ix = (struct sindex){.epoch = epoch,
	                      .base = b,
	                      .mask = mask,
	                      .ov = ov,
	                      .ovlow = low,
	                      .nov = nov,
	                      .bytes = b->bytes};
	atomic_init(&ix->refs, 1);
	pthread_mutex_init(&ix->memo_lock, NULL);
	for (size_t i = 0; i < b->n; i++)
		if (!masked(ix, i)) {
			ix->n++;
			ix->odd_text |= b->d[i]->odd_text;
			ix->odd_major |= b->d[i]->odd_major;
		}
	for (size_t i = 0; i < nov; i++) {
		low[i] = ov[i]->low;
		ix->n++;
		ix->odd_text |= ov[i]->odd_text;
		ix->odd_major |= ov[i]->odd_major;
		ix->bytes += ov[i]->bytes + sizeof(*ov);
	}
	if (mask)
		ix->bytes += (b->n + 63) / 64 * 8;
	return ix;
}

/* Every open position read now: a new base, no overlay.  NULL on a store
 * error or no memory. */
static struct sindex *build(struct store *db)
{
	int64_t t0 = now_micros(), epoch;
	drec_vec v = VEC_INIT;
	if (store_int64(db, &epoch, EPOCH_SQL, "") != STORE_ROW || read_recs(db, NULL, 0, &v)) {
		drecs_drop(v.v, v.n);
		return NULL;
	}
	struct base *b = base_new(v.v, v.n);
	struct sindex *ix = b ? version_new(b, NULL, NULL, 0, epoch) : NULL;
	if (ix)
		ix->build_us = now_micros() - t0;
	return ix;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* The change log after ix: *epoch, the positions changed (sorted,
 * unique) into ids.  0; 1 when ix must be rebuilt whole (a dictionary
 * changed, or the log was pruned past ix); -1 on a store error. */
static int changes(struct store *db, const struct sindex *ix, int64_t *epoch, id_vec *ids)
{
	/* One statement, so one snapshot on either backend: every row with
	 * n <= the epoch it reads is committed (migration 0025). */
	struct store_stmt *st = store_query(
	    db,
	    "SELECT e.n, c.n, c.position_id FROM search_epoch e LEFT JOIN search_changes c"
	    " ON c.n > ? AND c.n <= e.n WHERE e.id = 1",
	    "i", ix->epoch);
	int rc = st ? STORE_ROW : STORE_ERROR, whole = 0;
	while (st && (rc = store_step(st)) == STORE_ROW) {
		*epoch = store_column_int64(st, 0);
		if (store_column_type(st, 1) == STORE_T_NULL)
			continue; /* no change logged */
		if (store_column_type(st, 2) == STORE_T_NULL)
			whole = 1;
		else if (VEC_PUSH(ids, store_column_int64(st, 2)))
			rc = STORE_ERROR;
	}
	store_finalize(st);
	if (rc != STORE_DONE)
		return -1;
	if (whole || ix->epoch < *epoch - KEEP || !incremental)
		return 1;
	if (ids->n) /* qsort's base must not be NULL, even for none */
		qsort(ids->v, ids->n, sizeof(*ids->v), cmp_id);
	size_t n = 0;
	for (size_t i = 0; i < ids->n; i++)
		if (!n || ids->v[n - 1] != ids->v[i])
			ids->v[n++] = ids->v[i];
	ids->n = n;
	return 0;
}

/* Copies from's remembered answers into to, a version holding the same
 * positions (rebased, or no position changed): they are still right. */
static void memo_carry(struct sindex *from, struct sindex *to)
{
	pthread_mutex_lock(&from->memo_lock);
	for (int i = 0; i < MEMO_SLOTS; i++) {
		const struct memo *m = &from->memo[i];
		char *k = m->key ? strdup(m->key) : NULL;
		struct search_found *v = k ? malloc((m->n ? m->n : 1) * sizeof(*v)) : NULL;
		if (!v) {
			free(k);
			continue;
		}
		memcpy(v, m->v, m->n * sizeof(*v));
		to->memo[i] = (struct memo){k, v, m->n};
	}
	to->memo_next = from->memo_next;
	pthread_mutex_unlock(&from->memo_lock);
}

/* ix with the positions ids[0..n) (sorted) replaced by fresh[0..nf)
 * (those of them open now, by id; taken), at epoch: a new version sharing
 * ix's base and the rest of its overlay.  NULL on no memory. */
static struct sindex *patch(struct sindex *ix, const int64_t *ids, size_t n, struct drec **fresh,
                            size_t nf, int64_t epoch)
{
	struct base *b = ix->base;
	size_t words = (b->n + 63) / 64;
	uint64_t *mask = calloc(words ? words : 1, sizeof(*mask));
	struct drec **ov = malloc((ix->nov + nf + 1) * sizeof(*ov));
	if (!mask || !ov) {
		free(mask);
		free(ov);
		drecs_drop(fresh, nf);
		return NULL;
	}
	if (ix->mask)
		memcpy(mask, ix->mask, words * sizeof(*mask));
	for (size_t i = 0; i < n; i++) {
		size_t at = rec_at(b->d, b->n, ids[i]);
		if (at < b->n)
			mask[at / 64] |= 1ull << (at % 64);
	}
	/* Merge by id: the overlay less ids, and fresh. */
	size_t nov = 0, i = 0, j = 0, k = 0;
	while (i < ix->nov || j < nf) {
		if (j == nf || (i < ix->nov && ix->ov[i]->id < fresh[j]->id)) {
			struct drec *r = ix->ov[i++];
			while (k < n && ids[k] < r->id)
				k++;
			if (k < n && ids[k] == r->id)
				continue; /* re-read: in fresh when still open */
			atomic_fetch_add(&r->refs, 1);
			ov[nov++] = r;
		} else {
			ov[nov++] = fresh[j++];
		}
	}
	free(fresh);
	atomic_fetch_add(&b->refs, 1);
	return version_new(b, mask, ov, nov, epoch);
}

/* ix brought up to the database's epoch from the change log, position by
 * position: 0 and *out; 1 when it must be rebuilt whole; -1 on error. */
static int advance(struct store *db, struct sindex *ix, struct sindex **out)
{
	int64_t t0 = now_micros(), epoch = ix->epoch;
	id_vec ids = VEC_INIT;
	drec_vec fresh = VEC_INIT;
	int rc = changes(db, ix, &epoch, &ids);
	/* Most positions changed: reading them all at once is cheaper. */
	if (!rc && ids.n > FOLD_AT && ids.n > ix->n / 2)
		rc = 1;
	if (!rc && read_recs(db, ids.v, ids.n, &fresh))
		rc = -1;
	if (!rc) {
		*out = patch(ix, ids.v, ids.n, fresh.v, fresh.n, epoch);
		fresh.v = NULL;
		fresh.n = 0;
		if (!*out)
			rc = -1;
		else
			(*out)->build_us = now_micros() - t0;
		if (*out && !ids.n)
			memo_carry(ix, *out); /* the epoch moved, no position changed */
	}
	drecs_drop(fresh.v, fresh.n);
	VEC_FREE(&ids);
	return rc;
}

/* cur moved onto base b (its positions the same records, by pointer):
 * the records of cur that b does not hold become its overlay, b's that
 * cur does not hold (any more) its mask.  NULL on no memory. */
static struct sindex *rebase(const struct sindex *cur, struct base *b)
{
	size_t words = (b->n + 63) / 64, nov = 0;
	uint64_t *mask = calloc(words ? words : 1, sizeof(*mask));
	struct drec **ov = malloc((cur->nov + 1) * sizeof(*ov));
	int any = 0;
	if (!mask || !ov) {
		free(mask);
		free(ov);
		return NULL;
	}
	for (size_t i = 0; i < b->n; i++)
		if (live_of(cur, b->d[i]->id) != b->d[i]) {
			mask[i / 64] |= 1ull << (i % 64);
			any = 1;
		}
	/* b was made from an older version of cur's base: what cur holds
	 * beyond it is in cur's overlay. */
	for (size_t i = 0; i < cur->nov; i++) {
		size_t at = rec_at(b->d, b->n, cur->ov[i]->id);
		if (at < b->n && b->d[at] == cur->ov[i])
			continue;
		atomic_fetch_add(&cur->ov[i]->refs, 1);
		ov[nov++] = cur->ov[i];
	}
	if (!any) {
		free(mask);
		mask = NULL;
	}
	atomic_fetch_add(&b->refs, 1);
	struct sindex *ix = version_new(b, mask, ov, nov, cur->epoch);
	if (ix)
		ix->build_us = cur->build_us;
	return ix;
}

/* A base of every position v holds (shared records, a new text index). */
static struct base *base_of(const struct sindex *v)
{
	struct drec **d = malloc((v->n ? v->n : 1) * sizeof(*d));
	if (!d)
		return NULL;
	size_t n = 0, i = 0, j = 0;
	const struct base *b = v->base;
	while (i < b->n || j < v->nov) {
		if (i < b->n && masked(v, i)) {
			i++;
			continue;
		}
		struct drec *r = j == v->nov || (i < b->n && b->d[i]->id < v->ov[j]->id)
		                     ? b->d[i++]
		                     : v->ov[j++];
		atomic_fetch_add(&r->refs, 1);
		d[n++] = r;
	}
	return base_new(d, n);
}

/* The fold, off to the side: a new base of the version it was given (its
 * text index built while searches go on), then the current version moved
 * onto it (rebase: an O(n) pass under update_lock). */
static void *fold_main(void *arg)
{
	struct sindex *v = arg;
	struct base *b = base_of(v);
	if (b) {
		pthread_mutex_lock(&update_lock);
		struct sindex *cur = grab();
		/* Not when rebuilt whole meanwhile (another base). */
		struct sindex *ix = cur && cur->base == v->base ? rebase(cur, b) : NULL;
		if (ix) {
			memo_carry(cur, ix);
			publish(ix);
			drop(ix);
		}
		drop(cur);
		pthread_mutex_unlock(&update_lock);
		base_drop(b);
	}
	drop(v);
	atomic_store(&fold_busy, 0);
	return NULL;
}

/* Starts a fold of ix when its overlay grew and none is in flight
 * (update_lock held).  Without a thread, ix stays as it is: the next
 * update tries again. */
static void fold_maybe(struct sindex *ix)
{
	if (ix->nov < FOLD_AT || atomic_load(&fold_busy))
		return;
	if (fold_started)
		pthread_join(fold_thread, NULL); /* done: fold_busy is 0 */
	fold_started = 0;
	atomic_fetch_add(&ix->refs, 1);
	atomic_store(&fold_busy, 1);
	if (pthread_create(&fold_thread, NULL, fold_main, ix)) {
		atomic_store(&fold_busy, 0);
		drop(ix);
		return;
	}
	fold_started = 1;
}

/* The index as of now (a reference: drop() it), brought up to date first
 * when the database changed since it was made; NULL on error. */
static struct sindex *acquire(struct store *db)
{
	int64_t epoch = 0;
	if (store_int64(db, &epoch, EPOCH_SQL, "") != STORE_ROW)
		return NULL;
	struct sindex *ix = grab();
	if (ix && ix->epoch >= epoch)
		return ix;
	drop(ix);
	pthread_mutex_lock(&update_lock);
	ix = grab(); /* brought up to date by another thread meanwhile? */
	if (!ix || ix->epoch < epoch) {
		struct sindex *nx = NULL;
		int rc = ix ? advance(db, ix, &nx) : 1;
		if (rc == 1)
			nx = build(db);
		drop(ix);
		ix = nx;
		if (ix) {
			publish(ix);
			fold_maybe(ix);
		}
	}
	pthread_mutex_unlock(&update_lock);
	return ix;
}

/* 1 when d passes q's filters (position_search.c's filter_build). */
static int passes(const struct drec *d, const struct position_query *q)
{
	if (q->city && (!d->city || strcmp(d->city, q->city)))
		return 0;
	if (q->kind && (!d->kind || strcmp(d->kind, q->kind)))
		return 0;
	if (q->salary_min && (!d->has_salary || d->salary < q->salary_min))
		return 0;
	if (q->industry && (!d->industry || (strcmp(d->industry, q->industry) &&
	                                     (!d->parent || strcmp(d->parent, q->industry)))))
		return 0;
	if (q->enterprise_id && d->enterprise != q->enterprise_id)
		return 0;
	if (q->in_zone && !d->in_zone)
		return 0;
	if (q->major && d->nmajor) {
		/* Open to the major: a code that is the major or above it, or
		 * (a class or category asked) one under it. */
		size_t n = strlen(q->major);
		for (size_t i = 0; i < d->nmajor; i++) {
			const char *code = d->majors[i];
			size_t m = strlen(code);
			if (!strncmp(q->major, code, m < n ? m : n))
				return 1;
		}
		return 0;
	}
	return 1;
}

/* 0 when q is one the index answers as SQL would (search_index.h). */
static int needs_sql(const struct position_query *q, const struct search_query *sq, int *letters)
{
	*letters = 0;
	if ((q->status && strcmp(q->status, "open")) || (q->major && !all_digits(q->major)))
		return 1;
	for (int t = 0; t < sq->nterm; t++)
		for (int a = 0; a < sq->term[t].nalt; a++) {
			const char *s = sq->term[t].alt[a];
			if (text_index_odd_case(s))
				return 1;
			for (; *s; s++)
				*letters |= (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z');
		}
	return 0;
}

/* The memo's key of q (every field the answer depends on; NULL and ""
 * differ) into key; 0, or -1 when it does not fit (no memo). */
static int memo_key(const struct position_query *q, int score, char *key, size_t size)
{
	const char *none = "\x01";
	int n =
	    snprintf(key, size, "%d|%s|%s|%s|%s|%s|%lld|%lld|%lld", score, q->q ? q->q : none,
	             q->major ? q->major : none, q->city ? q->city : none, q->kind ? q->kind : none,
	             q->industry ? q->industry : none, (long long)q->salary_min,
	             (long long)q->enterprise_id, (long long)q->in_zone);
	return n >= 0 && (size_t)n < size ? 0 : -1;
}

/* 1 and *out a copy of key's answer when remembered, 0 when not, -1 on
 * no memory. */
static int memo_get(struct sindex *ix, const char *key, search_found_vec *out)
{
	int rc = 0;
	pthread_mutex_lock(&ix->memo_lock);
	for (int i = 0; i < MEMO_SLOTS; i++) {
		struct memo *m = &ix->memo[i];
		if (!m->key || strcmp(m->key, key))
			continue;
		rc = VEC_RESERVE(out, m->n) ? -1 : 1;
		if (rc == 1) {
			memcpy(out->v, m->v, m->n * sizeof(*m->v));
			out->n = m->n;
		}
		break;
	}
	pthread_mutex_unlock(&ix->memo_lock);
	return rc;
}

/* Remembers a copy of found as key's answer (nothing when out of memory). */
static void memo_put(struct sindex *ix, const char *key, const search_found_vec *found)
{
	char *k = strdup(key);
	struct search_found *v = malloc(found->n * sizeof(*v));
	if (!k || !v) {
		free(k);
		free(v);
		return;
	}
	memcpy(v, found->v, found->n * sizeof(*v));
	pthread_mutex_lock(&ix->memo_lock);
	struct memo *m = &ix->memo[ix->memo_next];
	ix->memo_next = (ix->memo_next + 1) % MEMO_SLOTS;
	free(m->key);
	free(m->v);
	*m = (struct memo){k, v, found->n};
	pthread_mutex_unlock(&ix->memo_lock);
}

int search_index_find(struct store *db, const struct position_query *q,
                      const struct search_query *sq, int score, search_found_vec *out,
                      struct sindex **held)
{
	int letters;
	out->n = 0;
	if (held)
		*held = NULL;
	if (!use_memory || needs_sql(q, sq, &letters))
		return 0;
	struct sindex *ix = acquire(db);
	if (!ix)
		return -1;
	if ((q->major && ix->odd_major) || (letters && ix->odd_text)) {
		drop(ix);
		return 0;
	}
	char key[1024];
	int memo = !memo_key(q, score, key, sizeof(key));
	int got = memo ? memo_get(ix, key, out) : 0;
	if (got) {
		if (got == 1 && held)
			*held = ix;
		else
			drop(ix);
		return got;
	}
	/* Bits: the base's positions, then (from word wb) the overlay's. */
	const struct base *b = ix->base;
	size_t wb = (b->n + 63) / 64, words = wb + (ix->nov + 63) / 64;
	uint64_t *bits = calloc(words ? words : 1, sizeof(*bits));
	uint64_t *term = calloc(words ? words : 1, sizeof(*term));
	int rc = bits && term ? 1 : -1;
	if (rc == 1 && !sq->nterm) {
		for (size_t d = 0; d < b->n; d++)
			bits[d / 64] |= 1ull << (d % 64);
		for (size_t d = 0; d < ix->nov; d++)
			bits[wb + d / 64] |= 1ull << (d % 64);
	}
	for (int t = 0; rc == 1 && t < sq->nterm; t++) {
		memset(term, 0, words * sizeof(*term));
		for (int a = 0; rc == 1 && a < sq->term[t].nalt; a++)
			if (text_index_find(b->tx, sq->term[t].alt[a], term) ||
			    text_index_scan(ix->ovlow, ix->nov, sq->term[t].alt[a], term + wb))
				rc = 0; /* not UTF-8, or too long: SQL's */
		for (size_t w = 0; w < words; w++)
			bits[w] = t ? bits[w] & term[w] : term[w];
	}
	for (size_t w = 0; rc == 1 && w < words; w++)
		for (uint64_t m = bits[w] & (w < wb && ix->mask ? ~ix->mask[w] : ~0ull); m;
		     m &= m - 1) {
			size_t i = (w < wb ? w : w - wb) * 64 + (size_t)__builtin_ctzll(m);
			const struct drec *d = w < wb ? b->d[i] : ix->ov[i];
			if (!passes(d, q))
				continue;
			struct search_found f = {d->id, d->has_salary ? d->salary : 0, 0};
			struct search_hit hit;
			if (score && sq->nterm && search_rank_n(d->text, d->textlen, sq, &hit))
				f.score = hit.score;
			if (VEC_PUSH(out, f)) {
				rc = -1;
				break;
			}
		}
	free(bits);
	free(term);
	if (rc == 1 && memo && out->n >= MEMO_MIN)
		memo_put(ix, key, out);
	if (rc == 1 && held)
		*held = ix;
	else
		drop(ix);
	return rc;
}

int search_index_item(const struct sindex *ix, int64_t id, struct search_item *it)
{
	const struct drec *d = live_of(ix, id);
	if (!d || !d->head || !d->tail)
		return 0;
	*it = (struct search_item){d->head, d->head_len, d->tail, d->tail_len, d->text, d->textlen};
	return 1;
}

void search_index_drop(struct sindex *ix)
{
	drop(ix);
}

int search_index_warm(struct store *db)
{
	if (!use_memory)
		return 0;
	struct sindex *ix = acquire(db);
	drop(ix);
	return ix ? 0 : -1;
}

void search_index_release(void)
{
	pthread_mutex_lock(&update_lock);
	int fold = fold_started;
	fold_started = 0;
	pthread_mutex_unlock(&update_lock);
	if (fold)
		pthread_join(fold_thread, NULL);
	pthread_mutex_lock(&current_lock);
	struct sindex *old = current;
	current = NULL;
	pthread_mutex_unlock(&current_lock);
	drop(old);
}

void search_index_stats(size_t *positions, size_t *bytes, int64_t *build_us)
{
	struct sindex *ix = grab();
	*positions = ix ? ix->n : 0;
	*bytes = ix ? ix->bytes : 0;
	*build_us = ix ? ix->build_us : 0;
	drop(ix);
}
