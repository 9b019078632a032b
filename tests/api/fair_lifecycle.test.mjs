// Job fairs: creating one (every validation error names its field), the status steps and
// the refused ones, editing rules, the history of steps, drafts visible to organisers only,
// and the list with its status filter.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError } from './harness.mjs';
import { createFair, fairBody, getFair, makeFairWorld, nowSec, startFairServer, step } from './fair_lib.mjs';

let srv;
let w;
let admin;

before(async () => {
	srv = await startFairServer();
	w = await makeFairWorld(srv);
	admin = w.admin;
});
after(() => srv?.stop());

const listIds = async (client, qs = '') => {
	const r = await client.get(`fairs${qs}`);
	assert.equal(r.status, 200, `${r}`);
	return r.json.items.map((f) => f.id);
};

describe('creating a fair', () => {
	it('the operator creates a draft: 201 with every field, defaults, label and counts', async () => {
		const body = fairBody(w, {
			kind: 'session',
			zones: ['A馆', 'B馆'],
			eligible_colleges: [w.host.id, w.other.id],
			eligible_majors: ['4603'],
			eligible_years: [2026],
			description: '专场宣讲',
		});
		const before = await listIds(admin);
		const r = await admin.post('fairs', body);
		assert.equal(r.status, 201, `${r}`);
		const f = r.json.fair;
		assert.equal(typeof f.id, 'number');
		assert.ok(!before.includes(f.id));
		for (const k of ['kind', 'name', 'host_college_id', 'venue', 'starts_at', 'ends_at', 'booths', 'capacity', 'description']) assert.deepEqual(f[k], body[k], k);
		assert.deepEqual(f.zones, ['A馆', 'B馆']);
		assert.deepEqual(f.eligible_colleges, [w.host.id, w.other.id]);
		assert.deepEqual(f.eligible_majors, ['4603']);
		assert.deepEqual(f.eligible_years, [2026]);
		assert.equal(f.host_college, w.host.name);
		assert.equal(f.ticket_limit, 3);
		assert.equal(f.slot_minutes, 20);
		assert.equal(f.gap_minutes, 10);
		assert.equal(f.status, 'draft');
		assert.equal(f.status_label, '草稿');
		for (const k of ['enterprises', 'pending_signups', 'positions', 'registered', 'entered']) assert.equal(f[k], 0, k);
		const g = await getFair(admin, f);
		assert.equal(g.name, body.name);
		assert.equal(g.history.length, 1);
		assert.equal(g.history[0].to_status, 'draft');
		assert.equal(g.history[0].from_status ?? null, null);
		assert.equal(g.history[0].actor, '管理员');
	});

	it('empty eligibility lists and omitted optional fields: no restriction, defaults kept', async () => {
		const f = await createFair(w, { ticket_limit: 20, slot_minutes: 5, gap_minutes: 0 });
		assert.deepEqual(f.zones, []);
		assert.deepEqual(f.eligible_colleges, []);
		assert.equal(f.ticket_limit, 20);
		assert.equal(f.slot_minutes, 5);
		assert.equal(f.gap_minutes, 0);
	});

	const bad = [
		['kind missing', { kind: undefined }, 'missing', 'kind'],
		['kind unknown', { kind: 'party' }, 'invalid', 'kind'],
		['name missing', { name: undefined }, 'missing', 'name'],
		['name 1 character', { name: '会' }, 'invalid', 'name'],
		['name 81 characters', { name: '会'.repeat(81) }, 'invalid', 'name'],
		['name a number', { name: 12345 }, 'invalid', 'name'],
		['venue missing', { venue: undefined }, 'missing', 'venue'],
		['host_college_id missing', { host_college_id: undefined }, 'missing', 'host_college_id'],
		['host_college_id unknown', { host_college_id: 99999999 }, 'invalid', 'host_college_id'],
		['host_college_id an enterprise', { host_college_id: 'E1' }, 'invalid', 'host_college_id'],
		['starts_at missing', { starts_at: undefined }, 'missing', 'starts_at'],
		['ends_at missing', { ends_at: undefined }, 'missing', 'ends_at'],
		['ends_at before starts_at', { ends_at: 'START-60' }, 'invalid', 'ends_at'],
		['ends_at equal to starts_at', { ends_at: 'START' }, 'invalid', 'ends_at'],
		['ends_at more than 7 days after the start', { ends_at: 'START+7d+1' }, 'invalid', 'ends_at'],
		['ends_at in the past', { starts_at: 'NOW-7200', ends_at: 'NOW-60' }, 'invalid', 'ends_at'],
		['booths 0', { booths: 0 }, 'invalid', 'booths'],
		['booths 2001', { booths: 2001 }, 'invalid', 'booths'],
		['booths a string', { booths: '10' }, 'invalid', 'booths'],
		['capacity missing', { capacity: undefined }, 'missing', 'capacity'],
		['capacity 0', { capacity: 0 }, 'invalid', 'capacity'],
		['ticket_limit 0', { ticket_limit: 0 }, 'invalid', 'ticket_limit'],
		['ticket_limit 21', { ticket_limit: 21 }, 'invalid', 'ticket_limit'],
		['slot_minutes 4', { slot_minutes: 4 }, 'invalid', 'slot_minutes'],
		['slot_minutes 121', { slot_minutes: 121 }, 'invalid', 'slot_minutes'],
		['gap_minutes -1', { gap_minutes: -1 }, 'invalid', 'gap_minutes'],
		['gap_minutes 121', { gap_minutes: 121 }, 'invalid', 'gap_minutes'],
		['zones not an array', { zones: 'A馆' }, 'invalid', 'zones'],
		['eligible_colleges an unknown college', { eligible_colleges: [99999999] }, 'invalid', 'eligible_colleges'],
		['eligible_colleges an enterprise', { eligible_colleges: ['E1'] }, 'invalid', 'eligible_colleges'],
		['eligible_majors an unknown code', { eligible_majors: ['999999'] }, 'invalid', 'eligible_majors'],
		['eligible_years 1999', { eligible_years: [1999] }, 'invalid', 'eligible_years'],
		['an unknown field', { colour: 'red' }, 'unknown_field', 'colour'],
	];
	for (const [what, over, code, field] of bad) {
		it(`400 ${code} field ${field}: ${what}; nothing created`, async () => {
			const body = fairBody(w);
			const now = nowSec();
			for (const [k, v] of Object.entries(over)) {
				if (v === undefined) delete body[k];
				else if (v === 'E1') body[k] = k === 'host_college_id' ? w.e1.id : [w.e1.id];
				else if (v === 'START-60') body[k] = body.starts_at - 60;
				else if (v === 'START') body[k] = body.starts_at;
				else if (v === 'START+7d+1') body[k] = body.starts_at + 7 * 86400 + 1;
				else if (v === 'NOW-7200') body[k] = now - 7200;
				else if (v === 'NOW-60') body[k] = now - 60;
				else body[k] = v;
			}
			const before = await listIds(admin);
			expectError(await admin.post('fairs', body), 400, code, field);
			assert.deepEqual(await listIds(admin), before);
		});
	}

	it('exactly 7 days long and booths 2000 are accepted (the bounds are inclusive)', async () => {
		const now = nowSec();
		const f = await createFair(w, { starts_at: now + 60, ends_at: now + 60 + 7 * 86400, booths: 2000 });
		assert.equal(f.booths, 2000);
	});

	it('only the operator creates fairs (403 for college staff, HR, students), nothing created', async () => {
		const before = await listIds(admin);
		for (const c of [w.staffH.client, w.e1.client, w.s1.client]) expectError(await c.post('fairs', fairBody(w)), 403, 'forbidden');
		expectError(await srv.client().post('fairs', fairBody(w)), 401, 'unauthenticated');
		assert.deepEqual(await listIds(admin), before);
	});
});

