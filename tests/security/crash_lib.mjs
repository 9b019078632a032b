// kill -9 during a stream of acknowledged writes, shared by tests/security/crash.test.mjs
// (a few cycles, in the suite) and bench/crash.sh (many cycles, with figures).
//
// The database is the demo at 1 % scale (a live fair with its registrations). Four
// writers run side by side, each on its own connections, as fast as the server answers:
//   gate      check-ins by signed pass at the live fair; every one, first or repeated,
//             increments the registration's scan count through the gate's group commit,
//             and its answer reports the count committed;
//   walkin    walk-in registrations at the gate (students not registered yet);
//   org       new colleges (one row and its audit entry);
//   position  HR's new positions, each with two accepted majors and one required skill
//             (three tables in one transaction).
// The server is killed with SIGKILL in the middle; then, before any restart, SQLite's
// integrity and foreign keys are checked; the server starts again on the same database and
// every write that had a 2xx answer must be there (scan counts at least those answered),
// and every position written, acknowledged or not, must be whole.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BACKEND, Server, createDatabase, runCli, sleep } from '../api/harness.mjs';
import { DATA_KEY, dbQuery } from '../api/recruit_lib.mjs';

const DEMO_PASSWORD = 'skyway2026demo';
const GATES = 4; // check-in writers side by side (the gate commits them in groups)
const ENV = { SKYWAY_DATA_KEY: DATA_KEY, SKYWAY_PASSWORD_COST: process.env.SKYWAY_PASSWORD_COST || 'min' };

function mustCli(args) {
	const r = runCli(args, { env: ENV, timeout: 300000 });
	if (r.code !== 0) throw new Error(`skyway ${args.join(' ')}: ${r.code}\n${r.stdout}\n${r.stderr}`);
	return r.stdout;
}

/** Rows of a query on the server's database as arrays of fields ('|'-separated). */
const rows = (srv, sql) => dbQuery(srv, sql).map((l) => l.split('|'));

/**
 * A fresh database with the demo at 1 % scale and a server on it. Returns the world:
 * {srv, tmp, db, fair (the live one), passes [{reg, pass}], walkins [{college_id,
 * student_no, name}], acked: {...}}.
 */
export async function crashWorld() {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'skyway-crash-'));
	const db = createDatabase(tmp);
	mustCli(['migrate', '--db', db.url]);
	mustCli(['demo', '--db', db.url, '--scale', '0.01']);
	const w = { tmp, db, opts: { env: ENV, args: ['--access-log', 'off'] } };
	w.srv = new Server(tmp, db, w.opts);
	await w.srv.start();
	w.fair = Number(rows(w.srv, "SELECT id FROM fairs WHERE status = 'live' ORDER BY id LIMIT 1")[0][0]);
	const csv = mustCli(['passes', '--db', db.url, '--fair', String(w.fair)]).trim().split('\n').slice(1);
	w.passes = csv.map((l) => {
		const pass = l.split(',')[1];
		return { pass, reg: Number(pass.split('.')[2]) };
	});
	w.walkins = rows(
		w.srv,
		`SELECT s.college_id, s.student_no, s.name FROM students s WHERE s.closed_at IS NULL AND NOT EXISTS (SELECT 1 FROM fair_students fs WHERE fs.fair_id = ${w.fair} AND fs.student_id = s.id) ORDER BY s.id`,
	).map(([college_id, student_no, name]) => ({ college_id: Number(college_id), student_no, name }));
	w.walkedBefore = new Set(rows(w.srv, `SELECT s.college_id, s.student_no FROM fair_students fs JOIN students s ON s.id = fs.student_id WHERE fs.fair_id = ${w.fair}`).map(([c, n]) => `${c}:${n}`));
	assert.ok(w.passes.length >= 50 && w.walkins.length >= 100, `demo: ${w.passes.length} passes, ${w.walkins.length} students to walk in`);
	w.acked = { gate: new Map(), walkin: new Set(), org: new Set(), position: new Set() };
	w.sent = { gate: 0, walkin: 0, org: 0, position: 0 };
	w.run = crypto.randomBytes(3).toString('hex');
	return w;
}

