// Job fairs, students: registration when eligible (college, major by category / class /
// major prefix, graduation year: 422 naming the rule), capacity, a second registration
// (409), the registration window, and the entry pass (signed token, QR code as SVG, short
// code to type).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError } from './harness.mjs';
import { MAJOR, registerStudent } from './recruit_lib.mjs';
import { createFair, getFair, makeFairWorld, passOf, profile, registerFor, startFairServer, step } from './fair_lib.mjs';

let srv;
let w;
let admin;
let late; // host college, 460301, graduates 2028

before(async () => {
	srv = await startFairServer();
	w = await makeFairWorld(srv);
	admin = w.admin;
	late = await registerStudent(srv, w.host, { name: '黄明', profile: profile(MAJOR.mechatronics, 2028) });
});
after(() => srv?.stop());

const registered = async (fair) => (await getFair(admin, fair)).registered;

describe('eligibility', () => {
	let fair;
	before(async () => {
		fair = await createFair(w, {
			eligible_colleges: [w.host.id, w.other.id],
			eligible_majors: ['4603', '51'], // a class and a category
			eligible_years: [2026, 2027],
		});
		await step(w, fair, 'signup');
	});

	it('a college not invited → 422 field college; GET shows eligible false with the reason', async () => {
		expectError(await w.s5.client.post(`fairs/${fair.id}/register`), 422, 'rule', 'college');
		const f = (await w.s5.client.get(`fairs/${fair.id}`)).json.fair;
		assert.equal(f.eligible, false);
		assert.equal(typeof f.ineligible_reason, 'string');
		assert.ok(f.ineligible_reason.length > 0);
		assert.equal(f.my_registration, null);
	});

	it('a major outside every listed prefix → 422 field major', async () => {
		expectError(await w.s4.client.post(`fairs/${fair.id}/register`), 422, 'rule', 'major');
		assert.equal((await w.s4.client.get(`fairs/${fair.id}`)).json.fair.eligible, false);
	});

	it('a graduation year not listed → 422 field grad_year', async () => {
		expectError(await late.client.post(`fairs/${fair.id}/register`), 422, 'rule', 'grad_year');
		assert.equal(await registered(fair), 0, 'no refusal wrote a registration');
	});

	it('major by class prefix (460301 in 4603) and by category prefix (510101 in 51) are eligible: 201', async () => {
		for (const s of [w.s1, w.s2, w.s3]) {
			assert.equal((await w.s1.client.get(`fairs/${fair.id}`)).json.fair.eligible, true);
			const id = await registerFor(fair, s);
			assert.equal(typeof id, 'number');
			const f = (await s.client.get(`fairs/${fair.id}`)).json.fair;
			assert.equal(f.my_registration.id, id);
			assert.equal(f.my_registration.entered_at ?? null, null);
		}
		assert.equal(await registered(fair), 3);
	});

	it('registering twice → 409, still one registration', async () => {
		expectError(await w.s1.client.post(`fairs/${fair.id}/register`), 409, 'conflict');
		assert.equal(await registered(fair), 3);
	});

	it('an exact major code restricts to that major only', async () => {
		const exact = await createFair(w, { eligible_majors: [MAJOR.mechatronics] });
		await step(w, exact, 'signup');
		expectError(await w.s2.client.post(`fairs/${exact.id}/register`), 422, 'rule', 'major');
		await registerFor(exact, w.s1);
		await registerFor(exact, w.s5);
		assert.equal(await registered(exact), 2);
	});

	it('the rules are checked in order college, major, grad_year (a student failing several gets college)', async () => {
		const strict = await createFair(w, { eligible_colleges: [w.host.id], eligible_majors: ['4603'], eligible_years: [2026] });
		await step(w, strict, 'signup');
		expectError(await w.s4.client.post(`fairs/${strict.id}/register`), 422, 'rule', 'college');
		expectError(await w.s2.client.post(`fairs/${strict.id}/register`), 422, 'rule', 'major');
		expectError(await late.client.post(`fairs/${strict.id}/register`), 422, 'rule', 'grad_year');
		assert.equal(await registered(strict), 0);
	});
});

