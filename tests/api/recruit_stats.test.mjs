// Employment figures (/stats/employment): exact counts by major, graduation year and college
// from a known setup; a student counts once, at the furthest stage of their applications;
// college staff are held to their own college; the platform overview. The graduating class
// (应届) by default, the destinations in the Ministry's categories (毕业去向落实率), recording a
// destination (who may, audited) and the .xlsx export.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, makeAccount } from './harness.mjs';
import { MAJOR, expectXlsx, makeWorld, openPosition, registerStudent, startRecruitServer } from './recruit_lib.mjs';

// The graduating class as the page must take it: the year in China time, the next one from
// September on (src/domain/destination.h). COH are the fixture's 应届, OLD the class before.
const china = new Date(Date.now() + 8 * 3600 * 1000);
const COH = china.getUTCFullYear() + (china.getUTCMonth() >= 8 ? 1 : 0);
const OLD = COH - 1;

let srv;
let w;
let admin;
const S = {};

const prof = (major_code, grad_year) => ({ profile: { major_code, grad_year, degree: 2 } });
const row = (students, applied, interviewed, offered, accepted) => ({ students, applied, interviewed, offered, accepted });

before(async () => {
	srv = await startRecruitServer();
	w = await makeWorld(srv);
	admin = w.admin;
	const hr = w.hrA.client;
	const p1 = await openPosition(hr, { title: '机电一体化技术员' });
	const p2 = await openPosition(hr, { title: '设备维护员' });
	S.a1 = await registerStudent(srv, w.collegeA, { name: '甲一', ...prof(MAJOR.mechatronics, OLD) });
	S.a2 = await registerStudent(srv, w.collegeA, { name: '甲二', ...prof(MAJOR.mechatronics, OLD) });
	S.a3 = await registerStudent(srv, w.collegeA, { name: '甲三', ...prof(MAJOR.electronics, COH) });
	S.a4 = await registerStudent(srv, w.collegeA, { name: '甲四', ...prof(MAJOR.electronics, COH) });
	S.b1 = await registerStudent(srv, w.collegeB, { name: '乙一', ...prof(MAJOR.mechatronics, OLD) });
	S.b2 = await registerStudent(srv, w.collegeB, { name: '乙二', ...prof(MAJOR.accounting, OLD) });
	const apply = async (s, p) => {
		const r = await s.client.post(`positions/${p.id}/apply`);
		assert.equal(r.status, 201, `${r}`);
		return r.json.application.id;
	};
	const move = async (id, status) => {
		const r = await hr.post(`applications/${id}/status`, { status });
		assert.equal(r.status, 200, `${r}`);
	};
	// a1: two applications, the furthest at interview (counted once).
	await move(await apply(S.a1, p1), 'interview');
	await apply(S.a1, p2);
	// a2: offered.
	await move(await apply(S.a2, p1), 'offered');
	// a3: nothing. a4: applied, then rejected (still applied).
	await move(await apply(S.a4, p2), 'rejected');
	// b1: offered and accepted. b2: nothing.
	const b1 = await apply(S.b1, p1);
	await move(b1, 'offered');
	assert.equal((await S.b1.client.post(`applications/${b1}/accept`)).status, 200);
});
after(() => srv?.stop());

/** GET /stats/employment as client; returns {key: counts} and the total. */
async function stats(client, params) {
	params = { grad_year: 'all', ...params };
	const r = await client.get(`stats/employment?${new URLSearchParams(params)}`);
	assert.equal(r.status, 200, `${r}`);
	assert.equal(r.json.group, params.group || 'major');
	const by = {};
	const names = {};
	for (const it of r.json.items) {
		const k = String(it.key);
		assert.ok(!(k in by), `key ${k} twice: ${r}`);
		by[k] = row(it.students, it.applied, it.interviewed, it.offered, it.accepted);
		names[k] = it.name;
	}
	const t = r.json.total;
	return { by, names, total: row(t.students, t.applied, t.interviewed, t.offered, t.accepted), raw: r.json };
}

