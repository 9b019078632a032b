// 供需对接会: the lifecycle the operator steps through, joining (and who may), wishes
// (refusals naming the field), the timetable built by the interview scheduler (no college
// in two talks at once, an enterprise's tables as its capacity, mutual wishes first, held
// talks never moved by a re-plan), each side's outcome, and who sees which talks.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, makeCollege, makeEnterprise, uniq } from './harness.mjs';
import { makeCoopWorld, nowSec, startCoopServer } from './coop_lib.mjs';
import { makeHr, makeStaff } from './recruit_lib.mjs';

let srv;
let w;
let m;
let colleges; // [{org, client}] four colleges
let ents; // [{org, client}] three enterprises

before(async () => {
	srv = await startCoopServer();
	w = await makeCoopWorld(srv);
	colleges = [
		{ org: w.collegeA, client: w.staffA.client },
		{ org: w.collegeB, client: w.staffB.client },
	];
	for (let i = 0; i < 2; i++) {
		const org = await makeCollege(w.admin, { name: `清远工贸职业技术学校${uniq('')}` });
		colleges.push({ org, client: (await makeStaff(srv, w.admin, org)).client });
	}
	ents = [
		{ org: w.entA, client: w.hrA.client },
		{ org: w.entB, client: w.hrB.client },
	];
	const e3 = await makeEnterprise(w.admin, { name: `清远精密制造${uniq('')}有限公司` });
	ents.push({ org: e3, client: (await makeHr(srv, w.admin, e3)).client });
});
after(() => srv?.stop());

const body = (over = {}) => ({
	name: `2025年秋季校企人才供需对接会${uniq('')}`,
	venue: '清远市人才服务中心 一楼大厅',
	starts_at: nowSec() + 86400,
	ends_at: nowSec() + 86400 + 3 * 3600,
	slot_minutes: 30,
	...over,
});
const step = async (id, to) => {
	const r = await w.admin.post(`coop/meetings/${id}/status`, { to });
	assert.equal(r.status, 200, `${r}`);
	return r.json.meeting;
};

describe('the meeting', () => {
	it('the operator creates a draft that only the operator sees', async () => {
		const r = await w.admin.post('coop/meetings', body());
		assert.equal(r.status, 201, `${r}`);
		m = r.json.meeting;
		assert.equal(m.status, 'draft');
		assert.equal(m.status_label, '草稿');
		assert.deepEqual(m.parties, []);
		assert.equal(m.mine.joined, false);
		expectError(await w.staffA.client.get(`coop/meetings/${m.id}`), 404, 'not_found');
		assert.ok(!(await w.hrA.client.get('coop/meetings')).json.items.some((x) => x.id === m.id));
		expectError(await w.admin.post('coop/meetings', body({ ends_at: nowSec() })), 400, 'invalid', 'ends_at');
		expectError(await w.admin.post('coop/meetings', body({ slot_minutes: 4 })), 400, 'invalid', 'slot_minutes');
		expectError(await w.hrA.client.post('coop/meetings', body()), 403, 'forbidden');
	});

	it('steps one at a time; cancelled only before finished; joining only while open', async () => {
		expectError(await w.staffA.client.post(`coop/meetings/${m.id}/join`), 404, 'not_found');
		expectError(await w.admin.post(`coop/meetings/${m.id}/status`, { to: 'closed' }), 422, 'rule', 'to');
		expectError(await w.admin.post(`coop/meetings/${m.id}/status`, { to: 'later' }), 400, 'invalid', 'to');
		await step(m.id, 'open');
		assert.ok((await w.hrA.client.get('coop/meetings')).json.items.some((x) => x.id === m.id));
		const other = (await w.admin.post('coop/meetings', body())).json.meeting;
		await step(other.id, 'cancelled');
		expectError(await w.admin.post(`coop/meetings/${other.id}/status`, { to: 'open' }), 422, 'rule', 'to');
	});

	it('colleges and enterprises join (tables for an enterprise); a pending enterprise cannot', async () => {
		for (const c of colleges) {
			const r = await c.client.post(`coop/meetings/${m.id}/join`, { tables: 3 });
			assert.equal(r.status, 200, `${r}`);
			assert.equal(r.json.meeting.mine.tables, 1, 'a college sends one group');
		}
		assert.equal((await ents[0].client.post(`coop/meetings/${m.id}/join`, { tables: 2 })).json.meeting.mine.tables, 2);
		assert.equal((await ents[1].client.post(`coop/meetings/${m.id}/join`)).status, 200);
		// The operator adds the third enterprise.
		const r = await w.admin.post(`coop/meetings/${m.id}/join`, { org_id: ents[2].org.id, tables: 1 });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.meeting.colleges, 4);
		assert.equal(r.json.meeting.enterprises, 3);
		expectError(await w.pendingHr.post(`coop/meetings/${m.id}/join`), 403, 'org_not_approved');
		expectError(await w.hrA.client.post(`coop/meetings/${m.id}/join`, { org_id: w.entB.id }), 403, 'forbidden', 'org_id');
		expectError(await w.admin.post(`coop/meetings/${m.id}/join`), 400, 'invalid', 'org_id');
	});
});

