#include "domain/match_round.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "domain/recommend.h"
#include "match/match.h"

struct idx {
	int64_t *ids; /* sorted */
	size_t n, cap;
};

static int idx_push(struct idx *x, int64_t id)
{
	if (x->n == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 256;
		int64_t *p = realloc(x->ids, cap * sizeof(int64_t));
		if (!p)
			return -1;
		x->ids = p;
		x->cap = cap;
	}
	x->ids[x->n++] = id;
	return 0;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static long idx_find(const struct idx *x, int64_t id)
{
	int64_t *hit = bsearch(&id, x->ids, x->n, sizeof(int64_t), cmp_i64);
	return hit ? (long)(hit - x->ids) : -1;
}

struct round {
	struct store *db;
	int64_t id;
	struct idx positions, students;
	uint32_t *capacity;
	/* student s ranks slist[soff[s] .. soff[s+1]) */
	uint32_t *soff, *slist;
	size_t nchoices;
	/* position p ranks plist[poff[p] .. poff[p+1]) */
	uint32_t *poff, *plist;
	int32_t *match;
	struct match_da_stats da;
	struct match_check_result check;
	int check_rc;
};

static void round_free(struct round *r)
{
	free(r->positions.ids);
	free(r->students.ids);
	free(r->capacity);
	free(r->soff);
	free(r->slist);
	free(r->poff);
	free(r->plist);
	free(r->match);
}

/* Positions and their seats; students and their choices (by index). */
static int load(struct round *r)
{
	struct store_stmt *q = store_query(
	    r->db,
	    "SELECT rp.position_id, rp.capacity - (SELECT COUNT(*) FROM applications a WHERE"
	    " a.position_id = rp.position_id AND a.status = 'accepted') FROM match_round_positions rp"
	    " WHERE rp.round_id = ? ORDER BY rp.position_id",
	    "i", r->id);
	size_t cap = 0;
	while (q && store_step(q) == STORE_ROW) {
		if (idx_push(&r->positions, store_column_int64(q, 0)))
			break;
		if (r->positions.n > cap) {
			cap = r->positions.cap;
			r->capacity = realloc(r->capacity, cap * sizeof(uint32_t));
		}
		int64_t seats = store_column_int64(q, 1);
		r->capacity[r->positions.n - 1] = seats > 0 ? (uint32_t)seats : 0;
	}
	store_finalize(q);
	if (!r->positions.n)
		return -1;
	/* Choices, by student then rank: students come out sorted. */
	q = store_query(r->db,
			"SELECT student_id, position_id FROM match_choices WHERE round_id = ?"
			" ORDER BY student_id, rank",
			"i", r->id);
	size_t scap = 0, lcap = 0;
	int64_t last = -1;
	while (q && store_step(q) == STORE_ROW) {
		int64_t s = store_column_int64(q, 0);
		long p = idx_find(&r->positions, store_column_int64(q, 1));
		if (s != last) {
			idx_push(&r->students, s);
			if (r->students.n + 1 > scap) {
				scap = r->students.cap + 1;
				r->soff = realloc(r->soff, scap * sizeof(uint32_t));
			}
			r->soff[r->students.n - 1] = (uint32_t)r->nchoices;
			last = s;
		}
		if (p < 0)
			continue; /* a position removed from the round since */
		if (r->nchoices == lcap) {
			lcap = lcap ? lcap * 2 : 4096;
			r->slist = realloc(r->slist, lcap * sizeof(uint32_t));
		}
		r->slist[r->nchoices++] = (uint32_t)p;
	}
	store_finalize(q);
	if (!r->soff)
		r->soff = malloc(sizeof(uint32_t));
	r->soff[r->students.n] = (uint32_t)r->nchoices;
	return 0;
}

/* Each position's ranking: HR's order first when HR gave one, then every
 * other student who chose it (left out by HR, or choosing after HR saved)
 * by score; students a hard filter rules out are never ranked. */
static int rank_positions(void *arg, const struct match_snapshot *snap)
{
	struct round *r = arg;
	size_t np = r->positions.n, ns = r->students.n;
	/* who chose each position */
	uint32_t *count = calloc(np + 1, sizeof(uint32_t));
	uint32_t *off = calloc(np + 1, sizeof(uint32_t));
	uint32_t *who = malloc((r->nchoices + 1) * sizeof(uint32_t));
	match_id *ids = malloc((r->nchoices + 1) * sizeof(match_id));
	match_id *ranked = malloc((r->nchoices + 1) * sizeof(match_id));
	r->poff = calloc(np + 1, sizeof(uint32_t));
	r->plist = malloc((r->nchoices + 1) * sizeof(uint32_t));
	int rc = 0;
	if (!count || !off || !who || !ids || !ranked || !r->poff || !r->plist) {
		rc = -1;
		goto out;
	}
	for (size_t i = 0; i < r->nchoices; i++)
		count[r->slist[i]]++;
	for (size_t p = 0; p < np; p++)
		off[p + 1] = off[p] + count[p];
	memset(count, 0, np * sizeof(uint32_t));
	for (size_t s = 0; s < ns; s++)
		for (uint32_t k = r->soff[s]; k < r->soff[s + 1]; k++) {
			uint32_t p = r->slist[k];
			who[off[p] + count[p]++] = (uint32_t)s;
		}
	size_t out_n = 0;
	unsigned char *listed = calloc(ns + 1, 1);
	if (!listed) {
		rc = -1;
		goto out;
	}
	for (size_t p = 0; p < np; p++) {
		r->poff[p] = (uint32_t)out_n;
		/* HR's ranking, if any */
		struct store_stmt *q = store_query(r->db,
						   "SELECT student_id FROM match_hr_rankings WHERE"
						   " round_id = ? AND position_id = ? ORDER BY rank",
						   "ii", r->id, r->positions.ids[p]);
		size_t first = out_n;
		while (q && store_step(q) == STORE_ROW) {
			long s = idx_find(&r->students, store_column_int64(q, 0));
			if (s >= 0 && !listed[s] && out_n < r->nchoices) {
				r->plist[out_n++] = (uint32_t)s;
				listed[s] = 1;
			}
		}
		store_finalize(q);
		size_t n = off[p + 1] - off[p], kept = 0;
		for (size_t i = 0; i < n; i++)
			ids[i] = (match_id)r->students.ids[who[off[p] + i]];
		if (n && match_rank_by_score(snap, (match_id)r->positions.ids[p], ids, n, ranked,
					     &kept) == 0)
			for (size_t i = 0; i < kept; i++) {
				long s = idx_find(&r->students, ranked[i]);
				if (s >= 0 && !listed[s] && out_n < r->nchoices)
					r->plist[out_n++] = (uint32_t)s;
			}
		for (size_t i = first; i < out_n; i++)
			listed[r->plist[i]] = 0;
	}
	r->poff[np] = (uint32_t)out_n;
	free(listed);
out:
	free(count);
	free(off);
	free(who);
	free(ids);
	free(ranked);
	return rc;
}

static int store_results(struct round *r)
{
	if (store_run(r->db, "DELETE FROM match_results WHERE round_id = ?", "i", r->id))
		return -1;
	struct store_bulk *b = store_bulk_new(
	    r->db, "INSERT INTO match_results (round_id, student_id, position_id, choice_rank)", 4);
	char rid[24], sid[24], pid[24], rank[12];
	snprintf(rid, sizeof(rid), "%lld", (long long)r->id);
	for (size_t s = 0; s < r->students.n; s++) {
		const char *row[4] = {rid, sid, NULL, NULL};
		snprintf(sid, sizeof(sid), "%lld", (long long)r->students.ids[s]);
		if (r->match[s] >= 0) {
			snprintf(pid, sizeof(pid), "%lld", (long long)r->positions.ids[r->match[s]]);
			for (uint32_t k = r->soff[s]; k < r->soff[s + 1]; k++)
				if ((int32_t)r->slist[k] == r->match[s]) {
					snprintf(rank, sizeof(rank), "%u", k - r->soff[s] + 1);
					break;
				}
			row[2] = pid;
			row[3] = rank;
		}
		store_bulk_add(b, row);
	}
	return store_bulk_finish(b);
}

static json_t *figures(struct round *r, int64_t micros)
{
	size_t matched = 0, first = 0, seats = 0, filled = 0;
	for (size_t s = 0; s < r->students.n; s++)
		if (r->match[s] >= 0) {
			matched++;
			first += r->slist[r->soff[s]] == (uint32_t)r->match[s];
		}
	for (size_t p = 0; p < r->positions.n; p++)
		seats += r->capacity[p];
	filled = matched;
	static const char *const kinds[] = {"ok", "bad_index", "unacceptable", "over_capacity",
					    "blocking_pair"};
	json_t *stable = json_pack("{s:b, s:s}", "ok", r->check_rc == MATCH_CHECK_OK, "check",
				   r->check_rc >= 0 && r->check_rc <= 4 ? kinds[r->check_rc] : "error");
	if (r->check_rc > 0 && r->check.student >= 0)
		json_object_set_new(stable, "student_id",
				    json_integer(r->students.ids[r->check.student]));
	if (r->check_rc > 0 && r->check.position >= 0)
		json_object_set_new(stable, "position_id",
				    json_integer(r->positions.ids[r->check.position]));
	json_t *by_college = store_rows(
	    r->db,
	    "SELECT s.college_id, o.name, COUNT(*) AS students, SUM(CASE WHEN mr.position_id IS NULL"
	    " THEN 0 ELSE 1 END) AS matched FROM match_results mr JOIN students s ON"
	    " s.id = mr.student_id JOIN organizations o ON o.id = s.college_id WHERE mr.round_id = ?"
	    " GROUP BY s.college_id, o.name ORDER BY students DESC",
	    "i", r->id);
	json_t *by_enterprise = store_rows(
	    r->db,
	    "SELECT p.enterprise_id, o.name, COUNT(*) AS positions, SUM(rp.capacity) AS seats,"
	    " SUM((SELECT COUNT(*) FROM match_results mr WHERE mr.round_id = rp.round_id AND"
	    " mr.position_id = rp.position_id)) AS filled FROM match_round_positions rp JOIN"
	    " positions p ON p.id = rp.position_id JOIN organizations o ON o.id = p.enterprise_id"
	    " WHERE rp.round_id = ? GROUP BY p.enterprise_id, o.name ORDER BY seats DESC LIMIT 50",
	    "i", r->id);
	json_t *unfilled = store_rows(
	    r->db,
	    "SELECT rp.position_id, p.title, o.name AS enterprise_name, rp.capacity, (SELECT COUNT(*)"
	    " FROM match_results mr WHERE mr.round_id = rp.round_id AND mr.position_id ="
	    " rp.position_id) AS filled FROM match_round_positions rp JOIN positions p ON"
	    " p.id = rp.position_id JOIN organizations o ON o.id = p.enterprise_id WHERE"
	    " rp.round_id = ? AND rp.capacity > (SELECT COUNT(*) FROM match_results mr WHERE"
	    " mr.round_id = rp.round_id AND mr.position_id = rp.position_id) ORDER BY rp.capacity"
	    " DESC, rp.position_id LIMIT 50",
	    "i", r->id);
	return json_pack("{s:I, s:I, s:I, s:f, s:f, s:I, s:I, s:I, s:I, s:o, s:o*, s:o*, s:o*, s:f}",
			 "students", (json_int_t)r->students.n, "matched", (json_int_t)matched,
			 "first_choice", (json_int_t)first, "matched_share",
			 r->students.n ? (double)matched / (double)r->students.n : 0.0,
			 "first_choice_share",
			 r->students.n ? (double)first / (double)r->students.n : 0.0, "positions",
			 (json_int_t)r->positions.n, "seats", (json_int_t)seats, "seats_filled",
			 (json_int_t)filled, "proposals", (json_int_t)r->da.proposals, "stable",
			 stable, "by_college", by_college, "by_enterprise", by_enterprise,
			 "unfilled_positions", unfilled, "seconds", (double)micros / 1e6);
}

json_t *match_round_preview(struct store *db, int64_t round_id, char *err, size_t errlen)
{
	struct round r = {.db = db, .id = round_id};
	json_t *stats = NULL;
	int64_t t0 = now_micros();
	if (load(&r)) {
		snprintf(err, errlen, "本轮没有岗位");
		goto out;
	}
	if (recommend_with_snapshot(db, rank_positions, &r)) {
		snprintf(err, errlen, "匹配引擎暂不可用");
		goto out;
	}
	struct match_prefs prefs = {r.students.n, r.positions.n, r.soff, r.slist,
				    r.poff,       r.plist,       r.capacity};
	r.match = malloc((r.students.n + 1) * sizeof(int32_t));
	if (!r.match || match_deferred_acceptance(&prefs, r.match, &r.da)) {
		snprintf(err, errlen, "匹配计算失败");
		goto out;
	}
	r.check_rc = match_check_stable(&prefs, r.match, &r.check);
	if (store_begin(db) != STORE_OK || store_results(&r)) {
		store_rollback(db);
		snprintf(err, errlen, "写入匹配结果失败：%s", store_errmsg(db));
		goto out;
	}
	stats = figures(&r, now_micros() - t0);
	char *text = json_dumps(stats, JSON_COMPACT | JSON_REAL_PRECISION(6));
	int rc = store_run(db,
			   "UPDATE match_rounds SET status = 'previewed', stats = ?, previewed_at = ?"
			   " WHERE id = ?",
			   "tii", text, now_seconds(), round_id);
	free(text);
	if (rc || store_commit(db) != STORE_OK) {
		store_rollback(db);
		json_decref(stats);
		stats = NULL;
		snprintf(err, errlen, "写入匹配结果失败：%s", store_errmsg(db));
	}
out:
	round_free(&r);
	return stats;
}
