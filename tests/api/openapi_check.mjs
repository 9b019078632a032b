// Every answer the API suite receives is checked against GET /api/v1/openapi.json: its status
// must be documented for the operation and its JSON body must match the documented schema,
// else the request throws and the test fails. Cheap by design: the document is fetched once
// per process (every server of a test process runs the same binary, so it is the same
// document), its components are added to one Ajv instance, and each distinct answer schema is
// compiled on first use and shared by every operation that has the same one (most 4XX answers
// and many replies are identical). SKYWAY_TEST_OPENAPI=0 turns the check off.
import Ajv from 'ajv';

const enabled = process.env.SKYWAY_TEST_OPENAPI !== '0';
let loading = null; // Promise of {ajv, ops, validators} or null

function escapeRe(s) {
	return s.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
}

function compile(text) {
	const doc = JSON.parse(text);
	// strict off: OpenAPI keywords (nullable, example, x-*) are not JSON Schema's. inlineRefs
	// off: a component is compiled once and called, not copied into every schema using it.
	const ajv = new Ajv({ strict: false, validateFormats: false, validateSchema: false, inlineRefs: false });
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
	if (!validate(res.json)) {
		const errs = validate.errors.map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`).join('; ');
		throw new Error(`${res.desc} -> ${res.status}: the body does not match openapi.json (${method} ${found.pattern}): ${errs}\n${res.text.slice(0, 600)}`);
	}
}
