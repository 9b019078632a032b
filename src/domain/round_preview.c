/*
 * Running a round's match (round.h): positions with the seats they have
 * left and the students' 志愿 are read into arrays by index, each position
 * ranks who chose it (HR's order, then the engine's score), src/match runs
 * student-proposing deferred acceptance and checks the result is stable,
 * and the results and their figures are stored with the round previewed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "base/vec.h"
#include "domain/audit.h"
#include "domain/recommend.h"
#include "domain/round.h"
#include "match/match.h"

typedef VEC(int64_t) id_vec; /* sorted: indexes are found by bsearch */
typedef VEC(uint32_t) u32_vec;

struct run {
	struct store *db;
	int64_t id;
	id_vec positions, students;
	u32_vec capacity;
	/* student s ranks slist[soff[s] .. soff[s+1]) */
	u32_vec soff, slist;
	/* position p ranks plist[poff[p] .. poff[p+1]) */
	uint32_t *poff, *plist;
	int32_t *match;
	struct match_da_stats da;
	struct match_check_result check;
	int check_rc;
	int store_failed; /* a read of the ranking step failed (not memory) */
};

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static long idx_find(const id_vec *x, int64_t id)
{
	int64_t *hit = x->n ? bsearch(&id, x->v, x->n, sizeof(int64_t), cmp_i64) : NULL;
	return hit ? (long)(hit - x->v) : -1;
}

static void run_release(struct run *r)
{
	VEC_FREE(&r->positions);
	VEC_FREE(&r->students);
	VEC_FREE(&r->capacity);
	VEC_FREE(&r->soff);
	VEC_FREE(&r->slist);
	free(r->poff);
	free(r->plist);
	free(r->match);
}

/* Positions and their seats; students and their choices (by index).
 * 0, or -1 with e. */
static int load(struct run *r, struct derr *e)
{
	int rc = STORE_ERROR;
	struct store_stmt *q = store_query(
	    r->db,
	    "SELECT rp.position_id, rp.capacity - (SELECT COUNT(*) FROM applications a WHERE"
	    " a.position_id = rp.position_id AND a.status = 'accepted') FROM match_round_positions "
	    "rp"
	    " WHERE rp.round_id = ? ORDER BY rp.position_id",
	    "i", r->id);
	while (q && (rc = store_step(q)) == STORE_ROW) {
		int64_t seats = store_column_int64(q, 1);
		if (VEC_PUSH(&r->positions, store_column_int64(q, 0)) ||
		    VEC_PUSH(&r->capacity, seats > 0 ? (uint32_t)seats : 0)) {
			store_finalize(q);
			return derr_internal(e, "round preview: out of memory");
		}
	}
	store_finalize(q);
	if (rc != STORE_DONE)
		return derr_store(e, r->db, "round preview: positions");
	if (!r->positions.n)
		return derr_set(e, DERR_RULE, NULL, "本轮没有岗位");
	/* Choices, by student then rank: students come out sorted. */
	rc = STORE_ERROR;
	q = store_query(r->db,
	                "SELECT student_id, position_id FROM match_choices WHERE round_id = ?"
	                " ORDER BY student_id, rank",
	                "i", r->id);
	int64_t last = -1;
	int oom = 0;
	while (q && !oom && (rc = store_step(q)) == STORE_ROW) {
		int64_t s = store_column_int64(q, 0);
		long p = idx_find(&r->positions, store_column_int64(q, 1));
		if (s != last) {
			oom |=
			    VEC_PUSH(&r->students, s) || VEC_PUSH(&r->soff, (uint32_t)r->slist.n);
			last = s;
		}
		if (p >= 0) /* else a position removed from the round since */
			oom |= VEC_PUSH(&r->slist, (uint32_t)p);
	}
	store_finalize(q);
	if (!oom && rc == STORE_DONE)
		oom = VEC_PUSH(&r->soff, (uint32_t)r->slist.n);
	if (oom)
		return derr_internal(e, "round preview: out of memory");
	return rc == STORE_DONE ? 0 : derr_store(e, r->db, "round preview: choices");
}

