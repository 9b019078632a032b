// Fault injection over every write of the job-fair area (src/domain/fair*.c): each request
// below is sent with its 1st, 2nd, ... database operation failing (tests/api/faults_lib.mjs),
// and every attempt whose fault fired must answer 500 with the JSON error shape and leave the
// whole database as it was; the unfaulted attempt then does what the request asks.  Audit
// rows are part of each write's transaction, and the rows of the answer are read before its
// commit, so no fault can land a change and still answer 500.
//
// Check-ins are written by the gate's group commit (src/domain/gate.h) on a writer thread
// with its own connection, which an armed request never reaches; a server that injects faults
// writes each scan as a group of one on the request's connection through the same code
// (write_group), so the faults below reach its begin, UPDATE and commit.  The grouping itself
// is tested without faults (fair_gate.test.mjs, bench/fair.sh).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createFair, fairBody, passOf, registerFor, signupApproved, step } from './fair_lib.mjs';
import { makeFairWorld } from './fair_lib.mjs';
import { faultEveryStep as faultSteps } from './faults_lib.mjs';
import { startRecruitServer } from './recruit_lib.mjs';

let srv, w, fair;

before(async () => {
	srv = await startRecruitServer({ env: { SKYWAY_TEST_FAULTS: '1' } });
	w = await makeFairWorld(srv);
});
after(async () => {
	await srv?.stop();
});

/** faultEveryStep on this file's server, expecting `status` from the unfaulted attempt. */
async function faults(what, status, send) {
	const { r, ops } = await faultSteps(srv, what, send);
	assert.ok(Array.isArray(status) ? status.includes(r.status) : r.status === status, `${what} unfaulted: ${r}`);
	return { r, ops };
}

describe('a fair from draft to live, every write faulted at each operation', () => {
	it('create, edit, status', async () => {
		const c = await faults('create fair', 201, (headers) => w.admin.post('fairs', fairBody(w, { eligible_years: [2025, 2026, 2027] }), { headers }));
		fair = c.r.json.fair;
		assert.equal(fair.status, 'draft');
		const u = await faults('edit fair', 200, (headers) => w.admin.post(`fairs/${fair.id}`, fairBody(w, { name: fair.name, booths: 12, zones: ['一号馆', '二号馆'] }), { headers }));
		assert.equal(u.r.json.fair.booths, 12);
		const s = await faults('fair status', 200, (headers) => w.admin.post(`fairs/${fair.id}/status`, { to: 'signup' }, { headers }));
		assert.equal(s.r.json.fair.status, 'signup');
		// One audit row each, written with the change.
		const audit = await w.admin.get(`audit?action=fair.update`);
		assert.equal(audit.status, 200, `${audit}`);
		assert.equal(audit.json.items.filter((a) => String(a.object_id) === String(fair.id)).length, 1, `${audit}`);
	});

	it('sign-up, change, withdraw, sign-up again, review', async () => {
		const e1 = w.e1;
		const first = await faults('signup', 201, (headers) => e1.client.post(`fairs/${fair.id}/signup`, { position_ids: [e1.p1.id], tables: 2 }, { headers }));
		assert.equal(first.r.json.fair.my_signup.status, 'pending');
		const change = await faults('signup change', 200, (headers) => e1.client.post(`fairs/${fair.id}/signup`, { position_ids: [e1.p1.id, e1.p2.id] }, { headers }));
		assert.deepEqual(change.r.json.fair.my_signup.position_ids, [e1.p1.id, e1.p2.id].sort((a, b) => a - b));
		const wd = await faults('signup withdraw', 200, (headers) => e1.client.post(`fairs/${fair.id}/signup/withdraw`, undefined, { headers }));
		assert.equal(wd.r.json.fair.my_signup.status, 'withdrawn');
		await faults('signup again', [200, 201], (headers) => e1.client.post(`fairs/${fair.id}/signup`, { position_ids: [e1.p1.id, e1.p2.id] }, { headers }));
		const rv = await faults('review', 200, (headers) => w.admin.post(`fairs/${fair.id}/signups/review`, { enterprise_id: e1.id, decision: 'approve' }, { headers }));
		assert.equal(rv.r.json.signup.status, 'approved');
		for (const e of [w.e2, w.e3, w.e4]) await signupApproved(w, fair, e);
	});

	it('booths: allocate, move', async () => {
		const a = await faults('allocate', 200, (headers) => w.admin.post(`fairs/${fair.id}/booths/allocate`, undefined, { headers }));
		assert.equal(a.r.json.allocated, 4);
		const m = await faults('booth move', 200, (headers) => w.admin.post(`fairs/${fair.id}/booths/move`, { enterprise_id: w.e1.id, booth_no: 12 }, { headers }));
		assert.equal(m.r.json.booth_no, 12);
		const booths = (await w.admin.get(`fairs/${fair.id}/booths`)).json.items;
		assert.equal(booths.find((b) => b.booth_no === 12).enterprise_id, w.e1.id);
	});

	it('student registration', async () => {
		const r = await faults('register', 201, (headers) => w.s1.client.post(`fairs/${fair.id}/register`, undefined, { headers }));
		assert.ok(r.r.json.registration_id > 0);
		await registerFor(fair, w.s2);
		await registerFor(fair, w.s3);
		await step(w, fair, 'signup_closed', 'live');
	});
});

