/* Login throttling: the invariants are numbered at the top of throttle.h. */
#include "domain/throttle.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"

int throttle_address_limit = 30;

/* ---- rule 6: per address, in memory ---- */

#define SLOTS 4096

struct slot {
	char address[48];
	int64_t window; /* minute number */
	int count;
};

static struct slot slots[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static unsigned hash(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The slot of address for this minute (lock held).  Open addressing over
 * a fixed table; a slot whose window has passed is free.  When the probe
 * finds only live entries it evicts the last one it saw, so memory stays
 * bounded under an address flood.  create 0: NULL when there is none. */
static struct slot *find_slot(const char *address, int64_t minute, int create)
{
	unsigned h = hash(address);
	struct slot *s = NULL;
	for (unsigned i = 0; i < 16; i++) {
		s = &slots[(h + i) % SLOTS];
		if (s->window == minute && !strcmp(s->address, address))
			return s;
		if (s->window != minute)
			break;
	}
	if (!create)
		return NULL;
	snprintf(s->address, sizeof(s->address), "%s", address);
	s->window = minute;
	s->count = 0;
	return s;
}

int throttle_address_hit(const char *address, int64_t now)
{
	pthread_mutex_lock(&lock);
	struct slot *s = find_slot(address, now / 60, 1);
	int over = ++s->count > throttle_address_limit;
	pthread_mutex_unlock(&lock);
	return over;
}

int throttle_address_over(const char *address, int64_t now)
{
	pthread_mutex_lock(&lock);
	struct slot *s = find_slot(address, now / 60, 0);
	int over = s && s->count >= throttle_address_limit;
	pthread_mutex_unlock(&lock);
	return over;
}

/* ---- rules 2 to 5: in the database ---- */

/* Seconds the pair waits after its last failure, having had n (rule 2). */
static int64_t backoff(int64_t n)
{
	if (n < THROTTLE_FREE_FAILURES)
		return 0;
	int64_t wait = THROTTLE_BACKOFF_BASE;
	for (int64_t i = THROTTLE_FREE_FAILURES; i < n && wait < THROTTLE_BACKOFF_MAX; i++)
		wait *= 2;
	return wait < THROTTLE_BACKOFF_MAX ? wait : THROTTLE_BACKOFF_MAX;
}

/* Rule 4: is the cookie a device of this login's account? */
static int device_check(struct store *db, struct throttle_login *t, const char *token, int64_t now)
{
	int64_t n = 0;
	t->device_hash[0] = '\0';
	t->device_valid = 0;
	if (!token || strlen(token) != THROTTLE_DEVICE_HEX)
		return 0;
	sha256_hex(token, strlen(token), t->device_hash);
	if (store_int64(
	        db, &n,
	        "SELECT COUNT(*) FROM login_devices d JOIN accounts a ON a.id = d.account_id"
	        " WHERE d.token_hash = ? AND a.login = ? AND d.last_used_at > ?",
	        "tti", t->device_hash, t->login, now - THROTTLE_DEVICE_MAX_AGE) != STORE_ROW)
		return -1;
	t->device_valid = n > 0;
	return 0;
}

/* Counts the failures other than ours: of (login, source) with the last
 * one's time, and of login from every source. */
static int failures(struct store *db, const struct throttle_login *t, int64_t now, int64_t *pair,
                    int64_t *last, int64_t *all)
{
	struct store_stmt *st =
	    store_query(db,
	                "SELECT COUNT(*), COALESCE(MAX(at), 0) FROM login_failures"
	                " WHERE login = ? AND source = ? AND at > ? AND id <> ?",
	                "ttii", t->login, t->source, now - THROTTLE_WINDOW, t->pending_id);
	int rc = st ? store_step(st) : STORE_ERROR;
	if (rc == STORE_ROW) {
		*pair = store_column_int64(st, 0);
		*last = store_column_int64(st, 1);
	}
	store_finalize(st);
	if (rc != STORE_ROW)
		return -1;
	return store_int64(
	           db, all,
	           "SELECT COUNT(*) FROM login_failures WHERE login = ? AND at > ? AND id <> ?",
	           "tii", t->login, now - THROTTLE_WINDOW, t->pending_id) == STORE_ROW
	           ? 0
	           : -1;
}

int throttle_login_begin(struct store *db, struct throttle_login *t, const char *login,
                         const char *address, const char *device_token, int64_t now, struct derr *e)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->login, sizeof(t->login), "%s", login);
	snprintf(t->address, sizeof(t->address), "%s", address);
	if (throttle_address_over(address, now)) {
		t->audit = "address rate limit";
		return derr_code(e, DERR_LIMIT, "too_many_attempts", NULL,
		                 "尝试次数过多，请稍后再试");
	}
	if (device_check(db, t, device_token, now))
		return derr_store(e, db, "login device lookup");
	if (t->device_valid)
		snprintf(t->source, sizeof(t->source), "d:%.16s", t->device_hash);
	else
		snprintf(t->source, sizeof(t->source), "a:%s", address);

	/* Rule 5: count ourselves as a failure first, then look at the others. */
	if (store_int64(db, &t->pending_id,
	                "INSERT INTO login_failures (login, address, source, at)"
	                " VALUES (?, ?, ?, ?) RETURNING id",
	                "ttti", t->login, address, t->source, now) != STORE_ROW)
		return derr_store(e, db, "login failure insert");
	int64_t pair = 0, last = 0, all = 0;
	if (failures(db, t, now, &pair, &last, &all)) {
		/* Nothing was checked and nothing answered but a 500: the
		 * attempt is no failure. */
		derr_store(e, db, "login failures count");
		store_run(db, "DELETE FROM login_failures WHERE id = ?", "i", t->pending_id);
		return -1;
	}
	int64_t wait = last + backoff(pair) - now;
	if (pair >= THROTTLE_FREE_FAILURES && wait > 0) {
		t->audit = "locked: back-off for this login from this source";
		snprintf(t->message, sizeof(t->message),
		         "登录失败次数过多，请 %lld 分钟后再试（其他网络或设备不受影响）",
		         (long long)((wait + 59) / 60));
	} else if (all >= THROTTLE_LOGIN_CEILING && !t->device_valid) {
		t->audit = "locked: login ceiling";
		snprintf(t->message, sizeof(t->message),
		         "该账号近期登录失败次数过多，已暂时锁定；请在曾经登录过的设备上登录，"
		         "或联系平台管理员");
	} else {
		return 0;
	}
	/* Refused attempts are not failures (nothing was checked). */
	store_run(db, "DELETE FROM login_failures WHERE id = ?", "i", t->pending_id);
	t->pending_id = 0;
	/* e keeps its own copy: t may be the caller's local. */
	return derr_codef(e, DERR_LIMIT, "too_many_attempts", NULL, "%s", t->message);
}

