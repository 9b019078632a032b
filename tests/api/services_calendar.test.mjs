// The working-day calendar in the API (issue 13): the shipped notices as the server holds
// them, the calculator, adding and replacing a year (JSON and .csv import) with every
// refusal, and every open clock recomputed at once when the calendar changes — checked
// against tests/lib/workdays.mjs, which reads the calendar file and walks the days itself.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { CALENDAR_FILE } from '../lib/workdays.mjs';
import { expectError, runCli } from './harness.mjs';
import { Calendar, backdatedCase, chinaToday, makeServicesWorld, plusDays, startServicesServer } from './services_lib.mjs';

let srv;
let w;
const cal = Calendar.shipped();
const T = chinaToday();

before(async () => {
	srv = await startServicesServer();
	w = await makeServicesWorld(srv);
});
after(() => srv?.stop());

/** The rows of the shipped file, by notice year. */
function shippedRows() {
	const byYear = new Map();
	for (const line of fs.readFileSync(CALENDAR_FILE, 'utf8').split('\n')) {
		if (!line || line.startsWith('#')) continue;
		const [date, kind, name] = line.split('\t');
		const y = Number(date.slice(0, 4)) + (date.slice(5, 7) === '12' && name.includes('元旦') ? 1 : 0);
		if (!byYear.has(y)) byYear.set(y, []);
		byYear.get(y).push({ date, kind, name });
	}
	return byYear;
}

const csv = (text) => Buffer.from(`\ufeff${text}`, 'utf8');
const importYear = (client, year, body, query = '') =>
	client.request('POST', `services/calendar/years/${year}/import${query}`, { body, contentType: 'text/csv' });

