// Service cases and their clocks (issue 13), through the API on a real server: items, the
// state machine of service.h step by step with every refusal, 容缺 with its limits, 补正
// within 5 working days (and what happens after), pauses that keep the remaining days,
// 帮办代办, materials as files, colours for today, escalation to the department head.
// Expected dates come from tests/lib/workdays.mjs (the calendar file, walked day by day).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { expectError, uniq } from './harness.mjs';
import {
	Calendar,
	PDF,
	PNG,
	backdatedCase,
	chinaToday,
	makeItem,
	makeServicesWorld,
	plusDays,
	startServicesServer,
	submittedCase,
	upload,
} from './services_lib.mjs';

let srv;
let w;
const cal = Calendar.shipped();
const T = chinaToday();
/** The working day k working days before today (k > 0). */
const workBefore = (k) => cal.add(T, -k);

before(async () => {
	srv = await startServicesServer();
	w = await makeServicesWorld(srv);
});
after(() => srv?.stop());

const get = async (client, id) => {
	const r = await client.get(`services/cases/${id}`);
	assert.equal(r.status, 200, `${r}`);
	return r.json.case;
};
const step = (client, id, name, body = {}) => client.post(`services/cases/${id}/${name}`, body);

describe('items', () => {
	it('an officer creates and edits items; HR see the active ones', async () => {
		const item = await makeItem(w.officer.client, w.depA.id, { departments: [w.depB.id] });
		assert.equal(item.statutory_days, 20);
		assert.equal(item.committed_days, 5);
		assert.deepEqual(item.materials.map((m) => [m.name, m.required, m.tolerable]), [
			['申请表', true, false],
			['营业执照副本', true, true],
			['补充说明', false, false],
		]);
		assert.deepEqual(item.departments.map((d) => d.id), [w.depB.id]);
		let r = await w.hrA.client.get('services/items');
		assert.equal(r.status, 200);
		assert.ok(r.json.items.some((i) => i.id === item.id));
		// retire it: HR no longer see it, officers still do with ?status=all
		r = await w.officer.client.post(`services/items/${item.id}`, { status: 'retired' });
		assert.equal(r.status, 200, `${r}`);
		r = await w.hrA.client.get('services/items');
		assert.ok(!r.json.items.some((i) => i.id === item.id));
		expectError(await w.hrA.client.get(`services/items/${item.id}`), 404, 'not_found');
		r = await w.officer.client.get('services/items?status=all');
		assert.ok(r.json.items.some((i) => i.id === item.id && i.status === 'retired'));
		// a retired item takes no case
		expectError(await w.hrA.client.post('services/cases', { item_id: item.id }), 400, 'invalid', 'item_id');
	});

	it('refuses bad items, naming the field', async () => {
		const c = w.officer.client;
		const base = { code: uniq('SX'), name: '测试事项', department_id: w.depA.id, statutory_days: 20, committed_days: 5 };
		expectError(await c.post('services/items', { ...base, committed_days: 30 }), 400, 'invalid', 'committed_days');
		expectError(await c.post('services/items', { ...base, statutory_days: 0 }), 400, 'invalid', 'statutory_days');
		expectError(await c.post('services/items', { ...base, department_id: 999999 }), 400, 'invalid', 'department_id');
		expectError(await c.post('services/items', { ...base, materials: [{ name: '说明', required: false, tolerable: true }] }), 400, 'invalid', 'materials');
		expectError(await c.post('services/items', { ...base, name: undefined }), 400, 'missing', 'name');
		expectError(await c.post('services/items', { ...base, colour: 'red' }), 400, 'unknown_field', 'colour');
		const first = await c.post('services/items', base);
		assert.equal(first.status, 201);
		expectError(await c.post('services/items', base), 409, 'conflict', 'code');
		expectError(await w.hrA.client.post('services/items', { ...base, code: uniq('SX') }), 403, 'forbidden');
	});
});

