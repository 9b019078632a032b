// Lockout that cannot be turned into a weapon (issue 16, item 4; the invariants are at
// the top of src/domain/throttle.h): per (login, address) with back-off, a much higher
// per-login ceiling, only failures counted, and a device cookie that lets the owner in
// from a device that logged in before.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
	ADMIN_LOGIN,
	ADMIN_PASSWORD,
	expectError,
	makeAccount,
	nextIp,
	parseSetCookie,
	sameMinute,
	startServer,
	uniq,
} from '../api/harness.mjs';

const DEVICE_COOKIE = 'skyway_device';
const FREE = 5; // THROTTLE_FREE_FAILURES
const CEILING = 100; // THROTTLE_LOGIN_CEILING

/** One login attempt; device: a device token to send as the cookie. */
function attempt(srv, login, password, { ip, device } = {}) {
	const opts = device ? { headers: { Cookie: `${DEVICE_COOKIE}=${device}` } } : {};
	return srv.client({ ip }).post('auth/login', { login, password }, opts);
}

/** The device cookie an answer set, parsed, or undefined. */
function deviceCookie(res) {
	const line = res.setCookies.find((l) => l.trim().startsWith(`${DEVICE_COOKIE}=`));
	return line && parseSetCookie(line);
}

async function failTimes(srv, login, n, opts) {
	for (let i = 0; i < n; i++) expectError(await attempt(srv, login, `wrong-password-${i}`, opts), 401, 'bad_credentials');
}

describe('lockout per (login, address)', () => {
	let srv;
	let admin;
	before(async () => {
		srv = await startServer();
		admin = await srv.admin();
	});
	after(() => srv?.stop());

	it('five failures from one address lock that address out of that login only', async () => {
		const acct = await makeAccount(admin, { role: 'judge' });
		const attacker = nextIp();
		await failTimes(srv, acct.login, FREE, { ip: attacker });
		const locked = await attempt(srv, acct.login, acct.password, { ip: attacker });
		const e = expectError(locked, 429, 'too_many_attempts');
		assert.match(e.message, /\d+ 分钟后再试/, 'the message says how long to wait');
		assert.equal(locked.sessionCookieLine(), undefined);
		// The owner elsewhere is not affected.
		assert.equal((await attempt(srv, acct.login, acct.password)).status, 200);
	});

	it('admin cannot be locked out by a guesser at another address', async () => {
		const attacker = nextIp();
		await failTimes(srv, ADMIN_LOGIN, FREE, { ip: attacker });
		expectError(await attempt(srv, ADMIN_LOGIN, 'wrong-password-x', { ip: attacker }), 429, 'too_many_attempts');
		const r = await attempt(srv, ADMIN_LOGIN, ADMIN_PASSWORD, { ip: nextIp() });
		assert.equal(r.status, 200, `${r}`);
	});

	it('a refused attempt is not a failure: the pair waits, it does not dig deeper', async () => {
		const acct = await makeAccount(admin, { role: 'judge' });
		const ip = nextIp();
		await failTimes(srv, acct.login, FREE, { ip });
		const first = expectError(await attempt(srv, acct.login, 'wrong-password-y', { ip }), 429, 'too_many_attempts');
		for (let i = 0; i < 5; i++) expectError(await attempt(srv, acct.login, 'wrong-password-y', { ip }), 429, 'too_many_attempts');
		const later = expectError(await attempt(srv, acct.login, 'wrong-password-y', { ip }), 429, 'too_many_attempts');
		assert.equal(later.message, first.message, 'refused attempts lengthened the wait');
	});

	it('a success clears the failures of its own address', async () => {
		const acct = await makeAccount(admin, { role: 'judge' });
		const ip = nextIp();
		await failTimes(srv, acct.login, FREE - 1, { ip });
		assert.equal((await attempt(srv, acct.login, acct.password, { ip })).status, 200);
		await failTimes(srv, acct.login, FREE - 1, { ip });
		assert.equal((await attempt(srv, acct.login, acct.password, { ip })).status, 200);
	});

	it('parallel guesses cannot slip past the limit while the first ones are checked', async () => {
		const acct = await makeAccount(admin, { role: 'judge' });
		const ip = nextIp();
		const answers = await Promise.all(
			Array.from({ length: 20 }, (_, i) => attempt(srv, acct.login, `wrong-password-${i}`, { ip })),
		);
		const checked = answers.filter((r) => r.status === 401).length;
		assert.ok(answers.every((r) => r.status === 401 || r.status === 429), answers.map(String).join('\n'));
		assert.ok(checked <= FREE, `${checked} of 20 parallel guesses were checked (at most ${FREE} may be)`);
	});
});

describe('only failures count against the address (--login-rate 3)', () => {
	let srv;
	let admin;
	before(async () => {
		srv = await startServer({ args: ['--login-rate', '3'] });
		admin = await srv.admin();
	});
	after(() => srv?.stop());

	it('a lab behind one address logs in 12 times; then 3 failures fill the budget', async () => {
		const ip = nextIp();
		const students = [];
		for (let i = 0; i < 4; i++) students.push(await makeAccount(admin, { role: 'judge' }));
		for (let round = 0; round < 3; round++) {
			for (const s of students) {
				const r = await attempt(srv, s.login, s.password, { ip });
				assert.equal(r.status, 200, `login ${round} of ${s.login}: ${r}`);
			}
		}
		await sameMinute();
		for (let i = 0; i < 3; i++) expectError(await attempt(srv, uniq('typo'), 'wrong-password-0', { ip }), 401, 'bad_credentials');
		expectError(await attempt(srv, students[0].login, students[0].password, { ip }), 429, 'too_many_attempts');
	});
});

