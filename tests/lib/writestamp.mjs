// "Was anything written?", cheaply: one statement giving each table a stamp that changes
// when a transaction that wrote to it commits.  The fault walks take one after every fired
// fault (942 in faults_recruit alone) and the security suite one around every refused
// request; they used to read every row out as text (psql's md5 of the sorted rows; the
// sqlite3 shell's rows, sorted and hashed in Node), which was ~40 % of PostgreSQL's CPU in
// `make check` and, on SQLite, half the wall time of a security file.  Stamps compare equal
// or not; they do not say what changed.  Each starts with the table's row count.
//
// PostgreSQL: the count and the newest transaction id among the rows' xmin.  A committed
// INSERT or UPDATE leaves a row whose xmin is its transaction's id, newer than every id
// before it (ids only grow; PostgreSQL 15 freezes an xmin only past vacuum_freeze_min_age,
// 50 million transactions, never reached in a test), so the newest xmin moves; a DELETE
// alone lowers the count; a rolled-back write leaves no visible row.  An UPDATE that
// rewrites a row with its own values moves it too: that is a write, and the suites assert
// there was none.
//
// SQLite: the count and the SHA3 of the rows in rowid (or primary key) order, computed
// inside the sqlite3 shell (its sha3_query()), which reads the table once and prints 56
// hex digits instead of the rows.
//
// Both run in a shell (psql, sqlite3) kept open per server: a process per snapshot cost
// more than the snapshot (a process, on PostgreSQL a backend, the schema read each time).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';

/** One statement giving "table|stamp" per table of TABLES (trusted names) on BACKEND. */
function stampSql(backend, tables) {
	const one =
		backend === 'sqlite'
			? (t) => `SELECT '${t}', count(*) || ':' || hex(sha3_query('SELECT * FROM "${t}" NOT INDEXED')) FROM "${t}"`
			: (t) => `SELECT '${t}', count(*) || ':' || coalesce(max(x.xmin::text::bigint), 0) FROM ${t} x`;
	return tables.map(one).join('\nUNION ALL ');
}

/**
 * The environment for the psql that runs the stamps: without parallel plans.  Over a
 * hundred small tables, count(*) and max() are planned as parallel scans, and starting
 * their worker processes cost ten times the scans (measured: 264 ms a snapshot against
 * 27 ms for the sorted md5s, which cannot run in parallel).
 */
const PG_STAMP_ENV = { ...process.env, PGOPTIONS: '-c max_parallel_workers_per_gather=0' };

/** "table|stamp" lines as the shells print them → {table: stamp}. */
function parseStamps(lines) {
	const out = {};
	for (const line of lines) {
		const bar = line.indexOf('|');
		if (bar > 0) out[line.slice(0, bar)] = line.slice(bar + 1);
	}
	return out;
}

const sessions = new WeakMap(); // owner -> the shell kept open on its database

/**
 * Runs SCRIPT in the shell kept open on the database at URL (sqlite:PATH, read-only, or a
 * PostgreSQL URL) for OWNER's life (an object: the server); resolves to its output lines.
 * The process and its pipes hold the event loop only while a script runs, so a test file
 * still ends when its tests do; on PostgreSQL the harness's `DROP DATABASE ... WITH
 * (FORCE)` ends the session.  Anything on the shell's stderr fails the script; a shell that
 * ended is started again by the next script.  SCRIPT may be a function of the shell's Set
 * of the statements it has prepared (PostgreSQL), giving the script.
 */
async function shellScript(owner, url, script) {
	let s = sessions.get(owner);
	if (!s) {
		const p = url.startsWith('sqlite:')
			? spawn('sqlite3', ['-readonly', url.replace(/^sqlite:(\/\/)?/, '')], { stdio: ['pipe', 'pipe', 'pipe'] })
			: spawn('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qAt', '-f', '-'], { stdio: ['pipe', 'pipe', 'pipe'], env: PG_STAMP_ENV });
		s = { p, out: '', err: '', n: 0, ended: null, wake: null, prepared: new Set() };
		p.stdout.setEncoding('utf8');
		p.stdout.on('data', (d) => {
			s.out += d;
			s.wake?.();
		});
		p.stderr.on('data', (d) => {
			s.err += d;
			s.wake?.();
		});
		p.stdin.on('error', () => {});
		p.on('exit', (code, sig) => {
			s.ended = sig || code;
			s.wake?.();
		});
		sessions.set(owner, s);
	}
	const mark = `@@end ${++s.n}\n`;
	if (typeof script === 'function') script = script(s.prepared);
	s.p.stdin.write(`${script}\nSELECT '${mark.trim()}';\n`);
	for (const h of [s.p, s.p.stdout, s.p.stderr, s.p.stdin]) h.ref();
	try {
		for (;;) {
			const i = s.out.indexOf(mark);
			if (i >= 0 || s.ended !== null) {
				// An error's text can come in several chunks: it is whole once the shell
				// has printed the mark after it (sqlite3) or ended (psql, ON_ERROR_STOP).
				if (s.ended !== null) sessions.delete(owner);
				const text = i >= 0 ? s.out.slice(0, i) : '';
				const err = s.err;
				s.out = i >= 0 ? s.out.slice(i + mark.length) : '';
				s.err = '';
				if (err) throw new Error(`db script: ${err}`);
				if (i < 0) throw new Error(`db script: the shell ended (${s.ended})`);
				return text.split('\n');
			}
			await new Promise((resolve) => (s.wake = resolve));
		}
	} finally {
		for (const h of [s.p, s.p.stdout, s.p.stderr, s.p.stdin]) h.unref();
	}
}

/**
 * {table: stamp} for each of TABLES of the database at URL, through OWNER's shell
 * (shellScript).  Fails when a table is missing from the answer.
 */
export async function tableStamps(owner, url, tables) {
	const backend = url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
	const sql = stampSql(backend, tables);
	// On PostgreSQL the statement is prepared once per shell: parsing and planning a
	// hundred-table UNION ALL cost eight times its run (measured: 67 ms against 8 ms).
	const name = `stamps_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`;
	const script =
		backend === 'sqlite'
			? `${sql};`
			: (prepared) => {
					if (prepared.has(name)) return `EXECUTE ${name};`;
					prepared.add(name);
					return `PREPARE ${name} AS ${sql};\nEXECUTE ${name};`;
				};
	const out = parseStamps(await shellScript(owner, url, script));
	const missing = tables.filter((t) => !(t in out));
	if (missing.length) throw new Error(`write stamps: no answer for ${missing.join(', ')}`);
	return out;
}
