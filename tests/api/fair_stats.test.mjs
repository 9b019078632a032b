// Job fairs, statistics: the figures match what the test did (entries counted once,
// walk-ins, résumés, queue outcomes, intents), the tables by hour (Beijing time), industry,
// college, major and booth, the summary in the article's words, every table as .xlsx, and
// organisers only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError } from './harness.mjs';
import { expectXlsx } from './recruit_lib.mjs';
import { INDUSTRY, enter, liveFair, makeFairWorld, passOf, startFairServer } from './fair_lib.mjs';

let srv;
let w;
let admin;
let fair;
let st;

before(async () => {
	srv = await startFairServer();
	w = await makeFairWorld(srv);
	admin = w.admin;
	fair = await liveFair(w, { register: [w.s1, w.s2, w.s3, w.s4] });
	await enter(w, fair, w.s1);
	await enter(w, fair, w.s2);
	await enter(w, fair, w.s3);
	await enter(w, fair, w.s1); // a repeat scan
	const wi = await admin.post(`fairs/${fair.id}/walkin`, { college_id: w.third.id, student_no: w.s5.student_no, name: w.s5.name });
	assert.equal(wi.status, 201, `${wi}`);
	const take = async (s, e) => assert.equal((await s.client.post(`fairs/${fair.id}/tickets`, { enterprise_id: e.id })).status, 201);
	await take(w.s1, w.e1);
	await take(w.s2, w.e1);
	await take(w.s3, w.e2);
	await take(w.s5, w.e1);
	const call = await w.e1.client.post(`fairs/${fair.id}/queue/call`);
	assert.equal(call.status, 200);
	assert.equal((await w.e1.client.post(`fairs/${fair.id}/queue/mark`, { ticket_id: call.json.ticket.id, outcome: 'seen' })).status, 200);
	const call2 = await w.e1.client.post(`fairs/${fair.id}/queue/call`);
	assert.equal((await w.e1.client.post(`fairs/${fair.id}/queue/mark`, { ticket_id: call2.json.ticket.id, outcome: 'no_show' })).status, 200);
	const i = await w.e1.client.post(`fairs/${fair.id}/intents`, { student_id: w.s1.id, position_id: w.e1.p1.id });
	assert.equal(i.status, 201, `${i}`);
	const r = await admin.get(`fairs/${fair.id}/stats`);
	assert.equal(r.status, 200, `${r}`);
	st = r.json;
});
after(() => srv?.stop());

