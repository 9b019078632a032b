// Investment projects (招商引资, issue 13): the seven stages with an officer and a limit each,
// documents per stage, the board, stalled projects, median and P90 working days per stage.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError } from './harness.mjs';
import { Calendar, PDF, chinaToday, makeServicesWorld, plusDays, startServicesServer } from './services_lib.mjs';

let srv;
let w;
const cal = Calendar.shipped();
const T = chinaToday();
const STAGES = ['项目研判', '尽职调查', '政策洽谈', '客商回访', '法务审核', '合同会签', '签约'];

before(async () => {
	srv = await startServicesServer();
	w = await makeServicesWorld(srv);
});
after(() => srv?.stop());

const create = (client, body) => client.post('services/projects', { name: '年产5万吨新材料项目', investor: '广东某新材料集团', amount_wan: 50000, industry_code: '30', ...body });
const move = (client, id, body) => client.post(`services/projects/${id}/move`, body);

/** Nearest-rank percentile of sorted numbers. */
const pct = (xs, p) => xs[Math.max(1, Math.ceil((p * xs.length) / 100)) - 1];

describe('the pipeline', () => {
	it('from 项目研判 to 签约, an officer per stage, documents per stage, the history in working days', async () => {
		expectError(await create(w.officer.client, { industry_code: '99' }), 400, 'invalid', 'industry_code');
		expectError(await create(w.officer.client, { name: undefined }), 400, 'missing', 'name');
		expectError(await create(w.hrA.client, {}), 403, 'forbidden');
		expectError(await create(w.admin, {}), 403, 'forbidden');
		// registered 12 working days ago (a 补录)
		const start = cal.add(T, -12);
		let r = await create(w.officer.client, { on: start });
		assert.equal(r.status, 201, `${r}`);
		let p = r.json.project;
		assert.equal(p.stage, 1);
		assert.equal(p.stage_name, '项目研判');
		assert.equal(p.stage_on, start);
		assert.equal(p.stage_days, cal.count(start, plusDays(T, -1)));
		assert.equal(p.stage_limit, 5);
		assert.equal(p.stalled, p.stage_days > 5);
		assert.equal(p.officer_id, w.officer.id, 'the registering officer takes stage 1');
		assert.deepEqual(p.stages.map((s) => s.name), STAGES);
		// stage officers
		expectError(await w.officer.client.post(`services/projects/${p.id}/officer`, { stage: 8, account_id: w.other.id }), 400, 'invalid', 'stage');
		expectError(await w.officer.client.post(`services/projects/${p.id}/officer`, { stage: 2, account_id: w.hrA.acct.id }), 400, 'invalid', 'account_id');
		r = await w.officer.client.post(`services/projects/${p.id}/officer`, { stage: 2, account_id: w.other.id });
		assert.equal(r.json.project.stages[1].officer.id, w.other.id);
		// a document at stage 1
		r = await w.officer.client.request('POST', `services/projects/${p.id}/documents?name=${encodeURIComponent('研判报告.pdf')}`, { body: PDF, contentType: 'application/pdf' });
		assert.equal(r.status, 201, `${r}`);
		assert.equal(r.json.file.stage, 1);
		const doc = r.json.file.id;
		assert.equal((await w.officer.client.get(`services/files/${doc}`)).status, 200);
		expectError(await w.hrA.client.get(`services/files/${doc}`), 404, 'not_found');
		// through the stages: each left on a later working day
		expectError(await move(w.officer.client, p.id, { move: 'return', note: '退回' }), 409, 'wrong_state');
		expectError(await move(w.officer.client, p.id, { move: 'jump' }), 400, 'invalid', 'move');
		const days = [];
		let on = start;
		for (let s = 1; s <= 6; s++) {
			const next = cal.add(on, 2);
			r = await move(w.officer.client, p.id, { move: 'advance', on: next, note: `${STAGES[s - 1]}完成` });
			assert.equal(r.status, 200, `${r}`);
			p = r.json.project;
			assert.equal(p.stage, s + 1);
			assert.equal(p.stage_on, next);
			days.push(cal.count(on, next));
			on = next;
		}
		assert.deepEqual(p.history.map((h) => h.days), days);
		assert.deepEqual(p.history.map((h) => h.outcome), Array(6).fill('advanced'));
		assert.equal(p.history[1].officer_id, w.other.id);
		expectError(await move(w.officer.client, p.id, { move: 'advance', on: plusDays(on, -1) }), 400, 'invalid', 'on');
		r = await move(w.officer.client, p.id, { move: 'advance' });
		p = r.json.project;
		assert.equal(p.status, 'signed');
		assert.equal(p.history.at(-1).outcome, 'signed');
		assert.equal(p.closed_on, T);
		assert.deepEqual(p.actions, []);
		expectError(await move(w.officer.client, p.id, { move: 'advance' }), 409, 'wrong_state');
	});

	it('return and drop need a reason', async () => {
		let p = (await create(w.officer.client, {})).json.project;
		p = (await move(w.officer.client, p.id, { move: 'advance' })).json.project;
		expectError(await move(w.officer.client, p.id, { move: 'return' }), 400, 'invalid', 'note');
		p = (await move(w.officer.client, p.id, { move: 'return', note: '尽调材料不全，退回研判' })).json.project;
		assert.equal(p.stage, 1);
		assert.equal(p.history.at(-1).outcome, 'returned');
		expectError(await move(w.officer.client, p.id, { move: 'drop' }), 400, 'invalid', 'note');
		p = (await move(w.officer.client, p.id, { move: 'drop', note: '客商撤回投资意向' })).json.project;
		assert.equal(p.status, 'dropped');
		assert.equal(p.drop_reason, '客商撤回投资意向');
	});
});

