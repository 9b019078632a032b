// The bad-input corpus, sent to every write route with a JSON body (the route table of
// GET /api/v1/openapi.json decides which): malformed JSON, values that are not objects,
// duplicate keys, 1e400 and integers beyond 64 bits, NUL inside strings, lone surrogates,
// invalid UTF-8, deep nesting, bodies one byte over the route's limit (declared and
// chunked), the wrong Content-Type, unknown fields, and every field of a valid body with
// the wrong type. Each gets its exact status and error code (naming the field where one
// is at fault), and none of them writes anything. Then -0 must behave as 0, and SQL
// metacharacters in every string field must never break the server.
//
// Routes that take a file itself as the body (a PDF: business plans, signed scans; an
// image: visit photos; a PDF or an image: zone services' materials) get their own corpus:
// every other type 415 (also one that merely starts like the right one), one byte over
// the limit 413 (declared and chunked), bytes that are not what the type says 400 naming
// the field, and an empty body 400.
//
// The valid request of each route is the fixture of its row in authz_table.mjs, sent as
// the actor who may make it (its owner), so every refusal here is about the input alone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertHealthy, expectError, rawRequest, SESSION_COOKIE } from '../api/harness.mjs';
import { ROWS } from './authz_table.mjs';
import { admitted, clientFor, groupOf, normalise } from './authz_run.mjs';
import { assertSameDigest, castPerFile, dbDigest, fileBody } from './lib.mjs';
import { pdf } from './fixtures_competition.mjs';
import { png } from './fixtures_coop.mjs';

// Valid text that is dangerous pasted into SQL or a LIKE pattern.
export const SQL_META = ["'; DROP TABLE students; --", '" OR 1=1 --', "x' UNION SELECT login, password_hash FROM accounts --", '%_\\', '$$; DELETE FROM positions; $$'];

const BAD_UTF8 = [
	[0xc3, 0x28], // a lead byte without its continuation
	[0xff], // never valid
	[0xc0, 0xaf], // an overlong "/"
	[0xed, 0xa0, 0x80], // a UTF-16 surrogate encoded as UTF-8
	[0xf4, 0x90, 0x80, 0x80], // beyond U+10FFFF
	[0xe2, 0x82], // cut short
];

/** The actor whose request succeeds in the row (else the first the route admits). */
function ownerOf(row, route) {
	const order = ['operator', 'hr', 'college', 'student', 'classmate', 'studentX', 'hrX', 'collegeX', 'officer', 'judge', 'mentor', 'anon'];
	const ok = order.find((a) => row.expect[a] !== undefined && normalise(row.expect[a], row.route).status < 300);
	return ok || order.find((a) => admitted(route).includes(a));
}

/** Sends raw bytes as the client would (cookie, token, Origin, address). */
function raw(srv, client, method, path, body, { type = 'application/json', chunked = false, declare } = {}) {
	const headers = { 'Content-Type': type, Origin: srv.url, 'X-Forwarded-For': client.ip };
	if (client.cookie) {
		headers.Cookie = `${SESSION_COOKIE}=${client.cookie}`;
		headers['X-CSRF-Token'] = client.csrf;
	}
	if (!chunked) headers['Content-Length'] = String(declare ?? Buffer.byteLength(body));
	return rawRequest(srv, { method, path: `/api/v1/${path}`, headers, body });
}

/** Checks an error answer of a raw request (rawRequest answers have no toString). */
function expectRaw(r, status, code, field, what) {
	const where = `${what} -> ${r.status} ${r.text.slice(0, 300)}`;
	assert.equal(r.status, status, where);
	assert.match(String(r.headers['content-type']), /^application\/json/, where);
	assert.equal(r.json?.error?.code, code, where);
	if (field !== undefined) assert.equal(r.json.error.field, field, where);
}

const typeOf = (v) => (Array.isArray(v) ? (v.length && typeof v[0] === 'string' ? 'strings' : 'ints') : v === null ? 'null' : typeof v);

