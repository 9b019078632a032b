// The competition's editions and teams through the API (docs/api.md, 创新创业大赛): edition
// life cycle and visibility; forming a team, invitations and the one-team rule; advisors;
// the business plan upload (type, size, bytes) and who may download it; submit, recall,
// college endorsement and return, the eligibility check with reasons, track limits,
// withdrawal; lists, the .xlsx export and the audit trail.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, rawRequest, uniq, xlsxText } from './harness.mjs';
import { addJudges, editionBody, makeCompWorld, makeTeam, openEdition, pdf, startCompServer } from './competition_lib.mjs';

let srv, w, admin, ed;

before(async () => {
	srv = await startCompServer();
	w = await makeCompWorld(srv, { students: 6, judges: 2 });
	admin = w.admin;
	ed = await openEdition(admin);
});
after(async () => {
	await srv?.stop();
});

const codes = (r) => (r.json.error.details || []).map((d) => d.code);

describe('editions', () => {
	it('an edition needs tracks, sane deadlines and member limits; names are unique', async () => {
		expectError(await admin.post('competition/editions', { ...editionBody(), tracks: undefined }), 400, 'missing', 'tracks');
		expectError(await admin.post('competition/editions', editionBody({ tracks: ['新材料', '新材料'] })), 400, 'invalid', 'tracks');
		const b = editionBody();
		expectError(await admin.post('competition/editions', { ...b, endorse_deadline: b.submit_deadline - 1 }), 400, 'invalid', 'endorse_deadline');
		expectError(await admin.post('competition/editions', editionBody({ min_members: 4, max_members: 3 })), 400, 'invalid', 'max_members');
		expectError(await admin.post('competition/editions', editionBody({ surprise: 1 })), 400, 'unknown_field', 'surprise');
		expectError(await admin.post('competition/editions', editionBody({ name: ed.edition.name })), 409, 'conflict', 'name');
	});

	it('a draft is the operator\'s alone; the status moves one step at a time', async () => {
		const r = await admin.post('competition/editions', editionBody());
		assert.equal(r.status, 201, `${r}`);
		const id = r.json.id;
		const s = w.students.A[0].client;
		expectError(await s.get(`competition/editions/${id}`), 404, 'not_found');
		assert.ok(!(await s.get('competition/editions')).json.items.some((e) => e.id === id));
		assert.ok((await admin.get('competition/editions')).json.items.some((e) => e.id === id && e.status === 'draft'));
		const g = await admin.get(`competition/editions/${id}`);
		assert.deepEqual(g.json.edition.tracks.map((t) => t.name), ['新材料', '智能制造', '文化创意', '生物科技']);
		expectError(await s.post(`competition/editions/${id}/teams`, { track_id: g.json.edition.tracks[0].id, name: `草稿届项目${uniq('')}` }), 404, 'not_found');
		expectError(await admin.post(`competition/editions/${id}/status`, { to: 'judging' }), 422, 'rule', 'to');
		assert.equal((await admin.post(`competition/editions/${id}/status`, { to: 'open' })).status, 200);
		expectError(await admin.post(`competition/editions/${id}/status`, { to: 'draft' }), 422, 'rule', 'to');
		const now = (await s.get(`competition/editions/${id}`)).json.edition;
		assert.equal(now.status, 'open');
		assert.equal(now.status_label, '报名中');
	});

	it('tracks can be added and renamed before judging; names stay unique', async () => {
		const r = await admin.post(`competition/editions/${ed.id}/tracks`, { name: '数字经济', max_teams: 20 });
		assert.equal(r.status, 201, `${r}`);
		expectError(await admin.post(`competition/editions/${ed.id}/tracks`, { name: '新材料' }), 409, 'conflict', 'name');
		expectError(await admin.post(`competition/tracks/${r.json.id}`, { name: '智能制造' }), 409, 'conflict', 'name');
		assert.equal((await admin.post(`competition/tracks/${r.json.id}`, { name: '数字经济与服务', max_teams: 0 })).status, 200);
		const g = await admin.get(`competition/editions/${ed.id}`);
		assert.ok(g.json.edition.tracks.some((t) => t.name === '数字经济与服务' && t.max_teams === 0));
	});
});

