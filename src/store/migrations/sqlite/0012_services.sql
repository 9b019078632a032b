-- Zone services (issue 13): the working-day calendar, service items and cases
-- with clocks, ratings (好差评) and their follow-ups, investment projects,
-- policy rounds (政策申报).  Dates of the working-day world are TEXT
-- 'YYYY-MM-DD' (China's calendar days; they compare as text); moments are
-- epoch seconds as everywhere else.

-- The working-day calendar: one row per year whose State Council notice is
-- known, the days that differ from Monday-Friday, and a version every change
-- bumps (servers reload their cached calendar when it moved).
CREATE TABLE workcal_years (
  year INTEGER PRIMARY KEY,
  source TEXT NOT NULL CHECK (source IN ('shipped', 'operator')),
  notice TEXT,
  digest TEXT NOT NULL,
  updated_by INTEGER REFERENCES accounts (id),
  updated_at BIGINT NOT NULL
);
CREATE TABLE workcal_days (
  day TEXT PRIMARY KEY,
  year INTEGER NOT NULL REFERENCES workcal_years (year) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('off', 'work')),
  name TEXT NOT NULL
);
CREATE INDEX workcal_days_year ON workcal_days (year);
CREATE TABLE workcal_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version BIGINT NOT NULL
);
INSERT INTO workcal_version (id, version) VALUES (1, 0);

-- Settings of the services area (rectification days, which events may be rated).
CREATE TABLE service_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
INSERT INTO service_settings (key, value) VALUES ('rectify_days', '5');
INSERT INTO service_settings (key, value) VALUES ('rate_fairs', '0');

