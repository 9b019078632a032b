// The command line: help, version, user management, backup, migrations, configuration
// from the environment, clean shutdown.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
	ADMIN_LOGIN,
	ADMIN_PASSWORD,
	BACKEND,
	createDatabase,
	expectError,
	listAll,
	makeCollege,
	runCli,
	startServer,
	uniq,
} from './harness.mjs';

let srv;
let admin;
before(async () => {
	srv = await startServer();
	admin = await srv.admin();
});
after(() => srv?.stop());

const loginStatus = async (login, password) => (await srv.client().post('auth/login', { login, password })).status;

describe('help and version', () => {
	it('skyway version prints a version and exits 0', () => {
		const r = runCli(['version']);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /\d+\.\d+/);
	});

	for (const cmd of [['serve'], ['demo'], ['migrate'], ['user', 'add'], ['user', 'passwd'], ['user', 'disable'], ['backup'], ['version']]) {
		it(`skyway ${cmd.join(' ')} --help explains itself and exits 0`, () => {
			const r = runCli([...cmd, '--help']);
			assert.equal(r.code, 0, `exit ${r.code}: ${r.stderr}`);
			const out = r.stdout + r.stderr;
			assert.match(out, /usage/i);
			assert.ok(out.includes(cmd[cmd.length - 1]), `help of ${cmd.join(' ')} does not name it`);
			if (cmd[0] !== 'version') assert.ok(out.includes('--db'), 'help does not mention --db');
		});
	}

	it('an unknown subcommand or flag fails with a message', () => {
		const r = runCli(['frobnicate']);
		assert.notEqual(r.code, 0);
		assert.ok(r.stderr.length > 0);
		const r2 = runCli(['migrate', '--db', srv.dbUrl, '--no-such-flag']);
		assert.notEqual(r2.code, 0);
		assert.ok(r2.stderr.length > 0);
	});

	it('a bad database URL fails with a message and exit status ≠ 0', () => {
		for (const url of ['mysql://localhost/x', 'sqlite:/nonexistent-dir-skyway/x/t.db', '']) {
			const r = runCli(['migrate', '--db', url]);
			assert.notEqual(r.code, 0, `migrate --db ${url} succeeded`);
			assert.ok(r.stderr.trim().length > 0, `migrate --db ${url}: no message`);
		}
	});
});

describe('migrate', () => {
	it('is idempotent while the server runs', () => {
		const r = runCli(['migrate', '--db', srv.dbUrl]);
		assert.equal(r.code, 0, r.stderr);
	});
});

describe('user add / passwd / disable', () => {
	it('user add creates an account that logs in through the API (also while the server runs)', async () => {
		const login = uniq('cli');
		const r = srv.cli(['user', 'add', '--role', 'judge', '--login', login, '--name', '命令行评委'], 'cli-judge-pass-1\n');
		assert.equal(r.code, 0, r.stderr);
		assert.ok(!(r.stdout + r.stderr).includes('cli-judge-pass-1'), 'the password is echoed');
		assert.equal(await loginStatus(login, 'cli-judge-pass-1'), 200);
		const items = await listAll(admin, 'accounts', { q: login });
		const a = items.find((x) => x.login === login);
		assert.equal(a.display_name, '命令行评委');
		assert.equal(a.role, 'judge');
	});

	it('user add with an organisation', async () => {
		const college = await makeCollege(admin);
		const login = uniq('clic');
		const r = srv.cli(['user', 'add', '--role', 'college', '--login', login, '--name', '学院老师', '--org-id', String(college.id)], 'college-pass-12\n');
		assert.equal(r.code, 0, r.stderr);
		const c = await srv.login(login, 'college-pass-12');
		assert.equal(c.account.org.id, college.id);
		const bad = srv.cli(['user', 'add', '--role', 'student', '--login', uniq('clis'), '--name', '无校学生'], 'student-pass-12\n');
		assert.notEqual(bad.code, 0, 'a student without --org-id was created');
	});

	it('user add refuses short passwords, bad roles, bad logins and duplicates, writing nothing', async () => {
		const before = (await admin.get('accounts')).json.total;
		const cases = [
			[['--role', 'judge', '--login', uniq('s')], 'short\n'],
			[['--role', 'wizard', '--login', uniq('s')], 'long-enough-pass\n'],
			[['--role', 'judge', '--login', 'x y'], 'long-enough-pass\n'],
			[['--role', 'judge', '--login', ADMIN_LOGIN], 'long-enough-pass\n'],
			[['--role', 'judge'], 'long-enough-pass\n'],
			[['--role', 'judge', '--login', uniq('s')], ''],
		];
		for (const [args, stdin] of cases) {
			const r = srv.cli(['user', 'add', ...args], stdin);
			assert.notEqual(r.code, 0, `user add ${args.join(' ')} succeeded`);
			assert.ok(r.stderr.trim().length > 0, `user add ${args.join(' ')}: no message`);
		}
		assert.equal((await admin.get('accounts')).json.total, before);
	});

	it('user passwd sets a new password (old one stops working, sessions end)', async () => {
		const login = uniq('pw');
		assert.equal(srv.cli(['user', 'add', '--role', 'mentor', '--login', login, '--name', '导师'], 'first-pass-123\n').code, 0);
		const c = await srv.login(login, 'first-pass-123');
		const r = srv.cli(['user', 'passwd', '--login', login], 'second-pass-123\n');
		assert.equal(r.code, 0, r.stderr);
		assert.equal(await loginStatus(login, 'second-pass-123'), 200);
		assert.equal(await loginStatus(login, 'first-pass-123'), 401);
		expectError(await c.get('me'), 401, 'unauthenticated');
		assert.notEqual(srv.cli(['user', 'passwd', '--login', login], 'short\n').code, 0);
		assert.notEqual(srv.cli(['user', 'passwd', '--login', uniq('nobody')], 'another-pass-123\n').code, 0);
	});

	it('user disable refuses later logins with 403 account_disabled and ends sessions', async () => {
		const login = uniq('dis');
		assert.equal(srv.cli(['user', 'add', '--role', 'officer', '--login', login, '--name', '政务'], 'officer-pass-12\n').code, 0);
		const c = await srv.login(login, 'officer-pass-12');
		const r = srv.cli(['user', 'disable', '--login', login]);
		assert.equal(r.code, 0, r.stderr);
		expectError(await srv.client().post('auth/login', { login, password: 'officer-pass-12' }), 403, 'account_disabled');
		expectError(await c.get('me'), 401, 'unauthenticated');
		assert.notEqual(srv.cli(['user', 'disable', '--login', uniq('nobody')]).code, 0);
	});
});

