// Helpers for the competition API tests (competition_*.test.mjs): a server with a files
// directory, the cast of an edition (colleges, college staff, students, judges, a mentor,
// HR), edition and round bodies, teams brought to any state, a PDF, and an independent
// recomputation of the normalised scores and of the least possible judge load.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeAccount, makeCollege, makeEnterprise, uniq } from './harness.mjs';
import { makeHr, makeStaff, nowSec, registerStudent, startRecruitServer } from './recruit_lib.mjs';

export { nowSec };

/** A server whose uploaded files go to a directory of its own (removed by stop()). */
export async function startCompServer(opts = {}) {
	const files = fs.mkdtempSync(path.join(os.tmpdir(), 'skyway-files-'));
	const srv = await startRecruitServer({ ...opts, args: ['--files', files, ...(opts.args || [])] });
	srv.filesDir = files;
	const stop = srv.stop.bind(srv);
	srv.stop = async () => {
		if (process.env.COMP_DEBUG) console.log(srv.stderr().split('\n').filter((l) => !l.startsWith('{')).join('\n'));
		try {
			await stop();
		} finally {
			fs.rmSync(files, { recursive: true, force: true });
		}
	};
	return srv;
}

/** A small valid PDF whose bytes differ with text. */
export const pdf = (text = 'plan') => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

export const TRACKS = ['新材料', '智能制造', '文化创意', '生物科技'];

/** An open-for-registration edition body: deadlines a week and ten days ahead. */
export function editionBody(over = {}) {
	const now = nowSec();
	return {
		name: `清远高新杯大学生创新创业大赛${uniq('')}`,
		year: new Date().getFullYear(),
		submit_deadline: now + 7 * 86400,
		endorse_deadline: now + 10 * 86400,
		min_members: 1,
		max_members: 5,
		appeal_days: 3,
		description: '第一届清远高新杯',
		tracks: TRACKS,
		...over,
	};
}

export const SHEET = [
	{ name: '创新性', weight: 20, anchors: [{ score: 9, text: '原创且有技术壁垒' }, { score: 5, text: '有改进' }] },
	{ name: '团队', weight: 20 },
	{ name: '商业价值', weight: 25 },
	{ name: '社会价值', weight: 15 },
	{ name: '教育成效', weight: 20 },
];

export function roundBody(over = {}) {
	const now = nowSec();
	return { name: '初赛', kind: 'online', starts_at: now, ends_at: now + 14 * 86400, per_team: 2, ...over };
}

/** Creates an edition, opens it, and returns {id, tracks: {name: id}, edition}. */
export async function openEdition(admin, over = {}) {
	const r = await admin.post('competition/editions', editionBody(over));
	assert.equal(r.status, 201, `create edition: ${r}`);
	const id = r.json.id;
	const s = await admin.post(`competition/editions/${id}/status`, { to: 'open' });
	assert.equal(s.status, 200, `open edition: ${s}`);
	const g = await admin.get(`competition/editions/${id}`);
	assert.equal(g.status, 200, `${g}`);
	const tracks = Object.fromEntries(g.json.edition.tracks.map((t) => [t.name, t.id]));
	return { id, tracks, edition: g.json.edition };
}

/** Adds a round with the five-criterion sheet; returns its id. */
export async function addRound(admin, edition, over = {}, quotas = null) {
	const r = await admin.post(`competition/editions/${edition.id}/rounds`, roundBody(over));
	assert.equal(r.status, 201, `round: ${r}`);
	const s = await admin.post(`competition/rounds/${r.json.id}/sheet`, { criteria: SHEET });
	assert.equal(s.status, 200, `sheet: ${s}`);
	if (quotas) {
		const q = await admin.post(`competition/rounds/${r.json.id}/quotas`, {
			quotas: Object.entries(quotas).map(([name, v]) => ({ track_id: edition.tracks[name], ...(typeof v === 'number' ? { quota: v } : v) })),
		});
		assert.equal(q.status, 200, `quotas: ${q}`);
	}
	return r.json.id;
}

/**
 * The cast: colleges A, B, C with staff; students of each (registered, logged in); judge
 * accounts (role judge); a mentor account; HR of an enterprise (which sees nothing).
 */
