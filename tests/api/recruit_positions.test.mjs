// Positions (岗位): drafts, field validation, editing, the state machine (draft → pending →
// open ⇄ closed, rejected → resubmitted), operator review of unverified enterprises, and
// that nobody outside the owning enterprise reads or changes a non-open position.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { creditCode, expectError, listAll, orgOf, uniq } from './harness.mjs';
import {
	CITY,
	MAJOR,
	SKILL,
	createPosition,
	makeWorld,
	nowSec,
	openPosition,
	registerStudent,
	startRecruitServer,
} from './recruit_lib.mjs';

let srv;
let w;
let admin;
let hrA;
let hrB;
let stu;
let pending; // a self-registered (pending) enterprise: {org, client, login}

before(async () => {
	srv = await startRecruitServer();
	w = await makeWorld(srv);
	admin = w.admin;
	hrA = w.hrA.client;
	hrB = w.hrB.client;
	stu = await registerStudent(srv, w.collegeA, { name: '李明' });
	const reg = {
		name: `清远${uniq('')}新材料有限公司`,
		credit_code: creditCode(),
		contact_name: '陈经理',
		login: uniq('hrp'),
		password: 'pending-pass-123',
	};
	const r = await srv.client().post('register/enterprise', reg);
	assert.equal(r.status, 201, `${r}`);
	assert.equal(r.json.account.org.status, 'pending');
	pending = { org: r.json.account.org, client: await srv.login(reg.login, reg.password), reg };
});
after(() => srv?.stop());

const full = () => ({
	title: '机电一体化技术员',
	kind: '全职',
	min_degree: 2,
	headcount: 5,
	salary_min: 4500,
	salary_max: 6500,
	city_code: CITY.qingyuan,
	address: '清远高新区创兴大道 18 号',
	description: '负责生产线设备的安装、调试与日常维护。\n需要能看懂电气图纸。',
	deadline: nowSec() + 30 * 86400,
	grad_year_min: 2025,
	grad_year_max: 2027,
	majors: [MAJOR.automationClass, MAJOR.mechatronics],
	required_skills: [SKILL.plc],
	preferred_skills: [SKILL.cad],
});

describe('create a draft', () => {
	it('HR creates a draft with every field: 201 and the position object', async () => {
		const body = full();
		const r = await hrA.post('positions', body);
		assert.equal(r.status, 201, `${r}`);
		const p = r.json.position;
		assert.equal(typeof p.id, 'number');
		assert.equal(p.status, 'draft');
		assert.equal(p.enterprise_id, w.entA.id);
		assert.equal(p.enterprise_name, w.entA.name);
		for (const k of ['title', 'kind', 'min_degree', 'headcount', 'salary_min', 'salary_max', 'city_code', 'address', 'description', 'deadline', 'grad_year_min', 'grad_year_max']) {
			assert.deepEqual(p[k], body[k], `field ${k}`);
		}
		assert.equal(p.city_name, '清远市');
		assert.deepEqual(
			p.majors.map((m) => [m.code, m.name, m.level]).sort(),
			[
				['4603', '自动化类', 'class'],
				['460301', '机电一体化技术', 'major'],
			],
		);
		assert.deepEqual(p.required_skills, [{ id: 'plc', name: 'PLC编程' }]);
		assert.deepEqual(p.preferred_skills, [{ id: 'cad-2d', name: 'AutoCAD制图' }]);
		assert.equal(p.reject_reason ?? null, null);
		assert.equal(typeof p.created_at, 'number');
		assert.ok(Math.abs(p.created_at - nowSec()) < 120);
		// The enterprise reads it back whatever its status.
		const g = await hrA.get(`positions/${p.id}`);
		assert.equal(g.status, 200, `${g}`);
		assert.deepEqual(g.json.position, p);
	});

	it('the minimal body (title, kind, headcount) is enough; defaults are empty', async () => {
		const r = await hrA.post('positions', { title: '会计助理', kind: '实习', headcount: 1 });
		assert.equal(r.status, 201, `${r}`);
		const p = r.json.position;
		assert.equal(p.status, 'draft');
		assert.deepEqual(p.majors, []);
		assert.deepEqual(p.required_skills, []);
		assert.deepEqual(p.preferred_skills, []);
		assert.equal(p.salary_min ?? null, null);
		assert.equal(p.deadline ?? null, null);
	});

	describe('field validation: 400 naming the field, nothing written', () => {
		const cases = [
			['title missing', { title: undefined }, 'missing', 'title'],
			['title of 1 character', { title: '岗' }, 'invalid', 'title'],
			['title of 61 characters', { title: '岗'.repeat(61) }, 'invalid', 'title'],
			['kind missing', { kind: undefined }, 'missing', 'kind'],
			['kind not 全职/实习/见习', { kind: '兼职' }, 'invalid', 'kind'],
			['headcount missing', { headcount: undefined }, 'missing', 'headcount'],
			['headcount 0', { headcount: 0 }, 'invalid', 'headcount'],
			['headcount 10001', { headcount: 10001 }, 'invalid', 'headcount'],
			['headcount a string', { headcount: '5' }, 'invalid', 'headcount'],
			['salary_max below salary_min', { salary_min: 8000, salary_max: 5000 }, 'invalid', 'salary_max'],
			['min_degree 4', { min_degree: 4 }, 'invalid', 'min_degree'],
			['unknown major code', { majors: ['999999'] }, 'invalid', 'majors'],
			['unknown major among known ones', { majors: [MAJOR.mechatronics, '469999'] }, 'invalid', 'majors'],
			['unknown required skill id', { required_skills: ['no-such-skill'] }, 'invalid', 'required_skills'],
			['unknown preferred skill id', { preferred_skills: ['no-such-skill'] }, 'invalid', 'preferred_skills'],
			['unknown city', { city_code: '999999' }, 'invalid', 'city_code'],
			['description over 5000 characters', { description: '描'.repeat(5001) }, 'invalid', 'description'],
			['an unknown field', { salary: 5000 }, 'unknown_field', 'salary'],
		];
		for (const [name, over, code, field] of cases) {
			it(name, async () => {
				const before = (await listAll(hrA, 'positions/mine')).length;
				const body = { ...full(), ...over };
				for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
				expectError(await hrA.post('positions', body), 400, code, field);
				assert.equal((await listAll(hrA, 'positions/mine')).length, before, 'a refused create wrote a position');
			});
		}
	});

	it('a deadline already in the past is refused naming deadline (issue 3: 400/422)', async () => {
		const r = await hrA.post('positions', { ...full(), deadline: nowSec() - 86400 });
		assert.ok(r.status === 400 || r.status === 422, `expected 400/422 for a past deadline: ${r}`);
		expectError(r, r.status, r.status === 400 ? 'invalid' : 'rule', 'deadline');
	});

	it('a student cannot create (403 forbidden); nor college staff', async () => {
		expectError(await stu.client.post('positions', full()), 403, 'forbidden');
		expectError(await w.staffA.client.post('positions', full()), 403, 'forbidden');
	});
});