describe('/stats/employment exact counts', () => {
	it('operator, group=college', async () => {
		const { by, names, total } = await stats(admin, { group: 'college' });
		assert.deepEqual(by, {
			[w.collegeA.id]: row(4, 3, 2, 1, 0),
			[w.collegeB.id]: row(2, 1, 1, 1, 1),
		});
		assert.equal(names[w.collegeA.id], w.collegeA.name);
		assert.deepEqual(total, row(6, 4, 3, 2, 1));
	});

	it('operator, group=major', async () => {
		const { by, names, total } = await stats(admin, { group: 'major' });
		assert.deepEqual(by, {
			460301: row(3, 3, 3, 2, 1),
			510101: row(2, 1, 0, 0, 0),
			530302: row(1, 0, 0, 0, 0),
		});
		assert.equal(names['460301'], '机电一体化技术');
		assert.equal(names['530302'], '大数据与会计');
		assert.deepEqual(total, row(6, 4, 3, 2, 1));
	});

	it('operator, group=grad_year, and the default group is major', async () => {
		const { by, total } = await stats(admin, { group: 'grad_year' });
		assert.deepEqual(by, { [OLD]: row(4, 3, 3, 2, 1), [COH]: row(2, 1, 0, 0, 0) });
		assert.deepEqual(total, row(6, 4, 3, 2, 1));
		const def = await admin.get('stats/employment?grad_year=all');
		assert.equal(def.status, 200);
		assert.equal(def.json.group, 'major');
	});

	it('operator filters: college_id and grad_year', async () => {
		assert.deepEqual((await stats(admin, { group: 'major', college_id: String(w.collegeB.id) })).by, {
			460301: row(1, 1, 1, 1, 1),
			530302: row(1, 0, 0, 0, 0),
		});
		assert.deepEqual((await stats(admin, { group: 'major', grad_year: String(COH) })).by, { 510101: row(2, 1, 0, 0, 0) });
		assert.deepEqual((await stats(admin, { group: 'college', grad_year: String(OLD) })).by, {
			[w.collegeA.id]: row(2, 2, 2, 1, 0),
			[w.collegeB.id]: row(2, 1, 1, 1, 1),
		});
	});

	it('college staff are held to their own college', async () => {
		const A = w.staffA.client;
		assert.deepEqual((await stats(A, { group: 'major' })).by, { 460301: row(2, 2, 2, 1, 0), 510101: row(2, 1, 0, 0, 0) });
		assert.deepEqual((await stats(A, { group: 'grad_year' })).by, { [OLD]: row(2, 2, 2, 1, 0), [COH]: row(2, 1, 0, 0, 0) });
		assert.deepEqual((await stats(A, { group: 'college' })).by, { [w.collegeA.id]: row(4, 3, 2, 1, 0) });
		assert.deepEqual((await stats(A, { group: 'college', college_id: String(w.collegeA.id) })).total, row(4, 3, 2, 1, 0));
		expectError(await A.get(`stats/employment?group=major&college_id=${w.collegeB.id}`), 403, 'forbidden');
		assert.deepEqual((await stats(w.staffB.client, { group: 'college' })).by, { [w.collegeB.id]: row(2, 1, 1, 1, 1) });
	});

	it('students, HR → 403; a bad group → 400 naming group', async () => {
		expectError(await S.a1.client.get('stats/employment'), 403, 'forbidden');
		expectError(await w.hrA.client.get('stats/employment'), 403, 'forbidden');
		expectError(await admin.get('stats/employment?group=city'), 400, 'invalid', 'group');
	});
});

/** The destination counts of a figures row (or total), and its placed and rate. */
const dest = (r) => ({ contract: r.contract, further_study: r.further_study, flexible: r.flexible, entrepreneurship: r.entrepreneurship, conscription: r.conscription, unplaced: r.unplaced, placed: r.placed, rate: r.rate });
const D = (contract, further_study, flexible, entrepreneurship, conscription, unplaced, rate) =>
	({ contract, further_study, flexible, entrepreneurship, conscription, unplaced, placed: contract + further_study + flexible + entrepreneurship + conscription, rate });

