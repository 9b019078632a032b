// Fault injection over every write of recruitment (src/domain/position*.c, application.c,
// import.c): each request below is sent with its 1st, 2nd, ... database operation failing
// (tests/api/faults_lib.mjs), and every attempt whose fault fired must answer 500 with the
// JSON error shape and leave the whole database as it was; the unfaulted attempt then does
// what the request asks.  Audit rows are part of each write's transaction and the rows of the
// answer are read before its commit, so no fault can land a change and still answer 500.
// (Creating and submitting a position, applying and one status change are in faults.test.mjs.)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { creditCode, uniq } from './harness.mjs';
import { makeFairWorld } from './fair_lib.mjs';
import { diff, dump, faultEveryStep as faultSteps } from './faults_lib.mjs';
import { XLSX_TYPE, createPosition, csvBom, openPosition, positionBody, startRecruitServer } from './recruit_lib.mjs';

let srv, w, pending;

before(async () => {
	srv = await startRecruitServer({ env: { SKYWAY_TEST_FAULTS: '1' } });
	w = await makeFairWorld(srv);
	// A self-registered enterprise is pending review: its positions go through the operator.
	const reg = { name: `清远${uniq('')}新材料有限公司`, credit_code: creditCode(), contact_name: '陈经理', login: uniq('hrp'), password: `Qy-${uniq('pw')}-2026` };
	const r = await srv.client().post('register/enterprise', reg);
	assert.equal(r.status, 201, `${r}`);
	pending = await srv.login(reg.login, reg.password);
});
after(async () => {
	await srv?.stop();
});

/** faultEveryStep on this file's server, expecting `status` from the unfaulted attempt. */
async function faults(what, status, send) {
	const { r, ops } = await faultSteps(srv, what, send);
	assert.equal(r.status, status, `${what} unfaulted: ${r}`);
	return r;
}

const fault = (n) => ({ 'X-Skyway-Fault': String(n) });
const fired = (r) => r.headers.get('x-skyway-fault-fired') === '1';

/** The number of database operations of a request that writes nothing (an import's
 * preview): the largest N whose fault fires, by doubling then bisection. */
async function opsOf(send) {
	let lo = 0;
	let hi = 1;
	while (fired(await send(fault(hi)))) [lo, hi] = [hi, hi * 2];
	while (hi - lo > 1) {
		const mid = (lo + hi) >> 1;
		if (fired(await send(fault(mid)))) lo = mid;
		else hi = mid;
	}
	return lo;
}

/**
 * An import's commit, faulted: it first reads the dictionaries and what exists (thousands of
 * steps, one per row, as its preview does: `reads`), then writes, audits and commits.  The
 * first operations and every one from the end of the reads on are faulted one by one; in
 * between, every 37th (each read there fails the same way: the whole dictionary load).
 * Every fired fault must answer 500 and write nothing; returns the unfaulted answer.
 */
async function faultImport(what, status, reads, send) {
	let before = await dump(srv);
	const attempt = async (n) => {
		const r = await send(fault(n));
		if (!fired(r)) return r;
		const now = await dump(srv);
		assert.equal(r.status, 500, `${what}: fault at operation ${n} answered ${r}`);
		assert.equal(r.json?.error?.code, 'internal', `${what}: fault at ${n}: JSON error shape: ${r}`);
		assert.deepEqual(diff(before, now), [], `${what}: fault at operation ${n} wrote to these tables`);
		before = now;
		return null;
	};
	for (let n = 1; n < reads - 3; n += n < 12 ? 1 : 37)
		assert.equal(await attempt(n), null, `${what}: no fault at ${n}, yet its preview makes ${reads} operations`);
	for (let n = Math.max(1, reads - 3); n < reads + 2000; n++) {
		const r = await attempt(n);
		if (r) {
			assert.equal(r.status, status, `${what} unfaulted: ${r}`);
			return r;
		}
	}
	assert.fail(`${what}: still faulting 2000 operations after its reads`);
}

/** The audit rows of action about object id (as the operator reads them). */
async function audited(action, id) {
	const r = await w.admin.get(`audit?action=${action}&page_size=200`);
	assert.equal(r.status, 200, `${r}`);
	return r.json.items.filter((a) => id === undefined || String(a.object_id) === String(id));
}

