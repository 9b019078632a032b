// Needs and offers (供需): who may post which side, every validation error naming its
// field, Chinese search (words of 1-2 and 3+ characters, the org's name, major names),
// the major prefix filter, closing and who still sees a closed one, and the counterparts
// proposed both ways with the reasons of every component.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, uniq } from './harness.mjs';
import { makeCoopWorld, startCoopServer } from './coop_lib.mjs';
import { registerStudent } from './recruit_lib.mjs';

let srv;
let w;

before(async () => {
	srv = await startCoopServer();
	w = await makeCoopWorld(srv);
});
after(() => srv?.stop());

const post = async (client, body) => {
	const r = await client.post('coop/listings', body);
	assert.equal(r.status, 201, `${r}`);
	return r.json.listing;
};
const search = async (client, params) => {
	const r = await client.get(`coop/listings?${new URLSearchParams(params)}`);
	assert.equal(r.status, 200, `${r}`);
	return r.json;
};

describe('posting', () => {
	it('an enterprise posts a need, a college an offer: the side follows from who posts', async () => {
		const need = await post(w.hrA.client, { kind: 'talent', title: '招聘机电一体化技术员', majors: ['460301'], quantity: 20, city_code: '441800', industries: ['38'], description: '负责自动化产线维护' });
		assert.equal(need.side, 'need');
		assert.equal(need.org_id, w.entA.id);
		assert.equal(need.kind_label, '人才需求');
		assert.deepEqual(need.majors, ['460301']);
		assert.deepEqual(need.industries, ['38']);
		assert.equal(need.city, '清远市');
		assert.equal(need.status, 'open');
		const offer = await post(w.staffA.client, { kind: 'graduates', title: '机电专业应届毕业生', majors: ['4603'], quantity: 45 });
		assert.equal(offer.side, 'offer');
		assert.equal(offer.org_id, w.collegeA.id);
		assert.equal(offer.quantity, 45);
	});

	it('a kind of the other side, unknown codes and bad fields are 400 naming the field; nothing written', async () => {
		const before = (await search(w.admin, { status: 'all' })).total;
		expectError(await w.hrA.client.post('coop/listings', { kind: 'graduates', title: '人才' }), 400, 'invalid', 'kind');
		expectError(await w.staffA.client.post('coop/listings', { kind: 'talent', title: '人才' }), 400, 'invalid', 'kind');
		expectError(await w.hrA.client.post('coop/listings', { kind: 'talent', title: '人才', majors: ['999999'] }), 400, 'invalid', 'majors');
		expectError(await w.hrA.client.post('coop/listings', { kind: 'talent', title: '人才', industries: ['ZZ'] }), 400, 'invalid', 'industries');
		expectError(await w.hrA.client.post('coop/listings', { kind: 'talent', title: '人才', city_code: '999999' }), 400, 'invalid', 'city_code');
		expectError(await w.hrA.client.post('coop/listings', { kind: 'talent', title: '人' }), 400, 'invalid', 'title');
		expectError(await w.hrA.client.post('coop/listings', { kind: 'talent', title: '人才', quantity: 0 }), 400, 'invalid', 'quantity');
		expectError(await w.hrA.client.post('coop/listings', { kind: 'talent', title: '人才', colour: 'red' }), 400, 'unknown_field', 'colour');
		assert.equal((await search(w.admin, { status: 'all' })).total, before);
	});

	it('an enterprise awaiting approval cannot post; the operator and students have no side', async () => {
		expectError(await w.pendingHr.post('coop/listings', { kind: 'talent', title: '招聘操作工' }), 403, 'org_not_approved');
		expectError(await w.admin.post('coop/listings', { kind: 'talent', title: '招聘操作工' }), 403, 'forbidden');
		const s = await registerStudent(srv, w.collegeA, { name: '张同学' });
		expectError(await s.client.post('coop/listings', { kind: 'talent', title: '招聘操作工' }), 403, 'forbidden');
		expectError(await s.client.get('coop/listings'), 403, 'forbidden');
	});
});

