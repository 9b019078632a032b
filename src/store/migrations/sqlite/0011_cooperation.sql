-- School–enterprise cooperation (校企合作) and internships (岗位实习), issue 12.
-- The rules and state machines are in src/domain/coop.h and internship.h.
-- Calendar dates (terms, due dates, birthdays, weeks) are TEXT 'YYYY-MM-DD',
-- which sorts and compares as dates on both backends; instants are epoch
-- seconds as everywhere else.

-- 供需: enterprises' needs and colleges' offers, searchable in Chinese.
CREATE TABLE coop_listings (
  id INTEGER PRIMARY KEY,
  side TEXT NOT NULL CHECK (side IN ('need', 'offer')),
  org_id INTEGER NOT NULL REFERENCES organizations (id),
  kind TEXT NOT NULL CHECK (kind IN ('talent', 'tech', 'training', 'equipment', 'order_class',
                                     'graduates', 'lab', 'expertise', 'service')),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  majors TEXT NOT NULL DEFAULT '[]',
  industries TEXT NOT NULL DEFAULT '[]',
  city_code TEXT,
  quantity INTEGER,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  search_text TEXT NOT NULL DEFAULT '',
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_by INTEGER,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX coop_listings_side ON coop_listings (side, status, id);
CREATE INDEX coop_listings_org ON coop_listings (org_id, status);
CREATE VIRTUAL TABLE coop_listings_fts USING fts5 (search_text, content = 'coop_listings',
  content_rowid = 'id', tokenize = 'trigram');
CREATE TRIGGER coop_listings_fts_ai AFTER INSERT ON coop_listings BEGIN
  INSERT INTO coop_listings_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER coop_listings_fts_ad AFTER DELETE ON coop_listings BEGIN
  INSERT INTO coop_listings_fts (coop_listings_fts, rowid, search_text)
  VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER coop_listings_fts_au AFTER UPDATE OF search_text ON coop_listings BEGIN
  INSERT INTO coop_listings_fts (coop_listings_fts, rowid, search_text)
  VALUES ('delete', old.id, old.search_text);
  INSERT INTO coop_listings_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;

-- Uploaded files (visit photos, signed scans) live outside the database,
-- named by their SHA-256; a row says what they are and whose.
CREATE TABLE coop_files (
  id INTEGER PRIMARY KEY,
  owner_type TEXT NOT NULL CHECK (owner_type IN ('visit', 'agreement', 'internship')),
  owner_id INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  mime TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  created_by INTEGER,
  created_at BIGINT NOT NULL
);
CREATE INDEX coop_files_owner ON coop_files (owner_type, owner_id);

-- 双走进: visits both ways.
CREATE TABLE coop_visits (
  id INTEGER PRIMARY KEY,
  direction TEXT NOT NULL CHECK (direction IN ('to_college', 'to_enterprise')),
  enterprise_id INTEGER NOT NULL REFERENCES organizations (id),
  college_id INTEGER NOT NULL REFERENCES organizations (id),
  title TEXT NOT NULL,
  purpose TEXT NOT NULL DEFAULT '',
  place TEXT NOT NULL DEFAULT '',
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  capacity INTEGER NOT NULL DEFAULT 30 CHECK (capacity BETWEEN 1 AND 500),
  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'done', 'cancelled')),
  minutes TEXT,
  minutes_by INTEGER,
  minutes_at BIGINT,
  cancel_reason TEXT,
  created_by INTEGER,
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX coop_visits_starts ON coop_visits (starts_at);
CREATE INDEX coop_visits_enterprise ON coop_visits (enterprise_id, starts_at);
CREATE INDEX coop_visits_college ON coop_visits (college_id, starts_at);
CREATE TABLE coop_visit_people (
  id INTEGER PRIMARY KEY,
  visit_id INTEGER NOT NULL REFERENCES coop_visits (id),
  side TEXT NOT NULL CHECK (side IN ('enterprise', 'college')),
  account_id INTEGER REFERENCES accounts (id),
  name TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  planned INTEGER NOT NULL DEFAULT 0,
  registered_at BIGINT NOT NULL,
  checked_in_at BIGINT,
  checked_in_by INTEGER,
  UNIQUE (visit_id, account_id)
);
CREATE INDEX coop_visit_people_visit ON coop_visit_people (visit_id, id);
CREATE TABLE coop_followups (
  id INTEGER PRIMARY KEY,
  visit_id INTEGER NOT NULL REFERENCES coop_visits (id),
  title TEXT NOT NULL,
  owner_org_id INTEGER NOT NULL REFERENCES organizations (id),
  owner_name TEXT NOT NULL,
  due_on TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  note TEXT,
  done_at BIGINT,
  done_by INTEGER,
  created_by INTEGER,
  created_at BIGINT NOT NULL
);
CREATE INDEX coop_followups_visit ON coop_followups (visit_id, id);
CREATE INDEX coop_followups_due ON coop_followups (status, due_on);

