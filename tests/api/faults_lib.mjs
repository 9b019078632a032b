// Fault injection helpers shared by faults*.test.mjs (src/store/store_fault.c): the server
// runs with SKYWAY_TEST_FAULTS=1, and a request carrying "X-Skyway-Fault: N" has its Nth
// database operation (prepare, step, exec, begin, commit) fail as if the database had refused
// it.  faultEveryStep() sends a request with N = 1, 2, ... until it no longer reaches its Nth
// operation; every attempt whose fault fired must answer 500 with the JSON error shape and
// leave the whole database exactly as it was — no partial write, no transaction left open
// (the next attempt would then fail or block).
import assert from 'node:assert/strict';
import { BACKEND } from './harness.mjs';
import { tableStamps } from '../lib/writestamp.mjs';
import { dbQuery } from './recruit_lib.mjs';

// Tables whose rows change on every request whatever it does (the session's last use).
const VOLATILE = new Set(['sessions']);

const tablesOf = new WeakMap(); // srv -> its tables' names (the schema is fixed once migrated)

/**
 * The whole database, table by table: each table's write stamp (tests/lib/writestamp.mjs),
 * so equal snapshots mean nothing was written (the fault walks take one after every fired
 * fault: 942 in faults_recruit alone).
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
	return tableStamps(srv, srv.dbUrl, tables);
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
