// The majors catalogue is the Ministry's (issue 14): the shipped 2021 catalogue's counts and
// hierarchy, the level each college's type takes its students' majors from, an old database's
// codes moved by name (a vanished major retired until staff pick the new one), and the
// operator's additions (增补专业) by import.  Both backends.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { BACKEND, ROOT, uniq } from './harness.mjs';
import { csvBom, dbQuery, makeStaff, makeWorld, registerStudent, startRecruitServer, upload } from './recruit_lib.mjs';

/** Runs SQL that writes on the server's database (here only to build an old database). */
function dbExec(srv, sql) {
	const r =
		BACKEND === 'sqlite'
			? spawnSync('sqlite3', [srv.dbUrl.replace(/^sqlite:(\/\/)?/, '')], { input: sql, encoding: 'utf8', timeout: 60000 })
			: spawnSync('psql', [srv.dbUrl, '-v', 'ON_ERROR_STOP=1', '-qAt', '-f', '-'], { input: sql, encoding: 'utf8', timeout: 60000 });
	if (r.error || r.status !== 0) throw new Error(`db exec: ${r.stderr || r.error}`);
}

/** Stops the server's process, keeping its database, and starts it again on it. */
async function restart(srv) {
	srv.child.kill('SIGTERM');
	const exit = await srv.exited;
	assert.equal(exit.code, 0, `clean shutdown: ${srv.stderr().slice(-500)}`);
	srv.exit = null;
	await srv.start();
}

const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

