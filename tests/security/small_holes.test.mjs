// Issue 16, item 7, the smaller holes: a save that changes nothing writes nothing; ids in
// paths are canonical digits; bulk ids must be integers (400 naming ids); a GET never
// writes (an application is marked viewed by a POST); /metrics is for loopback clients
// no proxy relayed, or for the bearer token from the configuration.  Each refusal is
// checked for its exact status and for writing nothing.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BIN, createDatabase, expectError, listAll, runCli, sleep } from '../api/harness.mjs';
import { DATA_KEY, MAJOR, SKILL, dbQuery, makeWorld, openPosition, registerStudent, startRecruitServer } from '../api/recruit_lib.mjs';

let srv;
let w;
let admin;
let P;
const S = {};

const auditCount = async (action) => (await listAll(admin, 'audit', { action })).length;
const studentRow = (id) => dbQuery(srv, `SELECT updated_at, discoverable, skills FROM students WHERE id = ${Number(id)}`)[0];
const count = (sql) => Number(dbQuery(srv, sql)[0]);

before(async () => {
	srv = await startRecruitServer();
	w = await makeWorld(srv);
	admin = w.admin;
	P = await openPosition(w.hrA.client, { title: '质检员' });
	S.a = await registerStudent(srv, w.collegeA, {
		name: '赵安静',
		profile: { major_code: MAJOR.mechatronics, grad_year: 2026, degree: 2, skills: [SKILL.plc], discoverable: true, phone: '13812340000' },
	});
});
after(() => srv?.stop());

describe('a save that changes nothing writes nothing', () => {
	it('POST /students/me with {} or with the stored values: same updated_at, no audit event, no consent, no skill rows', async () => {
		const id = S.a.id;
		const before = studentRow(id);
		const updates = await auditCount('student.update');
		const consents = count(`SELECT COUNT(*) FROM consents WHERE student_id = ${id}`);
		const skills = count(`SELECT COUNT(*) FROM student_skills WHERE student_id = ${id}`);
		await sleep(1100); // a write now would move updated_at (seconds)
		const me = (await S.a.client.get('students/me')).json.student;
		const same = { major_code: me.major_code, grad_year: me.grad_year, degree: me.degree, skills: me.skills, discoverable: true, phone: '13812340000' };
		for (const body of [{}, same, { discoverable: true }, { skills: [SKILL.plc] }]) {
			const r = await S.a.client.post('students/me', body);
			assert.equal(r.status, 200, `${r}`);
			assert.equal(r.json.student.updated_at, me.updated_at, `${JSON.stringify(body)} moved updated_at`);
			assert.deepEqual(studentRow(id), before, `${JSON.stringify(body)} wrote the row`);
		}
		assert.equal(await auditCount('student.update'), updates, 'a save without change was audited');
		assert.equal(count(`SELECT COUNT(*) FROM consents WHERE student_id = ${id}`), consents);
		assert.equal(count(`SELECT COUNT(*) FROM student_skills WHERE student_id = ${id}`), skills);
		// The control: a real change is written (so the checks above can fail).
		const r = await S.a.client.post('students/me', { grad_year: 2027 });
		assert.equal(r.status, 200, `${r}`);
		assert.notEqual(studentRow(id), before);
		assert.equal(await auditCount('student.update'), updates + 1);
	});
});

describe('ids in paths are canonical digits', () => {
	const bad = ['+1', '1e0', '01', '00', '0', '-1', '0x1', '1.0', '1%20', '%201', '%2B1', '１', '1a', '9223372036854775808', '1234567890123456789'];
	it('GET /positions/{bad} and friends → 404 not_found (never the object with that number)', async () => {
		assert.equal((await w.hrA.client.get(`positions/${P.id}`)).status, 200, 'the control');
		for (const b of bad.concat([`0${P.id}`, `+${P.id}`, `${P.id}e0`])) {
			for (const p of [`positions/${b}`, `students/${b}`, `applications/${b}`, `accounts/${b}`, `fairs/${b}`]) {
				const r = await admin.get(p);
				expectError(r, 404, 'not_found');
			}
		}
	});

	it('a write to /positions/+{id}/close is refused and closes nothing', async () => {
		expectError(await w.hrA.client.post(`positions/+${P.id}/close`), 404, 'not_found');
		expectError(await w.hrA.client.post(`positions/0${P.id}/close`), 404, 'not_found');
		assert.equal((await w.hrA.client.get(`positions/${P.id}`)).json.position.status, 'open');
	});

	it('/dict/{name} and /imports/{kind} take words, not ids', async () => {
		assert.equal((await admin.get('dict/cities')).status, 200);
		expectError(await admin.get('dict/1'), 404, 'not_found');
		assert.equal((await admin.get('imports/students/template')).status, 200);
	});
});