describe('a case from draft to done', () => {
	it('submit, upload, 容缺受理, the pending material, finish; the clock all the way', async () => {
		const [m1, m2, m3] = w.item.materials;
		let r = await w.hrA.client.post('services/cases', { item_id: w.item.id, title: '环评登记（华粤）' });
		assert.equal(r.status, 201, `${r}`);
		let c = r.json.case;
		assert.equal(c.status, 'draft');
		assert.equal(c.clock.state, 'none');
		assert.deepEqual(c.actions.sort(), ['submit', 'upload', 'withdraw']);
		assert.equal(c.applicant.org_id, w.entA.id);
		assert.equal(c.applicant.kind, 'enterprise');
		assert.equal(c.applicant.project_ref, null);

		c = (await step(w.hrA.client, c.id, 'submit')).json.case;
		assert.equal(c.status, 'received');
		assert.equal(c.clock.state, 'deciding');
		assert.equal(c.clock.received_on, T);
		assert.equal(c.clock.decide_by, cal.add(T, 5));
		assert.equal(c.clock.deadline, cal.add(T, 5), 'the deadline deeming on receipt would give');

		r = await upload(w.hrA.client, c.id, m1.id);
		assert.equal(r.status, 201, `${r}`);
		assert.equal(r.json.file.mime, 'application/pdf');
		assert.equal(r.json.file.sha256, crypto.createHash('sha256').update(PDF).digest('hex'));
		c = await get(w.officer.client, c.id);
		assert.equal(c.materials.find((m) => m.id === m1.id).state, 'uploaded');
		assert.equal(c.materials.find((m) => m.id === m2.id).state, 'missing');
		assert.ok(c.actions.includes('accept') && c.actions.includes('correction'));

		// a plain acceptance needs every required material
		expectError(await step(w.officer.client, c.id, 'accept'), 422, 'rule', 'missing');
		// 容缺 names exactly the missing required ones, each 容缺-able
		expectError(await step(w.officer.client, c.id, 'accept', { missing: [m1.id, m2.id] }), 422, 'rule', 'missing');
		expectError(await step(w.officer.client, c.id, 'accept', { missing: [m3.id] }), 422, 'rule', 'missing');
		const latest = cal.add(T, 5);
		expectError(await step(w.officer.client, c.id, 'accept', { missing: [m2.id], tolerant_due: plusDays(latest, 1) }), 422, 'rule', 'tolerant_due');
		expectError(await step(w.officer.client, c.id, 'accept', { missing: [m2.id], tolerant_due: plusDays(T, -1) }), 422, 'rule', 'tolerant_due');
		const before = await get(w.officer.client, c.id);

		r = await step(w.officer.client, c.id, 'accept', { missing: [m2.id] });
		assert.equal(r.status, 200, `${r}`);
		c = r.json.case;
		assert.equal(before.events.length + 1, c.events.length, 'the refusals wrote nothing');
		assert.equal(c.status, 'accepted');
		assert.equal(c.tolerant, true);
		assert.equal(c.tolerant_info.due, latest, 'the committed deadline by default');
		assert.deepEqual(c.tolerant_info.pending.map((p) => p.material_id), [m2.id]);
		assert.equal(c.clock.state, 'running');
		assert.equal(c.clock.start, T);
		assert.equal(c.clock.deemed, false);
		assert.equal(c.clock.deadline, cal.add(T, 5));
		assert.equal(c.clock.statutory_deadline, cal.add(T, 20));
		assert.equal(c.clock.used, 0);
		assert.equal(c.clock.remaining, 5);
		assert.equal(c.clock.colour, 'green');
		assert.equal(c.handler.id, w.officer.id);

		// approving with a pending 容缺 material is refused; denying is not the point here
		expectError(await step(w.officer.client, c.id, 'finish', { outcome: 'approved' }), 422, 'rule', 'outcome');
		r = await upload(w.hrA.client, c.id, m2.id, PNG, { name: '营业执照.png', type: 'image/png' });
		assert.equal(r.status, 201, `${r}`);
		assert.equal(r.json.file.mime, 'image/png');
		c = await get(w.hrA.client, c.id);
		assert.equal(c.tolerant_info.done_on, T);
		assert.deepEqual(c.tolerant_info.pending, []);

		expectError(await step(w.officer.client, c.id, 'finish', { outcome: 'maybe' }), 422, 'rule', 'outcome');
		expectError(await step(w.officer.client, c.id, 'finish', { outcome: 'denied' }), 422, 'rule', 'reason');
		r = await step(w.officer.client, c.id, 'finish', { outcome: 'approved' });
		assert.equal(r.status, 200, `${r}`);
		c = r.json.case;
		assert.equal(c.status, 'done');
		assert.equal(c.outcome, 'approved');
		assert.equal(c.clock.state, 'stopped');
		assert.equal(c.clock.stopped_on, T);
		assert.equal(c.clock.late, false);
		assert.deepEqual(
			c.events.map((e) => e.kind),
			['created', 'submitted', 'material', 'accepted', 'material', 'finished'],
		);
		assert.deepEqual((await get(w.hrA.client, c.id)).actions, ['rate']);
		// the end is the end
		expectError(await step(w.hrA.client, c.id, 'withdraw'), 409, 'wrong_state');
		expectError(await step(w.officer.client, c.id, 'pause', { pause_kind: 'expert', reason: '专家评审' }), 409, 'wrong_state');
	});

	it('steps out of order are 409, and the applicant cannot take an officer step', async () => {
		const r = await w.hrA.client.post('services/cases', { item_id: w.item.id });
		const id = r.json.case.id;
		expectError(await step(w.officer.client, id, 'accept'), 409, 'wrong_state');
		expectError(await step(w.officer.client, id, 'resume'), 409, 'wrong_state');
		expectError(await step(w.officer.client, id, 'finish', { outcome: 'approved' }), 409, 'wrong_state');
		expectError(await step(w.hrA.client, id, 'resubmit'), 409, 'wrong_state');
		expectError(await step(w.hrA.client, id, 'accept'), 403, 'forbidden');
		// an officer who is not the agent does not submit for the applicant
		expectError(await step(w.other.client, id, 'submit'), 403, 'forbidden');
		assert.equal((await step(w.hrA.client, id, 'submit')).status, 200);
		expectError(await step(w.hrA.client, id, 'submit'), 409, 'wrong_state');
		const c = (await step(w.hrA.client, id, 'withdraw', { reason: '材料需重新准备' })).json.case;
		assert.equal(c.status, 'withdrawn');
		assert.equal(c.clock.state, 'closed');
	});
});

