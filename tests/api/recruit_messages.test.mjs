// Messages per application (站内消息, issue 14): who reads and writes a thread (its student and
// the HR of its enterprise; nobody else), the body's limits, read marks and the unread counts,
// writing stopped by a withdrawn or rejected application, the per-sender rate limit (a minute
// and a day), contact data refused before the student consented, reports and the operator's
// audited reading of reported threads only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { execSql, expectError } from './harness.mjs';
import { MAJOR, makeWorld, nowSec, openPosition, registerStudent, startRecruitServer } from './recruit_lib.mjs';

let srv;
let w;
let admin;
let hrA;
let hrB;
const S = {};
const A = {};

const profile = { major_code: MAJOR.mechatronics, grad_year: 2026, degree: 2 };
const thread = (client, app) => client.get(`applications/${app.id}/messages`);
const send = (client, app, body) => client.post(`applications/${app.id}/messages`, { body });
const unread = async (client) => (await client.get('messages/unread')).json;
const unreadOf = (u, app) => u.applications.find((x) => x.application_id === app.id)?.unread || 0;

before(async () => {
	srv = await startRecruitServer();
	w = await makeWorld(srv);
	admin = w.admin;
	hrA = w.hrA.client;
	hrB = w.hrB.client;
	S.a = await registerStudent(srv, w.collegeA, { name: '陈晓', profile });
	S.b = await registerStudent(srv, w.collegeA, { name: '林峰', profile });
	const pA = await openPosition(hrA, { title: '机电一体化技术员' });
	const pA2 = await openPosition(hrA, { title: '设备调试员' });
	const pB = await openPosition(hrB, { title: '能源材料操作工' });
	const apply = async (s, p) => {
		const r = await s.client.post(`positions/${p.id}/apply`);
		assert.equal(r.status, 201, `${r}`);
		return r.json.application;
	};
	A.a = await apply(S.a, pA); // the main thread: 陈晓 and HR A
	A.a2 = await apply(S.a, pA2); // withdrawn later
	A.b = await apply(S.b, pA); // rejected later
	A.bB = await apply(S.b, pB); // HR B's rate limit
});
after(() => srv?.stop());

describe('who reads and writes', () => {
	it('the student writes (trimmed), HR of the enterprise reads and answers', async () => {
		const r = await send(S.a.client, A.a, '  您好，请问岗位需要倒班吗？  ');
		assert.equal(r.status, 201, `${r}`);
		assert.equal(r.json.message.body, '您好，请问岗位需要倒班吗？');
		assert.equal(r.json.message.side, 'student');
		assert.equal(r.json.message.mine, 1);
		const t = await thread(hrA, A.a);
		assert.equal(t.status, 200, `${t}`);
		assert.deepEqual(t.json.thread.messages.map((m) => [m.side, m.mine, m.body]), [['student', 0, '您好，请问岗位需要倒班吗？']]);
		assert.equal(t.json.thread.can_write, true);
		assert.equal(t.json.thread.application.position_title, '机电一体化技术员');
		assert.equal((await send(hrA, A.a, '需要两班倒，月薪8000-12000元，2027-07-01 到岗。')).status, 201);
	});

	it('another enterprise, another student: 404; college staff: 403; the operator before a report: 404', async () => {
		for (const [c, label] of [[hrB, 'HR B'], [S.b.client, 'another student'], [admin, 'operator']]) {
			expectError(await thread(c, A.a), 404, 'not_found');
			if (c !== admin) expectError(await send(c, A.a, '你好'), 404, 'not_found');
			assert.ok(label);
		}
		expectError(await thread(w.staffA.client, A.a), 403, 'forbidden');
		expectError(await send(w.staffA.client, A.a, '你好'), 403, 'forbidden');
		expectError(await send(admin, A.a, '你好'), 403, 'forbidden');
		expectError(await thread(S.a.client, { id: 99999999 }), 404, 'not_found');
		assert.equal((await thread(S.a.client, A.a)).json.thread.messages.length, 2, 'nothing was added');
	});

	it('the body: required, not blank, at most 1000 characters, text only', async () => {
		expectError(await S.a.client.post(`applications/${A.a.id}/messages`, {}), 400, 'missing', 'body');
		expectError(await send(S.a.client, A.a, ' \n '), 400, 'missing', 'body');
		expectError(await send(S.a.client, A.a, '好'.repeat(1001)), 400, 'invalid', 'body');
		expectError(await S.a.client.post(`applications/${A.a.id}/messages`, { body: '你好', file: 'x.pdf' }), 400, 'unknown_field', 'file');
		assert.equal((await send(S.a.client, A.a, '好'.repeat(1000))).status, 201);
	});
});

