// The search bench's client (run by bench/search.sh): a fixed mix of
// position searches as a student makes them (1–2 character and longer
// Chinese queries, with and without filters), for SECONDS at each
// concurrency, against GET /healthz at the same concurrency in the same run.
//
// node bench/search/load.mjs BASE_URL LABEL
// env: SECONDS (10)  CONCS ("1 50")  MIX=issue14: instead, the fixed mixed set of issue 14
//      (1–2 characters, words, company names, ASCII, synonyms, two terms, with and without
//      filters, each kind REPEAT (30) times in turn at concurrency 1): p50/p99 per kind and
//      over all, as the student sees it (relevance, or match without a query).
// Prints one line per concurrency: requests/s, p50, p99, and the ratio to
// /healthz.  Never asserts a time; exit status 1 when a request fails.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { closedLoop, request as sendRequest } from '../lib/request.mjs';

const [BASE, LABEL] = process.argv.slice(2);
const SECONDS = Number(process.env.SECONDS || 10);
const CONCS = (process.env.CONCS || '1 50').split(/\s+/).filter(Boolean).map(Number);

// The mix: short queries scan the most (every title with 电 …), long ones
// the least; filters as the search page sends them.
const QUERIES = [
	'q=电', 'q=机械', 'q=化工', 'q=数控', 'q=护理', 'q=会计', 'q=设备维护', 'q=电气自动化',
	'q=广东', 'q=技术员', 'q=质检', 'q=新能源汽车', 'q=电&kind=全职', 'q=操作工&in_zone=1',
	'in_zone=1', 'kind=实习', 'q=模具&sort=salary', 'sort=newest', '', 'q=工&limit=50',
].map((q) => `/api/v1/positions${q ? '?' + encodeURI(q) : ''}`);

// Issue 14's mix: [kind, query string].  Company names and cities are the demo's.
const MIX14 = [
	['1 char', 'q=电'], ['1 char', 'q=机'], ['2 chars', 'q=电工'], ['2 chars', 'q=护理'], ['2 chars', 'q=广州'],
	['word', 'q=数控车床'], ['word', 'q=机电一体化'], ['word', 'q=技术员'], ['company', 'q=聚石'], ['company', 'q=汇美'],
	['ASCII', 'q=PLC'], ['ASCII', 'q=photoshop'], ['ASCII', 'q=welding'], ['synonym', 'q=焊工'], ['synonym', 'q=会计'],
	['two terms', 'q=机电 助理'], ['two terms', 'q=PLC 清远'], ['filters', 'q=电&kind=全职&in_zone=1'],
	['filters', 'q=技术员&city=441800&salary_min=5000'], ['no query', 'sort=match'], ['no query', 'in_zone=1&sort=newest'],
].map(([kind, q]) => [kind, `/api/v1/positions?${encodeURI(q)}`]);
const REPEAT = Number(process.env.REPEAT || 30);

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const request = (method, path, opts) => sendRequest(agent, BASE, method, path, opts);

const r = await request('POST', '/api/v1/auth/login', { body: { login: 'student_demo', password: 'skyway2026demo' } });
if (r.status !== 200) {
	console.log(`PROBLEM: login ${r.status} ${r.text}`);
	process.exit(1);
}
const cookie = [].concat(r.headers['set-cookie'] || []).map((c) => c.split(';')[0]).join('; ');

// The server's CPU time so far (ms; user + system from /proc), when bench/search.sh
// gives its process id as SERVER_PID: CPU per request hardly depends on what else
// loads the machine, where latencies do.
const TICK_MS = 10; // Linux's USER_HZ is 100
function serverCpuMs() {
	if (!process.env.SERVER_PID) return NaN;
	const f = readFileSync(`/proc/${process.env.SERVER_PID}/stat`, 'utf8').split(') ')[1].split(' ');
	return (Number(f[11]) + Number(f[12])) * TICK_MS; // fields 14 and 15: utime, stime
}
const cpuText = (ms, n) => (Number.isNaN(ms) ? '' : `  server CPU ${(ms / n).toFixed(2).padStart(6)} ms/req`);

let failures = 0; // over the whole run: the exit status; the first three are printed
// Runs `conc` loops of requests for SECONDS; returns requests/s and latencies.
const run = (conc, pathOf) =>
	closedLoop(conc, SECONDS, (i) => request('GET', pathOf(i), { cookie }), (res, i) => {
		if (failures++ < 3) console.log(`PROBLEM: ${pathOf(i)} answered ${res.status} ${res.text.slice(0, 200)}`);
	});

if (process.env.MIX === 'issue14') {
	const by = new Map();
	const all = [];
	for (const [, p] of MIX14) await request('GET', p, { cookie }); // warm up
	const cpu = new Map();
	for (let r = 0; r < REPEAT; r++) {
		for (const [kind, p] of MIX14) {
			const c0 = serverCpuMs();
			const t0 = performance.now();
			const res = await request('GET', p, { cookie });
			const ms = performance.now() - t0;
			cpu.set(kind, (cpu.get(kind) || 0) + serverCpuMs() - c0);
			cpu.set('all', (cpu.get('all') || 0) + serverCpuMs() - c0);
			if (res.status !== 200 && failures++ < 3) console.log(`PROBLEM: ${p} answered ${res.status} ${res.text.slice(0, 200)}`);
			if (!by.has(kind)) by.set(kind, []);
			by.get(kind).push(ms);
			all.push(ms);
		}
	}
	const pct = (lat, p) => {
		const v = [...lat].sort((a, b) => a - b);
		return v[Math.min(v.length - 1, Math.floor(p * v.length))];
	};
	for (const [kind, lat] of [...by, ['all', all]]) {
		console.log(`${LABEL.padEnd(22)} ${kind.padEnd(10)} n ${String(lat.length).padStart(4)}  p50 ${pct(lat, 0.5).toFixed(2).padStart(7)} ms  p99 ${pct(lat, 0.99).toFixed(2).padStart(7)} ms${cpuText(cpu.get(kind), lat.length)}`);
	}
	process.exit(failures ? 1 : 0);
}

// Warm up: every query once (the server's caches, the kernel's page cache).
for (const p of QUERIES) await request('GET', p, { cookie });
for (const conc of CONCS) {
	const h = await run(conc, () => '/healthz');
	const c0 = serverCpuMs();
	const s = await run(conc, (i) => QUERIES[i % QUERIES.length]);
	const cpu = cpuText(serverCpuMs() - c0, s.n);
	console.log(
		`${LABEL.padEnd(28)} c${String(conc).padEnd(4)} search ${s.rps.toFixed(0).padStart(6)} req/s  p50 ${s.p50.toFixed(2).padStart(7)} ms  p99 ${s.p99.toFixed(2).padStart(7)} ms   /healthz ${h.rps.toFixed(0).padStart(6)} req/s (search at ${((100 * s.rps) / h.rps).toFixed(1)}%)${cpu}`
	);
}
process.exit(failures ? 1 : 0);
