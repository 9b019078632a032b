/*
 * The position search's in-memory index (search_index.h): built from the
 * open positions in two queries (rows, then majors), swapped in whole when
 * the database's search_epoch moved.  Everything but the text index
 * (src/match/text_index.c) is here: the filters and the fallbacks.
 */
#include "domain/search_index.h"

#include <pthread.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "domain/position_internal.h"
#include "text_index.h"

#define EPOCH_SQL  "SELECT n FROM search_epoch WHERE id = 1"
#define MEMO_SLOTS 32 /* recent answers kept per index */
#define MEMO_MIN   64 /* smaller answers cost less than a copy */

struct doc {
	int64_t id, enterprise, salary; /* salary: salary_max */
	int has_salary, in_zone;
	const char *kind, *city, *industry, *parent; /* NULL: none */
	size_t major0, nmajor;                       /* in sindex.majors */
	/* The page item as position_search shows it to anyone (rendered by
	 * jansson at build): head is its columns without the closing brace,
	 * tail its majors and skills without the opening one; NULL: none. */
	const char *head, *tail;
	size_t head_len, tail_len;
};

struct sindex {
	atomic_int refs; /* the global pointer holds one */
	int64_t epoch;   /* search_epoch.n read before the rows */
	struct text_index *tx;
	struct doc *docs;
	char **text;     /* the texts as stored, for search_rank */
	size_t *textlen; /* their lengths */
	size_t n;
	VEC(const char *) majors;
	VEC(char *) owned;
	int odd_text;  /* a text holds a character folding into ASCII */
	int odd_major; /* a stored major code is not all digits */
	size_t bytes;
	int64_t build_us; /* how long building it took */
	/* The last answers of MEMO_MIN positions or more (scored or not), by
	 * query: a next page, or the same popular query, costs a copy.  The
	 * index is immutable, so an answer stays right while it lives. */
	pthread_mutex_t memo_lock;
	struct memo {
		char *key;
		struct search_found *v;
		size_t n;
	} memo[MEMO_SLOTS];
	int memo_next;
};

static int use_memory = 1;
static struct sindex *current;
static pthread_mutex_t current_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t build_lock = PTHREAD_MUTEX_INITIALIZER;

void search_index_use(int memory)
{
	use_memory = memory;
}

int search_index_used(void)
{
	return use_memory;
}

