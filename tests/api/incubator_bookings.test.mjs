// Room bookings (issue 11): the exact API of the issue, every rule's refusal, holds that
// expire, series with their conflict report, cancellation, no-shows, check-in by the door's
// signed sign, and the 200-way race where exactly one request gets the room.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError } from './harness.mjs';
import { at, dbRows, dbWrite, epoch, expireHold, makeWorld, must, mustGet, nextWeekday, roomBody, startIncubatorServer } from './incubator_lib.mjs';
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

const book = (client, body) => client.post('incubator/bookings', { room_id: w.room.id, title: '项目路演彩排', ...body });

describe('the API of the issue', () => {
	it('GET /incubator/rooms lists bookable rooms with id, name, site, zone, capacity', async () => {
		const r = await mustGet(w.sA1.client, 'incubator/rooms');
		const room = r.items.find((x) => x.id === w.room.id);
		assert.ok(room, JSON.stringify(r));
		assert.equal(room.name, '路演厅');
		assert.equal(room.site, w.hq.name);
		assert.equal(room.zone, '路演中心');
		assert.equal(room.capacity, 80);
		assert.deepEqual(room.book_roles, ['resident', 'mentor', 'college', 'operator']);
		assert.equal(room.open_from, '08:00');
		assert.deepEqual(room.open_days, [1, 2, 3, 4, 5, 6, 7]);
		// Not bookable: not listed (the operator sees it with ?status=all).
		const hidden = (await must(admin, 'incubator/rooms', roomBody(w.zone, { name: '库房', bookable: false, x: 30 }), 201)).room;
		assert.ok(!(await mustGet(w.sA1.client, 'incubator/rooms')).items.some((x) => x.id === hidden.id));
		assert.ok((await mustGet(admin, 'incubator/rooms?status=all')).items.some((x) => x.id === hidden.id));
	});

	it('POST /incubator/bookings: 201 with the booking, then 409 conflict naming it without personal data', async () => {
		const start = at(3, 14);
		const end = at(3, 15);
		const r = await book(w.sA1.client, { start, end });
		assert.equal(r.status, 201, `${r}`);
		const b = r.json.booking;
		assert.equal(b.room_id, w.room.id);
		assert.equal(b.start, start);
		assert.equal(b.end, end);
		assert.equal(b.start_at, epoch(start));
		assert.equal(b.status, 'confirmed');
		assert.equal(b.project_id, w.P.id);
		// Another project's member, half an hour overlapping.
		const c = await book(w.sB.client, { start: at(3, 14, 0), end: at(3, 16) });
		const err = expectError(c, 409, 'conflict', 'start');
		assert.equal(err.conflict.id, b.id);
		assert.equal(err.conflict.start, start);
		assert.equal(err.conflict.end, end);
		assert.match(err.message, new RegExp(String(b.id)));
		for (const k of ['title', 'booker', 'booked_by', 'project', 'project_id']) assert.equal(err.conflict[k], undefined, k);
		assert.ok(!c.text.includes(w.sA1.name) && !c.text.includes(w.P.name), 'no personal data of the other project');
		// Adjacent slots do not overlap.
		assert.equal((await book(w.sB.client, { start: end, end: at(3, 16) })).status, 201);
	});

	it('a bad time is 400 (malformed, end before start) or 422 naming the rule', async () => {
		const c = w.sA1.client;
		expectError(await book(c, { start: '2026-12-08 14:00', end: at(3, 15) }), 400, 'invalid', 'start');
		expectError(await book(c, { start: '2026-12-08T14:00:00', end: at(3, 15) }), 400, 'invalid', 'start');
		expectError(await book(c, { start: at(4, 15), end: at(4, 14) }), 400, 'invalid', 'end');
		expectError(await book(c, { start: at(4, 15), end: at(4, 15) }), 400, 'invalid', 'end');
		expectError(await book(c, { start: at(-1, 10), end: at(-1, 11) }), 422, 'in_past', 'start');
		expectError(await book(c, { start: at(4, 7), end: at(4, 9) }), 422, 'closed', 'start');
		expectError(await book(c, { start: at(4, 21), end: at(4, 23) }), 422, 'closed', 'start');
		expectError(await book(c, { start: at(4, 9), end: at(4, 14) }), 422, 'too_long', 'end');
		expectError(await book(c, { start: at(4, 9, 30), end: at(4, 10, 30) }), 422, 'slot', 'start');
		expectError(await book(c, { start: at(20, 9), end: at(20, 10) }), 422, 'too_far', 'start');
		expectError(await book(c, { start: at(4, 9), end: at(4, 10), room_id: 999999 }), 404, 'not_found', 'room_id');
		expectError(await book(c, { start: at(4, 9) }), 400, 'missing', 'end');
		expectError(await book(c, { start: at(4, 9), end: at(4, 10), extra: 1 }), 400, 'unknown_field', 'extra');
		// Nothing of it was written.
		const mine = await mustGet(c, `incubator/bookings?from=${encodeURIComponent(at(4, 0))}&to=${encodeURIComponent(at(5, 0))}`);
		assert.equal(mine.total, 0);
	});

	it('each rule of a room refuses as set: days, roles, quota', async () => {
		const weekdays = (await must(admin, 'incubator/rooms', roomBody(w.zone, { name: '工作日洽谈室', open_days: [1, 2, 3, 4, 5], book_roles: ['resident', 'operator'], week_quota_minutes: 120, x: 10 }), 201)).room;
		const sat = nextWeekday(6, 2);
		const r = await w.sA1.client.post('incubator/bookings', { room_id: weekdays.id, title: '周末', start: at(sat, 10), end: at(sat, 11) });
		const err = expectError(r, 422, 'closed', 'start');
		assert.match(err.message, /周一至周五/);
		// Mentors may not book this room; the operator may (the hours bind it too).
		expectError(await w.mentor.client.post('incubator/bookings', { room_id: weekdays.id, title: '辅导', start: at(sat + 2, 10), end: at(sat + 2, 11) }), 403, 'forbidden');
		expectError(await admin.post('incubator/bookings', { room_id: weekdays.id, title: '检修', start: at(sat, 10), end: at(sat, 11) }), 422, 'closed');
		assert.equal((await admin.post('incubator/bookings', { room_id: weekdays.id, title: '检修', start: at(sat + 2, 10), end: at(sat + 2, 11) })).status, 201);
		// The project's weekly quota (120 minutes): two hours pass, the third is refused.
		const mon = nextWeekday(1, 1);
		assert.equal((await w.sA1.client.post('incubator/bookings', { room_id: weekdays.id, title: '周会', start: at(mon, 9), end: at(mon, 10) })).status, 201);
		assert.equal((await w.sA2.client.post('incubator/bookings', { room_id: weekdays.id, title: '周会', start: at(mon + 1, 9), end: at(mon + 1, 10) })).status, 201);
		expectError(await w.sA1.client.post('incubator/bookings', { room_id: weekdays.id, title: '加会', start: at(mon + 2, 9), end: at(mon + 2, 10) }), 422, 'quota', 'end');
		// Another project has its own quota.
		assert.equal((await w.sB.client.post('incubator/bookings', { room_id: weekdays.id, title: '周会', start: at(mon + 2, 9), end: at(mon + 2, 10) })).status, 201);
		// A student in no resident project cannot book at all.
		const loner = await registerStudent(srv, w.collegeA, { name: '赵一' });
		expectError(await book(loner.client, { start: at(5, 9), end: at(5, 10) }), 403, 'not_resident');
	});
});

