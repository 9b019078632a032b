// Job fairs, live booth queues: entering first (422 entry), one ticket per booth (409), the
// ticket limit (422), place and estimated wait, HR calling the next number (409 empty),
// marking seen / no-show (403 at another enterprise's booth, 409 when done), cancelling;
// the Server-Sent Events stream seen by an HR client and a student client at once; and
// intentions to hire (意向签约) flowing into the application pipeline.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, listAll } from './harness.mjs';
import { enter, liveFair, makeFairWorld, openLive, registerFor, startFairServer } from './fair_lib.mjs';

let srv;
let w;
let admin;
let fair;

before(async () => {
	srv = await startFairServer();
	w = await makeFairWorld(srv);
	admin = w.admin;
	// e1 has 2 interview tables, the others 1; ticket limit 2.
	fair = await liveFair(w, { over: { ticket_limit: 2 }, register: [w.s1, w.s2, w.s3, w.s4, w.s5], entered: [w.s1, w.s2, w.s3, w.s4], tables: { [w.e1.id]: 2 } });
});
after(() => srv?.stop());

const take = (s, e) => s.client.post(`fairs/${fair.id}/tickets`, { enterprise_id: e.id });
const mine = async (s) => {
	const r = await s.client.get(`fairs/${fair.id}/tickets`);
	assert.equal(r.status, 200, `${r}`);
	return r.json.items;
};
const queue = async (client, qs = '') => {
	const r = await client.get(`fairs/${fair.id}/queue${qs}`);
	assert.equal(r.status, 200, `${r}`);
	return r.json;
};
/** The documented estimate: place × 5 minutes (no one seen yet) ÷ tables, whole minutes. */
const estimate = (place, tables) => Math.ceil((place * 5) / tables);

describe('taking tickets', () => {
	it('before entering the gate → 422 entry, nothing written', async () => {
		expectError(await take(w.s5, w.e1), 422, 'rule', 'entry');
		assert.deepEqual(await mine(w.s5), []);
		assert.equal((await queue(w.e1.client)).waiting.length, 0);
	});

	it('an enterprise without a booth here → 404 enterprise_id', async () => {
		expectError(await w.s1.client.post(`fairs/${fair.id}/tickets`, { enterprise_id: w.host.id }), 404, 'not_found', 'enterprise_id');
		assert.deepEqual(await mine(w.s1), []);
	});

	it('first ticket: 201, number 1, place 1, wait = 5 min ÷ the booth\'s tables', async () => {
		const r = await take(w.s1, w.e1);
		assert.equal(r.status, 201, `${r}`);
		const t = r.json.ticket;
		assert.equal(t.seq, 1);
		assert.equal(t.place, 1);
		assert.equal(t.status, 'waiting');
		assert.equal(t.enterprise_id, w.e1.id);
		assert.equal(t.wait_minutes, estimate(1, 2));
	});

	it('place and wait grow with the queue; a one-table booth waits 5 minutes per place', async () => {
		const a = (await take(w.s2, w.e1)).json.ticket;
		assert.equal(a.seq, 2);
		assert.equal(a.place, 2);
		assert.equal(a.wait_minutes, estimate(2, 2));
		const b = (await take(w.s2, w.e2)).json.ticket;
		assert.equal(b.place, 1);
		assert.equal(b.wait_minutes, estimate(1, 1), 'one table, nobody seen yet: 5 minutes');
		const c = (await take(w.s3, w.e2)).json.ticket;
		assert.equal(c.place, 2);
		assert.equal(c.wait_minutes, estimate(2, 1));
	});

	it('a second ticket at the same booth → 409, still one', async () => {
		expectError(await take(w.s1, w.e1), 409, 'conflict');
		assert.equal((await mine(w.s1)).length, 1);
		assert.equal((await queue(w.e1.client)).waiting.length, 2);
	});

	it('the ticket limit (2 waiting or called) → 422 ticket_limit; cancelling one frees a place', async () => {
		// s2 holds e1 and e2.
		expectError(await take(w.s2, w.e3), 422, 'rule', 'ticket_limit');
		assert.equal((await mine(w.s2)).length, 2);
		const e2t = (await mine(w.s2)).find((t) => t.enterprise_id === w.e2.id);
		const r = await w.s2.client.post(`fairs/${fair.id}/tickets/cancel`, { ticket_id: e2t.id });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.items.find((t) => t.id === e2t.id).status, 'cancelled');
		// s3 moves up at e2.
		const s3t = (await mine(w.s3)).find((t) => t.enterprise_id === w.e2.id);
		assert.equal(s3t.place, 1);
		assert.equal(s3t.wait_minutes, estimate(1, 1));
		// A student who left a queue may join it again, at its end (behind s3).
		const again = await take(w.s2, w.e2);
		assert.equal(again.status, 201, `${again}`);
		assert.equal(again.json.ticket.id, e2t.id, 'the same ticket, taken again');
		assert.equal(again.json.ticket.status, 'waiting');
		assert.ok(again.json.ticket.seq > s3t.seq, 'a new number, after those already waiting');
		assert.ok(again.json.ticket.place > s3t.place, 'behind s3');
		// The limit still holds, and leaving again frees the place.
		expectError(await take(w.s2, w.e3), 422, 'rule', 'ticket_limit');
		assert.equal((await w.s2.client.post(`fairs/${fair.id}/tickets/cancel`, { ticket_id: e2t.id })).status, 200);
		assert.equal((await take(w.s2, w.e3)).status, 201);
	});

	it('cancel refusals: another student\'s ticket or an unknown one → 404, nothing changed', async () => {
		const t1 = (await mine(w.s1))[0];
		expectError(await w.s3.client.post(`fairs/${fair.id}/tickets/cancel`, { ticket_id: t1.id }), 404, 'not_found');
		expectError(await w.s3.client.post(`fairs/${fair.id}/tickets/cancel`, { ticket_id: 99999999 }), 404, 'not_found');
		assert.equal((await mine(w.s1))[0].status, 'waiting');
	});

	it('only students take tickets (403 for HR, staff, operator)', async () => {
		for (const c of [w.e1.client, w.staffH.client, admin]) {
			expectError(await c.post(`fairs/${fair.id}/tickets`, { enterprise_id: w.e1.id }), 403, 'forbidden');
			expectError(await c.get(`fairs/${fair.id}/tickets`), 403, 'forbidden');
		}
	});
});

