// Cross-organisation matrix: college staff of college A, HR of enterprise A and a student
// of college A versus the accounts and organisations of college B and enterprise B.
// Nobody reads or changes another organisation's accounts; roles without account rights
// get 403 on /accounts, /organizations and /audit.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
	creditCode,
	expectError,
	listAll,
	makeAccount,
	makeCollege,
	makeEnterprise,
	snapshot,
	startServer,
	uniq,
} from './harness.mjs';

let srv;
let admin;
const org = {};
const acct = {};
const cli = {};

before(async () => {
	srv = await startServer();
	admin = await srv.admin();
	org.collegeA = await makeCollege(admin, { name: '清远职业技术学院' });
	org.collegeB = await makeCollege(admin, { name: '广东碧桂园职业学院' });
	org.entA = await makeEnterprise(admin, { name: '清远格力电器有限公司' });
	org.entB = await makeEnterprise(admin, { name: '广东佳纳能源科技有限公司' });
	const spec = {
		collegeStaffA: ['college', org.collegeA.id],
		collegeStaffB: ['college', org.collegeB.id],
		hrA: ['enterprise', org.entA.id],
		hrB: ['enterprise', org.entB.id],
		studentA: ['student', org.collegeA.id],
		studentA2: ['student', org.collegeA.id],
		studentB: ['student', org.collegeB.id],
		judge: ['judge', undefined],
		mentor: ['mentor', undefined],
		officer: ['officer', undefined],
	};
	for (const [k, [role, org_id]] of Object.entries(spec)) {
		acct[k] = await makeAccount(admin, { role, org_id });
		cli[k] = await srv.login(acct[k].login, acct[k].password);
	}
});
after(() => srv?.stop());

const B_TARGETS = ['collegeStaffB', 'hrB', 'studentB'];

/** Every account of the other side still exists unchanged and can log in. */
async function assertUntouched(before) {
	assert.deepEqual(await snapshot(admin), before, 'a refused request changed accounts or organisations');
	for (const k of B_TARGETS) {
		const r = await srv.client().post('auth/login', { login: acct[k].login, password: acct[k].password });
		assert.equal(r.status, 200, `${k} can no longer log in: ${r}`);
	}
}

describe('organisation staff read only their own organisation', () => {
	for (const [who, own] of [
		['collegeStaffA', 'collegeA'],
		['hrA', 'entA'],
	]) {
		it(`${who}: GET /accounts lists only its own organisation`, async () => {
			const items = await listAll(cli[who], 'accounts');
			assert.ok(items.length >= 1);
			for (const a of items) assert.equal(a.org?.id, org[own].id, `${who} sees ${a.login} of org ${a.org?.id}`);
			assert.ok(items.some((a) => a.id === acct[who].id), 'does not see itself');
			if (own === 'collegeA') {
				assert.ok(items.some((a) => a.id === acct.studentA.id), 'college staff does not see its own student');
				assert.ok(items.some((a) => a.id === acct.studentA2.id));
			}
			// Filters cannot widen the scope.
			for (const params of [{ org_id: String(org.collegeB.id) }, { org_id: String(org.entB.id) }, { q: acct.studentB.login }, { q: acct.hrB.login }, { role: 'student' }, { role: 'operator' }]) {
				const r = await cli[who].get(`accounts?${new URLSearchParams(params)}`);
				if (r.status === 403) {
					expectError(r, 403, 'forbidden');
					continue;
				}
				assert.equal(r.status, 200, `${r}`);
				for (const a of r.json.items) assert.equal(a.org?.id, org[own].id, `${who} with ${JSON.stringify(params)} sees ${a.login}`);
			}
			const tot = await cli[who].get(`accounts?q=${encodeURIComponent(acct.studentB.login)}`);
			if (tot.status === 200) assert.equal(tot.json.total, 0, 'total counts accounts outside the scope');
		});

		it(`${who}: GET /accounts/{id} of another organisation → 404, own → 200`, async () => {
			for (const k of [...B_TARGETS, 'judge', 'mentor', 'officer']) {
				expectError(await cli[who].get(`accounts/${acct[k].id}`), 404, 'not_found');
			}
			expectError(await cli[who].get(`accounts/${(await admin.get('me')).json.account.id}`), 404, 'not_found');
			const other = own === 'collegeA' ? 'hrA' : 'collegeStaffA';
			expectError(await cli[who].get(`accounts/${acct[other].id}`), 404, 'not_found');
			const self = await cli[who].get(`accounts/${acct[who].id}`);
			assert.equal(self.status, 200, `${self}`);
			if (own === 'collegeA') {
				const s = await cli[who].get(`accounts/${acct.studentA.id}`);
				assert.equal(s.status, 200, `${s}`);
				assert.equal(s.json.account.org.id, org.collegeA.id);
			}
		});
	}
});

