// 好差评 (issue 13): ratings of finished cases, the follow-up a bad rating opens — contact,
// rectification, call-back, second rating, appeal and review — on the working-day clock,
// the settings, and the published indicators with their export.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, uniq, xlsxText } from './harness.mjs';
import { Calendar, backdatedCase, chinaToday, makeItem, makeServicesWorld, plusDays, startServicesServer } from './services_lib.mjs';

let srv;
let w;
const cal = Calendar.shipped();
const T = chinaToday();

before(async () => {
	srv = await startServicesServer();
	w = await makeServicesWorld(srv);
});
after(() => srv?.stop());

/** A case of enterprise A accepted on `accepted` and finished today (approved). */
async function finished(item = w.item, accepted = T) {
	const c = await backdatedCase(w, { received: accepted, accepted, item });
	const r = await w.officer.client.post(`services/cases/${c.id}/finish`, { outcome: 'approved' });
	assert.equal(r.status, 200, `${r}`);
	return r.json.case;
}

const rate = (client, body) => client.post('services/ratings', body);

describe('rating a finished case', () => {
	it('once per applicant, after it is done, by its own HR or recorded by an officer', async () => {
		const open = await backdatedCase(w, { received: T, accepted: T });
		expectError(await rate(w.hrA.client, { subject_kind: 'case', subject_id: open.id, level: 5, channel: 'web' }), 422, 'rule', 'subject_id');
		const c = await finished();
		expectError(await rate(w.hrB.client, { subject_kind: 'case', subject_id: c.id, level: 5, channel: 'web' }), 404, 'not_found', 'subject_id');
		expectError(await rate(w.hrA.client, { subject_kind: 'case', subject_id: c.id, level: 6, channel: 'web' }), 400, 'invalid', 'level');
		expectError(await rate(w.hrA.client, { subject_kind: 'case', subject_id: c.id, level: 5, channel: 'window' }), 400, 'invalid', 'channel');
		expectError(await rate(w.hrA.client, { subject_kind: 'case', subject_id: c.id, level: 5, channel: 'web', on: plusDays(T, -1) }), 400, 'invalid', 'on');
		expectError(await rate(w.hrA.client, { subject_kind: 'thing', subject_id: c.id, level: 5, channel: 'web' }), 400, 'invalid', 'subject_kind');
		const r = await rate(w.hrA.client, { subject_kind: 'case', subject_id: c.id, level: 5, comment: '办得快', channel: 'mobile' });
		assert.equal(r.status, 201, `${r}`);
		assert.equal(r.json.rating.level, 5);
		assert.equal(r.json.rating.rated_on, T);
		assert.equal(r.json.followup, null);
		expectError(await rate(w.hrA.client, { subject_kind: 'case', subject_id: c.id, level: 4, channel: 'web' }), 409, 'already_rated');
		assert.deepEqual((await w.hrA.client.get(`services/cases/${c.id}`)).json.case.actions, []);
		const mine = await w.hrA.client.get('services/ratings');
		assert.ok(mine.json.items.every((x) => x.org_id === w.entA.id));
		assert.ok(mine.json.items.some((x) => x.subject_id === c.id));
		assert.ok(!(await w.hrB.client.get('services/ratings')).json.items.some((x) => x.subject_id === c.id));
		// at the window an officer records it for the applicant (may be anonymous)
		const c2 = await finished();
		expectError(await rate(w.officer.client, { subject_kind: 'case', subject_id: c2.id, level: 3, channel: 'web' }), 400, 'invalid', 'channel');
		const k = await rate(w.officer.client, { subject_kind: 'case', subject_id: c2.id, level: 3, channel: 'kiosk', named: false });
		assert.equal(k.status, 201, `${k}`);
	});

	it('fairs are rated only when the operator enables it; visits and bookings not yet', async () => {
		expectError(await rate(w.hrA.client, { subject_kind: 'fair', subject_id: 1, level: 5, channel: 'web' }), 422, 'rule', 'subject_kind');
		expectError(await w.hrA.client.post('services/settings', { rate_fairs: true }), 403, 'forbidden');
		const s = await w.officer.client.post('services/settings', { rate_fairs: true });
		assert.equal(s.status, 200, `${s}`);
		assert.equal(s.json.rate_fairs, true);
		expectError(await rate(w.hrA.client, { subject_kind: 'fair', subject_id: 999999, level: 5, channel: 'web' }), 404, 'not_found', 'subject_id');
		expectError(await rate(w.hrA.client, { subject_kind: 'visit', subject_id: 1, level: 5, channel: 'web' }), 422, 'rule', 'subject_kind');
		await w.officer.client.post('services/settings', { rate_fairs: false });
	});
});