describe('HR at the booth', () => {
	it('the queue in number order, phone masked, with the booth\'s tables', async () => {
		const q = await queue(w.e1.client);
		assert.equal(q.tables, 2);
		assert.deepEqual(q.waiting.map((t) => t.seq), [1, 2]);
		assert.deepEqual(q.waiting.map((t) => t.name), ['陈晓', '林峰']);
		for (const t of q.waiting) {
			assert.ok(!('phone' in t), 'no full phone');
			if (t.phone_masked) assert.match(t.phone_masked, /\*{4}/);
		}
		// The operator reads any booth with ?enterprise_id=.
		assert.deepEqual((await queue(admin, `?enterprise_id=${w.e1.id}`)).waiting.map((t) => t.seq), [1, 2]);
	});

	it('HR naming another enterprise\'s booth is refused (403), nothing called', async () => {
		expectError(await w.e1.client.post(`fairs/${fair.id}/queue/call`, { enterprise_id: w.e2.id }), 403, 'forbidden', 'enterprise_id');
		expectError(await w.e1.client.get(`fairs/${fair.id}/queue?enterprise_id=${w.e2.id}`), 403, 'forbidden', 'enterprise_id');
		assert.deepEqual((await queue(w.e1.client)).waiting.map((t) => t.seq), [1, 2]);
	});

	it('call next takes the lowest waiting number; the others move up', async () => {
		const r = await w.e1.client.post(`fairs/${fair.id}/queue/call`);
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.ticket.seq, 1);
		assert.equal(r.json.ticket.status, 'called');
		assert.equal(r.json.ticket.name, '陈晓');
		const q = await queue(w.e1.client);
		assert.deepEqual(q.called.map((t) => t.seq), [1]);
		assert.deepEqual(q.waiting.map((t) => t.seq), [2]);
		const s2 = (await mine(w.s2)).find((t) => t.enterprise_id === w.e1.id);
		assert.equal(s2.place, 1);
		const s1 = (await mine(w.s1))[0];
		assert.equal(s1.status, 'called');
		assert.equal(s1.place ?? null, null);
	});

	it('HR of another enterprise marking this booth\'s ticket → 403, ticket unchanged', async () => {
		const t = (await queue(w.e1.client)).called[0];
		expectError(await w.e2.client.post(`fairs/${fair.id}/queue/mark`, { ticket_id: t.id, outcome: 'seen' }), 403, 'forbidden');
		assert.equal((await queue(w.e1.client)).called[0].id, t.id);
		assert.equal((await mine(w.s1))[0].status, 'called');
	});

	it('mark seen, then no-show for the next; marking a done ticket again → 409', async () => {
		const q0 = await queue(w.e1.client);
		const t = q0.called[0];
		let r = await w.e1.client.post(`fairs/${fair.id}/queue/mark`, { ticket_id: t.id, outcome: 'seen' });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.ticket.status, 'seen');
		expectError(await w.e1.client.post(`fairs/${fair.id}/queue/mark`, { ticket_id: t.id, outcome: 'no_show' }), 409, 'conflict');
		const next = (await w.e1.client.post(`fairs/${fair.id}/queue/call`)).json.ticket;
		assert.equal(next.seq, 2);
		r = await w.e1.client.post(`fairs/${fair.id}/queue/mark`, { ticket_id: next.id, outcome: 'no_show' });
		assert.equal(r.json.ticket.status, 'no_show');
		const q = await queue(w.e1.client);
		assert.equal(q.seen_count, 1);
		assert.equal(q.no_show_count, 1);
		assert.deepEqual(q.done.map((x) => x.seq).sort(), [1, 2]);
		assert.equal(q.waiting.length + q.called.length, 0);
		expectError(await w.e1.client.post(`fairs/${fair.id}/queue/mark`, { ticket_id: next.id, outcome: 'maybe' }), 400, 'invalid', 'outcome');
	});

	it('calling with nobody waiting → 409 empty', async () => {
		expectError(await w.e1.client.post(`fairs/${fair.id}/queue/call`), 409, 'empty');
	});

	it('a student whose ticket is done may not take another at that booth, but the limit is freed', async () => {
		expectError(await take(w.s1, w.e1), 409, 'conflict');
		assert.equal((await take(w.s1, w.e4)).status, 201);
		assert.equal((await take(w.s1, w.e3)).status, 201);
	});

	it('students, staff and other roles cannot run a queue (403)', async () => {
		for (const c of [w.s1.client, w.staffH.client]) {
			expectError(await c.get(`fairs/${fair.id}/queue`), 403, 'forbidden');
			expectError(await c.post(`fairs/${fair.id}/queue/call`), 403, 'forbidden');
		}
		assert.equal((await queue(w.e3.client)).waiting.length, 2, 'e3 queue unchanged');
	});
});

