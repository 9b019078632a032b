// Staff two-factor login (docs/security.md, "Staff two-factor login (MFA)"): operators and
// officers must enrol a TOTP authenticator before their session reaches anything else;
// college and HR staff may.  Codes as an authenticator app computes them (tests/lib/totp.mjs),
// against a real server on SQLite or PostgreSQL (SKYWAY_TEST_BACKEND).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
	completeLogin,
	expectError,
	listAll,
	makeAccount,
	makeCollege,
	makeEnterprise,
	sleep,
	startServer,
} from '../api/harness.mjs';
import { dbQuery } from '../api/recruit_lib.mjs';
import { totpCode, totpStep } from '../lib/totp.mjs';

const RECOVERY = /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/;

let srv;
let admin;
before(async () => {
	srv = await startServer();
	admin = await srv.admin();
});
after(() => srv?.stop());

/** Waits, when fewer than `room` seconds are left in this TOTP step, for the next one: the
 * steps a test computes stay the server's steps while it runs.  Returns the step. */
async function stepWithRoom(room = 8) {
	const left = 30 - ((Date.now() / 1000) % 30);
	if (left < room) await sleep(left * 1000 + 200);
	return totpStep();
}

/** A login's first answer on a fresh client: {c, r}. */
async function passwordStep(acct) {
	const c = srv.client();
	const r = await c.post('auth/login', { login: acct.login, password: acct.password });
	assert.equal(r.status, 200, `${r}`);
	return { c, r };
}

/** Enrols a logged-in client with the code of `step` (default: now); returns {secret, codes}. */
async function enrol(c, step = totpStep()) {
	const s = await c.post('me/mfa/setup', {});
	assert.equal(s.status, 200, `${s}`);
	const e = await c.post('me/mfa/enable', { code: totpCode(s.json.secret, step) });
	assert.equal(e.status, 200, `${e}`);
	return { secret: s.json.secret, codes: e.json.recovery_codes };
}

/** A new account of role, logged in and enrolled: {acct, c, secret, codes}. */
async function enrolledAccount(role, extra = {}, step) {
	const acct = await makeAccount(admin, { role, ...extra });
	const { c } = await passwordStep(acct);
	return { acct, c, ...(await enrol(c, step)) };
}

/** The audit entries of one action about one account (newest first). */
async function auditOf(action, objectId) {
	const items = await listAll(admin, 'audit', { action });
	return items.filter((i) => objectId === undefined || String(i.object_id) === String(objectId));
}

describe('enforcement: operators and officers enrol before anything else', () => {
	for (const role of ['operator', 'officer']) {
		it(`an ${role} without MFA: every route but enrolment, /me and logout answers 403 mfa_enrolment_required`, async () => {
			const acct = await makeAccount(admin, { role });
			const { c, r } = await passwordStep(acct);
			assert.ok(r.sessionCookieLine(), 'a session (limited to enrolment) is given');
			assert.deepEqual(
				{ required: r.json.mfa.required, enabled: r.json.mfa.enabled, enrolment_required: r.json.mfa.enrolment_required },
				{ required: true, enabled: false, enrolment_required: true },
			);
			const doc = (await srv.client().get('openapi.json')).json;
			let refused = 0;
			const reachable = [];
			for (const [p, item] of Object.entries(doc.paths)) {
				if (!p.startsWith('/api/')) continue; // /healthz and /metrics: outside the session's reach
				const full = p.replace('{id}', '1');
				for (const [method, op] of Object.entries(item)) {
					if (Array.isArray(op.security) && op.security.length === 0) continue; // public
					if (op['x-mfa-setup']) {
						reachable.push(`${method.toUpperCase()} ${full}`);
						continue;
					}
					// No body: a file route would refuse a JSON one (415) before looking at the session.
					const res = await c.request(method.toUpperCase(), full);
					expectError(res, 403, 'mfa_enrolment_required');
					refused++;
				}
			}
			assert.ok(refused > 100, `only ${refused} routes walked`);
			assert.deepEqual(reachable.sort(), [
				'GET /api/v1/me', 'GET /api/v1/me/mfa', 'POST /api/v1/auth/logout', 'POST /api/v1/me/mfa/enable', 'POST /api/v1/me/mfa/setup',
			]);
			const me = await c.get('me');
			assert.equal(me.status, 200, `${me}`);
			assert.equal(me.json.mfa.enrolment_required, true);
			assert.equal((await c.get('me/mfa')).status, 200);
			// Public routes do not care about the session.
			assert.equal((await c.get('dict/cities')).status, 200);
			// The refusals are audited.
			const denied = (await listAll(admin, 'audit', { action: 'http.denied', actor: acct.login }));
			assert.ok(denied.length >= refused, `${denied.length} audited refusals for ${refused}`);
			// Enrolled, the same session reaches the role's routes.
			await enrol(c);
			assert.equal((await c.get('me')).json.mfa.enrolment_required, false);
			assert.equal((await c.get('fairs')).status, 200);
			expectError(await c.post('me/mfa/setup', {}), 409, 'mfa_enabled');
		});
	}

	it('college and enterprise (HR) staff are not forced, and may enable MFA', async () => {
		const college = await makeCollege(admin);
		const ent = await makeEnterprise(admin);
		for (const [role, org] of [['college', college], ['enterprise', ent]]) {
			const acct = await makeAccount(admin, { role, org_id: org.id });
			const { c, r } = await passwordStep(acct);
			assert.deepEqual([r.json.mfa.required, r.json.mfa.enabled, r.json.mfa.enrolment_required], [false, false, false]);
			assert.equal((await c.get('accounts')).status, 200);
			const { secret } = await enrol(c);
			const again = await passwordStep(acct);
			assert.equal(again.r.json.mfa_required, true, `${again.r}`);
			assert.equal(again.r.sessionCookieLine(), undefined);
			const done = await again.c.post('auth/mfa', { mfa_token: again.r.json.mfa_token, code: totpCode(secret, totpStep() + 1) });
			assert.equal(done.status, 200, `${done}`);
			assert.equal(done.json.account.role, role);
			assert.equal(done.json.mfa.enabled, true);
			assert.equal((await again.c.get('accounts')).status, 200);
		}
	});
});

