// Helpers for the zone-services API tests (services_*.test.mjs): a server with a file
// directory, the cast (officers of two departments, one a head; two enterprises with HR),
// a service item with materials, cases moved to a state, files to upload, and the
// independent working-day model of tests/lib/workdays.mjs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Calendar, chinaToday, plusDays } from '../lib/workdays.mjs';
import { makeAccount, makeEnterprise, uniq } from './harness.mjs';
import { makeHr, startRecruitServer } from './recruit_lib.mjs';

export { Calendar, chinaToday, plusDays };

/** A server whose uploads go to a temporary folder of its own (removed by stop()). */
export async function startServicesServer(opts = {}) {
	const files = fs.mkdtempSync(path.join(os.tmpdir(), 'skyway-files-'));
	const srv = await startRecruitServer({ ...opts, args: ['--files', files, ...(opts.args || [])] });
	const stop = srv.stop.bind(srv);
	srv.files = files;
	srv.stop = async () => {
		try {
			await stop();
		} finally {
			fs.rmSync(files, { recursive: true, force: true });
		}
	};
	return srv;
}

/** An officer account and its client (enrolled in MFA by the harness). */
export async function makeOfficer(srv, name) {
	const admin = await srv.admin();
	const acct = await makeAccount(admin, { role: 'officer', display_name: name || `科员${uniq('o')}` });
	const client = await srv.login(acct.login, acct.password);
	return { acct, client, id: acct.id };
}

/**
 * The cast: head (head of dept A), officer (member of A), other (member of B), agent
 * (an officer without a department), enterprises A and B with HR, a student-less world.
 */
export async function makeServicesWorld(srv) {
	const admin = await srv.admin();
	const w = { srv, admin };
	w.head = await makeOfficer(srv, '林科长');
	w.officer = await makeOfficer(srv, '陈科员');
	w.other = await makeOfficer(srv, '黄科员');
	w.agent = await makeOfficer(srv, '周帮办');
	const depA = await w.head.client.post('services/departments', {
		name: `行政审批科${uniq('')}`,
		members: [
			{ account_id: w.head.id, is_head: true },
			{ account_id: w.officer.id, is_head: false },
		],
	});
	assert.equal(depA.status, 201, `department A: ${depA}`);
	w.depA = depA.json.department;
	const depB = await w.head.client.post('services/departments', { name: `企业服务科${uniq('')}`, members: [{ account_id: w.other.id }] });
	assert.equal(depB.status, 201, `department B: ${depB}`);
	w.depB = depB.json.department;
	w.entA = await makeEnterprise(admin, { name: `清远华粤精密机械${uniq('')}有限公司` });
	w.entB = await makeEnterprise(admin, { name: `清远锦达新材料${uniq('')}有限公司` });
	w.hrA = await makeHr(srv, admin, w.entA);
	w.hrB = await makeHr(srv, admin, w.entB);
	w.item = await makeItem(w.officer.client, w.depA.id);
	return w;
}

/** A service item: 20 statutory / 5 committed working days, three materials (one 容缺-able). */
export async function makeItem(officer, departmentId, extra = {}) {
	const r = await officer.post('services/items', {
		code: uniq('SX'),
		name: `建设项目环境影响登记${uniq('')}`,
		department_id: departmentId,
		statutory_days: 20,
		committed_days: 5,
		materials: [
			{ name: '申请表', required: true, tolerable: false },
			{ name: '营业执照副本', required: true, tolerable: true },
			{ name: '补充说明', required: false, tolerable: false },
		],
		...extra,
	});
	assert.equal(r.status, 201, `item: ${r}`);
	return r.json.item;
}

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
export const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da6360f8cf0000000301010018dd8db00000000049454e44ae426082', 'hex');

/** Uploads bytes as a material of a case; returns the answer. */
export function upload(client, caseId, materialId, buf = PDF, { name = '申请表.pdf', type = 'application/pdf' } = {}) {
	const q = new URLSearchParams({ name });
	if (materialId) q.set('material_id', String(materialId));
	return client.request('POST', `services/cases/${caseId}/files?${q}`, { body: buf, contentType: type });
}

/** A case of enterprise A, created by its HR and submitted today. */
export async function submittedCase(w, { item = w.item, hr = w.hrA } = {}) {
	const r = await hr.client.post('services/cases', { item_id: item.id, title: `申办${uniq('')}`, submit: true });
	assert.equal(r.status, 201, `case: ${r}`);
	return r.json.case;
}

/**
 * A case the officer registers on behalf of enterprise A as its agent (帮办代办), received
 * on `received` (a past date is a 补录) and, when `accepted` is given, accepted that day with
 * every required material on paper.
 */
export async function backdatedCase(w, { received, accepted, item = w.item, officer = w.officer } = {}) {
	let r = await officer.client.post('services/cases', { item_id: item.id, org_id: w.entA.id, title: `补录${uniq('')}` });
	assert.equal(r.status, 201, `case: ${r}`);
	const id = r.json.case.id;
	r = await officer.client.post(`services/cases/${id}/agent`, { agent_id: officer.id });
	assert.equal(r.status, 200, `agent: ${r}`);
	r = await officer.client.post(`services/cases/${id}/submit`, { on: received });
	assert.equal(r.status, 200, `submit: ${r}`);
	if (accepted) {
		for (const m of item.materials.filter((m) => m.required)) {
			r = await officer.client.post(`services/cases/${id}/paper`, { material_id: m.id });
			assert.equal(r.status, 200, `paper: ${r}`);
		}
		r = await officer.client.post(`services/cases/${id}/accept`, { on: accepted });
		assert.equal(r.status, 200, `accept: ${r}`);
	}
	return r.json.case;
}

/** The calendar the server holds now, rebuilt from GET /services/calendar/years/{y}. */
export async function serverCalendar(client) {
	const cal = new Calendar();
	const years = await client.get('services/calendar/years');
	assert.equal(years.status, 200, `${years}`);
	for (const y of years.json.items) {
		const r = await client.get(`services/calendar/years/${y.year}`);
		assert.equal(r.status, 200, `${r}`);
		cal.years.add(y.year);
		for (const d of r.json.days) cal.days.set(d.date, d.kind);
	}
	return cal;
}

/** Reads a file of the repository's data folder (for comparisons). */
export const dataFile = (name) => fs.readFileSync(path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'data', name), 'utf8');
