-- The Ministry's catalogue of vocational majors (issue 14): all three levels
-- of 职业教育专业目录（2021年）, the operator's later additions (增补专业), and
-- the codes an older catalogue used that had to move.
--   edu_level: zz 中职, gz 高职专科, bk 职业本科 (the rows before this
--     migration were all 高职专科);
--   controlled: 1 for the majors the catalogue marks with K (国家控制专业);
--   origin: 'catalogue' (data/vocational-majors-2021.tsv, reloaded when the
--     file changes), 'addition' (added by the operator, kept across reloads),
--     'retired' (a code of an older catalogue that no new major took over by
--     name; kept so that what still names it shows, until staff pick anew).
ALTER TABLE dict_majors ADD COLUMN edu_level TEXT NOT NULL DEFAULT 'gz'
  CHECK (edu_level IN ('zz', 'gz', 'bk'));
ALTER TABLE dict_majors ADD COLUMN controlled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dict_majors ADD COLUMN origin TEXT NOT NULL DEFAULT 'catalogue'
  CHECK (origin IN ('catalogue', 'addition', 'retired'));
ALTER TABLE dict_majors ADD COLUMN added_year INTEGER;
ALTER TABLE dict_majors ADD COLUMN added_by BIGINT REFERENCES accounts (id);
ALTER TABLE dict_majors ADD COLUMN added_at BIGINT;
DELETE FROM dict_meta WHERE name = 'majors.tsv';
CREATE INDEX dict_majors_name ON dict_majors (name, edu_level);

-- Every code a catalogue reload moved: to the new code of the same name, or
-- to its retired form (old code + '-old') when no major of that name is left.
CREATE TABLE major_code_changes (
  old_code TEXT NOT NULL,
  old_name TEXT NOT NULL,
  new_code TEXT NOT NULL,
  changed_at BIGINT NOT NULL,
  PRIMARY KEY (old_code, changed_at)
);
