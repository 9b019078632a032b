// HTTP layer: security headers on every response, /healthz, /metrics, OpenAPI, static
// files (ETag, caching, precompressed gzip, SPA fallback, traversal), access log.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import zlib from 'node:zlib';
import {
	ADMIN_LOGIN,
	ADMIN_PASSWORD,
	ROOT,
	Res,
	execSql,
	expectError,
	makeAccount,
	makeCollege,
	rawRequest,
	sleep,
	startServer,
	uniq,
} from './harness.mjs';
import { checkAnswer, checkRequest, serverDocument, untypedPlaces, untypedRequestPlaces } from './openapi_check.mjs';
import { activationCode, importStudent } from './recruit_lib.mjs';

const INDEX = '<!doctype html><html><head><meta charset="utf-8"><title>Skyway</title><script type="module" src="/assets/app-1a2b3c4d.js"></script></head><body><div id="app">SKYWAY-INDEX-MARKER</div></body></html>\n';
const ASSET = 'export const marker = "SKYWAY-ASSET-MARKER";\n'.repeat(200);
const SECRET = 'SKYWAY-SECRET-OUTSIDE-WEB-ROOT';
// The places of the answers' schemas that stay free-form (untypedPlaces), with the reason.
const FREE_FORM = [];

let tmp;
let web;
let gz;
let srv;
let admin;

function hdr(res, name) {
	return res.headers.get ? res.headers.get(name) : res.headers[name.toLowerCase()];
}

/** The directive NAME of a CSP, or undefined. */
function cspDirective(csp, name) {
	for (const part of csp.split(';')) {
		const [n, ...vals] = part.trim().split(/\s+/);
		if (n && n.toLowerCase() === name) return vals.join(' ');
	}
	return undefined;
}

function assertSecurityHeaders(res, what) {
	const desc = `${what} (${res.status})`;
	const csp = hdr(res, 'content-security-policy');
	assert.ok(csp, `${desc}: no Content-Security-Policy`);
	assert.match(csp, /frame-ancestors\s+'none'/, `${desc}: CSP lacks frame-ancestors 'none': ${csp}`);
	assert.doesNotMatch(csp, /'unsafe-eval'/, `${desc}: CSP allows eval: ${csp}`);
	const scripts = cspDirective(csp, 'script-src') ?? cspDirective(csp, 'default-src');
	assert.ok(scripts !== undefined, `${desc}: CSP has neither script-src nor default-src: ${csp}`);
	assert.doesNotMatch(scripts, /'unsafe-inline'|\*|data:|http:|https:/, `${desc}: CSP allows inline or foreign scripts: ${csp}`);
	assert.equal(hdr(res, 'x-content-type-options'), 'nosniff', `${desc}: X-Content-Type-Options`);
	const rp = hdr(res, 'referrer-policy');
	assert.ok(rp, `${desc}: no Referrer-Policy`);
	assert.match(rp, /^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/, `${desc}: weak Referrer-Policy ${rp}`);
}

before(async () => {
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'skyway-web-'));
	web = path.join(tmp, 'web');
	fs.mkdirSync(path.join(web, 'assets'), { recursive: true });
	fs.writeFileSync(path.join(web, 'index.html'), INDEX);
	fs.writeFileSync(path.join(web, 'assets', 'app-1a2b3c4d.js'), ASSET);
	gz = zlib.gzipSync(Buffer.from(ASSET), { level: 9 });
	fs.writeFileSync(path.join(web, 'assets', 'app-1a2b3c4d.js.gz'), gz);
	fs.writeFileSync(path.join(tmp, 'secret.txt'), SECRET);
	srv = await startServer({ web });
	admin = await srv.admin();
});
after(async () => {
	await srv?.stop();
	fs.rmSync(tmp, { recursive: true, force: true });
});

