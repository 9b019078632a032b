/* skyway serve: configuration from defaults < --config FILE < environment < flags. */
#include <ini.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"
#include "cli/cli.h"
#include "domain/claim.h"
#include "domain/password.h"
#include "domain/recommend.h"
#include "domain/search_index.h"
#include "domain/servcal.h"
#include "domain/session.h"
#include "domain/throttle.h"
#include "http/proxy.h"
#include "http/server.h"

struct serve_options {
	char *db, *listen, *web, *access_log, *data_key_file, *trusted_proxies, *metrics_token,
	    *files, *search;
	int64_t threads, session_idle, session_absolute, login_rate;
	int64_t max_connections, header_timeout;
	int trust_proxy;
};

static const char serve_help[] =
    "usage: skyway serve [--db URL] [--listen HOST:PORT] [options]\n"
    "\n"
    "Serves the JSON API under /api/v1/ and the web app.  Migrations run first.\n"
    "\n"
    "  --db URL               sqlite:PATH or postgres://... (env SKYWAY_DB;\n"
    "                         default sqlite:skyway.db)\n"
    "  --listen HOST:PORT     address to listen on (env SKYWAY_LISTEN;\n"
    "                         default 127.0.0.1:8080; port 0 picks a free port)\n"
    "  --web DIR              built web app (env SKYWAY_WEB; default web/dist\n"
    "                         beside the binary's build folder)\n"
    "  --config FILE          ini file with the same keys (db, listen, web, threads,\n"
    "                         trust_proxy, trusted_proxies, session_idle,\n"
    "                         session_absolute, login_rate, access_log, data_key_file,\n"
    "                         metrics_token, max_connections, header_timeout, files,\n"
    "                         search);\n"
    "                         flags and environment win\n"
    "  --threads N            worker threads (default: 2 per core, at least 4)\n"
    "  --max-connections N    open connections at most (default 4000, fewer when the\n"
    "                         open-file limit is lower; the soft limit is raised first)\n"
    "  --header-timeout SEC   seconds a connection has to send a request head, from\n"
    "                         opening or from its previous answer (default 15; 0: none)\n"
    "  --trust-proxy          honour X-Forwarded-For/-Proto/-Host from a reverse proxy\n"
    "                         (env SKYWAY_TRUST_PROXY=1)\n"
    "  --trusted-proxies CIDR,...  the proxies whose headers are believed; the client\n"
    "                         is the rightmost X-Forwarded-For address not among them\n"
    "                         (env SKYWAY_TRUSTED_PROXIES; default " PROXY_DEFAULT ")\n"
    "  --session-idle SEC     idle session timeout (default 1800)\n"
    "  --session-absolute SEC absolute session lifetime (default 43200)\n"
    "  --login-rate N         failed logins (and registrations) per address per\n"
    "                         minute (default 30)\n"
    "  --access-log FILE      JSON access log (default: standard error; '-' for it,\n"
    "                         'off' for none)\n"
    "  --data-key-file FILE   key that seals phone and ID numbers (env SKYWAY_DATA_KEY\n"
    "                         as hex, or SKYWAY_DATA_KEY_FILE; SQLite default:\n"
    "                         DBPATH.key, created on first use)\n"
    "  --metrics-token TOKEN  GET /metrics with \"Authorization: Bearer TOKEN\" from\n"
    "                         anywhere (env SKYWAY_METRICS_TOKEN; prefer it or the\n"
    "                         config file: flags show in ps); without it only\n"
    "                         clients on this host that no proxy relayed\n"
    "  --files DIR            uploaded files such as business plans (env SKYWAY_FILES;\n"
    "                         SQLite default: DBPATH.files; else ./skyway-files)\n"
    "  --search memory|sql    position search from an index in memory (default) or\n"
    "                         by SQL alone (env SKYWAY_SEARCH); same answers\n";

static void set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = strdup(v);
}

/* A bearer token: 16-256 printable ASCII characters, no blanks. */
static int set_token(char **dst, const char *v)
{
	size_t n = strlen(v);
	for (const char *p = v; *p; p++)
		if (*p <= ' ' || *p > '~')
			n = 0;
	if (n < 16 || n > 256) {
		fprintf(stderr, "skyway serve: metrics_token must be 16-256 printable characters"
		                " without blanks\n");
		return -1;
	}
	set_str(dst, v);
	return 0;
}

static int set_int(int64_t *dst, const char *v, const char *name)
{
	if (parse_int64(v, dst) || *dst < 0) {
		fprintf(stderr, "skyway serve: %s must be a non-negative integer, not '%s'\n", name,
		        v);
		return -1;
	}
	return 0;
}

