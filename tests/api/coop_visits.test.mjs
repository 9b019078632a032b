// 双走进 visits: planning both ways (who may plan for whom, every validation error), the
// people of both sides, registration by staff and students of the college (and who may
// not), capacity, the check-in window, minutes, follow-ups with their owners, photos kept
// outside the database and served to the parties only, cancelling, and the calendar in
// each caller's scope.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, uniq } from './harness.mjs';
import { day, makeCoopWorld, nowSec, pdf, png, startCoopServer, student, upload } from './coop_lib.mjs';

let srv;
let w;
let stuA; // a student of college A
let stuB; // a student of college B

before(async () => {
	srv = await startCoopServer();
	w = await makeCoopWorld(srv);
	stuA = await student(srv, w.collegeA, { name: '林晓' });
	stuB = await student(srv, w.collegeB, { name: '吴娜' });
});
after(() => srv?.stop());

/** A visit body between enterprise A and college A, starting `inSec` from now for 2 h. */
const visitBody = (over = {}, inSec = 600) => ({
	direction: 'to_college',
	enterprise_id: w.entA.id,
	college_id: w.collegeA.id,
	title: `企业高管进校园${uniq('')}`,
	purpose: '介绍岗位需求，商谈共建实训基地',
	place: '清远职业技术学院 行政楼 3 楼会议室',
	starts_at: nowSec() + inSec,
	ends_at: nowSec() + inSec + 7200,
	capacity: 5,
	...over,
});
const plan = async (client, over, inSec) => {
	const r = await client.post('coop/visits', visitBody(over, inSec));
	assert.equal(r.status, 201, `${r}`);
	return r.json.visit;
};

describe('planning', () => {
	it('either party or the operator plans, naming people of both sides', async () => {
		const v = await plan(w.hrA.client, {
			people: [
				{ side: 'enterprise', name: '王总', title: '总经理' },
				{ side: 'college', name: '李院长', title: '副院长', account_id: w.staffA.acct.id },
			],
		});
		assert.equal(v.status, 'planned');
		assert.equal(v.enterprise, w.entA.name);
		assert.equal(v.college, w.collegeA.name);
		assert.equal(v.registered, 2);
		assert.deepEqual(v.people.map((p) => p.name).sort(), ['李院长', '王总'].sort());
		assert.ok(v.people.every((p) => p.planned === 1));
		assert.deepEqual(v.followups, []);
		assert.deepEqual(v.photos, []);
		assert.equal((await w.staffA.client.post('coop/visits', visitBody({ direction: 'to_enterprise' }))).status, 201);
		assert.equal((await w.admin.post('coop/visits', visitBody({ enterprise_id: w.entB.id, college_id: w.collegeB.id }))).status, 201);
	});

	it('refusals: not a party (403), pending enterprise, bad fields and times (400 naming the field)', async () => {
		expectError(await w.hrB.client.post('coop/visits', visitBody()), 403, 'forbidden');
		expectError(await w.staffB.client.post('coop/visits', visitBody()), 403, 'forbidden');
		expectError(await w.pendingHr.post('coop/visits', visitBody({ enterprise_id: w.pending.id })), 403, 'org_not_approved');
		expectError(await w.staffA.client.post('coop/visits', visitBody({ enterprise_id: w.pending.id })), 400, 'invalid', 'enterprise_id');
		expectError(await w.hrA.client.post('coop/visits', visitBody({ college_id: w.entB.id })), 400, 'invalid', 'college_id');
		expectError(await w.admin.post('coop/visits', visitBody({ college_id: w.entB.id })), 400, 'invalid', 'college_id');
		expectError(await w.hrA.client.post('coop/visits', visitBody({ direction: 'both' })), 400, 'invalid', 'direction');
		const t = nowSec() + 3600;
		expectError(await w.hrA.client.post('coop/visits', visitBody({ starts_at: t, ends_at: t })), 400, 'invalid', 'ends_at');
		expectError(await w.hrA.client.post('coop/visits', visitBody({ starts_at: t, ends_at: t + 4 * 86400 })), 400, 'invalid', 'ends_at');
		expectError(await w.hrA.client.post('coop/visits', visitBody({ people: [{ side: 'guest', name: '张三' }] })), 400, 'invalid', 'people');
		expectError(await w.hrA.client.post('coop/visits', visitBody({ people: [{ side: 'college', name: '张三', account_id: w.hrB.acct.id }] })), 400, 'invalid', 'people');
		expectError(await w.hrA.client.post('coop/visits', visitBody({ capacity: 0 })), 400, 'invalid', 'capacity');
	});

	it('editing a planned visit: the parties stay, capacity not below those registered', async () => {
		const v = await plan(w.hrA.client, { people: [{ side: 'enterprise', name: '甲' }, { side: 'enterprise', name: '乙' }, { side: 'enterprise', name: '丙' }] });
		const r = await w.staffA.client.post(`coop/visits/${v.id}`, visitBody({ title: '改期后的进校园活动', capacity: 10 }));
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.visit.title, '改期后的进校园活动');
		expectError(await w.staffA.client.post(`coop/visits/${v.id}`, visitBody({ capacity: 2 })), 422, 'rule', 'capacity');
		expectError(await w.staffA.client.post(`coop/visits/${v.id}`, visitBody({ enterprise_id: w.entB.id })), 400, 'invalid', 'enterprise_id');
		expectError(await w.hrB.client.post(`coop/visits/${v.id}`, visitBody()), 404, 'not_found');
	});
});

