// Centralised match rounds (集中匹配) over the API, everything but the match itself (that is
// match_rounds_preview.test.mjs): creating a round (validation, default positions and seats,
// operator only), who sees which rounds, the round's positions (paging, q / city / kind,
// city_name, min_degree), students' choices (志愿), HR's ranking and applicants, the
// lifecycle's refusals (publish before preview, changes after publish or cancel), and the
// access matrix of every round endpoint. Expectations come from docs/api.md and
// docs/matching.md, not from the code.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, makeAccount, uniq } from './harness.mjs';
import { CITY, MAJOR, createPosition, makeWorld, openPosition, registerStudent, startRecruitServer } from './recruit_lib.mjs';

let srv;
let w;
let admin;
const P = {}; // open positions
let draft;
let closed;
const S = {}; // students
let judge;

async function newRound(body = {}) {
	const r = await admin.post('match/rounds', { name: `轮次${uniq('r')}`, ...body });
	assert.equal(r.status, 201, `create round: ${r}`);
	assert.equal(typeof r.json.round.id, 'number', `round id: ${r}`);
	return r.json.round;
}

async function roundPositions(client, rid, params = {}) {
	const qs = new URLSearchParams({ page_size: '200', ...params });
	const r = await client.get(`match/rounds/${rid}/positions?${qs}`);
	assert.equal(r.status, 200, `round positions: ${r}`);
	return r.json;
}

const idsOf = (items) => items.map((x) => x.id);

async function choose(student, rid, ids) {
	const r = await student.client.post(`match/rounds/${rid}/choices`, { position_ids: ids });
	assert.equal(r.status, 200, `choices: ${r}`);
	return r.json;
}

async function myChoices(student, rid) {
	const r = await student.client.get(`match/rounds/${rid}/choices`);
	assert.equal(r.status, 200, `get choices: ${r}`);
	return r.json.items;
}

before(async () => {
	srv = await startRecruitServer();
	w = await makeWorld(srv, { entA: '清远格力电器有限公司', entB: '广东佳纳能源科技有限公司' });
	admin = w.admin;
	P.a1 = await openPosition(w.hrA.client, { title: '数控机床操作员', kind: '全职', city_code: CITY.qingyuan, headcount: 3, min_degree: 2 });
	P.a2 = await openPosition(w.hrA.client, { title: '储备干部', kind: '实习', city_code: CITY.guangzhou, headcount: 1 });
	P.b1 = await openPosition(w.hrB.client, { title: '锂电池工艺技术员', kind: '见习', city_code: CITY.qingyuan, headcount: 2, min_degree: 3 });
	P.b2 = await openPosition(w.hrB.client, { title: '设备维护实习生', kind: '实习', headcount: 4 });
	draft = await createPosition(w.hrA.client, { title: '草稿岗位' });
	closed = await openPosition(w.hrB.client, { title: '已关闭岗位' });
	const r = await w.hrB.client.post(`positions/${closed.id}/close`);
	assert.equal(r.status, 200, `close: ${r}`);
	for (const [name, college] of [['张三', w.collegeA], ['李四', w.collegeA], ['王五', w.collegeB]]) {
		S[name] = await registerStudent(srv, college, { name, profile: { major_code: MAJOR.mechatronics, grad_year: 2026, degree: 3 } });
	}
	const j = await makeAccount(admin, { role: 'judge' });
	judge = await srv.login(j.login, j.password);
});
after(() => srv?.stop());