describe('补正 and art. 32', () => {
	it('all points at once, once; the corrections are a new receipt', async () => {
		const c0 = await submittedCase(w);
		const [m1] = w.item.materials;
		expectError(await step(w.officer.client, c0.id, 'correction', { points: [] }), 422, 'rule', 'points');
		expectError(await step(w.officer.client, c0.id, 'correction', { points: [{ text: '' }] }), 400, 'invalid', 'points');
		expectError(await step(w.officer.client, c0.id, 'correction', { points: [{ material_id: 999999, text: '缺章' }] }), 400, 'invalid', 'points');
		let r = await step(w.officer.client, c0.id, 'correction', {
			points: [
				{ material_id: m1.id, text: '申请表缺法定代表人签字' },
				{ text: '请补充项目位置图' },
			],
		});
		assert.equal(r.status, 200, `${r}`);
		let c = r.json.case;
		assert.equal(c.status, 'correcting');
		assert.equal(c.clock.state, 'correcting');
		assert.equal(c.correction.requested_on, T);
		assert.equal(c.correction.points.length, 2);
		assert.equal(c.correction.answered_on, null);
		assert.deepEqual((await get(w.hrA.client, c0.id)).actions.sort(), ['resubmit', 'upload', 'withdraw']);
		r = await step(w.hrA.client, c0.id, 'resubmit');
		assert.equal(r.status, 200, `${r}`);
		c = r.json.case;
		assert.equal(c.status, 'received');
		assert.equal(c.correction.answered_on, T);
		assert.equal(c.clock.decide_by, cal.add(T, 5));
		// once per case: the next defect is a refusal, not a second list
		expectError(await step(w.officer.client, c0.id, 'correction', { points: [{ text: '又发现一处' }] }), 422, 'rule', 'points');
		expectError(await step(w.officer.client, c0.id, 'refuse', { reasons: [] }), 422, 'rule', 'reasons');
		r = await step(w.officer.client, c0.id, 'refuse', { reasons: ['项目不属于本区审批范围'] });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.case.status, 'refused');
		assert.equal(r.json.case.clock.state, 'closed');
	});

	it('after 5 working days without a decision the case counts as accepted on receipt', async () => {
		const received = cal.add(T, -7);
		const c0 = await backdatedCase(w, { received });
		let c = await get(w.officer.client, c0.id);
		assert.equal(c.status, 'received');
		assert.equal(c.clock.decide_by, cal.add(received, 5));
		assert.equal(c.clock.state, 'running');
		assert.equal(c.clock.deemed, true);
		assert.equal(c.clock.start, received);
		assert.equal(c.clock.deadline, cal.add(received, 5));
		assert.equal(c.clock.colour, 'overdue');
		assert.deepEqual(c.actions.filter((a) => ['accept', 'refuse', 'correction'].includes(a)), ['accept']);
		expectError(await step(w.officer.client, c0.id, 'correction', { points: [{ text: '补充材料' }] }), 422, 'rule', 'on');
		expectError(await step(w.officer.client, c0.id, 'refuse', { reasons: ['不符合条件'] }), 422, 'rule', 'on');
		// within the 5 days it still could have been: a 补录 dated on the 5th working day
		const late = await backdatedCase(w, { received });
		const r = await step(w.officer.client, late.id, 'correction', { points: [{ text: '补充材料' }], on: cal.add(received, 5) });
		assert.equal(r.status, 200, `${r}`);
		// accepting late records the deemed start: the clock is the receipt's
		for (const m of w.item.materials.filter((m) => m.required)) await step(w.officer.client, c0.id, 'paper', { material_id: m.id });
		c = (await step(w.officer.client, c0.id, 'accept')).json.case;
		assert.equal(c.status, 'accepted');
		assert.equal(c.clock.deemed, true);
		assert.equal(c.clock.start, received);
		assert.equal(c.events.find((e) => e.kind === 'accepted').detail.deemed, true);
	});
});

