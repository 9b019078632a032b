// skyway workdays add|count: the working-day calendar as a command (issue 13). Every
// answer is checked against tests/lib/workdays.mjs, which reads the calendar file and
// walks the days itself; outputs are exactly the answer and a newline; bad input and
// years the calendar lacks exit 2 with nothing on stdout. With --db the command uses a
// database's calendar, so a year an operator added counts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Calendar, plusDays } from '../lib/workdays.mjs';
import { BACKEND, createDatabase, execSql, runCli } from './harness.mjs';

// The walks below open no database: make check runs this file on both backends, and only
// the SQLite one runs them (a hundred processes, each an ASan binary in make check).
const ONCE = { skip: BACKEND === 'postgres' && 'no database involved: the SQLite suite runs it' };

const cal = Calendar.shipped();
const add = (from, days, extra = []) => runCli(['workdays', 'add', '--from', from, '--days', String(days), ...extra]);
const count = (from, to, extra = []) => runCli(['workdays', 'count', '--from', from, '--to', to, ...extra]);

function answer(r) {
	assert.equal(r.code, 0, `exit ${r.code}: ${r.stderr}`);
	assert.equal(r.stderr, '');
	assert.match(r.stdout, /^[^\n]+\n$/, `only the answer and a newline: ${JSON.stringify(r.stdout)}`);
	return r.stdout.trimEnd();
}

function refused(r, words) {
	assert.equal(r.code, 2, `exit ${r.code}, stdout ${JSON.stringify(r.stdout)}, stderr ${r.stderr}`);
	assert.equal(r.stdout, '');
	if (words) assert.match(r.stderr, words);
}

describe('skyway workdays add', () => {
	it('N = 0 prints FROM, even on a holiday', () => {
		assert.equal(answer(add('2026-10-01', 0)), '2026-10-01');
		assert.equal(answer(add('2024-02-12', 0)), '2024-02-12');
	});

	it('FROM never counts; holidays are skipped and 调休 weekend days count', () => {
		// 元旦 2026: Thursday 1 to Saturday 3 off, Sunday 4 worked
		assert.equal(answer(add('2025-12-31', 1)), '2026-01-04');
		assert.equal(answer(add('2026-01-04', 1)), '2026-01-05');
		// 国庆 2026: 1-7 October off, Saturday 10 worked
		assert.equal(answer(add('2026-09-30', 1)), '2026-10-08');
		assert.equal(answer(add('2026-10-09', 1)), '2026-10-10');
		assert.equal(answer(add('2026-09-24', 5)), '2026-10-09');
	});

	it('negative N counts backwards', () => {
		assert.equal(answer(add('2026-01-05', -1)), '2026-01-04');
		assert.equal(answer(add('2026-01-05', -2)), '2025-12-31');
		assert.equal(answer(add('2026-10-08', -1)), '2026-09-30');
	});

	it('agrees with a day-by-day walk from many dates, both ways', ONCE, () => {
		// a date every 16 months or so over the twenty years, each with two of the N in
		// turn (every N at several dates): the wiring of the command, one ASan process per
		// answer in make check (tests/unit/test_base_workdays.c walks every date and N)
		const ns = [1, 3, 10, 22, -1, -7];
		for (let d = '2007-01-15', i = 0; d < '2026-11-01'; d = plusDays(d, 487), i++) {
			for (const n of [ns[i % 6], ns[(i + 3) % 6]]) {
				const want = cal.add(d, n);
				if (cal.missing(d, want)) continue;
				assert.equal(answer(add(d, n)), want, `add ${d} ${n}`);
			}
		}
	});

	it('a date the calendar does not cover: exit 2 naming the year', () => {
		refused(add('2026-12-31', 1), /2027/); // Friday 1 January 2027: no notice yet
		refused(add('2027-03-01', 0), /2027/);
		refused(add('2007-01-04', -1), /2006/); // 2006's notice is not in the file
		refused(add('2026-12-01', 30), /2027/);
	});

	it('malformed dates and numbers: exit 2', () => {
		refused(add('2026-02-30', 1), /--from/);
		refused(add('2026-2-3', 1), /--from/);
		refused(add('20260203', 1), /--from/);
		refused(runCli(['workdays', 'add', '--from', '2026-01-05', '--days', '1.5']), /--days/);
		refused(runCli(['workdays', 'add', '--from', '2026-01-05', '--days', 'x']), /--days/);
		refused(runCli(['workdays', 'add', '--from', '2026-01-05', '--days', '']), /--days/);
		refused(runCli(['workdays', 'add', '--from', '2026-01-05', '--days', '99999999999']), /--days/);
		refused(runCli(['workdays', 'add', '--from', '2026-01-05']), /required/);
		refused(runCli(['workdays', 'add', '--days', '3']), /required/);
		refused(runCli(['workdays', 'add', '--from', '2026-01-05', '--days', '1', '--to', '2026-02-01']), /unknown option/);
		refused(runCli(['workdays', 'subtract', '--from', '2026-01-05', '--days', '1']), /unknown subcommand/);
		refused(runCli(['workdays']));
	});

	it('--days=N and negative values after the flag both parse', () => {
		assert.equal(answer(runCli(['workdays', 'add', '--from=2026-01-05', '--days=-2'])), '2025-12-31');
	});
});

