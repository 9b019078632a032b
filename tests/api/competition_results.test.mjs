// Results, promotion, the roadshow final, prizes, certificates, seats, appeals and figures
// through the API (docs/api.md, docs/competition.md): the normalised scores, the judges'
// leniency and the 90% rank intervals of a round match an independent recomputation from
// the submitted scores; promotion by quota needs every score and the next round; published
// lists show who went on, never scores; the roadshow stage (order, timer, reveal) and its
// live stream; prizes by rank with certificates verified publicly; incubator seat offers;
// appeals within the window, reinstating an eliminated team; figures and .xlsx exports.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, xlsxText } from './harness.mjs';
import { addJudges, addRound, bootstrap, makeCompWorld, makeTeam, marksFor, normalize, openEdition, readFrames, startCompServer, totalOf } from './competition_lib.mjs';

let srv, w, admin, ed, r1, r2, teams, J;
const near = (a, b, what) => assert.ok(Math.abs(a - b) <= 1.01e-4, `${what}: ${a} vs ${b}`);

before(async () => {
	srv = await startCompServer();
	w = await makeCompWorld(srv, { students: 6, judges: 6 });
	admin = w.admin;
	ed = await openEdition(admin, { appeal_days: 5 });
	// 12 teams: six per track, leaders from the three colleges.
	teams = [];
	const leaders = [...w.students.A, ...w.students.B];
	for (let i = 0; i < 12; i++) {
		const track = i % 2 ? '智能制造' : '新材料';
		const leader = leaders[i];
		const staff = i < 6 ? w.staffA : w.staffB;
		teams.push({ ...(await makeTeam(w, ed, { leader, track, staff })), track, leader, college: i < 6 ? w.cA.id : w.cB.id });
	}
	// Six outside judges, both tracks: every team can get any three of them.
	J = await addJudges(w, ed, w.judges.map((judge) => ({ judge, tracks: ['新材料', '智能制造'] })));
	assert.equal((await admin.post(`competition/editions/${ed.id}/status`, { to: 'judging' })).status, 200);
	r1 = await addRound(admin, ed, { per_team: 3, replicates: 400 }, { 新材料: 3, 智能制造: 3 });
	const a = await admin.post(`competition/rounds/${r1}/assign`);
	assert.equal(a.status, 200, `${a}`);
});
after(async () => {
	await srv?.stop();
});

/** Every assigned judge scores their teams: quality by team, leniency by judge, noise by pair. */
async function scoreRound(round, { skip = null } = {}) {
	const view = (await admin.get(`competition/rounds/${round}/assignments`)).json;
	for (const t of view.teams) {
		const ti = teams.findIndex((x) => x.id === t.team_id);
		for (const j of t.judges) {
			if (skip && skip(t.team_id, j.judge_id)) continue;
			const ji = J.indexOf(j.judge_id);
			const client = w.judges[ji].client;
			const criteria = (await client.get(`competition/rounds/${round}/review`)).json.criteria;
			const target = 55 + ((ti * 37) % 31) + (ji - 2.5) * 4 + (((ti + 3) * (ji + 5)) % 7) - 3;
			const r = await client.post(`competition/rounds/${round}/scores`, { team_id: t.team_id, marks: marksFor(criteria, target), submit: true });
			assert.equal(r.status, 200, `${r}`);
		}
	}
}

/** The submitted scores of a round per track, as the operator reads them, sorted (judge, team). */
async function scoresByTrack(round) {
	const list = (await admin.get(`competition/rounds/${round}/scores`)).json.items.filter((s) => s.status === 'submitted');
	const out = {};
	for (const s of list) {
		const track = teams.find((t) => t.id === s.team_id).track;
		(out[track] ||= []).push({ judge: s.judge_id, team: s.team_id, score: s.total });
	}
	for (const k of Object.keys(out)) out[k].sort((a, b) => a.judge - b.judge || a.team - b.team);
	return out;
}