describe('positions: every write of the life cycle, faulted at each operation', () => {
	it('editing a draft, closing and reopening (HR), closing (operator)', async () => {
		const hr = w.e1.client;
		const p = await createPosition(hr, { title: `数控编程员${uniq('')}` });
		const u = await faults('edit position', 200, (headers) =>
			hr.post(`positions/${p.id}`, positionBody({ title: '数控编程员（五轴）', headcount: 4, majors: ['4603'], required_skills: ['plc'] }), { headers }),
		);
		assert.equal(u.json.position.title, '数控编程员（五轴）');
		assert.deepEqual(u.json.position.required_skills.map((s) => s.id), ['plc']);
		assert.equal((await audited('position.update', p.id)).length, 1, 'one audit row, written with the change');
		const open = await openPosition(hr, { title: `装配技术员${uniq('')}` });
		const c = await faults('close position', 200, (headers) => hr.post(`positions/${open.id}/close`, undefined, { headers }));
		assert.equal(c.json.position.status, 'closed');
		const ro = await faults('reopen position', 200, (headers) => hr.post(`positions/${open.id}/reopen`, undefined, { headers }));
		assert.equal(ro.json.position.status, 'open');
		const oc = await faults('operator closes', 200, (headers) => w.admin.post(`positions/${open.id}/close`, undefined, { headers }));
		assert.equal(oc.json.position.status, 'closed');
		assert.deepEqual((await audited('position.close', open.id)).map((a) => a.detail), ['closed', 'closed']);
	});

	it('an unverified enterprise: submit → pending, reject with a reason, edit and resubmit, approve', async () => {
		const p = await createPosition(pending, { title: `新材料研发助理${uniq('')}` });
		const s = await faults('submit (pending)', 200, (headers) => pending.post(`positions/${p.id}/submit`, undefined, { headers }));
		assert.equal(s.json.position.status, 'pending');
		const rj = await faults('reject position', 200, (headers) => w.admin.post(`positions/${p.id}/reject`, { reason: '薪资信息不完整' }, { headers }));
		assert.equal(rj.json.position.status, 'rejected');
		assert.equal(rj.json.position.reject_reason, '薪资信息不完整');
		await faults('edit rejected', 200, (headers) => pending.post(`positions/${p.id}`, positionBody({ title: '新材料研发助理', salary_min: 4000, salary_max: 5000 }), { headers }));
		assert.equal((await pending.post(`positions/${p.id}/submit`)).json.position.status, 'pending');
		const ap = await faults('approve position', 200, (headers) => w.admin.post(`positions/${p.id}/approve`, undefined, { headers }));
		assert.equal(ap.json.position.status, 'open');
		// Editing the open position of an unverified enterprise sends it back to review: the
		// second UPDATE of the same transaction.
		const back = await faults('edit open (unverified)', 200, (headers) => pending.post(`positions/${p.id}`, positionBody({ title: '新材料研发工程师助理' }), { headers }));
		assert.equal(back.json.position.status, 'pending');
	});
});

