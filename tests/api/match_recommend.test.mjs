// GET /recommendations (为你推荐): every explanation adds up and follows docs/matching.md, the
// list equals what an independent reference scorer computes from the documented rules over
// every open position, vetoed pairs never appear; k; personalisation off → the plain
// newest-first listing and back; who may ask.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, makeAccount } from './harness.mjs';
import { CITY, MAJOR, SKILL, createPosition, makeWorld, openPosition, registerStudent, startRecruitServer } from './recruit_lib.mjs';
import { expectedRecommendations, explain, pointsOf, recIds, recommendations, vetoKeys } from './match_lib.mjs';

let srv;
let w;
let admin;
let s1; // the student whose recommendations are checked
const P = {}; // positions by name

const PROFILE = {
	major_code: MAJOR.mechatronics, // 460301, class 4603, category 46
	grad_year: 2026,
	degree: 2,
	skills: [SKILL.plc, SKILL.cad, SKILL.python],
	cities: [CITY.qingyuan, CITY.guangzhou],
	salary_min: 5000,
	salary_max: 8000,
};

before(async () => {
	srv = await startRecruitServer();
	w = await makeWorld(srv);
	admin = w.admin;
	s1 = await registerStudent(srv, w.collegeA, { name: '李明', profile: PROFILE });
	const A = w.hrA.client;
	const B = w.hrB.client;
	// Eligible ones, with hand-computed scores (docs/matching.md default weights).
	P.a = await openPosition(A, {
		title: '机电一体化技术员', majors: [MAJOR.mechatronics], required_skills: [SKILL.plc, SKILL.cad], preferred_skills: [SKILL.python, SKILL.excel],
		city_code: CITY.qingyuan, salary_min: 4500, salary_max: 6000, grad_year_min: 2025, grad_year_max: 2026,
	}); // 1800 + 4700 + 250 + 0 + 800 + 525 + 0 = 8075 (applied: off the list; applied=1 shows it, same score)
	P.b = await openPosition(B, {
		title: '自动化设备调试员', majors: [MAJOR.electronics, MAJOR.automationClass], required_skills: [SKILL.plc, SKILL.testing, SKILL.bookkeeping],
		city_code: CITY.guangzhou, salary_min: 5000, salary_max: 5000,
	}); // 1200 + 1566 + 0 + 0 + 400 + 700 = 3866
	P.c = await openPosition(A, { title: '装备制造储备干部', majors: [MAJOR.equipmentCategory], city_code: CITY.shenzhen, salary_min: 8000, salary_max: 9000 });
	P.d = await openPosition(B, { title: '数据处理专员', required_skills: [SKILL.python], preferred_skills: [SKILL.excel] });
	P.j = await openPosition(A, { title: '仅有下限薪资的岗位', salary_min: 6000, city_code: CITY.guangzhou });
	P.k = await openPosition(B, { title: '低薪岗位', salary_min: 3000, salary_max: 4000 });
	// Vetoed ones (each for one documented reason).
	P.e = await openPosition(A, { title: '电子信息工程技术员', majors: ['5101'] });
	P.f = await openPosition(A, { title: '本科管培生', min_degree: 3 });
	P.g = await openPosition(B, { title: '2028届实习生', kind: '实习', grad_year_min: 2027, grad_year_max: 2028 });
	P.h = await openPosition(B, { title: '已关闭的岗位' });
	let r = await w.hrB.client.post(`positions/${P.h.id}/close`);
	assert.equal(r.status, 200, `${r}`);
	P.i = await createPosition(A, { title: '草稿岗位', majors: [MAJOR.mechatronics], required_skills: [SKILL.plc] });
	// Interest: s1 applied to a.
	r = await s1.client.post(`positions/${P.a.id}/apply`);
	assert.equal(r.status, 201, `${r}`);
});
after(() => srv?.stop());

