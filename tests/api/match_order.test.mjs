// Ordering and live updates of GET /recommendations: one student and positions whose
// majors, skills, cities and salaries are chosen so that the order follows from the
// weights of docs/matching.md; then the student's profile, an application, a new position,
// an edit and a withdrawal each change the order on the next request, with the same
// server process (the in-memory snapshot is kept current, not rebuilt on restart).
// This file's server holds no other open positions, so every list is compared whole.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CITY, MAJOR, SKILL, createPosition, makeWorld, openPosition, registerStudent, startRecruitServer } from './recruit_lib.mjs';
import { expectedRecommendations, pointsOf, recommendations } from './match_lib.mjs';
import { expectError } from './harness.mjs';

let srv;
let w;
let s;
let P1;
let P2;
let P3;
let P4;
let app2; // s's application to P2

/** [[position id, score]] of the student's recommendations, checked against the reference scorer. */
async function ranking() {
	const items = await recommendations(s.client, 100);
	const got = items.map((x) => [x.position_id, x.score]);
	const want = (await expectedRecommendations(w.admin, s.id, 100)).map((x) => [x.position_id, x.score]);
	assert.deepEqual(got, want, 'recommendations vs the reference scorer');
	return { got, items };
}

before(async () => {
	srv = await startRecruitServer();
	w = await makeWorld(srv);
	s = await registerStudent(srv, w.collegeA, {
		name: '陈晓',
		profile: {
			major_code: MAJOR.mechatronics, degree: 2, grad_year: 2026,
			skills: [SKILL.plc, SKILL.cad], cities: [CITY.qingyuan, CITY.guangzhou], salary_min: 5000, salary_max: 7000,
		},
	});
	const A = w.hrA.client;
	// same major, every required skill, first city, expectation = minimum:
	//   1800 + 4700 + 0 + 0 + 800 + 700 + 0 = 8000
	P1 = await openPosition(A, { title: '机电一体化技术员', majors: [MAJOR.mechatronics], required_skills: [SKILL.plc, SKILL.cad], city_code: CITY.qingyuan, salary_min: 5000, salary_max: 7000 });
	// same class (4603), every required skill, second city, 5000 ≤ middle of 4500–6000:
	//   1200 + 4700 + 0 + 0 + 400 + 525 + 0 = 6825
	P2 = await openPosition(w.hrB.client, { title: '自动化运维员', majors: [MAJOR.automationClass], required_skills: [SKILL.plc, SKILL.cad], city_code: CITY.guangzhou, salary_min: 4500, salary_max: 6000 });
	// same category (46), 1 of 2 required (⌊4700/2⌋), a city not wanted, expectation above 3000–4000:
	//   600 + 2350 + 0 + 0 + 0 + 0 + 0 = 2950
	P3 = await openPosition(A, { title: '装备制造技术员', majors: [MAJOR.equipmentCategory], required_skills: [SKILL.plc, SKILL.python], city_code: CITY.shenzhen, salary_min: 3000, salary_max: 4000 });
});
after(() => srv?.stop());

