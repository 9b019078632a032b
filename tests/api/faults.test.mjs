// Fault injection (src/store/store_fault.c): the server runs with SKYWAY_TEST_FAULTS=1, and a
// request carrying "X-Skyway-Fault: N" has its Nth database operation (prepare, step, exec,
// begin, commit) fail as if the database had refused it.  For each write below, N runs from 1
// until the request no longer reaches its Nth operation; every attempt whose fault fired must
// answer 500 with the JSON error shape and leave the whole database exactly as it was — no
// partial write, no transaction left open (the next attempt would then fail or block).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { creditCode, uniq } from './harness.mjs';
import { faultEveryStep as faultSteps } from './faults_lib.mjs';
import { createFair, makeFairWorld } from './fair_lib.mjs';
import { openPosition, positionBody, startRecruitServer } from './recruit_lib.mjs';

let srv, w;

// Until the domain services of #17 write audit rows inside their transactions, a fault in
// the audit insert after the commit is swallowed (the request answers 2xx without its audit
// row): these run and report, marked TODO, and lose the mark area by area.
const TODO = { todo: 'audit and follow-up writes after COMMIT swallow failures (#17 domain services)' };

before(async () => {
	srv = await startRecruitServer({ env: { SKYWAY_TEST_FAULTS: '1' } });
	w = await makeFairWorld(srv);
});
after(async () => {
	await srv?.stop();
});

// The shared helpers (tests/api/faults_lib.mjs), bound to this file's server.
const faultEveryStep = (what, send) => faultSteps(srv, what, send);

test('creating and submitting a position', async () => {
	const hr = w.e1.client;
	const { r, ops } = await faultEveryStep('create position', (headers) => hr.post('positions', positionBody({ title: `数控车床操作工${uniq('')}` }), { headers }));
	assert.equal(r.status, 201, `create position unfaulted: ${r}`);
	assert.ok(ops >= 3, `a position write takes several operations, saw ${ops}`);
	const id = r.json.position.id;
	const s = await faultEveryStep('submit position', (headers) => hr.post(`positions/${id}/submit`, undefined, { headers }));
	assert.equal(s.r.status, 200, `submit unfaulted: ${s.r}`);
	assert.equal(s.r.json.position.status, 'open');
});

test('applying, and HR moving the application', async () => {
	const p = await openPosition(w.e2.client, { title: `软件测试助理${uniq('')}` });
	const stu = w.s2.client;
	const a = await faultEveryStep('apply', (headers) => stu.post(`positions/${p.id}/apply`, undefined, { headers }));
	assert.equal(a.r.status, 201, `apply unfaulted: ${a.r}`);
	const app = a.r.json.application.id;
	const m = await faultEveryStep('application status', (headers) =>
		w.e2.client.post(`applications/${app}/status`, { status: 'interview' }, { headers }),
	);
	assert.equal(m.r.status, 200, `status unfaulted: ${m.r}`);
});

test('the operator creating an organisation and a fair; a student registering for it', TODO, async () => {
	const o = await faultEveryStep('create organisation', (headers) =>
		w.admin.post('organizations', { kind: 'college', name: `清远科技职业学院${uniq('')}` }, { headers }),
	);
	assert.equal(o.r.status, 201, `create organisation unfaulted: ${o.r}`);
	const fair = await createFair(w);
	const st = await faultEveryStep('fair status', (headers) => w.admin.post(`fairs/${fair.id}/status`, { to: 'signup' }, { headers }));
	assert.equal(st.r.status, 200, `fair status unfaulted: ${st.r}`);
	const reg = await faultEveryStep('fair registration', (headers) => w.s1.client.post(`fairs/${fair.id}/register`, undefined, { headers }));
	assert.equal(reg.r.status, 201, `register unfaulted: ${reg.r}`);
});

test("a student's profile and an enterprise's self-registration", TODO, async () => {
	const p = await faultEveryStep('profile', (headers) => w.s4.client.post('students/me', { grad_year: 2026 }, { headers }));
	assert.equal(p.r.status, 200, `profile unfaulted: ${p.r}`);
	const code = creditCode();
	const login = uniq('ent');
	// A fresh address per attempt: registrations count against the address's budget.
	const e = await faultEveryStep('enterprise registration', (headers) =>
		srv.client().post(
			'register/enterprise',
			{ name: `清远新材料${uniq('')}有限公司`, credit_code: code, contact_name: '李娜', login, password: `Qy-${uniq('pw')}-2026` },
			{ headers },
		),
	);
	assert.equal(e.r.status, 201, `enterprise registration unfaulted: ${e.r}`);
});