describe('the live fair, every write faulted at each operation', () => {
	it('check-in by pass and by code: entered once, counted once', async () => {
		const p1 = await passOf(fair, w.s1);
		const a = await faults('check-in by pass', 200, (headers) => w.admin.post(`fairs/${fair.id}/checkin`, { pass: p1.pass }, { headers }));
		assert.equal(a.r.json.result, 'entered');
		assert.equal(a.r.json.student.scans, 1, 'no faulted attempt counted a scan');
		assert.ok(a.ops >= 4, `fair, registration, and the scan's begin, update and commit: ${a.ops}`);
		const p2 = await passOf(fair, w.s2);
		const b = await faults('check-in by code', 200, (headers) => w.staffH.client.post(`fairs/${fair.id}/checkin`, { code: p2.code.toLowerCase() }, { headers }));
		assert.equal(b.r.json.result, 'entered');
		const again = await faults('check-in again', 200, (headers) => w.admin.post(`fairs/${fair.id}/checkin`, { pass: p1.pass }, { headers }));
		assert.equal(again.r.json.result, 'already_inside');
		assert.equal(again.r.json.student.scans, 2);
		const g = (await w.admin.get(`fairs/${fair.id}/gate`)).json;
		assert.equal(g.entered, 2);
		assert.equal(g.repeat_scans, 1);
	});

	it('walk-in', async () => {
		const r = await faults('walk-in', 201, (headers) =>
			w.admin.post(`fairs/${fair.id}/walkin`, { college_id: w.other.id, student_no: w.s4.student_no, name: w.s4.name }, { headers }),
		);
		assert.equal(r.r.json.student.name, w.s4.name);
		assert.equal(r.r.json.student.walk_in, 1);
		const g = (await w.admin.get(`fairs/${fair.id}/gate`)).json;
		assert.equal(g.walk_ins, 1);
	});

	it('tickets: take, cancel, take again; the booth calls and marks', async () => {
		const t = await faults('ticket take', 201, (headers) => w.s1.client.post(`fairs/${fair.id}/tickets`, { enterprise_id: w.e1.id }, { headers }));
		assert.equal(t.r.json.ticket.place, 1);
		const c = await faults('ticket cancel', 200, (headers) => w.s1.client.post(`fairs/${fair.id}/tickets/cancel`, { ticket_id: t.r.json.ticket.id }, { headers }));
		assert.equal(c.r.json.items[0].status, 'cancelled');
		const again = await faults('ticket again', 201, (headers) => w.s1.client.post(`fairs/${fair.id}/tickets`, { enterprise_id: w.e1.id }, { headers }));
		assert.equal(again.r.json.ticket.id, t.r.json.ticket.id, 'the cancelled ticket is taken again');
		const call = await faults('queue call', 200, (headers) => w.e1.client.post(`fairs/${fair.id}/queue/call`, {}, { headers }));
		assert.equal(call.r.json.ticket.status, 'called');
		const mark = await faults('queue mark', 200, (headers) => w.e1.client.post(`fairs/${fair.id}/queue/mark`, { ticket_id: again.r.json.ticket.id, outcome: 'seen' }, { headers }));
		assert.equal(mark.r.json.ticket.status, 'seen');
		assert.equal((await w.admin.get(`fairs/${fair.id}/stats`)).json.figures.enterprises_present, 1);
	});

	it('intent to hire', async () => {
		const r = await faults('intent', 201, (headers) => w.e1.client.post(`fairs/${fair.id}/intents`, { student_id: w.s1.id, position_id: w.e1.p1.id, note: '现场面谈后有意向' }, { headers }));
		const app = await w.s1.client.get(`applications/${r.r.json.application_id}`);
		assert.equal(app.status, 200, `${app}`);
		assert.equal(app.json.application.status, 'offered');
	});

	it('interviews: invite, schedule, confirm, done, cancel', async () => {
		for (const [s, p] of [
			[w.s2, w.e2.p1],
			[w.s3, w.e2.p2],
		]) {
			const a = await s.client.post(`positions/${p.id}/apply`);
			assert.equal(a.status, 201, `${a}`);
		}
		const i2 = await faults('interview invite', 201, (headers) => w.e2.client.post(`fairs/${fair.id}/interviews`, { student_id: w.s2.id, position_id: w.e2.p1.id, priority: 2 }, { headers }));
		const i3 = await w.e2.client.post(`fairs/${fair.id}/interviews`, { student_id: w.s3.id, position_id: w.e2.p2.id });
		assert.equal(i3.status, 201, `${i3}`);
		const sc = await faults('schedule', 200, (headers) => w.admin.post(`fairs/${fair.id}/schedule`, undefined, { headers }));
		assert.equal(sc.r.json.placed, 2);
		const id2 = i2.r.json.interview_id;
		const cf = await faults('interview confirm', 200, (headers) => w.s2.client.post(`fairs/${fair.id}/interviews/confirm`, { interview_id: id2 }, { headers }));
		assert.equal(cf.r.json.interview.status, 'confirmed');
		const dn = await faults('interview done', 200, (headers) => w.e2.client.post(`fairs/${fair.id}/interviews/done`, { interview_id: id2 }, { headers }));
		assert.equal(dn.r.json.interview.status, 'done');
		const cc = await faults('interview cancel', 200, (headers) => w.s3.client.post(`fairs/${fair.id}/interviews/cancel`, { interview_id: i3.json.interview_id }, { headers }));
		assert.equal(cc.r.json.interview.status, 'cancelled');
	});
});
