/* Content-addressed files outside the database; see blob.h. */
#include "base/blob.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"

static char root[3072];

int blob_init(const char *dir, char *err, size_t errlen)
{
	if (!dir || !*dir || strlen(dir) >= sizeof(root) - 80) {
		snprintf(err, errlen, "files folder: empty or too long a path");
		return -1;
	}
	if (mkdir(dir, 0700) && errno != EEXIST) {
		snprintf(err, errlen, "files folder %s: %s", dir, strerror(errno));
		return -1;
	}
	struct stat st;
	if (stat(dir, &st) || !S_ISDIR(st.st_mode) || access(dir, W_OK | X_OK)) {
		snprintf(err, errlen, "files folder %s: not a writable folder", dir);
		return -1;
	}
	snprintf(root, sizeof(root), "%s", dir);
	return 0;
}

int blob_ready(void)
{
	return root[0] != '\0';
}

static int is_digest(const char *sha)
{
	if (!sha || strlen(sha) != 64)
		return 0;
	for (const char *p = sha; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return 0;
	return 1;
}

static void path_of(const char *sha, char *out, size_t n)
{
	snprintf(out, n, "%s/%.2s/%s", root, sha, sha);
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

int blob_put(const void *data, size_t len, char sha[65])
{
	char path[3200], tmp[3300], folder[3200];
	if (!blob_ready())
		return -1;
	sha256_hex(data, len, sha);
	path_of(sha, path, sizeof(path));
	if (access(path, F_OK) == 0)
		return 0; /* the same bytes are there already */
	snprintf(folder, sizeof(folder), "%s/%.2s", root, sha);
	if (mkdir(folder, 0700) && errno != EEXIST)
		return -1;
	char rnd[17];
	random_hex(rnd, 8);
	snprintf(tmp, sizeof(tmp), "%s.%s.tmp", path, rnd);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	int rc = write_all(fd, data, len) || fsync(fd) ? -1 : 0;
	if (close(fd))
		rc = -1;
	if (rc == 0 && rename(tmp, path))
		rc = -1;
	if (rc)
		unlink(tmp);
	return rc;
}

int blob_open(const char *sha, int *fd, size_t *len)
{
	char path[3200];
	struct stat st;
	if (!blob_ready() || !is_digest(sha))
		return -1;
	path_of(sha, path, sizeof(path));
	int f = open(path, O_RDONLY | O_CLOEXEC);
	if (f < 0)
		return -1;
	if (fstat(f, &st) || !S_ISREG(st.st_mode)) {
		close(f);
		return -1;
	}
	*fd = f;
	*len = (size_t)st.st_size;
	return 0;
}
