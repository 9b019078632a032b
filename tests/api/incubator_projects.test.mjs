// Resident projects (issue 11): application and review, members, the business plan file,
// seats one project at a time, monthly reports (late flags, reminders, corrections), a
// hiring need made a draft position, graduation criteria and exit, mentors and their
// sessions, services.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, makeEnterprise } from './harness.mjs';
import { at, dbRows, lastMonth, makeWorld, must, mustGet, residentProject, roomBody, startIncubatorServer, thisMonth } from './incubator_lib.mjs';
import { registerStudent } from './recruit_lib.mjs';

let srv, w, admin;

before(async () => {
	srv = await startIncubatorServer();
	w = await makeWorld(srv, { second: true });
	admin = w.admin;
});
after(async () => {
	await srv?.stop();
});

const report = (month, over = {}) => ({
	month,
	revenue: 120000,
	staff: 6,
	staff_students: 3,
	staff_graduates: 2,
	financing: 0,
	patents: 1,
	software_copyrights: 0,
	...over,
});

describe('application and review', () => {
	it('an application is checked by its source; only students apply', async () => {
		const c = w.sB.client;
		expectError(await c.post('incubator/projects', { name: '新材料', source: 'prize' }), 400, 'invalid', 'prize_ref');
		expectError(await c.post('incubator/projects', { name: '新材料', source: 'company' }), 400, 'invalid', 'company_name');
		expectError(await c.post('incubator/projects', { name: '新材料', source: 'company', company_name: '清远新材科技有限公司', credit_code: '91441800MA4UXXXXX1' }), 400, 'invalid', 'credit_code');
		expectError(await c.post('incubator/projects', { name: '新材料', source: 'shop' }), 400, 'invalid', 'source');
		expectError(await c.post('incubator/projects', { name: '新材料', source: 'team', mentor_wishes: [999999] }), 400, 'invalid', 'mentor_wishes');
		expectError(await c.post('incubator/projects', { name: '新材料', source: 'team', site_id: 999999 }), 400, 'invalid', 'site_id');
		expectError(await w.mentor.client.post('incubator/projects', { name: '导师项目', source: 'team' }), 403, 'forbidden');
		// A prize reference is kept as given (the competition hook).
		const p = (await must(c, 'incubator/projects', { name: '大赛一等奖项目', source: 'prize', prize_ref: 42, mentor_wishes: [w.mentor.acct.id] }, 201)).project;
		assert.equal(p.prize_ref, 42);
		assert.deepEqual(p.mentor_wishes, [w.mentor.acct.id]);
		assert.equal(p.source_label, '大赛获奖');
		assert.equal(p.college_id, w.collegeB.id);
		assert.equal(p.member_list.length, 1);
		assert.equal(p.member_list[0].role, 'leader');
		w.prizeProject = p;
	});

	it('review: a rejection needs a reason, an approval its agreement; only from applied', async () => {
		const id = w.prizeProject.id;
		expectError(await admin.post(`incubator/projects/${id}/review`, { decision: 'reject' }), 400, 'invalid', 'reason');
		expectError(await admin.post(`incubator/projects/${id}/review`, { decision: 'approve' }), 400, 'invalid', 'agreement_start');
		expectError(await admin.post(`incubator/projects/${id}/review`, { decision: 'approve', agreement_start: at(10, 0), agreement_end: at(5, 0) }), 400, 'invalid', 'agreement_end');
		expectError(await w.sB.client.post(`incubator/projects/${id}/review`, { decision: 'reject', reason: '自己审核' }), 403, 'forbidden');
		const r = (await must(admin, `incubator/projects/${id}/review`, { decision: 'reject', reason: '商业模式尚不清晰，建议参加训练营后再申请' })).project;
		assert.equal(r.status, 'rejected');
		assert.equal(r.review_reason, '商业模式尚不清晰，建议参加训练营后再申请');
		assert.deepEqual(r.history.map((h) => h.to_status), ['applied', 'rejected']);
		expectError(await admin.post(`incubator/projects/${id}/review`, { decision: 'approve', agreement_start: at(0, 0), agreement_end: at(300, 0) }), 422, 'rule', 'status');
		// Withdrawing: the applicant, while applied.
		const p2 = (await must(w.sB.client, 'incubator/projects', { name: '二次申请', source: 'team' }, 201)).project;
		expectError(await admin.post(`incubator/projects/${p2.id}/withdraw`), 403, 'forbidden');
		assert.equal((await must(w.sB.client, `incubator/projects/${p2.id}/withdraw`)).project.status, 'withdrawn');
		expectError(await w.sB.client.post(`incubator/projects/${p2.id}/withdraw`), 422, 'rule', 'status');
	});

	it('members: the leader adds by login and name; mismatches are one 404; the leader stays', async () => {
		const P = w.P.id;
		const extra = await registerStudent(srv, w.collegeB, { name: '陈晨' });
		expectError(await w.sA1.client.post(`incubator/projects/${P}/members`, { login: extra.login, name: '别人' }), 404, 'not_found', 'login');
		expectError(await w.sA1.client.post(`incubator/projects/${P}/members`, { login: 'nobody-here', name: '陈晨' }), 404, 'not_found', 'login');
		expectError(await w.sA2.client.post(`incubator/projects/${P}/members`, { login: extra.login, name: extra.name }), 403, 'forbidden');
		const p = (await must(w.sA1.client, `incubator/projects/${P}/members`, { login: extra.login, name: extra.name }, 201)).project;
		assert.equal(p.member_list.length, 3);
		expectError(await w.sA1.client.post(`incubator/projects/${P}/members`, { login: extra.login, name: extra.name }), 409, 'conflict', 'login');
		expectError(await w.sA1.client.post(`incubator/projects/${P}/members/remove`, { account_id: w.sA1.account.id }), 422, 'rule');
		// A member leaves by themselves; then the project is no longer theirs.
		const left = await must(extra.client, `incubator/projects/${P}/members/remove`, { account_id: extra.account.id });
		assert.deepEqual(left, { left: true });
		expectError(await extra.client.get(`incubator/projects/${P}`), 404, 'not_found');
	});
});