describe('nobody but the operator changes accounts or organisations', () => {
	for (const who of ['collegeStaffA', 'hrA', 'studentA', 'judge', 'mentor', 'officer']) {
		it(`${who}: disable/enable/password of other and own organisation's accounts → 403`, async () => {
			const before = await snapshot(admin);
			const targets = [...B_TARGETS, 'studentA2', who === 'collegeStaffA' ? 'studentA' : 'collegeStaffA'];
			for (const k of targets) {
				const id = acct[k].id;
				expectError(await cli[who].post(`accounts/${id}/disable`), 403, 'forbidden');
				expectError(await cli[who].post(`accounts/${id}/enable`), 403, 'forbidden');
				expectError(await cli[who].post(`accounts/${id}/password`, { password: 'hijacked-pass-1' }), 403, 'forbidden');
			}
			// Unknown ids are refused the same way (no existence oracle).
			expectError(await cli[who].post('accounts/999999/disable'), 403, 'forbidden');
			await assertUntouched(before);
		});

		it(`${who}: creating accounts and organisations, approving, rejecting → 403`, async () => {
			const before = await snapshot(admin);
			const myOrg = acct[who].org?.id;
			expectError(await cli[who].post('accounts', { login: uniq('x'), password: 'sneaky-pass-1', role: 'operator', display_name: '冒充' }), 403, 'forbidden');
			expectError(
				await cli[who].post('accounts', { login: uniq('x'), password: 'sneaky-pass-1', role: 'student', display_name: '冒充', org_id: myOrg ?? org.collegeA.id }),
				403,
				'forbidden',
			);
			expectError(await cli[who].post('organizations', { kind: 'college', name: `学院${uniq('x')}`, code: uniq('X') }), 403, 'forbidden');
			expectError(await cli[who].post('organizations', { kind: 'enterprise', name: `企业${uniq('x')}`, credit_code: creditCode() }), 403, 'forbidden');
			for (const o of ['collegeB', 'entB', 'collegeA', 'entA']) {
				expectError(await cli[who].post(`organizations/${org[o].id}/approve`), 403, 'forbidden');
				expectError(await cli[who].post(`organizations/${org[o].id}/reject`, { reason: '恶意驳回' }), 403, 'forbidden');
			}
			await assertUntouched(before);
		});

		it(`${who}: GET /organizations, /audit, /audit/export → 403`, async () => {
			expectError(await cli[who].get('organizations'), 403, 'forbidden');
			expectError(await cli[who].get('audit'), 403, 'forbidden');
			expectError(await cli[who].get('audit/export'), 403, 'forbidden');
		});
	}

	for (const who of ['studentA', 'judge', 'mentor', 'officer']) {
		it(`${who}: GET /accounts and /accounts/{id} → 403 (no account rights at all)`, async () => {
			expectError(await cli[who].get('accounts'), 403, 'forbidden');
			expectError(await cli[who].get(`accounts/${acct.studentB.id}`), 403, 'forbidden');
			expectError(await cli[who].get(`accounts/${acct.collegeStaffA.id}`), 403, 'forbidden');
		});
	}
});

describe('a pending enterprise sees nothing beyond itself', () => {
	it('its HR lists only its own organisation', async () => {
		const login = uniq('pend');
		const r = await srv.client().post('register/enterprise', { name: `待审${login}`, credit_code: creditCode(), contact_name: '李四', login, password: 'pending-pass-12' });
		assert.equal(r.status, 201, `${r}`);
		const c = await srv.login(login, 'pending-pass-12');
		const l = await c.get('accounts');
		if (l.status === 200) {
			for (const a of l.json.items) assert.equal(a.org?.id, r.json.account.org.id);
		} else expectError(l, 403, 'forbidden');
		for (const k of B_TARGETS) {
			const x = await c.get(`accounts/${acct[k].id}`);
			assert.ok(x.status === 404 || x.status === 403, `pending HR reads ${k}: ${x}`);
			expectError(x, x.status, x.status === 404 ? 'not_found' : 'forbidden');
		}
	});
});

describe('the operator sees and manages everything', () => {
	it('lists every organisation\'s accounts and reads any of them', async () => {
		const items = await listAll(admin, 'accounts');
		for (const k of Object.keys(acct)) assert.ok(items.some((a) => a.id === acct[k].id), `operator does not see ${k}`);
		const r = await admin.get(`accounts?org_id=${org.collegeB.id}`);
		assert.equal(r.status, 200);
		const ids = r.json.items.map((a) => a.id).sort();
		assert.deepEqual(ids, [acct.collegeStaffB.id, acct.studentB.id].sort());
		for (const k of Object.keys(acct)) assert.equal((await admin.get(`accounts/${acct[k].id}`)).status, 200);
	});
});
