// Fault injection over the incubator's writes (src/domain/incubator*.c): each request below is
// sent with its 1st, 2nd, ... database operation failing (tests/api/faults_lib.mjs), and every
// attempt whose fault fired must answer 500 with the JSON error shape and leave the whole
// database as it was; the unfaulted attempt then does what the request asks.  Audit rows are
// part of each write's transaction and the answer is read before the commit, so no fault can
// land a change and still answer 500 (the plan's file is written before the transaction and
// named by its content, so a retry finds it there).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { faultEveryStep } from './faults_lib.mjs';
import { makeEnterprise } from './harness.mjs';
import { at, lastMonth, makeWorld, must, mustGet, roomBody, startIncubatorServer } from './incubator_lib.mjs';

let srv, w, admin;

before(async () => {
	srv = await startIncubatorServer({ env: { SKYWAY_TEST_FAULTS: '1' } });
	w = await makeWorld(srv, { second: true });
	admin = w.admin;
});
after(async () => {
	await srv?.stop();
});

/** faultEveryStep, expecting `status` from the unfaulted attempt; its JSON. */
async function faults(what, status, send) {
	const { r } = await faultEveryStep(srv, what, send);
	assert.equal(r.status, status, `${what} unfaulted: ${r}`);
	return r.json;
}
const post = (client, p, body) => (headers) => client.post(p, body, { headers });

