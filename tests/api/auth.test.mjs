// Login, logout, /me, session cookie, timeouts, brute-force limits, CSRF.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
	ADMIN_LOGIN,
	ADMIN_NAME,
	ADMIN_PASSWORD,
	SESSION_COOKIE,
	completeLogin,
	creditCode,
	expectError,
	listAll,
	makeAccount,
	nextIp,
	parseSetCookie,
	sameMinute,
	sleep,
	startServer,
	uniq,
} from './harness.mjs';

function assertNoSecrets(account) {
	for (const k of Object.keys(account)) assert.doesNotMatch(k, /pass|hash|token|secret/i, `account leaks ${k}`);
}

describe('login, logout, /me', () => {
	let srv;
	let admin;
	before(async () => {
		srv = await startServer();
		admin = await srv.admin();
	});
	after(() => srv?.stop());

	it('login answers the account, a csrf token and a session cookie with the right flags', async () => {
		const c = srv.client();
		const r = await completeLogin(srv, c, ADMIN_LOGIN, ADMIN_PASSWORD);
		assert.equal(r.status, 200, `${r}`);
		const { account, csrf_token } = r.json;
		assert.equal(account.login, ADMIN_LOGIN);
		assert.equal(account.role, 'operator');
		assert.equal(account.display_name, ADMIN_NAME);
		assert.equal(account.status, 'active');
		assert.equal(typeof account.id, 'number');
		assert.equal(typeof account.created_at, 'number');
		assert.equal(account.org, null);
		assertNoSecrets(account);
		assert.equal(typeof csrf_token, 'string');
		assert.ok(csrf_token.length >= 16, 'csrf token too short');
		const line = r.sessionCookieLine();
		assert.ok(line, `no ${SESSION_COOKIE} cookie set: ${r.setCookies}`);
		const ck = parseSetCookie(line);
		assert.ok(ck.value.length >= 43, `session token should carry 256 bits, got "${ck.value}"`);
		assert.equal(ck.attrs.httponly, true, `HttpOnly missing: ${line}`);
		assert.equal(String(ck.attrs.samesite).toLowerCase(), 'lax', `SameSite=Lax missing: ${line}`);
		assert.equal(ck.attrs.path, '/', `Path=/ missing: ${line}`);
		assert.equal(ck.attrs.secure, undefined, `Secure must not be set over plain HTTP without X-Forwarded-Proto: ${line}`);
		// The token is not echoed in the body.
		assert.ok(!r.text.includes(ck.value), 'session token appears in the login body');
	});

	it('the cookie is Secure behind a trusted proxy that says https', async () => {
		const c = srv.client();
		const r = await completeLogin(srv, c, ADMIN_LOGIN, ADMIN_PASSWORD, { headers: { 'X-Forwarded-Proto': 'https' } });
		assert.equal(r.status, 200, `${r}`);
		const ck = parseSetCookie(r.sessionCookieLine());
		assert.equal(ck.attrs.secure, true, `Secure missing behind https proxy: ${r.sessionCookieLine()}`);
	});

	it('every login issues a new token, also when the client presents an old one', async () => {
		const a = await srv.login(ADMIN_LOGIN, ADMIN_PASSWORD);
		const b = await srv.login(ADMIN_LOGIN, ADMIN_PASSWORD);
		assert.notEqual(a.cookie, b.cookie);
		// Session fixation: logging in while carrying a token must not keep that token.
		const old = a.cookie;
		const r = await completeLogin(srv, a, ADMIN_LOGIN, ADMIN_PASSWORD);
		assert.equal(r.status, 200, `${r}`);
		assert.ok(a.cookie && a.cookie !== old, 'login kept the presented session token');
		// Both sessions work independently.
		assert.equal((await a.get('me')).status, 200);
		assert.equal((await b.get('me')).status, 200);
	});

	it('/me answers 401 without a session or with an unknown token', async () => {
		const anon = srv.client();
		expectError(await anon.get('me'), 401, 'unauthenticated');
		expectError(await anon.get('me', { cookie: 'A'.repeat(43) }), 401, 'unauthenticated');
		expectError(await anon.get('me', { cookie: '' }), 401, 'unauthenticated');
		expectError(await anon.get('me', { headers: { Cookie: `${SESSION_COOKIE}=${"' OR 1=1 --".replace(/ /g, '%20')}` } }), 401, 'unauthenticated');
	});

	it('/me answers the account and a csrf token that authorises writes', async () => {
		const c = await srv.login(ADMIN_LOGIN, ADMIN_PASSWORD);
		const loginToken = c.csrf;
		const r = await c.get('me');
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.account.login, ADMIN_LOGIN);
		assert.equal(r.json.account.role, 'operator');
		assertNoSecrets(r.json.account);
		assert.equal(typeof r.json.csrf_token, 'string');
		assert.ok(r.json.csrf_token.length >= 16);
		// Either token (login's or /me's) is accepted for this session.
		const out = await c.post('auth/logout', undefined, { csrf: loginToken });
		assert.equal(out.status, 200, `${out}`);
	});

	it('logout ends that session only and clears the cookie', async () => {
		const a = await srv.login(ADMIN_LOGIN, ADMIN_PASSWORD);
		const b = await srv.login(ADMIN_LOGIN, ADMIN_PASSWORD);
		const stale = a.clone();
		const r = await a.post('auth/logout');
		assert.equal(r.status, 200, `${r}`);
		assert.deepEqual(r.json, { ok: true });
		const line = r.sessionCookieLine();
		assert.ok(line, 'logout does not clear the cookie');
		const ck = parseSetCookie(line);
		const clears = ck.value === '' || Number(ck.attrs['max-age']) <= 0 || (ck.attrs.expires && Date.parse(ck.attrs.expires) < Date.now());
		assert.ok(clears, `logout cookie does not expire it: ${line}`);
		assert.equal(a.cookie, null);
		expectError(await stale.get('me'), 401, 'unauthenticated');
		expectError(await stale.post('auth/logout'), 401, 'unauthenticated');
		assert.equal((await b.get('me')).status, 200, 'logout ended another session of the same account');
	});

	it('logout without a session answers 401', async () => {
		expectError(await srv.client().post('auth/logout'), 401, 'unauthenticated');
	});

	it('wrong password and unknown login get the same 401 bad_credentials and no cookie', async () => {
		const acct = await makeAccount(admin, { role: 'judge' });
		const r1 = await srv.client().post('auth/login', { login: acct.login, password: 'wrong-password-1' });
		const r2 = await srv.client().post('auth/login', { login: uniq('nobody'), password: 'wrong-password-1' });
		const e1 = expectError(r1, 401, 'bad_credentials');
		const e2 = expectError(r2, 401, 'bad_credentials');
		assert.equal(e1.message, e2.message, 'unknown login and wrong password must be indistinguishable');
		assert.equal(e1.field, e2.field);
		assert.equal(r1.sessionCookieLine(), undefined);
		assert.equal(r2.sessionCookieLine(), undefined);
	});

	it('last_login_at is null until the first login, then a recent epoch second', async () => {
		const acct = await makeAccount(admin, { role: 'mentor' });
		assert.equal(acct.last_login_at, null);
		const before = Math.floor(Date.now() / 1000) - 5;
		await srv.login(acct.login, acct.password);
		const r = await admin.get(`accounts/${acct.id}`);
		assert.equal(r.status, 200, `${r}`);
		assert.equal(typeof r.json.account.last_login_at, 'number');
		assert.ok(r.json.account.last_login_at >= before && r.json.account.last_login_at <= before + 70);
	});

	it('5 failures for one login from one address lock that pair: the 6th attempt gets 429 even with the right password', async () => {
		const acct = await makeAccount(admin, { role: 'judge' });
		const ip = nextIp();
		for (let i = 0; i < 5; i++) {
			expectError(await srv.client({ ip }).post('auth/login', { login: acct.login, password: `wrong-password-${i}` }), 401, 'bad_credentials');
		}
		const r = await srv.client({ ip }).post('auth/login', { login: acct.login, password: acct.password });
		expectError(r, 429, 'too_many_attempts');
		assert.equal(r.sessionCookieLine(), undefined, '429 must not set a session');
		// Still locked on a further try; other logins from the same address are unaffected,
		// and so is the same login from another address (tests/security/ has the rest).
		const c = srv.client({ ip });
		expectError(await c.post('auth/login', { login: acct.login, password: acct.password }), 429, 'too_many_attempts');
		const other = await makeAccount(admin, { role: 'judge' });
		const ok = await c.post('auth/login', { login: other.login, password: other.password });
		assert.equal(ok.status, 200, `${ok}`);
		const elsewhere = await srv.client().post('auth/login', { login: acct.login, password: acct.password });
		assert.equal(elsewhere.status, 200, `${elsewhere}`);
	});

	it('an unknown login is locked after 5 failures too (no way to tell it from a real one)', async () => {
		const login = uniq('ghost');
		const ip = nextIp();
		for (let i = 0; i < 5; i++) {
			expectError(await srv.client({ ip }).post('auth/login', { login, password: `wrong-password-${i}` }), 401, 'bad_credentials');
		}
		expectError(await srv.client({ ip }).post('auth/login', { login, password: 'wrong-password-x' }), 429, 'too_many_attempts');
	});

	it('4 failures then the right password still logs in', async () => {
		const acct = await makeAccount(admin, { role: 'judge' });
		for (let i = 0; i < 4; i++) {
			expectError(await srv.client().post('auth/login', { login: acct.login, password: `wrong-password-${i}` }), 401, 'bad_credentials');
		}
		const r = await srv.client().post('auth/login', { login: acct.login, password: acct.password });
		assert.equal(r.status, 200, `${r}`);
	});
});

