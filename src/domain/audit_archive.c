#include "domain/audit_archive.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/audit.h"

#define DAY 86400

int audit_retention_check(int64_t days, struct derr *e)
{
	if (days < AUDIT_RETENTION_MIN_DAYS)
		return derr_set(
		    e, DERR_INVALID, "retention_days",
		    "审计日志至少保留 180 天（《网络安全法》第二十一条：不少于六个月）");
	if (days > AUDIT_RETENTION_MAX_DAYS)
		return derr_set(e, DERR_INVALID, "retention_days", "保留天数最多 36500 天");
	return 0;
}

int64_t audit_archive_cutoff(int64_t now, int64_t before_at, int64_t days)
{
	int64_t keep = days > AUDIT_SIX_MONTHS_DAYS ? days : AUDIT_SIX_MONTHS_DAYS;
	int64_t cutoff = now - keep * DAY;
	return before_at < cutoff ? before_at : cutoff;
}

static void hex(const unsigned char *d, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[2 * n] = '\0';
}

/* The rows of an export: first and last id, how many, how many of those
 * are older than the cutoff (what the purge must delete). */
struct export_count {
	int64_t rows, first_id, last_id, deletable;
};

#define AUDIT_ROW                                                                                  \
	"SELECT id, at, account_id, login, role, org_id, action, object_type, object_id, address," \
	" outcome, detail FROM audit_log WHERE at < ? ORDER BY id"

/* Writes every row older than before_at to f as JSON Lines, hashing what
 * it writes.  Returns 0, or -1 (store or write failure, in e). */
static int export_rows(struct store *db, FILE *f, int64_t before_at, int64_t cutoff,
                       crypto_hash_sha256_state *h, struct export_count *n, struct derr *e)
{
	struct store_stmt *st = store_query(db, AUDIT_ROW, "i", before_at);
	int rc = st ? STORE_ROW : STORE_ERROR;
	while (st && (rc = store_step(st)) == STORE_ROW) {
		json_t *row = store_row_object(st);
		char *line = row ? json_dumps(row, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
		int64_t id = json_integer_value(json_object_get(row, "id"));
		int64_t at = json_integer_value(json_object_get(row, "at"));
		json_decref(row);
		if (!line || fputs(line, f) < 0 || fputc('\n', f) < 0) {
			free(line);
			store_finalize(st);
			return derr_internal(e, "audit archive: cannot write the file");
		}
		crypto_hash_sha256_update(h, (const unsigned char *)line, strlen(line));
		crypto_hash_sha256_update(h, (const unsigned char *)"\n", 1);
		free(line);
		if (!n->rows++)
			n->first_id = id;
		n->last_id = id;
		n->deletable += at < cutoff;
	}
	store_finalize(st);
	return rc == STORE_DONE ? 0 : derr_store(e, db, "audit archive: read");
}

/* Writes FILE.sha256 as sha256sum does: "<hex>  <base name>\n". */
static int write_sidecar(const char *path, const char *digest)
{
	char side[4096];
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (snprintf(side, sizeof(side), "%s.sha256", path) >= (int)sizeof(side))
		return -1;
	FILE *f = fopen(side, "wx");
	if (!f)
		return -1;
	int bad = fprintf(f, "%s  %s\n", digest, base) < 0;
	bad |= fflush(f) != 0 || fsync(fileno(f)) != 0;
	return (fclose(f) != 0 || bad) ? -1 : 0;
}

static void remove_outputs(const char *path)
{
	char side[4096];
	unlink(path);
	if (snprintf(side, sizeof(side), "%s.sha256", path) < (int)sizeof(side))
		unlink(side);
}

/* Step 1: the file and its digest.  The file is created exclusively (an
 * archive is never overwritten) and fsynced before anything is deleted. */
static int write_archive(struct store *db, const char *path, int64_t before_at, int64_t cutoff,
                         struct export_count *n, char digest[65], struct derr *e)
{
	crypto_hash_sha256_state h;
	unsigned char d[crypto_hash_sha256_BYTES];
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (fd < 0)
		return derr_set(e, DERR_CONFLICT, "out",
		                errno == EEXIST ? "归档文件已存在，不会覆盖" : "无法创建归档文件");
	FILE *f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(path);
		return derr_internal(e, "audit archive: fdopen");
	}
	crypto_hash_sha256_init(&h);
	int rc = export_rows(db, f, before_at, cutoff, &h, n, e);
	if (!rc && (fflush(f) != 0 || fsync(fileno(f)) != 0))
		rc = derr_internal(e, "audit archive: cannot sync the file");
	if (fclose(f) != 0 && !rc)
		rc = derr_internal(e, "audit archive: cannot close the file");
	crypto_hash_sha256_final(&h, d);
	hex(d, sizeof(d), digest);
	if (!rc && write_sidecar(path, digest))
		rc = derr_internal(e, "audit archive: cannot write the .sha256 file");
	if (rc)
		remove_outputs(path);
	return rc;
}

/* Deletes what the archive covers, through the path the triggers allow;
 * returns the number of rows deleted, or -1. */