describe('the business plan', () => {
	const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2048, 0x20), Buffer.from('\n%%EOF\n')]);
	const up = (client, id, body, type = 'application/pdf') => client.request('POST', `incubator/projects/${id}/plan?filename=plan.pdf`, { body, contentType: type });

	it('a PDF kept outside the database by its SHA-256, served to members, mentors and operators only', async () => {
		const P = w.P.id;
		expectError(await up(w.sA1.client, P, Buffer.from('hello')), 400, 'invalid', 'file');
		expectError(await up(w.sA1.client, P, pdf, 'text/plain'), 415, 'unsupported_media_type');
		expectError(await up(w.sB.client, P, pdf), 404, 'not_found');
		const p = (await (async () => {
			const r = await up(w.sA1.client, P, pdf);
			assert.equal(r.status, 200, `${r}`);
			return r.json;
		})()).project;
		assert.equal(p.has_plan, true);
		assert.equal(p.plan_size, pdf.length);
		assert.equal(p.plan_name, 'plan.pdf');
		const sha = dbRows(srv, `SELECT plan_sha256 FROM incubator_projects WHERE id = ${P}`)[0];
		const crypto = await import('node:crypto');
		assert.equal(sha, crypto.createHash('sha256').update(pdf).digest('hex'));
		const fs = await import('node:fs');
		assert.ok(fs.existsSync(`${srv.filesDir}/${sha.slice(0, 2)}/${sha}`));
		const got = await w.sA2.client.get(`incubator/projects/${P}/plan`);
		assert.equal(got.status, 200);
		assert.match(got.header('content-type'), /^application\/pdf/);
		assert.ok(got.buf.equals(pdf));
		expectError(await w.mentor.client.get(`incubator/projects/${P}/plan`), 404, 'not_found');
		expectError(await w.staffA.client.get(`incubator/projects/${P}/plan`), 403, 'forbidden');
		expectError(await w.sB.client.get(`incubator/projects/${P}/plan`), 404, 'not_found');
		assert.equal((await admin.get(`incubator/projects/${P}/plan`)).status, 200);
		const views = dbRows(srv, `SELECT COUNT(*) FROM audit_log WHERE action = 'incubator.plan.view' AND object_id = '${P}'`)[0];
		assert.equal(views, '2');
		// The size limit of the settings.
		const s = (await mustGet(admin, 'incubator/settings')).settings;
		await must(admin, 'incubator/settings', { report_due_day: s.report_due_day, remind_days: s.remind_days, mentor_per_projects: s.mentor_per_projects, grad_rule: s.grad_rule, grad_min_revenue: s.grad_min_revenue, grad_min_financing: s.grad_min_financing, grad_min_months: s.grad_min_months, plan_max_bytes: 1024 });
		expectError(await up(w.sA1.client, P, pdf), 422, 'too_large', 'file');
		await must(admin, 'incubator/settings', { ...s, targets: undefined, updated_at: undefined, plan_max_bytes: 10485760 });
	});
});