/* Appends position p's HR ranking to plist (students listed once). */
static int hr_ranking(struct run *r, size_t p, unsigned char *listed, size_t *out_n)
{
	int rc = STORE_ERROR;
	struct store_stmt *q = store_query(r->db,
	                                   "SELECT student_id FROM match_hr_rankings WHERE"
	                                   " round_id = ? AND position_id = ? ORDER BY rank",
	                                   "ii", r->id, r->positions.v[p]);
	while (q && (rc = store_step(q)) == STORE_ROW) {
		long s = idx_find(&r->students, store_column_int64(q, 0));
		if (s >= 0 && !listed[s] && *out_n < r->slist.n) {
			r->plist[(*out_n)++] = (uint32_t)s;
			listed[s] = 1;
		}
	}
	store_finalize(q);
	if (rc == STORE_DONE)
		return 0;
	r->store_failed = 1;
	return -1;
}

/* Each position's ranking: HR's order first when HR gave one, then every
 * other student who chose it (left out by HR, or choosing after HR saved)
 * by score; students a hard filter rules out are never ranked.  Runs
 * under the snapshot's read lock (recommend_with_snapshot). */
static int rank_positions(void *arg, const struct match_snapshot *snap)
{
	struct run *r = arg;
	size_t np = r->positions.n, ns = r->students.n, nc = r->slist.n;
	/* who chose each position */
	uint32_t *count = calloc(np + 1, sizeof(uint32_t));
	uint32_t *off = calloc(np + 1, sizeof(uint32_t));
	uint32_t *who = malloc((nc + 1) * sizeof(uint32_t));
	match_id *ids = malloc((nc + 1) * sizeof(match_id));
	match_id *ranked = malloc((nc + 1) * sizeof(match_id));
	unsigned char *listed = calloc(ns + 1, 1);
	r->poff = calloc(np + 1, sizeof(uint32_t));
	r->plist = malloc((nc + 1) * sizeof(uint32_t));
	int rc = -1;
	if (!count || !off || !who || !ids || !ranked || !listed || !r->poff || !r->plist)
		goto out;
	for (size_t i = 0; i < nc; i++)
		count[r->slist.v[i]]++;
	for (size_t p = 0; p < np; p++)
		off[p + 1] = off[p] + count[p];
	memset(count, 0, np * sizeof(uint32_t));
	for (size_t s = 0; s < ns; s++)
		for (uint32_t k = r->soff.v[s]; k < r->soff.v[s + 1]; k++) {
			uint32_t p = r->slist.v[k];
			who[off[p] + count[p]++] = (uint32_t)s;
		}
	size_t out_n = 0;
	for (size_t p = 0; p < np; p++) {
		r->poff[p] = (uint32_t)out_n;
		size_t first = out_n;
		if (hr_ranking(r, p, listed, &out_n))
			goto out;
		size_t n = off[p + 1] - off[p], kept = 0;
		for (size_t i = 0; i < n; i++)
			ids[i] = (match_id)r->students.v[who[off[p] + i]];
		if (n && match_rank_by_score(snap, (match_id)r->positions.v[p], ids, n, ranked,
		                             &kept) == 0)
			for (size_t i = 0; i < kept; i++) {
				long s = idx_find(&r->students, ranked[i]);
				if (s >= 0 && !listed[s] && out_n < nc)
					r->plist[out_n++] = (uint32_t)s;
			}
		for (size_t i = first; i < out_n; i++)
			listed[r->plist[i]] = 0;
	}
	r->poff[np] = (uint32_t)out_n;
	rc = 0;
out:
	free(count);
	free(off);
	free(who);
	free(ids);
	free(ranked);
	free(listed);
	return rc;
}