describe('security headers', () => {
	it('are on every kind of response', async () => {
		const anon = srv.client();
		const cases = [
			['GET /healthz', await anon.get('/healthz')],
			['GET /metrics', await anon.get('/metrics')],
			['GET openapi', await anon.get('openapi.json')],
			['GET /me 401', await anon.get('me')],
			['GET /me 200', await admin.get('me')],
			['POST login 200', await srv.client().post('auth/login', { login: ADMIN_LOGIN, password: ADMIN_PASSWORD })],
			['POST login 401', await srv.client().post('auth/login', { login: 'nobody-here', password: 'wrong-pass-123' })],
			['API 404', await anon.get('nonexistent')],
			['API 405', await anon.request('GET', 'auth/login')],
			['API 400', await anon.request('POST', 'auth/login', { body: '{', contentType: 'application/json' })],
			['API 415', await anon.request('POST', 'auth/login', { body: 'x', contentType: 'text/plain' })],
			['API 403', await admin.post('accounts', {}, { csrf: false })],
			['GET /', await anon.get('/')],
			['GET /index.html', await anon.get('/index.html')],
			['GET asset', await anon.get('/assets/app-1a2b3c4d.js')],
			['SPA fallback', await anon.get('/some/app/route')],
			['GET public colleges', await anon.get('public/colleges')],
		];
		const etag = hdr(await anon.get('/index.html'), 'etag');
		cases.push(['304', await anon.get('/index.html', { headers: { 'If-None-Match': etag } })]);
		cases.push(['413', await rawRequest(srv, { method: 'POST', path: '/api/v1/auth/login', headers: { 'Content-Type': 'application/json' }, body: 'x'.repeat(2 * 1024 * 1024) })]);
		cases.push(['traversal', await rawRequest(srv, { path: '/../../etc/passwd' })]);
		cases.push(['gzip asset', await rawRequest(srv, { path: '/assets/app-1a2b3c4d.js', headers: { 'Accept-Encoding': 'gzip' } })]);
		for (const [what, res] of cases) assertSecurityHeaders(res, what);
	});
});