describe('wishes and the timetable', () => {
	it('wishes name parties of the other kind, once each, priority 1-9', async () => {
		const url = `coop/meetings/${m.id}/wishes`;
		expectError(await ents[0].client.post(url, { wishes: [{ org_id: ents[1].org.id, priority: 1 }] }), 400, 'invalid', 'wishes');
		expectError(await ents[0].client.post(url, { wishes: [{ org_id: colleges[0].org.id, priority: 10 }] }), 400, 'invalid', 'wishes');
		expectError(await ents[0].client.post(url, { wishes: [{ org_id: colleges[0].org.id, priority: 1 }, { org_id: colleges[0].org.id, priority: 2 }] }), 400, 'invalid', 'wishes');
		expectError(await ents[0].client.post(url, {}), 400, 'missing', 'wishes');
		expectError(await w.pendingHr.post(url, { wishes: [] }), 403, 'forbidden');
		// Enterprise A (2 tables) wants every college; B wants colleges 0 and 1; the third, college 0.
		let r = await ents[0].client.post(url, { wishes: colleges.map((c, i) => ({ org_id: c.org.id, priority: i + 1, note: '重点招聘机电专业' })) });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.items.length, 4);
		await ents[1].client.post(url, { wishes: [{ org_id: colleges[0].org.id, priority: 1 }, { org_id: colleges[1].org.id, priority: 2 }] });
		await ents[2].client.post(url, { wishes: [{ org_id: colleges[0].org.id, priority: 3 }] });
		// College 0 wants the third enterprise most (a mutual wish); college 3 wants enterprise B.
		await colleges[0].client.post(url, { wishes: [{ org_id: ents[2].org.id, priority: 1 }] });
		await colleges[3].client.post(url, { wishes: [{ org_id: ents[1].org.id, priority: 1 }] });
		// College 1 wants enterprise B too: mutual there, ahead of B's one-sided wishes.
		await colleges[1].client.post(url, { wishes: [{ org_id: ents[1].org.id, priority: 1 }] });
		// Each party sees the wishes from and to it; the operator all.
		r = await colleges[0].client.get(url);
		assert.ok(r.json.items.every((x) => x.from_org === colleges[0].org.id || x.to_org === colleges[0].org.id));
		assert.equal(r.json.items.length, 4);
		assert.equal((await w.admin.get(url)).json.items.length, 10);
	});

	it('the scheduler plans every talk: no college in two at once, tables respected, mutual first', async () => {
		expectError(await w.staffA.client.post(`coop/meetings/${m.id}/schedule`), 403, 'forbidden');
		const r = await w.admin.post(`coop/meetings/${m.id}/schedule`);
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.requests, 8); // 4 + 2 + 1 pairs, college 3 → B is new: 8 distinct pairs
		assert.equal(r.json.slots, 6);
		assert.equal(r.json.placed, 8);
		const talks = (await w.admin.get(`coop/meetings/${m.id}/talks`)).json.items;
		assert.equal(talks.length, 8);
		const at = new Map();
		for (const t of talks) {
			assert.equal(t.status, 'scheduled');
			assert.equal(t.ends_at - t.starts_at, 1800);
			const key = `c${t.college_id}@${t.slot}`;
			assert.ok(!at.has(key), `college ${t.college_id} twice in slot ${t.slot}`);
			at.set(key, t);
			const sameEnt = talks.filter((x) => x.enterprise_id === t.enterprise_id && x.slot === t.slot).length;
			assert.ok(sameEnt <= (t.enterprise_id === ents[0].org.id ? 2 : 1), 'an enterprise holds its tables at most');
		}
		const mutual = talks.find((t) => t.enterprise_id === ents[1].org.id && t.college_id === colleges[1].org.id);
		assert.equal(mutual.mutual, 1);
		assert.equal(mutual.priority, 1);
		const others = talks.filter((t) => t.enterprise_id === ents[1].org.id && t.id !== mutual.id);
		assert.equal(others.length, 2);
		for (const t of others) {
			assert.equal(t.mutual, 0);
			assert.ok(t.priority > 10, 'one-sided wishes come after mutual ones');
			assert.ok(t.slot > mutual.slot, 'the mutual wish comes first at its one table');
		}
		assert.equal(talks.find((t) => t.enterprise_id === ents[2].org.id).mutual, 1);
	});

	it('each party sees its own talks only', async () => {
		const mine = (await colleges[1].client.get(`coop/meetings/${m.id}/talks`)).json.items;
		assert.ok(mine.length > 0 && mine.every((t) => t.college_id === colleges[1].org.id));
		const theirs = (await ents[2].client.get(`coop/meetings/${m.id}/talks`)).json.items;
		assert.ok(theirs.every((t) => t.enterprise_id === ents[2].org.id));
		assert.deepEqual((await w.pendingHr.get(`coop/meetings/${m.id}/talks`)).json.items, [], 'not a party: none');
	});
});