describe('creating a round', () => {
	it('validates name, list_max and position_ids, naming the field, and creates nothing when refused', async () => {
		const before = (await admin.get('match/rounds')).json.items.length;
		expectError(await admin.post('match/rounds', {}), 400, 'missing', 'name');
		expectError(await admin.post('match/rounds', { name: '轮' }), 400, 'invalid', 'name');
		expectError(await admin.post('match/rounds', { name: '轮'.repeat(61) }), 400, 'invalid', 'name');
		for (const lm of [0, 101, -1, 'x', 1.5]) expectError(await admin.post('match/rounds', { name: '实习匹配', list_max: lm }), 400, 'invalid', 'list_max');
		const bad = [[999999], [draft.id], [closed.id], [P.a1.id, P.a1.id], [P.a1.id, 'x'], 'x', [P.a1.id, P.b1.id, P.a1.id]];
		for (const ids of bad) expectError(await admin.post('match/rounds', { name: '实习匹配', position_ids: ids }), 400, 'invalid', 'position_ids');
		expectError(await admin.post('match/rounds', { name: '实习匹配', extra: 1 }), 400, 'unknown_field', 'extra');
		assert.equal((await admin.get('match/rounds')).json.items.length, before, 'no round was created by a refused request');
	});

	it('list_max at its bounds 1 and 100; default 30; a new round is open', async () => {
		assert.equal((await newRound({ list_max: 1 })).list_max, 1);
		assert.equal((await newRound({ list_max: 100 })).list_max, 100);
		const r = await newRound({ name: '2026届实习集中匹配' });
		assert.equal(r.list_max, 30);
		assert.equal(r.status, 'open');
		assert.equal(r.name, '2026届实习集中匹配');
		assert.equal(r.positions, 4);
		assert.equal(r.students, 0);
	});

	it('by default: every open position (not drafts, not closed ones), seats = headcount', async () => {
		const r = await newRound();
		const list = await roundPositions(admin, r.id);
		assert.equal(list.total, 4);
		assert.deepEqual(idsOf(list.items), [P.a1.id, P.a2.id, P.b1.id, P.b2.id]);
		for (const it of list.items) {
			const p = Object.values(P).find((x) => x.id === it.id);
			assert.equal(it.capacity, p.headcount, `capacity of ${it.title}`);
			assert.equal(it.title, p.title);
		}
	});

	it('named positions only', async () => {
		const r = await newRound({ position_ids: [P.b1.id, P.a2.id] });
		assert.equal(r.positions, 2);
		const list = await roundPositions(admin, r.id);
		assert.deepEqual(idsOf(list.items).sort((a, b) => a - b), [P.a2.id, P.b1.id]);
		assert.equal(list.items.find((x) => x.id === P.b1.id).capacity, 2);
	});

	it('only the operator creates rounds', async () => {
		for (const c of [S['张三'].client, w.hrA.client, w.staffA.client, judge]) expectError(await c.post('match/rounds', { name: '冒充的轮次' }), 403, 'forbidden');
		expectError(await srv.client().post('match/rounds', { name: '匿名' }), 401, 'unauthenticated');
	});
});

describe('which rounds are visible', () => {
	let live;
	let gone;
	before(async () => {
		live = await newRound({ name: '可见轮次' });
		gone = await newRound({ name: '将取消轮次' });
		const r = await admin.post(`match/rounds/${gone.id}/cancel`);
		assert.equal(r.status, 200, `cancel: ${r}`);
		assert.equal(r.json.round.status, 'cancelled');
	});

	it('students and HR do not see cancelled rounds (list, get, positions: 404)', async () => {
		for (const c of [S['张三'].client, w.hrA.client]) {
			const items = (await c.get('match/rounds')).json.items;
			assert.ok(items.some((x) => x.id === live.id), 'the open round is listed');
			assert.ok(!items.some((x) => x.id === gone.id), 'the cancelled round is not listed');
			assert.ok(items.every((x) => x.status !== 'cancelled'));
			expectError(await c.get(`match/rounds/${gone.id}`), 404, 'not_found');
			expectError(await c.get(`match/rounds/${gone.id}/positions`), 404, 'not_found');
			const g = await c.get(`match/rounds/${live.id}`);
			assert.equal(g.status, 200, `${g}`);
			assert.equal(g.json.round.id, live.id);
			assert.ok(!('stats' in g.json.round), `no stats for students and HR: ${g}`);
		}
		expectError(await S['张三'].client.get('match/rounds/99999999'), 404, 'not_found');
		expectError(await S['张三'].client.get('match/rounds/abc'), 404, 'not_found');
	});

	it('the operator sees cancelled rounds and the stats field', async () => {
		const items = (await admin.get('match/rounds')).json.items;
		assert.ok(items.some((x) => x.id === gone.id && x.status === 'cancelled'));
		for (const it of items) for (const k of ['id', 'name', 'status', 'list_max', 'positions', 'students']) assert.ok(k in it, `${k} in a list item`);
		const g = await admin.get(`match/rounds/${gone.id}`);
		assert.equal(g.status, 200, `${g}`);
		assert.ok('stats' in g.json.round, `the operator's round has stats: ${g}`);
		assert.equal(g.json.round.stats, null, 'no preview yet');
	});
});

