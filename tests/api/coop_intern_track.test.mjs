// During a placement: the student's weekly log (a Monday, not in the future) that the
// named mentor confirms or returns with a comment, rewriting a returned one, overdue weeks;
// the college's visits; mid and final evaluations by mentor and instructor; incidents with
// their required follow-up; the end and the hire linked to the application; and the access
// matrix — an enterprise never sees another's interns, a college only its students, a
// student their own placement.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, xlsxText } from './harness.mjs';
import { addDays, day, makeCoopWorld, makePlacement, makePost, monday, pdf, placementBody, startCoopServer, student, upload } from './coop_lib.mjs';
import { openPosition } from './recruit_lib.mjs';

let srv;
let w;
let s; // the intern of enterprise A, college A
let mate; // another student of college A
let sB; // a student of college B, intern at enterprise B
let p; // s's placement, started 20 days ago
let pB;

before(async () => {
	srv = await startCoopServer();
	w = await makeCoopWorld(srv);
	for (const hr of [w.hrA, w.hrB]) assert.equal((await hr.client.post('internships/staff', { staff_total: 500 })).status, 200);
	const post = await makePost(w.hrA.client, { staff: 100 });
	const postB = await makePost(w.hrB.client, { staff: 100 });
	s = await student(srv, w.collegeA, { name: '实习生小周' });
	mate = await student(srv, w.collegeA, { name: '同班小吴' });
	sB = await student(srv, w.collegeB, { name: '乙校小郑' });
	const start = async (staff, body) => {
		const x = await makePlacement(staff, body);
		const r = await staff.post(`internships/${x.id}/start`);
		assert.equal(r.json.started, true, `${JSON.stringify(r.json.violations)}`);
		return r.json.internship;
	};
	p = await start(w.staffA.client, placementBody(w, s, post, { starts_on: day(-20), ends_on: day(100), agreement_signed_on: day(-25) }));
	pB = await start(w.staffB.client, placementBody(w, sB, postB, { starts_on: day(-20), ends_on: day(100), agreement_signed_on: day(-25), instructor_id: w.staffB.acct.id, mentor_id: w.mentorB.acct.id }));
});
after(() => srv?.stop());

const logBody = (over = {}) => ({ week_start: monday(day(-20)), done: '跟随师傅完成装配线设备点检，学习 PLC 程序备份。', learned: '掌握了点检表的填写和常见故障的判断。', days_present: 5, ...over });

describe('the access matrix', () => {
	it('a college sees its students\' placements; an enterprise its interns; a student their own', async () => {
		const list = async (c) => (await c.get('internships?page_size=200')).json.items.map((x) => x.id);
		assert.deepEqual(await list(s.client), [p.id]);
		assert.deepEqual(await list(mate.client), []);
		assert.deepEqual(await list(sB.client), [pB.id]);
		assert.ok((await list(w.staffA.client)).includes(p.id) && !(await list(w.staffA.client)).includes(pB.id));
		assert.ok((await list(w.hrA.client)).includes(p.id) && !(await list(w.hrA.client)).includes(pB.id));
		assert.ok((await list(w.hrB.client)).includes(pB.id) && !(await list(w.hrB.client)).includes(p.id));
		assert.ok((await list(w.admin)).includes(p.id) && (await list(w.admin)).includes(pB.id));
		for (const c of [mate.client, sB.client, w.hrB.client, w.staffB.client, w.pendingHr]) expectError(await c.get(`internships/${p.id}`), 404, 'not_found');
		const mine = (await s.client.get(`internships/${p.id}`)).json.internship;
		assert.equal(mine.student, '实习生小周');
		// Exports keep the scope too.
		assert.ok(!xlsxText((await w.hrB.client.get('coop/export?table=internships')).buf).includes('实习生小周'));
		assert.ok(xlsxText((await w.hrA.client.get('coop/export?table=internships')).buf).includes('实习生小周'));
	});

	it('the signed tripartite agreement: uploaded by a party, served to the student and the parties, audited', async () => {
		const doc = pdf();
		expectError(await upload(s.client, `internships/${p.id}/agreement`, doc, 'application/pdf'), 403, 'forbidden');
		const r = await upload(w.staffA.client, `internships/${p.id}/agreement`, doc, 'application/pdf');
		assert.equal(r.status, 200, `${r}`);
		const file = r.json.internship.agreement_file_id;
		for (const c of [s.client, w.hrA.client, w.staffA.client, w.admin]) assert.equal((await c.get(`coop/files/${file}`)).status, 200);
		for (const c of [mate.client, w.hrB.client, w.staffB.client]) expectError(await c.get(`coop/files/${file}`), 404, 'not_found');
	});
});

