// GET /positions/{id}/candidates (推荐人选): only eligible students who are discoverable or
// applied to that very position; the list equals the reference scorer's; a masked phone in
// the summary and no full phone anywhere; HR of another enterprise 404, students and college
// staff 403; audited as position.candidates; kept current as students consent, withdraw,
// change major, register, close their account, and after an import.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, listAll } from './harness.mjs';
import { CITY, MAJOR, SKILL, csvBom, createPosition, makeWorld, maskPhone, openPosition, registerStudent, startRecruitServer, upload } from './recruit_lib.mjs';
import { checkCandidates, explain, expectedCandidates, pointsOf, recommendations } from './match_lib.mjs';

let srv;
let w;
let admin;
let P; // enterprise A, restricted to class 4603, requires PLC
let P2; // enterprise A, unrestricted
let Q; // enterprise B
const S = {};
const PHONES = {};
const bodies = []; // every candidates answer of this file, to search for full phone numbers

const ids = (items) => items.map((x) => x.student_id);

async function cands(client, pid, k) {
	const r = await client.get(`positions/${pid}/candidates${k ? `?k=${k}` : ''}`);
	bodies.push(r.text);
	return checkCandidates(r, pid);
}

/** Candidate ids of P as HR A, after checking the list against the reference scorer. */
async function checked(pid = P.id, k = 20) {
	const got = await cands(w.hrA.client, pid, k);
	const want = await expectedCandidates(admin, pid, k);
	assert.deepEqual(got.map((x) => [x.student_id, x.score]), want.map((x) => [x.student_id, x.score]), `candidates of ${pid} vs the reference scorer`);
	for (const [i, it] of got.entries()) assert.deepEqual(pointsOf(it.explanation), want[i].ref.points, `components of student ${it.student_id}`);
	return ids(got);
}

async function student(name, college, profile, phone) {
	PHONES[name] = phone;
	S[name] = await registerStudent(srv, college, { name, profile: { grad_year: 2026, degree: 2, ...profile, phone } });
	return S[name];
}

before(async () => {
	srv = await startRecruitServer();
	w = await makeWorld(srv);
	admin = w.admin;
	P = await openPosition(w.hrA.client, { title: '自动化设备技术员', majors: [MAJOR.automationClass], required_skills: [SKILL.plc, SKILL.cad], city_code: CITY.qingyuan, salary_min: 5000, salary_max: 7000 });
	P2 = await openPosition(w.hrA.client, { title: '综合岗' });
	Q = await openPosition(w.hrB.client, { title: '佳纳储备干部' });
	await student('公开生', w.collegeA, { major_code: MAJOR.mechatronics, skills: [SKILL.plc], cities: [CITY.qingyuan], salary_min: 5000, discoverable: true, gender: '女' }, '13812345678');
	await student('投递生', w.collegeB, { major_code: '460302', skills: [SKILL.plc] }, '13987654321');
	await student('隐身生', w.collegeA, { major_code: MAJOR.mechatronics, skills: [SKILL.plc, SKILL.cad], cities: [CITY.qingyuan], salary_min: 4000 }, '13611112222');
	await student('投别岗', w.collegeA, { major_code: '460303', skills: [SKILL.plc] }, '13733334444');
	await student('投别企', w.collegeB, { major_code: '460304', skills: [SKILL.plc] }, '13555556666');
	await student('专业不符', w.collegeB, { major_code: MAJOR.electronics, skills: [SKILL.plc, SKILL.cad], discoverable: true }, '13077778888');
	let r = await S['投递生'].client.post(`positions/${P.id}/apply`);
	assert.equal(r.status, 201, `${r}`);
	S['投递生'].app = r.json.application;
	r = await S['投别岗'].client.post(`positions/${P2.id}/apply`);
	assert.equal(r.status, 201, `${r}`);
	r = await S['投别企'].client.post(`positions/${Q.id}/apply`);
	assert.equal(r.status, 201, `${r}`);
});
after(() => srv?.stop());

