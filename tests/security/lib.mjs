// Shared helpers of the security suite (tests/security/*.test.mjs): the route table as
// the server publishes it, a digest of every table of the database (to prove a refused
// request wrote nothing), the cast of actors every file attacks with, a request helper
// that sends a JSON body, a file upload or nothing, and what the fixture builders share.
//
// The suite runs against a real `skyway serve` like tests/api/ (same harness, both
// backends): see tests/api/README.md for the environment variables.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { tableStamps } from '../lib/writestamp.mjs';
import { BACKEND, SESSION_COOKIE, apiPath, makeAccount, sleep, uniq } from '../api/harness.mjs';
import { makeWorld, openPosition, registerStudent, startRecruitServer, MAJOR } from '../api/recruit_lib.mjs';

export { startRecruitServer as startSecurityServer };

// ---------------------------------------------------------------------------------------
// The route table

/**
 * Every API route as GET /api/v1/openapi.json lists it (generated from src/http/routes.c):
 * [{key: "POST /api/v1/positions/{id}", method, pattern, roles: ['operator', ...],
 *   public, body, bodyLimit (bytes, 413 above), tag, summary}], in table order. body is
 *   the route's kind of body (src/http/router.h): 'json', 'file' (a spreadsheet,
 *   ROUTE_FILE), 'pdf' (the PDF itself, ROUTE_PDF), 'media' (an image, ROUTE_MEDIA),
 *   'upload' (a PDF or an image, ROUTE_UPLOAD: zone services' materials) or null.
 */
export async function routeTable(srv) {
	const r = await srv.client().get('/api/v1/openapi.json');
	assert.equal(r.status, 200, `openapi.json: ${r}`);
	const out = [];
	for (const [pattern, item] of Object.entries(r.json.paths)) {
		if (!pattern.startsWith('/api/')) continue; // /healthz and /metrics are served before the route table
		for (const [m, op] of Object.entries(item)) {
			const method = m.toUpperCase();
			const body = op.requestBody ? op['x-body-type'] || null : null;
			out.push({
				key: `${method} ${pattern}`,
				method,
				pattern,
				roles: op['x-roles'] || [],
				public: Array.isArray(op.security) && op.security.length === 0,
				body,
				bodyLimit: op['x-body-limit'] || 0,
				tag: (op.tags || [])[0],
				summary: op.summary,
			});
		}
	}
	assert.ok(out.length > 50, `the route table lists ${out.length} routes`);
	return out;
}

/** A path of the route with its parameter filled: {id} a number, {kind} and {name} a word
 * the route knows (imports take a kind, dictionaries a name), {code} a certificate code. */
export function samplePath(route, id = 1) {
	return route.pattern.replace(/\{([a-z_]+)\}/, (_, p) => {
		if (p === 'id') return String(id);
		if (route.pattern.startsWith('/api/v1/imports/')) return 'students';
		if (route.pattern.startsWith('/api/v1/dict/')) return 'majors';
		if (route.pattern.startsWith('/api/v1/public/certificates/')) return 'ABCDEFGHJKMN';
		throw new Error(`${route.key}: what to put in {${p}}?`);
	});
}

export const isWrite = (route) => !['GET', 'HEAD'].includes(route.method);

// ---------------------------------------------------------------------------------------
// "Nothing was written": a digest of every table

// Tables a refused request may legitimately write: the audit log records every refusal,
// sessions note their last use, and login bookkeeping counts failures.
const BOOKKEEPING = /^(sessions|audit_log|audit_.*|login_.*|.*_attempts|throttle.*|device.*|schema_migrations)$/;

