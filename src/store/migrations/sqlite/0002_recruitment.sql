-- Recruitment: dictionaries, students, positions, applications, consent.
ALTER TABLE organizations ADD COLUMN campus TEXT;
ALTER TABLE organizations ADD COLUMN city_code TEXT;
ALTER TABLE organizations ADD COLUMN college_type TEXT;
ALTER TABLE organizations ADD COLUMN industry_code TEXT;
ALTER TABLE organizations ADD COLUMN in_zone INTEGER NOT NULL DEFAULT 0;
ALTER TABLE organizations ADD COLUMN size TEXT;

CREATE TABLE dict_meta (name TEXT PRIMARY KEY, digest TEXT NOT NULL);
CREATE TABLE dict_majors (code TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL,
                          parent TEXT);
CREATE TABLE dict_industries (code TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL,
                              parent TEXT);
CREATE TABLE dict_skills (id TEXT PRIMARY KEY, name TEXT NOT NULL, grp TEXT NOT NULL,
                          aliases TEXT NOT NULL DEFAULT '');
CREATE TABLE dict_certificates (id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL);
CREATE TABLE dict_cities (code TEXT PRIMARY KEY, name TEXT NOT NULL, province TEXT NOT NULL);

CREATE TABLE students (
  id INTEGER PRIMARY KEY,
  account_id INTEGER UNIQUE REFERENCES accounts (id),
  college_id INTEGER NOT NULL REFERENCES organizations (id),
  student_no TEXT NOT NULL,
  name TEXT NOT NULL,
  gender TEXT CHECK (gender IN ('男', '女')),
  major_code TEXT,
  grad_year INTEGER,
  degree INTEGER NOT NULL DEFAULT 2 CHECK (degree BETWEEN 1 AND 3),
  skills TEXT NOT NULL DEFAULT '[]',
  tags TEXT NOT NULL DEFAULT '[]',
  certificates TEXT NOT NULL DEFAULT '[]',
  cities TEXT NOT NULL DEFAULT '[]',
  salary_min INTEGER,
  salary_max INTEGER,
  resume TEXT,
  discoverable INTEGER NOT NULL DEFAULT 0,
  personalised INTEGER NOT NULL DEFAULT 1,
  phone_enc TEXT,
  phone_masked TEXT,
  id_number_enc TEXT,
  id_number_masked TEXT,
  closed_at BIGINT,
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (college_id, student_no)
);
CREATE INDEX students_major ON students (major_code, grad_year);
CREATE INDEX students_college ON students (college_id, grad_year);
CREATE TABLE student_skills (
  student_id INTEGER NOT NULL REFERENCES students (id) ON DELETE CASCADE,
  skill_id TEXT NOT NULL,
  PRIMARY KEY (student_id, skill_id)
);
CREATE INDEX student_skills_skill ON student_skills (skill_id);

CREATE TABLE positions (
  id INTEGER PRIMARY KEY,
  enterprise_id INTEGER NOT NULL REFERENCES organizations (id),
  title TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('全职', '实习', '见习')),
  min_degree INTEGER NOT NULL DEFAULT 1 CHECK (min_degree BETWEEN 1 AND 3),
  headcount INTEGER NOT NULL CHECK (headcount >= 1),
  salary_min INTEGER,
  salary_max INTEGER,
  city_code TEXT,
  address TEXT,
  description TEXT NOT NULL DEFAULT '',
  deadline BIGINT,
  grad_year_min INTEGER,
  grad_year_max INTEGER,
  status TEXT NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'pending', 'open', 'closed', 'rejected')),
  reject_reason TEXT,
  search_text TEXT NOT NULL DEFAULT '',
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX positions_status ON positions (status, id);
CREATE INDEX positions_enterprise ON positions (enterprise_id, status);
CREATE INDEX positions_salary ON positions (status, salary_max, id);
CREATE TABLE position_majors (
  position_id INTEGER NOT NULL REFERENCES positions (id) ON DELETE CASCADE,
  major_code TEXT NOT NULL,
  PRIMARY KEY (position_id, major_code)
);
CREATE INDEX position_majors_code ON position_majors (major_code);
CREATE TABLE position_skills (
  position_id INTEGER NOT NULL REFERENCES positions (id) ON DELETE CASCADE,
  skill_id TEXT NOT NULL,
  required INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (position_id, skill_id)
);
CREATE VIRTUAL TABLE positions_fts USING fts5 (search_text, content = 'positions',
  content_rowid = 'id', tokenize = 'trigram');
CREATE TRIGGER positions_fts_ai AFTER INSERT ON positions BEGIN
  INSERT INTO positions_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER positions_fts_ad AFTER DELETE ON positions BEGIN
  INSERT INTO positions_fts (positions_fts, rowid, search_text)
  VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER positions_fts_au AFTER UPDATE OF search_text ON positions BEGIN
  INSERT INTO positions_fts (positions_fts, rowid, search_text)
  VALUES ('delete', old.id, old.search_text);
  INSERT INTO positions_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;

CREATE TABLE applications (
  id INTEGER PRIMARY KEY,
  student_id INTEGER NOT NULL REFERENCES students (id),
  position_id INTEGER NOT NULL REFERENCES positions (id),
  enterprise_id INTEGER NOT NULL REFERENCES organizations (id),
  status TEXT NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'viewed',
    'interview', 'offered', 'accepted', 'rejected', 'withdrawn')),
  note TEXT,
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (student_id, position_id)
);
CREATE INDEX applications_position ON applications (position_id, status);
CREATE INDEX applications_enterprise ON applications (enterprise_id, status);
CREATE TABLE application_events (
  id INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES applications (id),
  from_status TEXT,
  to_status TEXT NOT NULL,
  actor_id INTEGER,
  at BIGINT NOT NULL,
  note TEXT
);
CREATE INDEX application_events_app ON application_events (application_id, id);

CREATE TABLE consents (
  id INTEGER PRIMARY KEY,
  student_id INTEGER NOT NULL REFERENCES students (id),
  kind TEXT NOT NULL CHECK (kind IN ('apply', 'discoverable')),
  enterprise_id INTEGER,
  text_version TEXT NOT NULL,
  granted_at BIGINT NOT NULL,
  withdrawn_at BIGINT
);
CREATE INDEX consents_student ON consents (student_id, kind);
