// HR reaching a candidate (issue 14): interview invitations (面试邀请) with time, format,
// place or link and contact; the student accepts, declines or asks to reschedule; in-app
// reminders on both sides; and contact consent: after the student accepts an invitation or
// an offer, HR of that enterprise sees the student's full phone on that application
// (audited), withdrawn with the application. Scope: HR of another enterprise, another
// student, staff of another college see nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError } from './harness.mjs';
import { faultEveryStep } from './faults_lib.mjs';
import { MAJOR, makeWorld, maskPhone, nowSec, openPosition, phoneNumber, registerStudent, startRecruitServer } from './recruit_lib.mjs';

let srv;
let w;
let admin;
let hrA;
let hrB;
const S = {};
const A = {};

// An ISO 8601 time with the China offset, `hours` from now (whole minutes).
const chinaIso = (hours) => {
	const t = new Date((Math.floor(nowSec() / 60) * 60 + hours * 3600) * 1000 + 8 * 3600 * 1000);
	return { iso: t.toISOString().slice(0, 19) + '+08:00', epoch: Math.floor(t.getTime() / 1000) - 8 * 3600 };
};
const T1 = chinaIso(3);
const body = (over = {}) => ({
	starts_at: T1.iso,
	minutes: 45,
	format: 'onsite',
	place: '清远市清城区格力大道1号 3号楼面试室',
	contact_name: '王经理',
	contact_phone: '0763-3388123',
	note: '请携带毕业证书复印件',
	...over,
});
const invite = (hr, app, over) => hr.post(`applications/${app.id}/invitations`, body(over));
const invitations = (client, app) => client.get(`applications/${app.id}/invitations`);
const answer = (s, inv, a, note) => s.client.post(`invitations/${inv.id}/answer`, note ? { answer: a, note } : { answer: a });
const audit = async (action) => (await admin.get(`audit?action=${action}&page_size=100`)).json.items;
const statusOf = async (app) => (await admin.get(`applications/${app.id}`)).json.application;

before(async () => {
	// Faults only when a request asks for one (X-Skyway-Fault): the last suite.
	srv = await startRecruitServer({ env: { SKYWAY_TEST_FAULTS: '1' } });
	w = await makeWorld(srv);
	admin = w.admin;
	hrA = w.hrA.client;
	hrB = w.hrB.client;
	const profile = { major_code: MAJOR.mechatronics, grad_year: 2026, degree: 2 };
	for (const [k, name, college] of [['a', '陈晓', w.collegeA], ['b', '林峰', w.collegeB], ['c', '吴娜', w.collegeA]]) {
		const phone = phoneNumber();
		S[k] = await registerStudent(srv, college, { name, profile: { ...profile, phone } });
		S[k].phone = phone;
	}
	const pos = await openPosition(hrA, { title: '机电设备维修技术员' });
	for (const k of ['a', 'b', 'c']) {
		const r = await S[k].client.post(`positions/${pos.id}/apply`);
		assert.equal(r.status, 201, `${r}`);
		A[k] = r.json.application;
	}
});
after(() => srv?.stop());

describe('HR invites', () => {
	it('refuses bad input with 4xx naming the field, writing nothing', async () => {
		const cases = [
			[{ starts_at: '2026-13-01T10:00:00+08:00' }, 400, 'starts_at'],
			[{ starts_at: T1.iso.slice(0, 19) }, 400, 'starts_at'],
			[{ starts_at: chinaIso(-2).iso }, 422, 'starts_at'],
			[{ format: 'video' }, 400, 'format'],
			[{ place: undefined }, 422, 'place'],
			[{ format: 'online', place: undefined }, 422, 'link'],
			[{ format: 'online', link: 'http://meeting.example.cn/123' }, 422, 'link'],
			[{ minutes: 1 }, 400, 'minutes'],
			[{ contact_phone: '王经理电话' }, 400, 'contact_phone'],
			[{ contact_name: undefined }, 400, 'contact_name', 'missing'],
			[{ salary: 5000 }, 400, 'salary', 'unknown_field'],
		];
		for (const [over, status, field, code] of cases) {
			const err = expectError(await invite(hrA, A.a, over), status, code || (status === 422 ? 'rule' : 'invalid'), field);
			assert.match(err.message, /[\u4e00-\u9fff]/, `message in Chinese: ${err.message}`);
		}
		assert.equal((await invitations(hrA, A.a)).json.items.length, 0);
		assert.equal((await statusOf(A.a)).status, 'submitted');
	});

	it('HR of the enterprise invites: 201, the application moves to interview with its event', async () => {
		const r = await invite(hrA, A.a);
		assert.equal(r.status, 201, `${r}`);
		const inv = r.json.invitation;
		assert.equal(inv.status, 'pending');
		assert.equal(inv.starts_at, T1.epoch);
		assert.equal(inv.minutes, 45);
		assert.equal(inv.format, 'onsite');
		assert.equal(inv.contact_phone, '0763-3388123');
		assert.equal(inv.student_name, '陈晓');
		A.a.inv = inv;
		const app = await statusOf(A.a);
		assert.equal(app.status, 'interview');
		assert.deepEqual(app.history.at(-1).to_status, 'interview');
		assert.equal(app.history.at(-1).note, '邀请面试');
	});

	it('another enterprise, a student or an unknown application: 404/403, nothing written', async () => {
		expectError(await invite(hrB, A.a), 404, 'not_found');
		expectError(await S.a.client.post(`applications/${A.a.id}/invitations`, body()), 403, 'forbidden');
		expectError(await hrA.post('applications/99999999/invitations', body()), 404, 'not_found');
		expectError(await invitations(hrB, A.a), 404, 'not_found');
		expectError(await invitations(S.b.client, A.a), 404, 'not_found');
		expectError(await invitations(w.staffB.client, A.a), 404, 'not_found');
		expectError(await answer(S.b, A.a.inv, 'accept'), 404, 'not_found');
		expectError(await hrB.post(`invitations/${A.a.inv.id}/cancel`), 404, 'not_found');
		for (const c of [hrA, S.a.client, admin, w.staffA.client]) {
			const r = await invitations(c, A.a);
			assert.equal(r.status, 200, `${r}`);
			assert.deepEqual(r.json.items.map((i) => i.status), ['pending']);
		}
	});
});

