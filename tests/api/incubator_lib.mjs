// Helpers for the incubator API tests (incubator_*.test.mjs): a server with a data key and a
// files folder, the cast (operator, college staff of two colleges, mentors, students who
// claimed their records), the places (the HQ with a zone, rooms and seats), a resident
// project, and China-time helpers for times within opening hours.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BACKEND, makeAccount, makeCollege, uniq } from './harness.mjs';
import { makeStaff, registerStudent, startRecruitServer } from './recruit_lib.mjs';

export { BACKEND };

/** A server whose business plans go to a temporary folder (PostgreSQL has no default). */
export async function startIncubatorServer(opts = {}) {
	const files = fs.mkdtempSync(path.join(os.tmpdir(), 'skyway-files-'));
	const srv = await startRecruitServer({ ...opts, args: ['--files', files, ...(opts.args || [])] });
	const stop = srv.stop.bind(srv);
	srv.stop = async () => {
		try {
			await stop();
		} finally {
			fs.rmSync(files, { recursive: true, force: true });
		}
	};
	srv.filesDir = files;
	return srv;
}

// ---------------------------------------------------------------------------------------
// China time (UTC+8, no daylight saving)

const DAY = 86400000;
/** The China date of now + days: {y, m, d, weekday (1 Monday .. 7 Sunday)}. */
export function chinaDate(days = 0) {
	const t = new Date(Date.now() + 8 * 3600000 + days * DAY);
	const wd = t.getUTCDay();
	return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate(), weekday: wd === 0 ? 7 : wd };
}
const two = (n) => String(n).padStart(2, '0');
/** "YYYY-MM-DDTHH:MM:00+08:00" for the China day now + days, at hh:mm. */
export function at(days, hh, mm = 0) {
	const { y, m, d } = chinaDate(days);
	return `${y}-${two(m)}-${two(d)}T${two(hh)}:${two(mm)}:00+08:00`;
}
/** Epoch seconds of an ISO time. */
export const epoch = (iso) => Math.floor(Date.parse(iso) / 1000);
/** Days from today to the next China weekday wd (1..7), at least `min` days ahead. */
export function nextWeekday(wd, min = 1) {
	for (let k = min; k < min + 8; k++) if (chinaDate(k).weekday === wd) return k;
	throw new Error('no weekday');
}
/** The current China month as YYYYMM, and the one before. */
export function thisMonth() {
	const { y, m } = chinaDate(0);
	return y * 100 + m;
}
export function lastMonth(n = 1) {
	let { y, m } = chinaDate(0);
	for (let i = 0; i < n; i++) {
		m -= 1;
		if (m === 0) {
			m = 12;
			y -= 1;
		}
	}
	return y * 100 + m;
}

// ---------------------------------------------------------------------------------------
// Direct database access.  Reads compare what the API shows; the only write moves a hold's
// deadline into the past, as ten minutes passing would (no test waits for a clock).

function dbRun(srv, sql, readonly) {
	let r;
	if (BACKEND === 'sqlite') {
		const file = srv.dbUrl.replace(/^sqlite:(\/\/)?/, '');
		r = spawnSync('sqlite3', [...(readonly ? ['-readonly'] : []), '-cmd', '.timeout 10000', file, sql], { encoding: 'utf8', timeout: 30000 });
	} else {
		r = spawnSync('psql', [srv.dbUrl, '-v', 'ON_ERROR_STOP=1', '-qAtc', sql], { encoding: 'utf8', timeout: 30000 });
	}
	return r;
}
export function dbRows(srv, sql) {
	const r = dbRun(srv, sql, true);
	if (r.error || r.status !== 0) throw new Error(`db query ${sql}: ${r.stderr || r.error}`);
	return r.stdout.split('\n').filter((l) => l !== '');
}
/** Runs a write; returns {ok, stderr} (a refused write is an answer, not an error). */
export function dbWrite(srv, sql) {
	const r = dbRun(srv, sql, false);
	if (r.error) throw r.error;
	return { ok: r.status === 0, stderr: r.stderr };
}
/** Ten minutes pass for a hold: its deadline moves into the past. */
export function expireHold(srv, id) {
	const w = dbWrite(srv, `UPDATE incubator_bookings SET hold_until = hold_until - 601 WHERE id = ${Number(id)}`);
	assert.ok(w.ok, w.stderr);
}

