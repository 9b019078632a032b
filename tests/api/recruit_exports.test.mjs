// Exports: /students/export and /applications/export answer a real .xlsx download
// (PK header, spreadsheetml content type, attachment) holding exactly the caller's scope:
// HR only their enterprise's applicants (and discoverable students), college staff only
// their college, the operator everything; filters apply; students are refused.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, readZip, xlsxText } from './harness.mjs';
import { MAJOR, expectXlsx, makeWorld, openPosition, registerStudent, startRecruitServer } from './recruit_lib.mjs';

let srv;
let w;
let admin;
const S = {};

before(async () => {
	srv = await startRecruitServer();
	w = await makeWorld(srv);
	admin = w.admin;
	const pA = await openPosition(w.hrA.client, { title: '格力装配技术员' });
	const pB = await openPosition(w.hrB.client, { title: '佳纳电池操作员' });
	S.a = await registerStudent(srv, w.collegeA, { name: '欧阳明月', student_no: '2025000101', profile: { major_code: MAJOR.mechatronics, grad_year: 2026, phone: '13712345678' } });
	S.b = await registerStudent(srv, w.collegeB, { name: '司马清风', student_no: '2025000201', profile: { major_code: MAJOR.electronics, grad_year: 2027 } });
	S.c = await registerStudent(srv, w.collegeA, { name: '诸葛晴川', student_no: '2025000102', profile: { major_code: MAJOR.accounting, grad_year: 2027 } });
	S.d = await registerStudent(srv, w.collegeB, { name: '上官雨晨', student_no: '2025000202', profile: { major_code: MAJOR.accounting, grad_year: 2026, discoverable: true } });
	assert.equal((await S.a.client.post(`positions/${pA.id}/apply`)).status, 201);
	assert.equal((await S.b.client.post(`positions/${pB.id}/apply`)).status, 201);
	assert.equal((await S.c.client.post(`positions/${pB.id}/apply`)).status, 201);
});
after(() => srv?.stop());

const names = (rows) => new Set(rows.slice(1).flat());
const ALL = ['欧阳明月', '司马清风', '诸葛晴川', '上官雨晨'];

/** Asserts the names present in an export: exactly `want` of the four students. */
function assertNames(rows, want, what) {
	const cells = names(rows);
	for (const n of ALL) assert.equal(cells.has(n), want.includes(n), `${what}: ${n} ${want.includes(n) ? 'missing' : 'must not be there'}`);
}

describe('/students/export', () => {
	it('a real .xlsx download with a header row and the Content-Disposition filename', async () => {
		const r = await admin.get('students/export');
		const rows = expectXlsx(r);
		assert.match(r.header('content-disposition'), /filename="?[^"]*\.xlsx"?/);
		assert.deepEqual(rows[0].slice(0, 2), ['学号', '姓名']);
		assert.ok(readZip(r.buf).has('[Content_Types].xml'));
		const row = rows.find((x) => x.includes('2025000101'));
		assert.ok(row, 'student row missing');
		assert.ok(row.includes('欧阳明月'));
		assert.ok(row.includes('137****5678'), `phone masked in the export: ${row}`);
		assert.ok(!xlsxText(r.buf).includes('13712345678'), 'full phone in the export');
	});

	it('scope: operator all; college staff their college; HR applicants and discoverable students', async () => {
		assertNames(expectXlsx(await admin.get('students/export')), ALL, 'operator');
		assertNames(expectXlsx(await w.staffA.client.get('students/export')), ['欧阳明月', '诸葛晴川'], 'staff A');
		assertNames(expectXlsx(await w.staffB.client.get('students/export')), ['司马清风', '上官雨晨'], 'staff B');
		assertNames(expectXlsx(await w.hrA.client.get('students/export')), ['欧阳明月', '上官雨晨'], 'HR A');
		assertNames(expectXlsx(await w.hrB.client.get('students/export')), ['司马清风', '诸葛晴川', '上官雨晨'], 'HR B');
	});

	it('filters apply to the export as to the list', async () => {
		assertNames(expectXlsx(await admin.get('students/export?grad_year=2027')), ['司马清风', '诸葛晴川'], 'grad_year=2027');
		assertNames(expectXlsx(await admin.get(`students/export?major=${MAJOR.accounting}`)), ['诸葛晴川', '上官雨晨'], 'major');
		assertNames(expectXlsx(await admin.get(`students/export?college_id=${w.collegeB.id}`)), ['司马清风', '上官雨晨'], 'college_id');
	});

	it('students cannot export (403)', async () => {
		expectError(await S.a.client.get('students/export'), 403, 'forbidden');
	});
});

describe('/applications/export', () => {
	it('HR export holds only their enterprise\'s applications', async () => {
		const a = expectXlsx(await w.hrA.client.get('applications/export'));
		assertNames(a, ['欧阳明月'], 'HR A');
		assert.ok(names(a).has('格力装配技术员'));
		assert.ok(!names(a).has('佳纳电池操作员'));
		assert.equal(a.length - 1, 1, 'HR A: one application row');
		const b = expectXlsx(await w.hrB.client.get('applications/export'));
		assertNames(b, ['司马清风', '诸葛晴川'], 'HR B');
		assert.equal(b.length - 1, 2);
	});

	it('college staff: their students\' applications; operator: all; status labels in Chinese', async () => {
		assertNames(expectXlsx(await w.staffA.client.get('applications/export')), ['欧阳明月', '诸葛晴川'], 'staff A');
		assertNames(expectXlsx(await w.staffB.client.get('applications/export')), ['司马清风'], 'staff B');
		const all = expectXlsx(await admin.get('applications/export'));
		assertNames(all, ['欧阳明月', '司马清风', '诸葛晴川'], 'operator');
		assert.equal(all.length - 1, 3);
		assert.ok(names(all).has('投递'), 'status shown as 投递');
	});

	it('filters: status', async () => {
		const appsA = await w.hrA.client.get('applications');
		const id = appsA.json.items[0].id;
		assert.equal((await w.hrA.client.post(`applications/${id}/status`, { status: 'interview' })).status, 200);
		assertNames(expectXlsx(await admin.get('applications/export?status=interview')), ['欧阳明月'], 'status=interview');
		const r = expectXlsx(await admin.get('applications/export?status=submitted'));
		assertNames(r, ['司马清风', '诸葛晴川'], 'status=submitted');
	});

	it('a student exports their own applications only (my applications)', async () => {
		const b = expectXlsx(await S.b.client.get('applications/export'));
		assertNames(b, ['司马清风'], 'student B');
		assert.equal(b.length - 1, 1, 'student B: one application row');
		assert.ok(names(b).has('佳纳电池操作员'));
		const d = expectXlsx(await S.d.client.get('applications/export'));
		assert.equal(d.length, 1, 'a student without applications gets the header row only');
	});
});