describe('CSRF', () => {
	let srv;
	let admin;
	before(async () => {
		srv = await startServer();
		admin = await srv.admin();
	});
	after(() => srv?.stop());

	const newAccount = () => ({ login: uniq('csrf'), password: 'csrf-pass-123', role: 'judge', display_name: '评委' });

	async function assertNotCreated(login) {
		const items = await listAll(admin, 'accounts', { q: login });
		assert.equal(items.filter((a) => a.login === login).length, 0, `${login} was created despite the refusal`);
	}

	it('a cookie-authenticated write without X-CSRF-Token is refused with 403 csrf and nothing is written', async () => {
		const body = newAccount();
		expectError(await admin.post('accounts', body, { csrf: false }), 403, 'csrf');
		await assertNotCreated(body.login);
		// The refusal does not end the session.
		assert.equal((await admin.get('me')).status, 200);
	});

	it('a wrong token, an empty token, or another session\'s token is refused', async () => {
		const other = await srv.login(ADMIN_LOGIN, ADMIN_PASSWORD);
		for (const csrf of ['x'.repeat(43), ' ', other.csrf === admin.csrf ? null : other.csrf]) {
			if (csrf === null) continue;
			const body = newAccount();
			expectError(await admin.post('accounts', body, { csrf }), 403, 'csrf');
			await assertNotCreated(body.login);
		}
	});

	it('a foreign Origin is refused even with the right token', async () => {
		for (const origin of ['http://evil.example', `http://127.0.0.1:${srv.port + 1}`, `http://localhost.evil.example:${srv.port}`, 'null']) {
			const body = newAccount();
			expectError(await admin.post('accounts', body, { origin }), 403, 'csrf');
			await assertNotCreated(body.login);
		}
	});

	it('without Origin, a foreign Referer is refused and the own Referer accepted', async () => {
		const body = newAccount();
		expectError(await admin.post('accounts', body, { origin: false, headers: { Referer: 'http://evil.example/x' } }), 403, 'csrf');
		await assertNotCreated(body.login);
		const ok = newAccount();
		const r = await admin.post('accounts', ok, { origin: false, headers: { Referer: `${srv.url}/accounts` } });
		assert.equal(r.status, 201, `${r}`);
	});

	it('the right token with the own Origin (or no Origin/Referer at all) works', async () => {
		const body = newAccount();
		const r = await admin.post('accounts', body);
		assert.equal(r.status, 201, `${r}`);
		assert.equal(r.json.account.login, body.login);
		const body2 = newAccount();
		const r2 = await admin.post('accounts', body2, { origin: false });
		assert.equal(r2.status, 201, `${r2}`);
	});

	it('logout needs the token too', async () => {
		const c = await srv.login(ADMIN_LOGIN, ADMIN_PASSWORD);
		expectError(await c.post('auth/logout', undefined, { csrf: false }), 403, 'csrf');
		assert.equal((await c.get('me')).status, 200, 'refused logout must not end the session');
	});

	it('public writes (login, registration) are refused from a foreign Origin', async () => {
		const r = await srv.client().post('auth/login', { login: ADMIN_LOGIN, password: ADMIN_PASSWORD }, { origin: 'http://evil.example' });
		expectError(r, 403, 'csrf');
		assert.equal(r.sessionCookieLine(), undefined);
		const login = uniq('evil');
		const reg = await srv.client().post(
			'register/enterprise',
			{ name: `恶意${login}`, credit_code: creditCode(), contact_name: 'x', login, password: 'evil-pass-123' },
			{ origin: 'http://evil.example' },
		);
		expectError(reg, 403, 'csrf');
		await assertNotCreated(login);
	});

	it('reads do not need a token', async () => {
		const r = await admin.get('me', { csrf: false, origin: false });
		assert.equal(r.status, 200, `${r}`);
	});
});

