// Organisations created and listed by the operator.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { creditCode, expectError, listAll, orgOf, snapshot, startServer, uniq } from './harness.mjs';

let srv;
let admin;
before(async () => {
	srv = await startServer();
	admin = await srv.admin();
});
after(() => srv?.stop());

async function refused(send, status, code, field) {
	const before = await snapshot(admin);
	const r = await send();
	expectError(r, status, code, field);
	assert.deepEqual(await snapshot(admin), before);
}

describe('POST /organizations', () => {
	it('creates an active college (code optional) and an active enterprise', async () => {
		const r = await admin.post('organizations', { kind: 'college', name: '广东理工职业学院', code: 'GDLG' });
		assert.equal(r.status, 201, `${r}`);
		const c = orgOf(r.json);
		assert.equal(c.kind, 'college');
		assert.equal(c.name, '广东理工职业学院');
		assert.equal(c.status, 'active');
		const r2 = await admin.post('organizations', { kind: 'college', name: `无代码学院${uniq('n')}` });
		assert.equal(r2.status, 201, `${r2}`);
		const cc = creditCode();
		const r3 = await admin.post('organizations', { kind: 'enterprise', name: '清远高新区某某有限公司', credit_code: cc });
		assert.equal(r3.status, 201, `${r3}`);
		const e = orgOf(r3.json);
		assert.equal(e.kind, 'enterprise');
		assert.equal(e.status, 'active');
		const listed = (await listAll(admin, 'organizations')).find((o) => o.id === e.id);
		for (const k of ['id', 'kind', 'name', 'code', 'credit_code', 'status', 'reject_reason', 'contact_name', 'created_at']) {
			assert.ok(k in listed, `organisation lacks ${k}: ${JSON.stringify(listed)}`);
		}
		assert.equal(listed.credit_code, cc);
		assert.equal(typeof listed.created_at, 'number');
		assert.ok(Math.abs(listed.created_at - Date.now() / 1000) < 120, 'created_at is not epoch seconds of now');
	});

	it('an enterprise needs a valid credit code; duplicates are 409', async () => {
		await refused(() => admin.post('organizations', { kind: 'enterprise', name: '无代码企业' }), 400, 'missing', 'credit_code');
		const cc = creditCode();
		const wrong = cc.slice(0, 17) + (cc[17] === '0' ? '1' : '0');
		await refused(() => admin.post('organizations', { kind: 'enterprise', name: '错码企业', credit_code: wrong }), 400, 'invalid', 'credit_code');
		await refused(() => admin.post('organizations', { kind: 'enterprise', name: '短码企业', credit_code: cc.slice(0, 17) }), 400, 'invalid', 'credit_code');
		assert.equal((await admin.post('organizations', { kind: 'enterprise', name: '第一家', credit_code: cc })).status, 201);
		await refused(() => admin.post('organizations', { kind: 'enterprise', name: '第二家', credit_code: cc }), 409, 'conflict', 'credit_code');
	});

	it('kind must be college or enterprise; name 2–100 characters', async () => {
		for (const kind of ['school', 'operator', 'College']) {
			await refused(() => admin.post('organizations', { kind, name: '某组织' }), 400, 'invalid', 'kind');
		}
		await refused(() => admin.post('organizations', { kind: '', name: '某组织' }), 400, ['invalid', 'missing'], 'kind');
		await refused(() => admin.post('organizations', { kind: 'college', name: '' }), 400, ['invalid', 'missing'], 'name');
		await refused(() => admin.post('organizations', { kind: 'college', name: '院'.repeat(101) }), 400, 'invalid', 'name');
		await refused(() => admin.post('organizations', { kind: 'college', name: '院' }), 400, 'invalid', 'name');
		await refused(() => admin.post('organizations', { kind: 'college' }), 400, 'missing', 'name');
		await refused(() => admin.post('organizations', { name: '无类别' }), 400, 'missing', 'kind');
		assert.equal((await admin.post('organizations', { kind: 'college', name: '院'.repeat(100) })).status, 201);
		assert.equal((await admin.post('organizations', { kind: 'college', name: '学院' })).status, 201);
	});
});

describe('GET /organizations', () => {
	let made;
	before(async () => {
		const tag = uniq('T');
		made = [];
		for (let i = 0; i < 7; i++) {
			const body = i % 2 ? { kind: 'college', name: `职教城${tag}学院${i}`, code: `${tag}${i}` } : { kind: 'enterprise', name: `高新区${tag}企业${i}`, credit_code: creditCode() };
			const r = await admin.post('organizations', body);
			assert.equal(r.status, 201, `${r}`);
			made.push(orgOf(r.json));
		}
		made.tag = tag;
	});

	it('filters by kind and status, searches names (Chinese substrings too) and pages', async () => {
		const colleges = await listAll(admin, 'organizations', { kind: 'college' });
		assert.ok(colleges.length >= 3);
		for (const o of colleges) assert.equal(o.kind, 'college');
		const ents = await listAll(admin, 'organizations', { kind: 'enterprise' });
		for (const o of ents) assert.equal(o.kind, 'enterprise');
		const active = await listAll(admin, 'organizations', { status: 'active' });
		for (const o of active) assert.equal(o.status, 'active');
		const q = await listAll(admin, 'organizations', { q: `${made.tag}学院` });
		assert.deepEqual(q.map((o) => o.id).sort((a, b) => a - b), made.filter((o) => o.kind === 'college').map((o) => o.id).sort((a, b) => a - b));
		const q2 = await listAll(admin, 'organizations', { q: '高新' });
		for (const m of made.filter((o) => o.kind === 'enterprise')) assert.ok(q2.some((o) => o.id === m.id), '2-character Chinese search misses');
		const p1 = await admin.get(`organizations?q=${encodeURIComponent(made.tag)}&page_size=3&page=1`);
		assert.equal(p1.status, 200);
		assert.equal(p1.json.total, 7);
		assert.equal(p1.json.page, 1);
		assert.equal(p1.json.page_size, 3);
		assert.equal(p1.json.items.length, 3);
		const p3 = await admin.get(`organizations?q=${encodeURIComponent(made.tag)}&page_size=3&page=3`);
		assert.equal(p3.json.items.length, 1);
		const p2 = await admin.get(`organizations?q=${encodeURIComponent(made.tag)}&page_size=3&page=2`);
		const ids = new Set([...p1.json.items, ...p2.json.items, ...p3.json.items].map((o) => o.id));
		assert.equal(ids.size, 7, 'pages overlap or miss items');
	});

	it('rejects bad filter values', async () => {
		expectError(await admin.get('organizations?kind=school'), 400, 'invalid', 'kind');
		expectError(await admin.get('organizations?status=gone'), 400, 'invalid', 'status');
		// Out-of-range paging is refused or clamped to the documented range, never honoured.
		const p0 = await admin.get('organizations?page=0');
		if (p0.status === 200) assert.equal(p0.json.page, 1);
		else expectError(p0, 400, 'invalid', 'page');
		const big = await admin.get('organizations?page_size=201');
		if (big.status === 200) assert.equal(big.json.page_size, 200);
		else expectError(big, 400, 'invalid', 'page_size');
		expectError(await admin.get('organizations?page=abc'), 400, 'invalid', 'page');
	});
});
