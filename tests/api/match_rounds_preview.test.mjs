// Centralised match rounds (集中匹配): the match itself. Several rounds over the same market
// with seeded random choices (志愿) and HR rankings (some partial, some positions left to
// score order); for each, the test computes the student-optimal stable matching itself —
// student-proposing deferred acceptance over the same preferences, positions' rankings =
// HR's order where set (then the choosers HR left out), else score order by the reference scorer of match_lib.mjs (vetoed students
// left out, ties by the smaller id) — and compares what POST .../preview stored (GET
// .../result as the operator) and every figure it returns. Independently of that model,
// every result is checked by brute force: capacities, acceptability, no blocking pair.
// Then publishing: students see their own result with its explanation, HR their positions'.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, uniq } from './harness.mjs';
import { CITY, MAJOR, SKILL, makeWorld, openPosition, registerStudent, startRecruitServer } from './recruit_lib.mjs';
import { checkExplanation, pointsOf, referenceScore } from './match_lib.mjs';

let srv;
let w;
let admin;
const P = {}; // name -> position (as created)
const POS = []; // positions in id order
const ST = []; // students
const studentObj = new Map(); // id -> GET /students/{id} as the operator
const positionObj = new Map(); // id -> GET /positions/{id}
const hrOf = (pid) => (POS.find((p) => p.id === pid).enterprise_id === w.entA.id ? w.hrA : w.hrB);
const HR_RANKED = new Set(); // names of positions HR ranks in the random rounds

