// Runs the authorisation matrix of authz_table.mjs: for one group of routes (the
// authz_*.test.mjs files split the table so that node runs them side by side), every
// actor of the cast sends the row's request; each gets exactly its expected status, and
// a refused request writes nothing (a digest of every table before and after).
//
// Every file also checks the coverage: each route of GET /api/v1/openapi.json has exactly
// one row and each row names a route, so a new route fails the suite until its row says
// who may touch its objects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ADMIN_LOGIN, ADMIN_PASSWORD, expectError, parseSetCookie, xlsxText } from '../api/harness.mjs';
import { AREAS, ROWS } from './authz_table.mjs';
import { ACTORS, ROLE_OF, assertSameDigest, castPerFile, dbDigest, isWrite, send } from './lib.mjs';

/**
 * Which file runs a route: an area of AREAS (competition, coop, ...), fairs, recruitment
 * (positions, students, applications and their messages, matching) or the rest.
 */
export function groupOf(key) {
	const path = key.split(' ')[1];
	const area = AREAS.find((a) => a.paths.test(path));
	if (area) return area.group;
	if (/^\/api\/v1\/(fairs|qr\.svg)/.test(path)) return 'fairs';
	if (/^\/api\/v1\/(positions|students|applications|invitations|recommendations|match|messages)\b/.test(path)) return 'recruit';
	return 'accounts';
}

const DEFAULT_CODE = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 422: 'rule' };

export function normalise(e, where) {
	if (typeof e === 'number') return { status: e, code: DEFAULT_CODE[e] };
	if (e === 'sees' || e === 'blind') return { status: 200, marker: e };
	if (Array.isArray(e)) return { status: e[0], code: e[1], field: e[2] };
	throw new Error(`${where}: bad expectation ${JSON.stringify(e)}`);
}

/** The actors a route admits: everyone on public routes, else those of its roles. */
export function admitted(route) {
	return ACTORS.filter((a) => route.public || (a !== 'anon' && route.roles.includes(ROLE_OF[a])));
}

/**
 * The full plan of a row: actor → {status, code?, field?, marker?}. A variant (another
 * fixture of the same route: a sharper attack) plans only the actors it lists.
 */
function plan(row, route) {
	const want = admitted(route);
	if (row.variant) {
		const out = {};
		for (const [a, e] of Object.entries(row.expect)) {
			assert.ok(want.includes(a), `${row.route} (${row.variant}): the route table no longer admits ${a}`);
			out[a] = normalise(e, `${row.route} (${row.variant}) as ${a}`);
		}
		return out;
	}
	const listed = Object.keys(row.expect);
	const extra = listed.filter((a) => !want.includes(a));
	const missing = want.filter((a) => !listed.includes(a));
	assert.deepEqual(
		{ extra, missing },
		{ extra: [], missing: [] },
		`${row.route}: the route table admits ${want.join(', ')}; the row must say what each of them gets, and only them`,
	);
	const out = {};
	for (const a of ACTORS) {
		if (want.includes(a)) out[a] = normalise(row.expect[a], `${row.route} as ${a}`);
		else out[a] = a === 'anon' ? { status: 401, code: 'unauthenticated' } : { status: 403, code: 'forbidden' };
	}
	return out;
}

const is2xx = (s) => s >= 200 && s < 300;

function answerText(res) {
	const type = (res.header ? res.header('content-type') : '') || '';
	if (type.startsWith('application/vnd.openxmlformats')) return xlsxText(res.buf);
	return res.text;
}

function check(row, a, e, res, f) {
	const where = `${row.route}${row.variant ? ` (${row.variant})` : ''} as ${a}`;
	assert.equal(res.status, e.status, `${where}: expected ${e.status}, got ${res}`);
	if (e.status >= 400) {
		expectError(res, e.status, e.code, e.field);
		// A refusal hands out nothing: a cookie it sends may only clear one.
		for (const line of res.setCookies || []) {
			const c = parseSetCookie(line);
			assert.ok(c.value === '' || Number(c.attrs['max-age']) <= 0, `${where}: a refusal set the cookie ${line}`);
		}
	}
	if (e.marker && f.marker) {
		const seen = answerText(res).includes(f.marker);
		assert.equal(seen, e.marker === 'sees', `${where}: ${e.marker === 'sees' ? 'does not see' : 'SEES'} ${f.marker} in ${res.toString().slice(0, 400)}`);
	}
}