describe('edit', () => {
	it('the owner replaces every field; majors and skills are rewritten', async () => {
		const p = await createPosition(hrA, full());
		const body = {
			title: '电气自动化工程师',
			kind: '见习',
			headcount: 3,
			salary_min: 5000,
			salary_max: 8000,
			city_code: CITY.guangzhou,
			description: '新的描述',
			majors: [MAJOR.equipmentCategory],
			required_skills: [SKILL.python],
		};
		const r = await hrA.post(`positions/${p.id}`, body);
		assert.equal(r.status, 200, `${r}`);
		const q = r.json.position;
		assert.equal(q.id, p.id);
		assert.equal(q.title, '电气自动化工程师');
		assert.equal(q.kind, '见习');
		assert.equal(q.headcount, 3);
		assert.equal(q.city_code, CITY.guangzhou);
		assert.equal(q.city_name, '广州市');
		assert.equal(q.description, '新的描述');
		assert.deepEqual(q.majors.map((m) => m.code), ['46']);
		assert.deepEqual(q.required_skills.map((s) => s.id), ['python']);
		assert.deepEqual(q.preferred_skills, [], 'replace all fields: preferred skills not sent are cleared');
		assert.equal(q.address ?? null, null, 'replace all fields: address not sent is cleared');
		assert.equal(q.deadline ?? null, null, 'replace all fields: deadline not sent is cleared');
		assert.equal(q.status, 'draft');
		assert.deepEqual((await hrA.get(`positions/${p.id}`)).json.position, q);
	});

	it('edit validates like create and changes nothing when refused', async () => {
		const p = await createPosition(hrA, full());
		expectError(await hrA.post(`positions/${p.id}`, { ...full(), salary_min: 9000, salary_max: 100 }), 400, 'invalid', 'salary_max');
		expectError(await hrA.post(`positions/${p.id}`, { ...full(), majors: ['000000'] }), 400, 'invalid', 'majors');
		const g = await hrA.get(`positions/${p.id}`);
		assert.deepEqual(g.json.position, p);
	});
});

