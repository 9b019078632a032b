// Job fairs, the gate: check-in by pass and by short code (any case), a second scan shown
// as already inside and counted once, forged / other-fair / expired / malformed passes
// refused with the documented code and field pass (and audited), unknown codes, a fair
// that is not live, who may run the gate, walk-ins (eligibility applies), and leaving
// (a scan out: 在场 down, 入场 kept; presence ends with the fair). The server runs with one
// worker thread: a check-in waiting for its group commit is suspended and holds none.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { expectError, sleep } from './harness.mjs';
import { createFair, getFair, liveFair, makeFairWorld, nowSec, passOf, registerFor, startFairServer, step } from './fair_lib.mjs';

let srv;
let w;
let admin;
let fair;
let otherFair;

before(async () => {
	// One worker: a request that held it while waiting for the gate would stall the rest.
	srv = await startFairServer({ args: ['--threads', '1'] });
	w = await makeFairWorld(srv);
	admin = w.admin;
	fair = await liveFair(w, { register: [w.s1, w.s2, w.s3] });
	otherFair = await liveFair(w, { register: [w.s1, w.s4] });
});
after(() => srv?.stop());

const gate = async (client = admin, f = fair) => {
	const r = await client.get(`fairs/${f.id}/gate`);
	assert.equal(r.status, 200, `${r}`);
	return r.json;
};
const stats = async (f = fair) => {
	const r = await admin.get(`fairs/${f.id}/stats`);
	assert.equal(r.status, 200, `${r}`);
	return r.json.figures;
};
const checkin = (client, body, f = fair) => client.post(`fairs/${f.id}/checkin`, body);
/** The pass with one character of its MAC changed. */
function tamper(pass, at = -3) {
	const i = pass.length + at;
	const c = pass[i] === 'A' ? 'B' : 'A';
	return pass.slice(0, i) + c + pass.slice(i + 1);
}

describe('check-in', () => {
	it('by pass: entered, with the student; the gate and the fair count one entry', async () => {
		const g0 = await gate();
		assert.equal(g0.registered, 3);
		assert.equal(g0.entered, 0);
		const p = await passOf(fair, w.s1);
		const t0 = nowSec();
		const r = await checkin(admin, { pass: p.pass });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.result, 'entered');
		assert.equal(typeof r.json.message, 'string');
		const s = r.json.student;
		assert.equal(s.name, '陈晓');
		assert.equal(s.college, w.host.name);
		assert.equal(s.major, '机电一体化技术');
		assert.equal(s.grad_year, 2026);
		assert.equal(s.scans, 1);
		assert.equal(s.registration_id, p.id);
		const g = await gate();
		assert.equal(g.entered, 1);
		assert.equal(g.repeat_scans, 0);
		assert.equal(g.recent[0].name, '陈晓');
		const mine = await passOf(fair, w.s1);
		assert.ok(mine.entered_at >= t0 - 1 && mine.entered_at <= nowSec() + 1);
		assert.equal((await getFair(admin, fair)).entered, 1);
	});

	it('the same pass again: already_inside, scans 2, still counted once in /gate and /stats', async () => {
		const p = await passOf(fair, w.s1);
		const first = p.entered_at;
		const r = await checkin(w.staffH.client, { pass: p.pass });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.result, 'already_inside');
		assert.equal(r.json.student.scans, 2);
		const g = await gate();
		assert.equal(g.entered, 1);
		assert.equal(g.repeat_scans, 1);
		assert.equal(g.recent.filter((x) => x.name === '陈晓').length, 1);
		const f = await stats();
		assert.equal(f.entered, 1);
		assert.equal(f.inside, 1);
		assert.equal((await passOf(fair, w.s1)).entered_at, first, 'entry time is the first scan');
	});

	it('by short code typed in lower case: entered; again in upper case, with a blank or a dash: already inside', async () => {
		const p = await passOf(fair, w.s2);
		let r = await checkin(admin, { code: p.code.toLowerCase() });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.result, 'entered');
		assert.equal(r.json.student.name, '林峰');
		r = await checkin(admin, { code: p.code });
		assert.equal(r.json.result, 'already_inside');
		// As printed on the pass (two groups of four), with a dash, in lower case.
		for (const typed of [`${p.code.slice(0, 4)} ${p.code.slice(4)}`, `${p.code.slice(0, 4)}-${p.code.slice(4)}`.toLowerCase()]) {
			r = await checkin(admin, { code: typed });
			assert.equal(r.status, 200, `${typed}: ${r}`);
			assert.equal(r.json.student.name, '林峰', typed);
		}
		const g = await gate();
		assert.equal(g.entered, 2);
		assert.equal(g.repeat_scans, 4);
	});

	it('an unknown short code, or one from another fair → 404', async () => {
		const before = await gate();
		expectError(await checkin(admin, { code: 'ZZZZ2222' }), 404, 'not_found');
		const p4 = await passOf(otherFair, w.s4);
		expectError(await checkin(admin, { code: p4.code }), 404, 'not_found');
		assert.deepEqual(await gate(), before);
		assert.equal((await gate(admin, otherFair)).entered, 0);
	});

	it('neither pass nor code → 400 field pass', async () => {
		expectError(await checkin(admin, {}), 400, 'missing', 'pass');
	});
});

