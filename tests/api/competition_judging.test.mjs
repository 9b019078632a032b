// Judges, conflicts, assignment and scores through the API (docs/api.md, docs/competition.md):
// judges invited with tracks, declared and known conflicts (same college as a member or an
// advisor, mentors of a team, HR of a sponsoring enterprise); an infeasible round reported
// team by team with nothing written; every team gets exactly K judges of its track, none in
// conflict, with the least possible largest load (checked against an independent max-flow);
// the assignments view and its rule check; manual swaps re-checked; extra judges; what a
// judge may read (assigned, not conflicted teams and plans only) and what teams may read
// (never a judge's name); scores: drafts, marks, submit and lock, amendments with a reason.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, xlsxText } from './harness.mjs';
import { addJudges, addRound, makeCompWorld, makeTeam, marksFor, minMaxLoad, openEdition, startCompServer, totalOf } from './competition_lib.mjs';

let srv, w, admin, ed, round, J, T;

// The cast's relations, kept here to recompute who may judge whom.
const teamSpec = [];
const judgeSpec = [];

before(async () => {
	srv = await startCompServer();
	w = await makeCompWorld(srv, { students: 3, judges: 7 });
	admin = w.admin;
	ed = await openEdition(admin);
	const S = w.students;
	T = {};
	T.t1 = await makeTeam(w, ed, { leader: S.A[0], members: [S.B[0]], track: '新材料', staff: w.staffA });
	T.t2 = await makeTeam(w, ed, { leader: S.B[1], track: '新材料', staff: w.staffB });
	T.t3 = await makeTeam(w, ed, { leader: S.C[0], track: '新材料', advisors: [{ account_id: w.staffA.acct.id }], until: 'submitted' });
	T.t4 = await makeTeam(w, ed, { leader: S.A[1], track: '智能制造', staff: w.staffA });
	T.t5 = await makeTeam(w, ed, { leader: S.B[2], track: '智能制造', until: 'draft' });
	T.t6 = await makeTeam(w, ed, { leader: S.C[1], track: '智能制造', until: 'submitted' });
	// t5 is sponsored by the enterprise judge 3 works for.
	const t5 = (await S.B[2].client.get(`competition/teams/${T.t5.id}`)).json.team;
	assert.equal((await S.B[2].client.post(`competition/teams/${T.t5.id}`, { track_id: t5.track_id, name: t5.name, summary: t5.summary, sponsor_id: w.ent.id })).status, 200);
	assert.equal((await S.B[2].client.post(`competition/teams/${T.t5.id}/submit`)).status, 200);
	assert.equal((await w.staffB.client.post(`competition/teams/${T.t5.id}/endorse`, { ok: true })).status, 200);
	// t3 and t6 have no staff account at college C: the operator creates one to endorse.
	const { makeStaff } = await import('./recruit_lib.mjs');
	w.staffC = await makeStaff(srv, admin, w.cC);
	for (const t of [T.t3, T.t6]) assert.equal((await w.staffC.client.post(`competition/teams/${t.id}/endorse`, { ok: true })).status, 200);
	// t6 is mentored by the mentor, who also judges.
	assert.equal((await admin.post(`competition/teams/${T.t6.id}/mentors`, { mentor_ids: [w.mentor.acct.id] })).status, 200);
	expectError(await admin.post(`competition/teams/${T.t6.id}/mentors`, { mentor_ids: [w.judges[0].acct.id] }), 400, 'invalid', 'mentor_ids');
	const check = await admin.post(`competition/editions/${ed.id}/check`);
	assert.equal(check.status, 200, `${check}`);
	assert.ok(check.json.items.every((i) => i.status === 'eligible'), `${check}`);

	teamSpec.push(
		{ key: 't1', track: '新材料', college: w.cA.id, colleges: [w.cA.id, w.cB.id] },
		{ key: 't2', track: '新材料', college: w.cB.id, colleges: [w.cB.id] },
		{ key: 't3', track: '新材料', college: w.cC.id, colleges: [w.cC.id, w.cA.id] },
		{ key: 't4', track: '智能制造', college: w.cA.id, colleges: [w.cA.id] },
		{ key: 't5', track: '智能制造', college: w.cB.id, colleges: [w.cB.id], sponsor: w.ent.id },
		{ key: 't6', track: '智能制造', college: w.cC.id, colleges: [w.cC.id], mentor: true },
	);
	const J_ = w.judges;
	judgeSpec.push(
		{ judge: J_[0], tracks: ['新材料', '智能制造'], college: w.cA },
		{ judge: J_[1], tracks: ['新材料'], college: w.cB },
		{ judge: J_[2], tracks: ['新材料'] },
		{ judge: J_[3], tracks: ['新材料', '智能制造'], enterprise: w.ent },
		{ judge: J_[4], tracks: ['智能制造'], college: w.cC },
		{ judge: J_[5], tracks: ['智能制造'] },
		{ judge: w.mentor, tracks: ['智能制造'], mentor: true },
		{ judge: J_[6], tracks: ['新材料', '智能制造'] },
	);
	J = await addJudges(w, ed, judgeSpec);
	// Judge 7 knows the t2 team personally.
	const d = await J_[6].client.post(`competition/judges/${J[7]}/conflicts`, { team_id: T.t2.id, kind: 'personal', note: '亲属' });
	assert.equal(d.status, 201, `${d}`);
	assert.equal((await admin.post(`competition/editions/${ed.id}/status`, { to: 'judging' })).status, 200);
});
after(async () => {
	await srv?.stop();
});