describe('a round\'s results', () => {
	it('promotion waits for every score, a next round and quotas', async () => {
		const view = (await admin.get(`competition/rounds/${r1}/assignments`)).json;
		const last = view.teams[0];
		await scoreRound(r1, { skip: (t, j) => t === last.team_id && j === last.judges[0].judge_id });
		expectError(await admin.post(`competition/rounds/${r1}/promote`), 422, 'incomplete');
		const ji = J.indexOf(last.judges[0].judge_id);
		const criteria = (await w.judges[ji].client.get(`competition/rounds/${r1}/review`)).json.criteria;
		assert.equal((await w.judges[ji].client.post(`competition/rounds/${r1}/scores`, { team_id: last.team_id, marks: marksFor(criteria, 71), submit: true })).status, 200);
		expectError(await admin.post(`competition/rounds/${r1}/promote`), 422, 'rule', 'status');
		expectError(await admin.post(`competition/rounds/${r1}/publish`), 422, 'rule', 'status');
	});

	it('normalised scores, leniency and rank intervals match an independent recomputation', async () => {
		const res = await admin.get(`competition/rounds/${r1}/results`);
		assert.equal(res.status, 200, `${res}`);
		const byTrack = await scoresByTrack(r1);
		assert.equal(res.json.tracks.length, 4);
		for (const tr of res.json.tracks.filter((t) => t.teams_count)) {
			const scores = byTrack[tr.track];
			const mine = normalize(scores);
			near(tr.mean, mine.M, `${tr.track} M`);
			near(tr.sd, mine.S, `${tr.track} S`);
			assert.equal(tr.teams.length, 6);
			assert.equal(tr.missing, 0);
			for (const [i, t] of tr.teams.entries()) {
				const m = mine.teams[i];
				assert.equal(t.team_id, m.team, `${tr.track} rank ${i + 1}`);
				assert.equal(t.rank, m.rank);
				assert.equal(t.judges, 3);
				near(t.normalized, m.normalized, `team ${t.team_id} normalized`);
				near(t.raw_mean, m.raw_mean, `team ${t.team_id} raw mean`);
				near(t.mean_z, m.mean_z, `team ${t.team_id} mean z`);
			}
			for (const j of tr.judges) {
				const mj = mine.judges.get(j.judge_id);
				assert.equal(j.teams, mj.teams);
				near(j.mean, mj.mean, `judge ${j.judge_id} mean`);
				near(j.sd, mj.sd, `judge ${j.judge_id} sd`);
				assert.equal(j.name, w.judges[J.indexOf(j.judge_id)].acct.display_name);
			}
			// The bootstrap, from the documented draw order and the round's seed.
			const iv = bootstrap(scores, res.json.round.replicates, res.json.round.seed);
			let straddling = 0;
			for (const t of tr.teams) {
				assert.deepEqual(t.interval, iv.get(t.team_id), `team ${t.team_id} interval`);
				const s = t.interval.lo <= tr.quota && tr.quota < t.interval.hi;
				assert.equal(t.straddles, s, `team ${t.team_id} straddles`);
				straddling += s;
			}
			assert.equal(tr.straddling, straddling);
		}
		// The same page twice: the same intervals (the seed is the round's).
		const again = await admin.get(`competition/rounds/${r1}/results`);
		assert.deepEqual(again.json, res.json);
		const x = await admin.get(`competition/rounds/${r1}/results/export`);
		assert.equal(x.status, 200);
		const text = xlsxText(x.buf);
		for (const t of teams) assert.ok(text.includes(t.name));
		assert.ok(text.includes('标准化得分'));
	});

	it('promotion: the top quota of each track goes on, the rest are eliminated', async () => {
		r2 = await addRound(admin, ed, { name: '决赛', kind: 'roadshow', per_team: 2, is_final: true, slot_seconds: 300 });
		const q = await admin.post(`competition/rounds/${r1}/quotas`, { quotas: [{ track_id: ed.tracks['新材料'], quota: 0 }] });
		assert.equal(q.status, 200);
		expectError(await admin.post(`competition/rounds/${r1}/promote`), 422, 'rule', 'quotas');
		assert.equal((await admin.post(`competition/rounds/${r1}/quotas`, { quotas: [{ track_id: ed.tracks['新材料'], quota: 3 }] })).status, 200);
		const res = (await admin.get(`competition/rounds/${r1}/results`)).json;
		const p = await admin.post(`competition/rounds/${r1}/promote`);
		assert.equal(p.status, 200, `${p}`);
		assert.equal(p.json.promoted, 6);
		assert.equal(p.json.eliminated, 6);
		assert.equal(p.json.next_round_id, r2);
		for (const tr of res.tracks)
			for (const t of tr.teams) {
				const g = (await admin.get(`competition/teams/${t.team_id}`)).json.team;
				assert.equal(g.status, t.rank <= 3 ? 'promoted' : 'eliminated', `team ${t.team_id} rank ${t.rank}`);
				assert.equal(g.rounds[0].outcome, t.rank <= 3 ? 'promoted' : 'eliminated');
				assert.equal(g.rounds[0].rank, t.rank);
				near(g.rounds[0].normalized, t.normalized, 'stored normalised score');
			}
		const g2 = (await admin.get(`competition/rounds/${r2}`)).json.round;
		assert.equal(g2.teams, 6);
		expectError(await admin.post(`competition/rounds/${r1}/promote`), 422, 'rule', 'status');
		const audit = await admin.get('audit?action=competition.round.promote');
		assert.ok(audit.json.items.some((a) => a.object_id === String(r1)));
	});

	it('published lists: who went on, no scores; the team sees its own numbers', async () => {
		const stu = w.students.C[0].client;
		const pub = await stu.get(`competition/editions/${ed.id}/results`);
		assert.equal(pub.status, 200, `${pub}`);
		const round = pub.json.rounds[0];
		const listed = round.tracks.flatMap((t) => t.teams);
		assert.equal(listed.length, 6);
		assert.ok(listed.every((t) => t.outcome === 'promoted'));
		assert.ok(!/normalized|raw_mean|judge/.test(pub.text), 'no scores or judges in the public list');
		const op = await admin.get(`competition/editions/${ed.id}/results`);
		assert.equal(op.json.rounds[0].tracks.flatMap((t) => t.teams).length, 12);
		const out = teams.find((t) => t.leader && listed.every((l) => l.team_id !== t.id));
		const own = (await out.leader.client.get(`competition/teams/${out.id}`)).json.team;
		assert.equal(own.status, 'eliminated');
		assert.equal(typeof own.rounds[0].normalized, 'number');
		expectError(await stu.get(`competition/rounds/${r1}/results`), 403, 'forbidden');
	});

	it('appeals: a member within the window, one open at a time; upheld with reinstatement', async () => {
		const elim = [];
		for (const t of teams) if ((await admin.get(`competition/teams/${t.id}`)).json.team.status === 'eliminated') elim.push(t);
		const [e1, e2] = elim;
		expectError(await e1.leader.client.post(`competition/teams/${e1.id}/appeals`, { round_id: r1, text: '太短' }), 400, 'invalid', 'text');
		expectError(await e1.leader.client.post(`competition/teams/${e1.id}/appeals`, { round_id: r2, text: '决赛还没有开始，但我们想申诉。' }), 400, 'invalid', 'round_id');
		const a = await e1.leader.client.post(`competition/teams/${e1.id}/appeals`, { round_id: r1, text: '我们认为有一位评委的评分明显偏低，请复核。' });
		assert.equal(a.status, 201, `${a}`);
		expectError(await e1.leader.client.post(`competition/teams/${e1.id}/appeals`, { round_id: r1, text: '再次申诉，请复核我们的成绩。' }), 409, 'conflict', 'round_id');
		expectError(await e2.leader.client.post(`competition/teams/${e1.id}/appeals`, { round_id: r1, text: '替别的团队申诉可以吗？' }), 404, 'not_found');
		const b = await e2.leader.client.post(`competition/teams/${e2.id}/appeals`, { round_id: r1, text: '请复核本队商业价值一项的评分。' });
		assert.equal(b.status, 201);
		const list = await admin.get(`competition/editions/${ed.id}/appeals?status=open`);
		assert.equal(list.json.items.length, 2);
		expectError(await admin.post(`competition/appeals/${b.json.id}/answer`, { decision: 'rejected', reply: '维持原评分', reinstate: true }), 400, 'invalid', 'reinstate');
		assert.equal((await admin.post(`competition/appeals/${b.json.id}/answer`, { decision: 'rejected', reply: '经复核，维持原评分。' })).status, 200);
		assert.equal((await admin.post(`competition/appeals/${a.json.id}/answer`, { decision: 'upheld', reply: '复核后恢复晋级资格。', reinstate: true })).status, 200);
		expectError(await admin.post(`competition/appeals/${a.json.id}/answer`, { decision: 'upheld', reply: '重复答复' }), 409, 'conflict');
		const g = (await e1.leader.client.get(`competition/teams/${e1.id}`)).json.team;
		assert.equal(g.status, 'promoted');
		assert.equal(g.appeals[0].status, 'upheld');
		assert.equal(g.appeals[0].reply, '复核后恢复晋级资格。');
		assert.equal((await admin.get(`competition/rounds/${r2}`)).json.round.teams, 7);
		assert.equal((await e2.leader.client.get(`competition/teams/${e2.id}`)).json.team.status, 'eliminated');
	});
});

