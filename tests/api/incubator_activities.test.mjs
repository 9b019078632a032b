// Activities (创新创业活动) and the operator's dashboard (issue 11): organising with a room
// booked under the rules, audiences, registration with a waiting list and promotion, the
// signed pass and check-in, feedback, attendance figures; the dashboard, the national
// indicators, settings and the .xlsx exports.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, makeAccount, xlsxText } from './harness.mjs';
import { at, dbRows, makeWorld, must, mustGet, roomBody, startIncubatorServer } from './incubator_lib.mjs';
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

const body = (over = {}) => ({ kind: 'salon', title: '创业沙龙：从0到1', organiser: '高新区创新创业服务中心', start: at(5, 14), end: at(5, 16), capacity: 30, ...over });
/** "YYYY-MM-DDTHH:MM:SS+08:00" of epoch seconds. */
const iso = (t) => new Date(t * 1000 + 8 * 3600000).toISOString().slice(0, 19) + '+08:00';

describe('organising', () => {
	it('organisers: the operator anywhere, college staff at their own base; the room is booked under its rules', async () => {
		expectError(await w.staffB.client.post('incubator/activities', body({ site_id: w.base.id })), 403, 'forbidden', 'site_id');
		expectError(await w.sA1.client.post('incubator/activities', body()), 403, 'forbidden');
		const own = (await must(w.staffA.client, 'incubator/activities', body({ site_id: w.base.id, title: '校园路演训练营' }), 201)).activity;
		assert.equal(own.site_id, w.base.id);
		expectError(await admin.post('incubator/activities', body({ kind: 'party' })), 400, 'invalid', 'kind');
		expectError(await admin.post('incubator/activities', body({ room_id: w.room.id, capacity: 500 })), 422, 'rule', 'capacity');
		expectError(await admin.post('incubator/activities', body({ room_id: w.room.id, start: at(5, 7), end: at(5, 9) })), 422, 'closed', 'start');
		const a = (await must(admin, 'incubator/activities', body({ room_id: w.room.id, kind: 'roadshow', title: '项目路演日' }), 201)).activity;
		assert.ok(a.booking_id);
		assert.equal(a.room, '路演厅');
		assert.equal(a.site_id, w.hq.id);
		const b = (await mustGet(admin, `incubator/bookings/${a.booking_id}`)).booking;
		assert.equal(b.activity_id, a.id);
		// The room is taken: a resident's booking over it names the activity's booking.
		const clash = await w.sA1.client.post('incubator/bookings', { room_id: w.room.id, title: '冲突', start: at(5, 15), end: at(5, 16) });
		assert.equal(expectError(clash, 409, 'conflict').conflict.id, a.booking_id);
		// Its booking is the activity's: not cancelled on its own by others.
		expectError(await w.sA1.client.post(`incubator/bookings/${a.booking_id}/cancel`), 403, 'forbidden');
		// Moving the activity moves the booking; a second activity over it is refused.
		const moved = (await must(admin, `incubator/activities/${a.id}`, body({ room_id: w.room.id, kind: 'roadshow', title: '项目路演日', start: at(5, 18), end: at(5, 20) }))).activity;
		assert.notEqual(moved.booking_id, a.booking_id);
		assert.equal((await mustGet(admin, `incubator/bookings/${a.booking_id}`)).booking.status, 'cancelled');
		assert.equal((await w.sA1.client.post('incubator/bookings', { room_id: w.room.id, title: '空出', start: at(5, 15), end: at(5, 16) })).status, 201);
		expectError(await admin.post('incubator/activities', body({ room_id: w.room.id, start: at(5, 19), end: at(5, 21) })), 409, 'conflict');
		// Cancelling frees the room.
		assert.equal((await must(admin, `incubator/activities/${a.id}/status`, { to: 'cancelled' })).activity.status, 'cancelled');
		assert.equal((await mustGet(admin, `incubator/bookings/${moved.booking_id}`)).booking.status, 'cancelled');
		expectError(await admin.post(`incubator/activities/${a.id}/status`, { to: 'open' }), 422, 'rule', 'to');
	});
});