describe('a bad rating and its follow-up', () => {
	it('contact, rectification, call-back, the second rating: every step on the clock', async () => {
		const c = await finished();
		expectError(await rate(w.hrA.client, { subject_kind: 'case', subject_id: c.id, level: 2, channel: 'web' }), 400, 'invalid', 'comment');
		const r = await rate(w.hrA.client, { subject_kind: 'case', subject_id: c.id, level: 2, comment: '窗口让我跑了三趟', channel: 'web' });
		assert.equal(r.status, 201, `${r}`);
		let f = r.json.followup;
		assert.equal(f.id > 0, true);
		f = (await w.officer.client.get(`services/followups/${f.id}`)).json.followup;
		assert.equal(f.status, 'open');
		assert.equal(f.opened_on, T);
		assert.equal(f.contact.due, cal.add(T, 1));
		assert.equal(f.rectify.due, cal.add(T, 5));
		assert.equal(f.rectify.days, 5);
		assert.equal(f.contact.late, false);
		assert.equal(f.rating.level, 2);
		assert.equal(f.rating.named, true);
		assert.equal(f.department.id, w.depA.id);
		assert.deepEqual(f.actions.sort(), ['appeal', 'callback', 'contact']);
		const step = (name, body = {}) => w.officer.client.post(`services/followups/${f.id}/${name}`, body);
		expectError(await step('rectify', { note: '已整改' }), 409, 'wrong_state');
		expectError(await step('contact', {}), 400, 'missing', 'note');
		let s = await step('contact', { note: '电话联系企业，了解情况' });
		assert.equal(s.status, 200, `${s}`);
		assert.equal(s.json.followup.status, 'contacted');
		assert.equal(s.json.followup.contact.done_on, T);
		s = await step('rectify', { note: '一次性告知清单上墙' });
		assert.equal(s.json.followup.status, 'rectified');
		assert.equal(s.json.followup.rectify.late, false);
		expectError(await step('close'), 422, 'rule');
		// on the call-back list until called back
		let list = await w.officer.client.get('services/followups?callback=1');
		assert.ok(list.json.items.some((x) => x.id === f.id));
		s = await step('callback', { note: '企业表示满意' });
		assert.equal(s.status, 200, `${s}`);
		expectError(await step('callback', { note: '再回访' }), 409, 'wrong_state');
		list = await w.officer.client.get('services/followups?callback=1');
		assert.ok(!list.json.items.some((x) => x.id === f.id));
		// the second rating closes it
		const second = await rate(w.hrA.client, { subject_kind: 'case', subject_id: c.id, level: 4, comment: '改进了', channel: 'web' });
		assert.equal(second.status, 201, `${second}`);
		assert.equal(second.json.rating.round, 2);
		f = (await w.officer.client.get(`services/followups/${f.id}`)).json.followup;
		assert.equal(f.status, 'closed');
		assert.equal(f.second_rating_id, second.json.rating.id);
		expectError(await rate(w.hrA.client, { subject_kind: 'case', subject_id: c.id, level: 5, channel: 'web' }), 409, 'already_rated');
	});

	it('a rating given days ago at the window: late steps show, and count against "on time"', async () => {
		const c = await finished(w.item, cal.add(T, -12));
		const given = cal.add(T, -4);
		const r = await rate(w.officer.client, { subject_kind: 'case', subject_id: c.id, level: 1, comment: '态度差', channel: 'window', on: given });
		assert.equal(r.status, 201, `${r}`);
		const id = r.json.followup.id;
		let f = (await w.officer.client.get(`services/followups/${id}`)).json.followup;
		assert.equal(f.contact.due, cal.add(given, 1));
		assert.equal(f.contact.late, true);
		const late = await w.officer.client.get('services/followups?late=1');
		assert.ok(late.json.items.some((x) => x.id === id));
		const badge = await w.officer.client.get('services/badge');
		assert.ok(badge.json.followups_due >= 1);
		f = (await w.officer.client.post(`services/followups/${id}/contact`, { note: '联系上了' })).json.followup;
		assert.equal(f.contact.done_on, T);
		assert.equal(f.contact.late, true);
	});

	it('an appeal is reviewed by the head, never by the appellant; upheld, the rating stops counting', async () => {
		const c = await finished();
		const r = await rate(w.hrA.client, { subject_kind: 'case', subject_id: c.id, level: 1, comment: '故意差评测试', channel: 'web' });
		const id = r.json.followup.id;
		expectError(await w.officer.client.post(`services/followups/${id}/appeal`, {}), 400, 'missing', 'note');
		let s = await w.officer.client.post(`services/followups/${id}/appeal`, { note: '该企业承认评价有误' });
		assert.equal(s.json.followup.status, 'appealed');
		// `actions` offers the review only to whom may do it: the head, not the appellant nor another officer.
		assert.deepEqual(s.json.followup.actions, []);
		assert.deepEqual((await w.other.client.get(`services/followups/${id}`)).json.followup.actions, []);
		assert.deepEqual((await w.head.client.get(`services/followups/${id}`)).json.followup.actions, ['review']);
		const listed = (await w.head.client.get('services/followups?status=appealed&page_size=200')).json.items.find((x) => x.id === id);
		assert.deepEqual(listed.actions, ['review']);
		expectError(await w.officer.client.post(`services/followups/${id}/review`, { upheld: true }), 403, 'forbidden');
		expectError(await w.other.client.post(`services/followups/${id}/review`, { upheld: true }), 403, 'forbidden');
		expectError(await w.head.client.post(`services/followups/${id}/review`, {}), 400, 'missing', 'upheld');
		s = await w.head.client.post(`services/followups/${id}/review`, { upheld: true, note: '核实属实' });
		assert.equal(s.status, 200, `${s}`);
		assert.equal(s.json.followup.status, 'voided');
		assert.equal(s.json.followup.review.upheld, true);
		assert.equal(s.json.followup.rating.excluded, true);
		// not upheld: back where it was
		const c2 = await finished();
		const r2 = await rate(w.hrA.client, { subject_kind: 'case', subject_id: c2.id, level: 2, comment: '等太久', channel: 'web' });
		const id2 = r2.json.followup.id;
		await w.officer.client.post(`services/followups/${id2}/contact`, { note: '已联系' });
		await w.officer.client.post(`services/followups/${id2}/appeal`, { note: '认为评价有误' });
		s = await w.head.client.post(`services/followups/${id2}/review`, { upheld: false, note: '评价属实，继续整改' });
		assert.equal(s.json.followup.status, 'contacted');
	});

	it('the rectification days are a setting', async () => {
		expectError(await w.officer.client.post('services/settings', { rectify_days: 0 }), 400, 'invalid', 'rectify_days');
		let s = await w.officer.client.post('services/settings', { rectify_days: 3 });
		assert.equal(s.json.rectify_days, 3);
		const c = await finished();
		const r = await rate(w.hrA.client, { subject_kind: 'case', subject_id: c.id, level: 2, comment: '太慢', channel: 'web' });
		const f = (await w.officer.client.get(`services/followups/${r.json.followup.id}`)).json.followup;
		assert.equal(f.rectify.days, 3);
		assert.equal(f.rectify.due, cal.add(T, 3));
		s = await w.officer.client.post('services/settings', { rectify_days: 5 });
		assert.equal(s.json.rectify_days, 5);
	});
});