describe('seats', () => {
	it('a seat holds one project at a time; release frees it; occupancy counts it', async () => {
		const a = (await must(admin, `incubator/seats/${w.seat.id}/assign`, { project_id: w.P.id }, 201)).assignment;
		assert.equal(a.project_id, w.P.id);
		const e = expectError(await admin.post(`incubator/seats/${w.seat.id}/assign`, { project_id: w.Q.id, start: at(30, 0), end: at(60, 0) }), 409, 'conflict', 'seat_id');
		assert.match(e.message, new RegExp(w.P.name));
		const seats = await mustGet(admin, `incubator/seats?zone_id=${w.zone.id}`);
		const s = seats.items.find((x) => x.id === w.seat.id);
		assert.equal(s.state, 'occupied');
		assert.equal(s.project, w.P.name);
		// Students see the state, not who holds it.
		const pub = (await mustGet(w.sB.client, `incubator/seats?zone_id=${w.zone.id}`)).items.find((x) => x.id === w.seat.id);
		assert.equal(pub.state, 'occupied');
		assert.equal(pub.project, undefined);
		const occ = await mustGet(admin, `incubator/occupancy?site_id=${w.hq.id}`);
		const zoneRow = occ.items.find((x) => x.level === 'zone' && x.zone_id === w.zone.id);
		assert.equal(zoneRow.occupied, 1);
		const plan = (await mustGet(w.sA1.client, `incubator/zones/${w.zone.id}/plan`)).plan;
		assert.ok(plan.rooms.some((r) => r.id === w.room.id && r.state === 'free'));
		assert.ok(plan.seats.some((x) => x.id === w.seat.id && x.state === 'occupied'));
		await must(admin, `incubator/assignments/${a.id}/release`);
		expectError(await admin.post(`incubator/assignments/${a.id}/release`), 422, 'rule');
		assert.equal((await must(admin, `incubator/seats/${w.seat.id}/assign`, { project_id: w.Q.id, start: at(30, 0), end: at(60, 0) }, 201)).assignment.project_id, w.Q.id);
		const later = (await mustGet(admin, `incubator/seats?zone_id=${w.zone.id}`)).items.find((x) => x.id === w.seat.id);
		assert.equal(later.state, 'held');
		// The held seat names its coming assignment, so the operator can release it ahead.
		assert.equal(later.assignment_id, null);
		assert.equal(later.next.project, w.Q.name);
		assert.equal(later.next.start_at, Date.parse(at(30, 0)) / 1000);
		const pubLater = (await mustGet(w.sB.client, `incubator/seats?zone_id=${w.zone.id}`)).items.find((x) => x.id === w.seat.id);
		assert.equal(pubLater.next, undefined);
		const cancelled = (await must(admin, `incubator/assignments/${later.next.assignment_id}/release`)).assignment;
		assert.equal(cancelled.status, 'cancelled');
		const freed = (await mustGet(admin, `incubator/seats?zone_id=${w.zone.id}`)).items.find((x) => x.id === w.seat.id);
		assert.equal(freed.state, 'free');
		assert.equal(freed.next, undefined);
	});
});

