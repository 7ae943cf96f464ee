export { foldForSearch, nameKey, nameTokens } from './normalise.ts';
export type { MatchReason, PersonLike, PersonMatch } from './score.ts';
export { nameSimilarity, personMatchScore, rememberedNameKey } from './score.ts';
