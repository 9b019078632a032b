// Helpers for the recruitment API tests (recruit_*.test.mjs): a server with a personal-data
// key, the usual cast (colleges, enterprises, HR, college staff, students who claimed their imported records),
// positions, ID numbers, uploads, spreadsheet reading and direct database reads.
//
// The harness strips every SKYWAY_* variable (except SKYWAY_TEST*) from the environment it
// gives the server, so SKYWAY_DATA_KEY is passed explicitly through startServer's opts.env:
// the value of SKYWAY_DATA_KEY in the test process when it is set, else a fixed test key.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
	BACKEND,
	ROOT,
	makeAccount,
	makeCollege,
	makeEnterprise,
	readZip,
	startServer,
	uniq,
} from './harness.mjs';

export const DATA_KEY = /^[0-9a-fA-F]{64}$/.test(process.env.SKYWAY_DATA_KEY || '')
	? process.env.SKYWAY_DATA_KEY
	: '5b1f0c2e9a7d4e3f8c6b5a4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f';

export const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'recruit');
export const fixture = (name) => fs.readFileSync(path.join(FIXTURES, name));

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// Dictionary codes used throughout (data/*.tsv).
export const MAJOR = { mechatronics: '460301', automationClass: '4603', equipmentCategory: '46', electronics: '510101', accounting: '530302' };
export const CITY = { qingyuan: '441800', guangzhou: '440100', shenzhen: '440300' };
export const SKILL = { plc: 'plc', cad: 'cad-2d', testing: 'software-testing', bookkeeping: 'bookkeeping', excel: 'excel', python: 'python' };

// Password hashing is not what these files test: the cheapest argon2id cost keeps the many
// registrations and logins fast (SKYWAY_PASSWORD_COST in the test process overrides it).
export const PASSWORD_COST = process.env.SKYWAY_PASSWORD_COST || 'min';

/** startServer with the personal-data key (and the password cost) in the server's environment. */
export function startRecruitServer(opts = {}) {
	return startServer({ ...opts, env: { SKYWAY_DATA_KEY: DATA_KEY, SKYWAY_PASSWORD_COST: PASSWORD_COST, ...(opts.env || {}) } });
}

export const nowSec = () => Math.floor(Date.now() / 1000);

// ---------------------------------------------------------------------------------------
// ID numbers (GB 11643, ISO 7064 MOD 11-2)

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
export function idCheckChar(first17) {
	assert.match(first17, /^\d{17}$/);
	let sum = 0;
	for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
	return '10X98765432'[sum % 11];
}
/** A valid 18-character ID number (Qingyuan area code, born 2004–2006). */
export function idNumber() {
	const y = 2004 + crypto.randomInt(3);
	const m = String(1 + crypto.randomInt(12)).padStart(2, '0');
	const d = String(1 + crypto.randomInt(28)).padStart(2, '0');
	const seq = String(crypto.randomInt(1000)).padStart(3, '0');
	const first = `441802${y}${m}${d}${seq}`;
	return first + idCheckChar(first);
}
/** The same number with a wrong check character. */
export function badIdNumber(valid) {
	const good = valid[17];
	const other = '10X98765432'.split('').find((c) => c !== good);
	return valid.slice(0, 17) + other;
}
/** A random valid mobile number 13xxxxxxxxx. */
export function phoneNumber() {
	return `13${crypto.randomInt(10)}${String(crypto.randomInt(1e8)).padStart(8, '0')}`;
}
export const maskPhone = (p) => `${p.slice(0, 3)}****${p.slice(7)}`;

// ---------------------------------------------------------------------------------------
// The cast

/** An HR account of enterprise ent (made by the operator) and its logged-in client. */
export async function makeHr(srv, admin, ent, extra = {}) {
	const acct = await makeAccount(admin, { role: 'enterprise', org_id: ent.id, display_name: extra.display_name || `HR${uniq('h')}` });
	const client = await srv.login(acct.login, acct.password);
	return { acct, client, ent };
}

/** A college staff account and its client. */
export async function makeStaff(srv, admin, college, extra = {}) {
	const acct = await makeAccount(admin, { role: 'college', org_id: college.id, display_name: extra.display_name || `老师${uniq('t')}` });
	const client = await srv.login(acct.login, acct.password);
	return { acct, client, college };
}

let stuNoCounter = 0;
/** A student number unique to this test process. */
export function studentNo() {
	stuNoCounter += 1;
	return `2026${String(process.pid % 1000).padStart(3, '0')}${String(stuNoCounter).padStart(4, '0')}`;
}

/**
 * The operator imports one record of college, as the college's roster would bring it
 * (POST /imports/students/commit with a 院校 column), and returns the record as
 * GET /claims/records shows it.
 */