describe('outcomes', () => {
	it('recorded on the day (closed or finished), one side each; the operator names the side', async () => {
		const talks = (await w.admin.get(`coop/meetings/${m.id}/talks`)).json.items;
		const t = talks.find((x) => x.enterprise_id === ents[0].org.id && x.college_id === colleges[0].org.id);
		const url = `coop/meetings/${m.id}/outcome`;
		expectError(await ents[0].client.post(url, { talk_id: t.id, interest: 'high' }), 409, 'conflict', 'status');
		await step(m.id, 'closed');
		expectError(await ents[0].client.post(`coop/meetings/${m.id}/wishes`, { wishes: [] }), 409, 'conflict', 'status');
		expectError(await ents[0].client.post(url, { talk_id: t.id, interest: 'very' }), 400, 'invalid', 'interest');
		let r = await ents[0].client.post(url, { talk_id: t.id, interest: 'high', next_step: '两周内到校签订订单班协议' });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.talk.status, 'held');
		assert.equal(r.json.talk.enterprise_interest, 'high');
		assert.equal(r.json.talk.college_interest, null);
		r = await colleges[0].client.post(url, { talk_id: t.id, interest: 'medium' });
		assert.equal(r.json.talk.college_interest, 'medium');
		assert.equal(r.json.talk.next_step, '两周内到校签订订单班协议', 'kept when not given');
		expectError(await ents[1].client.post(url, { talk_id: t.id, interest: 'low' }), 404, 'not_found');
		expectError(await w.admin.post(url, { talk_id: t.id, interest: 'low' }), 400, 'invalid', 'side');
		assert.equal((await w.admin.post(url, { talk_id: t.id, interest: 'low', side: 'college' })).json.talk.college_interest, 'low');
	});

	it('a re-plan keeps held talks where they were; a finished meeting is not planned again', async () => {
		const before = (await w.admin.get(`coop/meetings/${m.id}/talks`)).json.items;
		const held = before.find((t) => t.status === 'held');
		const r = await w.admin.post(`coop/meetings/${m.id}/schedule`);
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.placed, 8);
		const after = (await w.admin.get(`coop/meetings/${m.id}/talks`)).json.items;
		const again = after.find((t) => t.id === held.id);
		assert.equal(again.slot, held.slot);
		assert.equal(again.status, 'held');
		assert.equal(again.enterprise_interest, 'high', 'outcomes stay');
		await step(m.id, 'finished');
		expectError(await w.admin.post(`coop/meetings/${m.id}/schedule`), 409, 'conflict', 'status');
		assert.equal((await w.admin.get(`coop/meetings/${m.id}`)).json.meeting.talks_held, 1);
	});

	it('on an open meeting a re-plan after a wish is withdrawn cancels that talk but keeps held ones', async () => {
		const r = await w.admin.post('coop/meetings', body());
		const m2 = r.json.meeting;
		await step(m2.id, 'open');
		for (const p of [colleges[0], ents[0]]) await p.client.post(`coop/meetings/${m2.id}/join`);
		await ents[0].client.post(`coop/meetings/${m2.id}/wishes`, { wishes: [{ org_id: colleges[0].org.id, priority: 1 }] });
		assert.equal((await w.admin.post(`coop/meetings/${m2.id}/schedule`)).json.placed, 1);
		await ents[0].client.post(`coop/meetings/${m2.id}/wishes`, { wishes: [] });
		const s = await w.admin.post(`coop/meetings/${m2.id}/schedule`);
		assert.equal(s.json.requests, 0);
		assert.deepEqual((await w.admin.get(`coop/meetings/${m2.id}/talks`)).json.items, [], 'a cancelled talk is not listed');
	});
});