describe('status steps', () => {
	let fair;
	before(async () => {
		fair = await createFair(w);
	});

	it('a step that is not the next one is 422 field to, status unchanged', async () => {
		for (const to of ['signup_closed', 'live', 'finished', 'draft']) {
			expectError(await admin.post(`fairs/${fair.id}/status`, { to }), 422, 'rule', 'to');
			assert.equal((await getFair(admin, fair)).status, 'draft');
		}
	});

	it('an unknown status is 400 field to; a missing one 400 missing', async () => {
		expectError(await admin.post(`fairs/${fair.id}/status`, { to: 'paused' }), 400, 'invalid', 'to');
		expectError(await admin.post(`fairs/${fair.id}/status`, {}), 400, 'missing', 'to');
		assert.equal((await getFair(admin, fair)).status, 'draft');
	});

	it('draft → signup → signup_closed → live → finished, with labels and a history entry per step', async () => {
		const labels = { signup: '报名中', signup_closed: '报名截止', live: '进行中', finished: '已结束' };
		const t0 = nowSec();
		let prev = 'draft';
		for (const to of ['signup', 'signup_closed', 'live', 'finished']) {
			// Skipping ahead is refused at every step.
			const skip = { signup: 'live', signup_closed: 'finished', live: 'signup', finished: 'signup_closed' }[to];
			expectError(await admin.post(`fairs/${fair.id}/status`, { to: skip }), 422, 'rule', 'to');
			const f = await step(w, fair, to);
			assert.equal(f.status_label, labels[to]);
			const g = await getFair(w.s1.client, fair);
			assert.equal(g.status, to, 'every role sees the new status');
			assert.equal(g.status_label, labels[to]);
			const last = g.history.at(-1);
			assert.equal(last.from_status, prev);
			assert.equal(last.to_status, to);
			assert.ok(last.at >= t0 - 1 && last.at <= nowSec() + 1);
			assert.equal(last.actor, '管理员');
			prev = to;
		}
		const g = await getFair(admin, fair);
		assert.deepEqual(
			g.history.map((h) => h.to_status),
			['draft', 'signup', 'signup_closed', 'live', 'finished'],
		);
	});

	it('finished is final: no further step, not even cancel', async () => {
		for (const to of ['cancelled', 'live', 'draft']) expectError(await admin.post(`fairs/${fair.id}/status`, { to }), 422, 'rule', 'to');
		const g = await getFair(admin, fair);
		assert.equal(g.status, 'finished');
		assert.equal(g.history.length, 5);
	});

	it('cancel from every step before finished; cancelled is final', async () => {
		const path = ['signup', 'signup_closed', 'live'];
		for (let k = 0; k <= path.length; k++) {
			const f = await createFair(w);
			if (k) await step(w, f, ...path.slice(0, k));
			const c = await step(w, f, 'cancelled');
			assert.equal(c.status_label, '已取消');
			expectError(await admin.post(`fairs/${f.id}/status`, { to: 'signup' }), 422, 'rule', 'to');
			expectError(await admin.post(`fairs/${f.id}/status`, { to: 'cancelled' }), 422, 'rule', 'to');
			assert.equal((await getFair(admin, f)).history.length, k + 2);
		}
	});

	it('only the operator moves a fair (403 for host college staff, HR, students); 404 for an unknown fair', async () => {
		const f = await createFair(w);
		for (const c of [w.staffH.client, w.e1.client, w.s1.client]) expectError(await c.post(`fairs/${f.id}/status`, { to: 'signup' }), 403, 'forbidden');
		assert.equal((await getFair(admin, f)).status, 'draft');
		expectError(await admin.post('fairs/99999999/status', { to: 'signup' }), 404, 'not_found');
	});
});