describe('forming a team', () => {
	it('a student forms one team per edition; fields are checked', async () => {
		const [s1] = w.students.A;
		expectError(await s1.client.post(`competition/editions/${ed.id}/teams`, { track_id: ed.tracks['新材料'] }), 400, 'missing', 'name');
		expectError(await s1.client.post(`competition/editions/${ed.id}/teams`, { track_id: 999999, name: '无效赛道项目' }), 400, 'invalid', 'track_id');
		expectError(await s1.client.post(`competition/editions/${ed.id}/teams`, { track_id: ed.tracks['新材料'], name: '视频项目', video_url: 'ftp://x' }), 400, 'invalid', 'video_url');
		const t = await makeTeam(w, ed, { leader: s1, until: 'draft' });
		const again = await s1.client.post(`competition/editions/${ed.id}/teams`, { track_id: ed.tracks['智能制造'], name: `第二个项目${uniq('')}` });
		expectError(again, 409, 'conflict');
		const other = await w.students.B[0].client.post(`competition/editions/${ed.id}/teams`, { track_id: ed.tracks['新材料'], name: t.name });
		expectError(other, 409, 'conflict', 'name');
		const g = await s1.client.get(`competition/teams/${t.id}`);
		assert.equal(g.status, 200, `${g}`);
		assert.equal(g.json.team.status, 'draft');
		assert.equal(g.json.team.my_access, 'leader');
		assert.equal(g.json.team.members.length, 1);
		assert.equal(g.json.team.members[0].is_leader, 1);
		assert.equal(g.json.team.has_plan, 1);
	});

	it('invitations: by college, number and name; accept, decline, the one-team rule', async () => {
		const [, lead, m1, m2] = w.students.A;
		const b1 = w.students.B[1];
		const c = await lead.client.post(`competition/editions/${ed.id}/teams`, { track_id: ed.tracks['智能制造'], name: `智能分拣${uniq('')}` });
		assert.equal(c.status, 201, `${c}`);
		const id = c.json.id;
		// A wrong name answers like an unknown number.
		expectError(await lead.client.post(`competition/teams/${id}/members`, { college_id: w.cA.id, student_no: m1.student_no, name: '不是这个人' }), 404, 'not_found', 'student_no');
		expectError(await lead.client.post(`competition/teams/${id}/members`, { college_id: w.cA.id, student_no: 'NOPE0001', name: m1.name }), 404, 'not_found', 'student_no');
		assert.equal((await lead.client.post(`competition/teams/${id}/members`, { college_id: w.cA.id, student_no: m1.student_no, name: m1.name })).status, 200);
		expectError(await lead.client.post(`competition/teams/${id}/members`, { college_id: w.cA.id, student_no: m1.student_no, name: m1.name }), 409, 'conflict', 'student_no');
		// Cross-college members are fine.
		assert.equal((await lead.client.post(`competition/teams/${id}/members`, { college_id: w.cB.id, student_no: b1.student_no, name: b1.name })).status, 200);
		const mine = await m1.client.get('competition/teams/mine');
		assert.ok(mine.json.items.some((t) => t.id === id && t.my_role === 'invitee'), `${mine}`);
		// An invitee reads the team, cannot edit it.
		assert.equal((await m1.client.get(`competition/teams/${id}`)).json.team.my_access, 'invitee');
		expectError(await m1.client.post(`competition/teams/${id}`, { track_id: ed.tracks['智能制造'], name: '篡改' }), 403, 'forbidden');
		// Someone else cannot answer an invitation they do not have.
		expectError(await m2.client.post(`competition/teams/${id}/accept`), 404, 'not_found');
		assert.equal((await m1.client.post(`competition/teams/${id}/accept`)).status, 200);
		assert.equal((await b1.client.post(`competition/teams/${id}/decline`)).status, 200);
		const g = await lead.client.get(`competition/teams/${id}`);
		assert.deepEqual(g.json.team.members.map((m) => [m.name, m.status]), [[lead.name, 'accepted'], [m1.name, 'accepted']]);
		// One team per edition: m1 cannot join another one.
		const other = await m2.client.post(`competition/editions/${ed.id}/teams`, { track_id: ed.tracks['智能制造'], name: `另一队${uniq('')}` });
		assert.equal(other.status, 201);
		assert.equal((await m2.client.post(`competition/teams/${other.json.id}/members`, { college_id: w.cA.id, student_no: m1.student_no, name: m1.name })).status, 200);
		expectError(await m1.client.post(`competition/teams/${other.json.id}/accept`), 409, 'conflict');
		// The leader removes a member; removing the leader is refused.
		expectError(await lead.client.post(`competition/teams/${id}/members/remove`, { student_id: lead.id }), 422, 'rule', 'student_id');
		assert.equal((await lead.client.post(`competition/teams/${id}/members/remove`, { student_id: m1.id })).status, 200);
		expectError(await lead.client.post(`competition/teams/${id}/members/remove`, { student_id: m1.id }), 404, 'not_found', 'student_id');
		// Now free, m1 may accept the other team's invitation.
		assert.equal((await m1.client.post(`competition/teams/${other.json.id}/accept`)).status, 200);
	});

	it('advisors: 1–2, named or college accounts', async () => {
		const lead = w.students.B[2];
		const t = await makeTeam(w, ed, { leader: lead, track: '文化创意', until: 'draft' });
		expectError(await lead.client.post(`competition/teams/${t.id}/advisors`, { advisors: [] }), 400, 'invalid', 'advisors');
		expectError(await lead.client.post(`competition/teams/${t.id}/advisors`, { advisors: [{ name: '甲' }, { name: '乙' }, { name: '丙' }] }), 400, 'invalid', 'advisors');
		expectError(await lead.client.post(`competition/teams/${t.id}/advisors`, { advisors: [{ title: '讲师' }] }), 400, 'invalid', 'advisors');
		expectError(await lead.client.post(`competition/teams/${t.id}/advisors`, { advisors: [{ account_id: w.judges[0].acct.id }] }), 400, 'invalid', 'advisors');
		const r = await lead.client.post(`competition/teams/${t.id}/advisors`, { advisors: [{ account_id: w.staffB.acct.id, title: '副教授' }, { name: '李工程师', college_id: w.cC.id }] });
		assert.equal(r.status, 200, `${r}`);
		const g = (await lead.client.get(`competition/teams/${t.id}`)).json.team;
		assert.deepEqual(g.advisors.map((a) => [a.name, a.college_id, a.title]), [[w.staffB.acct.display_name, w.cB.id, '副教授'], ['李工程师', w.cC.id, null]]);
	});
});

