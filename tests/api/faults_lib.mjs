// Fault injection helpers shared by faults*.test.mjs (src/store/store_fault.c): the server
// runs with SKYWAY_TEST_FAULTS=1, and a request carrying "X-Skyway-Fault: N" has its Nth
// database operation (prepare, step, exec, begin, commit) fail as if the database had refused
// it.  faultEveryStep() sends a request with N = 1, 2, ... until it no longer reaches its Nth
// operation; every attempt whose fault fired must answer 500 with the JSON error shape and
// leave the whole database exactly as it was — no partial write, no transaction left open
// (the next attempt would then fail or block).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { BACKEND } from './harness.mjs';
import { dbQuery } from './recruit_lib.mjs';

// Tables whose rows change on every request whatever it does (the session's last use).
const VOLATILE = new Set(['sessions']);

/** Runs an SQL script (one statement a line) against srv's database; its output lines. */
function dbScript(srv, script) {
	const r =
		BACKEND === 'sqlite'
			? spawnSync('sqlite3', ['-readonly', srv.dbUrl.replace(/^sqlite:(\/\/)?/, '')], { input: script, encoding: 'utf8', timeout: 60000 })
			: spawnSync('psql', [srv.dbUrl, '-v', 'ON_ERROR_STOP=1', '-qAt', '-f', '-'], { input: script, encoding: 'utf8', timeout: 60000 });
	if (r.error || r.status !== 0) throw new Error(`db script: ${r.stderr || r.error}`);
	return r.stdout.split('\n');
}

const sessions = new WeakMap(); // srv -> the psql kept open on its database

/**
 * Runs an SQL script on srv's PostgreSQL database through one psql kept open for the
 * server's life (a psql per snapshot cost more than the snapshot: a process and a backend
 * each time); resolves to its output lines.  The process and its pipes hold the event loop
 * only while a script runs, so a test file still ends when its tests do; the harness's
 * `DROP DATABASE ... WITH (FORCE)` ends the session.
 */
async function pgScript(srv, script) {
	let s = sessions.get(srv);
	if (!s) {
		const p = spawn('psql', [srv.dbUrl, '-v', 'ON_ERROR_STOP=1', '-qAt', '-f', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
		s = { p, out: '', err: '', n: 0, ended: null, wake: null };
		p.stdout.setEncoding('utf8');
		p.stdout.on('data', (d) => {
			s.out += d;
			s.wake?.();
		});
		p.stderr.on('data', (d) => (s.err += d));
		p.stdin.on('error', () => {});
		p.on('exit', (code, sig) => {
			s.ended = sig || code;
			s.wake?.();
		});
		sessions.set(srv, s);
	}
	const mark = `@@end ${++s.n}\n`;
	s.p.stdin.write(`${script}\nSELECT '${mark.trim()}';\n`);
	for (const h of [s.p, s.p.stdout, s.p.stderr, s.p.stdin]) h.ref();
	try {
		for (;;) {
			const i = s.out.indexOf(mark);
			if (i >= 0) {
				const text = s.out.slice(0, i);
				s.out = s.out.slice(i + mark.length);
				return text.split('\n');
			}
			if (s.ended !== null) throw new Error(`db script: psql ended (${s.ended}): ${s.err}`);
			await new Promise((resolve) => (s.wake = resolve));
		}
	} finally {
		for (const h of [s.p, s.p.stdout, s.p.stderr, s.p.stdin]) h.unref();
	}
}

const tablesOf = new WeakMap(); // srv -> its tables' names (the schema is fixed once migrated)

/**
 * The whole database's contents, table by table: equal snapshots mean nothing was written.
 * SQLite gives every row as text (fast: one sqlite3 run reads a file); PostgreSQL gives one
 * md5 per table of its rows' text in sorted order, computed by the server in one statement
 * over one psql kept open (a psql per snapshot with the rows themselves cost ~180 ms, this
 * ~40 ms, and the fault walks take a snapshot after every fired fault: 942 in faults_recruit
 * alone).  Rows are compared as a sorted list either way: ORDER BY 1 leaves ties (rows of one
 * fair) in whatever order the plan of the moment gives, which is no write.
 */
export async function dump(srv) {
	let tables = tablesOf.get(srv);
	if (!tables) {
		tables = (
			BACKEND === 'sqlite'
				? dbQuery(srv, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
				: dbQuery(srv, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
		).filter((t) => !VOLATILE.has(t) && !/_fts_(data|idx|docsize|config|content)$/.test(t));
		tablesOf.set(srv, tables);
	}
	const out = {};
	if (BACKEND !== 'sqlite') {
		const sql = tables.map((t) => `SELECT '${t}', md5(coalesce((SELECT string_agg(x::text, E'\\n' ORDER BY x::text) FROM ${t} x), ''))`);
		for (const line of await pgScript(srv, `${sql.join('\nUNION ALL ')};`)) {
			const bar = line.indexOf('|');
			if (bar > 0) out[line.slice(0, bar)] = line.slice(bar + 1);
		}
		assert.equal(Object.keys(out).length, tables.length, 'a table is missing from the snapshot');
		return out;
	}
	let table = null;
	const marker = '@@table ';
	const lines = dbScript(srv, tables.map((t) => `SELECT '${marker}${t}';\nSELECT * FROM ${t} ORDER BY 1;`).join('\n'));
	for (const line of lines) {
		if (line.startsWith(marker)) {
			table = line.slice(marker.length);
			out[table] = [];
		} else if (table && line !== '') out[table].push(line);
	}
	for (const t of tables) out[t] = (out[t] || []).sort().join('\n');
	return out;
}

/** The tables whose contents differ between two snapshots. */
export function diff(a, b) {
	return Object.keys({ ...a, ...b }).filter((k) => a[k] !== b[k]);
}

/**
 * Sends send(headers) with the fault at operation 1, 2, ... until an attempt runs without
 * the fault firing; asserts every fired attempt answered a clean 500 and wrote nothing.
 * Returns the last (unfaulted) response and the number of operations the request made.
 */
export async function faultEveryStep(srv, what, send) {
	let before = await dump(srv);
	for (let n = 1; n < 400; n++) {
		const r = await send({ 'X-Skyway-Fault': String(n) });
		if (r.headers.get('x-skyway-fault-fired') !== '1') {
			assert.ok(n > 1, `${what}: the request made no database operation at all`);
			return { r, ops: n - 1 };
		}
		const now = await dump(srv);
		assert.equal(r.status, 500, `${what}: fault at operation ${n} answered ${r}`);
		assert.equal(r.json?.error?.code, 'internal', `${what}: fault at ${n}: JSON error shape: ${r}`);
		assert.deepEqual(diff(before, now), [], `${what}: fault at operation ${n} wrote to these tables`);
		before = now;
	}
	assert.fail(`${what}: still faulting after 400 operations`);
}
