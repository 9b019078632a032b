// The room-booking bench's client (run by bench/booking.sh): bookings of
// distinct slots as fast as CONC connections go (bookings per second, p50,
// p99), then RACE simultaneous requests for one room and hour (exactly one
// must win: the database's exclusion constraint or trigger decides).
//
// node bench/booking/load.mjs BASE_URL
// env: N (2000 bookings)  CONC (32 connections)  RACE (200)
// Prints figures only; never asserts a time.  Exit status 1 when a count
// does not add up (a 5xx, a race with other than one winner).
import http from 'node:http';

const [BASE] = process.argv.slice(2);
const N = Number(process.env.N || 2000);
const CONC = Number(process.env.CONC || 32);
const RACE = Number(process.env.RACE || 200);
const url = new URL(BASE);
let problems = 0;
const problem = (msg) => {
	problems++;
	console.log(`PROBLEM: ${msg}`);
};

const agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(CONC, RACE) });
function request(method, path, { body, session } = {}) {
	return new Promise((resolve) => {
		const data = body === undefined ? undefined : JSON.stringify(body);
		const headers = { Origin: url.origin };
		if (data !== undefined) {
			headers['Content-Type'] = 'application/json';
			headers['Content-Length'] = Buffer.byteLength(data);
		}
		if (session) {
			headers.Cookie = session.cookie;
			headers['X-CSRF-Token'] = session.csrf;
		}
		const t0 = process.hrtime.bigint();
		const rq = http.request({ host: url.hostname, port: url.port, path, method, headers, agent }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString(), ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
			res.on('error', (e) => resolve({ status: 0, text: String(e), ms: 0 }));
		});
		rq.on('error', (e) => resolve({ status: 0, text: String(e), ms: 0 }));
		if (data !== undefined) rq.write(data);
		rq.end();
	});
}

// Mentors and college staff need no second factor: the bench books as them.
async function login(login) {
	const r = await request('POST', '/api/v1/auth/login', { body: { login, password: 'skyway2026demo' } });
	if (r.status !== 200) throw new Error(`login ${login}: ${r.status} ${r.text}`);
	const cookie = String(r.headers['set-cookie']).split(';')[0];
	return { cookie, csrf: JSON.parse(r.text).csrf_token };
}

const pct = (xs, p) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : 0;
};
const two = (n) => String(n).padStart(2, '0');
function chinaIso(days, hour) {
	const t = new Date(Date.now() + 8 * 3600000 + days * 86400000);
	return `${t.getUTCFullYear()}-${two(t.getUTCMonth() + 1)}-${two(t.getUTCDate())}T${two(hour)}:00:00+08:00`;
}

const mentor = await login('mentor_demo');
const staff = await login('college_demo');
const rooms = JSON.parse((await request('GET', '/api/v1/incubator/rooms?page_size=200', { session: mentor })).text).items.filter((r) => r.book_roles.includes('mentor') && r.slot_minutes === 60);
// Distinct slots: every room, the next 11 days, each opening hour (day 12 is the race's).
const slots = [];
for (let d = 1; d <= 11 && slots.length < N; d++)
	for (const r of rooms) {
		const from = Number(r.open_from.slice(0, 2)), to = Number(r.open_to.slice(0, 2));
		for (let h = from; h < to && slots.length < N; h++) slots.push({ room_id: r.id, start: chinaIso(d, h), end: chinaIso(d, h + 1) });
	}
console.log(`${rooms.length} bookable rooms, ${slots.length} distinct one-hour slots (some already taken by the demo's week)`);

// ---- throughput ----
const lat = [];
const counts = {};
let next = 0;
const t0 = process.hrtime.bigint();
await Promise.all(
	Array.from({ length: CONC }, async (_, w) => {
		const session = w % 2 ? mentor : staff;
		while (next < slots.length) {
			const s = slots[next++];
			const r = await request('POST', '/api/v1/incubator/bookings', { body: { ...s, title: '压测预约' }, session });
			counts[r.status] = (counts[r.status] || 0) + 1;
			if (r.status === 201) lat.push(r.ms);
			if (r.status >= 500 || r.status === 0) problem(`booking answered ${r.status}: ${r.text.slice(0, 200)}`);
		}
	}),
);
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(`throughput: ${slots.length} requests in ${secs.toFixed(2)} s with ${CONC} connections: ${(counts[201] || 0) / secs > 0 ? ((counts[201] || 0) / secs).toFixed(0) : 0} bookings/s; answers ${JSON.stringify(counts)}`);
console.log(`  latency of a 201: p50 ${pct(lat, 50).toFixed(1)} ms, p99 ${pct(lat, 99).toFixed(1)} ms, max ${pct(lat, 100).toFixed(1)} ms`);

// ---- the race ----
const target = { room_id: rooms[0].id, start: chinaIso(12, 12), end: chinaIso(12, 13), title: '抢订' };
const raceLat = [];
const answers = await Promise.all(
	Array.from({ length: RACE }, (_, i) => request('POST', '/api/v1/incubator/bookings', { body: target, session: i % 2 ? mentor : staff }).then((r) => (raceLat.push(r.ms), r))),
);
const won = answers.filter((r) => r.status === 201).length;
const lost = answers.filter((r) => r.status === 409).length;
const others = answers.filter((r) => r.status !== 201 && r.status !== 409).map((r) => `${r.status} ${r.text.slice(0, 120)}`);
console.log(`race: ${RACE} simultaneous requests for one room and hour: ${won} × 201, ${lost} × 409, others ${others.length}${others.length ? ` (${others[0]})` : ''}; p50 ${pct(raceLat, 50).toFixed(1)} ms, p99 ${pct(raceLat, 99).toFixed(1)} ms`);
if (won !== 1 || lost !== RACE - 1) problem(`the race must have exactly one winner and ${RACE - 1} conflicts`);
agent.destroy();
process.exit(problems ? 1 : 0);
