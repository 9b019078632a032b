// GET /match/explain: who may ask about which pair. Student: their own record only
// (student_id optional); HR: a position of their enterprise and a student visible to them
// (discoverable, or applied to their enterprise: the same rule as GET /students/{id});
// college staff: students of their college; operator: any pair. Everything else is 404;
// a missing position_id is 400 (field position_id); other roles 403. The same pair explains
// the same way to everyone allowed, and as the reference scorer of docs/matching.md says.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, makeAccount } from './harness.mjs';
import { CITY, MAJOR, SKILL, createPosition, makeWorld, openPosition, registerStudent, startRecruitServer } from './recruit_lib.mjs';
import { explain, explainRes, pointsOf, referenceScore } from './match_lib.mjs';

let srv;
let w;
let admin;
let PA; // enterprise A, open
let PA2; // enterprise A, open
let PAdraft; // enterprise A, draft
let PB; // enterprise B, open
const S = {};

const notFound = async (client, q) => expectError(await explainRes(client, q), 404, 'not_found');

before(async () => {
	srv = await startRecruitServer();
	w = await makeWorld(srv);
	admin = w.admin;
	PA = await openPosition(w.hrA.client, { title: '机电技术员', majors: [MAJOR.automationClass], required_skills: [SKILL.plc], city_code: CITY.qingyuan, salary_min: 4500, salary_max: 6000 });
	PA2 = await openPosition(w.hrA.client, { title: '综合岗' });
	PAdraft = await createPosition(w.hrA.client, { title: '未发布的岗位', required_skills: [SKILL.python], salary_min: 12345, salary_max: 23456 });
	PB = await openPosition(w.hrB.client, { title: '佳纳储备干部', required_skills: [SKILL.excel] });
	const profile = { major_code: MAJOR.mechatronics, grad_year: 2026, degree: 2, skills: [SKILL.plc], cities: [CITY.qingyuan], salary_min: 5000 };
	S.disc = await registerStudent(srv, w.collegeA, { name: '公开生', profile: { ...profile, discoverable: true } });
	S.appA = await registerStudent(srv, w.collegeB, { name: '投A生', profile });
	S.hidden = await registerStudent(srv, w.collegeA, { name: '隐身生', profile });
	S.appB = await registerStudent(srv, w.collegeB, { name: '投B生', profile });
	S.withdrawn = await registerStudent(srv, w.collegeA, { name: '撤回生', profile });
	let r = await S.appA.client.post(`positions/${PA2.id}/apply`);
	assert.equal(r.status, 201, `${r}`);
	r = await S.appB.client.post(`positions/${PB.id}/apply`);
	assert.equal(r.status, 201, `${r}`);
	r = await S.withdrawn.client.post(`positions/${PA.id}/apply`);
	assert.equal(r.status, 201, `${r}`);
	r = await S.withdrawn.client.post(`applications/${r.json.application.id}/withdraw`);
	assert.equal(r.status, 200, `${r}`);
});
after(() => srv?.stop());

