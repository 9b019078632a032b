// Applications (投递): applying and its rules, the HR pipeline (viewed when HR opens it,
// forward moves with skipping, no way back), the student's accept and withdraw, history
// with actor and time, bulk changes all-or-nothing, and scope (other enterprises, other
// students, colleges).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, listAll, sleep } from './harness.mjs';
import { MAJOR, createPosition, makeWorld, nowSec, openPosition, registerStudent, startRecruitServer } from './recruit_lib.mjs';

let srv;
let w;
let admin;
let hrA;
let hrB;
const S = {};
const P = {};

const profile = (major, grad_year, degree = 2) => ({ major_code: major, grad_year, degree });

before(async () => {
	srv = await startRecruitServer();
	w = await makeWorld(srv);
	admin = w.admin;
	hrA = w.hrA.client;
	hrB = w.hrB.client;
	S.a = await registerStudent(srv, w.collegeA, { name: '陈晓', profile: profile(MAJOR.mechatronics, 2026) });
	S.b = await registerStudent(srv, w.collegeA, { name: '林峰', profile: profile(MAJOR.mechatronics, 2026) });
	S.c = await registerStudent(srv, w.collegeB, { name: '吴娜', profile: profile(MAJOR.electronics, 2027) });
	S.d = await registerStudent(srv, w.collegeA, { name: '郑凯', profile: profile(MAJOR.mechatronics, 2026) });
	S.e = await registerStudent(srv, w.collegeB, { name: '冯雪', profile: profile(MAJOR.mechatronics, 2026) });
	P.main = await openPosition(hrA, { title: '机电一体化技术员', majors: [MAJOR.automationClass] });
	P.second = await openPosition(hrA, { title: '设备调试员' });
	P.third = await openPosition(hrA, { title: '电工' });
	P.degree = await openPosition(hrA, { title: '本科管培生', min_degree: 3 });
	P.major = await openPosition(hrA, { title: '电子工程师', majors: [MAJOR.electronics] });
	P.grad = await openPosition(hrA, { title: '2027届储备干部', grad_year_min: 2027, grad_year_max: 2027 });
	P.deadline = await openPosition(hrA, { title: '限时招聘', deadline: nowSec() + 3 });
	P.draft = await createPosition(hrA, { title: '草稿岗位' });
	P.closed = await openPosition(hrA, { title: '已关闭岗位' });
	assert.equal((await hrA.post(`positions/${P.closed.id}/close`)).status, 200);
	P.b = await openPosition(hrB, { title: '能源材料操作工' });
});
after(() => srv?.stop());

const apply = (s, p) => s.client.post(`positions/${p.id}/apply`);
const myApps = async (s) => listAll(s.client, 'applications');
const statusOf = async (id) => (await admin.get(`applications/${id}`)).json.application.status;

describe('applying', () => {
	it('a student applies: 201 with the application', async () => {
		const r = await apply(S.a, P.main);
		assert.equal(r.status, 201, `${r}`);
		const a = r.json.application;
		assert.equal(typeof a.id, 'number');
		assert.equal(a.status, 'submitted');
		assert.equal(a.position_id, P.main.id);
		assert.equal(a.position_title, '机电一体化技术员');
		assert.equal(a.enterprise_id, w.entA.id);
		assert.equal(a.student_id, S.a.id);
		assert.equal(a.student_name, '陈晓');
		assert.ok(Math.abs(a.created_at - nowSec()) < 120);
		S.a.app = a;
		const mine = await myApps(S.a);
		assert.deepEqual(mine.map((x) => x.id), [a.id]);
	});

	it('applying twice to the same position is 409 conflict, nothing added', async () => {
		expectError(await apply(S.a, P.main), 409, 'conflict');
		assert.equal((await myApps(S.a)).length, 1);
	});

	it('a closed, draft or unknown position is 404', async () => {
		expectError(await apply(S.a, P.closed), 404, 'not_found');
		expectError(await apply(S.a, P.draft), 404, 'not_found');
		expectError(await apply(S.a, { id: 99999999 }), 404, 'not_found');
		assert.equal((await myApps(S.a)).length, 1);
	});

	it('ineligible: degree (min 3, student 2), major restriction, graduation year → 422 rule, nothing added', async () => {
		expectError(await apply(S.a, P.degree), 422, 'rule');
		expectError(await apply(S.a, P.major), 422, 'rule');
		expectError(await apply(S.a, P.grad), 422, 'rule');
		assert.equal((await myApps(S.a)).length, 1);
		// The same positions accept a fitting student.
		assert.equal((await apply(S.c, P.major)).status, 201, 'major 510101 fits a 510101 position');
		assert.equal((await apply(S.c, P.grad)).status, 201, 'graduation 2027 fits 2027');
		assert.equal((await apply(S.c, P.main)).status === 422, true, 'major 510101 does not fit class 4603');
	});

	it('deadline passed → 422 rule', async () => {
		const wait = (P.deadline.deadline + 1.2) * 1000 - Date.now();
		if (wait > 0) await sleep(wait);
		expectError(await apply(S.a, P.deadline), 422, 'rule');
		assert.equal((await myApps(S.a)).length, 1);
	});

	it('only students apply (403 for HR, staff, operator)', async () => {
		for (const c of [hrA, w.staffA.client, admin]) expectError(await c.post(`positions/${P.second.id}/apply`), 403, 'forbidden');
	});
});