describe('holds, confirmation, cancellation, no-shows', () => {
	it('a hold keeps the slot ten minutes; expired, the slot is free and the hold cannot be confirmed', async () => {
		const start = at(6, 10);
		const end = at(6, 11);
		const h = (await must(w.sA1.client, 'incubator/bookings', { room_id: w.room.id, title: '投资人见面', start, end, hold: true }, 201)).booking;
		assert.equal(h.status, 'held');
		assert.equal(h.hold_until - h.created_at, 600);
		expectError(await book(w.sB.client, { start, end }), 409, 'conflict');
		// Confirm the hold while it holds: it stays the same booking.
		const h2 = (await must(w.sA1.client, 'incubator/bookings', { room_id: w.room.id, title: '草稿', start: at(6, 12), end: at(6, 13), hold: true }, 201)).booking;
		expectError(await w.sB.client.post(`incubator/bookings/${h2.id}/confirm`, {}), 403, 'forbidden');
		const conf = (await must(w.sA1.client, `incubator/bookings/${h2.id}/confirm`, { title: '技术对接会' })).booking;
		assert.equal(conf.status, 'confirmed');
		assert.equal(conf.title, '技术对接会');
		// Ten minutes pass for the first hold.
		expireHold(srv, h.id);
		const g = await mustGet(w.sA1.client, `incubator/bookings/${h.id}`);
		assert.equal(g.booking.status, 'expired');
		assert.equal((await book(w.sB.client, { start, end })).status, 201);
		expectError(await w.sA1.client.post(`incubator/bookings/${h.id}/confirm`, {}), 409, 'expired', 'status');
		assert.deepEqual(dbRows(srv, `SELECT status FROM incubator_bookings WHERE id = ${h.id}`), ['expired']);
	});

	it('cancel: the booker or a member of its project, before the start; the slot is free again', async () => {
		const b = (await must(w.sA1.client, 'incubator/bookings', { room_id: w.room.id, title: '团队例会', start: at(7, 9), end: at(7, 10) }, 201)).booking;
		expectError(await w.sB.client.post(`incubator/bookings/${b.id}/cancel`), 403, 'forbidden');
		expectError(await w.mentor.client.post(`incubator/bookings/${b.id}/cancel`), 403, 'forbidden');
		const c = (await must(w.sA2.client, `incubator/bookings/${b.id}/cancel`)).booking;
		assert.equal(c.status, 'cancelled');
		expectError(await w.sA1.client.post(`incubator/bookings/${b.id}/cancel`), 409, 'conflict', 'status');
		assert.equal((await book(w.sB.client, { start: at(7, 9), end: at(7, 10) })).status, 201);
	});

	it('no-show: only after the start, by the operator; and a started booking cannot be cancelled by its booker', async () => {
		const b = (await must(admin, 'incubator/bookings', { room_id: w.room.id, title: '明日会议', start: at(8, 9), end: at(8, 10) }, 201)).booking;
		expectError(await admin.post(`incubator/bookings/${b.id}/no-show`), 422, 'not_started', 'status');
		expectError(await w.staffB.client.post(`incubator/bookings/${b.id}/no-show`), 403, 'forbidden');
		expectError(await w.sA1.client.post(`incubator/bookings/${b.id}/no-show`), 403, 'forbidden');
	});
});