export async function importStudent(srv, college, { student_no, name, id_number = '', class_name = '' } = {}) {
	const admin = await srv.admin();
	const cell = (v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
	const cells = [student_no, name, id_number, class_name, college.code || college.name].map(cell);
	const r = await upload(admin, 'students', 'commit', csvBom(`学号,姓名,身份证号,班级,院校\n${cells.join(',')}\n`));
	assert.equal(r.status, 200, `import ${student_no}: ${r}`);
	assert.equal(r.json.created + r.json.updated, 1, `import ${student_no}: ${r}`);
	const q = new URLSearchParams({ college_id: String(college.id), q: student_no });
	const list = await admin.get(`claims/records?${q}`);
	assert.equal(list.status, 200, `claims/records: ${list}`);
	const record = list.json.items.find((x) => x.student_no === student_no);
	assert.ok(record, `the imported record ${student_no} is not listed: ${list}`);
	return record;
}

/** A new activation code for one record, made by the operator (POST /claims/codes). */
export async function activationCode(srv, record) {
	const admin = await srv.admin();
	const r = await admin.post('claims/codes', { college_id: record.college_id, student_ids: [record.id] });
	assert.equal(r.status, 201, `claims/codes: ${r}`);
	assert.equal(r.json.items.length, 1, `claims/codes: ${r}`);
	return r.json.items[0].code;
}

/**
 * A student whose record the college imported registers (POST /register/student, claiming
 * it), logs in, and optionally fills the profile. The proof is an activation code unless
 * id_number is given (imported with the record; the claim then gives its last 6).
 * Returns {login, password, account, client, student, id, student_no, name, college_id}.
 */
export async function registerStudent(srv, college, { name, student_no, profile, id_number } = {}) {
	student_no = student_no || studentNo();
	name = name || `学生${stuNoCounter}`;
	const record = await importStudent(srv, college, { student_no, name, id_number });
	const proof = id_number ? { id_last6: id_number.slice(-6) } : { activation_code: await activationCode(srv, record) };
	const body = {
		college_id: college.id,
		student_no,
		name,
		login: uniq('stu'),
		password: `stu-pass-${crypto.randomBytes(4).toString('hex')}`,
	};
	const r = await srv.client().post('register/student', { ...body, ...proof });
	assert.equal(r.status, 201, `register student: ${r}`);
	const client = await srv.login(body.login, body.password);
	const me = await client.get('students/me');
	assert.equal(me.status, 200, `students/me after registration: ${me}`);
	let student = me.json.student;
	if (profile) {
		const u = await client.post('students/me', profile);
		assert.equal(u.status, 200, `profile update: ${u}`);
		student = u.json.student;
	}
	return { ...body, account: r.json.account, client, student, id: student.id };
}

/**
 * The usual world of one test file: colleges A and B, enterprises A and B (operator-made,
 * verified), HR A, HR B, staff A, staff B. Students are added by each file.
 */
export async function makeWorld(srv, { collegeA = '清远职业技术学院', collegeB = '广东碧桂园职业学院', entA = '清远格力电器有限公司', entB = '广东佳纳能源科技有限公司' } = {}) {
	const admin = await srv.admin();
	const w = { admin };
	w.collegeA = await makeCollege(admin, { name: `${collegeA}${uniq('')}` });
	w.collegeB = await makeCollege(admin, { name: `${collegeB}${uniq('')}` });
	w.entA = await makeEnterprise(admin, { name: `${entA.replace('有限公司', '')}${uniq('')}有限公司` });
	w.entB = await makeEnterprise(admin, { name: `${entB.replace('有限公司', '')}${uniq('')}有限公司` });
	w.hrA = await makeHr(srv, admin, w.entA);
	w.hrB = await makeHr(srv, admin, w.entB);
	w.staffA = await makeStaff(srv, admin, w.collegeA);
	w.staffB = await makeStaff(srv, admin, w.collegeB);
	return w;
}

// ---------------------------------------------------------------------------------------
// Positions

export function positionBody(over = {}) {
	return { title: `岗位${uniq('p')}`, kind: '全职', headcount: 2, ...over };
}

/** Creates a draft as hr (a client); asserts 201 and returns the position. */
export async function createPosition(hr, over = {}) {
	const r = await hr.post('positions', positionBody(over));
	assert.equal(r.status, 201, `create position: ${r}`);
	assert.equal(r.json.position.status, 'draft', `a new position is a draft: ${r}`);
	return r.json.position;
}

/** Creates and submits (verified enterprise): returns the open position. */
export async function openPosition(hr, over = {}) {
	const p = await createPosition(hr, over);
	const r = await hr.post(`positions/${p.id}/submit`);
	assert.equal(r.status, 200, `submit position: ${r}`);
	assert.equal(r.json.position.status, 'open', `submitted position of a verified enterprise: ${r}`);
	return r.json.position;
}

/** Every page of GET /positions with params, following next_cursor. */
export async function searchAll(client, params = {}, { limit = 100, maxPages = 200 } = {}) {
	const items = [];
	const pages = [];
	let cursor = null;
	for (let i = 0; i < maxPages; i++) {
		const qs = new URLSearchParams({ ...params, limit: String(limit) });
		if (cursor) qs.set('cursor', cursor);
		const r = await client.get(`positions?${qs}`);
		assert.equal(r.status, 200, `search page ${i + 1}: ${r}`);
		pages.push(r.json);
		items.push(...r.json.items);
		cursor = r.json.next_cursor;
		if (cursor === null || cursor === undefined) return { items, pages, total: r.json.total };
		assert.equal(typeof cursor, 'string', `next_cursor is a string or null: ${r}`);
	}
	throw new Error(`more than ${maxPages} pages`);
}

/** Ids of the open positions matching params (one big page). */
export async function searchIds(client, params = {}) {
	const { items } = await searchAll(client, params);
	return items.map((p) => p.id);
}

// ---------------------------------------------------------------------------------------
// Uploads and spreadsheets

/** POST /imports/{kind}/{action} with a file body. */
export function upload(client, kind, action, buf, contentType = 'text/csv') {
	return client.request('POST', `imports/${kind}/${action}`, { body: buf, contentType });
}

/** CSV text -> bytes: UTF-8 with a byte order mark and CRLF line ends (Excel "CSV UTF-8"). */
export function csvBom(text) {
	return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf8')]);
}

/** Column letters of a 0-based index: 0 -> A, 25 -> Z, 26 -> AA. */
export function colLetter(i) {
	let s = '';
	i += 1;
	while (i > 0) {
		const r = (i - 1) % 26;
		s = String.fromCharCode(65 + r) + s;
		i = Math.floor((i - 1) / 26);
	}
	return s;
}

function decodeXml(s) {
	return s
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&apos;/g, "'")
		.replace(/&#x([0-9a-fA-F]+);/g, (_, h) => String.fromCodePoint(parseInt(h, 16)))
		.replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
		.replace(/&amp;/g, '&');
}

function textOf(xml) {
	// Concatenated <t> runs (rich text), phonetic runs (<rPh>) left out.
	const noPh = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
	let s = '';
	for (const m of noPh.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g)) s += m[1] ? decodeXml(m[1]) : '';
	return s;
}