export async function makeCompWorld(srv, { students = 4, judges = 6 } = {}) {
	const admin = await srv.admin();
	const w = { admin, srv };
	w.colleges = [];
	for (const name of ['清远职业技术学院', '广东工贸职业技术学院', '广东交通职业技术学院']) w.colleges.push(await makeCollege(admin, { name: `${name}${uniq('')}` }));
	[w.cA, w.cB, w.cC] = w.colleges;
	w.staffA = await makeStaff(srv, admin, w.cA);
	w.staffB = await makeStaff(srv, admin, w.cB);
	w.students = {};
	for (const [k, col] of [['A', w.cA], ['B', w.cB], ['C', w.cC]]) {
		w.students[k] = [];
		for (let i = 0; i < students; i++) w.students[k].push(await registerStudent(srv, col, { name: `${k}同学${i + 1}${uniq('').slice(-3)}` }));
	}
	w.judges = [];
	for (let i = 0; i < judges; i++) {
		const acct = await makeAccount(admin, { role: 'judge', display_name: `评委${i + 1}号${uniq('').slice(-3)}` });
		w.judges.push({ acct, client: await srv.login(acct.login, acct.password) });
	}
	const m = await makeAccount(admin, { role: 'mentor', display_name: `郭导师${uniq('').slice(-3)}` });
	w.mentor = { acct: m, client: await srv.login(m.login, m.password) };
	w.ent = await makeEnterprise(admin, { name: `清远高新投资${uniq('')}有限公司` });
	w.hr = await makeHr(srv, admin, w.ent);
	return w;
}

/**
 * A team led by `leader` with `members` (who accept), advisors and a plan, brought to
 * `until`: 'draft' (complete but not submitted), 'submitted', 'endorsed' (needs staff),
 * 'eligible' (operator check).  Returns {id, name}.
 */
export async function makeTeam(w, edition, { leader, members = [], track = '新材料', staff, until = 'eligible', name, advisors } = {}) {
	const tname = name || `项目${uniq('')}`;
	const c = await leader.client.post(`competition/editions/${edition.id}/teams`, {
		track_id: edition.tracks[track],
		name: tname,
		summary: `${tname}：面向清远高新区企业的创新项目。`,
		video_url: 'https://video.example.cn/demo',
	});
	assert.equal(c.status, 201, `team create: ${c}`);
	const id = c.json.id;
	for (const m of members) {
		const r = await leader.client.post(`competition/teams/${id}/members`, { college_id: m.college_id ?? m.account.org.id, student_no: m.student_no, name: m.name });
		assert.equal(r.status, 200, `invite: ${r}`);
		const a = await m.client.post(`competition/teams/${id}/accept`);
		assert.equal(a.status, 200, `accept: ${a}`);
	}
	const adv = await leader.client.post(`competition/teams/${id}/advisors`, { advisors: advisors || [{ name: '王老师', title: '副教授' }] });
	assert.equal(adv.status, 200, `advisors: ${adv}`);
	const p = await leader.client.request('POST', `competition/teams/${id}/plan`, { body: pdf(tname), contentType: 'application/pdf' });
	assert.equal(p.status, 200, `plan: ${p}`);
	if (until === 'draft') return { id, name: tname };
	const s = await leader.client.post(`competition/teams/${id}/submit`);
	assert.equal(s.status, 200, `submit: ${s}`);
	if (until === 'submitted') return { id, name: tname };
	const e = await staff.client.post(`competition/teams/${id}/endorse`, { ok: true });
	assert.equal(e.status, 200, `endorse: ${e}`);
	if (until === 'endorsed') return { id, name: tname };
	const k = await w.admin.post(`competition/teams/${id}/check`);
	assert.equal(k.status, 200, `check: ${k}`);
	assert.equal(k.json.items[0].status, 'eligible', `check: ${k}`);
	return { id, name: tname };
}

/** Invites judge accounts with tracks (names) and their college; they accept. Returns judge ids. */
export async function addJudges(w, edition, specs) {
	const ids = [];
	for (const s of specs) {
		const r = await w.admin.post(`competition/editions/${edition.id}/judges`, {
			account_id: s.judge.acct.id,
			track_ids: s.tracks.map((t) => edition.tracks[t]),
			...(s.college ? { college_id: s.college.id } : {}),
			...(s.enterprise ? { enterprise_id: s.enterprise.id } : {}),
			title: s.title || '教授',
		});
		assert.equal(r.status, 201, `invite judge: ${r}`);
		s.judge.id = r.json.id;
		const a = await s.judge.client.post(`competition/judges/${r.json.id}/respond`, { accept: true });
		assert.equal(a.status, 200, `judge accepts: ${a}`);
		ids.push(r.json.id);
	}
	return ids;
}