describe('order follows the documented weights, and follows every change', () => {
	it('same major > same class > same category: P1 8000, P2 6825, P3 2950', async () => {
		const { got, items } = await ranking();
		assert.deepEqual(got, [[P1.id, 8000], [P2.id, 6825], [P3.id, 2950]]);
		assert.deepEqual(items.map((x) => x.explanation.components[0].points), [1800, 1200, 600], 'major_fit per level');
	});

	it('the student changes skills and cities (POST /students/me): P3 overtakes P1 and P2', async () => {
		const r = await s.client.post('students/me', { skills: [SKILL.python], cities: [CITY.shenzhen] });
		assert.equal(r.status, 200, `${r}`);
		// P1: 1800 + 0 + city 0 + 700 = 2500; P2: 1200 + 0 + 0 + 525 = 1725; P3: 600 + 2350 + 800 + 0 = 3750
		const { got } = await ranking();
		assert.deepEqual(got, [[P3.id, 3750], [P1.id, 2500], [P2.id, 1725]]);
	});

	it('applying to P2 takes it off the list (issue 14); applied=1 shows it badged 已投递 with the same score', async () => {
		const before = (await recommendations(s.client, 100)).find((x) => x.position_id === P2.id);
		assert.equal(pointsOf(before.explanation).interest, 0);
		const r = await s.client.post(`positions/${P2.id}/apply`);
		assert.equal(r.status, 201, `${r}`);
		app2 = r.json.application;
		const { got } = await ranking();
		assert.deepEqual(got, [[P3.id, 3750], [P1.id, 2500]]);
		const shown = await recommendations(s.client, 100, { applied: true });
		assert.deepEqual(shown.map((x) => [x.position_id, x.score, x.applied]), [[P3.id, 3750, false], [P1.id, 2500, false], [P2.id, 1725, true]], 'having applied is no score on the own list');
		const after = shown.find((x) => x.position_id === P2.id);
		assert.equal(pointsOf(after.explanation).interest, 0);
		assert.match(after.explanation.components.find((c) => c.key === 'interest').reason, /投递/);
	});

	it('a better position: absent as a draft, first once published', async () => {
		// same major, the one required skill, first city, expectation below the minimum: 8000
		P4 = await createPosition(w.hrA.client, { title: 'Python自动化工程师', majors: [MAJOR.mechatronics], required_skills: [SKILL.python], city_code: CITY.shenzhen, salary_min: 6000, salary_max: 8000 });
		assert.deepEqual((await ranking()).got.map((x) => x[0]), [P3.id, P1.id], 'a draft is not recommended');
		const r = await w.hrA.client.post(`positions/${P4.id}/submit`);
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.position.status, 'open');
		assert.deepEqual((await ranking()).got, [[P4.id, 8000], [P3.id, 3750], [P1.id, 2500]]);
	});

	it('HR edits P3 to fit as well as P4: equal scores, the smaller id first', async () => {
		const r = await w.hrA.client.post(`positions/${P3.id}`, {
			title: '装备制造技术员', kind: '全职', headcount: 2, majors: [MAJOR.mechatronics], required_skills: [SKILL.python],
			city_code: CITY.shenzhen, salary_min: 5000, salary_max: 5000,
		});
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.position.status, 'open');
		assert.ok(P3.id < P4.id);
		assert.deepEqual((await ranking()).got, [[P3.id, 8000], [P4.id, 8000], [P1.id, 2500]]);
	});

	it('withdrawing the application brings the position back to the list', async () => {
		const r = await s.client.post(`applications/${app2.id}/withdraw`);
		assert.equal(r.status, 200, `${r}`);
		const { got, items } = await ranking();
		assert.deepEqual(got, [[P3.id, 8000], [P4.id, 8000], [P1.id, 2500], [P2.id, 1725]]);
		assert.equal(items.find((x) => x.position_id === P2.id).applied, false);
		assert.equal(pointsOf(items.find((x) => x.position_id === P2.id).explanation).interest, 0);
	});

	it('a change of major (4603 → 4602) vetoes every position restricted to 460301 or 4603; changing back restores them', async () => {
		let r = await s.client.post('students/me', { major_code: '460202' });
		assert.equal(r.status, 200, `${r}`);
		assert.deepEqual((await ranking()).got, []);
		r = await s.client.post('students/me', { major_code: MAJOR.mechatronics });
		assert.equal(r.status, 200, `${r}`);
		assert.deepEqual((await ranking()).got, [[P3.id, 8000], [P4.id, 8000], [P1.id, 2500], [P2.id, 1725]]);
	});

	it('the expected salary moves the salary component (5000 → 9000: above every range)', async () => {
		const r = await s.client.post('students/me', { salary_min: 9000, salary_max: 9500 });
		assert.equal(r.status, 200, `${r}`);
		const { got, items } = await ranking();
		for (const it of items) assert.equal(pointsOf(it.explanation).salary, 0, `salary points of ${it.position_id}`);
		assert.deepEqual(got, [[P3.id, 7300], [P4.id, 7300], [P1.id, 1800], [P2.id, 1200]]);
	});

	it('the search sorted by match (the student\'s default list, issue 14) is this order, with match_score; only students may ask', async () => {
		const r = await s.client.get('positions?sort=match&limit=2');
		assert.equal(r.status, 200, `${r}`);
		assert.deepEqual(r.json.items.map((p) => [p.id, p.match_score]), [[P4.id, 7300], [P3.id, 7300]], 'ties: newest first');
		const r2 = await s.client.get(`positions?sort=match&limit=2&cursor=${r.json.next_cursor}`);
		assert.deepEqual(r2.json.items.map((p) => [p.id, p.match_score]), [[P1.id, 1800], [P2.id, 1200]]);
		expectError(await w.hrA.client.get('positions?sort=match'), 400, 'invalid', 'sort');
	});
});
