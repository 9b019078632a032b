// Fund and subsidy rounds (政策申报, issue 13): policies with conditions and a score sheet,
// rounds with dates, applications pre-checked against platform data (in the zone, industry,
// size, vocational-city hires, the incubator hook), review, publicity (公示), objections,
// payments, pass rates, and 免申即享 candidates and grants.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, makeCollege, makeEnterprise, uniq } from './harness.mjs';
import { makeHr, openPosition, registerStudent } from './recruit_lib.mjs';
import { Calendar, chinaToday, makeServicesWorld, plusDays, startServicesServer } from './services_lib.mjs';

let srv;
let w;
let policy;
const cal = Calendar.shipped();
const T = chinaToday();
const SHEET = [
	{ key: 'tech', name: '技术水平', max: 40 },
	{ key: 'jobs', name: '带动就业', max: 30 },
	{ key: 'finance', name: '财务状况', max: 30 },
];
const CONDITIONS = { in_zone: true, industries: ['C'], sizes: ['50-299人', '300-999人'], min_vocational_hires: 1 };

/** One accepted application of a vocational-city student to the enterprise of hr. */
async function hire(hr, college) {
	const pos = await openPosition(hr.client, { title: `技术员${uniq('')}` });
	const s = await registerStudent(srv, college, { name: '陈晓' });
	let r = await s.client.post(`positions/${pos.id}/apply`, {});
	assert.equal(r.status, 201, `apply: ${r}`);
	const app = r.json.application.id;
	r = await hr.client.post(`applications/${app}/status`, { status: 'offered' });
	assert.equal(r.status, 200, `offer: ${r}`);
	r = await s.client.post(`applications/${app}/accept`, {});
	assert.equal(r.status, 200, `accept: ${r}`);
}

before(async () => {
	srv = await startServicesServer();
	w = await makeServicesWorld(srv);
	// A: in the zone, manufacturing (C 38), 50-299, one hire; B: outside the zone
	for (const [org, zone] of [[w.entA, true], [w.entB, false]]) {
		const r = await w.admin.post(`organizations/${org.id}`, { industry_code: '38', in_zone: zone, size: '50-299人' });
		assert.equal(r.status, 200, `${r}`);
	}
	const college = await makeCollege(w.admin, { name: `清远职业技术学院${uniq('')}` });
	await hire(w.hrA, college);
	const p = await w.officer.client.post('services/policies', {
		title: '高新区企业研发投入补助',
		department_id: w.depB.id,
		summary: '对区内制造业企业研发投入给予补助',
		conditions: CONDITIONS,
		score_sheet: SHEET,
		pass_score: 60,
		max_amount: 500000,
	});
	assert.equal(p.status, 201, `${p}`);
	policy = p.json.policy;
});
after(() => srv?.stop());

async function round(body = {}) {
	const r = await w.officer.client.post('services/rounds', {
		policy_id: policy.id,
		name: `2026年第${uniq('')}批`,
		opens_on: plusDays(T, -10),
		closes_on: plusDays(T, 10),
		publicity_days: 5,
		budget: 5000000,
		...body,
	});
	assert.equal(r.status, 201, `${r}`);
	return r.json.round;
}
const stepRound = (id, step, extra = {}) => w.officer.client.post(`services/rounds/${id}/step`, { step, ...extra });