describe('monthly reports', () => {
	it('filed by a member for an ended month of the agreement; corrected before the due day', async () => {
		const P = w.P.id;
		expectError(await w.sA1.client.post(`incubator/projects/${P}/reports`, report(thisMonth())), 422, 'rule', 'month');
		expectError(await w.sA1.client.post(`incubator/projects/${P}/reports`, report(lastMonth(3))), 422, 'rule', 'month');
		expectError(await w.sA1.client.post(`incubator/projects/${P}/reports`, report(lastMonth(), { staff_students: 5 })), 400, 'invalid', 'staff_students');
		expectError(await w.sA1.client.post(`incubator/projects/${P}/reports`, report(202613)), 400, 'invalid', 'month');
		expectError(await w.mentor.client.post(`incubator/projects/${P}/reports`, report(lastMonth())), 403, 'forbidden');
		expectError(await w.sB.client.post(`incubator/projects/${P}/reports`, report(lastMonth())), 404, 'not_found');
	});

	it('a project whose agreement began months ago: late reports flagged, overdue months reminded', async () => {
		const stu = await registerStudent(srv, w.collegeA, { name: '周航' });
		const applied = (await must(stu.client, 'incubator/projects', { name: '乡村电商助农', source: 'company', company_name: '清远助农电商有限公司' }, 201)).project;
		const R = (await must(admin, `incubator/projects/${applied.id}/review`, { decision: 'approve', agreement_start: at(-100, 0), agreement_end: at(265, 0), site_id: w.base.id })).project;
		w.R = { ...R, stu };
		const rem = await mustGet(stu.client, 'incubator/reminders');
		const overdue = rem.items.filter((x) => x.project_id === R.id && x.state === 'overdue').map((x) => x.month);
		assert.ok(overdue.includes(lastMonth(2)), JSON.stringify(rem.items));
		const old = (await must(stu.client, `incubator/projects/${R.id}/reports`, report(lastMonth(2), { need_hiring: [{ title: '电商运营专员', headcount: 2, kind: '全职' }] }), 201)).report;
		assert.equal(old.late, true);
		assert.ok(!(await mustGet(stu.client, 'incubator/reminders')).items.some((x) => x.project_id === R.id && x.month === lastMonth(2)));
		// Past its due day a report is closed to members.
		expectError(await stu.client.post(`incubator/projects/${R.id}/reports`, report(lastMonth(2), { revenue: 1 })), 422, 'closed', 'month');
		assert.equal((await admin.post(`incubator/projects/${R.id}/reports`, report(lastMonth(2), { revenue: 130000, need_hiring: old.need_hiring }))).status, 200);
		// Another project sees none of it.
		const other = await mustGet(w.sB.client, `incubator/reports?project_id=${R.id}`);
		assert.equal(other.total, 0);
		expectError(await w.sB.client.get(`incubator/reports/${old.id}`), 404, 'not_found');
		const lateList = await mustGet(admin, 'incubator/reports?status=late');
		assert.ok(lateList.items.some((x) => x.id === old.id));
		w.R.report = old;
	});

	it('a hiring need becomes a draft position of the project\'s enterprise, once', async () => {
		const R = w.R;
		expectError(await R.stu.client.post(`incubator/reports/${R.report.id}/hire`, { need_index: 0 }), 422, 'no_enterprise', 'project_id');
		const ent = await makeEnterprise(admin, { name: '清远助农电商有限公司' });
		// What the application fixed cannot be edited: refused by name, not ignored.
		expectError(await admin.post(`incubator/projects/${R.id}`, { name: R.name, source: 'team' }), 400, 'unknown_field', 'source');
		expectError(await admin.post(`incubator/projects/${R.id}`, { name: R.name, prize_ref: 1 }), 400, 'unknown_field', 'prize_ref');
		await must(admin, `incubator/projects/${R.id}`, { name: R.name, enterprise_id: ent.id });
		expectError(await R.stu.client.post(`incubator/reports/${R.report.id}/hire`, { need_index: 3 }), 404, 'not_found', 'need_index');
		const h = await must(R.stu.client, `incubator/reports/${R.report.id}/hire`, { need_index: 0 }, 201);
		assert.equal(h.position.status, 'draft');
		assert.equal(h.position.title, '电商运营专员');
		assert.equal(h.position.headcount, 2);
		assert.equal(h.position.enterprise_id, ent.id);
		assert.deepEqual(dbRows(srv, `SELECT status, enterprise_id FROM positions WHERE id = ${h.position_id}`), [`draft|${ent.id}`]);
		const again = expectError(await R.stu.client.post(`incubator/reports/${R.report.id}/hire`, { need_index: 0 }), 409, 'already', 'need_index');
		assert.match(again.message, new RegExp(String(h.position_id)));
		assert.deepEqual(dbRows(srv, `SELECT COUNT(*) FROM positions WHERE enterprise_id = ${ent.id}`), ['1']);
	});
});