describe('backup', () => {
	it(BACKEND === 'sqlite' ? 'writes a consistent SQLite copy while the server runs' : 'on PostgreSQL, fails and points to pg_dump', () => {
		const out = path.join(os.tmpdir(), `skyway-backup-${process.pid}-${Date.now()}.db`);
		try {
			const r = runCli(['backup', '--db', srv.dbUrl, '--out', out]);
			if (BACKEND === 'postgres') {
				assert.notEqual(r.code, 0);
				assert.match(r.stdout + r.stderr, /pg_dump/);
				return;
			}
			assert.equal(r.code, 0, r.stderr);
			const check = spawnSync('sqlite3', [out, 'PRAGMA integrity_check'], { encoding: 'utf8' });
			assert.equal(check.stdout.trim(), 'ok');
			const dump = spawnSync('sqlite3', [out, '.dump'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
			assert.ok(dump.stdout.includes(`'${ADMIN_LOGIN}'`), 'backup lacks the admin account');
			assert.ok(!dump.stdout.includes(ADMIN_PASSWORD), 'plain password stored');
			// The copy is usable: a server starts on it and the admin logs in.
			const m = runCli(['migrate', '--db', `sqlite:${out}`]);
			assert.equal(m.code, 0, m.stderr);
		} finally {
			for (const f of [out, `${out}-wal`, `${out}-shm`]) fs.rmSync(f, { force: true });
		}
	});

	it('refuses to run without --out', () => {
		const r = runCli(['backup', '--db', srv.dbUrl]);
		assert.notEqual(r.code, 0);
	});
});

describe('configuration from the environment', () => {
	it('serve takes SKYWAY_DB and SKYWAY_LISTEN when no flags are given', async () => {
		const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'skyway-env-'));
		const db = createDatabase(tmp);
		try {
			assert.equal(runCli(['migrate', '--db', db.url]).code, 0);
			assert.equal(runCli(['user', 'add', '--db', db.url, '--role', 'operator', '--login', 'envadmin', '--name', '环境'], { stdin: 'corridor-env-pass-1\n' }).code, 0);
			const s = await startServer({ rawArgs: ['serve'], env: { SKYWAY_DB: db.url, SKYWAY_LISTEN: '127.0.0.1:0' }, bootstrap: false });
			try {
				const c = await s.login('envadmin', 'corridor-env-pass-1');
				assert.equal(c.account.login, 'envadmin');
			} finally {
				await s.stop();
			}
		} finally {
			db.drop();
			fs.rmSync(tmp, { recursive: true, force: true });
		}
	});
});

describe('shutdown', () => {
	it('SIGTERM with a request in flight: the request completes and the server exits 0', async () => {
		const s = await startServer();
		const c = await s.login(ADMIN_LOGIN, ADMIN_PASSWORD);
		// A login is slow on purpose (argon2id); start several and stop at once.
		const inflight = [1, 2, 3].map(() => s.client().post('auth/login', { login: ADMIN_LOGIN, password: ADMIN_PASSWORD }).catch((e) => e));
		await new Promise((r) => setTimeout(r, 20));
		const stopping = s.stop();
		const results = await Promise.all(inflight);
		await stopping; // throws unless exit status 0
		for (const r of results) {
			if (r instanceof Error) continue; // not yet accepted when the listener closed
			assert.equal(r.status, 200, `in-flight request cut: ${r}`);
		}
		assert.ok(c);
	});
});