describe('enrolment', () => {
	it('setup gives a secret, its otpauth:// URI and a QR code; a second setup replaces the secret', async () => {
		const acct = await makeAccount(admin, { role: 'officer' });
		const { c } = await passwordStep(acct);
		const s1 = await c.post('me/mfa/setup', {});
		assert.equal(s1.status, 200, `${s1}`);
		assert.match(s1.json.secret, /^[A-Z2-7]{32}$/);
		const uri = new URL(s1.json.otpauth_uri);
		assert.equal(uri.protocol, 'otpauth:');
		assert.equal(uri.host, 'totp');
		assert.equal(decodeURIComponent(uri.pathname.slice(1)), `天空走廊:${acct.login}`);
		assert.equal(uri.searchParams.get('secret'), s1.json.secret);
		assert.equal(uri.searchParams.get('issuer'), '天空走廊');
		assert.equal(uri.searchParams.get('algorithm'), 'SHA1');
		assert.equal(uri.searchParams.get('digits'), '6');
		assert.equal(uri.searchParams.get('period'), '30');
		assert.match(s1.json.qr_svg, /^<svg [^>]*viewBox="0 0 \d+ \d+"/);
		const s2 = await c.post('me/mfa/setup', {});
		assert.notEqual(s2.json.secret, s1.json.secret);
		// Not in force before a code confirms it: the next login still enrols.
		assert.equal((await passwordStep(acct)).r.json.mfa.enrolment_required, true);
		// The replaced secret's code is refused; the new one's is taken.
		expectError(await c.post('me/mfa/enable', { code: totpCode(s1.json.secret) }), 403, 'bad_code', 'code');
		expectError(await c.post('me/mfa/enable', { code: 'abc' }), 403, 'bad_code', 'code');
		expectError(await c.post('me/mfa/enable', {}), 400, 'missing', 'code');
		expectError(await c.post('me/mfa/enable', { code: '123456', extra: 1 }), 400, 'unknown_field', 'extra');
		const e = await c.post('me/mfa/enable', { code: totpCode(s2.json.secret) });
		assert.equal(e.status, 200, `${e}`);
		assert.equal(e.json.recovery_codes.length, 10);
		for (const code of e.json.recovery_codes) assert.match(code, RECOVERY);
		assert.equal(new Set(e.json.recovery_codes).size, 10);
		assert.equal(e.json.mfa.enabled, true);
		assert.equal(e.json.mfa.recovery_codes_left, 10);
		// Shown once: the status never carries them again.
		const st = await c.get('me/mfa');
		assert.deepEqual(Object.keys(st.json).sort(), ['enabled', 'enabled_at', 'enrolment_required', 'recovery_codes_left', 'required']);
		// At rest: the secret sealed, the recovery codes hashed.
		const rows = dbQuery(srv, `SELECT secret_sealed FROM account_mfa WHERE account_id = ${acct.id}`);
		assert.equal(rows.length, 1);
		assert.match(rows[0], /^v1:[0-9a-f]+$/);
		assert.ok(!rows[0].toUpperCase().includes(s2.json.secret));
		const hashes = dbQuery(srv, `SELECT code_hash FROM mfa_recovery_codes WHERE account_id = ${acct.id}`);
		assert.equal(hashes.length, 10);
		for (const h of hashes) {
			assert.match(h, /^[0-9a-f]{64}$/);
			for (const code of e.json.recovery_codes) assert.ok(!h.includes(code.replace(/-/g, '')));
		}
		assert.equal((await auditOf('mfa.setup', acct.id)).length, 2);
		assert.deepEqual((await auditOf('mfa.enable', acct.id)).map((i) => i.outcome).sort(), ['failed', 'failed', 'ok']);
	});

	it('enabling ends the account\'s other sessions (a password-only one must not become a full one)', async () => {
		const acct = await makeAccount(admin, { role: 'operator' });
		const other = await passwordStep(acct);
		const { c } = await passwordStep(acct);
		await enrol(c);
		expectError(await other.c.get('me'), 401, 'unauthenticated');
		assert.equal((await c.get('accounts')).status, 200);
	});
});

