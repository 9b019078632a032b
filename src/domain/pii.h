/*
 * pii: personal data (phone, ID number) encrypted at rest.
 *
 *  - Values are sealed with libsodium secretbox (XSalsa20-Poly1305) under
 *    a 256-bit key that never enters the database: it comes from
 *    SKYWAY_DATA_KEY (64 hex characters) or a key file (--data-key-file,
 *    SKYWAY_DATA_KEY_FILE; for SQLite the default is DBPATH.key, created
 *    on first use with mode 0600).
 *  - Stored form: "v1:" + hex(nonce || ciphertext).
 *  - Lists show only the masked form (138****1234), kept beside the
 *    sealed value; the full value is opened for the student themself and
 *    the operator, and each such view is audited by the caller.
 */
#ifndef SKYWAY_DOMAIN_PII_H
#define SKYWAY_DOMAIN_PII_H

#include <stddef.h>

/* Sets the key from hex (64 chars) or a file (created when create is set
 * and the file is missing).  Returns 0 or -1 with a message. */
int pii_init_hex(const char *hex, char *err, size_t errlen);
int pii_init_file(const char *path, int create, char *err, size_t errlen);
/* Returns 1 when a key is set. */
int pii_ready(void);
/* Derives a 32-byte key for one purpose from the data key (libsodium
 * KDF; context is exactly 8 characters, id tells subkeys apart).
 * Returns 0, or -1 when no key is set. */
int pii_derive_key(const char *context, unsigned long long id, unsigned char out[32]);
/* Seals plain; returns a malloc'd string (caller frees) or NULL. */
char *pii_seal(const char *plain);
/* Opens a sealed value; returns a malloc'd string (caller frees) or NULL
 * when it was not sealed with this key. */
char *pii_open(const char *sealed);
/* Masks a mainland mobile number (138****1234) or an ID number
 * (4418**********123X) into out; other text keeps its first and last
 * character only. */
void pii_mask_phone(const char *phone, char *out, size_t n);
void pii_mask_id(const char *id, char *out, size_t n);
/* Validates a mainland mobile number: 11 digits starting with 1[3-9]. */
int pii_phone_valid(const char *phone);
/* Validates an 18-character resident ID number with its ISO 7064 check. */
int pii_id_number_valid(const char *id);

#endif
