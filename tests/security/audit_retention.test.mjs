// Issue 16, item 8: the audit log is kept at least six months (Cybersecurity Law art. 21)
// and leaves the database only through `skyway audit archive`: a file (JSON Lines) with
// its SHA-256, then a purge the database's own triggers allow for archived rows older
// than the retention and nothing else.  The attacks: UPDATE, DELETE and TRUNCATE
// straight through sqlite3 / psql, a retention under 180 days, a forged archive record.
// Old events are inserted straight into the table (an INSERT is what the log allows),
// so that the test does not wait half a year.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BACKEND, listAll, runCli, startServer } from '../api/harness.mjs';

const DAY = 86400;
let srv;
let admin;
let now;

/** Runs SQL straight on the server's database as its owner would: {ok, out, err}. */
function sql(text) {
	const r =
		BACKEND === 'sqlite'
			? spawnSync('sqlite3', ['-bail', srv.dbUrl.replace(/^sqlite:(\/\/)?/, ''), text], { encoding: 'utf8', timeout: 30000 })
			: spawnSync('psql', [srv.dbUrl, '-v', 'ON_ERROR_STOP=1', '-qAtc', text], { encoding: 'utf8', timeout: 30000 });
	if (r.error) throw r.error;
	return { ok: r.status === 0, out: r.stdout.trim(), err: r.stderr };
}
const rows = (text) => {
	const r = sql(text);
	assert.ok(r.ok, r.err);
	return r.out ? r.out.split('\n') : [];
};
const actions = () => rows("SELECT action FROM audit_log WHERE action LIKE 'old.%' ORDER BY id");

/** An event `days` ago, straight into the log. */
function oldEvent(action, days) {
	const r = sql(`INSERT INTO audit_log (at, login, action, object_type, address, outcome, detail) VALUES (${now - days * DAY}, 'admin', '${action}', 'account', '192.0.2.7', 'ok', '保留测试')`);
	assert.ok(r.ok, r.err);
}

/** YYYY-MM-DD of `days` ago in Beijing time (the CLI reads dates as 00:00 UTC+8). */
const dateAgo = (days) => new Date((now - days * DAY + 8 * 3600) * 1000).toISOString().slice(0, 10);

const cli = (args, env = {}) => runCli(['audit', ...args, '--db', srv.dbUrl], { env });

before(async () => {
	srv = await startServer();
	admin = await srv.admin();
	now = Math.floor(Date.now() / 1000);
	oldEvent('old.400', 400);
	oldEvent('old.300', 300);
	oldEvent('old.200', 200);
	oldEvent('old.182', 182);
	oldEvent('old.10', 10);
});
after(() => srv?.stop());

describe('append-only on this backend (' + BACKEND + ')', () => {
	it('a direct UPDATE or DELETE through ' + (BACKEND === 'sqlite' ? 'sqlite3' : 'psql') + ' is refused and changes nothing', () => {
		const before = rows('SELECT id, at, action, detail FROM audit_log ORDER BY id');
		for (const stmt of [
			"UPDATE audit_log SET detail = '改过' WHERE action = 'old.400'",
			"UPDATE audit_log SET at = 0",
			"DELETE FROM audit_log WHERE action = 'old.400'",
			'DELETE FROM audit_log',
		].concat(BACKEND === 'postgres' ? ['TRUNCATE audit_log', 'TRUNCATE audit_archives'] : [])) {
			const r = sql(stmt);
			assert.equal(r.ok, false, `${stmt} was allowed`);
			assert.match(r.err, /append-only/, stmt);
		}
		assert.deepEqual(rows('SELECT id, at, action, detail FROM audit_log ORDER BY id'), before);
	});

	it('a forged archive record cannot release recent rows, and archive records themselves never change', () => {
		const digest = 'a'.repeat(64);
		const forged = sql(`INSERT INTO audit_archives (created_at, before_at, cutoff_at, retention_days, first_id, last_id, exported_rows, file_name, sha256, purging) VALUES (${now}, ${now}, ${now - 10 * DAY}, 180, 1, 1000000, 0, 'x.jsonl', '${digest}', 1)`);
		assert.equal(forged.ok, false, 'an archive releasing 10-day-old rows was accepted');
		assert.match(forged.err, /180-day/);
		const short = sql(`INSERT INTO audit_archives (created_at, before_at, cutoff_at, retention_days, first_id, last_id, exported_rows, file_name, sha256, purging) VALUES (${now}, ${now - 400 * DAY}, ${now - 400 * DAY}, 90, 1, 1, 0, 'x.jsonl', '${digest}', 0)`);
		assert.equal(short.ok, false, 'a 90-day retention was recorded');
		assert.deepEqual(rows('SELECT COUNT(*) FROM audit_archives'), ['0']);
	});
});