describe('explanations', () => {
	it('every item: sum of component points = explanation.total = score; seven documented keys; Chinese reasons', async () => {
		const items = await recommendations(s1.client, 100, { applied: true }); // recommendations() checks each item
		assert.ok(items.length >= 6, `the six eligible positions are recommended: ${items.map((x) => x.position_id)}`);
		for (const it of items) {
			const sum = it.explanation.components.reduce((a, c) => a + c.points, 0);
			assert.equal(sum, it.score);
			assert.equal(it.explanation.total, it.score);
		}
	});

	it('the list is exactly what the documented rules give: same positions, same order, same points per component', async () => {
		const got = await recommendations(s1.client, 100);
		const want = await expectedRecommendations(admin, s1.id, 100);
		assert.deepEqual(
			got.map((x) => [x.position_id, x.score]),
			want.map((x) => [x.position_id, x.score]),
			'(position, score) list vs the reference scorer',
		);
		for (const [i, it] of got.entries()) assert.deepEqual(pointsOf(it.explanation), want[i].ref.points, `components of position ${it.position_id}`);
	});

	it('hand-computed scores of docs/matching.md (applied=1: the applied position a shows, badged)', async () => {
		assert.ok(!(await recIds(s1.client, 100)).includes(P.a.id), 'a, applied to, left the list');
		const items = await recommendations(s1.client, 100, { applied: true });
		const by = Object.fromEntries(items.map((x) => [x.position_id, x]));
		// a: same major 1800, both required 4700, 1 of 2 preferred ⌊500/2⌋=250, no certificates,
		// first city 800, 5000 ≤ middle of 4500–6000 (5250) → 525; applied, which counts 0 on the own list.
		assert.deepEqual(pointsOf(by[P.a.id].explanation), { major_fit: 1800, skills_required: 4700, skills_preferred: 250, certificates: 0, city: 800, salary: 525, interest: 0 });
		assert.equal(by[P.a.id].score, 8075);
		assert.equal(by[P.a.id].applied, true);
		// b: class 4603 listed → same class 1200; 1 of 3 required → ⌊4700/3⌋ = 1566; second city 400;
		// 5000 ≤ minimum 5000 → 700.
		assert.deepEqual(pointsOf(by[P.b.id].explanation), { major_fit: 1200, skills_required: 1566, skills_preferred: 0, certificates: 0, city: 400, salary: 700, interest: 0 });
		assert.equal(by[P.b.id].score, 3866);
		assert.equal(by[P.b.id].applied, false);
		// c: category 46 → 600; no skills listed → 0; 深圳 not among the student's cities → 0; 5000 ≤ 8000 → 700.
		assert.equal(by[P.c.id].score, 600 + 0 + 0 + 0 + 0 + 700);
		// d: no majors → 0; python required held → 4700; excel preferred not held → 0; no city → 400; no salary → 350.
		assert.deepEqual(pointsOf(by[P.d.id].explanation), { major_fit: 0, skills_required: 4700, skills_preferred: 0, certificates: 0, city: 400, salary: 350, interest: 0 });
		// j: only a minimum (6000): 5000 ≤ 6000 → 700; 广州 second city → 400.
		assert.equal(by[P.j.id].score, 400 + 700);
		// k: 5000 above the maximum 4000 → 0; no city → 400.
		assert.equal(by[P.k.id].score, 400);
		// Best first: a (8075) > d (5450) > b (3866) > c (1300) > j (1100) > k (400).
		const mine = items.map((x) => x.position_id).filter((id) => [P.a, P.b, P.c, P.d, P.j, P.k].some((p) => p.id === id));
		assert.deepEqual(mine, [P.a.id, P.d.id, P.b.id, P.c.id, P.j.id, P.k.id]);
	});

	it('reasons name the facts: the shared class, the skills held and missing, the city, the application', async () => {
		const items = await recommendations(s1.client, 100, { applied: true });
		const a = items.find((x) => x.position_id === P.a.id).explanation;
		const b = items.find((x) => x.position_id === P.b.id).explanation;
		const r = (e, k) => e.components.find((c) => c.key === k).reason;
		assert.match(r(b, 'major_fit'), /自动化类/);
		assert.match(r(b, 'skills_required'), /PLC编程/);
		assert.match(r(b, 'skills_required'), /软件测试/); // missing
		assert.match(r(a, 'skills_preferred'), /Excel数据处理/); // missing
		assert.match(r(a, 'city'), /清远/);
		assert.match(r(a, 'interest'), /投递/);
	});

	it('vetoed pairs never appear; /match/explain names the veto the documented way', async () => {
		const ids = await recIds(s1.client, 100);
		const vetoed = { e: ['major_not_accepted'], f: ['degree_below_minimum'], g: ['graduation_year_outside_window'], h: ['position_closed'], i: ['position_closed'] };
		for (const [name, keys] of Object.entries(vetoed)) {
			assert.ok(!ids.includes(P[name].id), `vetoed position ${name} (${keys}) recommended: ${ids}`);
			// Closed positions (h, i) are not the student's to see: the operator asks.
			const e = keys[0] === 'position_closed'
				? await explain(admin, { student_id: s1.id, position_id: P[name].id })
				: await explain(s1.client, { position_id: P[name].id });
			assert.equal(e.eligible, false, `position ${name}`);
			assert.deepEqual(vetoKeys(e), keys, `vetoes of position ${name}`);
		}
		// And each recommended pair explains as eligible, with the same total as its score.
		for (const it of await recommendations(s1.client, 100)) {
			const e = await explain(s1.client, { position_id: it.position_id });
			assert.equal(e.eligible, true);
			assert.equal(e.total, it.score, `explain and recommendations agree on position ${it.position_id}`);
		}
	});

	it('the position summary: title, kind, salary, city name, enterprise name, in_zone', async () => {
		const items = await recommendations(s1.client, 100, { applied: true });
		const a = items.find((x) => x.position_id === P.a.id).position;
		assert.deepEqual(Object.keys(a).sort(), ['city_code', 'city_name', 'enterprise_name', 'id', 'in_zone', 'kind', 'salary_max', 'salary_min', 'title'].sort());
		assert.equal(a.title, '机电一体化技术员');
		assert.equal(a.kind, '全职');
		assert.equal(a.salary_min, 4500);
		assert.equal(a.salary_max, 6000);
		assert.equal(a.city_code, CITY.qingyuan);
		assert.equal(a.city_name, '清远市');
		assert.equal(a.enterprise_name, w.entA.name);
		assert.ok(a.in_zone === 0 || a.in_zone === false, `in_zone: ${a.in_zone}`);
		// Every item carries its own position's summary (read for the whole page at once).
		const byId = new Map(Object.values(P).map((p) => [p.id, p]));
		assert.ok(items.length >= 3, `several items: ${items.length}`);
		for (const it of items) {
			assert.equal(it.position.title, byId.get(it.position_id)?.title, `summary of position ${it.position_id}`);
			assert.equal(it.position.salary_min, byId.get(it.position_id)?.salary_min ?? null, `salary_min of position ${it.position_id}`);
		}
	});
});