describe('bad passes', () => {
	const expectRefused = async (body, code) => {
		const before = await gate();
		const e = expectError(await checkin(admin, body), 422, code, 'pass');
		assert.deepEqual(await gate(), before, 'nothing counted');
		return e;
	};

	it('forged: one character of the MAC changed → 422 forged, audited as denied', async () => {
		const p = await passOf(fair, w.s3);
		for (const at of [-1, -5, -16]) await expectRefused({ pass: tamper(p.pass, at) }, 'forged');
		// The real pass still works afterwards, so the refusal was about the change.
		const r = await checkin(admin, { pass: p.pass });
		assert.equal(r.json.result, 'entered');
		const audit = await admin.get('audit?action=fair.checkin&outcome=denied');
		assert.equal(audit.status, 200, `${audit}`);
		assert.ok(audit.json.items.filter((a) => a.detail === 'forged').length >= 3, `${audit}`);
	});

	it('forged: the registration number or the expiry changed under the same MAC → 422 forged', async () => {
		const p = await passOf(fair, w.s2);
		const [pre, f, reg, exp, mac] = p.pass.split('.');
		await expectRefused({ pass: [pre, f, String(Number(reg) + 1), exp, mac].join('.') }, 'forged');
		await expectRefused({ pass: [pre, f, reg, String(Number(exp) + 86400), mac].join('.') }, 'forged');
		// Another fair's id with this fair's MAC is forged too (the MAC covers the fair).
		await expectRefused({ pass: [pre, String(otherFair.id), reg, exp, mac].join('.') }, 'forged');
	});

	it('a valid pass of another fair → 422 other_fair', async () => {
		const p4 = await passOf(otherFair, w.s4);
		await expectRefused({ pass: p4.pass }, 'other_fair');
		// s1 is registered at both: the other fair's pass does not open this one.
		const p1 = await passOf(otherFair, w.s1);
		await expectRefused({ pass: p1.pass }, 'other_fair');
		// ...and it does open its own fair.
		const r = await checkin(admin, { pass: p4.pass }, otherFair);
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.result, 'entered');
	});

	it('malformed → 422 malformed', async () => {
		for (const pass of ['hello', 'SKY1.', 'SKY1.1.2.3', 'SKY2.1.2.3.abcdefghijklmnopqrstuv', `SKY1.${fair.id}.x.1.abc`, `SKY1.0${fair.id}.1.1.abc`]) {
			await expectRefused({ pass }, 'malformed');
		}
		// Longer than any pass (whatever a camera read): not a pass either.
		await expectRefused({ pass: 'S'.repeat(200) }, 'malformed');
		await expectRefused({ pass: `SKY1.${fair.id}.1.1.${'A'.repeat(300)}` }, 'malformed');
	});

	it('expired: a fair that ended a moment ago refuses its passes with 422 expired', async () => {
		const now = nowSec();
		const short = await createFair(w, { starts_at: now - 600, ends_at: now + 5, name: `短时招聘会${now}` });
		await step(w, short, 'signup');
		await registerFor(short, w.s1);
		await registerFor(short, w.s2);
		await step(w, short, 'signup_closed', 'live');
		const p1 = await passOf(short, w.s1);
		const p2 = await passOf(short, w.s2);
		assert.equal(p1.expires_at, short.ends_at);
		// Before the end the pass works (s2)...
		const ok = await checkin(admin, { pass: p2.pass }, short);
		const at = nowSec();
		assert.ok(at <= short.ends_at, `the first check-in ran before the end (${at} vs ${short.ends_at})`);
		assert.equal(ok.json.result, 'entered', `${ok}`);
		// ...after it, the other one is refused as expired.
		await sleep((short.ends_at + 1.3) * 1000 - Date.now());
		assert.ok(nowSec() > short.ends_at);
		const before = await gate(admin, short);
		expectError(await checkin(admin, { pass: p1.pass }, short), 422, 'expired', 'pass');
		// Its typed short code is no longer good either.
		expectError(await checkin(admin, { code: p1.code }, short), 422, 'expired', 'code');
		assert.deepEqual(await gate(admin, short), before);
		assert.equal(before.entered, 1);
		assert.equal(before.inside, 0, 'presence ends with the fair');
	});
});