describe('registration, waiting list, check-in, feedback', () => {
	let act, soon;
	before(async () => {
		act = (await must(admin, 'incubator/activities', body({ title: '投融资训练营', kind: 'camp', capacity: 2 }), 201)).activity;
		// Starting within the hour: check-in is open.
		const now = Math.floor(Date.now() / 1000);
		soon = (await must(admin, 'incubator/activities', body({ title: '企业参访', kind: 'visit', start: iso(now + 1800), end: iso(now + 7200), capacity: 5 }), 201)).activity;
	});

	it('within capacity a place, then the waiting list; a cancellation promotes the first waiting', async () => {
		const r1 = (await must(w.sA1.client, `incubator/activities/${act.id}/register`, undefined, 201)).registration;
		assert.equal(r1.status, 'registered');
		assert.equal((await must(w.sA2.client, `incubator/activities/${act.id}/register`, undefined, 201)).registration.status, 'registered');
		const wB = (await must(w.sB.client, `incubator/activities/${act.id}/register`, undefined, 201)).registration;
		assert.equal(wB.status, 'waiting');
		assert.equal(wB.queue_place, 1);
		const m = (await must(w.mentor.client, `incubator/activities/${act.id}/register`, undefined, 201)).registration;
		assert.equal(m.queue_place, 2);
		expectError(await w.sA1.client.post(`incubator/activities/${act.id}/register`), 409, 'conflict');
		await must(w.sA1.client, `incubator/activities/${act.id}/unregister`);
		const list = (await mustGet(admin, `incubator/activities/${act.id}/registrations`)).items;
		assert.equal(list.find((x) => x.account_id === w.sB.account.id).status, 'registered');
		assert.equal(list.find((x) => x.account_id === w.mentor.acct.id).queue_place, 1);
		// Back again: at the end of the queue.
		const again = (await must(w.sA1.client, `incubator/activities/${act.id}/register`, undefined, 201)).registration;
		assert.equal(again.status, 'waiting');
		assert.equal(again.queue_place, 2);
		const a = (await mustGet(w.sA1.client, `incubator/activities/${act.id}`)).activity;
		assert.equal(a.registered, 2);
		assert.equal(a.waiting, 2);
		assert.equal(a.my_status, 'waiting');
		expectError(await w.sA1.client.get(`incubator/activities/${act.id}/registrations`), 403, 'forbidden');
		expectError(await w.staffB.client.get(`incubator/activities/${act.id}/registrations`), 403, 'forbidden');
		// Growing the capacity promotes the waiting.
		await must(admin, `incubator/activities/${act.id}`, body({ title: '投融资训练营', kind: 'camp', capacity: 4 }));
		const b = (await mustGet(admin, `incubator/activities/${act.id}`)).activity;
		assert.equal(b.registered, 4);
		assert.equal(b.waiting, 0);
	});

	it('audiences: colleges, majors, resident members only', async () => {
		const forA = (await must(admin, 'incubator/activities', body({ title: '学院专场', audience_colleges: [w.collegeA.id] }), 201)).activity;
		expectError(await w.sB.client.post(`incubator/activities/${forA.id}/register`), 422, 'rule', 'audience_colleges');
		assert.equal((await w.sA1.client.post(`incubator/activities/${forA.id}/register`)).status, 201);
		const residents = (await must(admin, 'incubator/activities', body({ title: '在孵企业闭门会', residents_only: true }), 201)).activity;
		const loner = await registerStudent(srv, w.collegeA, { name: '孙悦' });
		expectError(await loner.client.post(`incubator/activities/${residents.id}/register`), 422, 'rule', 'residents_only');
		assert.equal((await w.sB.client.post(`incubator/activities/${residents.id}/register`)).status, 201);
		const majors = (await must(admin, 'incubator/activities', body({ title: '装备制造类专场', audience_majors: ['46'] }), 201)).activity;
		expectError(await w.mentor.client.post(`incubator/activities/${majors.id}/register`), 422, 'rule', 'audience_majors');
	});

	it('a signed pass, checked in by the organiser in the hour around the activity; feedback once from attendees', async () => {
		await must(w.sA1.client, `incubator/activities/${soon.id}/register`, undefined, 201);
		await must(w.sB.client, `incubator/activities/${soon.id}/register`, undefined, 201);
		const pass = (await mustGet(w.sA1.client, `incubator/activities/${soon.id}/pass`)).pass;
		assert.match(pass.pass, new RegExp(`^SKYA\\.${soon.id}\\.\\d+\\.\\d+\\.[A-Za-z0-9_-]+$`));
		assert.match(pass.qr_svg, /^<svg/);
		expectError(await w.sA2.client.get(`incubator/activities/${soon.id}/pass`), 404, 'not_found');
		// Organisers only; a pass of another activity or a forged one is refused.
		expectError(await w.sB.client.post(`incubator/activities/${soon.id}/checkin`, { pass: pass.pass }), 403, 'forbidden');
		const waitingPass = (await mustGet(w.sB.client, `incubator/activities/${soon.id}/pass`)).pass.pass;
		const other = waitingPass.replace(`SKYA.${soon.id}.`, `SKYA.${act.id}.`);
		expectError(await admin.post(`incubator/activities/${act.id}/checkin`, { pass: waitingPass }), 422, 'not_now', 'status');
		expectError(await admin.post(`incubator/activities/${soon.id}/checkin`, { pass: other }), 422, 'forged', 'pass');
		const c = await must(admin, `incubator/activities/${soon.id}/checkin`, { pass: pass.pass });
		assert.equal(c.result, 'checked_in');
		assert.equal(c.registration.account_id, w.sA1.account.id);
		assert.equal((await must(admin, `incubator/activities/${soon.id}/checkin`, { pass: pass.pass })).result, 'already');
		// By registration id at the desk.
		const regB = (await mustGet(admin, `incubator/activities/${soon.id}/registrations`)).items.find((x) => x.account_id === w.sB.account.id);
		assert.equal((await must(admin, `incubator/activities/${soon.id}/checkin`, { registration_id: regB.id })).result, 'checked_in');
		expectError(await admin.post(`incubator/activities/${soon.id}/checkin`, {}), 400, 'missing', 'pass');
		// Feedback: attendees, once.
		expectError(await w.sA2.client.post(`incubator/activities/${soon.id}/feedback`, { rating: 5 }), 422, 'rule', 'rating');
		assert.equal((await must(w.sA1.client, `incubator/activities/${soon.id}/feedback`, { rating: 5, feedback: '收获很大' })).registration.rating, 5);
		expectError(await w.sA1.client.post(`incubator/activities/${soon.id}/feedback`, { rating: 4 }), 422, 'rule', 'rating');
		expectError(await w.sB.client.post(`incubator/activities/${soon.id}/feedback`, { rating: 9 }), 400, 'invalid', 'rating');
		const f = (await mustGet(w.sA2.client, `incubator/activities/${soon.id}`)).activity;
		assert.equal(f.attended, 2);
		assert.equal(f.feedbacks, 1);
		assert.equal(f.rating, 5);
		// Started: no more cancelling a registration... once it has started (not yet here).
		assert.equal(dbRows(srv, `SELECT COUNT(*) FROM incubator_registrations WHERE activity_id = ${soon.id} AND checked_in_at IS NOT NULL`)[0], '2');
	});
});