static int apply(struct serve_options *o, const char *key, const char *v)
{
	if (!strcmp(key, "db"))
		set_str(&o->db, v);
	else if (!strcmp(key, "listen"))
		set_str(&o->listen, v);
	else if (!strcmp(key, "web"))
		set_str(&o->web, v);
	else if (!strcmp(key, "access_log"))
		set_str(&o->access_log, v);
	else if (!strcmp(key, "data_key_file"))
		set_str(&o->data_key_file, v);
	else if (!strcmp(key, "metrics_token"))
		return set_token(&o->metrics_token, v);
	else if (!strcmp(key, "files"))
		set_str(&o->files, v);
	else if (!strcmp(key, "search")) {
		if (strcmp(v, "memory") && strcmp(v, "sql")) {
			fprintf(stderr, "skyway serve: search should be memory or sql\n");
			return -1;
		}
		set_str(&o->search, v);
	} else if (!strcmp(key, "threads"))
		return set_int(&o->threads, v, key);
	else if (!strcmp(key, "session_idle"))
		return set_int(&o->session_idle, v, key);
	else if (!strcmp(key, "session_absolute"))
		return set_int(&o->session_absolute, v, key);
	else if (!strcmp(key, "login_rate"))
		return set_int(&o->login_rate, v, key);
	else if (!strcmp(key, "max_connections"))
		return set_int(&o->max_connections, v, key);
	else if (!strcmp(key, "header_timeout"))
		return set_int(&o->header_timeout, v, key);
	else if (!strcmp(key, "trusted_proxies"))
		set_str(&o->trusted_proxies, v);
	else if (!strcmp(key, "trust_proxy"))
		o->trust_proxy = !strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes");
	else
		return -1;
	return 0;
}

static int ini_entry(void *user, const char *section, const char *name, const char *value)
{
	if (apply(user, name, value)) {
		fprintf(stderr, "skyway serve: config: bad or unknown key '%s' in [%s]\n", name,
		        section);
		return 0;
	}
	return 1;
}

/* web/dist next to the build folder the binary lives in, else ./web/dist. */
static void default_web(struct serve_options *o)
{
	char exe[PATH_MAX], dir[PATH_MAX + 16];
	struct stat sb;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(dir, sizeof(dir), "%s/../web/dist", exe);
			if (!stat(dir, &sb) && S_ISDIR(sb.st_mode)) {
				set_str(&o->web, dir);
				return;
			}
		}
	}
	set_str(&o->web, "web/dist");
}

