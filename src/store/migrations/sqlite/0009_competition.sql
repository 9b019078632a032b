-- The entrepreneurship competition (清远高新杯创新创业大赛): editions, tracks,
-- rounds and their score sheets, teams, judges and their conflicts,
-- assignments, scores, results, awards with certificates, appeals.
-- The rules and state machines are in src/domain/competition.h; business
-- plans are files outside the database (src/base/filestore.h), named here
-- by their SHA-256.
CREATE TABLE comp_editions (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  year INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'judging', 'finished')),
  submit_deadline BIGINT NOT NULL,
  endorse_deadline BIGINT NOT NULL,
  min_members INTEGER NOT NULL DEFAULT 1 CHECK (min_members >= 1),
  max_members INTEGER NOT NULL DEFAULT 5 CHECK (max_members >= min_members),
  appeal_days INTEGER NOT NULL DEFAULT 3 CHECK (appeal_days BETWEEN 0 AND 30),
  description TEXT,
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_by INTEGER,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE comp_tracks (
  id INTEGER PRIMARY KEY,
  edition_id INTEGER NOT NULL REFERENCES comp_editions (id),
  name TEXT NOT NULL,
  max_teams INTEGER NOT NULL DEFAULT 0 CHECK (max_teams >= 0),
  sort INTEGER NOT NULL DEFAULT 0,
  UNIQUE (edition_id, name)
);

CREATE TABLE comp_rounds (
  id INTEGER PRIMARY KEY,
  edition_id INTEGER NOT NULL REFERENCES comp_editions (id),
  seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('online', 'roadshow')),
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  per_team INTEGER NOT NULL CHECK (per_team BETWEEN 1 AND 30),
  is_final INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'setup' CHECK (status IN ('setup', 'judging', 'done')),
  seed BIGINT NOT NULL,
  replicates INTEGER NOT NULL DEFAULT 1000,
  slot_seconds INTEGER NOT NULL DEFAULT 480,
  stage_team_id INTEGER,
  timer_started_at BIGINT,
  timer_elapsed INTEGER NOT NULL DEFAULT 0,
  done_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (edition_id, seq)
);

-- Per round and track: how many go on, and (final round) how many prizes.
CREATE TABLE comp_round_tracks (
  round_id INTEGER NOT NULL REFERENCES comp_rounds (id),
  track_id INTEGER NOT NULL REFERENCES comp_tracks (id),
  quota INTEGER NOT NULL DEFAULT 0 CHECK (quota >= 0),
  first_prizes INTEGER NOT NULL DEFAULT 0 CHECK (first_prizes >= 0),
  second_prizes INTEGER NOT NULL DEFAULT 0 CHECK (second_prizes >= 0),
  third_prizes INTEGER NOT NULL DEFAULT 0 CHECK (third_prizes >= 0),
  merit_prizes INTEGER NOT NULL DEFAULT 0 CHECK (merit_prizes >= 0),
  PRIMARY KEY (round_id, track_id)
);

-- The score sheet: criteria with weights adding to 100; anchors as JSON.
CREATE TABLE comp_criteria (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES comp_rounds (id),
  seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  weight INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 100),
  description TEXT,
  anchors TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX comp_criteria_round ON comp_criteria (round_id, seq);

CREATE TABLE comp_teams (
  id INTEGER PRIMARY KEY,
  edition_id INTEGER NOT NULL REFERENCES comp_editions (id),
  track_id INTEGER NOT NULL REFERENCES comp_tracks (id),
  name TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  leader_id INTEGER NOT NULL REFERENCES students (id),
  college_id INTEGER NOT NULL REFERENCES organizations (id),
  sponsor_id INTEGER REFERENCES organizations (id),
  video_url TEXT,
  status TEXT NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'submitted', 'endorsed', 'eligible', 'ineligible', 'in_round',
                      'promoted', 'eliminated', 'awarded', 'withdrawn')),
  round_seq INTEGER NOT NULL DEFAULT 0,
  plan_sha256 TEXT,
  plan_size INTEGER,
  plan_name TEXT,
  plan_at BIGINT,
  reasons TEXT,
  return_reason TEXT,
  submitted_at BIGINT,
  endorsed_at BIGINT,
  endorsed_by INTEGER,
  checked_at BIGINT,
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (edition_id, name)
);
CREATE INDEX comp_teams_edition ON comp_teams (edition_id, status);
CREATE INDEX comp_teams_college ON comp_teams (college_id, edition_id);

CREATE TABLE comp_members (
  team_id INTEGER NOT NULL REFERENCES comp_teams (id),
  student_id INTEGER NOT NULL REFERENCES students (id),
  edition_id INTEGER NOT NULL REFERENCES comp_editions (id),
  is_leader INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('invited', 'accepted', 'declined', 'left')),
  invited_at BIGINT NOT NULL,
  answered_at BIGINT,
  PRIMARY KEY (team_id, student_id)
);
-- One team per student per edition.
CREATE UNIQUE INDEX comp_members_one_team ON comp_members (edition_id, student_id)
  WHERE status = 'accepted';
CREATE INDEX comp_members_student ON comp_members (student_id);

CREATE TABLE comp_advisors (
  id INTEGER PRIMARY KEY,
  team_id INTEGER NOT NULL REFERENCES comp_teams (id),
  seq INTEGER NOT NULL,
  account_id INTEGER REFERENCES accounts (id),
  name TEXT NOT NULL,
  college_id INTEGER REFERENCES organizations (id),
  title TEXT
);
CREATE INDEX comp_advisors_team ON comp_advisors (team_id);
CREATE INDEX comp_advisors_account ON comp_advisors (account_id);