/** Wrong values for a field holding v (each must be refused 400 invalid naming the field). */
function wrongValues(v) {
	switch (typeOf(v)) {
		case 'string':
			return [123, 1.5, true, [], ['x'], {}, { a: 'b' }];
		case 'number':
			return ['1', '', 1.5, -1.5, true, [], [1], {}, 1e300];
		case 'boolean':
			return ['true', 1, 0, [], {}];
		case 'ints':
			return ['1', 1, {}, [1.5], ['1'], [true], [null], [[1]], [{}]];
		case 'strings':
			return ['x', 1, {}, [1], [true], [null], [['x']], [{}]];
		default:
			return [];
	}
}

// What each upload route must refuse: other types (the first ones merely start like the
// right type), and bytes that are not a file of its kind though the type says so.
const UPLOAD_CORPUS = {
	pdf: {
		types: ['application/pdfx', 'application/pdf-x', 'application/json', 'text/plain', 'image/png', 'application/octet-stream', 'multipart/form-data; boundary=x', 'text/html'],
		fakes: () => [Buffer.from('这不是 PDF 文件'), png(), Buffer.from('<html><script>alert(1)</script></html>'), Buffer.from(' %PDF-1.4\n'), Buffer.from('%PDF')],
	},
	media: {
		types: ['image/pngx', 'image/jpegfoo', 'image/gif', 'image/svg+xml', 'text/html', 'application/pdf', 'application/json', 'application/octet-stream'],
		fakes: () => [Buffer.from('not an image at all'), pdf(), Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), png().subarray(0, 8), Buffer.from('GIF89a\x01\x00\x01\x00')],
	},
	// Zone services' materials: a PDF, a JPEG or a PNG, whatever the type says.
	upload: {
		types: ['application/pdfx', 'image/gif', 'image/webp', 'image/svg+xml', 'text/plain', 'application/json', 'text/html', 'multipart/form-data; boundary=x'],
		fakes: () => [Buffer.from('这不是 PDF 文件'), Buffer.from('<html><script>alert(1)</script></html>'), Buffer.from(' %PDF-1.4\n'), Buffer.from('%PDF'), png().subarray(0, 8), Buffer.from('GIF89a\x01\x00\x01\x00'), Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8 ')],
	},
};

/**
 * The corpus of a route whose body is a file (UPLOAD_CORPUS): sent as the owner with the
 * valid file of the row's fixture; every case refused with its exact status, nothing
 * written.
 */
async function uploadCorpus(srv, route, client, method, path, valid, what) {
	const kind = UPLOAD_CORPUS[route.body];
	const good = fileBody(valid);
	assert.ok(good, what(`the fixture's body is not a ${route.body} file`));
	const post = (body, opts) => raw(srv, client, method, path, body, { type: good.type, ...opts });
	for (const type of kind.types) expectRaw(await post(good.buf, { type }), 415, 'unsupported_media_type', undefined, what(`type ${type}`));
	// One byte over the limit: declared (only its start is sent), then chunked.
	const big = Buffer.alloc(route.bodyLimit + 1, 0x20);
	good.buf.copy(big);
	expectRaw(await post(big.subarray(0, 1024), { declare: big.length }), 413, 'too_large', undefined, what('limit + 1, declared'));
	expectRaw(await post(big, { chunked: true }), 413, 'too_large', undefined, what('limit + 1, chunked'));
	// The right type, the wrong bytes: refused naming the field that holds the file.
	for (const buf of kind.fakes()) {
		const r = await post(buf);
		expectRaw(r, 400, 'invalid', undefined, what(`bytes ${JSON.stringify(buf.subarray(0, 12).toString('latin1'))}`));
		assert.match(String(r.json.error.field), /^(plan|file)$/, what(`the field of ${r.text}`));
	}
	const empty = await post(Buffer.alloc(0));
	assert.equal(empty.status, 400, what(`an empty body -> ${empty.status} ${empty.text}`));
	assert.match(String(empty.json?.error?.field), /^(plan|file)$/, what(`the field of ${empty.text}`));
}

