// Harness for the API tests: starts a real `skyway serve` on loopback with a fresh
// database (SQLite file or a new PostgreSQL database), and gives tests small HTTP clients
// that keep the session cookie and send the CSRF token and Origin like the web app does.
//
// Environment:
//   SKYWAY_BIN           the binary (default build/skyway, relative to the repository root)
//   SKYWAY_TEST_BACKEND  sqlite (default) | postgres
//   SKYWAY_TEST_PG       base URL of a running throwaway PostgreSQL server, e.g.
//                        postgres://postgres@127.0.0.1:55432 (required for postgres;
//                        tests/lib/pg.sh starts one)
//
// Paths given to the client helpers: a path starting with "/" is used as is
// ("/healthz", "/api/v1/me"); any other path is relative to /api/v1/ ("me", "accounts").
// No npm dependencies: node:test, node:http.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { cloneTemplate, pgUrl as pgUrlOn, psql as psqlOn, sharedTemplate } from '../lib/template.mjs';
import { Authenticator } from '../lib/totp.mjs';
import { checkAnswer, checkRequest, serverDocument } from './openapi_check.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = process.env.SKYWAY_BIN
	? path.resolve(process.cwd(), process.env.SKYWAY_BIN)
	: path.join(ROOT, 'build', 'skyway');
export const BACKEND = (process.env.SKYWAY_TEST_BACKEND || 'sqlite').toLowerCase();
export const PG_BASE = process.env.SKYWAY_TEST_PG || '';
export const ADMIN_LOGIN = 'admin';
export const ADMIN_PASSWORD = 'corridor-ops-4417';
export const ADMIN_NAME = '管理员';
export const API = '/api/v1/';
export const SESSION_COOKIE = 'skyway_session';

