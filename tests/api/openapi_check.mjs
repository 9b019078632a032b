// Every answer the API suite receives is checked against GET /api/v1/openapi.json: its status
// must be documented for the operation and its JSON body must match the documented schema,
// else the request throws and the test fails. Cheap by design: the document is fetched once
// per process (every server of a test process runs the same binary, so it is the same
// document), its components are added to one Ajv instance, and each distinct answer schema is
// compiled on first use and shared by every operation that has the same one (most 4XX answers
// and many replies are identical). SKYWAY_TEST_OPENAPI=0 turns the check off.
import Ajv from 'ajv';
import { appendFileSync } from 'node:fs';

const enabled = process.env.SKYWAY_TEST_OPENAPI !== '0';
let loading = null; // Promise of {ajv, ops, validators} or null

function escapeRe(s) {
	return s.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
}

function compile(text) {
	const doc = JSON.parse(text);
	// strict off: OpenAPI keywords (example, x-*) are not JSON Schema's; Ajv knows nullable.
	// Types are checked as written (no coerceTypes: "1" is not an integer), formats too (the
	// two the document uses, without a formats package). Objects accept keys the document does
	// not name (no additionalProperties: false): an answer may grow, a client ignores the rest.
	// inlineRefs off: a component is compiled once and called, not copied into every schema.
	const ajv = new Ajv({ strict: false, coerceTypes: false, validateSchema: false, inlineRefs: false });
	ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
	ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/);
	ajv.addFormat('binary', true);
	ajv.addSchema({ components: doc.components }, 'oa');
	const ops = Object.entries(doc.paths).map(([p, item]) => ({
		pattern: p,
		literal: !p.includes('{'),
		re: new RegExp(`^${p.split(/\{[^}]+\}/).map(escapeRe).join('[^/]+')}$`),
		item,
	}));
	// A literal segment wins over a parameter, as in the router: literal paths first.
	ops.sort((a, b) => Number(b.literal) - Number(a.literal));
	return { ajv, ops, validators: new Map() };
}

/** The compiled document (fetched from server the first time), or null when it cannot be had. */
export async function serverDocument(server) {
	if (!enabled) return null;
	if (!loading) {
		loading = fetch(`${server.url}/api/v1/openapi.json`)
			.then(async (r) => (r.ok ? compile(await r.text()) : null))
			.catch(() => null);
	}
	const c = await loading;
	if (!c) loading = null; // that server could not answer: ask the next one
	return c;
}

/**
 * Throws when res (a harness Res of method on apiPath) is not what the document says:
 * an undocumented status, or a JSON body that does not match the schema. Paths and methods
 * the document does not list (404/405 probes) are left alone.
 */
export function checkAnswer(c, method, urlPath, res) {
	const p = urlPath.split('?')[0];
	const m = method.toLowerCase();
	const found = c.ops.find((o) => o.re.test(p) && o.item[m]);
	if (!found) return;
	const responses = found.item[m].responses;
	const key = [String(res.status), `${Math.floor(res.status / 100)}XX`, 'default'].find((k) => responses[k]);
	if (!key) {
		throw new Error(`${res.desc} answered ${res.status}, which openapi.json does not document for ${method} ${found.pattern} (it has ${Object.keys(responses).join(', ')})\n${res.text.slice(0, 300)}`);
	}
	const type = (res.headers.get('content-type') || '').split(';')[0].trim();
	if (type !== 'application/json' || !res.buf.length) return;
	const content = responses[key].content || {};
	if (!content['application/json']) {
		throw new Error(`${res.desc} answered ${res.status} with JSON, documented as ${Object.keys(content).join(', ') || 'no body'} (${method} ${found.pattern})`);
	}
	const schema = content['application/json'].schema;
	const validate = validatorOf(c, schema);
	if (recordTo) record(c, `${method} ${found.pattern}`, schema, res.json, '');
	if (!validate(res.json)) {
		throw new Error(`${res.desc} -> ${res.status}: the body does not match openapi.json (${method} ${found.pattern}): ${errorsOf(validate)}\n${res.text.slice(0, 600)}`);
	}
}

/** The Ajv validator of a schema of the document, compiled once per distinct text. */
function validatorOf(c, schema) {
	let validate = c.validators.get(schema);
	if (!validate) {
		const text = JSON.stringify(schema).replaceAll('"#/components/', '"oa#/components/');
		validate = c.validators.get(text);
		if (!validate) {
			validate = c.ajv.compile(JSON.parse(text));
			c.validators.set(text, validate);
		}
		c.validators.set(schema, validate);
	}
	return validate;
}