describe('retention', () => {
	it('under 180 days is refused (flag or environment), and nothing is written', () => {
		const out = path.join(srv.tmp, 'refused.jsonl');
		for (const [args, env] of [[['--retention-days', '179'], {}], [['--retention-days', '0'], {}], [[], { SKYWAY_AUDIT_RETENTION_DAYS: '90' }], [['--retention-days', '-5'], {}]]) {
			const r = cli(['archive', '--before', dateAgo(100), '--out', out, ...args], env);
			assert.equal(r.code, 2, `${args} ${JSON.stringify(env)}: ${r.stdout} ${r.stderr}`);
			assert.match(r.stderr, /180|retention/);
			assert.equal(fs.existsSync(out), false, 'a refused archive left a file');
		}
		assert.deepEqual(actions(), ['old.400', 'old.300', 'old.200', 'old.182', 'old.10']);
		assert.deepEqual(rows('SELECT COUNT(*) FROM audit_archives'), ['0']);
	});
});

describe('the archive round trip', () => {
	let file;
	let exported;

	it('writes every event before the date with its SHA-256, and deletes only the archived ones past the retention', () => {
		file = path.join(srv.tmp, 'audit-archive.jsonl');
		const r = cli(['archive', '--before', dateAgo(100), '--out', file, '--retention-days', '250']);
		assert.equal(r.code, 0, `${r.stdout} ${r.stderr}`);
		const bytes = fs.readFileSync(file);
		exported = bytes.toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
		const old = exported.filter((e) => e.action.startsWith('old.')).map((e) => e.action);
		assert.deepEqual(old, ['old.400', 'old.300', 'old.200', 'old.182'], 'the file holds every event before the date, oldest first');
		for (const e of exported) assert.ok(e.at < now - 100 * DAY + DAY, `an event after the date was archived: ${JSON.stringify(e)}`);
		const e400 = exported.find((e) => e.action === 'old.400');
		assert.deepEqual(Object.keys(e400), ['id', 'at', 'account_id', 'login', 'role', 'org_id', 'action', 'object_type', 'object_id', 'address', 'outcome', 'detail']);
		assert.equal(e400.detail, '保留测试');
		assert.equal(e400.address, '192.0.2.7');
		const digest = crypto.createHash('sha256').update(bytes).digest('hex');
		assert.equal(fs.readFileSync(`${file}.sha256`, 'utf8'), `${digest}  audit-archive.jsonl\n`);
		assert.match(r.stdout, new RegExp(digest));
		// 250 days: old.400 and old.300 go; old.200 and old.182 stay (archived, still kept).
		assert.deepEqual(actions(), ['old.200', 'old.182', 'old.10']);
		const rec = rows('SELECT exported_rows, deleted_rows, purging, retention_days, sha256 FROM audit_archives');
		assert.deepEqual(rec, [[exported.length, 2, 0, 250, digest].join('|')]);
	});

	it('the run is itself in the audit log, and skyway audit verify accepts the file', async () => {
		const events = await listAll(admin, 'audit', { action: 'audit.archive' });
		assert.equal(events.length, 1);
		assert.match(events[0].detail, new RegExp(`${exported.length} exported, 2 deleted`));
		const v = cli(['verify', '--in', file]);
		assert.equal(v.code, 0, `${v.stdout} ${v.stderr}`);
		assert.match(v.stdout, new RegExp(`ok, ${exported.length} events`));
	});

	it('a changed file fails verification; an existing file is never overwritten', () => {
		const copy = path.join(srv.tmp, 'tampered.jsonl');
		fs.writeFileSync(copy, fs.readFileSync(file, 'utf8').replace('保留测试', '篡改了'));
		fs.copyFileSync(`${file}.sha256`, `${copy}.sha256`);
		const v = cli(['verify', '--in', copy]);
		assert.equal(v.code, 1, `${v.stdout} ${v.stderr}`);
		const again = cli(['archive', '--before', dateAgo(100), '--out', file, '--retention-days', '250']);
		assert.notEqual(again.code, 0, 'an archive overwrote an existing file');
		assert.deepEqual(rows('SELECT COUNT(*) FROM audit_archives'), ['1']);
	});

	it('after the purge the rows left are append-only again', () => {
		const r = sql("DELETE FROM audit_log WHERE action = 'old.200'");
		assert.equal(r.ok, false, 'an archived row older than 180 days was deletable outside the purge');
		assert.deepEqual(actions(), ['old.200', 'old.182', 'old.10']);
	});

	it('the shortest retention (180) still keeps six full months: a 182-day-old event stays', () => {
		const f = path.join(srv.tmp, 'audit-archive-2.jsonl');
		const r = cli(['archive', '--before', dateAgo(0), '--out', f, '--retention-days', '180']);
		assert.equal(r.code, 0, `${r.stdout} ${r.stderr}`);
		assert.deepEqual(actions(), ['old.182', 'old.10'], 'only old.200 could go');
		const lines = fs.readFileSync(f, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l).action);
		assert.ok(lines.includes('old.182') && lines.includes('old.10'), 'everything before the date is in the file');
	});
});
