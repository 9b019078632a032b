// Account management by the operator, and /me/password.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
	expectError,
	listAll,
	makeAccount,
	makeCollege,
	makeEnterprise,
	snapshot,
	startServer,
	uniq,
} from './harness.mjs';
import { activationCode, importStudent } from './recruit_lib.mjs';

let srv;
let admin;
let college;
let ent;

before(async () => {
	srv = await startServer();
	admin = await srv.admin();
	college = await makeCollege(admin);
	ent = await makeEnterprise(admin);
});
after(() => srv?.stop());

async function login(l, p) {
	return srv.client().post('auth/login', { login: l, password: p });
}

describe('POST /accounts', () => {
	it('creates an account of each role with the documented shape', async () => {
		const cases = [
			['operator', undefined, null],
			['college', college.id, 'college'],
			['enterprise', ent.id, 'enterprise'],
			['student', college.id, 'college'],
			['judge', undefined, null],
			['mentor', undefined, null],
			['officer', undefined, null],
		];
		for (const [role, org_id, kind] of cases) {
			const body = { login: uniq(role.slice(0, 3)), password: 'account-pass-1', role, display_name: `${role}用户` };
			if (org_id) body.org_id = org_id;
			const r = await admin.post('accounts', body);
			assert.equal(r.status, 201, `${role}: ${r}`);
			const a = r.json.account;
			assert.equal(typeof a.id, 'number');
			assert.equal(a.login, body.login);
			assert.equal(a.role, role);
			assert.equal(a.display_name, body.display_name);
			assert.equal(a.status, 'active');
			assert.equal(typeof a.created_at, 'number');
			assert.ok(Math.abs(a.created_at - Date.now() / 1000) < 120);
			assert.equal(a.last_login_at, null);
			if (kind) {
				assert.equal(a.org.id, org_id);
				assert.equal(a.org.kind, kind);
				assert.equal(typeof a.org.name, 'string');
				assert.equal(a.org.status, 'active');
			} else assert.equal(a.org, null);
			for (const k of Object.keys(a)) assert.doesNotMatch(k, /pass|hash/i);
			assert.equal((await login(body.login, body.password)).status, 200);
			const g = await admin.get(`accounts/${a.id}`);
			assert.equal(g.status, 200);
			assert.equal(g.json.account.login, body.login);
		}
	});

	it('org_id is required for college, enterprise and student, and must be of the matching kind', async () => {
		const before = await snapshot(admin);
		const base = () => ({ login: uniq('o'), password: 'account-pass-1', display_name: '某人' });
		for (const role of ['college', 'enterprise', 'student']) {
			expectError(await admin.post('accounts', { ...base(), role }), 400, ['missing', 'invalid'], 'org_id');
		}
		expectError(await admin.post('accounts', { ...base(), role: 'student', org_id: ent.id }), 400, 'invalid', 'org_id');
		expectError(await admin.post('accounts', { ...base(), role: 'college', org_id: ent.id }), 400, 'invalid', 'org_id');
		expectError(await admin.post('accounts', { ...base(), role: 'enterprise', org_id: college.id }), 400, 'invalid', 'org_id');
		expectError(await admin.post('accounts', { ...base(), role: 'student', org_id: 999999 }), 400, 'invalid', 'org_id');
		assert.deepEqual(await snapshot(admin), before);
	});

	it('a duplicate login is 409 field login, also when it differs only in case', async () => {
		const a = await makeAccount(admin, { role: 'judge', login: uniq('dup') });
		const before = await snapshot(admin);
		expectError(await admin.post('accounts', { login: a.login, password: 'account-pass-1', role: 'judge', display_name: 'x' }), 409, 'conflict', 'login');
		const upper = await admin.post('accounts', { login: a.login.toUpperCase(), password: 'account-pass-1', role: 'judge', display_name: 'x' });
		if (upper.status !== 201) expectError(upper, 409, 'conflict', 'login');
		else {
			// If logins are case-sensitive, the two must stay distinct accounts.
			assert.notEqual(upper.json.account.id, a.id);
			return;
		}
		assert.deepEqual(await snapshot(admin), before);
	});
});

