// Job fairs, the interview timetable: HR invites applicants of positions brought to the
// fair, the scheduler places them (no student twice at once, the travel gap between booths
// in whole slots, each booth's tables per slot), reports what it could not place and why,
// keeps confirmed interviews in their slot when re-planning; confirm / cancel / done and
// who may do each.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError } from './harness.mjs';
import { createFair, makeFairWorld, nowSec, signupApproved, startFairServer, step } from './fair_lib.mjs';

let srv;
let w;
let admin;
let fair;
const SLOT = 20;
const GAP = 25; // ceil(25 / 20) = 2 slots between interviews at different booths
const GAP_SLOTS = Math.ceil(GAP / SLOT);
const NSLOTS = 4;

before(async () => {
	srv = await startFairServer();
	w = await makeFairWorld(srv);
	admin = w.admin;
	const start = nowSec() + 3600;
	fair = await createFair(w, { starts_at: start, ends_at: start + NSLOTS * SLOT * 60, slot_minutes: SLOT, gap_minutes: GAP });
	await step(w, fair, 'signup');
	// e1 brings p1 only, 1 table; e2 p1+p2, 2 tables; e3 p1, 1 table. e4 does not sign up.
	await signupApproved(w, fair, w.e1, { positions: [w.e1.p1], tables: 1 });
	await signupApproved(w, fair, w.e2, { tables: 2 });
	await signupApproved(w, fair, w.e3, { positions: [w.e3.p1], tables: 1 });
	assert.equal((await admin.post(`fairs/${fair.id}/booths/allocate`)).status, 200);
	const applies = [
		[w.s1, [w.e1.p1, w.e2.p1, w.e3.p1, w.e1.p2, w.e4.p1]],
		[w.s2, [w.e1.p1, w.e2.p1]],
		[w.s3, [w.e1.p1, w.e2.p2]],
		[w.s4, [w.e1.p1]],
		[w.s5, [w.e1.p1, w.e3.p1]],
	];
	for (const [s, ps] of applies) {
		s.apps = {};
		for (const p of ps) {
			const r = await s.client.post(`positions/${p.id}/apply`);
			assert.equal(r.status, 201, `apply: ${r}`);
			s.apps[p.id] = r.json.application;
		}
	}
});
after(() => srv?.stop());

const invite = (e, s, p, priority) => e.client.post(`fairs/${fair.id}/interviews`, { student_id: s.id, position_id: p.id, ...(priority ? { priority } : {}) });
const list = async (client) => {
	const r = await client.get(`fairs/${fair.id}/interviews`);
	assert.equal(r.status, 200, `${r}`);
	return r.json.items;
};
const schedule = async (client = admin) => {
	const r = await client.post(`fairs/${fair.id}/schedule`);
	assert.equal(r.status, 200, `${r}`);
	return r.json;
};

/** Checks every timetable constraint on the organisers' full list; returns it. */
async function checkTimetable() {
	const all = await list(admin);
	const tables = { [w.e1.id]: 1, [w.e2.id]: 2, [w.e3.id]: 1 };
	const placed = all.filter((i) => ['scheduled', 'confirmed', 'done'].includes(i.status));
	const perBoothSlot = new Map();
	const perStudent = new Map();
	for (const i of placed) {
		assert.ok(Number.isInteger(i.slot) && i.slot >= 0 && i.slot < NSLOTS, `slot in range: ${JSON.stringify(i)}`);
		assert.equal(i.starts_at, fair.starts_at + i.slot * SLOT * 60);
		assert.equal(i.ends_at, i.starts_at + SLOT * 60);
		const k = `${i.enterprise_id}:${i.slot}`;
		perBoothSlot.set(k, (perBoothSlot.get(k) || 0) + 1);
		if (!perStudent.has(i.student_id)) perStudent.set(i.student_id, []);
		perStudent.get(i.student_id).push(i);
	}
	for (const [k, n] of perBoothSlot) {
		const ent = Number(k.split(':')[0]);
		assert.ok(n <= tables[ent], `booth ${k} holds ${n} > ${tables[ent]} tables`);
	}
	for (const [sid, xs] of perStudent) {
		for (let a = 0; a < xs.length; a++)
			for (let b = a + 1; b < xs.length; b++) {
				assert.notEqual(xs[a].slot, xs[b].slot, `student ${sid} twice in slot ${xs[a].slot}`);
				if (xs[a].enterprise_id !== xs[b].enterprise_id)
					assert.ok(Math.abs(xs[a].slot - xs[b].slot) > GAP_SLOTS, `student ${sid}: slots ${xs[a].slot} and ${xs[b].slot} closer than the gap of ${GAP_SLOTS}`);
			}
	}
	for (const i of all.filter((x) => x.status === 'unplaced')) {
		assert.equal(i.slot ?? null, null);
		assert.equal(typeof i.reason, 'string');
		assert.ok(i.reason.length > 0, 'unplaced has a reason');
	}
	return all;
}

