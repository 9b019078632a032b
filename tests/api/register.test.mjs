// Self-registration of students (claiming the record their college imported; the claim
// rules themselves are in claim.test.mjs) and enterprises; operator approval and rejection.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
	CREDIT_ALPHABET,
	creditCheckChar,
	creditCode,
	expectError,
	listAll,
	makeCollege,
	makeEnterprise,
	snapshot,
	startServer,
	uniq,
} from './harness.mjs';
import { activationCode, importStudent } from './recruit_lib.mjs';

let srv;
let admin;
let collegeA;
let collegeB;
let entActive;

before(async () => {
	srv = await startServer();
	admin = await srv.admin();
	collegeA = await makeCollege(admin, { name: '清远职业技术学院', code: 'QYPT' });
	collegeB = await makeCollege(admin, { name: '清远工贸职业技术学校', code: 'QYGM' });
	entActive = await makeEnterprise(admin, { name: '清远高新区示范企业有限公司' });
});
after(() => srv?.stop());

/** A record the operator imports for college, and a body claiming it with its activation code. */
async function student(over = {}, { college = collegeA, name = '张同学', student_no = `2023${uniq('')}` } = {}) {
	const record = await importStudent(srv, college, { student_no, name });
	const activation_code = await activationCode(srv, record);
	return { college_id: college.id, student_no, name, login: uniq('stu'), password: 'student-pass-1', activation_code, ...over };
}
const enterprise = (over = {}) => {
	const login = uniq('hr');
	return { name: `清远${login}科技有限公司`, credit_code: creditCode(), contact_name: '王芳', login, password: 'enterprise-pass-1', ...over };
};

async function refusedWithoutWrite(send, status, code, field) {
	const before = await snapshot(admin);
	const r = await send();
	expectError(r, status, code, field);
	assert.deepEqual(await snapshot(admin), before, `refused registration wrote something: ${r}`);
	return r;
}

const reg = (kind, body) => srv.client().post(`register/${kind}`, body);

async function orgById(id) {
	return (await listAll(admin, 'organizations')).find((o) => o.id === id);
}

describe('public colleges list', () => {
	it('lists active colleges with id, name, code for anyone, and no enterprises', async () => {
		const r = await srv.client().get('public/colleges');
		assert.equal(r.status, 200, `${r}`);
		const a = r.json.items.find((c) => c.id === collegeA.id);
		assert.ok(a, 'college A missing');
		assert.equal(a.name, '清远职业技术学院');
		assert.equal(a.code, 'QYPT');
		assert.ok(r.json.items.some((c) => c.id === collegeB.id));
		assert.ok(!r.json.items.some((c) => c.id === entActive.id), 'an enterprise is listed among colleges');
	});
});

