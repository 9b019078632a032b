// Issue 16, item 2: an enterprise sees no student until an operator approved it, and a
// student can block an enterprise (docs/security.md, "Enterprise approval and student
// visibility").  The attacks: a self-registered enterprise with a made-up credit code
// lists, opens, explains and exports students; a blocked enterprise finds the student
// anyway.  Each refusal is checked for its exact status, code and message, and for
// writing nothing (no audit event of a student view or export).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { creditCode, expectError, listAll, uniq } from '../api/harness.mjs';
import { MAJOR, createPosition, expectXlsx, makeWorld, openPosition, registerStudent, startRecruitServer } from '../api/recruit_lib.mjs';

const NOT_APPROVED = '企业资质审核通过后可查看人才库';

let srv;
let w;
let admin;
let P; // an open position of enterprise A that the discoverable student fits
let round;
const S = {};
const pending = {}; // self-registered enterprises: waiting, rejected

async function registerEnterprise(name) {
	const reg = { name: `${name}${uniq('')}有限公司`, credit_code: creditCode(), contact_name: '周经理', login: uniq('hrp'), password: 'pending-pass-123' };
	const r = await srv.client().post('register/enterprise', reg);
	assert.equal(r.status, 201, `${r}`);
	const client = await srv.login(reg.login, reg.password);
	return { org: r.json.account.org, client };
}

/** Every student-facing read of an enterprise account, as [what, request]. */
function studentReads(hr, { positionId, studentId }) {
	return [
		['GET /students', () => hr.get('students')],
		['GET /students?q=', () => hr.get('students?q=%E5%85%AC%E5%BC%80')],
		['GET /students/export', () => hr.get('students/export')],
		['GET /students/{id}', () => hr.get(`students/${studentId}`)],
		['GET /students/{unknown id}', () => hr.get('students/987654321')],
		['GET /positions/{id}/candidates', () => hr.get(`positions/${positionId}/candidates`)],
		['GET /match/explain', () => hr.get(`match/explain?student_id=${studentId}&position_id=${positionId}`)],
		['GET /match/rounds/{id}/applicants', () => hr.get(`match/rounds/${round.id}/applicants`)],
	];
}

const auditCount = async (action) => (await listAll(admin, 'audit', { action })).length;
const listIds = async (hr) => (await listAll(hr, 'students')).map((s) => s.id);
const candidateIds = async (hr) => {
	const r = await hr.get(`positions/${P.id}/candidates?k=100`);
	assert.equal(r.status, 200, `${r}`);
	return r.json.items.map((x) => x.student_id);
};

before(async () => {
	srv = await startRecruitServer();
	w = await makeWorld(srv);
	admin = w.admin;
	P = await openPosition(w.hrA.client, { title: '设备维护技术员', majors: [MAJOR.automationClass] });
	const profile = { major_code: MAJOR.mechatronics, grad_year: 2026, degree: 2 };
	S.open = await registerStudent(srv, w.collegeA, { name: '林公开', profile: { ...profile, discoverable: true } });
	S.hidden = await registerStudent(srv, w.collegeA, { name: '陈隐身', profile });
	S.chooser = await registerStudent(srv, w.collegeB, { name: '黄志愿', profile: { ...profile, discoverable: true } });
	pending.waiting = await registerEnterprise('清远待审新材料');
	pending.rejected = await registerEnterprise('清远驳回电子');
	let r = await admin.post(`organizations/${pending.rejected.org.id}/reject`, { reason: '营业执照信息不符' });
	assert.equal(r.status, 200, `${r}`);
	for (const p of Object.values(pending)) p.position = await createPosition(p.client, { title: '储备干部' });
	r = await admin.post('match/rounds', { name: `集中匹配${uniq('')}`, position_ids: [P.id] });
	assert.equal(r.status, 201, `${r}`);
	round = r.json.round;
	r = await S.chooser.client.post(`match/rounds/${round.id}/choices`, { position_ids: [P.id] });
	assert.equal(r.status, 200, `${r}`);
});
after(() => srv?.stop());