-- Departments (部门) and the officers in them; a head sees its escalations.
CREATE TABLE service_departments (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE TABLE service_department_members (
  department_id INTEGER NOT NULL REFERENCES service_departments (id) ON DELETE CASCADE,
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  is_head INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (department_id, account_id)
);
CREATE INDEX service_department_members_account ON service_department_members (account_id);

-- Service items (事项): limits in working days, materials, departments.
CREATE TABLE service_items (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  department_id INTEGER NOT NULL REFERENCES service_departments (id),
  statutory_days INTEGER NOT NULL CHECK (statutory_days BETWEEN 1 AND 365),
  committed_days INTEGER NOT NULL CHECK (committed_days BETWEEN 1 AND 365),
  no_application INTEGER NOT NULL DEFAULT 0,
  description TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (committed_days <= statutory_days)
);
CREATE TABLE service_item_departments (
  item_id INTEGER NOT NULL REFERENCES service_items (id) ON DELETE CASCADE,
  department_id INTEGER NOT NULL REFERENCES service_departments (id),
  PRIMARY KEY (item_id, department_id)
);
CREATE TABLE service_item_materials (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES service_items (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  required INTEGER NOT NULL DEFAULT 1,
  tolerable INTEGER NOT NULL DEFAULT 0,
  position INTEGER NOT NULL DEFAULT 0,
  retired INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX service_item_materials_item ON service_item_materials (item_id, position);

-- Cases: the applicant (an enterprise today; resident projects later), the
-- state, and the clock as last computed (domain/service_clock.h): the
-- threshold dates let a list colour a case for any day in SQL, and every
-- event and every calendar change recomputes them.
CREATE TABLE service_cases (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES service_items (id),
  applicant_kind TEXT NOT NULL DEFAULT 'enterprise' CHECK (applicant_kind IN ('enterprise', 'project')),
  org_id INTEGER NOT NULL REFERENCES organizations (id),
  project_ref BIGINT,
  title TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES accounts (id),
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'received', 'correcting',
    'accepted', 'paused', 'done', 'refused', 'withdrawn')),
  outcome TEXT CHECK (outcome IN ('approved', 'denied')),
  statutory_days INTEGER NOT NULL,
  committed_days INTEGER NOT NULL,
  tolerant INTEGER NOT NULL DEFAULT 0,
  tolerant_due TEXT,
  tolerant_done TEXT,
  agent_id INTEGER REFERENCES accounts (id),
  handler_id INTEGER REFERENCES accounts (id),
  pause_kind TEXT,
  received_on TEXT,
  clock_state TEXT NOT NULL DEFAULT 'none',
  clock_start TEXT,
  deemed INTEGER NOT NULL DEFAULT 0,
  decide_by TEXT,
  deadline TEXT,
  statutory_deadline TEXT,
  yellow_from TEXT,
  red_from TEXT,
  overdue_from TEXT,
  used_days INTEGER NOT NULL DEFAULT 0,
  paused_days INTEGER NOT NULL DEFAULT 0,
  finished_on TEXT,
  late INTEGER NOT NULL DEFAULT 0,
  calendar_missing INTEGER NOT NULL DEFAULT 0,
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX service_cases_clock ON service_cases (clock_state, deadline);
CREATE INDEX service_cases_org ON service_cases (org_id, id);
CREATE INDEX service_cases_item ON service_cases (item_id, status);
CREATE INDEX service_cases_agent ON service_cases (agent_id);
CREATE TABLE service_case_events (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES service_cases (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  on_day TEXT NOT NULL,
  at BIGINT NOT NULL,
  actor_id INTEGER REFERENCES accounts (id),
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX service_case_events_case ON service_case_events (case_id, id);
-- The materials of a case: uploaded, handed in on paper at the window, or
-- pending (容缺: accepted as missing, due by the case's tolerant_due).  A
-- material without a row is missing.
CREATE TABLE service_case_materials (
  case_id INTEGER NOT NULL REFERENCES service_cases (id) ON DELETE CASCADE,
  material_id INTEGER NOT NULL REFERENCES service_item_materials (id),
  state TEXT NOT NULL CHECK (state IN ('uploaded', 'paper', 'pending')),
  tolerant INTEGER NOT NULL DEFAULT 0,
  provided_on TEXT,
  PRIMARY KEY (case_id, material_id)
);
-- Uploaded materials: the bytes live outside the database (base/filestore).
CREATE TABLE service_files (
  id INTEGER PRIMARY KEY,
  owner_kind TEXT NOT NULL CHECK (owner_kind IN ('case', 'project')),
  owner_id BIGINT NOT NULL,
  material_id INTEGER REFERENCES service_item_materials (id),
  stage INTEGER,
  filename TEXT NOT NULL,
  mime TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_by INTEGER REFERENCES accounts (id),
  uploaded_at BIGINT NOT NULL
);
CREATE INDEX service_files_owner ON service_files (owner_kind, owner_id);
-- Escalations read (已阅督办) by a department head.
CREATE TABLE service_escalation_acks (
  case_id INTEGER NOT NULL REFERENCES service_cases (id) ON DELETE CASCADE,
  overdue_from TEXT NOT NULL,
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  note TEXT NOT NULL DEFAULT '',
  at BIGINT NOT NULL,
  PRIMARY KEY (case_id, overdue_from)
);
-- The recompute of every open clock writes its results here first, then one
-- UPDATE joins them (a statement per case would cost a round trip each).
CREATE TABLE service_clock_scratch (
  case_id INTEGER PRIMARY KEY,
  clock_state TEXT NOT NULL,
  clock_start TEXT,
  deemed INTEGER NOT NULL,
  decide_by TEXT,
  deadline TEXT,
  statutory_deadline TEXT,
  yellow_from TEXT,
  red_from TEXT,
  overdue_from TEXT,
  used_days INTEGER NOT NULL,
  paused_days INTEGER NOT NULL,
  late INTEGER NOT NULL,
  calendar_missing INTEGER NOT NULL
);

-- 好差评: one rating per subject and rater per round (the second round is the
-- rating after a rectification), and the follow-up a bad rating opens.
CREATE TABLE service_ratings (
  id INTEGER PRIMARY KEY,
  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('case', 'fair', 'visit', 'booking')),
  subject_id BIGINT NOT NULL,
  round INTEGER NOT NULL DEFAULT 1 CHECK (round IN (1, 2)),
  item_id INTEGER REFERENCES service_items (id),
  department_id INTEGER REFERENCES service_departments (id),
  org_id INTEGER REFERENCES organizations (id),
  account_id INTEGER REFERENCES accounts (id),
  named INTEGER NOT NULL DEFAULT 1,
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
  comment TEXT NOT NULL DEFAULT '',
  channel TEXT NOT NULL CHECK (channel IN ('web', 'mobile', 'window', 'phone', 'sms', 'kiosk')),
  rated_on TEXT NOT NULL,
  excluded INTEGER NOT NULL DEFAULT 0,
  is_demo INTEGER NOT NULL DEFAULT 0,
  at BIGINT NOT NULL,
  UNIQUE (subject_kind, subject_id, org_id, round)
);
CREATE INDEX service_ratings_department ON service_ratings (department_id, rated_on);
CREATE TABLE service_followups (
  id INTEGER PRIMARY KEY,
  rating_id INTEGER NOT NULL UNIQUE REFERENCES service_ratings (id),
  department_id INTEGER REFERENCES service_departments (id),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'contacted', 'rectified',
    'closed', 'appealed', 'voided')),
  opened_on TEXT NOT NULL,
  contact_due TEXT NOT NULL,
  contacted_on TEXT,
  contact_note TEXT,
  rectify_days INTEGER NOT NULL,
  rectify_due TEXT NOT NULL,
  rectified_on TEXT,
  rectify_note TEXT,
  callback_on TEXT,
  callback_note TEXT,
  second_rating_id INTEGER REFERENCES service_ratings (id),
  appeal_from TEXT,
  appeal_on TEXT,
  appeal_reason TEXT,
  appeal_by INTEGER REFERENCES accounts (id),
  review_on TEXT,
  review_upheld INTEGER,
  review_note TEXT,
  review_by INTEGER REFERENCES accounts (id),
  closed_on TEXT,
  calendar_missing INTEGER NOT NULL DEFAULT 0,
  is_demo INTEGER NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);
CREATE INDEX service_followups_status ON service_followups (status, contact_due);

-- Investment projects (招商引资): seven stages, an officer and a limit per stage.
CREATE TABLE invest_stage_limits (
  stage INTEGER PRIMARY KEY CHECK (stage BETWEEN 1 AND 7),
  limit_days INTEGER NOT NULL CHECK (limit_days BETWEEN 1 AND 365)
);
INSERT INTO invest_stage_limits (stage, limit_days) VALUES (1, 5), (2, 10), (3, 10), (4, 5),
  (5, 5), (6, 5), (7, 3);
CREATE TABLE invest_projects (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  investor TEXT NOT NULL,
  amount_wan BIGINT NOT NULL DEFAULT 0,
  industry_code TEXT,
  summary TEXT NOT NULL DEFAULT '',
  stage INTEGER NOT NULL DEFAULT 1 CHECK (stage BETWEEN 1 AND 7),
  stage_on TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'signed', 'dropped')),
  closed_on TEXT,
  drop_reason TEXT,
  created_by INTEGER REFERENCES accounts (id),
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX invest_projects_stage ON invest_projects (status, stage);
CREATE TABLE invest_stage_officers (
  project_id INTEGER NOT NULL REFERENCES invest_projects (id) ON DELETE CASCADE,
  stage INTEGER NOT NULL CHECK (stage BETWEEN 1 AND 7),
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  PRIMARY KEY (project_id, stage)
);
CREATE TABLE invest_stage_history (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES invest_projects (id) ON DELETE CASCADE,
  stage INTEGER NOT NULL,
  entered_on TEXT NOT NULL,
  left_on TEXT NOT NULL,
  days INTEGER NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('advanced', 'returned', 'dropped', 'signed')),
  officer_id INTEGER REFERENCES accounts (id),
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX invest_stage_history_stage ON invest_stage_history (stage, days);
CREATE INDEX invest_stage_history_project ON invest_stage_history (project_id, id);

-- Policy rounds (政策申报): a policy's conditions and score sheet, rounds with
-- dates and a publicity period, applications with their pre-check, review,
-- decision and payments.
CREATE TABLE policy_policies (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  department_id INTEGER REFERENCES service_departments (id),
  summary TEXT NOT NULL DEFAULT '',
  conditions TEXT NOT NULL DEFAULT '{}',
  score_sheet TEXT NOT NULL DEFAULT '[]',
  pass_score INTEGER NOT NULL DEFAULT 60,
  max_amount BIGINT NOT NULL DEFAULT 0,
  no_application INTEGER NOT NULL DEFAULT 0,
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE policy_rounds (
  id INTEGER PRIMARY KEY,
  policy_id INTEGER NOT NULL REFERENCES policy_policies (id),
  name TEXT NOT NULL,
  opens_on TEXT NOT NULL,
  closes_on TEXT NOT NULL,
  publicity_days INTEGER NOT NULL DEFAULT 5 CHECK (publicity_days BETWEEN 1 AND 30),
  budget BIGINT NOT NULL DEFAULT 0,
  stage TEXT NOT NULL DEFAULT 'draft' CHECK (stage IN ('draft', 'published', 'publicity', 'done')),
  publicity_from TEXT,
  publicity_to TEXT,
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE policy_applications (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES policy_rounds (id),
  org_id INTEGER NOT NULL REFERENCES organizations (id),
  submitted_by INTEGER REFERENCES accounts (id),
  source TEXT NOT NULL DEFAULT 'applied' CHECK (source IN ('applied', 'granted')),
  status TEXT NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'passed', 'failed',
    'publicity', 'approved', 'rejected', 'withdrawn')),
  amount_requested BIGINT NOT NULL DEFAULT 0,
  amount_approved BIGINT NOT NULL DEFAULT 0,
  note TEXT NOT NULL DEFAULT '',
  precheck TEXT NOT NULL DEFAULT '[]',
  precheck_ok INTEGER NOT NULL DEFAULT 0,
  scores TEXT,
  score_total INTEGER,
  review_comment TEXT,
  reviewed_by INTEGER REFERENCES accounts (id),
  reviewed_on TEXT,
  decided_on TEXT,
  decision_note TEXT,
  submitted_on TEXT NOT NULL,
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (round_id, org_id)
);
CREATE INDEX policy_applications_round ON policy_applications (round_id, status);
CREATE INDEX policy_applications_org ON policy_applications (org_id);
CREATE TABLE policy_payments (
  id INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES policy_applications (id),
  amount BIGINT NOT NULL CHECK (amount > 0),
  paid_on TEXT NOT NULL,
  voucher TEXT NOT NULL,
  recorded_by INTEGER REFERENCES accounts (id),
  at BIGINT NOT NULL
);
CREATE INDEX policy_payments_application ON policy_payments (application_id);