describe('series and check-in', () => {
	it('a weekly series books every free week at once and reports exactly its conflicts', async () => {
		const series = (await must(admin, 'incubator/rooms', roomBody(w.zone, { name: '培训教室', kind: 'training', advance_days: 120, x: 40 }), 201)).room;
		const first = nextWeekday(3, 2);
		// Taken beforehand: the 2nd and 4th Wednesday.
		const taken = [];
		for (const k of [1, 3]) taken.push((await must(admin, 'incubator/bookings', { room_id: series.id, title: '已占用', start: at(first + 7 * k, 14, 0), end: at(first + 7 * k, 16) }, 201)).booking);
		const r = await must(w.mentor.client, 'incubator/bookings/series', { room_id: series.id, title: '创业沙龙', start: at(first, 15), end: at(first, 16), until: at(first + 7 * 5, 23) }, 201);
		assert.equal(r.series.created.length, 4);
		assert.deepEqual(r.series.conflicts.map((c) => c.start), [at(first + 7, 15), at(first + 21, 15)]);
		assert.deepEqual(r.series.conflicts.map((c) => c.conflict.id), taken.map((t) => t.id));
		assert.ok(r.series.conflicts.every((c) => c.code === 'conflict'));
		assert.ok(r.series.created.every((b) => b.series_id === r.series.series_id));
		// A series nothing of which can be booked: 409 with the report, nothing written.
		const n = dbRows(srv, 'SELECT COUNT(*) FROM incubator_series')[0];
		const all = await w.mentor.client.post('incubator/bookings/series', { room_id: series.id, title: '重复', start: at(first, 15), end: at(first, 16), until: at(first + 8, 0) });
		const err = expectError(all, 409, 'conflict');
		assert.equal(err.report.conflicts.length, 2);
		assert.equal(dbRows(srv, 'SELECT COUNT(*) FROM incubator_series')[0], n);
		expectError(await w.mentor.client.post('incubator/bookings/series', { room_id: series.id, title: '超长', start: at(first, 15), end: at(first, 16), until: at(first + 7 * 60, 0) }), 400, 'invalid', 'until');
	});

	it('check-in by the door sign: the booker, while the booking runs; forged or other signs refused', async () => {
		const door = (await mustGet(admin, `incubator/rooms/${w.room.id}/door-pass`)).door;
		assert.match(door.pass, /^SKYR\.\d+\.0\.\d+\.[A-Za-z0-9_-]+$/);
		assert.match(door.qr_svg, /^<svg/);
		expectError(await w.sA1.client.get(`incubator/rooms/${w.room.id}/door-pass`), 403, 'forbidden');
		// Nothing running now for this student here.
		expectError(await w.sA1.client.post('incubator/checkin', { pass: door.pass }), 404, 'not_found', 'pass');
		const forged = door.pass.slice(0, -2) + (door.pass.endsWith('AA') ? 'BB' : 'AA');
		expectError(await w.sA1.client.post('incubator/checkin', { pass: forged }), 422, 'forged', 'pass');
		expectError(await w.sA1.client.post('incubator/checkin', { pass: 'SKY1.1.2.3.abc' }), 422, 'malformed', 'pass');
		// A booking running now, in a room open around the clock.
		const allDay = (await must(admin, 'incubator/rooms', roomBody(w.zone, { name: '共享空间', open_from: '00:00', open_to: '24:00', slot_minutes: 15, max_minutes: 1440, x: 50 }), 201)).room;
		const nowS = Math.floor(Date.now() / 1000);
		const slot = nowS - (nowS % 900) + 900; // the next quarter hour: within 15 minutes of its start
		const iso = (t) => new Date(t * 1000 + 8 * 3600000).toISOString().slice(0, 19) + '+08:00';
		const b = (await must(w.sA1.client, 'incubator/bookings', { room_id: allDay.id, title: '晨会', start: iso(slot), end: iso(slot + 900) }, 201)).booking;
		const sign = (await mustGet(admin, `incubator/rooms/${allDay.id}/door-pass`)).door.pass;
		// Another room's sign does not open this booking; this one does, for a member too.
		expectError(await w.sA2.client.post('incubator/checkin', { pass: door.pass }), 404, 'not_found');
		const ci = await must(w.sA2.client, 'incubator/checkin', { pass: sign });
		assert.equal(ci.result, 'checked_in');
		assert.equal(ci.booking.id, b.id);
		assert.equal(ci.booking.status, 'checked_in');
		assert.equal((await must(w.sA1.client, 'incubator/checkin', { pass: sign })).result, 'already');
		expectError(await w.sB.client.post('incubator/checkin', { pass: sign }), 404, 'not_found');
	});
});