/* Replaces the round's results (inside the preview's transaction). */
static int store_results(struct run *r)
{
	if (store_run(r->db, "DELETE FROM match_results WHERE round_id = ?", "i", r->id))
		return -1;
	struct store_bulk *b = store_bulk_new(
	    r->db, "INSERT INTO match_results (round_id, student_id, position_id, choice_rank)", 4);
	if (!b)
		return -1;
	char rid[24], sid[24], pid[24], rank[12];
	int rc = 0;
	snprintf(rid, sizeof(rid), "%lld", (long long)r->id);
	for (size_t s = 0; s < r->students.n; s++) {
		const char *row[4] = {rid, sid, NULL, NULL};
		snprintf(sid, sizeof(sid), "%lld", (long long)r->students.v[s]);
		if (r->match[s] >= 0) {
			snprintf(pid, sizeof(pid), "%lld", (long long)r->positions.v[r->match[s]]);
			for (uint32_t k = r->soff.v[s]; k < r->soff.v[s + 1]; k++)
				if ((int32_t)r->slist.v[k] == r->match[s]) {
					snprintf(rank, sizeof(rank), "%u", k - r->soff.v[s] + 1);
					break;
				}
			row[2] = pid;
			row[3] = rank;
		}
		rc |= store_bulk_add(b, row);
	}
	return store_bulk_finish(b) || rc ? -1 : 0;
}

/* The figures of a run (after store_results, in its transaction): a new
 * object, or NULL when a table of them could not be read. */