describe('the shipped calendar', () => {
	it('holds every notice year of the file, with the same days', async () => {
		const rows = shippedRows();
		const r = await w.hrA.client.get('services/calendar/years');
		assert.equal(r.status, 200);
		assert.deepEqual(r.json.items.map((y) => y.year), [...rows.keys()].sort());
		assert.deepEqual(r.json.items.map((y) => y.year), Array.from({ length: 20 }, (_, i) => 2007 + i));
		for (const y of r.json.items) {
			assert.equal(y.source, 'shipped');
			assert.equal(y.days_off, rows.get(y.year).filter((d) => d.kind === 'off').length, `${y.year}`);
			assert.equal(y.days_work, rows.get(y.year).filter((d) => d.kind === 'work').length, `${y.year}`);
		}
		for (const year of [2007, 2015, 2026]) {
			const one = await w.hrA.client.get(`services/calendar/years/${year}`);
			assert.equal(one.status, 200);
			assert.deepEqual(
				one.json.days.map(({ date, kind, name }) => ({ date, kind, name })),
				rows.get(year).sort((a, b) => (a.date < b.date ? -1 : 1)),
			);
			for (const d of one.json.days) assert.equal(d.weekday, ((new Date(`${d.date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1);
		}
		expectError(await w.hrA.client.get('services/calendar/years/2027'), 404, 'not_found');
		expectError(await w.hrA.client.get('services/calendar/years/1999'), 404, 'not_found');
	});

	it('the calculator agrees with the model and names a missing year', async () => {
		for (const [from, days] of [['2025-12-31', 1], ['2026-09-24', 5], ['2026-10-08', -1], ['2024-02-09', 1], ['2026-05-20', 0]]) {
			const r = await w.hrA.client.get(`services/calendar/add?from=${from}&days=${days}`);
			assert.equal(r.status, 200, `${r}`);
			assert.equal(r.json.date, days ? cal.add(from, days) : from);
			assert.equal(r.json.calendar_missing_year, null);
		}
		let r = await w.hrA.client.get('services/calendar/add?from=2026-12-31&days=1');
		assert.equal(r.json.date, '2027-01-01');
		assert.equal(r.json.calendar_missing_year, 2027);
		r = await w.hrA.client.get('services/calendar/count?from=2026-09-24&to=2026-10-09');
		assert.equal(r.json.count, 5);
		r = await w.hrA.client.get('services/calendar/count?from=2007-01-01&to=2026-12-31');
		assert.equal(r.json.count, cal.count('2007-01-01', '2026-12-31'));
		expectError(await w.hrA.client.get('services/calendar/add?from=2026-02-30&days=1'), 400, 'invalid', 'from');
		expectError(await w.hrA.client.get('services/calendar/add?from=2026-02-03'), 400, 'missing', 'days');
		expectError(await w.hrA.client.get('services/calendar/add?from=2026-02-03&days=x'), 400, 'invalid', 'days');
		expectError(await w.hrA.client.get('services/calendar/count?from=2026-02-03'), 400, 'missing', 'to');
	});
});

describe('adding and replacing a year', () => {
	it('refuses what a notice cannot hold, naming days, and writes nothing', async () => {
		const c = w.officer.client;
		const before = await c.get('services/calendar/years');
		expectError(await c.post('services/calendar/years/2030', { days: [] }), 400, 'invalid', 'days');
		expectError(await c.post('services/calendar/years/2030', {}), 400, 'missing', 'days');
		expectError(await c.post('services/calendar/years/2030', { days: [{ date: '2031-01-01', kind: 'off', name: '元旦' }] }), 400, 'invalid', 'days');
		expectError(await c.post('services/calendar/years/2030', { days: [{ date: '2029-11-30', kind: 'off', name: '元旦' }] }), 400, 'invalid', 'days');
		// Wednesday 2 January 2030 is a weekday: it cannot be "worked instead"
		expectError(await c.post('services/calendar/years/2030', { days: [{ date: '2030-01-02', kind: 'work', name: '调休' }] }), 400, 'invalid', 'days');
		expectError(await c.post('services/calendar/years/2030', { days: [{ date: '2030-01-01', kind: 'holiday', name: '元旦' }] }), 400, 'invalid', 'days');
		expectError(await c.post('services/calendar/years/2030', { days: [{ date: '2030-01-01', kind: 'off', name: '' }] }), 400, 'invalid', 'days');
		expectError(
			await c.post('services/calendar/years/2030', {
				days: [
					{ date: '2030-01-01', kind: 'off', name: '元旦' },
					{ date: '2030-01-01', kind: 'off', name: '元旦' },
				],
			}),
			400,
			'invalid',
			'days',
		);
		// 30 December 2007 is the 2008 notice's (元旦 2008): not 2007's to take
		expectError(await c.post('services/calendar/years/2007', { days: [{ date: '2007-12-30', kind: 'off', name: '元旦' }] }), 409, 'conflict', 'days');
		expectError(await w.hrA.client.post('services/calendar/years/2030', { days: [{ date: '2030-01-01', kind: 'off', name: '元旦' }] }), 403, 'forbidden');
		const afterward = await c.get('services/calendar/years');
		assert.deepEqual(afterward.json, before.json, 'nothing changed');
	});

	it('imports a year from .csv: a preview, refusals with rows, then the commit', async () => {
		const good = '日期,类型,名称\n2030-01-01,休,元旦\n2030/2/2,off,春节\n2030-02-09,班,春节\n';
		let r = await importYear(w.officer.client, 2030, csv(good));
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.committed, false);
		assert.equal(r.json.errors_total, 0);
		assert.deepEqual(r.json.days.map((d) => [d.date, d.kind, d.name]), [
			['2030-01-01', 'off', '元旦'],
			['2030-02-02', 'off', '春节'],
			['2030-02-09', 'work', '春节'],
		]);
		expectError(await w.officer.client.get('services/calendar/years/2030'), 404, 'not_found');
		const bad = '日期,类型,名称\n2030-01-01,休,元旦\n2030-13-01,休,春节\n2030-02-03,maybe,春节\n';
		r = await importYear(w.officer.client, 2030, csv(bad), '?commit=1');
		expectError(r, 422, 'rule', 'file');
		assert.deepEqual(r.json.errors.map((x) => [x.row, x.column]), [[3, 'date'], [4, 'kind']]);
		expectError(await w.officer.client.get('services/calendar/years/2030'), 404, 'not_found');
		r = await importYear(w.officer.client, 2030, Buffer.from('not,a\ncalendar,file\n'), '?commit=1');
		expectError(r, 422, 'rule', 'file');
		expectError(await importYear(w.officer.client, 2030, Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x00])), 400, 'invalid', 'file');
		r = await importYear(w.admin, 2030, csv(good), `?commit=1&notice=${encodeURIComponent('测试通知〔2029〕1号')}`);
		assert.equal(r.status, 200, `the operator imports too: ${r}`);
		assert.equal(r.json.committed, true);
		const year = await w.hrA.client.get('services/calendar/years/2030');
		assert.equal(year.json.source, 'operator');
		assert.equal(year.json.notice, '测试通知〔2029〕1号');
		assert.equal(year.json.days.length, 3);
		// the audit log keeps who changed the calendar
		const audit = await w.admin.get('audit?action=workcal.set_year');
		assert.ok(audit.json.items.some((x) => x.object_id === '2030'), `${audit}`);
	});
});

describe('every open clock follows the calendar', () => {
	it('a holiday added on the next working day moves the deadlines; a missing year stops being provisional', async () => {
		// open cases accepted recently; their committed deadlines lie after today
		const made = [];
		for (const accepted of [T, cal.add(T, -1), cal.add(T, -2)])
			made.push({ accepted, c: await backdatedCase(w, { received: accepted, accepted }) });
		for (const { accepted, c } of made) {
			const clock = (await w.officer.client.get(`services/cases/${c.id}`)).json.case.clock;
			assert.equal(clock.deadline, cal.add(accepted, 5));
			assert.equal(clock.calendar_missing_year, cal.missing(accepted, cal.add(accepted, 20)) || null);
			assert.equal(clock.provisional, Boolean(cal.missing(accepted, cal.add(accepted, 20))));
		}
		// the next working day becomes a holiday, in its year's notice (adding the notice
		// when the calendar lacks that year: test data, not a real notice)
		const next = cal.add(T, 1);
		const year = Number(next.slice(0, 4));
		const changed = cal.clone();
		let days;
		if (cal.years.has(year)) {
			const one = await w.officer.client.get(`services/calendar/years/${year}`);
			days = one.json.days.map(({ date, kind, name }) => ({ date, kind, name }));
		} else {
			days = [];
			changed.years.add(year);
		}
		days.push({ date: next, kind: 'off', name: '测试假日' });
		changed.days.set(next, 'off');
		const r = await w.officer.client.post(`services/calendar/years/${year}`, { notice: '测试', days });
		assert.equal(r.status, 200, `${r}`);
		const open = await w.officer.client.get('services/cases?status=open&page_size=200');
		assert.equal(r.json.recomputed.cases, open.json.total, 'every open case recomputed');
		for (const { accepted, c } of made) {
			const got = (await w.officer.client.get(`services/cases/${c.id}`)).json.case.clock;
			const want = changed.add(accepted, 5);
			assert.notEqual(want, cal.add(accepted, 5), 'the new holiday lies before the old deadline');
			assert.equal(got.deadline, want);
			assert.equal(got.statutory_deadline, changed.add(accepted, 20));
			assert.equal(got.calendar_missing_year, changed.missing(accepted, changed.add(accepted, 20)) || null);
			const row = open.json.items.find((x) => x.id === c.id);
			assert.equal(row.deadline, want, 'the list (stored clock) agrees');
		}
		// start-up seeding keeps an operator's year as it is
		const m = runCli(['migrate', '--db', srv.dbUrl]);
		assert.equal(m.code, 0, m.stderr);
		const after = await w.officer.client.get(`services/calendar/years/${year}`);
		assert.equal(after.json.source, 'operator');
		assert.ok(after.json.days.some((d) => d.date === next && d.name === '测试假日'));
	});
});