/** Stops the last server (clean SIGTERM) and removes the database. */
export async function crashWorldEnd(w) {
	await w.srv?.stop();
}

async function login(srv, who) {
	return srv.login(who, DEMO_PASSWORD);
}

/**
 * One cycle: writers start, the server is killed (SIGKILL) after `killAfterMs` of writing,
 * SQLite is checked, the server starts again, every acknowledged write is checked.
 * Returns the cycle's figures {acked: {kind: n}, inFlight (requests the kill cut),
 * unanswered: {kind: n} (written, answer lost), restartMs, integrity}.
 */
export async function crashCycle(w, { killAfterMs = 400 } = {}) {
	const srv = w.srv;
	// Sessions live in the database: the same ones serve every cycle (the operator logs in
	// with a second factor, whose codes are spent once each).
	if (!w.clients) w.clients = { admin: await login(srv, 'admin'), hr: await login(srv, 'hr_demo') };
	for (const c of Object.values(w.clients)) c.server = srv;
	const { admin, hr } = w.clients;
	const ackedBefore = Object.fromEntries(Object.entries(w.acked).map(([k, v]) => [k, v.size]));
	let gateAcks = 0;
	let killed = false; // the writers go on until the dead server fails their request
	let failed = 0;
	const majors = ['460301', '4603'];
	const writers = {
		gate: async (c, offset) => {
			for (let i = offset; ; i += GATES) {
				const p = w.passes[i % w.passes.length];
				w.sent.gate += 1;
				const r = await c.post(`fairs/${w.fair}/checkin`, { pass: p.pass });
				if (r.status !== 200) throw new Error(`check-in: ${r}`);
				const scans = r.json.student.scans;
				if (scans > (w.acked.gate.get(p.reg) || 0)) w.acked.gate.set(p.reg, scans);
				gateAcks += 1;
			}
		},
		walkin: async (c) => {
			while (w.walkins.length) {
				const s = w.walkins.shift();
				w.sent.walkin += 1;
				const r = await c.post(`fairs/${w.fair}/walkin`, s);
				if (r.status === 201 || r.status === 200) w.acked.walkin.add(`${s.college_id}:${s.student_no}`);
				else if (r.status !== 422) throw new Error(`walk-in: ${r}`); // 422: not eligible, nothing written
			}
		},
		org: async (c) => {
			for (;;) {
				const name = `崩溃测试学院${w.run}${w.sent.org}`;
				w.sent.org += 1;
				const r = await c.post('organizations', { kind: 'college', name });
				if (r.status !== 201) throw new Error(`organisation: ${r}`);
				w.acked.org.add(name);
			}
		},
		position: async (c) => {
			for (;;) {
				const title = `崩溃测试岗位${w.run}${w.sent.position}`;
				w.sent.position += 1;
				const r = await c.post('positions', { title, kind: '全职', headcount: 2, majors, required_skills: ['plc'] });
				if (r.status !== 201) throw new Error(`position: ${r}`);
				w.acked.position.add(r.json.position.id);
			}
		},
	};
	const run = (fn) =>
		fn().catch((e) => {
			// The kill: the request in flight fails. Anything else is a test failure.
			if (!killed) throw e;
			failed += 1;
		});
	const all = Promise.all([
		...Array.from({ length: GATES }, (_, i) => run(() => writers.gate(admin.clone(), i))),
		run(() => writers.walkin(admin.clone())),
		run(() => writers.org(admin.clone())),
		run(() => writers.position(hr)),
		run(() => writers.position(hr.clone())),
	]);
	// Kill once writes flow, at a moment that varies from cycle to cycle.
	while (gateAcks < 10) await sleep(5);
	await sleep(killAfterMs * (0.5 + Math.random()));
	killed = true;
	srv.child.kill('SIGKILL');
	await srv.exited;
	await all;
	assert.equal(srv.exit.signal, 'SIGKILL', 'the server was killed, not stopped');

	let integrity = 'n/a';
	if (BACKEND === 'sqlite') {
		// Before any restart: what the crash left on disk (sqlite3 recovers the WAL itself).
		const file = w.db.url.replace(/^sqlite:(\/\/)?/, '');
		const r = spawnSync('sqlite3', [file, 'PRAGMA integrity_check; PRAGMA foreign_key_check;'], { encoding: 'utf8' });
		integrity = r.stdout.trim();
		assert.equal(integrity, 'ok', `PRAGMA integrity_check / foreign_key_check after kill -9: ${r.stdout}${r.stderr}`);
	}

	const t0 = Date.now();
	w.srv = new Server(w.tmp, w.db, w.opts);
	w.srv.mfaAuthenticators = srv.mfaAuthenticators; // the enrolled authenticator app
	await w.srv.start();
	const restartMs = Date.now() - t0;
	const unanswered = verify(w);
	const acked = Object.fromEntries(Object.entries(w.acked).map(([k, v]) => [k, v.size - ackedBefore[k]]));
	acked.gate = gateAcks;
	return { acked, inFlight: failed, unanswered, restartMs, integrity };
}

