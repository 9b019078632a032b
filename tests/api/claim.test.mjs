// Claiming a student record (学籍认领, issue 16 item 1): a student registers by proving they
// own the record their college imported (name + last 6 of the ID number, or a one-time
// activation code), every refusal answers alike, records lock after 5 failures, and the
// college sees attempts, unlocks, resets claims and hands out codes — its own records only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { creditCode, expectError, makeCollege, sleep, startServer, uniq } from './harness.mjs';
import {
	DATA_KEY,
	PASSWORD_COST,
	activationCode,
	expectXlsx,
	idNumber,
	importStudent,
	makeWorld,
	nowSec,
	startRecruitServer,
	studentNo,
} from './recruit_lib.mjs';

let srv;
let w;
let admin;
const PW = 'claim-pass-2026';

before(async () => {
	srv = await startRecruitServer();
	w = await makeWorld(srv);
	admin = w.admin;
});
after(() => srv?.stop());

/** A registration body for record rec (its number and name unless overridden). */
const body = (rec, over = {}) => ({ college_id: rec.college_id, student_no: rec.student_no, name: rec.name, login: uniq('cl'), password: PW, ...over });
/** POST /register/student from a fresh address. */
const register = (b) => srv.client().post('register/student', b);
/** One record of college A with an ID number (and optionally a class). */
async function recordA(name, extra = {}) {
	const id_number = idNumber();
	const rec = await importStudent(srv, w.collegeA, { student_no: studentNo(), name, id_number, ...extra });
	return { ...rec, id_number, id6: id_number.slice(-6) };
}
/** The record as college staff A sees it now. */
async function recordNow(rec, client = w.staffA.client) {
	const r = await client.get(`claims/records?q=${encodeURIComponent(rec.student_no)}`);
	assert.equal(r.status, 200, `${r}`);
	return r.json.items.find((x) => x.id === rec.id);
}
/** The other ID-digit strings that are not rec's. */
const wrong6 = (rec) => (rec.id6.startsWith('9') ? '1' : '9') + rec.id6.slice(1);

/** The one refusal: 404 not_found field student_no (returns the response). */
function refused(r) {
	expectError(r, 404, 'not_found', 'student_no');
	return r;
}

describe('the takeover that worked before', () => {
	it('right college and number with any name: refused, the record stays unclaimed, no account exists', async () => {
		const rec = await recordA('陈思琪');
		// The old request had no proof at all: now a missing proof is a 400.
		const old = body(rec, { name: '冒名者' });
		expectError(await register(old), 400, 'missing', 'id_last6');
		// With guessed digits and a wrong name, or the right digits and a wrong name.
		refused(await register({ ...old, id_last6: wrong6(rec) }));
		refused(await register({ ...old, id_last6: rec.id6 }));
		// The right name with wrong digits.
		refused(await register(body(rec, { id_last6: wrong6(rec) })));
		const now = await recordNow(rec);
		assert.equal(now.claimed, false);
		assert.equal(now.account_login, null);
		expectError(await srv.client().post('auth/login', { login: old.login, password: PW }), 401, 'bad_credentials');
	});

	it('the name and the last 6 as imported claim the record: the account is the student of that record', async () => {
		const rec = await recordA('林晓雨');
		const b = body(rec, { name: ' 林 晓雨 ', id_last6: rec.id6.toLowerCase() });
		const r = await register(b);
		assert.equal(r.status, 201, `${r}`);
		assert.equal(r.json.account.role, 'student');
		assert.equal(r.json.account.display_name, '林晓雨', 'the name is the record\'s');
		assert.equal(r.json.account.student_no, rec.student_no);
		assert.equal(r.json.account.org.id, w.collegeA.id);
		const c = await srv.login(b.login, PW);
		const me = await c.get('students/me');
		assert.equal(me.status, 200, `${me}`);
		assert.equal(me.json.student.id, rec.id);
		assert.equal(me.json.student.name, '林晓雨');
		const now = await recordNow(rec);
		assert.equal(now.claimed, true);
		assert.equal(now.account_login, b.login);
		// A student editing the ID number on the profile does not change the proof.
		assert.equal((await c.post('students/me', { id_number: idNumber() })).status, 200);
		const audit = (await admin.get('audit?action=student.claim')).json.items;
		assert.ok(audit.some((x) => String(x.object_id) === String(rec.id)), 'the claim is audited');
	});

	it('a number no college imported cannot be registered, and importing it later gives nobody the record', async () => {
		const no = studentNo();
		refused(await register({ college_id: w.collegeA.id, student_no: no, name: '先注册', login: uniq('pre'), password: PW, id_last6: '123456' }));
		const rec = await importStudent(srv, w.collegeA, { student_no: no, name: '后导入' });
		const now = await recordNow(rec);
		assert.equal(now.claimed, false, 'the record was taken by the earlier registration');
	});
});