static json_t *figures(struct run *r, int64_t micros)
{
	size_t matched = 0, first = 0, seats = 0, filled = 0;
	for (size_t s = 0; s < r->students.n; s++)
		if (r->match[s] >= 0) {
			matched++;
			first += r->slist.v[r->soff.v[s]] == (uint32_t)r->match[s];
		}
	for (size_t p = 0; p < r->positions.n; p++)
		seats += r->capacity.v[p];
	filled = matched;
	static const char *const kinds[] = {"ok", "bad_index", "unacceptable", "over_capacity",
	                                    "blocking_pair"};
	json_t *by_college =
	    store_rows(r->db,
	               "SELECT s.college_id, o.name, COUNT(*) AS students, SUM(CASE WHEN "
	               "mr.position_id IS NULL"
	               " THEN 0 ELSE 1 END) AS matched FROM match_results mr JOIN students s ON"
	               " s.id = mr.student_id JOIN organizations o ON o.id = s.college_id WHERE "
	               "mr.round_id = ?"
	               " GROUP BY s.college_id, o.name ORDER BY students DESC",
	               "i", r->id);
	json_t *by_enterprise = by_college
	                            ? store_rows(r->db,
	                                         "SELECT p.enterprise_id, o.name, COUNT(*) AS "
	                                         "positions, SUM(rp.capacity) AS seats,"
	                                         " SUM((SELECT COUNT(*) FROM match_results mr "
	                                         "WHERE mr.round_id = rp.round_id AND"
	                                         " mr.position_id = rp.position_id)) AS filled "
	                                         "FROM match_round_positions rp JOIN"
	                                         " positions p ON p.id = rp.position_id JOIN "
	                                         "organizations o ON o.id = p.enterprise_id"
	                                         " WHERE rp.round_id = ? GROUP BY p.enterprise_id, "
	                                         "o.name ORDER BY seats DESC LIMIT 50",
	                                         "i", r->id)
	                            : NULL;
	json_t *unfilled =
	    by_enterprise
	        ? store_rows(
	              r->db,
	              "SELECT rp.position_id, p.title, o.name AS enterprise_name, rp.capacity, "
	              "(SELECT COUNT(*)"
	              " FROM match_results mr WHERE mr.round_id = rp.round_id AND mr.position_id ="
	              " rp.position_id) AS filled FROM match_round_positions rp JOIN positions p ON"
	              " p.id = rp.position_id JOIN organizations o ON o.id = p.enterprise_id WHERE"
	              " rp.round_id = ? AND rp.capacity > (SELECT COUNT(*) FROM match_results mr "
	              "WHERE"
	              " mr.round_id = rp.round_id AND mr.position_id = rp.position_id) ORDER BY "
	              "rp.capacity"
	              " DESC, rp.position_id LIMIT 50",
	              "i", r->id)
	        : NULL;
	if (!unfilled) {
		json_decref(by_college);
		json_decref(by_enterprise);
		return NULL;
	}
	json_t *stable =
	    json_pack("{s:b, s:s}", "ok", r->check_rc == MATCH_CHECK_OK, "check",
	              r->check_rc >= 0 && r->check_rc <= 4 ? kinds[r->check_rc] : "error");
	if (r->check_rc > 0 && r->check.student >= 0)
		json_object_set_new(stable, "student_id",
		                    json_integer(r->students.v[r->check.student]));
	if (r->check_rc > 0 && r->check.position >= 0)
		json_object_set_new(stable, "position_id",
		                    json_integer(r->positions.v[r->check.position]));
	return json_pack("{s:I, s:I, s:I, s:f, s:f, s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:o, s:f}",
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

/* Matches, stores the results, figures and the previewed round with its
 * audit row, in one transaction.  0 with *stats, or -1 with e. */
static int run_and_store(struct run *r, const struct actor *a, json_t **stats, int64_t t0,
                         struct derr *e)
{
	if (recommend_with_snapshot(r->db, rank_positions, r))
		return r->store_failed
		           ? derr_store(e, r->db, "round preview: rankings")
		           : derr_internal(e, "round preview: the engine is not available");
	struct match_prefs prefs = {r->students.n, r->positions.n, r->soff.v,    r->slist.v,
	                            r->poff,       r->plist,       r->capacity.v};
	r->match = malloc((r->students.n + 1) * sizeof(int32_t));
	if (!r->match || match_deferred_acceptance(&prefs, r->match, &r->da))
		return derr_internal(e, "round preview: the match failed");
	r->check_rc = match_check_stable(&prefs, r->match, &r->check);
	if (store_begin(r->db) != STORE_OK || store_results(r))
		return derr_store(e, r->db, "round preview: results");
	*stats = figures(r, now_micros() - t0);
	if (!*stats)
		return derr_store(e, r->db, "round preview: figures");
	char *text = json_dumps(*stats, JSON_COMPACT | JSON_REAL_PRECISION(6));
	int rc = text ? store_run(r->db,
	                          "UPDATE match_rounds SET status = 'previewed', stats = ?,"
	                          " previewed_at = ? WHERE id = ?",
	                          "tii", text, now_seconds(), r->id)
	              : STORE_ERROR;
	free(text);
	if (rc != STORE_OK)
		rc = derr_store(e, r->db, "round preview: round");
	else if (audit_write(r->db, a, "match_round.preview", "match_round", r->id, NULL, e))
		rc = -1;
	else if (store_commit(r->db) != STORE_OK)
		rc = derr_store(e, r->db, "round preview: commit");
	if (rc) {
		json_decref(*stats);
		*stats = NULL;
	}
	return rc ? -1 : 0;
}

int round_preview(struct store *db, const struct actor *a, int64_t id, json_t **stats,
                  struct derr *e)
{
	struct run r = {.db = db, .id = id};
	int64_t t0 = now_micros();
	json_t *round;
	*stats = NULL;
	if (round_read(db, id, 0, &round, e))
		return -1;
	const char *status = json_string_value(json_object_get(round, "status"));
	int rc = !json_is_object(round) ? derr_set(e, DERR_NOT_FOUND, NULL, "匹配轮次不存在")
	         : strcmp(status, "open") && strcmp(status, "previewed")
	             ? derr_set(e, DERR_RULE, NULL, "本轮匹配已结束，不能再修改")
	             : 0;
	json_decref(round);
	if (!rc)
		rc = load(&r, e) || run_and_store(&r, a, stats, t0, e) ? -1 : 0;
	run_release(&r);
	return rc;
}
