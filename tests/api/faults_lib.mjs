// Fault injection helpers shared by faults*.test.mjs (src/store/store_fault.c): the server
// runs with SKYWAY_TEST_FAULTS=1, and a request carrying "X-Skyway-Fault: N" has its Nth
// database operation (prepare, step, exec, begin, commit) fail as if the database had refused
// it.  faultEveryStep() sends a request with N = 1, 2, ... until it no longer reaches its Nth
// operation; every attempt whose fault fired must answer 500 with the JSON error shape and
// leave the whole database exactly as it was — no partial write, no transaction left open
// (the next attempt would then fail or block).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
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

/** Every row of every table, as text, read in one go: equal snapshots mean nothing was written. */
export function dump(srv) {
	const tables = (
		BACKEND === 'sqlite'
			? dbQuery(srv, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
			: dbQuery(srv, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
	).filter((t) => !VOLATILE.has(t) && !/_fts_(data|idx|docsize|config|content)$/.test(t));
	const out = {};
	let table = null;
	const marker = '@@table ';
	const lines = dbScript(srv, tables.map((t) => `SELECT '${marker}${t}';\nSELECT * FROM ${t} ORDER BY 1;`).join('\n'));
	for (const line of lines) {
		if (line.startsWith(marker)) {
			table = line.slice(marker.length);
			out[table] = [];
		} else if (table && line !== '') out[table].push(line);
	}
	// Rows compared as a sorted list: ORDER BY 1 leaves ties (rows of one fair) in whatever
	// order the plan of the moment gives, which is no write.
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
	let before = dump(srv);
	for (let n = 1; n < 400; n++) {
		const r = await send({ 'X-Skyway-Fault': String(n) });
		if (r.headers.get('x-skyway-fault-fired') !== '1') {
			assert.ok(n > 1, `${what}: the request made no database operation at all`);
			return { r, ops: n - 1 };
		}
		const now = dump(srv);
		assert.equal(r.status, 500, `${what}: fault at operation ${n} answered ${r}`);
		assert.equal(r.json?.error?.code, 'internal', `${what}: fault at ${n}: JSON error shape: ${r}`);
		assert.deepEqual(diff(before, now), [], `${what}: fault at operation ${n} wrote to these tables`);
		before = now;
	}
	assert.fail(`${what}: still faulting after 400 operations`);
}