describe('policies and rounds', () => {
	it('refuses conditions and score sheets it cannot use', async () => {
		const c = w.officer.client;
		expectError(await c.post('services/policies', { title: 'x', score_sheet: SHEET, conditions: { colour: 'red' } }), 400, 'invalid', 'conditions');
		expectError(await c.post('services/policies', { title: 'x', score_sheet: SHEET, conditions: { in_zone: 'yes' } }), 400, 'invalid', 'conditions');
		expectError(await c.post('services/policies', { title: 'x', score_sheet: [] }), 400, 'invalid', 'score_sheet');
		expectError(await c.post('services/policies', { title: 'x', score_sheet: [{ key: 'a', name: 'A', max: 101 }] }), 400, 'invalid', 'score_sheet');
		expectError(await c.post('services/policies', { title: 'x', score_sheet: [{ key: 'a', name: 'A', max: 5 }, { key: 'a', name: 'B', max: 5 }] }), 400, 'invalid', 'score_sheet');
		expectError(await c.post('services/policies', { title: 'x' }), 400, 'invalid', 'score_sheet');
		expectError(await w.hrA.client.post('services/policies', { title: 'x', score_sheet: SHEET }), 403, 'forbidden');
		assert.deepEqual(policy.conditions, CONDITIONS);
		assert.deepEqual(policy.score_sheet, SHEET);
	});

	it('a draft round is invisible to HR; published, it opens and closes on its dates', async () => {
		const r = await round();
		assert.equal(r.phase, 'draft');
		expectError(await w.hrA.client.get(`services/rounds/${r.id}`), 404, 'not_found');
		assert.ok(!(await w.hrA.client.get('services/rounds')).json.items.some((x) => x.id === r.id));
		expectError(await w.hrA.client.post(`services/rounds/${r.id}/apply`, { amount: 1 }), 404, 'not_found');
		const pub = await stepRound(r.id, 'publish');
		assert.equal(pub.status, 200, `${pub}`);
		assert.equal(pub.json.round.phase, 'open');
		expectError(await stepRound(r.id, 'publish'), 409, 'wrong_state');
		const later = await round({ opens_on: plusDays(T, 3), closes_on: plusDays(T, 9) });
		assert.equal((await stepRound(later.id, 'publish')).json.round.phase, 'upcoming');
		expectError(await w.hrA.client.post(`services/rounds/${later.id}/apply`, { amount: 1 }), 422, 'rule', 'round_id');
		expectError(await w.officer.client.post('services/rounds', { policy_id: policy.id, name: 'x', opens_on: T, closes_on: plusDays(T, -1) }), 400, 'invalid', 'closes_on');
	});
});

