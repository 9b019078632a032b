// Job fairs, enterprises: sign-up within the window (verified enterprises, their own open
// positions), signing up again, review (approve / reject with a reason, 409 when not
// pending), withdrawal freeing the booth; booth allocation by industry section on
// consecutive booths, too many enterprises, move and swap, the floor plan and the .xlsx
// booth list.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { creditCode, expectError, uniq } from './harness.mjs';
import { createPosition, expectXlsx, openPosition } from './recruit_lib.mjs';
import { INDUSTRY, createFair, getFair, makeFairWorld, signupApproved, startFairServer, step } from './fair_lib.mjs';

let srv;
let w;
let admin;

before(async () => {
	srv = await startFairServer();
	w = await makeFairWorld(srv);
	admin = w.admin;
});
after(() => srv?.stop());

const signups = async (client, fair, qs = '') => {
	const r = await client.get(`fairs/${fair.id}/signups${qs}`);
	assert.equal(r.status, 200, `${r}`);
	return r.json.items;
};
const review = (fair, e, decision, reason) => admin.post(`fairs/${fair.id}/signups/review`, { enterprise_id: e.id, decision, ...(reason ? { reason } : {}) });
const booths = async (client, fair) => {
	const r = await client.get(`fairs/${fair.id}/booths`);
	assert.equal(r.status, 200, `${r}`);
	return r.json;
};

describe('sign-up window and rules', () => {
	let fair;
	before(async () => {
		fair = await createFair(w);
	});

	it('outside the window (draft is invisible; signup_closed, live) → refused, nothing written', async () => {
		expectError(await w.e1.client.post(`fairs/${fair.id}/signup`, { position_ids: [w.e1.p1.id] }), 404, 'not_found');
		const late = await createFair(w);
		await step(w, late, 'signup', 'signup_closed');
		expectError(await w.e1.client.post(`fairs/${late.id}/signup`, { position_ids: [w.e1.p1.id] }), 422, 'rule', 'status');
		await step(w, late, 'live');
		expectError(await w.e1.client.post(`fairs/${late.id}/signup`, { position_ids: [w.e1.p1.id] }), 422, 'rule', 'status');
		assert.deepEqual(await signups(admin, late), []);
		await step(w, fair, 'signup');
	});

	it('an enterprise not yet verified → 422 field enterprise, nothing written', async () => {
		const login = uniq('pend');
		const password = `pw-${crypto.randomBytes(5).toString('hex')}`;
		const r = await srv.client().post('register/enterprise', { name: `待审核企业${uniq('')}有限公司`, credit_code: creditCode(), contact_name: '王经理', login, password });
		assert.equal(r.status, 201, `${r}`);
		const hr = await srv.login(login, password);
		const p = await createPosition(hr, { title: '待审核岗位' });
		expectError(await hr.post(`fairs/${fair.id}/signup`, { position_ids: [p.id] }), 422, 'rule', 'enterprise');
		assert.deepEqual(await signups(admin, fair), []);
	});

	it('another enterprise\'s position, a closed one, a draft one or an unknown one → 422 position_ids', async () => {
		const closed = await openPosition(w.e1.client, { title: '已关闭岗位' });
		assert.equal((await w.e1.client.post(`positions/${closed.id}/close`)).status, 200);
		const draft = await createPosition(w.e1.client, { title: '草稿岗位' });
		for (const ids of [[w.e2.p1.id], [w.e1.p1.id, w.e2.p1.id], [closed.id], [draft.id], [99999999]]) {
			expectError(await w.e1.client.post(`fairs/${fair.id}/signup`, { position_ids: ids }), 422, 'rule', 'position_ids');
		}
		assert.deepEqual(await signups(admin, fair), []);
		assert.equal((await getFair(admin, fair)).pending_signups, 0);
	});

	it('bad bodies: no positions (400 missing), tables 0 or 21 (400 tables)', async () => {
		expectError(await w.e1.client.post(`fairs/${fair.id}/signup`, { position_ids: [] }), 400, 'missing', 'position_ids');
		expectError(await w.e1.client.post(`fairs/${fair.id}/signup`, {}), 400, ['missing', 'invalid'], 'position_ids');
		expectError(await w.e1.client.post(`fairs/${fair.id}/signup`, { position_ids: [w.e1.p1.id], tables: 0 }), 400, 'invalid', 'tables');
		expectError(await w.e1.client.post(`fairs/${fair.id}/signup`, { position_ids: [w.e1.p1.id], tables: 21 }), 400, 'invalid', 'tables');
		assert.deepEqual(await signups(admin, fair), []);
	});

	it('a verified enterprise signs up: 201, pending, its own part in the fair, counted as pending', async () => {
		const r = await w.e1.client.post(`fairs/${fair.id}/signup`, { position_ids: [w.e1.p1.id], tables: 2, contact: '王经理 13800000000' });
		assert.equal(r.status, 201, `${r}`);
		assert.equal(r.json.fair.my_signup.status, 'pending');
		assert.equal(r.json.fair.my_signup.tables_needed, 2);
		assert.equal(r.json.fair.my_signup.positions, 1);
		const g = await getFair(admin, fair);
		assert.equal(g.pending_signups, 1);
		assert.equal(g.enterprises, 0);
		const [s] = await signups(admin, fair);
		assert.equal(s.enterprise_id, w.e1.id);
		assert.equal(s.status, 'pending');
		assert.equal(s.industry, '电气机械和器材制造业');
		assert.equal(s.positions, 1);
		assert.equal(s.tables_needed, 2);
	});

	it('signing up again while pending changes positions and tables: 200, still pending, one sign-up', async () => {
		const r = await w.e1.client.post(`fairs/${fair.id}/signup`, { position_ids: [w.e1.p1.id, w.e1.p2.id], tables: 3 });
		assert.equal(r.status, 200, `${r}`);
		const all = await signups(admin, fair);
		assert.equal(all.length, 1);
		assert.equal(all[0].status, 'pending');
		assert.equal(all[0].positions, 2);
		assert.equal(all[0].tables_needed, 3);
	});

	it('HR sees only their own sign-up; organisers see all, filtered by status', async () => {
		assert.equal((await w.e2.client.post(`fairs/${fair.id}/signup`, { position_ids: [w.e2.p1.id] })).status, 201);
		assert.deepEqual((await signups(w.e1.client, fair)).map((s) => s.enterprise_id), [w.e1.id]);
		assert.deepEqual((await signups(w.e2.client, fair)).map((s) => s.enterprise_id), [w.e2.id]);
		assert.deepEqual((await signups(w.e3.client, fair)), []);
		for (const c of [admin, w.staffH.client]) assert.deepEqual((await signups(c, fair)).map((s) => s.enterprise_id).sort(), [w.e1.id, w.e2.id].sort());
		assert.equal((await signups(admin, fair, '?status=approved')).length, 0);
		assert.equal((await signups(admin, fair, '?status=pending')).length, 2);
	});
});