describe('registration and check-in', () => {
	let v;
	before(async () => {
		v = await plan(w.hrA.client, { capacity: 3 }, 600);
	});

	it('staff of the parties and students of the college register; others cannot see it', async () => {
		let r = await stuA.client.post(`coop/visits/${v.id}/register`);
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.visit.people.length, 1, 'a student sees their own registration only');
		assert.equal(r.json.visit.people[0].side, 'college');
		assert.equal(r.json.visit.minutes, undefined);
		expectError(await stuA.client.post(`coop/visits/${v.id}/register`), 409, 'conflict');
		assert.equal((await w.mentorA.client.post(`coop/visits/${v.id}/register`)).status, 200);
		expectError(await stuB.client.post(`coop/visits/${v.id}/register`), 404, 'not_found');
		expectError(await w.hrB.client.post(`coop/visits/${v.id}/register`), 404, 'not_found');
		expectError(await stuB.client.get(`coop/visits/${v.id}`), 404, 'not_found');
	});

	it('a full visit refuses the next (422 full)', async () => {
		assert.equal((await w.staffA.client.post(`coop/visits/${v.id}/register`)).status, 200);
		expectError(await w.hrA.client.post(`coop/visits/${v.id}/register`), 422, 'full');
		expectError(await w.hrA.client.post(`coop/visits/${v.id}/people`, { people: [{ side: 'enterprise', name: '赵六' }] }), 422, 'full', 'people');
	});

	it('check-in: oneself, or a participant by the parties; twice is 409; a student cannot check in others', async () => {
		let r = await stuA.client.post(`coop/visits/${v.id}/checkin`);
		assert.equal(r.status, 200, `${r}`);
		assert.ok(r.json.visit.people[0].checked_in_at > 0);
		expectError(await stuA.client.post(`coop/visits/${v.id}/checkin`), 409, 'conflict');
		const full = (await w.hrA.client.get(`coop/visits/${v.id}`)).json.visit;
		const mentor = full.people.find((p) => p.account_id === w.mentorA.acct.id);
		expectError(await stuA.client.post(`coop/visits/${v.id}/checkin`, { participant_id: mentor.id }), 403, 'forbidden', 'participant_id');
		r = await w.staffA.client.post(`coop/visits/${v.id}/checkin`, { participant_id: mentor.id });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.visit.checked_in, 2);
		expectError(await w.staffA.client.post(`coop/visits/${v.id}/checkin`, { participant_id: 99999999 }), 404, 'not_found', 'participant_id');
		expectError(await w.hrA.client.post(`coop/visits/${v.id}/checkin`), 404, 'not_found', 'participant_id');
	});

	it('check-in opens 2 h before the start', async () => {
		const later = await plan(w.hrA.client, {}, 3 * 3600);
		await stuA.client.post(`coop/visits/${later.id}/register`);
		expectError(await stuA.client.post(`coop/visits/${later.id}/checkin`), 422, 'rule');
	});
});

