// kill -9 during a stream of acknowledged writes (tests/security/crash_lib.mjs): every
// write that got a 2xx answer is there after the restart, nothing is half written, and on
// SQLite `PRAGMA integrity_check` is ok. A few cycles here; bench/crash.sh runs many and
// prints figures.
import { after, before, it } from 'node:test';
import { crashCycle, crashWorld, crashWorldEnd } from './crash_lib.mjs';

const CYCLES = 3;
let w;
before(async () => {
	w = await crashWorld();
});
after(() => w && crashWorldEnd(w));

for (let i = 1; i <= CYCLES; i++) {
	it(`cycle ${i} of ${CYCLES}: writes, kill -9, restart, every acknowledged write is there`, async (t) => {
		const f = await crashCycle(w, { killAfterMs: 150 + 150 * i });
		t.diagnostic(`acknowledged ${JSON.stringify(f.acked)}, in flight at the kill ${f.inFlight}, written but unanswered ${JSON.stringify(f.unanswered)}, restart ${f.restartMs} ms, integrity ${f.integrity}`);
	});
}
