// Fixture builders of the incubator rows of the authorisation matrix
// (authz_incubator_rows.mjs), on the cast of lib.mjs: the operator's HQ site and a campus
// base of college A; resident projects of `student` (A1, college A, the leader) with
// `classmate` (A2) as a plain member and the cast's `mentor` as mentor. `studentX` (B1,
// college B), `collegeX` (staff of college B) belong to none of them. Every step goes
// through the API as its owner would, and asserts it.
import { uniq } from '../api/harness.mjs';
import { at as isoAt, epoch, lastMonth, roomBody } from '../api/incubator_lib.mjs';
import { answered as ok, oncePerCast } from './lib.mjs';

export { lastMonth, roomBody };

/**
 * Epoch seconds of the China day now + days at hh:mm. Times go as epoch seconds, the API's
 * convention (the incubator also reads ISO 8601), so that the bad-input corpus treats them
 * as numbers.
 */
export const at = (days, hh, mm = 0) => epoch(isoAt(days, hh, mm));

/** A small real PDF (a business plan). */
export const PLAN = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2048, 0x20), Buffer.from('\n%%EOF\n')]);

/**
 * What every incubator row stands on, made once per cast: the HQ (site, zone), the campus
 * base of college A, a seat, and project P (resident, A2 a member, the mentor assigned).
 * Returns {hq, base, zone, seat, P}.
 */
export const incBase = oncePerCast(makeBase);

async function makeBase(w) {
	const op = w.admin;
	const hq = ok(await op.post('incubator/sites', { kind: 'hq', name: `凤翔谷总部${uniq('')}`, area_m2: 2600 }), 201, 'hq').site;
	const base = ok(await op.post('incubator/sites', { kind: 'campus', name: `校内基地${uniq('')}`, college_id: w.collegeA.id, area_m2: 300 }), 201, 'base').site;
	const zone = ok(await op.post('incubator/zones', zoneBody(hq)), 201, 'zone').zone;
	const seat = ok(await op.post('incubator/seats', seatBody(zone)), 201, 'seat').seat;
	const out = { hq, base, zone, seat };
	out.P = await project(w, 'resident', out);
	return out;
}

export const zoneBody = (site) => ({ site_id: site.id, name: `路演中心${uniq('')}`, area_m2: 500, plan_w: 60, plan_h: 40 });
export const seatBody = (zone) => ({ zone_id: zone.id, kind: 'desk', label: `A-${uniq('')}`, area_m2: 6, x: 20, y: 20, w: 2, h: 2 });

/** A room of its own zone (so that no fixture's booking meets another's). */
export async function room(w, over = {}) {
	const { hq } = await incBase(w);
	const zone = ok(await w.admin.post('incubator/zones', zoneBody(hq)), 201, 'zone').zone;
	return ok(await w.admin.post('incubator/rooms', roomBody(zone, over)), 201, 'room').room;
}

/**
 * A project of A1 (name unique: a marker): 'applied', or 'resident' (approved for a year
 * from 40 days ago, A2 added, the mentor assigned). base: incBase's result when called
 * from it.
 */
export async function project(w, state = 'resident', base) {
	const b = base || (await incBase(w));
	const name = `智慧农业监测${uniq('')}`;
	const p = ok(await w.A1.client.post('incubator/projects', { name, source: 'team', summary: '用传感器监测大棚温湿度', site_id: b.hq.id }), 201, 'apply').project;
	if (state === 'applied') return p;
	ok(await w.admin.post(`incubator/projects/${p.id}/review`, { decision: 'approve', agreement_start: at(-40, 0), agreement_end: at(325, 0) }), 200, 'approve');
	ok(await w.A1.client.post(`incubator/projects/${p.id}/members`, { login: w.who.classmate.login, name: w.A2.name }), 201, 'member');
	ok(await w.admin.post(`incubator/projects/${p.id}/mentors`, { mentor_id: w.who.mentor.id }), 200, 'mentor');
	return { ...p, status: 'resident' };
}

/** A booking by A1 for a fresh resident project, in a room of its own, 3 days ahead. */
export async function booking(w, { hold = false } = {}) {
	const p = await project(w);
	const r = await room(w);
	const b = ok(await w.A1.client.post('incubator/bookings', { room_id: r.id, project_id: p.id, title: `内部评审会${uniq('')}`, start: at(3, 10), end: at(3, 11), ...(hold ? { hold: true } : {}) }), 201, 'booking').booking;
	return { ...b, project: p, room: r };
}

/** A monthly report of last month of a fresh resident project, with a hiring need. */
export async function report(w) {
	const p = await project(w);
	const r = ok(await w.A1.client.post(`incubator/projects/${p.id}/reports`, reportBody()), 201, 'report').report;
	return { ...r, project: p };
}

