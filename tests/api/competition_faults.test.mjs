// Fault injection on the competition's writes (src/store/store_fault.c, as faults.test.mjs):
// the server runs with SKYWAY_TEST_FAULTS=1 and "X-Skyway-Fault: N" makes the Nth database
// operation of a request fail.  For each write, N runs from 1 until the request no longer
// reaches its Nth operation: every faulted attempt answers a clean 500 and leaves the
// whole database exactly as it was (the change and its audit row
// land together or not at all), and the unfaulted attempt succeeds (tests/api/faults_lib.mjs).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { uniq } from './harness.mjs';
import { addJudges, addRound, makeCompWorld, makeTeam, marksFor, openEdition, pdf, startCompServer } from './competition_lib.mjs';
import { faultEveryStep as faultSteps } from './faults_lib.mjs';

let srv, w, ed;

before(async () => {
	srv = await startCompServer({ env: { SKYWAY_TEST_FAULTS: '1' } });
	w = await makeCompWorld(srv, { students: 3, judges: 2 });
	ed = await openEdition(w.admin);
});
after(async () => {
	await srv?.stop();
});

/** faultEveryStep on this file's server: the whole database must stay as it was. */
const faultEveryStep = (what, send) => faultSteps(srv, what, send);

test('a team: forming, inviting, the plan, submitting, endorsement, the check', async () => {
	const lead = w.students.A[0], mem = w.students.A[1];
	const c = await faultEveryStep('create team', (headers) =>
		lead.client.post(`competition/editions/${ed.id}/teams`, { track_id: ed.tracks['新材料'], name: `故障注入项目${uniq('')}`, summary: '测试' }, { headers }),
	);
	assert.equal(c.r.status, 201, `${c.r}`);
	const id = c.r.json.id;
	const inv = await faultEveryStep('invite', (headers) => lead.client.post(`competition/teams/${id}/members`, { college_id: w.cA.id, student_no: mem.student_no, name: mem.name }, { headers }));
	assert.equal(inv.r.status, 200, `${inv.r}`);
	assert.equal((await faultEveryStep('accept', (headers) => mem.client.post(`competition/teams/${id}/accept`, undefined, { headers }))).r.status, 200);
	assert.equal((await faultEveryStep('advisors', (headers) => lead.client.post(`competition/teams/${id}/advisors`, { advisors: [{ name: '周老师' }] }, { headers }))).r.status, 200);
	const p = await faultEveryStep('plan', (headers) => lead.client.request('POST', `competition/teams/${id}/plan`, { body: pdf('fault'), contentType: 'application/pdf', headers }));
	assert.equal(p.r.status, 200, `${p.r}`);
	const s = await faultEveryStep('submit', (headers) => lead.client.post(`competition/teams/${id}/submit`, undefined, { headers }));
	assert.equal(s.r.status, 200, `${s.r}`);
	assert.ok(s.ops >= 5, `submit reads the team's facts, saw ${s.ops} operations`);
	assert.equal((await faultEveryStep('endorse', (headers) => w.staffA.client.post(`competition/teams/${id}/endorse`, { ok: true }, { headers }))).r.status, 200);
	const k = await faultEveryStep('check', (headers) => w.admin.post(`competition/teams/${id}/check`, undefined, { headers }));
	assert.equal(k.r.status, 200, `${k.r}`);
	assert.equal(k.r.json.items[0].status, 'eligible');
});

test('a round: assignment, a score, promotion', async () => {
	await makeTeam(w, ed, { leader: w.students.B[0], track: '新材料', staff: w.staffB });
	const judges = await addJudges(w, ed, [{ judge: w.judges[0], tracks: ['新材料'] }, { judge: w.judges[1], tracks: ['新材料'] }]);
	assert.equal((await w.admin.post(`competition/editions/${ed.id}/status`, { to: 'judging' })).status, 200);
	const r1 = await addRound(w.admin, ed, { per_team: 1 }, { 新材料: 1 });
	await addRound(w.admin, ed, { name: '决赛', kind: 'roadshow', per_team: 1, is_final: true });
	const a = await faultEveryStep('assign', (headers) => w.admin.post(`competition/rounds/${r1}/assign`, undefined, { headers }));
	assert.equal(a.r.status, 200, `${a.r}`);
	const view = (await w.admin.get(`competition/rounds/${r1}/assignments`)).json;
	for (const t of view.teams) {
		const j = w.judges[judges.indexOf(t.judges[0].judge_id)];
		const criteria = (await j.client.get(`competition/rounds/${r1}/review`)).json.criteria;
		const sc = await faultEveryStep('score', (headers) => j.client.post(`competition/rounds/${r1}/scores`, { team_id: t.team_id, marks: marksFor(criteria, 70 + t.team_id % 10), submit: true }, { headers }));
		assert.equal(sc.r.status, 200, `${sc.r}`);
		assert.equal(sc.r.json.score.status, 'submitted');
	}
	const p = await faultEveryStep('promote', (headers) => w.admin.post(`competition/rounds/${r1}/promote`, undefined, { headers }));
	assert.equal(p.r.status, 200, `${p.r}`);
	assert.equal(p.r.json.promoted, 1);
});
