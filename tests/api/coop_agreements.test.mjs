// Agreements (协议) and order classes (订单班): drafting (every refusal names its field),
// the state machine draft → signed → active → expired / terminated (active and expired by
// the dates, never by a job), the signed scan required before signing, renewals and the
// reminders of what expires within 60 days, milestones with their owners, the history and
// audit rows, the export, and who sees what; order classes from forming to finished with
// each student's outcome read from the recruitment side's applications.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, uniq, xlsxText } from './harness.mjs';
import { addDays, day, dbQuery, makeCoopWorld, pdf, png, startCoopServer, student, upload } from './coop_lib.mjs';
import { openPosition } from './recruit_lib.mjs';

let srv;
let w;

before(async () => {
	srv = await startCoopServer();
	w = await makeCoopWorld(srv);
});
after(() => srv?.stop());

const body = (over = {}) => ({
	kind: 'base',
	title: `清远智能制造校企合作基地${uniq('')}`,
	enterprise_id: w.entA.id,
	college_id: w.collegeA.id,
	starts_on: day(-30),
	ends_on: day(700),
	summary: '共建实训基地，企业提供设备，学院提供场地',
	obligations: [
		{ party: 'enterprise', text: '提供价值 200 万元的自动化实训设备' },
		{ party: 'college', text: '每年安排 40 名学生到基地岗位实习' },
	],
	...over,
});
const draft = async (client, over) => {
	const r = await client.post('coop/agreements', body(over));
	assert.equal(r.status, 201, `${r}`);
	return r.json.agreement;
};
/** A signed agreement (scan attached, signed today). */
const signed = async (client, over) => {
	const a = await draft(client, over);
	assert.equal((await upload(client, `coop/agreements/${a.id}/scan`, pdf(), 'application/pdf')).status, 200);
	const r = await client.post(`coop/agreements/${a.id}/sign`, { signed_on: day(0) });
	assert.equal(r.status, 200, `${r}`);
	return r.json.agreement;
};

describe('drafting', () => {
	it('a party drafts: obligations as a list, labels, state draft', async () => {
		const a = await draft(w.staffA.client);
		assert.equal(a.state, 'draft');
		assert.equal(a.state_label, '草稿');
		assert.equal(a.kind_label, '校企合作基地');
		assert.equal(a.enterprise, w.entA.name);
		assert.deepEqual(a.obligations, body().obligations);
		assert.deepEqual(a.milestones, []);
		assert.equal(a.scan, null);
		assert.deepEqual(a.events.map((e) => e.action), ['create']);
	});

	it('refusals name their field; a third party may not draft for others', async () => {
		expectError(await w.staffA.client.post('coop/agreements', body({ kind: 'loan' })), 400, 'invalid', 'kind');
		expectError(await w.staffA.client.post('coop/agreements', body({ ends_on: day(-31) })), 400, 'invalid', 'ends_on');
		expectError(await w.staffA.client.post('coop/agreements', body({ starts_on: '2025-13-01' })), 400, 'invalid', 'starts_on');
		expectError(await w.staffA.client.post('coop/agreements', body({ obligations: [{ party: 'bank', text: '放款' }] })), 400, 'invalid', 'obligations');
		expectError(await w.staffA.client.post('coop/agreements', body({ obligations: 'none' })), 400, 'invalid', 'obligations');
		expectError(await w.staffB.client.post('coop/agreements', body()), 403, 'forbidden');
		expectError(await w.hrB.client.post('coop/agreements', body()), 403, 'forbidden');
		expectError(await w.staffA.client.post('coop/agreements', body({ enterprise_id: w.pending.id })), 400, 'invalid', 'enterprise_id');
	});

	it('a draft is edited by the parties; the parties stay', async () => {
		const a = await draft(w.hrA.client);
		let r = await w.staffA.client.post(`coop/agreements/${a.id}`, body({ title: '修订后的基地协议' }));
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.agreement.title, '修订后的基地协议');
		expectError(await w.staffA.client.post(`coop/agreements/${a.id}`, body({ enterprise_id: w.entB.id })), 400, 'invalid', 'enterprise_id');
		expectError(await w.hrB.client.post(`coop/agreements/${a.id}`, body()), 404, 'not_found');
		r = await w.staffA.client.get(`coop/agreements/${a.id}`);
		assert.deepEqual(r.json.agreement.events.map((e) => e.action), ['create', 'update']);
	});
});

