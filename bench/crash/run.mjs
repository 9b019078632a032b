// bench/crash.sh's runner: CYCLES kill -9 cycles of tests/security/crash_lib.mjs on the
// backend of SKYWAY_TEST_BACKEND, then the figures. Exits 1 when a write that was answered
// 2xx is missing, a position is half written, or SQLite's integrity check fails.
import { crashCycle, crashWorld, crashWorldEnd } from '../../tests/security/crash_lib.mjs';
import { BACKEND } from '../../tests/api/harness.mjs';

const CYCLES = Number(process.env.CYCLES || 35);
const KILL_MS = Number(process.env.KILL_MS || 400);
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

const w = await crashWorld();
const figures = [];
let failure = null;
const t0 = Date.now();
for (let i = 1; i <= CYCLES && !failure; i++) {
	try {
		figures.push(await crashCycle(w, { killAfterMs: KILL_MS }));
	} catch (e) {
		failure = `cycle ${i}: ${e.message}`;
	}
}
await crashWorldEnd(w).catch(() => {});
const kinds = ['gate', 'walkin', 'org', 'position'];
const acked = Object.fromEntries(kinds.map((k) => [k, sum(figures.map((f) => f.acked[k]))]));
const unanswered = Object.fromEntries(kinds.slice(1).map((k) => [k, sum(figures.map((f) => f.unanswered[k]))]));
const restarts = figures.map((f) => f.restartMs);
console.log(`backend: ${BACKEND}; ${figures.length} of ${CYCLES} cycles in ${((Date.now() - t0) / 1000).toFixed(1)} s (kill after ${KILL_MS / 2}–${(KILL_MS * 3) / 2} ms of writes)`);
console.log(`  acknowledged writes: ${sum(Object.values(acked))} (check-ins ${acked.gate}, walk-ins ${acked.walkin}, colleges ${acked.org}, positions ${acked.position}); lost: ${failure ? 'SEE BELOW' : 0}`);
console.log(`  requests cut by the kill: ${sum(figures.map((f) => f.inFlight))}; of them written though never answered: walk-ins ${unanswered.walkin}, colleges ${unanswered.org}, positions ${unanswered.position}`);
if (restarts.length) console.log(`  restart until listening: median ${pct(restarts, 50)} ms, max ${Math.max(...restarts)} ms`);
if (BACKEND === 'sqlite') console.log(`  SQLite integrity_check + foreign_key_check after each kill: ${figures.every((f) => f.integrity === 'ok') ? `ok ${figures.length}/${figures.length}` : 'FAILED'}`);
if (failure) {
	console.log(`FAILED: ${failure}`);
	process.exit(1);
}