describe('bulk ids must be integers', () => {
	it('ids [1.5], ["1"], [null], [true], [{}] → 400 invalid naming ids; nothing changed', async () => {
		const s = await registerStudent(srv, w.collegeB, { name: '钱批量', profile: { grad_year: 2026, degree: 2 } });
		const r0 = await s.client.post(`positions/${P.id}/apply`);
		assert.equal(r0.status, 201, `${r0}`);
		const app = r0.json.application;
		const changes = await auditCount('application.bulk_status');
		for (const ids of [[1.5], ['1'], [String(app.id)], [null], [true], [{}], [app.id, 1.5], [app.id + 0.5]]) {
			const r = await w.hrA.client.post('applications/bulk', { ids, status: 'interview' });
			expectError(r, 400, 'invalid', 'ids');
		}
		assert.equal(dbQuery(srv, `SELECT status FROM applications WHERE id = ${app.id}`)[0], 'submitted');
		assert.equal(await auditCount('application.bulk_status'), changes);
		// The control: integers work.
		const ok = await w.hrA.client.post('applications/bulk', { ids: [app.id], status: 'interview' });
		assert.equal(ok.status, 200, `${ok}`);
	});
});

describe('a GET never writes', () => {
	it('HR reading a submitted application leaves it submitted; POST …/viewed marks it', async () => {
		const s = await registerStudent(srv, w.collegeB, { name: '孙查看', profile: { grad_year: 2026, degree: 2 } });
		const r0 = await s.client.post(`positions/${P.id}/apply`);
		const id = r0.json.application.id;
		const events = () => count(`SELECT COUNT(*) FROM application_events WHERE application_id = ${id}`);
		for (let i = 0; i < 3; i++) {
			const r = await w.hrA.client.get(`applications/${id}`);
			assert.equal(r.status, 200, `${r}`);
			assert.equal(r.json.application.status, 'submitted');
		}
		assert.equal(dbQuery(srv, `SELECT status FROM applications WHERE id = ${id}`)[0], 'submitted');
		assert.equal(events(), 1);
		// Only the enterprise's HR marks it; others are refused and change nothing.
		expectError(await w.hrB.client.post(`applications/${id}/viewed`), 404, 'not_found');
		expectError(await s.client.post(`applications/${id}/viewed`), 403, 'forbidden');
		expectError(await w.hrA.client.post(`applications/${id}/viewed`, undefined, { csrf: false }), 403, 'csrf');
		assert.equal(events(), 1);
		const r = await w.hrA.client.post(`applications/${id}/viewed`);
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.application.status, 'viewed');
		assert.equal(events(), 2);
	});
});

// ---------------------------------------------------------------------------------------
// /metrics

/** An address of this machine that is not loopback, or null. */
function externalAddress() {
	for (const list of Object.values(os.networkInterfaces()))
		for (const a of list || []) if (a.family === 'IPv4' && !a.internal) return a.address;
	return null;
}

/** GET /metrics from host:port with extra headers: {status, headers, text}. */
function getMetrics(host, port, headers = {}) {
	return new Promise((resolve, reject) => {
		const req = http.get({ host, port, path: '/metrics', headers, agent: false }, (res) => {
			const chunks = [];
			res.on('data', (d) => chunks.push(d));
			res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
		});
		req.on('error', reject);
	});
}

