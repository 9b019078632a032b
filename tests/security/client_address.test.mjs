// The client's address behind reverse proxies (issue 16, item 3): only the entries our
// own proxies appended to X-Forwarded-For are believed (src/http/proxy.h).  Every test
// here sends from loopback, which is a trusted proxy by default, exactly as nginx in
// front of the server would.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
	ADMIN_LOGIN,
	ADMIN_PASSWORD,
	expectError,
	makeAccount,
	makeCollege,
	parseSetCookie,
	rawRequest,
	runCli,
	sameMinute,
	startServer,
	uniq,
} from '../api/harness.mjs';

/** The addresses the audit log recorded for login attempts at `login`. */
async function auditedAddresses(admin, login) {
	const r = await admin.get(`audit?action=auth.login&page_size=200`);
	assert.equal(r.status, 200, `${r}`);
	return r.json.items.filter((it) => it.login === login).map((it) => it.address);
}

const fail = (srv, login, xff) =>
	srv.client().post('auth/login', { login, password: 'wrong-password-0' }, { headers: { 'X-Forwarded-For': xff } });

describe('--trust-proxy with the default trusted proxies (loopback)', () => {
	let srv;
	let admin;
	before(async () => {
		srv = await startServer({ args: ['--login-rate', '3'] });
		admin = await srv.admin();
	});
	after(() => srv?.stop());

	it('takes the rightmost address, not the leftmost one the client wrote', async () => {
		const login = uniq('xff');
		expectError(await fail(srv, login, '6.6.6.6, 198.51.100.20'), 401, 'bad_credentials');
		assert.deepEqual(await auditedAddresses(admin, login), ['198.51.100.20']);
	});

	it('a forged leftmost entry that changes every time does not escape the per-address limit', async () => {
		const login = uniq('xff');
		await sameMinute();
		for (let i = 1; i <= 3; i++) {
			expectError(await fail(srv, login, `10.66.0.${i}, 198.51.100.30`), 401, 'bad_credentials');
		}
		// The 4th attempt, even with the right password of another account and yet
		// another forged entry, comes from the same real address: over the budget.
		const r = await srv.client().post(
			'auth/login',
			{ login: ADMIN_LOGIN, password: ADMIN_PASSWORD },
			{ headers: { 'X-Forwarded-For': '10.66.0.99, 198.51.100.30' } },
		);
		expectError(r, 429, 'too_many_attempts');
		assert.equal(r.sessionCookieLine(), undefined);
		// The real address next door is not affected.
		const other = await srv.client().post(
			'auth/login',
			{ login: ADMIN_LOGIN, password: ADMIN_PASSWORD },
			{ headers: { 'X-Forwarded-For': '10.66.0.99, 198.51.100.31' } },
		);
		assert.equal(other.status, 200, `${other}`);
	});

	it('several X-Forwarded-For lines count as one list, the last line last', async () => {
		const login = uniq('xff');
		const r = await rawRequest(srv, {
			method: 'POST',
			path: '/api/v1/auth/login',
			headers: { 'Content-Type': 'application/json', Origin: srv.url, 'X-Forwarded-For': ['6.6.6.6', '198.51.100.40'] },
			body: JSON.stringify({ login, password: 'wrong-password-0' }),
		});
		assert.equal(r.status, 401, r.text);
		assert.deepEqual(await auditedAddresses(admin, login), ['198.51.100.40']);
	});

	it('a trusted hop written by a proxy of ours is skipped; garbage stops the walk', async () => {
		const a = uniq('xff');
		expectError(await fail(srv, a, '6.6.6.6, 198.51.100.50, 127.0.0.1'), 401, 'bad_credentials');
		assert.deepEqual(await auditedAddresses(admin, a), ['198.51.100.50']);
		const b = uniq('xff');
		expectError(await fail(srv, b, '198.51.100.51, not-an-address'), 401, 'bad_credentials');
		assert.deepEqual(await auditedAddresses(admin, b), ['127.0.0.1']);
		const c = uniq('xff');
		expectError(await fail(srv, c, '[2001:DB8::7]:443'), 401, 'bad_credentials');
		assert.deepEqual(await auditedAddresses(admin, c), ['2001:db8::7']);
	});
});