describe('review', () => {
	let fair;
	before(async () => {
		fair = await createFair(w);
		await step(w, fair, 'signup');
		for (const e of [w.e1, w.e2, w.e3]) assert.equal((await e.client.post(`fairs/${fair.id}/signup`, { position_ids: [e.p1.id, e.p2.id] })).status, 201);
	});

	it('reject without a reason is 400 field reason; decision must be approve or reject', async () => {
		expectError(await review(fair, w.e2, 'reject'), 400, 'missing', 'reason');
		expectError(await review(fair, w.e2, 'maybe'), 400, 'invalid', 'decision');
		assert.equal((await signups(admin, fair, '?status=pending')).length, 3);
	});

	it('approve: counted as an enterprise with its positions; 409 when reviewed again', async () => {
		const r = await review(fair, w.e1, 'approve');
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.signup.status, 'approved');
		const g = await getFair(admin, fair);
		assert.equal(g.enterprises, 1);
		assert.equal(g.positions, 2);
		assert.equal(g.pending_signups, 2);
		expectError(await review(fair, w.e1, 'approve'), 409, 'conflict');
		expectError(await review(fair, w.e1, 'reject', '重复审核'), 409, 'conflict');
		assert.equal((await signups(admin, fair, '?status=approved'))[0].status, 'approved');
	});

	it('reject with a reason: HR sees status and reason; the positions do not count', async () => {
		const r = await review(fair, w.e2, 'reject', '行业不符合本场主题');
		assert.equal(r.status, 200, `${r}`);
		const mine = (await w.e2.client.get(`fairs/${fair.id}`)).json.fair.my_signup;
		assert.equal(mine.status, 'rejected');
		assert.equal(mine.reason, '行业不符合本场主题');
		const g = await getFair(admin, fair);
		assert.equal(g.enterprises, 1);
		assert.equal(g.positions, 2);
		expectError(await review(fair, w.e2, 'approve'), 409, 'conflict');
	});

	it('a rejected enterprise signing up again goes back to review (pending)', async () => {
		const r = await w.e2.client.post(`fairs/${fair.id}/signup`, { position_ids: [w.e2.p1.id] });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.fair.my_signup.status, 'pending');
		assert.equal((await review(fair, w.e2, 'approve')).status, 200);
	});

	it('an approved enterprise signing up again stays approved with the new positions', async () => {
		const r = await w.e1.client.post(`fairs/${fair.id}/signup`, { position_ids: [w.e1.p1.id], tables: 4 });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.fair.my_signup.status, 'approved');
		assert.equal(r.json.fair.my_signup.positions, 1);
		assert.equal(r.json.fair.my_signup.tables_needed, 4);
		assert.equal((await getFair(admin, fair)).positions, 2, 'e1 1 + e2 1');
	});

	it('an enterprise that did not sign up → 404; only the operator reviews (403)', async () => {
		expectError(await review(fair, w.e4, 'approve'), 404, 'not_found');
		for (const c of [w.staffH.client, w.e3.client, w.s1.client]) expectError(await c.post(`fairs/${fair.id}/signups/review`, { enterprise_id: w.e3.id, decision: 'approve' }), 403, 'forbidden');
		assert.equal((await signups(admin, fair, '?status=pending')).map((s) => s.enterprise_id).join(), String(w.e3.id));
	});

	it('withdraw frees the booth; signing up again needs a new review; nothing to withdraw → 404', async () => {
		assert.equal((await review(fair, w.e3, 'approve')).status, 200);
		assert.equal((await admin.post(`fairs/${fair.id}/booths/allocate`)).status, 200);
		const held = (await booths(admin, fair)).items.find((b) => b.enterprise_id === w.e3.id);
		assert.ok(held, 'e3 has a booth');
		const r = await w.e3.client.post(`fairs/${fair.id}/signup/withdraw`);
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.fair.my_signup.status, 'withdrawn');
		const after = await booths(admin, fair);
		assert.ok(!after.items.some((b) => b.enterprise_id === w.e3.id), 'booth freed');
		const same = after.items.find((b) => b.booth_no === held.booth_no);
		assert.equal(same.enterprise_id ?? null, null);
		assert.equal((await getFair(admin, fair)).enterprises, 2);
		expectError(await w.e3.client.post(`fairs/${fair.id}/signup/withdraw`), 404, 'not_found');
		expectError(await w.e4.client.post(`fairs/${fair.id}/signup/withdraw`), 404, 'not_found');
		const again = await w.e3.client.post(`fairs/${fair.id}/signup`, { position_ids: [w.e3.p1.id] });
		assert.equal(again.status, 200, `${again}`);
		assert.equal(again.json.fair.my_signup.status, 'pending');
		assert.equal(again.json.fair.my_signup.booth_no ?? null, null);
	});
});