static void sindex_free(struct sindex *ix)
{
	if (!ix)
		return;
	text_index_free(ix->tx);
	for (int i = 0; i < MEMO_SLOTS; i++) {
		free(ix->memo[i].key);
		free(ix->memo[i].v);
	}
	pthread_mutex_destroy(&ix->memo_lock);
	for (size_t i = 0; i < ix->owned.n; i++)
		free(ix->owned.v[i]);
	VEC_FREE(&ix->owned);
	VEC_FREE(&ix->majors);
	free(ix->docs);
	free(ix->text);
	free(ix->textlen);
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

/* A copy of column col owned by ix (NULL for NULL); *fail on no memory. */
static const char *keep(struct sindex *ix, struct store_stmt *st, int col, int *fail)
{
	if (store_column_type(st, col) == STORE_T_NULL)
		return NULL;
	char *s = strdup(store_column_text(st, col));
	if (!s || VEC_PUSH(&ix->owned, s)) {
		free(s);
		*fail = 1;
		return NULL;
	}
	ix->bytes += strlen(s) + 1;
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

static struct doc *doc_of(struct sindex *ix, int64_t id)
{
	size_t lo = 0, hi = ix->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (ix->docs[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ix->n && ix->docs[lo].id == id ? &ix->docs[lo] : NULL;
}

static int render(struct sindex *ix, struct store *db);

/* Reads every open position; NULL on a store error or no memory. */
static struct sindex *build(struct store *db)
{
	int64_t t0 = now_micros();
	struct sindex *ix = calloc(1, sizeof(*ix));
	if (!ix)
		return NULL;
	pthread_mutex_init(&ix->memo_lock, NULL);
	VEC(struct doc) docs = VEC_INIT;
	VEC(char *) texts = VEC_INIT;
	int fail = store_int64(db, &ix->epoch, EPOCH_SQL, "") != STORE_ROW;
	struct store_stmt *st =
	    fail ? NULL
	         : store_query(db,
	                       "SELECT p.id, p.search_text, p.kind, p.city_code, p.salary_max,"
	                       " p.enterprise_id, o.industry_code, o.in_zone, (SELECT d.parent FROM"
	                       " dict_industries d WHERE d.code = o.industry_code) FROM positions p"
	                       " JOIN organizations o ON o.id = p.enterprise_id"
	                       " WHERE p.status = 'open' ORDER BY p.id",
	                       "");
	int rc = st ? STORE_ROW : STORE_ERROR;
	while (st && !fail && (rc = store_step(st)) == STORE_ROW) {
		struct doc d = {.id = store_column_int64(st, 0),
		                .salary = store_column_int64(st, 4),
		                .has_salary = store_column_type(st, 4) != STORE_T_NULL,
		                .enterprise = store_column_int64(st, 5),
		                .in_zone = store_column_int64(st, 7) == 1};
		char *text = strdup(store_column_text(st, 1));
		d.kind = keep(ix, st, 2, &fail);
		d.city = keep(ix, st, 3, &fail);
		d.industry = keep(ix, st, 6, &fail);
		d.parent = keep(ix, st, 8, &fail);
		if (!text || VEC_PUSH(&texts, text)) {
			free(text);
			fail = 1;
		} else {
			ix->odd_text |= folds_into_ascii(text);
			ix->bytes += strlen(text) + 1;
		}
		fail |= VEC_PUSH(&docs, d);
	}
	store_finalize(st);
	fail |= rc != STORE_DONE;
	ix->docs = docs.v;
	ix->n = docs.n;
	ix->text = texts.v;
	/* The majors, by position in id order (the docs' order). */
	st = fail ? NULL
	          : store_query(db,
	                        "SELECT pm.position_id, pm.major_code FROM position_majors pm"
	                        " JOIN positions p ON p.id = pm.position_id WHERE p.status = 'open'"
	                        " ORDER BY pm.position_id, pm.major_code",
	                        "");
	rc = st ? STORE_ROW : STORE_ERROR;
	while (st && !fail && (rc = store_step(st)) == STORE_ROW) {
		struct doc *d = doc_of(ix, store_column_int64(st, 0));
		const char *code = keep(ix, st, 1, &fail);
		if (!d || !code)
			continue; /* opened since the first query: the epoch moved too */
		if (!d->nmajor)
			d->major0 = ix->majors.n;
		if (d->major0 + d->nmajor != ix->majors.n || VEC_PUSH(&ix->majors, code))
			fail = 1; /* not grouped: cannot happen with ORDER BY */
		else
			d->nmajor++;
		ix->odd_major |= !all_digits(code);
	}
	store_finalize(st);
	fail |= rc != STORE_DONE;
	if (!fail && !(ix->textlen = calloc(ix->n ? ix->n : 1, sizeof(size_t))))
		fail = 1;
	for (size_t i = 0; !fail && i < ix->n; i++)
		ix->textlen[i] = strlen(ix->text[i]);
	if (!fail && !(ix->tx = text_index_build((const char *const *)ix->text, ix->n)))
		fail = 1;
	if (!fail && render(ix, db))
		fail = 1;
	if (fail) {
		for (size_t i = 0; i < texts.n; i++)
			free(texts.v[i]);
		sindex_free(ix);
		return NULL;
	}
	/* The texts as stored were copied into owned by none: free them with
	 * the index (owned holds them from here). */
	for (size_t i = 0; i < texts.n; i++)
		if (VEC_PUSH(&ix->owned, texts.v[i])) {
			for (size_t j = i; j < texts.n; j++)
				free(texts.v[j]);
			sindex_free(ix);
			return NULL;
		}
	ix->bytes +=
	    text_index_bytes(ix->tx) + ix->n * sizeof(struct doc) + ix->majors.n * sizeof(char *);
	atomic_init(&ix->refs, 1);
	ix->build_us = now_micros() - t0;
	return ix;
}

/* A jansson dump of o (taken) owned by ix, with its first (skip_first)
 * or last character cut; NULL on no memory. */
static const char *keep_dump(struct sindex *ix, json_t *o, int skip_first, size_t *len)
{
	char *text = o ? json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(12)) : NULL;
	json_decref(o);
	if (!text || VEC_PUSH(&ix->owned, text)) {
		free(text);
		return NULL;
	}
	*len = strlen(text) - 1;
	ix->bytes += *len + 2;
	if (skip_first)
		return text + 1;
	text[*len] = '\0';
	return text;
}

/* Adds rows of sql (position_id first, ordered by it) to the array key
 * of their doc's tail (tl: one object per doc), under "required_skills"
 * or "preferred_skills" by their "required" when key is NULL; the rows
 * as position_add_details_page shapes them.  0, or -1. */
static int gather(struct sindex *ix, struct store *db, json_t **tl, const char *sql,
                  const char *key)
{
	struct store_stmt *st = store_query(db, sql, "");
	int rc = st ? STORE_ROW : STORE_ERROR;
	while (st && (rc = store_step(st)) == STORE_ROW) {
		struct doc *d = doc_of(ix, store_column_int64(st, 0));
		json_t *row = d ? store_row_object(st) : NULL;
		if (!row)
			continue; /* opened since the first query: the epoch moved too */
		json_object_del(row, "position_id");
		const char *to = key;
		if (!key) {
			to = json_integer_value(json_object_get(row, "required"))
			         ? "required_skills"
			         : "preferred_skills";
			json_object_del(row, "required");
		}
		if (json_array_append_new(json_object_get(tl[d - ix->docs], to), row)) {
			rc = STORE_ERROR;
			break;
		}
	}
	store_finalize(st);
	return rc == STORE_DONE ? 0 : -1;
}

/* Renders every doc's page item (struct doc's head and tail) from the
 * same queries and jansson calls as a page read by SQL: its columns,
 * then majors, required and preferred skills.  0, or -1. */
static int render(struct sindex *ix, struct store *db)
{
	json_t **tl = calloc(ix->n ? ix->n : 1, sizeof(*tl));
	int fail = !tl;
	for (size_t i = 0; !fail && i < ix->n; i++)
		fail = !(tl[i] = json_pack("{s:[], s:[], s:[]}", "majors", "required_skills",
		                           "preferred_skills"));
	fail = fail ||
	       gather(ix, db, tl,
	              "SELECT pm.position_id, pm.major_code AS code, m.name, m.level FROM"
	              " position_majors pm JOIN positions p ON p.id = pm.position_id"
	              " LEFT JOIN dict_majors m ON m.code = pm.major_code WHERE p.status = 'open'"
	              " ORDER BY pm.position_id, pm.major_code",
	              "majors") ||
	       gather(ix, db, tl,
	              "SELECT ps.position_id, ps.skill_id AS id, s.name, ps.required FROM"
	              " position_skills ps JOIN positions p ON p.id = ps.position_id"
	              " LEFT JOIN dict_skills s ON s.id = ps.skill_id WHERE p.status = 'open'"
	              " ORDER BY ps.position_id, ps.required DESC, ps.skill_id",
	              NULL);
	struct store_stmt *st = fail ? NULL
	                             : store_query(db,
	                                           POSITION_COLUMNS POSITION_FROM
	                                           " WHERE p.status = 'open' ORDER BY p.id",
	                                           "");
	int rc = st ? STORE_ROW : STORE_ERROR;
	while (st && !fail && (rc = store_step(st)) == STORE_ROW) {
		struct doc *d = doc_of(ix, store_column_int64(st, 0));
		if (!d)
			continue;
		size_t i = (size_t)(d - ix->docs);
		d->head = keep_dump(ix, store_row_object(st), 0, &d->head_len);
		d->tail = keep_dump(ix, tl[i], 1, &d->tail_len);
		tl[i] = NULL;
		fail = !d->head || !d->tail;
	}
	store_finalize(st);
	for (size_t i = 0; tl && i < ix->n; i++)
		json_decref(tl[i]);
	free(tl);
	return fail || rc != STORE_DONE ? -1 : 0;
}

/* The index as of now (a reference: drop() it), rebuilt first when the
 * database changed since it was built; NULL on error. */
static struct sindex *acquire(struct store *db)
{
	int64_t epoch = 0;
	if (store_int64(db, &epoch, EPOCH_SQL, "") != STORE_ROW)
		return NULL;
	struct sindex *ix = grab();
	if (ix && ix->epoch >= epoch)
		return ix;
	drop(ix);
	pthread_mutex_lock(&build_lock);
	ix = grab(); /* built by another thread meanwhile? */
	if (!ix || ix->epoch < epoch) {
		drop(ix);
		ix = build(db);
		if (ix) {
			atomic_fetch_add(&ix->refs, 1); /* the caller's */
			pthread_mutex_lock(&current_lock);
			struct sindex *old = current;
			current = ix;
			pthread_mutex_unlock(&current_lock);
			drop(old);
		}
	}
	pthread_mutex_unlock(&build_lock);
	return ix;
}

/* 1 when d passes q's filters (position_search.c's filter_build). */
static int passes(const struct sindex *ix, const struct doc *d, const struct position_query *q)
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
		for (size_t i = d->major0; i < d->major0 + d->nmajor; i++) {
			const char *code = ix->majors.v[i];
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
	size_t words = (ix->n + 63) / 64;
	uint64_t *bits = calloc(words ? words : 1, sizeof(*bits));
	uint64_t *term = calloc(words ? words : 1, sizeof(*term));
	int rc = bits && term ? 1 : -1;
	if (rc == 1 && !sq->nterm)
		for (size_t d = 0; d < ix->n; d++)
			bits[d / 64] |= 1ull << (d % 64);
	for (int t = 0; rc == 1 && t < sq->nterm; t++) {
		memset(term, 0, words * sizeof(*term));
		for (int a = 0; rc == 1 && a < sq->term[t].nalt; a++)
			if (text_index_find(ix->tx, sq->term[t].alt[a], term))
				rc = 0; /* not UTF-8, or too long: SQL's */
		for (size_t w = 0; w < words; w++)
			bits[w] = t ? bits[w] & term[w] : term[w];
	}
	for (size_t w = 0; rc == 1 && w < words; w++)
		for (uint64_t b = bits[w]; b; b &= b - 1) {
			size_t i = w * 64 + (size_t)__builtin_ctzll(b);
			const struct doc *d = &ix->docs[i];
			if (!passes(ix, d, q))
				continue;
			struct search_found f = {d->id, d->has_salary ? d->salary : 0, 0};
			struct search_hit hit;
			if (score && sq->nterm &&
			    search_rank_n(ix->text[i], ix->textlen[i], sq, &hit))
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
	const struct doc *d = doc_of((struct sindex *)ix, id);
	if (!d || !d->head || !d->tail)
		return 0;
	*it = (struct search_item){d->head,
	                           d->head_len,
	                           d->tail,
	                           d->tail_len,
	                           ix->text[d - ix->docs],
	                           ix->textlen[d - ix->docs]};
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