describe('--trusted-proxies that do not include the peer', () => {
	let srv;
	let admin;
	before(async () => {
		srv = await startServer({ args: ['--trusted-proxies', '10.0.0.0/8, 2001:db8::/32'] });
		admin = await srv.admin();
	});
	after(() => srv?.stop());

	it('the header is not read at all: the peer is the client, and X-Forwarded-Proto is not believed', async () => {
		const login = uniq('xff');
		expectError(await fail(srv, login, '198.51.100.60'), 401, 'bad_credentials');
		assert.deepEqual(await auditedAddresses(admin, login), ['127.0.0.1']);
		// An account without a second factor, so that the password alone opens a session.
		const staff = await makeAccount(admin, { role: 'college', org_id: (await makeCollege(admin)).id });
		const r = await srv.client().post('auth/login', { login: staff.login, password: staff.password }, { headers: { 'X-Forwarded-Proto': 'https' } });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(parseSetCookie(r.sessionCookieLine()).attrs.secure, undefined, 'an untrusted peer made the cookie Secure');
	});
});

describe('a chain of proxies: loopback and 10.0.0.0/8 trusted', () => {
	let srv;
	let admin;
	before(async () => {
		srv = await startServer({ env: { SKYWAY_TRUSTED_PROXIES: '127.0.0.1,10.0.0.0/8' } });
		admin = await srv.admin();
	});
	after(() => srv?.stop());

	it('from the environment: every hop of ours is skipped, the forged entries on the left are ignored', async () => {
		const login = uniq('xff');
		expectError(await fail(srv, login, '6.6.6.6, 198.51.100.70, 10.1.1.1, 10.2.2.2'), 401, 'bad_credentials');
		assert.deepEqual(await auditedAddresses(admin, login), ['198.51.100.70']);
	});
});

describe('configuration', () => {
	it('an ini file sets trusted_proxies (the flag wins over it)', async () => {
		const dir = fs.mkdtempSync(path.join(process.env.TMPDIR || '/tmp', 'skyway-ini-'));
		const ini = path.join(dir, 'skyway.ini');
		fs.writeFileSync(ini, 'trust_proxy = 1\ntrusted_proxies = 10.0.0.0/8\n');
		const srv = await startServer({ trustProxy: false, args: ['--config', ini] });
		try {
			const admin = await srv.admin();
			const login = uniq('xff');
			expectError(await fail(srv, login, '198.51.100.80'), 401, 'bad_credentials');
			// Loopback is not in the ini's list: the header is ignored.
			assert.deepEqual(await auditedAddresses(admin, login), ['127.0.0.1']);
		} finally {
			await srv.stop();
		}
		const srv2 = await startServer({ trustProxy: false, args: ['--config', ini, '--trusted-proxies', '127.0.0.0/8'] });
		try {
			const admin = await srv2.admin();
			const login = uniq('xff');
			expectError(await fail(srv2, login, '198.51.100.81'), 401, 'bad_credentials');
			assert.deepEqual(await auditedAddresses(admin, login), ['198.51.100.81']);
		} finally {
			await srv2.stop();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	it('a bad entry stops the server before it listens, naming the entry', () => {
		for (const bad of ['10.0.0.0/33', 'proxy.example', '10.0.0/8']) {
			const r = runCli(['serve', '--db', 'sqlite::memory:', '--listen', '127.0.0.1:0', '--trusted-proxies', `127.0.0.1,${bad}`]);
			assert.notEqual(r.code, 0, `serve accepted --trusted-proxies ${bad}`);
			assert.match(r.stderr, new RegExp(bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
		}
	});
});
