// The password policy (issue 16, item 5; the rules are at the top of
// src/domain/password.h) at every place that sets a password: self-registration,
// account creation, the operator's reset, one's own change, and `skyway user add/passwd`.
// Each refusal is a 400 naming the field and saying which rule, and writes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
	creditCode,
	expectError,
	makeAccount,
	makeCollege,
	snapshot,
	startServer,
	uniq,
} from '../api/harness.mjs';

// Words of each rule's message (the server's, in Chinese).
const RULE = {
	short: /至少 10 个字符/,
	login: /不能包含账号/,
	name: /不能包含姓名或姓名拼音/,
	studentNo: /不能包含学号/,
	repeated: /重复/,
	sequence: /连续/,
	common: /常见密码/,
};

/** Asserts a refusal for rule on field, and that nothing was written. */
async function refused(admin, send, field, rule) {
	const before = await snapshot(admin);
	const r = await send();
	const e = expectError(r, 400, rule === RULE.short ? 'invalid' : 'weak_password', field);
	assert.match(e.message, rule, `wrong rule named: ${r}`);
	assert.deepEqual(await snapshot(admin), before, `a refused password wrote something: ${r}`);
}

const WEAK = [
	['woaini1314', RULE.common],
	['qq123456789', RULE.common],
	['password12', RULE.common],
	['Password12', RULE.common],
	['sunshine2026!!', RULE.common],
	['aaaaaaaaaa', RULE.repeated],
	['          ', RULE.repeated],
	['1234567890', RULE.sequence],
	['abcdefghij', RULE.sequence],
	['qwertyuiop', RULE.sequence],
	['1qaz2wsx3edc', RULE.sequence],
	['short-pw1', RULE.short],
];

describe('password rules', () => {
	let srv;
	let admin;
	let college;
	before(async () => {
		srv = await startServer();
		admin = await srv.admin();
		college = await makeCollege(admin);
	});
	after(() => srv?.stop());

	it('account creation: each weak password is refused with its rule', async () => {
		for (const [pw, rule] of WEAK) {
			const body = { login: uniq('judge'), password: pw, role: 'judge', display_name: '李明' };
			await refused(admin, () => admin.post('accounts', body), 'password', rule);
		}
		const login = uniq('zhangxm');
		await refused(admin, () => admin.post('accounts', { login, password: `${login}-river`, role: 'judge', display_name: '张晓明' }), 'password', RULE.login);
		await refused(admin, () => admin.post('accounts', { login, password: `River${login.toUpperCase()}`, role: 'judge', display_name: '张晓明' }), 'password', RULE.login);
		await refused(admin, () => admin.post('accounts', { login, password: 'Zhang_Xiaoming-7', role: 'judge', display_name: '张晓明' }), 'password', RULE.name);
		await refused(admin, () => admin.post('accounts', { login, password: 'river-xiaoming-7', role: 'judge', display_name: '张晓明' }), 'password', RULE.name);
		await refused(admin, () => admin.post('accounts', { login, password: '我是张晓明我是张晓明', role: 'judge', display_name: '张晓明' }), 'password', RULE.name);
		await refused(admin, () => admin.post('accounts', { login, password: 'zengxiaoxian!9', role: 'judge', display_name: '曾小贤' }), 'password', RULE.name);
		// A good password for the same account goes through: nothing above was half-written.
		const ok = await admin.post('accounts', { login, password: 'river-lantern-47', role: 'judge', display_name: '张晓明' });
		assert.equal(ok.status, 201, `${ok}`);
	});

	it('student self-registration: also the student number', async () => {
		const no = `2023${Math.floor(Math.random() * 1e6).toString().padStart(6, '0')}`;
		const body = (password) => ({ college_id: college.id, student_no: no, name: '王小红', login: uniq('stu'), password });
		const reg = (b) => srv.client().post('register/student', b);
		await refused(admin, () => reg(body(`go${no}go`)), 'password', RULE.studentNo);
		await refused(admin, () => reg(body('wangxiaohong-99')), 'password', RULE.name);
		await refused(admin, () => reg(body('woaini1314')), 'password', RULE.common);
		await refused(admin, () => reg(body('1234567890')), 'password', RULE.sequence);
		const b = body('x');
		await refused(admin, () => reg({ ...b, password: `${b.login}#2026` }), 'password', RULE.login);
	});

	it('enterprise self-registration: the contact\'s name', async () => {
		const body = (password) => ({ name: `清远${uniq('e')}科技有限公司`, credit_code: creditCode(), contact_name: '陈建国', login: uniq('hr'), password });
		const reg = (b) => srv.client().post('register/enterprise', b);
		await refused(admin, () => reg(body('chenjianguo-8')), 'password', RULE.name);
		await refused(admin, () => reg(body('qwertyuiop')), 'password', RULE.sequence);
	});

	it('operator reset and one\'s own change: the account\'s own login and name', async () => {
		const acct = await makeAccount(admin, { role: 'mentor', display_name: '刘德明' });
		await refused(admin, () => admin.post(`accounts/${acct.id}/password`, { password: `${acct.login}!!` }), 'password', RULE.login);
		await refused(admin, () => admin.post(`accounts/${acct.id}/password`, { password: 'liudeming2026' }), 'password', RULE.name);
		await refused(admin, () => admin.post(`accounts/${acct.id}/password`, { password: 'aaaaaaaaaa' }), 'password', RULE.repeated);
		const me = await srv.login(acct.login, acct.password);
		const change = (pw) => me.post('me/password', { old_password: acct.password, new_password: pw });
		await refused(admin, () => change('deming-river-9'), 'new_password', RULE.name);
		await refused(admin, () => change('password12'), 'new_password', RULE.common);
		await refused(admin, () => change(`${acct.login}`.toUpperCase() + '-x'), 'new_password', RULE.login);
		// The old password still works, and a good one is taken.
		assert.equal((await srv.client().post('auth/login', { login: acct.login, password: acct.password })).status, 200);
		assert.equal((await change('lantern-over-river-3')).status, 200);
	});

	it('skyway user add and passwd refuse weak passwords with the rule, and write nothing', async () => {
		const login = uniq('cliop');
		let r = srv.cli(['user', 'add', '--role', 'operator', '--login', login, '--name', '周杰'], 'zhoujie-2026!\n');
		assert.equal(r.code, 2, r.stderr);
		assert.match(r.stderr, RULE.name);
		r = srv.cli(['user', 'add', '--role', 'operator', '--login', login, '--name', '周杰'], 'woaini1314\n');
		assert.equal(r.code, 2, r.stderr);
		assert.match(r.stderr, RULE.common);
		const list = await admin.get(`accounts?q=${login}`);
		assert.equal(list.json.total, 0, 'a refused user add wrote the account');
		r = srv.cli(['user', 'add', '--role', 'operator', '--login', login, '--name', '周杰'], 'lantern-over-river-5\n');
		assert.equal(r.code, 0, r.stderr);
		r = srv.cli(['user', 'passwd', '--login', login], `${login}-2026\n`);
		assert.equal(r.code, 2, r.stderr);
		assert.match(r.stderr, RULE.login);
		r = srv.cli(['user', 'passwd', '--login', login], 'qwertyuiop\n');
		assert.equal(r.code, 2, r.stderr);
		assert.match(r.stderr, RULE.sequence);
		assert.equal((await srv.client().post('auth/login', { login, password: 'lantern-over-river-5' })).status, 200, 'a refused passwd changed the password');
	});
});