describe('an enterprise not approved sees no student', () => {
	for (const which of ['waiting', 'rejected']) {
		it(`${which}: 403 org_not_approved "${NOT_APPROVED}" on every student-facing endpoint and the export; nothing audited`, async () => {
			const { client, position } = pending[which];
			const views = await auditCount('student.view');
			const exports = await auditCount('student.export');
			for (const [what, send] of studentReads(client, { positionId: position.id, studentId: S.open.id })) {
				const e = expectError(await send(), 403, 'org_not_approved');
				assert.equal(e.message, NOT_APPROVED, what);
			}
			assert.equal(await auditCount('student.view'), views, 'a refused read was audited as a view');
			assert.equal(await auditCount('student.export'), exports, 'a refused export was audited as an export');
		});
	}

	it('its applications stay its own: a student who applied is seen through the application (a live application is the student\'s own act)', async () => {
		const { client, position } = pending.waiting;
		let r = await client.post(`positions/${position.id}/submit`);
		assert.equal(r.json.position.status, 'pending', `${r}`);
		r = await admin.post(`positions/${position.id}/approve`);
		assert.equal(r.status, 200, `${r}`);
		const applicant = await registerStudent(srv, w.collegeB, { name: '吴投递', profile: { grad_year: 2026, degree: 2 } });
		r = await applicant.client.post(`positions/${position.id}/apply`);
		assert.equal(r.status, 201, `${r}`);
		assert.equal((await client.get(`students/${applicant.id}`)).status, 200, 'the applicant\'s résumé');
		expectError(await client.get(`students/${S.open.id}`), 403, 'org_not_approved');
		expectError(await client.get('students'), 403, 'org_not_approved');
		r = await applicant.client.post(`applications/${r.json.application.id}/withdraw`);
		assert.equal(r.status, 200, `${r}`);
		expectError(await client.get(`students/${applicant.id}`), 403, 'org_not_approved');
	});

	it('once the operator approves it, the same session sees discoverable students (and only those)', async () => {
		const { client, org } = pending.waiting;
		const r = await admin.post(`organizations/${org.id}/approve`);
		assert.equal(r.status, 200, `${r}`);
		const ids = await listIds(client);
		assert.ok(ids.includes(S.open.id), 'the discoverable student is missing');
		assert.ok(!ids.includes(S.hidden.id), 'a student who is not discoverable is listed');
		assert.equal((await client.get(`students/${S.open.id}`)).status, 200);
		expectError(await client.get(`students/${S.hidden.id}`), 404, 'not_found');
		expectXlsx(await client.get('students/export'));
	});
});