describe('applications: every move of the pipeline, faulted at each operation', () => {
	let p, app;

	before(async () => {
		p = await openPosition(w.e3.client, { title: `电子装配工${uniq('')}`, headcount: 5 });
		const r = await w.s1.client.post(`positions/${p.id}/apply`);
		assert.equal(r.status, 201, `${r}`);
		app = r.json.application.id;
	});

	it('HR opens it (viewed), invites to an interview, offers; the student accepts', async () => {
		const hr = w.e3.client;
		const v = await faults('viewed', 200, (headers) => hr.post(`applications/${app}/viewed`, undefined, { headers }));
		assert.equal(v.json.application.status, 'viewed');
		// Already viewed: nothing to write, the same answer.
		assert.equal((await hr.post(`applications/${app}/viewed`)).json.application.status, 'viewed');
		await faults('interview', 200, (headers) => hr.post(`applications/${app}/status`, { status: 'interview', note: '周三上午面试' }, { headers }));
		await faults('offer', 200, (headers) => hr.post(`applications/${app}/status`, { status: 'offered' }, { headers }));
		const acc = await faults('accept', 200, (headers) => w.s1.client.post(`applications/${app}/accept`, undefined, { headers }));
		assert.equal(acc.json.application.status, 'accepted');
		const seen = await w.s1.client.get(`applications/${app}`);
		assert.deepEqual(seen.json.application.history.map((h) => h.to_status), ['submitted', 'viewed', 'interview', 'offered', 'accepted']);
		assert.deepEqual((await audited('application.status', app)).map((a) => a.detail).sort(), ['accepted', 'interview', 'offered', 'viewed']);
	});

	it('the student withdraws', async () => {
		const q = await openPosition(w.e4.client, { title: `仓储管理员${uniq('')}` });
		const r = await w.s3.client.post(`positions/${q.id}/apply`);
		assert.equal(r.status, 201, `${r}`);
		const wd = await faults('withdraw', 200, (headers) => w.s3.client.post(`applications/${r.json.application.id}/withdraw`, undefined, { headers }));
		assert.equal(wd.json.application.status, 'withdrawn');
	});

	it('HR moves several at once, all or nothing', async () => {
		const q = await openPosition(w.e4.client, { title: `理货员${uniq('')}`, headcount: 4 });
		const ids = [];
		for (const s of [w.s4, w.s5]) {
			const r = await s.client.post(`positions/${q.id}/apply`);
			assert.equal(r.status, 201, `${r}`);
			ids.push(r.json.application.id);
		}
		const b = await faults('bulk status', 200, (headers) => w.e4.client.post('applications/bulk', { ids, status: 'interview' }, { headers }));
		assert.equal(b.json.updated, 2);
		for (const id of ids) assert.equal((await w.e4.client.get(`applications/${id}`)).json.application.status, 'interview');
		assert.equal((await audited('application.bulk_status')).filter((a) => a.detail === '2 -> interview').length, 1);
	});

	it('exporting the list writes its audit row or nothing', async () => {
		const before = (await audited('application.export')).length;
		const r = await faults('applications export', 200, (headers) => w.e3.client.get('applications/export', { headers }));
		assert.equal(r.headers.get('content-type'), XLSX_TYPE);
		assert.equal((await audited('application.export')).length, before + 1);
	});
});

describe('imports: a commit is written with its audit row, all or nothing', () => {
	it('HR imports positions', async () => {
		const csv = `岗位名称,岗位类型,招聘人数,专业要求,必备技能,工作城市\n电气调试员${uniq('')},全职,3,4603,PLC编程,清远市\n出纳实习生${uniq('')},实习,1,530302,,\n`;
		const send = (action) => (headers) => w.e2.client.request('POST', `imports/positions/${action}`, { body: csvBom(csv), contentType: 'text/csv', headers });
		const r = await faultImport('import positions', 200, await opsOf(send('preview')), send('commit'));
		assert.equal(r.json.created, 2);
		assert.ok((await audited('import.commit')).some((a) => a.detail === '2 rows, 0 errors' && a.outcome === 'ok'), 'the commit is audited');
	});

	it('college staff import students (new and updated)', async () => {
		const no = `2025${String(Date.now()).slice(-6)}`;
		const csv = `学号,姓名,专业,毕业年份\n${no}1,周晓梅,460301,2026\n${no}2,黄志强,510101,2027\n`;
		const send = (file, action) => (headers) => w.staffA.client.request('POST', `imports/students/${action}`, { body: csvBom(file), contentType: 'text/csv', headers });
		const r = await faultImport('import students', 200, await opsOf(send(csv, 'preview')), send(csv, 'commit'));
		assert.equal(r.json.created, 2);
		const changed = csv.replace('2026', '2025');
		const again = await faultImport('import students again', 200, await opsOf(send(changed, 'preview')), send(changed, 'commit'));
		assert.equal(again.json.updated, 2);
	});

	it('the operator imports enterprises; a refused commit answers 422 and audits only the refusal', async () => {
		const csv = `企业名称,统一社会信用代码,所属行业,是否高新区企业\n清远智造${uniq('')}有限公司,${creditCode()},38,是\n`;
		const r = await faults('import enterprises', 200, (headers) => w.admin.request('POST', 'imports/enterprises/commit', { body: csvBom(csv), contentType: 'text/csv', headers }));
		assert.equal(r.json.created, 1);
		const bad = `企业名称,统一社会信用代码\n清远坏代码${uniq('')}有限公司,91441800MA4UJ8AB1X\n`;
		const before = (await audited('import.commit')).filter((a) => a.outcome === 'failed').length;
		const refused = await faults('refused import', 422, (headers) => w.admin.request('POST', 'imports/enterprises/commit', { body: csvBom(bad), contentType: 'text/csv', headers }));
		assert.equal(refused.json.committed, false);
		assert.equal(refused.json.error.field, 'file');
		assert.equal((await audited('import.commit')).filter((a) => a.outcome === 'failed').length, before + 1);
	});
});