/** `skyway serve` on all interfaces (the harness listens on loopback only). */
async function serveEverywhere(args = [], env = {}) {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'skyway-metrics-'));
	const db = createDatabase(tmp);
	const mig = runCli(['migrate', '--db', db.url]);
	assert.equal(mig.code, 0, mig.stderr);
	const child = spawn(BIN, ['serve', '--db', db.url, '--listen', '0.0.0.0:0', '--access-log', 'off', ...args], {
		stdio: ['ignore', 'pipe', 'pipe'],
		env: { ...process.env, SKYWAY_DATA_KEY: DATA_KEY, ...env },
	});
	const port = await new Promise((resolve, reject) => {
		let out = '';
		child.stdout.on('data', (d) => {
			out += d;
			const m = /listening on http:\/\/0\.0\.0\.0:(\d+)/.exec(out);
			if (m) resolve(Number(m[1]));
		});
		child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
	});
	return {
		port,
		async stop() {
			const done = new Promise((r) => child.on('exit', r));
			child.kill('SIGTERM');
			await done;
			db.drop();
			fs.rmSync(tmp, { recursive: true, force: true });
		},
	};
}

describe('/metrics is not for everyone', () => {
	it('loopback without forwarding headers → 200; relayed by a proxy (X-Forwarded-For, Forwarded, X-Real-IP) → 403 JSON', async () => {
		const port = srv.port;
		const ok = await getMetrics('127.0.0.1', port);
		assert.equal(ok.status, 200, ok.text);
		assert.match(ok.text, /^# TYPE /m);
		// --trust-proxy is on in this server: a forged "127.0.0.1" still does not let anyone in.
		for (const h of [{ 'X-Forwarded-For': '127.0.0.1' }, { 'X-Forwarded-For': '203.0.113.9' }, { Forwarded: 'for=127.0.0.1' }, { 'X-Real-IP': '127.0.0.1' }]) {
			const r = await getMetrics('127.0.0.1', port, h);
			assert.equal(r.status, 403, `${JSON.stringify(h)}: ${r.status} ${r.text}`);
			assert.equal(JSON.parse(r.text).error.code, 'forbidden');
			assert.doesNotMatch(r.text, /# TYPE/);
		}
	});

	const ext = externalAddress();
	it('from another machine: 403 without a configured token; with --metrics-token or SKYWAY_METRICS_TOKEN only the right bearer gets in', { skip: ext ? false : 'this machine has no non-loopback address' }, async () => {
		const token = 'metrics-token-0123456789abcdef';
		let s = await serveEverywhere();
		try {
			const r = await getMetrics(ext, s.port);
			assert.equal(r.status, 403, r.text);
			assert.equal(JSON.parse(r.text).error.code, 'forbidden');
			assert.equal((await getMetrics('127.0.0.1', s.port)).status, 200, 'the real loopback peer');
			assert.equal((await getMetrics(ext, s.port, { Authorization: `Bearer ${token}` })).status, 403, 'a token nobody configured');
		} finally {
			await s.stop();
		}
		for (const [args, env] of [[['--metrics-token', token], {}], [[], { SKYWAY_METRICS_TOKEN: token }]]) {
			s = await serveEverywhere(args, env);
			try {
				for (const auth of [undefined, 'Bearer wrong-token-0123456789abcdef', `Basic ${token}`, `Bearer ${token}x`, token]) {
					const r = await getMetrics(ext, s.port, auth ? { Authorization: auth } : {});
					assert.equal(r.status, 401, `${auth}: ${r.text}`);
					assert.equal(JSON.parse(r.text).error.code, 'unauthenticated');
					assert.match(r.headers['www-authenticate'] || '', /^Bearer/);
				}
				const r = await getMetrics(ext, s.port, { Authorization: `Bearer ${token}` });
				assert.equal(r.status, 200, r.text);
				assert.match(r.text, /^# TYPE /m);
			} finally {
				await s.stop();
			}
		}
	});

	it('a token that is too short or has blanks is refused at start', () => {
		for (const bad of ['short', 'has a blank in it 0123456789']) {
			const r = runCli(['serve', '--db', 'sqlite::memory:', '--listen', '127.0.0.1:0', '--metrics-token', bad]);
			assert.equal(r.code, 2, `${bad}: ${r.stdout} ${r.stderr}`);
			assert.match(r.stderr, /metrics_token/);
		}
	});
});
