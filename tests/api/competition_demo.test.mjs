// The demo's competition (skyway demo; README): the article's edition with 300+ teams from
// 10 colleges in the four tracks, judges with conflicts, 初赛 assigned, scored and promoted,
// 复赛 in progress with teams left for judge_demo, the 决赛 roadshow ready; and the story
// goes on through the API: judge_demo scores, the operator promotes, the final is assigned
// and runs on stage.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCli } from './harness.mjs';
import { marksFor, startCompServer } from './competition_lib.mjs';
import { DATA_KEY, PASSWORD_COST } from './recruit_lib.mjs';

const DEMO_PASSWORD = 'skyway2026demo';
let srv, admin, judge, ed;

before(async () => {
	srv = await startCompServer({ bootstrap: false });
	const r = runCli(['demo', '--db', srv.dbUrl, '--scale', '0.02', '--files', srv.filesDir], {
		env: { SKYWAY_DATA_KEY: DATA_KEY, SKYWAY_PASSWORD_COST: PASSWORD_COST },
		timeout: 300000,
	});
	assert.equal(r.code, 0, `demo: ${r.stdout} ${r.stderr}`);
	assert.match(r.stdout, /competition: \d+ teams, 62 judges/);
	admin = await srv.login('admin', DEMO_PASSWORD);
	judge = await srv.login('judge_demo', DEMO_PASSWORD);
	ed = (await admin.get('competition/editions')).json.items[0];
});
after(async () => {
	await srv?.stop();
});

describe('the demo edition', () => {
	it('300+ teams from 10 colleges in 4 tracks; 初赛 done, 复赛 judging, 决赛 a roadshow in setup', async () => {
		assert.match(ed.name, /清远高新杯/);
		assert.equal(ed.status, 'judging');
		const s = (await admin.get(`competition/editions/${ed.id}/stats`)).json;
		assert.ok(s.totals.teams >= 300, `${s.totals.teams} teams`);
		assert.equal(s.totals.colleges, 10);
		assert.deepEqual(s.tracks.map((t) => t.track), ['新材料', '智能制造', '文化创意', '生物科技']);
		assert.ok(s.tracks.every((t) => t.teams > 40));
		assert.equal(s.totals.judges, 62);
		const [r1, r2, r3] = (await admin.get(`competition/editions/${ed.id}`)).json.edition.rounds;
		assert.deepEqual([r1.name, r1.status, r2.name, r2.status, r3.name, r3.status, r3.kind], ['初赛', 'done', '复赛', 'judging', '决赛', 'setup', 'roadshow']);
		assert.equal(r2.teams, 80, '20 per track promoted from 初赛');
		const a1 = (await admin.get(`competition/rounds/${r1.id}/assignments`)).json;
		assert.equal(a1.check.rule, 'ok');
		assert.ok(a1.teams.every((t) => t.judges.length === 5));
		const conflicts = (await admin.get(`competition/editions/${ed.id}/judges`)).json.items.reduce((n, j) => n + j.conflicts, 0);
		assert.ok(conflicts > 100, `${conflicts} conflicts`);
		const g3 = (await admin.get(`competition/rounds/${r3.id}`)).json.round;
		assert.deepEqual(g3.criteria.map((c) => c.weight), [20, 20, 25, 15, 20]);
		assert.ok(g3.tracks.every((t) => t.first_prizes === 1 && t.quota === 1));
	});

	it('judge_demo has 复赛 teams to score; once scored, the operator promotes and the final runs', async () => {
		const mine = (await judge.get('competition/judging')).json.items.find((i) => i.edition_id === ed.id);
		const r2 = mine.rounds.find((r) => r.name === '复赛');
		assert.ok(r2.assigned > r2.submitted, `${JSON.stringify(r2)}`);
		assert.equal(r2.drafts, 2);
		const review = (await judge.get(`competition/rounds/${r2.id}/review`)).json;
		for (const t of review.items) {
			const plan = await judge.get(`competition/teams/${t.team_id}/plan`);
			assert.equal(plan.status, 200);
			assert.equal(plan.buf.subarray(0, 5).toString(), '%PDF-');
			if (t.score_status === 'submitted') continue;
			const r = await judge.post(`competition/rounds/${r2.id}/scores`, { team_id: t.team_id, marks: marksFor(review.criteria, 78), submit: true, comment: '演示评分' });
			assert.equal(r.status, 200, `${r}`);
		}
		const res = (await admin.get(`competition/rounds/${r2.id}/results`)).json;
		assert.ok(res.tracks.every((t) => t.missing === 0));
		const p = await admin.post(`competition/rounds/${r2.id}/promote`);
		assert.equal(p.status, 200, `${p}`);
		assert.equal(p.json.promoted, 24);
		const r3 = (await admin.get(`competition/editions/${ed.id}`)).json.edition.rounds[2];
		const a = await admin.post(`competition/rounds/${r3.id}/assign`);
		assert.equal(a.status, 200, `${a}`);
		assert.equal(a.json.pairs, 24 * 7);
		assert.equal((await admin.post(`competition/rounds/${r3.id}/stage`, { action: 'call', team_id: (await admin.get(`competition/rounds/${r3.id}/assignments`)).json.teams[0].team_id })).status, 200);
		const st = (await srv.login('student_demo', DEMO_PASSWORD)).get(`competition/rounds/${r3.id}/stage`);
		assert.equal((await st).status, 200);
	});
});