int cmd_serve(int argc, char **argv)
{
	struct serve_options o = {.threads = 0,
	                          .session_idle = 1800,
	                          .session_absolute = 43200,
	                          .login_rate = 30,
	                          .header_timeout = 15};
	int rc = 2;
	const char *config = NULL;

	if (cli_wants_help(argc, argv)) {
		fputs(serve_help, stdout);
		return 0;
	}
	set_str(&o.listen, "127.0.0.1:8080");
	default_web(&o);
	for (int i = 1; i < argc; i++) /* the config file first, whatever its place */
		if (!strncmp(argv[i], "--config", 8))
			config = cli_option(argc, argv, &i, "--config");
	if (config && ini_parse(config, ini_entry, &o) != 0) {
		fprintf(stderr, "skyway serve: cannot read config file '%s'\n", config);
		goto out;
	}
	const char *env;
	if ((env = getenv("SKYWAY_DB")) && *env)
		set_str(&o.db, env);
	if ((env = getenv("SKYWAY_LISTEN")) && *env)
		set_str(&o.listen, env);
	if ((env = getenv("SKYWAY_WEB")) && *env)
		set_str(&o.web, env);
	if ((env = getenv("SKYWAY_TRUST_PROXY")) && *env)
		apply(&o, "trust_proxy", env);
	if ((env = getenv("SKYWAY_TRUSTED_PROXIES")))
		set_str(&o.trusted_proxies, env);
	if ((env = getenv("SKYWAY_METRICS_TOKEN")) && *env && set_token(&o.metrics_token, env))
		goto out;
	if ((env = getenv("SKYWAY_SEARCH")) && *env && apply(&o, "search", env))
		goto out;
	for (int i = 1; i < argc; i++) {
		const char *v;
		static const char *const keys[] = {"db",
		                                   "listen",
		                                   "web",
		                                   "threads",
		                                   "session-idle",
		                                   "session-absolute",
		                                   "login-rate",
		                                   "access-log",
		                                   "data-key-file",
		                                   "metrics-token",
		                                   "config",
		                                   "trusted-proxies",
		                                   "max-connections",
		                                   "header-timeout",
		                                   "files",
		                                   "search",
		                                   NULL};
		int matched = 0;
		if (!strcmp(argv[i], "--trust-proxy")) {
			o.trust_proxy = 1;
			continue;
		}
		for (const char *const *k = keys; *k && !matched; k++) {
			char flag[40], key[40];
			snprintf(flag, sizeof(flag), "--%s", *k);
			if (!(v = cli_option(argc, argv, &i, flag)))
				continue;
			matched = 1;
			snprintf(key, sizeof(key), "%s", *k);
			for (char *p = key; *p; p++)
				if (*p == '-')
					*p = '_';
			if (strcmp(key, "config") && apply(&o, key, v))
				goto out;
		}
		if (!matched) {
			fprintf(stderr, "skyway serve: unknown option '%s'\n\n%s", argv[i],
			        serve_help);
			goto out;
		}
	}

	static struct proxy_list proxies; /* lives as long as the server */
	char why[160];
	if (proxy_list_parse(&proxies, o.trusted_proxies ? o.trusted_proxies : PROXY_DEFAULT, why,
	                     sizeof(why))) {
		fprintf(stderr, "skyway serve: --trusted-proxies: %s\n", why);
		goto out;
	}

	rc = 1;
	const char *url = cli_db_url(o.db);
	if (cli_init_pii(url, o.data_key_file) || cli_init_files(url, o.files))
		goto out;
	struct store *db = cli_open_db(url);
	if (!db)
		goto out;
	/* Records imported before claims existed get their ID-digit proof. */
	int filled = claim_backfill_id6(db);
	/* The search index built now, not by the first search (search_index.h). */
	search_index_use(!o.search || !strcmp(o.search, "memory"));
	if (filled >= 0 && search_index_warm(db)) {
		fprintf(stderr, "skyway serve: search index: %s\n", store_errmsg(db));
		filled = -1;
	}
	store_close(db);
	if (filled < 0)
		goto out;
	if (filled)
		log_info("claims: %d imported records can now be claimed with their ID digits",
		         filled);
	size_t npos, nbytes;
	int64_t took;
	search_index_stats(&npos, &nbytes, &took);
	if (search_index_used())
		log_info("search: %zu open positions in memory (%.1f MiB, built in %lld ms)", npos,
		         (double)nbytes / 1048576.0, (long long)(took / 1000));
	else
		log_info("search: by SQL (--search sql)");
	store_pool_init(url);
	/* For the fault-injection tests only (tests/api/faults.test.mjs). */
	if (getenv("SKYWAY_TEST_FAULTS") && !strcmp(getenv("SKYWAY_TEST_FAULTS"), "1")) {
		log_info("fault injection is on (SKYWAY_TEST_FAULTS=1): never in production");
		store_faults_enable();
	}

	session_config.idle = o.session_idle > 0 ? o.session_idle : 1800;
	session_config.absolute = o.session_absolute > 0 ? o.session_absolute : 43200;
	throttle_address_limit = (int)o.login_rate;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	password_init(cores > 0 ? (int)cores : 2);

	FILE *log = stderr;
	if (o.access_log && !strcmp(o.access_log, "off"))
		log = NULL;
	else if (o.access_log && strcmp(o.access_log, "-") && !(log = fopen(o.access_log, "a"))) {
		fprintf(stderr, "skyway serve: cannot open access log '%s'\n", o.access_log);
		goto out;
	}
	struct server_config sc = {
	    .listen = o.listen,
	    .web_dir = o.web,
	    /* A request that waits (a check-in for its group commit, a live
	     * stream) is suspended and holds no thread, so the pool follows the
	     * cores; twice as many covers a thread held by I/O (SQLite's write
	     * lock, a PostgreSQL round trip).  bench/README.md has the figures. */
	    .threads = o.threads ? (int)o.threads : (int)(cores > 2 ? cores * 2 : 4),
	    .trust_proxy = o.trust_proxy,
	    .trusted_proxies = &proxies,
	    .access_log = log,
	    .metrics_token = o.metrics_token,
	    .max_connections = (int)(o.max_connections < 1000000 ? o.max_connections : 1000000),
	    .header_timeout = (int)(o.header_timeout < 86400 ? o.header_timeout : 86400),
	};
	rc = server_run(&sc);
	recommend_release();
	search_index_release();
	servcal_cache_free();
	if (log && log != stderr)
		fclose(log);
out:
	free(o.db);
	free(o.listen);
	free(o.web);
	free(o.access_log);
	free(o.data_key_file);
	free(o.trusted_proxies);
	free(o.metrics_token);
	free(o.files);
	free(o.search);
	return rc;
}