describe('state machine', () => {
	it('verified enterprise: submit → open; close → closed; reopen → open', async () => {
		const p = await createPosition(hrA, { title: '设备维修技术员' });
		let r = await hrA.post(`positions/${p.id}/submit`);
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.position.status, 'open');
		// Everybody logged in sees an open position.
		assert.equal((await stu.client.get(`positions/${p.id}`)).status, 200);
		assert.equal((await hrB.get(`positions/${p.id}`)).status, 200);
		r = await hrA.post(`positions/${p.id}/close`);
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.position.status, 'closed');
		expectError(await stu.client.get(`positions/${p.id}`), 404, 'not_found');
		r = await hrA.post(`positions/${p.id}/reopen`);
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.position.status, 'open');
		assert.equal((await hrA.get(`positions/${p.id}`)).json.position.status, 'open');
	});

	it('the operator may close an open position, and list by status', async () => {
		const p = await openPosition(hrA, { title: '仓储管理员' });
		const r = await admin.post(`positions/${p.id}/close`);
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.position.status, 'closed');
		const closed = await admin.get(`positions?status=closed&limit=100`);
		assert.equal(closed.status, 200, `${closed}`);
		assert.ok(closed.json.items.some((x) => x.id === p.id), 'operator status=closed search misses the closed position');
		expectError(await stu.client.get('positions?status=closed'), 403, 'forbidden');
		// Only the owning enterprise edits or reopens; the operator reviews and closes.
		expectError(await admin.post(`positions/${p.id}`, full()), 403, 'forbidden');
		expectError(await admin.post(`positions/${p.id}/reopen`), 403, 'forbidden');
		assert.equal((await admin.get(`positions/${p.id}`)).json.position.title, '仓储管理员');
	});

	it('wrong-state transitions: 422 rule, status unchanged', async () => {
		const draft = await createPosition(hrA);
		const open = await openPosition(hrA);
		const closed = await openPosition(hrA);
		assert.equal((await hrA.post(`positions/${closed.id}/close`)).status, 200);
		const tries = [
			[hrA, `positions/${open.id}/submit`, undefined, open.id, 'open'],
			[hrA, `positions/${closed.id}/submit`, undefined, closed.id, 'closed'],
			[hrA, `positions/${draft.id}/close`, undefined, draft.id, 'draft'],
			[hrA, `positions/${draft.id}/reopen`, undefined, draft.id, 'draft'],
			[hrA, `positions/${open.id}/reopen`, undefined, open.id, 'open'],
			[hrA, `positions/${closed.id}/close`, undefined, closed.id, 'closed'],
			[admin, `positions/${draft.id}/approve`, undefined, draft.id, 'draft'],
			[admin, `positions/${open.id}/approve`, undefined, open.id, 'open'],
			[admin, `positions/${draft.id}/reject`, { reason: '信息不全' }, draft.id, 'draft'],
			[admin, `positions/${open.id}/reject`, { reason: '信息不全' }, open.id, 'open'],
		];
		for (const [client, p, body, id, status] of tries) {
			const r = await client.post(p, body);
			expectError(r, 422, 'rule');
			assert.equal((await admin.get(`positions/${id}`)).json.position.status, status, `${p} changed the status`);
		}
	});

	it('unverified (self-registered, pending) enterprise: submit → pending; operator approves → open', async () => {
		const hp = pending.client;
		const p = await createPosition(hp, { title: '新材料研发助理' });
		let r = await hp.post(`positions/${p.id}/submit`);
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.position.status, 'pending');
		// Not visible to others while pending.
		expectError(await stu.client.get(`positions/${p.id}`), 404, 'not_found');
		expectError(await hrA.get(`positions/${p.id}`), 404, 'not_found');
		assert.ok(!(await admin.get('positions?limit=100')).json.items.some((x) => x.id === p.id), 'a pending position is listed as open');
		const queue = await admin.get('positions?status=pending&limit=100');
		assert.equal(queue.status, 200, `${queue}`);
		assert.ok(queue.json.items.some((x) => x.id === p.id), 'review queue misses the pending position');
		// The enterprise cannot approve its own position.
		expectError(await hp.post(`positions/${p.id}/approve`), 403, 'forbidden');
		r = await admin.post(`positions/${p.id}/approve`);
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.position.status, 'open');
		assert.equal((await stu.client.get(`positions/${p.id}`)).status, 200);
	});

	it('operator rejects with a reason → rejected; the enterprise edits and resubmits → pending again', async () => {
		const hp = pending.client;
		const p = await createPosition(hp, { title: '质检员' });
		assert.equal((await hp.post(`positions/${p.id}/submit`)).json.position.status, 'pending');
		expectError(await admin.post(`positions/${p.id}/reject`, {}), 400, 'missing', 'reason');
		expectError(await admin.post(`positions/${p.id}/reject`, { reason: '' }), 400, 'missing', 'reason');
		expectError(await admin.post(`positions/${p.id}/reject`, { reason: '理'.repeat(201) }), 400, 'invalid', 'reason');
		assert.equal((await admin.get(`positions/${p.id}`)).json.position.status, 'pending');
		let r = await admin.post(`positions/${p.id}/reject`, { reason: '薪资信息不完整' });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.position.status, 'rejected');
		assert.equal(r.json.position.reject_reason, '薪资信息不完整');
		const seen = await hp.get(`positions/${p.id}`);
		assert.equal(seen.json.position.status, 'rejected');
		assert.equal(seen.json.position.reject_reason, '薪资信息不完整');
		r = await hp.post(`positions/${p.id}`, { title: '质检员', kind: '全职', headcount: 2, salary_min: 4000, salary_max: 5000 });
		assert.equal(r.status, 200, `${r}`);
		r = await hp.post(`positions/${p.id}/submit`);
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.position.status, 'pending');
		// A closed pending position cannot be reopened until the enterprise is verified.
		r = await hp.post(`positions/${p.id}/close`);
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.position.status, 'closed');
		expectError(await hp.post(`positions/${p.id}/reopen`), 422, 'rule');
	});

	it('after the operator approves the enterprise, its drafts open directly', async () => {
		const r = await admin.post(`organizations/${pending.org.id}/approve`);
		assert.equal(r.status, 200, `${r}`);
		assert.equal(orgOf(r.json).status, 'active');
		const p = await createPosition(pending.client, { title: '新材料检测员' });
		const s = await pending.client.post(`positions/${p.id}/submit`);
		assert.equal(s.json.position.status, 'open', `${s}`);
	});
});

