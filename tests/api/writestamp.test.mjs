// The write stamps the fault walks and the security suite use to prove a refused request
// wrote nothing (tests/lib/writestamp.mjs), on the backend under test: each kind of
// committed write moves its table's stamp and no other's; a rolled-back write and a read
// move none.  On PostgreSQL (transaction ids) a rewrite with the same values and VACUUM
// are checked too: the first moves it, the second does not.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { BACKEND, createDatabase } from './harness.mjs';
import { tableStamps } from '../lib/writestamp.mjs';

const PG = BACKEND === 'postgres';
let db, tmp;

function q(sql) {
	const r = PG
		? spawnSync('psql', [db.url, '-v', 'ON_ERROR_STOP=1', '-qAt', '-f', '-'], { input: sql, encoding: 'utf8' })
		: spawnSync('sqlite3', ['-bail', db.url.replace(/^sqlite:/, '')], { input: sql, encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	return r.stdout;
}
const owner = {}; // the stamps' shell stays open across the tests, as for a server
const stamps = () => tableStamps(owner, db.url, ['t1', 't2']);

before(() => {
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'skyway-stamp-'));
	db = createDatabase(tmp);
	const numbers = PG ? 'generate_series(1, 5000) g' : '(WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < 5000) SELECT g FROM s)';
	q(`CREATE TABLE t1 (a int PRIMARY KEY, b text); CREATE TABLE t2 (a int); INSERT INTO t1 SELECT g, '甲' FROM ${numbers};`);
});
after(() => {
	db?.drop();
	fs.rmSync(tmp, { recursive: true, force: true });
});

test("each committed write moves its table's stamp, and only its table's", async () => {
	const writes = {
		insert: "INSERT INTO t1 VALUES (6000, '乙');",
		update: "UPDATE t1 SET b = '丙' WHERE a = 3;",
		delete: 'DELETE FROM t1 WHERE a = 4;',
		'delete of one row, insert of another': "DELETE FROM t1 WHERE a = 5; INSERT INTO t1 VALUES (6001, '甲');",
	};
	if (PG) writes['update to the same values'] = 'UPDATE t1 SET b = b WHERE a = 7;';
	for (const [what, sql] of Object.entries(writes)) {
		const was = await stamps();
		assert.equal(Object.keys(was).length, 2);
		q(sql);
		const now = await stamps();
		assert.notEqual(now.t1, was.t1, `${what}: t1's stamp did not move`);
		assert.equal(now.t2, was.t2, `${what}: t2's stamp moved`);
	}
});

test('a table missing from the database fails the stamps instead of passing unseen', async () => {
	await assert.rejects(tableStamps({}, db.url, ['t1', 'no_such_table']), /no_such_table/);
});

test('a rolled-back write and a read leave every stamp as it was (and VACUUM, on PostgreSQL)', async () => {
	const was = await stamps();
	q("BEGIN; UPDATE t1 SET b = '丁'; INSERT INTO t2 VALUES (1); ROLLBACK;");
	q('SELECT count(*) FROM t1;');
	if (PG) q('VACUUM t1;');
	assert.deepEqual(await stamps(), was);
});