/** Marks for every criterion of a sheet so that the total is close to `target` (0-100). */
export function marksFor(criteria, target) {
	const m = {};
	for (const [i, c] of criteria.entries()) {
		const v = Math.max(0, Math.min(100, Math.round(target + ((i * 7) % 5) - 2)));
		m[String(c.id)] = v / 10;
	}
	return m;
}

/** The total (0-100) a sheet gives marks: sum of weight x mark / 10. */
export function totalOf(criteria, marks) {
	let x100 = 0;
	for (const c of criteria) x100 += c.weight * Math.round(marks[String(c.id)] * 10);
	return x100 / 100;
}

// ---------------------------------------------------------------------------------------
// Independent recomputations

/**
 * Normalised scores from [{judge, team, score}] (docs/competition.md section 2), written
 * from the definitions: population sd per judge, z = 0 for one team or identical totals,
 * normalised = M + S x mean z; ranks by normalised desc then team id.
 */
export function normalize(scores) {
	const byJudge = new Map();
	for (const s of scores) {
		if (!byJudge.has(s.judge)) byJudge.set(s.judge, []);
		byJudge.get(s.judge).push(s);
	}
	const judges = new Map();
	const z = new Map(); // team -> [z]
	const raw = new Map();
	for (const [j, list] of byJudge) {
		const n = list.length;
		const mean = list.reduce((a, s) => a + s.score, 0) / n;
		const sd = Math.sqrt(list.reduce((a, s) => a + (s.score - mean) * (s.score - mean), 0) / n);
		const same = list.every((s) => s.score === list[0].score);
		judges.set(j, { teams: n, mean, sd, scaled: !(n === 1 || same) });
		for (const s of list) {
			const zz = n === 1 || same ? 0 : (s.score - mean) / sd;
			if (!z.has(s.team)) z.set(s.team, []);
			z.get(s.team).push(zz);
			if (!raw.has(s.team)) raw.set(s.team, []);
			raw.get(s.team).push(s.score);
		}
	}
	const all = scores.map((s) => s.score);
	const M = all.reduce((a, b) => a + b, 0) / all.length;
	const S = Math.sqrt(all.reduce((a, b) => a + (b - M) * (b - M), 0) / all.length);
	const teams = [...z.keys()].map((t) => {
		const zs = z.get(t);
		const meanZ = zs.reduce((a, b) => a + b, 0) / zs.length;
		const rs = raw.get(t);
		return { team: t, judges: zs.length, mean_z: meanZ, normalized: M + S * meanZ, raw_mean: rs.reduce((a, b) => a + b, 0) / rs.length };
	});
	teams.sort((a, b) => b.normalized - a.normalized || a.team - b.team);
	teams.forEach((t, i) => (t.rank = i + 1));
	return { M, S, teams, judges };
}

/**
 * The least possible largest judge load: binary search over the cap, each probe a
 * max-flow (Edmonds-Karp on an adjacency matrix, fine for a dozen teams and judges).
 * eligible[t] = the judge indexes team t may get; K judges per team.
 */
export function minMaxLoad(eligible, nJudges, K) {
	const nT = eligible.length;
	const feasible = (L) => {
		const N = nT + nJudges + 2, S = N - 2, T = N - 1;
		const cap = Array.from({ length: N }, () => new Array(N).fill(0));
		for (let t = 0; t < nT; t++) {
			cap[S][t] = K;
			for (const j of eligible[t]) cap[t][nT + j] = 1;
		}
		for (let j = 0; j < nJudges; j++) cap[nT + j][T] = L;
		let flow = 0;
		for (;;) {
			const prev = new Array(N).fill(-1);
			prev[S] = S;
			const q = [S];
			while (q.length && prev[T] < 0) {
				const u = q.shift();
				for (let v = 0; v < N; v++) if (prev[v] < 0 && cap[u][v] > 0) ((prev[v] = u), q.push(v));
			}
			if (prev[T] < 0) break;
			for (let v = T; v !== S; v = prev[v]) ((cap[prev[v]][v] -= 1), (cap[v][prev[v]] += 1));
			flow += 1;
		}
		return flow === nT * K;
	};
	for (let L = 0; L <= nT; L++) if (feasible(L)) return L;
	return null;
}