describe('k', () => {
	it('k=1 gives the single best; k=3 the first three of the full list', async () => {
		const all = await recIds(s1.client, 100);
		assert.deepEqual(await recIds(s1.client, 1), all.slice(0, 1));
		assert.deepEqual(await recIds(s1.client, 3), all.slice(0, 3));
	});
	for (const bad of ['0', '101', '-1', 'abc', '2.5']) {
		it(`k=${bad} → 400 invalid, field k`, async () => {
			expectError(await s1.client.get(`recommendations?k=${bad}`), 400, 'invalid', 'k');
		});
	}
});

describe('personalisation off → the plain listing; on again → scores', () => {
	let fillers;
	before(async () => {
		// Enough open positions for the default k of 20 to bite.
		fillers = [];
		for (let i = 0; i < 16; i++) fillers.push(await openPosition(i % 2 ? w.hrA.client : w.hrB.client, { title: `普通岗位${i + 1}` }));
	});

	it('personalised (default): 20 items by default, each with a score', async () => {
		const items = await recommendations(s1.client);
		assert.equal(items.length, 20);
		assert.deepEqual(items.map((x) => x.position_id), (await expectedRecommendations(admin, s1.id, 20)).map((x) => x.position_id));
	});

	it('off: personalised:false, the newest open positions (vetoed ones too, no closed or draft), no scores', async () => {
		let r = await s1.client.post('students/me', { personalised: false });
		assert.equal(r.status, 200, `${r}`);
		assert.ok(r.json.student.personalised === false || r.json.student.personalised === 0, `${r}`);
		r = await s1.client.get('recommendations?k=100');
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.personalised, false);
		const open = (await admin.get('positions?limit=100')).json.items.map((p) => p.id).sort((a, b) => b - a);
		assert.deepEqual(r.json.items.map((p) => p.id), open, 'every open position, newest (largest id) first');
		for (const name of ['e', 'f', 'g']) assert.ok(open.includes(P[name].id), `open but vetoed ${name} is in the plain listing`);
		for (const name of ['h', 'i']) assert.ok(!r.json.items.some((p) => p.id === P[name].id), `closed/draft ${name} listed`);
		for (const p of r.json.items) {
			assert.deepEqual(Object.keys(p).sort(), ['city_code', 'city_name', 'enterprise_name', 'id', 'in_zone', 'kind', 'salary_max', 'salary_min', 'title'].sort(), `plain item: ${JSON.stringify(p)}`);
		}
		assert.ok(!/"score"|"explanation"|"components"/.test(r.text), `no scores in the plain listing: ${r.text.slice(0, 300)}`);
		const d = await s1.client.get('recommendations');
		assert.equal(d.json.personalised, false);
		assert.deepEqual(d.json.items.map((p) => p.id), open.slice(0, 20), 'default k 20');
		const k2 = await s1.client.get('recommendations?k=2');
		assert.deepEqual(k2.json.items.map((p) => p.id), open.slice(0, 2));
		expectError(await s1.client.get('recommendations?k=0'), 400, 'invalid', 'k');
	});

	it('a position closed while personalisation is off leaves the plain listing', async () => {
		const last = fillers[fillers.length - 1];
		let r = await w.hrA.client.post(`positions/${last.id}/close`);
		if (r.status === 404) r = await w.hrB.client.post(`positions/${last.id}/close`);
		assert.equal(r.status, 200, `${r}`);
		const ids = (await s1.client.get('recommendations?k=100')).json.items.map((p) => p.id);
		assert.ok(!ids.includes(last.id), `closed position ${last.id} still listed`);
	});

	it('on again: personalised:true with scores, the same list as before switching off', async () => {
		const r = await s1.client.post('students/me', { personalised: true });
		assert.equal(r.status, 200, `${r}`);
		const items = await recommendations(s1.client, 100, { applied: true });
		const want = await expectedRecommendations(admin, s1.id, 100, { showApplied: true });
		assert.deepEqual(items.map((x) => [x.position_id, x.score, x.applied]), want.map((x) => [x.position_id, x.score, x.applied]));
		assert.equal(items[0].position_id, P.a.id);
	});
});

