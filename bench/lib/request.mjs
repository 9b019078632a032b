// One HTTP request of the benches' load generators: JSON body in, the whole answer out,
// never a rejection (a failed request answers status 0 with the error as its text), on a
// keep-alive agent the caller sizes to its connections.  The Origin header is the server's
// own, as a browser's would be (the server checks it on writes).
import http from 'node:http';

/**
 * Sends method path to base (a URL string) through agent, with an optional JSON body and
 * session cookie.  Resolves {status, headers, text}.
 */
export function request(agent, base, method, path, { body, cookie } = {}) {
	const url = new URL(base);
	return new Promise((resolve) => {
		const data = body === undefined ? undefined : JSON.stringify(body);
		const headers = { Origin: url.origin };
		if (data !== undefined) {
			headers['Content-Type'] = 'application/json';
			headers['Content-Length'] = Buffer.byteLength(data);
		}
		if (cookie) headers.Cookie = cookie;
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