describe('capacity and window', () => {
	it('capacity 2: the third student → 422 field capacity, nothing written', async () => {
		const fair = await createFair(w, { capacity: 2 });
		await step(w, fair, 'signup');
		await registerFor(fair, w.s1);
		await registerFor(fair, w.s2);
		expectError(await w.s3.client.post(`fairs/${fair.id}/register`), 422, 'rule', 'capacity');
		assert.equal(await registered(fair), 2);
		expectError(await w.s3.client.get(`fairs/${fair.id}/pass`), 404, 'not_found');
	});

	it('registration is open from signup until the fair finishes (signup_closed and live too)', async () => {
		const fair = await createFair(w);
		expectError(await w.s1.client.post(`fairs/${fair.id}/register`), 404, 'not_found');
		await step(w, fair, 'signup');
		await registerFor(fair, w.s1);
		await step(w, fair, 'signup_closed');
		await registerFor(fair, w.s2);
		await step(w, fair, 'live');
		await registerFor(fair, w.s3);
		await step(w, fair, 'finished');
		expectError(await w.s4.client.post(`fairs/${fair.id}/register`), 422, 'rule', 'status');
		const c = await createFair(w);
		await step(w, c, 'signup', 'cancelled');
		expectError(await w.s4.client.post(`fairs/${c.id}/register`), 422, 'rule', 'status');
		assert.equal(await registered(fair), 3);
		assert.equal(await registered(c), 0);
	});

	it('only students register (403 for operator, college staff, HR)', async () => {
		const fair = await createFair(w);
		await step(w, fair, 'signup');
		for (const c of [admin, w.staffH.client, w.e1.client]) {
			expectError(await c.post(`fairs/${fair.id}/register`), 403, 'forbidden');
			expectError(await c.get(`fairs/${fair.id}/pass`), 403, 'forbidden');
		}
		assert.equal(await registered(fair), 0);
	});
});

describe('the entry pass', () => {
	let fair;
	let regId;
	before(async () => {
		fair = await createFair(w);
		await step(w, fair, 'signup');
		regId = await registerFor(fair, w.s1);
		await registerFor(fair, w.s2);
	});

	it('before registering → 404', async () => {
		expectError(await w.s3.client.get(`fairs/${fair.id}/pass`), 404, 'not_found');
	});

	it('the pass: its own registration, an 8-character code, a signed token for this fair, an SVG QR code', async () => {
		const p = await passOf(fair, w.s1);
		assert.equal(p.id, regId);
		assert.match(p.code, /^[2-9A-HJ-NP-Z]{8}$/, 'no 0/O/1/I');
		const m = /^SKY1\.(\d+)\.(\d+)\.(\d+)\.([A-Za-z0-9_-]+)$/.exec(p.pass);
		assert.ok(m, `token shape: ${p.pass}`);
		assert.equal(Number(m[1]), fair.id);
		assert.equal(Number(m[2]), regId);
		assert.equal(Number(m[3]), p.expires_at);
		assert.equal(p.expires_at, fair.ends_at);
		assert.ok(m[4].length >= 16, 'a MAC of at least 96 bits');
		assert.equal(p.entered_at ?? null, null);
		// The QR code is a whole SVG document with drawn modules.
		assert.match(p.qr_svg, /^(<\?xml[^>]*>\s*)?<svg[\s>]/);
		assert.match(p.qr_svg, /<\/svg>\s*$/);
		assert.match(p.qr_svg, /xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
		assert.match(p.qr_svg, /<(path|rect)\b/);
		const vb = /viewBox="0 0 (\d+) (\d+)"/.exec(p.qr_svg);
		assert.ok(vb && vb[1] === vb[2] && Number(vb[1]) >= 21, 'square, at least version 1 (21 modules)');
		// Asking again gives the same code and token (it is not a new registration).
		const again = await passOf(fair, w.s1);
		assert.equal(again.code, p.code);
		assert.equal(again.pass, p.pass);
	});

	it('each student gets their own code and token', async () => {
		const a = await passOf(fair, w.s1);
		const b = await passOf(fair, w.s2);
		assert.notEqual(a.code, b.code);
		assert.notEqual(a.pass, b.pass);
		assert.notEqual(a.pass.split('.')[4], b.pass.split('.')[4]);
	});
});