/** Who may review whom, from the rules in docs/competition.md (not from the server). */
function eligibleJudges(t) {
	const out = [];
	judgeSpec.forEach((j, i) => {
		if (!j.tracks.includes(t.track)) return;
		if (j.college && t.colleges.includes(j.college.id)) return;
		if (j.enterprise && t.sponsor === j.enterprise.id) return;
		if (j.mentor && t.mentor) return;
		if (i === 7 && t.key === 't2') return;
		out.push(i);
	});
	return out;
}

describe('assignment', () => {
	it('judges see their invitation; known conflicts are listed with their source', async () => {
		const mine = await w.judges[0].client.get('competition/judging');
		assert.equal(mine.status, 200, `${mine}`);
		const rec = mine.json.items.find((i) => i.edition_id === ed.id);
		assert.equal(rec.status, 'active');
		assert.deepEqual(rec.tracks.map((t) => t.name), ['新材料', '智能制造']);
		expectError(await w.judges[1].client.get(`competition/judges/${J[0]}`), 404, 'not_found');
		const entries = await w.judges[0].client.get(`competition/editions/${ed.id}/entries`);
		assert.equal(entries.status, 200);
		assert.equal(entries.json.items.length, 6);
		assert.deepEqual(Object.keys(entries.json.items[0]).sort(), ['college', 'id', 'name', 'track']);
	});

	it('an infeasible round says which teams and why, and writes nothing', async () => {
		round = await addRound(admin, ed, { per_team: 5 }, { 新材料: 1, 智能制造: 1 });
		const r = await admin.post(`competition/rounds/${round}/assign`);
		expectError(r, 422, 'infeasible');
		const short = r.json.error.details.short_teams;
		const t1 = short.find((s) => s.team_id === T.t1.id);
		// 新材料 judges: 0 (A), 1 (B), 2, 3, 7; t1 is of A with a member of B.
		assert.deepEqual({ needed: t1.needed, track_judges: t1.track_judges, same_college: t1.same_college, conflicted: t1.conflicted, eligible: t1.eligible }, { needed: 5, track_judges: 5, same_college: 1, conflicted: 1, eligible: 3 });
		assert.match(t1.reason, /可评审 3 人/);
		assert.equal(t1.name, T.t1.name);
		for (const s of short) assert.ok(s.eligible < 5);
		const g = (await admin.get(`competition/rounds/${round}`)).json.round;
		assert.equal(g.status, 'setup');
		assert.equal(g.assigned, 0);
		assert.equal(g.teams, 0, 'no team entered the round');
		assert.equal((await admin.get(`competition/teams/${T.t1.id}`)).json.team.status, 'eligible');
	});

	it('K judges per team, all eligible, the least possible largest load', async () => {
		const u = await admin.post(`competition/rounds/${round}`, { name: '初赛', kind: 'online', starts_at: 1, ends_at: 2e9, per_team: 2 });
		assert.equal(u.status, 200, `${u}`);
		const r = await admin.post(`competition/rounds/${round}/assign`);
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.teams, 6);
		assert.equal(r.json.pairs, 12);
		const view = await admin.get(`competition/rounds/${round}/assignments`);
		assert.equal(view.status, 200);
		assert.equal(view.json.check.rule, 'ok');
		const load = new Map();
		const elig = [];
		for (const spec of teamSpec) {
			const t = view.json.teams.find((x) => x.team_id === T[spec.key].id);
			const ok = eligibleJudges(spec);
			elig.push(ok);
			assert.equal(t.judges.length, 2, `${spec.key} has K judges`);
			assert.equal(new Set(t.judges.map((j) => j.judge_id)).size, 2);
			for (const j of t.judges) {
				const idx = J.indexOf(j.judge_id);
				assert.ok(ok.includes(idx), `${spec.key} judged by ${idx}, allowed ${ok}`);
				load.set(idx, (load.get(idx) || 0) + 1);
			}
		}
		const best = minMaxLoad(elig, J.length, 2);
		assert.equal(Math.max(...load.values()), best, 'largest load is the minimum possible');
		assert.equal(r.json.max_load, best);
		assert.equal(view.json.max_load, best);
		const teamsNow = (await admin.get(`competition/teams/${T.t1.id}`)).json.team;
		assert.equal(teamsNow.status, 'in_round');
		assert.equal(teamsNow.round_seq, 1);
		// Known conflicts, with their sources.
		const j0 = (await admin.get(`competition/judges/${J[0]}`)).json.judge;
		const src = Object.fromEntries(j0.conflict_list.map((c) => [`${c.team_id}:${c.source}`, true]));
		assert.ok(src[`${T.t1.id}:college`] && src[`${T.t4.id}:college`] && src[`${T.t3.id}:advisor`], JSON.stringify(j0.conflict_list));
		const j3 = (await admin.get(`competition/judges/${J[3]}`)).json.judge;
		assert.ok(j3.conflict_list.some((c) => c.team_id === T.t5.id && c.source === 'sponsor'));
		const j6 = (await w.mentor.client.get(`competition/judges/${J[6]}`)).json.judge;
		assert.ok(j6.conflict_list.some((c) => c.team_id === T.t6.id && c.source === 'mentor'));
		expectError(await admin.post(`competition/conflicts/${j0.conflict_list[0].id}/delete`), 422, 'rule');
	});

	it('a judge reads only assigned, non-conflicted teams and their plans; teams never see judges', async () => {
		const view = (await admin.get(`competition/rounds/${round}/assignments`)).json;
		const byJudge = new Map();
		for (const t of view.teams) for (const j of t.judges) byJudge.set(j.judge_id, [...(byJudge.get(j.judge_id) || []), t.team_id]);
		const names = judgeSpec.map((s) => s.judge.acct.display_name);
		for (const [i, spec] of judgeSpec.entries()) {
			const mine = byJudge.get(J[i]) || [];
			const review = await spec.judge.client.get(`competition/rounds/${round}/review`);
			assert.equal(review.status, 200, `${review}`);
			assert.deepEqual(review.json.items.map((x) => x.team_id).sort(), [...mine].sort());
			assert.equal(review.json.criteria.length, 5);
			for (const key of Object.keys(T)) {
				const id = T[key].id;
				const g = await spec.judge.client.get(`competition/teams/${id}`);
				const p = await spec.judge.client.get(`competition/teams/${id}/plan`);
				if (mine.includes(id)) {
					assert.equal(g.status, 200);
					assert.equal(g.json.team.my_access, 'judge');
					assert.equal(g.json.team.members, undefined, 'a judge sees the project, not the people');
					assert.equal(p.status, 200);
				} else {
					expectError(g, 404, 'not_found');
					expectError(p, 404, 'not_found');
				}
			}
		}
		// Teams read their own team: no judge's name anywhere in it.
		for (const [key, lead] of [['t1', w.students.A[0]], ['t4', w.students.A[1]], ['t6', w.students.C[1]]]) {
			const g = await lead.client.get(`competition/teams/${T[key].id}`);
			assert.equal(g.status, 200);
			for (const n of names) assert.ok(!g.text.includes(n), `team ${key} sees judge ${n}`);
			expectError(await lead.client.get(`competition/rounds/${round}/assignments`), 403, 'forbidden');
			expectError(await lead.client.get(`competition/rounds/${round}/scores`), 403, 'forbidden');
			expectError(await lead.client.get(`competition/rounds/${round}/review`), 403, 'forbidden');
		}
	});
});