/** The client actor a sends row's request with (a fresh login for rows that end sessions). */
export async function clientFor(w, row, f, a) {
	if (f.as && f.as[a]) return f.as[a];
	if (!row.fresh || a === 'anon') return w.as[a];
	const who = a === 'operator' ? { login: ADMIN_LOGIN, password: ADMIN_PASSWORD } : w.who[a];
	return w.srv.login(who.login, who.password);
}

async function request(w, row, f, a, client) {
	const path = typeof f.path === 'function' ? f.path(a) : f.path;
	const body = typeof f.body === 'function' ? f.body(a) : f.body;
	const [method] = row.route.split(' ');
	return send(client, method, path, body, { stream: row.stream });
}

/** One row: refusals first on one fixture (nothing written), then each success. */
async function runRow(w, row, route) {
	const p = plan(row, route);
	const write = isWrite(route);
	const actors = ACTORS.filter((a) => p[a]);
	const refused = actors.filter((a) => !is2xx(p[a].status));
	const allowed = actors.filter((a) => is2xx(p[a].status));
	const markers = Object.values(p).map((e) => e.marker).filter(Boolean);
	if (markers.includes('blind')) assert.ok(markers.includes('sees') || row.witness, `${row.route}: a 'blind' check needs an actor that sees the marker`);

	let f = await row.make(w);
	const clients = {};
	for (const a of actors) clients[a] = await clientFor(w, row, f, a);
	if (row.witness) {
		const wt = await row.witness(w, f);
		const r = await send(w.as[wt.as], 'GET', wt.path);
		assert.ok(r.status === 200 && answerText(r).includes(f.marker), `${row.route}: the witness does not see ${f.marker}: ${r}`);
	}
	const before = await dbDigest(w.srv);
	for (const a of refused) check(row, a, p[a], await request(w, row, f, a, clients[a]), f);
	if (write) assertSameDigest(before, await dbDigest(w.srv), `${row.route}: refused requests (${refused.join(', ')})`);
	let first = true;
	for (const a of allowed) {
		if (write && !first && !row.share) {
			f = await row.make(w);
			if (f.as && f.as[a]) clients[a] = f.as[a];
		}
		first = false;
		check(row, a, p[a], await request(w, row, f, a, clients[a]), f);
		if (row.after) await row.after(w, f, a);
	}
	// A GET never writes, whoever sends it.
	if (!write) assertSameDigest(before, await dbDigest(w.srv), `${row.route}: GET`);
}

/** Declares the matrix tests of one group ('accounts', 'recruit' or 'fairs'). */
export function matrixSuite(group) {
	const ctx = castPerFile();

	it('every route of the table has exactly one row, and every row names a route', () => {
		const keys = ROWS.map((r) => r.route);
		const dup = keys.filter((k, i) => keys.indexOf(k) !== i);
		assert.deepEqual(dup, [], 'routes with two rows');
		const uncovered = [...ctx.routes.keys()].filter((k) => !keys.includes(k));
		assert.deepEqual(uncovered, [], 'routes without a row in tests/security/authz_table.mjs: say who may touch their objects');
		const stale = keys.filter((k) => !ctx.routes.has(k));
		assert.deepEqual(stale, [], 'rows of routes the server no longer has');
		// An area's rows are in its own module, and only its routes are.
		for (const area of AREAS) {
			const own = [...ctx.routes.keys()].filter((k) => area.paths.test(k.split(' ')[1]));
			assert.deepEqual(area.rows.map((r) => r.route).sort(), own.sort(), `the rows of area ${area.group} and its routes`);
		}
	});

	describe(`the authorisation matrix: ${group}`, () => {
		for (const row of ROWS.filter((r) => groupOf(r.route) === group)) {
			it(row.route, async () => {
				const route = ctx.routes.get(row.route);
				assert.ok(route, `${row.route} is not in the route table`);
				await runRow(ctx.w, row, route);
			});
			for (const v of row.variants || []) {
				it(`${row.route}: ${v.name}`, async () => {
					const route = ctx.routes.get(row.route);
					await runRow(ctx.w, { route: row.route, stream: row.stream, variant: v.name, ...v }, route);
				});
			}
		}
	});
}
