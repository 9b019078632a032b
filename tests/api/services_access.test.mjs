// Who may do what in the zone services (issue 13): every /services route of the route
// table (read from /api/v1/openapi.json) refuses every role it does not list, before any
// work; and the data scope the domain enforces: an enterprise sees only its own cases,
// files, ratings and applications; operators read but never run a case; files go to the
// applicant and officers only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, makeAccount, makeCollege } from './harness.mjs';
import { registerStudent } from './recruit_lib.mjs';
import { PDF, chinaToday, makeServicesWorld, startServicesServer, submittedCase, upload } from './services_lib.mjs';

let srv;
let w;
const clients = {};
const T = chinaToday();

before(async () => {
	srv = await startServicesServer();
	w = await makeServicesWorld(srv);
	const college = await makeCollege(w.admin, { name: '清远职业技术学院（权限）' });
	const staff = await makeAccount(w.admin, { role: 'college', org_id: college.id });
	const judge = await makeAccount(w.admin, { role: 'judge' });
	const mentor = await makeAccount(w.admin, { role: 'mentor' });
	clients.operator = w.admin;
	clients.officer = w.officer.client;
	clients.enterprise = w.hrA.client;
	clients.college = await srv.login(staff.login, staff.password);
	clients.judge = await srv.login(judge.login, judge.password);
	clients.mentor = await srv.login(mentor.login, mentor.password);
	clients.student = (await registerStudent(srv, college, { name: '张思远' })).client;
});
after(() => srv?.stop());

/** A body of the type the route takes, so that the role check is what answers. */
function bodyFor(op) {
	const type = op.requestBody ? op['x-body-type'] : null;
	if (type === 'file') return { body: Buffer.from('日期,类型,名称\n'), contentType: 'text/csv' };
	if (type === 'upload') return { body: PDF, contentType: 'application/pdf' };
	return { json: {} };
}

describe('the route table', () => {
	it('every /services route refuses the roles it does not list (403), and anonymous callers (401)', async () => {
		const doc = (await srv.client().get('openapi.json')).json;
		const routes = [];
		for (const [p, item] of Object.entries(doc.paths)) {
			if (!p.includes('/services/')) continue;
			for (const [method, op] of Object.entries(item)) routes.push({ method: method.toUpperCase(), path: p.replace('{id}', '1'), op });
		}
		assert.ok(routes.length >= 70, `only ${routes.length} services routes`);
		const anon = srv.client();
		let checked = 0;
		for (const { method, path, op } of routes) {
			const roles = op['x-roles'];
			const url = path.replace(/^\/api\/v1\//, '');
			const r = await anon.request(method, url, method === 'GET' ? {} : bodyFor(op));
			expectError(r, 401, 'unauthenticated');
			for (const [role, client] of Object.entries(clients)) {
				const res = await client.request(method, url, method === 'GET' ? {} : bodyFor(op));
				if (roles.includes(role)) {
					assert.notEqual(res.status, 403, `${role} is listed for ${method} ${path} but got ${res}`);
				} else {
					expectError(res, 403, 'forbidden');
					checked++;
				}
			}
		}
		assert.ok(checked > 200, `${checked} refusals checked`);
	});
});

describe('the data scope', () => {
	let caseA;
	let fileA;
	before(async () => {
		caseA = await submittedCase(w);
		const up = await upload(w.hrA.client, caseA.id, w.item.materials[0].id);
		assert.equal(up.status, 201);
		fileA = up.json.file.id;
	});

	it("an enterprise sees only its own cases: another's is not found, in no list, no export", async () => {
		const b = w.hrB.client;
		expectError(await b.get(`services/cases/${caseA.id}`), 404, 'not_found');
		for (const s of ['submit', 'resubmit', 'withdraw']) expectError(await b.post(`services/cases/${caseA.id}/${s}`, {}), 404, 'not_found');
		expectError(await upload(b, caseA.id, w.item.materials[0].id), 404, 'not_found');
		expectError(await b.get(`services/files/${fileA}`), 404, 'not_found');
		const list = await b.get('services/cases?page_size=200');
		assert.equal(list.status, 200);
		assert.ok(!list.json.items.some((c) => c.id === caseA.id));
		assert.ok(list.json.items.every((c) => c.org.id === w.entB.id));
		// org_id in the query cannot widen the scope
		const forced = await b.get(`services/cases?org_id=${w.entA.id}`);
		assert.ok(!forced.json.items.some((c) => c.id === caseA.id));
		const badge = await b.get('services/badge');
		assert.deepEqual(Object.keys(badge.json).sort(), ['correcting', 'open', 'to_rate']);
		// A sees it, with the officer's view of the steps hidden
		const a = await w.hrA.client.get(`services/cases/${caseA.id}`);
		assert.equal(a.status, 200);
		assert.ok(!a.json.case.actions.includes('accept'));
		// an enterprise cannot create a case for another enterprise
		const made = await w.hrB.client.post('services/cases', { item_id: w.item.id, org_id: w.entA.id });
		assert.equal(made.status, 201);
		assert.equal(made.json.case.applicant.org_id, w.entB.id, 'org_id of HR is their own, whatever they send');
	});

	it('operators read everything and run nothing; files stay with the applicant and officers', async () => {
		const op = w.admin;
		assert.equal((await op.get(`services/cases/${caseA.id}`)).status, 200);
		assert.deepEqual((await op.get(`services/cases/${caseA.id}`)).json.case.actions, []);
		assert.equal((await op.get('services/escalations')).status, 200);
		assert.equal((await op.get('services/indicators')).status, 200);
		expectError(await op.post(`services/cases/${caseA.id}/accept`, {}), 403, 'forbidden');
		expectError(await op.get(`services/files/${fileA}`), 403, 'forbidden');
		assert.equal((await w.officer.client.get(`services/files/${fileA}`)).status, 200);
		assert.equal((await w.hrA.client.get(`services/files/${fileA}`)).status, 200);
	});

	it('policy applications and ratings are the enterprise\'s own', async () => {
		const p = await w.officer.client.post('services/policies', { title: '测试政策', score_sheet: [{ key: 'a', name: 'A', max: 10 }] });
		const r = (await w.officer.client.post('services/rounds', { policy_id: p.json.policy.id, name: '批次', opens_on: T, closes_on: T })).json.round;
		await w.officer.client.post(`services/rounds/${r.id}/step`, { step: 'publish' });
		const a = await w.hrA.client.post(`services/rounds/${r.id}/apply`, { amount: 1 });
		assert.equal(a.status, 201, `${a}`);
		expectError(await w.hrB.client.get(`services/policy-applications/${a.json.application.id}`), 404, 'not_found');
		expectError(await w.hrB.client.post(`services/policy-applications/${a.json.application.id}/withdraw`, {}), 404, 'not_found');
		const listB = await w.hrB.client.get(`services/policy-applications?round_id=${r.id}`);
		assert.equal(listB.json.total, 0);
		const rounds = await w.hrB.client.get('services/rounds');
		assert.equal(rounds.json.items.find((x) => x.id === r.id).mine, null);
		assert.equal((await w.hrA.client.get('services/rounds')).json.items.find((x) => x.id === r.id).mine.id, a.json.application.id);
	});
});