describe('login with a second factor', () => {
	it('the password gives a pending token, not a session; the code completes the login', async () => {
		const { acct, secret } = await enrolledAccount('operator');
		const { c, r } = await passwordStep(acct);
		assert.equal(r.json.mfa_required, true);
		assert.match(r.json.mfa_token, /^[0-9a-f]{64}$/);
		assert.equal(r.json.expires_in, 300);
		assert.equal(r.json.account, undefined);
		assert.equal(r.json.csrf_token, undefined);
		assert.equal(r.sessionCookieLine(), undefined);
		// The pending token is not a session.
		expectError(await c.get('me', { cookie: r.json.mfa_token }), 401, 'unauthenticated');
		expectError(await c.post('auth/mfa', { mfa_token: 'f'.repeat(64), code: totpCode(secret, totpStep() + 1) }), 401, 'mfa_token_invalid', 'mfa_token');
		expectError(await c.post('auth/mfa', { code: '123456' }), 400, 'missing', 'mfa_token');
		const done = await c.post('auth/mfa', { mfa_token: r.json.mfa_token, code: totpCode(secret, totpStep() + 1) });
		assert.equal(done.status, 200, `${done}`);
		assert.ok(done.sessionCookieLine());
		assert.equal(done.json.account.id, acct.id);
		assert.equal(typeof done.json.csrf_token, 'string');
		assert.equal((await c.get('accounts')).status, 200);
		// A token is spent by the login it completed.
		expectError(await srv.client().post('auth/mfa', { mfa_token: r.json.mfa_token, code: totpCode(secret, totpStep() + 1) }), 401, 'mfa_token_invalid');
		const ok = await auditOf('auth.mfa', acct.id);
		assert.equal(ok[0].outcome, 'ok');
		assert.equal((await auditOf('auth.mfa_challenge', acct.id)).length, 1);
	});

	it('a code once accepted is refused again (replay), and so is an earlier one', async () => {
		const { acct, secret } = await enrolledAccount('officer');
		await stepWithRoom();
		const code = totpCode(secret, totpStep() + 1);
		const first = await passwordStep(acct);
		assert.equal((await first.c.post('auth/mfa', { mfa_token: first.r.json.mfa_token, code })).status, 200);
		const second = await passwordStep(acct);
		expectError(await second.c.post('auth/mfa', { mfa_token: second.r.json.mfa_token, code }), 401, 'code_reused', 'code');
		expectError(await second.c.post('auth/mfa', { mfa_token: second.r.json.mfa_token, code: totpCode(secret, totpStep()) }), 401, 'code_reused', 'code');
		const failed = (await auditOf('auth.mfa', acct.id)).filter((i) => i.outcome === 'failed');
		assert.equal(failed.length, 2);
		assert.match(failed[0].detail, /reused/);
	});

	it('the window: one step either side of now, not two', async () => {
		const step = await stepWithRoom();
		// Enrolled with the code of the step before now: -1 is inside the window.
		const { acct, secret } = await enrolledAccount('operator', {}, step - 1);
		const { c, r } = await passwordStep(acct);
		const t = r.json.mfa_token;
		expectError(await c.post('auth/mfa', { mfa_token: t, code: totpCode(secret, step + 2) }), 401, 'bad_code', 'code');
		expectError(await c.post('auth/mfa', { mfa_token: t, code: totpCode(secret, step - 2) }), 401, 'bad_code', 'code');
		assert.equal((await c.post('auth/mfa', { mfa_token: t, code: totpCode(secret, step + 1) })).status, 200);
		// After step+1, the current step is an earlier one: refused.
		const again = await passwordStep(acct);
		expectError(await again.c.post('auth/mfa', { mfa_token: again.r.json.mfa_token, code: totpCode(secret, step) }), 401, 'code_reused');
	});

	it('five wrong codes kill the pending token; they count towards the login lockout', async () => {
		const { acct, secret } = await enrolledAccount('officer');
		const { c, r } = await passwordStep(acct);
		const t = r.json.mfa_token;
		const right = totpCode(secret, totpStep() + 1);
		const wrong = right === '000000' ? '111111' : '000000';
		for (let i = 1; i <= 4; i++) {
			const e = expectError(await c.post('auth/mfa', { mfa_token: t, code: wrong }), 401, 'bad_code', 'code');
			assert.match(e.message, new RegExp(`还可尝试 ${5 - i} 次`));
		}
		expectError(await c.post('auth/mfa', { mfa_token: t, code: wrong }), 401, 'mfa_token_invalid');
		expectError(await c.post('auth/mfa', { mfa_token: t, code: right }), 401, 'mfa_token_invalid');
		assert.equal(c.cookie, null);
		// Five failures for this login from this address within the window: the password
		// alone is refused here now (the lockout is per login and address: another address
		// still gets the password step, docs/security.md).
		expectError(await c.post('auth/login', { login: acct.login, password: acct.password }), 429, 'too_many_attempts');
		const elsewhere = await srv.client().post('auth/login', { login: acct.login, password: acct.password });
		assert.equal(elsewhere.status, 200, `${elsewhere}`);
		assert.equal(elsewhere.json.mfa_required, true);
		const failed = (await auditOf('auth.mfa', acct.id)).filter((i) => i.outcome === 'failed');
		assert.equal(failed.length, 5);
	});

	it('recovery codes: each works once, typed in any case with or without dashes; new ones replace the old', async () => {
		const { acct, c: first, secret, codes } = await enrolledAccount('operator');
		const one = await passwordStep(acct);
		const typed = codes[0].replace(/-/g, '').toUpperCase();
		const ok = await one.c.post('auth/mfa', { mfa_token: one.r.json.mfa_token, code: ` ${typed} ` });
		assert.equal(ok.status, 200, `${ok}`);
		const left = await one.c.get('me/mfa');
		assert.equal(left.json.recovery_codes_left, 9);
		const two = await passwordStep(acct);
		expectError(await two.c.post('auth/mfa', { mfa_token: two.r.json.mfa_token, code: codes[0] }), 401, 'code_reused', 'code');
		expectError(await two.c.post('auth/mfa', { mfa_token: two.r.json.mfa_token, code: 'abcd-efgh-jkmn' }), 401, 'bad_code', 'code');
		assert.equal((await two.c.post('auth/mfa', { mfa_token: two.r.json.mfa_token, code: codes[1] })).status, 200);
		assert.equal((await auditOf('auth.mfa', acct.id)).filter((i) => i.outcome === 'ok' && i.detail === 'recovery code').length, 2);
		// New codes need a current code; the old ones then stop working.
		expectError(await first.post('me/mfa/recovery-codes', { code: '000000' }), 403, 'bad_code', 'code');
		const renewed = await first.post('me/mfa/recovery-codes', { code: totpCode(secret, totpStep() + 1) });
		assert.equal(renewed.status, 200, `${renewed}`);
		assert.equal(renewed.json.recovery_codes.length, 10);
		const three = await passwordStep(acct);
		expectError(await three.c.post('auth/mfa', { mfa_token: three.r.json.mfa_token, code: codes[2] }), 401, 'bad_code');
		assert.equal((await three.c.post('auth/mfa', { mfa_token: three.r.json.mfa_token, code: renewed.json.recovery_codes[0] })).status, 200);
		assert.equal((await auditOf('mfa.recovery_codes', acct.id)).filter((i) => i.outcome === 'ok').length, 1);
	});
});