describe('the state machine', () => {
	it('signing needs the scan (a real PDF) and a signing day not in the future', async () => {
		const a = await draft(w.hrA.client);
		expectError(await w.hrA.client.post(`coop/agreements/${a.id}/sign`, { signed_on: day(0) }), 422, 'scan_required', 'scan');
		expectError(await upload(w.hrA.client, `coop/agreements/${a.id}/scan`, png(), 'application/pdf'), 400, 'invalid', 'file');
		const doc = pdf();
		let r = await upload(w.hrA.client, `coop/agreements/${a.id}/scan`, doc, 'application/pdf');
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.agreement.scan.mime, 'application/pdf');
		const file = await w.staffA.client.get(`coop/files/${r.json.agreement.scan.id}`);
		assert.equal(file.status, 200);
		assert.deepEqual(file.buf, doc);
		assert.match(file.header('content-disposition') || '', /attachment/);
		expectError(await w.hrB.client.get(`coop/files/${r.json.agreement.scan.id}`), 404, 'not_found');
		expectError(await w.hrA.client.post(`coop/agreements/${a.id}/sign`, { signed_on: day(1) }), 400, 'invalid', 'signed_on');
		r = await w.hrA.client.post(`coop/agreements/${a.id}/sign`, { signed_on: day(0) });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.agreement.state, 'active', 'signed and started: active');
		assert.equal(r.json.agreement.signed_on, day(0));
		assert.equal(r.json.agreement.days_left, 700);
		expectError(await w.hrA.client.post(`coop/agreements/${a.id}/sign`, { signed_on: day(0) }), 409, 'conflict', 'state');
		expectError(await w.hrA.client.post(`coop/agreements/${a.id}`, body()), 409, 'conflict', 'state');
		const audit = dbQuery(srv, `SELECT action FROM audit_log WHERE object_type = 'coop_agreement' AND object_id = '${a.id}' ORDER BY id`);
		assert.deepEqual(audit, ['coop.agreement_create', 'coop.agreement_scan', 'coop.agreement_sign']);
	});

	it('the dates make it signed (not yet started), active, expired; terminate from signed or active only', async () => {
		const later = await signed(w.staffA.client, { starts_on: day(10), ends_on: day(400) });
		assert.equal(later.state, 'signed');
		const past = await signed(w.staffA.client, { starts_on: day(-400), ends_on: day(-1) });
		assert.equal(past.state, 'expired');
		expectError(await w.staffA.client.post(`coop/agreements/${past.id}/terminate`, { reason: '企业迁址' }), 409, 'conflict', 'state');
		const r = await w.hrA.client.post(`coop/agreements/${later.id}/terminate`, { reason: '企业迁址，不再合作' });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.agreement.state, 'terminated');
		assert.equal(r.json.agreement.terminated_on, day(0));
		expectError(await w.hrA.client.post(`coop/agreements/${later.id}/terminate`, { reason: '再次终止' }), 409, 'conflict', 'state');
		expectError(await w.hrA.client.post(`coop/agreements/${later.id}/milestones`, { title: '设备到位', due_on: day(5), owner_org_id: w.entA.id }), 409, 'conflict', 'state');
	});

	it('renewing an expired or active agreement starts a new draft the day after', async () => {
		const old = await signed(w.staffA.client, { starts_on: day(-365), ends_on: day(-2) });
		expectError(await w.staffA.client.post(`coop/agreements/${old.id}/renew`, { ends_on: day(-5) }), 400, 'invalid', 'ends_on');
		const r = await w.staffA.client.post(`coop/agreements/${old.id}/renew`, { ends_on: day(730) });
		assert.equal(r.status, 201, `${r}`);
		const n = r.json.agreement;
		assert.equal(n.state, 'draft');
		assert.equal(n.renewal_of, old.id);
		assert.equal(n.starts_on, day(-1));
		assert.deepEqual(n.obligations, old.obligations);
		const o = (await w.staffA.client.get(`coop/agreements/${old.id}`)).json.agreement;
		assert.equal(o.events.at(-1).action, 'renewed');
		const d = await draft(w.staffA.client);
		expectError(await w.staffA.client.post(`coop/agreements/${d.id}/renew`, { ends_on: day(900) }), 409, 'conflict', 'state');
	});
});