describe('GET /accounts', () => {
	let tag;
	let made;
	before(async () => {
		tag = uniq('pg');
		made = [];
		for (let i = 0; i < 25; i++) {
			made.push(await makeAccount(admin, { role: i % 5 === 0 ? 'mentor' : 'judge', login: `${tag}_${String(i).padStart(2, '0')}`, display_name: `分页${i}` }));
		}
	});

	it('pages: totals, sizes, no overlap, defaults', async () => {
		const seen = new Set();
		for (const page of [1, 2, 3]) {
			const r = await admin.get(`accounts?q=${tag}&page_size=10&page=${page}`);
			assert.equal(r.status, 200, `${r}`);
			assert.equal(r.json.total, 25);
			assert.equal(r.json.page, page);
			assert.equal(r.json.page_size, 10);
			assert.equal(r.json.items.length, page < 3 ? 10 : 5);
			for (const a of r.json.items) seen.add(a.id);
		}
		assert.equal(seen.size, 25, 'pages overlap');
		const r4 = await admin.get(`accounts?q=${tag}&page_size=10&page=4`);
		assert.equal(r4.json.items.length, 0);
		assert.equal(r4.json.total, 25);
		const d = await admin.get(`accounts?q=${tag}`);
		assert.equal(d.json.page, 1);
		assert.equal(d.json.page_size, 20);
		assert.equal(d.json.items.length, 20);
		const big = await admin.get(`accounts?q=${tag}&page_size=500`);
		if (big.status === 200) assert.equal(big.json.page_size, 200);
		else expectError(big, 400, 'invalid', 'page_size');
		expectError(await admin.get('accounts?page=abc'), 400, 'invalid', 'page');
		expectError(await admin.get('accounts?page_size=-5'), 400, 'invalid', 'page_size');
	});

	it('filters by role and status', async () => {
		const mentors = await listAll(admin, 'accounts', { q: tag, role: 'mentor' });
		assert.equal(mentors.length, 5);
		for (const a of mentors) assert.equal(a.role, 'mentor');
		assert.equal((await admin.post(`accounts/${made[1].id}/disable`)).status, 200);
		const disabled = await listAll(admin, 'accounts', { q: tag, status: 'disabled' });
		assert.deepEqual(disabled.map((a) => a.id), [made[1].id]);
		const active = await listAll(admin, 'accounts', { q: tag, status: 'active' });
		assert.equal(active.length, 24);
		const both = await listAll(admin, 'accounts', { q: tag, role: 'judge', status: 'disabled' });
		assert.deepEqual(both.map((a) => a.id), [made[1].id]);
		expectError(await admin.get('accounts?role=wizard'), 400, 'invalid', 'role');
		expectError(await admin.get('accounts?status=asleep'), 400, 'invalid', 'status');
	});

	it('filters by organisation', async () => {
		const s = await makeAccount(admin, { role: 'student', org_id: college.id });
		const items = await listAll(admin, 'accounts', { org_id: String(college.id) });
		assert.ok(items.some((a) => a.id === s.id));
		for (const a of items) assert.equal(a.org.id, college.id);
	});

	it('searches Chinese name substrings of 1, 2 and 3+ characters, and login substrings', async () => {
		const zs = await makeAccount(admin, { role: 'judge', display_name: '张三丰' });
		const other = await makeAccount(admin, { role: 'judge', display_name: '李四' });
		for (const q of ['三丰', '张三丰', '丰', '张三']) {
			const items = await listAll(admin, 'accounts', { q });
			assert.ok(items.some((a) => a.id === zs.id), `q=${q} does not find 张三丰`);
			assert.ok(!items.some((a) => a.id === other.id), `q=${q} finds 李四`);
		}
		const byLogin = await listAll(admin, 'accounts', { q: zs.login.slice(2, 9) });
		assert.ok(byLogin.some((a) => a.id === zs.id), 'login substring search misses');
		const none = await admin.get(`accounts?q=${encodeURIComponent('不存在的名字')}`);
		assert.equal(none.json.total, 0);
		assert.deepEqual(none.json.items, []);
	});

	it('student accounts carry student_no', async () => {
		const record = await importStudent(srv, college, { student_no: '2023010101', name: '学号' });
		const code = await activationCode(srv, record);
		const r = await srv.client().post('register/student', { college_id: college.id, student_no: '2023010101', name: '学号', login: uniq('sn'), password: 'student-pass-1', activation_code: code });
		assert.equal(r.status, 201, `${r}`);
		const g = await admin.get(`accounts/${r.json.account.id}`);
		assert.equal(g.json.account.student_no, '2023010101');
	});
});