describe('turning MFA off', () => {
	it('needs the password and a current code; then the password alone logs in', async () => {
		const college = await makeCollege(admin);
		const { acct, c, secret } = await enrolledAccount('college', { org_id: college.id });
		const code = () => totpCode(secret, totpStep() + 1);
		expectError(await c.post('me/mfa/disable', { password: 'not-the-password-1', code: '000000' }), 403, 'bad_credentials', 'password');
		expectError(await c.post('me/mfa/disable', { password: acct.password, code: '000000' }), 403, 'bad_code', 'code');
		expectError(await c.post('me/mfa/disable', { code: code() }), 400, 'missing', 'password');
		const off = await c.post('me/mfa/disable', { password: acct.password, code: code() });
		assert.equal(off.status, 200, `${off}`);
		assert.equal(off.json.mfa.enabled, false);
		const r = (await passwordStep(acct)).r;
		assert.equal(r.json.mfa_required, undefined);
		assert.ok(r.sessionCookieLine());
		assert.deepEqual((await auditOf('mfa.disable', acct.id)).map((i) => i.outcome).sort(), ['failed', 'failed', 'ok']);
		expectError(await c.post('me/mfa/disable', { password: acct.password, code: code() }), 409, 'mfa_not_enabled');
	});

	it('an operator who turns it off is back to enrolment only', async () => {
		const { acct, c, secret } = await enrolledAccount('operator');
		const off = await c.post('me/mfa/disable', { password: acct.password, code: totpCode(secret, totpStep() + 1) });
		assert.equal(off.status, 200, `${off}`);
		assert.equal(off.json.mfa.enrolment_required, true);
		expectError(await c.get('accounts'), 403, 'mfa_enrolment_required');
		await enrol(c);
		assert.equal((await c.get('accounts')).status, 200);
	});
});