/**
 * Every acknowledged write is in the database; positions are whole. Returns how many
 * writes of each kind are there without having been answered.
 */
export function verify(w) {
	const srv = w.srv;
	const scans = new Map(rows(srv, `SELECT id, scans FROM fair_students WHERE fair_id = ${w.fair}`).map(([id, n]) => [Number(id), Number(n)]));
	const lostScans = [...w.acked.gate].filter(([reg, n]) => !(scans.get(reg) >= n));
	assert.deepEqual(lostScans.map(([reg, n]) => `registration ${reg}: ${n} scans answered, ${scans.get(reg)} stored`), [], 'acknowledged check-ins lost');
	const walked = new Set(rows(srv, `SELECT s.college_id, s.student_no FROM fair_students fs JOIN students s ON s.id = fs.student_id WHERE fs.fair_id = ${w.fair}`).map(([c, n]) => `${c}:${n}`));
	assert.deepEqual([...w.acked.walkin].filter((k) => !walked.has(k)), [], 'acknowledged walk-ins lost');
	const orgs = new Set(rows(srv, `SELECT name FROM organizations WHERE name LIKE '崩溃测试学院${w.run}%'`).map(([n]) => n));
	assert.deepEqual([...w.acked.org].filter((n) => !orgs.has(n)), [], 'acknowledged organisations lost');
	const pos = rows(
		srv,
		`SELECT p.id, (SELECT COUNT(*) FROM position_majors m WHERE m.position_id = p.id), (SELECT COUNT(*) FROM position_skills k WHERE k.position_id = p.id) FROM positions p WHERE p.title LIKE '崩溃测试岗位${w.run}%'`,
	).map(([id, m, k]) => ({ id: Number(id), m: Number(m), k: Number(k) }));
	const have = new Set(pos.map((p) => p.id));
	assert.deepEqual([...w.acked.position].filter((id) => !have.has(id)), [], 'acknowledged positions lost');
	assert.deepEqual(pos.filter((p) => p.m !== 2 || p.k !== 1), [], 'positions written in part');
	// Written but never answered (the answer died with the server): allowed, and counted
	// (since the previous check).
	const total = {
		walkin: [...walked].filter((k) => !w.acked.walkin.has(k) && !w.walkedBefore.has(k)).length,
		org: orgs.size - w.acked.org.size,
		position: pos.length - w.acked.position.size,
	};
	const prev = w.unansweredTotal || { walkin: 0, org: 0, position: 0 };
	w.unansweredTotal = total;
	return Object.fromEntries(Object.entries(total).map(([k, n]) => [k, n - prev[k]]));
}
