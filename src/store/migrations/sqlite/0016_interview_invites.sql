-- HR reaching a candidate (issue 14).
--
-- interview_invites: 面试邀请, HR of the application's enterprise invites its
-- student (not the fairs' fair_interviews).  One invitation per application
-- is open at a time (pending, or reschedule: the student asked for another
-- time); a new one supersedes it.  status:
--   pending     awaiting the student's answer
--   accepted    the student accepts (grants contact consent)
--   declined    the student declines (婉拒)
--   reschedule  the student asks for another time (answer_note proposes)
--   cancelled   HR cancelled it, or the application was closed
--   superseded  HR sent a new one (改期)
-- Times are Unix seconds; the page shows them in China time.
CREATE TABLE interview_invites (
  id INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES applications (id),
  enterprise_id INTEGER NOT NULL REFERENCES organizations (id),
  student_id INTEGER NOT NULL REFERENCES students (id),
  starts_at BIGINT NOT NULL,
  minutes INTEGER NOT NULL CHECK (minutes BETWEEN 5 AND 480),
  format TEXT NOT NULL CHECK (format IN ('onsite', 'online', 'phone')),
  place TEXT,
  link TEXT,
  contact_name TEXT NOT NULL,
  contact_phone TEXT NOT NULL,
  note TEXT,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted',
    'declined', 'reschedule', 'cancelled', 'superseded')),
  answer_note TEXT,
  answered_at BIGINT,
  created_by INTEGER REFERENCES accounts (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX interview_invites_application ON interview_invites (application_id);
CREATE INDEX interview_invites_enterprise ON interview_invites (enterprise_id, status, starts_at);
CREATE INDEX interview_invites_student ON interview_invites (student_id, status, starts_at);

-- contact_consents: the student agrees that the HR of this application's
-- enterprise may see their phone number, by accepting an interview
-- invitation (source interview) or an offer (offer).  Withdrawn when the
-- application is withdrawn.  At most one active consent per application.
CREATE TABLE contact_consents (
  id INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES applications (id),
  student_id INTEGER NOT NULL REFERENCES students (id),
  enterprise_id INTEGER NOT NULL REFERENCES organizations (id),
  source TEXT NOT NULL CHECK (source IN ('interview', 'offer')),
  granted_at BIGINT NOT NULL,
  withdrawn_at BIGINT
);
CREATE UNIQUE INDEX contact_consents_active ON contact_consents (application_id)
  WHERE withdrawn_at IS NULL;
