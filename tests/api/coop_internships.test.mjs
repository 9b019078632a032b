// Internships (岗位实习) by 《职业学校学生实习管理规定》: the enterprise's staff and posts,
// placements and every rule checked before one starts, each refusal naming its rule, at
// its boundary: exactly 80% of the probation wage, the local minimum wage, exactly 10% of
// the enterprise's staff, exactly 20% of the post's, the 18th birthday (from the sealed
// ID number), 16, six months to the day; refusals recorded, an edit and a new start.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, makeEnterprise, uniq } from './harness.mjs';
import { addDays, day, dbQuery, makeCoopWorld, makePlacement, makePost, placementBody, startCoopServer, student, yearsBefore } from './coop_lib.mjs';
import { makeHr, registerStudent } from './recruit_lib.mjs';

let srv;
let w;
let post; // enterprise A's post: 20 staff, probation wage 5000, majors 4603, Qingyuan

before(async () => {
	srv = await startCoopServer();
	w = await makeCoopWorld(srv);
	assert.equal((await w.hrA.client.post('internships/staff', { staff_total: 1000 })).status, 200);
	post = await makePost(w.hrA.client, { staff: 1000 });
});
after(() => srv?.stop());

/** An enterprise of its own (staff declared when given) with its HR as the mentor. */
async function enterprise(staff) {
	const org = await makeEnterprise(w.admin, { name: `清远实习单位${uniq('')}有限公司` });
	const hr = await makeHr(srv, w.admin, org);
	if (staff) assert.equal((await hr.client.post('internships/staff', { staff_total: staff })).status, 200);
	return { org, hr, client: hr.client, mentor: hr.acct.id };
}

/** Creates and starts a placement: the start's answer. */
async function tryStart(body) {
	const p = await makePlacement(w.staffA.client, body);
	const r = await w.staffA.client.post(`internships/${p.id}/start`);
	assert.equal(r.status, 200, `${r}`);
	return r.json;
}
const rules = (r) => r.violations.map((v) => v.rule);
const adult = (over = {}) => student(srv, w.collegeA, { major: '460301', ...over });

describe('the enterprise side: staff and posts', () => {
	it('HR declares staff and posts; the post lists its city\'s minimum wage', async () => {
		const r = await w.hrA.client.get('internships/posts');
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.staff_total, 1000);
		const p = r.json.items.find((x) => x.id === post.id);
		assert.equal(p.min_wage, 1620);
		assert.deepEqual(p.majors, ['4603']);
		assert.equal(p.city, '清远市');
	});

	it('refusals name their field; a pending enterprise cannot; a college sees open posts only', async () => {
		expectError(await w.hrA.client.post('internships/posts', { title: '操作工', city_code: '441800', staff: 10, probation_wage: 4000 }), 400, 'invalid', 'majors');
		expectError(await w.hrA.client.post('internships/posts', { title: '操作工', city_code: '441800', staff: 10, probation_wage: 4000, majors: ['123456'] }), 400, 'invalid', 'majors');
		expectError(await w.hrA.client.post('internships/posts', { title: '操作工', city_code: '000000', staff: 10, probation_wage: 4000, majors: ['46'] }), 400, 'invalid', 'city_code');
		expectError(await w.hrA.client.post('internships/posts', { title: '操作工', city_code: '441800', staff: 0, probation_wage: 4000, majors: ['46'] }), 400, 'invalid', 'staff');
		expectError(await w.hrA.client.post('internships/posts', { title: '操作工', city_code: '441800', staff: 5, probation_wage: 4000, majors: ['46'], hazardous: 'yes' }), 400, 'invalid', 'hazardous');
		expectError(await w.pendingHr.post('internships/posts', { title: '操作工', city_code: '441800', staff: 5, probation_wage: 4000, majors: ['46'] }), 403, 'org_not_approved');
		expectError(await w.pendingHr.post('internships/staff', { staff_total: 50 }), 403, 'org_not_approved');
		const closed = await makePost(w.hrA.client);
		assert.equal((await w.hrA.client.post(`internships/posts/${closed.id}/close`)).json.post.status, 'closed');
		const seen = (await w.staffB.client.get(`internships/posts?enterprise_id=${w.entA.id}`)).json.items.map((x) => x.id);
		assert.ok(seen.includes(post.id) && !seen.includes(closed.id));
		expectError(await w.hrB.client.post(`internships/posts/${post.id}`, { title: '改名岗位', city_code: '441800', staff: 5, probation_wage: 1, majors: ['46'] }), 404, 'not_found');
		const s = await adult();
		expectError(await w.staffA.client.post('internships', placementBody(w, s, closed)), 400, 'invalid', 'post_id');
	});
});