describe('figures', () => {
	it('count what happened', () => {
		const f = st.figures;
		const headcount = w.ents.reduce((n, e) => n + e.p1.headcount + e.p2.headcount, 0);
		assert.deepEqual(
			{
				enterprises: f.enterprises,
				enterprises_at_booths: f.enterprises_at_booths,
				enterprises_present: f.enterprises_present,
				positions: f.positions,
				headcount: f.headcount,
				registered: f.registered,
				entered: f.entered,
				inside: f.inside,
				walk_ins: f.walk_ins,
				resumes: f.resumes,
				waiting: f.waiting,
				seen: f.seen,
				no_show: f.no_show,
				intents: f.intents,
				interviews_scheduled: f.interviews_scheduled,
				interviews_held: f.interviews_held,
			},
			{ enterprises: 4, enterprises_at_booths: 4, enterprises_present: 1, positions: 8, headcount, registered: 5, entered: 4, inside: 4, walk_ins: 1, resumes: 4, waiting: 2, seen: 1, no_show: 1, intents: 1, interviews_scheduled: 0, interviews_held: 0 },
		);
		assert.ok(Number.isInteger(f.avg_wait_seconds) && f.avg_wait_seconds >= 0);
		assert.equal(st.status, 'live');
	});

	it('entries by hour are Beijing time and add up to the entries', async () => {
		const expected = new Map();
		for (const s of [w.s1, w.s2, w.s3, w.s5]) {
			const p = await passOf(fair, s);
			assert.ok(p.entered_at, 'entered');
			const h = new Date((p.entered_at + 8 * 3600) * 1000).getUTCHours();
			expected.set(h, (expected.get(h) || 0) + 1);
		}
		const got = new Map(st.hours.map((r) => [r.hour, r.entered]));
		assert.deepEqual(got, expected);
		for (const r of st.hours) assert.ok(r.hour >= 0 && r.hour <= 23);
	});

	it('by college and by major: registered, entered, intents', () => {
		const col = Object.fromEntries(st.college.map((r) => [r.college, r]));
		assert.deepEqual([col[w.host.name].registered, col[w.host.name].entered, col[w.host.name].intents], [2, 2, 1]);
		assert.deepEqual([col[w.other.name].registered, col[w.other.name].entered, col[w.other.name].intents], [2, 1, 0]);
		assert.deepEqual([col[w.third.name].registered, col[w.third.name].entered, col[w.third.name].intents], [1, 1, 0]);
		assert.equal(st.college.length, 3);
		const maj = Object.fromEntries(st.major.map((r) => [r.major, r]));
		assert.deepEqual([maj['机电一体化技术'].registered, maj['机电一体化技术'].entered, maj['机电一体化技术'].intents], [3, 3, 1]);
		assert.deepEqual([maj['电子信息工程技术'].registered, maj['电子信息工程技术'].entered], [1, 1]);
		assert.deepEqual([maj['大数据与会计'].registered, maj['大数据与会计'].entered], [1, 0]);
	});

	it('by industry section: enterprises, positions, résumés, intents', () => {
		const ind = Object.fromEntries(st.industry.map((r) => [r.industry, r]));
		const c = ind[INDUSTRY.electrical.sectionName];
		assert.deepEqual([c.enterprises, c.positions, c.resumes, c.intents], [2, 4, 3, 1]);
		const i = ind[INDUSTRY.software.sectionName];
		assert.deepEqual([i.enterprises, i.positions, i.resumes, i.intents], [1, 2, 1, 0]);
		const f = ind[INDUSTRY.wholesale.sectionName];
		assert.deepEqual([f.enterprises, f.positions, f.resumes, f.intents], [1, 2, 0, 0]);
		assert.equal(st.industry.length, 3);
	});

	it('by booth: waiting, seen, no-show, intents', () => {
		const b = Object.fromEntries(st.booths.map((r) => [r.enterprise, r]));
		const e1 = b[w.e1.org.name];
		assert.deepEqual([e1.waiting, e1.seen, e1.no_show, e1.intents], [1, 1, 1, 1]);
		const e2 = b[w.e2.org.name];
		assert.deepEqual([e2.waiting, e2.seen, e2.no_show, e2.intents], [1, 0, 0, 0]);
		assert.equal(st.booths.length, 4);
	});

	it('the summary states the numbers in the article\'s words', () => {
		const s = st.summary;
		assert.equal(typeof s, 'string');
		assert.ok(s.includes(fair.name), s);
		assert.match(s, /4 家企业/);
		assert.match(s, /8 个岗位/);
		assert.match(s, /4 名学生入场/);
		assert.match(s, /简历 4 份/);
		assert.match(s, /签约意向 1 个/);
	});

	it('a repeat scan, refused passes and refused tickets change no figure', async () => {
		await enter(w, fair, w.s2);
		expectError(await w.s4.client.post(`fairs/${fair.id}/tickets`, { enterprise_id: w.e3.id }), 422, 'rule', 'entry');
		expectError(await admin.post(`fairs/${fair.id}/checkin`, { pass: 'SKY1.1.1.1.AAAAAAAAAAAAAAAAAAAAAA' }), 422, ['forged', 'other_fair'], 'pass');
		const again = (await admin.get(`fairs/${fair.id}/stats`)).json.figures;
		for (const k of ['registered', 'entered', 'inside', 'walk_ins', 'resumes', 'waiting']) assert.equal(again[k], st.figures[k], k);
	});
});

describe('exports', () => {
	const columns = {
		hours: ['hour', 'entered'],
		industry: ['industry', 'enterprises', 'positions', 'resumes', 'intents'],
		college: ['college', 'registered', 'entered', 'intents'],
		major: ['major', 'registered', 'entered', 'intents'],
		booths: ['booth_no', 'enterprise', 'waiting', 'seen', 'no_show', 'avg_wait_minutes', 'intents'],
	};
	for (const [table, cols] of Object.entries(columns)) {
		it(`?table=${table}: the same rows as the JSON table`, async () => {
			for (const c of [admin, w.staffH.client]) {
				const rows = expectXlsx(await c.get(`fairs/${fair.id}/stats/export?table=${table}`));
				assert.equal(rows[0].length, cols.length, `header: ${rows[0]}`);
				const body = rows.slice(1).filter((r) => r.length);
				const json = st[table].map((r) => cols.map((k) => String(r[k])));
				assert.deepEqual(body.map((r) => r.map(String)), json);
			}
		});
	}

	it('an unknown table → 400 table', async () => {
		expectError(await admin.get(`fairs/${fair.id}/stats/export?table=secrets`), 400, 'invalid', 'table');
		expectError(await admin.get(`fairs/${fair.id}/stats/export`), 400, 'invalid', 'table');
	});
});

describe('who sees the figures', () => {
	it('the operator and host college staff; another college, HR and students get 403', async () => {
		assert.equal((await w.staffH.client.get(`fairs/${fair.id}/stats`)).status, 200);
		for (const c of [w.staffO.client, w.e1.client, w.s1.client]) {
			expectError(await c.get(`fairs/${fair.id}/stats`), 403, 'forbidden');
			expectError(await c.get(`fairs/${fair.id}/stats/export?table=college`), 403, 'forbidden');
		}
		expectError(await srv.client().get(`fairs/${fair.id}/stats`), 401, 'unauthenticated');
	});
});