// ---------------------------------------------------------------------------------------
// The cast and the places

/** Posts as client and asserts the status; returns the JSON. */
export async function must(client, p, body, status = 200) {
	const r = await client.post(p, body);
	assert.equal(r.status, status, `${r}`);
	return r.json;
}
export async function mustGet(client, p, status = 200) {
	const r = await client.get(p);
	assert.equal(r.status, status, `${r}`);
	return r.json;
}

/** A room body with rules open every day 08:00–22:00 (overrides win). */
export function roomBody(zone, over = {}) {
	return {
		zone_id: zone.id,
		kind: 'meeting',
		name: `会议室${uniq('r')}`,
		area_m2: 40,
		capacity: 12,
		equipment: ['投影仪', '白板'],
		x: 0,
		y: 0,
		w: 6,
		h: 4,
		open_from: '08:00',
		open_to: '22:00',
		open_days: [1, 2, 3, 4, 5, 6, 7],
		slot_minutes: 60,
		max_minutes: 240,
		advance_days: 14,
		week_quota_minutes: 600,
		...over,
	};
}

/**
 * The world of one test file: the HQ with the zone 路演中心 and a room; college A (with a
 * campus base) and college B; staff of each; a mentor; students sA1, sA2 (college A) and sB
 * (college B); a resident project P of sA1 with sA2 as member (site HQ), and, with
 * opts.second, a resident project Q of sB.
 */
export async function makeWorld(srv, opts = {}) {
	const admin = await srv.admin();
	const w = { admin };
	w.collegeA = await makeCollege(admin, { name: `清远职业技术学院${uniq('')}` });
	w.collegeB = await makeCollege(admin, { name: `广东碧桂园职业学院${uniq('')}` });
	w.staffA = await makeStaff(srv, admin, w.collegeA);
	w.staffB = await makeStaff(srv, admin, w.collegeB);
	const mentor = await makeAccount(admin, { role: 'mentor', display_name: `郭导师${uniq('')}` });
	w.mentor = { acct: mentor, client: await srv.login(mentor.login, mentor.password) };
	w.sA1 = await registerStudent(srv, w.collegeA, { name: `张思远${uniq('')}` });
	w.sA2 = await registerStudent(srv, w.collegeA, { name: `李晓雨${uniq('')}` });
	w.sB = await registerStudent(srv, w.collegeB, { name: `王浩${uniq('')}` });
	w.hq = (await must(admin, 'incubator/sites', { kind: 'hq', name: `凤翔谷总部${uniq('')}`, area_m2: 2600 }, 201)).site;
	w.base = (await must(admin, 'incubator/sites', { kind: 'campus', name: `校内基地${uniq('')}`, college_id: w.collegeA.id, area_m2: 300 }, 201)).site;
	w.zone = (await must(admin, 'incubator/zones', { site_id: w.hq.id, name: '路演中心', area_m2: 500, plan_w: 60, plan_h: 40 }, 201)).zone;
	w.room = (await must(admin, 'incubator/rooms', roomBody(w.zone, { name: '路演厅', kind: 'roadshow', capacity: 80, x: 0 }), 201)).room;
	w.seat = (await must(admin, 'incubator/seats', { zone_id: w.zone.id, kind: 'desk', label: `A-${uniq('')}`, area_m2: 6, x: 20, y: 20, w: 2, h: 2 }, 201)).seat;
	w.P = await residentProject(srv, w, w.sA1, { name: `智慧农业监测${uniq('')}`, members: [w.sA2] });
	if (opts.second) w.Q = await residentProject(srv, w, w.sB, { name: `非遗文创工作室${uniq('')}` });
	return w;
}

/** stu applies; the operator approves for a year from 40 days ago (last month is in it); members join. */
export async function residentProject(srv, w, stu, { name, members = [], site } = {}) {
	const applied = (await must(stu.client, 'incubator/projects', { name, source: 'team', summary: '用传感器监测大棚温湿度', site_id: (site || w.hq).id }, 201)).project;
	assert.equal(applied.status, 'applied');
	const p = (await must(w.admin, `incubator/projects/${applied.id}/review`, { decision: 'approve', agreement_start: at(-40, 0), agreement_end: at(325, 0) })).project;
	assert.equal(p.status, 'resident');
	for (const m of members) await must(stu.client, `incubator/projects/${p.id}/members`, { login: m.login, name: m.name }, 201);
	return p;
}
