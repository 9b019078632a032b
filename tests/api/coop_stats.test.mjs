// The funnel from first visit to hire and the figures: each stage counted per
// enterprise–college pair (visits held, talks held, agreements signed, order classes and
// their students, placements, offers and hires from the recruitment side), pairs with
// offers only left out, sums by enterprise and by college, each caller's scope; the
// figures (follow-ups overdue, agreements expiring within 60 days, internships overdue);
// every table as .xlsx.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, uniq, xlsxText } from './harness.mjs';
import { day, makeCoopWorld, makePlacement, makePost, nowSec, pdf, placementBody, startCoopServer, student, upload } from './coop_lib.mjs';
import { openPosition } from './recruit_lib.mjs';

let srv;
let w;

/** An application of s to position pos moved to offered (and accepted when asked). */
async function offer(s, hr, pos, accept) {
	const a = (await s.client.post(`positions/${pos.id}/apply`)).json.application;
	assert.equal((await hr.post(`applications/${a.id}/status`, { status: 'offered' })).status, 200);
	if (accept) assert.equal((await s.client.post(`applications/${a.id}/accept`)).status, 200);
	return a;
}

before(async () => {
	srv = await startCoopServer();
	w = await makeCoopWorld(srv);
	// Pair A–A: every stage.
	const v = (await w.hrA.client.post('coop/visits', { direction: 'to_college', enterprise_id: w.entA.id, college_id: w.collegeA.id, title: '格力高管进校园', starts_at: nowSec() - 7200, ends_at: nowSec() - 3600 })).json.visit;
	assert.equal((await w.hrA.client.post(`coop/visits/${v.id}/minutes`, { minutes: '双方确定共建订单班并安排岗位实习。' })).status, 200);
	assert.equal((await w.hrA.client.post(`coop/visits/${v.id}/followups`, { title: '起草订单班协议', owner_org_id: w.collegeA.id, owner_name: '李老师', due_on: day(-1) })).status, 201);
	const m = (await w.admin.post('coop/meetings', { name: '秋季供需对接会', venue: '人才中心', starts_at: nowSec() + 3600, ends_at: nowSec() + 7200 })).json.meeting;
	await w.admin.post(`coop/meetings/${m.id}/status`, { to: 'open' });
	await w.hrA.client.post(`coop/meetings/${m.id}/join`);
	await w.staffA.client.post(`coop/meetings/${m.id}/join`);
	await w.hrA.client.post(`coop/meetings/${m.id}/wishes`, { wishes: [{ org_id: w.collegeA.id, priority: 1 }] });
	await w.admin.post(`coop/meetings/${m.id}/schedule`);
	await w.admin.post(`coop/meetings/${m.id}/status`, { to: 'closed' });
	const talk = (await w.admin.get(`coop/meetings/${m.id}/talks`)).json.items[0];
	assert.equal((await w.hrA.client.post(`coop/meetings/${m.id}/outcome`, { talk_id: talk.id, interest: 'high' })).status, 200);
	const ag = (await w.staffA.client.post('coop/agreements', { kind: 'order_class', title: '订单班协议', enterprise_id: w.entA.id, college_id: w.collegeA.id, starts_on: day(-10), ends_on: day(30) })).json.agreement;
	await upload(w.staffA.client, `coop/agreements/${ag.id}/scan`, pdf(), 'application/pdf');
	assert.equal((await w.staffA.client.post(`coop/agreements/${ag.id}/sign`, { signed_on: day(-10) })).status, 200);
	const k = (await w.staffA.client.post('coop/order-classes', { name: '格力订单班', major_code: '4603', enterprise_id: w.entA.id, college_id: w.collegeA.id, cohort: 2026, size: 10 })).json.order_class;
	const s1 = await student(srv, w.collegeA, { name: '漏斗甲' });
	const s2 = await student(srv, w.collegeA, { name: '漏斗乙' });
	assert.equal((await w.staffA.client.post(`coop/order-classes/${k.id}/students`, { student_ids: [s1.id, s2.id] })).status, 200);
	await w.hrA.client.post('internships/staff', { staff_total: 100 });
	const post = await makePost(w.hrA.client, { staff: 50 });
	const p = await makePlacement(w.staffA.client, placementBody(w, s2, post, { starts_on: day(-30), ends_on: day(60), agreement_signed_on: day(-31) }));
	assert.equal((await w.staffA.client.post(`internships/${p.id}/start`)).json.started, true);
	const pos = await openPosition(w.hrA.client, { title: '转正岗位', headcount: 3 });
	await offer(s1, w.hrA.client, pos, true); // hired
	await offer(s2, w.hrA.client, pos, false); // offered
	// Pair B–B: a visit held only.
	const vb = (await w.staffB.client.post('coop/visits', { direction: 'to_enterprise', enterprise_id: w.entB.id, college_id: w.collegeB.id, title: '学院走进云智软件', starts_at: nowSec() - 7200, ends_at: nowSec() - 3600 })).json.visit;
	assert.equal((await w.staffB.client.post(`coop/visits/${vb.id}/minutes`, { minutes: '参观研发中心，交流软件技术专业人才需求。' })).status, 200);
	// Pair A–B: an offer only (recruitment, not cooperation): not in the funnel.
	const sb = await student(srv, w.collegeB, { name: '漏斗丙' });
	await offer(sb, w.hrA.client, pos, false);
});
after(() => srv?.stop());