describe('other enterprises, students and colleges', () => {
	let draft;
	let closed;
	before(async () => {
		draft = await createPosition(hrA, full());
		closed = await openPosition(hrA, { title: '已关闭岗位' });
		assert.equal((await hrA.post(`positions/${closed.id}/close`)).status, 200);
	});

	it('HR of enterprise B cannot read A\'s draft or closed position (404)', async () => {
		expectError(await hrB.get(`positions/${draft.id}`), 404, 'not_found');
		expectError(await hrB.get(`positions/${closed.id}`), 404, 'not_found');
	});

	it('HR of enterprise B cannot edit, submit, close or reopen A\'s positions (404), and nothing changes', async () => {
		const open = await openPosition(hrA, { title: '开放岗位' });
		const targets = [
			[`positions/${draft.id}`, full()],
			[`positions/${draft.id}/submit`],
			[`positions/${open.id}`, { ...full(), title: '被改掉了' }],
			[`positions/${open.id}/close`],
			[`positions/${closed.id}/reopen`],
		];
		for (const [p, body] of targets) expectError(await hrB.post(p, body), 404, 'not_found');
		assert.deepEqual((await hrA.get(`positions/${draft.id}`)).json.position, draft);
		assert.equal((await hrA.get(`positions/${open.id}`)).json.position.title, '开放岗位');
		assert.equal((await hrA.get(`positions/${open.id}`)).json.position.status, 'open');
		assert.equal((await hrA.get(`positions/${closed.id}`)).json.position.status, 'closed');
	});

	it('students and college staff cannot read drafts (404) nor change positions (403)', async () => {
		for (const c of [stu.client, w.staffA.client]) {
			expectError(await c.get(`positions/${draft.id}`), 404, 'not_found');
			expectError(await c.post(`positions/${draft.id}`, full()), 403, 'forbidden');
			expectError(await c.post(`positions/${draft.id}/submit`), 403, 'forbidden');
		}
		expectError(await stu.client.post(`positions/${closed.id}/reopen`), 403, 'forbidden');
	});

	it('GET /positions/mine lists only the caller\'s enterprise, with application counts', async () => {
		const mineA = await listAll(hrA, 'positions/mine');
		assert.ok(mineA.length >= 3);
		for (const p of mineA) {
			assert.equal(p.enterprise_id, w.entA.id);
			assert.equal(typeof p.applications, 'number');
			assert.equal(typeof p.unread, 'number');
		}
		assert.ok(mineA.some((p) => p.id === draft.id));
		const mineB = await listAll(hrB, 'positions/mine');
		assert.ok(!mineB.some((p) => p.id === draft.id || p.id === closed.id));
		expectError(await stu.client.get('positions/mine'), 403, 'forbidden');
	});

	it('an unknown position is 404 for everyone', async () => {
		expectError(await admin.get('positions/99999999'), 404, 'not_found');
		expectError(await hrA.post('positions/99999999/submit'), 404, 'not_found');
	});
});