-- 供需对接会: matching meetings and their 1:1 talks.
CREATE TABLE coop_meetings (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  venue TEXT NOT NULL,
  description TEXT,
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  slot_minutes INTEGER NOT NULL DEFAULT 20 CHECK (slot_minutes BETWEEN 5 AND 120),
  status TEXT NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'open', 'closed', 'finished', 'cancelled')),
  created_by INTEGER,
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE coop_meeting_parties (
  meeting_id INTEGER NOT NULL REFERENCES coop_meetings (id),
  org_id INTEGER NOT NULL REFERENCES organizations (id),
  kind TEXT NOT NULL CHECK (kind IN ('college', 'enterprise')),
  tables INTEGER NOT NULL DEFAULT 1 CHECK (tables BETWEEN 1 AND 10),
  joined_at BIGINT NOT NULL,
  PRIMARY KEY (meeting_id, org_id)
);
CREATE TABLE coop_meeting_wishes (
  meeting_id INTEGER NOT NULL REFERENCES coop_meetings (id),
  from_org INTEGER NOT NULL REFERENCES organizations (id),
  to_org INTEGER NOT NULL REFERENCES organizations (id),
  priority INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 9),
  note TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (meeting_id, from_org, to_org)
);
CREATE TABLE coop_talks (
  id INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES coop_meetings (id),
  enterprise_id INTEGER NOT NULL REFERENCES organizations (id),
  college_id INTEGER NOT NULL REFERENCES organizations (id),
  priority INTEGER NOT NULL,
  mutual INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'unplaced'
    CHECK (status IN ('scheduled', 'unplaced', 'held', 'cancelled')),
  slot INTEGER,
  reason TEXT,
  enterprise_interest TEXT CHECK (enterprise_interest IN ('high', 'medium', 'low', 'none')),
  college_interest TEXT CHECK (college_interest IN ('high', 'medium', 'low', 'none')),
  next_step TEXT,
  outcome_at BIGINT,
  outcome_by INTEGER,
  updated_at BIGINT NOT NULL,
  UNIQUE (meeting_id, enterprise_id, college_id)
);
CREATE INDEX coop_talks_college ON coop_talks (meeting_id, college_id);

-- 协议: agreements.  status holds the acts (draft, signed, terminated);
-- active and expired follow from the dates (domain/coop_agreements.h).
CREATE TABLE coop_agreements (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('base', 'research', 'order_class', 'internship_base')),
  title TEXT NOT NULL,
  enterprise_id INTEGER NOT NULL REFERENCES organizations (id),
  college_id INTEGER NOT NULL REFERENCES organizations (id),
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  obligations TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed', 'terminated')),
  signed_on TEXT,
  scan_file_id INTEGER REFERENCES coop_files (id),
  terminated_on TEXT,
  terminate_reason TEXT,
  renewal_of INTEGER REFERENCES coop_agreements (id),
  created_by INTEGER,
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX coop_agreements_enterprise ON coop_agreements (enterprise_id, status);
CREATE INDEX coop_agreements_college ON coop_agreements (college_id, status);
CREATE INDEX coop_agreements_ends ON coop_agreements (status, ends_on);
CREATE TABLE coop_agreement_events (
  id INTEGER PRIMARY KEY,
  agreement_id INTEGER NOT NULL REFERENCES coop_agreements (id),
  action TEXT NOT NULL,
  actor_id INTEGER,
  at BIGINT NOT NULL,
  note TEXT
);
CREATE INDEX coop_agreement_events_agreement ON coop_agreement_events (agreement_id, id);
CREATE TABLE coop_milestones (
  id INTEGER PRIMARY KEY,
  agreement_id INTEGER NOT NULL REFERENCES coop_agreements (id),
  title TEXT NOT NULL,
  due_on TEXT NOT NULL,
  owner_org_id INTEGER NOT NULL REFERENCES organizations (id),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  note TEXT,
  done_at BIGINT,
  done_by INTEGER,
  created_at BIGINT NOT NULL
);
CREATE INDEX coop_milestones_agreement ON coop_milestones (agreement_id, due_on);

