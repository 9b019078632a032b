// Job fairs, access: for every fair endpoint, each role the route table refuses gets 403
// (and anonymous callers 401), and nothing is written; then cross-organisation access —
// HR of one enterprise at another's booth, queue, intents and interviews, a student at
// another student's tickets and pass, staff of a college that does not host the fair at
// its gate, figures and lists.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, makeAccount } from './harness.mjs';
import { createFair, liveFair, makeFairWorld, openLive, passOf, signupApproved, startFairServer, step } from './fair_lib.mjs';

let srv;
let w;
let admin;
let fair;
let judge;
let t1; // s1's ticket at e1
let t2; // s2's ticket at e2
let iv; // s2's interview at e2

before(async () => {
	srv = await startFairServer();
	w = await makeFairWorld(srv);
	admin = w.admin;
	const ap = await w.s2.client.post(`positions/${w.e2.p1.id}/apply`);
	assert.equal(ap.status, 201, `${ap}`);
	fair = await liveFair(w, { register: [w.s1, w.s2, w.s3], entered: [w.s1, w.s2, w.s3] });
	t1 = (await w.s1.client.post(`fairs/${fair.id}/tickets`, { enterprise_id: w.e1.id })).json.ticket;
	t2 = (await w.s2.client.post(`fairs/${fair.id}/tickets`, { enterprise_id: w.e2.id })).json.ticket;
	assert.ok(t1 && t2);
	const r = await w.e2.client.post(`fairs/${fair.id}/interviews`, { student_id: w.s2.id, position_id: w.e2.p1.id });
	assert.equal(r.status, 201, `${r}`);
	iv = r.json.interview_id;
	const j = await makeAccount(admin, { role: 'judge' });
	judge = await srv.login(j.login, j.password);
});
after(() => srv?.stop());

/** Everything a refused call could have changed, read as the operator. */
async function state() {
	const get = async (p) => {
		const r = await admin.get(`fairs/${fair.id}${p}`);
		assert.equal(r.status, 200, `${r}`);
		return r.json;
	};
	const f = (await get('')).fair;
	delete f.history; // compared separately below
	const figures = (await get('/stats')).figures;
	return {
		fair: f,
		history: (await get('')).fair.history.length,
		signups: (await get('/signups')).items,
		booths: (await get('/booths')).items,
		gate: await get('/gate'),
		figures,
		intents: (await get('/intents')).items,
		interviews: (await get('/interviews')).items,
		queues: await Promise.all(w.ents.map(async (e) => (await admin.get(`fairs/${fair.id}/queue?enterprise_id=${e.id}`)).json)),
		tickets: [(await w.s1.client.get(`fairs/${fair.id}/tickets`)).json.items, (await w.s2.client.get(`fairs/${fair.id}/tickets`)).json.items],
	};
}

// The route table (src/http/routes.c) and the contract (docs/api.md): who may call what.
const ANY = ['operator', 'college', 'enterprise', 'student', 'judge'];
const ROUTES = () => [
	['GET', 'fairs', ANY],
	['POST', 'fairs', ['operator'], {}],
	['GET', `fairs/${fair.id}`, ANY],
	['POST', `fairs/${fair.id}`, ['operator'], {}],
	['POST', `fairs/${fair.id}/status`, ['operator'], { to: 'finished' }],
	['POST', `fairs/${fair.id}/signup`, ['enterprise'], { position_ids: [w.e1.p1.id] }],
	['POST', `fairs/${fair.id}/signup/withdraw`, ['enterprise']],
	['GET', `fairs/${fair.id}/signups`, ['operator', 'college', 'enterprise']],
	['POST', `fairs/${fair.id}/signups/review`, ['operator'], { enterprise_id: w.e1.id, decision: 'reject', reason: '越权审核' }],
	['GET', `fairs/${fair.id}/booths`, ANY],
	['POST', `fairs/${fair.id}/booths/allocate`, ['operator']],
	['POST', `fairs/${fair.id}/booths/move`, ['operator'], { enterprise_id: w.e1.id, booth_no: 9 }],
	['GET', `fairs/${fair.id}/booths/export`, ['operator', 'college']],
	['POST', `fairs/${fair.id}/register`, ['student']],
	['GET', `fairs/${fair.id}/pass`, ['student']],
	['POST', `fairs/${fair.id}/checkin`, ['operator', 'college'], { code: 'ZZZZ2222' }],
	['POST', `fairs/${fair.id}/walkin`, ['operator', 'college'], { college_id: w.other.id, student_no: w.s4.student_no, name: w.s4.name }],
	['GET', `fairs/${fair.id}/gate`, ['operator', 'college']],
	['POST', `fairs/${fair.id}/tickets`, ['student'], { enterprise_id: w.e3.id }],
	['POST', `fairs/${fair.id}/tickets/cancel`, ['student'], { ticket_id: t1.id }],
	['GET', `fairs/${fair.id}/tickets`, ['student']],
	['GET', `fairs/${fair.id}/queue`, ['enterprise', 'operator']],
	['POST', `fairs/${fair.id}/queue/call`, ['enterprise', 'operator'], { enterprise_id: w.e1.id }],
	['POST', `fairs/${fair.id}/queue/mark`, ['enterprise', 'operator'], { ticket_id: t1.id, outcome: 'seen' }],
	['GET', `fairs/${fair.id}/live`, ANY],
	['POST', `fairs/${fair.id}/intents`, ['enterprise'], { student_id: w.s1.id, position_id: w.e1.p1.id }],
	['GET', `fairs/${fair.id}/intents`, ANY],
	['POST', `fairs/${fair.id}/interviews`, ['enterprise'], { student_id: w.s2.id, position_id: w.e2.p1.id }],
	['GET', `fairs/${fair.id}/interviews`, ANY],
	['POST', `fairs/${fair.id}/interviews/confirm`, ['student'], { interview_id: iv }],
	['POST', `fairs/${fair.id}/interviews/cancel`, ['student', 'enterprise'], { interview_id: iv }],
	['POST', `fairs/${fair.id}/interviews/done`, ['enterprise'], { interview_id: iv }],
	['POST', `fairs/${fair.id}/schedule`, ['operator', 'enterprise']],
	['GET', `fairs/${fair.id}/stats`, ['operator', 'college']],
	['GET', `fairs/${fair.id}/stats/export?table=hours`, ['operator', 'college']],
];

