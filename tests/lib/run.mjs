#!/usr/bin/env node
// The test-file runner of `make check`: runs every test file as its own `node --test`
// process, several at once from one queue shared by all the suites given, the longest
// first, and reports per file and per suite (tests, passed, failed, seconds).
//
//   node tests/lib/run.mjs [--jobs N] [--log DIR] [--history FILE] [--hint FILE]
//                          [--summary FILE] [--file-timeout SEC]
//       --suite NAME [--weight W] [--env VAR=VALUE]... PATH...
//       [--suite NAME ...]
//
// PATH is a test file or a folder (its *.test.mjs; a missing folder holds none).  A file
// takes W of the N slots while it runs (default 1 of 2): a browser file, with its
// Chromium, weighs more than an API file.  Each suite gets a shared folder
// (SKYWAY_TEST_SHARED) where the harnesses keep the template databases they make once
// per suite (tests/lib/template.mjs); PostgreSQL templates are dropped when the suite ends.
//
// --log DIR keeps each file's TAP output (DIR/SUITE/FILE.log; default a temporary folder,
// removed when everything passed); --history FILE remembers how long each file took, to
// start the longest first next time; --hint FILE is read the same way but never written
// (a copy of a history, committed as tests/lib/durations.json for fresh clones: an
// ordering hint only); --summary FILE gets one line per suite:
// "suite<TAB>tests<TAB>passed<TAB>failed<TAB>seconds".  Exit status 0 when every file
// passed.
//
// Why not `node --test --test-concurrency=N`: that flag needs Node 20.10, and Debian 12's
// own Node is 18; this file uses nothing newer than Node 18, and one queue for several
// suites keeps both cores busy while tests wait (timeouts, Chromium, PostgreSQL).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dropTemplates } from './template.mjs';

const USAGE =
	'usage: node tests/lib/run.mjs [--jobs N] [--log DIR] [--history FILE] [--hint FILE] [--summary FILE] [--file-timeout SEC]\n' +
	'           --suite NAME [--weight W] [--env VAR=VALUE]... PATH... [--suite NAME ...]';

function die(msg) {
	process.stderr.write(`run.mjs: ${msg}\n${USAGE}\n`);
	process.exit(2);
}

/** The options and suites of ARGV (see USAGE); exits with status 2 on a mistake. */
function parseArgs(argv) {
	const o = { jobs: 2, log: '', history: '', hint: '', summary: '', fileTimeout: 1200, suites: [] };
	let suite = null;
	const value = (i) => {
		if (i + 1 >= argv.length) die(`${argv[i]} needs a value`);
		return argv[i + 1];
	};
	const number = (i) => {
		const n = Number(value(i));
		if (!(n > 0)) die(`${argv[i]} needs a positive number`);
		return n;
	};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--suite') {
			suite = { name: value(i), weight: 1, env: {}, paths: [] };
			if (!/^[\w.-]+$/.test(suite.name)) die(`suite names are letters, digits, . _ -: ${suite.name}`);
			o.suites.push(suite);
			i++;
		} else if (a === '--weight' || a === '--env') {
			if (!suite) die(`${a} belongs to a --suite`);
			if (a === '--weight') suite.weight = number(i);
			else {
				const kv = value(i);
				const eq = kv.indexOf('=');
				if (eq <= 0) die(`--env wants VAR=VALUE, not ${kv}`);
				suite.env[kv.slice(0, eq)] = kv.slice(eq + 1);
			}
			i++;
		} else if (a === '--jobs') o.jobs = number(i++);
		else if (a === '--file-timeout') o.fileTimeout = number(i++);
		else if (['--log', '--history', '--hint', '--summary'].includes(a)) o[a.slice(2)] = path.resolve(value(i++));
		else if (a.startsWith('--')) die(`unknown option ${a}`);
		else if (!suite) die(`${a}: paths belong to a --suite`);
		else suite.paths.push(a);
	}
	if (!o.suites.length) die('no --suite');
	return o;
}

/** The test files PATHS name: files as given, folders' *.test.mjs (sorted). */
function testFiles(paths) {
	const out = [];
	for (const p of paths) {
		let st;
		try {
			st = fs.statSync(p);
		} catch {
			continue; // a folder that does not exist (yet) holds no tests
		}
		if (st.isDirectory()) {
			for (const f of fs.readdirSync(p).sort()) if (f.endsWith('.test.mjs')) out.push(path.join(p, f));
		} else out.push(p);
	}
	return out;
}

/** Counts in a file's TAP output: the runner's closing "# pass N" lines. */
function tapCounts(text) {
	const last = (word) => {
		const all = [...text.matchAll(new RegExp(`^# ${word} (\\d+)$`, 'gm'))];
		return all.length ? Number(all[all.length - 1][1]) : null;
	};
	return { tests: last('tests'), pass: last('pass'), fail: last('fail'), cancelled: last('cancelled') };
}

