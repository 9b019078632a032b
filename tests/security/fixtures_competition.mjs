// Fixture builders of the competition's rows of the authorisation matrix
// (authz_competition_rows.mjs): an edition of the 清远高新杯 brought to any stage, owned by
// the A side of the cast (lib.mjs makeCast):
//   - team T: led by the cast's `student` (A1, college A), `classmate` (A2) an accepted
//     member, a named advisor without an account, a business plan; endorsed by `college`;
//   - team T2: led by `studentX` (B1, college B), endorsed by `collegeX`;
//   - judges: the cast's `judge` and `mentor` accounts, invited to the track and accepted;
//     `mentor` declared a conflict (回避) with T, so with one judge per team the assignment
//     gives T to `judge` and T2 to `mentor`: `mentor` is the judge of another team and a
//     conflicted judge of T at once.
// Every step goes through the API as its owner would, and asserts it.
import assert from 'node:assert/strict';
import { uniq } from '../api/harness.mjs';
import { SHEET, editionBody, marksFor, pdf, roundBody } from '../api/competition_lib.mjs';
import { answered as ok } from './lib.mjs';

export { pdf };
export const TRACK = '新材料';

/** The order of the stages of compEdition (each includes those before it). */
const STAGES = ['draft', 'open', 'team', 'submitted', 'endorsed', 'eligible', 'judges', 'assigned', 'scored', 'done', 'appealed'];

/** A team led by leader (a cast student) with members who accept; {id, name}. */
export async function leadTeam(w, x, leader, members = []) {
	const name = `项目${uniq('')}`;
	const t = ok(await leader.client.post(`competition/editions/${x.ed.id}/teams`, { track_id: x.ed.tracks[TRACK], name, summary: `${name}：面向清远高新区企业的新材料项目。` }), 201, 'create team');
	for (const m of members) {
		ok(await leader.client.post(`competition/teams/${t.id}/members`, { college_id: m.college_id, student_no: m.student_no, name: m.name }), 200, 'invite');
		ok(await m.client.post(`competition/teams/${t.id}/accept`), 200, 'accept');
	}
	ok(await leader.client.post(`competition/teams/${t.id}/advisors`, { advisors: [{ name: '王老师', title: '副教授' }] }), 200, 'advisors');
	ok(await leader.client.request('POST', `competition/teams/${t.id}/plan`, { body: pdf(name), contentType: 'application/pdf' }), 200, 'plan');
	return { id: t.id, name };
}

/** Invites a cast judge account (judge or mentor) to the track; it accepts. Returns the judge id. */
export async function inviteJudge(w, x, actor, { accept = true } = {}) {
	const id = ok(await w.admin.post(`competition/editions/${x.ed.id}/judges`, { account_id: w.who[actor].id, track_ids: [x.ed.tracks[TRACK]], title: '高级工程师' }), 201, `invite ${actor}`).id;
	if (accept) ok(await w.as[actor].post(`competition/judges/${id}/respond`, { accept: true }), 200, `${actor} accepts`);
	return id;
}

/** Adds a round with the five-criterion sheet and a quota of one per track (one first prize in a final). */
export async function addRound(w, x, over = {}) {
	const id = ok(await w.admin.post(`competition/editions/${x.ed.id}/rounds`, roundBody({ per_team: 1, ...over })), 201, 'round').id;
	ok(await w.admin.post(`competition/rounds/${id}/sheet`, { criteria: SHEET }), 200, 'sheet');
	const quotas = Object.values(x.ed.tracks).map((track_id) => ({ track_id, quota: 1, ...(over.is_final ? { first_prizes: 1, merit_prizes: 1 } : {}) }));
	ok(await w.admin.post(`competition/rounds/${id}/quotas`, { quotas }), 200, 'quotas');
	return id;
}

/** The round's criteria ([{id, weight}]) as its judges see them. */
export async function criteria(w, round) {
	return ok(await w.admin.get(`competition/rounds/${round}`), 200, 'round').round.criteria;
}

/**
 * A fresh edition brought to `stage` (STAGES; see the top of this file). final: round 1 is
 * the final (done = published, with awards); otherwise a 复赛 follows (done = promoted).
 * Returns x = {ed: {id, name, tracks}, T, T2, judge, mentor (judge ids), r1, r2, conflict
 * (mentor's declared conflict with T), scores: {judge, mentor} (score ids), awards, appeal}.
 */