describe('search, editing and closing', () => {
	let need;
	before(async () => {
		need = await post(w.hrB.client, { kind: 'tech', title: `工业视觉检测算法难题${uniq('')}`, description: '需要对焊点缺陷进行识别', majors: ['510101'] });
	});

	it('finds Chinese words of 3+ characters (trigram) and of 1-2 characters, the org name and major names', async () => {
		for (const q of ['视觉检测', '焊点', '缺陷', w.entB.name.slice(0, 4), '技术难题', '电子信息工程技术']) {
			const r = await search(w.staffB.client, { q });
			assert.ok(r.items.some((x) => x.id === need.id), `q=${q} finds it`);
		}
		const r = await search(w.staffB.client, { q: '烘焙' });
		assert.ok(!r.items.some((x) => x.id === need.id));
		// Two words: both must be in it.
		assert.ok((await search(w.staffB.client, { q: '视觉 焊点' })).items.some((x) => x.id === need.id));
		assert.ok(!(await search(w.staffB.client, { q: '视觉 烘焙' })).items.some((x) => x.id === need.id));
	});

	it('filters by side, kind, major prefix and organisation', async () => {
		assert.ok((await search(w.staffA.client, { side: 'need', kind: 'tech' })).items.some((x) => x.id === need.id));
		assert.ok(!(await search(w.staffA.client, { side: 'offer' })).items.some((x) => x.id === need.id));
		assert.ok((await search(w.staffA.client, { major: '51' })).items.some((x) => x.id === need.id));
		assert.ok((await search(w.staffA.client, { major: '5101' })).items.some((x) => x.id === need.id));
		assert.ok(!(await search(w.staffA.client, { major: '4603' })).items.some((x) => x.id === need.id));
		assert.ok((await search(w.staffA.client, { org_id: w.entB.id })).items.every((x) => x.org_id === w.entB.id));
		expectError(await w.staffA.client.get('coop/listings?side=both'), 400, 'invalid', 'side');
	});

	it('only the owner edits; the search text follows the edit', async () => {
		const body = { kind: 'tech', title: `激光焊接工艺优化${uniq('')}`, majors: ['510101'] };
		expectError(await w.hrA.client.post(`coop/listings/${need.id}`, body), 403, 'forbidden');
		expectError(await w.staffB.client.post(`coop/listings/${need.id}`, body), 403, 'forbidden');
		const r = await w.hrB.client.post(`coop/listings/${need.id}`, body);
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.listing.title, body.title);
		assert.ok((await search(w.staffA.client, { q: '激光焊接' })).items.some((x) => x.id === need.id));
		assert.ok(!(await search(w.staffA.client, { q: '视觉检测' })).items.some((x) => x.id === need.id));
	});

	it('closed: hidden from others (404), seen by the owner and the operator; reopened by the owner only', async () => {
		let r = await w.hrB.client.post(`coop/listings/${need.id}/close`);
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.listing.status, 'closed');
		expectError(await w.hrB.client.post(`coop/listings/${need.id}/close`), 409, 'conflict', 'status');
		expectError(await w.staffA.client.get(`coop/listings/${need.id}`), 404, 'not_found');
		assert.equal((await w.hrB.client.get(`coop/listings/${need.id}`)).status, 200);
		assert.equal((await w.admin.get(`coop/listings/${need.id}`)).status, 200);
		assert.ok(!(await search(w.staffA.client, { status: 'all' })).items.some((x) => x.id === need.id));
		assert.ok((await search(w.hrB.client, { status: 'closed' })).items.some((x) => x.id === need.id));
		expectError(await w.hrA.client.post(`coop/listings/${need.id}/reopen`), 404, 'not_found');
		r = await w.hrB.client.post(`coop/listings/${need.id}/reopen`);
		assert.equal(r.json.listing.status, 'open');
		// The operator closes another's listing but does not reopen (no side of its own).
		assert.equal((await w.admin.post(`coop/listings/${need.id}/close`)).status, 200);
		assert.equal((await w.hrB.client.post(`coop/listings/${need.id}/reopen`)).status, 200);
	});
});

