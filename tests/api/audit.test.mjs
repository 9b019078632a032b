// The audit log: what is recorded, filters, order, export, and that no secret is recorded.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
	ADMIN_LOGIN,
	ADMIN_PASSWORD,
	creditCode,
	expectError,
	listAll,
	makeAccount,
	makeCollege,
	orgOf,
	startServer,
	uniq,
	xlsxText,
} from './harness.mjs';
import { activationCode, importStudent } from './recruit_lib.mjs';

let srv;
let admin;
let college;
const secrets = [ADMIN_PASSWORD];
const ids = {};

const audit = (params = {}) => listAll(admin, 'audit', params);
const sameId = (a, b) => a !== null && a !== undefined && String(a) === String(b);

before(async () => {
	srv = await startServer();
	admin = await srv.login(ADMIN_LOGIN, ADMIN_PASSWORD, { ip: '192.0.2.10' });
	secrets.push(admin.cookie, admin.csrf);
	college = await makeCollege(admin, { name: '审计学院' });
	ids.college = college.id;
});
after(() => srv?.stop());

describe('what is recorded', () => {
	it('logins: ok, failed and disabled, with address and outcome', async () => {
		const u = await makeAccount(admin, { role: 'judge', password: 'judge-secret-pw-1' });
		secrets.push(u.password);
		ids.judge = u;
		const c = await srv.login(u.login, u.password, { ip: '192.0.2.21' });
		secrets.push(c.cookie, c.csrf);
		const wrong = 'judge-wrong-pw-42';
		secrets.push(wrong);
		await srv.client({ ip: '192.0.2.22' }).post('auth/login', { login: u.login, password: wrong });
		const ghost = uniq('ghost');
		await srv.client({ ip: '192.0.2.23' }).post('auth/login', { login: ghost, password: 'ghost-wrong-pw-1' });
		secrets.push('ghost-wrong-pw-1');

		const logins = await audit({ action: 'auth.login' });
		const ok = logins.find((e) => e.outcome === 'ok' && sameId(e.account_id, u.id));
		assert.ok(ok, 'successful login not recorded');
		assert.equal(ok.address, '192.0.2.21');
		assert.equal(ok.login, u.login);
		assert.equal(ok.role, 'judge');
		assert.equal(typeof ok.at, 'number');
		assert.ok(Math.abs(ok.at - Date.now() / 1000) < 120, 'at is not epoch seconds of now');
		const failed = logins.find((e) => e.outcome === 'failed' && e.address === '192.0.2.22');
		assert.ok(failed, 'failed login not recorded');
		assert.ok(sameId(failed.account_id, u.id) || failed.login === u.login || String(failed.detail || '').includes(u.login), `failed login does not say which login: ${JSON.stringify(failed)}`);
		const failedGhost = logins.find((e) => e.outcome === 'failed' && e.address === '192.0.2.23');
		assert.ok(failedGhost, 'failed login for an unknown login not recorded');

		const d = await makeAccount(admin, { role: 'judge' });
		secrets.push(d.password);
		assert.equal((await admin.post(`accounts/${d.id}/disable`)).status, 200);
		await srv.client({ ip: '192.0.2.24' }).post('auth/login', { login: d.login, password: d.password });
		const denied = (await audit({ action: 'auth.login', outcome: 'denied' })).find((e) => e.address === '192.0.2.24');
		assert.ok(denied, 'login of a disabled account not recorded as denied');
	});

	it('account, organisation and registration actions, with the actor', async () => {
		const a = await makeAccount(admin, { role: 'mentor' });
		secrets.push(a.password);
		assert.equal((await admin.post(`accounts/${a.id}/disable`)).status, 200);
		assert.equal((await admin.post(`accounts/${a.id}/enable`)).status, 200);
		const resetPw = 'reset-secret-pw-2';
		secrets.push(resetPw);
		assert.equal((await admin.post(`accounts/${a.id}/password`, { password: resetPw })).status, 200);
		const mc = await srv.login(a.login, resetPw, { ip: '192.0.2.30' });
		secrets.push(mc.cookie, mc.csrf);
		const changed = 'changed-secret-pw-3';
		secrets.push(changed);
		assert.equal((await mc.post('me/password', { old_password: resetPw, new_password: changed })).status, 200);
		const mc2 = await srv.login(a.login, changed, { ip: '192.0.2.30' });
		assert.equal((await mc2.post('auth/logout')).status, 200);

		const stuPw = 'student-secret-pw-4';
		secrets.push(stuPw);
		const record = await importStudent(srv, college, { student_no: 'A-0001', name: '审计学生' });
		const code = await activationCode(srv, record);
		secrets.push(code);
		const sr = await srv.client({ ip: '192.0.2.31' }).post('register/student', { college_id: college.id, student_no: 'A-0001', name: '审计学生', login: uniq('as'), password: stuPw, activation_code: code });
		assert.equal(sr.status, 201, `${sr}`);
		const entPw = 'enterprise-secret-pw-5';
		secrets.push(entPw);
		const er = await srv.client({ ip: '192.0.2.32' }).post('register/enterprise', { name: `审计企业${uniq('e')}`, credit_code: creditCode(), contact_name: '赵六', login: uniq('ae'), password: entPw });
		assert.equal(er.status, 201, `${er}`);
		const er2 = await srv.client().post('register/enterprise', { name: `审计企业${uniq('e')}`, credit_code: creditCode(), contact_name: '钱七', login: uniq('ae'), password: entPw });
		assert.equal((await admin.post(`organizations/${er.json.account.org.id}/approve`)).status, 200);
		assert.equal((await admin.post(`organizations/${er2.json.account.org.id}/reject`, { reason: '材料不全' })).status, 200);
		const org = orgOf((await admin.post('organizations', { kind: 'enterprise', name: `审计新建${uniq('e')}`, credit_code: creditCode() })).json);

		const all = await audit();
		const find = (action, pred = () => true) => all.find((e) => e.action === action && pred(e));
		const byAdmin = (e) => e.login === ADMIN_LOGIN && sameId(e.account_id, admin.id) && e.role === 'operator' && e.outcome === 'ok';
		for (const [action, objectId, objectType] of [
			['account.create', a.id, 'account'],
			['account.disable', a.id, 'account'],
			['account.enable', a.id, 'account'],
			['account.password_reset', a.id, 'account'],
			['org.approve', er.json.account.org.id, null],
			['org.reject', er2.json.account.org.id, null],
			['org.create', org.id, null],
		]) {
			const e = find(action, (x) => sameId(x.object_id, objectId));
			assert.ok(e, `${action} on ${objectId} not recorded`);
			assert.ok(byAdmin(e), `${action} does not name the operator as actor: ${JSON.stringify(e)}`);
			assert.equal(e.address, '192.0.2.10');
			if (objectType) assert.equal(e.object_type, objectType);
		}
		const pc = find('account.password_change', (x) => sameId(x.account_id, a.id));
		assert.ok(pc, 'account.password_change not recorded');
		assert.equal(pc.address, '192.0.2.30');
		assert.ok(find('auth.logout', (x) => sameId(x.account_id, a.id)), 'auth.logout not recorded');
		const rs = find('register.student', (x) => x.address === '192.0.2.31');
		assert.ok(rs, 'register.student not recorded');
		assert.ok(sameId(rs.object_id, sr.json.account.id) || sameId(rs.account_id, sr.json.account.id), `register.student does not name the new account: ${JSON.stringify(rs)}`);
		assert.ok(find('register.enterprise', (x) => x.address === '192.0.2.32'), 'register.enterprise not recorded');
	});

	it('403 refusals of authenticated requests are recorded as denied', async () => {
		const s = await makeAccount(admin, { role: 'student', org_id: college.id });
		secrets.push(s.password);
		const c = await srv.login(s.login, s.password, { ip: '192.0.2.40' });
		secrets.push(c.cookie, c.csrf);
		expectError(await c.get('accounts'), 403, 'forbidden');
		expectError(await c.post(`accounts/${admin.id}/disable`), 403, 'forbidden');
		const denied = await audit({ outcome: 'denied' });
		const mine = denied.filter((e) => sameId(e.account_id, s.id));
		assert.ok(mine.length >= 2, `denied refusals not recorded: ${JSON.stringify(mine)}`);
		for (const e of mine) {
			assert.equal(e.address, '192.0.2.40');
			assert.equal(e.role, 'student');
			assert.ok(sameId(e.org_id, college.id), `org_id of the actor missing: ${JSON.stringify(e)}`);
		}
		// A CSRF refusal is a 403 too.
		expectError(await c.post('me/password', { old_password: s.password, new_password: 'whatever-pass-1' }, { csrf: false }), 403, 'csrf');
		const after = (await audit({ outcome: 'denied' })).filter((e) => sameId(e.account_id, s.id));
		assert.equal(after.length, mine.length + 1, 'CSRF refusal not recorded as denied');
	});
});