/** What failed in a file's TAP output: each "not ok" with its details, at most MAX lines. */
function failureExcerpt(text, max = 300) {
	const lines = text.split('\n');
	// What the file printed (TAP "# " lines other than the runner's own): an error thrown
	// while loading, a server's last words.
	const said = lines.filter((l) => /^#\s/.test(l) && !/^# (Subtest:|tests|suites|pass|fail|cancelled|skipped|todo|duration_ms)\b/.test(l));
	const out = said.slice(-40);
	for (let i = 0; i < lines.length && out.length < max; i++) {
		const m = /^(\s*)not ok \d+/.exec(lines[i]);
		if (!m) continue;
		// A suite's "not ok" only repeats its tests' failures: show leaves with details.
		const indent = m[1].length;
		out.push(lines[i]);
		let j = i + 1;
		for (; j < lines.length && j - i < 60; j++) {
			const ind = /^(\s*)/.exec(lines[j])[1].length;
			if (ind <= indent && /^\s*(not ok|ok|# Subtest|1\.\.)/.test(lines[j])) break;
			out.push(lines[j]);
		}
	}
	return out.slice(0, max);
}

function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return {};
	}
}

const fmt = (s) => s.toFixed(1);
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

async function main() {
	const o = parseArgs(process.argv.slice(2));
	const keepLog = Boolean(o.log);
	const logDir = o.log || fs.mkdtempSync(path.join(os.tmpdir(), 'skyway-run-'));
	// What each file took last time (history), else on the reference machine (hint).
	const history = { ...(o.hint ? readJson(o.hint) : {}), ...(o.history ? readJson(o.history) : {}) };
	const start = Date.now();

	// One queue: every file of every suite, the longest expected first.
	const jobs = [];
	for (const s of o.suites) {
		s.dir = path.join(logDir, s.name);
		s.shared = path.join(s.dir, 'shared');
		fs.mkdirSync(s.shared, { recursive: true });
		s.files = testFiles(s.paths);
		s.left = s.files.length;
		s.first = null;
		s.last = null;
		for (const file of s.files) {
			const key = `${s.name} ${file}`;
			// Unknown: what the file took in another suite, else a guess from its size.
			const other = Object.keys(history).filter((k) => k.endsWith(` ${file}`));
			const guess = other.length ? Math.max(...other.map((k) => history[k])) : (fs.statSync(file).size / 2000) * s.weight;
			jobs.push({ suite: s, file, key, expect: history[key] ?? guess });
		}
	}
	for (const s of o.suites) if (o.jobs < s.weight) die(`--jobs ${o.jobs} is less than suite ${s.name}'s weight ${s.weight}`);
	jobs.sort((a, b) => b.expect - a.expect);
	const total = jobs.length;
	console.log(`run.mjs: ${total} test files in ${o.suites.length} suites, ${o.jobs} slots, Node ${process.version}`);

	const results = [];
	const running = new Set();
	let free = o.jobs;
	let stopping = false;

	const runOne = (job) =>
		new Promise((resolve) => {
			const s = job.suite;
			const logFile = path.join(s.dir, `${job.file.replace(/[/\\]/g, '_')}.log`);
			const fd = fs.openSync(logFile, 'w');
			const t0 = Date.now();
			if (s.first === null) s.first = t0;
			// --test-reporter=tap: the counts and failures are read from the TAP.
			const child = spawn(process.execPath, ['--test', '--test-reporter=tap', job.file], {
				stdio: ['ignore', fd, fd],
				env: { ...process.env, ...s.env, SKYWAY_TEST_SHARED: s.shared },
				detached: true, // its own process group: a timeout ends the servers it started too
			});
			fs.closeSync(fd);
			const entry = { child, timedOut: false };
			running.add(entry);
			const timer = setTimeout(() => {
				entry.timedOut = true;
				killGroup(child, 'SIGKILL');
			}, o.fileTimeout * 1000);
			const finish = (code, signal) => {
				clearTimeout(timer);
				running.delete(entry);
				const seconds = (Date.now() - t0) / 1000;
				s.last = Date.now();
				const text = fs.readFileSync(logFile, 'utf8');
				const c = tapCounts(text);
				let failed = (c.fail ?? 0) + (c.cancelled ?? 0);
				const passed = c.pass ?? 0;
				let tests = c.tests ?? passed + failed;
				// A file that died, hung or exited non-zero without a failed test is one failure.
				if ((code !== 0 || c.pass === null) && failed === 0) {
					failed = 1;
					tests += 1;
				}
				const r = { suite: s.name, file: job.file, key: job.key, tests, passed, failed, seconds, code, signal, timedOut: entry.timedOut, logFile };
				results.push(r);
				report(r, text);
				resolve();
			};
			child.on('exit', finish);
			child.on('error', (e) => {
				fs.appendFileSync(logFile, `\nrun.mjs: could not start node: ${e.message}\n`);
				finish(null, null);
			});
		});

	const report = (r, text) => {
		const done = results.length;
		const status = r.failed ? 'FAIL' : 'ok  ';
		const what = r.failed ? `${r.failed} failed, ${r.passed} passed` : `${r.passed} passed`;
		console.log(`${lpad(`[${done}/${total}]`, 9)} ${lpad(fmt(r.seconds), 6)} s  ${status} ${pad(r.suite, 18)} ${r.file}  (${what})`);
		if (!r.failed) return;
		if (r.timedOut) console.log(`    killed after ${o.fileTimeout} s`);
		else if (r.code !== 0) console.log(`    exit status ${r.code ?? r.signal}`);
		const excerpt = failureExcerpt(text);
		const lines = excerpt.length ? excerpt : text.split('\n').slice(-40);
		console.log(`    ---- ${excerpt.length ? 'what failed' : 'the end of its output'} (whole log: ${r.logFile})`);
		for (const l of lines) console.log(`    ${l}`);
		console.log('    ----');
	};

	const pump = () =>
		new Promise((resolveAll) => {
			const next = () => {
				if (stopping) return;
				for (let i = 0; i < jobs.length; i++) {
					const job = jobs[i];
					if (job.suite.weight > free) continue;
					jobs.splice(i, 1);
					i--;
					free -= job.suite.weight;
					runOne(job).then(() => {
						free += job.suite.weight;
						const s = job.suite;
						s.left -= 1;
						if (s.left === 0) endSuite(s);
						if (!jobs.length && !running.size) resolveAll();
						else next();
					});
				}
			};
			if (!jobs.length) resolveAll();
			else next();
		});

	const endSuite = (s) => {
		try {
			dropTemplates(s.shared);
		} catch (e) {
			console.log(`run.mjs: ${s.name}: dropping its template databases failed: ${e.message}`);
		}
	};

	const onSignal = (sig) => {
		stopping = true;
		for (const e of running) killGroup(e.child, 'SIGKILL');
		console.log(`run.mjs: ${sig}: stopped`);
		process.exit(130);
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);

	await pump();
	for (const s of o.suites) if (!s.files.length) endSuite(s);

	// The table: per suite, then the slowest files.
	const rows = o.suites.map((s) => {
		const rs = results.filter((r) => r.suite === s.name);
		const sum = (k) => rs.reduce((n, r) => n + r[k], 0);
		const seconds = s.first === null ? 0 : (s.last - s.first) / 1000;
		return { name: s.name, files: rs.length, tests: sum('tests'), passed: sum('passed'), failed: sum('failed'), seconds, busy: sum('seconds') };
	});
	const wall = (Date.now() - start) / 1000;
	console.log('');
	console.log(`${pad('suite', 20)}${lpad('files', 6)}${lpad('tests', 7)}${lpad('passed', 8)}${lpad('failed', 8)}${lpad('seconds', 9)}${lpad('file-s', 9)}`);
	for (const r of rows) {
		console.log(`${pad(r.name, 20)}${lpad(r.files, 6)}${lpad(r.tests, 7)}${lpad(r.passed, 8)}${lpad(r.failed, 8)}${lpad(fmt(r.seconds), 9)}${lpad(fmt(r.busy), 9)}`);
	}
	console.log(`(seconds: from the suite's first file starting to its last ending, suites overlapping; file-s: the sum of its files' times; all of it: ${fmt(wall)} s)`);
	const slow = [...results].sort((a, b) => b.seconds - a.seconds).slice(0, 10);
	console.log(`slowest files: ${slow.map((r) => `${path.basename(r.file)} (${r.suite}) ${fmt(r.seconds)} s`).join(', ')}`);
	const bad = results.filter((r) => r.failed);
	if (bad.length) console.log(`failed files: ${bad.map((r) => `${r.file} (${r.suite}; log ${r.logFile})`).join(', ')}`);

	if (o.summary) {
		fs.writeFileSync(o.summary, rows.map((r) => `${r.name}\t${r.tests}\t${r.passed}\t${r.failed}\t${fmt(r.seconds)}\n`).join(''));
	}
	if (o.history) {
		const h = readJson(o.history);
		for (const r of results) if (!r.failed) h[r.key] = Math.round(r.seconds * 10) / 10;
		fs.mkdirSync(path.dirname(o.history), { recursive: true });
		fs.writeFileSync(o.history, `${JSON.stringify(h, null, 1)}\n`);
	}
	const failed = results.some((r) => r.failed);
	if (!keepLog && !failed) fs.rmSync(logDir, { recursive: true, force: true });
	return failed ? 1 : 0;
}

/** Sends SIG to CHILD's process group (it was started detached), or to it alone. */
function killGroup(child, sig) {
	try {
		process.kill(-child.pid, sig);
	} catch {
		try {
			child.kill(sig);
		} catch {
			/* already gone */
		}
	}
}

main().then(
	(code) => process.exit(code),
	(e) => {
		console.error(`run.mjs: ${e.stack || e}`);
		process.exit(2);
	},
);
