// Fault injection over the writes of the cooperation and internship area (src/domain/coop*.c,
// intern*.c): each request below is sent with its 1st, 2nd, ... database operation failing
// (tests/api/faults_lib.mjs), and every attempt whose fault fired must answer 500 with the
// JSON error shape and leave the whole database as it was; the unfaulted attempt then does
// what the request asks.  Audit rows are written inside each write's transaction and the rows
// of the answer are read before its commit, so no fault lands a change and answers 500.  An
// upload's bytes are written to the files folder before its row: a fault after that leaves an
// unreferenced file (content-addressed, harmless), never a row without its file.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, day, makeCoopWorld, makePost, nowSec, pdf, placementBody, png, startCoopServer, student } from './coop_lib.mjs';
import { faultEveryStep } from './faults_lib.mjs';

let srv;
let w;

before(async () => {
	srv = await startCoopServer({ env: { SKYWAY_TEST_FAULTS: '1' } });
	w = await makeCoopWorld(srv);
});
after(() => srv?.stop());

async function faults(what, status, send) {
	const { r } = await faultEveryStep(srv, what, send);
	assert.equal(r.status, status, `${what} unfaulted: ${r}`);
	return r.json;
}

describe('cooperation writes, each faulted at every operation', () => {
	it('a listing, a visit with its minutes, follow-up and photo', async () => {
		await faults('listing', 201, (headers) => w.hrA.client.post('coop/listings', { kind: 'talent', title: '招聘机电技术员', majors: ['460301'], quantity: 5 }, { headers }));
		const v = (await faults('visit', 201, (headers) => w.hrA.client.post('coop/visits', { direction: 'to_college', enterprise_id: w.entA.id, college_id: w.collegeA.id, title: '企业进校园', starts_at: nowSec() - 3600, ends_at: nowSec() + 3600, people: [{ side: 'college', name: '李老师' }] }, { headers }))).visit;
		await faults('register', 200, (headers) => w.staffA.client.post(`coop/visits/${v.id}/register`, undefined, { headers }));
		await faults('minutes', 200, (headers) => w.staffA.client.post(`coop/visits/${v.id}/minutes`, { minutes: '双方商定共建实训基地。' }, { headers }));
		await faults('followup', 201, (headers) => w.staffA.client.post(`coop/visits/${v.id}/followups`, { title: '提交方案', owner_org_id: w.entA.id, owner_name: '王经理', due_on: day(7) }, { headers }));
		const img = png();
		await faults('photo', 201, (headers) => w.hrA.client.request('POST', `coop/visits/${v.id}/photos`, { body: img, contentType: 'image/png', headers }));
	});

	it('a meeting planned by the scheduler', async () => {
		const m = (await w.admin.post('coop/meetings', { name: '供需对接会', venue: '人才中心', starts_at: nowSec() + 86400, ends_at: nowSec() + 90000 })).json.meeting;
		await w.admin.post(`coop/meetings/${m.id}/status`, { to: 'open' });
		await faults('join', 200, (headers) => w.hrA.client.post(`coop/meetings/${m.id}/join`, { tables: 2 }, { headers }));
		await w.staffA.client.post(`coop/meetings/${m.id}/join`);
		await faults('wishes', 200, (headers) => w.hrA.client.post(`coop/meetings/${m.id}/wishes`, { wishes: [{ org_id: w.collegeA.id, priority: 1 }] }, { headers }));
		const s = await faults('schedule', 200, (headers) => w.admin.post(`coop/meetings/${m.id}/schedule`, undefined, { headers }));
		assert.equal(s.placed, 1);
	});

	it('an agreement: draft, scan, sign, milestone; an order class finished', async () => {
		const a = (await faults('agreement', 201, (headers) => w.staffA.client.post('coop/agreements', { kind: 'order_class', title: '订单班协议', enterprise_id: w.entA.id, college_id: w.collegeA.id, starts_on: day(-5), ends_on: day(365) }, { headers }))).agreement;
		const doc = pdf();
		await faults('scan', 200, (headers) => w.staffA.client.request('POST', `coop/agreements/${a.id}/scan`, { body: doc, contentType: 'application/pdf', headers }));
		const s = await faults('sign', 200, (headers) => w.hrA.client.post(`coop/agreements/${a.id}/sign`, { signed_on: day(-5) }, { headers }));
		assert.equal(s.agreement.state, 'active');
		await faults('milestone', 201, (headers) => w.hrA.client.post(`coop/agreements/${a.id}/milestones`, { title: '设备到位', due_on: day(30), owner_org_id: w.entA.id }, { headers }));
		const k = (await faults('class', 201, (headers) => w.staffA.client.post('coop/order-classes', { name: '订单班', major_code: '4603', enterprise_id: w.entA.id, college_id: w.collegeA.id, agreement_id: a.id, cohort: 2026, size: 5 }, { headers }))).order_class;
		const s1 = await student(srv, w.collegeA);
		await faults('class students', 200, (headers) => w.staffA.client.post(`coop/order-classes/${k.id}/students`, { student_ids: [s1.id] }, { headers }));
		await w.staffA.client.post(`coop/order-classes/${k.id}/status`, { to: 'running' });
		const f = await faults('class finish', 200, (headers) => w.staffA.client.post(`coop/order-classes/${k.id}/status`, { to: 'finished' }, { headers }));
		assert.equal(f.order_class.student_list[0].outcome, 'not_hired');
	});
});