describe('placing a student', () => {
	it('the college places its own student; refusals name their field', async () => {
		const s = await adult();
		const other = await student(srv, w.collegeB, { major: '460301' });
		expectError(await w.staffA.client.post('internships', placementBody(w, other, post)), 400, 'invalid', 'student_id');
		expectError(await w.staffA.client.post('internships', placementBody(w, s, post, { instructor_id: w.staffB.acct.id })), 400, 'invalid', 'instructor_id');
		expectError(await w.staffA.client.post('internships', placementBody(w, s, post, { mentor_id: w.hrB.acct.id })), 400, 'invalid', 'mentor_id');
		expectError(await w.staffA.client.post('internships', placementBody(w, s, post, { ends_on: day(0) })), 400, 'invalid', 'ends_on');
		expectError(await w.staffA.client.post('internships', placementBody(w, s, post, { pay_cycle: 'yearly' })), 400, 'invalid', 'pay_cycle');
		expectError(await w.staffA.client.post('internships', placementBody(w, s, post, { agreement_signed_on: '2025-02-29' })), 400, 'invalid', 'agreement_signed_on');
		expectError(await w.hrA.client.post('internships', placementBody(w, s, post)), 403, 'forbidden');
		const p = await makePlacement(w.staffA.client, placementBody(w, s, post));
		assert.equal(p.status, 'draft');
		assert.equal(p.student, s.name);
		assert.equal(p.enterprise, w.entA.name);
		assert.equal(p.mentor, '带教师傅刘工');
		assert.deepEqual(p.min_wage.monthly, 1620);
		assert.equal('age' in p || 'birth' in p || 'id_number' in p, false, 'no age, birth date or ID number');
	});

	it('every rule passes: the placement starts, audited', async () => {
		const s = await adult();
		const r = await tryStart(placementBody(w, s, post));
		assert.equal(r.started, true);
		assert.deepEqual(r.violations, []);
		assert.equal(r.internship.status, 'active');
		assert.deepEqual(dbQuery(srv, `SELECT action FROM audit_log WHERE object_type = 'internship' AND object_id = '${r.internship.id}' ORDER BY id`), ['internship.create', 'internship.start']);
		expectError(await w.staffA.client.post(`internships/${r.internship.id}/start`), 409, 'conflict', 'status');
		expectError(await w.hrA.client.post(`internships/${r.internship.id}/start`), 403, 'forbidden');
	});
});