describe('live updates (Server-Sent Events)', () => {
	it('an HR client and a student client both see queue changes as they happen, with no personal data', async () => {
		const hr = await openLive(w.e4.client, fair);
		const st = await openLive(w.s4.client, fair);
		try {
			for (const s of [hr, st]) {
				assert.equal(s.status, 200);
				assert.match(s.contentType, /^text\/event-stream/);
				await s.waitFor((f) => f.event === 'hello');
			}
			// The student takes a ticket at e4: both streams get a queue frame for e4.
			let from = [hr.frames.length, st.frames.length];
			assert.equal((await take(w.s4, w.e4)).status, 201);
			const isE4 = (f) => f.event === 'queue' && f.data && f.data.enterprise_id === w.e4.id;
			await hr.waitFor(isE4, { from: from[0] });
			await st.waitFor(isE4, { from: from[1] });
			// HR calls: both see it.
			from = [hr.frames.length, st.frames.length];
			const called = await w.e4.client.post(`fairs/${fair.id}/queue/call`);
			assert.equal(called.status, 200);
			await hr.waitFor(isE4, { from: from[0] });
			await st.waitFor(isE4, { from: from[1] });
			// HR marks seen: both see it.
			from = [hr.frames.length, st.frames.length];
			assert.equal((await w.e4.client.post(`fairs/${fair.id}/queue/mark`, { ticket_id: called.json.ticket.id, outcome: 'seen' })).status, 200);
			await hr.waitFor(isE4, { from: from[0] });
			await st.waitFor(isE4, { from: from[1] });
			// A cancel at another booth names that booth.
			from = [hr.frames.length, st.frames.length];
			const t = (await mine(w.s3)).find((x) => x.enterprise_id === w.e2.id && x.status === 'waiting');
			assert.ok(t, 's3 waits at e2');
			assert.equal((await w.s3.client.post(`fairs/${fair.id}/tickets/cancel`, { ticket_id: t.id })).status, 200);
			const isE2 = (f) => f.event === 'queue' && f.data && f.data.enterprise_id === w.e2.id;
			await hr.waitFor(isE2, { from: from[0] });
			await st.waitFor(isE2, { from: from[1] });
			// Every data line is exactly {"enterprise_id":N}: no names, phones or ids of people.
			for (const s of [hr, st]) {
				for (const f of s.frames) {
					if (f.event === 'hello') continue;
					assert.match(f.text, /^\{"enterprise_id":\d+\}$/, `frame ${f.raw}`);
				}
				assert.ok(!/陈晓|林峰|吴娜|郑凯|冯雪|1[3-9]\d{9}/.test(s.text), 'no personal data on the stream');
			}
		} finally {
			await hr.close();
			await st.close();
		}
	});

	it('a draft fair\'s stream is 404 to non-organisers; anonymous is 401', async () => {
		const { createFair } = await import('./fair_lib.mjs');
		const d = await createFair(w);
		const s = await openLive(w.s1.client, d);
		assert.equal(s.status, 404);
		const anon = await openLive(srv.client(), fair);
		assert.equal(anon.status, 401);
		const org = await openLive(w.staffH.client, d);
		assert.equal(org.status, 200);
		await org.close();
	});
});

