#include "base/filestore.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"

static char *store_dir;

/* mkdir -p with mode 0700 for what it creates. */
static int make_dirs(const char *path)
{
	char tmp[4096];
	if (snprintf(tmp, sizeof(tmp), "%s", path) >= (int)sizeof(tmp))
		return -1;
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0700) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(tmp, 0700) && errno != EEXIST ? -1 : 0;
}

int filestore_init(const char *dir, char *err, size_t errlen)
{
	struct stat sb;
	if (!dir || !*dir || make_dirs(dir) || stat(dir, &sb) || !S_ISDIR(sb.st_mode)) {
		snprintf(err, errlen, "cannot use '%s' as the files directory: %s", dir ? dir : "",
		         strerror(errno));
		return -1;
	}
	free(store_dir);
	store_dir = strdup(dir);
	return store_dir ? 0 : -1;
}

const char *filestore_dir(void)
{
	return store_dir;
}

int filestore_sha_valid(const char *s)
{
	size_t n = 0;
	for (; s && s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
			return 0;
	return n == 64;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int filestore_put(const void *data, size_t len, char sha[65])
{
	char folder[4200], path[4300], tmp[4400];
	sha256_hex(data, len, sha);
	if (!store_dir)
		return -1;
	snprintf(folder, sizeof(folder), "%s/%.2s", store_dir, sha);
	snprintf(path, sizeof(path), "%s/%s", folder, sha);
	struct stat sb;
	if (!stat(path, &sb) && (size_t)sb.st_size == len)
		return 0; /* the same bytes are already there */
	if (mkdir(folder, 0700) && errno != EEXIST)
		goto fail;
	snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0)
		goto fail;
	if (write_all(fd, data, len) || fsync(fd)) {
		close(fd);
		unlink(tmp);
		goto fail;
	}
	close(fd);
	if (rename(tmp, path)) {
		unlink(tmp);
		goto fail;
	}
	return 0;
fail:
	log_error("filestore: cannot write %s: %s", path, strerror(errno));
	return -1;
}

int filestore_open(const char *sha, int *fd, size_t *len)
{
	char path[4300];
	struct stat sb;
	if (!store_dir || !filestore_sha_valid(sha))
		return -1;
	snprintf(path, sizeof(path), "%s/%.2s/%s", store_dir, sha, sha);
	int f = open(path, O_RDONLY | O_CLOEXEC);
	if (f < 0)
		return -1;
	if (fstat(f, &sb) || !S_ISREG(sb.st_mode)) {
		close(f);
		return -1;
	}
	*fd = f;
	*len = (size_t)sb.st_size;
	return 0;
}