describe('each rule, refused and recorded', () => {
	it('no tripartite agreement, or signed after the first day', async () => {
		const s = await adult();
		let r = await tryStart(placementBody(w, s, post, { agreement_signed_on: undefined }));
		assert.equal(r.started, false);
		assert.equal(r.internship.status, 'refused');
		assert.deepEqual(rules(r), ['tripartite_agreement']);
		assert.equal(r.violations[0].label, '三方协议');
		assert.equal(r.violations[0].field, 'agreement_signed_on');
		assert.deepEqual(r.internship.violations.map((v) => v.rule), ['tripartite_agreement']);
		r = await tryStart(placementBody(w, await adult(), post, { agreement_signed_on: day(2) }));
		assert.deepEqual(rules(r), ['tripartite_agreement']);
	});

	it('pay: exactly 80% of the probation wage passes, a yuan less does not', async () => {
		assert.equal((await tryStart(placementBody(w, await adult(), post, { monthly_pay: 4000 }))).started, true);
		const r = await tryStart(placementBody(w, await adult(), post, { monthly_pay: 3999 }));
		assert.deepEqual(rules(r), ['pay_80pct']);
		assert.match(r.violations[0].message, /4000/);
	});

	it('pay: not below the city\'s minimum wage; an unlisted city needs the local figure declared', async () => {
		const low = await makePost(w.hrA.client, { staff: 1000, probation_wage: 1000 });
		assert.equal((await tryStart(placementBody(w, await adult(), low, { monthly_pay: 1620 }))).started, true);
		assert.deepEqual(rules(await tryStart(placementBody(w, await adult(), low, { monthly_pay: 1619 }))), ['min_wage']);
		const beijing = await makePost(w.hrA.client, { staff: 1000, probation_wage: 1000, city_code: '110000' });
		assert.deepEqual(rules(await tryStart(placementBody(w, await adult(), beijing, { monthly_pay: 3000 }))), ['min_wage_unknown']);
		assert.deepEqual(rules(await tryStart(placementBody(w, await adult(), beijing, { monthly_pay: 2000, local_min_wage: 2420 }))), ['min_wage']);
		assert.equal((await tryStart(placementBody(w, await adult(), beijing, { monthly_pay: 3000, local_min_wage: 2420 }))).started, true);
	});

	it('paid to the student, at least monthly, nothing charged', async () => {
		const r = await tryStart(placementBody(w, await adult(), post, { pay_cycle: 'quarterly', pay_to: 'agent', fees_charged: 300 }));
		assert.deepEqual(rules(r), ['pay_monthly', 'pay_to_student', 'no_fees']);
		assert.equal((await tryStart(placementBody(w, await adult(), post, { pay_cycle: 'weekly' }))).started, true);
	});

	it('interns at most 10% of the enterprise\'s staff: the 2nd of 20 passes, the 3rd is refused', async () => {
		const e = await enterprise(20);
		const p = await makePost(e.client, { staff: 1000 });
		const body = async () => placementBody(w, await adult(), p, { mentor_id: e.mentor });
		assert.equal((await tryStart(await body())).started, true);
		assert.equal((await tryStart(await body())).started, true);
		const r = await tryStart(await body());
		assert.deepEqual(rules(r), ['enterprise_10pct']);
		assert.match(r.violations[0].message, /3 人.*20 人/);
		// Another period does not count: a placement after those ends starts.
		assert.equal((await tryStart(await body().then((b) => ({ ...b, starts_on: day(200), ends_on: day(260), agreement_signed_on: day(0) })))).started, true);
		const none = await enterprise(0);
		const q = await makePost(none.client, { staff: 1000 });
		assert.deepEqual(rules(await tryStart(placementBody(w, await adult(), q, { mentor_id: none.mentor }))), ['staff_unknown']);
	});

	it('interns on one post at most 20% of its staff: the 2nd of 10 passes, the 3rd is refused', async () => {
		const p = await makePost(w.hrA.client, { staff: 10 });
		assert.equal((await tryStart(placementBody(w, await adult(), p))).started, true);
		assert.equal((await tryStart(placementBody(w, await adult(), p))).started, true);
		assert.deepEqual(rules(await tryStart(placementBody(w, await adult(), p))), ['post_20pct']);
	});

	it('the post fits the major; no night shifts or overtime', async () => {
		const acct = await student(srv, w.collegeA, { major: '530302' });
		assert.deepEqual(rules(await tryStart(placementBody(w, acct, post))), ['major_group']);
		const night = await makePost(w.hrA.client, { staff: 1000, night_shift: true, overtime: true });
		const r = await tryStart(placementBody(w, await adult(), night));
		assert.deepEqual(rules(r), ['night_overtime']);
		assert.match(r.violations[0].message, /夜班和加班/);
	});

	it('age from the ID number: 18 on the first day needs no consent, 18 the day after does', async () => {
		const start = day(1);
		const eighteen = await adult({ born: yearsBefore(start, 18) });
		assert.equal((await tryStart(placementBody(w, eighteen, post, { starts_on: start }))).started, true);
		const tomorrow18 = await adult({ born: addDays(yearsBefore(start, 18), 1) });
		let r = await tryStart(placementBody(w, tomorrow18, post, { starts_on: start }));
		assert.deepEqual(rules(r), ['guardian_consent']);
		assert.equal(JSON.stringify(r).includes(yearsBefore(start, 18).slice(0, 4) + '-'), false, 'the birth date never shows');
		// With the guardian's consent signed before the first day it starts.
		r = await w.staffA.client.post(`internships/${r.internship.id}`, placementBody(w, tomorrow18, post, { starts_on: start, guardian_consent_on: day(0) }));
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.internship.status, 'draft', 'an edit makes a refused placement a draft again');
		r = await w.staffA.client.post(`internships/${r.json.internship.id}/start`);
		assert.equal(r.json.started, true);
	});

	it('minors: no hazardous post; under 16 not at all; no ID number, no start', async () => {
		const hazard = await makePost(w.hrA.client, { staff: 1000, hazardous: true });
		const minor = await adult({ born: yearsBefore(day(1), 17) });
		assert.deepEqual(rules(await tryStart(placementBody(w, minor, hazard, { guardian_consent_on: day(0) }))), ['minor_hazard']);
		assert.equal((await tryStart(placementBody(w, await adult(), hazard))).started, true, 'an adult may take it');
		const fifteen = await adult({ born: yearsBefore(day(1), 15) });
		assert.deepEqual(rules(await tryStart(placementBody(w, fifteen, post, { guardian_consent_on: day(0) }))), ['min_age']);
		const noId = await registerStudent(srv, w.collegeA, { name: '无证号', profile: { major_code: '460301', grad_year: 2026, degree: 2 } });
		assert.deepEqual(rules(await tryStart(placementBody(w, noId, post))), ['age_unknown']);
	});

	it('six months: the day before the same date six months on passes; that date needs the plan\'s reason', async () => {
		const start = '2030-08-31';
		const base = { starts_on: start, agreement_signed_on: day(0) };
		assert.equal((await tryStart(placementBody(w, await adult(), post, { ...base, ends_on: '2031-02-27' }))).started, true);
		assert.deepEqual(rules(await tryStart(placementBody(w, await adult(), post, { ...base, ends_on: '2031-02-28' }))), ['duration_6m']);
		assert.equal((await tryStart(placementBody(w, await adult(), post, { ...base, ends_on: '2031-02-28', over_six_reason: '人才培养方案安排岗位实习 7 个月' }))).started, true);
	});

	it('the instructor and the mentor named; one placement at a time per student', async () => {
		const r = await tryStart(placementBody(w, await adult(), post, { instructor_id: undefined, mentor_id: undefined }));
		assert.deepEqual(rules(r), ['instructor', 'mentor']);
		const s = await adult();
		assert.equal((await tryStart(placementBody(w, s, post))).started, true);
		assert.deepEqual(rules(await tryStart(placementBody(w, s, post, { starts_on: day(30), ends_on: day(60) }))), ['student_busy']);
	});

	it('refusals are counted by rule in the figures, each attempt kept', async () => {
		const r = await w.admin.get('coop/stats');
		assert.equal(r.status, 200, `${r}`);
		const by = Object.fromEntries(r.json.internships.refusals_by_rule.map((x) => [x.rule, x]));
		for (const rule of ['tripartite_agreement', 'pay_80pct', 'min_wage', 'min_wage_unknown', 'pay_monthly', 'enterprise_10pct', 'post_20pct', 'major_group', 'night_overtime', 'guardian_consent', 'minor_hazard', 'min_age', 'age_unknown', 'duration_6m', 'instructor', 'mentor', 'student_busy', 'staff_unknown', 'no_fees', 'pay_to_student']) assert.ok(by[rule]?.refusals >= 1, `refusals of ${rule}`);
		assert.equal(by.tripartite_agreement.internships, 2);
		assert.equal(by.pay_80pct.label, '实习报酬');
		assert.ok(r.json.internships.by_status.refused >= 15);
	});

	it('a refused placement is cancelled by the college, not by the enterprise', async () => {
		const r = await tryStart(placementBody(w, await adult(), post, { monthly_pay: 1 }));
		expectError(await w.hrA.client.post(`internships/${r.internship.id}/cancel`), 403, 'forbidden');
		const c = await w.staffA.client.post(`internships/${r.internship.id}/cancel`);
		assert.equal(c.json.internship.status, 'cancelled');
		expectError(await w.staffA.client.post(`internships/${r.internship.id}/start`), 409, 'conflict', 'status');
	});
});