describe('the business plan', () => {
	let team, leader, member;
	before(async () => {
		leader = w.students.C[0];
		member = w.students.C[1];
		team = await makeTeam(w, ed, { leader, members: [member], track: '生物科技', until: 'draft', advisors: [{ account_id: w.staffA.acct.id }] });
	});

	it('PDF only (type and bytes), at most 10 MiB, from the leader of a draft', async () => {
		const up = (client, body, type) => client.request('POST', `competition/teams/${team.id}/plan`, { body, contentType: type });
		expectError(await up(leader.client, pdf(), 'application/octet-stream'), 415, 'unsupported_media_type');
		expectError(await up(leader.client, Buffer.from('PK\x03\x04 not a pdf'), 'application/pdf'), 400, 'invalid', 'plan');
		expectError(await up(leader.client, Buffer.alloc(0), 'application/pdf'), 400, 'invalid', 'plan');
		// 10 MiB + 1 byte: refused whether the length is declared up front or not.
		const big = Buffer.concat([pdf(), Buffer.alloc(10 * 1024 * 1024 + 1 - pdf().length)]);
		const headers = { 'Content-Type': 'application/pdf', Cookie: `skyway_session=${leader.client.cookie}`, 'X-CSRF-Token': leader.client.csrf, Origin: srv.url, 'X-Forwarded-For': leader.client.ip };
		const path = `/api/v1/competition/teams/${team.id}/plan`;
		const declared = await rawRequest(srv, { method: 'POST', path, headers: { ...headers, 'Content-Length': String(big.length) }, body: pdf() });
		assert.equal(declared.status, 413, `declared 10 MiB + 1: ${declared.status} ${declared.text}`);
		const sent = await rawRequest(srv, { method: 'POST', path, headers: { ...headers, 'Transfer-Encoding': 'chunked' }, body: big });
		assert.equal(sent.status, 413, `sent 10 MiB + 1: ${sent.status} ${sent.text}`);
		assert.equal((await leader.client.get(`competition/teams/${team.id}`)).json.team.plan_size, pdf(team.name).length, 'the first plan is still there');
		expectError(await up(member.client, pdf('member'), 'application/pdf'), 403, 'forbidden');
		const good = pdf(`正式版 ${team.name}`);
		assert.equal((await up(leader.client, good, 'application/pdf')).status, 200);
		const d = await leader.client.get(`competition/teams/${team.id}/plan`);
		assert.equal(d.status, 200);
		assert.match(d.header('content-type'), /^application\/pdf/);
		assert.match(d.header('content-disposition') || '', /attachment/);
		assert.ok(d.buf.equals(good), 'the bytes come back unchanged');
		team.plan = good;
	});

	it('served to the team, its advisor accounts and operators; not to other teams, other staff, HR, unassigned judges', async () => {
		for (const c of [leader.client, member.client, w.staffA.client, admin]) {
			const d = await c.get(`competition/teams/${team.id}/plan`);
			assert.equal(d.status, 200, `${d}`);
			assert.ok(d.buf.equals(team.plan));
		}
		// Staff of the team's own college who are not its advisors: no plan.
		const staffC = (await import('./recruit_lib.mjs')).makeStaff;
		const sc = await staffC(srv, admin, w.cC);
		expectError(await sc.client.get(`competition/teams/${team.id}/plan`), 403, 'forbidden');
		expectError(await w.students.A[4].client.get(`competition/teams/${team.id}/plan`), 404, 'not_found');
		expectError(await w.students.A[4].client.get(`competition/teams/${team.id}`), 404, 'not_found');
		expectError(await w.hr.client.get(`competition/teams/${team.id}/plan`), 403, 'forbidden');
		await addJudges(w, ed, [{ judge: w.judges[0], tracks: ['生物科技'] }]);
		expectError(await w.judges[0].client.get(`competition/teams/${team.id}/plan`), 404, 'not_found');
		expectError(await w.judges[0].client.get(`competition/teams/${team.id}`), 404, 'not_found');
		const audit = await admin.get('audit?action=competition.plan.download');
		assert.ok(audit.json.items.length >= 4, `downloads audited: ${audit}`);
	});
});