describe('pauses keep the remaining working days', () => {
	it('paused for the applicant, resumed today: the days left then are the days left now', async () => {
		const accepted = workBefore(4);
		const pausedOn = workBefore(2);
		const c0 = await backdatedCase(w, { received: accepted, accepted });
		expectError(await step(w.officer.client, c0.id, 'pause', { pause_kind: 'lunch', reason: '午休' }), 422, 'rule', 'pause_kind');
		expectError(await step(w.officer.client, c0.id, 'pause', { pause_kind: 'expert' }), 422, 'rule', 'reason');
		let r = await step(w.officer.client, c0.id, 'pause', { pause_kind: 'applicant', reason: '等待申请人补充检测报告', on: pausedOn });
		assert.equal(r.status, 200, `${r}`);
		let c = r.json.case;
		const frozen = cal.count(accepted, plusDays(pausedOn, -1));
		assert.equal(c.status, 'paused');
		assert.equal(c.pause_kind, 'applicant');
		assert.equal(c.clock.state, 'paused');
		assert.equal(c.clock.used, frozen);
		assert.equal(c.clock.remaining, 5 - frozen);
		assert.equal(c.clock.deadline, null);
		r = await step(w.officer.client, c0.id, 'resume');
		assert.equal(r.status, 200, `${r}`);
		c = r.json.case;
		assert.equal(c.clock.state, 'running');
		assert.equal(c.clock.used, frozen, 'nothing used while paused');
		assert.equal(c.clock.remaining, 5 - frozen);
		assert.equal(c.clock.deadline, cal.add(plusDays(T, -1), 5 - frozen));
		assert.equal(c.clock.paused_days, cal.count(plusDays(pausedOn, -1), plusDays(T, -1)));
		// the list shows the same for today
		const list = await w.officer.client.get(`services/cases?q=${encodeURIComponent(c.title)}`);
		const row = list.json.items.find((x) => x.id === c0.id);
		assert.equal(row.deadline, c.clock.deadline);
		assert.equal(row.remaining, c.clock.remaining);
		assert.equal(row.colour, c.clock.colour);
	});
});