describe('the per-login ceiling and the device cookie', () => {
	let srv;
	let admin;
	before(async () => {
		srv = await startServer();
		admin = await srv.admin();
	});
	after(() => srv?.stop());

	it('a successful login sets a long-lived HttpOnly SameSite=Strict device cookie, new each time', async () => {
		const acct = await makeAccount(admin, { role: 'judge' });
		const r1 = await attempt(srv, acct.login, acct.password);
		assert.equal(r1.status, 200);
		const c1 = deviceCookie(r1);
		assert.ok(c1, 'no device cookie');
		assert.match(c1.value, /^[0-9a-f]{64}$/);
		assert.equal(c1.attrs.httponly, true);
		assert.equal(c1.attrs.samesite, 'Strict');
		assert.equal(c1.attrs.path, '/api/v1/auth');
		assert.ok(Number(c1.attrs['max-age']) >= 300 * 24 * 3600, `max-age ${c1.attrs['max-age']}`);
		const r2 = await attempt(srv, acct.login, acct.password, { device: c1.value });
		const c2 = deviceCookie(r2);
		assert.ok(c2 && c2.value !== c1.value, 'the device token was not replaced');
		expectError(await attempt(srv, acct.login, 'wrong-password-0'), 401, 'bad_credentials');
		assert.equal(deviceCookie(await attempt(srv, uniq('ghost'), 'wrong-password-0')), undefined);
	});

	it('failures spread over many addresses hit the ceiling; the owner still gets in from a known device', async () => {
		const acct = await makeAccount(admin, { role: 'judge' });
		const other = await makeAccount(admin, { role: 'judge' });
		// The owner logged in before on this device; so did another account, elsewhere.
		const device = deviceCookie(await attempt(srv, acct.login, acct.password)).value;
		const otherDevice = deviceCookie(await attempt(srv, other.login, other.password)).value;

		// A distributed guess: never more than the free failures from one address.
		for (let n = 0; n < CEILING; n += FREE) await failTimes(srv, acct.login, FREE, { ip: nextIp() });

		// Every address is now refused, even with the right password and a fresh address...
		const fresh = await attempt(srv, acct.login, acct.password, { ip: nextIp() });
		const e = expectError(fresh, 429, 'too_many_attempts');
		assert.match(e.message, /曾经登录过的设备/);
		// ... and a device cookie of another account does not help.
		expectError(await attempt(srv, acct.login, acct.password, { ip: nextIp(), device: otherDevice }), 429, 'too_many_attempts');
		expectError(await attempt(srv, acct.login, acct.password, { ip: nextIp(), device: 'f'.repeat(64) }), 429, 'too_many_attempts');

		// The owner's device gets in, from any address.
		const owner = await attempt(srv, acct.login, acct.password, { ip: nextIp(), device });
		assert.equal(owner.status, 200, `${owner}`);
		const rotated = deviceCookie(owner).value;
		// The token it had is replaced: the old value is no longer a device.
		expectError(await attempt(srv, acct.login, acct.password, { ip: nextIp(), device }), 429, 'too_many_attempts');
		const again = await attempt(srv, acct.login, acct.password, { ip: nextIp(), device: rotated });
		assert.equal(again.status, 200, `${again}`);
		const latest = deviceCookie(again).value;

		// An operator's password reset forgets the account's devices.
		const newPassword = `reset-${uniq('pw')}-x`;
		assert.equal((await admin.post(`accounts/${acct.id}/password`, { password: newPassword })).status, 200);
		expectError(await attempt(srv, acct.login, newPassword, { ip: nextIp(), device: latest }), 429, 'too_many_attempts');
	});

	it('the device still has its own back-off: a classmate at a shared computer gets five tries', async () => {
		const acct = await makeAccount(admin, { role: 'judge' });
		const lab = nextIp();
		const device = deviceCookie(await attempt(srv, acct.login, acct.password, { ip: lab })).value;
		// The classmate at the same computer (same cookie, same address) guesses.
		await failTimes(srv, acct.login, FREE, { ip: lab, device });
		expectError(await attempt(srv, acct.login, acct.password, { ip: lab, device }), 429, 'too_many_attempts');
		// The owner on their phone, behind the same lab address, is not affected...
		assert.equal((await attempt(srv, acct.login, acct.password, { ip: lab })).status, 200);
	});

	it('a guesser behind the owner\'s own address cannot lock out the owner\'s device', async () => {
		const acct = await makeAccount(admin, { role: 'judge' });
		const nat = nextIp();
		const device = deviceCookie(await attempt(srv, acct.login, acct.password, { ip: nat })).value;
		await failTimes(srv, acct.login, FREE, { ip: nat });
		expectError(await attempt(srv, acct.login, acct.password, { ip: nat }), 429, 'too_many_attempts');
		assert.equal((await attempt(srv, acct.login, acct.password, { ip: nat, device })).status, 200);
	});
});