describe('idle timeout (--session-idle 2)', () => {
	let srv;
	before(async () => {
		srv = await startServer({ args: ['--session-idle', '2'] });
	});
	after(() => srv?.stop());

	it('a session unused for longer than the idle timeout answers 401', async () => {
		const c = await srv.login(ADMIN_LOGIN, ADMIN_PASSWORD);
		assert.equal((await c.get('me')).status, 200);
		await sleep(3500);
		expectError(await c.get('me'), 401, 'unauthenticated');
	});

	it('activity keeps the session alive past the idle timeout', async () => {
		const c = await srv.login(ADMIN_LOGIN, ADMIN_PASSWORD);
		const start = Date.now();
		while (Date.now() - start < 4500) {
			await sleep(500);
			const r = await c.get('me');
			assert.equal(r.status, 200, `after ${Date.now() - start} ms of activity: ${r}`);
		}
	});
});

describe('absolute timeout (--session-absolute 3)', () => {
	let srv;
	before(async () => {
		srv = await startServer({ args: ['--session-absolute', '3'] });
	});
	after(() => srv?.stop());

	it('a session in constant use ends once the absolute lifetime passes', async () => {
		const c = await srv.login(ADMIN_LOGIN, ADMIN_PASSWORD);
		const start = Date.now();
		let last;
		for (let i = 1; i <= 6; i++) {
			await sleep(start + i * 1000 - Date.now());
			last = await c.get('me');
			const elapsed = (Date.now() - start) / 1000;
			if (elapsed < 1.5) assert.equal(last.status, 200, `at ${elapsed}s: ${last}`);
			if (elapsed > 4.5) expectError(last, 401, 'unauthenticated');
		}
		// A new login gives a fresh session.
		const again = await srv.login(ADMIN_LOGIN, ADMIN_PASSWORD);
		assert.equal((await again.get('me')).status, 200);
	});
});