describe('an operator resets another account\'s MFA', () => {
	it('its sessions end, it enrols again at its next login, and the reset is audited', async () => {
		const { acct, c } = await enrolledAccount('officer');
		const r = await admin.post(`accounts/${acct.id}/mfa/reset`);
		assert.equal(r.status, 200, `${r}`);
		expectError(await c.get('me'), 401, 'unauthenticated');
		const back = await passwordStep(acct);
		assert.equal(back.r.json.mfa_required, undefined);
		assert.equal(back.r.json.mfa.enrolment_required, true);
		const audit = await auditOf('mfa.reset', acct.id);
		assert.equal(audit.length, 1);
		assert.equal(audit[0].login, 'admin');
		assert.equal(audit[0].outcome, 'ok');
		expectError(await admin.post(`accounts/${acct.id}/mfa/reset`), 409, 'mfa_not_enabled');
	});

	it('not oneself, not an unknown account, and only the operator', async () => {
		expectError(await admin.post(`accounts/${admin.id}/mfa/reset`), 422, 'rule');
		expectError(await admin.post('accounts/99999999/mfa/reset'), 404, 'not_found');
		const college = await makeCollege(admin);
		const { acct: staff, c: staffClient } = await enrolledAccount('college', { org_id: college.id });
		const { acct: victim } = await enrolledAccount('officer');
		expectError(await staffClient.post(`accounts/${victim.id}/mfa/reset`), 403, 'forbidden');
		assert.equal((await passwordStep(victim)).r.json.mfa_required, true);
		assert.equal(staff.role, 'college');
	});
});

describe('the console resets the MFA of the last operator who lost the phone', () => {
	it('skyway user mfa-reset: audited, sessions end, enrolment at the next login', async () => {
		const { acct, c } = await enrolledAccount('operator');
		const r = srv.cli(['user', 'mfa-reset', '--login', acct.login]);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /two-step verification reset/);
		expectError(await c.get('me'), 401, 'unauthenticated');
		assert.equal((await passwordStep(acct)).r.json.mfa.enrolment_required, true);
		const audit = await auditOf('mfa.reset', acct.id);
		assert.equal(audit.length, 1);
		assert.equal(audit[0].login, '(console)');
		const again = srv.cli(['user', 'mfa-reset', '--login', acct.login]);
		assert.equal(again.code, 1);
		assert.match(again.stderr, /未启用两步验证/);
	});
});

describe('the harness logs operators in through the second factor', () => {
	it('srv.login enrols a new officer, then answers codes in quick succession', async () => {
		const acct = await makeAccount(admin, { role: 'officer' });
		for (let i = 0; i < 4; i++) {
			const c = await srv.login(acct.login, acct.password);
			assert.equal((await c.get('stats/overview')).status, 200);
		}
		const r = await completeLogin(srv, srv.client(), acct.login, acct.password);
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.account.login, acct.login);
	});
});