describe('invitations', () => {
	it('an applicant of a position brought to the fair: 201; the application moves to interview', async () => {
		const r = await invite(w.e1, w.s1, w.e1.p1, 1);
		assert.equal(r.status, 201, `${r}`);
		assert.equal(typeof r.json.interview_id, 'number');
		const a = (await w.s1.client.get(`applications/${w.s1.apps[w.e1.p1.id].id}`)).json.application;
		assert.equal(a.status, 'interview');
		const [i] = await list(w.s1.client);
		assert.equal(i.status, 'invited');
		assert.equal(i.enterprise_id, w.e1.id);
		assert.equal(i.position_id, w.e1.p1.id);
	});

	it('refused: not an applicant (422 student_id), a position not brought (422), a second invitation to the same booth (409)', async () => {
		expectError(await invite(w.e1, w.s3, w.e1.p2), 422, 'rule', 'student_id'); // s3 did not apply to p2
		expectError(await invite(w.e1, w.s1, w.e1.p2), 422, 'rule', 'student_id'); // applied, but p2 is not at the fair
		expectError(await invite(w.e1, w.s2, w.e2.p1), 422, 'rule', 'student_id'); // another enterprise's position
		expectError(await invite(w.e1, w.s1, w.e1.p1), 409, 'conflict');
		expectError(await invite(w.e4, w.s1, w.e4.p1), 422, 'rule', 'enterprise'); // e4 did not sign up
		expectError(await invite(w.e1, w.s2, w.e1.p1, 10), 400, 'invalid', 'priority');
		assert.equal((await list(admin)).length, 1);
		assert.equal((await w.s1.client.get(`applications/${w.s1.apps[w.e1.p2.id].id}`)).json.application.status, 'submitted');
	});

	it('only HR invites (403 for students, staff, operator)', async () => {
		for (const c of [w.s2.client, w.staffH.client, admin]) expectError(await c.post(`fairs/${fair.id}/interviews`, { student_id: w.s2.id, position_id: w.e1.p1.id }), 403, 'forbidden');
		assert.equal((await list(admin)).length, 1);
	});

	it('the rest of the invitations', async () => {
		const plan = [
			[w.e1, w.s2, w.e1.p1, 2],
			[w.e1, w.s3, w.e1.p1, 3],
			[w.e1, w.s4, w.e1.p1, 4],
			[w.e1, w.s5, w.e1.p1, 5],
			[w.e2, w.s1, w.e2.p1, 1],
			[w.e2, w.s2, w.e2.p1, 1],
			[w.e2, w.s3, w.e2.p2, 2],
			[w.e3, w.s1, w.e3.p1, 1],
			[w.e3, w.s5, w.e3.p1, 1],
		];
		for (const [e, s, p, prio] of plan) assert.equal((await invite(e, s, p, prio)).status, 201);
		assert.equal((await list(admin)).length, 10);
	});
});