describe('/healthz, /metrics, OpenAPI', () => {
	it('GET /healthz answers 200 {"status":"ok"} as JSON', async () => {
		const r = await srv.client().get('/healthz');
		assert.equal(r.status, 200);
		assert.match(hdr(r, 'content-type'), /^application\/json/);
		assert.deepEqual(r.json, { status: 'ok' });
	});

	it('GET /metrics is Prometheus text with a request counter by route and status, a latency histogram and DB pool figures', async () => {
		const anon = srv.client();
		await anon.get('me'); // a 401
		await admin.get('me'); // a 200
		const noise = uniq('zzcardinality');
		await anon.get(noise);
		await admin.get(`accounts/7${Date.now() % 100000}`);
		// /metrics: a loopback client that no proxy relayed (no X-Forwarded-For).
		const r = await anon.get('/metrics', { headers: { 'X-Forwarded-For': null } });
		assert.equal(r.status, 200, `${r}`);
		assert.match(hdr(r, 'content-type'), /^text\/plain/);
		const text = r.text;
		const types = {};
		for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) types[m[1]] = m[2];
		const counter = Object.keys(types).find((n) => types[n] === 'counter' && /request/i.test(n));
		assert.ok(counter, `no request counter among ${JSON.stringify(types)}`);
		const samples = text.split('\n').filter((l) => l.startsWith(`${counter}{`) || l.startsWith(`${counter}_total{`));
		assert.ok(samples.length > 0, 'request counter has no labelled samples');
		assert.ok(samples.some((l) => /"401"/.test(l) && /\/api\/v1\/me/.test(l)), `no sample for route /api/v1/me status 401:\n${samples.join('\n')}`);
		assert.ok(samples.some((l) => /"200"/.test(l) && /\/api\/v1\/me/.test(l)), 'no sample for /api/v1/me 200');
		for (const l of samples) assert.match(l, /\s\d+(\.\d+)?(e[+-]?\d+)?$/, `bad sample line ${l}`);
		// Labels use route patterns, never raw paths (unbounded cardinality).
		assert.ok(!text.includes(noise), 'an unknown raw path became a metric label');
		assert.doesNotMatch(text, /\/accounts\/7\d+/, 'a raw id became a metric label');
		const hist = Object.keys(types).find((n) => types[n] === 'histogram');
		assert.ok(hist, 'no histogram');
		assert.match(text, new RegExp(`^${hist}_bucket\\{[^}]*le="\\+Inf"[^}]*\\} \\d+`, 'm'), 'histogram lacks a +Inf bucket');
		assert.match(text, new RegExp(`^${hist}_sum(\\{[^}]*\\})? `, 'm'));
		assert.match(text, new RegExp(`^${hist}_count(\\{[^}]*\\})? \\d+`, 'm'));
		assert.ok(Object.keys(types).some((n) => /db|pool|database/i.test(n)), `no database pool metric among ${Object.keys(types)}`);
	});

	it('GET /api/v1/openapi.json is OpenAPI 3.x listing every path of docs/api.md', async () => {
		const r = await srv.client().get('openapi.json');
		assert.equal(r.status, 200, `${r}`);
		assert.match(hdr(r, 'content-type'), /^application\/json/);
		const doc = r.json;
		assert.ok(doc, 'not JSON');
		assert.match(String(doc.openapi), /^3\.\d+/);
		assert.ok(doc.info && doc.info.title, 'info.title missing');
		assert.equal(typeof doc.paths, 'object');
		const md = fs.readFileSync(path.join(ROOT, 'docs', 'api.md'), 'utf8');
		const routes = [...md.matchAll(/^\|\s*(GET|POST|PUT|PATCH|DELETE)\s*\|\s*(\/[^\s|]+)\s*\|/gm)].map((m) => [m[1], m[2]]);
		assert.ok(routes.length >= 18, `parsed only ${routes.length} routes from docs/api.md`);
		const prefix = (doc.servers || []).some((s) => /\/api\/v1\/?$/.test(s.url || '')) ? '' : '/api/v1';
		const missing = [];
		for (const [method, p] of routes) {
			const item = doc.paths[prefix + p] || doc.paths[`/api/v1${p}`];
			if (!item || !item[method.toLowerCase()]) missing.push(`${method} ${p}`);
		}
		assert.deepEqual(missing, [], 'routes in docs/api.md missing from openapi.json');
	});

	it('every answer is checked against openapi.json: an undocumented status or a body off its schema throws', async () => {
		const doc = await serverDocument(srv);
		assert.ok(doc, 'the harness has no compiled document');
		const me = await admin.get('me');
		assert.equal(me.status, 200, `${me}`);
		checkAnswer(doc, 'GET', '/api/v1/me', me); // the real answer passes
		const forged = (status, body) => new Res(status, new Headers({ 'content-type': 'application/json' }), Buffer.from(JSON.stringify(body)), [], 'GET /api/v1/me');
		assert.throws(() => checkAnswer(doc, 'GET', '/api/v1/me', forged(200, { account: { id: '1' }, csrf_token: 'x' })), /does not match openapi\.json/);
		assert.throws(() => checkAnswer(doc, 'GET', '/api/v1/me', forged(201, me.json)), /does not document/);
		assert.throws(() => checkAnswer(doc, 'GET', '/api/v1/me', forged(404, { nope: 1 })), /does not match/);
		// Creates are documented 201, string path parameters typed string, writes need the CSRF header.
		const raw = (await admin.get('openapi.json')).json;
		assert.ok(raw.paths['/api/v1/accounts'].post.responses['201']);
		assert.equal(raw.paths['/api/v1/dict/{name}'].get.parameters[0].schema.type, 'string');
		assert.deepEqual(raw.paths['/api/v1/accounts'].post.security, [{ session: [], csrf: [] }]);
		assert.equal(raw.components.securitySchemes.csrf.name, 'X-CSRF-Token');
		assert.equal(raw.paths['/api/v1/imports/{kind}/preview'].post['x-body-type'], 'file');
		assert.ok(raw.paths['/healthz'].get && raw.paths['/metrics'].get);
	});

	it('the answers are typed: a wrong type, a null where none may be, a bad date fails; few places are free-form', async () => {
		const doc = await serverDocument(srv);
		const raw = (await admin.get('openapi.json')).json;
		const res = (body) => new Res(200, new Headers({ 'content-type': 'application/json' }), Buffer.from(JSON.stringify(body)), [], 'GET /api/v1/coop/visits');
		const visit = raw.components.schemas.CoopVisit;
		assert.ok(visit && visit.properties.starts_at.type === 'integer', 'CoopVisit is described');
		const ok = { items: [] };
		checkAnswer(doc, 'GET', '/api/v1/coop/visits', res(ok));
		const row = Object.fromEntries(
			(visit.required || []).map((k) => {
				const p = visit.properties[k];
				const t = p.type || (p.anyOf && p.anyOf[0].type);
				const v = p.enum ? p.enum[0] : { integer: 1, number: 1, string: '2026-12-07', boolean: true, array: [], object: {} }[t];
				return [k, v];
			}),
		);
		checkAnswer(doc, 'GET', '/api/v1/coop/visits', res({ items: [row] }));
		const bad = (patch) => () => checkAnswer(doc, 'GET', '/api/v1/coop/visits', res({ items: [{ ...row, ...patch }] }));
		assert.throws(bad({ id: '1' }), /must be integer/); // no coercion
		assert.throws(bad({ starts_at: null }), /must be integer/); // not nullable
		assert.throws(bad({ direction: 'sideways' }), /must be equal to one of the allowed values/);
		const followup = visit.properties.followups.items;
		assert.equal(followup.properties.due_on.format, 'date');
		// What is still free-form, each for a reason (docs/api.md, "Every answer is typed").
		assert.deepEqual(untypedPlaces(raw).sort(), FREE_FORM.sort());
	});

	it('every request answered 2xx is checked against openapi.json: a body or query off its schema throws', async () => {
		const doc = await serverDocument(srv);
		const raw = (await admin.get('openapi.json')).json;
		const check = (method, p, body, status = 200) => () => checkRequest(doc, method, `/api/v1/${p}`, body, status, `${method} ${p}`);
		// A body the document describes passes; an optional field may be null (read as absent).
		check('POST', 'accounts/5/password', { password: 'Skyway-pass-2026' })();
		check('POST', 'students/me', { salary_min: 3000, salary_max: null, gender: '女', discoverable: true })();
		check('POST', 'accounts/5/disable', undefined)(); // no body reads as {}
		// A wrong type, a missing field, a field the server does not take, a value out of range or set.
		assert.throws(check('POST', 'accounts/5/password', { password: 123 }), /request body does not match openapi\.json.*must be string/);
		assert.throws(check('POST', 'accounts/5/password', {}), /must have required property 'password'/);
		assert.throws(check('POST', 'accounts/5/password', { password: 'Skyway-pass-2026', note: 'x' }), /must NOT have additional properties/);
		assert.throws(check('POST', 'students/me', { salary_min: '3000' }), /must be integer/);
		assert.throws(check('POST', 'students/me', { degree: 4 }), /must be <= 3/);
		assert.throws(check('POST', 'students/me', { gender: 'x' }), /must be equal to one of the allowed values/);
		assert.throws(check('POST', 'accounts/5/disable', { reason: 'x' }), /must NOT have additional properties/);
		// Nested shapes: a service calendar day, an incubator time (epoch or ISO 8601 with an offset).
		check('POST', 'services/calendar/years/2027', { days: [{ date: '2027-01-01', kind: 'off', name: '元旦' }] })();
		assert.throws(check('POST', 'services/calendar/years/2027', { days: [{ date: '2027-1-1', kind: 'off', name: '元旦' }] }), /must match format "date"/);
		check('POST', 'incubator/sessions', { project_id: 1, topic: '路演辅导', start: 1796000000, end: '2026-12-08T10:00:00+08:00' })();
		assert.throws(check('POST', 'incubator/sessions', { project_id: 1, topic: '路演辅导', start: 1796000000, end: '2026-12-08 10:00' }), /does not match/);
		// Query parameters: documented, and of their type.
		check('GET', 'accounts?org_id=3&page=2', undefined)();
		assert.throws(check('GET', 'accounts?org_id=abc', undefined), /query parameter org_id="abc" is not an integer/);
		assert.throws(check('GET', 'accounts?sort=login', undefined), /query parameter sort is not documented/);
		// A refused request is not judged: sending what must be refused is what bad-input tests do.
		check('POST', 'accounts/5/password', { password: 123 }, 400)();
		check('GET', 'accounts?org_id=abc', undefined, 400)();
		// Every request body field is typed (docs/api.md, "Request bodies").
		assert.deepEqual(untypedRequestPlaces(raw), []);
		assert.equal(raw.paths['/api/v1/accounts/{id}/password'].post.requestBody.content['application/json'].schema.additionalProperties, false);
	});

	it('every list the operator can read refuses a page_size, page or cursor that is not its own, naming the field', async () => {
		const raw = (await admin.get('openapi.json')).json;
		const lists = [];
		for (const [p, item] of Object.entries(raw.paths)) {
			const op = item.get;
			if (!op || p.includes('{') || !(op['x-roles'] || []).includes('operator')) continue;
			const names = (op.parameters || []).map((x) => (x.$ref ? x.$ref.split('/').pop() : x.name));
			if (names.includes('page_size')) lists.push([p.replace('/api/v1/', ''), names.includes('cursor')]);
		}
		assert.ok(lists.length >= 8, `only ${lists.length} paged lists found`);
		for (const [p, cursorList] of lists) {
			expectError(await admin.get(`${p}?page_size=abc`), 400, 'invalid', 'page_size');
			expectError(await admin.get(`${p}?page_size=0`), 400, 'invalid', 'page_size');
			// The other convention's parameter is not the list's own: refused before its
			// handler runs, as any parameter the list does not take (400 unknown_parameter).
			if (cursorList) expectError(await admin.get(`${p}?page=2`), 400, 'unknown_parameter', 'page');
			else {
				expectError(await admin.get(`${p}?page=abc`), 400, 'invalid', 'page');
				expectError(await admin.get(`${p}?cursor=abc`), 400, 'unknown_parameter', 'cursor');
			}
		}
		expectError(await admin.get('positions?cursor=garbage'), 400, 'invalid', 'cursor');
	});
});