describe('who is a candidate', () => {
	it('the discoverable student and the one who applied appear; nobody else', async () => {
		const got = await checked();
		assert.deepEqual(new Set(got), new Set([S['公开生'].id, S['投递生'].id]));
	});

	it('a non-discoverable non-applicant never appears, however well they fit', async () => {
		assert.ok(!(await checked()).includes(S['隐身生'].id));
		// Operator's view is the same list.
		assert.ok(!ids(await cands(admin, P.id)).includes(S['隐身生'].id));
		// … although the pair itself scores higher than both candidates (explained to the student).
		const e = await explain(S['隐身生'].client, { position_id: P.id });
		const best = (await cands(w.hrA.client, P.id))[0];
		assert.ok(e.total > best.score, `the hidden student scores ${e.total}, the best candidate ${best.score}`);
	});

	it('applying to another position of the same enterprise, or to another enterprise, does not make a candidate here', async () => {
		const got = await checked();
		assert.ok(!got.includes(S['投别岗'].id), 'applied to P2 only');
		assert.ok(!got.includes(S['投别企'].id), 'applied to Q only');
		assert.ok((await checked(P2.id)).includes(S['投别岗'].id), 'a candidate of the position applied to');
	});

	it('a discoverable student whose major the position does not accept is vetoed, so not a candidate', async () => {
		assert.ok(!(await checked()).includes(S['专业不符'].id));
		assert.ok((await checked(P2.id)).includes(S['专业不符'].id), 'a candidate of an unrestricted position');
	});

	it('the operator gets the same list as HR', async () => {
		const hr = await cands(w.hrA.client, P.id);
		const op = await cands(admin, P.id);
		assert.deepEqual(op, hr);
	});

	it('k limits the list to the best k', async () => {
		const all = await cands(w.hrA.client, P2.id, 100);
		assert.ok(all.length >= 3, `P2 candidates: ${ids(all)}`);
		assert.deepEqual(ids(await cands(w.hrA.client, P2.id, 1)), ids(all).slice(0, 1));
		assert.deepEqual(ids(await cands(w.hrA.client, P2.id, 2)), ids(all).slice(0, 2));
		for (const bad of ['0', '101', 'x']) expectError(await w.hrA.client.get(`positions/${P2.id}/candidates?k=${bad}`), 400, 'invalid', 'k');
	});

	it('a closed or draft position has no candidates (every pair is vetoed)', async () => {
		const draft = await createPosition(w.hrA.client, { title: '草稿岗' });
		assert.deepEqual(await cands(w.hrA.client, draft.id), []);
		const closed = await openPosition(w.hrA.client, { title: '将关闭' });
		assert.ok((await cands(w.hrA.client, closed.id)).length > 0);
		const r = await w.hrA.client.post(`positions/${closed.id}/close`);
		assert.equal(r.status, 200, `${r}`);
		assert.deepEqual(await cands(w.hrA.client, closed.id), []);
	});
});

describe('the student summary and personal data', () => {
	it('summary fields; masked phone; application_id only for the applicant', async () => {
		const items = await cands(w.hrA.client, P.id);
		const d = items.find((x) => x.student_id === S['公开生'].id).student;
		assert.deepEqual(Object.keys(d).sort(), ['application_id', 'college_id', 'college_name', 'degree', 'gender', 'grad_year', 'id', 'major_code', 'major_name', 'name', 'phone'].sort());
		assert.equal(d.name, '公开生');
		assert.equal(d.gender, '女');
		assert.equal(d.college_id, w.collegeA.id);
		assert.equal(d.college_name, w.collegeA.name);
		assert.equal(d.major_code, MAJOR.mechatronics);
		assert.equal(d.major_name, '机电一体化技术');
		assert.equal(d.grad_year, 2026);
		assert.equal(d.degree, 2);
		assert.equal(d.phone, maskPhone(PHONES['公开生']));
		assert.equal(d.phone, '138****5678');
		assert.equal(d.application_id, null);
		const a = items.find((x) => x.student_id === S['投递生'].id).student;
		assert.equal(a.application_id, S['投递生'].app.id);
		assert.equal(a.phone, '139****4321');
		assert.equal(a.college_id, w.collegeB.id);
		assert.equal(pointsOf(items.find((x) => x.student_id === S['投递生'].id).explanation).interest, 700);
	});

	it('no full phone number in any candidates answer of this file (checked again at the end)', () => {
		assert.ok(bodies.length > 5);
		for (const b of bodies) for (const [name, p] of Object.entries(PHONES)) assert.ok(!b.includes(p), `full phone of ${name} in ${b.slice(0, 200)}`);
	});
});

describe('who may ask', () => {
	it('HR of another enterprise → 404 not_found (even for a candidate who applied there)', async () => {
		expectError(await w.hrB.client.get(`positions/${P.id}/candidates`), 404, 'not_found');
		expectError(await w.hrA.client.get(`positions/${Q.id}/candidates`), 404, 'not_found');
	});

	it('a student → 403; college staff → 403; no session → 401', async () => {
		expectError(await S['公开生'].client.get(`positions/${P.id}/candidates`), 403, 'forbidden');
		expectError(await w.staffA.client.get(`positions/${P.id}/candidates`), 403, 'forbidden');
		expectError(await srv.client().get(`positions/${P.id}/candidates`), 401, 'unauthenticated');
	});

	it('an unknown position → 404 for HR and the operator', async () => {
		expectError(await w.hrA.client.get('positions/999999/candidates'), 404, 'not_found');
		expectError(await admin.get('positions/999999/candidates'), 404, 'not_found');
	});

	it('each answer is audited as position.candidates (actor, position, ok); refusals are not recorded as ok', async () => {
		const before = (await listAll(admin, 'audit', { action: 'position.candidates' })).filter((x) => x.outcome === 'ok').length;
		await cands(w.hrA.client, P.id);
		expectError(await w.hrB.client.get(`positions/${P.id}/candidates`), 404, 'not_found');
		const rows = await listAll(admin, 'audit', { action: 'position.candidates' });
		const okRows = rows.filter((x) => x.outcome === 'ok');
		assert.equal(okRows.length, before + 1, `one more ok record: ${JSON.stringify(rows.slice(0, 3))}`);
		const top = okRows[0];
		assert.equal(top.action, 'position.candidates');
		assert.equal(top.login, w.hrA.acct.login);
		assert.equal(top.org_id, w.entA.id);
		assert.equal(top.object_type, 'position');
		assert.equal(String(top.object_id), String(P.id));
		assert.equal(top.outcome, 'ok');
		assert.ok(!rows.some((x) => x.login === w.hrB.acct.login && x.outcome === 'ok'), 'HR B\'s refused request recorded as ok');
	});
});