describe('every refusal is the same answer', () => {
	it('unknown, wrong name, wrong digits, no digits on file, wrong/used/replaced code, locked, claimed: one status, one body', async () => {
		const answers = {};
		const take = (what, r) => {
			answers[what] = { status: r.status, type: r.header('content-type'), body: r.text };
		};
		take('unknown number', await register({ college_id: w.collegeA.id, student_no: studentNo(), name: '无此人', login: uniq('u'), password: PW, id_last6: '12345X' }));
		take('unknown number, code', await register({ college_id: w.collegeA.id, student_no: studentNo(), name: '无此人', login: uniq('u'), password: PW, activation_code: 'ABCD-EFGH-JKLM' }));
		const a = await recordA('吴娜');
		take('wrong name', await register(body(a, { name: '吴娜娜', id_last6: a.id6 })));
		take('wrong digits', await register(body(a, { id_last6: wrong6(a) })));
		const noId = await importStudent(srv, w.collegeA, { student_no: studentNo(), name: '郑凯' });
		take('no ID number imported', await register(body(noId, { id_last6: '123456' })));
		take('no code made', await register(body(noId, { activation_code: 'ABCD-EFGH-JKLM' })));
		const old = await activationCode(srv, noId);
		const fresh = await activationCode(srv, noId);
		take('replaced code', await register(body(noId, { activation_code: old })));
		take('wrong code', await register(body(noId, { activation_code: old === 'ABCD-EFGH-JKLM' ? 'ABCD-EFGH-JKLN' : 'ABCD-EFGH-JKLM' })));
		take('code of another student', await register(body(a, { activation_code: fresh })));
		const ok = await register(body(noId, { activation_code: fresh }));
		assert.equal(ok.status, 201, `${ok}`);
		take('used code (record claimed)', await register(body(noId, { activation_code: fresh })));
		take('claimed record, right name', await register(body(noId, { activation_code: fresh, login: uniq('again') })));
		const locked = await recordA('冯雪');
		for (let i = 0; i < 5; i++) await register(body(locked, { id_last6: wrong6(locked) }));
		take('locked record, right digits', await register(body(locked, { id_last6: locked.id6 })));
		const first = answers['unknown number'];
		assert.equal(first.status, 404);
		for (const [what, got] of Object.entries(answers)) assert.deepEqual(got, first, `${what} answers differently`);
		assert.equal(Object.keys(answers).length, 12);
	});
});