describe('the dashboard, settings and exports', () => {
	it('the dashboard is the operator\'s and the officers\'; the indicators have values and targets', async () => {
		const officer = await makeAccount(admin, { role: 'officer' });
		const oc = await srv.login(officer.login, officer.password);
		const d = await mustGet(oc, 'incubator/dashboard');
		for (const k of ['occupancy', 'residents_per_site', 'months', 'indicators', 'activities', 'services', 'reports', 'mentors']) assert.ok(k in d, k);
		// The board's totals are the whole incubator's for every reader: an officer, who sees
		// no project by name, counts the same overdue reports as the operator.
		const byOperator = await mustGet(admin, 'incubator/dashboard');
		assert.ok(byOperator.reports.overdue > 0, 'the world has overdue reports');
		assert.deepEqual(d.reports, byOperator.reports);
		const area = d.indicators.find((x) => x.key === 'area_m2');
		assert.equal(area.value, 2600 + 300);
		assert.equal(area.target, 10000);
		assert.equal(area.met, false);
		assert.ok(d.indicators.some((x) => x.set === 'makerspace' && x.key === 'activities_year'));
		const hq = d.residents_per_site.find((x) => x.site_id === w.hq.id);
		assert.equal(hq.residents, 2);
		assert.equal(d.mentors.projects, 2);
		for (const c of [w.sA1.client, w.staffA.client, w.mentor.client]) expectError(await c.get('incubator/dashboard'), 403, 'forbidden');
		// Targets are the operator's to change; the indicator follows.
		const s = (await mustGet(admin, 'incubator/settings')).settings;
		const base = { report_due_day: s.report_due_day, remind_days: s.remind_days, mentor_per_projects: s.mentor_per_projects, grad_rule: s.grad_rule, grad_min_revenue: s.grad_min_revenue, grad_min_financing: s.grad_min_financing, grad_min_months: s.grad_min_months, plan_max_bytes: s.plan_max_bytes };
		expectError(await admin.post('incubator/settings', { ...base, targets: { no_such: 1 } }), 400, 'invalid', 'targets');
		expectError(await admin.post('incubator/settings', { ...base, grad_rule: 'most' }), 400, 'invalid', 'grad_rule');
		const set = (await must(admin, 'incubator/settings', { ...base, targets: { area_m2: 2000 } })).settings;
		assert.equal(set.targets.find((x) => x.key === 'area_m2').target, 2000);
		assert.equal((await mustGet(admin, 'incubator/dashboard')).indicators.find((x) => x.key === 'area_m2').met, true);
	});

	it('every list exports to .xlsx in the caller\'s scope', async () => {
		for (const name of ['sites', 'rooms', 'seats', 'occupancy', 'bookings', 'projects', 'reports', 'reminders', 'mentors', 'sessions', 'activities', 'services', 'indicators', 'months', 'residents']) {
			const r = await admin.get(`incubator/export/${name}`);
			assert.equal(r.status, 200, `${name}: ${r}`);
			assert.equal(r.buf.subarray(0, 2).toString(), 'PK', name);
		}
		const acts = xlsxText((await admin.get('incubator/export/activities')).buf);
		assert.match(acts, /投融资训练营/);
		const regs = await admin.get(`incubator/export/registrations?activity_id=${(await mustGet(admin, 'incubator/activities?kind=visit')).items[0].id}`);
		assert.equal(regs.status, 200);
		assert.match(xlsxText(regs.buf), new RegExp(w.sA1.name));
		// A student's project list: their own project only.
		const mine = xlsxText((await w.sB.client.get('incubator/export/projects')).buf);
		assert.match(mine, new RegExp(w.Q.name));
		assert.doesNotMatch(mine, new RegExp(w.P.name));
		expectError(await w.sA1.client.get('incubator/export/indicators'), 403, 'forbidden');
		expectError(await admin.get('incubator/export/nothing'), 404, 'not_found');
	});
});