describe('the weekly log', () => {
	let first;
	it('the student writes a week (a Monday, from the first week to this one)', async () => {
		expectError(await w.staffA.client.post(`internships/${p.id}/logs`, logBody()), 403, 'forbidden');
		expectError(await mate.client.post(`internships/${p.id}/logs`, logBody()), 404, 'not_found');
		expectError(await s.client.post(`internships/${p.id}/logs`, logBody({ week_start: addDays(monday(day(-20)), 1) })), 400, 'invalid', 'week_start');
		expectError(await s.client.post(`internships/${p.id}/logs`, logBody({ week_start: addDays(monday(day(-20)), -7) })), 400, 'invalid', 'week_start');
		expectError(await s.client.post(`internships/${p.id}/logs`, logBody({ week_start: addDays(monday(day(0)), 7) })), 400, 'invalid', 'week_start');
		expectError(await s.client.post(`internships/${p.id}/logs`, logBody({ days_present: 8 })), 400, 'invalid', 'days_present');
		const before = (await s.client.get(`internships/${p.id}`)).json.internship.overdue_logs;
		const r = await s.client.post(`internships/${p.id}/logs`, logBody());
		assert.equal(r.status, 200, `${r}`);
		first = r.json.internship.logs[0];
		assert.equal(first.status, 'submitted');
		assert.equal(r.json.internship.logs_pending, 1);
		assert.equal(r.json.internship.overdue_logs, Math.max(0, before - 1));
		expectError(await s.client.post(`internships/${p.id}/logs`, logBody()), 409, 'conflict', 'week_start');
	});

	it('overdue: every week ended three days ago without a log counts', async () => {
		const x = (await w.staffA.client.get(`internships/${p.id}`)).json.internship;
		let due = 0;
		for (let m = monday(day(-20)); m <= addDays(day(0), -10); m = addDays(m, 7)) due++;
		assert.equal(x.overdue_logs, Math.max(0, due - 1), `weeks due ${due}, one logged`);
	});

	it('only the named mentor reviews; a return needs a comment; a returned week is written again', async () => {
		const url = `internships/${p.id}/logs/review`;
		expectError(await w.hrA.client.post(url, { log_id: first.id, action: 'confirm' }), 403, 'forbidden');
		expectError(await w.mentorB.client.post(url, { log_id: first.id, action: 'confirm' }), 404, 'not_found');
		expectError(await w.mentorA.client.post(url, { log_id: first.id, action: 'return' }), 400, 'invalid', 'comment');
		expectError(await w.mentorA.client.post(url, { log_id: first.id, action: 'approve' }), 400, 'invalid', 'action');
		let r = await w.mentorA.client.post(url, { log_id: first.id, action: 'return', comment: '请写清楚点检的设备编号' });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.internship.logs[0].status, 'returned');
		expectError(await w.mentorA.client.post(url, { log_id: first.id, action: 'confirm' }), 409, 'conflict', 'log_id');
		r = await s.client.post(`internships/${p.id}/logs`, logBody({ done: '完成 3 号线 12 台设备（编号 A301-A312）的点检。' }));
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.internship.logs[0].status, 'submitted');
		r = await w.mentorA.client.post(url, { log_id: first.id, action: 'confirm' });
		assert.equal(r.json.internship.logs[0].status, 'confirmed');
		expectError(await s.client.post(`internships/${p.id}/logs`, logBody()), 409, 'conflict', 'week_start');
		expectError(await w.mentorA.client.post(url, { log_id: 99999999, action: 'confirm' }), 404, 'not_found', 'log_id');
	});
});