describe('kept current', () => {
	it('consent: the hidden student switches discoverable on → a candidate; off → gone', async () => {
		const h = S['隐身生'];
		let r = await h.client.post('students/me', { discoverable: true });
		assert.equal(r.status, 200, `${r}`);
		let got = await checked();
		assert.ok(got.includes(h.id), 'discoverable now');
		assert.equal(got[0], h.id, 'and the best fit');
		r = await h.client.post('students/me', { discoverable: false });
		assert.equal(r.status, 200, `${r}`);
		got = await checked();
		assert.ok(!got.includes(h.id), 'consent withdrawn');
	});

	it('withdrawing the application removes a non-discoverable applicant', async () => {
		const a = S['投递生'];
		const r = await a.client.post(`applications/${a.app.id}/withdraw`);
		assert.equal(r.status, 200, `${r}`);
		assert.ok(!(await checked()).includes(a.id));
	});

	it('a change of major out of the accepted class removes a candidate; back in, it returns', async () => {
		const d = S['公开生'];
		let r = await d.client.post('students/me', { major_code: MAJOR.accounting });
		assert.equal(r.status, 200, `${r}`);
		assert.ok(!(await checked()).includes(d.id), 'major 530302 is not in 4603');
		r = await d.client.post('students/me', { major_code: '460310' });
		assert.equal(r.status, 200, `${r}`);
		assert.ok((await checked()).includes(d.id), 'major 460310 is in 4603');
	});

	it('a student who registers after the snapshot was built and consents becomes a candidate', async () => {
		const n = await student('新同学', w.collegeA, { major_code: '460306', skills: [SKILL.plc, SKILL.cad], cities: [CITY.qingyuan], discoverable: true }, '13100001111');
		const got = await checked();
		assert.ok(got.includes(n.id), `new student ${n.id} missing: ${got}`);
		// And their own recommendations include the position.
		assert.ok((await recommendations(n.client, 100)).some((x) => x.position_id === P.id));
	});

	it('a student who closes their account disappears', async () => {
		const n = S['新同学'];
		const r = await n.client.post('students/me/close', { password: n.password });
		assert.equal(r.status, 200, `${r}`);
		const got = await checked();
		assert.ok(!got.includes(n.id), 'closed account still a candidate');
		assert.ok(!ids(await cands(admin, P2.id, 100)).includes(n.id), 'closed account still a candidate of P2');
	});

	it('an import that changes a registered student\'s major is seen (the snapshot is rebuilt after imports)', async () => {
		const d = S['公开生'];
		assert.ok((await checked()).includes(d.id));
		const csv = `学号,姓名,专业,学历层次\n${d.student_no},公开生,${MAJOR.accounting},高职专科\n2099000001,导入新生,460301,高职专科\n`;
		const r = await upload(w.staffA.client, 'students', 'commit', csvBom(csv));
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.updated, 1, `${r}`);
		assert.equal(r.json.created, 1, `${r}`);
		assert.equal((await admin.get(`students/${d.id}`)).json.student.major_code, MAJOR.accounting);
		assert.ok(!(await checked()).includes(d.id), 'the imported major is not seen by the candidates list');
		const e = await explain(w.staffA.client, { student_id: d.id, position_id: P.id });
		assert.deepEqual(e.vetoes.map((v) => v.key), ['major_not_accepted']);
		// The new imported student is in the snapshot too (college staff may ask about them).
		const list = await listAll(w.staffA.client, 'students', { q: '2099000001' });
		assert.equal(list.length, 1);
		const e2 = await explain(w.staffA.client, { student_id: list[0].id, position_id: P.id });
		assert.equal(e2.eligible, true);
		assert.equal(pointsOf(e2).major_fit, 1200);
	});

	it('no full phone number in any candidates answer of this file', () => {
		for (const b of bodies) for (const [name, p] of Object.entries(PHONES)) assert.ok(!b.includes(p), `full phone of ${name} in ${b.slice(0, 200)}`);
	});
});