describe('two hundred requests for one room and hour', () => {
	it('exactly one gets 201, every other a 409 naming it, and the database holds one booking', async () => {
		const race = (await must(admin, 'incubator/rooms', roomBody(w.zone, { name: '抢订会议室', x: 20, y: 10 }), 201)).room;
		const start = at(9, 14);
		const end = at(9, 15);
		const clients = [admin, w.staffA.client, w.staffB.client, w.mentor.client, w.sA1.client, w.sA2.client, w.sB.client];
		const all = await Promise.all(
			Array.from({ length: 200 }, (_, i) => clients[i % clients.length].post('incubator/bookings', { room_id: race.id, title: `抢订${i}`, start, end })),
		);
		const statuses = all.map((r) => r.status);
		const won = all.filter((r) => r.status === 201);
		assert.equal(won.length, 1, `statuses: ${JSON.stringify(statuses.reduce((m, s) => ({ ...m, [s]: (m[s] || 0) + 1 }), {}))}`);
		const id = won[0].json.booking.id;
		for (const r of all) {
			if (r.status === 201) continue;
			const err = expectError(r, 409, 'conflict', 'start');
			assert.equal(err.conflict.id, id);
		}
		assert.deepEqual(dbRows(srv, `SELECT COUNT(*) FROM incubator_bookings WHERE room_id = ${race.id}`), ['1']);
	});
});

describe('the database enforces it for writes that bypass the server', () => {
	it('an overlapping row inserted by hand is refused; an adjacent one is not', () => {
		const ins = (s, e) =>
			`INSERT INTO incubator_bookings (room_id, start_at, end_at, status, title, booked_by, booker_kind, created_at, updated_at) VALUES (${w.room.id}, ${s}, ${e}, 'confirmed', 'by hand', (SELECT id FROM accounts WHERE login = 'admin'), 'operator', 0, 0)`;
		const t = epoch(at(12, 10));
		assert.ok(dbWrite(srv, ins(t, t + 3600)).ok);
		const refused = dbWrite(srv, ins(t + 1800, t + 5400));
		assert.ok(!refused.ok);
		assert.match(refused.stderr, /exclusion|incubator_booking_no_overlap|conflicting key/i);
		assert.ok(dbWrite(srv, ins(t + 3600, t + 7200)).ok);
	});
});

