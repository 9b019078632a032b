// Issue 9's side-by-side bench (run by bench/compare.sh): Skyway and the
// Node/Express + better-sqlite3 peer (bench/peer/server.mjs) on one copy of
// the full demo database.
//
// 1. Both servers up at once: the student logs in (Skyway makes the session;
//    the peer reads the same sessions table), then a fixed set of requests
//    (searches with and without filters and terms, by match too, pages
//    followed by their cursors, a search that finds nothing, the student's
//    applications, the recommendations and the searches by match of
//    student_demo and of five other students, whose
//    sessions the bench writes into this copy of the database: they have no
//    password) goes to both; every answer must be byte-identical (or, failing
//    that, equal as JSON: printed).  Any difference is printed with its
//    request; exit 1.
// 2. ROUNDS rounds, each server ALONE in turn (Skyway, peer, Skyway, peer…):
//    for each mix (search, match, applications, recommendations, /healthz) at each
//    concurrency, SECONDS of closed-loop keep-alive requests: requests/s,
//    p50, p99; the load average before and after each server's round; the
//    server's memory (VmRSS, VmHWM) when its round ends, and its CPU time per
//    request (from /proc: it depends far less on the machine's load).
//    With wrk installed (Debian's package; CLIENTS="node wrk", the default
//    then), each mix at each concurrency is also driven by wrk, a C client
//    (2 threads, or 1 at one connection) cycling through the same paths with
//    the same cookie: one node process for 50 connections spends more CPU per
//    request than Skyway does, so at 50 connections its latencies are mostly
//    its own event loop's queue; wrk's are the server's and the kernel's.
// Figures only: nothing is asserted about time.
//
// node bench/compare.mjs SKYWAY_BINARY DB_PATH
// env: ROUNDS (2)  SECONDS (10 per measurement)  CONCS ("1 50")
//      MIXES ("search match applications recommendations healthz")
//      PEER_WORKERS (1; see server.mjs)  THREADS (Skyway's --threads; its default)
//      CLIENTS ("node wrk" when wrk is installed, else "node")
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { closedLoop, request as sendRequest } from './lib/request.mjs';

const [BIN, DB] = process.argv.slice(2);
const HERE = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.env.ROUNDS || 2);
const SECONDS = Number(process.env.SECONDS || 10);
const CONCS = (process.env.CONCS || '1 50').split(/\s+/).filter(Boolean).map(Number);
const MIXES = (process.env.MIXES || 'search match applications recommendations healthz').split(/\s+/).filter(Boolean);

// The search mix: bench/search/load.mjs's (1–2 character and longer Chinese
// queries, with and without filters) and issue 14's kinds; sort=match (the
// student's own-list scores over the matching snapshot, every position found
// scored) is a mix of its own.
const SEARCH = [
	'q=电', 'q=机械', 'q=化工', 'q=数控', 'q=护理', 'q=会计', 'q=设备维护', 'q=电气自动化',
	'q=广东', 'q=技术员', 'q=质检', 'q=新能源汽车', 'q=电&kind=全职', 'q=操作工&in_zone=1',
	'in_zone=1', 'kind=实习', 'q=模具&sort=salary', 'sort=newest', '', 'q=工&limit=50',
	'q=机', 'q=电工', 'q=广州', 'q=数控车床', 'q=机电一体化', 'q=聚石', 'q=PLC', 'q=焊工',
	'q=机电 助理', 'q=PLC 清远', 'q=技术员&city=441800&salary_min=5000',
].map((q) => `/api/v1/positions${q ? '?' + encodeURI(q) : ''}`);
const MATCH = [
	'sort=match', 'sort=match&q=电', 'sort=match&q=技术员', 'sort=match&kind=实习', 'sort=match&in_zone=1',
	'sort=match&q=机电 助理', 'sort=match&page_size=50', 'sort=match&major=46', 'sort=match&q=数控车床&city=441800',
	'sort=match&salary_min=5000',
].map((q) => `/api/v1/positions?${encodeURI(q)}`);
const APPLICATIONS = ['', '?status=submitted', '?page=2&page_size=5', '?page_size=50'].map((q) => `/api/v1/applications${q}`);
const PATHS = {
	search: SEARCH,
	match: MATCH,
	applications: APPLICATIONS,
	recommendations: ['/api/v1/recommendations'],
	healthz: ['/healthz'],
};
// Compared besides the mixes: filters, sorts, a search that finds nothing
// (the relax counts), quotes and ASCII case, the next pages by cursor.
const EXTRA = [
	'q=电&major=460301', 'q=电&industry=C', 'sort=salary&kind=全职', 'q=不存在的岗位名称&kind=实习&in_zone=1',
	'q=plc', 'q="电', 'q=50%', 'q=技术员&sort=newest', 'q=电&page_size=7', 'major=46',
	'sort=match&q=不存在的岗位名称&kind=实习', 'sort=match&q=电&page_size=7',
].map((q) => `/api/v1/positions?${encodeURI(q)}`);
const FOLLOW = ['sort=newest', 'sort=salary', 'q=电', 'q=技术员&sort=newest', 'q=电&page_size=7', 'q=机电 助理', 'sort=match', 'sort=match&q=电&page_size=7'].map(
	(q) => `/api/v1/positions?${encodeURI(q)}`
);

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const request = (base, method, path, opts) => sendRequest(agent, base, method, path, opts);