describe('scores', () => {
	let judge, teamId, criteria;
	before(async () => {
		const view = (await admin.get(`competition/rounds/${round}/assignments`)).json;
		const t = view.teams.find((x) => x.team_id === T.t4.id);
		const idx = J.indexOf(t.judges[0].judge_id);
		judge = { ...judgeSpec[idx].judge, index: idx, id: J[idx] };
		teamId = T.t4.id;
		criteria = (await judge.client.get(`competition/rounds/${round}/review`)).json.criteria;
	});

	it('drafts, marks checked, submit locks', async () => {
		const post = (body) => judge.client.post(`competition/rounds/${round}/scores`, { team_id: teamId, ...body });
		const c0 = String(criteria[0].id), c1 = String(criteria[1].id);
		const d = await post({ marks: { [c0]: 8, [c1]: 7.5 }, comment: '技术路线清晰' });
		assert.equal(d.status, 200, `${d}`);
		assert.equal(d.json.score.status, 'draft');
		assert.equal(d.json.score.total, (20 * 8 + 20 * 7.5) / 10);
		assert.equal(d.json.score.marks[c1], 7.5);
		expectError(await post({ marks: { [c0]: 7.25 } }), 400, 'invalid', 'marks');
		expectError(await post({ marks: { [c0]: 11 } }), 400, 'invalid', 'marks');
		expectError(await post({ marks: { 999999: 5 } }), 400, 'invalid', 'marks');
		expectError(await post({ marks: { [c0]: 8 }, submit: true }), 422, 'incomplete', 'marks');
		const marks = marksFor(criteria, 82);
		const s = await post({ marks, submit: true, comment: '商业模式可行' });
		assert.equal(s.status, 200, `${s}`);
		assert.equal(s.json.score.status, 'submitted');
		assert.equal(s.json.score.total, totalOf(criteria, marks));
		expectError(await post({ marks, submit: true }), 409, 'conflict');
		// A team the judge is not assigned to.
		const other = Object.values(T).map((t) => t.id).find((id) => !(judge.reviewIds || []).includes(id) && id !== teamId);
		const rv = (await judge.client.get(`competition/rounds/${round}/review`)).json.items.map((x) => x.team_id);
		const notMine = Object.values(T).map((t) => t.id).find((id) => !rv.includes(id));
		assert.ok(other);
		expectError(await judge.client.post(`competition/rounds/${round}/scores`, { team_id: notMine, marks }), 404, 'not_found', 'team_id');
		const again = (await judge.client.get(`competition/rounds/${round}/review`)).json.items.find((x) => x.team_id === teamId);
		assert.equal(again.score_status, 'submitted');
		assert.equal(again.total, totalOf(criteria, marks));
	});

	it('the operator amends a locked score with a reason, audited; sees every score with names', async () => {
		const list = await admin.get(`competition/rounds/${round}/scores?team_id=${teamId}`);
		assert.equal(list.status, 200);
		const sc = list.json.items.find((x) => x.judge_id === judge.id);
		assert.equal(sc.judge, judge.acct.display_name);
		const marks = marksFor(criteria, 60);
		expectError(await admin.post(`competition/scores/${sc.id}/amend`, { marks }), 400, 'missing', 'reason');
		expectError(await admin.post(`competition/scores/${sc.id}/amend`, { marks: { [criteria[0].id]: 5 }, reason: '录入错误' }), 422, 'incomplete', 'marks');
		const r = await admin.post(`competition/scores/${sc.id}/amend`, { marks, reason: '评委书面确认录入错误' });
		assert.equal(r.status, 200, `${r}`);
		const after = (await admin.get(`competition/rounds/${round}/scores?judge_id=${judge.id}`)).json.items.find((x) => x.id === sc.id);
		assert.equal(after.total, totalOf(criteria, marks));
		assert.equal(after.amend_reason, '评委书面确认录入错误');
		const audit = await admin.get('audit?action=competition.score.amend');
		const row = audit.json.items.find((a) => a.object_id === String(sc.id));
		assert.match(row.detail, new RegExp(`${sc.total.toFixed(2)} -> ${totalOf(criteria, marks).toFixed(2)}`));
		expectError(await judge.client.post(`competition/scores/${sc.id}/amend`, { marks, reason: '自己改' }), 403, 'forbidden');
		const x = await admin.get(`competition/rounds/${round}/scores/export`);
		assert.equal(x.status, 200);
		assert.ok(xlsxText(x.buf).includes('评委书面确认录入错误'));
		// With a score submitted, the round cannot be assigned afresh.
		expectError(await admin.post(`competition/rounds/${round}/assign`), 422, 'rule', 'status');
	});

	it('a conflict declared later hides the team; swaps are re-checked; extra judges', async () => {
		const view = (await admin.get(`competition/rounds/${round}/assignments`)).json;
		const t1 = view.teams.find((x) => x.team_id === T.t1.id);
		const jid = t1.judges[0].judge_id;
		const idx = J.indexOf(jid);
		const jc = judgeSpec[idx].judge.client;
		const d = await jc.post(`competition/judges/${jid}/conflicts`, { team_id: T.t1.id, kind: 'investor', note: '曾投资' });
		assert.equal(d.status, 201, `${d}`);
		expectError(await jc.post(`competition/judges/${jid}/conflicts`, { team_id: T.t1.id, kind: 'investor' }), 409, 'conflict', 'team_id');
		expectError(await jc.post(`competition/judges/${jid}/conflicts`, { team_id: T.t2.id, kind: 'enemy' }), 400, 'invalid', 'kind');
		assert.ok(!(await jc.get(`competition/rounds/${round}/review`)).json.items.some((x) => x.team_id === T.t1.id));
		expectError(await jc.get(`competition/teams/${T.t1.id}`), 404, 'not_found');
		const bad = (await admin.get(`competition/rounds/${round}/assignments`)).json.check;
		assert.equal(bad.rule, 'conflict');
		assert.equal(bad.team_id, T.t1.id);
		// Swap to judge 0 (college A, t1's college): refused by the college rule; to the
		// team's other judge: duplicate; to a judge of another track: track.
		const other = t1.judges[1].judge_id;
		const swap = (to) => admin.post(`competition/rounds/${round}/swap`, { team_id: T.t1.id, from_judge_id: jid, to_judge_id: to });
		expectError(await swap(J[0]), 422, 'college', 'to_judge_id');
		expectError(await swap(other), 422, 'duplicate', 'to_judge_id');
		expectError(await swap(J[4]), 422, 'track', 'to_judge_id');
		const free = eligibleJudges(teamSpec[0]).map((i) => J[i]).find((id) => id !== jid && id !== other);
		assert.ok(free, 'an eligible judge is left');
		assert.equal((await swap(free)).status, 200);
		assert.equal((await admin.get(`competition/rounds/${round}/assignments`)).json.check.rule, 'ok');
		const audit = await admin.get('audit?action=competition.round.swap');
		assert.ok(audit.json.items.length >= 1);
		// The judge withdraws the declaration.
		const jr = (await jc.get(`competition/judges/${jid}`)).json.judge;
		const mineDeclared = jr.conflict_list.find((c) => c.team_id === T.t1.id && c.source === 'declared');
		expectError(await w.judges[0].client.post(`competition/conflicts/${mineDeclared.id}/delete`), 404, 'not_found');
		assert.equal((await jc.post(`competition/conflicts/${mineDeclared.id}/delete`)).status, 200);

		// One more judge for t4: eligible, not already on it.
		const before = (await admin.get(`competition/rounds/${round}/assignments`)).json.teams.find((x) => x.team_id === T.t4.id).judges.map((j) => j.judge_id);
		const ex = await admin.post(`competition/rounds/${round}/extra`, { team_ids: [T.t4.id] });
		assert.equal(ex.status, 200, `${ex}`);
		assert.equal(ex.json.added.length, 1);
		const added = ex.json.added[0].judge_id;
		assert.ok(!before.includes(added));
		assert.ok(eligibleJudges(teamSpec[3]).map((i) => J[i]).includes(added));
		const now = (await admin.get(`competition/rounds/${round}/assignments`)).json.teams.find((x) => x.team_id === T.t4.id);
		assert.equal(now.judges.length, 3);
		assert.equal(now.judges.find((j) => j.judge_id === added).source, 'extra');
		// A team with an extra judge breaks no rule, and its panel can still be swapped.
		assert.equal((await admin.get(`competition/rounds/${round}/assignments`)).json.check.rule, 'ok');
		const spare = eligibleJudges(teamSpec[3]).map((i) => J[i]).find((id) => !now.judges.some((j) => j.judge_id === id));
		assert.ok(spare, 'an eligible judge is not on t4');
		const sw = await admin.post(`competition/rounds/${round}/swap`, { team_id: T.t4.id, from_judge_id: added, to_judge_id: spare });
		assert.equal(sw.status, 200, `swap on a team with an extra judge: ${sw}`);
		assert.equal((await admin.get(`competition/rounds/${round}/assignments`)).json.check.rule, 'ok');
		expectError(await admin.post(`competition/rounds/${round}/extra`, { team_ids: [999999] }), 400, 'invalid', 'team_ids');
	});

	it('a judge who has scored cannot be swapped out or declare a conflict alone; declining with work is refused', async () => {
		const r = await admin.post(`competition/rounds/${round}/swap`, { team_id: teamId, from_judge_id: judge.id, to_judge_id: J[5] });
		expectError(r, 422, 'rule', 'from_judge_id');
		expectError(await judge.client.post(`competition/judges/${judge.id}/conflicts`, { team_id: teamId, kind: 'personal' }), 422, 'rule', 'team_id');
		expectError(await judge.client.post(`competition/judges/${judge.id}/respond`, { accept: false }), 422, 'rule');
	});
});
