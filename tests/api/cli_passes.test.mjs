// skyway passes: a fair's signed entry passes as CSV, and the gate accepts them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCli } from './harness.mjs';
import { DATA_KEY, makeWorld, nowSec, registerStudent, startRecruitServer } from './recruit_lib.mjs';

let srv, w, fair, students;
before(async () => {
	srv = await startRecruitServer();
	w = await makeWorld(srv);
	const r = await w.admin.post('fairs', {
		kind: 'fair', name: '命令行入场码测试招聘会', host_college_id: w.collegeA.id, venue: '体育馆',
		starts_at: nowSec() + 3600, ends_at: nowSec() + 8 * 3600, booths: 5, capacity: 100,
	});
	assert.equal(r.status, 201, `${r}`);
	fair = r.json.fair;
	assert.equal((await w.admin.post(`fairs/${fair.id}/status`, { to: 'signup' })).status, 200);
	students = [];
	for (let i = 0; i < 3; i++) {
		const s = await registerStudent(srv, w.collegeA, { name: `入场${i}` });
		assert.equal((await s.client.post(`fairs/${fair.id}/register`, {})).status, 201);
		students.push(s);
	}
	for (const to of ['signup_closed', 'live']) assert.equal((await w.admin.post(`fairs/${fair.id}/status`, { to })).status, 200);
});
after(() => srv?.stop());

const passes = (args, env = { SKYWAY_DATA_KEY: DATA_KEY }) => runCli(['passes', '--db', srv.dbUrl, ...args], { env });

describe('skyway passes', () => {
	it('--help explains itself', () => {
		const r = runCli(['passes', '--help']);
		assert.equal(r.code, 0);
		assert.match(r.stdout, /usage: skyway passes/);
		assert.match(r.stdout, /--db/);
	});

	it('refuses a missing or bad --fair (exit 2) and an unknown fair (exit 1)', () => {
		assert.equal(passes([]).code, 2);
		assert.equal(passes(['--fair', 'x']).code, 2);
		const r = passes(['--fair', '999999']);
		assert.equal(r.code, 1);
		assert.match(r.stderr, /no fair/);
	});

	it('prints one row per registered student, the same passes the students see', async () => {
		const r = passes(['--fair', String(fair.id)]);
		assert.equal(r.code, 0, r.stderr);
		const lines = r.stdout.trim().split('\n');
		assert.equal(lines[0], 'code,pass,college,student_no,name');
		assert.equal(lines.length, 1 + students.length);
		for (const s of students) {
			const mine = (await s.client.get(`fairs/${fair.id}/pass`)).json.registration;
			const row = lines.find((l) => l.startsWith(`${mine.code},`));
			assert.ok(row, `no row for ${s.name}`);
			const cols = row.split(',');
			assert.equal(cols[1], mine.pass);
			assert.equal(cols[3], s.student_no);
			assert.equal(cols[4], s.name);
		}
	});

	it('a printed pass lets its student in at the gate', async () => {
		const rows = passes(['--fair', String(fair.id)]).stdout.trim().split('\n').slice(1);
		const [code, pass] = rows[0].split(',');
		const r = await w.staffA.client.post(`fairs/${fair.id}/checkin`, { pass });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.result, 'entered');
		assert.equal(r.json.student.code, code);
	});

	it('passes signed under another data key are refused as forged', async () => {
		const other = 'ab'.repeat(32);
		const r = passes(['--fair', String(fair.id)], { SKYWAY_DATA_KEY: other });
		assert.equal(r.code, 0, r.stderr);
		const pass = r.stdout.trim().split('\n')[1].split(',')[1];
		const res = await w.staffA.client.post(`fairs/${fair.id}/checkin`, { pass });
		assert.equal(res.status, 422);
		assert.equal(res.json.error.code, 'forged');
		assert.equal(res.json.error.field, 'pass');
	});
});