/**
 * The first worksheet of an .xlsx as rows of cell strings (shared and inline strings,
 * numbers as written). Returns an array of arrays, row 1 first; missing cells are ''.
 */
export function xlsxRows(buf) {
	const parts = readZip(buf);
	const shared = [];
	const ss = parts.get('xl/sharedStrings.xml');
	if (ss) for (const m of ss.toString('utf8').matchAll(/<si>([\s\S]*?)<\/si>/g)) shared.push(textOf(m[1]));
	const sheetName = [...parts.keys()].filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n)).sort()[0];
	assert.ok(sheetName, `no worksheet in the xlsx: ${[...parts.keys()].join(', ')}`);
	const xml = parts.get(sheetName).toString('utf8');
	const rows = [];
	for (const rm of xml.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
		const rn = Number(/\br="(\d+)"/.exec(rm[1])?.[1] || rows.length + 1);
		const cells = [];
		for (const cm of (rm[2] || '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
			const attrs = cm[1];
			const inner = cm[2] || '';
			const ref = /\br="([A-Z]+)\d+"/.exec(attrs)?.[1];
			let col = cells.length;
			if (ref) {
				col = 0;
				for (const ch of ref) col = col * 26 + (ch.charCodeAt(0) - 64);
				col -= 1;
			}
			const t = /\bt="([^"]+)"/.exec(attrs)?.[1];
			let v = '';
			if (t === 'inlineStr') v = textOf(/<is>([\s\S]*?)<\/is>/.exec(inner)?.[1] || '');
			else {
				const raw = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
				if (raw !== undefined) v = t === 's' ? shared[Number(raw)] : decodeXml(raw);
			}
			while (cells.length < col) cells.push('');
			cells[col] = v;
		}
		while (rows.length < rn - 1) rows.push([]);
		rows[rn - 1] = cells;
	}
	return rows;
}

/** Asserts an .xlsx download: 200, spreadsheetml content type, attachment, PK header. */
export function expectXlsx(r) {
	assert.equal(r.status, 200, `xlsx download: ${r}`);
	assert.match(r.header('content-type') || '', /^application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet/, `content-type: ${r.header('content-type')}`);
	assert.match(r.header('content-disposition') || '', /^attachment/i, `content-disposition: ${r.header('content-disposition')}`);
	assert.equal(r.buf.subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'an xlsx starts with PK\\3\\4');
	return xlsxRows(r.buf);
}

// ---------------------------------------------------------------------------------------
// Direct database reads (to compare against what the API shows, never to set up state)

/** Runs one read-only SQL statement on the server's database; rows of '|'-separated text. */
export function dbQuery(srv, sql) {
	let r;
	if (BACKEND === 'sqlite') {
		const file = srv.dbUrl.replace(/^sqlite:(\/\/)?/, '');
		r = spawnSync('sqlite3', ['-readonly', file, sql], { encoding: 'utf8', timeout: 30000 });
	} else {
		r = spawnSync('psql', [srv.dbUrl, '-v', 'ON_ERROR_STOP=1', '-qAtc', sql], { encoding: 'utf8', timeout: 30000 });
	}
	if (r.error || r.status !== 0) throw new Error(`db query ${sql}: ${r.stderr || r.error}`);
	return r.stdout.split('\n').filter((l) => l !== '');
}