describe('applications from pre-check to payment', () => {
	it('the pre-check reads platform data; failing it refuses the application', async () => {
		const r = await round();
		await stepRound(r.id, 'publish');
		let pc = await w.hrA.client.get(`services/rounds/${r.id}/precheck`);
		assert.equal(pc.status, 200, `${pc}`);
		assert.equal(pc.json.ok, true);
		assert.deepEqual(pc.json.checks.map((c) => [c.key, c.ok]), [
			['in_zone', true],
			['industries', true],
			['sizes', true],
			['min_vocational_hires', true],
		]);
		assert.equal(pc.json.checks[3].actual, '1 人');
		pc = await w.hrB.client.get(`services/rounds/${r.id}/precheck`);
		assert.equal(pc.json.ok, false);
		assert.deepEqual(pc.json.checks.filter((c) => c.ok === false).map((c) => c.key), ['in_zone', 'min_vocational_hires']);
		const refused = expectError(await w.hrB.client.post(`services/rounds/${r.id}/apply`, { amount: 100000 }), 422, 'rule', 'precheck');
		assert.match(refused.message, /注册在高新区/);
		expectError(await w.hrA.client.post(`services/rounds/${r.id}/apply`, { amount: 600000 }), 400, 'invalid', 'amount');
		const a = await w.hrA.client.post(`services/rounds/${r.id}/apply`, { amount: 300000, note: '研发投入 600 万元' });
		assert.equal(a.status, 201, `${a}`);
		assert.equal(a.json.application.status, 'submitted');
		assert.equal(a.json.application.precheck_ok, true);
		expectError(await w.hrA.client.post(`services/rounds/${r.id}/apply`, { amount: 1 }), 409, 'already_applied');
		expectError(await w.hrB.client.get(`services/policy-applications/${a.json.application.id}`), 404, 'not_found');
		// staff see anyone's pre-check with ?org_id=
		pc = await w.officer.client.get(`services/rounds/${r.id}/precheck?org_id=${w.entB.id}`);
		assert.equal(pc.json.ok, false);
		expectError(await w.officer.client.get(`services/rounds/${r.id}/precheck`), 400, 'missing', 'org_id');
		// the incubator hook answers "unknown" and does not refuse
		const inc = await w.officer.client.post('services/policies', { title: '孵化补贴', score_sheet: SHEET, conditions: { incubator: true } });
		const r2 = (await w.officer.client.post('services/rounds', { policy_id: inc.json.policy.id, name: '孵化批', opens_on: T, closes_on: T })).json.round;
		await stepRound(r2.id, 'publish');
		pc = await w.hrA.client.get(`services/rounds/${r2.id}/precheck`);
		assert.equal(pc.json.ok, true);
		assert.equal(pc.json.checks[0].ok, null);
	});

	it('review with the score sheet, publicity, an objection, finalize, payments, pass rates', async () => {
		const r = await round({ publicity_days: 1 });
		await stepRound(r.id, 'publish');
		const e3 = await makeEnterprise(w.admin, { name: `清远宏达智能装备${uniq('')}有限公司` });
		await w.admin.post(`organizations/${e3.id}`, { industry_code: '34', in_zone: true, size: '300-999人' });
		const hr3 = await makeHr(srv, w.admin, e3);
		await hire(hr3, await makeCollege(w.admin, { name: `清远工贸职业技术学校${uniq('')}` }));
		const e4 = await makeEnterprise(w.admin, { name: `清远鼎新精密${uniq('')}有限公司` });
		await w.admin.post(`organizations/${e4.id}`, { industry_code: '35', in_zone: true, size: '50-299人' });
		const hr4 = await makeHr(srv, w.admin, e4);
		await hire(hr4, await makeCollege(w.admin, { name: `广东建设职业技术学院${uniq('')}` }));
		const apps = [];
		for (const [hr, amount] of [[w.hrA, 300000], [hr3, 200000], [hr4, 100000]]) {
			const a = await hr.client.post(`services/rounds/${r.id}/apply`, { amount });
			assert.equal(a.status, 201, `${a}`);
			apps.push(a.json.application.id);
		}
		// the applicant may withdraw before review
		const wd = await hr4.client.post(`services/policy-applications/${apps[2]}/withdraw`, {});
		assert.equal(wd.json.application.status, 'withdrawn');
		const review = (id, scores, extra = {}) => w.officer.client.post(`services/policy-applications/${id}/review`, { scores, ...extra });
		expectError(await review(apps[0], { tech: 30, jobs: 20 }), 400, 'invalid', 'scores');
		expectError(await review(apps[0], { tech: 41, jobs: 20, finance: 20 }), 400, 'invalid', 'scores');
		expectError(await review(apps[0], { tech: 30, jobs: 20, finance: 20 }, { amount: 600000 }), 400, 'invalid', 'amount');
		let x = await review(apps[0], { tech: 35, jobs: 20, finance: 15 }, { comment: '研发投入真实', amount: 250000 });
		assert.equal(x.status, 200, `${x}`);
		assert.equal(x.json.application.status, 'passed');
		assert.equal(x.json.application.score_total, 70);
		assert.equal(x.json.application.amount_approved, 250000);
		// publicity needs the round closed and every application reviewed
		expectError(await stepRound(r.id, 'publicity'), 409, 'wrong_state');
		await w.officer.client.post(`services/rounds/${r.id}`, { closes_on: plusDays(T, -10), opens_on: plusDays(T, -20) });
		expectError(await stepRound(r.id, 'publicity'), 422, 'rule');
		x = await review(apps[1], { tech: 20, jobs: 20, finance: 10 });
		assert.equal(x.json.application.status, 'failed');
		// the publicity was held on paper three working days ago (补录): one working day long
		const from = cal.add(T, -3);
		x = await stepRound(r.id, 'publicity', { on: from });
		assert.equal(x.status, 200, `${x}`);
		assert.equal(x.json.round.phase, 'publicity');
		assert.equal(x.json.round.publicity_from, from);
		assert.equal(x.json.round.publicity_to, cal.add(from, 1));
		expectError(await review(apps[0], { tech: 40, jobs: 30, finance: 30 }), 409, 'wrong_state');
		let a0 = (await w.hrA.client.get(`services/policy-applications/${apps[0]}`)).json.application;
		assert.equal(a0.status, 'publicity');
		// payments come after the decision
		expectError(await w.officer.client.post(`services/policy-applications/${apps[0]}/payments`, { amount: 1000, voucher: 'PZ-1' }), 409, 'wrong_state');
		x = await stepRound(r.id, 'finalize');
		assert.equal(x.status, 200, `${x}`);
		assert.equal(x.json.round.phase, 'done');
		a0 = (await w.hrA.client.get(`services/policy-applications/${apps[0]}`)).json.application;
		assert.equal(a0.status, 'approved');
		const pay = (body) => w.officer.client.post(`services/policy-applications/${apps[0]}/payments`, body);
		expectError(await pay({ amount: 300000, voucher: 'PZ-1' }), 422, 'rule', 'amount');
		expectError(await pay({ amount: 1000 }), 400, 'missing', 'voucher');
		expectError(await pay({ amount: 1000, voucher: 'PZ-1', paid_on: plusDays(T, 1) }), 400, 'invalid', 'on');
		x = await pay({ amount: 150000, voucher: 'QYGX-2026-001' });
		assert.equal(x.status, 201, `${x}`);
		x = await pay({ amount: 100000, voucher: 'QYGX-2026-002' });
		assert.equal(x.json.application.paid_amount, 250000);
		assert.equal(x.json.application.payments.length, 2);
		expectError(await pay({ amount: 1, voucher: 'QYGX-2026-003' }), 422, 'rule', 'amount');
		const stats = await w.admin.get('services/rounds/stats');
		const row = stats.json.items.find((s) => s.id === r.id);
		assert.equal(row.applied, 2, 'the withdrawn one does not count');
		assert.equal(row.reviewed, 2);
		assert.equal(row.passed, 1);
		assert.equal(row.approved, 1);
		assert.equal(row.review_pass_rate, 0.5);
		assert.equal(row.approval_rate, 0.5);
		assert.equal(row.paid, 1);
		assert.equal(row.paid_amount, 250000);
		expectError(await w.hrA.client.get('services/rounds/stats'), 403, 'forbidden');
	});

	it('an objection upheld during the publicity rejects the application', async () => {
		const r = await round();
		await stepRound(r.id, 'publish');
		const a = (await w.hrA.client.post(`services/rounds/${r.id}/apply`, { amount: 1000 })).json.application;
		await w.officer.client.post(`services/policy-applications/${a.id}/review`, { scores: { tech: 40, jobs: 30, finance: 30 } });
		expectError(await w.officer.client.post(`services/policy-applications/${a.id}/object`, { note: '举报' }), 409, 'wrong_state');
		await w.officer.client.post(`services/rounds/${r.id}`, { closes_on: plusDays(T, -1), opens_on: plusDays(T, -20) });
		await stepRound(r.id, 'publicity');
		const x = await w.officer.client.post(`services/policy-applications/${a.id}/object`, { note: '公示期间收到实名举报，经核实研发费用虚报' });
		assert.equal(x.status, 200, `${x}`);
		assert.equal(x.json.application.status, 'rejected');
		assert.equal(x.json.application.amount_approved, 0);
		expectError(await stepRound(r.id, 'finalize'), 422, 'rule');
	});
});

