// Helpers for the job-fair API tests (fair_*.test.mjs): a small fair's world (a host
// college and two others, four verified enterprises in three industry sections with open
// positions and HR, college staff, students of different colleges, majors and graduation
// years), fair bodies, status steps, sign-up and approval, and a Server-Sent Events reader.
import assert from 'node:assert/strict';
import { SESSION_COOKIE, apiPath, makeCollege, makeEnterprise, sleep, uniq } from './harness.mjs';
import { MAJOR, makeHr, makeStaff, makeWorld, nowSec, openPosition, registerStudent, startRecruitServer } from './recruit_lib.mjs';

export { startRecruitServer as startFairServer };

export const profile = (major_code, grad_year, degree = 2) => ({ major_code, grad_year, degree });

/** GB/T 4754 divisions used by the enterprises, with their sections. */
export const INDUSTRY = {
	electrical: { code: '38', section: 'C', sectionName: '制造业' },
	electronics: { code: '39', section: 'C', sectionName: '制造业' },
	software: { code: '65', section: 'I', sectionName: '信息传输、软件和信息技术服务业' },
	wholesale: { code: '51', section: 'F', sectionName: '批发和零售业' },
};

/**
 * The world of one test file. Colleges: host (H), other (O), third (T). Enterprises:
 * e1 electrical (C), e2 software (I), e3 electronics (C), e4 wholesale (F), each with an HR
 * client and two open positions (p1, p2). Staff of H and of O. Students:
 *   s1 H 460301 2026, s2 H 510101 2027, s3 O 460301 2026, s4 O 530302 2025, s5 T 460301 2026.
 */
export async function makeFairWorld(srv) {
	const w = await makeWorld(srv, { collegeA: '清远职业技术学院', collegeB: '广东碧桂园职业学院', entA: '清远格力电器有限公司', entB: '清远云智软件有限公司' });
	const admin = w.admin;
	w.host = w.collegeA;
	w.other = w.collegeB;
	w.third = await makeCollege(admin, { name: `清远工贸职业技术学校${uniq('')}` });
	w.staffH = w.staffA;
	w.staffO = w.staffB;
	const e3 = await makeEnterprise(admin, { name: `清远电子科技${uniq('')}有限公司` });
	const e4 = await makeEnterprise(admin, { name: `清远商贸批发${uniq('')}有限公司` });
	w.ents = [
		{ org: w.entA, hr: w.hrA, industry: INDUSTRY.electrical },
		{ org: w.entB, hr: w.hrB, industry: INDUSTRY.software },
		{ org: e3, hr: await makeHr(srv, admin, e3), industry: INDUSTRY.electronics },
		{ org: e4, hr: await makeHr(srv, admin, e4), industry: INDUSTRY.wholesale },
	];
	for (const [i, e] of w.ents.entries()) {
		const r = await admin.post(`organizations/${e.org.id}`, { industry_code: e.industry.code });
		assert.equal(r.status, 200, `industry of enterprise ${i + 1}: ${r}`);
		e.id = e.org.id;
		e.client = e.hr.client;
		e.p1 = await openPosition(e.client, { title: `招聘会岗位一${uniq('')}`, headcount: 3 + i });
		e.p2 = await openPosition(e.client, { title: `招聘会岗位二${uniq('')}`, headcount: 1 });
	}
	[w.e1, w.e2, w.e3, w.e4] = w.ents;
	w.s1 = await registerStudent(srv, w.host, { name: '陈晓', profile: profile(MAJOR.mechatronics, 2026) });
	w.s2 = await registerStudent(srv, w.host, { name: '林峰', profile: profile(MAJOR.electronics, 2027) });
	w.s3 = await registerStudent(srv, w.other, { name: '吴娜', profile: profile(MAJOR.mechatronics, 2026) });
	w.s4 = await registerStudent(srv, w.other, { name: '郑凯', profile: profile(MAJOR.accounting, 2025) });
	w.s5 = await registerStudent(srv, w.third, { name: '冯雪', profile: profile(MAJOR.mechatronics, 2026) });
	w.students = [w.s1, w.s2, w.s3, w.s4, w.s5];
	return w;
}

/** A valid create body: a fair at the host college that started an hour ago, ends in 8 h. */
export function fairBody(w, over = {}) {
	const now = nowSec();
	return {
		kind: 'fair',
		name: `清远市高校毕业生双选会${uniq('')}`,
		host_college_id: w.host.id,
		venue: '清远职业技术学院 体育馆',
		starts_at: now - 3600,
		ends_at: now + 8 * 3600,
		booths: 10,
		capacity: 100,
		...over,
	};
}

export async function createFair(w, over = {}) {
	const r = await w.admin.post('fairs', fairBody(w, over));
	assert.equal(r.status, 201, `create fair: ${r}`);
	assert.equal(r.json.fair.status, 'draft');
	return r.json.fair;
}

/** Moves a fair through the given statuses (each must succeed). */
export async function step(w, fair, ...tos) {
	let f;
	for (const to of tos) {
		const r = await w.admin.post(`fairs/${fair.id}/status`, { to });
		assert.equal(r.status, 200, `status → ${to}: ${r}`);
		assert.equal(r.json.fair.status, to);
		f = r.json.fair;
	}
	return f;
}

export async function getFair(client, fair) {
	const r = await client.get(`fairs/${fair.id}`);
	assert.equal(r.status, 200, `get fair: ${r}`);
	return r.json.fair;
}