describe('intentions to hire', () => {
	const intent = (e, s, p, note) => e.client.post(`fairs/${fair.id}/intents`, { student_id: s.id, position_id: p.id, ...(note ? { note } : {}) });
	const intents = async (client) => {
		const r = await client.get(`fairs/${fair.id}/intents`);
		assert.equal(r.status, 200, `${r}`);
		return r.json.items;
	};

	it('for a student who queued at the booth: creates the application as 录用 (offered) with the fair note', async () => {
		// s2 queued at e1 (no-show) and never applied.
		const r = await intent(w.e1, w.s2, w.e1.p1, '现场面谈满意');
		assert.equal(r.status, 201, `${r}`);
		const { intent_id, application_id } = r.json;
		assert.equal(typeof intent_id, 'number');
		const apps = await listAll(w.s2.client, 'applications');
		const app = apps.find((a) => a.id === application_id);
		assert.ok(app, 'in the student\'s application list');
		assert.equal(app.status, 'offered');
		assert.equal(app.position_id, w.e1.p1.id);
		const full = (await w.s2.client.get(`applications/${application_id}`)).json.application;
		assert.ok(full.history.some((h) => h.to_status === 'offered' && /双选会意向签约/.test(h.note || '')), JSON.stringify(full.history));
		const mineS = await intents(w.s2.client);
		assert.deepEqual(mineS.map((i) => i.id), [intent_id]);
	});

	it('the same pair again → 409, nothing added', async () => {
		expectError(await intent(w.e1, w.s2, w.e1.p1), 409, 'conflict');
		assert.equal((await intents(w.e1.client)).length, 1);
	});

	it('an existing application moves to offered, with the history note', async () => {
		// s5 never entered the fair; they applied to e2's position before it.
		const ap = await w.s5.client.post(`positions/${w.e2.p1.id}/apply`);
		assert.equal(ap.status, 201, `${ap}`);
		const r = await intent(w.e2, w.s5, w.e2.p1);
		assert.equal(r.status, 201, `${r}`);
		assert.equal(r.json.application_id, ap.json.application.id);
		const a = (await w.s5.client.get(`applications/${ap.json.application.id}`)).json.application;
		assert.equal(a.status, 'offered');
		const last = a.history.at(-1);
		assert.equal(last.from_status, 'submitted');
		assert.equal(last.to_status, 'offered');
		assert.match(last.note || '', /双选会意向签约/);
	});

	it('a student who neither queued at the booth nor applied → 422 student_id, nothing written', async () => {
		const before = (await listAll(w.s4.client, 'applications')).length;
		expectError(await intent(w.e1, w.s4, w.e1.p1), 422, 'rule', 'student_id');
		assert.equal((await listAll(w.s4.client, 'applications')).length, before);
		assert.equal((await intents(w.e1.client)).length, 1);
	});

	it('a position not brought to this fair, or another enterprise\'s → 422 position_id', async () => {
		const { openPosition } = await import('./recruit_lib.mjs');
		const p = await openPosition(w.e1.client, { title: '没带来的岗位' });
		expectError(await intent(w.e1, w.s2, p), 422, 'rule', 'position_id');
		expectError(await intent(w.e1, w.s2, w.e2.p1), 422, 'rule', 'position_id');
		assert.equal((await intents(w.e1.client)).length, 1);
	});

	it('who sees which intents: HR their own, students their own, organisers all; other colleges 403', async () => {
		assert.deepEqual((await intents(w.e2.client)).map((i) => i.enterprise_id), [w.e2.id]);
		assert.deepEqual((await intents(w.s1.client)), []);
		for (const c of [admin, w.staffH.client]) assert.equal((await intents(c)).length, 2);
		expectError(await w.staffO.client.get(`fairs/${fair.id}/intents`), 403, 'forbidden');
		for (const c of [w.s1.client, w.staffH.client, admin]) expectError(await c.post(`fairs/${fair.id}/intents`, { student_id: w.s2.id, position_id: w.e1.p2.id }), 403, 'forbidden');
		assert.equal((await intents(admin)).length, 2);
	});
});