describe('HR pipeline', () => {
	it('HR opening a submitted application marks it viewed (POST …/viewed: a GET never writes); history submitted → viewed with actor and time', async () => {
		const id = S.a.app.id;
		// No GET marks it viewed: not the student's, not the operator's, not HR's.
		assert.equal((await S.a.client.get(`applications/${id}`)).json.application.status, 'submitted');
		assert.equal((await hrA.get(`applications/${id}`)).json.application.status, 'submitted');
		assert.equal(await statusOf(id), 'submitted');
		const t0 = nowSec();
		const m = await hrA.post(`applications/${id}/viewed`);
		assert.equal(m.status, 200, `${m}`);
		assert.equal(m.json.application.status, 'viewed');
		const r = await hrA.get(`applications/${id}`);
		assert.equal(r.status, 200, `${r}`);
		const a = r.json.application;
		assert.equal(a.status, 'viewed');
		assert.equal(a.history.length, 2, `${r}`);
		const [h0, h1] = a.history;
		assert.equal(h0.from_status ?? null, null);
		assert.equal(h0.to_status, 'submitted');
		assert.equal(h0.actor, S.a.account.display_name);
		assert.equal(h1.from_status, 'submitted');
		assert.equal(h1.to_status, 'viewed');
		assert.equal(h1.actor, w.hrA.acct.display_name);
		assert.ok(h1.at >= t0 - 1 && h1.at <= nowSec() + 1, `viewed at ${h1.at}`);
		assert.ok(h0.at <= h1.at);
		// Marking it again adds nothing.
		assert.equal((await hrA.post(`applications/${id}/viewed`)).status, 200);
		const again = await hrA.get(`applications/${id}`);
		assert.equal(again.json.application.history.length, 2);
	});

	it('HR moves forward (viewed → interview → offered) with notes; each step in the history', async () => {
		const id = S.a.app.id;
		let r = await hrA.post(`applications/${id}/status`, { status: 'interview', note: '周三上午面试' });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.application.status, 'interview');
		r = await hrA.post(`applications/${id}/status`, { status: 'offered' });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.application.status, 'offered');
		const h = (await S.a.client.get(`applications/${id}`)).json.application.history;
		assert.deepEqual(
			h.map((e) => [e.from_status ?? null, e.to_status]),
			[
				[null, 'submitted'],
				['submitted', 'viewed'],
				['viewed', 'interview'],
				['interview', 'offered'],
			],
		);
		assert.equal(h[2].note, '周三上午面试');
		assert.equal(h[2].actor, w.hrA.acct.display_name);
		assert.equal(h[3].actor, w.hrA.acct.display_name);
		for (const e of h) assert.ok(typeof e.at === 'number' && Math.abs(e.at - nowSec()) < 300);
	});

	it('backwards, or to accepted/withdrawn, is refused for HR: 422 rule field status', async () => {
		const id = S.a.app.id;
		for (const to of ['interview', 'viewed', 'submitted', 'accepted', 'withdrawn']) {
			expectError(await hrA.post(`applications/${id}/status`, { status: to }), 422, 'rule', 'status');
		}
		expectError(await hrA.post(`applications/${id}/status`, { status: 'hired' }), 400, 'invalid', 'status');
		expectError(await hrA.post(`applications/${id}/status`, {}), 400, 'missing', 'status');
		assert.equal(await statusOf(id), 'offered');
	});

	it('only the student accepts an offer; accepted is final', async () => {
		const id = S.a.app.id;
		expectError(await hrA.post(`applications/${id}/accept`), 403, 'forbidden');
		expectError(await S.b.client.post(`applications/${id}/accept`), 404, 'not_found');
		const r = await S.a.client.post(`applications/${id}/accept`);
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.application.status, 'accepted');
		expectError(await hrA.post(`applications/${id}/status`, { status: 'rejected' }), 422, 'rule', 'status');
		expectError(await S.a.client.post(`applications/${id}/withdraw`), 422, 'rule', 'status');
		const h = (await hrA.get(`applications/${id}`)).json.application.history;
		assert.deepEqual(h.at(-1).to_status, 'accepted');
		assert.equal(h.at(-1).actor, S.a.account.display_name);
	});

	it('skipping forward is allowed (submitted → offered); accepting before an offer is not', async () => {
		const r = await apply(S.a, P.second);
		assert.equal(r.status, 201, `${r}`);
		const id = r.json.application.id;
		expectError(await S.a.client.post(`applications/${id}/accept`), 422, 'rule', 'status');
		const s = await hrA.post(`applications/${id}/status`, { status: 'offered' });
		assert.equal(s.status, 200, `${s}`);
		assert.equal(s.json.application.status, 'offered');
		const h = (await admin.get(`applications/${id}`)).json.application.history;
		assert.deepEqual(h.map((e) => e.to_status), ['submitted', 'offered']);
	});

	it('the student withdraws from any open state; HR cannot move it afterwards', async () => {
		const r = await apply(S.a, P.third);
		const id = r.json.application.id;
		assert.equal((await hrA.post(`applications/${id}/status`, { status: 'interview' })).status, 200);
		expectError(await hrA.post(`applications/${id}/withdraw`), 403, 'forbidden');
		const wd = await S.a.client.post(`applications/${id}/withdraw`);
		assert.equal(wd.status, 200, `${wd}`);
		assert.equal(wd.json.application.status, 'withdrawn');
		expectError(await hrA.post(`applications/${id}/status`, { status: 'offered' }), 422, 'rule', 'status');
		expectError(await S.a.client.post(`applications/${id}/withdraw`), 422, 'rule', 'status');
	});

	it('HR rejects (不合适) from any open state; rejected is final', async () => {
		const r = await apply(S.d, P.second);
		const id = r.json.application.id;
		const rej = await hrA.post(`applications/${id}/status`, { status: 'rejected', note: '专业不对口' });
		assert.equal(rej.status, 200, `${rej}`);
		assert.equal(rej.json.application.status, 'rejected');
		expectError(await hrA.post(`applications/${id}/status`, { status: 'interview' }), 422, 'rule', 'status');
		expectError(await S.d.client.post(`applications/${id}/accept`), 422, 'rule', 'status');
	});

	it('the operator may move an application too', async () => {
		const r = await apply(S.e, P.second);
		const id = r.json.application.id;
		const s = await admin.post(`applications/${id}/status`, { status: 'interview' });
		assert.equal(s.status, 200, `${s}`);
		assert.equal((await admin.get(`applications/${id}`)).json.application.history.at(-1).actor, '管理员');
	});
});