describe('graduation and exit', () => {
	it('graduation needs the criteria (or an override with a reason); leaving frees seats and future bookings', async () => {
		const R = w.R;
		const g = (await mustGet(R.stu.client, `incubator/projects/${R.id}/graduation`)).graduation;
		assert.equal(g.eligible, false);
		assert.deepEqual(g.unmet.sort(), ['financing', 'months', 'revenue']);
		expectError(await admin.post(`incubator/projects/${R.id}/leave`, { kind: 'graduated' }), 422, 'criteria', 'kind');
		expectError(await admin.post(`incubator/projects/${R.id}/leave`, { kind: 'graduated', override: true }), 400, 'invalid', 'reason');
		expectError(await admin.post(`incubator/projects/${R.id}/leave`, { kind: 'exited' }), 400, 'invalid', 'reason');
		const seat = (await must(admin, 'incubator/seats', { zone_id: w.zone.id, kind: 'office', label: '办公室-R', area_m2: 20, x: 30, y: 30, w: 4, h: 4 }, 201)).seat;
		await must(admin, `incubator/seats/${seat.id}/assign`, { project_id: R.id }, 201);
		const b = (await must(R.stu.client, 'incubator/bookings', { room_id: w.room.id, title: '毕业答辩', start: at(5, 16), end: at(5, 17) }, 201)).booking;
		const done = (await must(admin, `incubator/projects/${R.id}/leave`, { kind: 'graduated', override: true, reason: '已获得天使轮融资并迁入园区办公' })).project;
		assert.equal(done.status, 'graduated');
		assert.equal(done.seats.length, 0);
		assert.equal((await mustGet(admin, `incubator/bookings/${b.id}`)).booking.status, 'cancelled');
		assert.equal((await mustGet(admin, `incubator/seats?zone_id=${w.zone.id}`)).items.find((x) => x.id === seat.id).state, 'free');
		expectError(await R.stu.client.post('incubator/bookings', { room_id: w.room.id, title: '再订', start: at(5, 18), end: at(5, 19) }), 403, 'not_resident');
		expectError(await admin.post(`incubator/projects/${R.id}/leave`, { kind: 'exited', reason: '重复' }), 422, 'rule', 'status');
	});
});

