// API tokens per organisation (docs/api.md "API tokens"): a college's own system syncs its
// students with a token instead of a person's session — the flow docs/api.md shows (import
// the register, read it back, report a destination) — within the token's scopes only, as the
// account that made it, never into another college; the secret is answered once and stored
// as a hash; revocation, expiry and the account's end stop it at once; every write is
// audited with "(api:<prefix>)"; the token routes themselves are out of a token's reach.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, execSql, listAll, uniq } from './harness.mjs';
import { csvBom, makeWorld, startRecruitServer, upload } from './recruit_lib.mjs';

let srv;
let w;
before(async () => {
	srv = await startRecruitServer();
	w = await makeWorld(srv);
});
after(() => srv?.stop());

/** A client of the organisation's own system: no cookie, the token in Authorization. */
function system(secret) {
	const c = srv.client();
	const auth = { Authorization: `Bearer ${secret}` };
	return {
		get: (p) => c.request('GET', p, { headers: auth }),
		post: (p, json) => c.request('POST', p, { json, headers: auth, origin: false }),
		upload: (kind, action, buf) => c.request('POST', `imports/${kind}/${action}`, { body: buf, contentType: 'text/csv', headers: auth, origin: false }),
	};
}

/** A token made by person ({acct, client} of recruit_lib), who types the password again. */
async function makeToken(person, body) {
	const r = await person.client.post('organizations/mine/tokens', { ...body, password: person.acct.password });
	assert.equal(r.status, 201, `${r}`);
	return r.json;
}