describe('student registration', () => {
	it('a valid registration answers 201 with the student account, which can log in', async () => {
		const body = await student({}, { name: '李明' });
		const r = await reg('student', body);
		assert.equal(r.status, 201, `${r}`);
		const a = r.json.account;
		assert.equal(a.login, body.login);
		assert.equal(a.role, 'student');
		assert.equal(a.display_name, '李明');
		assert.equal(a.student_no, body.student_no);
		assert.equal(a.status, 'active');
		assert.equal(a.org.id, collegeA.id);
		assert.equal(a.org.kind, 'college');
		assert.equal(a.org.name, '清远职业技术学院');
		for (const k of Object.keys(a)) assert.doesNotMatch(k, /pass|hash/i);
		const c = await srv.login(body.login, body.password);
		const me = await c.get('me');
		assert.equal(me.json.account.id, a.id);
		assert.equal(me.json.account.org.id, collegeA.id);
	});

	it('an unknown college, or an enterprise given as college, is 404 field college_id', async () => {
		const body = await student();
		await refusedWithoutWrite(() => reg('student', { ...body, college_id: 999999 }), 404, 'not_found', 'college_id');
		await refusedWithoutWrite(() => reg('student', { ...body, college_id: entActive.id }), 404, 'not_found', 'college_id');
	});

	it('a taken login is 409 field login, whatever the record', async () => {
		const first = await student();
		assert.equal((await reg('student', first)).status, 201);
		await refusedWithoutWrite(async () => reg('student', await student({ login: first.login })), 409, 'conflict', 'login');
		await refusedWithoutWrite(async () => reg('student', await student({ login: 'admin' })), 409, 'conflict', 'login');
	});

	it('a number registered at that college is refused like an unknown one; the same number at another college is another record', async () => {
		const first = await student();
		assert.equal((await reg('student', first)).status, 201);
		await refusedWithoutWrite(() => reg('student', { ...first, login: uniq('again') }), 404, 'not_found', 'student_no');
		const other = await reg('student', await student({}, { college: collegeB, student_no: first.student_no }));
		assert.equal(other.status, 201, `${other}`);
		assert.equal(other.json.account.org.id, collegeB.id);
	});

	it('passwords: at least 10 and at most 128 characters, counted as characters not bytes', async () => {
		const body = await student();
		await refusedWithoutWrite(() => reg('student', { ...body, password: 'short-pw1' }), 400, 'invalid', 'password');
		await refusedWithoutWrite(() => reg('student', { ...body, password: '' }), 400, ['invalid', 'missing'], 'password');
		// 9 Chinese characters are 27 bytes: still too short.
		await refusedWithoutWrite(() => reg('student', { ...body, password: '密码密码密码密码密' }), 400, 'invalid', 'password');
		await refusedWithoutWrite(() => reg('student', { ...body, password: 'p'.repeat(129) }), 400, 'invalid', 'password');
		// 10 Chinese characters (30 bytes) and 128 ASCII characters are accepted (none of
		// them a repeat: tests/security/passwords.test.mjs has the other rules).
		const long = Array.from({ length: 128 }, (_, i) => 'abcdefghijkmnpqrstuvwxyz23456789-.'[((i * i) % 131) % 34]).join('');
		for (const password of ['天空走廊人才对接平台', long, '🔒🔑🌏🚀📚🎓🏭🤝💼🌟']) {
			const ok = await student({ password });
			const r = await reg('student', ok);
			assert.equal(r.status, 201, `password of ${[...password].length} chars: ${r}`);
			await srv.login(ok.login, password);
		}
	});

	it('logins: 3–64 characters of letters, digits and _ . - @', async () => {
		const body = await student();
		for (const login of ['ab', 'a'.repeat(65), 'with space', 'semi;colon', '中文登录名', 'tab\tx', 'slash/x', "quo'te"]) {
			await refusedWithoutWrite(() => reg('student', { ...body, login }), 400, 'invalid', 'login');
		}
		for (const login of [`a.b-c_d@${uniq('x')}`.slice(0, 64), `${uniq('L')}${'x'.repeat(64)}`.slice(0, 64)]) {
			const r = await reg('student', await student({ login }));
			assert.equal(r.status, 201, `login ${login}: ${r}`);
		}
	});

	it('names: 1–64 characters', async () => {
		const body = await student();
		await refusedWithoutWrite(() => reg('student', { ...body, name: '' }), 400, ['invalid', 'missing'], 'name');
		await refusedWithoutWrite(() => reg('student', { ...body, name: '名'.repeat(65) }), 400, 'invalid', 'name');
		const r = await reg('student', await student({}, { name: '名'.repeat(64) }));
		assert.equal(r.status, 201, `${r}`);
		assert.equal(r.json.account.display_name, '名'.repeat(64));
	});

	it('every field is required, and one proof of identity', async () => {
		for (const field of ['college_id', 'student_no', 'name', 'login', 'password']) {
			const body = await student();
			delete body[field];
			await refusedWithoutWrite(() => reg('student', body), 400, 'missing', field);
		}
		const body = await student();
		delete body.activation_code;
		await refusedWithoutWrite(() => reg('student', body), 400, 'missing', 'id_last6');
	});
});