describe("the round's positions", () => {
	let round;
	before(async () => {
		round = await newRound();
	});

	it('paging: page_size and page, total', async () => {
		const p1 = await roundPositions(S['张三'].client, round.id, { page_size: '3', page: '1' });
		const p2 = await roundPositions(S['张三'].client, round.id, { page_size: '3', page: '2' });
		assert.equal(p1.total, 4);
		assert.equal(p2.total, 4);
		assert.equal(p1.items.length, 3);
		assert.equal(p2.items.length, 1);
		assert.deepEqual([...idsOf(p1.items), ...idsOf(p2.items)], [P.a1.id, P.a2.id, P.b1.id, P.b2.id]);
		const p3 = await roundPositions(S['张三'].client, round.id, { page_size: '3', page: '3' });
		assert.deepEqual(p3.items, []);
	});

	it('city_name, min_degree, kind, enterprise_name and capacity on each item', async () => {
		const items = (await roundPositions(w.hrB.client, round.id)).items;
		const a1 = items.find((x) => x.id === P.a1.id);
		assert.equal(a1.city_code, CITY.qingyuan);
		assert.match(a1.city_name, /清远/);
		assert.equal(a1.min_degree, 2);
		assert.equal(a1.kind, '全职');
		assert.equal(a1.capacity, 3);
		assert.equal(a1.enterprise_name, w.entA.name);
		assert.match(items.find((x) => x.id === P.a2.id).city_name, /广州/);
		assert.equal(items.find((x) => x.id === P.b1.id).min_degree, 3);
		const b2 = items.find((x) => x.id === P.b2.id);
		assert.equal(b2.city_name ?? null, null, 'no city, no city name');
	});

	it('q matches Chinese words of the title or of the enterprise name', async () => {
		const q = async (text) => idsOf((await roundPositions(S['李四'].client, round.id, { q: text })).items);
		assert.deepEqual(await q('机床'), [P.a1.id]);
		assert.deepEqual(await q('格力'), [P.a1.id, P.a2.id], 'by the enterprise name');
		assert.deepEqual(await q('佳纳'), [P.b1.id, P.b2.id]);
		assert.deepEqual(await q('技术员'), [P.b1.id]);
		assert.deepEqual(await q('实习'), [P.b2.id], 'the title, not the kind');
		assert.deepEqual(await q('不存在的词'), []);
		assert.deepEqual(await q('100%'), [], 'LIKE metacharacters are literal');
		assert.deepEqual(await q('_'), []);
		// words: each must occur in the title or the enterprise name
		assert.deepEqual(await q('格力 储备'), [P.a2.id]);
		assert.deepEqual(await q('佳纳 储备'), []);
		const page = await roundPositions(S['李四'].client, round.id, { q: '佳纳' });
		assert.equal(page.total, 2, 'total counts the filtered positions');
	});

	it('city and kind filters, combined with q', async () => {
		const f = async (params) => idsOf((await roundPositions(admin, round.id, params)).items);
		assert.deepEqual(await f({ city: CITY.qingyuan }), [P.a1.id, P.b1.id]);
		assert.deepEqual(await f({ city: CITY.guangzhou }), [P.a2.id]);
		assert.deepEqual(await f({ city: CITY.shenzhen }), []);
		assert.deepEqual(await f({ kind: '实习' }), [P.a2.id, P.b2.id]);
		assert.deepEqual(await f({ kind: '见习' }), [P.b1.id]);
		assert.deepEqual(await f({ kind: '实习', q: '佳纳' }), [P.b2.id]);
		assert.deepEqual(await f({ city: CITY.qingyuan, kind: '全职' }), [P.a1.id]);
	});
});