// Starts a server; resolves {base, proc} once it prints its address.
function start(name) {
	const args =
		name === 'skyway'
			? [BIN, ['serve', '--db', `sqlite:${DB}`, '--listen', '127.0.0.1:0', '--access-log', 'off', ...(process.env.THREADS ? ['--threads', process.env.THREADS] : [])]]
			: [process.execPath, [join(HERE, 'peer/server.mjs'), DB]];
	const proc = spawn(args[0], args[1], { stdio: ['ignore', 'pipe', 'pipe'] });
	let err = '';
	proc.stderr.on('data', (d) => (err += d));
	return new Promise((resolve, reject) => {
		let out = '';
		proc.stdout.on('data', (d) => {
			out += d;
			const m = /listening on (http:\/\/[^\s]+)/.exec(out);
			if (m) resolve({ base: m[1], proc });
		});
		proc.on('exit', (code) => reject(new Error(`${name} exited ${code}: ${err}`)));
	});
}
function stop(s) {
	return new Promise((resolve) => {
		s.proc.removeAllListeners('exit');
		s.proc.on('exit', resolve);
		s.proc.kill('SIGTERM');
	});
}
// A server's processes: itself and, for the peer under node:cluster, its workers.
const family = (pid) => {
	let kids = [];
	try {
		kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number);
	} catch {}
	return [pid, ...kids.flatMap(family)];
};
// VmRSS and VmHWM summed over the server's processes.
const memory = (pid) => {
	let rss = 0, hwm = 0;
	for (const p of family(pid)) {
		const st = readFileSync(`/proc/${p}/status`, 'utf8');
		const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(st)[1]);
		rss += kb('VmRSS');
		hwm += kb('VmHWM');
	}
	return `VmRSS ${(rss / 1024).toFixed(0)} MiB, VmHWM ${(hwm / 1024).toFixed(0)} MiB`;
};
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