describe('counterparts', () => {
	it('a need lists offers best first, each with five named components adding up to the score', async () => {
		const need = await post(w.hrA.client, { kind: 'talent', title: '招聘电气自动化人员', majors: ['4603'], quantity: 30, city_code: '441800', industries: ['38'] });
		const exact = await post(w.staffA.client, { kind: 'graduates', title: `机电一体化毕业生${uniq('')}`, majors: ['460301'], quantity: 60, city_code: '441800', industries: ['38'] });
		const near = await post(w.staffB.client, { kind: 'graduates', title: `装备制造类毕业生${uniq('')}`, majors: ['460101'], quantity: 15, city_code: '440100', industries: ['C'] });
		const other = await post(w.staffB.client, { kind: 'lab', title: `会计实训室${uniq('')}`, majors: ['530302'] });
		const r = await w.hrA.client.get(`coop/listings/${need.id}/counterparts?limit=50`);
		assert.equal(r.status, 200, `${r}`);
		const byId = new Map(r.json.items.map((x) => [x.listing.id, x]));
		const e = byId.get(exact.id);
		const n = byId.get(near.id);
		assert.ok(e && n, 'both graduate offers are proposed');
		assert.ok(!byId.has(other.id) || byId.get(other.id).score < n.score);
		for (const x of r.json.items) {
			assert.equal(x.listing.side, 'offer');
			assert.deepEqual(x.components.map((c) => c.key), ['kind', 'major', 'industry', 'city', 'quantity']);
			assert.equal(x.components.reduce((s, c) => s + c.points, 0), x.score);
			assert.ok(x.score > 0);
		}
		const scores = r.json.items.map((x) => x.score);
		assert.deepEqual(scores, [...scores].sort((a, b) => b - a), 'best first');
		const comp = (x, k) => x.components.find((c) => c.key === k);
		assert.equal(e.score, 100, JSON.stringify(e.components));
		assert.match(comp(e, 'major').reason, /符合需求的专业范围/);
		assert.equal(comp(n, 'major').points, 12);
		assert.equal(comp(n, 'city').points, 6);
		assert.equal(comp(n, 'quantity').points, 5); // 15 of 30
		assert.equal(comp(n, 'industry').points, 8); // the whole section C: the section's level
		assert.match(comp(n, 'industry').reason, /门类 C/);
		// And the other way: the offer lists the need.
		const back = await w.staffA.client.get(`coop/listings/${exact.id}/counterparts`);
		const mine = back.json.items.find((x) => x.listing.id === need.id);
		assert.ok(mine, `${back}`);
		assert.equal(mine.score, 100);
		assert.equal(mine.listing.side, 'need');
	});

	it('closed listings are not proposed; a listing one cannot see has no counterparts for them', async () => {
		const need = await post(w.hrB.client, { kind: 'equipment', title: `数控设备共享${uniq('')}` });
		const lab = await post(w.staffB.client, { kind: 'lab', title: `数控实训中心${uniq('')}` });
		let r = await w.hrB.client.get(`coop/listings/${need.id}/counterparts?limit=50`);
		assert.ok(r.json.items.some((x) => x.listing.id === lab.id));
		await w.staffB.client.post(`coop/listings/${lab.id}/close`);
		r = await w.hrB.client.get(`coop/listings/${need.id}/counterparts?limit=50`);
		assert.ok(!r.json.items.some((x) => x.listing.id === lab.id));
		await w.hrB.client.post(`coop/listings/${need.id}/close`);
		expectError(await w.staffA.client.get(`coop/listings/${need.id}/counterparts`), 404, 'not_found');
		expectError(await w.hrB.client.get(`coop/listings/${need.id}/counterparts?limit=0`), 400, 'invalid', 'limit');
	});
});

describe('the enterprises a party may name', () => {
	it('college staff and HR find approved enterprises by name; pending ones and students not', async () => {
		const names = async (client, q) => {
			const r = await client.get(`coop/enterprises?${new URLSearchParams(q === undefined ? {} : { q })}`);
			assert.equal(r.status, 200, `${r}`);
			return r.json.items;
		};
		const found = await names(w.staffA.client, '格力');
		assert.deepEqual(found.map((e) => e.id), [w.entA.id]);
		assert.deepEqual(Object.keys(found[0]).sort(), ['id', 'name']);
		assert.ok((await names(w.hrB.client, '云智')).some((e) => e.id === w.entB.id));
		assert.ok((await names(w.admin, '')).length > 0);
		assert.ok((await names(w.staffA.client)).length <= 20, 'at most 20 without words');
		// An enterprise awaiting approval is nobody's partner yet.
		assert.deepEqual(await names(w.staffA.client, w.pending.name), []);
		assert.deepEqual(await names(w.staffA.client, '不存在的企业名称'), []);
		// The % of LIKE is a character here, not a wildcard.
		assert.deepEqual(await names(w.staffA.client, '%'), []);
		const s = await registerStudent(srv, w.collegeA, { name: '李同学' });
		expectError(await s.client.get('coop/enterprises?q=格力'), 403, 'forbidden');
	});
});
