#include "domain/password.h"

#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <string.h>

static sem_t slots;

static char dummy_hash[PASSWORD_HASH_MAX];
/* argon2id cost: libsodium's INTERACTIVE by default (~65 ms, 64 MiB). */
static unsigned long long ops_limit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
static size_t mem_limit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

int password_set_cost(const char *name)
{
	if (!strcmp(name, "interactive")) {
		ops_limit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
		mem_limit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	} else if (!strcmp(name, "moderate")) {
		ops_limit = crypto_pwhash_OPSLIMIT_MODERATE;
		mem_limit = crypto_pwhash_MEMLIMIT_MODERATE;
	} else if (!strcmp(name, "min")) {
		ops_limit = crypto_pwhash_OPSLIMIT_MIN;
		mem_limit = crypto_pwhash_MEMLIMIT_MIN;
	} else {
		return -1;
	}
	return 0;
}
static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int slots_wanted = 2;

static void init(void)
{
	char pw_rand[33];
	sem_init(&slots, 0, (unsigned)slots_wanted);
	/* A hash of a random password, verified against when the account is
	 * unknown, so that both cases take the same time. */
	randombytes_buf(pw_rand, 32);
	for (int i = 0; i < 32; i++)
		pw_rand[i] = (char)('a' + (pw_rand[i] & 15));
	pw_rand[32] = 0;
	if (crypto_pwhash_str(dummy_hash, pw_rand, 32, ops_limit,
	                      mem_limit) != 0)
		dummy_hash[0] = '\0'; /* out of memory: verify below then fails fast */
}

void password_init(int max_concurrent)
{
	if (max_concurrent > 0)
		slots_wanted = max_concurrent;
	pthread_once(&init_once, init);
}

static void acquire(void)
{
	pthread_once(&init_once, init);
	while (sem_wait(&slots) != 0)
		;
}

static void release(void)
{
	sem_post(&slots);
}

int password_hash(const char *pw, char out[PASSWORD_HASH_MAX])
{
	acquire();
	int rc = crypto_pwhash_str(out, pw, strlen(pw), ops_limit,
	                           mem_limit);
	release();
	return rc == 0 ? 0 : -1;
}

int password_verify(const char *hash, const char *pw)
{
	int ok;
	if (!hash || !*hash) {
		/* The same work as a real check, so that an unknown login
		 * cannot be told apart by time; nobody knows the password. */
		acquire();
		int same = crypto_pwhash_str_verify(dummy_hash, pw, strlen(pw));
		release();
		(void)same;
		return 0;
	}
	acquire();
	ok = crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
	release();
	return ok;
}

int password_needs_rehash(const char *hash)
{
	return crypto_pwhash_str_needs_rehash(hash, ops_limit,
	                                      mem_limit) != 0;
}