describe('the route table', () => {
	it('every fair endpoint refuses the roles it does not list with 403, anonymous with 401, and writes nothing', async () => {
		const clients = { operator: admin, college: w.staffH.client, enterprise: w.e1.client, student: w.s1.client, judge };
		const before = await state();
		let refused = 0;
		for (const [method, p, allowed, body] of ROUTES()) {
			for (const [role, c] of Object.entries(clients)) {
				if (allowed.includes(role)) continue;
				const r = method === 'GET' ? await c.get(p) : await c.post(p, body);
				expectError(r, 403, 'forbidden');
				refused += 1;
			}
			const anon = method === 'GET' ? await srv.client().get(p) : await srv.client().post(p, body);
			expectError(anon, 401, 'unauthenticated');
		}
		assert.ok(refused >= 80, `${refused} refusals checked`);
		assert.deepEqual(await state(), before);
	});
});

describe('organisers only, inside the allowed roles', () => {
	it('staff of a college that does not host the fair: 403 at the gate, figures, exports, sign-ups, intents and interviews', async () => {
		const c = w.staffO.client;
		const before = await state();
		const p = await passOf(fair, w.s3);
		expectError(await c.post(`fairs/${fair.id}/checkin`, { pass: p.pass }), 403, 'forbidden');
		expectError(await c.post(`fairs/${fair.id}/checkin`, { code: p.code }), 403, 'forbidden');
		expectError(await c.post(`fairs/${fair.id}/walkin`, { college_id: w.other.id, student_no: w.s4.student_no, name: w.s4.name }), 403, 'forbidden');
		for (const path of ['gate', 'stats', 'stats/export?table=college', 'booths/export', 'intents', 'interviews', 'signups']) {
			expectError(await c.get(`fairs/${fair.id}/${path}`), 403, 'forbidden');
		}
		assert.deepEqual(await state(), before);
		// The same calls work for the host college's staff.
		for (const path of ['gate', 'stats', 'intents', 'interviews', 'signups']) assert.equal((await w.staffH.client.get(`fairs/${fair.id}/${path}`)).status, 200, path);
	});

	it('any signed-in role may follow the live stream of a visible fair', async () => {
		for (const c of [w.staffO.client, judge]) {
			const s = await openLive(c, fair);
			assert.equal(s.status, 200);
			await s.waitFor((f) => f.event === 'hello');
			await s.close();
		}
	});
});

