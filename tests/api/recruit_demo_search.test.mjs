// Search on the shipped demo (issue 14): the demo's positions get their search text the one
// way every position does (src/domain/position_text.h), so the tags the cards show — skills
// (PLC, PLC编程, Photoshop, 数控车床), the enterprise's name, the city (广州) — find exactly
// the open positions holding them, on both backends.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listAll, runCli } from './harness.mjs';
import { startCompServer } from './competition_lib.mjs';
import { DATA_KEY, PASSWORD_COST, searchAll } from './recruit_lib.mjs';

let srv, stu, all;

before(async () => {
	srv = await startCompServer({ bootstrap: false }); // its own folder for the demo's files
	const r = runCli(['demo', '--db', srv.dbUrl, '--scale', '0.05', '--files', srv.filesDir], {
		env: { SKYWAY_DATA_KEY: DATA_KEY, SKYWAY_PASSWORD_COST: PASSWORD_COST },
		timeout: 300000,
	});
	assert.equal(r.code, 0, `demo: ${r.stdout} ${r.stderr}`);
	stu = await srv.login('student_demo', 'skyway2026demo');
	// Every open position with what its card and detail page show.
	const list = (await searchAll(stu, {}, { limit: 100 })).items;
	const byId = new Map(list.map((p) => [p.id, p]));
	all = [];
	for (let i = 0; i < list.length; i += 25) {
		const details = await Promise.all(list.slice(i, i + 25).map((p) => stu.get(`positions/${p.id}`)));
		for (const r of details) {
			const d = r.json.position;
			// A page's majors and skills are read for all its items at once (64 ids per query,
			// position_details.c), a detail's for one: both the same.
			const item = byId.get(d.id);
			for (const k of ['majors', 'required_skills', 'preferred_skills']) assert.deepEqual(item[k], d[k], `${k} of ${d.id}`);
			const fields = [d.title, d.enterprise_name, d.city_name ?? '', d.description ?? '', ...d.required_skills.map((s) => s.name), ...d.preferred_skills.map((s) => s.name), ...d.majors.map((m) => m.name)];
			all.push({ id: d.id, text: fields.join('\n').toLowerCase() });
		}
	}
});
after(() => srv?.stop());

const holding = (...terms) =>
	all
		.filter((p) => terms.every((t) => p.text.includes(t.toLowerCase())))
		.map((p) => p.id)
		.sort((a, b) => a - b);
const found = async (q) => (await searchAll(stu, { q }, { limit: 100 })).items.map((p) => p.id).sort((a, b) => a - b);

describe('demo positions are found by every tag they show', () => {
	it('skills: PLC, plc, PLC编程, Photoshop, 数控车床 (and a skill with a blank-separated second term)', async () => {
		assert.ok(all.length > 300, `${all.length} open positions`);
		for (const q of ['PLC', 'plc', 'PLC编程', 'Photoshop', '数控车床']) {
			const want = holding(q);
			assert.deepEqual(await found(q), want, q);
			if (q !== '数控车床') assert.ok(want.length > 0, `the demo has positions with ${q}`);
		}
		assert.deepEqual(await found('PLC 清远'), holding('PLC', '清远'));
	});

	it('an enterprise name (2 characters of it) and a city (广州, 1 character 州)', async () => {
		const ent = all.find((p) => p.text.split('\n')[1].length > 6);
		const brand = ent.text.split('\n')[1].slice(2, 4);
		assert.deepEqual(await found(brand), holding(brand), brand);
		assert.ok(holding(brand).includes(ent.id));
		assert.ok(holding('广州').length > 0);
		assert.deepEqual(await found('广州'), holding('广州'));
		assert.deepEqual(await found('州'), holding('州'));
	});
});

describe('为你推荐 on the demo (issue 14)', () => {
	it('the demo student: applied positions leave the list (applied=1 shows them badged); the top one is not 0 of N required skills', async () => {
		const applied = new Set((await listAll(stu, 'applications')).filter((a) => a.status !== 'withdrawn').map((a) => a.position_id));
		const r = await stu.get('recommendations?k=20');
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.scale, 9300);
		const items = r.json.items;
		assert.ok(items.length > 0);
		for (const it of items) assert.ok(!applied.has(it.position_id) && it.applied === false, `applied position ${it.position_id} ranked`);
		const req = items[0].explanation.components.find((c) => c.key === 'skills_required');
		assert.ok(!(req.points === 0 && /缺少/.test(req.reason)), `the top recommendation holds none of its required skills: ${req.reason}`);
		if (applied.size) {
			const all = (await stu.get('recommendations?k=100&applied=1')).json.items;
			const shown = all.filter((x) => x.applied);
			assert.ok(shown.every((x) => applied.has(x.position_id)));
			assert.ok(shown.every((x) => x.explanation.components.find((c) => c.key === 'interest').points === 0));
		}
	});
});