describe('static files', () => {
	it('index.html: 200 text/html with an ETag, If-None-Match → 304, not long-cached', async () => {
		const anon = srv.client();
		for (const p of ['/', '/index.html']) {
			const r = await anon.get(p);
			assert.equal(r.status, 200, `${p}: ${r.status}`);
			assert.match(hdr(r, 'content-type'), /^text\/html/);
			assert.equal(r.text, INDEX);
			const etag = hdr(r, 'etag');
			assert.ok(etag, `${p}: no ETag`);
			const cc = hdr(r, 'cache-control') || '';
			assert.doesNotMatch(cc, /immutable/, `${p}: index.html marked immutable`);
			const maxAge = /max-age=(\d+)/.exec(cc);
			assert.ok(!maxAge || Number(maxAge[1]) <= 300, `${p}: index.html cached for ${cc}`);
			const nm = await anon.get(p, { headers: { 'If-None-Match': etag } });
			assert.equal(nm.status, 304, `${p}: If-None-Match ${etag} → ${nm.status}`);
			assert.equal(nm.buf.length, 0);
			const other = await anon.get(p, { headers: { 'If-None-Match': '"not-the-etag"' } });
			assert.equal(other.status, 200);
		}
	});

	it('a hashed asset: long-cached, ETag, 304, JavaScript content type', async () => {
		const r = await rawRequest(srv, { path: '/assets/app-1a2b3c4d.js' });
		assert.equal(r.status, 200);
		assert.match(r.headers['content-type'] || '', /javascript/);
		assert.equal(r.headers['content-encoding'], undefined, 'compressed without Accept-Encoding');
		assert.equal(r.text, ASSET);
		const cc = r.headers['cache-control'] || '';
		const maxAge = Number((/max-age=(\d+)/.exec(cc) || [])[1] || 0);
		assert.ok(/immutable/.test(cc) || maxAge >= 30 * 86400, `hashed asset Cache-Control: "${cc}"`);
		assert.ok(maxAge >= 30 * 86400, `hashed asset max-age too short: "${cc}"`);
		const etag = r.headers.etag;
		assert.ok(etag);
		const nm = await rawRequest(srv, { path: '/assets/app-1a2b3c4d.js', headers: { 'If-None-Match': etag } });
		assert.equal(nm.status, 304);
		assert.equal(nm.buf.length, 0);
	});

	it('Accept-Encoding: gzip gets the precompressed .gz bytes with Content-Encoding: gzip and Vary', async () => {
		for (const ae of ['gzip', 'gzip, deflate, br', 'br;q=1.0, gzip;q=0.8']) {
			const r = await rawRequest(srv, { path: '/assets/app-1a2b3c4d.js', headers: { 'Accept-Encoding': ae } });
			assert.equal(r.status, 200);
			assert.equal(r.headers['content-encoding'], 'gzip', `Accept-Encoding ${ae}`);
			assert.ok(r.buf.equals(gz), 'body is not the .gz file');
			assert.equal(zlib.gunzipSync(r.buf).toString(), ASSET);
			assert.match(r.headers.vary || '', /accept-encoding/i, 'no Vary: Accept-Encoding');
			assert.match(r.headers['content-type'] || '', /javascript/, 'gzip variant must keep the JavaScript type');
		}
		const plain = await rawRequest(srv, { path: '/assets/app-1a2b3c4d.js', headers: { 'Accept-Encoding': 'identity' } });
		assert.equal(plain.headers['content-encoding'], undefined);
		assert.equal(plain.text, ASSET);
		const gzEtag = (await rawRequest(srv, { path: '/assets/app-1a2b3c4d.js', headers: { 'Accept-Encoding': 'gzip' } })).headers.etag;
		if (gzEtag && plain.headers.etag && !gzEtag.startsWith('W/') && !plain.headers.etag.startsWith('W/')) {
			assert.notEqual(gzEtag, plain.headers.etag, 'gzip and identity variants share a strong ETag (RFC 9110 8.8.3)');
		}
	});

	it('SPA fallback: app routes get index.html; unknown API paths get a JSON 404', async () => {
		const anon = srv.client();
		for (const p of ['/some/app/route', '/accounts', '/login?next=%2Faccounts', '/operator/audit/42']) {
			const r = await anon.get(p);
			assert.equal(r.status, 200, `${p}: ${r.status}`);
			assert.match(hdr(r, 'content-type'), /^text\/html/);
			assert.equal(r.text, INDEX, `${p} is not index.html`);
		}
		for (const p of ['/api/v1/nonexistent', '/api/v1/accounts/1/nonexistent', '/api/v2/me']) {
			const r = await anon.get(p);
			expectError(r, 404, 'not_found');
			assert.ok(!r.text.includes('SKYWAY-INDEX-MARKER'));
		}
	});

	it('path traversal never serves a file outside the web directory', async () => {
		const probes = [
			'/../secret.txt',
			'/%2e%2e/secret.txt',
			'/%2E%2E/secret.txt',
			'/assets/../../secret.txt',
			'/assets/%2e%2e/%2e%2e/secret.txt',
			'/..%2fsecret.txt',
			'/%2e%2e%2fsecret.txt',
			'/assets/..%2f..%2fsecret.txt',
			'/..%5csecret.txt',
			'/..\\secret.txt',
			'/.%2e/secret.txt',
			'/%252e%252e/secret.txt',
			'/%c0%ae%c0%ae/secret.txt',
			'//../secret.txt',
			'/../../../../../../../../etc/passwd',
			'/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
			'/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
			`/${path.relative('/', tmp)}/secret.txt`,
			`//${tmp}/secret.txt`,
			'/%00../secret.txt',
			'/index.html%00.js',
		];
		for (const p of probes) {
			const r = await rawRequest(srv, { path: p });
			assert.ok([200, 301, 302, 308, 400, 403, 404].includes(r.status), `${p}: status ${r.status}`);
			assert.ok(!r.text.includes(SECRET), `${p} served the file outside the web root`);
			assert.ok(!r.text.includes('root:x:0:0'), `${p} served /etc/passwd`);
			if (r.status === 200) assert.equal(r.text, INDEX, `${p}: 200 with something other than index.html`);
		}
		const gzProbe = await rawRequest(srv, { path: '/../secret.txt', headers: { 'Accept-Encoding': 'gzip' } });
		assert.ok(!gzProbe.buf.toString('latin1').includes(SECRET));
		await rawRequest(srv, { path: '/healthz' }).then((r) => assert.equal(r.status, 200));
	});

	it('dotfiles and directories are not listed', async () => {
		fs.writeFileSync(path.join(web, '.env'), 'SKYWAY_DOTFILE_SECRET=1');
		const r = await rawRequest(srv, { path: '/.env' });
		assert.ok(!r.text.includes('SKYWAY_DOTFILE_SECRET'), '/.env served');
		const d = await rawRequest(srv, { path: '/assets/' });
		assert.ok(!d.text.includes('app-1a2b3c4d.js.gz'), '/assets/ lists the directory');
	});
});

