// Every error status of docs/api.md reached through real requests, with the documented
// error shape {"error":{"code","message","field"?}}, and the state checked afterwards.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
	ADMIN_LOGIN,
	ADMIN_PASSWORD,
	assertHealthy,
	expectError,
	makeAccount,
	makeCollege,
	rawRequest,
	snapshot,
	startServer,
	uniq,
} from './harness.mjs';

describe('error statuses', () => {
	let srv;
	let admin;
	let college;
	before(async () => {
		srv = await startServer();
		admin = await srv.admin();
		college = await makeCollege(admin);
	});
	after(() => srv?.stop());

	const validAccount = () => ({ login: uniq('err'), password: 'error-pass-123', role: 'judge', display_name: '测试' });

	it('400 bad_json: malformed JSON, empty body', async () => {
		const before = await snapshot(admin);
		for (const body of ['{"login":', '{login:"x"}', "{'a':1}", '{"login":"a",}', 'nul', '{"a":1}{"b":2}']) {
			const r = await admin.request('POST', 'accounts', { body, contentType: 'application/json' });
			expectError(r, 400, 'bad_json');
		}
		// An empty body: malformed, or an empty object that lacks its first required field.
		const empty = await admin.request('POST', 'accounts', { body: '', contentType: 'application/json' });
		expectError(empty, 400, ['bad_json', 'missing']);
		const anon = srv.client();
		expectError(await anon.request('POST', 'auth/login', { body: '{"login":"admin","password":', contentType: 'application/json' }), 400, 'bad_json');
		assert.deepEqual(await snapshot(admin), before);
	});

	it('400 for a body that is JSON but not an object', async () => {
		for (const body of ['[]', '"x"', '42', 'null', 'true']) {
			const r = await admin.request('POST', 'accounts', { body, contentType: 'application/json' });
			expectError(r, 400, ['bad_json', 'invalid']);
		}
	});

	it('400 unknown_field names the field', async () => {
		const before = await snapshot(admin);
		const r = await admin.post('accounts', { ...validAccount(), is_admin: true });
		expectError(r, 400, 'unknown_field', 'is_admin');
		const r2 = await srv.client().post('auth/login', { login: ADMIN_LOGIN, password: ADMIN_PASSWORD, remember: true });
		expectError(r2, 400, 'unknown_field', 'remember');
		assert.equal(r2.sessionCookieLine(), undefined);
		assert.deepEqual(await snapshot(admin), before);
	});

	it('400 invalid for wrong types, naming the field', async () => {
		const before = await snapshot(admin);
		const cases = [
			['login', 42],
			['login', ['a']],
			['password', { x: 1 }],
			['password', 1234567890123],
			['role', true],
			['display_name', 12],
			['org_id', 'abc'],
			['org_id', 1.5],
		];
		for (const [field, value] of cases) {
			const body = { ...validAccount(), [field]: value };
			if (field === 'org_id') body.role = 'college';
			expectError(await admin.post('accounts', body), 400, 'invalid', field);
		}
		expectError(await srv.client().post('auth/login', { login: ADMIN_LOGIN, password: 12345678901 }), 400, 'invalid', 'password');
		assert.deepEqual(await snapshot(admin), before);
	});

	it('400 missing names the missing field', async () => {
		const before = await snapshot(admin);
		for (const field of ['login', 'password', 'role', 'display_name']) {
			const body = validAccount();
			delete body[field];
			expectError(await admin.post('accounts', body), 400, 'missing', field);
		}
		expectError(await srv.client().post('auth/login', { login: ADMIN_LOGIN }), 400, 'missing', 'password');
		expectError(await srv.client().post('auth/login', { password: ADMIN_PASSWORD }), 400, 'missing', 'login');
		assert.deepEqual(await snapshot(admin), before);
	});

	it('400 invalid for values out of the documented ranges', async () => {
		const before = await snapshot(admin);
		expectError(await admin.post('accounts', { ...validAccount(), role: 'superuser' }), 400, 'invalid', 'role');
		expectError(await admin.post('accounts', { ...validAccount(), login: 'ab' }), 400, 'invalid', 'login');
		expectError(await admin.post('accounts', { ...validAccount(), login: 'a'.repeat(65) }), 400, 'invalid', 'login');
		expectError(await admin.post('accounts', { ...validAccount(), login: 'has space' }), 400, 'invalid', 'login');
		expectError(await admin.post('accounts', { ...validAccount(), password: 'short-pw1' }), 400, 'invalid', 'password');
		expectError(await admin.post('accounts', { ...validAccount(), password: 'p'.repeat(129) }), 400, 'invalid', 'password');
		expectError(await admin.post('accounts', { ...validAccount(), display_name: '' }), 400, ['invalid', 'missing'], 'display_name');
		expectError(await admin.post('accounts', { ...validAccount(), display_name: '名'.repeat(65) }), 400, 'invalid', 'display_name');
		assert.deepEqual(await snapshot(admin), before);
	});

	it('400 bad_utf8 for invalid UTF-8 bytes in a JSON string', async () => {
		const before = await snapshot(admin);
		const login = uniq('utf');
		const body = Buffer.concat([
			Buffer.from(`{"login":"${login}","password":"utf8-pass-123","role":"judge","display_name":"a`),
			Buffer.from([0xc3, 0x28]),
			Buffer.from('b"}'),
		]);
		expectError(await admin.request('POST', 'accounts', { body, contentType: 'application/json' }), 400, 'bad_utf8');
		assert.deepEqual(await snapshot(admin), before);
	});

	it('400 bad_utf8 for invalid UTF-8 in a query parameter; NUL never truncates a filter', async () => {
		expectError(await admin.get('accounts?q=%C3%28'), 400, 'bad_utf8', 'q');
		expectError(await admin.get('audit?actor=%FF'), 400, 'bad_utf8', 'actor');
		// "adm\0zzz" is not a substring of any login: refused, or no match — never a search for "adm".
		for (const q of ['adm%00zzz', '%00']) {
			const r = await admin.get(`accounts?q=${q}`);
			if (r.status === 200) assert.equal(r.json.total, 0, `q=${q} was truncated at the NUL: ${r}`);
			else expectError(r, 400, ['invalid', 'bad_utf8'], 'q');
		}
	});

	it('400 unknown_parameter names a query parameter the route does not take', async () => {
		// A misspelt filter is refused rather than ignored (its answer would pass for filtered).
		expectError(await admin.get('accounts?rol=student'), 400, 'unknown_parameter', 'rol');
		expectError(await admin.get('accounts?q=adm&page_size=5&pagesize=5'), 400, 'unknown_parameter', 'pagesize');
		expectError(await admin.get('accounts?%E8%A7%92%E8%89%B2=1'), 400, 'unknown_parameter', '角色');
		expectError(await admin.get('me?debug'), 400, 'unknown_parameter', 'debug');
		// On a write too, and nothing is written.
		const before = await snapshot(admin);
		expectError(await admin.post('accounts?dry_run=1', validAccount()), 400, 'unknown_parameter', 'dry_run');
		assert.deepEqual(await snapshot(admin), before);
		// The ones the route documents pass; an empty name ("?&", a trailing "&") names nothing.
		const ok = await admin.get('accounts?q=adm&page_size=5&');
		assert.equal(ok.status, 200, `${ok}`);
		assert.equal((await admin.get('me?&')).status, 200);
		// Who may call the route is decided first: no session is still a 401.
		expectError(await srv.client().get('accounts?rol=student'), 401, 'unauthenticated');
	});

	it('401 unauthenticated for API reads and writes without a session', async () => {
		const anon = srv.client();
		for (const p of ['me', 'accounts', `accounts/1`, 'organizations', 'audit', 'audit/export']) {
			expectError(await anon.get(p), 401, 'unauthenticated');
		}
		expectError(await anon.post('accounts', validAccount()), 401, 'unauthenticated');
		expectError(await anon.post('me/password', { old_password: 'x'.repeat(10), new_password: 'y'.repeat(10) }), 401, 'unauthenticated');
	});

	it('403 forbidden for a role that may not call the route', async () => {
		const s = await makeAccount(admin, { role: 'student', org_id: college.id });
		const c = await srv.login(s.login, s.password);
		expectError(await c.get('accounts'), 403, 'forbidden');
		const before = await snapshot(admin);
		expectError(await c.post('accounts', validAccount()), 403, 'forbidden');
		assert.deepEqual(await snapshot(admin), before);
	});

	it('404 not_found for an unknown API path and an unknown id', async () => {
		expectError(await admin.get('nonexistent'), 404, 'not_found');
		expectError(await srv.client().get('/api/v1/nonexistent/deeper'), 404, 'not_found');
		expectError(await admin.get('accounts/999999'), 404, 'not_found');
		expectError(await admin.post('accounts/999999/disable'), 404, 'not_found');
		expectError(await admin.post('accounts/999999/password', { password: 'new-pass-12345' }), 404, 'not_found');
		expectError(await admin.post('organizations/999999/approve'), 404, 'not_found');
		expectError(await admin.post('organizations/999999/reject', { reason: '不符合' }), 404, 'not_found');
		expectError(await admin.get('accounts/abc'), 404, 'not_found');
		expectError(await admin.get('accounts/-1'), 404, 'not_found');
		expectError(await admin.get('accounts/99999999999999999999999'), 404, 'not_found');
	});

	it('405 method_not_allowed for a known path with another method', async () => {
		const r = await admin.request('GET', 'auth/login');
		expectError(r, 405, 'method_not_allowed');
		assert.match(r.header('allow') || '', /POST/, 'a 405 answer must list the allowed methods (RFC 9110 Allow)');
		expectError(await admin.request('DELETE', 'accounts/1'), 405, 'method_not_allowed');
		expectError(await admin.request('PUT', 'me', { json: {} }), 405, 'method_not_allowed');
	});

	it('409 conflict for a duplicate login', async () => {
		const body = validAccount();
		assert.equal((await admin.post('accounts', body)).status, 201);
		const before = await snapshot(admin);
		expectError(await admin.post('accounts', { ...body, display_name: '另一个' }), 409, 'conflict', 'login');
		expectError(await admin.post('accounts', { ...body, login: ADMIN_LOGIN }), 409, 'conflict', 'login');
		assert.deepEqual(await snapshot(admin), before);
	});

	it('413 too_large for a 3 MB body, and the server keeps serving', async () => {
		const before = await snapshot(admin);
		const big = JSON.stringify({ ...validAccount(), display_name: 'x'.repeat(3 * 1024 * 1024) });
		const r = await rawRequest(srv, {
			method: 'POST',
			path: '/api/v1/accounts',
			headers: {
				'Content-Type': 'application/json',
				Cookie: `skyway_session=${admin.cookie}`,
				'X-CSRF-Token': admin.csrf,
				Origin: srv.url,
				'X-Forwarded-For': admin.ip,
			},
			body: big,
		});
		assert.equal(r.status, 413, `3 MB body: ${r.status} ${r.text.slice(0, 300)}`);
		if (r.json) assert.equal(r.json.error.code, 'too_large');
		// A public route too, without a session.
		const r2 = await rawRequest(srv, {
			method: 'POST',
			path: '/api/v1/auth/login',
			headers: { 'Content-Type': 'application/json', Origin: srv.url },
			body: `{"login":"admin","password":"${'p'.repeat(3 * 1024 * 1024)}"}`,
		});
		assert.equal(r2.status, 413, `3 MB login body: ${r2.status} ${r2.text.slice(0, 300)}`);
		// Through fetch as well (the JSON answer is checked here).
		const r3 = await admin.request('POST', 'accounts', { body: big, contentType: 'application/json' }).catch((e) => e);
		if (!(r3 instanceof Error)) expectError(r3, 413, 'too_large');
		assert.deepEqual(await snapshot(admin), before);
		await assertHealthy(srv);
	});

	it('413 for a declared Content-Length over the limit, before the body is sent', async () => {
		const r = await rawRequest(srv, {
			method: 'POST',
			path: '/api/v1/auth/login',
			headers: { 'Content-Type': 'application/json', 'Content-Length': String(3 * 1024 * 1024), Origin: srv.url },
			body: '{"login":"admin"',
		});
		assert.equal(r.status, 413, `${r.status} ${r.text.slice(0, 200)}`);
		await assertHealthy(srv);
	});

	it('415 unsupported_media_type for a non-JSON body', async () => {
		const before = await snapshot(admin);
		const json = JSON.stringify(validAccount());
		expectError(await admin.request('POST', 'accounts', { body: json, contentType: 'text/plain' }), 415, 'unsupported_media_type');
		expectError(await admin.request('POST', 'accounts', { body: json, contentType: 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
		expectError(await admin.request('POST', 'accounts', { body: json, contentType: 'multipart/form-data; boundary=x' }), 415, 'unsupported_media_type');
		expectError(await srv.client().request('POST', 'auth/login', { body: JSON.stringify({ login: ADMIN_LOGIN, password: ADMIN_PASSWORD }), contentType: 'text/plain' }), 415, 'unsupported_media_type');
		assert.deepEqual(await snapshot(admin), before);
		// application/json with a charset parameter is JSON.
		const ok = await admin.request('POST', 'accounts', { body: JSON.stringify(validAccount()), contentType: 'application/json; charset=utf-8' });
		assert.equal(ok.status, 201, `${ok}`);
	});

	it('422 rule: approving an organisation that is not pending, disabling yourself', async () => {
		const before = await snapshot(admin);
		expectError(await admin.post(`organizations/${college.id}/approve`), 422, 'rule');
		expectError(await admin.post(`organizations/${college.id}/reject`, { reason: '测试' }), 422, 'rule');
		expectError(await admin.post(`accounts/${admin.id}/disable`), 422, 'rule');
		assert.deepEqual(await snapshot(admin), before);
		assert.equal((await admin.get('me')).status, 200);
	});

	it('429 too_many_attempts after repeated failures', async () => {
		const acct = await makeAccount(admin, { role: 'judge' });
		const ip = '203.0.113.44'; // failures count per (login, address): tests/security/
		for (let i = 0; i < 5; i++) {
			expectError(await srv.client({ ip }).post('auth/login', { login: acct.login, password: 'wrong-password-1' }), 401, 'bad_credentials');
		}
		expectError(await srv.client({ ip }).post('auth/login', { login: acct.login, password: acct.password }), 429, 'too_many_attempts');
	});

	it('the server still answers after all of the above', async () => {
		await assertHealthy(srv);
		assert.equal((await admin.get('me')).status, 200);
	});
});