describe('submit, endorse, check', () => {
	it('submit lists what is missing; recall; edits only in draft', async () => {
		const lead = w.students.B[3];
		const c = await lead.client.post(`competition/editions/${ed.id}/teams`, { track_id: ed.tracks['新材料'], name: `石墨烯涂层${uniq('')}` });
		const id = c.json.id;
		const r = await lead.client.post(`competition/teams/${id}/submit`);
		expectError(r, 422, 'incomplete');
		assert.deepEqual(codes(r).sort(), ['advisors', 'plan', 'summary']);
		assert.equal((await lead.client.post(`competition/teams/${id}/advisors`, { advisors: [{ name: '赵老师' }] })).status, 200);
		assert.equal((await lead.client.request('POST', `competition/teams/${id}/plan`, { body: pdf('x'), contentType: 'application/pdf' })).status, 200);
		assert.equal((await lead.client.post(`competition/teams/${id}`, { track_id: ed.tracks['新材料'], name: `石墨烯涂层${uniq('')}`, summary: '耐腐蚀涂层' })).status, 200);
		assert.equal((await lead.client.post(`competition/teams/${id}/submit`)).status, 200);
		expectError(await lead.client.post(`competition/teams/${id}/submit`), 409, 'conflict', 'status');
		expectError(await lead.client.post(`competition/teams/${id}`, { track_id: ed.tracks['新材料'], name: '提交后修改' }), 422, 'rule', 'status');
		expectError(await lead.client.request('POST', `competition/teams/${id}/plan`, { body: pdf('y'), contentType: 'application/pdf' }), 422, 'rule', 'status');
		assert.equal((await lead.client.post(`competition/teams/${id}/recall`)).status, 200);
		assert.equal((await lead.client.get(`competition/teams/${id}`)).json.team.status, 'draft');
		expectError(await lead.client.post(`competition/teams/${id}/recall`), 409, 'conflict', 'status');
	});

	it('only the team\'s own college endorses, or returns it with a reason', async () => {
		const lead = w.students.A[4];
		const t = await makeTeam(w, ed, { leader: lead, track: '新材料', until: 'submitted' });
		expectError(await w.staffB.client.post(`competition/teams/${t.id}/endorse`, { ok: true }), 404, 'not_found');
		expectError(await lead.client.post(`competition/teams/${t.id}/endorse`, { ok: true }), 403, 'forbidden');
		expectError(await admin.post(`competition/teams/${t.id}/endorse`, { ok: true }), 403, 'forbidden');
		expectError(await w.staffA.client.post(`competition/teams/${t.id}/endorse`, { ok: false }), 400, 'invalid', 'reason');
		assert.equal((await w.staffA.client.post(`competition/teams/${t.id}/endorse`, { ok: false, reason: '请补充市场调研数据' })).status, 200);
		const back = (await lead.client.get(`competition/teams/${t.id}`)).json.team;
		assert.equal(back.status, 'draft');
		assert.equal(back.return_reason, '请补充市场调研数据');
		assert.equal((await lead.client.post(`competition/teams/${t.id}/submit`)).status, 200);
		assert.equal((await w.staffA.client.post(`competition/teams/${t.id}/endorse`, { ok: true })).status, 200);
		expectError(await w.staffA.client.post(`competition/teams/${t.id}/endorse`, { ok: true }), 409, 'conflict', 'status');
		const g = (await w.staffA.client.get(`competition/teams/${t.id}`)).json.team;
		assert.equal(g.status, 'endorsed');
		assert.equal(g.my_access, 'college');
		assert.ok(g.endorsed_at > 0);
	});

	it('eligibility: enrolled members, track limits, reasons kept; re-check', async () => {
		// Track 文化创意 takes one eligible team only.
		assert.equal((await admin.post(`competition/tracks/${ed.tracks['文化创意']}`, { name: '文化创意', max_teams: 1 })).status, 200);
		const a = await makeTeam(w, ed, { leader: w.students.B[4], track: '文化创意', staff: w.staffB });
		const b = await makeTeam(w, ed, { leader: w.students.B[5], members: [w.students.A[5]], track: '文化创意', staff: w.staffB, until: 'endorsed' });
		const k = await admin.post(`competition/teams/${b.id}/check`);
		assert.equal(k.status, 200, `${k}`);
		assert.equal(k.json.items[0].status, 'ineligible');
		assert.deepEqual(k.json.items[0].reasons.map((r) => r.code), ['track_full']);
		// A member who closes their account is no longer an enrolled student.
		assert.equal((await w.students.A[5].client.post('students/me/close', { password: w.students.A[5].password })).status, 200);
		assert.equal((await admin.post(`competition/tracks/${ed.tracks['文化创意']}`, { name: '文化创意', max_teams: 0 })).status, 200);
		const k2 = await admin.post(`competition/editions/${ed.id}/check`);
		assert.equal(k2.status, 200, `${k2}`);
		const mine = k2.json.items.find((i) => i.team_id === b.id);
		assert.equal(mine.status, 'ineligible');
		assert.deepEqual(mine.reasons.map((r) => r.code), ['enrolled']);
		assert.match(mine.reasons[0].message, /不是在读学生/);
		assert.equal(k2.json.items.find((i) => i.team_id === a.id).status, 'eligible');
		const seen = (await w.students.B[5].client.get(`competition/teams/${b.id}`)).json.team;
		assert.equal(seen.status, 'ineligible');
		assert.equal(seen.reasons[0].code, 'enrolled');
		// A draft cannot be checked.
		const d = await makeTeam(w, ed, { leader: w.students.C[2], track: '新材料', until: 'draft' });
		expectError(await admin.post(`competition/teams/${d.id}/check`), 422, 'rule', 'status');
	});

	it('withdrawing frees the members; the list and export follow each caller\'s scope', async () => {
		const lead = w.students.C[3], mem = w.students.C[4];
		const t = await makeTeam(w, ed, { leader: lead, members: [mem], track: '智能制造', until: 'submitted' });
		expectError(await mem.client.post(`competition/teams/${t.id}/withdraw`), 403, 'forbidden');
		assert.equal((await lead.client.post(`competition/teams/${t.id}/withdraw`)).status, 200);
		expectError(await lead.client.post(`competition/teams/${t.id}/withdraw`), 404, 'not_found');
		const t2 = await makeTeam(w, ed, { leader: mem, track: '智能制造', until: 'draft' });
		assert.ok(t2.id > 0);

		const all = await admin.get(`competition/editions/${ed.id}/teams?page_size=200`);
		assert.equal(all.status, 200);
		const colleges = new Set(all.json.items.map((i) => i.college_id));
		assert.ok(colleges.size >= 3, 'operator sees every college');
		const own = await w.staffA.client.get(`competition/editions/${ed.id}/teams?page_size=200`);
		assert.ok(own.json.items.length > 0);
		assert.ok(own.json.items.every((i) => i.college_id === w.cA.id), 'staff see their own college only');
		const filtered = await admin.get(`competition/editions/${ed.id}/teams?status=eligible&track_id=${ed.tracks['文化创意']}`);
		assert.ok(filtered.json.items.every((i) => i.status === 'eligible' && i.track === '文化创意'));
		assert.equal((await admin.get(`competition/editions/${ed.id}/teams?q=${encodeURIComponent(t2.name)}`)).json.total, 1);
		expectError(await w.students.A[0].client.get(`competition/editions/${ed.id}/teams`), 403, 'forbidden');
		expectError(await w.hr.client.get(`competition/editions/${ed.id}/teams`), 403, 'forbidden');

		const x = await w.staffA.client.get(`competition/editions/${ed.id}/teams/export`);
		assert.equal(x.status, 200, `${x}`);
		const text = xlsxText(x.buf);
		for (const i of own.json.items) assert.ok(text.includes(i.name), `export has ${i.name}`);
		assert.ok(!text.includes(t2.name) || own.json.items.some((i) => i.name === t2.name));

		const audit = await admin.get(`audit?action=competition.team.withdraw`);
		assert.ok(audit.json.items.some((a) => a.object_id === String(t.id)), `${audit}`);
	});
});