describe('filters, order, paging', () => {
	it('filters by actor, action, object_type, outcome, time; newest first', async () => {
		const all = await audit();
		assert.ok(all.length >= 20);
		for (let i = 1; i < all.length; i++) {
			assert.ok(all[i - 1].at >= all[i].at, 'not newest first (at)');
			assert.ok(all[i - 1].id > all[i].id, 'not newest first (id)');
		}
		for (const e of all) {
			for (const k of ['id', 'at', 'account_id', 'login', 'role', 'org_id', 'action', 'object_type', 'object_id', 'address', 'outcome', 'detail']) {
				assert.ok(k in e, `audit item lacks ${k}: ${JSON.stringify(e)}`);
			}
			assert.ok(['ok', 'denied', 'failed'].includes(e.outcome), `outcome ${e.outcome}`);
		}
		const byActor = await audit({ actor: 'dmi' });
		assert.ok(byActor.length > 0);
		for (const e of byActor) assert.ok((e.login || '').includes('dmi'), `actor filter matched ${e.login}`);
		const creates = await audit({ action: 'account.create' });
		assert.ok(creates.length >= 3);
		for (const e of creates) assert.equal(e.action, 'account.create');
		const accountsOnly = await audit({ object_type: 'account' });
		for (const e of accountsOnly) assert.equal(e.object_type, 'account');
		const failed = await audit({ outcome: 'failed' });
		assert.ok(failed.length >= 2);
		for (const e of failed) assert.equal(e.outcome, 'failed');
		const combo = await audit({ action: 'auth.login', outcome: 'ok', actor: ADMIN_LOGIN });
		assert.ok(combo.length >= 1);
		for (const e of combo) assert.ok(e.action === 'auth.login' && e.outcome === 'ok' && e.login.includes(ADMIN_LOGIN));
		const now = Math.floor(Date.now() / 1000);
		assert.equal((await admin.get(`audit?from=${now + 3600}`)).json.total, 0);
		assert.equal((await admin.get('audit?to=1000')).json.total, 0);
		const recent = await admin.get(`audit?from=${now - 3600}&to=${now + 3600}`);
		assert.ok(recent.json.total >= all.length - 5);
		const paged = await admin.get('audit?page=2&page_size=5');
		assert.equal(paged.status, 200);
		assert.equal(paged.json.page, 2);
		assert.equal(paged.json.items.length, 5);
		assert.ok(paged.json.total >= all.length);
		expectError(await admin.get('audit?outcome=maybe'), 400, 'invalid', 'outcome');
		expectError(await admin.get('audit?from=yesterday'), 400, 'invalid', 'from');
	});

	it('the audit log is append-only over the API', async () => {
		const before = (await admin.get('audit')).json.total;
		for (const [m, p] of [
			['DELETE', 'audit'],
			['POST', 'audit'],
			['PUT', 'audit'],
			['DELETE', 'audit/1'],
		]) {
			const r = await admin.request(m, p, m === 'DELETE' ? {} : { json: {} });
			assert.ok(r.status === 405 || r.status === 404, `${m} ${p}: ${r}`);
		}
		assert.ok((await admin.get('audit')).json.total >= before);
	});
});