describe('a student blocks an enterprise (屏蔽企业)', () => {
	it('the blocked enterprise finds the student nowhere; another enterprise still does', async () => {
		const hrA = w.hrA.client;
		assert.ok((await listIds(hrA)).includes(S.open.id), 'before blocking: listed');
		assert.ok((await candidateIds(hrA)).includes(S.open.id), 'before blocking: a candidate');
		let r = await S.open.client.post('students/me/blocks', { enterprise_ids: [w.entA.id] });
		assert.equal(r.status, 200, `${r}`);
		assert.deepEqual(r.json.items.map((b) => [b.enterprise_id, b.enterprise_name]), [[w.entA.id, w.entA.name]]);

		assert.ok(!(await listIds(hrA)).includes(S.open.id), 'blocked: still in the talent pool');
		assert.ok(!(await candidateIds(hrA)).includes(S.open.id), 'blocked: still a candidate');
		const rows = expectXlsx(await hrA.get('students/export'));
		assert.ok(!rows.flat().includes(S.open.student_no), 'blocked: still in the export');
		expectError(await hrA.get(`students/${S.open.id}`), 404, 'not_found');
		expectError(await hrA.get(`match/explain?student_id=${S.open.id}&position_id=${P.id}`), 404, 'not_found');
		// Enterprise B was not blocked.
		assert.ok((await listIds(w.hrB.client)).includes(S.open.id), 'enterprise B lost the student');
		assert.equal((await w.hrB.client.get(`students/${S.open.id}`)).status, 200);
	});

	it('a 志愿 in a match round is the student\'s own act: HR still sees who chose its position', async () => {
		let r = await S.chooser.client.post('students/me/blocks', { enterprise_ids: [w.entA.id] });
		assert.equal(r.status, 200, `${r}`);
		expectError(await w.hrA.client.get(`students/${S.chooser.id}`), 404, 'not_found');
		r = await w.hrA.client.get(`match/rounds/${round.id}/applicants`);
		assert.equal(r.status, 200, `${r}`);
		assert.ok(r.json.items.some((a) => a.student_id === S.chooser.id), 'the student who chose P is missing');
		r = await w.hrA.client.get(`match/explain?student_id=${S.chooser.id}&position_id=${P.id}`);
		assert.equal(r.status, 200, `HR ranks the choosers by this score: ${r}`);
	});

	it('applying to the blocked enterprise shows that application\'s résumé; withdrawing hides it again', async () => {
		const hrA = w.hrA.client;
		let r = await S.open.client.post(`positions/${P.id}/apply`);
		assert.equal(r.status, 201, `${r}`);
		const app = r.json.application;
		assert.equal((await hrA.get(`students/${S.open.id}`)).status, 200, 'an applicant is hidden from the enterprise applied to');
		assert.ok((await listIds(hrA)).includes(S.open.id));
		assert.ok((await candidateIds(hrA)).includes(S.open.id));
		r = await S.open.client.post(`applications/${app.id}/withdraw`);
		assert.equal(r.status, 200, `${r}`);
		expectError(await hrA.get(`students/${S.open.id}`), 404, 'not_found');
		assert.ok(!(await listIds(hrA)).includes(S.open.id), 'withdrawn: still listed');
		assert.ok(!(await candidateIds(hrA)).includes(S.open.id), 'withdrawn: still a candidate');
	});

	it('unblocking gives the enterprise back what the consent allows', async () => {
		const r = await S.open.client.post('students/me/blocks', { enterprise_ids: [] });
		assert.equal(r.status, 200, `${r}`);
		assert.deepEqual(r.json.items, []);
		assert.equal((await w.hrA.client.get(`students/${S.open.id}`)).status, 200);
		assert.ok((await listIds(w.hrA.client)).includes(S.open.id));
	});

	it('bad lists are refused with 400 naming enterprise_ids, and write nothing', async () => {
		const c = S.hidden.client;
		let r = await c.post('students/me/blocks', { enterprise_ids: [w.entB.id] });
		assert.equal(r.status, 200, `${r}`);
		const kept = JSON.stringify(r.json.items);
		const refused = [
			[['1'], 'invalid'],
			[[1.5], 'invalid'],
			[[w.entB.id, w.entB.id], 'invalid'],
			[[987654321], 'invalid'],
			[[w.collegeA.id], 'invalid'], // a college is not an enterprise
			[[0], 'invalid'],
			[Array.from({ length: 201 }, (_, i) => i + 1), 'invalid'],
			['x', 'invalid'],
		];
		for (const [ids, code] of refused) expectError(await c.post('students/me/blocks', { enterprise_ids: ids }), 400, code, 'enterprise_ids');
		expectError(await c.post('students/me/blocks', {}), 400, 'missing', 'enterprise_ids');
		expectError(await c.post('students/me/blocks', { enterprise_ids: [], x: 1 }), 400, 'unknown_field', 'x');
		r = await c.get('students/me/blocks');
		assert.equal(JSON.stringify(r.json.items), kept, 'a refused change changed the list');
	});

	it('search finds approved enterprises only; staff and HR have no blocks', async () => {
		let r = await S.hidden.client.get(`students/me/blocks/search?q=${encodeURIComponent(w.entA.name.slice(0, 4))}`);
		assert.equal(r.status, 200, `${r}`);
		assert.ok(r.json.items.some((e) => e.id === w.entA.id), `${r}`);
		r = await S.hidden.client.get(`students/me/blocks/search?q=${encodeURIComponent('清远驳回电子')}`);
		assert.deepEqual(r.json.items, [], 'a rejected enterprise is offered');
		expectError(await S.hidden.client.get('students/me/blocks/search'), 400, 'missing', 'q');
		for (const c of [w.hrA.client, w.staffA.client, admin]) {
			expectError(await c.get('students/me/blocks'), 403, 'forbidden');
			expectError(await c.post('students/me/blocks', { enterprise_ids: [] }), 403, 'forbidden');
		}
	});
});
