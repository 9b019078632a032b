// The lists HR and students read on a fair day, each beside GET /healthz in the same run
// (issue 9): HR's applicants of a position (GET /applications?position_id=), the booth
// queue (GET /fairs/{id}/queue, HR of the booth), a student's tickets with their waits
// (GET /fairs/{id}/tickets) and the gate's counts (GET /fairs/{id}/gate, college staff).
// Closed loop at 1 and CONC connections for SECONDS each; requests/s, p50/p99 and the
// server's CPU per request (user + system from /proc, 10 ms ticks over the run).
//
// node bench/fair/lists.mjs BASE_URL SERVER_PID POSITION_ID
// env: SECONDS (5)  CONC (8)  FAIR (1)
import http from 'node:http';
import fs from 'node:fs';
import { request, closedLoop } from '../lib/request.mjs';

const [BASE, PID, POSITION] = process.argv.slice(2);
const SECONDS = Number(process.env.SECONDS || 5);
const CONC = Number(process.env.CONC || 8);
const FAIR = Number(process.env.FAIR || 1);
const agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(CONC, 1) });

function serverCpu() {
	const f = fs.readFileSync(`/proc/${PID}/stat`, 'utf8').split(') ')[1].split(' ');
	return (Number(f[11]) + Number(f[12])) / 100;
}
const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function login(name) {
	const r = await request(agent, BASE, 'POST', '/api/v1/auth/login', { body: { login: name, password: 'skyway2026demo' } });
	if (r.status !== 200) throw new Error(`login ${name}: ${r.status} ${r.text}`);
	return [].concat(r.headers['set-cookie'] || []).map((s) => s.split(';')[0]).join('; ');
}
const hr = await login('hr_demo');
const student = await login('student_demo');
const college = await login('college_demo');

const lists = [
	['GET /healthz (floor)', '/healthz', undefined],
	[`HR: applicants of position ${POSITION}`, `/api/v1/applications?position_id=${POSITION}`, hr],
	['HR: the booth queue', `/api/v1/fairs/${FAIR}/queue`, hr],
	['student: my tickets', `/api/v1/fairs/${FAIR}/tickets`, student],
	['staff: the gate', `/api/v1/fairs/${FAIR}/gate`, college],
];
for (const [label, path, cookie] of lists) {
	const r = await request(agent, BASE, 'GET', path, { cookie });
	const body = r.status === 200 ? JSON.parse(r.text) : null;
	const items = body && (body.items || body.waiting || null);
	console.log(`${label}: ${r.status}, ${r.text.length} bytes${items ? `, ${items.length} items` : ''}`);
	if (r.status !== 200) process.exit(1);
}
console.log('\n| list | conn | requests/s | p50 ms | p99 ms | server CPU per request | load avg |');
console.log('|---|---:|---:|---:|---:|---:|---|');
for (const conc of [1, CONC]) {
	for (const [label, path, cookie] of lists) {
		const c0 = serverCpu();
		const r = await closedLoop(conc, SECONDS, () => request(agent, BASE, 'GET', path, { cookie }));
		const cpu = ((serverCpu() - c0) * 1000) / r.n;
		console.log(
			`| ${label} | ${conc} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${cpu.toFixed(3)} ms | ${loadavg()} |` +
				(r.bad ? ` ${r.bad} not 200` : '')
		);
	}
}
agent.destroy();
