/*
 * static_files: the built web app, loaded into memory at start.
 *
 * Files under /assets/ carry a content hash in their names (Vite), so
 * they are cached for a year as immutable; everything else (index.html)
 * is revalidated with its ETag.  A precompressed FILE.gz beside a file is
 * served to clients that accept gzip.  Paths with ".." never resolve.
 *
 * preload.json (written by the build, web/vite/routePreload.js) lists
 * the app's routes with the chunks each needs: a URL matching one gets
 * index.html with those files named in <link rel="modulepreload"> (CSS:
 * rel="preload" as="style") before </head>, so that the browser fetches
 * them beside the entry.  A file the map names but the build lacks is
 * left out.
 */
#ifndef SKYWAY_HTTP_STATIC_FILES_H
#define SKYWAY_HTTP_STATIC_FILES_H

#include <stddef.h>

struct static_file {
	char *path; /* "/index.html" */
	char *data;
	size_t len;
	char *gz; /* NULL when no .gz */
	size_t gz_len;
	char etag[24];
	char gz_etag[28]; /* the precompressed body's own */
	const char *type;
	int immutable;
};

/* Loads every file under dir; returns the count, or -1 when dir cannot be
 * read (then the app is simply not served). */
int static_load(const char *dir);
void static_free(void);
/* Returns the file for a URL path, or NULL: a route of preload.json
 * ("/jobs/#": "#" a segment of digits, "*" any segment) gets its own
 * index.html.  "/" and "/index.html" are index.html as built. */
const struct static_file *static_find(const char *path);
/* Returns the SPA entry point (index.html) or NULL. */
const struct static_file *static_index(void);
/* Returns the MIME type for a file name. */
const char *static_mime(const char *name);

#endif