describe('mentors, sessions, services', () => {
	it('the operator assigns a mentor; sessions are booked, logged, rated once', async () => {
		const P = w.P.id;
		expectError(await w.mentor.client.get(`incubator/projects/${P}`), 404, 'not_found');
		const m = (await must(admin, `incubator/projects/${P}/mentors`, { mentor_id: w.mentor.acct.id })).mentors;
		assert.equal(m.length, 1);
		expectError(await admin.post(`incubator/projects/${P}/mentors`, { mentor_id: w.mentor.acct.id }), 409, 'conflict');
		expectError(await admin.post(`incubator/projects/${P}/mentors`, { mentor_id: w.sA1.account.id }), 400, 'invalid', 'mentor_id');
		assert.equal((await mustGet(w.mentor.client, `incubator/projects/${P}`)).project.my_view, 'mentor');
		// A member books a session in a room: the room's rules and conflicts apply.
		const room = (await must(admin, 'incubator/rooms', roomBody(w.zone, { name: '导师工作室', kind: 'studio', x: 10, y: 20 }), 201)).room;
		await must(admin, 'incubator/bookings', { room_id: room.id, title: '占用', start: at(4, 10), end: at(4, 11) }, 201);
		const clash = await w.sA1.client.post('incubator/sessions', { project_id: P, mentor_id: w.mentor.acct.id, room_id: room.id, start: at(4, 10), end: at(4, 11), topic: '融资路演辅导' });
		assert.ok(expectError(clash, 409, 'conflict').conflict.id);
		expectError(await w.sA1.client.post('incubator/sessions', { project_id: P, mentor_id: w.sB.account.id, start: at(4, 14), end: at(4, 15), topic: '辅导' }), 400, 'invalid', 'mentor_id');
		const s = (await must(w.sA1.client, 'incubator/sessions', { project_id: P, mentor_id: w.mentor.acct.id, room_id: room.id, start: at(4, 14), end: at(4, 15), topic: '融资路演辅导' }, 201)).session;
		assert.equal(s.room, '导师工作室');
		expectError(await w.sA1.client.post(`incubator/sessions/${s.id}/rate`, { rating: 5 }), 422, 'rule', 'rating');
		expectError(await w.sA1.client.post(`incubator/sessions/${s.id}/log`, { status: 'done', outcome: '自评' }), 403, 'forbidden');
		expectError(await w.mentor.client.post(`incubator/sessions/${s.id}/log`, { status: 'done' }), 400, 'invalid', 'outcome');
		const logged = (await must(w.mentor.client, `incubator/sessions/${s.id}/log`, { status: 'done', outcome: '梳理了融资计划书，明确估值区间' })).session;
		assert.equal(logged.status, 'done');
		expectError(await w.sB.client.post(`incubator/sessions/${s.id}/rate`, { rating: 1 }), 404, 'not_found');
		assert.equal((await must(w.sA2.client, `incubator/sessions/${s.id}/rate`, { rating: 5, comment: '很有帮助' })).session.rating, 5);
		expectError(await w.sA1.client.post(`incubator/sessions/${s.id}/rate`, { rating: 4 }), 409, 'conflict');
		const mentors = await mustGet(admin, 'incubator/mentors');
		const me = mentors.items.find((x) => x.mentor_id === w.mentor.acct.id);
		assert.equal(me.sessions_done, 1);
		assert.equal(me.rating, 5);
		assert.equal((await mustGet(w.mentor.client, 'incubator/sessions')).total, 1);
		assert.equal((await mustGet(w.sB.client, 'incubator/sessions')).total, 0);
	});

	it('a service is requested, assigned, done and rated; others never see it', async () => {
		const P = w.P.id;
		expectError(await w.sA1.client.post(`incubator/projects/${P}/services`, { kind: 'money', title: '融资' }), 400, 'invalid', 'kind');
		const s = (await must(w.sA1.client, `incubator/projects/${P}/services`, { kind: 'capital', title: '对接天使投资人', detail: '计划融资 200 万元' }, 201)).service;
		assert.equal(s.status, 'requested');
		assert.equal(s.kind_label, '资本对接');
		expectError(await w.mentor.client.post(`incubator/services/${s.id}/done`, { result: '抢先办结' }), 403, 'forbidden');
		expectError(await admin.post(`incubator/services/${s.id}/assign`, { assignee_id: w.sA1.account.id }), 400, 'invalid', 'assignee_id');
		expectError(await admin.post(`incubator/services/${s.id}/done`, { result: '未指派' }), 422, 'rule', 'status');
		await must(admin, `incubator/services/${s.id}/assign`, { assignee_id: w.mentor.acct.id });
		const done = (await must(w.mentor.client, `incubator/services/${s.id}/done`, { result: '已安排与两家投资机构见面' })).service;
		assert.equal(done.status, 'done');
		expectError(await w.sB.client.post(`incubator/services/${s.id}/rate`, { rating: 1 }), 404, 'not_found');
		assert.equal((await must(w.sA2.client, `incubator/services/${s.id}/rate`, { rating: 4 })).service.rating, 4);
		expectError(await w.sA1.client.post(`incubator/services/${s.id}/rate`, { rating: 5 }), 409, 'conflict');
		expectError(await w.sA1.client.post(`incubator/services/${s.id}/cancel`), 422, 'rule', 'status');
		assert.equal((await mustGet(w.sB.client, 'incubator/services')).total, 0);
		assert.ok((await mustGet(w.mentor.client, 'incubator/services?mine=1')).items.some((x) => x.id === s.id));
		const t = (await must(w.sA1.client, `incubator/projects/${P}/services`, { kind: 'training', title: '财务培训' }, 201)).service;
		assert.equal((await must(w.sA1.client, `incubator/services/${t.id}/cancel`)).service.status, 'cancelled');
	});
});