describe('editing', () => {
	it('the operator edits a draft, sign-up and sign-up-closed fair (whole body); not once live', async () => {
		const f = await createFair(w);
		for (const st of [null, 'signup', 'signup_closed']) {
			if (st) await step(w, f, st);
			const body = fairBody(w, { name: `改名后的招聘会${st}`, booths: 12, capacity: 7, zones: ['东区'] });
			const r = await admin.post(`fairs/${f.id}`, body);
			assert.equal(r.status, 200, `${r}`);
			const g = await getFair(admin, f);
			assert.equal(g.name, body.name);
			assert.equal(g.booths, 12);
			assert.equal(g.capacity, 7);
			assert.deepEqual(g.zones, ['东区']);
			assert.equal(g.status, st || 'draft', 'editing does not move the status');
		}
		await step(w, f, 'live');
		const before = await getFair(admin, f);
		expectError(await admin.post(`fairs/${f.id}`, fairBody(w, { name: '直播中改名' })), 422, 'rule', 'status');
		const afterEdit = await getFair(admin, f);
		assert.equal(afterEdit.name, before.name);
		assert.equal(afterEdit.updated_at, before.updated_at);
	});

	it('an edit is validated like a create (field named), nothing changed', async () => {
		const f = await createFair(w);
		expectError(await admin.post(`fairs/${f.id}`, fairBody(w, { booths: 0 })), 400, 'invalid', 'booths');
		expectError(await admin.post(`fairs/${f.id}`, { name: '只改名字' }), 400, 'missing');
		const g = await getFair(admin, f);
		assert.equal(g.name, f.name);
		assert.equal(g.booths, f.booths);
	});

	it('booths cannot drop below an allocated booth (422 booths); at or above it is fine', async () => {
		const f = await createFair(w, { booths: 10 });
		await step(w, f, 'signup');
		for (const e of w.ents) {
			assert.equal((await e.client.post(`fairs/${f.id}/signup`, { position_ids: [e.p1.id] })).status, 201);
			assert.equal((await admin.post(`fairs/${f.id}/signups/review`, { enterprise_id: e.id, decision: 'approve' })).status, 200);
		}
		assert.equal((await admin.post(`fairs/${f.id}/booths/allocate`)).status, 200);
		// Move one enterprise to booth 8: the highest allocated booth is now 8.
		assert.equal((await admin.post(`fairs/${f.id}/booths/move`, { enterprise_id: w.e4.id, booth_no: 8 })).status, 200);
		expectError(await admin.post(`fairs/${f.id}`, fairBody(w, { name: f.name, booths: 7 })), 422, 'rule', 'booths');
		assert.equal((await getFair(admin, f)).booths, 10);
		const r = await admin.post(`fairs/${f.id}`, fairBody(w, { name: f.name, booths: 8 }));
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.fair.booths, 8);
	});

	it('only the operator edits (403 for host staff, HR, student), nothing changed', async () => {
		const f = await createFair(w);
		for (const c of [w.staffH.client, w.e1.client, w.s1.client]) expectError(await c.post(`fairs/${f.id}`, fairBody(w, { name: '越权修改' })), 403, 'forbidden');
		assert.equal((await getFair(admin, f)).name, f.name);
	});
});