describe('internship writes, each faulted at every operation', () => {
	it('staff, post, placement, a refused and a passed start, log, review, end', async () => {
		await faults('staff', 200, (headers) => w.hrA.client.post('internships/staff', { staff_total: 300 }, { headers }));
		const post = (await faults('post', 201, (headers) => w.hrA.client.post('internships/posts', { title: '装配技术员', city_code: '441800', staff: 50, probation_wage: 5000, majors: ['4603'] }, { headers }))).post;
		assert.ok(post.id);
		const refused = await student(srv, w.collegeA);
		const p1 = (await faults('placement', 201, (headers) => w.staffA.client.post('internships', placementBody(w, refused, post, { monthly_pay: 1000 }), { headers }))).internship;
		const r1 = await faults('refused start', 200, (headers) => w.staffA.client.post(`internships/${p1.id}/start`, undefined, { headers }));
		assert.equal(r1.started, false);
		const s = await student(srv, w.collegeA);
		const p2 = (await w.staffA.client.post('internships', placementBody(w, s, await makePost(w.hrA.client, { staff: 50 }), { starts_on: day(-14), ends_on: addDays(day(-14), 100), agreement_signed_on: day(-20) }))).json.internship;
		const r2 = await faults('start', 200, (headers) => w.staffA.client.post(`internships/${p2.id}/start`, undefined, { headers }));
		assert.equal(r2.started, true, JSON.stringify(r2.violations));
		const week = r2.internship.starts_on;
		const monday = addDays(week, -((new Date(`${week}T00:00:00Z`).getUTCDay() + 6) % 7));
		const l = await faults('log', 200, (headers) => s.client.post(`internships/${p2.id}/logs`, { week_start: monday, done: '完成设备点检与记录。', learned: '学会了点检要点。', days_present: 5 }, { headers }));
		await faults('review', 200, (headers) => w.mentorA.client.post(`internships/${p2.id}/logs/review`, { log_id: l.internship.logs[0].id, action: 'confirm' }, { headers }));
		await faults('incident', 201, (headers) => s.client.post(`internships/${p2.id}/incidents`, { kind: 'other', occurred_on: day(-1), description: '请假一天，已补办手续。', followup: '指导教师跟进', followup_due: day(3) }, { headers }));
		const e = await faults('end', 200, (headers) => w.hrA.client.post(`internships/${p2.id}/end`, { reason: 'completed', hired: false }, { headers }));
		assert.equal(e.internship.status, 'ended');
		const doc = pdf();
		const scan = await faults('agreement scan', 200, (headers) => w.staffA.client.request('POST', `internships/${p2.id}/agreement`, { body: doc, contentType: 'application/pdf', headers }));
		assert.deepEqual((await w.staffA.client.get(`coop/files/${scan.internship.agreement_file_id}`)).buf, doc);
	});
});