describe("students' choices (志愿)", () => {
	let round;
	before(async () => {
		round = await newRound({ list_max: 3 });
	});

	it('a ranked list, read back in order with titles and enterprises', async () => {
		assert.deepEqual(await myChoices(S['张三'], round.id), []);
		const r = await choose(S['张三'], round.id, [P.b1.id, P.a1.id]);
		assert.equal(r.choices, 2);
		const got = await myChoices(S['张三'], round.id);
		assert.deepEqual(got.map((x) => [x.rank, x.position_id]), [[1, P.b1.id], [2, P.a1.id]]);
		assert.equal(got[0].title, P.b1.title);
		assert.equal(got[0].enterprise_name, w.entB.name);
		const g = await admin.get(`match/rounds/${round.id}`);
		assert.equal(g.json.round.students, 1, 'the round counts students with choices');
	});

	it('new choices replace the earlier ones', async () => {
		await choose(S['张三'], round.id, [P.a2.id, P.b2.id, P.b1.id]);
		assert.deepEqual((await myChoices(S['张三'], round.id)).map((x) => x.position_id), [P.a2.id, P.b2.id, P.b1.id]);
		await choose(S['张三'], round.id, [P.a1.id]);
		assert.deepEqual((await myChoices(S['张三'], round.id)).map((x) => x.position_id), [P.a1.id]);
	});

	it('at most list_max; positions not in the round or repeated → 400 naming position_ids; nothing changes', async () => {
		const keep = [P.b1.id, P.a1.id];
		await choose(S['李四'], round.id, keep);
		const c = S['李四'].client;
		const refused = [
			[P.a1.id, P.a2.id, P.b1.id, P.b2.id], // 4 > list_max 3
			[P.a1.id, draft.id],
			[closed.id],
			[999999],
			[P.a1.id, P.a1.id],
			[P.a2.id, P.b1.id, P.a2.id],
			[P.a1.id, 'x'],
			'x',
		];
		for (const ids of refused) expectError(await c.post(`match/rounds/${round.id}/choices`, { position_ids: ids }), 400, 'invalid', 'position_ids');
		expectError(await c.post(`match/rounds/${round.id}/choices`, {}), 400, ['missing', 'invalid'], 'position_ids');
		assert.deepEqual((await myChoices(S['李四'], round.id)).map((x) => x.position_id), keep, 'a refused list leaves the earlier one');
	});

	it('a position of another round is not in this one', async () => {
		const small = await newRound({ position_ids: [P.a1.id] });
		expectError(await S['王五'].client.post(`match/rounds/${small.id}/choices`, { position_ids: [P.b1.id] }), 400, 'invalid', 'position_ids');
		await choose(S['王五'], small.id, [P.a1.id]);
	});

	it('an empty list withdraws from the round', async () => {
		await choose(S['王五'], round.id, [P.a1.id]);
		await choose(S['王五'], round.id, []);
		assert.deepEqual(await myChoices(S['王五'], round.id), []);
	});

	it("a student's choices are their own: another student reads only theirs", async () => {
		const mine = (await myChoices(S['王五'], round.id)).map((x) => x.position_id);
		assert.deepEqual(mine, []);
		const lisi = (await myChoices(S['李四'], round.id)).map((x) => x.position_id);
		assert.deepEqual(lisi, [P.b1.id, P.a1.id]);
		// No way to name another student: the endpoint takes no student id, and says so.
		const r = await S['王五'].client.get(`match/rounds/${round.id}/choices?student_id=${S['李四'].id}`, { openapi: 'answer' });
		expectError(r, 400, 'unknown_parameter', 'student_id');
	});
});