function errorsOf(validate) {
	return validate.errors.map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`).join('; ');
}

/** The value of a query parameter's text against its schema (a query value is text). */
function queryValueFits(schema, text) {
	if (schema.type === 'integer') {
		if (!/^-?\d+$/.test(text)) return 'not an integer';
		const n = Number(text);
		if (schema.minimum !== undefined && n < schema.minimum) return `below ${schema.minimum}`;
		if (schema.maximum !== undefined && n > schema.maximum) return `above ${schema.maximum}`;
	} else if (schema.type === 'boolean') {
		if (!['true', 'false', '0', '1'].includes(text)) return 'not a boolean';
	} else if (schema.format === 'date') {
		if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return 'not a date (YYYY-MM-DD)';
	}
	if (schema.enum && !schema.enum.includes(text)) return `not one of ${schema.enum.join('|')}`;
	return '';
}

/**
 * Throws when a request that was answered 2xx is not one the document describes: its JSON
 * body (sent, the parsed value of opts.json or a JSON text body; undefined when none) does
 * not match the operation's request schema, or a query parameter it sends is not documented
 * or not of its documented type. A refused request (4xx) is left alone: sending what the
 * server must refuse is what the bad-input tests do. desc names the request in the message.
 */
export function checkRequest(c, method, urlPath, sent, status, desc) {
	if (status < 200 || status > 299) return;
	const [p, qs] = urlPath.split('?');
	const m = method.toLowerCase();
	const found = c.ops.find((o) => o.re.test(p) && o.item[m]);
	if (!found) return;
	const op = found.item[m];
	const where = `${method} ${found.pattern}`;
	if (qs) {
		const params = new Map();
		for (const x of op.parameters || []) {
			const d = x.$ref ? resolve(c, x) : x;
			if (d && d.in === 'query') params.set(d.name, d.schema || {});
		}
		for (const [k, v] of new URLSearchParams(qs)) {
			const schema = params.get(k);
			if (!schema) mismatch(`${desc} -> ${status}: query parameter ${k} is not documented in openapi.json (${where} has ${[...params.keys()].join(', ') || 'none'})`, where);
			const why = !schema || v === '' ? '' : queryValueFits(resolve(c, schema), v);
			if (why) mismatch(`${desc} -> ${status}: query parameter ${k}=${JSON.stringify(v)} is ${why}, against openapi.json (${where})`, where);
		}
	}
	const content = op.requestBody && op.requestBody.content;
	if (!content || !content['application/json']) return; // no body, or a file
	const schema = content['application/json'].schema;
	const value = sent === undefined ? {} : sent; // no body reads as {}
	if (recordTo) record(c, `REQUEST ${where}`, schema, value, '');
	const validate = validatorOf(c, schema);
	if (!validate(value)) mismatch(`${desc} -> ${status}: the request body does not match openapi.json (${where}): ${errorsOf(validate)}\n${JSON.stringify(value).slice(0, 600)}`, where);
}

/** A request off the document: thrown, or in a recording run appended to the record. */
function mismatch(message, where) {
	if (!recordTo) throw new Error(message);
	appendFileSync(recordTo, JSON.stringify(['MISMATCH', where, message]) + '\n');
}

// SKYWAY_TEST_OPENAPI_RECORD=FILE: every value met where the document says "any" ({}) is
// appended to FILE as [operation, path, value] (a tool's input for describing the rest);
// request bodies as "REQUEST METHOD path". A recording run collects rather than judges the
// requests: a 2xx request off the document is appended as ["MISMATCH", operation, message]
// instead of thrown (the answers are still checked).
const recordTo = process.env.SKYWAY_TEST_OPENAPI_RECORD;
function resolve(c, s) {
	while (s && s.$ref) {
		const parts = s.$ref.replace(/^(oa)?#\//, '').split('/');
		s = parts.reduce((o, k) => o && o[k], c.ajv.getSchema('oa').schema);
	}
	return s;
}
const recorded = new Map();
function record(c, op, schema, v, path) {
	if (schema && /schemas\/(Page|Cursor|Items)$/.test(schema.$ref || '')) return;
	schema = resolve(c, schema);
	if (!schema) return;
	const keys = Object.keys(schema).filter((k) => k !== 'nullable' && k !== 'description');
	if (!keys.length || (schema.type === 'object' && !schema.properties && !schema.allOf && !schema.anyOf && !schema.additionalProperties) || (schema.type === 'array' && !schema.items)) {
		const k = `${op} ${path}`;
		const n = recorded.get(k) || 0;
		recorded.set(k, n + 1);
		if (n < 100) appendFileSync(recordTo, JSON.stringify([op, path, schema.type || 'any', v]) + '\n');
		return;
	}
	for (const sub of [...(schema.allOf || []), ...(schema.anyOf || [])]) record(c, op, sub, v, path);
	if (v && typeof v === 'object' && !Array.isArray(v) && schema.properties)
		for (const [k, s] of Object.entries(schema.properties)) if (k in v) record(c, op, s, v[k], `${path}/${k}`);
	if (Array.isArray(v) && schema.items) for (const x of v) record(c, op, schema.items, x, `${path}/[]`);
}

/** The walker of untypedPlaces and untypedRequestPlaces: pushes each place of a schema that
 * says nothing of its value to list, following a component once. */
function untypedWalker(doc, list) {
	const seen = new Set();
	function walk(s, where, stack) {
		if (!s || typeof s !== 'object') return;
		if (s.$ref) {
			const name = s.$ref.split('/').pop();
			if (['Page', 'Cursor', 'Items', 'Error'].includes(name) || seen.has(name)) return;
			seen.add(name);
			return walk(doc.components.schemas[name], name, []);
		}
		const at = [where, ...stack].join('/');
		const keys = Object.keys(s).filter((k) => k !== 'nullable' && k !== 'description');
		if (!keys.length) return list.push(`${at} any`);
		if (s.type === 'object' && !s.properties && !s.allOf && !s.anyOf && !s.additionalProperties && keys.length === 1) list.push(`${at} object`);
		if (s.type === 'array' && !s.items) list.push(`${at} array`);
		for (const x of [...(s.allOf || []), ...(s.anyOf || []), ...(s.oneOf || [])]) walk(x, where, stack);
		for (const [k, v] of Object.entries(s.properties || {})) walk(v, where, [...stack, k]);
		if (s.items) walk(s.items, where, [...stack, '[]']);
		if (typeof s.additionalProperties === 'object') walk(s.additionalProperties, where, [...stack, '*']);
	}
	return walk;
}

/**
 * The places in the success answers' schemas that say nothing of their value: "any" ({}),
 * an object without properties, an array without items; each as "Component/key/[]/key kind"
 * (or "METHOD path status/key kind" outside a component). doc is the raw openapi.json.
 */
export function untypedPlaces(doc) {
	const list = [];
	const walk = untypedWalker(doc, list);
	for (const [p, item] of Object.entries(doc.paths))
		for (const [m, op] of Object.entries(item))
			for (const [status, r] of Object.entries(op.responses || {}))
				if (status < '400') for (const c of Object.values(r.content || {})) walk(c.schema, `${m.toUpperCase()} ${p} ${status}`, []);
	return list;
}

/** The same places in the JSON request bodies ("METHOD path request/key kind"). */
export function untypedRequestPlaces(doc) {
	const list = [];
	const walk = untypedWalker(doc, list);
	for (const [p, item] of Object.entries(doc.paths))
		for (const [m, op] of Object.entries(item)) {
			const json = op.requestBody && op.requestBody.content && op.requestBody.content['application/json'];
			if (json) walk(json.schema, `${m.toUpperCase()} ${p} request`, []);
		}
	return list;
}

// node tests/api/openapi_check.mjs URL|FILE: prints the untyped places of that document, in the
// answers and in the request bodies.
if (import.meta.url === `file://${process.argv[1]}`) {
	const src = process.argv[2] || 'http://127.0.0.1:8080/api/v1/openapi.json';
	const text = /^https?:/.test(src) ? await (await fetch(src)).text() : (await import('node:fs')).readFileSync(src, 'utf8');
	const doc = JSON.parse(text);
	const list = untypedPlaces(doc);
	const requests = untypedRequestPlaces(doc);
	for (const x of [...list, ...requests]) console.log(x);
	console.log(`${list.length} untyped places in the answers, ${requests.length} in the request bodies`);
}
