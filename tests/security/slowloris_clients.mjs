// Slow clients for slowloris.test.mjs, run as a child process (so the test can raise its
// file-descriptor limit with `ulimit -n` first): opens N connections to HOST:PORT and sends
// each one's request headers a byte at a time, one byte every INTERVAL ms per connection,
// never finishing them. Prints "open K" as connections open, "ready K" once all N are open
// (K the number the server accepted and still holds), then "alive K" every second; runs
// until killed. Usage: node slowloris_clients.mjs HOST PORT N INTERVAL_MS
import net from 'node:net';

const [host, portText, nText, intervalText] = process.argv.slice(2);
const port = Number(portText);
const n = Number(nText);
const interval = Number(intervalText || 1000);
const HEAD = `GET /api/v1/me HTTP/1.1\r\nHost: ${host}:${port}\r\nUser-Agent: slowloris\r\nAccept: */*\r\n`;
// After the real headers, an endless run of X-a: b lines keeps the request unfinished.
const byteAt = (i) => (i < HEAD.length ? HEAD[i] : 'X-a: b\r\n'[(i - HEAD.length) % 8]);

const sockets = new Set();
let opened = 0;
let failed = 0;

function openOne() {
	return new Promise((resolve) => {
		const s = net.connect({ host, port });
		let sent = 0;
		let timer = null;
		s.setNoDelay(true);
		// A server that stopped accepting leaves connect() pending: give up after 5 s.
		const give_up = setTimeout(() => s.destroy(), 5000);
		s.on('connect', () => {
			clearTimeout(give_up);
			opened += 1;
			sockets.add(s);
			// Spread the dribbles over the interval so writes do not come in bursts.
			const tick = () => {
				if (s.destroyed) return;
				s.write(byteAt(sent++));
				timer = setTimeout(tick, interval);
			};
			timer = setTimeout(tick, Math.floor(Math.random() * interval));
			resolve(true);
		});
		s.on('data', () => {}); // an answer (a refusal) is fine: the server dealt with it
		s.on('error', () => {});
		s.on('close', () => {
			clearTimeout(give_up);
			clearTimeout(timer);
			if (!sockets.delete(s)) {
				failed += 1;
				resolve(false);
			}
		});
	});
}

// Open in batches: a burst of 3,000 SYNs at once would only test the listen backlog.
for (let i = 0; i < n; i += 100) {
	await Promise.all(Array.from({ length: Math.min(100, n - i) }, openOne));
	process.stdout.write(`open ${sockets.size}\n`);
}
process.stdout.write(`ready ${sockets.size} failed ${failed}\n`);
setInterval(() => process.stdout.write(`alive ${sockets.size}\n`), 1000);