describe('the roadshow final', () => {
	let order;
	before(async () => {
		assert.equal((await admin.post(`competition/rounds/${r2}/quotas`, {
			quotas: [
				{ track_id: ed.tracks['新材料'], quota: 1, first_prizes: 1, second_prizes: 1, third_prizes: 0, merit_prizes: 1 },
				{ track_id: ed.tracks['智能制造'], quota: 1, first_prizes: 1, second_prizes: 1, third_prizes: 0, merit_prizes: 1 },
			],
		})).status, 200);
		const a = await admin.post(`competition/rounds/${r2}/assign`);
		assert.equal(a.status, 200, `${a}`);
		const view = (await admin.get(`competition/rounds/${r2}/assignments`)).json;
		order = view.teams.map((t) => t.team_id).reverse();
	});

	it('running order, call, timer, reveal, over the live stream', async () => {
		expectError(await admin.post(`competition/rounds/${r2}/order`, { team_ids: order.slice(1) }), 400, 'invalid', 'team_ids');
		expectError(await admin.post(`competition/rounds/${r1}/order`, { team_ids: order }), 422, 'rule', 'kind');
		assert.equal((await admin.post(`competition/rounds/${r2}/order`, { team_ids: order })).status, 200);
		expectError(await admin.post(`competition/rounds/${r2}/stage`, { action: 'start' }), 422, 'rule', 'action');
		const viewer = w.students.C[1].client;
		const isCall = (f) => f.event === 'stage' && f.data.what === 'team';
		const frames = await readFrames(srv, viewer, `competition/rounds/${r2}/live`, (fs) => fs.some(isCall), async () => {
			assert.equal((await admin.post(`competition/rounds/${r2}/stage`, { action: 'call' })).status, 200);
		});
		assert.equal(frames[0].event, 'hello');
		assert.deepEqual(frames.find(isCall).data, { round_id: r2, what: 'team', team_id: 0 });
		let st = (await viewer.get(`competition/rounds/${r2}/stage`)).json;
		assert.equal(st.on_stage.team_id, order[0]);
		assert.equal(st.on_stage.position, 1);
		assert.equal(st.timer.running, false);
		assert.equal(st.timer.remaining, 300);
		assert.equal((await admin.post(`competition/rounds/${r2}/stage`, { action: 'start' })).status, 200);
		st = (await viewer.get(`competition/rounds/${r2}/stage`)).json;
		assert.equal(st.timer.running, true);
		assert.ok(st.timer.used >= 0 && st.timer.used + st.timer.remaining === 300);
		assert.equal((await admin.post(`competition/rounds/${r2}/stage`, { action: 'pause' })).status, 200);
		assert.equal((await viewer.get(`competition/rounds/${r2}/stage`)).json.timer.running, false);
		expectError(await admin.post(`competition/rounds/${r2}/stage`, { action: 'reveal' }), 422, 'rule');
		expectError(await admin.post(`competition/rounds/${r2}/stage`, { action: 'dance' }), 400, 'invalid', 'action');
		expectError(await viewer.post(`competition/rounds/${r2}/stage`, { action: 'call' }), 403, 'forbidden');
		// The judges of the team on stage score it; a frame says a score came in.
		const view = (await admin.get(`competition/rounds/${r2}/assignments`)).json;
		const panel = view.teams.find((t) => t.team_id === order[0]).judges;
		const isScore = (f) => f.event === 'scores';
		const scoreFrames = await readFrames(srv, admin, `competition/rounds/${r2}/live`, (fs) => fs.some(isScore), async () => {
			for (const [k, j] of panel.entries()) {
				const c = w.judges[J.indexOf(j.judge_id)].client;
				const criteria = (await c.get(`competition/rounds/${r2}/review`)).json.criteria;
				assert.equal((await c.post(`competition/rounds/${r2}/scores`, { team_id: order[0], marks: marksFor(criteria, 80 - k * 6), submit: true })).status, 200);
			}
		});
		assert.deepEqual(scoreFrames.find(isScore).data, { round_id: r2, what: 'submitted', team_id: order[0] });
		assert.equal((await admin.post(`competition/rounds/${r2}/stage`, { action: 'reveal' })).status, 200);
		st = (await viewer.get(`competition/rounds/${r2}/stage`)).json;
		const byTrack = await scoresByTrack(r2);
		const track = teams.find((t) => t.id === order[0]).track;
		const mine = normalize(byTrack[track]).teams.find((t) => t.team === order[0]);
		near(st.on_stage.revealed.normalized, mine.normalized, 'revealed normalised');
		near(st.on_stage.revealed.raw_mean, mine.raw_mean, 'revealed raw mean');
		assert.equal(st.on_stage.revealed.judges, 2);
		assert.equal(st.order[0].revealed.judges, 2);
		assert.equal(st.order[1].revealed, null);
		assert.ok(!st.order.some((o) => 'judge' in o));
		assert.equal((await admin.post(`competition/rounds/${r2}/stage`, { action: 'call' })).status, 200);
		assert.equal((await viewer.get(`competition/rounds/${r2}/stage`)).json.on_stage.team_id, order[1]);
		expectError(await w.hr.client.get(`competition/rounds/${r2}/stage`), 403, 'forbidden');
		expectError(await w.hr.client.get(`competition/rounds/${r2}/live`), 403, 'forbidden');
	});

	it('publishing: prizes by rank per track, awards with certificate codes, the edition finished', async () => {
		await scoreRound(r2, { skip: (t) => t === order[0] });
		const res = (await admin.get(`competition/rounds/${r2}/results`)).json;
		assert.deepEqual(res.tracks.map((t) => t.missing), [0, 0, 0, 0], JSON.stringify(res.tracks.map((t) => [t.track, t.missing, t.teams.map((x) => [x.team_id, x.judges])])));
		const p = await admin.post(`competition/rounds/${r2}/publish`);
		assert.equal(p.status, 200, `${p}`);
		assert.equal(p.json.awards.length, 6);
		for (const tr of res.tracks) {
			const want = ['first', 'second', 'merit'];
			for (const t of tr.teams) {
				const aw = p.json.awards.find((x) => x.team_id === t.team_id);
				const prize = want[t.rank - 1];
				if (prize) {
					assert.equal(aw.prize, prize, `rank ${t.rank}`);
					assert.match(aw.code, /^[2-9A-HJ-NP-Z]{12}$/);
				} else {
					assert.equal(aw, undefined);
				}
				const g = (await admin.get(`competition/teams/${t.team_id}`)).json.team;
				assert.equal(g.status, prize ? 'awarded' : 'eliminated');
			}
		}
		assert.equal((await admin.get(`competition/editions/${ed.id}`)).json.edition.status, 'finished');
		expectError(await admin.post(`competition/rounds/${r2}/publish`), 422, 'rule', 'status');
		const pub = (await w.students.C[0].client.get(`competition/editions/${ed.id}/results`)).json;
		const final = pub.rounds.find((r) => r.round_id === r2);
		assert.equal(final.tracks.flatMap((t) => t.teams).filter((t) => t.prize).length, 6);
		assert.ok(final.tracks[0].teams.some((t) => t.prize_label === '一等奖'));
	});

	it('certificates: the team prints, anyone verifies by code and learns only what it says', async () => {
		const awards = (await admin.get(`competition/editions/${ed.id}/results`)).json.rounds.find((r) => r.round_id === r2).tracks.flatMap((t) => t.teams).filter((t) => t.prize);
		const first = awards.find((a) => a.prize === 'first');
		const team = teams.find((t) => t.id === first.team_id);
		const g = (await team.leader.client.get(`competition/teams/${team.id}`)).json.team;
		const c = await team.leader.client.get(`competition/awards/${g.award.id}/certificate`);
		assert.equal(c.status, 200, `${c}`);
		const cert = c.json.certificate;
		assert.equal(cert.prize_label, '一等奖');
		assert.deepEqual(cert.names, [team.leader.name]);
		assert.deepEqual(cert.advisors, ['王老师']);
		assert.equal(cert.project, team.name);
		assert.equal(cert.verify_path, `/verify/${cert.code}`);
		expectError(await w.students.C[2].client.get(`competition/awards/${g.award.id}/certificate`), 404, 'not_found');
		expectError(await w.judges[0].client.get(`competition/awards/${g.award.id}/certificate`), 403, 'forbidden');
		const anon = srv.client();
		const v = await anon.get(`public/certificates/${cert.code.toLowerCase()}`);
		assert.equal(v.status, 200, `${v}`);
		assert.deepEqual(Object.keys(v.json.certificate).sort(), ['advisors', 'code', 'college', 'edition', 'issued_at', 'names', 'prize', 'prize_label', 'project', 'track', 'valid', 'verify_path', 'year']);
		assert.equal(v.json.certificate.valid, true);
		assert.deepEqual(v.json.certificate.names, [team.leader.name]);
		expectError(await anon.get('public/certificates/ABCDEFGHJKMN'), 404, 'not_found');
		expectError(await anon.get(`public/certificates/${encodeURIComponent("' OR 1=1 --")}`), 404, 'not_found');
		expectError(await anon.get('public/certificates/0000'), 404, 'not_found');
	});

	it('an incubator seat offered on a prize, answered by the leader', async () => {
		let award = null, leader = null;
		for (const x of teams) {
			const g = (await admin.get(`competition/teams/${x.id}`)).json.team;
			if (g.award && g.award.prize === 'first') ((award = g.award), (leader = x.leader));
		}
		assert.ok(award, 'a first prize');
		expectError(await admin.post(`competition/awards/${award.id}/seat`, { offer: '' }), 400, 'missing', 'offer');
		assert.equal((await admin.post(`competition/awards/${award.id}/seat`, { offer: '凤翔谷孵化基地：免费办公场地一年，物业费减免，创业补贴 5 万元' })).status, 200);
		expectError(await w.students.C[3].client.post(`competition/awards/${award.id}/seat/answer`, { accept: true }), 404, 'not_found');
		assert.equal((await leader.client.post(`competition/awards/${award.id}/seat/answer`, { accept: true })).status, 200);
		expectError(await leader.client.post(`competition/awards/${award.id}/seat/answer`, { accept: false }), 409, 'conflict');
		expectError(await admin.post(`competition/awards/${award.id}/seat`, { offer: '改为其他条件' }), 409, 'conflict', 'offer');
		const g = (await leader.client.get(`competition/teams/${teams.find((x) => x.leader === leader).id}`)).json.team;
		assert.equal(g.award.seat_status, 'accepted');
		assert.match(g.award.seat_offer, /凤翔谷/);
	});
});