describe('milestones and reminders', () => {
	it('a milestone is owned by a party and done by its owner', async () => {
		const a = await signed(w.hrA.client);
		expectError(await w.hrA.client.post(`coop/agreements/${a.id}/milestones`, { title: '设备到位', due_on: day(5), owner_org_id: w.entB.id }), 400, 'invalid', 'owner_org_id');
		let r = await w.hrA.client.post(`coop/agreements/${a.id}/milestones`, { title: '实训设备安装调试完成', due_on: day(-3), owner_org_id: w.entA.id });
		assert.equal(r.status, 201, `${r}`);
		const ms = r.json.agreement.milestones[0];
		assert.equal(ms.overdue, 1);
		assert.equal(r.json.agreement.milestones_open, 1);
		expectError(await w.staffA.client.post(`coop/agreements/${a.id}/milestones/done`, { milestone_id: ms.id }), 403, 'forbidden', 'milestone_id');
		r = await w.hrA.client.post(`coop/agreements/${a.id}/milestones/done`, { milestone_id: ms.id, note: '已验收' });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.agreement.milestones[0].status, 'done');
		expectError(await w.hrA.client.post(`coop/agreements/${a.id}/milestones/done`, { milestone_id: ms.id }), 409, 'conflict', 'milestone_id');
	});

	it('reminders list active agreements ending within 60 days (and not beyond), and milestones due', async () => {
		const soon = await signed(w.staffA.client, { ends_on: day(45), title: `即将到期的基地协议${uniq('')}` });
		const edge = await signed(w.staffA.client, { ends_on: day(60) });
		const far = await signed(w.staffA.client, { ends_on: day(61) });
		await w.staffA.client.post(`coop/agreements/${far.id}/milestones`, { title: '年度合作总结', due_on: day(20), owner_org_id: w.collegeA.id });
		const r = await w.staffA.client.get('coop/agreements/reminders');
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.days, 60);
		const ids = r.json.expiring.map((a) => a.id);
		assert.ok(ids.includes(soon.id) && ids.includes(edge.id) && !ids.includes(far.id));
		assert.equal(r.json.expiring.find((a) => a.id === soon.id).days_left, 45);
		assert.ok(r.json.milestones.some((m) => m.agreement_id === far.id && m.title === '年度合作总结'));
		const within = (await w.staffA.client.get('coop/agreements?expiring_within=60&page_size=200')).json.items.map((a) => a.id);
		assert.ok(within.includes(soon.id) && !within.includes(far.id));
		assert.ok(!(await w.hrB.client.get('coop/agreements/reminders')).json.expiring.some((a) => a.id === soon.id));
	});
});

describe('who sees what', () => {
	it('an enterprise never sees another\'s agreements; the list filters by state and kind; .xlsx export', async () => {
		const b = await signed(w.hrB.client, { enterprise_id: w.entB.id, college_id: w.collegeB.id, kind: 'research', title: `工业软件产学研合作${uniq('')}` });
		const ids = async (c, qs = '') => (await c.get(`coop/agreements?page_size=200${qs}`)).json.items.map((a) => a.id);
		assert.ok((await ids(w.hrB.client)).includes(b.id));
		assert.ok((await ids(w.staffB.client)).includes(b.id));
		assert.ok((await ids(w.admin)).includes(b.id));
		assert.ok(!(await ids(w.hrA.client)).includes(b.id));
		assert.ok(!(await ids(w.staffA.client)).includes(b.id));
		for (const c of [w.hrA.client, w.staffA.client]) expectError(await c.get(`coop/agreements/${b.id}`), 404, 'not_found');
		assert.ok((await ids(w.admin, '&state=active&kind=research')).includes(b.id));
		assert.ok(!(await ids(w.admin, '&state=draft')).includes(b.id));
		assert.ok((await ids(w.admin, `&q=${encodeURIComponent('工业软件')}`)).includes(b.id));
		const x = await w.hrB.client.get('coop/export?table=agreements');
		assert.equal(x.status, 200, `${x}`);
		const text = xlsxText(x.buf);
		assert.ok(text.includes(b.title) && text.includes('生效中'));
		assert.ok(!xlsxText((await w.hrA.client.get('coop/export?table=agreements')).buf).includes(b.title));
	});
});