describe('minutes, follow-ups, photos, cancelling', () => {
	let v;
	before(async () => {
		v = await plan(w.staffA.client, { direction: 'to_enterprise', starts_at: nowSec() - 3600, ends_at: nowSec() + 600 }, 0);
	});

	it('no follow-up before the minutes; minutes only after the start; then done', async () => {
		const f = { title: '提交实训基地共建方案', owner_org_id: w.entA.id, owner_name: '王经理', due_on: day(14) };
		expectError(await w.hrA.client.post(`coop/visits/${v.id}/followups`, f), 409, 'conflict', 'status');
		const future = await plan(w.staffA.client, {}, 7200);
		expectError(await w.staffA.client.post(`coop/visits/${future.id}/minutes`, { minutes: '双方就实训基地共建达成初步意向。' }), 422, 'rule', 'minutes');
		expectError(await stuA.client.post(`coop/visits/${v.id}/minutes`, { minutes: '双方就实训基地共建达成初步意向。' }), 403, 'forbidden');
		const r = await w.hrA.client.post(`coop/visits/${v.id}/minutes`, { minutes: '双方就实训基地共建达成初步意向，企业提供设备，学院提供场地。' });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.visit.status, 'done');
		assert.match(r.json.visit.minutes, /实训基地/);
	});

	it('follow-ups: an owner among the parties, a real date; closed by the owner or the operator', async () => {
		const f = { title: '提交实训基地共建方案', owner_org_id: w.entA.id, owner_name: '王经理', due_on: day(14) };
		expectError(await w.staffA.client.post(`coop/visits/${v.id}/followups`, { ...f, owner_org_id: w.entB.id }), 400, 'invalid', 'owner_org_id');
		expectError(await w.staffA.client.post(`coop/visits/${v.id}/followups`, { ...f, due_on: '2026-02-30' }), 400, 'invalid', 'due_on');
		let r = await w.staffA.client.post(`coop/visits/${v.id}/followups`, f);
		assert.equal(r.status, 201, `${r}`);
		const fu = r.json.visit.followups[0];
		assert.equal(fu.owner_org, w.entA.name);
		assert.equal(fu.status, 'open');
		expectError(await w.staffA.client.post(`coop/visits/${v.id}/followups/done`, { followup_id: fu.id, note: '已提交' }), 403, 'forbidden', 'followup_id');
		r = await w.hrA.client.post(`coop/visits/${v.id}/followups/done`, { followup_id: fu.id, note: '方案已提交学院' });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.visit.followups[0].status, 'done');
		assert.equal(r.json.visit.followups_open, 0);
		expectError(await w.hrA.client.post(`coop/visits/${v.id}/followups/done`, { followup_id: fu.id }), 409, 'conflict', 'followup_id');
	});

	it('photos: real images only, kept by SHA-256, served to the parties and operators only', async () => {
		const img = png();
		let r = await upload(w.hrA.client, `coop/visits/${v.id}/photos`, img, 'image/png');
		assert.equal(r.status, 201, `${r}`);
		const photo = r.json.visit.photos[0];
		assert.equal(photo.mime, 'image/png');
		assert.equal(photo.bytes, img.length);
		for (const c of [w.hrA.client, w.staffA.client, w.admin]) {
			const g = await c.get(`coop/files/${photo.id}`);
			assert.equal(g.status, 200, `${g}`);
			assert.equal(g.header('content-type'), 'image/png');
			assert.deepEqual(g.buf, img);
		}
		for (const c of [w.hrB.client, w.staffB.client, stuA.client]) expectError(await c.get(`coop/files/${photo.id}`), 404, 'not_found');
		// The declared type does not matter: the bytes do.
		expectError(await upload(w.hrA.client, `coop/visits/${v.id}/photos`, Buffer.from('not an image at all'), 'image/jpeg'), 400, 'invalid', 'file');
		expectError(await upload(w.hrA.client, `coop/visits/${v.id}/photos`, pdf(), 'image/png'), 400, 'invalid', 'file');
		expectError(await upload(w.hrA.client, `coop/visits/${v.id}/photos`, img, 'text/html'), 415, 'unsupported_media_type');
		expectError(await upload(w.hrB.client, `coop/visits/${v.id}/photos`, png(), 'image/png'), 404, 'not_found');
		r = await w.staffA.client.get(`coop/visits/${v.id}`);
		assert.equal(r.json.visit.photos.length, 1, 'refused uploads wrote no row');
	});

	it('cancelling: planned only, with a reason; a cancelled visit leaves the students\' calendar', async () => {
		const p = await plan(w.hrA.client, {}, 7200);
		expectError(await w.hrA.client.post(`coop/visits/${p.id}/cancel`, {}), 400, 'missing', 'reason');
		const r = await w.hrA.client.post(`coop/visits/${p.id}/cancel`, { reason: '企业临时有接待任务' });
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.visit.status, 'cancelled');
		expectError(await w.hrA.client.post(`coop/visits/${p.id}/cancel`, { reason: '再次取消' }), 409, 'conflict', 'status');
		expectError(await stuA.client.post(`coop/visits/${p.id}/register`), 404, 'not_found');
		expectError(await w.hrA.client.post(`coop/visits/${v.id}/cancel`, { reason: '已开展不能取消' }), 409, 'conflict', 'status');
	});
});

describe('the calendar', () => {
	it('the operator sees all, a party its own, a student their college\'s without minutes', async () => {
		const b = await plan(w.admin, { enterprise_id: w.entB.id, college_id: w.collegeB.id, title: `乙方走访${uniq('')}` });
		const ids = async (c, qs = '') => {
			const r = await c.get(`coop/visits${qs}`);
			assert.equal(r.status, 200, `${r}`);
			return r.json.items;
		};
		assert.ok((await ids(w.admin)).some((x) => x.id === b.id));
		assert.ok((await ids(w.hrB.client)).some((x) => x.id === b.id));
		assert.ok((await ids(w.staffB.client)).some((x) => x.id === b.id));
		for (const c of [w.hrA.client, w.staffA.client, stuA.client]) assert.ok(!(await ids(c)).some((x) => x.id === b.id));
		const mine = await ids(stuA.client);
		assert.ok(mine.length > 0 && mine.every((x) => x.college_id === w.collegeA.id && x.status !== 'cancelled' && !('minutes' in x)));
		const window = await ids(w.admin, `?from=${b.starts_at}&to=${b.starts_at + 1}`);
		assert.ok(window.every((x) => x.starts_at === b.starts_at));
		const starts = (await ids(w.admin)).map((x) => x.starts_at);
		assert.deepEqual(starts, [...starts].sort((x, y) => x - y), 'by start');
		assert.ok((await ids(w.admin, `?org_id=${w.entB.id}`)).every((x) => x.enterprise_id === w.entB.id || x.college_id === w.entB.id));
	});
});
