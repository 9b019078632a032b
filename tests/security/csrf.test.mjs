// Cross-site request forgery, walked over the route table: every state-changing route
// (POST, PUT, PATCH, DELETE of GET /api/v1/openapi.json), of each kind — a JSON body, a
// spreadsheet upload (imports, the calendar), a PDF (business plans, signed scans), an
// image (visit photos), a document (PDF or image: zone services' materials) and the
// public routes (login and its second step, registration) — is refused 403 `csrf` when
// the request could come from another site, and nothing is written.
//
// The router checks the body's type before the session and the token (a PDF route answers
// 415 to anything but application/pdf), so each upload is sent with its RIGHT type: a
// forged upload that a browser could send must meet the token check, not the type check.
//
// What src/http/server.c checks (dispatch_api), after size, type, session and role:
//  - a request authenticated by the session cookie must carry the session's own
//    X-CSRF-Token (compared in constant time), whatever its body;
//  - every write's Origin, or else its Referer, when sent, must be the site itself
//    (the Host, or X-Forwarded-Host behind --trust-proxy).
// A public write without a session and without Origin or Referer passes that gate (no
// browser sends a cross-site POST without Origin); it is then still a JSON-only route, so
// a cross-site HTML form (text/plain, urlencoded, multipart) gets 415.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ADMIN_LOGIN, ADMIN_PASSWORD, creditCode, expectError } from '../api/harness.mjs';
import { ROLE_OF, assertSameDigest, castPerFile, dbDigest, isWrite, samplePath, send } from './lib.mjs';
import { pdf } from './fixtures_competition.mjs';
import { png } from './fixtures_coop.mjs';

const ctx = castPerFile();
const EVIL = 'http://evil.example';

/**
 * A body of the route's kind: for spreadsheet uploads a students file the operator could
 * import (had the gate let it through, the digest would show the new student), for PDF and
 * image routes a real PDF and a real PNG, for JSON an empty object.
 */
function bodyOf(route) {
	if (route.body === 'file') return { file: Buffer.from(`\ufeff院校,学号,姓名\r\n${ctx.w.collegeA.name},2026000001,张三\r\n`), type: 'text/csv' };
	if (route.body === 'pdf' || route.body === 'upload') return { pdf: pdf('forged') };
	if (route.body === 'media') return { image: png(), type: 'image/png' };
	return route.body === 'json' ? {} : undefined;
}

const UPLOADS = { file: 'spreadsheet-upload', pdf: 'PDF', media: 'image', upload: 'document (PDF or image)' };

/** An actor the route table admits (the operator when it can), and its credentials. */
function actorFor(route) {
	const a = ['operator', 'college', 'hr', 'student', 'judge', 'mentor', 'officer'].find((x) => route.roles.includes(ROLE_OF[x]));
	assert.ok(a, `${route.key}: no actor of the cast has one of its roles ${route.roles}`);
	return { a, who: a === 'operator' ? { login: ADMIN_LOGIN, password: ADMIN_PASSWORD } : ctx.w.who[a] };
}

const kinds = (routes = [...ctx.routes.values()].filter(isWrite)) => ({
	json: routes.filter((r) => !r.public && !UPLOADS[r.body]),
	file: routes.filter((r) => !r.public && r.body === 'file'),
	pdf: routes.filter((r) => !r.public && r.body === 'pdf'),
	media: routes.filter((r) => !r.public && r.body === 'media'),
	upload: routes.filter((r) => !r.public && r.body === 'upload'),
	public: routes.filter((r) => r.public),
});

