#include "http/static_files.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "base/util.h"
#include "http/encoding.h"

static struct static_file *files;
static size_t nfiles, capfiles;

/* The pages of preload.json: a route's pattern and its index.html. */
struct page {
	char *pattern; /* "/jobs/#" */
	struct static_file html;
};
static struct page *pages;
static size_t npages;

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
	if (p) {
		p[sb.st_size] = '\0'; /* text files can be read as strings */
		*len = (size_t)sb.st_size;
	}
	return p;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

/* Fills in what follows from a file's path and body: ETags, type, caching. */
static void describe(struct static_file *f)
{
	char hash[65];
	sha256_hex(f->data, f->len, hash);
	snprintf(f->etag, sizeof(f->etag), "\"%.16s\"", hash);
	snprintf(f->gz_etag, sizeof(f->gz_etag), "\"%.16s-gz\"", hash);
	f->type = static_mime(f->path);
	f->immutable = !strncmp(f->path, "/assets/", 8);
}

static void add_file(const char *fs_path, const char *url_path)
{
	struct static_file f = {0};
	char gz_path[4200];
	f.data = read_file(fs_path, &f.len);
	if (!f.data)
		return;
	f.path = strdup(url_path);
	snprintf(gz_path, sizeof(gz_path), "%s.gz", fs_path);
	f.gz = read_file(gz_path, &f.gz_len);
	describe(&f);
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

static const struct static_file *find_file(const char *path)
{
	for (size_t i = 0; i < nfiles; i++)
		if (!strcmp(files[i].path, path))
			return &files[i];
	return NULL;
}

/* index.html with one tag per API answer and per file of a route inserted
 * before </head>: an answer fetched as the app's request.js asks for it
 * (same URL, mode and credentials: the app's fetch takes the preloaded
 * answer), a module preloaded as one, a stylesheet fetched (not applied)
 * the way the app will ask for it; code and CSS at low priority, so that
 * the entry and its chunks, which run first, keep most of the link.  Only /api/v1/ paths are taken,
 * and only files that were loaded, so a stale preload.json cannot make the page fetch what does not
 * exist. */
static int add_page(const struct static_file *index, const char *head, const char *pattern,
                    json_t *data, json_t *list)
{
	struct buf b = BUF_INIT;
	size_t i, listed = 0;
	json_t *v;
	buf_add(&b, index->data, (size_t)(head - index->data));
	json_array_foreach(data, i, v)
	{
		const char *url = json_string_value(v);
		if (!url || strncmp(url, "/api/v1/", 8) || strpbrk(url, "\"<>&' \t\r\n"))
			continue;
		buf_addf(&b, "<link rel=\"preload\" as=\"fetch\" crossorigin href=\"%s\">\n", url);
		listed++;
	}
	json_array_foreach(list, i, v)
	{
		const char *name = json_string_value(v);
		const struct static_file *f = name ? find_file(name) : NULL;
		if (!f || !f->immutable || strchr(name, '"'))
			continue;
		if (!strcmp(f->type, static_mime(".css")))
			buf_addf(&b,
			         "<link rel=\"preload\" as=\"style\" crossorigin "
			         "fetchpriority=\"low\" href=\"%s\">\n",
			         name);
		else
			buf_addf(&b,
			         "<link rel=\"modulepreload\" crossorigin fetchpriority=\"low\" "
			         "href=\"%s\">\n",
			         name);
		listed++;
	}
	buf_add(&b, head, index->len - (size_t)(head - index->data));
	if (!listed || buf_failed(&b)) {
		buf_release(&b);
		return 0;
	}
	struct page p = {.pattern = strdup(pattern)};
	p.html.path = strdup("/index.html");
	p.html.data = buf_detach(&b, &p.html.len);
	p.html.gz = encoding_gzip(p.html.data, p.html.len, &p.html.gz_len);
	describe(&p.html);
	struct page *grown = realloc(pages, (npages + 1) * sizeof(*pages));
	if (!grown || !p.pattern || !p.html.path || !p.html.data)
		abort();
	pages = grown;
	pages[npages++] = p;
	return 1;
}

/* Reads preload.json (web/vite/routePreload.js writes it) into pages. */
static void load_pages(void)
{
	const struct static_file *index = find_file("/index.html");
	const struct static_file *map = find_file("/preload.json");
	if (!index || !map)
		return;
	const char *head = memmem(index->data, index->len, "</head>", 7);
	json_error_t err;
	json_t *root = json_loadb(map->data, map->len, 0, &err);
	json_t *routes = json_object_get(root, "routes");
	size_t i;
	json_t *r;
	if (!head || !json_is_array(routes))
		log_error("web: %s ignored (%s)", "preload.json",
		          !head ? "index.html has no </head>" : "no routes array");
	else
		json_array_foreach(routes, i, r)
		{
			const char *pattern = json_string_value(json_object_get(r, "path"));
			json_t *list = json_object_get(r, "files");
			if (pattern && *pattern == '/' && json_is_array(list))
				add_page(index, head, pattern, json_object_get(r, "data"), list);
		}
	json_decref(root);
}

int static_load(const char *dir)
{
	static_free();
	if (!dir || walk(dir, "") < 0)
		return -1;
	load_pages();
	return (int)nfiles;
}

static void free_file(struct static_file *f)
{
	free(f->path);
	free(f->data);
	free(f->gz);
}

void static_free(void)
{
	for (size_t i = 0; i < nfiles; i++)
		free_file(&files[i]);
	for (size_t i = 0; i < npages; i++) {
		free(pages[i].pattern);
		free_file(&pages[i].html);
	}
	free(files);
	free(pages);
	files = NULL;
	pages = NULL;
	nfiles = capfiles = npages = 0;
}

/* Whether a URL path is one of a pattern's: segment by segment, "#" takes
 * digits, "*" any segment, anything else itself. */
static int pattern_matches(const char *pattern, const char *path)
{
	while (*pattern == '/' && *path == '/') {
		pattern++, path++;
		size_t pn = strcspn(pattern, "/"), n = strcspn(path, "/");
		if (pn == 1 && *pattern == '#') {
			if (!n || strspn(path, "0123456789") < n)
				return 0;
		} else if (pn == 1 && *pattern == '*') {
			if (!n)
				return 0;
		} else if (pn != n || memcmp(pattern, path, n)) {
			return 0;
		}
		pattern += pn, path += n;
	}
	return !*pattern && !*path;
}

const struct static_file *static_find(const char *path)
{
	/* Only names we loaded can be served, so ".." cannot escape the
	 * folder; refuse it outright anyway. */
	if (strstr(path, ".."))
		return NULL;
	if (!strcmp(path, "/"))
		path = "/index.html";
	const struct static_file *f = find_file(path);
	for (size_t i = 0; !f && i < npages; i++)
		if (pattern_matches(pages[i].pattern, path))
			f = &pages[i].html;
	return f;
}

const struct static_file *static_index(void)
{
	return static_find("/index.html");
}