describe('figures', () => {
	it('teams per college and track, students, judges\' workload and leniency, promotion rates; .xlsx', async () => {
		const s = await admin.get(`competition/editions/${ed.id}/stats`);
		assert.equal(s.status, 200, `${s}`);
		const f = s.json;
		assert.equal(f.totals.teams, 12);
		assert.equal(f.totals.colleges, 2);
		assert.equal(f.totals.students, 12);
		assert.equal(f.totals.judges, 6);
		assert.equal(f.totals.awards, 6);
		assert.deepEqual(f.colleges.map((c) => [c.college_id, c.teams, c.students]).sort(), [[w.cA.id, 6, 6], [w.cB.id, 6, 6]].sort());
		const tr = Object.fromEntries(f.tracks.map((t) => [t.track, t.teams]));
		assert.deepEqual(tr, { 新材料: 6, 智能制造: 6, 文化创意: 0, 生物科技: 0 });
		// Workload: assignments per judge over both rounds; leniency over their submitted totals.
		const all = [...(await admin.get(`competition/rounds/${r1}/scores`)).json.items, ...(await admin.get(`competition/rounds/${r2}/scores`)).json.items];
		for (const j of f.judges) {
			const mine = all.filter((x) => x.judge_id === j.judge_id && x.status === 'submitted').map((x) => x.total);
			assert.equal(j.submitted, mine.length);
			const mean = mine.reduce((a, b) => a + b, 0) / mine.length;
			near(j.mean, mean, `judge ${j.judge_id} mean`);
			near(j.sd, Math.sqrt(mine.reduce((a, b) => a + (b - mean) * (b - mean), 0) / mine.length), `judge ${j.judge_id} sd`);
			const a1 = (await admin.get(`competition/rounds/${r1}/assignments`)).json.loads.find((l) => l.judge_id === j.judge_id).load;
			const a2 = (await admin.get(`competition/rounds/${r2}/assignments`)).json.loads.find((l) => l.judge_id === j.judge_id)?.load || 0;
			assert.equal(j.assigned, a1 + a2);
		}
		const [first, final] = f.rounds;
		assert.equal(first.teams, 12);
		assert.equal(first.promoted, 7, 'six by quota, one reinstated on appeal');
		near(first.rate, 7 / 12, 'promotion rate');
		assert.equal(final.teams, 7);
		assert.equal(final.promoted, 6);
		for (const table of ['colleges', 'tracks', 'judges', 'rounds']) {
			const x = await admin.get(`competition/editions/${ed.id}/stats/export?table=${table}`);
			assert.equal(x.status, 200, `${table}: ${x}`);
			assert.match(x.header('content-type'), /spreadsheetml/);
			const text = xlsxText(x.buf);
			if (table === 'judges') assert.ok(text.includes(w.judges[0].acct.display_name));
			if (table === 'colleges') assert.ok(text.includes(w.cA.name));
		}
		expectError(await admin.get(`competition/editions/${ed.id}/stats/export?table=secrets`), 400, 'invalid', 'table');
		expectError(await admin.get(`competition/editions/${ed.id}/stats/export`), 400, 'missing', 'table');
		expectError(await w.staffA.client.get(`competition/editions/${ed.id}/stats`), 403, 'forbidden');
	});
});
