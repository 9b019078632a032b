// Live streams under load and at shutdown: frames of a burst are merged, each student or HR
// account holds at most 4 streams, a new one ending the oldest (organisers are not limited), /metrics counts the open
// streams, and the server stops cleanly (exit 0) with streams still open.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError } from './harness.mjs';
import { enter, liveFair, makeFairWorld, openLive, passOf, sleep, startFairServer } from './fair_lib.mjs';

let srv, w, fair;
const streams = [];
before(async () => {
	srv = await startFairServer();
	w = await makeFairWorld(srv);
	fair = await liveFair(w, { register: w.students.filter((s) => s !== w.s5) });
});
after(async () => {
	// Stop with streams still open: stop() fails unless the server exits 0.
	await srv?.stop();
	for (const s of streams) await s.close();
});

const gauge = async () => {
	// /metrics: a loopback client that no proxy relayed (no X-Forwarded-For).
	const r = await srv.client().get('/metrics', { headers: { 'X-Forwarded-For': null } });
	const m = /^skyway_live_streams (\d+)$/m.exec(r.text);
	assert.ok(m, 'no skyway_live_streams gauge in /metrics');
	return Number(m[1]);
};

describe('live streams', () => {
	it('a burst of check-ins reaches a stream as fewer, merged frames, and the last state is never lost', async () => {
		const s = await openLive(w.admin, fair);
		streams.push(s);
		assert.equal(s.status, 200);
		await s.waitFor((f) => f.event === 'hello');
		const passes = [];
		for (const st of [w.s1, w.s2, w.s3, w.s4]) passes.push((await passOf(fair, st)).pass);
		const from = s.frames.length;
		// Four first entries and four repeat scans at once: eight requests, one kind of change.
		const answers = await Promise.all([...passes, ...passes].map((pass) => w.admin.post(`fairs/${fair.id}/checkin`, { pass })));
		for (const a of answers) assert.equal(a.status, 200, `${a}`);
		assert.equal(answers.filter((a) => a.json.result === 'entered').length, 4, 'each student entered once');
		await s.waitFor((f) => f.event === 'gate', { from });
		await sleep(800); // longer than the merging window (250 ms): anything else would have arrived
		const gates = s.frames.slice(from).filter((f) => f.event === 'gate');
		assert.ok(gates.length >= 1 && gates.length < 4, `4 entries gave ${gates.length} gate frames`);
		// A change after the burst still arrives on its own.
		const after = s.frames.length;
		const q = await w.s1.client.post(`fairs/${fair.id}/tickets`, { enterprise_id: w.e1.id });
		assert.equal(q.status, 201, `${q}`);
		const f = await s.waitFor((x) => x.event === 'queue', { from: after });
		assert.deepEqual(f.data, { enterprise_id: w.e1.id });
	});

	it('a student holds at most 4 streams: a fifth ends their oldest; /metrics counts them', async () => {
		const base = await gauge();
		const mine = [];
		for (let i = 0; i < 4; i++) {
			const s = await openLive(w.s2.client, fair);
			assert.equal(s.status, 200, `stream ${i + 1}: ${s.body}`);
			await s.waitFor((f) => f.event === 'hello');
			mine.push(s);
		}
		assert.equal(await gauge(), base + 4);
		const fifth = await openLive(w.s2.client, fair);
		assert.equal(fifth.status, 200);
		await fifth.waitFor((f) => f.event === 'hello');
		// The oldest one ends (the client sees the end of the stream) ...
		for (let t = 0; t < 50 && !mine[0].closed; t++) await sleep(100);
		assert.ok(mine[0].closed, 'the oldest stream did not end');
		for (const s of mine.slice(1)) assert.ok(!s.closed, 'a newer stream ended');
		// ... and the count stays at four.
		let n;
		for (let t = 0; t < 50 && (n = await gauge()) !== base + 4; t++) await sleep(100);
		assert.equal(n, base + 4);
		// Another student is not affected, and the newer streams still get frames.
		const other = await openLive(w.s3.client, fair);
		assert.equal(other.status, 200);
		const from = mine[3].frames.length;
		assert.equal((await w.s3.client.post(`fairs/${fair.id}/tickets`, { enterprise_id: w.e2.id })).status, 201);
		await mine[3].waitFor((f) => f.event === 'queue', { from });
		await fifth.waitFor((f) => f.event === 'queue');
		streams.push(other, fifth, ...mine);
	});

	it('organisers are not limited (the venue\'s screens)', async () => {
		for (let i = 0; i < 6; i++) {
			const s = await openLive(w.staffH.client, fair);
			assert.equal(s.status, 200, `organiser stream ${i + 1}`);
			streams.push(s);
		}
	});

	it('a stream answers only who may see the fair', async () => {
		const anon = srv.client();
		const r = await anon.get(`fairs/${fair.id}/live`);
		expectError(r, 401, 'unauthenticated');
	});
});