describe('every incubator write, faulted at each of its operations', () => {
	it('places: site, zone, room, seat, assignment and its release', async () => {
		const site = (await faults('site', 201, post(admin, 'incubator/sites', { kind: 'campus', name: '故障基地', college_id: w.collegeB.id, area_m2: 200 }))).site;
		const zone = (await faults('zone', 201, post(admin, 'incubator/zones', { site_id: site.id, name: '众创空间', area_m2: 150 }))).zone;
		await faults('room', 201, post(admin, 'incubator/rooms', roomBody(zone, { name: '故障会议室' })));
		await faults('room edit', 200, post(admin, `incubator/rooms/${w.room.id}`, roomBody(w.zone, { name: '路演厅', kind: 'roadshow', capacity: 80 })));
		const seat = (await faults('seat', 201, post(admin, 'incubator/seats', { zone_id: zone.id, kind: 'desk', label: 'F-01', area_m2: 6, x: 1, y: 1, w: 2, h: 2 }))).seat;
		const a = (await faults('assign', 201, post(admin, `incubator/seats/${seat.id}/assign`, { project_id: w.Q.id }))).assignment;
		await faults('release', 200, post(admin, `incubator/assignments/${a.id}/release`));
	});

	it('bookings: book, hold and confirm, series, cancel', async () => {
		const b = (await faults('book', 201, post(w.sA1.client, 'incubator/bookings', { room_id: w.room.id, title: '故障预约', start: at(3, 9), end: at(3, 10) }))).booking;
		const h = (await faults('hold', 201, post(w.sB.client, 'incubator/bookings', { room_id: w.room.id, title: '锁定', start: at(3, 11), end: at(3, 12), hold: true }))).booking;
		await faults('confirm', 200, post(w.sB.client, `incubator/bookings/${h.id}/confirm`, {}));
		await faults('series', 201, post(w.mentor.client, 'incubator/bookings/series', { room_id: w.room.id, title: '周会', start: at(4, 9), end: at(4, 10), until: at(12, 0) }));
		await faults('cancel', 200, post(w.sA2.client, `incubator/bookings/${b.id}/cancel`));
	});

	it('projects: apply, review, members, plan, mentors, milestone, report, hire, services, leave', async () => {
		const applied = (await faults('apply', 201, post(w.sB.client, 'incubator/projects', { name: '故障项目', source: 'company', company_name: '故障科技有限公司' }))).project;
		await faults('review', 200, post(admin, `incubator/projects/${applied.id}/review`, { decision: 'approve', agreement_start: at(-70, 0), agreement_end: at(300, 0) }));
		await faults('member add', 201, post(w.sB.client, `incubator/projects/${applied.id}/members`, { login: w.sA2.login, name: w.sA2.name }));
		await faults('member remove', 200, post(w.sB.client, `incubator/projects/${applied.id}/members/remove`, { account_id: w.sA2.account.id }));
		const pdf = Buffer.from('%PDF-1.4\n故障注入的商业计划书\n%%EOF\n');
		await faults('plan', 200, (headers) => w.sB.client.request('POST', `incubator/projects/${applied.id}/plan`, { body: pdf, contentType: 'application/pdf', headers }));
		await faults('mentor', 200, post(admin, `incubator/projects/${applied.id}/mentors`, { mentor_id: w.mentor.acct.id }));
		await faults('milestone', 201, post(w.sB.client, `incubator/projects/${applied.id}/milestones`, { title: '完成样机', due: at(30, 0) }));
		const report = (await faults('report', 201, post(w.sB.client, `incubator/projects/${applied.id}/reports`, { month: lastMonth(), revenue: 1000, staff: 2, staff_students: 1, staff_graduates: 1, financing: 0, patents: 0, software_copyrights: 0, need_hiring: [{ title: '测试工程师', headcount: 1 }] }))).report;
		const ent = await makeEnterprise(admin);
		await faults('update', 200, post(admin, `incubator/projects/${applied.id}`, { name: '故障项目', enterprise_id: ent.id }));
		w.hire = { report, client: w.sB.client };
		const s = (await faults('service', 201, post(w.sB.client, `incubator/projects/${applied.id}/services`, { kind: 'training', title: '财务培训' }))).service;
		await faults('service assign', 200, post(admin, `incubator/services/${s.id}/assign`, { assignee_id: w.mentor.acct.id }));
		await faults('service done', 200, post(w.mentor.client, `incubator/services/${s.id}/done`, { result: '已完成培训' }));
		await faults('service rate', 200, post(w.sB.client, `incubator/services/${s.id}/rate`, { rating: 5 }));
		const sess = (await faults('session', 201, post(w.sB.client, 'incubator/sessions', { project_id: applied.id, mentor_id: w.mentor.acct.id, room_id: w.room.id, start: at(5, 9), end: at(5, 10), topic: '融资辅导' }))).session;
		await faults('session log', 200, post(w.mentor.client, `incubator/sessions/${sess.id}/log`, { status: 'done', outcome: '已梳理融资计划' }));
		await faults('session rate', 200, post(w.sB.client, `incubator/sessions/${sess.id}/rate`, { rating: 4 }));
		await faults('leave', 200, post(admin, `incubator/projects/${applied.id}/leave`, { kind: 'exited', reason: '团队解散' }));
	});

	// position_insert (src/domain/position.c, the recruitment side's writer that a hiring need
	// reuses) reads the search text's parts without checking the reads: a fault there is
	// swallowed and the position written without them.  Reported with #17's domain services.
	it('a hiring need made a position', { todo: 'position_insert swallows a failed read of its search text (#17 domain services)' }, async () => {
		await faults('hire', 201, post(w.hire.client, `incubator/reports/${w.hire.report.id}/hire`, { need_index: 0 }));
	});

	it('activities: organise in a room, edit, register, wait, unregister, check in, feedback, status; settings', async () => {
		const iso = (t) => new Date(t * 1000 + 8 * 3600000).toISOString().slice(0, 19) + '+08:00';
		const now = Math.floor(Date.now() / 1000);
		const body = { kind: 'talk', title: '故障讲座', organiser: '孵化基地', room_id: w.room.id, start: at(6, 14), end: at(6, 16), capacity: 1 };
		const a = (await faults('activity', 201, post(admin, 'incubator/activities', body))).activity;
		await faults('activity edit', 200, post(admin, `incubator/activities/${a.id}`, { ...body, start: at(6, 16), end: at(6, 18) }));
		await faults('register', 201, post(w.sA1.client, `incubator/activities/${a.id}/register`));
		await faults('wait', 201, post(w.sB.client, `incubator/activities/${a.id}/register`));
		await faults('unregister', 200, post(w.sA1.client, `incubator/activities/${a.id}/unregister`));
		await faults('close', 200, post(admin, `incubator/activities/${a.id}/status`, { to: 'closed' }));
		const soon = (await must(admin, 'incubator/activities', { kind: 'visit', title: '故障参访', organiser: '孵化基地', start: iso(now + 1800), end: iso(now + 5400), capacity: 5 }, 201)).activity;
		await must(w.sA1.client, `incubator/activities/${soon.id}/register`, undefined, 201);
		const pass = (await mustGet(w.sA1.client, `incubator/activities/${soon.id}/pass`)).pass;
		await faults('activity checkin', 200, post(admin, `incubator/activities/${soon.id}/checkin`, { pass: pass.pass }));
		await faults('feedback', 200, post(w.sA1.client, `incubator/activities/${soon.id}/feedback`, { rating: 5 }));
		const s = (await mustGet(admin, 'incubator/settings')).settings;
		await faults('settings', 200, post(admin, 'incubator/settings', { report_due_day: 12, remind_days: s.remind_days, mentor_per_projects: s.mentor_per_projects, grad_rule: 'all', grad_min_revenue: s.grad_min_revenue, grad_min_financing: s.grad_min_financing, grad_min_months: s.grad_min_months, plan_max_bytes: s.plan_max_bytes, targets: { desks: 40 } }));
	});
});
