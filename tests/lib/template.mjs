// Template databases for the test harnesses: a database is migrated (and seeded) ONCE per
// suite run, and every test server starts on a copy of it: a file copy on SQLite,
// `CREATE DATABASE … TEMPLATE` on PostgreSQL.  Without a shared folder (a test file run
// on its own) nothing is shared and the harnesses build each database as before.
//
// The shared folder is SKYWAY_TEST_SHARED, made per suite by tests/lib/run.mjs.  Test files
// run as separate processes, so "once" is decided by mkdir (atomic): the process that
// creates KEY.lock builds the template and writes KEY.json; the others wait for that file.
// A template is never connected to once built (PostgreSQL refuses to copy a database that
// has sessions): on PostgreSQL it is marked ALLOW_CONNECTIONS false.
//
//   node tests/lib/template.mjs drop DIR   drops the PostgreSQL templates recorded in DIR
//                                          (tests/lib/run.mjs calls it after each suite)
//
// Node 18 compatible on purpose: tests/lib/run.mjs and this file must run on whatever Node
// a machine has, to say clearly what is missing.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SHARED = process.env.SKYWAY_TEST_SHARED || '';

const WAIT_MS = 180000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs one SQL statement with psql against URL; throws with psql's words on failure. */
export function psql(url, sql) {
	const r = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qAtc', sql], { encoding: 'utf8', timeout: 120000 });
	if (r.status !== 0) throw new Error(`psql ${sql}: ${r.stderr || r.error}`);
	return r.stdout;
}

/**
 * The URL of database DB on the PostgreSQL server BASE points at (its path replaced),
 * keeping BASE's query string.  Throws unless BASE is a postgres:// URL.
 */
export function pgUrl(base, db) {
	const m = /^(postgres(?:ql)?:\/\/[^/?#]+)(\/[^?#]*)?(\?[^#]*)?$/.exec((base || '').trim());
	if (!m) throw new Error(`not a postgres:// URL: ${base}`);
	return `${m[1]}/${db}${m[3] || ''}`;
}

function keyName(parts) {
	return crypto.createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

/**
 * The template for KEY (any JSON value naming what is in it: backend, binary, contents),
 * built at most once per shared folder by build(target), where target is
 * { url, sqlitePath, cwd } for a new database: build fills it (migrate, seed), running
 * its commands in the empty folder cwd (files they leave there, like the PostgreSQL
 * default ./skyway-files, are copied with the database), and returns when every process
 * that wrote it has exited.  Returns { backend, url, sqlitePath, name, cwd } of the
 * finished template, or null when there is no shared folder (build nothing then).
 * backend: 'sqlite' | 'postgres'; pgBase: SKYWAY_TEST_PG for postgres.
 */
export async function sharedTemplate(key, { backend, pgBase }, build) {
	if (!SHARED) return null;
	const id = keyName([key, backend, pgBase]);
	const done = path.join(SHARED, `${id}.json`);
	const failed = path.join(SHARED, `${id}.error`);
	let mine = false;
	try {
		fs.mkdirSync(SHARED, { recursive: true });
		fs.mkdirSync(path.join(SHARED, `${id}.lock`));
		mine = true;
	} catch (e) {
		if (e.code !== 'EEXIST') throw e;
	}
	if (mine) {
		const tpl = { backend, cwd: path.join(SHARED, `${id}.cwd`) };
		try {
			fs.mkdirSync(tpl.cwd);
			if (backend === 'sqlite') {
				tpl.sqlitePath = path.join(SHARED, `${id}.db`);
				tpl.url = `sqlite:${tpl.sqlitePath}`;
			} else {
				// Unique per shared folder: two runs may share one PostgreSQL server.
				tpl.name = `skyway_tpl_${keyName([SHARED, id])}`;
				tpl.url = pgUrl(pgBase, tpl.name);
				tpl.admin = pgUrl(pgBase, 'postgres');
				psql(tpl.admin, `CREATE DATABASE ${tpl.name}`);
				fs.writeFileSync(path.join(SHARED, `${id}.drop`), JSON.stringify({ admin: tpl.admin, name: tpl.name }));
			}
			await build(tpl);
			if (backend === 'postgres') psql(tpl.admin, `ALTER DATABASE ${tpl.name} WITH ALLOW_CONNECTIONS false`);
		} catch (e) {
			fs.writeFileSync(failed, String(e && e.stack ? e.stack : e));
			throw e;
		}
		fs.writeFileSync(`${done}.tmp`, JSON.stringify(tpl));
		fs.renameSync(`${done}.tmp`, done);
		return tpl;
	}
	for (const start = Date.now(); Date.now() - start < WAIT_MS; await sleep(50)) {
		if (fs.existsSync(done)) return JSON.parse(fs.readFileSync(done, 'utf8'));
		if (fs.existsSync(failed)) throw new Error(`building the template database failed in another test file:\n${fs.readFileSync(failed, 'utf8')}`);
	}
	throw new Error(`the template database ${done} was not ready within ${WAIT_MS / 1000} s (its builder died?)`);
}

/**
 * A new database that is a copy of TPL (from sharedTemplate): on SQLite the file and what
 * the server keeps beside it (FILE-wal, FILE.key, the folder FILE.files) copied to
 * SQLITEPATH; on PostgreSQL a new database NAME made with CREATE DATABASE … TEMPLATE on
 * the same server.  What the builder left in its working folder is copied into CWD when
 * given.  Returns the new database's URL.
 */
export function cloneTemplate(tpl, { sqlitePath, name, cwd }) {
	if (cwd && fs.existsSync(tpl.cwd)) fs.cpSync(tpl.cwd, cwd, { recursive: true });
	if (tpl.backend === 'sqlite') {
		const dir = path.dirname(tpl.sqlitePath);
		const base = path.basename(tpl.sqlitePath);
		for (const f of fs.readdirSync(dir)) {
			if (f.startsWith(base)) fs.cpSync(path.join(dir, f), sqlitePath + f.slice(base.length), { recursive: true });
		}
		return `sqlite:${sqlitePath}`;
	}
	// FILE_COPY: the template's files copied whole (and a checkpoint, cheap with fsync off)
	// instead of PostgreSQL 15's default of logging every block to the WAL: 0.09 s
	// against 0.23 s for the 16 MB template, and the suites make thousands.
	psql(tpl.admin, `CREATE DATABASE ${name} TEMPLATE ${tpl.name} STRATEGY FILE_COPY`);
	return pgUrl(tpl.admin, name);
}

/** Drops the PostgreSQL templates recorded in the shared folder DIR (none: nothing). */
export function dropTemplates(dir) {
	let names = [];
	try {
		names = fs.readdirSync(dir).filter((f) => f.endsWith('.drop'));
	} catch {
		return;
	}
	for (const f of names) {
		const { admin, name } = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
		psql(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
	}
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const [cmd, dir] = process.argv.slice(2);
	if (cmd !== 'drop' || !dir) {
		console.error('usage: node tests/lib/template.mjs drop DIR');
		process.exit(2);
	}
	dropTemplates(dir);
}