it('the route table has writes of every kind: JSON, spreadsheet, PDF, image, document, public', () => {
	const k = kinds();
	assert.ok(k.json.length >= 40, `${k.json.length} JSON writes`);
	assert.deepEqual(k.file.map((r) => r.key).sort(), ['POST /api/v1/imports/{kind}/commit', 'POST /api/v1/imports/{kind}/preview', 'POST /api/v1/services/calendar/years/{id}/import']);
	assert.deepEqual(k.pdf.map((r) => r.key).sort(), ['POST /api/v1/competition/teams/{id}/plan', 'POST /api/v1/coop/agreements/{id}/scan', 'POST /api/v1/incubator/projects/{id}/plan', 'POST /api/v1/internships/{id}/agreement']);
	assert.deepEqual(k.media.map((r) => r.key).sort(), ['POST /api/v1/coop/visits/{id}/photos']);
	assert.deepEqual(k.upload.map((r) => r.key).sort(), ['POST /api/v1/services/cases/{id}/files', 'POST /api/v1/services/projects/{id}/documents']);
	assert.deepEqual(k.public.map((r) => r.key).sort(), ['POST /api/v1/auth/login', 'POST /api/v1/auth/mfa', 'POST /api/v1/register/enterprise', 'POST /api/v1/register/student']);
});

describe('a write authenticated by the session cookie', () => {
	for (const kind of ['json', 'file', 'pdf', 'media', 'upload']) {
		it(`every ${kind === 'json' ? 'JSON' : UPLOADS[kind]} route: no token, a wrong token, another session's token, a foreign Origin, Origin null, a foreign Referer → 403 csrf, nothing written`, async () => {
			const { srv, w } = ctx;
			// Each actor's session of the cast, and a second session of the same account (its
			// token must not work for the first). Logging in writes, so it all comes first; a
			// refused logout ends nothing, so one session serves every route.
			const second = new Map();
			const sessions = [];
			for (const route of kinds()[kind]) {
				const { a, who } = actorFor(route);
				if (!second.has(a)) second.set(a, await srv.login(who.login, who.password));
				const c = w.as[a];
				const other = second.get(a);
				assert.notEqual(c.csrf, other.csrf, 'two sessions share a CSRF token');
				sessions.push({ route, a, c, other });
			}
			const before = await dbDigest(srv);
			let refused = 0;
			for (const { route, a, c, other } of sessions) {
				const path = samplePath(route, a === 'student' ? w.A1.id : 1);
				const body = bodyOf(route);
				const cases = [
					['no token', { csrf: false }],
					['a wrong token', { csrf: 'x'.repeat(c.csrf.length) }],
					['an empty token', { csrf: '' }],
					["another session's token", { csrf: other.csrf }],
					['a foreign Origin', { origin: EVIL }],
					['Origin null (a sandboxed page)', { origin: 'null' }],
					['a foreign Referer, no Origin', { origin: false, headers: { Referer: `${EVIL}/page` } }],
					['no token, no Origin', { csrf: false, origin: false }],
				];
				for (const [what, opts] of cases) {
					const r = await send(c, route.method, path, body, opts);
					assert.equal(r.status, 403, `${route.key} as ${a} with ${what}: ${r}`);
					expectError(r, 403, 'csrf');
					refused += 1;
				}
				// The refusals did not end the session.
				assert.equal((await c.get('me')).status, 200, `${route.key}: a refused request ended the session`);
			}
			assert.ok(refused >= 8, `${refused} refusals`);
			assertSameDigest(before, await dbDigest(srv), `forged ${kind} writes`);
		});
	}

	it('an upload of the wrong type meets the type check first (415), which is why the walk sends the right one', async () => {
		const { srv, w } = ctx;
		const before = await dbDigest(srv);
		for (const kind of ['pdf', 'media', 'upload']) {
			for (const route of kinds()[kind]) {
				const { a } = actorFor(route);
				const path = samplePath(route, a === 'student' ? w.A1.id : 1);
				const other = { pdf: { image: png() }, media: { pdf: pdf() }, upload: { image: Buffer.from('GIF89a'), type: 'image/gif' } }[kind];
				for (const body of [{}, { file: Buffer.from('x'), type: 'text/plain' }, other]) {
					expectError(await send(w.as[a], route.method, path, body, { csrf: false }), 415, 'unsupported_media_type');
				}
			}
		}
		assertSameDigest(before, await dbDigest(srv), 'uploads of the wrong type');
	});
});