describe('student', () => {
	it('own pair without student_id → 200 naming their own id', async () => {
		const r = await explainRes(S.disc.client, { position_id: PA.id });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.student_id, S.disc.id);
		assert.equal(r.json.position_id, PA.id);
		assert.deepEqual(Object.keys(r.json).sort(), ['explanation', 'position_id', 'student_id']);
	});

	it('own pair with their own student_id → the same answer', async () => {
		const a = await explain(S.disc.client, { position_id: PA.id });
		const b = await explain(S.disc.client, { student_id: S.disc.id, position_id: PA.id });
		assert.deepEqual(b, a);
	});

	it('the explanation is what docs/matching.md gives for the pair', async () => {
		const e = await explain(S.disc.client, { position_id: PA.id });
		const ref = referenceScore((await admin.get(`students/${S.disc.id}`)).json.student, (await admin.get(`positions/${PA.id}`)).json.position, false);
		assert.deepEqual(pointsOf(e), ref.points);
		// class 4603: 1200; PLC held: 4700; 清远 first city: 800; 5000 ≤ middle of 4500–6000: 525
		assert.equal(e.total, 1200 + 4700 + 800 + 525);
		assert.equal(e.eligible, true);
	});

	it('another student\'s id → 404, whatever the position', async () => {
		await notFound(S.disc.client, { student_id: S.hidden.id, position_id: PA.id });
		await notFound(S.disc.client, { student_id: S.appB.id, position_id: PB.id });
	});

	it('an unknown position → 404; an unknown student id → 404', async () => {
		await notFound(S.disc.client, { position_id: 999999 });
		await notFound(S.disc.client, { student_id: 999999, position_id: PA.id });
	});

	it('a student account without a student record → 404', async () => {
		const acct = await makeAccount(admin, { role: 'student', org_id: w.collegeA.id });
		const c = await srv.login(acct.login, acct.password);
		await notFound(c, { position_id: PA.id });
		await notFound(c, { student_id: S.disc.id, position_id: PA.id });
	});

	it('a student cannot explain a position they cannot see (draft): 404 like GET /positions/{id}', async () => {
		expectError(await S.disc.client.get(`positions/${PAdraft.id}`), 404, 'not_found');
		const r = await explainRes(S.disc.client, { position_id: PAdraft.id });
		assert.ok(!r.text.includes('Python编程') && !r.text.includes('12345'), `the draft's content leaks: ${r.text.slice(0, 300)}`);
		expectError(r, 404, 'not_found');
	});
});

describe('HR', () => {
	it('their position and a discoverable student → 200', async () => {
		const e = await explain(w.hrA.client, { student_id: S.disc.id, position_id: PA.id });
		assert.deepEqual(e, await explain(S.disc.client, { position_id: PA.id }), 'HR sees what the student sees');
	});

	it('a student who applied to another position of their enterprise → 200 for each of its positions', async () => {
		await explain(w.hrA.client, { student_id: S.appA.id, position_id: PA2.id });
		await explain(w.hrA.client, { student_id: S.appA.id, position_id: PA.id });
	});

	it('their own draft is in scope (vetoed as closed)', async () => {
		const e = await explain(w.hrA.client, { student_id: S.disc.id, position_id: PAdraft.id });
		assert.equal(e.eligible, false);
		assert.deepEqual(e.vetoes.map((v) => v.key), ['position_closed']);
	});

	it('a student neither discoverable nor applied to them → 404; one who applied only to another enterprise → 404', async () => {
		await notFound(w.hrA.client, { student_id: S.hidden.id, position_id: PA.id });
		await notFound(w.hrA.client, { student_id: S.appB.id, position_id: PA.id });
		await explain(w.hrB.client, { student_id: S.appB.id, position_id: PB.id });
	});

	it('another enterprise\'s position → 404, even with a visible student', async () => {
		await notFound(w.hrA.client, { student_id: S.disc.id, position_id: PB.id });
		await notFound(w.hrB.client, { student_id: S.disc.id, position_id: PA.id });
		await notFound(w.hrB.client, { student_id: S.appB.id, position_id: PA.id });
	});

	it('no student_id, an unknown student or an unknown position → 404', async () => {
		await notFound(w.hrA.client, { position_id: PA.id });
		await notFound(w.hrA.client, { student_id: 999999, position_id: PA.id });
		await notFound(w.hrA.client, { student_id: S.disc.id, position_id: 999999 });
	});

	it('the same visibility as GET /students/{id}, student by student', async () => {
		for (const [name, st] of Object.entries(S)) {
			for (const [hr, pos] of [[w.hrA.client, PA], [w.hrB.client, PB]]) {
				const view = await hr.get(`students/${st.id}`);
				const r = await explainRes(hr, { student_id: st.id, position_id: pos.id });
				assert.ok([200, 404].includes(view.status), `${view}`);
				assert.equal(r.status, view.status, `${name} at position ${pos.id}: students/{id} ${view.status}, explain ${r}`);
			}
		}
	});

	it('consent is read live: discoverable on → 200; withdrawn → 404', async () => {
		const h = S.hidden;
		let r = await h.client.post('students/me', { discoverable: true });
		assert.equal(r.status, 200, `${r}`);
		await explain(w.hrA.client, { student_id: h.id, position_id: PA.id });
		r = await h.client.post('students/me', { discoverable: false });
		assert.equal(r.status, 200, `${r}`);
		await notFound(w.hrA.client, { student_id: h.id, position_id: PA.id });
	});
});

