#include "http/static_files.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/util.h"

static struct static_file *files;
static size_t nfiles, capfiles;

static const struct {
	const char *ext, *type;
} mimes[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".woff", "font/woff"},
    {".ttf", "font/ttf"},
    {".txt", "text/plain; charset=utf-8"},
    {".webmanifest", "application/manifest+json"},
};

const char *static_mime(const char *name)
{
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof(mimes) / sizeof(mimes[0]); i++)
		if (!strcmp(dot, mimes[i].ext))
			return mimes[i].type;
	return "application/octet-stream";
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct stat sb;
	if (fstat(fileno(f), &sb) || sb.st_size > 64 * 1024 * 1024) {
		fclose(f);
		return NULL;
	}
	char *p = malloc((size_t)sb.st_size + 1);
	if (p && fread(p, 1, (size_t)sb.st_size, f) != (size_t)sb.st_size) {
		free(p);
		p = NULL;
	}
	fclose(f);
	if (p)
		*len = (size_t)sb.st_size;
	return p;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

static void add_file(const char *fs_path, const char *url_path)
{
	struct static_file f = {0};
	char hash[65], gz_path[4200];
	f.data = read_file(fs_path, &f.len);
	if (!f.data)
		return;
	f.path = strdup(url_path);
	snprintf(gz_path, sizeof(gz_path), "%s.gz", fs_path);
	f.gz = read_file(gz_path, &f.gz_len);
	sha256_hex(f.data, f.len, hash);
	snprintf(f.etag, sizeof(f.etag), "\"%.16s\"", hash);
	snprintf(f.gz_etag, sizeof(f.gz_etag), "\"%.16s-gz\"", hash);
	f.type = static_mime(url_path);
	f.immutable = !strncmp(url_path, "/assets/", 8);
	if (nfiles == capfiles) {
		capfiles = capfiles ? capfiles * 2 : 64;
		files = realloc(files, capfiles * sizeof(*files));
		if (!files)
			abort();
	}
	files[nfiles++] = f;
}

static int walk(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		char fs[4096], url[4096];
		struct stat sb;
		if (e->d_name[0] == '.')
			continue;
		snprintf(fs, sizeof(fs), "%s/%s", dir, e->d_name);
		snprintf(url, sizeof(url), "%s/%s", prefix, e->d_name);
		if (stat(fs, &sb))
			continue;
		if (S_ISDIR(sb.st_mode))
			walk(fs, url);
		else if (S_ISREG(sb.st_mode) && !ends_with(e->d_name, ".gz"))
			add_file(fs, url);
	}
	closedir(d);
	return 0;
}

int static_load(const char *dir)
{
	static_free();
	if (!dir || walk(dir, "") < 0)
		return -1;
	return (int)nfiles;
}

void static_free(void)
{
	for (size_t i = 0; i < nfiles; i++) {
		free(files[i].path);
		free(files[i].data);
		free(files[i].gz);
	}
	free(files);
	files = NULL;
	nfiles = capfiles = 0;
}

const struct static_file *static_find(const char *path)
{
	/* Only names we loaded can be served, so ".." cannot escape the
	 * folder; refuse it outright anyway. */
	if (strstr(path, ".."))
		return NULL;
	if (!strcmp(path, "/"))
		path = "/index.html";
	for (size_t i = 0; i < nfiles; i++)
		if (!strcmp(files[i].path, path))
			return &files[i];
	return NULL;
}

const struct static_file *static_index(void)
{
	return static_find("/index.html");
}
