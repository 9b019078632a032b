// skyway judges assign and skyway scores normalize: the competition's engines on CSV
// files (contract in docs/competition.md). The binary is spawned with files written
// here; no server, no database: make check runs it in the SQLite suite only (scripts/check.sh).
//
// Outputs are checked by code written here from the contract: every rule of each pair,
// the min-max load against an independent max-flow (and brute force on small cases),
// the order of rows, 4-decimal numbers recomputed from the definitions, and for each
// bad input the exit status, empty stdout and the FILE:LINE of the message.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from './harness.mjs';

let dir;
before(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyway-judges-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

let fileNo = 0;
/** Writes rows (arrays or strings) as a CSV file; returns its path. */
function csv(name, rows, { eol = '\n', bom = false } = {}) {
	fileNo += 1;
	const p = path.join(dir, `${fileNo}-${name}`);
	const text = rows.map((r) => (Array.isArray(r) ? r.join(',') : r)).join(eol) + eol;
	fs.writeFileSync(p, (bom ? '\ufeff' : '') + text);
	return p;
}

const assign = (T, J, C, K) =>
	runCli(['judges', 'assign', '--teams', T, '--judges', J, ...(C ? ['--conflicts', C] : []), '--per-team', String(K)]);
const normalize = (S) => runCli(['scores', 'normalize', '--scores', S]);

/** Parses the assignment output: checks the header, returns [team, judge] pairs. */
function pairsOf(r) {
	assert.equal(r.code, 0, r.stderr);
	assert.equal(r.stderr, '');
	const lines = r.stdout.split('\n');
	assert.equal(lines.pop(), '', 'output ends with a newline');
	assert.equal(lines.shift(), 'team_id,judge_id');
	return lines.map((l) => l.split(','));
}

/** Checks a bad-input answer: exit 2, nothing on stdout, stderr has FILE:LINE: and the words. */
function refused(r, file, line, words) {
	assert.equal(r.code, 2, `exit ${r.code}: ${r.stderr}`);
	assert.equal(r.stdout, '');
	const want = `${file}:${line}: `;
	const hit = r.stderr.split('\n').find((l) => l.startsWith(want));
	assert.ok(hit, `stderr has no line starting with ${want}:\n${r.stderr}`);
	assert.match(hit, words);
}

// ---- an edition, and the rules written plainly ---------------------------------------------

/** teams: [id, track, college]; judges: [id, tracks (array), college]; conflicts: [judge, team]. */
function files(teams, judges, conflicts) {
	return {
		T: csv('T.csv', [['team_id', 'track', 'college'], ...teams]),
		J: csv('J.csv', [['judge_id', 'tracks', 'college'], ...judges.map(([id, tr, col]) => [id, tr.join(' '), col])]),
		C: conflicts ? csv('C.csv', [['judge_id', 'team_id'], ...conflicts]) : null,
	};
}

function eligible(team, judge, conflicts) {
	return judge[1].includes(team[1]) && (judge[2] === '' || judge[2] !== team[2]) &&
		!conflicts.some(([j, t]) => j === judge[0] && t === team[0]);
}

/** Max-flow (Edmonds-Karp): can every team get K eligible judges with loads <= L? */
function feasible(teams, judges, conflicts, K, L) {
	const n = teams.length, m = judges.length, S = 0, T = 1, N = 2 + n + m;
	const cap = new Map(), adj = Array.from({ length: N }, () => []);
	const edge = (u, v, c) => {
		cap.set(`${u},${v}`, (cap.get(`${u},${v}`) || 0) + c);
		if (!cap.has(`${v},${u}`)) cap.set(`${v},${u}`, 0);
		adj[u].push(v);
		adj[v].push(u);
	};
	teams.forEach((t, i) => {
		edge(S, 2 + i, K);
		judges.forEach((j, k) => { if (eligible(t, j, conflicts)) edge(2 + i, 2 + n + k, 1); });
	});
	judges.forEach((_, k) => edge(2 + n + k, T, L));
	let flow = 0;
	for (;;) {
		const prev = new Array(N).fill(-1);
		prev[S] = S;
		const queue = [S];
		while (queue.length && prev[T] < 0) {
			const u = queue.shift();
			for (const v of adj[u]) if (prev[v] < 0 && cap.get(`${u},${v}`) > 0) { prev[v] = u; queue.push(v); }
		}
		if (prev[T] < 0) break;
		for (let v = T; v !== S; v = prev[v]) {
			cap.set(`${prev[v]},${v}`, cap.get(`${prev[v]},${v}`) - 1);
			cap.set(`${v},${prev[v]}`, cap.get(`${v},${prev[v]}`) + 1);
		}
		flow += 1;
	}
	return flow === n * K;
}

/** Every rule of the contract on an output; returns the largest load. */
function checkAssignment(pairs, teams, judges, conflicts, K) {
	assert.equal(pairs.length, teams.length * K, 'K rows per team');
	const load = new Map(judges.map((j) => [j[0], 0]));
	teams.forEach((team, i) => {
		const mine = pairs.slice(i * K, (i + 1) * K);
		for (const [t] of mine) assert.equal(t, team[0], 'teams in the order of T.csv');
		const order = mine.map(([, j]) => judges.findIndex((x) => x[0] === j));
		for (let k = 1; k < order.length; k++) assert.ok(order[k] > order[k - 1], `judges of ${team[0]} in J.csv order, distinct`);
		for (const [, j] of mine) {
			const judge = judges.find((x) => x[0] === j);
			assert.ok(judge, `unknown judge ${j}`);
			assert.ok(eligible(team, judge, conflicts), `${j} may not judge ${team[0]}`);
			load.set(j, load.get(j) + 1);
		}
	});
	return Math.max(0, ...load.values());
}

const TRACKS = ['新材料', '智能制造', '文化创意', '生物科技'];
const COLLEGES = ['清远职业技术学院', '广东岭南职业技术学院', '广东交通职业技术学院', '清远工贸职业技术学院', '广东建设职业技术学院'];

/** A seeded generator of integers below n (mulberry32). */
function random(seed) {
	let a = seed >>> 0;
	return (n) => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = Math.imul(a ^ (a >>> 15), a | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
	};
}

function randomEdition(seed, nTeams, nJudges, conflictsPer100) {
	const rnd = random(seed);
	const teams = Array.from({ length: nTeams }, (_, i) => [`队${String(i + 1).padStart(3, '0')}`, TRACKS[rnd(4)], COLLEGES[rnd(5)]]);
	const judges = Array.from({ length: nJudges }, (_, i) => {
		const tracks = [TRACKS[i % 4]];
		if (rnd(100) < 30) tracks.push(TRACKS[rnd(4)]);
		return [`评委${i + 1}`, tracks, rnd(100) < 40 ? COLLEGES[rnd(5)] : ''];
	});
	const conflicts = [];
	for (const t of teams) for (const j of judges) if (rnd(100) < conflictsPer100) conflicts.push([j[0], t[0]]);
	return { teams, judges, conflicts };
}

// ---- skyway judges assign ---------------------------------------------------------------

describe('skyway judges assign', () => {
	it('--help explains the files and exit codes', () => {
		for (const args of [['judges', 'assign', '--help'], ['judges', '--help']]) {
			const r = runCli(args);
			assert.equal(r.code, 0, r.stderr);
			assert.match(r.stdout, /usage: skyway judges assign/);
			for (const w of ['team_id,track,college', 'judge_id,tracks,college', 'judge_id,team_id', '--per-team']) assert.ok(r.stdout.includes(w), w);
		}
		const r = runCli(['judges']);
		assert.equal(r.code, 2);
		assert.equal(r.stdout, '');
	});

	it('takes the optimum where the obvious choice is wrong', () => {
		// 评委甲 reviews both tracks, 评委乙 only 新材料: 甲 must go to the 智能制造 team.
		const teams = [['A队', '新材料', '清远职业技术学院'], ['B队', '智能制造', '清远职业技术学院']];
		const judges = [['评委甲', ['新材料', '智能制造'], ''], ['评委乙', ['新材料'], '']];
		const f = files(teams, judges);
		assert.deepEqual(pairsOf(assign(f.T, f.J, null, 1)), [['A队', '评委乙'], ['B队', '评委甲']]);
	});

	it('obeys tracks, colleges and conflicts, in the contract order, with the least possible max load', () => {
		let solved = 0;
		for (const [seed, n, m, K] of [[1, 12, 12, 2], [2, 30, 16, 3], [3, 60, 24, 3], [4, 40, 32, 5], [5, 20, 8, 2]]) {
			const { teams, judges, conflicts } = randomEdition(seed, n, m, 5);
			const f = files(teams, judges, conflicts);
			const r = assign(f.T, f.J, f.C, K);
			if (r.code === 1) {
				// Then some team really has fewer than K eligible judges, and it is named.
				const short = teams.filter((t) => judges.filter((j) => eligible(t, j, conflicts)).length < K);
				assert.ok(short.length > 0, `exit 1 but every team has ${K} eligible judges: ${r.stderr}`);
				for (const t of short) assert.ok(r.stderr.includes(t[0]), `${t[0]} not named`);
				assert.equal(r.stdout, '');
				continue;
			}
			const max = checkAssignment(pairsOf(r), teams, judges, conflicts, K);
			assert.ok(feasible(teams, judges, conflicts, K, max));
			assert.ok(!feasible(teams, judges, conflicts, K, max - 1), `seed ${seed}: max load ${max} is not the minimum`);
			assert.equal(assign(f.T, f.J, f.C, K).stdout, r.stdout, 'the same input gives the same output');
			solved += 1;
		}
		assert.ok(solved >= 3, `only ${solved} of the editions had an assignment`);
	});

	it('reads blank-separated tracks, empty judge colleges, any column order, a BOM and CRLF', () => {
		const T = csv('T.csv', ['college,team_id,track,note', '清远职业技术学院,T1,新材料,x', '广东交通职业技术学院,T2,生物科技,'], { eol: '\r\n', bom: true });
		const J = csv('J.csv', ['judge_id,college,tracks', 'J1,清远职业技术学院,新材料   生物科技', 'J2,,"新材料\t生物科技"', 'J3,,生物科技'], { eol: '\r\n' });
		// T1 (新材料, 清远职业技术学院): J1 is of its college, J3 has no 新材料: only J2.
		const pairs = pairsOf(assign(T, J, null, 1));
		assert.deepEqual(pairs[0], ['T1', 'J2']);
		assert.equal(pairs[1][0], 'T2');
		assert.ok(['J1', 'J3'].includes(pairs[1][1]), `T2 got ${pairs[1][1]}: J2 would carry 2`);
		const r = assign(T, J, null, 2);
		assert.equal(r.code, 1);
		assert.match(r.stderr, /team T1 cannot get 2 judges: 1 eligible of the 2 judges of track 新材料/);
	});

	it('exit 1 when a team cannot get K judges: nothing on stdout, the team named with why', () => {
		const teams = [['A队', '新材料', '清远职业技术学院'], ['B队', '新材料', '广东交通职业技术学院'], ['C队', '生物科技', '广东交通职业技术学院']];
		const judges = [['J1', ['新材料'], '清远职业技术学院'], ['J2', ['新材料'], ''], ['J3', ['新材料', '生物科技'], ''], ['J4', ['生物科技'], '']];
		const f = files(teams, judges, [['J3', 'A队']]);
		const r = assign(f.T, f.J, f.C, 2);
		assert.equal(r.code, 1, r.stderr);
		assert.equal(r.stdout, '');
		assert.match(r.stderr, /team A队 cannot get 2 judges: 1 eligible of the 3 judges of track 新材料 \(1 of its college 清远职业技术学院, 1 with a declared conflict\)/);
		assert.ok(!r.stderr.includes('B队') && !r.stderr.includes('C队'), r.stderr);
		// Without the conflict it works.
		assert.equal(assign(f.T, f.J, null, 2).code, 0);
	});

	describe('bad input: exit 2, FILE:LINE: reason, nothing on stdout', () => {
		const teams = [['T1', '新材料', '清远职业技术学院'], ['T2', '新材料', '广东交通职业技术学院']];
		const judges = [['J1', ['新材料'], ''], ['J2', ['新材料'], '']];
		let f;
		before(() => { f = files(teams, judges, [['J1', 'T2']]); });

		it('a missing column in any file', () => {
			const T = csv('T.csv', ['team_id,track', 'T1,新材料']);
			refused(assign(T, f.J, null, 1), T, 1, /missing column college/);
			const J = csv('J.csv', ['', 'judge_id,college', 'J1,']);
			refused(assign(f.T, J, null, 1), J, 2, /missing column tracks/);
			const C = csv('C.csv', ['judge_id', 'J1']);
			refused(assign(f.T, f.J, C, 1), C, 1, /missing column team_id/);
			const twice = csv('T.csv', ['team_id,track,college,track', 'T1,a,b,c']);
			refused(assign(twice, f.J, null, 1), twice, 1, /column track appears twice/);
		});

		it('a duplicate id', () => {
			const T = csv('T.csv', ['team_id,track,college', 'T1,新材料,甲', 'T2,新材料,甲', 'T1,新材料,乙']);
			refused(assign(T, f.J, null, 1), T, 4, /duplicate team_id 'T1' \(first on line 2\)/);
			const J = csv('J.csv', ['judge_id,tracks,college', 'J1,新材料,', 'J1,新材料,']);
			refused(assign(f.T, J, null, 1), J, 3, /duplicate judge_id 'J1'/);
		});

		it('an unknown id in C.csv', () => {
			const C = csv('C.csv', ['judge_id,team_id', 'J1,T1', 'J9,T2', 'J2,T9']);
			const r = assign(f.T, f.J, C, 1);
			refused(r, C, 3, /unknown judge_id 'J9'/);
			refused(r, C, 4, /unknown team_id 'T9'/);
		});

		it('K below 1 or not a number', () => {
			for (const K of ['0', '-1', 'abc', '1.5', '']) {
				const r = assign(f.T, f.J, f.C, K);
				assert.equal(r.code, 2, `--per-team ${K}: exit ${r.code}`);
				assert.equal(r.stdout, '');
				assert.match(r.stderr, /--per-team/);
			}
			const r = runCli(['judges', 'assign', '--teams', f.T, '--judges', f.J]);
			assert.equal(r.code, 2);
			assert.equal(r.stdout, '');
		});

		it('empty ids and fields, ids that cannot be printed back, unreadable files', () => {
			const T = csv('T.csv', ['team_id,track,college', ',新材料,甲', '"T,2",新材料,甲', 'T3,,甲', 'T4,新材料,', 'T5,新 材料,甲']);
			const r = assign(T, f.J, null, 1);
			refused(r, T, 2, /empty team_id/);
			refused(r, T, 3, /contains a comma/);
			refused(r, T, 4, /empty track/);
			refused(r, T, 5, /empty college/);
			refused(r, T, 6, /contains a blank/);
			const missing = path.join(dir, 'none.csv');
			const r2 = assign(missing, f.J, null, 1);
			assert.equal(r2.code, 2);
			assert.equal(r2.stdout, '');
			assert.ok(r2.stderr.includes(`${missing}: cannot read`), r2.stderr);
			const bin = path.join(dir, 'binary.csv');
			fs.writeFileSync(bin, Buffer.from([0, 1, 2, 3, 0, 0, 0]));
			refused(assign(bin, f.J, null, 1), bin, 1, /二进制|binary/);
			const empty = csv('empty.csv', []);
			refused(assign(empty, f.J, null, 1), empty, 1, /./);
		});

		it('an unknown option', () => {
			const r = runCli(['judges', 'assign', '--teams', f.T, '--judges', f.J, '--per-team', '1', '--fast']);
			assert.equal(r.code, 2);
			assert.equal(r.stdout, '');
			assert.match(r.stderr, /unknown option '--fast'/);
		});
	});
});

// ---- skyway scores normalize ---------------------------------------------------------------

/** The definitions of the contract, plainly: rows [judge, team, score]. */
function expected(rows) {
	const all = rows.map((r) => r[2]);
	const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
	const sd = (v) => { const m = mean(v); return Math.sqrt(mean(v.map((x) => (x - m) ** 2))); };
	const M = mean(all), S = sd(all);
	const z = new Map();
	for (const j of new Set(rows.map((r) => r[0]))) {
		const mine = rows.filter((r) => r[0] === j), v = mine.map((r) => r[2]);
		const flat = v.length < 2 || v.every((x) => x === v[0]);
		for (const r of mine) z.set(r, flat ? 0 : (r[2] - mean(v)) / sd(v));
	}
	const out = [];
	for (const t of new Set(rows.map((r) => r[1]))) {
		const mine = rows.filter((r) => r[1] === t);
		out.push({ team: t, normalized: M + S * mean(mine.map((r) => z.get(r))), raw: mean(mine.map((r) => r[2])), judges: mine.length });
	}
	return out;
}

describe('skyway scores normalize', () => {
	const header = 'judge_id,team_id,score';

	it('--help explains the file', () => {
		const r = runCli(['scores', 'normalize', '--help']);
		assert.equal(r.code, 0);
		assert.match(r.stdout, /usage: skyway scores normalize --scores S.csv/);
		assert.ok(r.stdout.includes(header));
	});

	it('the worked example of docs/competition.md, to the digit; ties by team_id', () => {
		const S = csv('S.csv', [header, '甲,T1,80', '甲,T2,90', '甲,T3,70', '乙,T1,60', '乙,T2,70', '乙,T4,50', '丙,T4,75', '丙,T3,75']);
		const r = normalize(S);
		assert.equal(r.code, 0, r.stderr);
		assert.equal(r.stderr, '');
		assert.equal(r.stdout, [
			'team_id,normalized,raw_mean,judges',
			'T2,85.1974,80.0000,2',
			'T1,71.2500,70.0000,2',
			'T3,64.2763,72.5000,2',
			'T4,64.2763,62.5000,2',
			'',
		].join('\n'));
	});

	it('random rounds agree with the definitions, sorted by normalized then team_id', () => {
		const rnd = random(7);
		for (let round = 0; round < 20; round++) {
			const rows = [];
			const nj = 2 + rnd(6), nt = 3 + rnd(15);
			for (let j = 0; j < nj; j++) {
				const flat = rnd(10) === 0, lenient = 50 + rnd(30);
				for (let t = 0; t < nt; t++) if (rnd(100) < 60) rows.push([`评委${j}`, `队${t}`, flat ? 77.5 : lenient + rnd(300) / 10]);
			}
			if (!rows.length) continue;
			const S = csv('S.csv', [header, ...rows.map((r) => r.join(','))]);
			const r = normalize(S);
			assert.equal(r.code, 0, r.stderr);
			const lines = r.stdout.trim().split('\n');
			assert.equal(lines.shift(), 'team_id,normalized,raw_mean,judges');
			const want = new Map(expected(rows).map((e) => [e.team, e]));
			assert.equal(lines.length, want.size);
			let prev = null;
			for (const line of lines) {
				const [team, normalized, raw, judges] = line.split(',');
				assert.match(normalized, /^-?\d+\.\d{4}$/);
				assert.match(raw, /^-?\d+\.\d{4}$/);
				const e = want.get(team);
				assert.ok(Math.abs(Number(normalized) - e.normalized) <= 0.00005 + 1e-9, `${team}: ${normalized} vs ${e.normalized}`);
				assert.ok(Math.abs(Number(raw) - e.raw) <= 0.00005 + 1e-9);
				assert.equal(Number(judges), e.judges);
				if (prev) {
					const a = Number(prev[1]), b = Number(normalized);
					assert.ok(a > b || (a === b && Buffer.compare(Buffer.from(prev[0]), Buffer.from(team)) < 0), `order: ${prev} before ${line}`);
				}
				prev = [team, normalized];
			}
		}
	});

	it('a judge with one team or identical totals counts as z = 0', () => {
		const S = csv('S.csv', [header, 'A,T1,0.1', 'A,T2,0.1', 'A,T3,0.1', 'B,T1,90']);
		const r = normalize(S);
		assert.equal(r.code, 0, r.stderr);
		// every z is 0: every team sits at the overall mean (0.1 * 3 + 90) / 4
		for (const line of r.stdout.trim().split('\n').slice(1)) assert.equal(line.split(',')[1], '22.5750');
		const only = csv('S.csv', [header]);
		const r2 = normalize(only);
		assert.equal(r2.code, 0);
		assert.equal(r2.stdout, 'team_id,normalized,raw_mean,judges\n');
	});

	it('bad input: exit 2, FILE:LINE: reason, nothing on stdout', () => {
		const noScore = csv('S.csv', ['judge_id,team_id', 'A,T1']);
		refused(normalize(noScore), noScore, 1, /missing column score/);
		const bad = csv('S.csv', [header, 'A,T1,80', 'A,T2,八十', 'A,T3,1e3', 'A,T1,70', ',T4,60', 'B,T5,', 'C,T6,3000000000']);
		const r = normalize(bad);
		refused(r, bad, 3, /score '八十' is not a number/);
		refused(r, bad, 4, /score '1e3' is not a number/);
		refused(r, bad, 5, /judge 'A' scored team 'T1' twice \(first on line 2\)/);
		refused(r, bad, 6, /empty judge_id/);
		refused(r, bad, 7, /score '' is not a number/);
		refused(r, bad, 8, /not a number within/);
		const lines = r.stderr.trim().split('\n').map((l) => Number(l.split(':')[1]));
		assert.deepEqual(lines, [...lines].sort((a, b) => a - b), 'errors in line order');
		assert.equal(runCli(['scores', 'normalize']).code, 2);
		assert.equal(runCli(['scores', 'frobnicate']).code, 2);
	});
});