describe('visibility', () => {
	let draft;
	let open;
	before(async () => {
		draft = await createFair(w, { name: `草稿招聘会${nowSec()}` });
		open = await createFair(w);
		await step(w, open, 'signup');
	});

	it('a draft is 404 to HR, students and another college; seen by the operator and the host college', async () => {
		for (const c of [w.e1.client, w.s1.client, w.staffO.client]) {
			expectError(await c.get(`fairs/${draft.id}`), 404, 'not_found');
			expectError(await c.get(`fairs/${draft.id}/booths`), 404, 'not_found');
			assert.ok(!(await listIds(c)).includes(draft.id), 'not in the list either');
		}
		for (const c of [admin, w.staffH.client]) {
			assert.equal((await c.get(`fairs/${draft.id}`)).status, 200);
			assert.ok((await listIds(c)).includes(draft.id));
		}
	});

	it('a draft refuses sign-up and registration as not found (nothing written)', async () => {
		expectError(await w.e1.client.post(`fairs/${draft.id}/signup`, { position_ids: [w.e1.p1.id] }), 404, 'not_found');
		expectError(await w.s1.client.post(`fairs/${draft.id}/register`), 404, 'not_found');
		const g = await getFair(admin, draft);
		assert.equal(g.pending_signups, 0);
		assert.equal(g.registered, 0);
	});

	it('a fair open for sign-up is seen by everyone; the list filters by status, newest first', async () => {
		for (const c of [w.e1.client, w.s1.client, w.staffO.client]) assert.ok((await listIds(c)).includes(open.id));
		const signup = await admin.get('fairs?status=signup');
		assert.equal(signup.status, 200);
		assert.ok(signup.json.items.length >= 1);
		assert.ok(signup.json.items.every((f) => f.status === 'signup'));
		assert.ok(signup.json.items.some((f) => f.id === open.id));
		const starts = (await admin.get('fairs')).json.items.map((f) => f.starts_at);
		assert.deepEqual(starts, [...starts].sort((a, b) => b - a));
		expectError(await admin.get('fairs?status=paused'), 400, 'invalid', 'status');
	});

	it('lists and GET add the caller\'s own part: a student\'s eligibility and registration, HR\'s sign-up', async () => {
		const s = (await w.s1.client.get(`fairs/${open.id}`)).json.fair;
		assert.equal(s.my_registration, null);
		assert.equal(s.eligible, true);
		assert.equal(s.ineligible_reason, null);
		const h = (await w.e1.client.get(`fairs/${open.id}`)).json.fair;
		assert.equal(h.my_signup, null);
		const item = (await w.s1.client.get('fairs')).json.items.find((f) => f.id === open.id);
		assert.equal(item.eligible, true);
		assert.ok('my_registration' in item);
	});

	it('an unknown fair is 404 for everyone, a bad id 400 or 404', async () => {
		expectError(await admin.get('fairs/99999999'), 404, 'not_found');
		const r = await admin.get('fairs/abc');
		assert.ok(r.status === 400 || r.status === 404, `${r}`);
	});
});