// A small deterministic PRNG (mulberry32), so a failure can be replayed.
function rng(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
function shuffle(arr, rand) {
	const a = arr.slice();
	for (let i = a.length - 1; i > 0; i--) {
		const j = Math.floor(rand() * (i + 1));
		[a[i], a[j]] = [a[j], a[i]];
	}
	return a;
}

/** A position's ranking by score (docs/matching.md): eligible choosers, best first, ties by smaller id. */
function scoreOrder(pid, choosers) {
	const pos = { ...positionObj.get(pid), filled: 0 };
	return choosers
		.map((sid) => ({ sid, ref: referenceScore(studentObj.get(sid), pos, false) }))
		.filter((x) => x.ref.eligible)
		.sort((a, b) => b.ref.total - a.ref.total || a.sid - b.sid)
		.map((x) => x.sid);
}

/**
 * Student-proposing deferred acceptance. choices: Map sid -> [pid…]; ranking: Map pid ->
 * [sid…]; capacity: Map pid -> n. A pair is acceptable when each ranks the other.
 * → Map sid -> pid|null.
 */
function deferredAcceptance(choices, ranking, capacity) {
	const rankOf = new Map();
	for (const [pid, list] of ranking) rankOf.set(pid, new Map(list.map((s, i) => [s, i])));
	const next = new Map([...choices.keys()].map((s) => [s, 0]));
	const held = new Map([...capacity.keys()].map((p) => [p, []]));
	const free = [...choices.keys()];
	while (free.length) {
		const s = free.pop();
		const list = choices.get(s);
		while (next.get(s) < list.length) {
			const p = list[next.get(s)];
			next.set(s, next.get(s) + 1);
			const r = rankOf.get(p)?.get(s);
			if (r === undefined || capacity.get(p) === 0) continue;
			const h = held.get(p);
			h.push(s);
			h.sort((a, b) => rankOf.get(p).get(a) - rankOf.get(p).get(b));
			if (h.length > capacity.get(p)) {
				const out = h.pop();
				if (out !== s) free.push(out);
				else continue;
			}
			break;
		}
	}
	const out = new Map([...choices.keys()].map((s) => [s, null]));
	for (const [p, h] of held) for (const s of h) out.set(s, p);
	return out;
}

/** Brute-force checks of a matching: capacity, acceptability, no blocking pair. */
function checkStable(match, choices, ranking, capacity, ctx) {
	const count = new Map();
	for (const [s, p] of match) {
		if (p === null) continue;
		count.set(p, (count.get(p) || 0) + 1);
		assert.ok(choices.get(s).includes(p), `${ctx}: student ${s} matched to ${p}, which they did not choose`);
		assert.ok((ranking.get(p) || []).includes(s), `${ctx}: student ${s} matched to ${p}, which does not rank them`);
	}
	for (const [p, n] of count) assert.ok(n <= capacity.get(p), `${ctx}: position ${p} over capacity (${n} > ${capacity.get(p)})`);
	for (const [s, list] of choices) {
		const mine = match.get(s);
		const limit = mine === null ? list.length : list.indexOf(mine);
		for (const p of list.slice(0, limit)) {
			const rank = ranking.get(p) || [];
			if (!rank.includes(s)) continue;
			const holders = [...match].filter(([, q]) => q === p).map(([t]) => t);
			const blocking = holders.length < capacity.get(p) || holders.some((t) => rank.indexOf(t) > rank.indexOf(s));
			assert.ok(!blocking, `${ctx}: blocking pair student ${s} / position ${p}`);
		}
	}
}

async function newRound(body = {}) {
	const r = await admin.post('match/rounds', { name: `匹配${uniq('r')}`, ...body });
	assert.equal(r.status, 201, `${r}`);
	return r.json.round;
}

async function setChoices(rid, st, ids) {
	const r = await st.client.post(`match/rounds/${rid}/choices`, { position_ids: ids });
	assert.equal(r.status, 200, `choices of ${st.name}: ${r}`);
}

async function setRanking(rid, pid, sids) {
	const r = await hrOf(pid).client.post(`match/rounds/${rid}/ranking`, { position_id: pid, student_ids: sids });
	assert.equal(r.status, 200, `ranking of ${pid}: ${r}`);
}

async function operatorResult(rid) {
	const r = await admin.get(`match/rounds/${rid}/result`);
	assert.equal(r.status, 200, `${r}`);
	return r.json.items;
}

/** Everything the preview must show for a round, from the model. */
function expectedFigures(choices, match, capacity) {
	const students = choices.size;
	let matched = 0;
	let first = 0;
	for (const [s, p] of match) {
		if (p === null) continue;
		matched++;
		if (choices.get(s)[0] === p) first++;
	}
	const seats = [...capacity.values()].reduce((a, b) => a + b, 0);
	const filled = new Map();
	for (const p of match.values()) if (p !== null) filled.set(p, (filled.get(p) || 0) + 1);
	const byCollege = new Map();
	for (const [s, p] of match) {
		const col = ST.find((x) => x.id === s).college;
		const e = byCollege.get(col.id) || { college_id: col.id, name: col.name, students: 0, matched: 0 };
		e.students++;
		if (p !== null) e.matched++;
		byCollege.set(col.id, e);
	}
	const byEnt = new Map();
	for (const [pid, cap] of capacity) {
		const pos = POS.find((x) => x.id === pid);
		const ent = pos.enterprise_id === w.entA.id ? w.entA : w.entB;
		const e = byEnt.get(ent.id) || { enterprise_id: ent.id, name: ent.name, positions: 0, seats: 0, filled: 0 };
		e.positions++;
		e.seats += cap;
		e.filled += filled.get(pid) || 0;
		byEnt.set(ent.id, e);
	}
	const unfilled = [...capacity]
		.filter(([pid, cap]) => (filled.get(pid) || 0) < cap)
		.map(([pid, cap]) => {
			const pos = POS.find((x) => x.id === pid);
			return { position_id: pid, title: pos.title, enterprise_name: pos.enterprise_id === w.entA.id ? w.entA.name : w.entB.name, capacity: cap, filled: filled.get(pid) || 0 };
		})
		.sort((a, b) => b.capacity - a.capacity || a.position_id - b.position_id);
	return { students, matched, first, seats, byCollege: [...byCollege.values()], byEnt: [...byEnt.values()], unfilled };
}

const byKey = (k) => (a, b) => a[k] - b[k];

/** Runs preview and checks the stored results and every figure against the model. */
async function previewAndCheck(rid, choices, ranking, capacity, ctx) {
	const want = deferredAcceptance(choices, ranking, capacity);
	checkStable(want, choices, ranking, capacity, `${ctx} (the model itself)`);
	const pv = await admin.post(`match/rounds/${rid}/preview`);
	assert.equal(pv.status, 200, `${ctx}: ${pv}`);
	const st = pv.json.stats;
	const items = await operatorResult(rid);
	const got = new Map(items.map((x) => [x.student_id, x.position_id]));
	assert.equal(items.length, choices.size, `${ctx}: one result per student with choices`);
	assert.deepEqual(new Map([...got].sort((a, b) => a[0] - b[0])), new Map([...want].sort((a, b) => a[0] - b[0])), `${ctx}: the student-optimal stable matching`);
	checkStable(got, choices, ranking, capacity, ctx);
	for (const it of items) {
		const want_rank = it.position_id === null ? null : choices.get(it.student_id).indexOf(it.position_id) + 1;
		assert.equal(it.choice_rank, want_rank, `${ctx}: choice_rank of student ${it.student_id}`);
		if (it.position_id !== null) assert.equal(it.position_title, POS.find((p) => p.id === it.position_id).title);
	}
	const f = expectedFigures(choices, want, capacity);
	assert.equal(st.students, f.students, `${ctx}: students`);
	assert.equal(st.matched, f.matched, `${ctx}: matched`);
	assert.equal(st.first_choice, f.first, `${ctx}: first_choice`);
	assert.ok(Math.abs(st.matched_share - (f.students ? f.matched / f.students : 0)) < 1e-6, `${ctx}: matched_share ${st.matched_share}`);
	assert.ok(Math.abs(st.first_choice_share - (f.students ? f.first / f.students : 0)) < 1e-6, `${ctx}: first_choice_share`);
	assert.equal(st.positions, capacity.size, `${ctx}: positions`);
	assert.equal(st.seats, f.seats, `${ctx}: seats`);
	assert.equal(st.seats_filled, f.matched, `${ctx}: seats_filled`);
	assert.ok(Number.isInteger(st.proposals) && st.proposals >= f.matched, `${ctx}: proposals ${st.proposals}`);
	assert.equal(st.stable.ok, true, `${ctx}: stable ${JSON.stringify(st.stable)}`);
	assert.equal(st.stable.check, 'ok');
	assert.ok(typeof st.seconds === 'number' && st.seconds >= 0);
	assert.deepEqual(st.by_college.map((x) => ({ college_id: x.college_id, name: x.name, students: x.students, matched: x.matched })).sort(byKey('college_id')), f.byCollege.sort(byKey('college_id')), `${ctx}: by_college`);
	assert.deepEqual(st.by_enterprise.map((x) => ({ enterprise_id: x.enterprise_id, name: x.name, positions: x.positions, seats: x.seats, filled: x.filled })).sort(byKey('enterprise_id')), f.byEnt.sort(byKey('enterprise_id')), `${ctx}: by_enterprise`);
	assert.deepEqual(st.unfilled_positions.map((x) => ({ position_id: x.position_id, title: x.title, enterprise_name: x.enterprise_name, capacity: x.capacity, filled: x.filled })), f.unfilled, `${ctx}: unfilled_positions`);
	// the operator's GET shows the same figures
	const g = await admin.get(`match/rounds/${rid}`);
	assert.equal(g.json.round.status, 'previewed');
	assert.equal(g.json.round.stats.matched, st.matched);
	assert.deepEqual(g.json.round.stats.stable, st.stable);
	return { want, stats: st, items };
}

before(async () => {
	srv = await startRecruitServer();
	w = await makeWorld(srv);
	admin = w.admin;
	// Enterprise A's positions are ranked by HR in the random rounds; B's Y2 and Y3 never
	// are (score order), Y1 sometimes.
	P.X1 = await openPosition(w.hrA.client, { title: '电气工程师助理', headcount: 2 });
	P.X2 = await openPosition(w.hrA.client, { title: '质检员', headcount: 1 });
	P.Y1 = await openPosition(w.hrB.client, { title: '储备干部', headcount: 1 });
	P.Y2 = await openPosition(w.hrB.client, { title: '自动化技术员', headcount: 2, majors: [MAJOR.automationClass], min_degree: 3, required_skills: [SKILL.plc, SKILL.cad], city_code: CITY.qingyuan, salary_min: 5000, salary_max: 7000 });
	P.Y3 = await openPosition(w.hrB.client, { title: '数据专员', headcount: 1, preferred_skills: [SKILL.python, SKILL.excel], city_code: CITY.guangzhou, salary_min: 4000, salary_max: 6000 });
	HR_RANKED.add('X1').add('X2');
	for (const p of Object.values(P)) POS.push(p);
	POS.sort((a, b) => a.id - b.id);
	const profiles = [
		{ major_code: MAJOR.mechatronics, degree: 3, skills: [SKILL.plc, SKILL.cad], cities: [CITY.qingyuan], salary_min: 5000 },
		{ major_code: '460302', degree: 3, skills: [SKILL.plc], cities: [CITY.guangzhou, CITY.qingyuan], salary_min: 6500 },
		{ major_code: MAJOR.mechatronics, degree: 2, skills: [SKILL.plc, SKILL.cad, SKILL.python] },
		{ major_code: MAJOR.electronics, degree: 3, skills: [SKILL.python, SKILL.excel], cities: [CITY.guangzhou], salary_min: 4000 },
		{ major_code: '460303', degree: 3, skills: [SKILL.cad, SKILL.excel], cities: [CITY.qingyuan], salary_min: 8000 },
		{ major_code: MAJOR.accounting, degree: 3, skills: [SKILL.excel], salary_min: 3000 },
		{ major_code: MAJOR.mechatronics, degree: 3, skills: [SKILL.plc, SKILL.cad, SKILL.excel], cities: [CITY.shenzhen] },
		{ major_code: '460301', degree: 3, skills: [SKILL.plc, SKILL.cad], cities: [CITY.qingyuan], salary_min: 5000 }, // ties with student 0 on Y2
		{ major_code: '460302', degree: 2, skills: [SKILL.python], cities: [CITY.guangzhou] },
		{ major_code: MAJOR.electronics, degree: 3, skills: [SKILL.python], cities: [CITY.guangzhou], salary_min: 4500 },
	];
	for (const [i, profile] of profiles.entries()) {
		const college = i % 3 === 2 ? w.collegeB : w.collegeA;
		const s = await registerStudent(srv, college, { name: `学生${i}`, profile: { grad_year: 2026, ...profile } });
		ST.push({ ...s, college });
	}
	for (const s of ST) {
		const r = await admin.get(`students/${s.id}`);
		assert.equal(r.status, 200, `${r}`);
		studentObj.set(s.id, r.json.student);
	}
	for (const p of POS) {
		const r = await admin.get(`positions/${p.id}`);
		assert.equal(r.status, 200, `${r}`);
		positionObj.set(p.id, r.json.position);
	}
});
after(() => srv?.stop());

/** One random round (seed): choices, HR rankings, preview, checks. Returns its model. */
async function randomRound(seed, { list_max = 4 } = {}) {
	const rand = rng(seed);
	const round = await newRound({ list_max });
	const capacity = new Map(POS.map((p) => [p.id, p.headcount]));
	const choices = new Map();
	for (const s of ST) {
		const n = Math.floor(rand() * (list_max + 1));
		const list = shuffle(POS.map((p) => p.id), rand).slice(0, n);
		await setChoices(round.id, s, list);
		if (list.length) choices.set(s.id, list);
	}
	const ranking = new Map();
	const hrSet = new Set();
	const ranked = new Set([...HR_RANKED, ...(rand() < 0.5 ? ['Y1'] : [])]);
	for (const [name, p] of Object.entries(P)) {
		const choosers = [...choices].filter(([, l]) => l.includes(p.id)).map(([s]) => s);
		if (ranked.has(name) && choosers.length) {
			// HR ranks everyone who chose, or (one time in three) leaves the last one out:
			// those left out follow HR's order, by score (vetoed ones never ranked).
			let list = shuffle(choosers, rand);
			if (list.length > 1 && rand() < 0.34) list = list.slice(0, -1);
			await setRanking(round.id, p.id, list);
			ranking.set(p.id, [...list, ...scoreOrder(p.id, choosers.filter((s) => !list.includes(s)))]);
			hrSet.add(p.id);
		} else {
			ranking.set(p.id, scoreOrder(p.id, choosers));
		}
	}
	return { round, choices, ranking, capacity, hrSet, check: () => previewAndCheck(round.id, choices, ranking, capacity, `seed ${seed}`) };
}

describe('preview: the student-optimal stable matching and its figures', () => {
	for (const seed of [1, 2, 3, 4, 5, 6]) {
		it(`random round, seed ${seed}`, async () => {
			const m = await randomRound(seed);
			await m.check();
		});
	}

	it('a textbook instance with capacities (docs/matching.md, hospitals/residents), all ranked by HR', async () => {
		// r1..r5 = students 0..4; H1 = X1 (2 seats), H2 = X2, H3 = Y1 (1 seat each)
		const round = await newRound({ position_ids: [P.X1.id, P.X2.id, P.Y1.id] });
		const [r1, r2, r3, r4, r5] = ST.slice(0, 5);
		const H1 = P.X1.id;
		const H2 = P.X2.id;
		const H3 = P.Y1.id;
		const ch = [
			[r1, [H2, H1]],
			[r2, [H1, H2, H3]],
			[r3, [H1, H3]],
			[r4, [H2, H1, H3]],
			[r5, [H1, H2, H3]],
		];
		for (const [s, l] of ch) await setChoices(round.id, s, l);
		await setRanking(round.id, H1, [r3, r5, r1, r2, r4].map((s) => s.id));
		await setRanking(round.id, H2, [r2, r4, r1, r5].map((s) => s.id));
		await setRanking(round.id, H3, [r5, r4, r2, r3].map((s) => s.id));
		const pv = await admin.post(`match/rounds/${round.id}/preview`);
		assert.equal(pv.status, 200, `${pv}`);
		const got = Object.fromEntries((await operatorResult(round.id)).map((x) => [x.student_id, x.position_id]));
		// the documented answer: r1 –, r2 H2, r3 H1, r4 H3, r5 H1
		assert.deepEqual(got, { [r1.id]: null, [r2.id]: H2, [r3.id]: H1, [r4.id]: H3, [r5.id]: H1 });
		assert.equal(pv.json.stats.matched, 4);
		assert.equal(pv.json.stats.first_choice, 2, 'r3 and r5 got their first choice');
		assert.equal(pv.json.stats.seats, 4);
		assert.equal(pv.json.stats.seats_filled, 4);
		assert.deepEqual(pv.json.stats.unfilled_positions, []);
	});

	it('score order where HR has not ranked: the best-scoring chooser wins a single seat; vetoed students are never matched there', async () => {
		const round = await newRound({ position_ids: [P.Y2.id, P.Y3.id] });
		// everyone chooses Y2 only: seats 2, ranked by score, vetoed (major, degree) left out
		for (const s of ST) await setChoices(round.id, s, [P.Y2.id]);
		const order = scoreOrder(P.Y2.id, ST.map((s) => s.id));
		assert.ok(order.length >= 2 && order.length < ST.length, `the instance has vetoed and eligible students: ${order}`);
		await admin.post(`match/rounds/${round.id}/preview`);
		const got = (await operatorResult(round.id)).filter((x) => x.position_id !== null).map((x) => x.student_id).sort((a, b) => a - b);
		assert.deepEqual(got, order.slice(0, 2).sort((a, b) => a - b), 'the two best by score (ties by the smaller id)');
	});

	it('preview again after changes; publishing a stale preview is refused until previewed again', async () => {
		const m = await randomRound(42);
		const { want } = await m.check();
		// a matched student moves a position that was not theirs to the top
		const [sid, pid] = [...want].find(([, p]) => p !== null);
		const other = POS.find((p) => p.id !== pid && (p.id === P.X1.id || p.id === P.X2.id));
		const st = ST.find((s) => s.id === sid);
		const newList = [other.id, ...m.choices.get(sid).filter((x) => x !== other.id)].slice(0, 4);
		await setChoices(m.round.id, st, newList);
		m.choices.set(sid, newList);
		// HR of `other` ranks the student first among its choosers
		const choosers = [...m.choices].filter(([, l]) => l.includes(other.id)).map(([s]) => s);
		const rank = [sid, ...choosers.filter((s) => s !== sid)];
		await setRanking(m.round.id, other.id, rank);
		m.ranking.set(other.id, rank);
		m.hrSet.add(other.id);
		for (const p of POS) {
			if (m.hrSet.has(p.id)) continue;
			m.ranking.set(p.id, scoreOrder(p.id, [...m.choices].filter(([, l]) => l.includes(p.id)).map(([s]) => s)));
		}
		const pub = await admin.post(`match/rounds/${m.round.id}/publish`);
		expectError(pub, 422, 'rule');
		const again = await m.check();
		assert.equal(again.want.get(sid), other.id, 'the student now gets the position they put first');
		const ok = await admin.post(`match/rounds/${m.round.id}/publish`);
		assert.equal(ok.status, 200, `${ok}`);
		assert.deepEqual(new Map((await operatorResult(m.round.id)).map((x) => [x.student_id, x.position_id])), new Map([...again.want]), 'the published results are the latest preview');
	});
});

describe('published results', () => {
	let m;
	let want;
	before(async () => {
		m = await randomRound(7);
		({ want } = await m.check());
		const pub = await admin.post(`match/rounds/${m.round.id}/publish`);
		assert.equal(pub.status, 200, `${pub}`);
		assert.equal(pub.json.round.status, 'published');
		assert.equal(typeof pub.json.round.published_at, 'number');
	});

	it('a student sees only their own result, with the explanation of the pair', async () => {
		let explained = 0;
		for (const s of ST) {
			const r = await s.client.get(`match/rounds/${m.round.id}/result`);
			assert.equal(r.status, 200, `${r}`);
			if (!m.choices.has(s.id)) {
				assert.deepEqual(r.json.items, [], 'no choices, no result');
				continue;
			}
			assert.equal(r.json.items.length, 1, `${r}`);
			const it = r.json.items[0];
			assert.equal(it.student_id, s.id);
			assert.equal(it.position_id, want.get(s.id));
			if (it.position_id === null) {
				assert.equal(it.choice_rank, null);
				continue;
			}
			assert.equal(it.choice_rank, m.choices.get(s.id).indexOf(it.position_id) + 1);
			checkExplanation(it.explanation, `student ${s.id} / position ${it.position_id}`);
			const ref = referenceScore(studentObj.get(s.id), { ...positionObj.get(it.position_id), filled: 0 }, false);
			assert.deepEqual(pointsOf(it.explanation), ref.points, `explanation of student ${s.id} / position ${it.position_id}`);
			explained++;
		}
		assert.ok(explained > 0, 'some student was matched');
	});

	it("HR sees the results of their own positions only", async () => {
		for (const [hr, ent] of [[w.hrA, w.entA], [w.hrB, w.entB]]) {
			const r = await hr.client.get(`match/rounds/${m.round.id}/result`);
			assert.equal(r.status, 200, `${r}`);
			const mine = new Set(POS.filter((p) => p.enterprise_id === ent.id).map((p) => p.id));
			const expect = [...want].filter(([, p]) => p !== null && mine.has(p)).map(([s, p]) => [s, p]).sort((a, b) => a[0] - b[0]);
			assert.deepEqual(r.json.items.map((x) => [x.student_id, x.position_id]).sort((a, b) => a[0] - b[0]), expect);
			for (const it of r.json.items) assert.equal(it.enterprise_name, ent.name);
		}
	});

	it('after publishing, choices and rankings are refused (422)', async () => {
		const s = ST.find((x) => m.choices.has(x.id));
		expectError(await s.client.post(`match/rounds/${m.round.id}/choices`, { position_ids: [] }), 422, 'rule');
		expectError(await w.hrA.client.post(`match/rounds/${m.round.id}/ranking`, { position_id: P.X1.id, student_ids: [] }), 422, 'rule');
		expectError(await admin.post(`match/rounds/${m.round.id}/preview`), 422, 'rule');
	});
});