describe('order classes', () => {
	let k;
	let s1;
	let s2;
	let wrongMajor;
	before(async () => {
		s1 = await student(srv, w.collegeA, { name: '订单班甲', major: '460301', grad: 2026 });
		s2 = await student(srv, w.collegeA, { name: '订单班乙', major: '460303', grad: 2026 });
		wrongMajor = await student(srv, w.collegeA, { name: '会计丙', major: '530302', grad: 2026 });
	});

	it('created by a party under an order-class agreement; refusals name their field', async () => {
		const ag = await signed(w.staffA.client, { kind: 'order_class', title: '格力电器订单班协议' });
		const base = { name: '格力电器机电订单班', major_code: '4603', enterprise_id: w.entA.id, college_id: w.collegeA.id, cohort: 2026, size: 2, positions_reserved: 2, subsidy_yuan: 3000 };
		expectError(await w.staffA.client.post('coop/order-classes', { ...base, agreement_id: ag.id + 100000 }), 400, 'invalid', 'agreement_id');
		expectError(await w.staffA.client.post('coop/order-classes', { ...base, major_code: '999999' }), 400, 'invalid', 'major_code');
		expectError(await w.staffB.client.post('coop/order-classes', base), 403, 'forbidden');
		const r = await w.staffA.client.post('coop/order-classes', { ...base, agreement_id: ag.id });
		assert.equal(r.status, 201, `${r}`);
		k = r.json.order_class;
		assert.equal(k.status, 'forming');
		assert.equal(k.students, 0);
		assert.equal(k.major, '自动化类');
	});

	it('students of the college, major and cohort only; the enterprise does not pick them; the size holds', async () => {
		const url = `coop/order-classes/${k.id}/students`;
		expectError(await w.hrA.client.post(url, { student_ids: [s1.id] }), 403, 'forbidden');
		expectError(await w.staffA.client.post(url, { student_ids: [wrongMajor.id] }), 422, 'rule', 'student_ids');
		const other = await student(srv, w.collegeB, { major: '460301' });
		expectError(await w.staffA.client.post(url, { student_ids: [other.id] }), 400, 'invalid', 'student_ids');
		expectError(await w.staffA.client.post(url, { student_ids: [s1.id, wrongMajor.id] }), 422, 'rule', 'student_ids');
		assert.equal((await w.staffA.client.get(`coop/order-classes/${k.id}`)).json.order_class.students, 0, 'all or nothing');
		const r = await w.staffA.client.post(url, { student_ids: [s1.id, s2.id] });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.order_class.student_list.length, 2);
		const extra = await student(srv, w.collegeA, { major: '460301' });
		expectError(await w.staffA.client.post(url, { student_ids: [extra.id] }), 422, 'full', 'student_ids');
		expectError(await w.staffA.client.post(url, { student_ids: [s1.id] }), 409, 'conflict', 'student_ids');
	});

	it('runs, and finishing reads who was hired from the applications', async () => {
		expectError(await w.staffA.client.post(`coop/order-classes/${k.id}/status`, { to: 'finished' }), 409, 'conflict', 'to');
		assert.equal((await w.hrA.client.post(`coop/order-classes/${k.id}/status`, { to: 'running' })).json.order_class.status, 'running');
		// s1 is offered and accepts; s2 gets an offer but does not accept yet.
		const p = await openPosition(w.hrA.client, { title: '订单班专属岗位', headcount: 2 });
		for (const [s, accept] of [[s1, true], [s2, false]]) {
			const a = await s.client.post(`positions/${p.id}/apply`);
			assert.equal(a.status, 201, `${a}`);
			const o = await w.hrA.client.post(`applications/${a.json.application.id}/status`, { status: 'offered' });
			assert.equal(o.status, 200, `${o}`);
			if (accept) assert.equal((await s.client.post(`applications/${a.json.application.id}/accept`)).status, 200);
		}
		let r = await w.hrA.client.get(`coop/order-classes/${k.id}`);
		const live = Object.fromEntries(r.json.order_class.student_list.map((x) => [x.student_id, x]));
		assert.equal(live[s1.id].application_status, 'accepted');
		assert.equal(live[s1.id].outcome, null, 'no outcome before the end');
		r = await w.staffA.client.post(`coop/order-classes/${k.id}/status`, { to: 'finished' });
		assert.equal(r.status, 200, `${r}`);
		const done = Object.fromEntries(r.json.order_class.student_list.map((x) => [x.student_id, x]));
		assert.equal(done[s1.id].outcome, 'hired');
		assert.ok(done[s1.id].application_id > 0);
		assert.equal(done[s2.id].outcome, 'offered');
		assert.equal(r.json.order_class.hired, 1);
		assert.equal(r.json.order_class.offered, 1);
		expectError(await w.staffA.client.post(`coop/order-classes/${k.id}/status`, { to: 'cancelled' }), 409, 'conflict', 'status');
		expectError(await w.staffA.client.post(`coop/order-classes/${k.id}/students`, { student_ids: [wrongMajor.id] }), 409, 'conflict', 'status');
	});

	it('another enterprise or college neither sees nor changes the class', async () => {
		for (const c of [w.hrB.client, w.staffB.client]) {
			expectError(await c.get(`coop/order-classes/${k.id}`), 404, 'not_found');
			assert.ok(!(await c.get('coop/order-classes')).json.items.some((x) => x.id === k.id));
			expectError(await c.post(`coop/order-classes/${k.id}/status`, { to: 'cancelled' }), 404, 'not_found');
		}
		assert.ok((await w.admin.get('coop/order-classes')).json.items.some((x) => x.id === k.id));
	});
});