describe('the graduating class and its destinations (毕业去向落实率)', () => {
	it('without grad_year the figures are the graduating class\'s (应届), with the cohort named', async () => {
		const A = w.staffA.client;
		const r = await A.get('stats/employment?group=major');
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.cohort, COH);
		assert.equal(r.json.grad_year, COH);
		// a3 and a4 only: a1 and a2 are the class before.
		assert.deepEqual(r.json.items.map((it) => [String(it.key), it.students]), [['510101', 2]]);
		assert.deepEqual(dest(r.json.total), D(0, 0, 0, 0, 0, 2, 0));
		const all = await A.get('stats/employment?group=major&grad_year=all');
		assert.equal(all.json.grad_year, null);
		assert.equal(all.json.total.students, 4);
		const old = await A.get(`stats/employment?grad_year=${OLD}`);
		assert.equal(old.json.grad_year, OLD);
		assert.equal(old.json.total.students, 2);
		expectError(await A.get('stats/employment?grad_year=next'), 400, 'invalid', 'grad_year');
	});

	it('an accepted offer counts as signed employment; a recorded destination overrides it', async () => {
		const college = async (id) => (await stats(admin, { group: 'college' })).raw.items.find((i) => i.key === id);
		// b1 accepted an offer: 协议和合同就业; nobody else is placed.
		assert.deepEqual(dest(await college(w.collegeB.id)), D(1, 0, 0, 0, 0, 1, 50));
		assert.deepEqual(dest(await college(w.collegeA.id)), D(0, 0, 0, 0, 0, 4, 0));
		// College A's staff record a3 (further study, 专升本); a4 records their own (entrepreneurship).
		const set = async (client, s, destination, status = 200) => {
			const r = await client.post(`students/${s.id}/destination`, { destination });
			assert.equal(r.status, status, `${r}`);
			return r;
		};
		const r = await set(w.staffA.client, S.a3, 'further_study');
		assert.equal(r.json.student.destination, 'further_study');
		assert.ok(r.json.student.destination_at > 0);
		await set(S.a4.client, S.a4, 'entrepreneurship');
		await set(w.staffA.client, S.a1, 'conscription');
		await set(w.staffA.client, S.a2, 'flexible');
		await set(admin, S.b1, 'further_study');
		const A = (await w.staffA.client.get('stats/employment?group=grad_year&grad_year=all')).json;
		const byYear = Object.fromEntries(A.items.map((i) => [i.key, dest(i)]));
		assert.deepEqual(byYear, { [OLD]: D(0, 0, 1, 0, 1, 0, 100), [COH]: D(0, 1, 0, 1, 0, 0, 100) });
		assert.deepEqual(dest(A.total), D(0, 1, 1, 1, 1, 0, 100));
		// The operator: B's b1 now further study instead of the offer; then cleared back to it.
		let B = (await admin.get(`stats/employment?college_id=${w.collegeB.id}&grad_year=all`)).json.total;
		assert.deepEqual(dest(B), D(0, 1, 0, 0, 0, 1, 50));
		const cleared = await set(admin, S.b1, null);
		assert.equal(cleared.json.student.destination, null);
		B = (await admin.get(`stats/employment?college_id=${w.collegeB.id}&grad_year=all`)).json.total;
		assert.deepEqual(dest(B), D(1, 0, 0, 0, 0, 1, 50));
		// Back to unplaced explicitly for a2: 3 of 4 placed in college A.
		await set(w.staffA.client, S.a2, 'unplaced');
		assert.deepEqual(dest(await college(w.collegeA.id)), D(0, 1, 0, 1, 1, 1, 75));
		// Every record is audited.
		const audit = (await admin.get('audit?action=student.destination')).json.items;
		assert.equal(audit.length, 7, JSON.stringify(audit));
	});

	it('only the student\'s college, the operator and the student may record; bad values name the field', async () => {
		const post = (client, s, body) => client.post(`students/${s.id}/destination`, body);
		expectError(await post(w.staffB.client, S.a3, { destination: 'contract' }), 404, 'not_found');
		expectError(await post(S.a1.client, S.a3, { destination: 'contract' }), 404, 'not_found');
		expectError(await post(w.hrA.client, S.a3, { destination: 'contract' }), 403, 'forbidden');
		expectError(await post(w.staffA.client, S.a3, { destination: '就业' }), 400, 'invalid', 'destination');
		expectError(await post(w.staffA.client, S.a3, { destination: 'contract', note: 'x' }), 400, 'unknown_field', 'note');
		expectError(await w.staffA.client.post('students/999999/destination', { destination: 'contract' }), 404, 'not_found');
		// Nothing of the refused writes landed: a3 is still further study.
		const t = (await w.staffA.client.get('stats/employment')).json.total;
		assert.equal(t.further_study, 1);
		assert.equal(t.contract, 0);
		// The destination shows to the student's college, never to an enterprise.
		const seen = await w.staffA.client.get(`students/${S.a3.id}`);
		assert.equal(seen.status, 200, `${seen}`);
		assert.equal(seen.json.student.destination, 'further_study');
		const hr = await w.hrA.client.get(`students/${S.a1.id}`);
		assert.equal(hr.status, 200, `${hr}`);
		assert.ok(!('destination' in hr.json.student), `HR sees no destination: ${hr}`);
		// College B's staff never see college A's students in their figures.
		const b = (await w.staffB.client.get('stats/employment?group=college&grad_year=all')).json;
		assert.deepEqual(b.items.map((i) => i.key), [w.collegeB.id]);
		expectError(await w.staffB.client.get(`stats/employment/export?college_id=${w.collegeA.id}`), 403, 'forbidden');
	});

	it('exports the figures as .xlsx with the Ministry\'s names, a 合计 row, the rate', async () => {
		const rows = expectXlsx(await w.staffA.client.get('stats/employment/export?group=grad_year&grad_year=all'));
		assert.deepEqual(rows[0], ['届别', '毕业生', '协议和合同就业', '升学', '灵活就业', '自主创业', '应征义务兵', '待就业/暂不就业', '已落实', '毕业去向落实率（%）']);
		const body = rows.slice(1).map((r) => r.map(String));
		assert.deepEqual(body.map((r) => r[0]).sort(), [`${OLD}届`, `${COH}届`, '合计'].sort());
		const total = body.find((r) => r[0] === '合计');
		assert.deepEqual(total.slice(1, 9).map(Number), [4, 0, 1, 0, 1, 1, 1, 3]);
		assert.equal(Number(total[9]), 75);
		// Default: the graduating class only, one major row and the total.
		const def = expectXlsx(await w.staffA.client.get('stats/employment/export'));
		assert.equal(def.length, 3);
		assert.deepEqual(def[2].slice(0, 2).map(String), ['合计', '2']);
		expectError(await S.a1.client.get('stats/employment/export'), 403, 'forbidden');
	});
});