describe('compression and caching of API answers', () => {
	const DICT = '/api/v1/dict/majors';

	it('Accept-Encoding: gzip gets JSON compressed (the same JSON once decoded), with Vary; identity or q=0 gets it plain', async () => {
		const plain = await rawRequest(srv, { path: DICT });
		assert.equal(plain.status, 200);
		assert.equal(plain.headers['content-encoding'], undefined, 'compressed without Accept-Encoding');
		assert.ok(plain.json && plain.json.items.length > 100, 'the majors dictionary is not the catalogue');
		for (const ae of ['gzip', 'gzip, deflate, br', 'br;q=1.0, gzip;q=0.8']) {
			const r = await rawRequest(srv, { path: DICT, headers: { 'Accept-Encoding': ae } });
			assert.equal(r.status, 200);
			assert.equal(r.headers['content-encoding'], 'gzip', `Accept-Encoding ${ae}`);
			assert.match(r.headers['content-type'] || '', /^application\/json/);
			assert.match(r.headers.vary || '', /accept-encoding/i, 'no Vary: Accept-Encoding');
			assert.ok(r.buf.length < plain.buf.length / 3, `gzip ${r.buf.length} B for ${plain.buf.length} B of JSON`);
			assert.deepEqual(JSON.parse(zlib.gunzipSync(r.buf).toString('utf8')), plain.json);
		}
		for (const ae of ['identity', 'gzip;q=0', 'br']) {
			const r = await rawRequest(srv, { path: DICT, headers: { 'Accept-Encoding': ae } });
			assert.equal(r.headers['content-encoding'], undefined, `Accept-Encoding ${ae} got gzip`);
			assert.deepEqual(r.json, plain.json);
		}
		// any large JSON answer, not only dictionaries
		const doc = await rawRequest(srv, { path: '/api/v1/openapi.json', headers: { 'Accept-Encoding': 'gzip' } });
		assert.equal(doc.headers['content-encoding'], 'gzip');
		assert.ok(JSON.parse(zlib.gunzipSync(doc.buf).toString('utf8')).paths);
	});

	it('a dictionary has a strong ETag per encoding, is revalidated (304), and its ETag changes with its content', async () => {
		const plain = await rawRequest(srv, { path: DICT });
		const zipped = await rawRequest(srv, { path: DICT, headers: { 'Accept-Encoding': 'gzip' } });
		for (const r of [plain, zipped]) {
			assert.match(r.headers.etag || '', /^"[^"]+"$/, `not a strong ETag: ${r.headers.etag}`);
			const cc = r.headers['cache-control'] || '';
			assert.doesNotMatch(cc, /no-store|private/, `dictionary Cache-Control: ${cc}`);
			assert.match(cc, /no-cache|max-age=0/, `a dictionary must be revalidated: ${cc}`);
		}
		assert.notEqual(plain.headers.etag, zipped.headers.etag, 'gzip and identity share a strong ETag');
		const nm = await rawRequest(srv, { path: DICT, headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': `"other", ${zipped.headers.etag}` } });
		assert.equal(nm.status, 304);
		assert.equal(nm.buf.length, 0);
		assert.equal(nm.headers.etag, zipped.headers.etag);
		const nm2 = await rawRequest(srv, { path: DICT, headers: { 'If-None-Match': plain.headers.etag } });
		assert.equal(nm2.status, 304);
		const other = await rawRequest(srv, { path: DICT, headers: { 'If-None-Match': '"not-the-etag"' } });
		assert.equal(other.status, 200);
		assert.deepEqual(other.json, plain.json);
		// another dictionary, another tag
		const cities = await rawRequest(srv, { path: '/api/v1/dict/cities' });
		assert.notEqual(cities.headers.etag, plain.headers.etag);
		// the dictionary changes (as an upgrade's dict_sync would change it): new tag, no 304
		const code = plain.json.items[0].code;
		execSql(srv.db, [`UPDATE dict_majors SET name = name || '新区' WHERE code = '${code}'`]);
		try {
			const changed = await rawRequest(srv, { path: DICT, headers: { 'If-None-Match': plain.headers.etag } });
			assert.equal(changed.status, 200, 'a changed dictionary answered 304');
			assert.notEqual(changed.headers.etag, plain.headers.etag);
			assert.equal(changed.json.items.find((c) => c.code === code).name, `${plain.json.items[0].name}新区`);
		} finally {
			execSql(srv.db, [`UPDATE dict_majors SET name = substr(name, 1, length(name) - 2) WHERE code = '${code}'`]);
		}
		const back = await rawRequest(srv, { path: DICT });
		assert.equal(back.headers.etag, plain.headers.etag, 'the same content must give the same tag');
	});

	it('personal answers stay no-store, without ETag, and ignore If-None-Match', async () => {
		for (const p of ['me', 'accounts']) {
			const r = await admin.get(p, { headers: { 'Accept-Encoding': 'gzip' } });
			assert.equal(r.status, 200, `${r}`);
			assert.equal(r.header('cache-control'), 'no-store', `${p}: ${r.header('cache-control')}`);
			assert.equal(r.header('etag'), null, `${p} has an ETag`);
			const again = await admin.get(p, { headers: { 'If-None-Match': '*' } });
			assert.equal(again.status, 200, `${p}: If-None-Match * answered ${again.status}`);
		}
		// an error of a cacheable route is not cacheable either
		const missing = await rawRequest(srv, { path: '/api/v1/dict/nonexistent', headers: { 'If-None-Match': '*' } });
		assert.equal(missing.status, 404);
		assert.equal(missing.headers['cache-control'], 'no-store');
		assert.equal(missing.headers.etag, undefined);
	});
});

describe('access log', () => {
	it('is one JSON line per request with method, route, status, duration and user id; never passwords or tokens', async () => {
		const secrets = [ADMIN_PASSWORD];
		const c = await srv.login(ADMIN_LOGIN, ADMIN_PASSWORD);
		secrets.push(c.cookie, c.csrf);
		await c.get('me');
		const wrong = 'wrong-secret-pass-77';
		secrets.push(wrong);
		await srv.client().post('auth/login', { login: ADMIN_LOGIN + 'x', password: wrong });
		const college = await makeCollege(c);
		const stuPw = 'student-secret-pw-88';
		secrets.push(stuPw);
		const record = await importStudent(srv, college, { student_no: 'S-LOG-1', name: '日志' });
		const code = await activationCode(srv, record);
		secrets.push(code, code.replace(/-/g, ''));
		await srv.client().post('register/student', { college_id: college.id, student_no: 'S-LOG-1', name: '日志', login: uniq('log'), password: stuPw, activation_code: code });
		const acct = await makeAccount(c, { role: 'judge', password: 'account-secret-pw-99' });
		secrets.push('account-secret-pw-99');
		const resetPw = 'reset-secret-pw-1010';
		secrets.push(resetPw);
		await c.post(`accounts/${acct.id}/password`, { password: resetPw });
		const jc = await srv.login(acct.login, resetPw);
		secrets.push(jc.cookie, jc.csrf);
		const newPw = 'changed-secret-pw-1111';
		secrets.push(newPw);
		await jc.post('me/password', { old_password: resetPw, new_password: newPw });
		await c.get(`accounts?q=${encodeURIComponent('查询')}`);
		await sleep(300);
		const log = srv.stderr() + srv.stdout();
		for (const s of secrets) {
			assert.ok(s && s.length >= 10);
			assert.ok(!log.includes(s), `the log contains a secret: ${s.slice(0, 6)}…`);
		}
		const lines = srv
			.stderr()
			.split('\n')
			.filter((l) => l.trim().startsWith('{'))
			.map((l) => {
				try {
					return JSON.parse(l);
				} catch {
					assert.fail(`access log line is not JSON: ${l}`);
				}
			});
		assert.ok(lines.length >= 10, `only ${lines.length} JSON log lines`);
		const keyLike = (o, re) => Object.keys(o).find((k) => re.test(k));
		const me = lines.filter((l) => Object.values(l).includes('/api/v1/me'));
		assert.ok(me.length > 0, 'no log line for /api/v1/me');
		const ok = me.find((l) => Object.values(l).includes(200) || Object.values(l).includes('200'));
		assert.ok(ok, 'no 200 log line for /api/v1/me');
		assert.ok(keyLike(ok, /^(time|ts|at|timestamp)$/i), `no time in ${JSON.stringify(ok)}`);
		assert.ok(keyLike(ok, /^method$/i), `no method in ${JSON.stringify(ok)}`);
		assert.ok(keyLike(ok, /^status$/i), `no status in ${JSON.stringify(ok)}`);
		assert.ok(keyLike(ok, /dur|ms|elapsed|latency/i), `no duration in ${JSON.stringify(ok)}`);
		const userKey = keyLike(ok, /user|account/i);
		assert.ok(userKey, `no user id in ${JSON.stringify(ok)}`);
		assert.equal(Number(ok[userKey]), c.id);
		// Route patterns, not raw ids.
		const reset = lines.find((l) => Object.values(l).some((v) => typeof v === 'string' && v.includes('/password') && v.includes('/accounts/')));
		assert.ok(reset, 'no log line for the password reset');
	});
});

describe('--access-log FILE', () => {
	let srv2;
	let file;
	before(async () => {
		file = path.join(tmp, 'access.log');
		srv2 = await startServer({ args: ['--access-log', file] });
	});
	after(() => srv2?.stop());

	it('writes the JSON access log to the file', async () => {
		await srv2.client().get('/healthz');
		await srv2.login(ADMIN_LOGIN, ADMIN_PASSWORD);
		await sleep(300);
		const text = fs.readFileSync(file, 'utf8');
		const lines = text.split('\n').filter((l) => l.trim());
		assert.ok(lines.length >= 2, `access log file has ${lines.length} lines`);
		for (const l of lines) JSON.parse(l);
		assert.ok(text.includes('/healthz'));
		assert.ok(!text.includes(ADMIN_PASSWORD));
	});

	it('writes any method a client sends as a JSON string, byte for byte, and stays UTF-8', async () => {
		// libmicrohttpd takes any bytes up to the first space as the method:
		// quotes, backslashes and control characters are escaped, bytes that
		// are not UTF-8 become U+FFFD.
		const methods = ['GE"T\\', 'G\x01T', 'G\tT', 'P\b\fQ\x7f', Buffer.from([0xff, 0xfe, 0x58])];
		const port = new URL(srv2.url).port;
		for (const m of methods) {
			await new Promise((resolve, reject) => {
				const s = net.connect(port, '127.0.0.1', () =>
					s.end(Buffer.concat([Buffer.from(m), Buffer.from(' /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')]))
				);
				s.on('data', () => {});
				s.on('close', resolve);
				s.on('error', reject);
			});
		}
		await sleep(300);
		const bytes = fs.readFileSync(file);
		const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		const logged = text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l).method);
		for (const want of ['GE"T\\', 'G\x01T', 'G\tT', 'P\b\fQ\x7f', '\ufffd\ufffdX'])
			assert.ok(logged.includes(want), `no log line with the method ${JSON.stringify(want)}: ${JSON.stringify(logged)}`);
	});
});