void throttle_login_failed(struct store *db, const struct throttle_login *t, int64_t now)
{
	throttle_address_hit(t->address, now);
	store_run(db, "DELETE FROM login_failures WHERE at <= ?", "i", now - THROTTLE_WINDOW);
}

/* Rule 4: a new token for the device, carrying the accounts the old one
 * had, plus account_id.  One transaction. */
static int remember_device(struct store *db, const struct throttle_login *t, int64_t account_id,
                           int64_t now, char *token_out)
{
	char fresh[THROTTLE_DEVICE_HEX + 1], fresh_hash[65];
	random_hex(fresh, THROTTLE_DEVICE_HEX / 2);
	sha256_hex(fresh, strlen(fresh), fresh_hash);
	if (store_begin(db) != STORE_OK)
		return -1;
	if ((t->device_hash[0] &&
	     store_run(db, "UPDATE login_devices SET token_hash = ? WHERE token_hash = ?", "tt",
	               fresh_hash, t->device_hash) != STORE_OK) ||
	    store_run(db,
	              "INSERT INTO login_devices (token_hash, account_id, created_at, last_used_at)"
	              " VALUES (?, ?, ?, ?) ON CONFLICT (token_hash, account_id)"
	              " DO UPDATE SET last_used_at = excluded.last_used_at",
	              "tiii", fresh_hash, account_id, now, now) != STORE_OK ||
	    store_run(db, "DELETE FROM login_devices WHERE last_used_at <= ?", "i",
	              now - THROTTLE_DEVICE_MAX_AGE) != STORE_OK ||
	    store_commit(db) != STORE_OK) {
		store_rollback(db);
		return -1;
	}
	memcpy(token_out, fresh, sizeof(fresh));
	return 0;
}

int throttle_login_succeeded(struct store *db, const struct throttle_login *t, int64_t account_id,
                             int64_t now, char *token_out)
{
	int rc = 0;
	if (store_run(db, "DELETE FROM login_failures WHERE login = ? AND source = ?", "tt",
	              t->login, t->source) != STORE_OK) {
		log_error("login throttle: cannot clear failures: %s", store_errmsg(db));
		rc = -1;
	}
	if (!token_out)
		return rc;
	token_out[0] = '\0';
	if (account_id > 0 && remember_device(db, t, account_id, now, token_out)) {
		log_error("login throttle: cannot remember the device: %s", store_errmsg(db));
		rc = -1;
	}
	return rc;
}

int throttle_login_passed(struct store *db, const struct throttle_login *t)
{
	if (store_run(db, "DELETE FROM login_failures WHERE id = ?", "i", t->pending_id) !=
	    STORE_OK) {
		log_error("login throttle: cannot clear the attempt: %s", store_errmsg(db));
		return -1;
	}
	return 0;
}

int throttle_devices_forget(struct store *db, int64_t account_id)
{
	return store_run(db, "DELETE FROM login_devices WHERE account_id = ?", "i", account_id) ==
	               STORE_OK
	           ? 0
	           : -1;
}