describe('who may ask', () => {
	it('a student account without a student record → 404 not_found', async () => {
		const acct = await makeAccount(admin, { role: 'student', org_id: w.collegeA.id });
		const c = await srv.login(acct.login, acct.password);
		expectError(await c.get('students/me'), 404, 'not_found');
		expectError(await c.get('recommendations'), 404, 'not_found');
		expectError(await c.get('recommendations?k=5'), 404, 'not_found');
	});

	it('HR, college staff and the operator → 403 forbidden; no session → 401', async () => {
		expectError(await w.hrA.client.get('recommendations'), 403, 'forbidden');
		expectError(await w.staffA.client.get('recommendations'), 403, 'forbidden');
		expectError(await admin.get('recommendations'), 403, 'forbidden');
		expectError(await srv.client().get('recommendations'), 401, 'unauthenticated');
	});

	it('a newly registered student with an empty profile gets only positions without requirements', async () => {
		const s = await registerStudent(srv, w.collegeB, {});
		const items = await recommendations(s.client, 100);
		const want = await expectedRecommendations(admin, s.id, 100);
		assert.deepEqual(items.map((x) => [x.position_id, x.score]), want.map((x) => [x.position_id, x.score]));
		for (const name of ['a', 'b', 'c', 'e', 'g']) assert.ok(!items.some((x) => x.position_id === P[name].id), `position ${name} needs a major or graduation year`);
		assert.ok(items.some((x) => x.position_id === P.d.id), 'an unrestricted position is recommended');
	});
});
