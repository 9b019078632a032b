// Moved to @/utils/chinaTime.js (China time is every page's, not the incubator's); this
// re-export keeps the incubator's imports until they are switched over.
export * from '@/utils/chinaTime.js'