describe('public writes (login, registration)', () => {
	it('a foreign Origin, Origin null or a foreign Referer → 403 csrf, no cookie set, nothing written', async () => {
		const { srv, w } = ctx;
		// The operator's password step, for a real pending token of the second step.
		const pending = (await srv.client().post('auth/login', { login: ADMIN_LOGIN, password: ADMIN_PASSWORD })).json.mfa_token;
		assert.equal(typeof pending, 'string', 'the operator logs in with a second factor');
		const before = await dbDigest(srv);
		for (const route of kinds().public) {
			for (const opts of [{ origin: EVIL }, { origin: 'null' }, { origin: false, headers: { Referer: `${EVIL}/login.html` } }, { origin: `${srv.url}.evil.example` }, { origin: srv.url.replace(/:\d+$/, ':1') }]) {
				// A body that could succeed: the real operator's password, a real pending token,
				// a complete registration.
				const body = {
					'POST /api/v1/auth/login': { login: ADMIN_LOGIN, password: ADMIN_PASSWORD },
					'POST /api/v1/auth/mfa': { mfa_token: pending, code: '000000' },
					'POST /api/v1/register/student': { college_id: w.collegeA.id, student_no: '2026990001', name: '伪造', login: 'forged_student', password: 'Forged-pass-2024' },
					'POST /api/v1/register/enterprise': { name: '伪造科技有限公司', credit_code: creditCode(), contact_name: '伪造', login: 'forged_ent', password: 'Forged-pass-2024' },
				}[route.key];
				assert.ok(body, `${route.key}: a public write this test does not know; add its body`);
				const r = await send(srv.client(), route.method, samplePath(route), body, opts);
				expectError(r, 403, 'csrf');
				assert.equal(r.sessionCookieLine(), undefined, `${route.key}: a refused request set a session cookie`);
			}
		}
		assertSameDigest(before, await dbDigest(srv), 'forged public writes');
	});

	it('sent with a session cookie, they need the session token like any other write', async () => {
		const { srv, w } = ctx;
		const c = await srv.login(w.who.hr.login, w.who.hr.password);
		const before = await dbDigest(srv);
		for (const route of kinds().public) {
			const r = await send(c, route.method, samplePath(route), {}, { csrf: false });
			expectError(r, 403, 'csrf');
		}
		assertSameDigest(before, await dbDigest(srv), 'public writes with a cookie and no token');
	});

	it('without Origin or Referer they pass the gate (no browser sends a cross-site write so), and a cross-site form type gets 415', async () => {
		const { srv } = ctx;
		const before = await dbDigest(srv);
		for (const route of kinds().public) {
			// An empty object: the handler answers that a required field is missing, after the gate.
			const r = await send(srv.client(), route.method, samplePath(route), {}, { origin: false });
			const e = expectError(r, 400, 'missing');
			assert.equal(typeof e.field, 'string', `${r}`);
			// What an HTML form on another site can send.
			for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
				const f = await srv.client().request(route.method, samplePath(route), { body: 'login=admin&password=x', contentType: type, origin: false });
				expectError(f, 415, 'unsupported_media_type');
			}
		}
		assertSameDigest(before, await dbDigest(srv), 'public writes without Origin');
	});
});

describe('what is allowed', () => {
	it('the right token with the own Origin, or with no Origin and no Referer, passes the gate on every kind', async () => {
		const { srv, w } = ctx;
		// Requests that stop at the handler's validation (nothing written): the gate let them through.
		const before = await dbDigest(srv);
		const json = await w.admin.request('POST', 'accounts', { json: {}, origin: false });
		expectError(json, 400, 'missing', 'login');
		const own = await w.admin.request('POST', 'accounts', { json: {} });
		expectError(own, 400, 'missing', 'login');
		const file = await w.staffA.client.request('POST', 'imports/students/preview', { body: Buffer.alloc(0), contentType: 'text/csv' });
		expectError(file, 400, 'missing', 'file');
		// A PDF and an image for objects that do not exist: the handler answers.
		expectError(await send(w.staffA.client, 'POST', 'coop/agreements/999999999/scan', { pdf: pdf() }), 404, 'not_found');
		expectError(await send(w.staffA.client, 'POST', 'coop/visits/999999999/photos', { image: png() }), 404, 'not_found');
		assertSameDigest(before, await dbDigest(srv), 'gate passed, validation refused');
	});
});