if (BACKEND !== 'sqlite' && BACKEND !== 'postgres') {
	throw new Error(`SKYWAY_TEST_BACKEND must be sqlite or postgres, not ${BACKEND}`);
}
if (BACKEND === 'postgres' && !PG_BASE) {
	throw new Error('SKYWAY_TEST_BACKEND=postgres needs SKYWAY_TEST_PG (see tests/lib/pg.sh)');
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits, when needed, until the next MS milliseconds lie inside one wall-clock minute.
 * The per-address login limit (--login-rate) counts attempts in fixed one-minute windows
 * (src/domain/throttle.c): a burst of attempts that straddles a minute's end is counted in
 * two windows, and the attempt that must be refused is let in.
 */
export async function sameMinute(ms = 10000) {
	const left = 60000 - (Date.now() % 60000);
	if (left < ms) await sleep(left + 100);
}

let uniqCounter = 0;
/** A unique token usable inside logins and names: letters and digits only. */
export function uniq(prefix = 'u') {
	uniqCounter += 1;
	return `${prefix}${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}${uniqCounter}`;
}

let ipCounter = 0;
/** A fresh client address, sent as X-Forwarded-For (honoured with --trust-proxy). */
export function nextIp() {
	ipCounter += 1;
	return `10.${process.pid % 250}.${(ipCounter >> 8) & 255}.${(ipCounter & 255) || 1}`;
}

// ---------------------------------------------------------------------------------------
// CLI

/** Runs `skyway ARGS` synchronously. stdin: string written to standard input. */
export function runCli(args, { stdin = '', env = {}, timeout = 60000 } = {}) {
	const r = spawnSync(BIN, args, {
		input: stdin,
		encoding: 'utf8',
		timeout,
		env: cleanEnv(env),
	});
	if (r.error) throw new Error(`skyway ${args.join(' ')}: ${r.error.message}`);
	return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

// The server's configuration comes from each test's flags, never from the
// caller's environment, except the two settings scripts/check.sh sets for
// the whole run: the argon2id cost and the personal-data key.
const PASSED_THROUGH = new Set(['SKYWAY_PASSWORD_COST', 'SKYWAY_DATA_KEY']);

function cleanEnv(extra) {
	const env = { ...process.env };
	for (const k of Object.keys(env))
		if (k.startsWith('SKYWAY_') && !k.startsWith('SKYWAY_TEST') && !PASSED_THROUGH.has(k)) delete env[k];
	delete env.SKYWAY_BIN;
	return withDataKey({ ...env, ...extra });
}

// Staff must enrol a second factor, whose secret is sealed under the data key: on
// PostgreSQL (no key file beside the database) a run without SKYWAY_DATA_KEY gets a
// fixed test key, so that operators can enrol at all.
const TEST_DATA_KEY = '0f1e2d3c4b5a69788796a5b4c3d2e1f000112233445566778899aabbccddeeff';
function withDataKey(env) {
	if (BACKEND === 'postgres' && !env.SKYWAY_DATA_KEY && !env.SKYWAY_DATA_KEY_FILE) env.SKYWAY_DATA_KEY = TEST_DATA_KEY;
	return env;
}

function mustCli(args, opts) {
	const r = runCli(args, opts);
	if (r.code !== 0) {
		throw new Error(`skyway ${args.join(' ')} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
	}
	return r;
}

// ---------------------------------------------------------------------------------------
// Databases

function psql(sql, db = 'postgres') {
	return psqlOn(pgUrl(db), sql);
}

/** The URL of database DB on the server SKYWAY_TEST_PG points at (its path replaced). */
export function pgUrl(db) {
	return pgUrlOn(PG_BASE, db);
}

let dbCounter = 0;
function newDatabaseName() {
	dbCounter += 1;
	return `skyway_t_${process.pid}_${dbCounter}_${crypto.randomBytes(3).toString('hex')}`;
}

function pgDatabase(name) {
	return {
		url: pgUrl(name),
		name,
		drop() {
			psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
		},
	};
}

/** Creates a fresh, empty database in TMP (sqlite) or on SKYWAY_TEST_PG (postgres). */
export function createDatabase(tmp) {
	if (BACKEND === 'sqlite') {
		return { url: `sqlite:${path.join(tmp, 't.db')}`, drop() {} };
	}
	const name = newDatabaseName();
	psql(`CREATE DATABASE ${name}`);
	return pgDatabase(name);
}

/** `skyway migrate` on URL, then (bootstrap) the operator admin/admin-pass-123. */
function prepareDatabase(url, bootstrap) {
	mustCli(['migrate', '--db', url]);
	if (bootstrap) {
		mustCli(['user', 'add', '--db', url, '--role', 'operator', '--login', ADMIN_LOGIN, '--name', ADMIN_NAME], {
			stdin: `${ADMIN_PASSWORD}\n`,
		});
	}
}

/**
 * A migrated (and, with bootstrap, seeded) database for one server, in TMP or on
 * SKYWAY_TEST_PG: a copy of the suite's template when tests/lib/run.mjs shares one
 * (SKYWAY_TEST_SHARED; made once per suite run), else made here.  Returns { url, drop }.
 */
async function preparedDatabase(tmp, bootstrap) {
	const tpl = await sharedTemplate(['api', BIN, bootstrap], { backend: BACKEND, pgBase: PG_BASE }, (t) =>
		prepareDatabase(t.url, bootstrap),
	);
	if (!tpl) {
		const db = createDatabase(tmp);
		try {
			prepareDatabase(db.url, bootstrap);
		} catch (e) {
			try {
				db.drop();
			} catch {
				/* keep the first error */
			}
			throw e;
		}
		return db;
	}
	if (BACKEND === 'sqlite') return { url: cloneTemplate(tpl, { sqlitePath: path.join(tmp, 't.db') }), drop() {} };
	const name = newDatabaseName();
	cloneTemplate(tpl, { name });
	return pgDatabase(name);
}

/** Runs SQL statements on a test database DB ({url}) behind the server's back (sqlite3 or psql). */
export function execSql(db, statements) {
	const script = statements.join(';\n') + ';\n';
	const r =
		BACKEND === 'sqlite'
			? spawnSync('sqlite3', [db.url.slice('sqlite:'.length)], { input: script, encoding: 'utf8' })
			: spawnSync('psql', [db.url, '-v', 'ON_ERROR_STOP=1', '-q'], { input: script, encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
}

// ---------------------------------------------------------------------------------------
// Server

const liveChildren = new Set();
process.on('exit', () => {
	for (const c of liveChildren) {
		try {
			c.kill('SIGKILL');
		} catch {
			/* already gone */
		}
	}
});

/**
 * Starts `skyway serve` on a fresh database with the bootstrap operator admin/admin-pass-123.
 * opts.args: extra serve flags (e.g. ['--session-idle', '2']); opts.web: a --web directory;
 * opts.trustProxy (default true); opts.env: extra environment; opts.bootstrap (default true);
 * opts.softFdLimit: the server's soft limit on open files (see start()).
 * The database is migrated and seeded by `skyway migrate` and `skyway user add`, or copied
 * from the suite's template made by those two commands (see tests/lib/template.mjs).
 * Returns a Server.
 */
export async function startServer(opts = {}) {
	if (!fs.existsSync(BIN)) throw new Error(`skyway binary not found at ${BIN} (make build, or set SKYWAY_BIN)`);
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'skyway-api-'));
	let db;
	try {
		db = await preparedDatabase(tmp, opts.bootstrap !== false);
		const server = new Server(tmp, db, opts);
		await server.start();
		return server;
	} catch (e) {
		try {
			db?.drop();
		} catch {
			/* keep the first error */
		}
		fs.rmSync(tmp, { recursive: true, force: true });
		throw e;
	}
}

export class Server {
	constructor(tmp, db, opts) {
		this.tmp = tmp;
		this.db = db;
		this.dbUrl = db.url;
		this.opts = opts;
		this.stdoutChunks = [];
		this.stderrChunks = [];
		this.url = null;
		this.child = null;
		this.exit = null;
		this._admin = null;
	}

	serveArgs() {
		const a = ['serve', '--db', this.dbUrl, '--listen', '127.0.0.1:0'];
		if (this.opts.trustProxy !== false) a.push('--trust-proxy');
		if (this.opts.web) a.push('--web', this.opts.web);
		return a.concat(this.opts.args || []);
	}

	start() {
		return new Promise((resolve, reject) => {
			// opts.softFdLimit: start it as a service manager would, with that soft limit
			// on open files (systemd's default is 1024) and the hard limit unchanged.
			const args = this.opts.rawArgs || this.serveArgs();
			const [cmd, argv] = this.opts.softFdLimit ? ['sh', ['-c', `ulimit -Sn ${Number(this.opts.softFdLimit)} && exec "$0" "$@"`, BIN, ...args]] : [BIN, args];
			const child = spawn(cmd, argv, {
				stdio: ['ignore', 'pipe', 'pipe'],
				env: cleanEnv(this.opts.env || {}),
			});
			this.child = child;
			liveChildren.add(child);
			let settled = false;
			let lineBuf = '';
			const timer = setTimeout(() => {
				if (settled) return;
				settled = true;
				child.kill('SIGKILL');
				reject(new Error(`skyway serve did not print "listening on" within 20 s\nstdout: ${this.stdout()}\nstderr: ${this.stderr()}`));
			}, 20000);
			child.stdout.on('data', (d) => {
				this.stdoutChunks.push(d);
				if (settled) return;
				lineBuf += d.toString('utf8');
				const m = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(lineBuf);
				if (m) {
					settled = true;
					clearTimeout(timer);
					this.url = m[1];
					this.port = Number(m[2]);
					resolve(this);
				}
			});
			child.stderr.on('data', (d) => this.stderrChunks.push(d));
			this.exited = new Promise((res) => {
				child.on('exit', (code, signal) => {
					liveChildren.delete(child);
					this.exit = { code, signal };
					res(this.exit);
					if (!settled) {
						settled = true;
						clearTimeout(timer);
						reject(new Error(`skyway serve exited (${code ?? signal}) before listening\nstdout: ${this.stdout()}\nstderr: ${this.stderr()}`));
					}
				});
			});
			child.on('error', (e) => {
				if (!settled) {
					settled = true;
					clearTimeout(timer);
					reject(e);
				}
			});
		});
	}

	/** Everything the server printed so far on standard output / error. */
	stdout() {
		return Buffer.concat(this.stdoutChunks).toString('utf8');
	}
	stderr() {
		return Buffer.concat(this.stderrChunks).toString('utf8');
	}

	/**
	 * SIGTERM, wait for the exit, remove the database and temporary files.
	 * Throws unless the server exited with status 0 (clean shutdown).
	 */
	async stop() {
		if (!this.child) return;
		let exit = this.exit;
		this.stopping = true;
		if (!exit) {
			this.child.kill('SIGTERM');
			// A timer left pending would keep node alive 15 s after the last test.
			let timer;
			const timeout = new Promise((res) => {
				timer = setTimeout(() => res(null), 15000);
			});
			exit = await Promise.race([this.exited, timeout]);
			clearTimeout(timer);
			if (!exit) {
				this.child.kill('SIGKILL');
				await this.exited;
			}
		}
		this.child = null;
		let dropError = null;
		try {
			this.db.drop();
		} catch (e) {
			dropError = e;
		}
		if (!this.opts.keepTmp) fs.rmSync(this.tmp, { recursive: true, force: true });
		if (!exit) throw new Error('skyway serve did not exit within 15 s of SIGTERM');
		if (exit.code !== 0) {
			throw new Error(`skyway serve did not shut down cleanly on SIGTERM: code ${exit.code}, signal ${exit.signal}\nstderr tail: ${this.stderr().slice(-2000)}`);
		}
		if (dropError) throw dropError;
	}

	/** Runs a CLI subcommand against this server's database: cli(['user','add',...], stdin). */
	cli(args, stdin = '') {
		const [a, b, ...rest] = args;
		const full = a === 'user' ? [a, b, '--db', this.dbUrl, ...rest] : [a, '--db', this.dbUrl, b, ...rest].filter((x) => x !== undefined);
		return runCli(full, { stdin });
	}

	/** A client without a session (its own address unless ip is given). */
	client({ ip } = {}) {
		return new Client(this, { ip });
	}

	/**
	 * Logs in and returns the client; throws unless the answer is 200.  Staff who must use
	 * a second factor are enrolled, or answer it, on the way (mfaAfterLogin).
	 */
	async login(login, password, { ip } = {}) {
		const c = this.client({ ip });
		const r = await c.post('auth/login', { login, password });
		if (r.status !== 200) throw new Error(`login ${login} failed: ${r.status} ${r.text}`);
		await mfaAfterLogin(this, c, login, r);
		return c;
	}

	/** The operator's client (logged in once per server and cached). */
	async admin() {
		if (!this._admin) this._admin = await this.login(ADMIN_LOGIN, ADMIN_PASSWORD);
		return this._admin;
	}
}

// ---------------------------------------------------------------------------------------
// Staff two-factor login (MFA)
//
// Operators and officers must enrol a second factor before their session reaches anything
// but enrolment; other staff may.  The login helpers call mfaAfterLogin, which does what a
// person with an authenticator app does: when the login answer says enrolment is required,
// enrol (setup, a code from the secret, keep the recovery codes); when it asks for a code,
// answer with the authenticator this process enrolled for that login on this server.

/** The authenticators (tests/lib/totp.mjs) enrolled on a server, by login. */
export function authenticators(server) {
	if (!server.mfaAuthenticators) server.mfaAuthenticators = new Map();
	return server.mfaAuthenticators;
}

/**
 * Continues a login answered 200: enrols, or answers the second factor, when asked.
 * Returns the answer that ended the login (the one that set the session cookie).
 * opts (headers, ...) go with the second step too.
 */
export async function mfaAfterLogin(server, client, login, res, opts = {}) {
	const key = login.toLowerCase();
	if (res.json && res.json.mfa_required) {
		const auth = authenticators(server).get(key);
		if (!auth) throw new Error(`login ${login} asks for a second factor this harness never enrolled`);
		const r = await answerMfa(client, res.json.mfa_token, auth, opts);
		if (r.status !== 200) throw new Error(`second factor of ${login} failed: ${r}`);
		return r;
	}
	if (res.json && res.json.mfa && res.json.mfa.enrolment_required) {
		authenticators(server).set(key, await enrolMfa(client));
	}
	return res;
}

/** POST /auth/login, then mfaAfterLogin: the answer that set the cookie (or the refusal). */
export async function completeLogin(server, client, login, password, opts = {}) {
	const r = await client.post('auth/login', { login, password }, opts);
	return r.status === 200 ? mfaAfterLogin(server, client, login, r, opts) : r;
}

/** Enrols the client's account (setup, then a code) and returns its Authenticator. */
export async function enrolMfa(client) {
	const s = await client.post('me/mfa/setup', {});
	if (s.status !== 200) throw new Error(`MFA setup failed: ${s}`);
	const auth = new Authenticator(s.json.secret);
	const e = await client.post('me/mfa/enable', { code: (await auth.next()).code });
	if (e.status !== 200) throw new Error(`MFA enable failed: ${e}`);
	auth.recovery = [...e.json.recovery_codes];
	return auth;
}

/** POST /auth/mfa with the next code of auth (once more if a step turned over meanwhile). */
export async function answerMfa(client, token, auth, opts = {}) {
	let r;
	for (let attempt = 0; attempt < 2; attempt++) {
		r = await client.post('auth/mfa', { mfa_token: token, code: (await auth.next()).code }, opts);
		if (r.status === 200) {
			client.account = r.json.account;
			return r;
		}
		if (!r.json || !r.json.error || !['bad_code', 'code_reused'].includes(r.json.error.code)) break;
	}
	return r;
}

// ---------------------------------------------------------------------------------------
// HTTP client

/** One answer: status, headers (a Headers), body bytes; .text and .json decode lazily. */
export class Res {
	constructor(status, headers, buf, setCookies, desc) {
		this.status = status;
		this.headers = headers;
		this.buf = buf;
		this.setCookies = setCookies;
		this.desc = desc;
	}
	get text() {
		return this.buf.toString('utf8');
	}
	get json() {
		if (this._json === undefined) {
			try {
				this._json = JSON.parse(this.text);
			} catch {
				this._json = null;
			}
		}
		return this._json;
	}
	header(name) {
		return this.headers.get(name);
	}
	/** The Set-Cookie line for the session cookie, or undefined. */
	sessionCookieLine() {
		return this.setCookies.find((l) => l.trim().startsWith(`${SESSION_COOKIE}=`));
	}
	toString() {
		return `${this.desc} -> ${this.status} ${this.text.slice(0, 600)}`;
	}
}

function splitSetCookie(headers) {
	if (typeof headers.getSetCookie === 'function') return headers.getSetCookie();
	const v = headers.get('set-cookie');
	if (!v) return [];
	return v.split(/,(?=\s*[A-Za-z0-9_!#$%&'*+.^`|~-]+=)/);
}

/** Parses one Set-Cookie line into {name, value, attrs: {lowercase name: value|true}}. */
export function parseSetCookie(line) {
	const parts = line.split(';').map((s) => s.trim());
	const [nv, ...rest] = parts;
	const eq = nv.indexOf('=');
	const attrs = {};
	for (const p of rest) {
		if (!p) continue;
		const i = p.indexOf('=');
		if (i < 0) attrs[p.toLowerCase()] = true;
		else attrs[p.slice(0, i).toLowerCase()] = p.slice(i + 1);
	}
	return { name: nv.slice(0, eq), value: nv.slice(eq + 1), attrs };
}

function cookieClears(c) {
	if (c.value === '' || c.value === '""') return true;
	if (c.attrs['max-age'] !== undefined && Number(c.attrs['max-age']) <= 0) return true;
	if (c.attrs.expires && Date.parse(c.attrs.expires) < Date.now()) return true;
	return false;
}

export function apiPath(p) {
	return p.startsWith('/') ? p : API + p;
}

/** The JSON value a request sends (opts.json as JSON.stringify writes it: no undefined
 * keys; or a raw body sent as JSON), else undefined. */
function sentJson(opts) {
	if (opts.json !== undefined) return JSON.parse(JSON.stringify(opts.json));
	if (opts.body === undefined || !/^application\/json\b/.test(opts.contentType || '')) return undefined;
	try {
		return JSON.parse(String(opts.body));
	} catch {
		return undefined;
	}
}

// The connections every Client of this process shares (kept open between requests).
const agent = new http.Agent({ keepAlive: true });

/**
 * One HTTP request as the global fetch() made it for these tests (it did until the
 * request path of the suites was measured: undici cost 1.1 ms of CPU per small request
 * against 0.3 ms here, on make check's machine): the same default headers that matter
 * (Accept-Encoding gzip/deflate, answers decompressed; Content-Length on every body,
 * 0 for a POST without one), no redirects followed, a 30 s limit, the answer's headers as
 * a WHATWG Headers object (duplicates kept, getSetCookie()).  A request that found its
 * kept-alive connection closed by the server before it was sent is sent again once.
 * Resolves to { status, headers, buf }.
 */
function send(url, method, headers, body) {
	const h = { Accept: '*/*', 'Accept-Encoding': 'gzip, deflate', ...headers };
	const present = (name) => Object.keys(h).some((k) => k.toLowerCase() === name);
	if (!present('content-length') && !present('transfer-encoding') && (body !== undefined || !['GET', 'HEAD'].includes(method))) {
		h['Content-Length'] = body === undefined ? 0 : Buffer.byteLength(body);
	}
	const once = () =>
		new Promise((resolve, reject) => {
			const req = http.request(url, { method, headers: h, agent, signal: AbortSignal.timeout(30000) }, (res) => {
				const chunks = [];
				res.on('data', (d) => chunks.push(d));
				res.on('error', reject);
				res.on('end', () => {
					const headersOut = new Headers();
					for (let i = 0; i < res.rawHeaders.length; i += 2) headersOut.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
					let buf = Buffer.concat(chunks);
					try {
						const enc = (res.headers['content-encoding'] || '').trim().toLowerCase();
						if (enc === 'gzip' || enc === 'x-gzip') buf = zlib.gunzipSync(buf);
						else if (enc === 'deflate') buf = zlib.inflateSync(buf);
					} catch (e) {
						reject(new Error(`undecodable ${res.headers['content-encoding']} body: ${e.message}`));
						return;
					}
					resolve({ status: res.statusCode, headers: headersOut, buf });
				});
			});
			req.on('error', (e) => {
				e.reused = req.reusedSocket;
				reject(e);
			});
			req.end(body);
		});
	return once().catch((e) => {
		if (e.reused && (e.code === 'ECONNRESET' || e.code === 'EPIPE')) return once();
		throw e;
	});
}

export class Client {
	constructor(server, { ip } = {}) {
		this.server = server;
		this.ip = ip || nextIp();
		this.cookie = null; // session token
		this.csrf = null;
		this.account = null;
	}

	/** A copy sharing nothing: same cookie, token and address at the time of the call. */
	clone() {
		const c = new Client(this.server, { ip: this.ip });
		c.cookie = this.cookie;
		c.csrf = this.csrf;
		c.account = this.account;
		return c;
	}

	/**
	 * Sends a request. opts:
	 *   json     value sent as application/json
	 *   body     raw body (string or Buffer); contentType sets its Content-Type
	 *   headers  extra headers (a null value removes a default one)
	 *   csrf     true (send the session's token on non-GET), false, or a string to send
	 *   origin   true (own origin), false (none), or a string
	 *   cookie   true (send the session cookie), false, or a raw token string
	 *   track    false to leave the stored cookie alone whatever the answer sets
	 *   openapi  false to skip checking the answer (and, when it is 2xx, the request)
	 *            against openapi.json (openapi_check.mjs); 'answer' to check the answer only
	 *            (a probe that sends what the document does not describe on purpose)
	 */
	async request(method, p, opts = {}) {
		const url = this.server.url + apiPath(p);
		const h = { 'X-Forwarded-For': this.ip };
		const origin = opts.origin === undefined ? true : opts.origin;
		if (origin === true) h.Origin = this.server.url;
		else if (typeof origin === 'string') h.Origin = origin;
		const cookie = opts.cookie === undefined ? true : opts.cookie;
		if (cookie === true && this.cookie) h.Cookie = `${SESSION_COOKIE}=${this.cookie}`;
		else if (typeof cookie === 'string') h.Cookie = `${SESSION_COOKIE}=${cookie}`;
		const csrf = opts.csrf === undefined ? true : opts.csrf;
		if (csrf === true && this.csrf && method !== 'GET' && method !== 'HEAD') h['X-CSRF-Token'] = this.csrf;
		else if (typeof csrf === 'string') h['X-CSRF-Token'] = csrf;
		let body;
		if (opts.json !== undefined) {
			body = JSON.stringify(opts.json);
			h['Content-Type'] = 'application/json';
		} else if (opts.body !== undefined) {
			body = opts.body;
			if (opts.contentType) h['Content-Type'] = opts.contentType;
		}
		for (const [k, v] of Object.entries(opts.headers || {})) {
			for (const existing of Object.keys(h)) if (existing.toLowerCase() === k.toLowerCase()) delete h[existing];
			if (v !== null && v !== undefined) h[k] = v;
		}
		const desc = `${method} ${apiPath(p)}`;
		let res;
		try {
			res = await send(url, method, h, body);
		} catch (e) {
			await sleep(100);
			const ex = this.server.exit;
			const who = this.server.stopping ? 'after stop()' : 'WITHOUT stop() being called (killed from outside the harness?)';
			const why = ex ? `\nthe server had exited ${who}: code ${ex.code}, signal ${ex.signal}; stderr tail:\n${this.server.stderr().slice(-3000)}` : '';
			throw new Error(`${desc}: request failed: ${e.message} ${e.cause ? e.cause.message || e.cause.code : ''}${why}`);
		}
		const buf = res.buf;
		const setCookies = splitSetCookie(res.headers);
		if (opts.track !== false) {
			for (const line of setCookies) {
				const c = parseSetCookie(line);
				if (c.name !== SESSION_COOKIE) continue;
				this.cookie = cookieClears(c) ? null : c.value;
			}
		}
		const r = new Res(res.status, res.headers, buf, setCookies, desc);
		if (opts.track !== false && r.json && typeof r.json === 'object' && !Array.isArray(r.json)) {
			if (typeof r.json.csrf_token === 'string') this.csrf = r.json.csrf_token;
			if (r.json.account && (p === 'auth/login' || p === 'me')) this.account = r.json.account;
		}
		// Every answer must be one the OpenAPI document describes, and every request answered
		// 2xx one it documents (openapi_check.mjs).
		const doc = opts.openapi === false ? null : await serverDocument(this.server);
		if (doc) {
			checkAnswer(doc, method, apiPath(p), r);
			if (opts.openapi !== 'answer') checkRequest(doc, method, apiPath(p), sentJson(opts), r.status, desc);
		}
		return r;
	}

	get(p, opts = {}) {
		return this.request('GET', p, opts);
	}
	/** POST with a JSON body (omit body for none). */
	post(p, json, opts = {}) {
		return this.request('POST', p, json === undefined ? opts : { ...opts, json });
	}
	/** The id of the logged-in account. */
	get id() {
		return this.account && this.account.id;
	}
}

/**
 * A raw HTTP/1.1 request through node:http: no URL normalisation, no automatic
 * decompression, and tolerant of the server answering before the body is fully sent
 * (e.g. 413). Resolves to {status, headers (lower-case object), buf, text, json}.
 */
export function rawRequest(server, { method = 'GET', path: p = '/', headers = {}, body } = {}) {
	const u = new URL(server.url);
	return new Promise((resolve, reject) => {
		let done = false;
		const req = http.request(
			{ host: u.hostname, port: u.port, method, path: p, headers: { Connection: 'close', ...headers }, agent: false },
			(res) => {
				const chunks = [];
				res.on('data', (d) => chunks.push(d));
				res.on('error', () => {});
				res.on('end', () => {
					done = true;
					const buf = Buffer.concat(chunks);
					let json = null;
					try {
						json = JSON.parse(buf.toString('utf8'));
					} catch {
						/* not JSON */
					}
					resolve({ status: res.statusCode, headers: res.headers, buf, text: buf.toString('utf8'), json, desc: `${method} ${p}` });
				});
				res.on('close', () => {
					if (!done) {
						done = true;
						const buf = Buffer.concat(chunks);
						resolve({ status: res.statusCode, headers: res.headers, buf, text: buf.toString('utf8'), json: null, desc: `${method} ${p}`, truncated: true });
					}
				});
			},
		);
		req.setTimeout(30000, () => req.destroy(new Error('timeout')));
		req.on('error', (e) => {
			// EPIPE/ECONNRESET after the answer arrived is fine: the server stopped reading.
			if (!done) setTimeout(() => !done && reject(new Error(`${method} ${p}: ${e.message}`)), 200);
		});
		if (body !== undefined) req.write(body, () => {});
		req.end();
	});
}

// ---------------------------------------------------------------------------------------
// Assertions

/** Asserts an error answer: exact status, code, and (when given) field; shape per docs/api.md. */
export function expectError(res, status, code, field) {
	const where = res.toString ? res.toString() : `${res.desc} -> ${res.status} ${res.text}`;
	assert.equal(res.status, status, `expected ${status} ${code}${field ? ` field ${field}` : ''}: ${where}`);
	const ct = (res.headers.get ? res.headers.get('content-type') : res.headers['content-type']) || '';
	assert.match(ct, /^application\/json/, `error content-type: ${where}`);
	const body = res.json;
	assert.ok(body && body.error && typeof body.error === 'object', `error body shape: ${where}`);
	if (Array.isArray(code)) assert.ok(code.includes(body.error.code), `error code ${body.error.code} not in ${code}: ${where}`);
	else assert.equal(body.error.code, code, `error code: ${where}`);
	assert.equal(typeof body.error.message, 'string', `error message: ${where}`);
	assert.ok(body.error.message.length > 0, `error message empty: ${where}`);
	if (field !== undefined) assert.equal(body.error.field, field, `error field: ${where}`);
	return body.error;
}

/** Asserts a 2xx-class exact status and returns the parsed JSON. */
export function expectStatus(res, status) {
	assert.equal(res.status, status, `expected ${status}: ${res}`);
	return res.json;
}

// ---------------------------------------------------------------------------------------
// Unified social credit codes (GB 32100-2015)

export const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters of a credit code. */
export function creditCheckChar(first17) {
	assert.equal(first17.length, 17);
	let sum = 0;
	for (let i = 0; i < 17; i++) {
		const v = CREDIT_ALPHABET.indexOf(first17[i]);
		if (v < 0) throw new Error(`not in the GB 32100 alphabet: ${first17[i]}`);
		sum += v * CREDIT_WEIGHTS[i];
	}
	return CREDIT_ALPHABET[(31 - (sum % 31)) % 31];
}

/** A random valid 18-character credit code starting "91" (enterprise, company). */
export function creditCode() {
	let s = '91';
	while (s.length < 17) s += CREDIT_ALPHABET[crypto.randomInt(CREDIT_ALPHABET.length)];
	return s + creditCheckChar(s);
}

// ---------------------------------------------------------------------------------------
// Domain helpers (through the API, as the operator)

/** The organisation object in a create/approve answer, whichever wrapper the server uses. */
export function orgOf(body) {
	if (!body || typeof body !== 'object') return body;
	return body.organization || body.org || body;
}

export async function makeCollege(admin, { name, code } = {}) {
	const body = { kind: 'college', name: name || `学院${uniq('c')}` };
	if (code !== null) body.code = code || uniq('C');
	const r = await admin.post('organizations', body);
	assert.equal(r.status, 201, `makeCollege: ${r}`);
	const org = orgOf(r.json);
	assert.equal(typeof org.id, 'number', `makeCollege id: ${r}`);
	return org;
}

export async function makeEnterprise(admin, { name, credit_code } = {}) {
	const r = await admin.post('organizations', {
		kind: 'enterprise',
		name: name || `企业${uniq('e')}有限公司`,
		credit_code: credit_code || creditCode(),
	});
	assert.equal(r.status, 201, `makeEnterprise: ${r}`);
	const org = orgOf(r.json);
	assert.equal(typeof org.id, 'number', `makeEnterprise id: ${r}`);
	return org;
}

/** Creates an account as the operator; returns the account plus its password. */
export async function makeAccount(admin, { role, org_id, login, password, display_name } = {}) {
	const body = {
		login: login || uniq(role ? role.slice(0, 3) : 'acc'),
		password: password || `pw-${crypto.randomBytes(6).toString('hex')}`,
		role: role || 'judge',
		display_name: display_name || `用户${uniq('n')}`,
	};
	if (org_id !== undefined) body.org_id = org_id;
	const r = await admin.post('accounts', body);
	assert.equal(r.status, 201, `makeAccount: ${r}`);
	assert.ok(r.json.account, `makeAccount answer has account: ${r}`);
	return { ...r.json.account, password: body.password };
}

/** Every item of a paged list (page_size 200). */
export async function listAll(client, p, params = {}) {
	const items = [];
	for (let page = 1; page < 1000; page++) {
		const qs = new URLSearchParams({ ...params, page: String(page), page_size: '200' });
		const r = await client.get(`${p}?${qs}`);
		assert.equal(r.status, 200, `listAll ${p}: ${r}`);
		items.push(...r.json.items);
		if (items.length >= r.json.total || r.json.items.length === 0) break;
	}
	return items;
}

/** A comparable picture of every account and organisation (volatile fields left out). */
export async function snapshot(admin) {
	const accounts = (await listAll(admin, 'accounts'))
		.map(({ last_login_at, ...rest }) => rest)
		.sort((a, b) => a.id - b.id);
	const orgs = (await listAll(admin, 'organizations')).sort((a, b) => a.id - b.id);
	return { accounts, orgs };
}

/** Asserts GET /healthz answers 200 {"status":"ok"}. */
export async function assertHealthy(server) {
	const r = await server.client().get('/healthz');
	assert.equal(r.status, 200, `healthz: ${r}`);
	assert.deepEqual(r.json, { status: 'ok' });
}

// ---------------------------------------------------------------------------------------
// Minimal .zip reader (for .xlsx answers): name -> Buffer of the uncompressed entry.

export function readZip(buf) {
	let eocd = -1;
	for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
		if (buf.readUInt32LE(i) === 0x06054b50) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
	const count = buf.readUInt16LE(eocd + 10);
	let off = buf.readUInt32LE(eocd + 16);
	const out = new Map();
	for (let n = 0; n < count; n++) {
		if (buf.readUInt32LE(off) !== 0x02014b50) throw new Error('bad central directory entry');
		const method = buf.readUInt16LE(off + 10);
		const csize = buf.readUInt32LE(off + 20);
		const nameLen = buf.readUInt16LE(off + 28);
		const extraLen = buf.readUInt16LE(off + 30);
		const commentLen = buf.readUInt16LE(off + 32);
		const local = buf.readUInt32LE(off + 42);
		const name = buf.toString('utf8', off + 46, off + 46 + nameLen);
		if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error('bad local header');
		const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
		const data = buf.subarray(dataStart, dataStart + csize);
		if (method === 0) out.set(name, Buffer.from(data));
		else if (method === 8) out.set(name, zlib.inflateRawSync(data));
		else throw new Error(`zip method ${method} not supported`);
		off += 46 + nameLen + extraLen + commentLen;
	}
	return out;
}

/** All text of an .xlsx (every XML part concatenated, entities decoded). */
export function xlsxText(buf) {
	const parts = readZip(buf);
	let s = '';
	for (const [name, data] of parts) if (name.endsWith('.xml')) s += data.toString('utf8') + '\n';
	return s
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&apos;/g, "'")
		.replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
		.replace(/&amp;/g, '&');
}