describe("HR's ranking and applicants", () => {
	let round;
	before(async () => {
		round = await newRound();
		await choose(S['张三'], round.id, [P.a1.id, P.b1.id]);
		await choose(S['李四'], round.id, [P.b1.id, P.a1.id, P.a2.id]);
		await choose(S['王五'], round.id, [P.a2.id]);
	});

	it('applicants: who chose the caller\'s positions, with choice rank; no HR rank yet', async () => {
		const r = await w.hrA.client.get(`match/rounds/${round.id}/applicants`);
		assert.equal(r.status, 200, `${r}`);
		const rows = r.json.items.map((x) => [x.position_id, x.student_id, x.choice_rank, x.hr_rank]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
		const want = [
			[P.a1.id, S['张三'].id, 1, null],
			[P.a1.id, S['李四'].id, 2, null],
			[P.a2.id, S['李四'].id, 3, null],
			[P.a2.id, S['王五'].id, 1, null],
		].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
		assert.deepEqual(rows, want);
		const one = r.json.items.find((x) => x.student_id === S['王五'].id);
		assert.equal(one.name, '王五');
		assert.equal(one.college_name, w.collegeB.name);
		assert.equal(one.title, P.a2.title);
		const b = await w.hrB.client.get(`match/rounds/${round.id}/applicants`);
		assert.deepEqual(b.json.items.map((x) => [x.position_id, x.student_id, x.choice_rank]).sort((a, b) => a[1] - b[1]), [[P.b1.id, S['张三'].id, 2], [P.b1.id, S['李四'].id, 1]].sort((a, b) => a[1] - b[1]));
	});

	it('HR ranks students who chose the position; the applicants list shows the HR rank', async () => {
		const r = await w.hrA.client.post(`match/rounds/${round.id}/ranking`, { position_id: P.a1.id, student_ids: [S['李四'].id, S['张三'].id] });
		assert.equal(r.status, 200, `${r}`);
		const items = (await w.hrA.client.get(`match/rounds/${round.id}/applicants`)).json.items.filter((x) => x.position_id === P.a1.id);
		const rank = Object.fromEntries(items.map((x) => [x.student_id, x.hr_rank]));
		assert.equal(rank[S['李四'].id], 1);
		assert.equal(rank[S['张三'].id], 2);
		// replacing: a new ranking replaces the old one
		const r2 = await w.hrA.client.post(`match/rounds/${round.id}/ranking`, { position_id: P.a1.id, student_ids: [S['张三'].id] });
		assert.equal(r2.status, 200, `${r2}`);
		const again = (await w.hrA.client.get(`match/rounds/${round.id}/applicants`)).json.items.filter((x) => x.position_id === P.a1.id);
		assert.deepEqual(Object.fromEntries(again.map((x) => [x.student_id, x.hr_rank])), { [S['张三'].id]: 1, [S['李四'].id]: null });
	});

	it('HR may see why a student who chose their position scores as they do (neither discoverable nor an applicant); other HR may not', async () => {
		const q = `match/explain?student_id=${S['王五'].id}&position_id=${P.a2.id}`;
		const r = await w.hrA.client.get(q);
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.student_id, S['王五'].id);
		const parts = r.json.explanation.components.reduce((n, x) => n + x.points, 0);
		assert.equal(parts, r.json.explanation.total, 'the parts add up to the total');
		// The same explanation the operator gets for the pair.
		assert.deepEqual(r.json, (await admin.get(q)).json);
		// 王五 chose only A's position: B's HR cannot explain them on B's position.
		expectError(await w.hrB.client.get(`match/explain?student_id=${S['王五'].id}&position_id=${P.b2.id}`), 404, 'not_found');
	});

	it('a student who did not choose the position, a repeated one, or a non-integer → 400 student_ids; nothing changes', async () => {
		const c = w.hrA.client;
		for (const ids of [[S['王五'].id], [S['张三'].id, S['张三'].id], [S['张三'].id, 'x'], [999999], 'x']) {
			expectError(await c.post(`match/rounds/${round.id}/ranking`, { position_id: P.a1.id, student_ids: ids }), 400, 'invalid', 'student_ids');
		}
		const again = (await c.get(`match/rounds/${round.id}/applicants`)).json.items.filter((x) => x.position_id === P.a1.id);
		assert.deepEqual(Object.fromEntries(again.map((x) => [x.student_id, x.hr_rank])), { [S['张三'].id]: 1, [S['李四'].id]: null }, 'the earlier ranking stands');
		expectError(await c.post(`match/rounds/${round.id}/ranking`, { student_ids: [] }), 400, 'missing', 'position_id');
	});

	it("HR of another enterprise cannot rank B's position (404 position_id), nor a position outside the round", async () => {
		expectError(await w.hrA.client.post(`match/rounds/${round.id}/ranking`, { position_id: P.b1.id, student_ids: [S['李四'].id] }), 404, 'not_found', 'position_id');
		const small = await newRound({ position_ids: [P.a2.id] });
		expectError(await w.hrA.client.post(`match/rounds/${small.id}/ranking`, { position_id: P.a1.id, student_ids: [] }), 404, 'not_found', 'position_id');
		const items = (await w.hrB.client.get(`match/rounds/${round.id}/applicants`)).json.items;
		assert.ok(items.every((x) => x.hr_rank === null), 'B\'s position has no ranking');
		const ok = await w.hrB.client.post(`match/rounds/${round.id}/ranking`, { position_id: P.b1.id, student_ids: [S['张三'].id, S['李四'].id] });
		assert.equal(ok.status, 200, `${ok}`);
		assert.ok((await w.hrA.client.get(`match/rounds/${round.id}/applicants`)).json.items.every((x) => x.position_id !== P.b1.id), "A never sees B's applicants");
	});
});

