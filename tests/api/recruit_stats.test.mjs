// Employment figures (/stats/employment): exact counts by major, graduation year and college
// from a known setup; a student counts once, at the furthest stage of their applications;
// college staff are held to their own college; the platform overview.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, makeAccount } from './harness.mjs';
import { MAJOR, makeWorld, openPosition, registerStudent, startRecruitServer } from './recruit_lib.mjs';

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
	S.a1 = await registerStudent(srv, w.collegeA, { name: '甲一', ...prof(MAJOR.mechatronics, 2026) });
	S.a2 = await registerStudent(srv, w.collegeA, { name: '甲二', ...prof(MAJOR.mechatronics, 2026) });
	S.a3 = await registerStudent(srv, w.collegeA, { name: '甲三', ...prof(MAJOR.electronics, 2027) });
	S.a4 = await registerStudent(srv, w.collegeA, { name: '甲四', ...prof(MAJOR.electronics, 2027) });
	S.b1 = await registerStudent(srv, w.collegeB, { name: '乙一', ...prof(MAJOR.mechatronics, 2026) });
	S.b2 = await registerStudent(srv, w.collegeB, { name: '乙二', ...prof(MAJOR.accounting, 2026) });
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
	return { by, names, total: r.json.total, raw: r.json };
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
		assert.deepEqual(by, { 2026: row(4, 3, 3, 2, 1), 2027: row(2, 1, 0, 0, 0) });
		assert.deepEqual(total, row(6, 4, 3, 2, 1));
		const def = await admin.get('stats/employment');
		assert.equal(def.status, 200);
		assert.equal(def.json.group, 'major');
	});

	it('operator filters: college_id and grad_year', async () => {
		assert.deepEqual((await stats(admin, { group: 'major', college_id: String(w.collegeB.id) })).by, {
			460301: row(1, 1, 1, 1, 1),
			530302: row(1, 0, 0, 0, 0),
		});
		assert.deepEqual((await stats(admin, { group: 'major', grad_year: '2027' })).by, { 510101: row(2, 1, 0, 0, 0) });
		assert.deepEqual((await stats(admin, { group: 'college', grad_year: '2026' })).by, {
			[w.collegeA.id]: row(2, 2, 2, 1, 0),
			[w.collegeB.id]: row(2, 1, 1, 1, 1),
		});
	});

	it('college staff are held to their own college', async () => {
		const A = w.staffA.client;
		assert.deepEqual((await stats(A, { group: 'major' })).by, { 460301: row(2, 2, 2, 1, 0), 510101: row(2, 1, 0, 0, 0) });
		assert.deepEqual((await stats(A, { group: 'grad_year' })).by, { 2026: row(2, 2, 2, 1, 0), 2027: row(2, 1, 0, 0, 0) });
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