/** HR of e signs up with positions (default p1 and p2) and the operator approves. */
export async function signupApproved(w, fair, e, { positions, tables = 1 } = {}) {
	const ids = (positions || [e.p1, e.p2]).map((p) => p.id);
	let r = await e.client.post(`fairs/${fair.id}/signup`, { position_ids: ids, tables });
	assert.ok(r.status === 201 || r.status === 200, `signup: ${r}`);
	r = await w.admin.post(`fairs/${fair.id}/signups/review`, { enterprise_id: e.id, decision: 'approve' });
	assert.equal(r.status, 200, `approve: ${r}`);
}

/** The student registers (201). */
export async function registerFor(fair, s) {
	const r = await s.client.post(`fairs/${fair.id}/register`);
	assert.equal(r.status, 201, `register: ${r}`);
	return r.json.registration_id;
}

export async function passOf(fair, s) {
	const r = await s.client.get(`fairs/${fair.id}/pass`);
	assert.equal(r.status, 200, `pass: ${r}`);
	return r.json.registration;
}

/** The operator checks a registered student in by pass; returns the answer. */
export async function enter(w, fair, s) {
	const p = await passOf(fair, s);
	const r = await w.admin.post(`fairs/${fair.id}/checkin`, { pass: p.pass });
	assert.equal(r.status, 200, `checkin: ${r}`);
	return r.json;
}

/**
 * A live fair with e1..e4 approved (each bringing p1 and p2), booths allocated, and the
 * given students registered (and, with entered, checked in).
 */
export async function liveFair(w, { over = {}, register = [], entered = [], tables = {} } = {}) {
	const fair = await createFair(w, over);
	await step(w, fair, 'signup');
	for (const e of w.ents) await signupApproved(w, fair, e, { tables: tables[e.id] || 1 });
	const a = await w.admin.post(`fairs/${fair.id}/booths/allocate`);
	assert.equal(a.status, 200, `allocate: ${a}`);
	for (const s of register) await registerFor(fair, s);
	await step(w, fair, 'signup_closed', 'live');
	for (const s of entered) await enter(w, fair, s);
	return fair;
}

/**
 * Opens GET /fairs/{id}/live as client (its cookie and address) and collects the frames.
 * Returns {status, contentType, frames, waitFor(pred, ms), close()}; frames are
 * {event, data (parsed JSON or the raw text), raw}.
 */
export async function openLive(client, fair) {
	const ctl = new AbortController();
	const headers = { 'X-Forwarded-For': client.ip, Accept: 'text/event-stream' };
	if (client.cookie) headers.Cookie = `${SESSION_COOKIE}=${client.cookie}`;
	const res = await fetch(client.server.url + apiPath(`fairs/${fair.id}/live`), { headers, signal: ctl.signal });
	const stream = {
		status: res.status,
		contentType: res.headers.get('content-type') || '',
		frames: [],
		text: '',
		waiters: [],
		closed: false,
	};
	if (res.status !== 200) {
		stream.body = await res.text();
		stream.close = async () => {};
		return stream;
	}
	const reader = res.body.getReader();
	const dec = new TextDecoder();
	let buf = '';
	const pump = (async () => {
		try {
			for (;;) {
				const { value, done } = await reader.read();
				if (done) break;
				const chunk = dec.decode(value, { stream: true });
				stream.text += chunk;
				buf += chunk;
				let i;
				while ((i = buf.indexOf('\n\n')) >= 0) {
					const raw = buf.slice(0, i);
					buf = buf.slice(i + 2);
					const f = { raw, event: 'message', data: '' };
					const data = [];
					for (const line of raw.split('\n')) {
						if (line.startsWith(':')) continue;
						const m = /^([a-z]+): ?(.*)$/.exec(line);
						if (!m) continue;
						if (m[1] === 'event') f.event = m[2];
						else if (m[1] === 'data') data.push(m[2]);
					}
					if (!data.length && f.event === 'message') continue; // a keep-alive comment
					f.text = data.join('\n');
					try {
						f.data = JSON.parse(f.text);
					} catch {
						f.data = f.text;
					}
					stream.frames.push(f);
					for (const wt of [...stream.waiters]) wt();
				}
			}
		} catch {
			/* aborted */
		}
		stream.closed = true;
		for (const wt of [...stream.waiters]) wt();
	})();
	/** Resolves with the first frame at index >= from matching pred; rejects after ms. */
	stream.waitFor = (pred, { from = 0, ms = 5000 } = {}) =>
		new Promise((resolve, reject) => {
			const check = () => {
				for (let k = from; k < stream.frames.length; k++) {
					if (pred(stream.frames[k])) {
						stream.waiters = stream.waiters.filter((x) => x !== check);
						clearTimeout(timer);
						resolve(stream.frames[k]);
						return true;
					}
				}
				if (stream.closed) {
					stream.waiters = stream.waiters.filter((x) => x !== check);
					clearTimeout(timer);
					reject(new Error(`stream closed; frames: ${JSON.stringify(stream.frames.map((x) => x.raw))}`));
					return true;
				}
				return false;
			};
			const timer = setTimeout(() => {
				stream.waiters = stream.waiters.filter((x) => x !== check);
				reject(new Error(`no matching frame within ${ms} ms; frames: ${JSON.stringify(stream.frames.map((x) => x.raw))}`));
			}, ms);
			if (!check()) stream.waiters.push(check);
		});
	stream.close = async () => {
		ctl.abort();
		await pump;
	};
	return stream;
}

export { nowSec, sleep, uniq, makeStaff };