describe('lifecycle refusals', () => {
	it('publish before a preview → 422; result for students and HR before publishing → 422', async () => {
		const round = await newRound();
		await choose(S['张三'], round.id, [P.a1.id]);
		expectError(await admin.post(`match/rounds/${round.id}/publish`), 422, 'rule');
		expectError(await S['张三'].client.get(`match/rounds/${round.id}/result`), 422, 'rule');
		expectError(await w.hrA.client.get(`match/rounds/${round.id}/result`), 422, 'rule');
		const pv = await admin.post(`match/rounds/${round.id}/preview`);
		assert.equal(pv.status, 200, `${pv}`);
		expectError(await S['张三'].client.get(`match/rounds/${round.id}/result`), 422, 'rule', undefined);
		expectError(await w.hrA.client.get(`match/rounds/${round.id}/result`), 422, 'rule');
		const op = await admin.get(`match/rounds/${round.id}/result`);
		assert.equal(op.status, 200, `the operator sees results before publishing: ${op}`);
	});

	it('after publishing: no more choices, rankings, previews, publish or cancel (422)', async () => {
		const round = await newRound();
		await choose(S['李四'], round.id, [P.a1.id]);
		assert.equal((await admin.post(`match/rounds/${round.id}/preview`)).status, 200);
		const pub = await admin.post(`match/rounds/${round.id}/publish`);
		assert.equal(pub.status, 200, `${pub}`);
		assert.equal(pub.json.round.status, 'published');
		expectError(await S['李四'].client.post(`match/rounds/${round.id}/choices`, { position_ids: [P.a2.id] }), 422, 'rule');
		assert.deepEqual((await myChoices(S['李四'], round.id)).map((x) => x.position_id), [P.a1.id]);
		expectError(await w.hrA.client.post(`match/rounds/${round.id}/ranking`, { position_id: P.a1.id, student_ids: [S['李四'].id] }), 422, 'rule');
		expectError(await admin.post(`match/rounds/${round.id}/preview`), 422, 'rule');
		expectError(await admin.post(`match/rounds/${round.id}/publish`), 422, 'rule');
		assert.equal((await S['李四'].client.get(`match/rounds/${round.id}/result`)).status, 200);
	});

	it('after cancelling: the operator is refused every change (422); students and HR no longer find the round (404)', async () => {
		const round = await newRound();
		await choose(S['王五'], round.id, [P.a1.id]);
		const c = await admin.post(`match/rounds/${round.id}/cancel`);
		assert.equal(c.status, 200, `${c}`);
		assert.equal(c.json.round.status, 'cancelled');
		for (const a of ['preview', 'publish', 'cancel']) expectError(await admin.post(`match/rounds/${round.id}/${a}`), 422, 'rule');
		expectError(await S['王五'].client.post(`match/rounds/${round.id}/choices`, { position_ids: [P.a2.id] }), 404, 'not_found');
		expectError(await S['王五'].client.get(`match/rounds/${round.id}/choices`), 404, 'not_found');
		expectError(await w.hrA.client.post(`match/rounds/${round.id}/ranking`, { position_id: P.a1.id, student_ids: [] }), 404, 'not_found');
		expectError(await w.hrA.client.get(`match/rounds/${round.id}/applicants`), 404, 'not_found');
		expectError(await S['王五'].client.get(`match/rounds/${round.id}/result`), 404, 'not_found');
	});

	it('a round with no positions cannot be previewed (422)', async () => {
		// every open position closed is not possible here; a round of one position that the
		// operator names is the smallest; an empty list names none
		const r = await admin.post('match/rounds', { name: '空轮次', position_ids: [] });
		if (r.status === 201) expectError(await admin.post(`match/rounds/${r.json.round.id}/preview`), 422, 'rule');
		else expectError(r, 400, 'invalid', 'position_ids');
	});
});