describe('enterprise registration and approval', () => {
	it('a valid registration answers 201 with an enterprise account of a pending organisation', async () => {
		const body = enterprise();
		const r = await reg('enterprise', body);
		assert.equal(r.status, 201, `${r}`);
		const a = r.json.account;
		assert.equal(a.login, body.login);
		assert.equal(a.role, 'enterprise');
		assert.equal(a.status, 'active');
		assert.equal(a.org.kind, 'enterprise');
		assert.equal(a.org.name, body.name);
		assert.equal(a.org.status, 'pending');
		const o = await orgById(a.org.id);
		assert.equal(o.credit_code, body.credit_code);
		assert.equal(o.contact_name, '王芳');
		assert.equal(o.status, 'pending');
		assert.equal(o.reject_reason ?? null, null);
		assert.equal(typeof o.created_at, 'number');
	});

	it('a pending enterprise can log in and /me shows its organisation pending', async () => {
		const body = enterprise();
		assert.equal((await reg('enterprise', body)).status, 201);
		const c = await srv.login(body.login, body.password);
		const me = await c.get('me');
		assert.equal(me.status, 200);
		assert.equal(me.json.account.role, 'enterprise');
		assert.equal(me.json.account.org.status, 'pending');
	});

	it('credit codes: wrong length, characters outside the GB 32100 alphabet, wrong check character → 400 field credit_code', async () => {
		const good = creditCode();
		const wrongCheck = good.slice(0, 17) + CREDIT_ALPHABET[(CREDIT_ALPHABET.indexOf(good[17]) + 1) % 31];
		const withChar = (ch) => {
			// Put a forbidden character in position 10 and recompute nothing (no valid check exists).
			const s = `${good.slice(0, 10)}${ch}${good.slice(11, 17)}`;
			return s + good[17];
		};
		const bad = [
			good.slice(0, 17),
			`${good}0`,
			withChar('I'),
			withChar('O'),
			withChar('Z'),
			withChar('S'),
			withChar('V'),
			withChar('-'),
			withChar('中'),
			wrongCheck,
			` ${good.slice(0, 17)}`,
			'91350100M000100Y44', // a well-known example with its check character changed
		];
		for (const credit_code of bad) {
			await refusedWithoutWrite(() => reg('enterprise', enterprise({ credit_code })), 400, 'invalid', 'credit_code');
		}
		await refusedWithoutWrite(() => reg('enterprise', enterprise({ credit_code: '' })), 400, ['invalid', 'missing'], 'credit_code');
		// Known-good examples pass (the well-known sample code and one computed here).
		for (const credit_code of ['91350100M000100Y43', `9144030070846113${'6'}${creditCheckChar('91440300708461136')}`]) {
			const r = await reg('enterprise', enterprise({ credit_code }));
			assert.equal(r.status, 201, `${credit_code}: ${r}`);
		}
	});

	it('a credit code already registered is 409 field credit_code; a taken login 409 field login', async () => {
		const first = enterprise();
		assert.equal((await reg('enterprise', first)).status, 201);
		await refusedWithoutWrite(() => reg('enterprise', enterprise({ credit_code: first.credit_code })), 409, 'conflict', 'credit_code');
		const r = await admin.get(`organizations?kind=enterprise`);
		assert.equal(r.status, 200);
		const activeOrg = await orgById(entActive.id);
		await refusedWithoutWrite(() => reg('enterprise', enterprise({ credit_code: activeOrg.credit_code })), 409, 'conflict', 'credit_code');
		await refusedWithoutWrite(() => reg('enterprise', enterprise({ login: first.login })), 409, 'conflict', 'login');
	});

	it('every field is required', async () => {
		for (const field of ['name', 'credit_code', 'contact_name', 'login', 'password']) {
			const body = enterprise();
			delete body[field];
			await refusedWithoutWrite(() => reg('enterprise', body), 400, 'missing', field);
		}
	});

	it('the operator sees pending registrations and approves one: pending → active', async () => {
		const body = enterprise();
		const r = await reg('enterprise', body);
		const orgId = r.json.account.org.id;
		const pending = await listAll(admin, 'organizations', { status: 'pending' });
		assert.ok(pending.some((o) => o.id === orgId), 'not in the pending list');
		for (const o of pending) assert.equal(o.status, 'pending');
		const ap = await admin.post(`organizations/${orgId}/approve`);
		assert.equal(ap.status, 200, `${ap}`);
		assert.equal((await orgById(orgId)).status, 'active');
		const c = await srv.login(body.login, body.password);
		assert.equal((await c.get('me')).json.account.org.status, 'active');
		expectError(await admin.post(`organizations/${orgId}/approve`), 422, 'rule');
		expectError(await admin.post(`organizations/${orgId}/reject`, { reason: '晚了' }), 422, 'rule');
		assert.equal((await orgById(orgId)).status, 'active');
	});

	it('rejecting needs a reason of 1–200 characters; then the organisation is rejected with it', async () => {
		const r = await reg('enterprise', enterprise());
		const orgId = r.json.account.org.id;
		await refusedWithoutWrite(() => admin.post(`organizations/${orgId}/reject`, {}), 400, 'missing', 'reason');
		await refusedWithoutWrite(() => admin.post(`organizations/${orgId}/reject`, { reason: '' }), 400, ['invalid', 'missing'], 'reason');
		await refusedWithoutWrite(() => admin.post(`organizations/${orgId}/reject`, { reason: '因'.repeat(201) }), 400, 'invalid', 'reason');
		assert.equal((await orgById(orgId)).status, 'pending');
		const reason = `营业执照不清晰${'。'.repeat(193)}`;
		assert.equal([...reason].length, 200);
		const rj = await admin.post(`organizations/${orgId}/reject`, { reason });
		assert.equal(rj.status, 200, `${rj}`);
		const o = await orgById(orgId);
		assert.equal(o.status, 'rejected');
		assert.equal(o.reject_reason, reason);
		expectError(await admin.post(`organizations/${orgId}/approve`), 422, 'rule');
		expectError(await admin.post(`organizations/${orgId}/reject`, { reason: '再驳回' }), 422, 'rule');
		const rejected = await listAll(admin, 'organizations', { status: 'rejected' });
		assert.ok(rejected.some((x) => x.id === orgId));
	});
});
