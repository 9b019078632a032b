// Helpers for the cooperation and internship API tests (coop_*.test.mjs): a server with
// a personal-data key and a files folder, the cast (two colleges, two verified
// enterprises and one awaiting approval, HR, mentors, college staff as instructors),
// calendar dates in Beijing time, ID numbers born on a given day, small real files
// (PNG, PDF) to upload, and placement bodies.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { creditCode, uniq } from './harness.mjs';
import { idCheckChar, makeHr, makeStaff, makeWorld, registerStudent, startRecruitServer } from './recruit_lib.mjs';

export { MAJOR, CITY, nowSec, dbQuery } from './recruit_lib.mjs';

/** startRecruitServer with a files folder of its own (uploads need one on PostgreSQL). */
export function startCoopServer(opts = {}) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyway-coop-files-'));
	return startRecruitServer({ ...opts, args: ['--files', dir, ...(opts.args || [])] });
}

// ---------------------------------------------------------------------------------------
// Dates (the platform's "today" is Beijing's)

const DAY = 86400000;
/** Today in Beijing as YYYY-MM-DD, moved by `days`. */
export function day(days = 0) {
	return new Date(Date.now() + 8 * 3600000 + days * DAY).toISOString().slice(0, 10);
}
/** A YYYY-MM-DD date moved by whole days. */
export function addDays(date, days) {
	return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}
/** The Monday of the week holding date. */
export function monday(date) {
	const d = new Date(`${date}T00:00:00Z`);
	return addDays(date, -((d.getUTCDay() + 6) % 7));
}
/** The same day `years` years before date (02-29 becomes 02-28 when needed). */
export function yearsBefore(date, years) {
	const [y, m, d] = date.split('-').map(Number);
	const last = new Date(Date.UTC(y - years, m, 0)).getUTCDate();
	return `${y - years}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
/** A valid ID number of someone born on `born` (YYYY-MM-DD), Qingyuan area code. */
export function idBornOn(born) {
	const first = `441802${born.replace(/-/g, '')}${String(crypto.randomInt(1000)).padStart(3, '0')}`;
	return first + idCheckChar(first);
}

// ---------------------------------------------------------------------------------------
// Files

/** A real 1×1 PNG (with a random text chunk, so that each is a different file). */
export function png() {
	const crc32 = (buf) => {
		let c = ~0;
		for (const b of buf) {
			c ^= b;
			for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
		}
		return ~c >>> 0;
	};
	const chunk = (type, data) => {
		const len = Buffer.alloc(4);
		len.writeUInt32BE(data.length);
		const td = Buffer.concat([Buffer.from(type), data]);
		const crc = Buffer.alloc(4);
		crc.writeUInt32BE(crc32(td));
		return Buffer.concat([len, td, crc]);
	};
	const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
	const idat = Buffer.from([0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01]);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('tEXt', Buffer.from(`Comment\0${uniq('p')}`)),
		chunk('IDAT', idat),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

/** A small PDF (one empty page). */
export function pdf() {
	return Buffer.from(
		`%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n` +
			`3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n% ${uniq('d')}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
	);
}

/** POSTs bytes as a file body. */
export function upload(client, p, buf, contentType) {
	return client.request('POST', p, { body: buf, contentType });
}

// ---------------------------------------------------------------------------------------
// The cast

/**
 * Colleges A and B, enterprises A and B (verified; industry, city), enterprise P awaiting
 * approval with its HR, HR of each, a second account of enterprise A as the mentor
 * (带教师傅), staff of each college (staffA is the instructor).
 */
export async function makeCoopWorld(srv) {
	const w = await makeWorld(srv, { collegeA: '清远职业技术学院', collegeB: '广东碧桂园职业学院', entA: '清远格力电器有限公司', entB: '清远云智软件有限公司' });
	const admin = w.admin;
	for (const [org, body] of [
		[w.entA, { industry_code: '38', city_code: '441800' }],
		[w.entB, { industry_code: '65', city_code: '440100' }],
		[w.collegeA, { city_code: '441800' }],
		[w.collegeB, { city_code: '441800' }],
	]) {
		const r = await admin.post(`organizations/${org.id}`, body);
		assert.equal(r.status, 200, `org ${org.id}: ${r}`);
	}
	w.mentorA = await makeHr(srv, admin, w.entA, { display_name: '带教师傅刘工' });
	w.mentorB = await makeHr(srv, admin, w.entB, { display_name: '带教师傅陈工' });
	w.instructorA = w.staffA;
	w.instructorB = w.staffB;
	// An enterprise that registered itself and waits for approval, with its HR.
	const login = uniq('hrp');
	const password = `pending-pass-${crypto.randomBytes(4).toString('hex')}`;
	const r = await srv.client().post('register/enterprise', {
		name: `清远待审科技${uniq('')}有限公司`,
		credit_code: creditCode(),
		contact_name: '周经理',
		login,
		password,
	});
	assert.equal(r.status, 201, `pending enterprise: ${r}`);
	w.pendingHr = await srv.login(login, password);
	w.pending = r.json.account.org;
	return w;
}

/** A student of college registered through the claim flow, with a profile and an ID number. */
export async function student(srv, college, { name, major = '460301', grad = 2026, born } = {}) {
	return registerStudent(srv, college, {
		name: name || `学生${uniq('')}`,
		profile: { major_code: major, grad_year: grad, degree: 2 },
		id_number: idBornOn(born || yearsBefore(day(), 20)),
	});
}

/** An HR's post body: a post of `staff` staff, probation wage 5000, majors of class 4603. */
export function postBody(over = {}) {
	return { title: `装配技术员${uniq('')}`, city_code: '441800', staff: 20, probation_wage: 5000, majors: ['4603'], ...over };
}

/** Creates a post as hr (a client); returns it. */
export async function makePost(hr, over = {}) {
	const r = await hr.post('internships/posts', postBody(over));
	assert.equal(r.status, 201, `post: ${r}`);
	return r.json.post;
}

/** A placement body for w's college A student on post, passing every rule by default. */
export function placementBody(w, stu, post, over = {}) {
	return {
		student_id: stu.id,
		post_id: post.id,
		starts_on: day(1),
		ends_on: addDays(day(1), 120),
		monthly_pay: 4000,
		instructor_id: w.instructorA.acct.id,
		mentor_id: w.mentorA.acct.id,
		agreement_signed_on: day(0),
		...over,
	};
}

/** Creates a placement as college staff; returns it. */
export async function makePlacement(staff, body) {
	const r = await staff.post('internships', body);
	assert.equal(r.status, 201, `placement: ${r}`);
	return r.json.internship;
}