describe('skyway workdays count', () => {
	it('counts D1 < d <= D2, and 0 when D2 <= D1', () => {
		assert.equal(answer(count('2026-09-24', '2026-10-09')), '5');
		assert.equal(answer(count('2026-09-30', '2026-10-07')), '0');
		assert.equal(answer(count('2026-10-09', '2026-10-10')), '1'); // Saturday worked
		assert.equal(answer(count('2026-05-20', '2026-05-20')), '0');
		assert.equal(answer(count('2026-05-20', '2026-05-01')), '0');
	});

	it('agrees with a day-by-day walk over ranges of lengths from 0 to a year', ONCE, () => {
		for (let d = '2007-01-01', k = 0; d < '2026-06-01'; d = plusDays(d, 523), k++) {
			const to = plusDays(d, (k * 37) % 400);
			if (to > '2026-12-31') continue;
			assert.equal(answer(count(d, to)), String(cal.count(d, to)), `count ${d} ${to}`);
		}
		assert.equal(answer(count('2007-01-01', '2026-12-31')), String(cal.count('2007-01-01', '2026-12-31')));
	});

	it('years outside the calendar and malformed dates: exit 2', () => {
		refused(count('2026-12-30', '2027-01-05'), /2027/);
		refused(count('2006-12-29', '2007-01-05'), /2006/);
		refused(count('2027-01-05', '2026-12-30'), /2027/);
		refused(count('2026-13-01', '2026-12-01'), /--from/);
		refused(count('2026-12-01', 'tomorrow'), /--to/);
		refused(runCli(['workdays', 'count', '--from', '2026-01-05']), /required/);
	});
});

describe('help and a database calendar', () => {
	let tmp;
	let db;
	before(() => {
		tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'skyway-workdays-'));
		db = createDatabase(tmp);
	});
	after(() => {
		db?.drop();
		fs.rmSync(tmp, { recursive: true, force: true });
	});

	it('--help of the command and of each subcommand, listed in skyway --help', () => {
		for (const args of [['workdays', '--help'], ['workdays', 'add', '--help'], ['workdays', 'count', '-h']]) {
			const r = runCli(args);
			assert.equal(r.code, 0, r.stderr);
			assert.match(r.stdout, /skyway workdays add --from YYYY-MM-DD --days N/);
			assert.match(r.stdout, /调休/);
		}
		assert.match(runCli(['--help']).stdout, /workdays/);
	});

	it('--db: the database calendar, with a year an operator added', () => {
		// migrating seeds the shipped calendar; the same answers as without --db
		assert.equal(answer(add('2025-12-31', 1, ['--db', db.url])), '2026-01-04');
		refused(add('2026-12-31', 1, ['--db', db.url]), /2027/);
		// an operator's 2027 (test data, not the real notice): 1 January off, a Saturday worked
		const sql = [
			"INSERT INTO workcal_years (year, source, digest, updated_at) VALUES (2027, 'operator', 'test', 0)",
			"INSERT INTO workcal_days (day, year, kind, name) VALUES ('2027-01-01', 2027, 'off', '元旦')",
			"INSERT INTO workcal_days (day, year, kind, name) VALUES ('2027-01-09', 2027, 'work', '测试')",
			'UPDATE workcal_version SET version = version + 1',
		];
		execSql(db, sql);
		assert.equal(answer(add('2026-12-31', 1, ['--db', db.url])), '2027-01-04');
		assert.equal(answer(count('2027-01-08', '2027-01-11', ['--db', db.url])), '2');
		// and the shipped calendar alone still lacks it
		refused(add('2026-12-31', 1), /2027/);
	});
});
