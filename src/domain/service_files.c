/*
 * Uploaded materials of cases and documents of investment projects: the
 * bytes go to the content-addressed file store outside the database
 * (base/filestore.h), the database keeps name, type, size and SHA-256.
 * The type is read from the bytes, never from the name or the header the
 * client sent; files are served to the applicant and officers only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/filestore.h"
#include "base/utf8.h"
#include "base/util.h"
#include "domain/audit.h"
#include "domain/servcal.h"
#include "domain/service.h"
#include "domain/service_internal.h"

const char *service_file_type(const void *data, size_t len)
{
	const unsigned char *p = data;
	if (len >= 5 && !memcmp(p, "%PDF-", 5))
		return "application/pdf";
	if (len >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return "image/jpeg";
	/* A PNG's signature alone is no image: its header chunk (IHDR) must follow. */
	if (len >= 16 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8) && !memcmp(p + 12, "IHDR", 4))
		return "image/png";
	return NULL;
}

/* A file name as shown and downloaded: its last path segment, 1-100
 * characters, no control characters or quotes. */
static int name_ok(const char *name)
{
	if (!name || !*name || strchr(name, '/') || strchr(name, '\\') || strchr(name, '"') ||
	    !utf8_valid(name, strlen(name)) || utf8_length(name) > 100 || utf8_has_control(name))
		return 0;
	return 1;
}

int service_file_record(struct store *db, const struct actor *a, const char *owner_kind,
                        int64_t owner_id, int64_t material_id, int stage, const char *filename,
                        const void *data, size_t len, json_t **out, struct derr *e)
{
	char sha[65];
	int64_t id = 0;
	const char *mime = service_file_type(data, len);
	if (!len)
		return derr_set(e, DERR_INVALID, "file", "文件是空的");
	if (len > SERVICE_FILE_MAX)
		return derr_set(e, DERR_INVALID, "file", "文件不能超过 10 MB");
	if (!mime)
		return derr_set(e, DERR_INVALID, "file", "只接受 PDF、JPG 或 PNG 文件");
	if (!name_ok(filename))
		return derr_set(e, DERR_INVALID, "name",
		                "文件名应为 1 到 100 个字，不含 / \\ \" 和控制字符");
	if (filestore_put(data, len, sha))
		return derr_code(e, DERR_UNAVAILABLE, "files_unavailable", "file",
		                 "文件存储不可用，请稍后再试");
	int rc = store_int64(db, &id,
	                     "INSERT INTO service_files (owner_kind, owner_id, material_id, stage,"
	                     " filename, mime, size, sha256, uploaded_by, uploaded_at)"
	                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	                     "tiII"
	                     "ttit"
	                     "Ii",
	                     owner_kind, owner_id, material_id, (int64_t)stage, filename, mime,
	                     (int64_t)len, sha, a->id, now_seconds());
	if (rc != STORE_ROW)
		return derr_store(e, db, "file: record");
	*out = json_pack("{s:I, s:s, s:s, s:I, s:s, s:I}", "id", (json_int_t)id, "filename",
	                 filename, "mime", mime, "size", (json_int_t)len, "sha256", sha,
	                 "uploaded_at", (json_int_t)now_seconds());
	if (material_id)
		json_object_set_new(*out, "material_id", json_integer(material_id));
	if (stage)
		json_object_set_new(*out, "stage", json_integer(stage));
	return 0;
}

int svc_material_provided(struct store *db, int64_t case_id, int64_t material_id, const char *how,
                          int32_t day, struct derr *e)
{
	char d[11];
	int64_t pending = 0;
	svc_day(day, d);
	/* A pending (容缺) material keeps tolerant = 1 and gets its date. */
	if (store_run(
	        db,
	        "INSERT INTO service_case_materials (case_id, material_id, state, provided_on)"
	        " VALUES (?, ?, ?, ?) ON CONFLICT (case_id, material_id) DO UPDATE SET"
	        " state = excluded.state, provided_on = excluded.provided_on",
	        "iitt", case_id, material_id, how, d) ||
	    store_int64(db, &pending,
	                "SELECT COUNT(*) FROM service_case_materials WHERE case_id = ? AND"
	                " state = 'pending'",
	                "i", case_id) != STORE_ROW ||
	    (!pending && store_run(db,
	                           "UPDATE service_cases SET tolerant_done = ? WHERE id = ? AND"
	                           " tolerant = 1 AND tolerant_done IS NULL",
	                           "ti", d, case_id)))
		return derr_store(e, db, "case: material");
	return 0;
}

int service_file_open(struct store *db, const struct actor *a, int64_t file_id, int *fd,
                      size_t *len, char **mime, char **filename, struct derr *e)
{
	json_t *f = store_row(db,
	                      "SELECT f.owner_kind, f.owner_id, f.filename, f.mime, f.sha256,"
	                      " c.org_id FROM service_files f LEFT JOIN service_cases c ON"
	                      " f.owner_kind = 'case' AND c.id = f.owner_id WHERE f.id = ?",
	                      "i", file_id);
	if (!f)
		return derr_store(e, db, "file: find");
	/* Rule 6: officers, and the applicant of a case (not operators). */
	int ok = !json_is_null(f) &&
	         (svc_officer(a) ||
	          (a->role == ROLE_ENTERPRISE && !strcmp(svc_str(f, "owner_kind"), "case") &&
	           svc_int(f, "org_id") == a->org_id));
	if (!ok) {
		json_decref(f);
		return derr_set(e, DERR_NOT_FOUND, NULL, "文件不存在");
	}
	if (filestore_open(svc_str(f, "sha256"), fd, len)) {
		json_decref(f);
		return derr_code(e, DERR_UNAVAILABLE, "files_unavailable", NULL,
		                 "文件暂时无法读取，请稍后再试");
	}
	*mime = strdup(svc_str(f, "mime"));
	*filename = strdup(svc_str(f, "filename"));
	char detail[160];
	snprintf(detail, sizeof(detail), "%s #%lld: %s", svc_str(f, "owner_kind"),
	         (long long)svc_int(f, "owner_id"), svc_str(f, "filename"));
	json_decref(f);
	if (!*mime || !*filename) {
		free(*mime);
		free(*filename);
		close(*fd);
		return derr_internal(e, "file: out of memory");
	}
	audit_record(db, a, NULL, "service.file_download", "service_file", file_id, a->address,
	             "ok", detail);
	return 0;
}