describe('per-address login rate (--login-rate 5)', () => {
	let srv;
	before(async () => {
		srv = await startServer({ args: ['--login-rate', '5'] });
	});
	after(() => srv?.stop());

	it('the 6th attempt from one address gets 429; another address still works', async () => {
		const ip = '203.0.113.7';
		await sameMinute();
		for (let i = 0; i < 5; i++) {
			const r = await srv.client({ ip }).post('auth/login', { login: uniq('probe'), password: 'wrong-password-0' });
			expectError(r, 401, 'bad_credentials');
		}
		const r = await srv.client({ ip }).post('auth/login', { login: ADMIN_LOGIN, password: ADMIN_PASSWORD });
		expectError(r, 429, 'too_many_attempts');
		assert.equal(r.sessionCookieLine(), undefined);
		const ok = await srv.client({ ip: '203.0.113.8' }).post('auth/login', { login: ADMIN_LOGIN, password: ADMIN_PASSWORD });
		assert.equal(ok.status, 200, `${ok}`);
	});
});

describe('without --trust-proxy, X-Forwarded-For is ignored', () => {
	let srv;
	before(async () => {
		srv = await startServer({ trustProxy: false, args: ['--login-rate', '3'] });
	});
	after(() => srv?.stop());

	it('changing X-Forwarded-For does not escape the per-address limit, and audit shows the real address', async () => {
		const admin = srv.client({ ip: '198.51.100.1' });
		await sameMinute();
		const first = await completeLogin(srv, admin, ADMIN_LOGIN, ADMIN_PASSWORD, { headers: { 'X-Forwarded-Proto': 'https' } });
		assert.equal(first.status, 200, `${first}`);
		assert.equal(parseSetCookie(first.sessionCookieLine()).attrs.secure, undefined, 'untrusted X-Forwarded-Proto made the cookie Secure');
		// Successful logins cost nothing (tests/security/): three failures fill the budget.
		for (let i = 2; i <= 4; i++) {
			expectError(await srv.client({ ip: `198.51.100.${i}` }).post('auth/login', { login: uniq('probe'), password: 'wrong-password-0' }), 401, 'bad_credentials');
		}
		expectError(await srv.client({ ip: '198.51.100.9' }).post('auth/login', { login: ADMIN_LOGIN, password: ADMIN_PASSWORD }), 429, 'too_many_attempts');
		const r = await admin.get('audit?action=auth.login');
		assert.equal(r.status, 200, `${r}`);
		assert.ok(r.json.items.length >= 3);
		for (const it of r.json.items) assert.equal(it.address, '127.0.0.1', `untrusted X-Forwarded-For used as address: ${JSON.stringify(it)}`);
	});
});