describe('booths', () => {
	let fair;
	before(async () => {
		fair = await createFair(w, { booths: 8, zones: ['一号馆', '二号馆'] });
		await step(w, fair, 'signup');
		for (const e of w.ents) await signupApproved(w, fair, e, { tables: 2 });
	});

	it('allocation groups enterprises by industry section on consecutive booths; the rest are 机动', async () => {
		const r = await admin.post(`fairs/${fair.id}/booths/allocate`);
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.allocated, 4);
		const plan = await booths(w.s1.client, fair);
		assert.equal(plan.booths, 8);
		assert.deepEqual(plan.items.map((b) => b.booth_no), [1, 2, 3, 4, 5, 6, 7, 8]);
		const held = plan.items.filter((b) => b.enterprise_id);
		assert.equal(held.length, 4);
		// Each section's enterprises sit on consecutive booth numbers.
		const bySection = new Map();
		for (const e of w.ents) {
			const b = plan.items.find((x) => x.enterprise_id === e.id);
			assert.ok(b, `enterprise ${e.id} has a booth`);
			assert.equal(b.zone, e.industry.sectionName, 'zone is the industry section');
			assert.equal(b.tables, 2);
			assert.equal(b.positions, 2);
			assert.equal(b.waiting, 0);
			assert.equal(b.enterprise, e.org.name);
			if (!bySection.has(e.industry.section)) bySection.set(e.industry.section, []);
			bySection.get(e.industry.section).push(b.booth_no);
		}
		for (const [sec, nos] of bySection) {
			nos.sort((a, b) => a - b);
			assert.equal(nos.at(-1) - nos[0], nos.length - 1, `section ${sec} consecutive: ${nos}`);
		}
		assert.equal(bySection.get('C').length, 2);
		for (const b of plan.items.filter((x) => !x.enterprise_id)) assert.equal(b.zone, '机动');
		// Areas split the booth numbers evenly: 1–4 一号馆, 5–8 二号馆.
		for (const b of plan.items) assert.equal(b.area, b.booth_no <= 4 ? '一号馆' : '二号馆', `area of ${b.booth_no}`);
		// The enterprise sees its booth in its sign-up.
		const mine = (await w.e2.client.get(`fairs/${fair.id}`)).json.fair.my_signup;
		assert.equal(mine.booth_no, plan.items.find((b) => b.enterprise_id === w.e2.id).booth_no);
		assert.equal(mine.zone, INDUSTRY.software.sectionName);
	});

	it('move to a free booth, then onto an occupied one swaps (swapped_with)', async () => {
		const plan0 = await booths(admin, fair);
		const b1 = plan0.items.find((b) => b.enterprise_id === w.e1.id).booth_no;
		const b2 = plan0.items.find((b) => b.enterprise_id === w.e2.id).booth_no;
		let r = await admin.post(`fairs/${fair.id}/booths/move`, { enterprise_id: w.e1.id, booth_no: 8 });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.swapped_with, 0);
		let plan = await booths(admin, fair);
		assert.equal(plan.items.find((b) => b.booth_no === 8).enterprise_id, w.e1.id);
		assert.equal(plan.items.find((b) => b.booth_no === b1).enterprise_id ?? null, null, 'old booth freed');
		r = await admin.post(`fairs/${fair.id}/booths/move`, { enterprise_id: w.e1.id, booth_no: b2 });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.swapped_with, w.e2.id);
		plan = await booths(admin, fair);
		assert.equal(plan.items.find((b) => b.booth_no === b2).enterprise_id, w.e1.id);
		assert.equal(plan.items.find((b) => b.booth_no === 8).enterprise_id, w.e2.id);
		assert.equal(plan.items.filter((b) => b.enterprise_id).length, 4, 'still four enterprises, each once');
	});

	it('move refusals: no such booth (422 booth_no), an enterprise not approved (422 enterprise_id), non-operators 403', async () => {
		const before = await booths(admin, fair);
		expectError(await admin.post(`fairs/${fair.id}/booths/move`, { enterprise_id: w.e1.id, booth_no: 9 }), 422, 'rule', 'booth_no');
		// A college id stands for an organisation that never signed up.
		expectError(await admin.post(`fairs/${fair.id}/booths/move`, { enterprise_id: w.host.id, booth_no: 5 }), 422, 'rule', 'enterprise_id');
		for (const c of [w.staffH.client, w.e1.client, w.s1.client]) {
			expectError(await c.post(`fairs/${fair.id}/booths/move`, { enterprise_id: w.e1.id, booth_no: 5 }), 403, 'forbidden');
			expectError(await c.post(`fairs/${fair.id}/booths/allocate`), 403, 'forbidden');
		}
		assert.deepEqual(await booths(admin, fair), before);
	});

	it('the booth list export: organisers get an .xlsx with every booth; others 403', async () => {
		const plan = await booths(admin, fair);
		for (const c of [admin, w.staffH.client]) {
			const rows = expectXlsx(await c.get(`fairs/${fair.id}/booths/export`));
			assert.equal(rows[0][0], '展位号');
			assert.equal(rows.length, 1 + 8);
			for (const b of plan.items) {
				const row = rows.find((x) => Number(x[0]) === b.booth_no);
				assert.ok(row, `row for booth ${b.booth_no}`);
				assert.equal(row[1], b.zone);
				assert.equal(row[2] || '', b.enterprise || '');
			}
		}
		for (const c of [w.staffO.client, w.e1.client, w.s1.client]) expectError(await c.get(`fairs/${fair.id}/booths/export`), 403, 'forbidden');
	});

	it('more approved enterprises than booths → 422 booths, the plan unchanged', async () => {
		const small = await createFair(w, { booths: 3 });
		await step(w, small, 'signup');
		for (const e of w.ents) await signupApproved(w, small, e);
		expectError(await admin.post(`fairs/${small.id}/booths/allocate`), 422, 'rule', 'booths');
		assert.deepEqual((await booths(admin, small)).items, []);
		// Exactly as many booths as enterprises works once the fair has one more booth.
		const g = await getFair(admin, small);
		const edit = {};
		for (const k of ['kind', 'name', 'host_college_id', 'venue', 'starts_at', 'ends_at', 'capacity']) edit[k] = g[k];
		const r = await admin.post(`fairs/${small.id}`, { ...edit, booths: 4 });
		assert.equal(r.status, 200, `${r}`);
		assert.equal((await admin.post(`fairs/${small.id}/booths/allocate`)).status, 200);
		assert.equal((await booths(admin, small)).items.filter((b) => b.enterprise_id).length, 4);
	});

	it('the QR endpoint draws a booth sign as SVG; empty or over 500 bytes → 400 text', async () => {
		const r = await w.s1.client.get(`qr.svg?text=${encodeURIComponent(`skyway:fair:${fair.id}:booth:3`)}`);
		assert.equal(r.status, 200, `${r}`);
		assert.match(r.header('content-type'), /^image\/svg\+xml/);
		assert.match(r.text, /^(<\?xml[^>]*>\s*)?<svg[\s>]/);
		assert.match(r.text, /<\/svg>\s*$/);
		expectError(await w.s1.client.get('qr.svg'), 400, 'invalid', 'text');
		expectError(await w.s1.client.get(`qr.svg?text=${'a'.repeat(501)}`), 400, 'invalid', 'text');
	});
});