function run(cmd, args, input) {
	const r = spawnSync(cmd, args, { input, encoding: 'utf8', timeout: 60000, maxBuffer: 256 << 20 });
	if (r.error || r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr || r.error}`);
	return r.stdout;
}

function sqliteFile(srv) {
	return srv.dbUrl.replace(/^sqlite:(\/\/)?/, '');
}

const tableCache = new Map();

/** Names of the database's own tables (full-text index tables left out: they follow their base table). */
export function tableNames(srv) {
	if (tableCache.has(srv.dbUrl)) return tableCache.get(srv.dbUrl);
	const out =
		BACKEND === 'sqlite'
			? run('sqlite3', ['-readonly', sqliteFile(srv), "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' ORDER BY name"])
			: run('psql', [srv.dbUrl, '-qAtc', "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"]);
	const names = out.split('\n').filter(Boolean);
	tableCache.set(srv.dbUrl, names); // the schema is the migrations': fixed while a server runs
	return names;
}

/**
 * A digest of the database: for every table but the bookkeeping ones, its row count and
 * its write stamp (tests/lib/writestamp.mjs), which changes when it is written. Map
 * name → {rows, hash}.
 */
export async function dbDigest(srv) {
	const tables = tableNames(srv).filter((t) => !BOOKKEEPING.test(t));
	const digest = new Map();
	for (const [t, hash] of Object.entries(await tableStamps(srv, srv.dbUrl, tables))) digest.set(t, { rows: Number(hash.split(':')[0]), hash });
	assert.ok(digest.size >= 10, `digest of ${digest.size} tables`);
	return digest;
}

/** Asserts two digests are equal, naming the tables that differ. */
export function assertSameDigest(before, after, what) {
	const changed = [];
	for (const [t, b] of before) {
		const a = after.get(t);
		if (!a || a.hash !== b.hash) changed.push(`${t} (${b.rows} → ${a ? a.rows : 'gone'} rows)`);
	}
	for (const t of after.keys()) if (!before.has(t)) changed.push(`${t} (new table)`);
	assert.deepEqual(changed, [], `${what}: wrote to ${changed.join(', ')}`);
}

// ---------------------------------------------------------------------------------------
// Requests

/**
 * The bytes and Content-Type of a body that is a file, or null for a JSON body:
 *   {file: Buffer, type}        a spreadsheet (ROUTE_FILE routes), type as given
 *   {pdf: Buffer, type?}        a PDF (ROUTE_PDF routes), application/pdf unless type says
 *   {image: Buffer, type?}      an image (ROUTE_MEDIA routes), image/png unless type says
 */
export function fileBody(body) {
	if (!body || typeof body !== 'object') return null;
	if (Buffer.isBuffer(body.file)) return { buf: body.file, type: body.type };
	if (Buffer.isBuffer(body.pdf)) return { buf: body.pdf, type: body.type || 'application/pdf' };
	if (Buffer.isBuffer(body.image)) return { buf: body.image, type: body.type || 'image/png' };
	return null;
}

/**
 * Sends one request as client: body undefined (none), a file body (fileBody: a
 * spreadsheet, a PDF or an image) or any other value (JSON). opts: extra options of
 * Client.request (csrf, origin, headers). With opts.stream the answer is not read beyond
 * its headers (a live event stream).
 */
export async function send(client, method, path, body, opts = {}) {
	if (opts.stream) return openAndClose(client, path);
	const o = { ...opts, track: false };
	const file = fileBody(body);
	if (file) {
		o.body = file.buf;
		o.contentType = file.type;
	} else if (body !== undefined) o.json = body;
	return client.request(method, path, o);
}

/** GET a Server-Sent Events path: the status and content type, then the stream is dropped. */
async function openAndClose(client, path) {
	const ctl = new AbortController();
	const headers = { 'X-Forwarded-For': client.ip };
	if (client.cookie) headers.Cookie = `${SESSION_COOKIE}=${client.cookie}`;
	const res = await fetch(client.server.url + apiPath(path), { headers, signal: ctl.signal });
	const type = res.headers.get('content-type') || '';
	let text = '';
	if (!type.startsWith('text/event-stream')) text = await res.text();
	ctl.abort();
	const r = {
		status: res.status,
		headers: res.headers,
		text,
		buf: Buffer.from(text),
		desc: `GET ${apiPath(path)}`,
		header: (n) => res.headers.get(n),
		toString: () => `GET ${apiPath(path)} -> ${res.status} ${text.slice(0, 300)}`,
	};
	try {
		r.json = JSON.parse(text);
	} catch {
		r.json = null;
	}
	return r;
}

// ---------------------------------------------------------------------------------------
// Fixture helpers

/** Asserts that answer r has the status (what: the step, for the message); returns its JSON. */
export function answered(r, status, what) {
	assert.equal(r.status, status, `${what}: ${r}`);
	return r.json;
}

/**
 * What an area's rows stand on, made once per cast: returns (w) => make(w)'s promise,
 * the same one for every call on the same cast.
 */
export function oncePerCast(make) {
	const made = new WeakMap();
	return (w) => {
		if (!made.has(w)) made.set(w, make(w));
		return made.get(w);
	};
}

// ---------------------------------------------------------------------------------------
// The cast

/**
 * The actors, each an account of one role; "X" ones belong to the foreign organisation
 * (college B, enterprise B) or are not the object's owner:
 *   operator · college (staff of college A) · collegeX (staff of college B) · hr (HR of
 *   enterprise A) · hrX (HR of enterprise B) · student (A1, college A, the owner of the
 *   student objects) · classmate (A2, college A) · studentX (B1, college B) · judge ·
 *   mentor · officer · anon (no session).
 */
export const ACTORS = ['anon', 'operator', 'college', 'collegeX', 'hr', 'hrX', 'student', 'classmate', 'studentX', 'judge', 'mentor', 'officer'];
export const ROLE_OF = {
	anon: null,
	operator: 'operator',
	college: 'college',
	collegeX: 'college',
	hr: 'enterprise',
	hrX: 'enterprise',
	student: 'student',
	classmate: 'student',
	studentX: 'student',
	judge: 'judge',
	mentor: 'mentor',
	officer: 'officer',
};

const profile = { major_code: MAJOR.mechatronics, grad_year: 2026, degree: 2 };

/**
 * Builds the cast on srv: colleges A and B, enterprises A and B (verified), their staff and
 * HR, students A1 (student), A2 (classmate) and B1 (studentX) with profiles, a judge, a
 * mentor and an officer; an open position of each enterprise (pA, pB) with A1 applied to pA
 * and B1 to pB. Returns w with w.as[actor] the logged-in clients (w.as.anon has no
 * session) and w.who[actor] their accounts ({login, password, id}).
 */
export async function makeCast(srv) {
	const w = await makeWorld(srv);
	w.srv = srv;
	const admin = w.admin;
	for (const [e, code] of [
		[w.entA, '38'],
		[w.entB, '65'],
	]) {
		const r = await admin.post(`organizations/${e.id}`, { industry_code: code });
		assert.equal(r.status, 200, `industry: ${r}`);
	}
	w.A1 = await registerStudent(srv, w.collegeA, { name: `陈晓${uniq('')}`, profile });
	w.A2 = await registerStudent(srv, w.collegeA, { name: `林峰${uniq('')}`, profile });
	w.B1 = await registerStudent(srv, w.collegeB, { name: `吴娜${uniq('')}`, profile });
	w.pA = await openPosition(w.hrA.client, { title: `数控技术员${uniq('')}` });
	w.pB = await openPosition(w.hrB.client, { title: `软件测试员${uniq('')}` });
	const a1 = await w.A1.client.post(`positions/${w.pA.id}/apply`);
	assert.equal(a1.status, 201, `A1 applies: ${a1}`);
	w.appA1 = a1.json.application;
	const b1 = await w.B1.client.post(`positions/${w.pB.id}/apply`);
	assert.equal(b1.status, 201, `B1 applies: ${b1}`);
	w.appB1 = b1.json.application;
	const other = {};
	for (const role of ['judge', 'mentor', 'officer']) {
		const a = await makeAccount(admin, { role });
		other[role] = { acct: a, client: await srv.login(a.login, a.password) };
	}
	const pick = (x) => ({ login: x.acct ? x.acct.login : x.login, password: x.acct ? x.acct.password : x.password, id: x.acct ? x.acct.id : x.account.id });
	w.as = {
		anon: srv.client(),
		operator: admin,
		college: w.staffA.client,
		collegeX: w.staffB.client,
		hr: w.hrA.client,
		hrX: w.hrB.client,
		student: w.A1.client,
		classmate: w.A2.client,
		studentX: w.B1.client,
		judge: other.judge.client,
		mentor: other.mentor.client,
		officer: other.officer.client,
	};
	w.who = {
		college: pick(w.staffA),
		collegeX: pick(w.staffB),
		hr: pick(w.hrA),
		hrX: pick(w.hrB),
		student: pick(w.A1),
		classmate: pick(w.A2),
		studentX: pick(w.B1),
		judge: pick(other.judge),
		mentor: pick(other.mentor),
		officer: pick(other.officer),
	};
	return w;
}

/**
 * The usual start of a file of the suite: before its tests, a server with the cast
 * (makeCast) and the route table; after them, the server stopped. Returns an object whose
 * srv, w and routes (Map key → route) are set once the tests run.
 */
export function castPerFile() {
	const ctx = {};
	before(async () => {
		// Uploaded plans, scans and photos go to a folder of the server's own (PostgreSQL has
		// no database file to put them beside).
		const files = fs.mkdtempSync(path.join(os.tmpdir(), 'skyway-security-files-'));
		ctx.srv = await startRecruitServer({ args: ['--files', files] });
		const stop = ctx.srv.stop.bind(ctx.srv);
		ctx.srv.stop = async () => {
			try {
				await stop();
			} finally {
				fs.rmSync(files, { recursive: true, force: true });
			}
		};
		ctx.w = await makeCast(ctx.srv);
		ctx.routes = new Map((await routeTable(ctx.srv)).map((r) => [r.key, r]));
	});
	after(() => ctx.srv?.stop());
	return ctx;
}

/** Waits until fn() is truthy (polling every 50 ms, at most ms); returns its value. */
export async function eventually(fn, ms = 10000) {
	const end = Date.now() + ms;
	for (;;) {
		const v = await fn();
		if (v || Date.now() > end) return v;
		await sleep(50);
	}
}