-- 订单班: order classes.
CREATE TABLE coop_order_classes (
  id INTEGER PRIMARY KEY,
  agreement_id INTEGER REFERENCES coop_agreements (id),
  enterprise_id INTEGER NOT NULL REFERENCES organizations (id),
  college_id INTEGER NOT NULL REFERENCES organizations (id),
  name TEXT NOT NULL,
  major_code TEXT NOT NULL,
  cohort INTEGER NOT NULL,
  size INTEGER NOT NULL CHECK (size BETWEEN 1 AND 500),
  positions_reserved INTEGER NOT NULL DEFAULT 0 CHECK (positions_reserved >= 0),
  subsidy_yuan INTEGER NOT NULL DEFAULT 0 CHECK (subsidy_yuan >= 0),
  status TEXT NOT NULL DEFAULT 'forming'
    CHECK (status IN ('forming', 'running', 'finished', 'cancelled')),
  finished_at BIGINT,
  created_by INTEGER,
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX coop_order_classes_enterprise ON coop_order_classes (enterprise_id);
CREATE INDEX coop_order_classes_college ON coop_order_classes (college_id);
CREATE TABLE coop_order_class_students (
  class_id INTEGER NOT NULL REFERENCES coop_order_classes (id),
  student_id INTEGER NOT NULL REFERENCES students (id),
  joined_at BIGINT NOT NULL,
  outcome TEXT CHECK (outcome IN ('hired', 'offered', 'not_hired')),
  application_id INTEGER REFERENCES applications (id),
  PRIMARY KEY (class_id, student_id)
);
CREATE INDEX coop_order_class_students_student ON coop_order_class_students (student_id);

-- 岗位实习: the enterprise's staff count, its internship posts, the
-- placements and what happens during them.
CREATE TABLE intern_employers (
  enterprise_id INTEGER PRIMARY KEY REFERENCES organizations (id),
  staff_total INTEGER NOT NULL CHECK (staff_total >= 1),
  updated_by INTEGER,
  updated_at BIGINT NOT NULL
);
CREATE TABLE intern_posts (
  id INTEGER PRIMARY KEY,
  enterprise_id INTEGER NOT NULL REFERENCES organizations (id),
  position_id INTEGER REFERENCES positions (id),
  title TEXT NOT NULL,
  city_code TEXT NOT NULL,
  staff INTEGER NOT NULL CHECK (staff >= 1),
  probation_wage INTEGER NOT NULL CHECK (probation_wage >= 0),
  majors TEXT NOT NULL DEFAULT '[]',
  hazardous INTEGER NOT NULL DEFAULT 0,
  night_shift INTEGER NOT NULL DEFAULT 0,
  overtime INTEGER NOT NULL DEFAULT 0,
  description TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_by INTEGER,
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX intern_posts_enterprise ON intern_posts (enterprise_id, status);
CREATE TABLE internships (
  id INTEGER PRIMARY KEY,
  student_id INTEGER NOT NULL REFERENCES students (id),
  college_id INTEGER NOT NULL REFERENCES organizations (id),
  enterprise_id INTEGER NOT NULL REFERENCES organizations (id),
  post_id INTEGER NOT NULL REFERENCES intern_posts (id),
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  monthly_pay INTEGER NOT NULL CHECK (monthly_pay >= 0),
  pay_cycle TEXT NOT NULL DEFAULT 'monthly'
    CHECK (pay_cycle IN ('weekly', 'semimonthly', 'monthly', 'quarterly', 'end')),
  pay_to TEXT NOT NULL DEFAULT 'student' CHECK (pay_to IN ('student', 'college', 'agent')),
  fees_charged INTEGER NOT NULL DEFAULT 0 CHECK (fees_charged >= 0),
  local_min_wage INTEGER,
  over_six_reason TEXT,
  instructor_id INTEGER REFERENCES accounts (id),
  mentor_id INTEGER REFERENCES accounts (id),
  agreement_signed_on TEXT,
  guardian_consent_on TEXT,
  agreement_file_id INTEGER REFERENCES coop_files (id),
  status TEXT NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'refused', 'active', 'ended', 'cancelled')),
  started_at BIGINT,
  ended_on TEXT,
  end_reason TEXT,
  hired INTEGER,
  application_id INTEGER REFERENCES applications (id),
  created_by INTEGER,
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX internships_student ON internships (student_id, status);
CREATE INDEX internships_college ON internships (college_id, status);
CREATE INDEX internships_enterprise ON internships (enterprise_id, status);
CREATE INDEX internships_post ON internships (post_id, status);
CREATE TABLE intern_refusals (
  id INTEGER PRIMARY KEY,
  internship_id INTEGER NOT NULL REFERENCES internships (id),
  rule TEXT NOT NULL,
  field TEXT,
  message TEXT NOT NULL,
  actor_id INTEGER,
  at BIGINT NOT NULL
);
CREATE INDEX intern_refusals_internship ON intern_refusals (internship_id, id);
CREATE INDEX intern_refusals_rule ON intern_refusals (rule);
CREATE TABLE intern_logs (
  id INTEGER PRIMARY KEY,
  internship_id INTEGER NOT NULL REFERENCES internships (id),
  week_start TEXT NOT NULL,
  done TEXT NOT NULL,
  learned TEXT NOT NULL,
  days_present INTEGER NOT NULL CHECK (days_present BETWEEN 0 AND 7),
  status TEXT NOT NULL DEFAULT 'submitted'
    CHECK (status IN ('submitted', 'confirmed', 'returned')),
  comment TEXT,
  submitted_at BIGINT NOT NULL,
  reviewed_at BIGINT,
  reviewed_by INTEGER,
  UNIQUE (internship_id, week_start)
);
CREATE TABLE intern_visits (
  id INTEGER PRIMARY KEY,
  internship_id INTEGER NOT NULL REFERENCES internships (id),
  visited_on TEXT NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('onsite', 'online')),
  notes TEXT NOT NULL,
  created_by INTEGER,
  created_at BIGINT NOT NULL
);
CREATE INDEX intern_visits_internship ON intern_visits (internship_id, visited_on);
CREATE TABLE intern_evaluations (
  id INTEGER PRIMARY KEY,
  internship_id INTEGER NOT NULL REFERENCES internships (id),
  stage TEXT NOT NULL CHECK (stage IN ('mid', 'final')),
  by_role TEXT NOT NULL CHECK (by_role IN ('mentor', 'instructor')),
  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
  comment TEXT NOT NULL,
  created_by INTEGER,
  created_at BIGINT NOT NULL,
  UNIQUE (internship_id, stage, by_role)
);
CREATE TABLE intern_incidents (
  id INTEGER PRIMARY KEY,
  internship_id INTEGER NOT NULL REFERENCES internships (id),
  kind TEXT NOT NULL CHECK (kind IN ('injury', 'dispute', 'safety', 'other')),
  occurred_on TEXT NOT NULL,
  description TEXT NOT NULL,
  followup TEXT NOT NULL,
  followup_due TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  resolution TEXT,
  reported_by INTEGER,
  reported_at BIGINT NOT NULL,
  closed_by INTEGER,
  closed_at BIGINT
);
CREATE INDEX intern_incidents_internship ON intern_incidents (internship_id, id);