describe('API tokens', () => {
	it("a college's system syncs its students with a token (the docs' flow), as its maker, within its own college", async () => {
		const staff = w.staffA.client;
		const { token, secret } = await makeToken(w.staffA, { name: '学籍系统夜间同步', scopes: ['imports:write', 'students:read', 'statistics:write'], expires_days: 30 });
		assert.match(secret, /^sky_[0-9a-f]{64}$/);
		assert.equal(token.prefix, secret.slice(4, 12));
		assert.deepEqual(token.scopes, ['imports:write', 'students:read', 'statistics:write']);
		assert.equal(token.state, 'active');
		assert.ok(!JSON.stringify((await staff.get('organizations/mine/tokens')).json).includes(secret.slice(4)), 'the list never shows the secret');

		const sys = system(secret);
		const no = `2027${Date.now() % 1e6}`.padEnd(10, '0');
		const csv = csvBom(`学号,姓名,专业代码,毕业年份\n${no},郑晓燕,460301,2027\n`);
		const preview = await sys.upload('students', 'preview', csv);
		assert.equal(preview.status, 200, `${preview}`);
		assert.equal(preview.json.errors_total, 0);
		const commit = await sys.upload('students', 'commit', csv);
		assert.equal(commit.status, 200, `${commit}`);
		const mine = await sys.get(`students?q=${no}`);
		assert.equal(mine.status, 200, `${mine}`);
		assert.equal(mine.json.items.length, 1);
		const student = mine.json.items[0];
		assert.equal(student.college_id, w.collegeA.id, 'imported into the token\'s college');
		const dest = await sys.post(`students/${student.id}/destination`, { destination: 'further_study' });
		assert.equal(dest.status, 200, `${dest}`);
		// The other college's students stay out of reach, as for its staff.
		const theirs = await upload(w.staffB.client, 'students', 'commit', csvBom(`学号,姓名\n${no}9,外校学生\n`));
		assert.equal(theirs.status, 200, `${theirs}`);
		const other = (await listAll(w.staffB.client, 'students', { q: `${no}9` }))[0];
		expectError(await sys.post(`students/${other.id}/destination`, { destination: 'contract' }), 404, 'not_found');
		assert.equal((await sys.get(`students?q=${no}9`)).json.items.length, 0);

		// Audited as the account that made it, through this token.
		const rows = await listAll(w.admin, 'audit', { action: 'student.destination' });
		const row = rows.find((r) => String(r.object_id) === String(student.id));
		assert.ok(row, 'the destination is audited');
		assert.equal(row.login, `${w.staffA.acct.login} (api:${token.prefix})`);
		assert.ok((await listAll(w.admin, 'audit', { action: 'api_token.create' })).some((r) => r.object_id === String(token.id) || r.object_id === token.id));
		const listed = (await staff.get('organizations/mine/tokens')).json.items.find((t) => t.id === token.id);
		assert.ok(listed.last_used_at > 0, 'last use recorded');
	});

	it('scopes: a route outside them is 403 insufficient_scope; the account and token routes are out of reach; no CSRF needed', async () => {
		const { secret } = await makeToken(w.staffA, { name: '只读学生', scopes: ['students:read'] });
		const sys = system(secret);
		assert.equal((await sys.get('students')).status, 200);
		expectError(await sys.upload('students', 'preview', csvBom('学号,姓名\n1,张三\n')), 403, 'insufficient_scope');
		expectError(await sys.get('dict/majors'), 403, 'insufficient_scope');
		expectError(await sys.post('auth/login', { login: 'admin', password: 'x' }), 403, 'insufficient_scope');
		expectError(await sys.get('me'), 403, 'insufficient_scope');
		expectError(await sys.get('organizations/mine/tokens'), 403, 'insufficient_scope');
		expectError(await sys.post('organizations/mine/tokens', { name: 'x', scopes: ['students:read'] }), 403, 'insufficient_scope');
		expectError(await sys.post('me/password', { old_password: 'x', new_password: 'Corridor-2027-x' }), 403, 'insufficient_scope');
		// An enterprise's token reaches its positions, not students.
		const hr = await makeToken(w.hrA, { name: 'HR 系统', scopes: ['positions:read', 'positions:write'] });
		const hrSys = system(hr.secret);
		assert.equal((await hrSys.get('positions/mine')).status, 200);
		const made = await hrSys.post('positions', { title: `设备维护员${uniq('')}`, kind: '全职', headcount: 1 });
		assert.equal(made.status, 201, `${made}`);
		expectError(await hrSys.get('students'), 403, 'insufficient_scope');
		// A student's phone is for a person to read, never for a token.
		const all = await makeToken(w.hrA, { name: '全部权限', scopes: ['applications:read', 'applications:write', 'positions:read'] });
		expectError(await system(all.secret).get('applications/1/contact'), 403, 'insufficient_scope');
	});

	it('bad requests: scopes the organisation may not grant, names, lengths; nothing written', async () => {
		const staff = w.staffA.client;
		const before = (await staff.get('organizations/mine/tokens')).json.total;
		expectError(await staff.post('organizations/mine/tokens', { password: w.staffA.acct.password, name: '越权', scopes: ['positions:write'] }), 400, 'invalid', 'scopes');
		expectError(await staff.post('organizations/mine/tokens', { password: w.staffA.acct.password, name: '越权', scopes: ['accounts:read'] }), 400, 'invalid', 'scopes');
		expectError(await staff.post('organizations/mine/tokens', { password: w.staffA.acct.password, name: '越权', scopes: ['students:delete'] }), 400, 'invalid', 'scopes');
		expectError(await staff.post('organizations/mine/tokens', { password: w.staffA.acct.password, name: '越权', scopes: ['dictionaries:write'] }), 400, 'invalid', 'scopes');
		expectError(await staff.post('organizations/mine/tokens', { password: w.staffA.acct.password, name: '空', scopes: [] }), 400, 'invalid', 'scopes');
		expectError(await staff.post('organizations/mine/tokens', { password: w.staffA.acct.password, scopes: ['students:read'] }), 400, 'missing', 'name');
		expectError(await staff.post('organizations/mine/tokens', { password: w.staffA.acct.password, name: '长', scopes: ['students:read'], expires_days: 731 }), 400, 'invalid', 'expires_days');
		expectError(await staff.post('organizations/mine/tokens', { password: w.staffA.acct.password, name: '多', scopes: ['students:read'], owner: 1 }), 400, 'unknown_field', 'owner');
		// The password typed again: a stolen session alone cannot mint a lasting key.
		expectError(await staff.post('organizations/mine/tokens', { name: '无密码', scopes: ['students:read'] }), 400, 'missing', 'password');
		expectError(await staff.post('organizations/mine/tokens', { name: '错密码', scopes: ['students:read'], password: 'not-the-password-1' }), 403, 'bad_credentials', 'password');
		assert.equal((await staff.get('organizations/mine/tokens')).json.total, before);
	});

	it('revoked, expired, or its account disabled: 401 invalid_token at once; a made-up token too', async () => {
		const staff = w.staffA.client;
		const a = await makeToken(w.staffA, { name: '将吊销', scopes: ['students:read'] });
		const b = await makeToken(w.staffA, { name: '将过期', scopes: ['students:read'] });
		assert.equal((await system(a.secret).get('students')).status, 200);
		const r = await staff.post(`organizations/mine/tokens/${a.token.id}/revoke`);
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.token.state, 'revoked');
		expectError(await system(a.secret).get('students'), 401, 'invalid_token');
		expectError(await staff.post(`organizations/mine/tokens/${a.token.id}/revoke`), 409, 'conflict');
		expectError(await w.staffB.client.post(`organizations/mine/tokens/${b.token.id}/revoke`), 404, 'not_found');
		execSql(srv.db, [`UPDATE api_tokens SET expires_at = 1000 WHERE id = ${b.token.id}`]);
		expectError(await system(b.secret).get('students'), 401, 'invalid_token');
		assert.equal((await staff.get('organizations/mine/tokens')).json.items.find((t) => t.id === b.token.id).state, 'expired');
		expectError(await system(`sky_${'0'.repeat(64)}`).get('students'), 401, 'invalid_token');
		expectError(await system('not-a-token').get('students'), 401, 'invalid_token');
		// A stale session cookie beside the token does not hide it.
		const c = await makeToken(w.staffA, { name: '带旧 Cookie', scopes: ['students:read'] });
		const stale = await srv.client().request('GET', 'students', { headers: { Authorization: `Bearer ${c.secret}` }, cookie: 'f'.repeat(64) });
		assert.equal(stale.status, 200, `${stale}`);
		// Its maker changes their password: the tokens they made stop.
		const d = await makeToken(w.hrB, { name: '改密后失效', scopes: ['positions:read'] });
		assert.equal((await system(d.secret).get('positions/mine')).status, 200);
		const pw = await w.hrB.client.post('me/password', { old_password: w.hrB.acct.password, new_password: 'Corridor-2027-hrB' });
		assert.equal(pw.status, 200, `${pw}`);
		expectError(await system(d.secret).get('positions/mine'), 401, 'invalid_token');
		// The account that made a token ends: so does the token.
		const other = await makeToken(w.staffB, { name: '随账号停用', scopes: ['students:read'] });
		assert.equal((await system(other.secret).get('students')).status, 200);
		assert.equal((await w.admin.post(`accounts/${w.staffB.acct.id}/disable`)).status, 200);
		expectError(await system(other.secret).get('students'), 401, 'invalid_token');
	});
});