describe('the board and the statistics', () => {
	it('projects by stage, stalled ones flagged; median and P90 per stage from the history', async () => {
		// a project stalled in stage 1 (limit 5) and one fresh
		const stalled = (await create(w.officer.client, { name: '停滞项目', on: cal.add(T, -9) })).json.project;
		const fresh = (await create(w.officer.client, { name: '新项目' })).json.project;
		let r = await w.admin.get('services/projects');
		assert.equal(r.status, 200, 'the operator reads the board');
		const col = r.json.stages[0];
		assert.equal(col.name, '项目研判');
		const s = col.projects.find((x) => x.id === stalled.id);
		assert.equal(s.stalled, true);
		assert.equal(s.colour, 'overdue');
		assert.equal(col.projects.find((x) => x.id === fresh.id).stalled, false);
		assert.ok(r.json.stalled >= 1);
		assert.ok(r.json.signed >= 1 && r.json.dropped >= 1);
		r = await w.officer.client.get(`services/projects?q=${encodeURIComponent('停滞')}`);
		assert.deepEqual(r.json.stages.flatMap((x) => x.projects).map((x) => x.id), [stalled.id]);
		// statistics against the histories the API shows
		const all = [];
		for (const st of (await w.officer.client.get('services/projects')).json.stages) all.push(...st.projects);
		r = await w.officer.client.get('services/projects/stats');
		assert.equal(r.status, 200);
		// every history row of every project, gathered through GET /projects/{id}
		const byStage = new Map();
		for (let id = 1; id <= fresh.id; id++) {
			const g = await w.officer.client.get(`services/projects/${id}`);
			if (g.status !== 200) continue;
			for (const h of g.json.project.history)
				if (h.outcome === 'advanced' || h.outcome === 'signed') (byStage.get(h.stage) || byStage.set(h.stage, []).get(h.stage)).push(h.days);
		}
		for (const row of r.json.stages) {
			const xs = (byStage.get(row.stage) || []).sort((a, b) => a - b);
			assert.equal(row.done, xs.length, `stage ${row.stage}`);
			assert.equal(row.median_days, xs.length ? pct(xs, 50) : null);
			assert.equal(row.p90_days, xs.length ? pct(xs, 90) : null);
			assert.equal(row.current, all.filter((p) => p.stage === row.stage).length);
		}
		// limits are editable
		expectError(await w.officer.client.post('services/projects/limits', { limits: [{ stage: 1, limit_days: 0 }] }), 400, 'invalid', 'limits');
		r = await w.officer.client.post('services/projects/limits', { limits: [{ stage: 1, limit_days: 20 }] });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.stages[0].limit_days, 20);
		const after = await w.officer.client.get(`services/projects/${stalled.id}`);
		assert.equal(after.json.project.stalled, false);
	});
});