static int64_t purge(struct store *db, const struct export_count *n, int64_t cutoff)
{
	struct store_stmt *st = store_query(db,
	                                    "DELETE FROM audit_log WHERE id BETWEEN ? AND ? AND"
	                                    " at < ? RETURNING id",
	                                    "iii", n->first_id, n->last_id, cutoff);
	int64_t deleted = 0;
	int rc = st ? STORE_ROW : STORE_ERROR;
	while (st && (rc = store_step(st)) == STORE_ROW)
		deleted++;
	store_finalize(st);
	return rc == STORE_DONE ? deleted : -1;
}

int audit_archive(struct store *db, int64_t before_at, int64_t retention_days, const char *out_path,
                  const char *who, struct audit_archive_result *r, struct derr *e)
{
	struct export_count n = {0};
	int64_t now = now_seconds(), id = 0;
	memset(r, 0, sizeof(*r));
	if (audit_retention_check(retention_days, e))
		return -1;
	if (before_at > now)
		return derr_set(e, DERR_INVALID, "before", "归档日期不能晚于今天");
	int64_t cutoff = audit_archive_cutoff(now, before_at, retention_days);
	if (write_archive(db, out_path, before_at, cutoff, &n, r->sha256, e))
		return -1;

	/* Step 2, all or nothing. */
	const char *base = strrchr(out_path, '/');
	base = base ? base + 1 : out_path;
	int purging = n.deletable > 0;
	int64_t deleted = 0;
	int rc = store_begin(db);
	if (rc == STORE_OK)
		rc = store_int64(
		         db, &id,
		         "INSERT INTO audit_archives (created_at, created_by, before_at,"
		         " cutoff_at, retention_days, first_id, last_id, exported_rows, file_name,"
		         " sha256, purging) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		         "itiiiIIitti", now, who, before_at, cutoff, retention_days, n.first_id,
		         n.last_id, n.rows, base, r->sha256, (int64_t)purging) == STORE_ROW
		         ? STORE_OK
		         : STORE_ERROR;
	if (rc == STORE_OK && purging) {
		deleted = purge(db, &n, cutoff);
		/* Anything else than the rows the file holds: refuse. */
		if (deleted != n.deletable)
			rc = STORE_ERROR;
		else
			rc = store_run(db,
			               "UPDATE audit_archives SET purging = 0, deleted_rows = ?"
			               " WHERE id = ?",
			               "ii", deleted, id);
	}
	char detail[160];
	snprintf(detail, sizeof(detail), "%lld exported, %lld deleted, sha256 %.16s",
	         (long long)n.rows, (long long)deleted, r->sha256);
	if (rc == STORE_OK)
		rc = audit_record(db, NULL, who, "audit.archive", "audit_archive", id, NULL, "ok",
		                  detail);
	if (rc != STORE_OK || store_commit(db) != STORE_OK) {
		derr_store(e, db,
		           deleted != n.deletable ? "audit archive: rows changed meanwhile"
		                                  : "audit archive: purge");
		remove_outputs(out_path);
		return -1;
	}
	r->archive_id = id;
	r->exported = n.rows;
	r->deleted = deleted;
	r->cutoff_at = cutoff;
	return 0;
}

/* SHA-256 of a file and its number of lines; 0 or -1. */
static int hash_file(const char *path, char digest[65], int64_t *lines)
{
	crypto_hash_sha256_state h;
	unsigned char d[crypto_hash_sha256_BYTES], chunk[65536];
	FILE *f = fopen(path, "rb");
	size_t got;
	if (!f)
		return -1;
	crypto_hash_sha256_init(&h);
	*lines = 0;
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		crypto_hash_sha256_update(&h, chunk, got);
		for (size_t i = 0; i < got; i++)
			*lines += chunk[i] == '\n';
	}
	int bad = ferror(f);
	fclose(f);
	crypto_hash_sha256_final(&h, d);
	hex(d, sizeof(d), digest);
	return bad ? -1 : 0;
}

int audit_archive_verify(struct store *db, const char *path, int64_t *rows, struct derr *e)
{
	char digest[65], side[4096], want[65] = "";
	int64_t recorded = 0, n = 0;
	if (hash_file(path, digest, rows))
		return derr_set(e, DERR_NOT_FOUND, "in", "无法读取归档文件");
	FILE *f = snprintf(side, sizeof(side), "%s.sha256", path) < (int)sizeof(side)
	              ? fopen(side, "r")
	              : NULL;
	if (!f)
		return derr_set(e, DERR_NOT_FOUND, "in", "缺少 .sha256 校验文件");
	int got = fscanf(f, "%64s", want);
	fclose(f);
	if (got != 1 || strcmp(want, digest))
		return derr_set(e, DERR_CONFLICT, "in", "归档文件与 .sha256 校验值不符");
	if (store_int64(
	        db, &n,
	        "SELECT COUNT(*) FROM audit_archives WHERE sha256 = ? AND exported_rows = ?", "ti",
	        digest, *rows) != STORE_ROW)
		return derr_store(e, db, "audit archive verify");
	recorded = n;
	if (!recorded)
		return derr_set(e, DERR_NOT_FOUND, "in", "数据库中没有与此文件相符的归档记录");
	return 0;
}