describe('read marks and unread counts', () => {
	it('reading or answering marks the other side read; each side counts its own unread', async () => {
		assert.equal((await send(hrA, A.a, '请带上身份证复印件')).status, 201);
		const mine = await unread(S.a.client);
		assert.equal(unreadOf(mine, A.a), 1);
		assert.equal(mine.total, 1);
		assert.equal(unreadOf(await unread(hrA), A.a), 0, 'answering read what the student wrote');
		assert.equal((await unread(hrB)).total, 0);
		const t = await thread(S.a.client, A.a);
		assert.ok(t.json.thread.messages.at(-1).read_at > 0);
		assert.equal((await unread(S.a.client)).total, 0, 'read by reading');
		assert.equal((await send(S.a.client, A.a, '好的')).status, 201);
		assert.equal(unreadOf(await unread(hrA), A.a), 1);
		assert.equal((await unread(S.a.client)).total, 0, 'writing adds nothing to the writer');
		await thread(hrA, A.a);
		assert.equal(unreadOf(await unread(hrA), A.a), 0);
	});
});

describe('writing stops with the application', () => {
	it('withdrawn by the student: 409 for both sides, reading stays', async () => {
		assert.equal((await send(S.a.client, A.a2, '请问还招人吗')).status, 201);
		assert.equal((await S.a.client.post(`applications/${A.a2.id}/withdraw`)).status, 200);
		expectError(await send(S.a.client, A.a2, '我撤回了'), 409, 'conflict');
		expectError(await send(hrA, A.a2, '收到'), 409, 'conflict');
		const t = await thread(hrA, A.a2);
		assert.equal(t.status, 200);
		assert.equal(t.json.thread.can_write, false);
		assert.equal(t.json.thread.messages.length, 1);
	});

	it('rejected by HR: 409', async () => {
		assert.equal((await hrA.post(`applications/${A.b.id}/status`, { status: 'rejected' })).status, 200);
		expectError(await send(hrA, A.b, '抱歉'), 409, 'conflict');
		expectError(await send(S.b.client, A.b, '为什么'), 409, 'conflict');
	});
});

describe('contact data before consent', () => {
	it('a mobile, landline, e-mail, WeChat or QQ id from either side: 422 naming body, nothing written', async () => {
		const before = (await thread(hrA, A.a)).json.thread.messages.length;
		for (const text of ['我的手机 138 0013 8000', '电话１３９－１２３４－５６７８', '座机 0763-3388899']) expectError(await send(S.a.client, A.a, text), 422, 'rule', 'body');
		for (const text of ['简历发 hr.li@geli-qy.com', '加我微信 hr_zhang01', 'QQ：12345678']) expectError(await send(hrA, A.a, text), 422, 'rule', 'body');
		assert.equal((await thread(hrA, A.a)).json.thread.messages.length, before);
	});

	it('salaries, dates and position codes pass', async () => {
		assert.equal((await send(hrA, A.a, '岗位编号 JD-2027-0031，年薪 13000-150000 元，面试 2027-06-15 14:30')).status, 201);
	});

	it('after the student consented (accepting the offer), contact data passes both ways', async () => {
		assert.equal((await hrA.post(`applications/${A.a.id}/status`, { status: 'offered' })).status, 200);
		expectError(await send(S.a.client, A.a, '我的手机 138 0013 8000'), 422, 'rule', 'body');
		assert.equal((await S.a.client.post(`applications/${A.a.id}/accept`)).status, 200);
		assert.equal((await send(S.a.client, A.a, '我的手机 138 0013 8000')).status, 201);
		assert.equal((await send(hrA, A.a, '加我微信 hr_zhang01，入职前联系')).status, 201);
	});
});

describe('rate limit per sender', () => {
	it('10 a minute: the 11th is 429 with retry_after, nothing written; the other side still writes', async () => {
		for (let i = 1; i <= 10; i++) assert.equal((await send(hrB, A.bB, `第${i}条通知`)).status, 201, `message ${i}`);
		const err = expectError(await send(hrB, A.bB, '第11条'), 429, 'too_many_messages');
		assert.ok(err.retry_after >= 1 && err.retry_after <= 60, `retry_after ${err.retry_after}`);
		assert.equal((await thread(hrB, A.bB)).json.thread.messages.length, 10);
		assert.equal((await send(S.b.client, A.bB, '收到')).status, 201);
	});

	it('100 a day: an hour-old 100 refuse the next for most of a day', async () => {
		const hour = nowSec() - 3600;
		const hrBId = w.hrB.acct.id;
		execSql(srv.db, [
			`UPDATE application_messages SET created_at = ${hour} WHERE sender_id = ${hrBId}`,
			...Array.from({ length: 90 }, () => `INSERT INTO application_messages (application_id, sender_id, side, body, created_at) VALUES (${A.bB.id}, ${hrBId}, 'enterprise', '旧消息', ${hour})`),
		]);
		const err = expectError(await send(hrB, A.bB, '今天第101条'), 429, 'too_many_messages');
		assert.ok(err.retry_after > 22 * 3600 && err.retry_after <= 23 * 3600, `retry_after ${err.retry_after}`);
	});
});