export async function compEdition(w, stage = 'open', { final = false } = {}) {
	const at = (s) => STAGES.indexOf(stage) >= STAGES.indexOf(s);
	assert.ok(STAGES.includes(stage), `unknown stage ${stage}`);
	const body = editionBody({ name: `清远高新杯${uniq('')}` });
	const x = { ed: { id: ok(await w.admin.post('competition/editions', body), 201, 'edition').id, name: body.name } };
	const g = ok(await w.admin.get(`competition/editions/${x.ed.id}`), 200, 'edition');
	x.ed.tracks = Object.fromEntries(g.edition.tracks.map((t) => [t.name, t.id]));
	if (!at('open')) return x;
	ok(await w.admin.post(`competition/editions/${x.ed.id}/status`, { to: 'open' }), 200, 'open');
	if (!at('team')) return x;
	x.T = await leadTeam(w, x, w.A1, [w.A2]);
	if (!at('submitted')) return x;
	x.T2 = await leadTeam(w, x, w.B1);
	for (const t of [x.T, x.T2]) ok(await (t === x.T ? w.A1 : w.B1).client.post(`competition/teams/${t.id}/submit`), 200, 'submit');
	if (!at('endorsed')) return x;
	ok(await w.staffA.client.post(`competition/teams/${x.T.id}/endorse`, { ok: true }), 200, 'endorse T');
	ok(await w.staffB.client.post(`competition/teams/${x.T2.id}/endorse`, { ok: true }), 200, 'endorse T2');
	if (!at('eligible')) return x;
	const check = ok(await w.admin.post(`competition/editions/${x.ed.id}/check`), 200, 'check');
	assert.deepEqual(check.items.map((i) => i.status), ['eligible', 'eligible'], `check: ${JSON.stringify(check)}`);
	if (!at('judges')) return x;
	x.judge = await inviteJudge(w, x, 'judge');
	x.mentor = await inviteJudge(w, x, 'mentor');
	x.conflict = ok(await w.as.mentor.post(`competition/judges/${x.mentor}/conflicts`, { team_id: x.T.id, kind: 'personal', note: '亲属关系' }), 201, 'mentor declares a conflict with T').id;
	ok(await w.admin.post(`competition/editions/${x.ed.id}/status`, { to: 'judging' }), 200, 'judging');
	x.r1 = await addRound(w, x, final ? { name: '决赛', kind: 'roadshow', is_final: true } : { name: '初赛' });
	if (!final) x.r2 = await addRound(w, x, { name: '复赛' });
	if (!at('assigned')) return x;
	ok(await w.admin.post(`competition/rounds/${x.r1}/assign`), 200, 'assign');
	const view = ok(await w.admin.get(`competition/rounds/${x.r1}/assignments`), 200, 'assignments');
	const panel = Object.fromEntries(view.teams.map((t) => [t.team_id, t.judges.map((j) => j.judge_id)]));
	assert.deepEqual([panel[x.T.id], panel[x.T2.id]], [[x.judge], [x.mentor]], `judge reviews T, mentor T2: ${JSON.stringify(view.teams)}`);
	if (!at('scored')) return x;
	const crit = await criteria(w, x.r1);
	x.scores = {};
	for (const [actor, team, target] of [['judge', x.T, 86], ['mentor', x.T2, 74]]) {
		x.scores[actor] = ok(await w.as[actor].post(`competition/rounds/${x.r1}/scores`, { team_id: team.id, marks: marksFor(crit, target), submit: true }), 200, `${actor} scores`).score.id;
	}
	if (!at('done')) return x;
	if (final) x.awards = ok(await w.admin.post(`competition/rounds/${x.r1}/publish`), 200, 'publish').awards;
	else ok(await w.admin.post(`competition/rounds/${x.r1}/promote`), 200, 'promote');
	if (!at('appealed')) return x;
	x.appeal = ok(await w.A1.client.post(`competition/teams/${x.T.id}/appeals`, { round_id: x.r1, text: '我们认为本队的评分需要复核，请核查。' }), 201, 'appeal').id;
	return x;
}

/** T's award in a published final (T ranks first: both judges saw one team each, ties by team number). */
export function awardOf(x, team = x.T) {
	const a = x.awards.find((w) => w.team_id === team.id);
	assert.ok(a, `no award for team ${team.id}: ${JSON.stringify(x.awards)}`);
	return a;
}

const cache = new WeakMap();

/**
 * An edition at a stage shared by every row that only reads it (one per cast and stage):
 * a GET never writes, so the rows cannot disturb each other.
 */
export async function sharedEdition(w, stage, opts = {}) {
	if (!cache.has(w)) cache.set(w, new Map());
	const key = `${stage} ${JSON.stringify(opts)}`;
	const m = cache.get(w);
	if (!m.has(key)) m.set(key, compEdition(w, stage, opts));
	return m.get(key);
}
