// Cold searches: queries the server has not answered before (so not from the
// index's answer memo), one connection: a 1-character query, a 2-character
// one (by relevance) and no query (by salary), each made unique by a
// salary_min never asked before.  Prints the server's CPU per search (SERVER_PID) and p50/p99.
//
// node bench/search/cold.mjs BASE_URL LABEL     env: N (200 per kind)  SERVER_PID
// (COLD=1 sh bench/search.sh runs it after each load.)
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { request as sendRequest } from '../lib/request.mjs';

const [BASE, LABEL] = process.argv.slice(2);
const N = Number(process.env.N || 200);
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
const request = (method, path, opts) => sendRequest(agent, BASE, method, path, opts);
const r = await request('POST', '/api/v1/auth/login', { body: { login: 'student_demo', password: 'skyway2026demo' } });
if (r.status !== 200) {
	console.log(`PROBLEM: login ${r.status}`);
	process.exit(1);
}
const cookie = [].concat(r.headers['set-cookie'] || []).map((c) => c.split(';')[0]).join('; ');
const cpuMs = () => {
	const f = readFileSync(`/proc/${process.env.SERVER_PID}/stat`, 'utf8').split(') ')[1].split(' ');
	return (Number(f[11]) + Number(f[12])) * 10;
};
const KINDS = [
	['1 char', (i) => `q=电&salary_min=${i + 1}`],
	['2 chars', (i) => `q=技术&salary_min=${i + 1}`],
	['no query', (i) => `salary_min=${i + 1}&sort=salary`],
];
let failures = 0;
for (const [kind, qs] of KINDS) {
	const lat = [];
	const c0 = cpuMs();
	for (let i = 0; i < N; i++) {
		const t0 = process.hrtime.bigint();
		const res = await request('GET', `/api/v1/positions?${encodeURI(qs(i))}`, { cookie });
		lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
		if (res.status !== 200 && failures++ < 3) console.log(`PROBLEM: ${qs(i)} ${res.status}`);
	}
	const cpu = (cpuMs() - c0) / N;
	lat.sort((a, b) => a - b);
	console.log(`${LABEL.padEnd(14)} cold ${kind.padEnd(9)} n ${N}  p50 ${lat[N >> 1].toFixed(2).padStart(6)} ms  p99 ${lat[Math.floor(N * 0.99)].toFixed(2).padStart(6)} ms  server CPU ${cpu.toFixed(2)} ms/req`);
}
process.exit(failures ? 1 : 0);