describe('access matrix (route table: 403 for roles not allowed)', () => {
	let round;
	before(async () => {
		round = await newRound();
	});

	it('every round endpoint refuses the roles it does not serve', async () => {
		const rid = round.id;
		const ep = [
			['POST', 'match/rounds', { name: '越权轮次' }, ['operator']],
			['GET', 'match/rounds', undefined, ['student', 'hr', 'operator']],
			['GET', `match/rounds/${rid}`, undefined, ['student', 'hr', 'operator']],
			['GET', `match/rounds/${rid}/positions`, undefined, ['student', 'hr', 'operator']],
			['POST', `match/rounds/${rid}/choices`, { position_ids: [] }, ['student']],
			['GET', `match/rounds/${rid}/choices`, undefined, ['student']],
			['POST', `match/rounds/${rid}/ranking`, { position_id: P.a1.id, student_ids: [] }, ['hr']],
			['GET', `match/rounds/${rid}/applicants`, undefined, ['hr']],
			['POST', `match/rounds/${rid}/preview`, undefined, ['operator']],
			['POST', `match/rounds/${rid}/publish`, undefined, ['operator']],
			['POST', `match/rounds/${rid}/cancel`, undefined, ['operator']],
			['GET', `match/rounds/${rid}/result`, undefined, ['student', 'hr', 'operator']],
		];
		const who = { student: S['张三'].client, hr: w.hrA.client, operator: admin, college: w.staffA.client, judge };
		for (const [method, p, body, allowed] of ep) {
			for (const [role, c] of Object.entries(who)) {
				if (allowed.includes(role)) continue;
				const r = method === 'GET' ? await c.get(p) : await c.post(p, body);
				expectError(r, 403, 'forbidden');
			}
			const anon = method === 'GET' ? await srv.client().get(p) : await srv.client().post(p, body, { csrf: false });
			assert.ok(anon.status === 401 || anon.status === 403, `anonymous ${method} ${p}: ${anon}`);
		}
		assert.equal((await admin.get(`match/rounds/${rid}`)).json.round.status, 'open', 'no refused request changed the round');
	});
});