describe('scope', () => {
	it('HR of another enterprise: 404 on get and status, nothing changed, not in their list', async () => {
		const id = S.a.app.id;
		const before = (await admin.get(`applications/${id}`)).json.application;
		expectError(await hrB.get(`applications/${id}`), 404, 'not_found');
		expectError(await hrB.post(`applications/${id}/status`, { status: 'rejected' }), 404, 'not_found');
		assert.deepEqual((await admin.get(`applications/${id}`)).json.application, before);
		const listB = await listAll(hrB, 'applications');
		assert.ok(!listB.some((a) => a.enterprise_id !== w.entB.id), 'HR B lists another enterprise\'s applications');
		const byPos = await hrB.get(`applications?position_id=${P.main.id}`);
		assert.equal(byPos.status, 200);
		assert.deepEqual(byPos.json.items, []);
	});

	it('another student: 404 on get, withdraw and accept; own list only', async () => {
		const id = S.a.app.id;
		expectError(await S.b.client.get(`applications/${id}`), 404, 'not_found');
		expectError(await S.b.client.post(`applications/${id}/withdraw`), 404, 'not_found');
		for (const s of [S.a, S.b, S.c]) {
			for (const a of await myApps(s)) assert.equal(a.student_id, s.id);
		}
		expectError(await S.a.client.post(`applications/${id}/status`, { status: 'offered' }), 403, 'forbidden');
	});

	it('college staff list only their own students\' applications', async () => {
		const a = await listAll(w.staffA.client, 'applications');
		assert.ok(a.length >= 3);
		for (const x of a) assert.equal(x.college_id, w.collegeA.id);
		const b = await listAll(w.staffB.client, 'applications');
		assert.ok(b.length >= 2);
		for (const x of b) assert.equal(x.college_id, w.collegeB.id);
		expectError(await w.staffB.client.get(`applications/${S.a.app.id}`), 404, 'not_found');
		expectError(await w.staffA.client.post(`applications/${S.a.app.id}/status`, { status: 'rejected' }), 403, 'forbidden');
	});

	it('college staff may open an application of their own student (GET /applications/{id} "in scope")', async () => {
		const r = await w.staffA.client.get(`applications/${S.a.app.id}`);
		assert.equal(r.status, 200, `the list shows it to college staff but the item is refused: ${r}`);
		assert.ok(Array.isArray(r.json.application.history));
	});

	it('list filters: position_id and status; an unknown status is 400', async () => {
		const r = await hrA.get(`applications?position_id=${P.second.id}&status=offered`);
		assert.equal(r.status, 200, `${r}`);
		assert.deepEqual(r.json.items.map((x) => x.student_id), [S.a.id]);
		expectError(await hrA.get('applications?status=hired'), 400, 'invalid', 'status');
	});
});