describe('the queue: colours for today, the most urgent first', () => {
	it('cases accepted k working days ago have the colour the model gives', async () => {
		const made = [];
		for (const k of [1, 2, 3, 4, 5, 6]) {
			const accepted = workBefore(k);
			made.push({ k, accepted, c: await backdatedCase(w, { received: accepted, accepted }) });
		}
		const list = await w.officer.client.get('services/cases?status=accepted&page_size=200');
		assert.equal(list.status, 200);
		for (const { accepted, c } of made) {
			const row = list.json.items.find((x) => x.id === c.id);
			const used = cal.count(accepted, plusDays(T, -1));
			const want = used >= 5 ? 'overdue' : used * 5 >= 20 ? 'red' : used * 2 >= 5 ? 'yellow' : 'green';
			assert.equal(row.colour, want, `accepted ${accepted}`);
			assert.equal(row.used_days, used);
			assert.equal(row.remaining, 5 - used);
			assert.equal(row.deadline, cal.add(accepted, 5));
		}
		// sorted by deadline, and ?colour= filters exactly
		const deadlines = list.json.items.map((x) => x.deadline);
		assert.deepEqual(deadlines, [...deadlines].sort());
		for (const colour of ['green', 'yellow', 'red', 'overdue']) {
			const f = await w.officer.client.get(`services/cases?status=accepted&colour=${colour}&page_size=200`);
			assert.equal(f.status, 200);
			assert.deepEqual(
				f.json.items.map((x) => x.id).sort((a, b) => a - b),
				list.json.items.filter((x) => x.colour === colour).map((x) => x.id).sort((a, b) => a - b),
			);
		}
		expectError(await w.officer.client.get('services/cases?colour=purple'), 400, 'invalid', 'colour');
		expectError(await w.officer.client.get('services/cases?status=lost'), 400, 'invalid', 'status');
	});

	it('the export has the same rows', async () => {
		const r = await w.officer.client.get('services/cases/export?status=accepted');
		assert.equal(r.status, 200);
		assert.match(r.header('content-type'), /spreadsheetml/);
	});
});

describe('escalation to the department head', () => {
	it('overdue cases reach the head, who signs them off once', async () => {
		const accepted = workBefore(8);
		const c0 = await backdatedCase(w, { received: accepted, accepted });
		let r = await w.head.client.get('services/escalations');
		assert.equal(r.status, 200);
		const mine = r.json.items.find((x) => x.id === c0.id);
		assert.ok(mine, 'the head sees the overdue case of their department');
		assert.equal(mine.colour, 'overdue');
		assert.equal(mine.acked, false);
		const unread = r.json.unread;
		assert.ok(unread >= 1);
		let badge = await w.head.client.get('services/badge');
		assert.equal(badge.json.escalations, unread);
		// a member of department B without a head role sees all; a non-head cannot sign
		r = await w.other.client.get('services/escalations');
		assert.ok(r.json.items.some((x) => x.id === c0.id));
		expectError(await w.officer.client.post(`services/escalations/${c0.id}/ack`, { note: '已阅' }), 403, 'forbidden');
		expectError(await w.head.client.post(`services/escalations/${c0.id}/ack`, {}), 400, 'missing', 'note');
		r = await w.head.client.post(`services/escalations/${c0.id}/ack`, { note: '请今日内办结' });
		assert.equal(r.status, 200, `${r}`);
		expectError(await w.head.client.post(`services/escalations/${c0.id}/ack`, { note: '再次' }), 409, 'already_acked');
		r = await w.head.client.get('services/escalations?unread=1');
		assert.ok(!r.json.items.some((x) => x.id === c0.id));
		assert.equal(r.json.unread, unread - 1);
		r = await w.head.client.get('services/escalations');
		const acked = r.json.items.find((x) => x.id === c0.id);
		assert.equal(acked.acked, true);
		assert.equal(acked.ack_note, '请今日内办结');
		// a case that is not overdue has no escalation
		const fresh = await submittedCase(w);
		expectError(await w.head.client.post(`services/escalations/${fresh.id}/ack`, { note: 'x' }), 404, 'not_found');
	});
});