export const reportBody = () => ({
	month: lastMonth(),
	revenue: 88000,
	staff: 4,
	staff_students: 2,
	staff_graduates: 1,
	financing: 0,
	patents: 0,
	software_copyrights: 1,
	awards: `省赛银奖${uniq('')}`,
	need_hiring: [{ title: '电商运营专员', headcount: 2, kind: '全职' }],
});

let slots = 0;
/** A free hour of the cast's mentor: {start, end}, 2 to 13 days ahead, 08:00 to 20:00. */
export function mentorSlot() {
	const k = slots++;
	const day = 2 + (k % 12);
	const hour = 8 + (Math.floor(k / 12) % 12);
	return { start: at(day, hour), end: at(day, hour + 1) };
}

/** A mentoring session of a fresh resident project with the cast's mentor; done: logged done. */
export async function session(w, done = false) {
	const p = await project(w);
	const s = ok(await w.A1.client.post('incubator/sessions', { project_id: p.id, mentor_id: w.who.mentor.id, ...mentorSlot(), topic: `股权结构${uniq('')}` }), 201, 'session').session;
	if (!done) return { ...s, project: p };
	ok(await w.as.mentor.post(`incubator/sessions/${s.id}/log`, { status: 'done', outcome: '梳理了融资计划书，明确估值区间' }), 200, 'log');
	return { ...s, project: p };
}

/** A service request of a fresh resident project: 'open', or 'done' (assigned to the mentor, done). */
export async function service(w, state = 'open') {
	const p = await project(w);
	const s = ok(await w.A1.client.post(`incubator/projects/${p.id}/services`, { kind: 'technology', title: `对接学院实验室${uniq('')}` }), 201, 'service').service;
	if (state === 'open') return { ...s, project: p };
	ok(await w.admin.post(`incubator/services/${s.id}/assign`, { assignee_id: w.who.mentor.id }), 200, 'assign');
	if (state === 'assigned') return { ...s, project: p };
	ok(await w.as.mentor.post(`incubator/services/${s.id}/done`, { result: '已安排与两家投资机构见面' }), 200, 'done');
	return { ...s, project: p };
}

/** An activity body at college A's base (title unique), 5 days ahead unless soon. */
export async function activityBody(w, over = {}) {
	const { base } = await incBase(w);
	return { kind: 'salon', title: `创业沙龙${uniq('')}`, organiser: '清远职业技术学院创新创业学院', site_id: base.id, start: at(5, 14), end: at(5, 16), capacity: 100, ...over };
}

/**
 * An activity organised by college A's staff at its base: 'open' (5 days ahead), or
 * 'soon' (starts in half an hour: check-in is open) with every cast member registered
 * (and, 'attended', checked in by the organiser).
 */
export async function activity(w, state = 'open') {
	const now = Math.floor(Date.now() / 1000);
	const over = state === 'open' ? {} : { start: now + 1800, end: now + 7200 };
	const a = ok(await w.as.college.post('incubator/activities', await activityBody(w, over)), 201, 'activity').activity;
	if (state === 'open') return a;
	for (const [who, c] of Object.entries(w.as)) {
		if (who === 'anon') continue;
		ok(await c.post(`incubator/activities/${a.id}/register`), 201, `register ${who}`);
	}
	if (state === 'attended') {
		const regs = ok(await w.as.college.get(`incubator/activities/${a.id}/registrations`), 200, 'registrations').items;
		for (const r of regs) ok(await w.as.college.post(`incubator/activities/${a.id}/checkin`, { registration_id: r.id }), 200, 'checkin');
	}
	return a;
}

/**
 * A booking of A1 for a fresh resident project running from the next quarter hour in a
 * room open around the clock, and that room's door sign: {booking, pass}.
 */
export async function runningBooking(w) {
	const p = await project(w);
	const r = await room(w, { open_from: '00:00', open_to: '24:00', slot_minutes: 15, max_minutes: 1440 });
	const now = Math.floor(Date.now() / 1000);
	const slot = now - (now % 900) + 900;
	const b = ok(await w.A1.client.post('incubator/bookings', { room_id: r.id, project_id: p.id, title: `晨会${uniq('')}`, start: slot, end: slot + 900 }), 201, 'booking').booking;
	const pass = ok(await w.admin.get(`incubator/rooms/${r.id}/door-pass`), 200, 'door pass').door.pass;
	return { booking: b, pass };
}

/** A seat of its own zone; assigned: to a fresh resident project, with the assignment. */
export async function seat(w, assigned = false) {
	const { hq } = await incBase(w);
	const zone = ok(await w.admin.post('incubator/zones', zoneBody(hq)), 201, 'zone').zone;
	const s = ok(await w.admin.post('incubator/seats', seatBody(zone)), 201, 'seat').seat;
	if (!assigned) return { seat: s, zone };
	const p = await project(w);
	const a = ok(await w.admin.post(`incubator/seats/${s.id}/assign`, { project_id: p.id }), 201, 'assign').assignment;
	return { seat: s, zone, project: p, assignment: a };
}