describe('guessing locks a record', () => {
	it('5 failures from 5 addresses lock it; the right proof is then refused; the college sees when, from where and how, never what was tried', async () => {
		const rec = await recordA('周婷');
		const guesses = ['000000', '111111', '222222', '333333', '44444X'].filter((g) => g !== rec.id6);
		while (guesses.length < 5) guesses.push(wrong6(rec));
		const ips = [];
		for (const g of guesses.slice(0, 4)) {
			const c = srv.client();
			ips.push(c.ip);
			refused(await c.post('register/student', body(rec, { id_last6: g })));
		}
		let now = await recordNow(rec);
		assert.equal(now.claim_failures, 4);
		assert.equal(now.locked_at, null, 'locked before the fifth failure');
		refused(await register(body(rec, { name: '周小婷', id_last6: rec.id6 })));
		now = await recordNow(rec);
		assert.equal(now.claim_failures, 5);
		assert.equal(typeof now.locked_at, 'number', 'not locked after 5 failures');
		refused(await register(body(rec, { id_last6: rec.id6 })));
		const locked = await w.staffA.client.get('claims/records?status=locked');
		assert.ok(locked.json.items.some((x) => x.id === rec.id), 'not in the locked list');
		const at = await w.staffA.client.get(`claims/attempts?student_id=${rec.id}`);
		assert.equal(at.status, 200, `${at}`);
		assert.equal(at.json.total, 6);
		assert.deepEqual(at.json.items.map((x) => x.outcome), ['locked', 'name', 'id6', 'id6', 'id6', 'id6']);
		for (const x of at.json.items) {
			assert.equal(x.method, 'id6');
			assert.equal(typeof x.at, 'number');
			assert.equal(x.student_id, rec.id);
		}
		assert.deepEqual(at.json.items.slice(2).map((x) => x.address).reverse(), ips, 'the addresses of the attempts');
		for (const g of [...guesses, rec.id6, '周小婷']) assert.ok(!at.text.includes(g), `attempts show a value tried: ${g}`);
		// The operator sees them too.
		assert.equal((await admin.get(`claims/attempts?student_id=${rec.id}`)).json.total, 6);
		// Unlocked by its college: the right proof then works.
		const u = await w.staffA.client.post(`claims/${rec.id}/unlock`);
		assert.equal(u.status, 200, `${u}`);
		assert.equal(u.json.record.locked_at, null);
		assert.equal(u.json.record.claim_failures, 0);
		expectError(await w.staffA.client.post(`claims/${rec.id}/unlock`), 422, 'rule');
		const r = await register(body(rec, { id_last6: rec.id6 }));
		assert.equal(r.status, 201, `${r}`);
		const audit = (await admin.get('audit?action=claim.unlock')).json.items;
		assert.ok(audit.some((x) => String(x.object_id) === String(rec.id)), 'the unlock is audited');
	});

	it('another college sees nothing and can neither unlock nor reset; HR and students are refused', async () => {
		const rec = await recordA('黄磊', { class_name: `机电${uniq('')}班` });
		for (let i = 0; i < 5; i++) refused(await register(body(rec, { id_last6: wrong6(rec) })));
		const b = w.staffB.client;
		expectError(await b.get(`claims/attempts?student_id=${rec.id}`), 404, 'not_found');
		const mine = await b.get('claims/attempts');
		assert.ok(!mine.json.items.some((x) => x.student_id === rec.id), 'B sees A\'s attempts');
		const list = await b.get(`claims/records?college_id=${w.collegeA.id}&q=${rec.student_no}`);
		assert.equal(list.json.total, 0, 'B lists A\'s record');
		const classes = await b.get(`claims/classes?college_id=${w.collegeA.id}`);
		assert.ok(!classes.json.items.some((x) => x.class_name === rec.class_name), 'B sees A\'s classes');
		expectError(await b.post(`claims/${rec.id}/unlock`), 404, 'not_found');
		expectError(await b.post(`claims/${rec.id}/reset`, { reason: '越权' }), 404, 'not_found');
		const gen = await b.post('claims/codes', { college_id: w.collegeA.id, student_ids: [rec.id] });
		expectError(gen, 422, 'rule', 'class_name');
		assert.equal(typeof (await recordNow(rec)).locked_at, 'number', 'still locked');
		for (const c of [w.hrA.client]) {
			expectError(await c.get('claims/records'), 403, 'forbidden');
			expectError(await c.post(`claims/${rec.id}/unlock`), 403, 'forbidden');
		}
		expectError(await srv.client().get('claims/records'), 401, 'unauthenticated');
	});
});