describe('dates of steps (补录)', () => {
	it('only officers date a step in the past, never in the future, not before the last step, at most 90 days back', async () => {
		const d = await w.hrA.client.post('services/cases', { item_id: w.item.id });
		expectError(await step(w.hrA.client, d.json.case.id, 'submit', { on: plusDays(T, -1) }), 400, 'invalid', 'on');
		expectError(await step(w.hrA.client, d.json.case.id, 'submit', { on: '2026-13-01' }), 400, 'invalid', 'on');
		const c0 = await backdatedCase(w, { received: workBefore(3) });
		expectError(await step(w.officer.client, c0.id, 'accept', { on: plusDays(T, 1) }), 400, 'invalid', 'on');
		expectError(await step(w.officer.client, c0.id, 'accept', { on: plusDays(workBefore(3), -1) }), 400, 'invalid', 'on');
		const old = await w.officer.client.post('services/cases', { item_id: w.item.id, org_id: w.entA.id });
		await w.officer.client.post(`services/cases/${old.json.case.id}/agent`, { agent_id: w.officer.id });
		expectError(await step(w.officer.client, old.json.case.id, 'submit', { on: plusDays(T, -91) }), 400, 'invalid', 'on');
	});
});

describe('帮办代办 and files', () => {
	it('the agent acts for the applicant; both see the agent', async () => {
		const c0 = await submittedCase(w);
		expectError(await w.officer.client.post(`services/cases/${c0.id}/agent`, { agent_id: w.hrA.acct.id }), 400, 'invalid', 'agent_id');
		let r = await w.officer.client.post(`services/cases/${c0.id}/agent`, { agent_id: w.agent.id });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.case.agent.id, w.agent.id);
		assert.equal((await get(w.hrA.client, c0.id)).agent.name, '周帮办');
		r = await upload(w.agent.client, c0.id, w.item.materials[0].id);
		assert.equal(r.status, 201, `the agent uploads: ${r}`);
		expectError(await upload(w.other.client, c0.id, w.item.materials[0].id), 403, 'forbidden');
		const mine = await w.agent.client.get('services/cases?mine=1');
		assert.ok(mine.json.items.some((x) => x.id === c0.id));
		r = await w.officer.client.post(`services/cases/${c0.id}/agent`, { agent_id: null });
		assert.equal(r.json.case.agent, null);
		expectError(await upload(w.agent.client, c0.id, w.item.materials[0].id), 403, 'forbidden');
	});

	it('uploads are PDF, JPEG or PNG by content, and only the applicant and officers download them', async () => {
		const c0 = await submittedCase(w);
		const m1 = w.item.materials[0].id;
		expectError(await upload(w.hrA.client, c0.id, m1, Buffer.from('just text, not a pdf')), 400, 'invalid', 'file');
		const r415 = await w.hrA.client.request('POST', `services/cases/${c0.id}/files?material_id=${m1}&name=a.pdf`, { body: PDF, contentType: 'text/plain' });
		expectError(r415, 415, 'unsupported_media_type');
		expectError(await upload(w.hrA.client, c0.id, m1, PDF, { name: '../../etc/passwd' }), 400, 'invalid', 'name');
		expectError(await upload(w.hrA.client, c0.id, 999999), 400, 'invalid', 'material_id');
		expectError(await upload(w.hrB.client, c0.id, m1), 404, 'not_found');
		const up = await upload(w.hrA.client, c0.id, m1);
		assert.equal(up.status, 201);
		const fid = up.json.file.id;
		for (const who of [w.hrA.client, w.officer.client]) {
			const r = await who.get(`services/files/${fid}`);
			assert.equal(r.status, 200);
			assert.equal(r.header('content-type'), 'application/pdf');
			assert.ok(r.buf.equals(PDF), 'the bytes come back unchanged');
		}
		expectError(await w.hrB.client.get(`services/files/${fid}`), 404, 'not_found');
		expectError(await w.admin.get(`services/files/${fid}`), 403, 'forbidden');
		// the download is audited
		const audit = await w.admin.get(`audit?action=service.file_download`);
		assert.ok(audit.json.items.some((x) => String(x.object_id) === String(fid)), `${audit}`);
	});
});
