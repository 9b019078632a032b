// One HTTP request of the benches' load generators: JSON body in, the whole answer out,
// never a rejection (a failed request answers status 0 with the error as its text), on a
// keep-alive agent the caller sizes to its connections.  The Origin header is the server's
// own, as a browser's would be (the server checks it on writes).
import http from 'node:http';

/**
 * Sends method path to base (a URL string) through agent, with an optional JSON body,
 * session cookie and CSRF token (a write as the web app sends it).  Resolves {status, headers, text}.
 */
export function request(agent, base, method, path, { body, cookie, csrf } = {}) {
	const url = new URL(base);
	return new Promise((resolve) => {
		const data = body === undefined ? undefined : JSON.stringify(body);
		const headers = { Origin: url.origin };
		if (data !== undefined) {
			headers['Content-Type'] = 'application/json';
			headers['Content-Length'] = Buffer.byteLength(data);
		}
		if (cookie) headers.Cookie = cookie;
		if (csrf) headers['X-CSRF-Token'] = csrf;
		const rq = http.request({ host: url.hostname, port: url.port, path, method, headers, agent }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString() }));
			res.on('error', (e) => resolve({ status: 0, text: String(e) }));
		});
		rq.on('error', (e) => resolve({ status: 0, text: String(e) }));
		if (data !== undefined) rq.write(data);
		rq.end();
	});
}

/**
 * A closed loop: conc loops, each sending its next request as soon as its last answered,
 * for seconds.  send(i) sends request number i and resolves its answer; a non-200 answer
 * is counted and passed to onBad(answer, i).  Resolves {rps, p50, p99, n, bad} (ms).
 */
export async function closedLoop(conc, seconds, send, onBad = () => {}) {
	const lat = [];
	const end = performance.now() + seconds * 1000;
	let n = 0;
	let bad = 0;
	const loop = async (k) => {
		for (let i = k; performance.now() < end; i += conc) {
			const t0 = performance.now();
			const r = await send(i);
			lat.push(performance.now() - t0);
			if (r.status !== 200) onBad(r, i, bad++);
			n++;
		}
	};
	const t0 = performance.now();
	await Promise.all(Array.from({ length: conc }, (_, k) => loop(k)));
	const s = (performance.now() - t0) / 1000;
	lat.sort((a, b) => a - b);
	const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];
	return { rps: n / s, p50: q(0.5), p99: q(0.99), n, bad };
}