CREATE TABLE comp_team_mentors (
  team_id INTEGER NOT NULL REFERENCES comp_teams (id),
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  PRIMARY KEY (team_id, account_id)
);

CREATE TABLE comp_judges (
  id INTEGER PRIMARY KEY,
  edition_id INTEGER NOT NULL REFERENCES comp_editions (id),
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  college_id INTEGER REFERENCES organizations (id),
  enterprise_id INTEGER REFERENCES organizations (id),
  title TEXT,
  status TEXT NOT NULL DEFAULT 'invited' CHECK (status IN ('invited', 'active', 'declined')),
  invited_at BIGINT NOT NULL,
  answered_at BIGINT,
  UNIQUE (edition_id, account_id)
);

CREATE TABLE comp_judge_tracks (
  judge_id INTEGER NOT NULL REFERENCES comp_judges (id),
  track_id INTEGER NOT NULL REFERENCES comp_tracks (id),
  PRIMARY KEY (judge_id, track_id)
);

-- 回避: declared by the judge, or known to the platform (refreshed).
CREATE TABLE comp_conflicts (
  id INTEGER PRIMARY KEY,
  judge_id INTEGER NOT NULL REFERENCES comp_judges (id),
  team_id INTEGER NOT NULL REFERENCES comp_teams (id),
  source TEXT NOT NULL CHECK (source IN ('declared', 'college', 'advisor', 'mentor', 'sponsor')),
  kind TEXT,
  note TEXT,
  created_at BIGINT NOT NULL,
  UNIQUE (judge_id, team_id, source)
);
CREATE INDEX comp_conflicts_team ON comp_conflicts (team_id);

CREATE TABLE comp_round_teams (
  round_id INTEGER NOT NULL REFERENCES comp_rounds (id),
  team_id INTEGER NOT NULL REFERENCES comp_teams (id),
  stage_order INTEGER,
  outcome TEXT NOT NULL DEFAULT 'pending'
    CHECK (outcome IN ('pending', 'promoted', 'eliminated', 'awarded')),
  raw_mean REAL,
  normalized REAL,
  judges INTEGER,
  rank INTEGER,
  prize TEXT CHECK (prize IN ('first', 'second', 'third', 'merit')),
  revealed_at BIGINT,
  revealed_raw REAL,
  revealed_normalized REAL,
  revealed_judges INTEGER,
  PRIMARY KEY (round_id, team_id)
);
CREATE INDEX comp_round_teams_team ON comp_round_teams (team_id);

CREATE TABLE comp_assignments (
  round_id INTEGER NOT NULL REFERENCES comp_rounds (id),
  team_id INTEGER NOT NULL REFERENCES comp_teams (id),
  judge_id INTEGER NOT NULL REFERENCES comp_judges (id),
  source TEXT NOT NULL CHECK (source IN ('engine', 'manual', 'extra')),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (round_id, team_id, judge_id)
);
CREATE INDEX comp_assignments_judge ON comp_assignments (judge_id, round_id);

-- Marks are tenths of a point per criterion (0..100 for 0..10) as JSON
-- {"criterion_id": tenths}; total_x100 = sum of weight x tenths, exact.
CREATE TABLE comp_scores (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES comp_rounds (id),
  team_id INTEGER NOT NULL REFERENCES comp_teams (id),
  judge_id INTEGER NOT NULL REFERENCES comp_judges (id),
  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
  marks TEXT NOT NULL,
  total_x100 INTEGER NOT NULL,
  complete INTEGER NOT NULL DEFAULT 0,
  comment TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  submitted_at BIGINT,
  amended_at BIGINT,
  amended_by INTEGER,
  amend_reason TEXT,
  UNIQUE (round_id, team_id, judge_id)
);
CREATE INDEX comp_scores_judge ON comp_scores (judge_id, round_id);

CREATE TABLE comp_awards (
  id INTEGER PRIMARY KEY,
  edition_id INTEGER NOT NULL REFERENCES comp_editions (id),
  round_id INTEGER NOT NULL REFERENCES comp_rounds (id),
  track_id INTEGER NOT NULL REFERENCES comp_tracks (id),
  team_id INTEGER NOT NULL UNIQUE REFERENCES comp_teams (id),
  prize TEXT NOT NULL CHECK (prize IN ('first', 'second', 'third', 'merit')),
  rank INTEGER NOT NULL,
  code TEXT NOT NULL UNIQUE,
  names TEXT NOT NULL,
  advisors TEXT NOT NULL,
  issued_at BIGINT NOT NULL,
  seat_offer TEXT,
  seat_status TEXT NOT NULL DEFAULT 'none'
    CHECK (seat_status IN ('none', 'offered', 'accepted', 'declined')),
  seat_offered_at BIGINT,
  seat_answered_at BIGINT
);

CREATE TABLE comp_appeals (
  id INTEGER PRIMARY KEY,
  team_id INTEGER NOT NULL REFERENCES comp_teams (id),
  round_id INTEGER NOT NULL REFERENCES comp_rounds (id),
  author_id INTEGER NOT NULL REFERENCES accounts (id),
  text TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'rejected')),
  reply TEXT,
  created_at BIGINT NOT NULL,
  answered_by INTEGER,
  answered_at BIGINT
);
CREATE UNIQUE INDEX comp_appeals_one_open ON comp_appeals (team_id, round_id)
  WHERE status = 'open';