// ---- 1. the answers compared ----
// Other students' sessions, written into this copy before the servers start
// (demo students but student_demo have no password); one of them has
// personalisation off (the plain listing).
const OTHERS = ['resident_demo', 'cy9999', 'cy9995', 'cy10000', 'cy9990'];
const others = [];
{
	const Database = createRequire(join(HERE, 'peer/'))('better-sqlite3');
	const db = new Database(DB);
	const now = Math.floor(Date.now() / 1000);
	for (const login of OTHERS) {
		const id = db.prepare("SELECT a.id FROM accounts a JOIN students s ON s.account_id = a.id WHERE a.login = ? AND a.role = 'student'").pluck().get(login);
		if (!id) continue;
		const token = randomBytes(32).toString('hex');
		db.prepare('INSERT INTO sessions (token_hash, account_id, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)').run(
			createHash('sha256').update(token).digest('hex'), id, randomBytes(16).toString('hex'), now, now);
		others.push({ login, cookie: `skyway_session=${token}` });
	}
	db.prepare('UPDATE students SET personalised = 0 WHERE account_id = (SELECT id FROM accounts WHERE login = ?)').run(OTHERS.at(-1));
	db.close();
}
let sky = await start('skyway');
let peer = await start('peer');
const login = await request(sky.base, 'POST', '/api/v1/auth/login', { body: { login: 'student_demo', password: 'skyway2026demo' } });
if (login.status !== 200) {
	console.log(`PROBLEM: login ${login.status} ${login.text}`);
	process.exit(1);
}
const cookie = [].concat(login.headers['set-cookie'] || []).map((c) => c.split(';')[0]).join('; ');
// student_demo has applied nowhere in the demo: it applies (through Skyway,
// on this copy of the database) to up to APPLY open positions, so that "my
// applications" has a page to show (a demo student has ~1 on average).
const APPLY = Number(process.env.APPLY || 12);
const me = JSON.parse((await request(sky.base, 'GET', '/api/v1/auth/me', { cookie })).text);
const csrf = JSON.parse(login.text).csrf_token || me.csrf_token;
const open = JSON.parse((await request(sky.base, 'GET', `/api/v1/positions?${encodeURI('sort=match&page_size=60')}`, { cookie })).text).items;
let applied = 0;
for (const p of open) {
	if (applied >= APPLY) break;
	const r = await new Promise((resolve) => {
		const u = new URL(sky.base);
		const rq = http.request({ host: u.hostname, port: u.port, path: `/api/v1/positions/${p.id}/apply`, method: 'POST', agent,
			headers: { Cookie: cookie, Origin: u.origin, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json', 'Content-Length': 2 } },
			(res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
		rq.on('error', () => resolve(0));
		rq.end('{}');
	});
	if (r === 201) applied++;
}
const mine = JSON.parse((await request(sky.base, 'GET', '/api/v1/applications', { cookie })).text).total;
console.log(`student_demo applied to ${applied} positions here; has ${mine} applications`);

const pairs = [...new Set([...SEARCH, ...MATCH, ...EXTRA, ...APPLICATIONS])].map((p) => ({ p, cookie }));
for (const p of FOLLOW) {
	const r = JSON.parse((await request(sky.base, 'GET', p, { cookie })).text);
	if (r.next_cursor) pairs.push({ p: `${p}&cursor=${encodeURIComponent(r.next_cursor)}`, cookie });
}
// 为你推荐: student_demo (who has just applied: the applied ones left out, or
// shown with ?applied=1), k from 1 to 100, and the other students.
for (const q of ['', '?k=1', '?k=100', '?applied=1', '?applied=1&k=50'])
	pairs.push({ p: `/api/v1/recommendations${q}`, cookie });
for (const o of others) {
	for (const q of ['', '?applied=1'])
		pairs.push({ p: `/api/v1/recommendations${q}`, cookie: o.cookie, who: o.login });
	for (const q of ['sort=match', 'sort=match&q=技术员'])
		pairs.push({ p: `/api/v1/positions?${encodeURI(q)}`, cookie: o.cookie, who: o.login });
}
let same = 0, equal = 0, differ = 0;
for (const { p, cookie, who } of pairs) {
	const [a, b] = [await request(sky.base, 'GET', p, { cookie }), await request(peer.base, 'GET', p, { cookie })];
	let note = '';
	if (a.status !== 200) note = `skyway answered ${a.status} ${a.text.slice(0, 200)}`;
	if (a.status === b.status && a.text === b.text) {
		if (!note) same++;
	} else if (a.status === b.status && isDeepStrictEqual(JSON.parse(a.text), JSON.parse(b.text))) {
		equal++;
	} else {
		differ++;
		const ja = JSON.parse(a.text), jb = JSON.parse(b.text);
		const where = (x, y, at) => {
			if (isDeepStrictEqual(x, y)) return null;
			if (typeof x !== 'object' || typeof y !== 'object' || !x || !y) return `${at}: skyway ${JSON.stringify(x)?.slice(0, 160)} / peer ${JSON.stringify(y)?.slice(0, 160)}`;
			for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
				const d = where(x[k], y[k], `${at}.${k}`);
				if (d) return d;
			}
			return `${at}: differ`;
		};
		note = `status ${a.status}/${b.status}; first difference ${where(ja, jb, '$')}`;
	}
	if (note) console.log(`DIFFERENT ${decodeURI(p)}${who ? ` (${who})` : ''}: ${note}`);
}
console.log(`answers compared: ${pairs.length} requests: ${same} byte-identical, ${equal} equal as JSON (key order differs), ${differ} different`);
await stop(sky);
await stop(peer);

// ---- 2. the rounds, each server alone ----
// The server's CPU time so far in ms (user + system, /proc; 10 ms ticks; the
// peer's workers summed): the CPU per request moves far less with the
// machine's load than latencies do.
function cpuMs(pid) {
	let ticks = 0;
	for (const p of family(pid)) {
		const f = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
		ticks += Number(f[11]) + Number(f[12]);
	}
	return ticks * 10;
}

async function measure(base, conc, paths) {
	let example = '';
	const r = await closedLoop(conc, SECONDS, (i) => request(base, 'GET', paths[i % paths.length], { cookie }), (res, _i, nbad) => {
		if (!nbad) example = `${res.status} ${res.text.slice(0, 120)}`;
	});
	return { ...r, example };
}

// The same mix driven by wrk: a Lua script cycling through the paths with the
// cookie; its latency distribution's 50 % and 99 % lines and Requests/sec.
const HAVE_WRK = spawnSync('wrk', ['--version']).error === undefined;
const CLIENTS = (process.env.CLIENTS || (HAVE_WRK ? 'node wrk' : 'node')).split(/\s+/).filter(Boolean);
const WRK_DIR = CLIENTS.includes('wrk') ? mkdtempSync(join(tmpdir(), 'skyway-wrk-')) : null;
function measureWrk(base, conc, paths) {
	const lua = join(WRK_DIR, 'paths.lua');
	writeFileSync(
		lua,
		`local paths = {${paths.map((p) => JSON.stringify(p)).join(', ')}}\nlocal i = 0\n` +
			`request = function()\n  i = i % #paths + 1\n  return wrk.format("GET", paths[i], { ["Cookie"] = ${JSON.stringify(cookie)} })\nend\n`
	);
	const r = spawnSync('wrk', [`-t${conc > 1 ? 2 : 1}`, `-c${conc}`, `-d${SECONDS}s`, '--latency', '-s', lua, base], { encoding: 'utf8' });
	const out = r.stdout || '';
	const ms = (pct) => {
		const m = out.match(new RegExp(`^\\s+${pct}%\\s+([0-9.]+)(us|ms|s)`, 'm'));
		return m ? Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]] : NaN;
	};
	const n = Number((out.match(/(\d+) requests in/) || [])[1] || 0);
	const bad = Number((out.match(/Non-2xx or 3xx responses: (\d+)/) || [])[1] || 0) + (r.status ? 1 : 0);
	return { rps: Number((out.match(/Requests\/sec:\s+([0-9.]+)/) || [])[1] || 0), p50: ms(50), p99: ms(99), n, bad, example: bad ? out.slice(0, 200) : '' };
}

const results = []; // {round, server, client, mix, conc, rps, p50, p99}
const mem = {};
for (let round = 1; round <= ROUNDS; round++) {
	for (const name of ['skyway', 'peer']) {
		const s = await start(name);
		console.log(`round ${round} ${name}: load average before ${load()}`);
		for (const p of [...SEARCH, ...MATCH, ...APPLICATIONS, ...PATHS.recommendations]) await request(s.base, 'GET', p, { cookie }); // warm up (Skyway builds its snapshot on first use)
		for (const mix of MIXES) {
			for (const conc of CONCS)
				for (const client of CLIENTS) {
					const c0 = cpuMs(s.proc.pid);
					const r = client === 'wrk' ? measureWrk(s.base, conc, PATHS[mix]) : await measure(s.base, conc, PATHS[mix]);
					r.cpu = (cpuMs(s.proc.pid) - c0) / Math.max(r.n, 1);
					results.push({ round, name, client, mix, conc, ...r });
					console.log(
						`round ${round} ${name.padEnd(6)} ${client.padEnd(4)} ${mix.padEnd(15)} c${String(conc).padEnd(3)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(2).padStart(8)} ms  p99 ${r.p99.toFixed(2).padStart(8)} ms  CPU ${r.cpu.toFixed(2).padStart(6)} ms/req  (${r.n} requests${r.bad ? `, ${r.bad} failed: ${r.example}` : ''})`
					);
				}
		}
		mem[name] = memory(s.proc.pid);
		console.log(`round ${round} ${name}: load average after ${load()}; memory at the end ${mem[name]}`);
		await stop(s);
	}
}

// ---- summary: best of the rounds per server, and the ratio ----
console.log('\nsummary (best requests/s of the rounds; p50/p99 of that run):');
console.log('| mix | conc | client | Skyway req/s | p50 / p99 ms | CPU ms/req | peer req/s | p50 / p99 ms | CPU ms/req | Skyway ÷ peer (req/s) |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const mix of MIXES)
	for (const conc of CONCS)
		for (const client of CLIENTS) {
			const best = (name) => results.filter((r) => r.name === name && r.client === client && r.mix === mix && r.conc === conc).sort((a, b) => b.rps - a.rps)[0];
			const a = best('skyway'), b = best('peer');
			const cell = (r) => (r ? [r.rps.toFixed(0), `${r.p50.toFixed(1)} / ${r.p99.toFixed(1)}`, r.cpu.toFixed(2)] : ['—', '—', '—']);
			console.log(`| ${mix} | ${conc} | ${client} | ${cell(a).join(' | ')} | ${cell(b).join(' | ')} | ${a && b ? (a.rps / b.rps).toFixed(2) + '×' : '—'} |`);
		}
if (WRK_DIR) rmSync(WRK_DIR, { recursive: true, force: true });
console.log(`memory at the end: skyway ${mem.skyway}; peer ${mem.peer}`);
process.exit(differ || results.some((r) => r.bad) ? 1 : 0);