describe('the timetable', () => {
	let first;
	it('schedule: counts add up, every constraint holds, unplaced ones have a reason', async () => {
		const r = await schedule(admin);
		assert.equal(r.requests, 10);
		assert.equal(r.slots, NSLOTS);
		const unplaced = Object.values(r.unplaced_by_reason).reduce((a, b) => a + b, 0);
		assert.equal(r.placed + unplaced, 10);
		const all = await checkTimetable();
		assert.equal(all.filter((i) => i.status === 'scheduled').length, r.placed);
		assert.equal(all.filter((i) => i.status === 'unplaced').length, unplaced);
		// e1 has 5 invitations, 1 table and 4 slots: at least one cannot be placed.
		assert.ok(all.filter((i) => i.enterprise_id === w.e1.id && i.status === 'unplaced').length >= 1);
		// s1 is invited to 3 booths; with 4 slots and a gap of 2, at most 2 fit (slots 0 and 3).
		assert.ok(all.filter((i) => i.student_id === w.s1.id && i.status === 'scheduled').length <= 2);
		for (const [why, n] of Object.entries(r.unplaced_by_reason)) assert.equal(all.filter((i) => i.reason === why).length, n, why);
		// HR priority 1 at e1 (s1) is preferred over priority 5 (s5) when only one can be left out...
		const e1 = all.filter((i) => i.enterprise_id === w.e1.id);
		const byStudent = Object.fromEntries(e1.map((i) => [i.student_id, i]));
		assert.equal(byStudent[w.s2.id].status, 'scheduled', 'priority 2 at a booth is placed before priority 5');
		first = all;
	});

	it('students and HR see their own part of the timetable', async () => {
		const s1 = await list(w.s1.client);
		assert.ok(s1.length === 3 && s1.every((i) => i.student_id === w.s1.id));
		const e2 = await list(w.e2.client);
		assert.ok(e2.length === 3 && e2.every((i) => i.enterprise_id === w.e2.id));
		assert.equal((await list(w.staffH.client)).length, 10);
		expectError(await w.staffO.client.get(`fairs/${fair.id}/interviews`), 403, 'forbidden');
		const e4 = await list(w.e4.client);
		assert.deepEqual(e4, []);
	});

	it('confirmed interviews keep their slot when re-planned after changes', async () => {
		const mine = (await list(w.s2.client)).filter((i) => i.status === 'scheduled');
		assert.ok(mine.length >= 1, 's2 has a scheduled interview');
		const keep = mine[0];
		const r = await w.s2.client.post(`fairs/${fair.id}/interviews/confirm`, { interview_id: keep.id });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.interview.status, 'confirmed');
		// Confirming twice → 409.
		expectError(await w.s2.client.post(`fairs/${fair.id}/interviews/confirm`, { interview_id: keep.id }), 409, 'conflict');
		// Re-plans by HR and the operator (every other interview may move).
		for (let k = 0; k < 3; k++) {
			const again = await schedule(k % 2 ? admin : w.e1.client);
			assert.equal(again.requests, 10);
			const now = await checkTimetable();
			const kept = now.find((i) => i.id === keep.id);
			assert.equal(kept.status, 'confirmed');
			assert.equal(kept.slot, keep.slot, 'a confirmed interview never moves');
		}
	});

	it('cancel: a student their own, HR their booth\'s; others get 404 and nothing changes', async () => {
		const all = await list(admin);
		const s3e1 = all.find((i) => i.student_id === w.s3.id && i.enterprise_id === w.e1.id);
		const s4e1 = all.find((i) => i.student_id === w.s4.id && i.enterprise_id === w.e1.id);
		expectError(await w.s1.client.post(`fairs/${fair.id}/interviews/cancel`, { interview_id: s3e1.id }), 404, 'not_found');
		expectError(await w.e2.client.post(`fairs/${fair.id}/interviews/cancel`, { interview_id: s3e1.id }), 404, 'not_found');
		expectError(await w.s1.client.post(`fairs/${fair.id}/interviews/confirm`, { interview_id: s3e1.id }), 404, 'not_found');
		expectError(await admin.post(`fairs/${fair.id}/interviews/cancel`, { interview_id: s3e1.id }), 403, 'forbidden');
		assert.equal((await list(admin)).find((i) => i.id === s3e1.id).status, s3e1.status);
		let r = await w.s3.client.post(`fairs/${fair.id}/interviews/cancel`, { interview_id: s3e1.id });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.interview.status, 'cancelled');
		r = await w.e1.client.post(`fairs/${fair.id}/interviews/cancel`, { interview_id: s4e1.id });
		assert.equal(r.status, 200, `${r}`);
		expectError(await w.e1.client.post(`fairs/${fair.id}/interviews/cancel`, { interview_id: s4e1.id }), 409, 'conflict');
		// Cancelled ones leave the timetable.
		const again = await schedule(admin);
		assert.equal(again.requests, 8);
		await checkTimetable();
	});

	it('done: only HR, only while live or after; a student or HR of another booth cannot', async () => {
		const conf = (await list(w.s2.client)).find((i) => i.status === 'confirmed');
		const e = w.ents.find((x) => x.id === conf.enterprise_id);
		const otherE = e === w.e1 ? w.e2 : w.e1;
		expectError(await e.client.post(`fairs/${fair.id}/interviews/done`, { interview_id: conf.id }), 422, 'rule', 'status');
		await step(w, fair, 'signup_closed', 'live');
		expectError(await w.s2.client.post(`fairs/${fair.id}/interviews/done`, { interview_id: conf.id }), 403, 'forbidden');
		expectError(await otherE.client.post(`fairs/${fair.id}/interviews/done`, { interview_id: conf.id }), 404, 'not_found');
		assert.equal((await list(admin)).find((i) => i.id === conf.id).status, 'confirmed');
		const r = await e.client.post(`fairs/${fair.id}/interviews/done`, { interview_id: conf.id });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.interview.status, 'done');
		expectError(await e.client.post(`fairs/${fair.id}/interviews/done`, { interview_id: conf.id }), 409, 'conflict');
		// A held interview stays where it was through a re-plan and counts in the stats.
		const s = await schedule(admin);
		assert.ok(s.requests >= 1);
		const held = (await list(admin)).find((i) => i.id === conf.id);
		assert.equal(held.status, 'done');
		assert.equal(held.slot, conf.slot);
		const stats = (await admin.get(`fairs/${fair.id}/stats`)).json.figures;
		assert.equal(stats.interviews_held, 1);
		await checkTimetable();
	});

	it('only the operator and HR build the timetable (403 for students and staff)', async () => {
		for (const c of [w.s1.client, w.staffH.client]) expectError(await c.post(`fairs/${fair.id}/schedule`), 403, 'forbidden');
		assert.ok(first.length === 10);
	});
});