describe('/stats/overview', () => {
	it('operator and officer see platform-wide counts; others 403', async () => {
		const officer = await makeAccount(admin, { role: 'officer' });
		const oc = await srv.login(officer.login, officer.password);
		for (const c of [admin, oc]) {
			const r = await c.get('stats/overview');
			assert.equal(r.status, 200, `${r}`);
			const o = r.json.overview;
			assert.equal(o.colleges, 2);
			assert.equal(o.enterprises, 2);
			assert.equal(o.students, 6);
			assert.equal(o.positions_open, 2);
			assert.equal(o.applications, 5);
			assert.equal(o.accepted, 1);
		}
		expectError(await w.staffA.client.get('stats/overview'), 403, 'forbidden');
		expectError(await S.a1.client.get('stats/overview'), 403, 'forbidden');
	});
});

describe('statistics stay when a student closes their account', () => {
	it('closing a2\'s account leaves every figure unchanged', async () => {
		const before = {};
		for (const group of ['college', 'major', 'grad_year']) before[group] = (await stats(admin, { group })).raw;
		const r = await S.a2.client.post('students/me/close', { password: S.a2.password });
		assert.equal(r.status, 200, `${r}`);
		for (const group of ['college', 'major', 'grad_year']) {
			assert.deepEqual((await stats(admin, { group })).raw, before[group], `group=${group} changed after closing an account`);
		}
	});
});