describe('college staff', () => {
	it('a student of their college, with any enterprise\'s position → 200', async () => {
		for (const st of [S.disc, S.hidden, S.withdrawn]) {
			for (const pos of [PA, PB]) {
				const e = await explain(w.staffA.client, { student_id: st.id, position_id: pos.id });
				assert.deepEqual(e, await explain(st.client, { position_id: pos.id }), 'staff see what the student sees');
			}
		}
		await explain(w.staffB.client, { student_id: S.appA.id, position_id: PA.id });
	});

	it('a student of another college → 404; no student_id → 404; unknown position → 404', async () => {
		await notFound(w.staffA.client, { student_id: S.appA.id, position_id: PA.id });
		await notFound(w.staffA.client, { student_id: S.appB.id, position_id: PB.id });
		await notFound(w.staffB.client, { student_id: S.disc.id, position_id: PA.id });
		await notFound(w.staffA.client, { position_id: PA.id });
		await notFound(w.staffA.client, { student_id: S.disc.id, position_id: 999999 });
	});
});

describe('college staff: positions they cannot see', () => {
	it('college staff cannot explain a draft they cannot read: 404 like GET /positions/{id}', async () => {
		expectError(await w.staffA.client.get(`positions/${PAdraft.id}`), 404, 'not_found');
		await notFound(w.staffA.client, { student_id: S.disc.id, position_id: PAdraft.id });
	});
});

describe('operator', () => {
	it('any pair → 200, the same explanation as the student sees', async () => {
		for (const st of Object.values(S)) {
			for (const pos of [PA, PA2, PB]) {
				const e = await explain(admin, { student_id: st.id, position_id: pos.id });
				assert.deepEqual(e, await explain(st.client, { position_id: pos.id }));
			}
		}
		const d = await explain(admin, { student_id: S.disc.id, position_id: PAdraft.id });
		assert.deepEqual(d.vetoes.map((v) => v.key), ['position_closed']);
	});

	it('no student_id, an unknown student or an unknown position → 404', async () => {
		await notFound(admin, { position_id: PA.id });
		await notFound(admin, { student_id: 999999, position_id: PA.id });
		await notFound(admin, { student_id: S.disc.id, position_id: 999999 });
	});
});

describe('bad requests and other roles', () => {
	it('missing position_id → 400 missing, field position_id, for every allowed role', async () => {
		for (const c of [S.disc.client, w.hrA.client, w.staffA.client, admin]) {
			expectError(await explainRes(c, { student_id: S.disc.id }), 400, 'missing', 'position_id');
			expectError(await c.get('match/explain'), 400, 'missing', 'position_id');
		}
	});

	it('position_id or student_id not a positive integer → 400 invalid naming it', async () => {
		for (const bad of ['abc', '0', '-3', '1.5']) {
			expectError(await explainRes(S.disc.client, { position_id: bad }), 400, 'invalid', 'position_id');
			expectError(await explainRes(admin, { student_id: bad, position_id: PA.id }), 400, 'invalid', 'student_id');
		}
	});

	it('judge, mentor, officer → 403; no session → 401', async () => {
		for (const role of ['judge', 'mentor', 'officer']) {
			const a = await makeAccount(admin, { role });
			const c = await srv.login(a.login, a.password);
			expectError(await explainRes(c, { student_id: S.disc.id, position_id: PA.id }), 403, 'forbidden');
		}
		expectError(await explainRes(srv.client(), { student_id: S.disc.id, position_id: PA.id }), 401, 'unauthenticated');
	});
});