describe('who runs the gate, and when', () => {
	it('host college staff and the operator may; another college\'s staff, HR and students get 403', async () => {
		const p = await passOf(fair, w.s1);
		const before = await gate();
		for (const c of [w.staffO.client, w.e1.client, w.s1.client]) {
			expectError(await checkin(c, { pass: p.pass }), 403, 'forbidden');
			expectError(await c.post(`fairs/${fair.id}/walkin`, { college_id: w.other.id, student_no: w.s4.student_no, name: w.s4.name }), 403, 'forbidden');
			expectError(await c.get(`fairs/${fair.id}/gate`), 403, 'forbidden');
		}
		assert.deepEqual(await gate(w.staffH.client), before);
	});

	it('a fair that is not live → 422 status (signup_closed, finished)', async () => {
		const f = await createFair(w);
		await step(w, f, 'signup');
		await registerFor(f, w.s1);
		await step(w, f, 'signup_closed');
		const p = await passOf(f, w.s1);
		expectError(await checkin(admin, { pass: p.pass }, f), 422, 'rule', 'status');
		expectError(await checkin(admin, { code: p.code }, f), 422, 'rule', 'status');
		expectError(await admin.post(`fairs/${f.id}/walkin`, { college_id: w.host.id, student_no: w.s2.student_no, name: w.s2.name }), 422, 'rule', 'status');
		await step(w, f, 'live', 'finished');
		expectError(await checkin(admin, { pass: p.pass }, f), 422, 'rule', 'status');
		const g = await gate(admin, f);
		assert.equal(g.entered, 0);
		assert.equal(g.registered, 1);
	});
});