describe('the funnel', () => {
	it('counts each stage per pair; pairs without a cooperation act are left out', async () => {
		const r = await w.admin.get('coop/funnel?by=pair');
		assert.equal(r.status, 200, `${r}`);
		const key = (e, c) => r.json.items.find((x) => x.enterprise_id === e.id && x.college_id === c.id);
		assert.deepEqual(
			{ ...key(w.entA, w.collegeA), enterprise_id: 0, college_id: 0, enterprise: '', college: '' },
			{ enterprise_id: 0, enterprise: '', college_id: 0, college: '', visits: 1, talks: 1, agreements: 1, order_classes: 1, class_students: 2, placements: 1, offers: 2, hires: 1 },
		);
		assert.equal(key(w.entB, w.collegeB).visits, 1);
		assert.equal(key(w.entB, w.collegeB).hires, 0);
		assert.equal(key(w.entA, w.collegeB), undefined, 'an offer alone is not cooperation');
		assert.equal(r.json.totals.visits, 2);
	});

	it('sums by enterprise and by college; each caller sees its own pairs', async () => {
		const byEnt = (await w.admin.get('coop/funnel?by=enterprise')).json.items;
		const a = byEnt.find((x) => x.org_id === w.entA.id);
		assert.equal(a.name, w.entA.name);
		assert.equal(a.hires, 1);
		assert.equal(a.offers, 2, 'the offer to college B is not in a cooperating pair');
		const byCol = (await w.staffA.client.get('coop/funnel?by=college')).json.items;
		assert.deepEqual(byCol.map((x) => x.org_id), [w.collegeA.id]);
		const hrB = (await w.hrB.client.get('coop/funnel?by=pair')).json.items;
		assert.ok(hrB.length === 1 && hrB[0].enterprise_id === w.entB.id);
		expectError(await w.admin.get('coop/funnel?by=city'), 400, 'invalid', 'by');
	});
});

describe('the figures', () => {
	it('follow-ups overdue, agreements expiring within 60 days, internships by status with overdue logs', async () => {
		const r = await w.staffA.client.get('coop/stats');
		assert.equal(r.status, 200, `${r}`);
		const f = r.json;
		assert.equal(f.today, day(0));
		assert.equal(f.visits.by_status.done, 1);
		assert.equal(f.visits.followups_overdue, 1);
		assert.equal(f.agreements.by_state.active, 1);
		assert.equal(f.agreements.expiring_count, 1);
		assert.equal(f.agreements.expiring[0].days_left, 30);
		assert.equal(f.talks.held, 1);
		assert.equal(f.order_classes.forming, 1);
		assert.equal(f.internships.by_status.active, 1);
		assert.ok(f.internships.overdue_log_weeks >= 2, 'a month without a weekly log');
		assert.equal(f.internships.internships_with_overdue_logs, 1);
		assert.equal(f.internships.overdue[0].student, '漏斗乙');
		const b = (await w.hrB.client.get('coop/stats')).json;
		assert.equal(b.visits.by_status.done, 1);
		assert.deepEqual(b.agreements.by_state, {});
		assert.deepEqual(b.internships.by_status, {});
	});

	it('every table exports as .xlsx in the caller\'s scope', async () => {
		for (const table of ['funnel', 'agreements', 'internships', 'refusals', 'visits']) {
			const r = await w.admin.get(`coop/export?table=${table}`);
			assert.equal(r.status, 200, `${table}: ${r}`);
			assert.match(r.header('content-type'), /spreadsheetml/);
		}
		const text = xlsxText((await w.admin.get('coop/export?table=funnel')).buf);
		assert.ok(text.includes(w.entA.name) && text.includes(w.collegeA.name) && text.includes('入职'));
		assert.ok(xlsxText((await w.admin.get('coop/export?table=visits')).buf).includes('学院走进云智软件'));
		assert.ok(!xlsxText((await w.hrA.client.get('coop/export?table=visits')).buf).includes('学院走进云智软件'));
		expectError(await w.admin.get('coop/export?table=secrets'), 400, 'invalid', 'table');
		expectError(await w.admin.get('coop/export'), 400, 'invalid', 'table');
	});
});
