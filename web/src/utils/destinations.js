// The graduates' destination categories (毕业去向) in the order of src/domain/destination.h,
// placed ones first, with the colour each has in cards and charts.
export const DESTINATIONS = [
  { key: 'contract', color: '#2ea043' },
  { key: 'further_study', color: '#1f6feb' },
  { key: 'flexible', color: '#13a8a8' },
  { key: 'entrepreneurship', color: '#e6a23c' },
  { key: 'conscription', color: '#7b61ff' },
  { key: 'unplaced', color: '#909399' },
]