describe('walk-ins', () => {
	it('a student not registered: registered and entered at once (201), counted as a walk-in', async () => {
		const before = await gate();
		const r = await w.staffH.client.post(`fairs/${fair.id}/walkin`, { college_id: w.other.id, student_no: w.s4.student_no, name: w.s4.name });
		assert.equal(r.status, 201, `${r}`);
		assert.equal(r.json.result, 'entered');
		assert.equal(r.json.student.name, '郑凯');
		const g = await gate();
		assert.equal(g.registered, before.registered + 1);
		assert.equal(g.entered, before.entered + 1);
		assert.equal(g.walk_ins, before.walk_ins + 1);
		assert.equal((await stats()).walk_ins, 1);
		// The student now has a pass and can queue.
		const p = await passOf(fair, w.s4);
		assert.ok(p.entered_at);
		// A second walk-in of the same student is a repeat scan, not a second registration.
		const again = await admin.post(`fairs/${fair.id}/walkin`, { college_id: w.other.id, student_no: w.s4.student_no, name: w.s4.name });
		assert.equal(again.json.result, 'already_inside', `${again}`);
		const g2 = await gate();
		assert.equal(g2.registered, g.registered);
		assert.equal(g2.entered, g.entered);
		assert.equal(g2.walk_ins, g.walk_ins);
	});

	it('unknown student number, the number at the wrong college, or the wrong name → the same 404 student_no', async () => {
		const before = await gate();
		const answers = [
			await admin.post(`fairs/${fair.id}/walkin`, { college_id: w.host.id, student_no: 'NOPE-000', name: '无此人' }),
			await admin.post(`fairs/${fair.id}/walkin`, { college_id: w.host.id, student_no: w.s5.student_no, name: w.s5.name }),
			// The right college and number but another name: the gate cannot be used to
			// look students up by number, so this answer is the same as an unknown number.
			await w.staffH.client.post(`fairs/${fair.id}/walkin`, { college_id: w.third.id, student_no: w.s5.student_no, name: '张三' }),
		];
		const messages = answers.map((r) => expectError(r, 404, 'not_found', 'student_no').message);
		assert.equal(new Set(messages).size, 1, `different answers: ${messages}`);
		for (const r of answers) assert.ok(!r.text.includes(w.s5.name), 'the student\'s name leaked');
		assert.deepEqual(await gate(), before);
		expectError(await admin.post(`fairs/${fair.id}/walkin`, { college_id: w.third.id, student_no: w.s5.student_no }), 400, 'missing', 'name');
	});

	it('eligibility applies at the gate: 422 naming the rule, nothing written', async () => {
		const f = await liveFair(w, { over: { eligible_colleges: [w.host.id, w.third.id], eligible_years: [2026] } });
		expectError(await admin.post(`fairs/${f.id}/walkin`, { college_id: w.other.id, student_no: w.s3.student_no, name: w.s3.name }), 422, 'rule', 'college');
		expectError(await admin.post(`fairs/${f.id}/walkin`, { college_id: w.host.id, student_no: w.s2.student_no, name: w.s2.name }), 422, 'rule', 'grad_year');
		const g = await gate(admin, f);
		assert.equal(g.registered, 0);
		assert.equal(g.walk_ins, 0);
		const ok = await admin.post(`fairs/${f.id}/walkin`, { college_id: w.third.id, student_no: w.s5.student_no, name: w.s5.name });
		assert.equal(ok.status, 201, `${ok}`);
	});

	it('capacity applies to walk-ins: 422 capacity', async () => {
		const f = await liveFair(w, { over: { capacity: 1 }, register: [w.s1] });
		expectError(await admin.post(`fairs/${f.id}/walkin`, { college_id: w.host.id, student_no: w.s2.student_no, name: w.s2.name }), 422, 'rule', 'capacity');
		assert.equal((await gate(admin, f)).registered, 1);
	});
});

describe('leaving: 入场 counts who came in, 在场 who is still inside', () => {
	it('a scan out lowers inside and keeps entered; again: already_left; a scan in brings them back; one never in → 422', async () => {
		const f = await liveFair(w, { register: [w.s1, w.s2, w.s3] });
		const [p1, p2, p3] = [await passOf(f, w.s1), await passOf(f, w.s2), await passOf(f, w.s3)];
		for (const p of [p1, p2]) assert.equal((await checkin(admin, { pass: p.pass }, f)).json.result, 'entered');
		let g = await gate(admin, f);
		assert.deepEqual([g.entered, g.inside, g.left], [2, 2, 0]);
		const out = await w.staffH.client.post(`fairs/${f.id}/checkout`, { code: `${p1.code.slice(0, 4)} ${p1.code.slice(4)}` });
		assert.equal(out.status, 200, `${out}`);
		assert.equal(out.json.result, 'left');
		assert.equal(out.json.student.name, '陈晓');
		const leftAt = out.json.student.left_at;
		assert.ok(leftAt > 0);
		g = await gate(admin, f);
		assert.deepEqual([g.entered, g.inside, g.left], [2, 1, 1]);
		const s = await stats(f);
		assert.deepEqual([s.entered, s.inside, s.left], [2, 1, 1]);
		const again = await admin.post(`fairs/${f.id}/checkout`, { pass: p1.pass });
		assert.equal(again.json.result, 'already_left');
		assert.equal(again.json.student.left_at, leftAt, 'the first exit time is kept');
		expectError(await admin.post(`fairs/${f.id}/checkout`, { pass: p3.pass }), 422, 'rule', 'pass');
		expectError(await admin.post(`fairs/${f.id}/checkout`, { code: p3.code }), 422, 'rule', 'code');
		expectError(await admin.post(`fairs/${f.id}/checkout`, {}), 400, 'missing', 'pass');
		expectError(await admin.post(`fairs/${f.id}/checkout`, { pass: tamper(p2.pass) }), 422, 'forged', 'pass');
		const denied = (await admin.get('audit?action=fair.checkout&outcome=denied')).json.items;
		assert.ok(denied.some((r) => r.detail === 'forged'), 'a refused scan out is audited as fair.checkout');
		expectError(await w.staffO.client.post(`fairs/${f.id}/checkout`, { pass: p2.pass }), 403, 'forbidden');
		// Back in: inside again, entered still counts them once.
		assert.equal((await checkin(admin, { pass: p1.pass }, f)).json.result, 'already_inside');
		g = await gate(admin, f);
		assert.deepEqual([g.entered, g.inside, g.left], [2, 2, 0]);
		// Once the fair is over nobody is inside, and nobody can be scanned out.
		await step(w, f, 'finished');
		g = await gate(admin, f);
		assert.deepEqual([g.entered, g.inside], [2, 0]);
		expectError(await admin.post(`fairs/${f.id}/checkout`, { pass: p2.pass }), 422, 'rule', 'status');
	});
});