describe('published indicators', () => {
	it('per department and item: ratings, 差评 on time, days per case, over the limit, 容缺 share', async () => {
		const dep = (await w.head.client.post('services/departments', { name: `统计科${uniq('')}` })).json.department;
		const item = await makeItem(w.officer.client, dep.id);
		const [, m2] = item.materials;
		// c1: 容缺 accepted today, the pending material handed in, finished today
		let c1 = await backdatedCase(w, { received: T, item });
		await w.officer.client.post(`services/cases/${c1.id}/paper`, { material_id: item.materials[0].id });
		c1 = (await w.officer.client.post(`services/cases/${c1.id}/accept`, { missing: [m2.id] })).json.case;
		await w.officer.client.post(`services/cases/${c1.id}/paper`, { material_id: m2.id });
		c1 = (await w.officer.client.post(`services/cases/${c1.id}/finish`, { outcome: 'approved' })).json.case;
		// c2: accepted 8 working days ago, finished today: late
		const acc2 = cal.add(T, -8);
		const c2 = await finished(item, acc2);
		assert.equal(c2.clock.late, true);
		// c3: accepted 7 working days ago, still open: overdue now
		const acc3 = cal.add(T, -7);
		await backdatedCase(w, { received: acc3, accepted: acc3, item });
		await rate(w.hrA.client, { subject_kind: 'case', subject_id: c1.id, level: 5, channel: 'web' });
		const bad = await rate(w.hrA.client, { subject_kind: 'case', subject_id: c2.id, level: 2, comment: '超期', channel: 'web' });
		const fid = bad.json.followup.id;
		await w.officer.client.post(`services/followups/${fid}/contact`, { note: '已联系' });
		await w.officer.client.post(`services/followups/${fid}/rectify`, { note: '已整改' });

		const from = plusDays(T, -60);
		const q = `from=${from}&to=${T}`;
		const r = await w.head.client.get(`services/indicators?by=department&${q}`);
		assert.equal(r.status, 200, `${r}`);
		const row = r.json.rows.find((x) => x.id === dep.id);
		assert.deepEqual(row.ratings, { 5: 1, 4: 0, 3: 0, 2: 1, 1: 0 });
		assert.equal(row.ratings_total, 2);
		assert.equal(row.satisfaction, 0.5);
		assert.equal(row.bad, 1);
		assert.equal(row.bad_on_time, 1);
		assert.equal(row.bad_on_time_rate, 1);
		assert.equal(row.finished, 2);
		const used = 0 + cal.count(acc2, T);
		assert.equal(row.avg_days, Math.round((used / 2) * 10) / 10);
		assert.equal(row.finished_late, 1);
		assert.equal(row.open_overdue, 1);
		assert.equal(row.over_limit, 2);
		assert.equal(row.accepted, 3);
		assert.equal(row.tolerant, 1);
		assert.equal(row.tolerant_share, 0.333);
		const byItem = await w.head.client.get(`services/indicators?by=item&${q}`);
		const irow = byItem.json.rows.find((x) => x.id === item.id);
		assert.equal(irow.ratings_total, 2);
		assert.equal(irow.over_limit, 2);
		assert.ok(byItem.json.total.ratings_total >= 2);
		// the operator reads them, HR do not; the export has the department
		assert.equal((await w.admin.get(`services/indicators?${q}`)).status, 200);
		expectError(await w.hrA.client.get('services/indicators'), 403, 'forbidden');
		expectError(await w.head.client.get('services/indicators?by=colour'), 400, 'invalid', 'by');
		expectError(await w.head.client.get(`services/indicators?from=${T}&to=${from}`), 400, 'invalid', 'to');
		const x = await w.head.client.get(`services/indicators/export?by=department&${q}`);
		assert.equal(x.status, 200);
		const text = xlsxText(x.buf);
		assert.ok(text.includes(dep.name), 'the department is in the sheet');
		assert.ok(text.includes('50.0%') && text.includes('33.3%'), 'shares as percentages');
	});
});