describe('免申即享', () => {
	it('candidates are the eligible enterprises that have not applied; an officer grants them', async () => {
		const p = await w.officer.client.post('services/policies', {
			title: '规上工业企业稳岗奖励（免申即享）',
			score_sheet: SHEET,
			conditions: { in_zone: true, industries: ['C'] },
			max_amount: 20000,
			no_application: true,
		});
		const r = (await w.officer.client.post('services/rounds', { policy_id: p.json.policy.id, name: '2026年稳岗奖励', opens_on: T, closes_on: plusDays(T, 30) })).json.round;
		expectError(await w.officer.client.post(`services/rounds/${r.id}/grant`, { org_ids: [w.entA.id] }), 422, 'rule');
		await stepRound(r.id, 'publish');
		let c = await w.officer.client.get(`services/rounds/${r.id}/candidates`);
		assert.equal(c.status, 200);
		const ids = c.json.items.map((x) => x.org_id);
		assert.ok(ids.includes(w.entA.id), 'A is eligible');
		assert.ok(!ids.includes(w.entB.id), 'B is not in the zone');
		assert.equal(c.json.items.find((x) => x.org_id === w.entA.id).certain, true);
		expectError(await w.officer.client.post(`services/rounds/${r.id}/grant`, { org_ids: [w.entB.id] }), 422, 'rule', 'precheck');
		const g = await w.officer.client.post(`services/rounds/${r.id}/grant`, { org_ids: [w.entA.id] });
		assert.equal(g.status, 201, `${g}`);
		assert.equal(g.json.granted, 1);
		c = await w.officer.client.get(`services/rounds/${r.id}/candidates`);
		assert.ok(!c.json.items.some((x) => x.org_id === w.entA.id), 'granted: no longer a candidate');
		const mine = await w.hrA.client.get(`services/policy-applications?round_id=${r.id}`);
		assert.equal(mine.json.items[0].source, 'granted');
		assert.equal(mine.json.items[0].status, 'passed');
		// a policy that needs an application grants nothing
		const normal = await round();
		await stepRound(normal.id, 'publish');
		expectError(await w.officer.client.post(`services/rounds/${normal.id}/grant`, { org_ids: [w.entA.id] }), 422, 'rule');
		expectError(await w.hrA.client.get(`services/rounds/${r.id}/candidates`), 403, 'forbidden');
	});
});