describe('visits, evaluations, incidents', () => {
	it('the college records visits (a date since the start, not later than today)', async () => {
		const body = { visited_on: day(-3), mode: 'onsite', notes: '到车间走访，学生适应良好，师傅反馈积极。' };
		expectError(await w.hrA.client.post(`internships/${p.id}/visits`, body), 403, 'forbidden');
		expectError(await w.staffA.client.post(`internships/${p.id}/visits`, { ...body, visited_on: day(1) }), 400, 'invalid', 'visited_on');
		expectError(await w.staffA.client.post(`internships/${p.id}/visits`, { ...body, mode: 'phone' }), 400, 'invalid', 'mode');
		expectError(await w.staffB.client.post(`internships/${p.id}/visits`, body), 404, 'not_found');
		const r = await w.staffA.client.post(`internships/${p.id}/visits`, body);
		assert.equal(r.status, 201, `${r}`);
		assert.equal(r.json.internship.visits[0].mode, 'onsite');
	});

	it('mid and final evaluations: one each by the mentor and the instructor', async () => {
		const url = `internships/${p.id}/evaluations`;
		expectError(await w.hrA.client.post(url, { stage: 'mid', score: 90, comment: '表现良好' }), 403, 'forbidden');
		expectError(await w.staffB.client.post(url, { stage: 'mid', score: 90, comment: '表现良好' }), 404, 'not_found');
		expectError(await w.mentorA.client.post(url, { stage: 'mid', score: 101, comment: '表现良好' }), 400, 'invalid', 'score');
		let r = await w.mentorA.client.post(url, { stage: 'mid', score: 88, comment: '操作规范，学习主动' });
		assert.equal(r.status, 201, `${r}`);
		r = await w.staffA.client.post(url, { stage: 'mid', score: 85, comment: '周志认真，按时提交' });
		assert.equal(r.json.internship.evaluations.length, 2);
		expectError(await w.mentorA.client.post(url, { stage: 'mid', score: 80, comment: '再评一次' }), 409, 'conflict', 'stage');
	});

	it('incidents need a follow-up; either party closes them with a resolution', async () => {
		const body = { kind: 'injury', occurred_on: day(-2), description: '搬运物料时手指轻微擦伤，已包扎。', followup: '车间加强劳保手套发放检查', followup_due: day(5) };
		expectError(await s.client.post(`internships/${p.id}/incidents`, { ...body, followup: undefined }), 400, 'missing', 'followup');
		expectError(await s.client.post(`internships/${p.id}/incidents`, { ...body, kind: 'fire' }), 400, 'invalid', 'kind');
		expectError(await s.client.post(`internships/${p.id}/incidents`, { ...body, followup_due: day(-5) }), 400, 'invalid', 'followup_due');
		expectError(await mate.client.post(`internships/${p.id}/incidents`, body), 404, 'not_found');
		let r = await s.client.post(`internships/${p.id}/incidents`, body);
		assert.equal(r.status, 201, `${r}`);
		const x = r.json.internship.incidents[0];
		assert.equal(x.status, 'open');
		assert.equal(r.json.internship.incidents_open, 1);
		expectError(await s.client.post(`internships/${p.id}/incidents/close`, { incident_id: x.id, resolution: '已处理完毕' }), 403, 'forbidden');
		r = await w.hrA.client.post(`internships/${p.id}/incidents/close`, { incident_id: x.id, resolution: '已发放新手套并培训' });
		assert.equal(r.json.internship.incidents[0].status, 'closed');
		expectError(await w.staffA.client.post(`internships/${p.id}/incidents/close`, { incident_id: x.id, resolution: '再次办结' }), 409, 'conflict', 'incident_id');
	});
});

describe('the end', () => {
	it('ends hired: the student\'s accepted offer at the enterprise is linked', async () => {
		const pos = await openPosition(w.hrA.client, { title: '实习转正岗位', headcount: 1 });
		const a = (await s.client.post(`positions/${pos.id}/apply`)).json.application;
		await w.hrA.client.post(`applications/${a.id}/status`, { status: 'offered' });
		await s.client.post(`applications/${a.id}/accept`);
		expectError(await w.hrA.client.post(`internships/${p.id}/end`, { reason: 'completed' }), 400, 'missing', 'hired');
		expectError(await w.hrA.client.post(`internships/${p.id}/end`, { reason: 'completed', hired: null }), 400, 'missing', 'hired');
		expectError(await w.hrA.client.post(`internships/${p.id}/end`, { reason: 'bored', hired: true }), 400, 'invalid', 'reason');
		expectError(await w.hrA.client.post(`internships/${p.id}/end`, { ended_on: day(1), reason: 'completed', hired: true }), 400, 'invalid', 'ended_on');
		expectError(await s.client.post(`internships/${p.id}/end`, { reason: 'completed', hired: true }), 403, 'forbidden');
		const r = await w.hrA.client.post(`internships/${p.id}/end`, { reason: 'completed', hired: true });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.internship.status, 'ended');
		assert.equal(r.json.internship.hired, 1);
		assert.equal(r.json.internship.application_id, a.id);
		assert.equal(r.json.internship.ended_on, day(0));
		expectError(await w.hrA.client.post(`internships/${p.id}/end`, { reason: 'completed', hired: true }), 409, 'conflict', 'status');
		// The final evaluation is still possible once ended; the mid one is not.
		assert.equal((await w.mentorA.client.post(`internships/${p.id}/evaluations`, { stage: 'final', score: 92, comment: '可以独立上岗' })).status, 201);
	});

	it('ends early without a hire; the funnel counts placements and hires per pair', async () => {
		const r = await w.staffB.client.post(`internships/${pB.id}/end`, { reason: 'early', hired: false });
		assert.equal(r.json.internship.hired, 0);
		assert.equal(r.json.internship.application_id, null);
		const f = await w.admin.get('coop/funnel?by=pair');
		const row = f.json.items.find((x) => x.enterprise_id === w.entA.id && x.college_id === w.collegeA.id);
		assert.equal(row.placements, 1);
		assert.equal(row.hires, 1);
		assert.equal(row.offers, 1);
	});
});
