#include "domain/pii.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static unsigned char key[crypto_secretbox_KEYBYTES];
static int have_key;

int pii_init_hex(const char *hex, char *err, size_t errlen)
{
	size_t n = 0;
	if (strlen(hex) != 2 * sizeof(key) ||
	    sodium_hex2bin(key, sizeof(key), hex, strlen(hex), NULL, &n, NULL) ||
	    n != sizeof(key)) {
		snprintf(err, errlen, "the data key must be %zu hex characters", 2 * sizeof(key));
		return -1;
	}
	have_key = 1;
	return 0;
}

int pii_derive_key(const char *context, unsigned long long id, unsigned char out[32])
{
	if (!have_key)
		return -1;
	return crypto_kdf_derive_from_key(out, 32, id, context, key);
}

int pii_init_file(const char *path, int create, char *err, size_t errlen)
{
	char hex[2 * sizeof(key) + 2] = {0};
	int fd = open(path, O_RDONLY);
	if (fd < 0 && errno == ENOENT && create) {
		unsigned char fresh[sizeof(key)];
		randombytes_buf(fresh, sizeof(fresh));
		sodium_bin2hex(hex, sizeof(hex), fresh, sizeof(fresh));
		sodium_memzero(fresh, sizeof(fresh));
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
		if (fd < 0 || write(fd, hex, strlen(hex)) != (ssize_t)strlen(hex) ||
		    write(fd, "\n", 1) != 1) {
			snprintf(err, errlen, "cannot create data key file %s: %s", path,
			         strerror(errno));
			if (fd >= 0)
				close(fd);
			return -1;
		}
		close(fd);
		return pii_init_hex(hex, err, errlen);
	}
	if (fd < 0) {
		snprintf(err, errlen, "cannot read data key file %s: %s", path, strerror(errno));
		return -1;
	}
	ssize_t got = read(fd, hex, sizeof(hex) - 1);
	close(fd);
	if (got < 0)
		got = 0;
	hex[got] = '\0';
	hex[strcspn(hex, "\r\n")] = '\0';
	int rc = pii_init_hex(hex, err, errlen);
	sodium_memzero(hex, sizeof(hex));
	return rc;
}

int pii_ready(void)
{
	return have_key;
}

char *pii_seal(const char *plain)
{
	if (!have_key)
		return NULL;
	size_t m = strlen(plain),
	       clen = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + m;
	unsigned char *box = malloc(clen);
	char *out = malloc(3 + 2 * clen + 1);
	if (!box || !out) {
		free(box);
		free(out);
		return NULL;
	}
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, (const unsigned char *)plain, m,
	                      box, key);
	memcpy(out, "v1:", 3);
	sodium_bin2hex(out + 3, 2 * clen + 1, box, clen);
	free(box);
	return out;
}

char *pii_open(const char *sealed)
{
	if (!have_key || !sealed || strncmp(sealed, "v1:", 3))
		return NULL;
	size_t hexlen = strlen(sealed + 3), clen = hexlen / 2, got = 0;
	if (clen < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
		return NULL;
	unsigned char *box = malloc(clen);
	char *out = malloc(clen);
	if (!box || !out || sodium_hex2bin(box, clen, sealed + 3, hexlen, NULL, &got, NULL) ||
	    got != clen ||
	    crypto_secretbox_open_easy((unsigned char *)out, box + crypto_secretbox_NONCEBYTES,
	                               clen - crypto_secretbox_NONCEBYTES, box, key)) {
		free(box);
		free(out);
		return NULL;
	}
	out[clen - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES] = '\0';
	free(box);
	return out;
}

static void mask(const char *s, size_t keep_head, size_t keep_tail, char *out, size_t n)
{
	size_t len = strlen(s), o = 0;
	if (len <= keep_head + keep_tail) {
		keep_head = len > 1 ? 1 : len;
		keep_tail = len > 2 ? 1 : 0;
	}
	for (size_t i = 0; i < len && o + 1 < n; i++)
		out[o++] = i < keep_head || i >= len - keep_tail ? s[i] : '*';
	out[o] = '\0';
}

void pii_mask_phone(const char *phone, char *out, size_t n)
{
	mask(phone, 3, 4, out, n);
}

void pii_mask_id(const char *id, char *out, size_t n)
{
	mask(id, 4, 4, out, n);
}

int pii_phone_valid(const char *p)
{
	if (strlen(p) != 11 || p[0] != '1' || p[1] < '3' || p[1] > '9')
		return 0;
	for (int i = 0; i < 11; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	return 1;
}

int pii_id_number_valid(const char *id)
{
	static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	static const char check[] = "10X98765432";
	int sum = 0;
	if (strlen(id) != 18)
		return 0;
	for (int i = 0; i < 17; i++) {
		if (id[i] < '0' || id[i] > '9')
			return 0;
		sum += (id[i] - '0') * w[i];
	}
	char c = id[17] == 'x' ? 'X' : id[17];
	return c == check[sum % 11];
}