describe('majors catalogue', () => {
	let srv, w, admin, vocational, secondary, staffV, staffS;

	before(async () => {
		srv = await startRecruitServer();
		w = await makeWorld(srv);
		admin = w.admin;
		vocational = w.collegeA;
		secondary = w.collegeB;
		let r = await admin.post(`organizations/${vocational.id}`, { college_type: '高职专科' });
		assert.equal(r.status, 200, `${r}`);
		r = await admin.post(`organizations/${secondary.id}`, { college_type: '中职' });
		assert.equal(r.status, 200, `${r}`);
		staffV = w.staffA.client;
		staffS = w.staffB.client;
	});
	after(async () => {
		await srv?.stop();
	});

	it('ships the 2021 catalogue: counts per level, K majors, every code under its parent at its level', async () => {
		const r = await srv.client().get('dict/majors');
		assert.equal(r.status, 200, `${r}`);
		const items = r.json.items;
		const count = {};
		for (const m of items) {
			const k = `${m.edu_level}/${m.level}`;
			count[k] = (count[k] || 0) + 1;
		}
		assert.deepEqual(count, {
			'zz/category': 19, 'zz/class': 88, 'zz/major': 358,
			'gz/category': 19, 'gz/class': 97, 'gz/major': 744,
			'bk/category': 19, 'bk/class': 90, 'bk/major': 247,
		});
		assert.equal(items.filter((m) => m.controlled).length, 47);
		assert.ok(items.every((m) => m.controlled === 0 || m.edu_level === 'gz'), 'only 高职专科 majors carry a K');
		const byCode = new Map(items.map((m) => [m.code, m]));
		for (const m of items) {
			const want = { category: 2, class: 4, major: 6 }[m.level];
			assert.equal(m.code.length, want, `${m.code} ${m.level}`);
			assert.equal(m.origin, 'catalogue');
			if (m.level === 'category') {
				assert.equal(m.parent, null);
				continue;
			}
			const p = byCode.get(m.parent);
			assert.ok(p, `${m.code}: parent ${m.parent} exists`);
			assert.ok(m.code.startsWith(m.parent), `${m.code} starts with ${m.parent}`);
			assert.equal(p.edu_level, m.edu_level, `${m.code}: parent at the same level`);
			assert.equal(p.level, m.level === 'major' ? 'class' : 'category');
		}
		assert.equal(byCode.get('410104').name, '生态农业技术');
		assert.equal(byCode.get('500603').name, '城市轨道交通机电技术');
		assert.equal(byCode.get('520101').name, '临床医学');
		assert.equal(byCode.get('520101').controlled, 1);
		assert.equal(byCode.get('660103').edu_level, 'zz');
		assert.equal(byCode.get('260301').edu_level, 'bk');
	});

	it("a college's type decides the level of its students' majors (imports, by staff and operator)", async () => {
		// 中职: a 高职专科 code or name is the row's error, its own level's code or name passes.
		let csv = '学号,姓名,专业\nZ001,王芳,460301\nZ002,李强,数控技术应用\nZ003,陈静,660105\nZ004,赵敏,机电一体化技术\n';
		let r = await upload(staffS, 'students', 'preview', csvBom(csv));
		assert.equal(r.status, 200, `${r}`);
		assert.deepEqual(r.json.errors.map((e) => [e.row, e.column_title]), [[2, '专业'], [5, '专业']], `${r}`);
		assert.match(r.json.errors[0].reason, /本校类型/);
		// 高职专科: the K of a 国家控制专业 is accepted and not stored; a 中职 code is refused.
		csv = '学号,姓名,专业\nG001,周婷,520101K\nG002,吴昊,护理\nG003,郑洁,660105\n';
		r = await upload(staffV, 'students', 'preview', csvBom(csv));
		assert.deepEqual(r.json.errors.map((e) => e.row), [4], `${r}`);
		r = await upload(staffV, 'students', 'commit', csvBom('学号,姓名,专业\nG001,周婷,520101K\nG002,吴昊,护理\n'));
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.created, 2);
		assert.deepEqual(dbQuery(srv, `SELECT student_no, major_code FROM students WHERE college_id = ${vocational.id} ORDER BY student_no`), ['G001|520101', 'G002|520201']);
		// The operator's import names the college per row: the same rule.
		csv = `学号,姓名,专业,院校\nZ101,孙丽,460301,${secondary.code}\nG101,钱伟,460301,${vocational.code}\n`;
		r = await upload(admin, 'students', 'preview', csvBom(csv));
		assert.deepEqual(r.json.errors.map((e) => e.row), [2], `${r}`);
	});

	it('a student of a 中职 college cannot pick a 高职专科 major on the profile', async () => {
		const s = await registerStudent(srv, secondary, { name: '何晓' });
		let r = await s.client.post('students/me', { major_code: '460301' });
		assert.equal(r.status, 400, `${r}`);
		assert.equal(r.json.error.field, 'major_code');
		r = await s.client.post('students/me', { major_code: '660105' });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.student.major_code, '660105');
		assert.equal(r.json.student.college_type, '中职', 'the profile page offers that level only');
		r = await s.client.post('students/me', { major_code: '6601' });
		assert.equal(r.status, 400, `a class is not a major: ${r}`);
	});

	describe('an old database (the catalogue written before the official list)', () => {
		let ids, position;
		before(async () => {
			// Today's codes first, through the API; then the database is put back as the old
			// release left it: its majors table, its dictionary digest, its codes.
			const csv = '学号,姓名,专业\nM001,林一,460301\nM002,林二,460301\nM003,林三,460301\nM004,林四,460301\nM005,林五,460301\n';
			const r = await upload(staffV, 'students', 'commit', csvBom(csv));
			assert.equal(r.status, 200, `${r}`);
			ids = Object.fromEntries(dbQuery(srv, `SELECT student_no, id FROM students WHERE college_id = ${vocational.id} AND student_no LIKE 'M%'`).map((l) => l.split('|')));
			const p = await w.hrA.client.post('positions', { title: '设备技术员', kind: '全职', headcount: 2, majors: ['460301'] });
			assert.equal(p.status, 201, `${p}`);
			position = p.json.position.id;
			const old = fs.readFileSync(path.join(ROOT, 'tests/fixtures/majors/majors-before-2021-catalogue.tsv'), 'utf8').trim().split('\n').slice(1);
			const rows = old.map((l) => {
				const [code, name, level, parent] = l.split('\t');
				return `(${q(code)}, ${q(name)}, ${q(level)}, ${parent ? q(parent) : 'NULL'})`;
			});
			dbExec(srv, `BEGIN;
DROP INDEX dict_majors_name; DROP TABLE major_code_changes; DROP TABLE dict_majors;
CREATE TABLE dict_majors (code TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL, parent TEXT);
INSERT INTO dict_majors (code, name, level, parent) VALUES ${rows.join(',\n')};
DELETE FROM schema_migrations WHERE version = 14;
DELETE FROM dict_meta WHERE name = 'vocational-majors-2021.tsv';
INSERT INTO dict_meta (name, digest) VALUES ('majors.tsv', 'the old file');
UPDATE students SET major_code = '410104' WHERE id = ${ids.M001};
UPDATE students SET major_code = '460310' WHERE id = ${ids.M002};
UPDATE students SET major_code = '460206' WHERE id = ${ids.M003};
UPDATE students SET major_code = '410106' WHERE id = ${ids.M004};
DELETE FROM position_majors WHERE position_id = ${position};
INSERT INTO position_majors (position_id, major_code) VALUES (${position}, '460310'), (${position}, '460206'), (${position}, '4603');
COMMIT;
`);
			assert.deepEqual(dbQuery(srv, "SELECT name FROM dict_majors WHERE code = '410104'"), ['休闲农业经营与管理']);
			await restart(srv);
		});

		it('moves each code to the code of the same name, a chain without merging, and records the moves', async () => {
			const major = (no) => dbQuery(srv, `SELECT major_code FROM students WHERE id = ${ids[no]}`)[0];
			assert.equal(major('M001'), '410118', '休闲农业经营与管理 is 410118');
			assert.equal(major('M002'), '460206', '电梯工程技术 is 460206');
			assert.equal(major('M003'), '460204', '新能源装备技术 (old 460206) is 460204, not 电梯工程技术');
			assert.equal(major('M004'), '410106-old', '智慧农业技术 is no 高职专科 major any more');
			assert.equal(major('M005'), '460301', '机电一体化技术 kept its code');
			const p = await w.hrA.client.get(`positions/${position}`);
			assert.equal(p.status, 200, `${p}`);
			assert.deepEqual(p.json.position.majors.map((m) => `${m.code} ${m.name}`).sort(), ['460204 新能源装备技术', '460206 电梯工程技术', '4603 自动化类']);
			const moves = dbQuery(srv, 'SELECT COUNT(*) FROM major_code_changes')[0];
			const retired = dbQuery(srv, "SELECT COUNT(*) FROM major_code_changes WHERE new_code LIKE '%-old'")[0];
			assert.equal(Number(moves), 405, '357 moved by name, 48 retired');
			assert.equal(Number(retired), 48);
			assert.equal(Number(dbQuery(srv, "SELECT COUNT(*) FROM dict_majors WHERE origin = 'catalogue'")[0]), 1681);
		});

		it('a retired major keeps showing with a note until staff pick the new one', async () => {
			let r = await staffV.get('students?q=M004');
			assert.equal(r.status, 200, `${r}`);
			assert.equal(r.json.items[0].major_name, '智慧农业技术（旧目录专业，待改选）');
			r = await staffV.get('majors/retired');
			assert.equal(r.status, 200, `${r}`);
			assert.deepEqual(r.json.items.map((x) => [x.college_id, x.code, x.old_name, x.students]), [[vocational.id, '410106-old', '智慧农业技术', 1]]);
			r = await staffS.get('majors/retired');
			assert.deepEqual(r.json.items, [], "another college's staff see none of it");
			r = await admin.get('majors/retired');
			assert.equal(r.json.items.length, 1);
			// The new major must be a current major of the college's level.
			r = await staffV.post('majors/retired/replace', { code: '410106-old', new_code: '610101' });
			assert.equal(r.status, 400, `${r}`);
			assert.equal(r.json.error.field, 'new_code');
			r = await staffV.post('majors/retired/replace', { code: '460301', new_code: '410106' });
			assert.equal(r.status, 400, `${r}`);
			assert.equal(r.json.error.field, 'code');
			r = await admin.post('majors/retired/replace', { code: '410106-old', new_code: '410106' });
			assert.equal(r.status, 400, `the operator names the college: ${r}`);
			assert.equal(r.json.error.field, 'college_id');
			r = await staffS.post('majors/retired/replace', { college_id: vocational.id, code: '410106-old', new_code: '410106' });
			assert.equal(r.status, 404, `${r}`);
			assert.equal(dbQuery(srv, `SELECT major_code FROM students WHERE id = ${ids.M004}`)[0], '410106-old', 'nothing written by a refusal');
			r = await staffV.post('majors/retired/replace', { code: '410106-old', new_code: '410107' });
			assert.equal(r.status, 200, `${r}`);
			assert.equal(r.json.updated, 1);
			r = await staffV.get('students?q=M004');
			assert.equal(r.json.items[0].major_code, '410107');
			r = await staffV.get('majors/retired');
			assert.deepEqual(r.json.items, []);
			assert.deepEqual(dbQuery(srv, "SELECT detail FROM audit_log WHERE action = 'major.replace'"), ['410106-old -> 410107, 1 students']);
		});
	});

	it('the operator adds later majors (增补专业) by import; they survive a reload of the catalogue', async () => {
		const name = `智能产线装调${uniq('')}`;
		let csv = `专业代码,专业名称,所属专业类,增补年份\n460312,${name},4603,2025\n460301,重复代码,4603,2025\n510199,错的专业类,4603,2025\n460313,机电一体化技术,4603,2025\n660199,数控新专业,6601,2024\n`;
		let r = await upload(staffV, 'majors', 'preview', csvBom(csv));
		assert.equal(r.status, 403, `only the operator: ${r}`);
		r = await upload(admin, 'majors', 'preview', csvBom(csv));
		assert.equal(r.status, 200, `${r}`);
		assert.deepEqual(r.json.errors.map((e) => [e.row, e.column_title]), [[3, '专业代码'], [4, '所属专业类'], [5, '专业名称']], `${r}`);
		r = await upload(admin, 'majors', 'commit', csvBom(`专业代码,专业名称,所属专业类,增补年份\n460312,${name},4603,2025\n660199,数控新专业,6601,2024\n`));
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.created, 2);
		const added = async () => (await srv.client().get('dict/majors')).json.items.filter((m) => m.origin === 'addition').map((m) => `${m.code} ${m.edu_level} ${m.name}`);
		assert.deepEqual(await added(), [`460312 gz ${name}`, '660199 zz 数控新专业']);
		// Usable at once, at its level only.
		r = await upload(staffV, 'students', 'commit', csvBom(`学号,姓名,专业\nA001,冯雪,${name}\n`));
		assert.equal(r.status, 200, `${r}`);
		r = await upload(staffS, 'students', 'preview', csvBom('学号,姓名,专业\nA002,褚云,460312\n'));
		assert.equal(r.json.errors_total, 1, `${r}`);
		// A new catalogue file (here: the same one, its digest forgotten) keeps the additions.
		dbExec(srv, "UPDATE dict_meta SET digest = 'changed' WHERE name = 'vocational-majors-2021.tsv';");
		await restart(srv);
		assert.deepEqual(await added(), [`460312 gz ${name}`, '660199 zz 数控新专业']);
		assert.equal(dbQuery(srv, `SELECT major_code FROM students WHERE student_no = 'A001'`)[0], '460312');
	});
});