describe('activation codes', () => {
	let klass;
	let recs;
	let codes;
	before(async () => {
		klass = `机电一体化技术${uniq('')}班`;
		recs = [];
		for (const name of ['王芳', '李强', '张敏']) recs.push(await importStudent(srv, w.collegeA, { student_no: studentNo(), name, class_name: klass }));
	});

	it('the college lists its classes and makes one code per unclaimed record of a class, shown once', async () => {
		const cl = await w.staffA.client.get('claims/classes');
		assert.equal(cl.status, 200, `${cl}`);
		const row = cl.json.items.find((x) => x.class_name === klass);
		assert.deepEqual({ students: row.students, claimed: row.claimed, with_code: row.with_code }, { students: 3, claimed: 0, with_code: 0 });
		expectError(await admin.get('claims/classes'), 400, 'invalid', 'college_id');
		expectError(await w.staffA.client.post('claims/codes', {}), 400, 'invalid', 'class_name');
		expectError(await w.staffA.client.post('claims/codes', { class_name: klass, expires_at: nowSec() - 1 }), 400, 'invalid', 'expires_at');
		expectError(await w.staffA.client.post('claims/codes', { class_name: klass, expires_at: nowSec() + 91 * 86400 }), 400, 'invalid', 'expires_at');
		expectError(await w.staffA.client.post('claims/codes', { class_name: '没有这个班' }), 422, 'rule', 'class_name');
		const r = await w.staffA.client.post('claims/codes', { class_name: klass });
		assert.equal(r.status, 201, `${r}`);
		assert.equal(r.json.items.length, 3);
		codes = r.json.items;
		for (const x of codes) {
			assert.match(x.code, /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
			assert.equal(x.class_name, klass);
			assert.ok(x.expires_at > nowSec() + 13 * 86400 && x.expires_at <= nowSec() + 14 * 86400 + 5, `default expiry: ${x.expires_at}`);
		}
		assert.deepEqual(codes.map((x) => x.name).sort(), ['张敏', '李强', '王芳'].sort());
		assert.equal(new Set(codes.map((x) => x.code)).size, 3);
		const after = (await w.staffA.client.get('claims/classes')).json.items.find((x) => x.class_name === klass);
		assert.equal(after.with_code, 3);
		// Not in any list afterwards: only hashes are kept.
		const listed = await w.staffA.client.get(`claims/records?class_name=${encodeURIComponent(klass)}`);
		for (const x of codes) assert.ok(!listed.text.includes(x.code), 'a list shows a code');
		assert.equal(listed.json.items.filter((x) => x.code_expires_at === codes[0].expires_at).length, 3);
	});

	it('exports exactly the codes it was shown as .xlsx; a wrong or foreign code is refused', async () => {
		const items = codes.map((x) => ({ student_id: x.student_id, code: x.code.toLowerCase() }));
		const r = await w.staffA.client.post('claims/codes/export', { items });
		const rows = expectXlsx(r);
		assert.deepEqual(rows[0], ['姓名', '学号', '班级', '专业', '毕业年份', '激活码', '有效期至']);
		assert.equal(rows.length, 4);
		for (let i = 0; i < 3; i++) {
			assert.equal(rows[i + 1][0], codes[i].name);
			assert.equal(rows[i + 1][1], codes[i].student_no);
			assert.equal(rows[i + 1][2], klass);
			assert.equal(rows[i + 1][5], codes[i].code);
		}
		const bad = [...items.slice(1), { student_id: items[0].student_id, code: 'ABCD-EFGH-JKLM' }];
		expectError(await w.staffA.client.post('claims/codes/export', { items: bad }), 422, 'rule', 'items');
		expectError(await w.staffB.client.post('claims/codes/export', { items }), 422, 'rule', 'items');
		expectError(await w.staffA.client.post('claims/codes/export', { items: [{ student_id: '1', code: 'x' }] }), 400, 'invalid', 'items');
		expectError(await w.staffA.client.post('claims/codes/export', { items: [] }), 400, 'invalid', 'items');
	});

	it('regenerating revokes the older code; a code claims once; the college resets the claim; the owner claims again with a new code', async () => {
		const rec = recs[0];
		const first = codes.find((x) => x.student_id === rec.id).code;
		const again = await w.staffA.client.post('claims/codes', { student_ids: [rec.id] });
		assert.equal(again.status, 201, `${again}`);
		const second = again.json.items[0].code;
		assert.notEqual(second, first);
		refused(await register(body(rec, { activation_code: first })));
		const b = body(rec, { activation_code: second });
		const ok = await register(b);
		assert.equal(ok.status, 201, `${ok}`);
		const owner = await srv.login(b.login, PW);
		// Claimed: never again, whatever the proof.
		refused(await register(body(rec, { activation_code: second })));
		// The college resets the claim, with a reason.
		expectError(await w.staffA.client.post(`claims/${rec.id}/reset`, {}), 400, 'missing', 'reason');
		const reset = await w.staffA.client.post(`claims/${rec.id}/reset`, { reason: '学生反映账号被他人注册' });
		assert.equal(reset.status, 200, `${reset}`);
		assert.equal(reset.json.record.claimed, false);
		expectError(await w.staffA.client.post(`claims/${rec.id}/reset`, { reason: '再次' }), 422, 'rule');
		// The detached account is signed out and cannot log in; its login is free again.
		expectError(await owner.get('me'), 401, 'unauthenticated');
		const login = await srv.client().post('auth/login', { login: b.login, password: PW });
		assert.ok([401, 403].includes(login.status), `the reset account logs in: ${login}`);
		// The used code stays used.
		refused(await register(body(rec, { activation_code: second })));
		const third = await activationCode(srv, { ...rec, college_id: w.collegeA.id });
		const back = await register(body(rec, { activation_code: third, login: b.login }));
		assert.equal(back.status, 201, `the owner claims again with the freed login: ${back}`);
		const audit = (await admin.get('audit?action=claim.reset')).json.items;
		const x = audit.find((y) => String(y.object_id) === String(rec.id));
		assert.ok(x && x.detail.includes('学生反映账号被他人注册'), `the reset is audited with its reason: ${JSON.stringify(x)}`);
		const outcomes = (await w.staffA.client.get(`claims/attempts?student_id=${rec.id}`)).json.items.map((y) => y.outcome);
		assert.deepEqual(outcomes, ['ok', 'used', 'claimed', 'ok', 'code']);
	});

	it('an expired code is refused like any other', async () => {
		const rec = recs[1];
		const r = await w.staffA.client.post('claims/codes', { student_ids: [rec.id], expires_at: nowSec() + 2 });
		assert.equal(r.status, 201, `${r}`);
		const code = r.json.items[0].code;
		while (nowSec() <= r.json.expires_at) await sleep(250);
		refused(await register(body(rec, { activation_code: code })));
		const at = (await w.staffA.client.get(`claims/attempts?student_id=${rec.id}`)).json.items;
		assert.equal(at[0].outcome, 'expired');
		assert.equal(at[0].method, 'code');
	});

	it('the operator makes codes for a named college', async () => {
		const rec = recs[2];
		expectError(await admin.post('claims/codes', { student_ids: [rec.id] }), 400, 'invalid', 'college_id');
		const r = await admin.post('claims/codes', { college_id: w.collegeA.id, class_name: klass });
		assert.equal(r.status, 201, `${r}`);
		assert.deepEqual(r.json.items.map((x) => x.student_id).sort(), [recs[1].id, recs[2].id].sort(), 'codes only for unclaimed records');
		const code = r.json.items.find((x) => x.student_id === rec.id).code;
		assert.equal((await register(body(rec, { activation_code: code }))).status, 201);
	});
});

describe('input', () => {
	it('the proofs are checked for form before anything else; both at once is refused', async () => {
		const rec = { college_id: w.collegeA.id, student_no: studentNo(), name: '某人' };
		for (const id_last6 of ['12345', '1234567', '12345Y', 'X12345', '１２３４５６']) {
			expectError(await register(body(rec, { id_last6 })), 400, 'invalid', 'id_last6');
		}
		for (const activation_code of ['ABCD', 'ABCD-EFGH-JKL0', 'ABCD-EFGH-JKLM-N']) {
			expectError(await register(body(rec, { activation_code })), 400, 'invalid', 'activation_code');
		}
		expectError(await register(body(rec, { id_last6: '123456', activation_code: 'ABCD-EFGH-JKLM' })), 400, 'invalid', 'activation_code');
		expectError(await register(body(rec, { college_id: 999999, id_last6: '123456' })), 404, 'not_found', 'college_id');
		expectError(await w.staffA.client.get('claims/records?status=maybe'), 400, 'invalid', 'status');
	});
});

describe('registrations share the login budget of an address', () => {
	let small;
	let smallCollege;
	before(async () => {
		small = await startServer({ args: ['--login-rate', '3'], env: { SKYWAY_DATA_KEY: DATA_KEY, SKYWAY_PASSWORD_COST: PASSWORD_COST } });
		smallCollege = await makeCollege(await small.admin());
	});
	after(() => small?.stop());

	it('a failed login, an enterprise and a student registration use it up: the next attempt is 429', async () => {
		// The budget is per minute: start well inside one.
		while (nowSec() % 60 > 50) await sleep(500);
		const ip = '198.51.100.77';
		const c = small.client({ ip });
		expectError(await c.post('auth/login', { login: 'nobody', password: 'wrong-password-1' }), 401, 'bad_credentials');
		const ent = await c.post('register/enterprise', { name: `清远预算测试${uniq('')}有限公司`, credit_code: creditCode(), contact_name: '王芳', login: uniq('hr'), password: PW });
		assert.equal(ent.status, 201, `${ent}`);
		const stu = { college_id: smallCollege.id, student_no: '2026000001', name: '某人', login: uniq('s'), password: PW, id_last6: '123456' };
		refused(await c.post('register/student', stu));
		expectError(await c.post('register/student', { ...stu, login: uniq('s') }), 429, 'too_many_attempts');
		expectError(await c.post('register/enterprise', { name: `清远预算测试${uniq('')}有限公司`, credit_code: creditCode(), contact_name: '王芳', login: uniq('hr'), password: PW }), 429, 'too_many_attempts');
		// Another address is not affected.
		refused(await small.client().post('register/student', { ...stu, login: uniq('s') }));
	});
});
