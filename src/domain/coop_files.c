/* Files outside the database, named by their SHA-256; see coop_files.h. */
#include "domain/coop_files.h"

#include <stdio.h>
#include <string.h>

#include "base/filestore.h"
#include "base/util.h"

/* The type the bytes are, by their signature; NULL for anything else. */
static const char *sniff(const unsigned char *p, size_t n)
{
	if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
		return "image/jpeg";
	/* A PNG's signature alone is no image: its header chunk (IHDR) must follow. */
	if (n >= 16 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8) && !memcmp(p + 12, "IHDR", 4))
		return "image/png";
	if (n >= 12 && !memcmp(p, "RIFF", 4) && !memcmp(p + 8, "WEBP", 4))
		return "image/webp";
	if (n >= 5 && !memcmp(p, "%PDF-", 5))
		return "application/pdf";
	return NULL;
}

int coop_file_save(struct store *db, const struct actor *a, enum coop_file_kind kind,
                   const char *owner_type, int64_t owner_id, const char *data, size_t len,
                   int64_t *file, struct derr *e)
{
	char sha[65];
	*file = 0;
	if (!filestore_dir()) {
		store_rollback(db);
		return derr_code(e, DERR_UNAVAILABLE, "files_unavailable", "file",
		                 "文件存储未配置（--files），暂不能上传");
	}
	const char *mime = sniff((const unsigned char *)data, len);
	const char *refusal = NULL;
	if (!len)
		refusal = "请上传文件";
	else if (kind == COOP_FILE_PHOTO && (!mime || !strncmp(mime, "application/", 12)))
		refusal = "照片须为 JPEG、PNG 或 WebP 图片";
	else if (kind == COOP_FILE_SCAN && (!mime || strcmp(mime, "application/pdf")))
		refusal = "签署扫描件须为 PDF 文件";
	else if (len > (kind == COOP_FILE_PHOTO ? COOP_PHOTO_MAX : COOP_SCAN_MAX))
		refusal = kind == COOP_FILE_PHOTO ? "照片不能超过 5 MB" : "扫描件不能超过 10 MB";
	if (refusal) {
		store_rollback(db);
		return derr_set(e, DERR_INVALID, "file", refusal);
	}
	if (filestore_put(data, len, sha)) {
		store_rollback(db);
		return derr_internal(e, "coop file: cannot write to the files folder");
	}
	if (store_int64(db, file,
	                "INSERT INTO coop_files (owner_type, owner_id, sha256, mime, bytes,"
	                " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
	                "tittiii", owner_type, owner_id, sha, mime, (int64_t)len, a->id,
	                now_seconds()) != STORE_ROW) {
		*file = 0;
		return derr_store(e, db, "coop file");
	}
	return 0;
}

/* May the caller see what owner (type, id) is?  1 yes, 0 no, -1 error. */
static int owner_visible(struct store *db, const struct actor *a, const char *type, int64_t id)
{
	static const char *const sql[][2] = {
	    {"visit", "SELECT enterprise_id, college_id, 0 FROM coop_visits WHERE id = ?"},
	    {"agreement", "SELECT enterprise_id, college_id, 0 FROM coop_agreements WHERE id = ?"},
	    {"internship", "SELECT i.enterprise_id, i.college_id, COALESCE(s.account_id, 0) FROM"
	                   " internships i JOIN students s ON s.id = i.student_id WHERE i.id = ?"},
	};
	for (size_t k = 0; k < sizeof(sql) / sizeof(sql[0]); k++) {
		if (strcmp(sql[k][0], type))
			continue;
		struct store_stmt *st = store_query(db, sql[k][1], "i", id);
		int rc = st ? store_step(st) : STORE_ERROR, seen = 0;
		if (rc == STORE_ROW)
			seen = coop_part_of(a, store_column_int64(st, 0),
			                    store_column_int64(st, 1)) != COOP_NONE ||
			       (a->role == ROLE_STUDENT && store_column_int64(st, 2) == a->id);
		store_finalize(st);
		return rc == STORE_ROW || rc == STORE_DONE ? seen : -1;
	}
	return 0;
}

int coop_file_open(struct store *db, const struct actor *a, int64_t id, struct coop_file *f,
                   struct derr *e)
{
	char sha[65] = "";
	*f = (struct coop_file){.fd = -1};
	struct store_stmt *st = store_query(
	    db, "SELECT owner_type, owner_id, sha256, mime, bytes FROM coop_files WHERE id = ?",
	    "i", id);
	int rc = st ? store_step(st) : STORE_ERROR;
	if (rc == STORE_ROW) {
		snprintf(f->owner_type, sizeof(f->owner_type), "%s", store_column_text(st, 0));
		f->owner_id = store_column_int64(st, 1);
		snprintf(sha, sizeof(sha), "%s", store_column_text(st, 2));
		snprintf(f->mime, sizeof(f->mime), "%s", store_column_text(st, 3));
		f->bytes = (size_t)store_column_int64(st, 4);
	}
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return derr_store(e, db, "coop file");
	int seen = rc == STORE_ROW ? owner_visible(db, a, f->owner_type, f->owner_id) : 0;
	if (seen < 0)
		return derr_store(e, db, "coop file owner");
	if (!seen)
		return derr_set(e, DERR_NOT_FOUND, NULL, "文件不存在");
	size_t len = 0;
	if (filestore_open(sha, &f->fd, &len)) {
		log_error("coop file %lld: %s is missing from the files folder", (long long)id,
		          sha);
		f->fd = -1;
		return derr_set(e, DERR_NOT_FOUND, NULL, "文件已不在存储中");
	}
	f->bytes = len;
	return 0;
}

int coop_file_list(struct store *db, const char *owner_type, int64_t owner_id, json_t **out,
                   struct derr *e)
{
	return coop_rows(db,
	                 store_rows(db,
	                            "SELECT id, mime, bytes, created_at FROM coop_files WHERE"
	                            " owner_type = ? AND owner_id = ? ORDER BY id",
	                            "ti", owner_type, owner_id),
	                 out, "coop files", e);
}