describe('the student answers', () => {
	it('asks to reschedule (the note is required); HR sees it; a new invitation supersedes it', async () => {
		expectError(await answer(S.a, A.a.inv, 'reschedule'), 422, 'rule', 'note');
		expectError(await answer(S.a, A.a.inv, 'maybe'), 400, 'invalid', 'answer');
		const r = await answer(S.a, A.a.inv, 'reschedule', '本周四下午或周五上午都可以');
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.invitation.status, 'reschedule');
		assert.equal(r.json.invitation.answer_note, '本周四下午或周五上午都可以');
		const hrUp = (await hrA.get('invitations/upcoming')).json;
		assert.ok(hrUp.items.some((i) => i.id === A.a.inv.id && i.status === 'reschedule'));
		const again = await invite(hrA, A.a, { format: 'online', place: undefined, link: 'https://meeting.tencent.com/dm/abc123', starts_at: chinaIso(5).iso });
		assert.equal(again.status, 201, `${again}`);
		A.a.inv2 = again.json.invitation;
		const list = (await invitations(S.a.client, A.a)).json.items;
		assert.deepEqual(list.map((i) => [i.id, i.status]), [[A.a.inv2.id, 'pending'], [A.a.inv.id, 'superseded']]);
		expectError(await answer(S.a, A.a.inv, 'accept'), 409, 'conflict');
		const up = (await S.a.client.get('invitations/upcoming')).json;
		assert.equal(up.count, 1);
		assert.equal(up.items[0].id, A.a.inv2.id);
		assert.equal(up.items[0].link, 'https://meeting.tencent.com/dm/abc123');
		assert.equal((await S.b.client.get('invitations/upcoming')).json.count, 0);
		assert.equal((await hrB.get('invitations/upcoming')).json.count, 0);
	});

	it('before consent the phone stays masked and HR may not read it (403)', async () => {
		expectError(await hrA.get(`applications/${A.a.id}/contact`), 403, 'forbidden');
		const r = await invitations(hrA, A.a);
		assert.equal(r.json.consent, null);
		assert.equal((await statusOf(A.a)).phone, maskPhone(S.a.phone));
	});

	it('accepting grants consent: HR of that enterprise sees the full phone, audited', async () => {
		const r = await answer(S.a, A.a.inv2, 'accept');
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.invitation.status, 'accepted');
		expectError(await answer(S.a, A.a.inv2, 'decline'), 409, 'conflict');
		const consent = (await invitations(hrA, A.a)).json.consent;
		assert.equal(consent.source, 'interview');
		const c = await hrA.get(`applications/${A.a.id}/contact`);
		assert.equal(c.status, 200, `${c}`);
		assert.equal(c.json.contact.phone, S.a.phone);
		assert.equal(c.json.contact.source, 'interview');
		// Only that application, only that enterprise; lists stay masked.
		expectError(await hrB.get(`applications/${A.a.id}/contact`), 404, 'not_found');
		expectError(await hrA.get(`applications/${A.b.id}/contact`), 403, 'forbidden');
		const list = (await hrA.get('applications')).json.items;
		assert.equal(list.find((x) => x.id === A.a.id).phone, maskPhone(S.a.phone));
		const views = await audit('contact.view');
		assert.equal(views.length, 1);
		assert.equal(String(views[0].object_id), String(S.a.id));
		assert.equal(views[0].login, w.hrA.acct.login);
		const grants = await audit('contact.grant');
		assert.deepEqual(grants.map((g) => [String(g.object_id), g.detail]), [[String(A.a.id), 'interview']]);
		assert.equal((await audit('invitation.accept')).length, 1);
		// Accepted and within 48 hours: a reminder on both sides.
		assert.ok((await hrA.get('invitations/upcoming')).json.items.some((i) => i.id === A.a.inv2.id && i.status === 'accepted'));
		assert.equal((await S.a.client.get('invitations/upcoming')).json.items[0].status, 'accepted');
	});

	it('withdrawing the application withdraws consent and cancels the invitation', async () => {
		assert.equal((await S.a.client.post(`applications/${A.a.id}/withdraw`)).status, 200);
		expectError(await hrA.get(`applications/${A.a.id}/contact`), 403, 'forbidden');
		const r = (await invitations(hrA, A.a)).json;
		assert.equal(r.consent, null);
		assert.equal(r.items[0].status, 'cancelled');
		const w1 = await audit('contact.withdraw');
		assert.deepEqual(w1.map((x) => String(x.object_id)), [String(A.a.id)]);
		const err = expectError(await invite(hrA, A.a), 409, 'conflict');
		assert.match(err.message, /已撤回/);
		assert.equal((await S.a.client.get('invitations/upcoming')).json.count, 0);
	});

	it('declining leaves no consent; HR cancels a pending invitation once', async () => {
		const i1 = (await invite(hrA, A.c)).json.invitation;
		assert.equal((await answer(S.c, i1, 'decline')).json.invitation.status, 'declined');
		expectError(await hrA.get(`applications/${A.c.id}/contact`), 403, 'forbidden');
		const i2 = (await invite(hrA, A.c)).json.invitation;
		const c = await hrA.post(`invitations/${i2.id}/cancel`);
		assert.equal(c.status, 200, `${c}`);
		assert.equal(c.json.invitation.status, 'cancelled');
		expectError(await hrA.post(`invitations/${i2.id}/cancel`), 409, 'conflict');
		expectError(await answer(S.c, i2, 'accept'), 409, 'conflict');
		assert.equal((await audit('invitation.cancel')).length, 1);
		// Consent given, then HR rejects: the consent ends with the application.
		const i3 = (await invite(hrA, A.c)).json.invitation;
		assert.equal((await answer(S.c, i3, 'accept')).json.invitation.status, 'accepted');
		assert.equal((await invitations(hrA, A.c)).json.consent.source, 'interview');
		assert.equal((await hrA.post(`applications/${A.c.id}/status`, { status: 'rejected' })).status, 200);
		assert.equal((await invitations(hrA, A.c)).json.consent, null);
		expectError(await hrA.get(`applications/${A.c.id}/contact`), 403, 'forbidden');
		expectError(await S.c.client.post(`applications/${A.c.id}/contact/withdraw`), 409, 'conflict');
		// A rejected application cannot be invited.
		expectError(await invite(hrA, A.c), 409, 'conflict');
	});

	it('accepting an offer grants consent too (source offer)', async () => {
		assert.equal((await hrA.post(`applications/${A.b.id}/status`, { status: 'offered' })).status, 200);
		assert.equal((await S.b.client.post(`applications/${A.b.id}/accept`)).status, 200);
		const c = await hrA.get(`applications/${A.b.id}/contact`);
		assert.equal(c.status, 200, `${c}`);
		assert.equal(c.json.contact.phone, S.b.phone);
		assert.equal(c.json.contact.source, 'offer');
		expectError(await invite(hrA, A.b), 409, 'conflict');
		assert.equal((await audit('contact.view')).length, 2);
		// The student takes the consent back (an accepted offer cannot be withdrawn, the
		// consent can): HR sees no phone any more; only the student may do it.
		expectError(await S.a.client.post(`applications/${A.b.id}/contact/withdraw`), 404, 'not_found');
		const back = await S.b.client.post(`applications/${A.b.id}/contact/withdraw`);
		assert.equal(back.status, 200, `${back}`);
		assert.equal(back.json.consent, null);
		expectError(await hrA.get(`applications/${A.b.id}/contact`), 403, 'forbidden');
		const taken = (await audit('contact.withdraw')).filter((x) => String(x.object_id) === String(A.b.id));
		assert.deepEqual(taken.map((x) => x.detail), ['student']);
		expectError(await S.b.client.post(`applications/${A.b.id}/contact/withdraw`), 409, 'conflict');
	});
});

describe('a write that fails writes nothing', () => {
	it('inviting and accepting (consent): a fault at each database operation answers 500 and leaves the database as it was', async () => {
		const pos = await openPosition(hrA, { title: '电气设备安装工' });
		const app = (await S.c.client.post(`positions/${pos.id}/apply`)).json.application;
		const steps = async (what, send) => {
			const { r } = await faultEveryStep(srv, what, send);
			assert.equal(r.status < 300, true, `${what} unfaulted: ${r}`);
			return r;
		};
		const inv = (await steps('invite', (headers) => hrA.request('POST', `applications/${app.id}/invitations`, { json: body(), headers }))).json.invitation;
		await steps('accept', (headers) => S.c.client.request('POST', `invitations/${inv.id}/answer`, { json: { answer: 'accept' }, headers }));
		assert.equal((await hrA.get(`applications/${app.id}/contact`)).status, 200);
		// Withdrawing is walked in faults_recruit (its consent and invitations steps too).
		assert.equal((await S.c.client.post(`applications/${app.id}/withdraw`)).status, 200);
		expectError(await hrA.get(`applications/${app.id}/contact`), 403, 'forbidden');
		assert.equal((await invitations(hrA, app)).json.items[0].status, 'cancelled');
	});
});