describe('export', () => {
	it('GET /audit/export answers an .xlsx attachment honouring the filters, and is itself audited', async () => {
		const r = await admin.get('audit/export');
		assert.equal(r.status, 200, `${r.status} ${r.text.slice(0, 200)}`);
		assert.match(r.header('content-type') || '', /application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet/);
		assert.match(r.header('content-disposition') || '', /attachment/);
		assert.match(r.header('content-disposition') || '', /\.xlsx/);
		assert.equal(r.buf.subarray(0, 2).toString('latin1'), 'PK');
		const text = xlsxText(r.buf);
		assert.ok(text.includes('auth.login'), 'export lacks auth.login rows');
		assert.ok(text.includes('account.create'), 'export lacks account.create rows');
		assert.ok(text.includes('192.0.2.21'), 'export lacks addresses');
		const filtered = await admin.get('audit/export?action=org.reject');
		assert.equal(filtered.status, 200);
		const ft = xlsxText(filtered.buf);
		assert.ok(ft.includes('org.reject'));
		assert.ok(!ft.includes('auth.login'), 'export ignores the action filter');
		const ex = await audit({ action: 'audit.export' });
		assert.ok(ex.length >= 2, 'audit.export not recorded');
		assert.equal(ex[0].login, ADMIN_LOGIN);
	});
});

describe('secrets', () => {
	it('no password, session token or CSRF token appears in the audit list or export', async () => {
		const all = JSON.stringify(await audit());
		const xlsx = xlsxText((await admin.get('audit/export')).buf);
		const raw = (await admin.get('audit/export')).buf.toString('latin1');
		for (const s of secrets) {
			assert.ok(s && s.length >= 10, 'test bug: empty secret');
			assert.ok(!all.includes(s), `audit list contains a secret ${s.slice(0, 6)}…`);
			assert.ok(!xlsx.includes(s), `audit export contains a secret ${s.slice(0, 6)}…`);
			assert.ok(!raw.includes(s));
		}
	});
});