/**
 * Holds what the gate's writer needs behind the server's back (SQLite: the database's write
 * lock; PostgreSQL: fair f's registration rows), so scans wait for their group. Resolves,
 * once held, to a function that lets go.
 */
function holdGate(f) {
	const sqlite = srv.dbUrl.startsWith('sqlite:');
	const child = sqlite
		? spawn('sqlite3', [srv.dbUrl.replace(/^sqlite:(\/\/)?/, '')])
		: spawn('psql', [srv.dbUrl, '-qAt', '-v', 'ON_ERROR_STOP=1']);
	let out = '';
	return new Promise((resolve, reject) => {
		child.on('error', reject);
		child.stdout.on('data', (d) => {
			out += d;
			if (out.includes('held'))
				resolve(() => {
					child.stdin.end('COMMIT;\n');
					return new Promise((r) => child.on('close', r));
				});
		});
		child.stdin.write(
			sqlite
				? ".timeout 5000\nBEGIN IMMEDIATE;\nSELECT 'held';\n"
				: `BEGIN;\nSELECT id FROM fair_students WHERE fair_id = ${Number(f.id)} FOR UPDATE;\nSELECT 'held';\n`
		);
	});
}

/** Scans waiting for the gate's writer (/metrics, as a local client no proxy relayed). */
async function gateWaiting() {
	const r = await srv.client().get('/metrics', { headers: { 'X-Forwarded-For': null } });
	const m = /^skyway_gate_waiting (\d+)$/m.exec(r.text);
	assert.ok(m, 'no skyway_gate_waiting gauge in /metrics');
	return Number(m[1]);
}
async function untilWaiting(n) {
	for (let i = 0; i < 400 && (await gateWaiting()) !== n; i++) await sleep(25);
	assert.equal(await gateWaiting(), n);
}

describe('a check-in waiting for its group holds no worker thread (--threads 1)', () => {
	it('check-ins wait suspended while other requests are answered; a client gone meanwhile does no harm', async () => {
		const f = await liveFair(w, { register: [w.s1, w.s2, w.s3, w.s4] });
		const passes = [];
		for (const s of [w.s1, w.s2, w.s3, w.s4]) passes.push(await passOf(f, s));
		// A fresh session: touching an older one (a write) would wait for the lock too.
		const scanner = await srv.login(w.staffH.acct.login, w.staffH.acct.password);
		const release = await holdGate(f);
		let answers;
		let gone;
		try {
			answers = passes.slice(0, 3).map((p) => checkin(scanner, { pass: p.pass }, f));
			// The fourth scanner's client goes away while its check-in waits.
			gone = net.connect(srv.port, '127.0.0.1');
			const body = JSON.stringify({ pass: passes[3].pass });
			gone.end(
				`POST /api/v1/fairs/${f.id}/checkin HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nOrigin: ${srv.url}\r\n` +
					`Cookie: skyway_session=${scanner.cookie}\r\nX-CSRF-Token: ${scanner.csrf}\r\n` +
					`Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
			);
			gone.on('error', () => {});
			// Four check-ins wait, and the one worker still answers /metrics and the gate.
			await untilWaiting(4);
			gone.destroy();
			assert.equal((await gate(scanner, f)).entered, 0);
		} finally {
			await release();
		}
		for (const r of await Promise.all(answers)) {
			assert.equal(r.status, 200, `${r}`);
			assert.equal(r.json.result, 'entered');
		}
		await untilWaiting(0);
		// The entry whose answer was lost is written all the same, and the server goes on.
		assert.equal((await gate(scanner, f)).entered, 4);
		assert.equal((await checkin(scanner, { pass: passes[3].pass }, f)).json.result, 'already_inside');
	});
});
