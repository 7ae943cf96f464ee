import { schemas } from '@hamkor/domain';

/** The reply schemas are the domain's, so the web reads the same shapes. */
export const caseOut = schemas.caseOut;
export const caseloadItemOut = schemas.caseloadItemOut;
export const timelineEventOut = schemas.timelineEventOut;