/**
 * Declares the corpus tests of one group of routes (the split of authz_run.mjs, so that
 * node runs the files side by side). known: {"METHOD pattern field": why} cases that fail
 * today because another change fixes them; they are reported, not failed.
 */
export function corpusSuite(group, known = {}) {
	const ctx = castPerFile();

	describe(`the bad-input corpus: ${group}`, () => {
		for (const row of ROWS.filter((r) => groupOf(r.route) === group)) {
			const [method] = row.route.split(' ');
			if (method === 'GET') continue;
			it(row.route, async (t) => {
				const { srv, w } = ctx;
				const route = ctx.routes.get(row.route);
				assert.ok(route, `${row.route} is not in the route table`);
				if (route.body === 'file') return; // spreadsheets: recruit_imports and the CSRF walk
				const a = ownerOf(row, route);
				const f = await row.make(w);
				const client = await clientFor(w, row, f, a);
				const path = typeof f.path === 'function' ? f.path(a) : f.path;
				const what = (x) => `${row.route} as ${a}: ${x}`;
				if (UPLOAD_CORPUS[route.body]) {
					const before = await dbDigest(srv);
					await uploadCorpus(srv, route, client, method, path, typeof f.body === 'function' ? f.body(a) : f.body, what);
					assertSameDigest(before, await dbDigest(srv), what('refused uploads'));
					await assertHealthy(srv);
					return;
				}
				assert.equal(route.body, 'json', what(`a body of kind ${route.body} this corpus does not know`));
				const valid = (typeof f.body === 'function' ? f.body(a) : f.body) || {};
				const fields = Object.keys(valid);
				const k = fields[0] || 'note';
				const post = (body, opts) => raw(srv, client, method, path, body, opts);
				const failures = [];
				/** Runs one case; a failure of a known case is reported instead of failing. */
				const kase = async (key, fn) => {
					try {
						await fn();
					} catch (e) {
						if (!known[`${row.route} ${key}`]) throw e;
						failures.push(`${key}: ${known[`${row.route} ${key}`]} — ${e.message.split('\n')[0]}`);
					}
				};

				const before = await dbDigest(srv);
				// Not JSON, or JSON but not one object.
				const json = JSON.stringify(valid);
				for (const body of [`{"${k}":`, `{${k}:1}`, `{'${k}':1}`, `{"${k}":1,}`, `${json} xyz`, `${json}${json}`, 'nul', '[]', '"x"', '42', 'null', 'true', `[${json}]`]) {
					expectRaw(await post(body), 400, 'bad_json', undefined, what(`body ${body.slice(0, 40)}`));
				}
				// Duplicate keys, numbers no 64-bit integer or double holds, NUL, a lone surrogate.
				for (const body of [
					`{"${k}":1,"${k}":2}`,
					`{"${k}":1e400}`,
					`{"${k}":-1e400}`,
					`{"${k}":99999999999999999999}`,
					`{"${k}":-9223372036854775809}`,
					`{"${k}":"a\\u0000b"}`,
					`{"${k}":"\\u0000"}`,
					`{"a\\u0000b":1}`,
					`{"${k}":"\\ud800"}`,
					`{"${k}":"\\udc00x"}`,
				]) {
					expectRaw(await post(body), 400, 'bad_json', undefined, what(`body ${body}`));
				}
				// A raw NUL byte: valid UTF-8, but a control character JSON forbids in a string.
				expectRaw(await post(Buffer.from(`{"${k}":"a\0b"}`)), 400, 'bad_json', undefined, what('raw NUL'));
				// Invalid UTF-8 anywhere, even where JSON would not look.
				for (const bytes of BAD_UTF8) {
					const body = Buffer.concat([Buffer.from(`{"${k}":"ab`), Buffer.from(bytes), Buffer.from('cd"}')]);
					expectRaw(await post(body), 400, 'bad_utf8', undefined, what(`bytes ${bytes.map((b) => b.toString(16))}`));
				}
				// Deep nesting (past jansson's 2048 levels): 413 when that is already over the limit.
				const depth = 2100;
				for (const body of [`{"${k}":${'['.repeat(depth)}${']'.repeat(depth)}}`, `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`]) {
					const over = Buffer.byteLength(body) > route.bodyLimit;
					expectRaw(await post(body), over ? 413 : 400, over ? 'too_large' : 'bad_json', undefined, what(`nesting ${depth}`));
				}
				// One byte over the route's limit: declared (the server answers before reading
				// it, so only its start is sent), then chunked (no Content-Length: read, then refused).
				const pad = route.bodyLimit + 1 - Buffer.byteLength(`{"${k}":""}`);
				const big = `{"${k}":"${'x'.repeat(pad)}"}`;
				assert.equal(Buffer.byteLength(big), route.bodyLimit + 1);
				expectRaw(await post(big.slice(0, 1024), { declare: big.length }), 413, 'too_large', undefined, what('limit + 1, declared'));
				expectRaw(await post(big, { chunked: true }), 413, 'too_large', undefined, what('limit + 1, chunked'));
				// The valid body as another type.
				for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'text/json']) {
					expectRaw(await post(json, { type }), 415, 'unsupported_media_type', undefined, what(`type ${type}`));
				}
				// Unknown fields, also one differing from a real one only in case.
				for (const extra of ['zz_unknown', 'role_override', ...(fields.length ? [fields[0].toUpperCase()] : [])]) {
					const r = await client.request(method, path, { json: { ...valid, [extra]: 1 }, track: false });
					expectError(r, 400, 'unknown_field', extra);
				}
				// Every field of the valid body with the wrong type.
				for (const field of fields) {
					for (const v of wrongValues(valid[field])) {
						await kase(`${field}=${JSON.stringify(v)}`, async () => {
							const r = await client.request(method, path, { json: { ...valid, [field]: v }, track: false });
							expectError(r, 400, 'invalid', field);
						});
					}
				}
				assertSameDigest(before, await dbDigest(srv), what('refused bad input'));

				// -0 is 0: the same answer, whatever that is.
				for (const field of fields.filter((x) => typeOf(valid[x]) === 'number')) {
					const minus = await post(JSON.stringify({ ...valid, [field]: 0 }).replace(`"${field}":0`, `"${field}":-0`));
					const zero = await post(JSON.stringify({ ...valid, [field]: 0 }));
					const shape = (r) => [r.status < 300 ? '2xx' : r.status, r.json?.error?.code, r.json?.error?.field];
					// A first success may make the second a conflict: compare only refusals fully.
					if (minus.status < 300) assert.ok(zero.status < 300 || zero.status === 409 || zero.status === 422, what(`${field}: -0 accepted, 0 answered ${zero.status} ${zero.text}`));
					else assert.deepEqual(shape(minus), shape(zero), what(`${field}: -0 and 0 answered differently`));
				}
				// SQL metacharacters in every string field: stored literally or refused naming a field.
				for (const field of fields.filter((x) => typeOf(valid[x]) === 'string')) {
					for (const m of SQL_META) {
						const r = await client.request(method, path, { json: { ...valid, [field]: m }, track: false });
						assert.ok(r.status < 500, what(`${field}=${m}: ${r}`));
						if (r.status >= 400) assert.equal(typeof expectError(r, r.status, r.json?.error?.code).code, 'string');
					}
				}
				await assertHealthy(srv);
				for (const x of failures) t.diagnostic(`known, fixed elsewhere: ${x}`);
			});
		}
	});

	describe('after the corpus', () => {
		it('every table is still there and the server answers', async () => {
			await assertHealthy(ctx.srv);
			const d = await dbDigest(ctx.srv);
			for (const t of ['accounts', 'organizations', 'students', 'positions', 'applications']) assert.ok(d.get(t)?.rows > 0, `table ${t} is empty or gone`);
		});
	});
}
