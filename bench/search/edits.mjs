// An HR editing while students search (bench/search.sh MODES=edits): logs in as hr_demo and
// saves one of its open positions every INTERVAL ms (50), the title changed each time, until
// SIGTERM; then prints how many edits it made and their median time.  Run beside load.mjs.
//
// node bench/search/edits.mjs BASE_URL
import http from 'node:http';
import { request as sendRequest } from '../lib/request.mjs';

const [BASE] = process.argv.slice(2);
const INTERVAL = Number(process.env.INTERVAL || 50);
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
const request = (method, path, opts) => sendRequest(agent, BASE, method, path, opts);

const r = await request('POST', '/api/v1/auth/login', { body: { login: 'hr_demo', password: 'skyway2026demo' } });
if (r.status !== 200) {
	console.log(`PROBLEM: hr login ${r.status} ${r.text}`);
	process.exit(1);
}
const cookie = [].concat(r.headers['set-cookie'] || []).map((c) => c.split(';')[0]).join('; ');
const csrf = JSON.parse(r.text).csrf_token;
const mine = JSON.parse((await request('GET', '/api/v1/positions/mine?status=open&page_size=20', { cookie })).text).items;
const keys = ['kind', 'city_code', 'address', 'description', 'min_degree', 'headcount', 'salary_min', 'salary_max', 'deadline', 'grad_year_min', 'grad_year_max'];
const bodies = [];
for (const m of mine) {
	const p = JSON.parse((await request('GET', `/api/v1/positions/${m.id}`, { cookie })).text).position;
	bodies.push({
		id: p.id,
		title: p.title,
		body: {
			...Object.fromEntries(keys.filter((k) => p[k] != null).map((k) => [k, p[k]])),
			majors: p.majors.map((x) => x.code),
			required_skills: p.required_skills.map((x) => x.id),
			preferred_skills: p.preferred_skills.map((x) => x.id),
		},
	});
}
let n = 0, failed = 0, stop = false;
const took = [];
process.on('SIGTERM', () => (stop = true));
console.log(`  HR editing ${bodies.length} positions`);
while (!stop && bodies.length) {
	const b = bodies[n % bodies.length];
	const t0 = performance.now();
	const res = await request('POST', `/api/v1/positions/${b.id}`, { cookie, csrf, body: { ...b.body, title: `${b.title}${n % 2 ? '' : '（急招）'}`.slice(0, 60) } });
	took.push(performance.now() - t0);
	if (res.status !== 200 && !failed++) console.log(`  PROBLEM: save ${res.status} ${res.text.slice(0, 300)}`);
	n++;
	await new Promise((ok) => setTimeout(ok, INTERVAL));
}
// Put the titles back.
for (const b of bodies) await request('POST', `/api/v1/positions/${b.id}`, { cookie, csrf, body: { ...b.body, title: b.title } });
took.sort((a, b) => a - b);
console.log(`  HR edits: ${n} (${failed} failed), every ${INTERVAL} ms, save p50 ${(took[took.length >> 1] ?? 0).toFixed(1)} ms`);
process.exit(failed ? 1 : 0);