/**
 * Reads a Server-Sent Events stream: after the first frame (hello) runs trigger(), then
 * reads until done(frames) says enough (or the timeout).  Returns the frames.
 */
export async function readFrames(srv, client, p, done, trigger, timeoutMs = 10000) {
	const ctl = new AbortController();
	const res = await fetch(srv.url + '/api/v1/' + p, { headers: { Cookie: `skyway_session=${client.cookie}`, 'X-Forwarded-For': client.ip }, signal: ctl.signal });
	assert.equal(res.status, 200, `live ${p}: ${res.status}`);
	assert.match(res.headers.get('content-type'), /^text\/event-stream/);
	const frames = [];
	const reader = res.body.getReader();
	let buf = '';
	const timer = setTimeout(() => ctl.abort(), timeoutMs);
	let triggered = false;
	try {
		while (!done(frames)) {
			const { value, done: end } = await reader.read();
			if (end) break;
			buf += Buffer.from(value).toString('utf8');
			let i;
			while ((i = buf.indexOf('\n\n')) >= 0) {
				const block = buf.slice(0, i);
				buf = buf.slice(i + 2);
				const ev = /^event: (.*)$/m.exec(block);
				const data = /^data: (.*)$/m.exec(block);
				if (ev) frames.push({ event: ev[1], data: data ? JSON.parse(data[1]) : null });
			}
			if (!triggered && frames.length) {
				triggered = true;
				await trigger();
			}
		}
	} catch (e) {
		if (e.name !== 'AbortError') throw e;
	} finally {
		clearTimeout(timer);
		ctl.abort();
	}
	return frames;
}

const MASK = (1n << 64n) - 1n;
const UINT64_MAX = MASK;

/**
 * The 90% rank intervals of docs/competition.md ("How sure is a rank"): splitmix64 from
 * the seed, a uniform draw below n by rejection, replicates in order, ranked teams by
 * number (ascending id), each team's draws in a row over its z-scores by judge number.
 * scores must be sorted by (judge, team) so the sums run as documented.
 */
export function bootstrap(scores, replicates, seed) {
	const n = normalize(scores);
	const byTeam = new Map();
	const judges = [...new Set(scores.map((s) => s.judge))].sort((a, b) => a - b);
	for (const j of judges) {
		const list = scores.filter((s) => s.judge === j);
		const info = n.judges.get(j);
		for (const s of list) {
			const z = info.scaled ? (s.score - info.mean) / info.sd : 0;
			if (!byTeam.has(s.team)) byTeam.set(s.team, []);
			byTeam.get(s.team).push(z);
		}
	}
	const teams = [...byTeam.keys()].sort((a, b) => a - b);
	let state = BigInt(seed) & MASK;
	const next = () => {
		state = (state + 0x9e3779b97f4a7c15n) & MASK;
		let z = state;
		z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
		z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
		return z ^ (z >> 31n);
	};
	const below = (k) => {
		const big = BigInt(k);
		const limit = UINT64_MAX - (UINT64_MAX % big);
		for (;;) {
			const x = next();
			if (x < limit) return Number(x % big);
		}
	};
	const ranks = new Map(teams.map((t) => [t, []]));
	for (let b = 0; b < replicates; b++) {
		const vals = teams.map((t) => {
			const z = byTeam.get(t);
			let sum = 0;
			for (let d = 0; d < z.length; d++) sum += z[below(z.length)];
			return { t, v: n.M + n.S * (sum / z.length) };
		});
		vals.sort((a, b2) => (a.v !== b2.v ? b2.v - a.v : a.t - b2.t));
		vals.forEach((x, i) => ranks.get(x.t).push(i + 1));
	}
	const out = new Map();
	for (const t of teams) {
		const r = ranks.get(t).sort((a, b) => a - b);
		out.set(t, { lo: r[Math.floor((replicates * 5) / 100)], hi: r[Math.ceil((replicates * 95) / 100) - 1] });
	}
	return out;
}