describe('reports and the operator', () => {
	let report;
	it('a side reports a message of the other with a reason; its own, twice or not a party: refused', async () => {
		const msgs = (await thread(S.a.client, A.a)).json.thread.messages;
		const theirs = msgs.find((m) => m.side === 'enterprise');
		const own = msgs.find((m) => m.side === 'student');
		expectError(await S.a.client.post(`messages/${theirs.id}/report`, { reason: ' ' }), 400, 'missing', 'reason');
		const r = await S.a.client.post(`messages/${theirs.id}/report`, { reason: '要求缴纳培训费' });
		assert.equal(r.status, 201, `${r}`);
		report = r.json.report;
		assert.equal(report.status, 'open');
		assert.equal(report.message_id, theirs.id);
		assert.equal(report.application_id, A.a.id);
		expectError(await S.a.client.post(`messages/${theirs.id}/report`, { reason: '再次举报' }), 409, 'conflict');
		expectError(await S.a.client.post(`messages/${own.id}/report`, { reason: '自己的' }), 422, 'rule');
		expectError(await hrB.post(`messages/${theirs.id}/report`, { reason: '无关' }), 404, 'not_found');
		expectError(await S.a.client.post('messages/99999999/report', { reason: '不存在' }), 404, 'not_found');
	});

	it('the operator lists reports and reads the reported thread (audited, marks nothing); others cannot', async () => {
		const list = await admin.get('messages/reports?status=open');
		assert.equal(list.status, 200, `${list}`);
		assert.deepEqual(list.json.items.map((x) => x.id), [report.id]);
		assert.equal(list.json.items[0].reporter_role, 'student');
		expectError(await admin.get('messages/reports?status=maybe'), 400, 'invalid', 'status');
		expectError(await S.a.client.get('messages/reports'), 403, 'forbidden');
		expectError(await hrA.get('messages/reports'), 403, 'forbidden');
		await send(S.a.client, A.a, '我已举报');
		const t = await thread(admin, A.a);
		assert.equal(t.status, 200, `${t}`);
		assert.equal(t.json.thread.can_write, false);
		assert.ok(t.json.thread.messages.length >= 4);
		assert.equal(unreadOf(await unread(hrA), A.a), 1, "the operator's read marks nothing");
		const audit = await admin.get('audit?action=message.thread_view');
		assert.deepEqual(audit.json.items.map((x) => [x.object_type, x.object_id]), [['application', String(A.a.id)]]);
		expectError(await thread(admin, A.a2), 404, 'not_found');
		const reported = await admin.get('audit?action=message.report');
		assert.equal(reported.json.items[0].object_id, String(report.message_id));
		// The list shows the reported bodies: each page shown is on record, by report id.
		const viewed = await admin.get('audit?action=message.reports_view');
		assert.equal(viewed.json.items.length, 1, 'the refused lists recorded nothing');
		assert.equal(viewed.json.items[0].detail, `reports ${report.id}`);
		assert.ok(!viewed.json.items[0].detail.includes(list.json.items[0].message_body));
	});

	it('the operator closes a report once (audited); the thread stays readable', async () => {
		const r = await admin.post(`messages/reports/${report.id}/close`, { resolution: '已提醒企业' });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.report.status, 'closed');
		assert.equal(r.json.report.resolution, '已提醒企业');
		expectError(await admin.post(`messages/reports/${report.id}/close`, {}), 409, 'conflict');
		expectError(await admin.post('messages/reports/99999999/close', {}), 404, 'not_found');
		expectError(await hrA.post(`messages/reports/${report.id}/close`, {}), 403, 'forbidden');
		assert.equal((await admin.get('messages/reports?status=open')).json.total, 0);
		assert.equal((await admin.get('audit?action=message.report_close')).json.items[0].object_id, String(report.id));
	});
});

describe("the student's own data", () => {
	it('the data export holds the threads, the contact consents and the invitations; closing the account erases what the student wrote and ends the consent', async () => {
		const ex = await S.a.client.get('students/me/export');
		assert.equal(ex.status, 200, `${ex}`);
		const mine = ex.json.messages.filter((m) => m.application_id === A.a.id);
		assert.ok(mine.some((m) => m.side === 'student' && m.body === '我的手机 138 0013 8000'));
		assert.ok(mine.some((m) => m.side === 'enterprise' && m.body.startsWith('加我微信')));
		assert.deepEqual(ex.json.contact_consents.map((c) => [c.application_id, c.source, c.withdrawn_at]), [[A.a.id, 'offer', null]]);
		assert.ok(Array.isArray(ex.json.interview_invitations));
		assert.equal((await hrA.get(`applications/${A.a.id}/contact`)).status, 200, 'the consent stands before closing');

		assert.equal((await S.a.client.post('students/me/close', { password: S.a.password })).status, 200);
		const t = await thread(hrA, A.a);
		assert.equal(t.status, 200, `${t}`);
		const sides = t.json.thread.messages;
		assert.ok(sides.filter((m) => m.side === 'student').every((m) => m.body === '（学生已注销账号，消息已删除）'));
		assert.ok(sides.some((m) => m.side === 'enterprise' && m.body.startsWith('加我微信')), "the enterprise's side stays");
		expectError(await hrA.get(`applications/${A.a.id}/contact`), 403, 'forbidden');
	});
});