describe('disable, enable, reset password', () => {
	it('disable ends the account\'s sessions; its login then gets 403 account_disabled; enable restores it', async () => {
		const a = await makeAccount(admin, { role: 'college', org_id: college.id });
		const c1 = await srv.login(a.login, a.password);
		const c2 = await srv.login(a.login, a.password);
		const r = await admin.post(`accounts/${a.id}/disable`);
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.account.status, 'disabled');
		assert.equal(r.json.account.id, a.id);
		expectError(await c1.get('me'), 401, 'unauthenticated');
		expectError(await c2.get('accounts'), 401, 'unauthenticated');
		const l = await login(a.login, a.password);
		expectError(l, 403, 'account_disabled');
		assert.equal(l.sessionCookieLine(), undefined);
		// A wrong password for a disabled account does not reveal the state.
		expectError(await login(a.login, 'wrong-password-9'), 401, 'bad_credentials');
		assert.equal((await admin.get(`accounts/${a.id}`)).json.account.status, 'disabled');
		// Disabling twice is harmless.
		const again = await admin.post(`accounts/${a.id}/disable`);
		assert.ok(again.status === 200 || again.status === 422, `${again}`);
		const en = await admin.post(`accounts/${a.id}/enable`);
		assert.equal(en.status, 200, `${en}`);
		assert.equal(en.json.account.status, 'active');
		assert.equal((await login(a.login, a.password)).status, 200);
		expectError(await c1.get('me'), 401, 'unauthenticated');
	});

	it('an operator cannot disable themself (422) but can disable another operator', async () => {
		expectError(await admin.post(`accounts/${admin.id}/disable`), 422, 'rule');
		assert.equal((await admin.get('me')).status, 200);
		const op = await makeAccount(admin, { role: 'operator' });
		const opc = await srv.login(op.login, op.password);
		expectError(await opc.post(`accounts/${op.id}/disable`), 422, 'rule');
		assert.equal((await admin.post(`accounts/${op.id}/disable`)).status, 200);
		expectError(await opc.get('me'), 401, 'unauthenticated');
	});

	it('password reset ends sessions; the new password works and the old one not', async () => {
		const a = await makeAccount(admin, { role: 'enterprise', org_id: ent.id });
		const c = await srv.login(a.login, a.password);
		const r = await admin.post(`accounts/${a.id}/password`, { password: 'brand-new-pass-1' });
		assert.equal(r.status, 200, `${r}`);
		assert.deepEqual(r.json, { ok: true });
		expectError(await c.get('me'), 401, 'unauthenticated');
		expectError(await login(a.login, a.password), 401, 'bad_credentials');
		assert.equal((await login(a.login, 'brand-new-pass-1')).status, 200);
		expectError(await admin.post(`accounts/${a.id}/password`, { password: 'short' }), 400, 'invalid', 'password');
		expectError(await admin.post(`accounts/${a.id}/password`, {}), 400, 'missing', 'password');
		assert.equal((await login(a.login, 'brand-new-pass-1')).status, 200);
	});

	it('operator actions on an unknown account are 404', async () => {
		expectError(await admin.post('accounts/987654/enable'), 404, 'not_found');
		expectError(await admin.post('accounts/987654/disable'), 404, 'not_found');
	});
});

describe('POST /me/password', () => {
	it('a wrong old password is 403 bad_credentials field old_password; nothing changes', async () => {
		const a = await makeAccount(admin, { role: 'student', org_id: college.id });
		const c = await srv.login(a.login, a.password);
		expectError(await c.post('me/password', { old_password: 'not-my-password', new_password: 'changed-pass-12' }), 403, 'bad_credentials', 'old_password');
		assert.equal((await c.get('me')).status, 200, 'wrong old password ended the session');
		assert.equal((await login(a.login, a.password)).status, 200);
		expectError(await login(a.login, 'changed-pass-12'), 401, 'bad_credentials');
	});

	it('a short new password is 400 field new_password', async () => {
		const a = await makeAccount(admin, { role: 'judge' });
		const c = await srv.login(a.login, a.password);
		expectError(await c.post('me/password', { old_password: a.password, new_password: 'ninechars' }), 400, 'invalid', 'new_password');
		expectError(await c.post('me/password', { old_password: a.password, new_password: '九个字符九个字符九' }), 400, 'invalid', 'new_password');
		assert.equal((await login(a.login, a.password)).status, 200);
	});

	it('changing the password: the new one works, the old one not', async () => {
		const a = await makeAccount(admin, { role: 'officer' });
		const c = await srv.login(a.login, a.password);
		const r = await c.post('me/password', { old_password: a.password, new_password: '新的密码是十个字符了' });
		assert.equal(r.status, 200, `${r}`);
		assert.deepEqual(r.json, { ok: true });
		expectError(await login(a.login, a.password), 401, 'bad_credentials');
		assert.equal((await login(a.login, '新的密码是十个字符了')).status, 200);
	});
});