describe('bulk', () => {
	let ids;
	before(async () => {
		P.bulk = await openPosition(hrA, { title: '批量处理岗位' });
		ids = [];
		for (const s of [S.a, S.b, S.d, S.e]) {
			const r = await apply(s, P.bulk);
			assert.equal(r.status, 201, `${r}`);
			ids.push(r.json.application.id);
		}
	});

	it('all valid: 200 with the updated count; each has a history entry by HR', async () => {
		const r = await hrA.post('applications/bulk', { ids: ids.slice(0, 3), status: 'interview', note: '统一安排面试' });
		assert.equal(r.status, 200, `${r}`);
		assert.deepEqual(r.json, { updated: 3 });
		for (const id of ids.slice(0, 3)) {
			const a = (await admin.get(`applications/${id}`)).json.application;
			assert.equal(a.status, 'interview');
			const last = a.history.at(-1);
			assert.equal(last.to_status, 'interview');
			assert.equal(last.actor, w.hrA.acct.display_name);
			assert.equal(last.note, '统一安排面试');
		}
		assert.equal(await statusOf(ids[3]), 'submitted');
	});

	const refusedBulk = async (list, status, why) => {
		const before = await Promise.all(ids.map(async (id) => (await admin.get(`applications/${id}`)).json.application));
		const r = await hrA.post('applications/bulk', { ids: list, status });
		expectError(r, 422, 'rule', 'ids');
		const afterApps = await Promise.all(ids.map(async (id) => (await admin.get(`applications/${id}`)).json.application));
		assert.deepEqual(afterApps, before, `a refused bulk change (${why}) changed something`);
	};

	it('one unknown id: 422 and NONE changed', async () => {
		await refusedBulk([ids[0], ids[1], 99999999, ids[2]], 'offered', 'unknown id');
	});

	it('one application of another enterprise: 422 and none changed', async () => {
		const other = await apply(S.c, P.b);
		assert.equal(other.status, 201);
		await refusedBulk([ids[0], other.json.application.id], 'offered', 'other enterprise');
		assert.equal(await statusOf(other.json.application.id), 'submitted');
	});

	it('one that cannot make the move (submitted → interview ok, interview → interview not): 422, none changed', async () => {
		await refusedBulk([ids[3], ids[0]], 'interview', 'not allowed');
	});

	it('bad requests: empty ids, unknown status → 400; students cannot bulk (403)', async () => {
		expectError(await hrA.post('applications/bulk', { ids: [], status: 'offered' }), 400, 'invalid', 'ids');
		expectError(await hrA.post('applications/bulk', { ids: [ids[0]], status: 'hired' }), 400, 'invalid', 'status');
		expectError(await S.a.client.post('applications/bulk', { ids: [ids[0]], status: 'offered' }), 403, 'forbidden');
	});

	it('HR pipeline counts on /positions/mine', async () => {
		const mine = await listAll(hrA, 'positions/mine');
		const p = mine.find((x) => x.id === P.bulk.id);
		assert.equal(p.applications, 4);
		assert.equal(p.unread, 1);
	});
});