describe('across organisations', () => {
	it('HR of enterprise A sees only A\'s queue: naming B is refused (403)', async () => {
		const r = await w.e1.client.get(`fairs/${fair.id}/queue?enterprise_id=${w.e2.id}`);
		expectError(r, 403, 'forbidden', 'enterprise_id');
		assert.ok(!r.text.includes(w.s2.name));
		const q = (await w.e1.client.get(`fairs/${fair.id}/queue`)).json;
		assert.equal(q.enterprise_id, w.e1.id);
		assert.deepEqual(q.waiting.map((t) => t.id), [t1.id]);
		assert.ok(!JSON.stringify(q).includes(w.s2.name));
	});

	it('HR of A cannot mark, call or hold B\'s tickets: 403 for mark and for a call naming B', async () => {
		const before = await state();
		expectError(await w.e1.client.post(`fairs/${fair.id}/queue/mark`, { ticket_id: t2.id, outcome: 'no_show' }), 403, 'forbidden');
		assert.deepEqual(await state(), before);
		expectError(await w.e1.client.post(`fairs/${fair.id}/queue/call`, { enterprise_id: w.e2.id }), 403, 'forbidden', 'enterprise_id');
		assert.deepEqual(await state(), before, 'nothing called');
		const q2 = (await admin.get(`fairs/${fair.id}/queue?enterprise_id=${w.e2.id}`)).json;
		assert.deepEqual(q2.waiting.map((t) => t.id), [t2.id], 'B\'s queue untouched');
	});

	it('an enterprise without a booth at the fair has no queue: 404, nothing called', async () => {
		const f = await createFair(w);
		await step(w, f, 'signup');
		await signupApproved(w, f, w.e1);
		assert.equal((await admin.post(`fairs/${f.id}/booths/allocate`)).status, 200);
		await step(w, f, 'signup_closed', 'live');
		expectError(await w.e4.client.get(`fairs/${f.id}/queue`), 404, 'not_found', 'enterprise_id');
		expectError(await w.e4.client.post(`fairs/${f.id}/queue/call`), 404, 'not_found', 'enterprise_id');
		expectError(await w.e4.client.post(`fairs/${f.id}/intents`, { student_id: w.s1.id, position_id: w.e4.p1.id }), 422, 'rule', 'position_id');
		assert.equal((await w.e1.client.get(`fairs/${f.id}/queue`)).status, 200);
	});

	it('HR of A cannot record an intent for a student who only met B, nor see B\'s intents', async () => {
		expectError(await w.e1.client.post(`fairs/${fair.id}/intents`, { student_id: w.s2.id, position_id: w.e1.p1.id }), 422, 'rule', 'student_id');
		expectError(await w.e1.client.post(`fairs/${fair.id}/intents`, { student_id: w.s2.id, position_id: w.e2.p1.id }), 422, 'rule', 'position_id');
		const ok = await w.e2.client.post(`fairs/${fair.id}/intents`, { student_id: w.s2.id, position_id: w.e2.p1.id });
		assert.equal(ok.status, 201, `${ok}`);
		assert.deepEqual((await w.e1.client.get(`fairs/${fair.id}/intents`)).json.items, []);
		assert.deepEqual((await w.s1.client.get(`fairs/${fair.id}/intents`)).json.items, []);
		assert.equal((await w.s2.client.get(`fairs/${fair.id}/intents`)).json.items.length, 1);
	});

	it('HR of A cannot see, cancel or complete B\'s interviews (404), nor invite B\'s applicants', async () => {
		const before = await state();
		assert.deepEqual((await w.e1.client.get(`fairs/${fair.id}/interviews`)).json.items, []);
		expectError(await w.e1.client.post(`fairs/${fair.id}/interviews/cancel`, { interview_id: iv }), 404, 'not_found');
		expectError(await w.e1.client.post(`fairs/${fair.id}/interviews/done`, { interview_id: iv }), 404, 'not_found');
		expectError(await w.e1.client.post(`fairs/${fair.id}/interviews`, { student_id: w.s2.id, position_id: w.e2.p1.id }), 422, 'rule', 'student_id');
		assert.deepEqual(await state(), before);
	});

	it('a student cannot read or cancel another student\'s tickets, interviews or pass', async () => {
		const before = await state();
		const mine = (await w.s1.client.get(`fairs/${fair.id}/tickets`)).json.items;
		assert.deepEqual(mine.map((t) => t.id), [t1.id]);
		expectError(await w.s1.client.post(`fairs/${fair.id}/tickets/cancel`, { ticket_id: t2.id }), 404, 'not_found');
		expectError(await w.s1.client.post(`fairs/${fair.id}/interviews/cancel`, { interview_id: iv }), 404, 'not_found');
		expectError(await w.s1.client.post(`fairs/${fair.id}/interviews/confirm`, { interview_id: iv }), 404, 'not_found');
		assert.deepEqual((await w.s1.client.get(`fairs/${fair.id}/interviews`)).json.items, []);
		const p1 = await passOf(fair, w.s1);
		const p2 = await passOf(fair, w.s2);
		assert.notEqual(p1.id, p2.id);
		assert.ok(!JSON.stringify(p1).includes(p2.code));
		// A student who never registered has no pass at all.
		expectError(await w.s4.client.get(`fairs/${fair.id}/pass`), 404, 'not_found');
		assert.deepEqual(await state(), before);
	});
});
