-- Graduates' destinations (毕业去向, issue 14) in the Ministry's categories:
-- contract 协议和合同就业, further_study 升学 (incl. 专升本), flexible 灵活就业,
-- entrepreneurship 自主创业, conscription 应征义务兵, unplaced 待就业/暂不就业.
-- NULL: not recorded; the figures then take an accepted offer on the
-- platform as contract, anything else as unplaced (domain/stats.h).
ALTER TABLE students ADD COLUMN destination TEXT CHECK (destination IN ('contract',
  'further_study', 'flexible', 'entrepreneurship', 'conscription', 'unplaced'));
ALTER TABLE students ADD COLUMN destination_at BIGINT;
